using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Adm;

/// <summary>The scales 1–3 (int32 band) stages of <see cref="AdmAvx2"/>.</summary>
/// <remarks>
/// AVX2 has no 64-bit multiply or arithmetic shift, but every int64 product here is an int32 times an int32
/// (vpmuldq, on the even dword of each qword; the odd lanes are moved down first), and every int64 shift either
/// keeps only a dword of its result (a logical shift gives the same bits there) or is rebuilt from a logical one.
/// </remarks>
internal sealed partial class AdmAvx2
{
    /// <inheritdoc/>
    /// <remarks>
    /// AVX2 version of <see cref="AdmScalar.Dwt2RowS123"/>: vertical pass 8 input columns per step, horizontal pass
    /// 8 outputs per step over the columns that need no mirroring; the rest through
    /// <see cref="AdmScalar.VerticalS123"/> and <see cref="AdmScalar.HorizontalS123"/>.
    /// </remarks>
    public void Dwt2RowS123(ReadOnlySpan<int> r0, ReadOnlySpan<int> r1, ReadOnlySpan<int> r2, ReadOnlySpan<int> r3, AdmScaleGeometry geometry, AdmRow<int> destination, Span<int> scratch)
    {
        int w = geometry.InputWidth;
        Span<int> lo = scratch[..w];
        Span<int> hi = scratch.Slice(w, w);
        int s = geometry.Scale - 1;
        var vertical = new FilterS123(AdmTables.DwtS123VerticalAdd[s], AdmTables.DwtS123VerticalShift[s]);
        ref int p0 = ref MemoryMarshal.GetReference(r0[..w]);
        ref int p1 = ref MemoryMarshal.GetReference(r1[..w]);
        ref int p2 = ref MemoryMarshal.GetReference(r2[..w]);
        ref int p3 = ref MemoryMarshal.GetReference(r3[..w]);
        ref int l = ref MemoryMarshal.GetReference(lo);
        ref int h = ref MemoryMarshal.GetReference(hi);
        int j = 0;
        for (; j <= w - 8; j += 8)
        {
            Vector256<int> x0 = Vector256.LoadUnsafe(ref p0, (nuint)j), x1 = Vector256.LoadUnsafe(ref p1, (nuint)j);
            Vector256<int> x2 = Vector256.LoadUnsafe(ref p2, (nuint)j), x3 = Vector256.LoadUnsafe(ref p3, (nuint)j);

            // Odd columns moved down to the even dwords, where vpmuldq reads them.
            Vector256<int> y0 = Odd(x0), y1 = Odd(x1), y2 = Odd(x2), y3 = Odd(x3);
            Interleave(vertical.Lo(x0, x1, x2, x3), vertical.Lo(y0, y1, y2, y3)).StoreUnsafe(ref l, (nuint)j);
            Interleave(vertical.Hi(x0, x1, x2, x3), vertical.Hi(y0, y1, y2, y3)).StoreUnsafe(ref h, (nuint)j);
        }

        AdmScalar.VerticalS123(r0, r1, r2, r3, geometry.Scale, lo, hi, j, w);
        HorizontalS123(lo, hi, geometry, destination, new FilterS123(AdmTables.DwtS123HorizontalAdd[s], AdmTables.DwtS123HorizontalShift[s]));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// AVX2 version of <see cref="AdmScalar.DecoupleRowS123"/>: 8 coefficients per step, the rest through
    /// <see cref="AdmScalar.DecoupleRangeS123"/>. Every int64 quantity is computed on the even columns and on the
    /// odd columns moved down (vpmuldq), then the two are interleaved back into column order.
    /// </remarks>
    public unsafe void DecoupleRowS123(AdmRow<int> reference, AdmRow<int> distorted, AdmScaleGeometry geometry, double gainLimit, AdmRow<int> restored, AdmRow<int> additive)
    {
        var gain = new GainLimit(gainLimit);
        AdmRegion region = geometry.Taps;
        int w = geometry.Width;
        ref int oH = ref MemoryMarshal.GetReference(reference.H[..w]), oV = ref MemoryMarshal.GetReference(reference.V[..w]), oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        ref int tH = ref MemoryMarshal.GetReference(distorted.H[..w]), tV = ref MemoryMarshal.GetReference(distorted.V[..w]), tD = ref MemoryMarshal.GetReference(distorted.D[..w]);
        ref int rH = ref MemoryMarshal.GetReference(restored.H[..w]), rV = ref MemoryMarshal.GetReference(restored.V[..w]), rD = ref MemoryMarshal.GetReference(restored.D[..w]);
        ref int aH = ref MemoryMarshal.GetReference(additive.H[..w]), aV = ref MemoryMarshal.GetReference(additive.V[..w]), aD = ref MemoryMarshal.GetReference(additive.D[..w]);
        int j = region.Left;
        fixed (int* divLookup = AdmTables.DivLookup)
        {
            for (; j <= region.Right - 8; j += 8)
            {
                nuint x = (nuint)j;
                Vector256<int> oh = Vector256.LoadUnsafe(ref oH, x), ov = Vector256.LoadUnsafe(ref oV, x), od = Vector256.LoadUnsafe(ref oD, x);
                Vector256<int> th = Vector256.LoadUnsafe(ref tH, x), tv = Vector256.LoadUnsafe(ref tV, x), td = Vector256.LoadUnsafe(ref tD, x);

                // Even-column masks in the even qwords' low dwords, odd-column masks in the odd qwords' high
                // dwords: the blend puts each at its column.
                Vector256<long> angleEven = AngleFlagS123(oh, ov, th, tv);
                Vector256<long> angleOdd = AngleFlagS123(Odd(oh), Odd(ov), Odd(th), Odd(tv));
                Vector256<int> angle = Avx2.Blend(angleEven.AsInt32(), angleOdd.AsInt32(), 0b1010_1010);

                Vector256<int> rh = RestoreS123(oh, th, angle, divLookup, gain);
                Vector256<int> rv = RestoreS123(ov, tv, angle, divLookup, gain);
                Vector256<int> rd = RestoreS123(od, td, angle, divLookup, gain);
                rh.StoreUnsafe(ref rH, x);
                rv.StoreUnsafe(ref rV, x);
                rd.StoreUnsafe(ref rD, x);
                (th - rh).StoreUnsafe(ref aH, x);
                (tv - rv).StoreUnsafe(ref aV, x);
                (td - rd).StoreUnsafe(ref aD, x);
            }
        }

        AdmScalar.DecoupleRangeS123(reference, distorted, restored, additive, j, region.Right, gainLimit);
    }

    /// <summary>
    /// <see cref="AdmScalar.AngleFlag"/> on the even dwords (4 lanes): dot, |o|², |t|² in int64 (wrapping as C's
    /// int64 does), each rounded to float exactly as C's int64 → float conversion, then the double test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> AngleFlagS123(Vector256<int> oh, Vector256<int> ov, Vector256<int> th, Vector256<int> tv)
    {
        Vector256<long> dot = Avx2.Multiply(oh, th) + Avx2.Multiply(ov, tv);
        Vector256<long> oo = Avx2.Multiply(oh, oh) + Avx2.Multiply(ov, ov);
        Vector256<long> tt = Avx2.Multiply(th, th) + Avx2.Multiply(tv, tv);
        return AngleFlag(Int64ToSingle(dot), Int64ToSingle(oo), Int64ToSingle(tt)).AsInt64();
    }

    /// <summary>
    /// int64 → float, rounded to nearest even as vcvtsi2ss does (AVX2 has no vcvtqq2ps): |x| goes to double
    /// exactly, then to float with a single rounding.
    /// </summary>
    /// <remarks>
    /// Doubles hold 53 bits, so |x| ≥ 2^53 would round twice. But for |x| ≥ 2^36 the float keeps at most bits
    /// 12 and up (its round bit included), and bits 0..10 only matter as a sticky bit: they are replaced by bit 11
    /// set where any was set, which leaves ≤ 53 significant bits and the same float rounding. |x| = 2^63
    /// (x = long.MinValue) reads as negative in the signed compare and is left alone: its low bits are 0 anyway.
    /// The double is built from the two 32-bit halves with the 2^52 / 2^84 magic exponents (both exact), summed
    /// with one (exact) rounding.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Int64ToSingle(Vector256<long> x)
    {
        Vector256<long> sign = Avx2.CompareGreaterThan(Vector256<long>.Zero, x);
        Vector256<long> u = (x ^ sign) - sign;
        Vector256<long> low11 = Vector256.Create(0x7FFL);
        Vector256<long> big = Avx2.CompareGreaterThan(u, Vector256.Create((1L << 36) - 1));
        Vector256<long> sticky = Avx2.AndNot(Avx2.CompareEqual(u & low11, Vector256<long>.Zero), Vector256.Create(0x800L));
        u = Avx2.BlendVariable(u, Avx2.AndNot(low11, u) | sticky, big);

        Vector256<double> high = (Avx2.ShiftRightLogical(u, 32) | Vector256.Create(0x4530000000000000L)).AsDouble() - Vector256.Create(19342813118337666422669312.0);
        Vector256<double> low = ((u & Vector256.Create(0xFFFFFFFFL)) | Vector256.Create(0x4330000000000000L)).AsDouble();
        Vector256<double> magnitude = high + low;
        return Avx.ConvertToVector128Single(magnitude ^ (sign & Vector256.Create(long.MinValue)).AsDouble());
    }

    /// <summary>
    /// <see cref="AdmScalar"/>'s scales 1–3 restore on 8 coefficients: o reduced to 15 bits
    /// (<c>get_best15_from32</c>), k = clamp((div_lookup[m] · t · sign(o) + (int)2^(14+sh)) &gt;&gt; (15+sh), 0, 2^15)
    /// (32768 for o = 0), r = (k·o + 2^14) &gt;&gt; 15, then the enhancement rule where the angle passed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<int> RestoreS123(Vector256<int> o, Vector256<int> t, Vector256<int> angle, int* divLookup, in GainLimit gain)
    {
        Vector256<int> q15 = Vector256.Create(32768);
        Vector256<int> one = Vector256.Create(1);
        Vector256<uint> magnitude = Avx2.Abs(o);

        // sh = max(bitlength(|o|) − 15, 0), from the exponent of the float of |o| with its low 8 bits cleared: at
        // most 24 significant bits, so exact (no carry into the next power of two), and |o| < 256 gives 0. |INT_MIN|
        // reads as −2^31, whose exponent bits are the same.
        Vector256<float> cleared = Avx.ConvertToVector256Single((magnitude & Vector256.Create(~0xFFu)).AsInt32());
        Vector256<int> exponent = Avx2.ShiftRightLogical(cleared.AsInt32(), 23) & Vector256.Create(0xFF);
        Vector256<int> shift = Avx2.Max(exponent - Vector256.Create(127 + 14), Vector256<int>.Zero);
        Vector256<uint> half = Avx2.ShiftRightLogical(Avx2.ShiftLeftLogicalVariable(one, shift.AsUInt32()), 1).AsUInt32();
        Vector256<int> top15 = Avx2.ShiftRightLogicalVariable(magnitude + half, shift.AsUInt32()).AsInt32();

        // div · sign(o) (vpsignd; o = 0 is replaced below), and C's int rounding term, −2^31 for sh = 17.
        Vector256<int> div = Avx2.Sign(Avx2.GatherVector256(divLookup, top15 + q15, 4), o);
        Vector256<int> round = Avx2.ShiftLeftLogicalVariable(one, (shift + Vector256.Create(14)).AsUInt32());
        Vector256<int> count = shift + Vector256.Create(15);
        Vector256<long> countEven = (count.AsInt64() & Vector256.Create(0xFFFFFFFFL));
        Vector256<int> k = Interleave(
            KS123(div, t, round, countEven),
            KS123(Odd(div), Odd(t), Odd(round), Odd(count).AsInt64()));
        Vector256<int> oIsZero = Avx2.CompareEqual(o, Vector256<int>.Zero);
        k = Avx2.BlendVariable(k, q15, oIsZero);

        // |k·o| ≤ 2^46 and the shifted value fits int32: a logical shift leaves it in the low dword.
        Vector256<long> half15 = Vector256.Create(16384L);
        Vector256<int> r = Interleave(
            Avx2.ShiftRightLogical(Avx2.Multiply(k, o) + half15, 15),
            Avx2.ShiftRightLogical(Avx2.Multiply(Odd(k), Odd(o)) + half15, 15));

        // Enhancement: C takes min/max(r · limit, t) in double and truncates. For a whole limit: r has o's sign, so
        // where |r| > int.MaxValue / limit (21474836 for 100), r · limit lies beyond int32 on the far side of t and t
        // wins; elsewhere r · limit is an exact int32. Any other limit takes the double path.
        Vector256<int> positive = Avx2.CompareGreaterThan(o, Vector256<int>.Zero);
        Vector256<int> enhanced;
        if (gain.IsWhole)
        {
            Vector256<int> big = Avx2.CompareGreaterThan(r, gain.Limit) | Avx2.CompareGreaterThan(-gain.Limit, r);
            enhanced = Avx2.BlendVariable(EnhanceWhole(r, t, positive, gain.Factor), t, big);
        }
        else
        {
            enhanced = EnhanceDouble(r, t, positive, gain.Value);
        }
        Vector256<int> apply = Avx2.AndNot(oIsZero, angle & Avx2.CompareGreaterThan(k, Vector256<int>.Zero));
        return Avx2.BlendVariable(r, enhanced, apply);
    }

    /// <summary>
    /// k of the even dwords: (div · t + round) &gt;&gt; count as int64 (arithmetic shift rebuilt from the logical one
    /// by complementing negative values around it), clamped to [0, 2^15]: the result sits in the low dword.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> KS123(Vector256<int> div, Vector256<int> t, Vector256<int> round, Vector256<long> count)
    {
        // vpmuldq by 1 sign-extends the rounding term's even dword.
        Vector256<long> sum = Avx2.Multiply(div, t) + Avx2.Multiply(round, Vector256.Create(1));
        Vector256<long> negative = Avx2.CompareGreaterThan(Vector256<long>.Zero, sum);
        Vector256<long> k = Avx2.ShiftRightLogicalVariable(sum ^ negative, count.AsUInt64()) ^ negative;
        Vector256<long> q15 = Vector256.Create(32768L);
        k = Avx2.BlendVariable(k, q15, Avx2.CompareGreaterThan(k, q15));
        return Avx2.AndNot(Avx2.CompareGreaterThan(Vector256<long>.Zero, k), k);
    }

    /// <inheritdoc/>
    /// <remarks>AVX2 version of <see cref="AdmScalar.CsfRowS123"/>: 8 coefficients per step, the rest through <see cref="AdmScalar.CsfRangeS123"/>.</remarks>
    public void CsfRowS123(AdmRow<int> additive, AdmScaleGeometry geometry, AdmRow<int> csfA, AdmRow<int> csfF)
    {
        AdmRegion region = geometry.Taps;
        int w = geometry.Width;
        Vector256<int> oneBy30 = Vector256.Create((int)AdmTables.OneBy30Q32);
        for (int theta = 0; theta < 3; theta++)
        {
            // i_rfactor < 2^31 (rfactor < 0.5), so it is a valid signed vpmuldq operand.
            Vector256<int> factor = Vector256.Create((int)AdmTables.IRFactorS123[3 * (geometry.Scale - 1) + theta]);
            ref int src = ref MemoryMarshal.GetReference(additive.Detail(theta)[..w]);
            ref int dstA = ref MemoryMarshal.GetReference(csfA.Detail(theta)[..w]);
            ref int dstF = ref MemoryMarshal.GetReference(csfF.Detail(theta)[..w]);
            int j = region.Left;
            for (; j <= region.Right - 8; j += 8)
            {
                Vector256<int> c = MulQ28(Vector256.LoadUnsafe(ref src, (nuint)j), factor);
                c.StoreUnsafe(ref dstA, (nuint)j);

                // vpabsd keeps INT_MIN negative, as C's abs does; vpmuldq then multiplies it signed.
                MulQ32(Avx2.Abs(c).AsInt32(), oneBy30).StoreUnsafe(ref dstF, (nuint)j);
            }

            AdmScalar.CsfRangeS123(additive, csfA, csfF, geometry.Scale, theta, j, region.Right);
        }
    }

    /// <inheritdoc/>
    /// <remarks>AVX2 version of <see cref="AdmScalar.CsfDenRowS123"/>: 8 coefficients per step, the rest through <see cref="AdmScalar.CsfDenRangeS123"/>.</remarks>
    public AdmDenSums CsfDenRowS123(AdmRow<int> reference, AdmScaleGeometry geometry)
    {
        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;
        var cube = new DenCube(AdmTables.DenS123SquareShift[geometry.Scale - 1], geometry.DenCubeShift);
        ref int oH = ref MemoryMarshal.GetReference(reference.H[..w]);
        ref int oV = ref MemoryMarshal.GetReference(reference.V[..w]);
        ref int oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        Vector256<ulong> sumH = Vector256<ulong>.Zero, sumV = Vector256<ulong>.Zero, sumD = Vector256<ulong>.Zero;
        int j = region.Left;
        for (; j <= region.Right - 8; j += 8)
        {
            sumH += cube.Apply(Vector256.LoadUnsafe(ref oH, (nuint)j));
            sumV += cube.Apply(Vector256.LoadUnsafe(ref oV, (nuint)j));
            sumD += cube.Apply(Vector256.LoadUnsafe(ref oD, (nuint)j));
        }

        // uint64 sums wrap mod 2^64 in any order, so lane sums plus the tail equal C's running sum.
        AdmDenSums tail = AdmScalar.CsfDenRangeS123(reference, geometry, j, region.Right);
        return new AdmDenSums(Vector256.Sum(sumH) + tail.H, Vector256.Sum(sumV) + tail.V, Vector256.Sum(sumD) + tail.D);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// AVX2 version of <see cref="AdmScalar.CmRowS123"/>: 8 coefficients per step over the columns whose 3x3
    /// neighbourhood lies inside the band; the border columns and the last partial vector go through
    /// <see cref="AdmScalar.CmRangeS123"/>.
    /// </remarks>
    public AdmNumSums CmRowS123(AdmRow<int> restored, AdmRow<int> csfA, AdmRow<int> csfFUp, AdmRow<int> csfF, AdmRow<int> csfFDown, AdmScaleGeometry geometry)
    {
        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;
        int s = 3 * (geometry.Scale - 1);
        Vector256<int> irfH = Vector256.Create((int)AdmTables.IRFactorS123[s]);
        Vector256<int> irfV = Vector256.Create((int)AdmTables.IRFactorS123[s + 1]);
        Vector256<int> irfD = Vector256.Create((int)AdmTables.IRFactorS123[s + 2]);

        // Scales 1–3 square with (x² + 2^29) >> 30 and one cube shift for all three orientations.
        var cube = new MaskedCube(0, 0, 30, geometry.CmCubeShiftHv);
        int first = Math.Max(region.Left, 1), last = Math.Min(region.Right, w - 1);
        ref int rH = ref MemoryMarshal.GetReference(restored.H[..w]);
        ref int rV = ref MemoryMarshal.GetReference(restored.V[..w]);
        ref int rD = ref MemoryMarshal.GetReference(restored.D[..w]);
        var th = new Neighbourhood32(csfA.H, csfFUp.H, csfF.H, csfFDown.H, w);
        var tv = new Neighbourhood32(csfA.V, csfFUp.V, csfF.V, csfFDown.V, w);
        var td = new Neighbourhood32(csfA.D, csfFUp.D, csfF.D, csfFDown.D, w);
        Vector256<long> sumH = Vector256<long>.Zero, sumV = Vector256<long>.Zero, sumD = Vector256<long>.Zero;
        AdmNumSums head = region.Left < first ? AdmScalar.CmRangeS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, region.Left, first) : default;
        int j = first;
        for (; j <= last - 8; j += 8)
        {
            Vector256<int> thr = th.Threshold(j) + tv.Threshold(j) + td.Threshold(j);
            sumH += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rH, (nuint)j), irfH), thr));
            sumV += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rV, (nuint)j), irfV), thr));
            sumD += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rD, (nuint)j), irfD), thr));
        }

        AdmNumSums tail = AdmScalar.CmRangeS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, j, region.Right);
        return new AdmNumSums(head.H + Vector256.Sum(sumH) + tail.H, head.V + Vector256.Sum(sumV) + tail.V, head.D + Vector256.Sum(sumD) + tail.D);
    }

    /// <summary>x = max(|scaled| − thr, 0) in int32 with C's wrap (|INT_MIN| stays INT_MIN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Masked(Vector256<int> scaled, Vector256<int> thr) =>
        Avx2.Max(Avx2.Abs(scaled).AsInt32() - thr, Vector256<int>.Zero);

    /// <summary>The odd dwords moved down to the even ones (vpmuldq's operands); the odd dwords become 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Odd(Vector256<int> x) => Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32();

    /// <summary>8 int32 lanes from the low dwords of the even-lane (<paramref name="even"/>) and odd-lane results.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Interleave(Vector256<long> even, Vector256<long> odd) =>
        Avx2.Blend(even.AsInt32(), Avx2.ShiftLeftLogical(odd, 32).AsInt32(), 0b1010_1010);

    /// <summary>
    /// C's <c>(int32_t)((x · f + 2^27) &gt;&gt; 28)</c> per lane (int64 product; f a positive int32): bits 28..59
    /// of the sum, which a logical shift leaves in the low dword.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MulQ28(Vector256<int> x, Vector256<int> f)
    {
        Vector256<long> round = Vector256.Create(1L << 27);
        Vector256<long> even = Avx2.ShiftRightLogical(Avx2.Multiply(x, f) + round, 28);
        Vector256<long> odd = Avx2.ShiftRightLogical(Avx2.Multiply(Odd(x), f) + round, 28);
        return Interleave(even, odd);
    }

    /// <summary>
    /// C's <c>(int32_t)((x · f − 2^31) &gt;&gt; 32)</c> per lane (int64 product, the −2^31 rounding of §4.6): the
    /// high dword of each int64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MulQ32(Vector256<int> x, Vector256<int> f)
    {
        Vector256<long> round = Vector256.Create(AdmTables.MinusHalfQ32);
        Vector256<long> even = Avx2.Multiply(x, f) + round;
        Vector256<long> odd = Avx2.Multiply(Odd(x), f) + round;
        return Avx2.Blend(Avx2.ShiftRightLogical(even, 32).AsInt32(), odd.AsInt32(), 0b1010_1010);
    }

    /// <summary>
    /// Scales 1–3 horizontal pass of one row: output columns [1, <see cref="InteriorEnd"/>) 8 per step, the rest
    /// (column 0, the mirrored tail, the partial vector) through <see cref="AdmScalar.HorizontalS123"/>.
    /// </summary>
    private static void HorizontalS123(ReadOnlySpan<int> lo, ReadOnlySpan<int> hi, AdmScaleGeometry geometry, AdmRow<int> destination, FilterS123 filter)
    {
        ref int l = ref MemoryMarshal.GetReference(lo);
        ref int h = ref MemoryMarshal.GetReference(hi);
        int w = geometry.Width;
        ref int a = ref MemoryMarshal.GetReference(destination.A[..w]);
        ref int v = ref MemoryMarshal.GetReference(destination.V[..w]);
        ref int hb = ref MemoryMarshal.GetReference(destination.H[..w]);
        ref int d = ref MemoryMarshal.GetReference(destination.D[..w]);

        AdmScalar.HorizontalS123(lo, hi, geometry, destination, 0, 1);
        int end = InteriorEnd(geometry);
        int j = 1;
        for (; j <= end - 8; j += 8)
        {
            // Output j reads s[2j − 1 .. 2j + 2]. A load at 2j − 1 holds, per qword, (s[2j − 1], s[2j]) of outputs
            // j..j+3 (taps 0 and 1); a load at 2j + 1 holds taps 2 and 3; +8 gives outputs j+4..j+7. The last
            // element read is s[2(j + 7) + 2], inside the interior.
            nuint x = (nuint)(2 * j - 1);
            Vector256<int> e0 = Vector256.LoadUnsafe(ref l, x), f0 = Vector256.LoadUnsafe(ref l, x + 2);
            Vector256<int> e1 = Vector256.LoadUnsafe(ref l, x + 8), f1 = Vector256.LoadUnsafe(ref l, x + 10);
            Vector256<int> oe0 = Odd(e0), of0 = Odd(f0), oe1 = Odd(e1), of1 = Odd(f1);
            Gather(filter.Lo(e0, oe0, f0, of0), filter.Lo(e1, oe1, f1, of1)).StoreUnsafe(ref a, (nuint)j);
            Gather(filter.Hi(e0, oe0, f0, of0), filter.Hi(e1, oe1, f1, of1)).StoreUnsafe(ref v, (nuint)j);
            e0 = Vector256.LoadUnsafe(ref h, x);
            f0 = Vector256.LoadUnsafe(ref h, x + 2);
            e1 = Vector256.LoadUnsafe(ref h, x + 8);
            f1 = Vector256.LoadUnsafe(ref h, x + 10);
            oe0 = Odd(e0);
            of0 = Odd(f0);
            oe1 = Odd(e1);
            of1 = Odd(f1);
            Gather(filter.Lo(e0, oe0, f0, of0), filter.Lo(e1, oe1, f1, of1)).StoreUnsafe(ref hb, (nuint)j);
            Gather(filter.Hi(e0, oe0, f0, of0), filter.Hi(e1, oe1, f1, of1)).StoreUnsafe(ref d, (nuint)j);
        }

        AdmScalar.HorizontalS123(lo, hi, geometry, destination, j, geometry.Width);
    }

    /// <summary>
    /// 8 int32 outputs from the low dwords of two 4-output results (<paramref name="first"/>: outputs 0..3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Gather(Vector256<long> first, Vector256<long> second)
    {
        // vshufps takes dwords 0 and 2 of each 128-bit lane from each: lanes 0 1 4 5 | 2 3 6 7; the qword
        // permute restores 0..7.
        Vector256<float> packed = Avx.Shuffle(first.AsSingle(), second.AsSingle(), 0b10_00_10_00);
        return Avx2.Permute4x64(packed.AsDouble(), 0b11_01_10_00).AsInt32();
    }

    /// <summary>
    /// The db2 filter pair of one scales 1–3 DWT pass on the even dwords: (Σ f_k · x_k + add) &gt;&gt; shift in
    /// int64. |Σ| &lt; 2^16 · 2^31, so nothing wraps; shifts are ≤ 16, so the logical shift leaves C's int32 cast
    /// of the arithmetic one in the low dword.
    /// </summary>
    private readonly struct FilterS123
    {
        private readonly Vector256<int> _l0, _l1, _l2, _l3;
        private readonly Vector256<int> _h0, _h1, _h2, _h3;
        private readonly Vector256<long> _add;
        private readonly Vector128<long> _shift;

        public FilterS123(int add, int shift)
        {
            ReadOnlySpan<int> fl = AdmTables.DwtLo;
            ReadOnlySpan<int> fh = AdmTables.DwtHi;
            _l0 = Vector256.Create(fl[0]);
            _l1 = Vector256.Create(fl[1]);
            _l2 = Vector256.Create(fl[2]);
            _l3 = Vector256.Create(fl[3]);
            _h0 = Vector256.Create(fh[0]);
            _h1 = Vector256.Create(fh[1]);
            _h2 = Vector256.Create(fh[2]);
            _h3 = Vector256.Create(fh[3]);
            _add = Vector256.Create((long)add);
            _shift = Vector128.CreateScalar((long)shift);
        }

        /// <summary>Low-pass of the taps x0..x3 (even dwords).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<long> Lo(Vector256<int> x0, Vector256<int> x1, Vector256<int> x2, Vector256<int> x3) =>
            Avx2.ShiftRightLogical(Avx2.Multiply(x0, _l0) + Avx2.Multiply(x1, _l1) + Avx2.Multiply(x2, _l2) + Avx2.Multiply(x3, _l3) + _add, _shift);

        /// <summary>High-pass of the taps x0..x3 (even dwords).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<long> Hi(Vector256<int> x0, Vector256<int> x1, Vector256<int> x2, Vector256<int> x3) =>
            Avx2.ShiftRightLogical(Avx2.Multiply(x0, _h0) + Avx2.Multiply(x1, _h1) + Avx2.Multiply(x2, _h2) + Avx2.Multiply(x3, _h3) + _add, _shift);
    }

    /// <summary>
    /// Scales 1–3 denominator term on 8 lanes: ((|o|² + 2^q) &gt;&gt; q) · |o|, rounded by the cube shift, uint64,
    /// summed into 4 lanes.
    /// </summary>
    private readonly struct DenCube
    {
        private readonly Vector256<ulong> _squareAdd;
        private readonly Vector128<ulong> _squareShift;
        private readonly Vector256<ulong> _cubeAdd;
        private readonly Vector128<ulong> _cubeShift;

        public DenCube(int squareShift, int cubeShift)
        {
            _squareAdd = Vector256.Create(1UL << squareShift);
            _squareShift = Vector128.CreateScalar((ulong)squareShift);
            _cubeAdd = Vector256.Create((ulong)AdmScaleGeometry.RoundingOf(cubeShift));
            _cubeShift = Vector128.CreateScalar((ulong)cubeShift);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<ulong> Apply(Vector256<int> o)
        {
            // |INT_MIN| reads as 2^31 unsigned, as C's (uint32_t)abs(x) does.
            Vector256<uint> x = Avx2.Abs(o);
            return Cube(x) + Cube(Avx2.ShiftRightLogical(x.AsUInt64(), 32).AsUInt32());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<ulong> Cube(Vector256<uint> x)
        {
            // x ≤ 2^31: the rounded square is ≤ 2^32 + 1 (33 bits only for x = 2^31, q = 30), so its high dword
            // (0 or 1) gets its own vpmuludq.
            Vector256<ulong> square = Avx2.ShiftRightLogical(Avx2.Multiply(x, x) + _squareAdd, _squareShift);
            Vector256<ulong> cube = Avx2.Multiply(square.AsUInt32(), x)
                + Avx2.ShiftLeftLogical(Avx2.Multiply(Avx2.ShiftRightLogical(square, 32).AsUInt32(), x), 32);
            return Avx2.ShiftRightLogical(cube + _cubeAdd, _cubeShift);
        }
    }

    /// <summary>
    /// One orientation's scales 1–3 masking rows around a band row (border rows already mapped);
    /// <see cref="Threshold"/> gives 8 interior columns of the 3x3 sum.
    /// </summary>
    private readonly ref struct Neighbourhood32
    {
        private readonly ref int _centre;
        private readonly ref int _up;
        private readonly ref int _mid;
        private readonly ref int _down;

        public Neighbourhood32(Span<int> csfA, Span<int> fUp, Span<int> f, Span<int> fDown, int width)
        {
            _centre = ref MemoryMarshal.GetReference(csfA[..width]);
            _up = ref MemoryMarshal.GetReference(fUp[..width]);
            _mid = ref MemoryMarshal.GetReference(f[..width]);
            _down = ref MemoryMarshal.GetReference(fDown[..width]);
        }

        /// <summary>
        /// Σ of the 8 neighbours' f (int32, wrapping as C's int does) plus the centre's (|c| · 2^32/15 − 2^31)
        /// &gt;&gt; 32, for columns j..j+7 with 1 ≤ j and j + 8 ≤ w − 1.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Threshold(int j)
        {
            nuint l = (nuint)(j - 1), c = (nuint)j, r = (nuint)(j + 1);
            Vector256<int> sum = Vector256.LoadUnsafe(ref _up, l) + Vector256.LoadUnsafe(ref _up, c) + Vector256.LoadUnsafe(ref _up, r)
                + Vector256.LoadUnsafe(ref _mid, l) + Vector256.LoadUnsafe(ref _mid, r)
                + Vector256.LoadUnsafe(ref _down, l) + Vector256.LoadUnsafe(ref _down, c) + Vector256.LoadUnsafe(ref _down, r);
            Vector256<int> centre = Avx2.Abs(Vector256.LoadUnsafe(ref _centre, c)).AsInt32();
            return sum + MulQ32(centre, Vector256.Create((int)AdmTables.OneBy15Q32));
        }
    }
}
