using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using VmafTiny.Features;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Simd;
using VmafTiny.Tests.Kernels;

namespace VmafTiny.Benchmarks;

/// <summary>
/// The 1080p pair of <see cref="AdmScalarBenchmark"/> (g06 upscaled) and every scale 0 / scale 1 stage input,
/// computed once with <see cref="AdmScalar"/>, for the per-stage benchmarks (checkasm <c>--bench</c>).
/// Run: <c>dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter *Adm* --job short</c>.
/// </summary>
public abstract class AdmStageBenchmark
{
    private protected const int W = AdmScalarBenchmark.Width;
    private protected const int H = AdmScalarBenchmark.Height;

    private protected byte[] Ref8 { get; private set; } = [];

    private protected ushort[] Ref16 { get; private set; } = [];

    private protected AdmScaleGeometry[] G { get; } = new AdmScaleGeometry[4];

    private protected Bands16 Ref0 { get; private set; } = null!;

    private protected Bands16 Dis0 { get; private set; } = null!;

    private protected Bands16 Restored0 { get; private set; } = null!;

    private protected Bands16 Additive0 { get; private set; } = null!;

    private protected Bands16 CsfA0 { get; private set; } = null!;

    private protected Bands16 CsfF0 { get; private set; } = null!;

    private protected short[] Scratch16 { get; private set; } = [];

    private protected int[] RefA1 { get; private set; } = [];

    private protected int[] DisA1 { get; private set; } = [];

    /// <summary>Luma bit depth of the pair (8 or 10).</summary>
    [Params(8, 10)]
    public int BitDepth { get; set; }

    /// <summary>Loads the pair and runs the scalar pipeline once for the stage inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        byte[] reference = AdmScalarBenchmark.Upscaled(AdmScalarBenchmark.Luma(".ref.y4m.gz", out int w, out int h), w, h, BitDepth);
        byte[] distorted = AdmScalarBenchmark.Upscaled(AdmScalarBenchmark.Luma(".dist.y4m.gz", out _, out _), w, h, BitDepth);
        Ref8 = reference;
        Ref16 = BitDepth == 8 ? [] : MemoryMarshal.Cast<byte, ushort>(reference).ToArray();
        int gw = W, gh = H;
        for (int s = 0; s < 4; s++)
        {
            G[s] = new AdmScaleGeometry(s, gw, gh);
            gw = G[s].Width;
            gh = G[s].Height;
        }

        int size = G[0].Width * G[0].Height;
        Ref0 = new Bands16(size, G[0].Width);
        Dis0 = new Bands16(size, G[0].Width);
        Restored0 = new Bands16(size, G[0].Width);
        Additive0 = new Bands16(size, G[0].Width);
        CsfA0 = new Bands16(size, G[0].Width);
        CsfF0 = new Bands16(size, G[0].Width);
        Scratch16 = new short[2 * W];
        AdmScalar k = AdmScalar.Instance;
        Dwt(k, reference, Ref0);
        Dwt(k, distorted, Dis0);
        k.Decouple(Ref0.Bands, Dis0.Bands, G[0], Restored0.Bands, Additive0.Bands);
        k.Csf(Additive0.Bands, G[0], CsfA0.Bands, CsfF0.Bands);
        RefA1 = Array.ConvertAll(Ref0.A, v => (int)v);
        DisA1 = Array.ConvertAll(Dis0.A, v => (int)v);

        int[] refIn = RefA1, disIn = DisA1;
        int inStride = G[0].Width;
        for (int s = 1; s < 4; s++)
        {
            AdmScaleGeometry g = G[s];
            var st = new StageS123(g, refIn, disIn, inStride);
            k.Dwt2S123(refIn, inStride, g, st.Ref.Bands, st.Scratch);
            k.Dwt2S123(disIn, inStride, g, st.Dis.Bands, st.Scratch);
            k.DecoupleS123(st.Ref.Bands, st.Dis.Bands, g, st.Restored.Bands, st.Additive.Bands);
            k.CsfS123(st.Additive.Bands, g, st.CsfA.Bands, st.CsfF.Bands);
            S123[s - 1] = st;
            refIn = st.Ref.A;
            disIn = st.Dis.A;
            inStride = g.Width;
        }
    }

    /// <summary>Scales 1–3 inputs and outputs (index scale − 1).</summary>
    private protected StageS123[] S123 { get; } = new StageS123[3];

    private protected static IAdmKernels Kernels(CpuPath path) => path switch
    {
        CpuPath.Avx2 => AdmSimd<Simd256, Vector256<int>>.Instance,
        CpuPath.Avx512 => AdmSimd<Simd512, Vector512<int>>.Instance,
        _ => AdmScalar.Instance,
    };

    private protected void Dwt(IAdmKernels k, byte[] plane, Bands16 bands)
    {
        if (BitDepth == 8)
        {
            k.Dwt2_8(plane, W, G[0], bands.Bands, Scratch16);
        }
        else
        {
            k.Dwt2_16(MemoryMarshal.Cast<byte, ushort>(plane.AsSpan()), W, BitDepth, G[0], bands.Bands, Scratch16);
        }
    }

    /// <summary>Backing arrays of one int32 band set.</summary>
    private protected sealed class Bands32(int size, int stride)
    {
        public int[] A { get; } = new int[size];

        public int[] Hb { get; } = new int[size];

        public int[] Vb { get; } = new int[size];

        public int[] Db { get; } = new int[size];

        public AdmBands<int> Bands => new(A, Hb, Vb, Db, stride);
    }

    /// <summary>One scale 1–3: its DWT input and every stage's buffers.</summary>
    private protected sealed class StageS123(AdmScaleGeometry g, int[] refInput, int[] disInput, int inputStride)
    {
        public AdmScaleGeometry G { get; } = g;

        public int[] RefInput { get; } = refInput;

        public int[] DisInput { get; } = disInput;

        public int InputStride { get; } = inputStride;

        public int[] Scratch { get; } = new int[2 * g.InputWidth];

        public Bands32 Ref { get; } = new(g.Width * g.Height, g.Width);

        public Bands32 Dis { get; } = new(g.Width * g.Height, g.Width);

        public Bands32 Restored { get; } = new(g.Width * g.Height, g.Width);

        public Bands32 Additive { get; } = new(g.Width * g.Height, g.Width);

        public Bands32 CsfA { get; } = new(g.Width * g.Height, g.Width);

        public Bands32 CsfF { get; } = new(g.Width * g.Height, g.Width);
    }

    /// <summary>Backing arrays of one int16 band set.</summary>
    private protected sealed class Bands16(int size, int stride)
    {
        public short[] A { get; } = new short[size];

        public short[] Hb { get; } = new short[size];

        public short[] Vb { get; } = new short[size];

        public short[] Db { get; } = new short[size];

        public AdmBands<short> Bands => new(A, Hb, Vb, Db, stride);
    }
}

/// <summary>Scale 0 DWT of one 1080p image.</summary>
public class AdmDwtBenchmark : AdmStageBenchmark
{
    private readonly Bands16 _out = new(960 * 540, 960);

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar() => Dwt(Kernels(CpuPath.Scalar), Ref8, _out);

    /// <summary>AVX2.</summary>
    [Benchmark]
    public void Avx2() => Dwt(Kernels(CpuPath.Avx2), Ref8, _out);

    /// <summary>AVX-512.</summary>
    [Benchmark]
    public void Avx512() => Dwt(Kernels(CpuPath.Avx512), Ref8, _out);
}

/// <summary>Scale 0 decouple of a 1080p pair, at libvmaf's default gain limit (100), NEG's (1) and a fractional one.</summary>
public class AdmDecoupleBenchmark : AdmStageBenchmark
{
    /// <summary>adm_enhn_gain_limit.</summary>
    [Params(100.0, 1.0, 1.5)]
    public double GainLimit { get; set; }

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar() => Run(CpuPath.Scalar);

    /// <summary>AVX2.</summary>
    [Benchmark]
    public void Avx2() => Run(CpuPath.Avx2);

    /// <summary>AVX-512.</summary>
    [Benchmark]
    public void Avx512() => Run(CpuPath.Avx512);

    private void Run(CpuPath path) => Kernels(path).Decouple(Ref0.Bands, Dis0.Bands, G[0], Restored0.Bands, Additive0.Bands, GainLimit);
}

/// <summary>Scale 0 CSF and denominator of a 1080p pair.</summary>
public class AdmCsfBenchmark : AdmStageBenchmark
{
    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public ulong Scalar() => Run(CpuPath.Scalar).H;

    /// <summary>AVX2.</summary>
    [Benchmark]
    public ulong Avx2() => Run(CpuPath.Avx2).H;

    /// <summary>AVX-512.</summary>
    [Benchmark]
    public ulong Avx512() => Run(CpuPath.Avx512).H;

    private AdmDenSums Run(CpuPath path)
    {
        IAdmKernels k = Kernels(path);
        k.Csf(Additive0.Bands, G[0], CsfA0.Bands, CsfF0.Bands);
        return k.CsfDen(Ref0.Bands, G[0]);
    }
}

/// <summary>Scale 0 contrast masking of a 1080p pair.</summary>
public class AdmCmBenchmark : AdmStageBenchmark
{
    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public long Scalar() => Kernels(CpuPath.Scalar).Cm(Restored0.Bands, CsfA0.Bands, CsfF0.Bands, G[0]).H;

    /// <summary>AVX2.</summary>
    [Benchmark]
    public long Avx2() => Kernels(CpuPath.Avx2).Cm(Restored0.Bands, CsfA0.Bands, CsfF0.Bands, G[0]).H;

    /// <summary>AVX-512.</summary>
    [Benchmark]
    public long Avx512() => Kernels(CpuPath.Avx512).Cm(Restored0.Bands, CsfA0.Bands, CsfF0.Bands, G[0]).H;
}

/// <summary>Scales 1–3 stages of a 1080p pair, summed over the three scales, one benchmark per stage and path.</summary>
public class AdmS123Benchmark : AdmStageBenchmark
{
    /// <summary>The stage: dwt (both images), decouple, csf (CSF + denominator) or cm.</summary>
    [Params("dwt", "decouple", "csf", "cm")]
    public string Stage { get; set; } = "dwt";

    /// <summary>Scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public long Scalar() => Run(CpuPath.Scalar);

    /// <summary>AVX2.</summary>
    [Benchmark]
    public long Avx2() => Run(CpuPath.Avx2);

    /// <summary>AVX-512.</summary>
    [Benchmark]
    public long Avx512() => Run(CpuPath.Avx512);

    private long Run(CpuPath path)
    {
        IAdmKernels k = Kernels(path);
        long result = 0;
        foreach (StageS123 st in S123)
        {
            AdmScaleGeometry g = st.G;
            switch (Stage)
            {
                case "dwt":
                    k.Dwt2S123(st.RefInput, st.InputStride, g, st.Ref.Bands, st.Scratch);
                    k.Dwt2S123(st.DisInput, st.InputStride, g, st.Dis.Bands, st.Scratch);
                    break;
                case "decouple":
                    k.DecoupleS123(st.Ref.Bands, st.Dis.Bands, g, st.Restored.Bands, st.Additive.Bands);
                    break;
                case "csf":
                    k.CsfS123(st.Additive.Bands, g, st.CsfA.Bands, st.CsfF.Bands);
                    result += (long)k.CsfDenS123(st.Ref.Bands, g).H;
                    break;
                default:
                    result += k.CmS123(st.Restored.Bands, st.CsfA.Bands, st.CsfF.Bands, g).H;
                    break;
            }
        }

        return result;
    }
}

/// <summary>Whole ADM (both images, all scales, float finishing) per 1080p frame on each path.</summary>
public class AdmFrameBenchmark
{
    private byte[] _reference = [];
    private byte[] _distorted = [];
    private AdmExtractor _scalar = null!;
    private AdmExtractor _avx2 = null!;
    private AdmExtractor _avx512 = null!;

    /// <summary>Luma bit depth of the pair.</summary>
    [Params(8, 10)]
    public int BitDepth { get; set; }

    /// <summary>Loads the pair and builds one extractor per path.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _reference = AdmScalarBenchmark.Upscaled(AdmScalarBenchmark.Luma(".ref.y4m.gz", out int w, out int h), w, h, BitDepth);
        _distorted = AdmScalarBenchmark.Upscaled(AdmScalarBenchmark.Luma(".dist.y4m.gz", out _, out _), w, h, BitDepth);
        _scalar = new AdmExtractor(AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, BitDepth, CpuPath.Scalar);
        _avx2 = new AdmExtractor(AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, BitDepth, CpuPath.Avx2);
        _avx512 = new AdmExtractor(AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, BitDepth, CpuPath.Avx512);
    }

    /// <summary>Scalar kernels.</summary>
    [Benchmark(Baseline = true)]
    public double Scalar() => Run(_scalar);

    /// <summary>AVX2 kernels.</summary>
    [Benchmark]
    public double Avx2() => Run(_avx2);

    /// <summary>AVX-512 kernels.</summary>
    [Benchmark]
    public double Avx512() => Run(_avx512);

    private double Run(AdmExtractor adm) => adm.Extract(
        new LumaPlane(_reference, AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, AdmScalarBenchmark.Width, BitDepth),
        new LumaPlane(_distorted, AdmScalarBenchmark.Width, AdmScalarBenchmark.Height, AdmScalarBenchmark.Width, BitDepth));
}
