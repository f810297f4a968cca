using VmafTiny.Features;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Motion;
using VmafTiny.Features.OpenCL.Adm;
using VmafTiny.Features.OpenCL.Motion;
using VmafTiny.Features.OpenCL.Runtime;
using VmafTiny.Features.OpenCL.Vif;
using VmafTiny.Features.Vif;
using VmafTiny.Tests.OpenCl;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// checkasm for the OpenCL device: each device stage (VIF statistic and subsampling, ADM DWT, decouple+CSF and sums,
/// motion) run alone on the test device (PoCL's CPU device in CI) against the scalar oracle, over libvmaf's SIMD
/// trouble widths and 1080p, bit depths 8/10/12/16, seeds and patterns with extremes (ADM's "raw" puts full-range
/// int16/int32 straight into the bands). Skips, saying why, without an OpenCL device.
/// </summary>
/// <remarks>
/// Not <c>Category=Isa</c>: the device's arithmetic does not depend on the host's instruction set, so these run once.
/// Device stages whose outputs differ in shape from the CPU seam's are compared through what they stand for: the fused
/// decouple+CSF pass's threshold terms against the sums of the scalar CSF outputs they replace, and the sums stages
/// against the scalar's sums (integer totals, compared exactly).
/// </remarks>
public class OpenClKernelTests
{
    private static readonly int[] Widths = [33, 34, 65, 66, 97, 98, 129, 130, 1920];
    private static readonly int[] Depths = [8, 10, 12, 16];

    /// <summary>"s0bN": scale 0 of N-bit luma; "s1".."s3": a subsampled scale (full 16-bit data).</summary>
    private static readonly string[] VifModes = [.. Depths.Select(d => $"s0b{d}"), "s1", "s2", "s3"];

    public static IEnumerable<object[]> DepthWidths => from d in Depths from w in Widths select new object[] { d, w };

    public static IEnumerable<object[]> VifStatisticCases => from m in VifModes from w in Widths select new object[] { m, w };

    /// <summary>Subsampling produces scales 1..3: from N-bit luma, then from scales 1 and 2.</summary>
    public static IEnumerable<object[]> VifSubsampleCases => from m in VifModes.Where(m => m != "s3") from w in Widths select new object[] { m, w };

    /// <summary>ADM: depth × width, with heights, seeds and patterns (raw included) rotated as AdmKernelTests does.</summary>
    public static IEnumerable<object[]> AdmCases()
    {
        string[] patterns = [.. KernelInput.Patterns, "raw"];
        int[] seeds = KernelInput.Seeds;
        foreach (int depth in Depths)
        {
            for (int i = 0; i < Widths.Length; i++)
            {
                int height = Widths[i] == 1920 ? 36 : 33 + (i % 3);
                yield return [Widths[i], height, depth, seeds[(i + (depth / 2)) % seeds.Length], patterns[(i + depth) % patterns.Length]];
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(DepthWidths))]
    public void Motion_matches_scalar(int bitDepth, int width)
    {
        using OpenClTestBed bed = OpenClTestBed.Open();
        foreach (var (height, seed, pattern) in Sizes(width, [.. KernelInput.Patterns, "zero-max"]))
        {
            int max = (1 << bitDepth) - 1;
            ushort[] previous = pattern == "zero-max" ? new ushort[width * height] : KernelInput.Plane(width, height, bitDepth, seed, pattern);
            ushort[] current = pattern == "zero-max"
                ? Enumerable.Repeat((ushort)max, width * height).ToArray()
                : KernelInput.Plane(width, height, bitDepth, seed + 1000, pattern == "flat" ? "random" : pattern);
            var row = new int[width + (2 * MotionTables.FilterHalf)];
            ulong expected = bitDepth == 8
                ? MotionScalar.Instance.Pipeline8(Bytes(previous), width, Bytes(current), width, width, height, row)
                : MotionScalar.Instance.Pipeline16(previous, width, current, width, width, height, bitDepth, row);

            using var motion = new MotionOpenCl(bed.Context, width, height, bitDepth);
            using ClBuffer p = UploadLuma(bed, previous, bitDepth), c = UploadLuma(bed, current, bitDepth), sums = bed.Sums();
            motion.Enqueue(bed.Queue, p, c, sums);
            KernelCheck.Equal(expected, bed.ReadSums(sums).Sad, $"motion opencl {width}x{height} {bitDepth}-bit seed={seed} {pattern}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(VifStatisticCases))]
    public void Vif_statistic_matches_scalar(string mode, int width)
    {
        using OpenClTestBed bed = OpenClTestBed.Open();
        var (scale, bitDepth) = ParseMode(mode);
        foreach (var (height, seed, pattern) in Sizes(width, KernelInput.Patterns))
        {
            ushort[] a = KernelInput.Plane(width, height, bitDepth, seed, pattern);
            ushort[] b = KernelInput.Plane(width, height, bitDepth, seed + 1000, pattern == "flat" ? "random" : pattern);
            var scratch = new VifScratch(width);
            VifSums expected = scale == 0 && bitDepth == 8
                ? VifScalar.Instance.Statistic8(Bytes(a), Bytes(b), width, width, height, 100.0, scratch)
                : VifScalar.Instance.Statistic16(a, b, width, width, height, scale, bitDepth, 100.0, scratch);

            using var vif = new VifOpenCl(bed.Context, width, height, bitDepth);
            int luma = scale == 0 ? bitDepth : 16;
            using ClBuffer ra = UploadLuma(bed, a, luma), rb = UploadLuma(bed, b, luma), sums = bed.Sums();
            var (shiftMu, shiftSq) = VifScalar.StatisticShifts(scale, bitDepth);
            vif.Statistic(bed.Queue, ra, rb, luma > 8 ? 2 : 1, width, height, scale, shiftMu, shiftSq, sums);
            KernelCheck.Equal(expected, bed.ReadSums(sums).VifSums[scale], $"vif.statistic opencl {width}x{height} {mode} seed={seed} {pattern}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(VifSubsampleCases))]
    public void Vif_subsample_matches_scalar(string mode, int width)
    {
        using OpenClTestBed bed = OpenClTestBed.Open();
        var (fromScale, bitDepth) = ParseMode(mode);
        int toScale = fromScale + 1;
        foreach (var (height, seed, pattern) in Sizes(width, KernelInput.Patterns))
        {
            ushort[] a = KernelInput.Plane(width, height, bitDepth, seed, pattern);
            ushort[] b = KernelInput.Plane(width, height, bitDepth, seed + 1000, pattern == "flat" ? "random" : pattern);
            int n = (width / 2) * (height / 2);
            ushort[] expectedA = new ushort[n], expectedB = new ushort[n];
            var scratch = new VifScratch(width);
            if (fromScale == 0 && bitDepth == 8)
            {
                VifScalar.Instance.SubsampleRd8(Bytes(a), Bytes(b), width, width, height, expectedA, expectedB, scratch);
            }
            else
            {
                VifScalar.Instance.SubsampleRd16(a, b, width, width, height, toScale, bitDepth, expectedA, expectedB, scratch);
            }

            using var vif = new VifOpenCl(bed.Context, width, height, bitDepth);
            int luma = fromScale == 0 ? bitDepth : 16;
            using ClBuffer ra = UploadLuma(bed, a, luma), rb = UploadLuma(bed, b, luma);
            using ClBuffer outA = bed.Upload(new ushort[Math.Max(n, 1)]), outB = bed.Upload(new ushort[Math.Max(n, 1)]);
            vif.Subsample(bed.Queue, ra, rb, luma > 8 ? 2 : 1, width, height, toScale, VifScalar.SubsampleShift(toScale, bitDepth), outA, outB);
            string context = $"vif.subsample opencl {width}x{height} to scale {toScale} {mode} seed={seed} {pattern}";
            KernelCheck.Equal<ushort>(expectedA, bed.Read<ushort>(outA, n), width / 2, context + " reference");
            KernelCheck.Equal<ushort>(expectedB, bed.Read<ushort>(outB, n), width / 2, context + " distorted");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(AdmCases))]
    public void Adm_dwt_scale0_matches_scalar(int width, int height, int bitDepth, int seed, string pattern)
    {
        using OpenClTestBed bed = OpenClTestBed.Open();
        var p = new AdmPipeline(width, height, bitDepth, seed, pattern);
        using var adm = new AdmOpenCl(bed.Context, width, height, bitDepth);
        using ClBuffer r = UploadLuma(bed, Tight(p.Reference, p.SourceStride, 0, width, height), bitDepth);
        using ClBuffer d = UploadLuma(bed, Tight(p.Distorted, p.SourceStride, 0, width, height), bitDepth);
        adm.Dwt0(bed.Queue, r, d);
        if (pattern != "raw")
        {
            // "raw" replaced the scalar's DWT output with random bands; the DWT itself is the same as "random"'s.
            AssertBands(bed, adm.Bands(0, 0), p.Ref0, withA: true, $"adm.dwt2 opencl {p} ref");
            AssertBands(bed, adm.Bands(0, 1), p.Dis0, withA: true, $"adm.dwt2 opencl {p} dis");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(AdmCases))]
    public void Adm_band_stages_scale0_match_scalar(int width, int height, int bitDepth, int seed, string pattern)
    {
        using OpenClTestBed bed = OpenClTestBed.Open();
        var p = new AdmPipeline(width, height, bitDepth, seed, pattern);
        AdmScaleGeometry g = p.Geometry[0];
        using var adm = new AdmOpenCl(bed.Context, width, height, bitDepth);
        string context = $"opencl scale 0 {p}";

        // Decouple + CSF from the scalar's bands.
        WriteBands(bed, adm.Bands(0, 0), p.Ref0, withA: true);
        WriteBands(bed, adm.Bands(0, 1), p.Dis0, withA: true);
        adm.DecoupleCsf(bed.Queue, 0);
        AssertRestored(bed, adm.Restored(0), p.Restored0, g, "adm.decouple " + context);
        var (fsum, csum) = ThresholdTermsS0(p.CsfA0, p.CsfF0, g);
        AssertRegion(bed.Read<int>(adm.Thresholds.Fsum, (long)g.Width * g.Height), fsum, g, "adm.csf " + context + " f terms");
        AssertRegion(bed.Read<int>(adm.Thresholds.Csum, (long)g.Width * g.Height), csum, g, "adm.csf " + context + " centre terms");

        // The sums from the scalar's restored bands and CSF outputs (as threshold terms).
        WriteRestored(bed, adm.Restored(0), p.Restored0);
        bed.Write(adm.Thresholds.Fsum, fsum);
        bed.Write(adm.Thresholds.Csum, csum);
        using ClBuffer sums = bed.Sums();
        adm.Sums(bed.Queue, 0, sums);
        FrameSums got = bed.ReadSums(sums);
        KernelCheck.Equal(p.Den0, got.AdmDen[0], "adm.csf_den " + context);
        KernelCheck.Equal(p.Num0, got.AdmNum[0], "adm.cm " + context);
    }

    [SkippableTheory]
    [MemberData(nameof(AdmCases))]
    public void Adm_stages_scales123_match_scalar(int width, int height, int bitDepth, int seed, string pattern)
    {
        using OpenClTestBed bed = OpenClTestBed.Open();
        var p = new AdmPipeline(width, height, bitDepth, seed, pattern);
        using var adm = new AdmOpenCl(bed.Context, width, height, bitDepth);
        foreach (AdmPipeline.ScaleStage st in p.Scales)
        {
            AdmScaleGeometry g = st.Geometry;
            int s = g.Scale;
            string context = $"opencl scale {s} {p}";

            // DWT from the previous scale's band a (int16 at scale 0, so scale 1 reads int16).
            int[] refIn = Tight(st.RefInputArray, st.InputStride, GuardedBands<int>.Guard, g.InputWidth, g.InputHeight, firstRow: 1);
            int[] disIn = Tight(st.DisInputArray, st.InputStride, GuardedBands<int>.Guard, g.InputWidth, g.InputHeight, firstRow: 1);
            if (s == 1)
            {
                bed.Write(adm.Bands(0, 0), Array.ConvertAll(refIn, v => (short)v));
                bed.Write(adm.Bands(0, 1), Array.ConvertAll(disIn, v => (short)v));
            }
            else
            {
                bed.Write(adm.Bands(s - 1, 0), refIn);
                bed.Write(adm.Bands(s - 1, 1), disIn);
            }

            adm.Dwt123(bed.Queue, s);
            AssertBands(bed, adm.Bands(s, 0), st.Ref, withA: true, $"adm.dwt2_s123 {context} ref");
            AssertBands(bed, adm.Bands(s, 1), st.Dis, withA: true, $"adm.dwt2_s123 {context} dis");

            // Decouple + CSF and the sums from the bands the scalar's stages read (raw int32 for "raw").
            WriteBands(bed, adm.Bands(s, 0), st.BandRef, withA: true);
            WriteBands(bed, adm.Bands(s, 1), st.BandDis, withA: true);
            adm.DecoupleCsf(bed.Queue, s);
            AssertRestored(bed, adm.Restored(s), st.Restored, g, "adm.decouple_s123 " + context);
            var (fsum, csum) = ThresholdTermsS123(st.CsfA, st.CsfF, g);
            AssertRegion(bed.Read<int>(adm.Thresholds.Fsum, (long)g.Width * g.Height), fsum, g, "adm.csf_s123 " + context + " f terms");
            AssertRegion(bed.Read<int>(adm.Thresholds.Csum, (long)g.Width * g.Height), csum, g, "adm.csf_s123 " + context + " centre terms");

            WriteRestored(bed, adm.Restored(s), st.Restored);
            bed.Write(adm.Thresholds.Fsum, fsum);
            bed.Write(adm.Thresholds.Csum, csum);
            using ClBuffer sums = bed.Sums();
            adm.Sums(bed.Queue, s, sums);
            FrameSums got = bed.ReadSums(sums);
            KernelCheck.Equal(st.Den, got.AdmDen[s], "adm.csf_den_s123 " + context);
            KernelCheck.Equal(st.Num, got.AdmNum[s], "adm.cm_s123 " + context);
        }
    }

    [Fact]
    public void The_matrix_covers_every_depth_and_trouble_width()
    {
        foreach (int depth in Depths)
        {
            foreach (int w in new[] { 33, 34, 65, 66, 97, 98, 129, 130, 1920 })
            {
                Assert.Contains(AdmCases(), r => (int)r[0] == w && (int)r[2] == depth);
                Assert.Contains(DepthWidths, r => (int)r[0] == depth && (int)r[1] == w);
                Assert.Contains(VifStatisticCases, r => (string)r[0] == $"s0b{depth}" && (int)r[1] == w);
                Assert.Contains(VifSubsampleCases, r => (string)r[0] == $"s0b{depth}" && (int)r[1] == w);
            }
        }

        Assert.Contains(AdmCases(), r => (string)r[4] == "raw" && (int)r[2] == 16);
        Assert.Contains(AdmCases(), r => (string)r[4] == "checker" && (int)r[2] == 16);
    }

    /// <summary>Heights, seeds and patterns per width: each seed's random plane, then every other pattern once; 1080p width one case.</summary>
    private static IEnumerable<(int Height, int Seed, string Pattern)> Sizes(int width, string[] patterns)
    {
        int[] heights = [33, 34, 40];
        int[] seeds = KernelInput.Seeds;
        if (width >= 1000)
        {
            yield return (33, seeds[0], "random");
            yield break;
        }

        int n = 0;
        foreach (int seed in seeds)
        {
            yield return (heights[n++ % heights.Length], seed, "random");
        }

        foreach (string pattern in patterns.Where(p => p != "random"))
        {
            yield return (heights[n++ % heights.Length], seeds[0], pattern);
        }
    }

    private static (int Scale, int BitDepth) ParseMode(string mode) =>
        mode.StartsWith("s0b", StringComparison.Ordinal) ? (0, int.Parse(mode[3..])) : (mode[1] - '0', 16);

    private static byte[] Bytes(ushort[] plane) => Array.ConvertAll(plane, v => (byte)v);

    private static ClBuffer UploadLuma(OpenClTestBed bed, ushort[] plane, int bitDepth) =>
        bitDepth > 8 ? bed.Upload(plane) : bed.Upload(Bytes(plane));

    /// <summary>The <paramref name="width"/> x <paramref name="height"/> samples of a padded plane, tightly packed.</summary>
    private static T[] Tight<T>(T[] padded, int stride, int left, int width, int height, int firstRow = 0)
    {
        var tight = new T[width * height];
        for (int y = 0; y < height; y++)
        {
            Array.Copy(padded, ((y + firstRow) * stride) + left, tight, y * width, width);
        }

        return tight;
    }

    private static T[] Plane<T>(GuardedBands<T> bands, T[] plane)
        where T : unmanaged, IEquatable<T> =>
        Tight(plane, bands.Stride, GuardedBands<T>.Guard, bands.Width, bands.Height, firstRow: 1);

    /// <summary>Writes a, h, v, d (or h, v, d) as consecutive tight planes.</summary>
    private static void WriteBands<T>(OpenClTestBed bed, ClBuffer buffer, GuardedBands<T> bands, bool withA)
        where T : unmanaged, IEquatable<T>
    {
        T[][] planes = withA ? [bands.A, bands.H, bands.V, bands.D] : [bands.H, bands.V, bands.D];
        int n = bands.Width * bands.Height;
        for (int k = 0; k < planes.Length; k++)
        {
            bed.Write(buffer, Plane(bands, planes[k]), (long)k * n);
        }
    }

    private static void WriteRestored<T>(OpenClTestBed bed, ClBuffer buffer, GuardedBands<T> restored)
        where T : unmanaged, IEquatable<T> => WriteBands(bed, buffer, restored, withA: false);

    /// <summary>Compares the device's a, h, v, d planes with the scalar's (the whole band: the DWT writes every coefficient).</summary>
    private static void AssertBands<T>(OpenClTestBed bed, ClBuffer buffer, GuardedBands<T> expected, bool withA, string context)
        where T : unmanaged, IEquatable<T>
    {
        int n = expected.Width * expected.Height;
        string[] names = withA ? ["a", "h", "v", "d"] : ["h", "v", "d"];
        T[][] planes = withA ? [expected.A, expected.H, expected.V, expected.D] : [expected.H, expected.V, expected.D];
        for (int k = 0; k < planes.Length; k++)
        {
            KernelCheck.Equal<T>(Plane(expected, planes[k]), bed.Read<T>(buffer, n, (long)k * n), expected.Width, $"{context} band {names[k]}");
        }
    }

    /// <summary>Compares the restored planes inside the CSF region (the only part the scalar writes, and the masking reads).</summary>
    private static void AssertRestored<T>(OpenClTestBed bed, ClBuffer buffer, GuardedBands<T> expected, AdmScaleGeometry g, string context)
        where T : unmanaged, IEquatable<T>
    {
        int n = g.Width * g.Height;
        T[][] planes = [expected.H, expected.V, expected.D];
        string[] names = ["h", "v", "d"];
        for (int k = 0; k < 3; k++)
        {
            AssertRegion(bed.Read<T>(buffer, n, (long)k * n), Plane(expected, planes[k]), g, $"{context} restored {names[k]}");
        }
    }

    private static void AssertRegion<T>(T[] actual, T[] expected, AdmScaleGeometry g, string context)
        where T : unmanaged, IEquatable<T>
    {
        AdmRegion r = g.Taps;
        int w = r.Right - r.Left;
        T[] Crop(T[] plane) => Enumerable.Range(r.Top, r.Bottom - r.Top).SelectMany(y => plane.Skip((y * g.Width) + r.Left).Take(w)).ToArray();
        KernelCheck.Equal<T>(Crop(expected), Crop(actual), w, $"{context} (CSF region, x from {r.Left}, y from {r.Top})");
    }

    /// <summary>
    /// Scale 0 threshold terms from the scalar's CSF outputs: Σθ f and Σθ of the centre's int16 |a|/15, per coefficient
    /// of the CSF region (0 elsewhere).
    /// </summary>
    private static (int[] Fsum, int[] Csum) ThresholdTermsS0(GuardedBands<short> csfA, GuardedBands<short> csfF, AdmScaleGeometry g)
    {
        short[][] a = [Plane(csfA, csfA.H), Plane(csfA, csfA.V), Plane(csfA, csfA.D)];
        short[][] f = [Plane(csfF, csfF.H), Plane(csfF, csfF.V), Plane(csfF, csfF.D)];
        return Terms(g, i => unchecked(f[0][i] + f[1][i] + f[2][i]), i => unchecked(
            Centre16(a[0][i]) + Centre16(a[1][i]) + Centre16(a[2][i])));

        static int Centre16(short c) => unchecked((short)((AdmTables.OneBy15Q17 * AdmScalar.CAbs(c) + 2048) >> 12));
    }

    /// <summary>Scales 1–3 threshold terms: Σθ f and Σθ of the centre's int32 |a|/15 rounded with −2^31.</summary>
    private static (int[] Fsum, int[] Csum) ThresholdTermsS123(GuardedBands<int> csfA, GuardedBands<int> csfF, AdmScaleGeometry g)
    {
        int[][] a = [Plane(csfA, csfA.H), Plane(csfA, csfA.V), Plane(csfA, csfA.D)];
        int[][] f = [Plane(csfF, csfF.H), Plane(csfF, csfF.V), Plane(csfF, csfF.D)];
        return Terms(g, i => unchecked(f[0][i] + f[1][i] + f[2][i]), i => unchecked(
            Centre32(a[0][i]) + Centre32(a[1][i]) + Centre32(a[2][i])));

        static int Centre32(int c) => unchecked((int)((AdmTables.OneBy15Q32 * AdmScalar.CAbs(c) + AdmTables.MinusHalfQ32) >> 32));
    }

    private static (int[] Fsum, int[] Csum) Terms(AdmScaleGeometry g, Func<int, int> fsum, Func<int, int> csum)
    {
        var fs = new int[g.Width * g.Height];
        var cs = new int[g.Width * g.Height];
        AdmRegion r = g.Taps;
        for (int y = r.Top; y < r.Bottom; y++)
        {
            for (int x = r.Left; x < r.Right; x++)
            {
                int i = (y * g.Width) + x;
                fs[i] = fsum(i);
                cs[i] = csum(i);
            }
        }

        return (fs, cs);
    }
}
