using System.Numerics;
using System.Runtime.CompilerServices;

namespace VmafTiny.Features.Adm;

/// <summary>
/// Plain C# integer ADM: a straight port of libvmaf's C path, the oracle every other
/// <see cref="IAdmKernels"/> is held to. Clarity first; only obvious hoisting for speed.
/// </summary>
/// <remarks>
/// Port of integer_adm.c (libvmaf f85a8536): adm_dwt2_8, adm_dwt2_16, adm_dwt2_s123_combined, adm_decouple,
/// adm_decouple_s123, adm_csf, i4_adm_csf, adm_csf_den_scale, adm_csf_den_s123, adm_cm and i4_adm_cm (the
/// non-AIM call of each), one band row per call (the body of each function's row loop). Every narrowing C does (int16 stores, int32 casts, shifts of signed values that
/// overflow) is reproduced with two's-complement wrap-around, marked <c>unchecked</c>.
/// </remarks>
internal sealed class AdmScalar : IAdmKernels
{
    /// <summary>The one instance (the class is stateless).</summary>
    public static readonly AdmScalar Instance = new();

    private AdmScalar()
    {
    }

    /// <summary>Always true: plain C# runs everywhere.</summary>
    public static bool IsSupported => true;

    /// <inheritdoc/>
    public string Name => "scalar";

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: adm_dwt2_8, the body of its row loop.</remarks>
    public void Dwt2Row8(ReadOnlySpan<byte> r0, ReadOnlySpan<byte> r1, ReadOnlySpan<byte> r2, ReadOnlySpan<byte> r3, AdmScaleGeometry geometry, in AdmRow<short> destination, Span<short> scratch)
    {
        int w = geometry.InputWidth;
        Span<short> lo = scratch[..w];
        Span<short> hi = scratch.Slice(w, w);
        VerticalS0(r0, r1, r2, r3, 8, lo, hi, 0, w);
        HorizontalS0(lo, hi, geometry, destination, 0, geometry.Width);
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: adm_dwt2_16, the body of its row loop.</remarks>
    public void Dwt2Row16(ReadOnlySpan<ushort> r0, ReadOnlySpan<ushort> r1, ReadOnlySpan<ushort> r2, ReadOnlySpan<ushort> r3, int bitDepth, AdmScaleGeometry geometry, in AdmRow<short> destination, Span<short> scratch)
    {
        int w = geometry.InputWidth;
        Span<short> lo = scratch[..w];
        Span<short> hi = scratch.Slice(w, w);
        VerticalS0(r0, r1, r2, r3, bitDepth, lo, hi, 0, w);
        HorizontalS0(lo, hi, geometry, destination, 0, geometry.Width);
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: adm_dwt2_s123_combined, the body of its row loop for one image.</remarks>
    public void Dwt2RowS123(ReadOnlySpan<int> r0, ReadOnlySpan<int> r1, ReadOnlySpan<int> r2, ReadOnlySpan<int> r3, AdmScaleGeometry geometry, in AdmRow<int> destination, Span<int> scratch)
    {
        int w = geometry.InputWidth;
        Span<int> lo = scratch[..w];
        Span<int> hi = scratch.Slice(w, w);
        VerticalS123(r0, r1, r2, r3, geometry.Scale, lo, hi, 0, w);
        HorizontalS123(lo, hi, geometry, destination, 0, geometry.Width);
    }

    /// <summary>
    /// Scales 1–3 vertical pass over one output row: lo and hi filters of 4 input rows in int64, plus the
    /// per-scale rounding, shifted and cast to int32 as C does; input columns [start, end) (the SIMD remainder).
    /// </summary>
    internal static void VerticalS123(ReadOnlySpan<int> r0, ReadOnlySpan<int> r1, ReadOnlySpan<int> r2, ReadOnlySpan<int> r3, int scale, Span<int> lo, Span<int> hi, int start, int end)
    {
        int vAdd = AdmTables.DwtS123VerticalAdd[scale - 1];
        int vShift = AdmTables.DwtS123VerticalShift[scale - 1];
        ReadOnlySpan<int> fl = AdmTables.DwtLo;
        ReadOnlySpan<int> fh = AdmTables.DwtHi;
        long l0 = fl[0], l1 = fl[1], l2 = fl[2], l3 = fl[3];
        long h0 = fh[0], h1 = fh[1], h2 = fh[2], h3 = fh[3];
        for (int j = start; j < end; j++)
        {
            long p0 = r0[j], p1 = r1[j], p2 = r2[j], p3 = r3[j];

            // int64 accumulation, then C's (int32_t) cast of the shifted value.
            lo[j] = unchecked((int)((l0 * p0 + l1 * p1 + l2 * p2 + l3 * p3 + vAdd) >> vShift));
            hi[j] = unchecked((int)((h0 * p0 + h1 * p1 + h2 * p2 + h3 * p3 + vAdd) >> vShift));
        }
    }

    /// <summary>
    /// Scales 1–3 horizontal pass of one output row into a, v (from lo) and h, d (from hi), int64 sums with the
    /// per-scale rounding and shift, output columns [start, end) (the SIMD variants' column 0 and mirrored tail).
    /// </summary>
    internal static void HorizontalS123(ReadOnlySpan<int> lo, ReadOnlySpan<int> hi, AdmScaleGeometry geometry, in AdmRow<int> destination, int start, int end)
    {
        int hAdd = AdmTables.DwtS123HorizontalAdd[geometry.Scale - 1];
        int hShift = AdmTables.DwtS123HorizontalShift[geometry.Scale - 1];
        ReadOnlySpan<int> fl = AdmTables.DwtLo;
        ReadOnlySpan<int> fh = AdmTables.DwtHi;
        long l0 = fl[0], l1 = fl[1], l2 = fl[2], l3 = fl[3];
        long h0 = fh[0], h1 = fh[1], h2 = fh[2], h3 = fh[3];
        ReadOnlySpan<int> colTaps = geometry.ColumnTaps;
        Span<int> a = destination.A[..geometry.Width];
        Span<int> v = destination.V[..geometry.Width];
        Span<int> h = destination.H[..geometry.Width];
        Span<int> d = destination.D[..geometry.Width];
        for (int j = start; j < end; j++)
        {
            int c0 = colTaps[4 * j], c1 = colTaps[4 * j + 1], c2 = colTaps[4 * j + 2], c3 = colTaps[4 * j + 3];
            long s0 = lo[c0], s1 = lo[c1], s2 = lo[c2], s3 = lo[c3];
            a[j] = unchecked((int)((l0 * s0 + l1 * s1 + l2 * s2 + l3 * s3 + hAdd) >> hShift));
            v[j] = unchecked((int)((h0 * s0 + h1 * s1 + h2 * s2 + h3 * s3 + hAdd) >> hShift));
            s0 = hi[c0];
            s1 = hi[c1];
            s2 = hi[c2];
            s3 = hi[c3];
            h[j] = unchecked((int)((l0 * s0 + l1 * s1 + l2 * s2 + l3 * s3 + hAdd) >> hShift));
            d[j] = unchecked((int)((h0 * s0 + h1 * s1 + h2 * s2 + h3 * s3 + hAdd) >> hShift));
        }
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: adm_decouple, the body of its row loop.</remarks>
    public void DecoupleRow(in AdmRow<short> reference, in AdmRow<short> distorted, AdmScaleGeometry geometry, double gainLimit, in AdmRow<short> restored, in AdmRow<short> additive) =>
        DecoupleRange(reference, distorted, restored, additive, geometry.Taps.Left, geometry.Taps.Right, gainLimit);

    /// <summary>
    /// <see cref="DecoupleRow"/> over columns [<paramref name="start"/>, <paramref name="end"/>): the remainder helper
    /// of the SIMD variants.
    /// </summary>
    internal static void DecoupleRange(in AdmRow<short> reference, in AdmRow<short> distorted, in AdmRow<short> restored, in AdmRow<short> additive, int start, int end, double gainLimit)
    {
        int[] divLookup = AdmTables.DivLookup;
        int n = end - start;
        ReadOnlySpan<short> oH = reference.H.Slice(start, n), oV = reference.V.Slice(start, n), oD = reference.D.Slice(start, n);
        ReadOnlySpan<short> tH = distorted.H.Slice(start, n), tV = distorted.V.Slice(start, n), tD = distorted.D.Slice(start, n);
        Span<short> rH = restored.H.Slice(start, n), rV = restored.V.Slice(start, n), rD = restored.D.Slice(start, n);
        Span<short> aH = additive.H.Slice(start, n), aV = additive.V.Slice(start, n), aD = additive.D.Slice(start, n);
        for (int j = 0; j < n; j++)
        {
            int oh = oH[j], ov = oV[j], od = oD[j];
            int th = tH[j], tv = tV[j], td = tD[j];
            bool angle = AngleFlag(oh, ov, th, tv);

            short rh = RestoreS0(oh, th, angle, divLookup, gainLimit);
            short rv = RestoreS0(ov, tv, angle, divLookup, gainLimit);
            short rd = RestoreS0(od, td, angle, divLookup, gainLimit);
            rH[j] = rh;
            rV[j] = rv;
            rD[j] = rd;
            aH[j] = unchecked((short)(th - rh));
            aV[j] = unchecked((short)(tv - rv));
            aD[j] = unchecked((short)(td - rd));
        }
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: adm_decouple_s123, the body of its row loop.</remarks>
    public void DecoupleRowS123(in AdmRow<int> reference, in AdmRow<int> distorted, AdmScaleGeometry geometry, double gainLimit, in AdmRow<int> restored, in AdmRow<int> additive) =>
        DecoupleRangeS123(reference, distorted, restored, additive, geometry.Taps.Left, geometry.Taps.Right, gainLimit);

    /// <summary>
    /// <see cref="DecoupleRowS123"/> over columns [<paramref name="start"/>, <paramref name="end"/>): the remainder
    /// helper of the SIMD variants.
    /// </summary>
    internal static void DecoupleRangeS123(in AdmRow<int> reference, in AdmRow<int> distorted, in AdmRow<int> restored, in AdmRow<int> additive, int start, int end, double gainLimit)
    {
        int[] divLookup = AdmTables.DivLookup;
        int n = end - start;
        ReadOnlySpan<int> oH = reference.H.Slice(start, n), oV = reference.V.Slice(start, n), oD = reference.D.Slice(start, n);
        ReadOnlySpan<int> tH = distorted.H.Slice(start, n), tV = distorted.V.Slice(start, n), tD = distorted.D.Slice(start, n);
        Span<int> rH = restored.H.Slice(start, n), rV = restored.V.Slice(start, n), rD = restored.D.Slice(start, n);
        Span<int> aH = additive.H.Slice(start, n), aV = additive.V.Slice(start, n), aD = additive.D.Slice(start, n);
        for (int j = 0; j < n; j++)
        {
            int oh = oH[j], ov = oV[j], od = oD[j];
            int th = tH[j], tv = tV[j], td = tD[j];
            bool angle = AngleFlag(oh, ov, th, tv);

            int rh = RestoreS123(oh, th, angle, divLookup, gainLimit);
            int rv = RestoreS123(ov, tv, angle, divLookup, gainLimit);
            int rd = RestoreS123(od, td, angle, divLookup, gainLimit);
            rH[j] = rh;
            rV[j] = rv;
            rD[j] = rd;
            aH[j] = unchecked(th - rh);
            aV[j] = unchecked(tv - rv);
            aD[j] = unchecked(td - rd);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: adm_csf (measure_aim = false, default view: hard-coded i_rfactor), one row.</remarks>
    public void CsfRow(in AdmRow<short> additive, AdmScaleGeometry geometry, in AdmRow<short> csfA, in AdmRow<short> csfF)
    {
        for (int theta = 0; theta < 3; theta++)
        {
            CsfRange(additive, csfA, csfF, theta, geometry.Taps.Left, geometry.Taps.Right);
        }
    }

    /// <summary>
    /// <see cref="CsfRow"/> of orientation <paramref name="theta"/>, columns [<paramref name="start"/>,
    /// <paramref name="end"/>): the remainder helper of the SIMD variants.
    /// </summary>
    internal static void CsfRange(in AdmRow<short> additive, in AdmRow<short> csfA, in AdmRow<short> csfF, int theta, int start, int end)
    {
        int factor = AdmTables.IRFactorScale0[theta];
        int shift = AdmTables.CsfScale0Shift[theta];
        int add = AdmTables.CsfScale0Add[theta];
        int n = end - start;
        ReadOnlySpan<short> a = additive.Detail(theta).Slice(start, n);
        Span<short> rowA = csfA.Detail(theta).Slice(start, n);
        Span<short> rowF = csfF.Detail(theta).Slice(start, n);
        for (int j = 0; j < n; j++)
        {
            // |factor · a| < 49417 · 32768 < 2^31; the int16 store can wrap (replicated).
            short c = unchecked((short)((factor * a[j] + add) >> shift));
            rowA[j] = c;

            // ≤ 4369 · 32768 fits int32; the int16 store wraps for |c| > 30720 (replicated).
            rowF[j] = unchecked((short)((AdmTables.OneBy30Q17 * CAbs(c) + 2048) >> 12));
        }
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: i4_adm_csf (measure_aim = false), one row.</remarks>
    public void CsfRowS123(in AdmRow<int> additive, AdmScaleGeometry geometry, in AdmRow<int> csfA, in AdmRow<int> csfF)
    {
        for (int theta = 0; theta < 3; theta++)
        {
            CsfRangeS123(additive, csfA, csfF, geometry.Scale, theta, geometry.Taps.Left, geometry.Taps.Right);
        }
    }

    /// <summary>
    /// <see cref="CsfRowS123"/> of orientation <paramref name="theta"/>, columns [<paramref name="start"/>,
    /// <paramref name="end"/>): the remainder helper of the SIMD variants.
    /// </summary>
    internal static void CsfRangeS123(in AdmRow<int> additive, in AdmRow<int> csfA, in AdmRow<int> csfF, int scale, int theta, int start, int end)
    {
        long factor = AdmTables.IRFactorS123[3 * (scale - 1) + theta];
        int n = end - start;
        ReadOnlySpan<int> a = additive.Detail(theta).Slice(start, n);
        Span<int> rowA = csfA.Detail(theta).Slice(start, n);
        Span<int> rowF = csfF.Detail(theta).Slice(start, n);
        for (int j = 0; j < n; j++)
        {
            int c = unchecked((int)((factor * a[j] + (1 << 27)) >> 28));
            rowA[j] = c;
            rowF[j] = unchecked((int)((AdmTables.OneBy30Q32 * CAbs(c) + AdmTables.MinusHalfQ32) >> 32));
        }
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: adm_csf_den_scale, the inner loop of one row.</remarks>
    public AdmDenSums CsfDenRow(in AdmRow<short> reference, AdmScaleGeometry geometry) =>
        CsfDenRange(reference, geometry.Evaluation.Left, geometry.Evaluation.Right);

    /// <summary>
    /// Σ|o|³ per orientation over columns [<paramref name="start"/>, <paramref name="end"/>) (<see cref="CsfDenRow"/>;
    /// the SIMD remainder).
    /// </summary>
    internal static AdmDenSums CsfDenRange(in AdmRow<short> reference, int start, int end)
    {
        ulong innerH = 0, innerV = 0, innerD = 0;
        for (int j = start; j < end; j++)
        {
            // (uint16_t)abs(x) ≤ 32768, so each cube < 2^45; a row stays far below 2^64.
            ulong h = (ushort)CAbs(reference.H[j]);
            ulong v = (ushort)CAbs(reference.V[j]);
            ulong d = (ushort)CAbs(reference.D[j]);
            innerH += h * h * h;
            innerV += v * v * v;
            innerD += d * d * d;
        }

        return new AdmDenSums(innerH, innerV, innerD);
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: adm_csf_den_s123, the inner loop of one row.</remarks>
    public AdmDenSums CsfDenRowS123(in AdmRow<int> reference, AdmScaleGeometry geometry) =>
        CsfDenRangeS123(reference, geometry, geometry.Evaluation.Left, geometry.Evaluation.Right);

    /// <summary>
    /// <see cref="CsfDenRowS123"/> over columns [<paramref name="start"/>, <paramref name="end"/>): the SIMD remainder.
    /// </summary>
    internal static AdmDenSums CsfDenRangeS123(in AdmRow<int> reference, AdmScaleGeometry geometry, int start, int end)
    {
        int squareShift = AdmTables.DenS123SquareShift[geometry.Scale - 1];

        // C adds 1u << shift_sq, not half of it: a +1 bias on every square, replicated.
        ulong squareAdd = 1UL << squareShift;
        int cubeShift = geometry.DenCubeShift;
        ulong cubeAdd = (ulong)AdmScaleGeometry.RoundingOf(cubeShift);
        ulong innerH = 0, innerV = 0, innerD = 0;
        for (int j = start; j < end; j++)
        {
            innerH += DenCubeS123((uint)CAbs(reference.H[j]), squareAdd, squareShift, cubeAdd, cubeShift);
            innerV += DenCubeS123((uint)CAbs(reference.V[j]), squareAdd, squareShift, cubeAdd, cubeShift);
            innerD += DenCubeS123((uint)CAbs(reference.D[j]), squareAdd, squareShift, cubeAdd, cubeShift);
        }

        return new AdmDenSums(innerH, innerV, innerD);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Port of integer_adm.c: adm_cm (measure_aim = false), the inner loop of one row. libvmaf splits the region into
    /// row 0, the inner rows and row h − 1, each with its own border macros; the caller maps the border rows
    /// (mirror at the top, −1 → 1; replicate at the bottom, h → h − 1) and this row mirrors its columns likewise.
    /// </remarks>
    public AdmNumSums CmRow(in AdmRow<short> restored, in AdmRow<short> csfA, in AdmRow<short> csfFUp, in AdmRow<short> csfF, in AdmRow<short> csfFDown, AdmScaleGeometry geometry) =>
        CmRange(restored, csfA, csfFUp, csfF, csfFDown, geometry, geometry.Evaluation.Left, geometry.Evaluation.Right);

    /// <summary>
    /// <see cref="CmRow"/> over columns [<paramref name="start"/>, <paramref name="end"/>): the SIMD remainder, and
    /// every border column.
    /// </summary>
    internal static AdmNumSums CmRange(in AdmRow<short> restored, in AdmRow<short> csfA, in AdmRow<short> csfFUp, in AdmRow<short> csfF, in AdmRow<short> csfFDown, AdmScaleGeometry geometry, int start, int end)
    {
        int w = geometry.Width;
        ReadOnlySpan<int> irf = AdmTables.IRFactorScale0;
        int irfH = irf[0], irfV = irf[1], irfD = irf[2];
        ReadOnlySpan<int> thrShift = AdmTables.CmScale0ThresholdShift;
        int thrShiftHv = thrShift[0], thrShiftD = thrShift[2];
        ReadOnlySpan<int> sqShift = AdmTables.CmScale0SquareShift;
        int sqShiftHv = sqShift[0], sqShiftD = sqShift[2];
        int cubeShiftHv = geometry.CmCubeShiftHv, cubeShiftD = geometry.CmCubeShiftD;
        long cubeAddHv = AdmScaleGeometry.RoundingOf(cubeShiftHv), cubeAddD = AdmScaleGeometry.RoundingOf(cubeShiftD);
        var th = new Neighbourhood<short>(csfA.H, csfFUp.H, csfF.H, csfFDown.H, w);
        var tv = new Neighbourhood<short>(csfA.V, csfFUp.V, csfF.V, csfFDown.V, w);
        var td = new Neighbourhood<short>(csfA.D, csfFUp.D, csfF.D, csfFDown.D, w);
        ReadOnlySpan<short> rh = restored.H[..w], rv = restored.V[..w], rd = restored.D[..w];
        long innerH = 0, innerV = 0, innerD = 0;
        for (int j = start; j < end; j++)
        {
            // Columns: mirror on the left, replicate on the right (as the rows).
            int left = j == 0 ? 1 : j - 1;
            int right = j == w - 1 ? w - 1 : j + 1;
            int thr = unchecked(th.ThresholdS0(left, j, right) + tv.ThresholdS0(left, j, right) + td.ThresholdS0(left, j, right));
            innerH += MaskedCubeS0(rh[j] * irfH, thr, thrShiftHv, sqShiftHv, cubeAddHv, cubeShiftHv);
            innerV += MaskedCubeS0(rv[j] * irfV, thr, thrShiftHv, sqShiftHv, cubeAddHv, cubeShiftHv);
            innerD += MaskedCubeS0(rd[j] * irfD, thr, thrShiftD, sqShiftD, cubeAddD, cubeShiftD);
        }

        return new AdmNumSums(innerH, innerV, innerD);
    }

    /// <inheritdoc/>
    /// <remarks>Port of integer_adm.c: i4_adm_cm (measure_aim = false), the inner loop of one row; borders as <see cref="CmRow"/>.</remarks>
    public AdmNumSums CmRowS123(in AdmRow<int> restored, in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, AdmScaleGeometry geometry) =>
        CmRangeS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, geometry.Evaluation.Left, geometry.Evaluation.Right);

    /// <summary>
    /// Most columns whose threshold sums a SIMD scales 1-3 <c>CmRow</c> keeps on the stack (16 kB; scale 1 of a frame up to
    /// about 10000 columns); wider bands allocate.
    /// </summary>
    internal const int CmStackColumnsS123 = 2048;

    /// <summary>
    /// The scalar edges of a SIMD scales 1-3 <c>CmRow</c>: the vector columns are [<paramref name="first"/>,
    /// <paramref name="last"/>) (each with both neighbours inside the band), <paramref name="head"/> the sums of the
    /// evaluated columns left of them. Returns true, with the whole row's sums in <paramref name="whole"/>, when fewer
    /// than <paramref name="minimum"/> columns are left for the vectors (the row is then all scalar).
    /// </summary>
    internal static bool CmEdgesS123(
        AdmRow<int> restored, in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, AdmScaleGeometry geometry, int minimum,
        out int first, out int last, out AdmNumSums head, out AdmNumSums whole)
    {
        AdmRegion region = geometry.Evaluation;
        first = Math.Max(region.Left, 1);
        last = Math.Min(region.Right, geometry.Width - 1);
        head = region.Left < first ? CmRangeS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, region.Left, first) : default;
        whole = default;
        if (last - first >= minimum)
        {
            return false;
        }

        AdmNumSums rest = CmRangeS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, first, region.Right);
        whole = new AdmNumSums(head.H + rest.H, head.V + rest.V, head.D + rest.D);
        return true;
    }

    /// <summary>
    /// <see cref="CmRowS123"/> over columns [<paramref name="start"/>, <paramref name="end"/>): the SIMD remainder,
    /// and every border column.
    /// </summary>
    internal static AdmNumSums CmRangeS123(in AdmRow<int> restored, in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, AdmScaleGeometry geometry, int start, int end)
    {
        int w = geometry.Width;
        int s = 3 * (geometry.Scale - 1);
        long irfH = AdmTables.IRFactorS123[s], irfV = AdmTables.IRFactorS123[s + 1], irfD = AdmTables.IRFactorS123[s + 2];
        int cubeShift = geometry.CmCubeShiftHv;
        long cubeAdd = AdmScaleGeometry.RoundingOf(cubeShift);
        var th = new Neighbourhood<int>(csfA.H, csfFUp.H, csfF.H, csfFDown.H, w);
        var tv = new Neighbourhood<int>(csfA.V, csfFUp.V, csfF.V, csfFDown.V, w);
        var td = new Neighbourhood<int>(csfA.D, csfFUp.D, csfF.D, csfFDown.D, w);
        ReadOnlySpan<int> rh = restored.H[..w], rv = restored.V[..w], rd = restored.D[..w];
        long innerH = 0, innerV = 0, innerD = 0;
        for (int j = start; j < end; j++)
        {
            int left = j == 0 ? 1 : j - 1;
            int right = j == w - 1 ? w - 1 : j + 1;
            int thr = unchecked(th.ThresholdS123(left, j, right) + tv.ThresholdS123(left, j, right) + td.ThresholdS123(left, j, right));
            innerH += MaskedCubeS123(rh[j], irfH, thr, cubeAdd, cubeShift);
            innerV += MaskedCubeS123(rv[j], irfV, thr, cubeAdd, cubeShift);
            innerD += MaskedCubeS123(rd[j], irfD, thr, cubeAdd, cubeShift);
        }

        return new AdmNumSums(innerH, innerV, innerD);
    }

    /// <summary>C's <c>abs</c> on int32 as gcc compiles it: <c>abs(INT_MIN)</c> stays INT_MIN instead of throwing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int CAbs(int x)
    {
        int mask = x >> 31;
        return unchecked((x ^ mask) - mask);
    }

    /// <summary>
    /// The 1° angle test between (oh, ov) and (th, tv): (o·t ≥ 0) and (o·t)² ≥ cos²(1°)·|o|²·|t|², with each
    /// int64 first rounded to float, divided by 4096 in double, compared in double (C's evaluation order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool AngleFlag(int oh, int ov, int th, int tv)
    {
        long dot = (long)oh * th + (long)ov * tv;
        long oo = (long)oh * oh + (long)ov * ov;
        long tt = (long)th * th + (long)tv * tv;
        double dotF = (float)dot / 4096.0;
        return dotF >= 0.0 && dotF * dotF >= AdmTables.CosOneDegreeSquared * ((float)oo / 4096.0) * ((float)tt / 4096.0);
    }

    /// <summary>
    /// Scale 0 restored coefficient: k = clamp(t/o, 0, 1) in Q15 through the reciprocal table, r = k·o, then the
    /// enhancement rule when the angle test passed: r = trunc(min(r · gain limit, t)) (max for o &lt; 0), in double.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static short RestoreS0(int o, int t, bool angle, int[] divLookup, double gainLimit)
    {
        // div_lookup · t < 2^30 · 2^15, so the int64 product is exact; C narrows the shifted value to int32.
        int k = o == 0 ? 32768 : unchecked((int)(((long)divLookup[o + 32768] * t + 16384) >> 15));
        k = Math.Clamp(k, 0, 32768);
        short r = unchecked((short)((k * o + 16384) >> 15));

        // C tests the sign of the float (k / 32768) · (o / 64), which is exactly "k > 0 and sign(o)": both factors
        // are exact floats no smaller than 2^-21 in magnitude.
        if (angle && k > 0)
        {
            double gained = r * gainLimit;
            if (o > 0)
            {
                r = (short)(gained < t ? gained : t);
            }
            else if (o < 0)
            {
                r = (short)(gained > t ? gained : t);
            }
        }

        return r;
    }

    /// <summary>
    /// Scales 1–3 restored coefficient: |o| ≥ 2^15 is first rounded to its top 15 bits
    /// (<c>get_best15_from32</c>) so the reciprocal table still applies.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RestoreS123(int o, int t, bool angle, int[] divLookup, double gainLimit)
    {
        long k;
        if (o == 0)
        {
            k = 32768;
        }
        else
        {
            uint magnitude = (uint)CAbs(o);
            int shift = 0;
            ushort top15 = (ushort)magnitude;
            if (magnitude >= 32768)
            {
                shift = 17 - BitOperations.LeadingZeroCount(magnitude);
                top15 = unchecked((ushort)((magnitude + (1u << (shift - 1))) >> shift));
            }

            int sign = o < 0 ? -1 : 1;

            // C's rounding term is the int (1 << (14 + shift)); for o = INT_MIN that is 1 << 31 = INT_MIN.
            k = ((long)divLookup[top15 + 32768] * t * sign + unchecked(1 << (14 + shift))) >> (15 + shift);
        }

        k = Math.Clamp(k, 0, 32768);
        int r = unchecked((int)((k * o + 16384) >> 15));
        if (angle && k > 0)
        {
            double gained = r * gainLimit;
            if (o > 0)
            {
                r = (int)(gained < t ? gained : t);
            }
            else if (o < 0)
            {
                r = (int)(gained > t ? gained : t);
            }
        }

        return r;
    }

    /// <summary>
    /// Scale 0 <c>ADM_CM_ACCUM_ROUND</c>: x = max(|r·irf| − (thr &lt;&lt; s), 0), x² rounded to int32, x³ shifted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long MaskedCubeS0(int scaled, int thr, int thrShift, int squareShift, long cubeAdd, int cubeShift)
    {
        // thr << 10/12 can overflow int32 (C wraps it; so do we).
        int x = unchecked(CAbs(scaled) - (thr << thrShift));
        if (x < 0)
        {
            x = 0;
        }

        int square = unchecked((int)(((long)x * x + (1L << (squareShift - 1))) >> squareShift));
        return unchecked((long)square * x + cubeAdd) >> cubeShift;
    }

    /// <summary>Scales 1–3 <c>I4_ADM_CM_ACCUM_ROUND</c>, with the restored value first CSF-scaled (Q28).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long MaskedCubeS123(int restored, long irf, int thr, long cubeAdd, int cubeShift)
    {
        int scaled = unchecked((int)((restored * irf + (1 << 27)) >> 28));
        int x = unchecked(CAbs(scaled) - thr);
        if (x < 0)
        {
            x = 0;
        }

        int square = unchecked((int)(((long)x * x + (1L << 29)) >> 30));
        return unchecked((long)square * x + cubeAdd) >> cubeShift;
    }

    /// <summary>Scales 1–3 denominator term: ((x² + 2^q) >> q) · x, rounded by the cube shift (uint64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DenCubeS123(uint x, ulong squareAdd, int squareShift, ulong cubeAdd, int cubeShift) =>
        (((((ulong)x * x) + squareAdd) >> squareShift) * x + cubeAdd) >> cubeShift;

    /// <summary>
    /// Scale 0 vertical pass over one output row: lo and hi filters of 4 input rows, recentred by the low-pass sum
    /// and shifted by the bit depth (8: +128 &gt;&gt; 8), stored as int16; input columns [start, end) (the SIMD
    /// variants' remainder).
    /// </summary>
    internal static void VerticalS0<T>(ReadOnlySpan<T> r0, ReadOnlySpan<T> r1, ReadOnlySpan<T> r2, ReadOnlySpan<T> r3, int bitDepth, Span<short> lo, Span<short> hi, int start, int end)
        where T : unmanaged, IBinaryInteger<T>
    {
        ReadOnlySpan<int> fl = AdmTables.DwtLo;
        ReadOnlySpan<int> fh = AdmTables.DwtHi;
        int l0 = fl[0], l1 = fl[1], l2 = fl[2], l3 = fl[3];
        int h0 = fh[0], h1 = fh[1], h2 = fh[2], h3 = fh[3];
        int round = 1 << (bitDepth - 1);
        int centre = AdmTables.DwtLoSum * round;
        for (int j = start; j < end; j++)
        {
            int p0 = int.CreateTruncating(r0[j]), p1 = int.CreateTruncating(r1[j]);
            int p2 = int.CreateTruncating(r2[j]), p3 = int.CreateTruncating(r3[j]);

            // For 16-bit input Σlo·p reaches 3.3e9 and wraps int32, as libvmaf's int32 accumulator does; the
            // recentring brings it back, so the wrapped sum is still right.
            lo[j] = unchecked((short)((l0 * p0 + l1 * p1 + l2 * p2 + l3 * p3 - centre + round) >> bitDepth));
            hi[j] = unchecked((short)((h0 * p0 + h1 * p1 + h2 * p2 + h3 * p3 + round) >> bitDepth));
        }
    }

    /// <summary>
    /// Scale 0 horizontal pass of one output row into a, v (from lo) and h, d (from hi): (Σf·s + 2^15) &gt;&gt; 16,
    /// output columns [start, end) (the SIMD variants do the interior and hand column 0 and the mirrored tail here).
    /// </summary>
    internal static void HorizontalS0(ReadOnlySpan<short> lo, ReadOnlySpan<short> hi, AdmScaleGeometry geometry, in AdmRow<short> destination, int start, int end)
    {
        ReadOnlySpan<int> fl = AdmTables.DwtLo;
        ReadOnlySpan<int> fh = AdmTables.DwtHi;
        int l0 = fl[0], l1 = fl[1], l2 = fl[2], l3 = fl[3];
        int h0 = fh[0], h1 = fh[1], h2 = fh[2], h3 = fh[3];
        ReadOnlySpan<int> colTaps = geometry.ColumnTaps;
        int width = geometry.Width;
        Span<short> a = destination.A[..width];
        Span<short> v = destination.V[..width];
        Span<short> h = destination.H[..width];
        Span<short> d = destination.D[..width];
        for (int j = start; j < end; j++)
        {
            int c0 = colTaps[4 * j], c1 = colTaps[4 * j + 1], c2 = colTaps[4 * j + 2], c3 = colTaps[4 * j + 3];

            // |Σf·s| ≤ 54822 · 32768 < 2^31: no int32 wrap here, only the int16 store narrows.
            int s0 = lo[c0], s1 = lo[c1], s2 = lo[c2], s3 = lo[c3];
            a[j] = unchecked((short)((l0 * s0 + l1 * s1 + l2 * s2 + l3 * s3 + 32768) >> 16));
            v[j] = unchecked((short)((h0 * s0 + h1 * s1 + h2 * s2 + h3 * s3 + 32768) >> 16));
            s0 = hi[c0];
            s1 = hi[c1];
            s2 = hi[c2];
            s3 = hi[c3];
            h[j] = unchecked((short)((l0 * s0 + l1 * s1 + l2 * s2 + l3 * s3 + 32768) >> 16));
            d[j] = unchecked((short)((h0 * s0 + h1 * s1 + h2 * s2 + h3 * s3 + 32768) >> 16));
        }
    }

    /// <summary>
    /// One orientation's CSF rows around band row i (f above, at and below, the border rows already mapped; a at
    /// the row): the 3x3 masking neighbourhood of one band row.
    /// </summary>
    private readonly ref struct Neighbourhood<T>
        where T : unmanaged, IBinaryInteger<T>
    {
        private readonly ReadOnlySpan<T> _centre;
        private readonly ReadOnlySpan<T> _up;
        private readonly ReadOnlySpan<T> _mid;
        private readonly ReadOnlySpan<T> _down;

        public Neighbourhood(ReadOnlySpan<T> csfA, ReadOnlySpan<T> fUp, ReadOnlySpan<T> f, ReadOnlySpan<T> fDown, int width)
        {
            _centre = csfA[..width];
            _up = fUp[..width];
            _mid = f[..width];
            _down = fDown[..width];
        }

        /// <summary>Σ of the 8 neighbours' f plus the centre's int16 |c|/15 (scale 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ThresholdS0(int left, int j, int right)
        {
            int centre = unchecked((short)((AdmTables.OneBy15Q17 * CAbs(int.CreateTruncating(_centre[j])) + 2048) >> 12));
            return unchecked(Sum8(left, j, right) + centre);
        }

        /// <summary>Σ of the 8 neighbours' f plus the centre's int32 |c|/15, rounded with −2^31 (scales 1–3).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ThresholdS123(int left, int j, int right)
        {
            int centre = unchecked((int)((AdmTables.OneBy15Q32 * CAbs(int.CreateTruncating(_centre[j])) + AdmTables.MinusHalfQ32) >> 32));
            return unchecked(Sum8(left, j, right) + centre);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Sum8(int left, int j, int right) => unchecked(
            int.CreateTruncating(_up[left]) + int.CreateTruncating(_up[j]) + int.CreateTruncating(_up[right])
            + int.CreateTruncating(_mid[left]) + int.CreateTruncating(_mid[right])
            + int.CreateTruncating(_down[left]) + int.CreateTruncating(_down[j]) + int.CreateTruncating(_down[right]));
    }
}
