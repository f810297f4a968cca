using System.Runtime.Intrinsics;
using VmafTiny.Features;
using VmafTiny.Features.Motion;
using VmafTiny.Features.Simd;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// Differential checks of the motion pipelines: every SIMD variant against <see cref="MotionScalar"/>, per bit depth,
/// width, height, seed and pattern; with a row buffer guard and, at a stride wider than the row, two different kinds
/// of garbage past the width (over-reads must not change the SAD).
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class MotionKernelTests
{
    /// <summary>Row-buffer elements past width + 4 that no kernel may write.</summary>
    private const int Guard = 24;

    private const int Sentinel = 0x5A5A5A5A;

    /// <summary>Extra samples per row in the over-read runs (odd, so rows are misaligned too).</summary>
    private const int StrideExtra = 13;

    private static readonly int[] BitDepths = [8, 10, 12, 16];

    /// <summary>
    /// KernelInput's patterns (previous random, flat or a 0/max checkerboard; see <see cref="Pair"/>), plus two that
    /// reach the kernels' range limits: every column ±max down the whole frame (so |row value| is maximal, and
    /// neighbouring columns differ by up to 2·65535), and previous = 0 against current = max.
    /// </summary>
    private static readonly string[] Patterns = [.. KernelInput.Patterns, "columns", "zero-max"];

    /// <summary>xunit MemberData: variant × bit depth × width (heights, seeds and patterns loop inside).</summary>
    public static IEnumerable<object[]> Cases()
    {
        foreach (CpuPath path in new[] { CpuPath.Avx2, CpuPath.Avx512 })
        {
            foreach (int bitDepth in BitDepths)
            {
                foreach (int width in KernelInput.Widths)
                {
                    yield return [path, bitDepth, width];
                }
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Pipeline_matches_scalar(CpuPath path, int bitDepth, int width)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        IMotionKernels kernels = Variant(path);
        int[] heights = width == 1920 ? [33, 34, 40, 1080] : [33, 34, 40];
        foreach (int height in heights)
        {
            foreach (string pattern in Patterns)
            {
                // Only the random and flat-against-random pairs depend on the seed; 1080 rows take one (time budget).
                foreach (int seed in pattern is "random" or "flat" && height < 1080 ? KernelInput.Seeds : KernelInput.Seeds[..1])
                {
                    var (previous, current) = Pair(width, height, bitDepth, seed, pattern);
                    string context = $"motion.pipeline{(bitDepth == 8 ? 8 : 16)} {path} {width}x{height} {bitDepth}-bit {pattern} seed={seed}";
                    ulong expected = Run(MotionScalar.Instance, previous, current, width, height, bitDepth, width, 0);
                    KernelCheck.Equal(expected, Run(kernels, previous, current, width, height, bitDepth, width, 0), context);
                    KernelCheck.Equal(
                        expected,
                        Run(kernels, previous, current, width, height, bitDepth, width + StrideExtra, 1),
                        $"{context}, stride {width + StrideExtra} with garbage 1");
                    KernelCheck.Equal(
                        expected,
                        Run(kernels, previous, current, width, height, bitDepth, width + StrideExtra, 2),
                        $"{context}, stride {width + StrideExtra} with garbage 2");
                }
            }
        }
    }

    /// <summary>
    /// 10- and 12-bit planes whose samples go up to 65535 (a 12- or 16-bit file read as 10-bit): the row values then
    /// reach 65535·2^(16−bpc), beyond the SIMD horizontal blur's int32 arithmetic; libvmaf's C blurs them in int64,
    /// and the SIMD kernels once overflowed (motion2 165.43 where libvmaf has 162.05).
    /// </summary>
    [SkippableTheory]
    [InlineData(CpuPath.Avx2, 10)]
    [InlineData(CpuPath.Avx2, 12)]
    [InlineData(CpuPath.Avx512, 10)]
    [InlineData(CpuPath.Avx512, 12)]
    public void Pipeline_matches_scalar_on_samples_above_the_bit_depth(CpuPath path, int bitDepth)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        IMotionKernels kernels = Variant(path);
        foreach (int width in new[] { 33, 64, 97, 130 })
        {
            foreach (int seed in KernelInput.Seeds)
            {
                ushort[] previous = KernelInput.Plane(width, 34, 16, seed);
                ushort[] current = KernelInput.Plane(width, 34, 16, seed + 1000);
                string context = $"motion.pipeline16 {path} {width}x34 16-bit samples read as {bitDepth}-bit seed={seed}";
                ulong expected = Run(MotionScalar.Instance, previous, current, width, 34, bitDepth, width, 0);
                KernelCheck.Equal(expected, Run(kernels, previous, current, width, 34, bitDepth, width, 0), context);
                KernelCheck.Equal(expected, Run(kernels, previous, current, width, 34, bitDepth, width + StrideExtra, 1), $"{context}, stride {width + StrideExtra}");

                // In range but for the last column, which the SIMD kernels' scalar tail computes at most widths.
                previous = KernelInput.Plane(width, 34, bitDepth, seed);
                current = KernelInput.Plane(width, 34, bitDepth, seed + 1000);
                for (int y = 0; y < 34; y++)
                {
                    current[(y * width) + width - 1] = (ushort)(y % 2 == 0 ? 65535 : 0);
                }

                expected = Run(MotionScalar.Instance, previous, current, width, 34, bitDepth, width, 0);
                KernelCheck.Equal(expected, Run(kernels, previous, current, width, 34, bitDepth, width, 0), $"{context}, last column only");
            }
        }
    }

    /// <summary>The SIMD kernels' regrouped arithmetic (MotionSimd's remarks) holds only for this shape of filter.</summary>
    [Fact]
    public void Filter_is_symmetric_sums_to_65536_and_its_inner_tap_divides_by_4()
    {
        ReadOnlySpan<int> f = MotionTables.Filter;
        Assert.Equal(5, f.Length);
        Assert.Equal(f[0], f[4]);
        Assert.Equal(f[1], f[3]);
        Assert.Equal(0, f[1] % 4);
        Assert.Equal(65536, f[0] + f[1] + f[2] + f[3] + f[4]);
        Assert.True(f[0] <= short.MaxValue && f[1] <= short.MaxValue && f[2] <= short.MaxValue, "taps must fit vpmaddwd's int16");
    }

    [SkippableTheory]
    [InlineData(CpuPath.Scalar, "scalar")]
    [InlineData(CpuPath.Avx2, "avx2")]
    [InlineData(CpuPath.Avx512, "avx512")]
    public void Extractor_uses_the_kernels_of_the_requested_path(CpuPath path, string name)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        Assert.Equal(name, new MotionExtractor(64, 48, 8, path).KernelName);
        Assert.Equal(name, new MotionExtractor(64, 48, 10, path).KernelName);
    }

    [Fact]
    public void Auto_uses_the_best_kernels()
    {
        string best = CpuDispatch.Best switch
        {
            CpuPath.Avx512 => "avx512",
            CpuPath.Avx2 => "avx2",
            _ => "scalar",
        };
        Assert.Equal(best, new MotionExtractor(64, 48, 8, CpuPath.Auto).KernelName);
    }

    /// <summary>The kernel set of an explicit path, without the extractor's ladder.</summary>
    private static IMotionKernels Variant(CpuPath path) => path switch
    {
        CpuPath.Avx2 => MotionSimd<Simd256, Vector256<int>>.Instance,
        CpuPath.Avx512 => MotionSimd<Simd512, Vector512<int>>.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    /// <summary>
    /// Previous and current planes of a case: random against another random plane, flat against random, a 0/max
    /// checkerboard against its inverse, random ±max columns against their inverse, or all 0 against all max.
    /// </summary>
    private static (ushort[] Previous, ushort[] Current) Pair(int width, int height, int bitDepth, int seed, string pattern)
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
            case "columns":
                var random = new Random(seed);
                ushort[] top = Enumerable.Range(0, width).Select(_ => (ushort)(random.Next(2) * max)).ToArray();
                var previous = new ushort[width * height];
                for (int y = 0; y < height; y++)
                {
                    top.CopyTo(previous, y * width);
                }

                return (previous, Array.ConvertAll(previous, v => (ushort)(max - v)));
            case "zero-max":
                var full = new ushort[width * height];
                Array.Fill(full, (ushort)max);
                return (new ushort[width * height], full);
            default:
                throw new ArgumentOutOfRangeException(nameof(pattern));
        }
    }

    /// <summary>
    /// Runs one pipeline on planes laid out at <paramref name="stride"/>; garbage kind 0 leaves the samples past the
    /// width zero, kinds 1 and 2 fill them with different random values. Checks the row buffer's guard.
    /// </summary>
    private static ulong Run(IMotionKernels kernels, ushort[] previous, ushort[] current, int width, int height, int bitDepth, int stride, int garbage)
    {
        int[] row = new int[width + (2 * MotionTables.FilterHalf) + Guard];
        Array.Fill(row, Sentinel);
        ushort[] p = Lay(previous, width, height, stride, garbage, 1);
        ushort[] c = Lay(current, width, height, stride, garbage, 2);
        ulong sad = bitDepth == 8
            ? kernels.Pipeline8(Array.ConvertAll(p, v => (byte)v), stride, Array.ConvertAll(c, v => (byte)v), stride, width, height, row)
            : kernels.Pipeline16(p, stride, c, stride, width, height, bitDepth, row);
        int written = width + (2 * MotionTables.FilterHalf);
        Assert.True(Array.TrueForAll(row[written..], v => v == Sentinel), $"{kernels.Name} wrote past the row buffer's {written} entries");
        return sad;
    }

    private static ushort[] Lay(ushort[] plane, int width, int height, int stride, int garbage, int salt)
    {
        var laid = new ushort[stride * height];
        var random = new Random((garbage * 7) + salt);
        for (int y = 0; y < height; y++)
        {
            Array.Copy(plane, y * width, laid, y * stride, width);
            for (int x = width; x < stride && garbage != 0; x++)
            {
                laid[(y * stride) + x] = (ushort)random.Next(65536);
            }
        }

        return laid;
    }
}
