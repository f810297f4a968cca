using VmafTiny.Features.Adm;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// Whole-stage drivers over <see cref="IAdmKernels"/>' row stages: each runs one stage over every row of a scale's
/// band planes, as libvmaf's functions do (<c>adm_dwt2_8</c>, <c>adm_decouple</c>, ..., the row sums shifted and
/// accumulated as in C), so the harness and the benchmarks can swap one stage at a time on whole planes.
/// </summary>
/// <remarks>Compiled into the tests and, linked, into the benchmarks; the extractor streams rows itself.</remarks>
internal static class AdmStages
{
    /// <summary><c>adm_dwt2_8</c>: every band row of an 8-bit plane.</summary>
    public static void Dwt2_8(this IAdmKernels k, ReadOnlySpan<byte> source, int stride, AdmScaleGeometry g, AdmBands<short> destination, Span<short> scratch)
    {
        int w = g.InputWidth;
        int[] t = g.RowTaps;
        for (int i = 0; i < g.Height; i++)
        {
            k.Dwt2Row8(
                source.Slice(t[4 * i] * stride, w),
                source.Slice(t[(4 * i) + 1] * stride, w),
                source.Slice(t[(4 * i) + 2] * stride, w),
                source.Slice(t[(4 * i) + 3] * stride, w),
                g,
                destination.Row(i, g.Width),
                scratch);
        }
    }

    /// <summary><c>adm_dwt2_16</c>: every band row of a 9..16-bit plane.</summary>
    public static void Dwt2_16(this IAdmKernels k, ReadOnlySpan<ushort> source, int stride, int bitDepth, AdmScaleGeometry g, AdmBands<short> destination, Span<short> scratch)
    {
        int w = g.InputWidth;
        int[] t = g.RowTaps;
        for (int i = 0; i < g.Height; i++)
        {
            k.Dwt2Row16(
                source.Slice(t[4 * i] * stride, w),
                source.Slice(t[(4 * i) + 1] * stride, w),
                source.Slice(t[(4 * i) + 2] * stride, w),
                source.Slice(t[(4 * i) + 3] * stride, w),
                bitDepth,
                g,
                destination.Row(i, g.Width),
                scratch);
        }
    }

    /// <summary><c>adm_dwt2_s123_combined</c> for one image: every band row from the previous band a.</summary>
    public static void Dwt2S123(this IAdmKernels k, ReadOnlySpan<int> source, int stride, AdmScaleGeometry g, AdmBands<int> destination, Span<int> scratch)
    {
        int w = g.InputWidth;
        int[] t = g.RowTaps;
        for (int i = 0; i < g.Height; i++)
        {
            k.Dwt2RowS123(
                source.Slice(t[4 * i] * stride, w),
                source.Slice(t[(4 * i) + 1] * stride, w),
                source.Slice(t[(4 * i) + 2] * stride, w),
                source.Slice(t[(4 * i) + 3] * stride, w),
                g,
                destination.Row(i, g.Width),
                scratch);
        }
    }

    /// <summary><c>adm_decouple</c>: the rows of the decouple/CSF region.</summary>
    public static void Decouple(this IAdmKernels k, AdmBands<short> reference, AdmBands<short> distorted, AdmScaleGeometry g, AdmBands<short> restored, AdmBands<short> additive, double gainLimit = AdmTables.EnhancementGainLimit)
    {
        for (int i = g.Taps.Top; i < g.Taps.Bottom; i++)
        {
            k.DecoupleRow(reference.Row(i, g.Width), distorted.Row(i, g.Width), g, gainLimit, restored.Row(i, g.Width), additive.Row(i, g.Width));
        }
    }

    /// <summary><c>adm_decouple_s123</c>.</summary>
    public static void DecoupleS123(this IAdmKernels k, AdmBands<int> reference, AdmBands<int> distorted, AdmScaleGeometry g, AdmBands<int> restored, AdmBands<int> additive, double gainLimit = AdmTables.EnhancementGainLimit)
    {
        for (int i = g.Taps.Top; i < g.Taps.Bottom; i++)
        {
            k.DecoupleRowS123(reference.Row(i, g.Width), distorted.Row(i, g.Width), g, gainLimit, restored.Row(i, g.Width), additive.Row(i, g.Width));
        }
    }

    /// <summary><c>adm_csf</c>.</summary>
    public static void Csf(this IAdmKernels k, AdmBands<short> additive, AdmScaleGeometry g, AdmBands<short> csfA, AdmBands<short> csfF)
    {
        for (int i = g.Taps.Top; i < g.Taps.Bottom; i++)
        {
            k.CsfRow(additive.Row(i, g.Width), g, csfA.Row(i, g.Width), csfF.Row(i, g.Width));
        }
    }

    /// <summary><c>i4_adm_csf</c>.</summary>
    public static void CsfS123(this IAdmKernels k, AdmBands<int> additive, AdmScaleGeometry g, AdmBands<int> csfA, AdmBands<int> csfF)
    {
        for (int i = g.Taps.Top; i < g.Taps.Bottom; i++)
        {
            k.CsfRowS123(additive.Row(i, g.Width), g, csfA.Row(i, g.Width), csfF.Row(i, g.Width));
        }
    }

    /// <summary><c>adm_csf_den_scale</c>'s integer part: row sums shifted with rounding, summed over the pooling rows.</summary>
    public static AdmDenSums CsfDen(this IAdmKernels k, AdmBands<short> reference, AdmScaleGeometry g)
    {
        ulong h = 0, v = 0, d = 0;
        int shift = g.DenRowShift;
        ulong add = (ulong)AdmScaleGeometry.RoundingOf(shift);
        for (int i = g.Evaluation.Top; i < g.Evaluation.Bottom; i++)
        {
            AdmDenSums row = k.CsfDenRow(reference.Row(i, g.Width), g);
            h += (row.H + add) >> shift;
            v += (row.V + add) >> shift;
            d += (row.D + add) >> shift;
        }

        return new AdmDenSums(h, v, d);
    }

    /// <summary><c>adm_csf_den_s123</c>'s integer part.</summary>
    public static AdmDenSums CsfDenS123(this IAdmKernels k, AdmBands<int> reference, AdmScaleGeometry g)
    {
        ulong h = 0, v = 0, d = 0;
        int shift = g.DenRowShift;
        ulong add = (ulong)AdmScaleGeometry.RoundingOf(shift);
        for (int i = g.Evaluation.Top; i < g.Evaluation.Bottom; i++)
        {
            AdmDenSums row = k.CsfDenRowS123(reference.Row(i, g.Width), g);
            h += (row.H + add) >> shift;
            v += (row.V + add) >> shift;
            d += (row.D + add) >> shift;
        }

        return new AdmDenSums(h, v, d);
    }

    /// <summary><c>adm_cm</c>'s integer part, with libvmaf's border rows (mirror at the top, replicate at the bottom).</summary>
    public static AdmNumSums Cm(this IAdmKernels k, AdmBands<short> restored, AdmBands<short> csfA, AdmBands<short> csfF, AdmScaleGeometry g)
    {
        long h = 0, v = 0, d = 0;
        int shift = g.CmRowShift;
        long add = AdmScaleGeometry.RoundingOf(shift);
        int w = g.Width;
        for (int i = g.Evaluation.Top; i < g.Evaluation.Bottom; i++)
        {
            int up = i == 0 ? 1 : i - 1, down = i == g.Height - 1 ? i : i + 1;
            AdmNumSums row = k.CmRow(restored.Row(i, w), csfA.Row(i, w), csfF.Row(up, w), csfF.Row(i, w), csfF.Row(down, w), g);
            h += (row.H + add) >> shift;
            v += (row.V + add) >> shift;
            d += (row.D + add) >> shift;
        }

        return new AdmNumSums(h, v, d);
    }

    /// <summary><c>i4_adm_cm</c>'s integer part.</summary>
    public static AdmNumSums CmS123(this IAdmKernels k, AdmBands<int> restored, AdmBands<int> csfA, AdmBands<int> csfF, AdmScaleGeometry g)
    {
        long h = 0, v = 0, d = 0;
        int shift = g.CmRowShift;
        long add = AdmScaleGeometry.RoundingOf(shift);
        int w = g.Width;
        for (int i = g.Evaluation.Top; i < g.Evaluation.Bottom; i++)
        {
            int up = i == 0 ? 1 : i - 1, down = i == g.Height - 1 ? i : i + 1;
            AdmNumSums row = k.CmRowS123(restored.Row(i, w), csfA.Row(i, w), csfF.Row(up, w), csfF.Row(i, w), csfF.Row(down, w), g);
            h += (row.H + add) >> shift;
            v += (row.V + add) >> shift;
            d += (row.D + add) >> shift;
        }

        return new AdmNumSums(h, v, d);
    }
}
