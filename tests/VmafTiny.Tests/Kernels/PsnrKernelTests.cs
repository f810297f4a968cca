using VmafTiny.Features;
using System.Runtime.Intrinsics;
using VmafTiny.Features.Psnr;
using VmafTiny.Features.Simd;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// Differential checks of the PSNR sums: every SIMD variant against <see cref="PsnrScalar"/>, per bit depth, width,
/// height, seed and pattern; at a stride wider than the row, two different kinds of garbage past the width (the
/// kernels must not read there: any sample read would change the sum).
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class PsnrKernelTests
{
    /// <summary>Extra samples per row in the over-read runs (odd, so rows are misaligned too).</summary>
    private const int StrideExtra = 13;

    private static readonly int[] BitDepths = [8, 10, 12, 16];

    /// <summary>Chroma-sized widths (every tail length of both vector widths) and KernelInput's sweep up to 1920.</summary>
    private static readonly int[] Widths = [1, 2, 3, 5, 8, 15, 16, 17, 31, 32, .. KernelInput.Widths];

    /// <summary>
    /// KernelInput's patterns (random against random, flat against random, a 0/max checkerboard against its inverse)
    /// plus all 0 against all max, the largest error every sample can have (at 16 bits e² = 65535², the top of uint32).
    /// </summary>
    private static readonly string[] Patterns = [.. KernelInput.Patterns, "zero-max"];

    /// <summary>xunit MemberData: variant × bit depth × width (heights, seeds and patterns loop inside).</summary>
    public static IEnumerable<object[]> Cases() =>
        from path in new[] { CpuPath.Avx2, CpuPath.Avx512 }
        from bitDepth in BitDepths
        from width in Widths
        select new object[] { path, bitDepth, width };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Sse_matches_scalar(CpuPath path, int bitDepth, int width)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        IPsnrKernels kernels = Variant(path);
        int[] heights = width == 1920 ? [1, 2, 33, 1080] : [1, 2, 33];
        foreach (int height in heights)
        {
            foreach (string pattern in Patterns)
            {
                foreach (int seed in pattern is "random" or "flat" && height < 1080 ? KernelInput.Seeds : KernelInput.Seeds[..1])
                {
                    var (reference, distorted) = Pair(width, height, bitDepth, seed, pattern);
                    string context = $"psnr.sse{(bitDepth == 8 ? 8 : 16)} {path} {width}x{height} {bitDepth}-bit {pattern} seed={seed}";
                    ulong expected = Run(PsnrScalar.Instance, reference, distorted, width, height, bitDepth, width, 0);
                    KernelCheck.Equal(expected, Run(kernels, reference, distorted, width, height, bitDepth, width, 0), context);
                    KernelCheck.Equal(
                        expected,
                        Run(kernels, reference, distorted, width, height, bitDepth, width + StrideExtra, 1),
                        $"{context}, stride {width + StrideExtra} with garbage 1");
                    KernelCheck.Equal(
                        expected,
                        Run(kernels, reference, distorted, width, height, bitDepth, width + StrideExtra, 2),
                        $"{context}, stride {width + StrideExtra} with garbage 2");
                }
            }
        }
    }

    /// <summary>
    /// An 8-bit row of 66100 samples that all differ by 255 sums to 66100 · 65025 &gt; 2^32: libvmaf's uint32 row sum
    /// wraps, and so must every variant (the scalar oracle against the definition, the variants against it).
    /// </summary>
    [SkippableTheory]
    [InlineData(CpuPath.Scalar)]
    [InlineData(CpuPath.Avx2)]
    [InlineData(CpuPath.Avx512)]
    public void Eight_bit_row_sums_wrap_at_32_bits_as_libvmaf_s(CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        const int width = 66100;
        var reference = new byte[width * 2];
        var distorted = new byte[width * 2];
        Array.Fill(distorted, (byte)255);
        distorted[width + 7] = 0;   // the second row differs from the first
        ulong row0 = (ulong)width * 65025, row1 = (ulong)(width - 1) * 65025;
        ulong expected = (uint)row0 + (ulong)(uint)row1;
        Assert.True(row0 > uint.MaxValue, "the case must wrap");
        Assert.Equal(expected, (path == CpuPath.Scalar ? PsnrScalar.Instance : Variant(path)).Sse8(reference, distorted, width, width, 2));
    }

    [SkippableTheory]
    [InlineData(CpuPath.Scalar, "scalar")]
    [InlineData(CpuPath.Avx2, "avx2")]
    [InlineData(CpuPath.Avx512, "avx512")]
    public void Extractor_uses_the_kernels_of_the_requested_path(CpuPath path, string name)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        Assert.Equal(name, new PsnrExtractor(new VideoFormat(64, 48, 8, ChromaFormat.Yuv420), new PsnrOptions(), path).KernelName);
    }

    [Fact]
    public void Auto_uses_the_best_kernels()
    {
        Assert.Equal(CpuDispatch.Name(CpuDispatch.Best), new PsnrExtractor(new VideoFormat(64, 48, 10, ChromaFormat.Yuv420)).KernelName);
    }

    /// <summary>The kernel set of an explicit path, without the extractor's ladder.</summary>
    private static IPsnrKernels Variant(CpuPath path) => path switch
    {
        CpuPath.Avx2 => PsnrSimd<Simd256, Vector256<int>>.Instance,
        CpuPath.Avx512 => PsnrSimd<Simd512, Vector512<int>>.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    private static (ushort[] Reference, ushort[] Distorted) Pair(int width, int height, int bitDepth, int seed, string pattern)
    {
        int max = (1 << bitDepth) - 1;
        switch (pattern)
        {
            case "random":
                return (KernelInput.Plane(width, height, bitDepth, seed), KernelInput.Plane(width, height, bitDepth, seed + 1000));
            case "flat":
                return (KernelInput.Plane(width, height, bitDepth, seed, "flat"), KernelInput.Plane(width, height, bitDepth, seed + 1000));
            case "checker":
                ushort[] checker = KernelInput.Plane(width, height, bitDepth, seed, "checker");
                return (checker, Array.ConvertAll(checker, v => (ushort)(max - v)));
            case "zero-max":
                var full = new ushort[width * height];
                Array.Fill(full, (ushort)max);
                return (new ushort[width * height], full);
            default:
                throw new ArgumentOutOfRangeException(nameof(pattern));
        }
    }

    /// <summary>
    /// Runs one kernel on planes laid out at <paramref name="stride"/>, each span exactly as long as the last row needs;
    /// garbage kind 0 leaves the samples past the width zero, kinds 1 and 2 fill them with different random values
    /// (different in reference and distorted, so a sample read there adds to the sum).
    /// </summary>
    private static ulong Run(IPsnrKernels kernels, ushort[] reference, ushort[] distorted, int width, int height, int bitDepth, int stride, int garbage)
    {
        ushort[] r = Lay(reference, width, height, stride, garbage, 1, bitDepth);
        ushort[] d = Lay(distorted, width, height, stride, garbage, 2, bitDepth);
        return bitDepth == 8
            ? kernels.Sse8(Array.ConvertAll(r, v => (byte)v), Array.ConvertAll(d, v => (byte)v), stride, width, height)
            : kernels.Sse16(r, d, stride, width, height);
    }

    private static ushort[] Lay(ushort[] plane, int width, int height, int stride, int garbage, int salt, int bitDepth)
    {
        var laid = new ushort[((height - 1) * stride) + width];
        var random = new Random((garbage * 7) + salt);
        int limit = bitDepth == 8 ? 256 : 65536;
        for (int y = 0; y < height; y++)
        {
            Array.Copy(plane, y * width, laid, y * stride, width);
            for (int x = width; x < stride && garbage != 0 && (y * stride) + x < laid.Length; x++)
            {
                laid[(y * stride) + x] = (ushort)random.Next(limit);
            }
        }

        return laid;
    }
}
