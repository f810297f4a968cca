using BenchmarkDotNet.Attributes;
using VmafTiny.Features;
using VmafTiny.Features.Psnr;

namespace VmafTiny.Benchmarks;

/// <summary>
/// PSNR of one 1920x1080 4:2:0 frame pair (luma and both chroma planes: psnr_y, psnr_cb, psnr_cr) per kernel path,
/// through <see cref="PsnrExtractor"/> with an explicit path.
/// Run: dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter '*PsnrKernels*' --job short
/// </summary>
public class PsnrKernelsBenchmark
{
    private const int Width = 1920;
    private const int Height = 1080;
    private byte[] _reference = [];
    private byte[] _distorted = [];
    private PsnrExtractor _scalar = null!;
    private PsnrExtractor _avx2 = null!;
    private PsnrExtractor _avx512 = null!;

    /// <summary>Bits per sample.</summary>
    [Params(8, 10)]
    public int BitDepth { get; set; }

    /// <summary>Builds the synthetic frame pair (chroma planes are half-size synthetic scenes) and the extractors.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var format = new VideoFormat(Width, Height, BitDepth, ChromaFormat.Yuv420);
        var (lumaRef, lumaDis, _) = SyntheticLuma.Make(Width, Height, BitDepth);
        var (chromaRef, chromaDis, _) = SyntheticLuma.Make(Width / 2, Height / 2, BitDepth);
        _reference = [.. lumaRef, .. chromaRef, .. chromaDis];
        _distorted = [.. lumaDis, .. chromaDis, .. chromaRef];
        var options = new PsnrOptions();
        _scalar = new PsnrExtractor(format, options, CpuPath.Scalar);
        _avx2 = new PsnrExtractor(format, options, CpuDispatch.IsSupported(CpuPath.Avx2) ? CpuPath.Avx2 : CpuPath.Scalar);
        _avx512 = new PsnrExtractor(format, options, CpuDispatch.IsSupported(CpuPath.Avx512) ? CpuPath.Avx512 : CpuPath.Scalar);
    }

    /// <summary>The scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public double Scalar() => _scalar.Extract(_reference, _distorted).Y;

    /// <summary>The AVX2 kernels.</summary>
    [Benchmark]
    public double Avx2() => _avx2.Extract(_reference, _distorted).Y;

    /// <summary>The AVX-512 kernels.</summary>
    [Benchmark]
    public double Avx512() => _avx512.Extract(_reference, _distorted).Y;
}
