using System.Runtime.Intrinsics;
using VmafTiny.Features;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Simd;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// checkasm for ADM's enhancement-gain limit (libvmaf's <c>adm_enhn_gain_limit</c>: 100 by default, 1 in the NEG
/// models, anything in 1..100 through a model string): the AVX2 and AVX-512 decouple stages against
/// <see cref="AdmScalar"/> at whole limits (integer arithmetic) and fractional ones (the double path), on bands built
/// so the enhancement rule fires on most coefficients (distorted ≈ reference × a gain, within the 1° angle), plus
/// full-range bands; whole allocations compared, guards included.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class AdmGainLimitKernelTests
{
    private static readonly double[] Limits = [1.0, 1.5, 2.75, 37.0, 99.9, 100.0];

    /// <summary>Band widths: the 16/8-wide steps and their tails, and a 1080p scale 0 row.</summary>
    private static readonly int[] BandWidths = [17, 23, 31, 33, 47, 65, 129, 960];

    public static IEnumerable<object[]> Cases =>
        from path in new[] { CpuPath.Avx2, CpuPath.Avx512 }
        from limit in Limits
        from i in Enumerable.Range(0, BandWidths.Length)
        select new object[] { path, limit, BandWidths[i], KernelInput.Seeds[i % KernelInput.Seeds.Length], i % 3 == 2 ? "raw" : "gained" };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Decouple_scale0_with_a_gain_limit_matches_scalar(CpuPath path, double limit, int width, int seed, string pattern)
    {
        IAdmKernels k = Kernels(path);
        var g = new AdmScaleGeometry(0, 2 * width, 18);
        var rng = new Random(seed * 7919 + width);
        var reference = new GuardedBands<short>(g.Width, g.Height, false, AdmPipeline.Sentinel16);
        var distorted = reference.Clone();
        Fill(reference, distorted, rng, pattern, v => (short)Math.Clamp(v, short.MinValue, short.MaxValue), 4000);

        var want = new GuardedBands<short>(g.Width, g.Height, false, AdmPipeline.Sentinel16);
        var wantAdditive = want.Clone();
        var got = want.Clone();
        var gotAdditive = want.Clone();
        AdmScalar.Instance.Decouple(reference.Bands, distorted.Bands, g, want.Bands, wantAdditive.Bands, limit);
        k.Decouple(reference.Bands, distorted.Bands, g, got.Bands, gotAdditive.Bands, limit);
        string context = $"adm.decouple egl={limit} {path} {g.Width}x{g.Height} seed={seed} {pattern}";
        want.AssertEqual(got, context + " restored");
        wantAdditive.AssertEqual(gotAdditive, context + " additive");
        if (pattern == "gained" && limit < 4)
        {
            // The inputs must exercise the rule: a limit under the gains used (at most 4) changes the restored values.
            var unlimited = new GuardedBands<short>(g.Width, g.Height, false, AdmPipeline.Sentinel16);
            AdmScalar.Instance.Decouple(reference.Bands, distorted.Bands, g, unlimited.Bands, unlimited.Clone().Bands);
            Assert.NotEqual(unlimited.H, want.H);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Decouple_scales123_with_a_gain_limit_matches_scalar(CpuPath path, double limit, int width, int seed, string pattern)
    {
        IAdmKernels k = Kernels(path);
        var g = new AdmScaleGeometry(1, 2 * width, 18);
        var rng = new Random(seed * 104729 + width);
        var reference = new GuardedBands<int>(g.Width, g.Height, false, AdmPipeline.Sentinel32);
        var distorted = reference.Clone();
        Fill(reference, distorted, rng, pattern, v => (int)Math.Clamp(v, int.MinValue, int.MaxValue), 1 << 24);

        var want = new GuardedBands<int>(g.Width, g.Height, false, AdmPipeline.Sentinel32);
        var wantAdditive = want.Clone();
        var got = want.Clone();
        var gotAdditive = want.Clone();
        AdmScalar.Instance.DecoupleS123(reference.Bands, distorted.Bands, g, want.Bands, wantAdditive.Bands, limit);
        k.DecoupleS123(reference.Bands, distorted.Bands, g, got.Bands, gotAdditive.Bands, limit);
        string context = $"adm.decouple_s123 egl={limit} {path} {g.Width}x{g.Height} seed={seed} {pattern}";
        want.AssertEqual(got, context + " restored");
        wantAdditive.AssertEqual(gotAdditive, context + " additive");
    }

    public static IEnumerable<object[]> ZeroCases =>
        from path in new[] { CpuPath.Avx2, CpuPath.Avx512 }
        from limit in new[] { 1.0, 1.5, 100.0 }
        from width in BandWidths
        select new object[] { path, limit, width };

    /// <summary>
    /// Reference coefficients 0 in all three bands at about half the positions, distorted ones anywhere: the o = 0
    /// lanes, where C's k is 2^15 and the enhancement never applies although the angle test passes (|o| = 0), which
    /// the SIMD kernels get from k = 0 and r = 0 instead of a test of o.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(ZeroCases))]
    public void Decouple_with_zero_reference_coefficients_matches_scalar(CpuPath path, double limit, int width)
    {
        IAdmKernels k = Kernels(path);
        var rng = new Random(width * 31 + (int)(limit * 10));
        var g0 = new AdmScaleGeometry(0, 2 * width, 18);
        AssertDecoupleWithZeros(
            g0,
            AdmPipeline.Sentinel16,
            () => (short)rng.Next(-4000, 4001),
            rng,
            (r, d, restored, additive) => AdmScalar.Instance.Decouple(r, d, g0, restored, additive, limit),
            (r, d, restored, additive) => k.Decouple(r, d, g0, restored, additive, limit),
            $"adm.decouple o=0 egl={limit} {path} {g0.Width}");

        var g1 = new AdmScaleGeometry(1, 2 * width, 18);
        AssertDecoupleWithZeros(
            g1,
            AdmPipeline.Sentinel32,
            () => AdmPipeline.Raw32(rng),
            rng,
            (r, d, restored, additive) => AdmScalar.Instance.DecoupleS123(r, d, g1, restored, additive, limit),
            (r, d, restored, additive) => k.DecoupleS123(r, d, g1, restored, additive, limit),
            $"adm.decouple_s123 o=0 egl={limit} {path} {g1.Width}");
    }

    /// <summary>One decouple stage, scalar against SIMD, on bands whose reference is zero at about half the positions.</summary>
    private static void AssertDecoupleWithZeros<T>(
        AdmScaleGeometry g, T sentinel, Func<T> next, Random rng, DecoupleCall<T> scalar, DecoupleCall<T> simd, string context)
        where T : unmanaged, IEquatable<T>
    {
        var reference = new GuardedBands<T>(g.Width, g.Height, false, sentinel);
        var distorted = reference.Clone();
        reference.FillBands(next);
        distorted.FillBands(next);
        ZeroAtSamePositions(reference.H, reference.V, reference.D, rng);
        var want = new GuardedBands<T>(g.Width, g.Height, false, sentinel);
        var wantAdditive = want.Clone();
        var got = want.Clone();
        var gotAdditive = want.Clone();
        scalar(reference.Bands, distorted.Bands, want.Bands, wantAdditive.Bands);
        simd(reference.Bands, distorted.Bands, got.Bands, gotAdditive.Bands);
        want.AssertEqual(got, context + " restored");
        wantAdditive.AssertEqual(gotAdditive, context + " additive");
    }

    /// <summary>A decouple stage's call on (reference, distorted, restored, additive) bands.</summary>
    private delegate void DecoupleCall<T>(AdmBands<T> reference, AdmBands<T> distorted, AdmBands<T> restored, AdmBands<T> additive)
        where T : unmanaged;

    private static void ZeroAtSamePositions<T>(T[] h, T[] v, T[] d, Random rng)
        where T : unmanaged
    {
        for (int i = 0; i < h.Length; i++)
        {
            if (rng.Next(2) == 0)
            {
                h[i] = default;
                v[i] = default;
                d[i] = default;
            }
        }
    }

    private static IAdmKernels Kernels(CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        return path == CpuPath.Avx2 ? AdmSimd<Simd256, Vector256<int>>.Instance : AdmSimd<Simd512, Vector512<int>>.Instance;
    }

    /// <summary>
    /// "gained": distorted = reference × a gain in [0.25, 4] per coefficient with a little noise, and the h/v pair
    /// kept within the 1° angle on most coefficients, so both sides of min(r · limit, t) occur; "raw": full range.
    /// </summary>
    private static void Fill<T>(GuardedBands<T> reference, GuardedBands<T> distorted, Random rng, string pattern, Func<double, T> narrow, int scale)
        where T : unmanaged, IEquatable<T>
    {
        if (pattern == "raw")
        {
            reference.FillBands(() => typeof(T) == typeof(short) ? (T)(object)AdmPipeline.Raw16(rng) : (T)(object)AdmPipeline.Raw32(rng));
            distorted.FillBands(() => typeof(T) == typeof(short) ? (T)(object)AdmPipeline.Raw16(rng) : (T)(object)AdmPipeline.Raw32(rng));
            return;
        }

        // One gain per position, shared by the h, v and d bands (filled one after another in the same order), so
        // (th, tv) stays parallel to (oh, ov) and the angle test passes wherever the noise leaves it alone.
        int positions = reference.Width * reference.Height;
        double[] gainAt = new double[positions];
        for (int i = 0; i < positions; i++)
        {
            gainAt[i] = rng.Next(4) == 0 ? 1.0 : 0.25 + (rng.NextDouble() * 3.75);
        }

        var targets = new Queue<double>();
        int n = 0;
        reference.FillBands(() =>
        {
            double o = rng.Next(8) == 0 ? 0 : Math.Round((rng.NextDouble() * 2 - 1) * scale);
            targets.Enqueue((o * gainAt[n++ % positions]) + (rng.Next(16) == 0 ? rng.Next(-3, 4) : 0));
            return narrow(o);
        });
        distorted.FillBands(() => narrow(Math.Round(targets.Dequeue())));
    }
}
