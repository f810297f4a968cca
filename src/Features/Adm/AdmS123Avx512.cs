using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Adm;

/// <summary>
/// The scales 1–3 (int32 band) band stages of the AVX-512 kernels (<see cref="AdmSimd{TSimd, TVector}"/> with
/// <see cref="Simd.Simd512"/>), bit-exact with <see cref="AdmScalar"/>'s.
/// </summary>
/// <remarks>
/// Written apart from <see cref="AdmS123Avx2"/>, not as one width-generic traversal: these stages are int64
/// arithmetic, which AVX-512 has and AVX2 lacks. Here every coefficient is sign-extended to an int64 lane
/// (8 per register) and C's expressions run as they are written: vpmuldq products, vpsraq/vpsravq arithmetic
/// shifts, vpminsq/vpmaxsq clamps, vcvtqq2ps for C's int64 → float (round to nearest even, as cvtsi2ss), and
/// vpmovqd for C's int32 casts. AVX2 rebuilds each of these from 32-bit pieces (even/odd dword products, shifts
/// rebuilt from logical ones, a sticky-bit double route for int64 → float), which costs it more than twice the
/// instructions per coefficient.
/// </remarks>
internal static class AdmS123Avx512
{
    /// <summary>AVX-512 stage (see remarks).</summary>
    /// <remarks>
    /// AVX-512 version of <see cref="AdmScalar.DecoupleRowS123"/>: 8 coefficients per step in int64 lanes, the rest
    /// through <see cref="AdmScalar.DecoupleRangeS123"/>. A gain limit that is not whole
    /// (<see cref="AdmTables.IsWholeGainLimit"/>) takes the scalar code for the whole row.
    /// </remarks>
    public static void DecoupleRow(in AdmRow<int> reference, in AdmRow<int> distorted, AdmScaleGeometry geometry, double gainLimit, in AdmRow<int> restored, in AdmRow<int> additive)
    {
        AdmRegion region = geometry.Taps;
        if (!AdmTables.IsWholeGainLimit(gainLimit))
        {
            AdmScalar.DecoupleRangeS123(reference, distorted, restored, additive, region.Left, region.Right, gainLimit);
            return;
        }

        Vector512<int> factor = Vector512.Create((int)gainLimit);
        int w = geometry.Width;
        ref int oH = ref MemoryMarshal.GetReference(reference.H[..w]), oV = ref MemoryMarshal.GetReference(reference.V[..w]), oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        ref int tH = ref MemoryMarshal.GetReference(distorted.H[..w]), tV = ref MemoryMarshal.GetReference(distorted.V[..w]), tD = ref MemoryMarshal.GetReference(distorted.D[..w]);
        ref int rH = ref MemoryMarshal.GetReference(restored.H[..w]), rV = ref MemoryMarshal.GetReference(restored.V[..w]), rD = ref MemoryMarshal.GetReference(restored.D[..w]);
        ref int aH = ref MemoryMarshal.GetReference(additive.H[..w]), aV = ref MemoryMarshal.GetReference(additive.V[..w]), aD = ref MemoryMarshal.GetReference(additive.D[..w]);
        int vectorEnd = End(region.Left, region.Right);

        // The last step overlaps the one before (End): a few columns computed twice, the same values.
        for (int next = region.Left; next < vectorEnd; next += 8)
        {
            nuint x = (nuint)Math.Min(next, region.Right - 8);
            Vector512<long> oh = Load64(ref oH, x), ov = Load64(ref oV, x), od = Load64(ref oD, x);
            Vector512<long> th = Load64(ref tH, x), tv = Load64(ref tV, x), td = Load64(ref tD, x);
            Vector512<long> angle = AngleFlagS123(oh, ov, th, tv);
            Store(RestoreS123(oh, th, angle, factor), ref rH, ref aH, th, x);
            Store(RestoreS123(ov, tv, angle, factor), ref rV, ref aV, tv, x);
            Store(RestoreS123(od, td, angle, factor), ref rD, ref aD, td, x);
        }

        AdmScalar.DecoupleRangeS123(reference, distorted, restored, additive, vectorEnd, region.Right, gainLimit);
    }

    /// <summary>AVX-512 stage (see remarks).</summary>
    /// <remarks>
    /// AVX-512 version of <see cref="AdmScalar.CsfRowS123"/>: 16 coefficients per step, the int64 products on the even
    /// dwords and on the odd dwords moved down (vpmuldq), each result's int32 cast picked out of its qword by a blend
    /// and stored whole (no vpmovqd, whose store form is several uops on Zen), in <see cref="CsfBand"/>; the rest through
    /// <see cref="AdmScalar.CsfRangeS123"/>.
    /// </remarks>
    public static void CsfRow(in AdmRow<int> additive, AdmScaleGeometry geometry, in AdmRow<int> csfA, in AdmRow<int> csfF)
    {
        AdmRegion region = geometry.Taps;
        int w = geometry.Width;
        int vectorEnd = End16(region.Left, region.Right);
        for (int theta = 0; theta < 3; theta++)
        {
            CsfBand(
                ref MemoryMarshal.GetReference(additive.Detail(theta)[..w]), ref MemoryMarshal.GetReference(csfA.Detail(theta)[..w]),
                ref MemoryMarshal.GetReference(csfF.Detail(theta)[..w]), region.Left, region.Right, vectorEnd,
                (int)AdmTables.IRFactorS123[(3 * (geometry.Scale - 1)) + theta]);
            AdmScalar.CsfRangeS123(additive, csfA, csfF, geometry.Scale, theta, vectorEnd, region.Right);
        }
    }

    /// <summary>
    /// The whole registers of <see cref="CsfRow"/> for one orientation, columns [left, end), with its
    /// <paramref name="irf"/> (i_rfactor &lt; 2^31, rfactor &lt; 0.5: a valid signed vpmuldq operand). Not inlined: in the
    /// method with the scalar calls the JIT kept the constants on the stack and reloaded them in the loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CsfBand(ref int src, ref int dstA, ref int dstF, int left, int right, int end, int irf)
    {
        Vector512<int> oneBy30 = Vector512.Create((int)AdmTables.OneBy30Q32);
        Vector512<long> round28 = Vector512.Create(1L << 27), minusHalf = Vector512.Create(AdmTables.MinusHalfQ32);
        Vector512<int> lowDwords = Vector512.Create(0xFFFFFFFFL).AsInt32();
        Vector512<int> factor = Vector512.Create(irf);
        for (int next = left; next < end; next += 16)
        {
            nuint j = (nuint)Math.Min(next, right - 16);
            Vector512<int> a = Vector512.LoadUnsafe(ref src, j);

            // C's (int32_t)((a · f + 2^27) >> 28) is bits 28..59 of the int64: the low dword of the even
            // product shifted right by 28, the high dword of the odd product shifted left by 4.
            Vector512<long> even = Avx512F.Multiply(a, factor) + round28;
            Vector512<long> odd = Avx512F.Multiply((a.AsUInt64() >>> 32).AsInt32(), factor) + round28;
            Vector512<int> c = Vector512.ConditionalSelect(lowDwords, (even >>> 28).AsInt32(), (odd << 4).AsInt32());
            c.StoreUnsafe(ref dstA, j);

            // abs on the int32 (INT_MIN stays negative, as C's abs); vpmuldq reads it signed. The >> 32's int32 is
            // each sum's high dword: the even ones moved down, the odd ones already in place.
            Vector512<int> magnitude = Avx512F.Abs(c).AsInt32();
            even = Avx512F.Multiply(magnitude, oneBy30) + minusHalf;
            odd = Avx512F.Multiply((magnitude.AsUInt64() >>> 32).AsInt32(), oneBy30) + minusHalf;
            Vector512.ConditionalSelect(lowDwords, (even.AsUInt64() >>> 32).AsInt32(), odd.AsInt32()).StoreUnsafe(ref dstF, j);
        }
    }

    /// <summary>AVX-512 stage (see remarks).</summary>
    /// <remarks>AVX-512 version of <see cref="AdmScalar.CsfDenRowS123"/>: 8 coefficients per step in uint64 lanes, the rest through <see cref="AdmScalar.CsfDenRangeS123"/>.</remarks>
    public static AdmDenSums CsfDenRow(in AdmRow<int> reference, AdmScaleGeometry geometry)
    {
        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;
        int squareShift = AdmTables.DenS123SquareShift[geometry.Scale - 1];
        var cube = new DenCube(squareShift, geometry.DenCubeShift);
        ref int oH = ref MemoryMarshal.GetReference(reference.H[..w]);
        ref int oV = ref MemoryMarshal.GetReference(reference.V[..w]);
        ref int oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        Vector512<ulong> sumH = Vector512<ulong>.Zero, sumV = Vector512<ulong>.Zero, sumD = Vector512<ulong>.Zero;
        int j = region.Left;
        for (; j <= region.Right - 8; j += 8)
        {
            sumH += cube.Apply(Load64(ref oH, (nuint)j));
            sumV += cube.Apply(Load64(ref oV, (nuint)j));
            sumD += cube.Apply(Load64(ref oD, (nuint)j));
        }

        if (j < region.Right && region.Right - region.Left >= 8)
        {
            // The last step overlaps the one before; the lanes it summed are zeroed (|0|'s term is 0).
            int k = region.Right - 8;
            Vector512<long> fresh = Vector512.GreaterThan(Vector512<long>.Indices, Vector512.Create((long)(j - k - 1)));
            sumH += cube.Apply(Load64(ref oH, (nuint)k) & fresh);
            sumV += cube.Apply(Load64(ref oV, (nuint)k) & fresh);
            sumD += cube.Apply(Load64(ref oD, (nuint)k) & fresh);
        }

        // uint64 sums wrap mod 2^64 in any order, so lane sums plus the tail equal C's running sum.
        AdmDenSums tail = AdmScalar.CsfDenRangeS123(reference, geometry, End(region.Left, region.Right), region.Right);
        return new AdmDenSums(Vector512.Sum(sumH) + tail.H, Vector512.Sum(sumV) + tail.V, Vector512.Sum(sumD) + tail.D);
    }

    /// <summary>AVX-512 stage (see remarks).</summary>
    /// <remarks>
    /// <para>
    /// AVX-512 version of <see cref="AdmScalar.CmRowS123"/>: 16 coefficients per step over the columns whose 3x3
    /// neighbourhood lies inside the band, in int32 lanes with the int64 products on the even and odd dwords
    /// (vpmuldq); the border columns go through <see cref="AdmScalar.CmRangeS123"/>.
    /// </para>
    /// <para>
    /// The threshold is the same for the three orientations and its 3x3 sums overlap from one column to the next:
    /// a first pass (<see cref="ThresholdSums"/>) forms per column S = Σ over h, v, d of f above + at + below and
    /// E = Σ (centre term − f at), and the threshold of column j is S[j − 1] + S[j] + S[j + 1] + E[j] (C's int32
    /// sums wrap, and a wrapped sum does not depend on the order).
    /// </para>
    /// </remarks>
    [SkipLocalsInit]
    public static AdmNumSums CmRow(in AdmRow<int> restored, in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, AdmScaleGeometry geometry)
    {
        if (AdmScalar.CmEdgesS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, 16, out int first, out int last, out AdmNumSums head, out AdmNumSums whole))
        {
            return whole;
        }

        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;

        // Columns first − 1 .. last (inside the band: first ≥ 1, last ≤ w − 1); index k is column first − 1 + k.
        int columns = last - first + 2;
        Span<int> sums = columns <= AdmScalar.CmStackColumnsS123 ? stackalloc int[2 * columns] : new int[2 * columns];
        ref int s = ref MemoryMarshal.GetReference(sums);
        ref int e = ref Unsafe.Add(ref s, columns);
        ThresholdSums(csfA, csfFUp, csfF, csfFDown, w, first - 1, columns, ref s, ref e);

        int scale = 3 * (geometry.Scale - 1);
        AdmNumSums body = CmInterior(
            ref s, ref e, ref MemoryMarshal.GetReference(restored.H[..w]), ref MemoryMarshal.GetReference(restored.V[..w]),
            ref MemoryMarshal.GetReference(restored.D[..w]), first, last, (int)AdmTables.IRFactorS123[scale],
            (int)AdmTables.IRFactorS123[scale + 1], (int)AdmTables.IRFactorS123[scale + 2], geometry.CmCubeShiftHv);
        AdmNumSums tail = AdmScalar.CmRangeS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, last, region.Right);
        return new AdmNumSums(head.H + body.H + tail.H, head.V + body.V + tail.V, head.D + body.D + tail.D);
    }

    /// <summary>
    /// The masking sums of <see cref="CmRow"/>'s columns [<paramref name="first"/>, <paramref name="last"/>) (at least 16),
    /// from the threshold sums at <paramref name="s"/> and <paramref name="e"/>. Not inlined, and summed before the
    /// scalar tail's call: with that call after the loop the JIT kept the sums and constants on the stack in it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AdmNumSums CmInterior(ref int s, ref int e, ref int rH, ref int rV, ref int rD, int first, int last, int irfH, int irfV, int irfD, int cubeShift)
    {
        var bandH = new MaskedCube16(irfH, cubeShift);
        var bandV = new MaskedCube16(irfV, cubeShift);
        var bandD = new MaskedCube16(irfD, cubeShift);
        Vector512<long> sumH = Vector512<long>.Zero, sumV = Vector512<long>.Zero, sumD = Vector512<long>.Zero;
        int j = first;
        for (; j <= last - 16; j += 16)
        {
            Vector512<int> thr = Threshold(ref s, ref e, (nuint)(j - first));
            sumH += bandH.Apply(Vector512.LoadUnsafe(ref rH, (nuint)j), thr, Vector512<int>.AllBitsSet);
            sumV += bandV.Apply(Vector512.LoadUnsafe(ref rV, (nuint)j), thr, Vector512<int>.AllBitsSet);
            sumD += bandD.Apply(Vector512.LoadUnsafe(ref rD, (nuint)j), thr, Vector512<int>.AllBitsSet);
        }

        if (j < last)
        {
            // The last step overlaps the one before; the lanes it summed get x = 0 (a zero term).
            int k = last - 16;
            Vector512<int> fresh = Vector512.GreaterThan(Vector512<int>.Indices, Vector512.Create(j - k - 1));
            Vector512<int> thr = Threshold(ref s, ref e, (nuint)(k - first));
            sumH += bandH.Apply(Vector512.LoadUnsafe(ref rH, (nuint)k), thr, fresh);
            sumV += bandV.Apply(Vector512.LoadUnsafe(ref rV, (nuint)k), thr, fresh);
            sumD += bandD.Apply(Vector512.LoadUnsafe(ref rD, (nuint)k), thr, fresh);
        }

        return new AdmNumSums(Vector512.Sum(sumH), Vector512.Sum(sumV), Vector512.Sum(sumD));
    }

    /// <summary>
    /// The first pass of <see cref="CmRow"/> over <paramref name="columns"/> (≥ 16) columns from <paramref name="start"/>:
    /// S = Σ over h, v, d of f above + at + below into <paramref name="s"/>, E = Σ over h, v, d of ((|c| · 2^32/15 −
    /// 2^31) &gt;&gt; 32 − f at) into <paramref name="e"/>, all int32 wrapping as C's. The last step overlaps the one
    /// before (the same values written again).
    /// </summary>
    private static void ThresholdSums(in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, int w, int start, int columns, ref int s, ref int e)
    {
        ref int cH = ref MemoryMarshal.GetReference(csfA.H[..w]), cV = ref MemoryMarshal.GetReference(csfA.V[..w]), cD = ref MemoryMarshal.GetReference(csfA.D[..w]);
        ref int uH = ref MemoryMarshal.GetReference(csfFUp.H[..w]), uV = ref MemoryMarshal.GetReference(csfFUp.V[..w]), uD = ref MemoryMarshal.GetReference(csfFUp.D[..w]);
        ref int mH = ref MemoryMarshal.GetReference(csfF.H[..w]), mV = ref MemoryMarshal.GetReference(csfF.V[..w]), mD = ref MemoryMarshal.GetReference(csfF.D[..w]);
        ref int dH = ref MemoryMarshal.GetReference(csfFDown.H[..w]), dV = ref MemoryMarshal.GetReference(csfFDown.V[..w]), dD = ref MemoryMarshal.GetReference(csfFDown.D[..w]);
        Vector512<int> oneBy15 = Vector512.Create((int)AdmTables.OneBy15Q32);
        Vector512<long> minusHalf = Vector512.Create(AdmTables.MinusHalfQ32);
        Vector512<int> lowDwords = Vector512.Create(0xFFFFFFFFL).AsInt32();
        for (int next = 0; next < columns; next += 16)
        {
            int k = Math.Min(next, columns - 16);
            nuint x = (nuint)(start + k);
            Vector512<int> mid = Vector512.LoadUnsafe(ref mH, x) + Vector512.LoadUnsafe(ref mV, x) + Vector512.LoadUnsafe(ref mD, x);
            Vector512<int> up = Vector512.LoadUnsafe(ref uH, x) + Vector512.LoadUnsafe(ref uV, x) + Vector512.LoadUnsafe(ref uD, x);
            Vector512<int> down = Vector512.LoadUnsafe(ref dH, x) + Vector512.LoadUnsafe(ref dV, x) + Vector512.LoadUnsafe(ref dD, x);
            (up + mid + down).StoreUnsafe(ref s, (nuint)k);
            Vector512<int> terms = CentreTerm(Vector512.LoadUnsafe(ref cH, x), oneBy15, minusHalf, lowDwords)
                + CentreTerm(Vector512.LoadUnsafe(ref cV, x), oneBy15, minusHalf, lowDwords)
                + CentreTerm(Vector512.LoadUnsafe(ref cD, x), oneBy15, minusHalf, lowDwords);
            (terms - mid).StoreUnsafe(ref e, (nuint)k);
        }
    }

    /// <summary>
    /// The centre's (|c| · 2^32/15 − 2^31) &gt;&gt; 32 on 16 lanes: abs on the int32 (INT_MIN stays negative, as C's
    /// abs), read signed by vpmuldq; the int32 result is each int64's high dword, the even ones moved down, the odd
    /// ones already in place.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> CentreTerm(Vector512<int> c, Vector512<int> oneBy15, Vector512<long> minusHalf, Vector512<int> lowDwords)
    {
        Vector512<int> magnitude = Avx512F.Abs(c).AsInt32();
        Vector512<long> even = Avx512F.Multiply(magnitude, oneBy15) + minusHalf;
        Vector512<long> odd = Avx512F.Multiply((magnitude.AsUInt64() >>> 32).AsInt32(), oneBy15) + minusHalf;
        return Vector512.ConditionalSelect(lowDwords, (even.AsUInt64() >>> 32).AsInt32(), odd.AsInt32());
    }

    /// <summary>The threshold of the 16 columns whose sums start at index <paramref name="k"/> + 1 (column first + k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Threshold(ref int s, ref int e, nuint k) =>
        Vector512.LoadUnsafe(ref s, k) + Vector512.LoadUnsafe(ref s, k + 1) + Vector512.LoadUnsafe(ref s, k + 2) + Vector512.LoadUnsafe(ref e, k + 1);

    /// <summary>
    /// Where the 8-column steps over [start, end) stop: end when one step fits (the last one overlapping the one
    /// before), else start (<see cref="AdmSimd{TSimd, TVector}.VectorEnd"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int End(int start, int end) => end - start >= 8 ? end : start;

    /// <summary>Where the 16-column steps over [start, end) stop: end when one step fits, else start (<see cref="End"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int End16(int start, int end) => end - start >= 16 ? end : start;

    /// <summary>8 int32 at <paramref name="offset"/> sign-extended to int64 lanes (vpmovsxdq).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> Load64(ref int source, nuint offset) => Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref source, offset));

    /// <summary>Stores r (C's int32 cast; r always fits) and the additive impairment t − r (int32, wrapping as C's int).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<long> r, ref int restored, ref int additive, Vector512<long> t, nuint offset)
    {
        Vector256<int> r32 = Avx512F.ConvertToVector256Int32(r);
        r32.StoreUnsafe(ref restored, offset);
        (Avx512F.ConvertToVector256Int32(t) - r32).StoreUnsafe(ref additive, offset);
    }

    /// <summary>
    /// <see cref="AdmScalar.AngleFlag"/> on 8 int64 lanes: dot, |o|², |t|² in int64 (wrapping as C's int64 does),
    /// each rounded to float by vcvtqq2ps exactly as C's int64 → float conversion, then the double test. All-ones
    /// lanes where it passes.
    /// </summary>
    /// <remarks>
    /// C compares (d/4096)² with cos²·(o/4096)·(t/4096) in double. The /4096 are exact power-of-two scalings of
    /// values far from the double range's ends, and so are the products (d² is exact; cos²·o is exact, 48 bits;
    /// only its product with t rounds, and rounding commutes with a power-of-two scaling), so d² ≥ (cos²·o)·t
    /// gives the same answer without them. "d ≥ 0" is the sign of the int64 dot, which its float keeps.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> AngleFlagS123(Vector512<long> oh, Vector512<long> ov, Vector512<long> th, Vector512<long> tv)
    {
        Vector512<long> dot = Avx512F.Multiply(oh.AsInt32(), th.AsInt32()) + Avx512F.Multiply(ov.AsInt32(), tv.AsInt32());
        Vector512<long> oo = Avx512F.Multiply(oh.AsInt32(), oh.AsInt32()) + Avx512F.Multiply(ov.AsInt32(), ov.AsInt32());
        Vector512<long> tt = Avx512F.Multiply(th.AsInt32(), th.AsInt32()) + Avx512F.Multiply(tv.AsInt32(), tv.AsInt32());
        Vector512<double> d = Avx512F.ConvertToVector512Double(Avx512DQ.ConvertToVector256Single(dot));
        Vector512<double> o = Avx512F.ConvertToVector512Double(Avx512DQ.ConvertToVector256Single(oo));
        Vector512<double> t = Avx512F.ConvertToVector512Double(Avx512DQ.ConvertToVector256Single(tt));
        Vector512<double> cos2 = Vector512.Create((double)AdmTables.CosOneDegreeSquared);
        Vector512<long> wide = Vector512.GreaterThanOrEqual(d * d, cos2 * o * t).AsInt64();
        return wide & Vector512.GreaterThanOrEqual(dot, Vector512<long>.Zero);
    }

    /// <summary>
    /// <see cref="AdmScalar"/>'s scales 1–3 restore on 8 int64 lanes, as C writes it: o reduced to 15 bits
    /// (<c>get_best15_from32</c>), k = clamp((div_lookup[m] · t · sign(o) + (int)2^(14+sh)) &gt;&gt; (15+sh), 0, 2^15)
    /// (32768 for o = 0), r = (k·o + 2^14) &gt;&gt; 15, then the enhancement rule where the angle passed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> RestoreS123(Vector512<long> o, Vector512<long> t, Vector512<long> angle, Vector512<int> factor)
    {
        Vector512<long> q15 = Vector512.Create(32768L);
        Vector512<long> zero = Vector512<long>.Zero;

        // |o| ≤ 2^31 (C's (uint32_t)abs: INT_MIN reads as 2^31); sh = max(bitlength − 15, 0) ≤ 17.
        Vector512<long> magnitude = Avx512F.Abs(o).AsInt64();
        Vector512<ulong> shift = Avx512F.Max(Vector512.Create(64L - 15L) - Avx512CD.LeadingZeroCount(magnitude.AsUInt64()).AsInt64(), zero).AsUInt64();
        Vector512<long> half = Avx512F.ShiftRightLogical(Avx512F.ShiftLeftLogicalVariable(Vector512.Create(1L), shift), 1);
        Vector512<long> top15 = Avx512F.ShiftRightLogicalVariable(magnitude + half, shift);

        // div_lookup[top15 + 32768] = trunc(2^30 / top15) for top15 in 1..2^15, by a double division instead of the
        // table (exact: AdmSimd.Reciprocal); top15 = 0 only for o = 0 (see below).
        Vector512<double> quotient = Vector512.Create((double)(1 << 30)) / Avx512DQ.ConvertToVector512Double(top15);
        Vector512<long> div = Avx512DQ.ConvertToVector512Int64WithTruncation(quotient);

        // (long)div · t · sign(o): |div · t| ≤ 2^61. C's rounding term is the int 1 << (14 + sh): −2^31 for sh = 17.
        Vector512<long> product = Avx512F.Multiply(div.AsInt32(), t.AsInt32());
        product = Vector512.ConditionalSelect(Vector512.LessThan(o, zero), zero - product, product);
        Vector512<long> round = Avx512F.ShiftLeftLogicalVariable(Vector512.Create(1L), shift + Vector512.Create(14UL));
        round = Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(round, 32), 32);
        Vector512<long> k = Avx512F.ShiftRightArithmeticVariable(product + round, shift + Vector512.Create(15UL));
        k = Avx512F.Min(Avx512F.Max(k, zero), q15);

        // C's k for o = 0 is 2^15 and takes no enhancement; here top15 = 0 gives div = cvttpd2qq(+inf) =
        // 0x8000000000000000, whose low dword (vpmuldq's operand) is 0, so k = 2^14 >> 15 = 0: r = 0 all the same
        // (k·0 = 0), and k = 0 keeps the enhancement off (apply below) without a test of o.

        // |k·o| ≤ 2^46; the shifted value fits int32.
        Vector512<long> r = Avx512F.ShiftRightArithmetic(Avx512F.Multiply(k.AsInt32(), o.AsInt32()) + Vector512.Create(16384L), 15);

        // Enhancement: C takes min/max(r · limit, t) in double and truncates; for a whole limit (≤ 100) r · limit is
        // exact in int64 (and in double: < 2^38), and the value chosen lies between 0 and t, so the int64 min/max is
        // C's value.
        Vector512<long> gained = Avx512F.Multiply(r.AsInt32(), factor);
        Vector512<long> enhanced = Vector512.ConditionalSelect(Vector512.GreaterThan(o, zero), Avx512F.Min(gained, t), Avx512F.Max(gained, t));
        Vector512<long> apply = angle & Vector512.GreaterThan(k, zero);
        return Vector512.ConditionalSelect(apply, enhanced, r);
    }

    /// <summary>
    /// Scales 1–3 <c>I4_ADM_CM_ACCUM_ROUND</c> on 16 int32 lanes: scaled = (int32)((r · irf + 2^27) &gt;&gt; 28),
    /// x = max(|scaled| − thr, 0), xsq = (int32)((x² + 2^29) &gt;&gt; 30), (xsq · x + rounding) &gt;&gt; cube shift in
    /// int64, the even and the odd lanes summed into 8 int64 lanes.
    /// </summary>
    private readonly struct MaskedCube16
    {
        private readonly Vector512<int> _irf;
        private readonly Vector512<long> _cubeAdd;
        private readonly Vector128<long> _cubeShift;

        /// <param name="irf">i_rfactor (&lt; 2^31: a valid signed vpmuldq operand).</param>
        /// <param name="cubeShift">The cube's shift (its rounding is 2^(shift − 1)).</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public MaskedCube16(int irf, int cubeShift)
        {
            _irf = Vector512.Create(irf);
            _cubeAdd = Vector512.Create(AdmScaleGeometry.RoundingOf(cubeShift));
            _cubeShift = Vector128.CreateScalar((long)cubeShift);
        }

        /// <summary>The sum over the lanes of <paramref name="fresh"/> (others give x = 0, a zero term).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<long> Apply(Vector512<int> restored, Vector512<int> thr, Vector512<int> fresh)
        {
            // C's (int32)((r · irf + 2^27) >> 28) is bits 28..59 of the int64: the low dword of the even product
            // shifted right by 28, the high dword of the odd product shifted left by 4.
            Vector512<long> round = Vector512.Create(1L << 27);
            Vector512<long> even = Avx512F.Multiply(restored, _irf) + round;
            Vector512<long> odd = Avx512F.Multiply((restored.AsUInt64() >>> 32).AsInt32(), _irf) + round;
            Vector512<int> scaled = Vector512.ConditionalSelect(Vector512.Create(0xFFFFFFFFL).AsInt32(), (even >>> 28).AsInt32(), (odd << 4).AsInt32());

            // abs and the difference wrap as C's int32; x ≥ 0 after the max.
            Vector512<int> x = Avx512F.Max(Avx512F.Abs(scaled).AsInt32() - thr, Vector512<int>.Zero) & fresh;
            Vector512<int> xOdd = (x.AsUInt64() >>> 32).AsInt32();
            return Cube(x) + Cube(xOdd);
        }

        /// <summary>
        /// The even lanes: x &lt; 2^31, so x² &lt; 2^62 is positive, and vpmuldq reads the low (C's int32) dword of
        /// the rounded square, signed, times x.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<long> Cube(Vector512<int> x)
        {
            Vector512<long> square = Avx512F.Multiply(x, x) + Vector512.Create(1L << 29);
            return Avx512F.ShiftRightArithmetic(Avx512F.Multiply((square >>> 30).AsInt32(), x) + _cubeAdd, _cubeShift);
        }
    }

    /// <summary>
    /// Scales 1–3 denominator term on 8 uint64 lanes: x = |o| (≤ 2^31), ((x² + 2^q) &gt;&gt; q) · x wrapping in uint64
    /// (vpmullq, as C's uint64 product), rounded by the cube shift.
    /// </summary>
    private readonly struct DenCube
    {
        private readonly Vector512<ulong> _squareAdd;
        private readonly Vector128<ulong> _squareShift;
        private readonly Vector512<ulong> _cubeAdd;
        private readonly Vector128<ulong> _cubeShift;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public DenCube(int squareShift, int cubeShift)
        {
            _squareAdd = Vector512.Create(1UL << squareShift);
            _squareShift = Vector128.CreateScalar((ulong)squareShift);
            _cubeAdd = Vector512.Create((ulong)AdmScaleGeometry.RoundingOf(cubeShift));
            _cubeShift = Vector128.CreateScalar((ulong)cubeShift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<ulong> Apply(Vector512<long> o)
        {
            Vector512<ulong> x = Avx512F.Abs(o);
            Vector512<ulong> square = Avx512F.ShiftRightLogical(Avx512F.Multiply(x.AsUInt32(), x.AsUInt32()) + _squareAdd, _squareShift);
            return Avx512F.ShiftRightLogical(Avx512DQ.MultiplyLow(square, x) + _cubeAdd, _cubeShift);
        }
    }
}
