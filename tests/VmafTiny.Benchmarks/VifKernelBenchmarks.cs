using BenchmarkDotNet.Attributes;
using VmafTiny.Features;
using System.Runtime.Intrinsics;
using VmafTiny.Features.Simd;
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

    /// <summary>The scalar path's kernels (<see cref="VifScalarFast"/>), against the oracle baseline.</summary>
    private protected static IVifKernels ScalarPath => Kernels(CpuPath.Scalar);
}

/// <summary>vif_statistic_8 on a 1080p 8-bit pair (scale 0, the hot spot).</summary>
public class VifStageStatistic8Benchmark : VifStageBenchmark
{
    private readonly IVifKernels _scalar = ScalarPath;
    private readonly IVifKernels _avx2 = Kernels(CpuPath.Avx2);
    private readonly IVifKernels _avx512 = Kernels(CpuPath.Avx512);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public double Oracle() => VifScalar.Instance.Statistic8(Reference8, Distorted8, Width, Width, Height, 100.0, Scratch).Score;

    /// <summary>The scalar path (<see cref="VifScalarFast"/>).</summary>
    [Benchmark]
    public double Scalar() => _scalar.Statistic8(Reference8, Distorted8, Width, Width, Height, 100.0, Scratch).Score;

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
    private readonly IVifKernels _scalar = ScalarPath;
    private readonly IVifKernels _avx2 = Kernels(CpuPath.Avx2);
    private readonly IVifKernels _avx512 = Kernels(CpuPath.Avx512);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public double Oracle() => VifScalar.Instance.Statistic16(Reference10, Distorted10, Width, Width, Height, 0, 10, 100.0, Scratch).Score;

    /// <summary>The scalar path (<see cref="VifScalarFast"/>).</summary>
    [Benchmark]
    public double Scalar() => _scalar.Statistic16(Reference10, Distorted10, Width, Width, Height, 0, 10, 100.0, Scratch).Score;

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
    private readonly IVifKernels _scalar = ScalarPath;
    private readonly IVifKernels _avx2 = Kernels(CpuPath.Avx2);
    private readonly IVifKernels _avx512 = Kernels(CpuPath.Avx512);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public void Oracle() => VifScalar.Instance.SubsampleRd8(Reference8, Distorted8, Width, Width, Height, Reference1, Distorted1, Scratch);

    /// <summary>The scalar path (<see cref="VifScalarFast"/>).</summary>
    [Benchmark]
    public void Scalar() => _scalar.SubsampleRd8(Reference8, Distorted8, Width, Width, Height, Reference1, Distorted1, Scratch);

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
    private readonly IVifKernels _scalar = ScalarPath;
    private readonly ushort[] _outRef = new ushort[(Width / 2) * (Height / 2)];
    private readonly ushort[] _outDis = new ushort[(Width / 2) * (Height / 2)];
    private readonly IVifKernels _avx2 = Kernels(CpuPath.Avx2);
    private readonly IVifKernels _avx512 = Kernels(CpuPath.Avx512);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public void Oracle() => VifScalar.Instance.SubsampleRd16(Reference10, Distorted10, Width, Width, Height, 1, 10, _outRef, _outDis, Scratch);

    /// <summary>The scalar path (<see cref="VifScalarFast"/>).</summary>
    [Benchmark]
    public void Scalar() => _scalar.SubsampleRd16(Reference10, Distorted10, Width, Width, Height, 1, 10, _outRef, _outDis, Scratch);

    /// <summary>AVX2 kernels.</summary>
    [Benchmark]
    public void Avx2() => _avx2.SubsampleRd16(Reference10, Distorted10, Width, Width, Height, 1, 10, _outRef, _outDis, Scratch);

    /// <summary>AVX-512 kernels.</summary>
    [Benchmark]
    public void Avx512() => _avx512.SubsampleRd16(Reference10, Distorted10, Width, Width, Height, 1, 10, _outRef, _outDis, Scratch);
}

/// <summary>
/// Whole integer VIF (all four scales) of one 1080p frame per path, to compare with libvmaf's single-feature runs
/// timed on the same machine (<c>vmaf -r REF -d DIST --threads 1 --no_prediction --feature vif</c>, less a run's
/// reading cost; README, "On an Intel Xeon").
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

/// <summary>
/// The per-pixel VIF terms (log2 lookups, gain, the double arithmetic) of every pixel of the 1080p 8-bit frame at
/// scale 0, from its (σ1², σ2², σ12): the scalar code against each vector width (the vector runs copy each row's
/// σ values, laid out in the setup as the horizontal filter leaves them, into the kernels' row buffer).
/// </summary>
public class VifStagePixelTermsBenchmark
{
    private int[] _sigma1Sq = [];
    private int[] _sigma2Sq = [];
    private int[] _sigma12 = [];
    private int[][] _rows256 = [];
    private int[][] _rows512 = [];

    private const int Width = 1920;

    /// <summary>
    /// The σ values of every pixel of the synthetic frame, as the scalar oracle computes them, and each row of them laid
    /// out for each width's kernels.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        const int height = 1080;
        var (reference, distorted, _) = SyntheticLuma.Make(Width, height, 8);
        (_sigma1Sq, _sigma2Sq, _sigma12) = VifSigmas.Scale0(reference, distorted, Width, height);
        _rows256 = LayOut<Simd256, Vector256<int>>(height);
        _rows512 = Simd512.IsSupported ? LayOut<Simd512, Vector512<int>>(height) : [];
    }

    /// <summary>Scalar (<see cref="VifScalar.AccumulateSigmas"/>).</summary>
    [Benchmark(Baseline = true)]
    public long Scalar()
    {
        var sums = default(VifScalar.Accumulator);
        for (int i = 0; i < _sigma1Sq.Length; i++)
        {
            VifScalar.AccumulateSigmas(_sigma1Sq[i], _sigma2Sq[i], _sigma12[i], VifTables.Log2, 100.0, ref sums);
        }

        return sums.NumLog + sums.DenLog;
    }

    /// <summary>AVX2 terms.</summary>
    [Benchmark]
    public long Avx2() => Vector<Simd256, Vector256<int>>(_rows256);

    /// <summary>AVX-512 terms.</summary>
    [Benchmark]
    public long Avx512() => Vector<Simd512, Vector512<int>>(_rows512);

    private int[][] LayOut<TSimd, TVector>(int height)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        var rows = new int[height][];
        for (int i = 0; i < height; i++)
        {
            rows[i] = new int[new VifScratch(Width).Sigmas.Length];
            VifSimd<TSimd, TVector>.LayOutSigmas(
                rows[i], _sigma1Sq.AsSpan(i * Width, Width), _sigma2Sq.AsSpan(i * Width, Width), _sigma12.AsSpan(i * Width, Width), Width);
        }

        return rows;
    }

    private static long Vector<TSimd, TVector>(int[][] rows)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        // Row by row, as the kernels run it.
        var sums = default(VifScalar.Accumulator);
        var scratch = new VifScratch(Width);
        foreach (int[] row in rows)
        {
            row.CopyTo(scratch.Sigmas, 0);
            VifSimd<TSimd, TVector>.AddPixelTerms(scratch, Width, 100.0, ref sums);
        }

        return sums.NumLog + sums.DenLog;
    }
}

/// <summary>(σ1², σ2², σ12) of every pixel at scale 0, with the scalar oracle's arithmetic (for the terms benchmark).</summary>
internal static class VifSigmas
{
    /// <summary>The three σ planes of an 8-bit pair.</summary>
    public static (int[] Sigma1Sq, int[] Sigma2Sq, int[] Sigma12) Scale0(byte[] reference, byte[] distorted, int width, int height)
    {
        var s1 = new int[width * height];
        var s2 = new int[width * height];
        var s12 = new int[width * height];
        var scratch = new VifScratch(width);
        ReadOnlySpan<ushort> filter = VifTables.Filter(0);
        int half = filter.Length / 2;
        Span<int> rows = stackalloc int[filter.Length];
        for (int i = 0; i < height; i++)
        {
            VifScalar.RowOffsets(i, half, height, width, rows);
            VifScalar.VerticalStatistic8(reference, distorted, rows, filter, scratch, 0, width);
            VifScalar.MirrorStatisticRows(scratch, width, half);
            for (int j = 0; j < width; j++)
            {
                uint m1 = 0, m2 = 0;
                ulong xx = 0, yy = 0, xy = 0;
                for (int k = 0; k < filter.Length; k++)
                {
                    uint c = filter[k];
                    int o = VifScratch.Pad + j - half + k;
                    m1 += c * scratch.Mu1[o];
                    m2 += c * scratch.Mu2[o];
                    xx += (ulong)c * scratch.Ref[o];
                    yy += (ulong)c * scratch.Dis[o];
                    xy += (ulong)c * scratch.RefDis[o];
                }

                int at = (i * width) + j;
                s1[at] = unchecked((int)((uint)((xx + 32768) >> 16) - (uint)((((ulong)m1 * m1) + 2147483648ul) >> 32)));
                s2[at] = unchecked((int)((uint)((yy + 32768) >> 16) - (uint)((((ulong)m2 * m2) + 2147483648ul) >> 32)));
                s12[at] = unchecked((int)((uint)((xy + 32768) >> 16) - (uint)((((ulong)m1 * m2) + 2147483648ul) >> 32)));
            }
        }

        return (s1, s2, s12);
    }
}
