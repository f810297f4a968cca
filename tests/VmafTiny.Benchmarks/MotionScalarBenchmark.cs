using BenchmarkDotNet.Attributes;
using VmafTiny.Features;
using VmafTiny.Features.Motion;

namespace VmafTiny.Benchmarks;

/// <summary>
/// One 1920x1080 frame of integer motion (the SAD against the previous reference) with the scalar kernels.
/// libvmaf's plain C path takes about 16 ms per frame on this machine kind, its AVX-512 path 1.4 ms.
/// Run: dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter '*MotionScalar*' --job short
/// </summary>
[MemoryDiagnoser]
public class MotionScalarBenchmark
{
    private const int Width = 1920;
    private const int Height = 1080;
    private byte[] _previous = [];
    private byte[] _current = [];
    private MotionExtractor _motion = null!;

    /// <summary>Bits per luma sample.</summary>
    [Params(8, 10)]
    public int BitDepth { get; set; }

    /// <summary>Builds the synthetic pair of consecutive reference frames and the extractor.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_previous, _, _current) = SyntheticLuma.Make(Width, Height, BitDepth);
        _motion = new MotionExtractor(Width, Height, BitDepth, CpuPath.Scalar);
    }

    /// <summary>The SAD score of one frame.</summary>
    [Benchmark]
    public double Sad() => _motion.Sad(
        new LumaPlane(_previous, Width, Height, Width, BitDepth),
        new LumaPlane(_current, Width, Height, Width, BitDepth));
}
