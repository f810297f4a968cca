using BenchmarkDotNet.Attributes;
using VmafTiny.Features;
using VmafTiny.Features.Vif;

namespace VmafTiny.Benchmarks;

/// <summary>
/// Shared 1080p setup of the per-stage VIF benchmarks (checkasm --bench): the synthetic luma pair of
/// <see cref="SyntheticLuma"/>, its scale-1 images, and one scratch per run.
/// Run: <c>dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter *VifStage* --job short</c>.
/// </summary>
public abstract class VifStageBenchmark
{
    /// <summary>Frame width.</summary>
    protected const int Width = 1920;

    /// <summary>Frame height.</summary>
    protected const int Height = 1080;

    /// <summary>8-bit reference luma.</summary>
    protected byte[] Reference8 { get; private set; } = [];

    /// <summary>8-bit distorted luma.</summary>
    protected byte[] Distorted8 { get; private set; } = [];

    /// <summary>10-bit reference luma.</summary>
    protected ushort[] Reference10 { get; private set; } = [];

    /// <summary>10-bit distorted luma.</summary>
    protected ushort[] Distorted10 { get; private set; } = [];

    /// <summary>Scale-1 reference (960x540, 8.8).</summary>
    protected ushort[] Reference1 { get; } = new ushort[(Width / 2) * (Height / 2)];

    /// <summary>Scale-1 distorted.</summary>
    protected ushort[] Distorted1 { get; } = new ushort[(Width / 2) * (Height / 2)];

    /// <summary>Row buffers.</summary>
    private protected VifScratch Scratch { get; } = new(Width);

    /// <summary>Builds the frames and the scale-1 images.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (Reference8, Distorted8, _) = SyntheticLuma.Make(Width, Height, 8);
        var (r10, d10, _) = SyntheticLuma.Make(Width, Height, 10);
        Reference10 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(r10).ToArray();
        Distorted10 = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(d10).ToArray();
        VifScalar.Instance.SubsampleRd8(Reference8, Distorted8, Width, Width, Height, Reference1, Distorted1, Scratch);
    }

    /// <summary>The kernels of <paramref name="path"/> (the explicit variant, whatever Auto would pick).</summary>
    private protected static IVifKernels Kernels(CpuPath path) => VifExtractor.Select(path);
}

/// <summary>vif_statistic_8 on a 1080p 8-bit pair (scale 0, the hot spot).</summary>
public class VifStageStatistic8Benchmark : VifStageBenchmark
{
    private readonly IVifKernels _avx2 = Kernels(CpuPath.Avx2);
    private readonly IVifKernels _avx512 = Kernels(CpuPath.Avx512);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public double Scalar() => VifScalar.Instance.Statistic8(Reference8, Distorted8, Width, Width, Height, 100.0, Scratch).Score;

    /// <summary>AVX2 kernels.</summary>
    [Benchmark]
    public double Avx2() => _avx2.Statistic8(Reference8, Distorted8, Width, Width, Height, 100.0, Scratch).Score;

    /// <summary>AVX-512 kernels.</summary>
    [Benchmark]
    public double Avx512() => _avx512.Statistic8(Reference8, Distorted8, Width, Width, Height, 100.0, Scratch).Score;
}

/// <summary>vif_statistic_16 at scale 0 of a 1080p 10-bit pair.</summary>
public class VifStageStatistic16Benchmark : VifStageBenchmark
{
    private readonly IVifKernels _avx2 = Kernels(CpuPath.Avx2);
    private readonly IVifKernels _avx512 = Kernels(CpuPath.Avx512);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public double Scalar() => VifScalar.Instance.Statistic16(Reference10, Distorted10, Width, Width, Height, 0, 10, 100.0, Scratch).Score;

    /// <summary>AVX2 kernels.</summary>
    [Benchmark]
    public double Avx2() => _avx2.Statistic16(Reference10, Distorted10, Width, Width, Height, 0, 10, 100.0, Scratch).Score;

    /// <summary>AVX-512 kernels.</summary>
    [Benchmark]
    public double Avx512() => _avx512.Statistic16(Reference10, Distorted10, Width, Width, Height, 0, 10, 100.0, Scratch).Score;
}

/// <summary>subsample_rd_8: 1080p 8-bit to scale 1.</summary>
public class VifStageSubsample8Benchmark : VifStageBenchmark
{
    private readonly IVifKernels _avx2 = Kernels(CpuPath.Avx2);
    private readonly IVifKernels _avx512 = Kernels(CpuPath.Avx512);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar() => VifScalar.Instance.SubsampleRd8(Reference8, Distorted8, Width, Width, Height, Reference1, Distorted1, Scratch);

    /// <summary>AVX2 kernels.</summary>
    [Benchmark]
    public void Avx2() => _avx2.SubsampleRd8(Reference8, Distorted8, Width, Width, Height, Reference1, Distorted1, Scratch);

    /// <summary>AVX-512 kernels.</summary>
    [Benchmark]
    public void Avx512() => _avx512.SubsampleRd8(Reference8, Distorted8, Width, Width, Height, Reference1, Distorted1, Scratch);
}

/// <summary>subsample_rd_16: 1080p 10-bit to scale 1 (the widest 16-bit subsampling).</summary>
public class VifStageSubsample16Benchmark : VifStageBenchmark
{
    private readonly ushort[] _outRef = new ushort[(Width / 2) * (Height / 2)];
    private readonly ushort[] _outDis = new ushort[(Width / 2) * (Height / 2)];
    private readonly IVifKernels _avx2 = Kernels(CpuPath.Avx2);
    private readonly IVifKernels _avx512 = Kernels(CpuPath.Avx512);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar() => VifScalar.Instance.SubsampleRd16(Reference10, Distorted10, Width, Width, Height, 1, 10, _outRef, _outDis, Scratch);

    /// <summary>AVX2 kernels.</summary>
    [Benchmark]
    public void Avx2() => _avx2.SubsampleRd16(Reference10, Distorted10, Width, Width, Height, 1, 10, _outRef, _outDis, Scratch);

    /// <summary>AVX-512 kernels.</summary>
    [Benchmark]
    public void Avx512() => _avx512.SubsampleRd16(Reference10, Distorted10, Width, Width, Height, 1, 10, _outRef, _outDis, Scratch);
}

/// <summary>
/// Whole integer VIF (all four scales) of one 1080p frame per path: the figure to compare with libvmaf's
/// 211 ms (C) and 37 ms (AVX-512) on this machine kind.
/// Run: <c>dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter *VifFrame* --job short</c>.
/// </summary>
public class VifFrameBenchmark
{
    private const int Width = 1920;
    private const int Height = 1080;
    private byte[] _reference = [];
    private byte[] _distorted = [];
    private VifExtractor _scalar = null!;
    private VifExtractor _avx2 = null!;
    private VifExtractor _avx512 = null!;

    /// <summary>Bits per luma sample.</summary>
    [Params(8, 10)]
    public int BitDepth { get; set; }

    /// <summary>Builds the synthetic frame pair and one extractor per path.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_reference, _distorted, _) = SyntheticLuma.Make(Width, Height, BitDepth);
        _scalar = new VifExtractor(Width, Height, BitDepth, CpuPath.Scalar);
        _avx2 = new VifExtractor(Width, Height, BitDepth, CpuPath.Avx2);
        _avx512 = new VifExtractor(Width, Height, BitDepth, CpuPath.Avx512);
    }

    /// <summary>Scalar kernels.</summary>
    [Benchmark(Baseline = true)]
    public VifScores Scalar() => Run(_scalar);

    /// <summary>AVX2 kernels.</summary>
    [Benchmark]
    public VifScores Avx2() => Run(_avx2);

    /// <summary>AVX-512 kernels.</summary>
    [Benchmark]
    public VifScores Avx512() => Run(_avx512);

    private VifScores Run(VifExtractor vif) => vif.Extract(
        new LumaPlane(_reference, Width, Height, Width, BitDepth),
        new LumaPlane(_distorted, Width, Height, Width, BitDepth));
}
