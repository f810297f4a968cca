using BenchmarkDotNet.Attributes;
using VmafTiny.Features;
using VmafTiny.Features.Vif;

namespace VmafTiny.Benchmarks;

/// <summary>
/// One 1920x1080 frame of integer VIF (all four scales) with the scalar kernels. libvmaf's plain C path takes
/// about 211 ms per frame on this machine kind, its AVX-512 path 37 ms (shared/bench/README.md).
/// Run: dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter '*VifScalar*' --job short
/// </summary>
[MemoryDiagnoser]
public class VifScalarBenchmark
{
    private const int Width = 1920;
    private const int Height = 1080;
    private byte[] _reference = [];
    private byte[] _distorted = [];
    private VifExtractor _vif = null!;

    /// <summary>Bits per luma sample.</summary>
    [Params(8, 10)]
    public int BitDepth { get; set; }

    /// <summary>Builds the synthetic frame pair and the extractor.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_reference, _distorted, _) = SyntheticLuma.Make(Width, Height, BitDepth);
        _vif = new VifExtractor(Width, Height, BitDepth, CpuPath.Scalar);
    }

    /// <summary>vif_scale0..3 of one frame.</summary>
    [Benchmark]
    public VifScores Vif() => _vif.Extract(
        new LumaPlane(_reference, Width, Height, Width, BitDepth),
        new LumaPlane(_distorted, Width, Height, Width, BitDepth));
}
