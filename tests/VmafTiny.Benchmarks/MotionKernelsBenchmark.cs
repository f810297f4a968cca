using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using VmafTiny.Features;
using VmafTiny.Features.Motion;
using VmafTiny.Features.Simd;

namespace VmafTiny.Benchmarks;

/// <summary>
/// One 1920x1080 frame of integer motion (the fused blur-and-SAD of a reference pair) per kernel variant, called
/// directly. libvmaf on this machine kind: C ≈ 16 ms, AVX2 ≈ 2.0 ms, AVX-512 ≈ 1.4 ms per frame (digest §10).
/// Run: dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter '*MotionKernels*' --job short
/// </summary>
public class MotionKernelsBenchmark
{
    private const int Width = 1920;
    private const int Height = 1080;
    private byte[] _previous = [];
    private byte[] _current = [];
    private ushort[] _previous16 = [];
    private ushort[] _current16 = [];
    private readonly int[] _row = new int[Width + (2 * MotionTables.FilterHalf)];

    /// <summary>Bits per luma sample.</summary>
    [Params(8, 10)]
    public int BitDepth { get; set; }

    /// <summary>Builds the synthetic pair of consecutive reference frames.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_previous, _, _current) = SyntheticLuma.Make(Width, Height, BitDepth);
        if (BitDepth > 8)
        {
            _previous16 = new ushort[Width * Height];
            _current16 = new ushort[Width * Height];
            Buffer.BlockCopy(_previous, 0, _previous16, 0, _previous.Length);
            Buffer.BlockCopy(_current, 0, _current16, 0, _current.Length);
        }
    }

    /// <summary>The scalar oracle.</summary>
    [Benchmark(Baseline = true)]
    public ulong Scalar() => Run(MotionScalar.Instance);

    /// <summary>The AVX2 kernels.</summary>
    [Benchmark]
    public ulong Avx2() => Run(MotionSimd<Simd256, Vector256<int>>.Instance);

    /// <summary>The AVX-512 kernels.</summary>
    [Benchmark]
    public ulong Avx512() => Run(MotionSimd<Simd512, Vector512<int>>.Instance);

    private ulong Run(IMotionKernels kernels) => BitDepth == 8
        ? kernels.Pipeline8(_previous, Width, _current, Width, Width, Height, _row)
        : kernels.Pipeline16(_previous16, Width, _current16, Width, Width, Height, BitDepth, _row);
}
