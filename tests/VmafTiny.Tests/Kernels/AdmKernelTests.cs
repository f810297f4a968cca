using System.Runtime.Intrinsics;
using VmafTiny.Features;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Simd;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// checkasm for integer ADM: every <see cref="IAdmKernels"/> stage of the AVX2 and AVX-512 variants against
/// <see cref="AdmScalar"/> on the same guarded inputs, over the width sweep (libvmaf's SIMD trouble widths
/// included), bit depths 8/10/12/16, seeds and patterns. Whole allocations are compared (guards included), and
/// each stage runs a second time with different garbage past the logical width, which must not change anything.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class AdmKernelTests
{
    private static readonly int[] Depths = [8, 10, 12, 16];

    /// <summary>Planes through the DWT: path × depth × width, seeds and patterns rotated over the widths.</summary>
    public static IEnumerable<object[]> PlaneCases => Cases(KernelInput.Patterns);

    /// <summary>As <see cref="PlaneCases"/>, plus full-range int16 bands ("raw") for the band stages.</summary>
    public static IEnumerable<object[]> BandCases => Cases([.. KernelInput.Patterns, "raw"]);

    [SkippableTheory]
    [MemberData(nameof(PlaneCases))]
    public void Dwt_scale0_matches_scalar(CpuPath path, int width, int height, int bitDepth, int seed, string pattern)
    {
        var (k, p) = Setup(path, width, height, bitDepth, seed, pattern);
        AdmScaleGeometry g = p.Geometry[0];
        string context = $"adm.dwt2_{(bitDepth == 8 ? 8 : 16)} {path} {p}";
        var got = new GuardedBands<short>(g.Width, g.Height, true, AdmPipeline.Sentinel16);
        p.Dwt0(k, p.Reference, got);
        p.Ref0.AssertEqual(got, context + " ref");
        got = new GuardedBands<short>(g.Width, g.Height, true, AdmPipeline.Sentinel16);
        p.Dwt0(k, p.Distorted, got);
        p.Dis0.AssertEqual(got, context + " dis");

        p.GarbageInPadding(p.Reference);
        got = new GuardedBands<short>(g.Width, g.Height, true, AdmPipeline.Sentinel16);
        p.Dwt0(k, p.Reference, got);
        p.Ref0.AssertEqual(got, context + " ref, other garbage past the width");
    }

    [SkippableTheory]
    [MemberData(nameof(BandCases))]
    public void Decouple_scale0_matches_scalar(CpuPath path, int width, int height, int bitDepth, int seed, string pattern)
    {
        var (k, p) = Setup(path, width, height, bitDepth, seed, pattern);
        AdmScaleGeometry g = p.Geometry[0];
        string context = $"adm.decouple {path} {p}";
        foreach (var (reference, distorted, note) in WithGarbage(p, p.Ref0, p.Dis0))
        {
            var restored = new GuardedBands<short>(g.Width, g.Height, false, AdmPipeline.Sentinel16);
            var additive = restored.Clone();
            k.Decouple(reference.Bands, distorted.Bands, g, restored.Bands, additive.Bands);
            p.Restored0.AssertEqual(restored, context + note + " restored");
            p.Additive0.AssertEqual(additive, context + note + " additive");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(BandCases))]
    public void Csf_scale0_matches_scalar(CpuPath path, int width, int height, int bitDepth, int seed, string pattern)
    {
        var (k, p) = Setup(path, width, height, bitDepth, seed, pattern);
        AdmScaleGeometry g = p.Geometry[0];
        foreach (var (additive, _, note) in WithGarbage(p, p.Additive0, p.Additive0))
        {
            var a = new GuardedBands<short>(g.Width, g.Height, false, AdmPipeline.Sentinel16);
            var f = a.Clone();
            k.Csf(additive.Bands, g, a.Bands, f.Bands);
            p.CsfA0.AssertEqual(a, $"adm.csf {path} {p}{note} csf_a");
            p.CsfF0.AssertEqual(f, $"adm.csf {path} {p}{note} csf_f");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(BandCases))]
    public void CsfDen_scale0_matches_scalar(CpuPath path, int width, int height, int bitDepth, int seed, string pattern)
    {
        var (k, p) = Setup(path, width, height, bitDepth, seed, pattern);
        foreach (var (reference, _, note) in WithGarbage(p, p.Ref0, p.Ref0))
        {
            KernelCheck.Equal(p.Den0, k.CsfDen(reference.Bands, p.Geometry[0]), $"adm.csf_den {path} {p}{note}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(BandCases))]

    // A scale 0 band of 5150 columns: more masking columns (4122) than the SIMD CmRow keeps on the stack, so its
    // threshold sums go to the heap.
    [InlineData(CpuPath.Avx2, 10300, 33, 8, 1, "random")]
    [InlineData(CpuPath.Avx512, 10300, 33, 8, 1, "random")]
    public void Cm_scale0_matches_scalar(CpuPath path, int width, int height, int bitDepth, int seed, string pattern)
    {
        var (k, p) = Setup(path, width, height, bitDepth, seed, pattern);
        foreach (var (restored, csfA, note) in WithGarbage(p, p.Restored0, p.CsfA0))
        {
            GuardedBands<short> csfF = note.Length == 0 ? p.CsfF0 : Garbled(p, p.CsfF0);
            KernelCheck.Equal(p.Num0, k.Cm(restored.Bands, csfA.Bands, csfF.Bands, p.Geometry[0]), $"adm.cm {path} {p}{note}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(BandCases))]
    public void Dwt_scales123_match_scalar(CpuPath path, int width, int height, int bitDepth, int seed, string pattern)
    {
        var (k, p) = Setup(path, width, height, bitDepth, seed, pattern);
        foreach (AdmPipeline.ScaleStage st in p.Scales)
        {
            AdmScaleGeometry g = st.Geometry;
            var scratch = new int[2 * g.InputWidth];
            var got = new GuardedBands<int>(g.Width, g.Height, true, AdmPipeline.Sentinel32);
            k.Dwt2S123(st.RefInput, st.InputStride, g, got.Bands, scratch);
            st.Ref.AssertEqual(got, $"adm.dwt2_s123 scale {g.Scale} {path} {p} ref");
            got = new GuardedBands<int>(g.Width, g.Height, true, AdmPipeline.Sentinel32);
            k.Dwt2S123(st.DisInput, st.InputStride, g, got.Bands, scratch);
            st.Dis.AssertEqual(got, $"adm.dwt2_s123 scale {g.Scale} {path} {p} dis");

            // The input is the previous scale's guarded band a: garbage in its guards (past the logical width
            // included) must not change anything.
            int[] garbled = st.GarbledInput(p.Rng, st.RefInputArray);
            got = new GuardedBands<int>(g.Width, g.Height, true, AdmPipeline.Sentinel32);
            k.Dwt2S123(garbled.AsSpan(st.InputStride + GuardedBands<int>.Guard), st.InputStride, g, got.Bands, scratch);
            st.Ref.AssertEqual(got, $"adm.dwt2_s123 scale {g.Scale} {path} {p} ref, other garbage in the input guards");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(BandCases))]

    // Scale 1 bands of 2575 columns: more masking columns (2061) than the SIMD CmRowS123 keep on the stack.
    [InlineData(CpuPath.Avx2, 10300, 33, 8, 1, "random")]
    [InlineData(CpuPath.Avx512, 10300, 33, 8, 1, "random")]
    public void Band_stages_scales123_match_scalar(CpuPath path, int width, int height, int bitDepth, int seed, string pattern)
    {
        var (k, p) = Setup(path, width, height, bitDepth, seed, pattern);
        foreach (AdmPipeline.ScaleStage st in p.Scales)
        {
            AdmScaleGeometry g = st.Geometry;
            string context = $"scale {g.Scale} {path} {p}";
            foreach (var (reference, distorted, note) in WithGarbage(p, st.BandRef, st.BandDis))
            {
                var restored = new GuardedBands<int>(g.Width, g.Height, false, AdmPipeline.Sentinel32);
                var additive = restored.Clone();
                k.DecoupleS123(reference.Bands, distorted.Bands, g, restored.Bands, additive.Bands);
                st.Restored.AssertEqual(restored, "adm.decouple_s123 " + context + note + " restored");
                st.Additive.AssertEqual(additive, "adm.decouple_s123 " + context + note + " additive");
                KernelCheck.Equal(st.Den, k.CsfDenS123(reference.Bands, g), "adm.csf_den_s123 " + context + note);
            }

            foreach (var (additive, restored, note) in WithGarbage(p, st.Additive, st.Restored))
            {
                var a = new GuardedBands<int>(g.Width, g.Height, false, AdmPipeline.Sentinel32);
                var f = a.Clone();
                k.CsfS123(additive.Bands, g, a.Bands, f.Bands);
                st.CsfA.AssertEqual(a, "adm.csf_s123 " + context + note + " csf_a");
                st.CsfF.AssertEqual(f, "adm.csf_s123 " + context + note + " csf_f");
                GuardedBands<int> csfA = note.Length == 0 ? st.CsfA : Garbled(p, st.CsfA);
                GuardedBands<int> csfF = note.Length == 0 ? st.CsfF : Garbled(p, st.CsfF);
                KernelCheck.Equal(st.Num, k.CmS123(restored.Bands, csfA.Bands, csfF.Bands, g), "adm.cm_s123 " + context + note);
            }
        }
    }

    [Fact]
    public void The_matrix_covers_every_path_depth_and_trouble_width()
    {
        var rows = BandCases.ToList();
        foreach (CpuPath path in new[] { CpuPath.Avx2, CpuPath.Avx512 })
        {
            foreach (int depth in Depths)
            {
                foreach (int w in new[] { 33, 34, 65, 66, 97, 98, 129, 130, 1920 })
                {
                    Assert.Contains(rows, r => (CpuPath)r[0] == path && (int)r[1] == w && (int)r[3] == depth);
                }
            }
        }

        Assert.Contains(rows, r => (string)r[5] == "raw" && (int)r[3] == 16);
        Assert.Contains(rows, r => (string)r[5] == "checker" && (int)r[3] == 16);
    }

    private static IEnumerable<object[]> Cases(string[] patterns)
    {
        int[] seeds = KernelInput.Seeds;
        // 46 and 90: scale 1 / scale 2 DWT inputs of 23 columns (7 mod 8), the widest tail an 8-column step leaves.
        int[] widths = [.. KernelInput.Widths, 46, 90];
        foreach (CpuPath path in new[] { CpuPath.Avx2, CpuPath.Avx512 })
        {
            foreach (int depth in Depths)
            {
                for (int i = 0; i < widths.Length; i++)
                {
                    // Heights 33..35 (odd and even band heights); 1080p width with a short frame to stay fast.
                    int height = widths[i] == 1920 ? 36 : 33 + (i % 3);
                    string pattern = patterns[(i + depth) % patterns.Length];
                    int seed = seeds[(i + (depth / 2)) % seeds.Length];
                    yield return [path, widths[i], height, depth, seed, pattern];
                }
            }
        }
    }

    private static (IAdmKernels Kernels, AdmPipeline Pipeline) Setup(CpuPath path, int width, int height, int bitDepth, int seed, string pattern)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        IAdmKernels kernels = path switch
        {
            CpuPath.Avx2 => AdmSimd<Simd256, Vector256<int>>.Instance,
            CpuPath.Avx512 => AdmSimd<Simd512, Vector512<int>>.Instance,
            _ => throw new ArgumentOutOfRangeException(nameof(path)),
        };
        return (kernels, new AdmPipeline(width, height, bitDepth, seed, pattern));
    }

    /// <summary>The inputs as they are (scalar's guards), then copies with random garbage in every guard.</summary>
    private static IEnumerable<(GuardedBands<T> First, GuardedBands<T> Second, string Note)> WithGarbage<T>(AdmPipeline p, GuardedBands<T> first, GuardedBands<T> second)
        where T : unmanaged, IEquatable<T>
    {
        yield return (first, second, string.Empty);
        yield return (Garbled(p, first), Garbled(p, second), ", other garbage in the guards");
    }

    private static GuardedBands<T> Garbled<T>(AdmPipeline p, GuardedBands<T> bands)
        where T : unmanaged, IEquatable<T>
    {
        GuardedBands<T> copy = bands.Clone();
        if (typeof(T) == typeof(short))
        {
            copy.FillGuards(() => (T)(object)AdmPipeline.Raw16(p.Rng));
        }
        else
        {
            copy.FillGuards(() => (T)(object)p.Rng.Next(int.MinValue, int.MaxValue));
        }

        return copy;
    }
}
