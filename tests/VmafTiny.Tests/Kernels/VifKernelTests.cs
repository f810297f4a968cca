using System.Runtime.Intrinsics;
using VmafTiny.Features;
using VmafTiny.Features.Simd;
using VmafTiny.Features.Vif;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// checkasm for VIF: every stage of every SIMD variant against <see cref="VifScalar"/>, over widths with all
/// tail lengths (and 1080p), heights 33/34/40, bit depths 8/10/12/16, seeds and patterns. Each case runs the
/// variant twice with different garbage past the logical width and below the last row (over-read must not change
/// anything) and compares the whole output allocation (guards included), so a write outside the written region
/// shows too. Statistics also compare the last image row's vertical pass, mirrored aprons included: the scalar
/// oracle's uint32 rows against the SIMD kernels' biased word rows (<see cref="VifScratch.Words"/>), decoded.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class VifKernelTests
{
    /// <summary>Every path's kernels; "scalar" runs <see cref="VifScalarFast"/>, held to the oracle like the others.</summary>
    private static readonly CpuPath[] Paths = [CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512];
    private static readonly int[] Heights = [33, 34, 40];
    private static readonly int[] Depths = [8, 10, 12, 16];

    /// <summary>Extra samples per row past the logical width, and after the last row.</summary>
    private const int Slack = 24;

    /// <summary>Guard elements after each subsampled output.</summary>
    private const int Guard = 19;

    /// <summary>
    /// The harness widths plus widths under one or two registers (the subsampled scales of small frames), which the
    /// SIMD kernels hand to the scalar code whole.
    /// </summary>
    private static readonly int[] Widths = [12, 17, 24, 31, .. KernelInput.Widths];

    /// <summary>path, width (the other dimensions are swept inside a case).</summary>
    public static IEnumerable<object[]> PathWidths() =>
        from path in Paths from w in Widths select new object[] { path, w };

    /// <summary>
    /// path, scale 0's square-sum form, width: each SIMD path in both forms (<see cref="VerticalSquares"/>: the CPU runs
    /// one, both must equal the oracle), the scalar path once.
    /// </summary>
    public static IEnumerable<object[]> PathSquaresWidths() =>
        from path in Paths
        from squares in path == CpuPath.Scalar ? [nameof(VerticalSquares.Words)] : new[] { nameof(VerticalSquares.Words), nameof(VerticalSquares.Dwords) }
        from w in Widths
        select new object[] { path, squares, w };

    /// <summary>path, bit depth or source scale, width.</summary>
    public static IEnumerable<object[]> PathModeWidths() =>
        from path in Paths from mode in Modes from w in Widths select new object[] { path, mode, w };

    /// <summary>
    /// 16-bit modes: "s0bN" is scale 0 of N-bit luma; "s1".."s3" are the subsampled scales (full 16-bit data).
    /// For subsampling the same names mean "produce scale 1 from N-bit luma" and "produce scale s + 1".
    /// </summary>
    private static readonly string[] Modes = [.. Depths.Select(d => $"s0b{d}"), "s1", "s2"];

    [SkippableTheory]
    [MemberData(nameof(PathSquaresWidths))]
    public void Statistic8_matches_scalar(CpuPath path, string squares, int width)
    {
        IVifKernels kernels = Variant(path, squares);
        int half = VifTables.Filter(0).Length / 2;
        foreach (var (h, seed, pattern) in Sizes(width))
        {
            string context = $"vif.statistic8 {path} ({squares}) {width}x{h} 8-bit seed={seed} {pattern}";
            ushort[] plane = KernelInput.Plane(width, h, 8, seed, pattern);
            ushort[] other = KernelInput.Plane(width, h, 8, seed + 1000, pattern == "flat" ? "random" : pattern);
            int stride = width + Slack;
            var expected = RunStatistic8(VifScalar.Instance, plane, other, width, h, stride, garbage: 1);
            for (int garbage = 2; garbage <= 3; garbage++)
            {
                var actual = RunStatistic8(kernels, plane, other, width, h, stride, garbage);
                KernelCheck.Equal(expected.Sums, actual.Sums, $"{context} garbage={garbage} sums");
                KernelCheck.Equal<uint>(expected.Vertical, actual.Vertical, VerticalRow(width, half), $"{context} garbage={garbage} vertical pass (last row; rows μ1 μ2 ref² dis² ref·dis)");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PathModeWidths))]
    public void Statistic16_matches_scalar(CpuPath path, string mode, int width)
    {
        IVifKernels kernels = Variant(path);
        var (scale, bitDepth) = ParseMode(mode);
        int half = VifTables.Filter(scale).Length / 2;
        foreach (var (h, seed, pattern) in Sizes(width))
        {
            string context = $"vif.statistic16 {path} {width}x{h} scale={scale} {bitDepth}-bit seed={seed} {pattern}";
            ushort[] plane = KernelInput.Plane(width, h, bitDepth, seed, pattern);
            ushort[] other = KernelInput.Plane(width, h, bitDepth, seed + 1000, pattern == "flat" ? "random" : pattern);
            int stride = width + Slack;
            var expected = RunStatistic16(VifScalar.Instance, plane, other, width, h, stride, scale, bitDepth, garbage: 1);
            for (int garbage = 2; garbage <= 3; garbage++)
            {
                var actual = RunStatistic16(kernels, plane, other, width, h, stride, scale, bitDepth, garbage);
                KernelCheck.Equal(expected.Sums, actual.Sums, $"{context} garbage={garbage} sums");
                KernelCheck.Equal<uint>(expected.Vertical, actual.Vertical, VerticalRow(width, half), $"{context} garbage={garbage} vertical pass (last row; rows μ1 μ2 ref² dis² ref·dis)");
            }
        }
    }

    /// <summary>
    /// Constant planes at the ends of the range, each against each, at every scale (3 included, whose centre tap is no
    /// signed word) and depth: the centred vertical pass's bounds (a cross-term pair sum reaches −2^31 + 2^16 only for
    /// 0 against the maximum of a 16-bit plane, and 2^31 for 0 against 0), which random planes almost never reach.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(PathScaleDepths))]
    public void Statistic16_matches_scalar_on_constant_extremes(CpuPath path, int scale, int bitDepth)
    {
        IVifKernels kernels = Variant(path);
        int half = VifTables.Filter(scale).Length / 2;
        const int w = 66, h = 34;
        ushort max = (ushort)((1 << bitDepth) - 1);
        foreach (var (a, b) in new (ushort, ushort)[] { (0, max), (max, 0), (0, 0), (max, max) })
        {
            string context = $"vif.statistic16 {path} {w}x{h} scale={scale} {bitDepth}-bit {a} against {b}";
            ushort[] plane = Enumerable.Repeat(a, w * h).ToArray();
            ushort[] other = Enumerable.Repeat(b, w * h).ToArray();
            var expected = RunStatistic16(VifScalar.Instance, plane, other, w, h, w + Slack, scale, bitDepth, garbage: 1);
            var actual = RunStatistic16(kernels, plane, other, w, h, w + Slack, scale, bitDepth, garbage: 2);
            KernelCheck.Equal(expected.Sums, actual.Sums, $"{context} sums");
            KernelCheck.Equal<uint>(expected.Vertical, actual.Vertical, VerticalRow(w, half), $"{context} vertical pass (last row; rows μ1 μ2 ref² dis² ref·dis)");
        }
    }

    /// <summary>path, scale, bit depth: scale 0 at every depth, the subsampled scales with full 16-bit data.</summary>
    public static IEnumerable<object[]> PathScaleDepths() =>
        from path in Paths
        from sd in Depths.Select(d => (0, d)).Concat([(1, 16), (2, 16), (3, 16)])
        select new object[] { path, sd.Item1, sd.Item2 };

    [SkippableTheory]
    [MemberData(nameof(PathWidths))]
    public void SubsampleRd8_matches_scalar(CpuPath path, int width)
    {
        IVifKernels kernels = Variant(path);
        foreach (var (h, seed, pattern) in Sizes(width))
        {
            string context = $"vif.subsample_rd8 {path} {width}x{h} 8-bit seed={seed} {pattern}";
            ushort[] plane = KernelInput.Plane(width, h, 8, seed, pattern);
            ushort[] other = KernelInput.Plane(width, h, 8, seed + 1000, pattern == "flat" ? "random" : pattern);
            int stride = width + Slack;
            var expected = RunSubsample(VifScalar.Instance, plane, other, width, h, stride, toScale: 1, bitDepth: 8, garbage: 1);
            for (int garbage = 2; garbage <= 3; garbage++)
            {
                var actual = RunSubsample(kernels, plane, other, width, h, stride, toScale: 1, bitDepth: 8, garbage);
                CompareSubsample(expected, actual, width, $"{context} garbage={garbage}");
            }
        }
    }

    /// <summary>The one-pass scale 0 (statistic and subsampling) equals the oracle's two stages.</summary>
    [SkippableTheory]
    [MemberData(nameof(PathSquaresWidths))]
    public void Statistic8Subsample_matches_scalar(CpuPath path, string squares, int width)
    {
        IVifKernels kernels = Variant(path, squares);
        foreach (var (h, seed, pattern) in Sizes(width))
        {
            string context = $"vif.statistic8+subsample_rd8 {path} ({squares}) {width}x{h} 8-bit seed={seed} {pattern}";
            ushort[] plane = KernelInput.Plane(width, h, 8, seed, pattern);
            ushort[] other = KernelInput.Plane(width, h, 8, seed + 1000, pattern == "flat" ? "random" : pattern);
            int stride = width + Slack;
            var expectedSums = RunStatistic8(VifScalar.Instance, plane, other, width, h, stride, garbage: 1).Sums;
            var expected = RunSubsample(VifScalar.Instance, plane, other, width, h, stride, toScale: 1, bitDepth: 8, garbage: 1);
            for (int garbage = 2; garbage <= 3; garbage++)
            {
                var (sums, actual) = RunStatistic8Subsample(kernels, plane, other, width, h, stride, garbage);
                KernelCheck.Equal(expectedSums, sums, $"{context} garbage={garbage} sums");
                CompareSubsample(expected, actual, width, $"{context} garbage={garbage}");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(PathModeWidths))]
    public void SubsampleRd16_matches_scalar(CpuPath path, string mode, int width)
    {
        IVifKernels kernels = Variant(path);
        var (fromScale, bitDepth) = ParseMode(mode);
        int toScale = fromScale + 1;
        foreach (var (h, seed, pattern) in Sizes(width))
        {
            string context = $"vif.subsample_rd16 {path} {width}x{h} to scale {toScale} {bitDepth}-bit seed={seed} {pattern}";
            ushort[] plane = KernelInput.Plane(width, h, bitDepth, seed, pattern);
            ushort[] other = KernelInput.Plane(width, h, bitDepth, seed + 1000, pattern == "flat" ? "random" : pattern);
            int stride = width + Slack;
            var expected = RunSubsample(VifScalar.Instance, plane, other, width, h, stride, toScale, bitDepth, garbage: 1);
            for (int garbage = 2; garbage <= 3; garbage++)
            {
                var actual = RunSubsample(kernels, plane, other, width, h, stride, toScale, bitDepth, garbage);
                CompareSubsample(expected, actual, width, $"{context} garbage={garbage}");
            }
        }
    }

    /// <summary>
    /// Scale 1 from 10- and 12-bit luma whose samples go up to 65535 (a 12- or 16-bit file read as 10-bit): the
    /// vertical mean then exceeds 65535 and libvmaf's <c>(uint16_t)</c> store wraps it; the SIMD kernels once
    /// saturated it instead (vif_scale1..3 of 1.0 where libvmaf has 0.02).
    /// </summary>
    [SkippableTheory]
    [InlineData(CpuPath.Scalar, 10)]
    [InlineData(CpuPath.Avx2, 10)]
    [InlineData(CpuPath.Avx2, 12)]
    [InlineData(CpuPath.Avx512, 10)]
    [InlineData(CpuPath.Avx512, 12)]
    public void SubsampleRd16_matches_scalar_on_samples_above_the_bit_depth(CpuPath path, int bitDepth)
    {
        IVifKernels kernels = Variant(path);
        foreach (int width in new[] { 33, 64, 97, 130 })
        {
            foreach (int seed in KernelInput.Seeds)
            {
                int h = Heights[seed % Heights.Length];
                ushort[] plane = KernelInput.Plane(width, h, 16, seed);
                ushort[] other = KernelInput.Plane(width, h, 16, seed + 1000);
                int stride = width + Slack;
                var expected = RunSubsample(VifScalar.Instance, plane, other, width, h, stride, 1, bitDepth, garbage: 1);
                var actual = RunSubsample(kernels, plane, other, width, h, stride, 1, bitDepth, garbage: 2);
                CompareSubsample(expected, actual, width, $"vif.subsample_rd16 {path} {width}x{h} 16-bit samples read as {bitDepth}-bit seed={seed}");
            }
        }
    }

    [Fact]
    public void Extractor_reports_the_kernel_set_it_selected()
    {
        Assert.Equal("scalar", new VifExtractor(64, 64, 8, CpuPath.Scalar).KernelName);
        if (CpuDispatch.IsSupported(CpuPath.Avx2))
        {
            Assert.Equal("avx2", new VifExtractor(64, 64, 8, CpuPath.Avx2).KernelName);
        }

        if (CpuDispatch.IsSupported(CpuPath.Avx512))
        {
            Assert.Equal("avx512", new VifExtractor(64, 64, 8, CpuPath.Avx512).KernelName);
        }

        string best = CpuDispatch.Best switch
        {
            CpuPath.Avx512 => "avx512",
            CpuPath.Avx2 => "avx2",
            _ => "scalar",
        };
        Assert.Equal(best, new VifExtractor(64, 64, 8, CpuPath.Auto).KernelName);
    }

    /// <summary>
    /// Heights, seeds and patterns per width: every height once, random data with every seed, flat and checkerboard
    /// once; 1080p width with one seed and height only.
    /// </summary>
    private static IEnumerable<(int Height, int Seed, string Pattern)> Sizes(int width)
    {
        int[] seeds = KernelInput.Seeds;
        if (width >= 1000)
        {
            yield return (33, seeds[0], "random");
            yield break;
        }

        int n = 0;
        foreach (int seed in seeds)
        {
            yield return (Heights[n++ % Heights.Length], seed, "random");
        }

        foreach (string pattern in KernelInput.Patterns.Where(p => p != "random"))
        {
            yield return (Heights[n++ % Heights.Length], seeds[0], pattern);
        }
    }

    private static IVifKernels Variant(CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        IVifKernels kernels = VifExtractor.Select(path);
        Assert.Equal(CpuDispatch.Name(path), kernels.Name);
        return kernels;
    }

    /// <summary><see cref="Variant(CpuPath)"/>'s kernels with scale 0's square sums in the given form (the scalar path has one).</summary>
    private static IVifKernels Variant(CpuPath path, string form)
    {
        IVifKernels kernels = Variant(path);
        VerticalSquares squares = Enum.Parse<VerticalSquares>(form);
        IVifKernels forced = kernels switch
        {
            VifSimd<Simd512, Vector512<int>> => squares == VerticalSquares.Words ? VifSimd<Simd512, Vector512<int>>.InstanceWords : VifSimd<Simd512, Vector512<int>>.InstanceDwords,
            VifSimd<Simd256Vnni, Vector256<int>> => squares == VerticalSquares.Words ? VifSimd<Simd256Vnni, Vector256<int>>.InstanceWords : VifSimd<Simd256Vnni, Vector256<int>>.InstanceDwords,
            VifSimd<Simd256, Vector256<int>> => squares == VerticalSquares.Words ? VifSimd<Simd256, Vector256<int>>.InstanceWords : VifSimd<Simd256, Vector256<int>>.InstanceDwords,
            _ => kernels,
        };
        Assert.Equal(kernels.Name, forced.Name);
        return forced;
    }

    private static (int Scale, int BitDepth) ParseMode(string mode) =>
        mode.StartsWith("s0b", StringComparison.Ordinal) ? (0, int.Parse(mode[3..])) : (mode[1] - '0', 16);

    private static int VerticalRow(int width, int half) => width + (2 * half);

    private sealed record StatisticResult(VifSums Sums, uint[] Vertical);

    private sealed record SubsampleResult(ushort[] Reference, ushort[] Distorted);

    private static StatisticResult RunStatistic8(IVifKernels k, ushort[] a, ushort[] b, int w, int h, int stride, int garbage)
    {
        byte[] pa = Array.ConvertAll(Padded(a, w, h, stride, 8, garbage), v => (byte)v);
        byte[] pb = Array.ConvertAll(Padded(b, w, h, stride, 8, garbage + 100), v => (byte)v);
        VifScratch scratch = NewScratch(w, garbage);
        VifSums sums = k.Statistic8(pa, pb, stride, w, h, 100.0, scratch);
        return new StatisticResult(sums, LastVertical(k, scratch, w, 0, minimumLanes: 2));
    }

    private static StatisticResult RunStatistic16(IVifKernels k, ushort[] a, ushort[] b, int w, int h, int stride, int scale, int bitDepth, int garbage)
    {
        ushort[] pa = Padded(a, w, h, stride, 16, garbage);
        ushort[] pb = Padded(b, w, h, stride, 16, garbage + 100);
        VifScratch scratch = NewScratch(w, garbage);
        VifSums sums = k.Statistic16(pa, pb, stride, w, h, scale, bitDepth, 100.0, scratch);
        return new StatisticResult(sums, LastVertical(k, scratch, w, scale, minimumLanes: 2));
    }

    /// <summary>
    /// The five vertically filtered rows of the last image row, columns [−half, w + half): from the scalar rows, or
    /// decoded from a SIMD variant's word rows (which it writes when the image is at least
    /// <paramref name="minimumLanes"/> registers wide; narrower images run the scalar code).
    /// </summary>
    private static uint[] LastVertical(IVifKernels k, VifScratch s, int w, int scale, int minimumLanes)
    {
        int half = VifTables.Filter(scale).Length / 2;
        int lanes = k.Name switch { "avx2" => 8, "avx512" => 16, _ => 0 };
        bool words = lanes > 0 && w >= minimumLanes * lanes;
        int n = VerticalRow(w, half);
        var result = new uint[5 * n];
        for (int r = 0; r < 5; r++)
        {
            for (int x = -half; x < w + half; x++)
            {
                uint value;
                if (k is VifScalarFast && r < 2)
                {
                    ulong packed = s.MeansPacked[VifScratch.Pad + x];
                    value = (uint)(r == 0 ? packed : packed >> 32);
                }
                else if (!words)
                {
                    uint[] row = r switch { 0 => s.Mu1, 1 => s.Mu2, 2 => s.Ref, 3 => s.Dis, _ => s.RefDis };
                    value = row[VifScratch.Pad + x];
                }
                else
                {
                    int at = VifScratch.WordPadLeft + x;
                    value = r < 2
                        ? Word(s, r, at)
                        : (Word(s, (2 * r) - 2, at) << 16) | Word(s, (2 * r) - 1, at);
                }

                result[(r * n) + x + half] = value;
            }
        }

        return result;
    }

    private static uint Word(VifScratch s, int row, int at) => (uint)(s.Words[(row * s.WordStride) + at] ^ 0x8000);

    private static SubsampleResult RunSubsample(IVifKernels k, ushort[] a, ushort[] b, int w, int h, int stride, int toScale, int bitDepth, int garbage)
    {
        VifScratch scratch = NewScratch(w, garbage);
        int n = ((w / 2) * (h / 2)) + Guard;
        ushort[] outA = Enumerable.Repeat((ushort)0xBEEF, n).ToArray();
        ushort[] outB = Enumerable.Repeat((ushort)0xCAFE, n).ToArray();
        if (toScale == 1 && bitDepth == 8)
        {
            byte[] pa = Array.ConvertAll(Padded(a, w, h, stride, 8, garbage), v => (byte)v);
            byte[] pb = Array.ConvertAll(Padded(b, w, h, stride, 8, garbage + 100), v => (byte)v);
            k.SubsampleRd8(pa, pb, stride, w, h, outA, outB, scratch);
        }
        else
        {
            ushort[] pa = Padded(a, w, h, stride, 16, garbage);
            ushort[] pb = Padded(b, w, h, stride, 16, garbage + 100);
            k.SubsampleRd16(pa, pb, stride, w, h, toScale, bitDepth, outA, outB, scratch);
        }

        return new SubsampleResult(outA, outB);
    }

    private static (VifSums Sums, SubsampleResult Out) RunStatistic8Subsample(IVifKernels k, ushort[] a, ushort[] b, int w, int h, int stride, int garbage)
    {
        VifScratch scratch = NewScratch(w, garbage);
        int n = ((w / 2) * (h / 2)) + Guard;
        ushort[] outA = Enumerable.Repeat((ushort)0xBEEF, n).ToArray();
        ushort[] outB = Enumerable.Repeat((ushort)0xCAFE, n).ToArray();
        byte[] pa = Array.ConvertAll(Padded(a, w, h, stride, 8, garbage), v => (byte)v);
        byte[] pb = Array.ConvertAll(Padded(b, w, h, stride, 8, garbage + 100), v => (byte)v);
        VifSums sums = k.Statistic8Subsample(pa, pb, stride, w, h, 100.0, outA, outB, scratch);
        return (sums, new SubsampleResult(outA, outB));
    }

    private static void CompareSubsample(SubsampleResult expected, SubsampleResult actual, int width, string context)
    {
        int outStride = Math.Max(1, width / 2);
        KernelCheck.Equal<ushort>(expected.Reference, actual.Reference, outStride, $"{context} reference out (guard after)");
        KernelCheck.Equal<ushort>(expected.Distorted, actual.Distorted, outStride, $"{context} distorted out (guard after)");
    }

    /// <summary>
    /// The plane at <paramref name="stride"/>, with seeded garbage (any <paramref name="garbageBits"/>-bit value)
    /// past the logical width and in <see cref="Slack"/> samples after the last row.
    /// </summary>
    private static ushort[] Padded(ushort[] plane, int w, int h, int stride, int garbageBits, int garbage)
    {
        var rng = new Random(garbage);
        var padded = new ushort[(stride * h) + Slack];
        for (int i = 0; i < padded.Length; i++)
        {
            padded[i] = (ushort)rng.Next(1 << garbageBits);
        }

        for (int y = 0; y < h; y++)
        {
            Array.Copy(plane, y * w, padded, y * stride, w);
        }

        return padded;
    }

    /// <summary>Scratch a few columns wider than needed, every row pre-filled with seeded garbage.</summary>
    private static VifScratch NewScratch(int w, int garbage)
    {
        var scratch = new VifScratch(w + 5);
        var rng = new Random(garbage);
        foreach (uint[] row in new[] { scratch.Mu1, scratch.Mu2, scratch.Ref, scratch.Dis, scratch.RefDis, scratch.RefConvol, scratch.DisConvol })
        {
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = (uint)rng.Next() ^ 0xA5A5_0000u;
            }
        }

        for (int i = 0; i < scratch.Words.Length; i++)
        {
            scratch.Words[i] = (ushort)rng.Next();
        }

        for (int i = 0; i < scratch.MeansPacked.Length; i++)
        {
            scratch.MeansPacked[i] = (ulong)rng.NextInt64();
        }

        return scratch;
    }
}
