using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VmafTiny.Features.Simd;

namespace VmafTiny.Features.Adm;

/// <summary>
/// The scales 1–3 (int32 band) band stages of the AVX2 kernels (<see cref="AdmSimd{TSimd, TVector}"/> with
/// <see cref="Simd256"/>), bit-exact with <see cref="AdmScalar"/>'s.
/// </summary>
/// <remarks>
/// AVX2 has no 64-bit multiply or arithmetic shift, but every int64 product here is an int32 times an int32
/// (vpmuldq, on the even dword of each qword; the odd lanes are moved down first), and every int64 shift either
/// keeps only a dword of its result (a logical shift gives the same bits there) or is rebuilt from a logical one.
/// </remarks>
internal static class AdmS123Avx2
{
    /// <summary>AVX2 version of <see cref="AdmScalar.DecoupleRowS123"/>.</summary>
    /// <remarks>
    /// AVX2 version of <see cref="AdmScalar.DecoupleRowS123"/>: 8 coefficients per step, the rest through
    /// <see cref="AdmScalar.DecoupleRangeS123"/>. Every int64 quantity is computed on the even columns and on the
    /// odd columns moved down (vpmuldq), then the two are interleaved back into column order.
    /// </remarks>
    public static unsafe void DecoupleRow(in AdmRow<int> reference, in AdmRow<int> distorted, AdmScaleGeometry geometry, double gainLimit, in AdmRow<int> restored, in AdmRow<int> additive)
    {
        var gain = new GainLimit(gainLimit);
        AdmRegion region = geometry.Taps;
        int w = geometry.Width;
        ref int oH = ref MemoryMarshal.GetReference(reference.H[..w]), oV = ref MemoryMarshal.GetReference(reference.V[..w]), oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        ref int tH = ref MemoryMarshal.GetReference(distorted.H[..w]), tV = ref MemoryMarshal.GetReference(distorted.V[..w]), tD = ref MemoryMarshal.GetReference(distorted.D[..w]);
        ref int rH = ref MemoryMarshal.GetReference(restored.H[..w]), rV = ref MemoryMarshal.GetReference(restored.V[..w]), rD = ref MemoryMarshal.GetReference(restored.D[..w]);
        ref int aH = ref MemoryMarshal.GetReference(additive.H[..w]), aV = ref MemoryMarshal.GetReference(additive.V[..w]), aD = ref MemoryMarshal.GetReference(additive.D[..w]);
        int vectorEnd = End(region.Left, region.Right);
        fixed (int* divLookup = AdmTables.DivLookup)
        {
            // The last step overlaps the one before (End): a few columns computed twice, the same values.
            for (int next = region.Left; next < vectorEnd; next += 8)
            {
                nuint x = (nuint)Math.Min(next, region.Right - 8);
                Vector256<int> oh = Vector256.LoadUnsafe(ref oH, x), ov = Vector256.LoadUnsafe(ref oV, x), od = Vector256.LoadUnsafe(ref oD, x);
                Vector256<int> th = Vector256.LoadUnsafe(ref tH, x), tv = Vector256.LoadUnsafe(ref tV, x), td = Vector256.LoadUnsafe(ref tD, x);

                // Even-column masks in the even qwords' low dwords, odd-column masks in the odd qwords' high
                // dwords: the blend puts each at its column.
                Vector256<long> angleEven = AngleFlagS123(oh, ov, th, tv);
                Vector256<long> angleOdd = AngleFlagS123(Simd256.Odd(oh), Simd256.Odd(ov), Simd256.Odd(th), Simd256.Odd(tv));
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

        AdmScalar.DecoupleRangeS123(reference, distorted, restored, additive, vectorEnd, region.Right, gainLimit);
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

        // div · sign(o) (vpsignd: 0 for o = 0, see below), and C's int rounding term, −2^31 for sh = 17.
        Vector256<int> div = Avx2.Sign(Avx2.GatherVector256(divLookup, top15 + q15, 4), o);
        Vector256<int> round = Avx2.ShiftLeftLogicalVariable(one, (shift + Vector256.Create(14)).AsUInt32());
        Vector256<int> count = shift + Vector256.Create(15);
        Vector256<long> countEven = (count.AsInt64() & Vector256.Create(0xFFFFFFFFL));
        Vector256<int> k = Interleave(
            KS123(div, t, round, countEven),
            KS123(Simd256.Odd(div), Simd256.Odd(t), Simd256.Odd(round), Simd256.Odd(count).AsInt64()));

        // C's k for o = 0 is 2^15 and takes no enhancement; here div = 0 (vpsignd by 0) gives k = 2^14 >> 15 = 0:
        // r = 0 all the same (k·0 = 0), and k = 0 keeps the enhancement off (apply below) without a test of o.

        // |k·o| ≤ 2^46 and the shifted value fits int32: a logical shift leaves it in the low dword.
        Vector256<long> half15 = Vector256.Create(16384L);
        Vector256<int> r = Interleave(
            Avx2.ShiftRightLogical(Avx2.Multiply(k, o) + half15, 15),
            Avx2.ShiftRightLogical(Avx2.Multiply(Simd256.Odd(k), Simd256.Odd(o)) + half15, 15));

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
        Vector256<int> apply = angle & Avx2.CompareGreaterThan(k, Vector256<int>.Zero);
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

    /// <remarks>AVX2 version of <see cref="AdmScalar.CsfRowS123"/>: 8 coefficients per step, the rest through <see cref="AdmScalar.CsfRangeS123"/>.</remarks>
    public static void CsfRow(in AdmRow<int> additive, AdmScaleGeometry geometry, in AdmRow<int> csfA, in AdmRow<int> csfF)
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
            for (int next = region.Left; next < End(region.Left, region.Right); next += 8)
            {
                int j = Math.Min(next, region.Right - 8);
                Vector256<int> c = MulQ28(Vector256.LoadUnsafe(ref src, (nuint)j), factor);
                c.StoreUnsafe(ref dstA, (nuint)j);

                // vpabsd keeps INT_MIN negative, as C's abs does; vpmuldq then multiplies it signed.
                MulQ32(Avx2.Abs(c).AsInt32(), oneBy30).StoreUnsafe(ref dstF, (nuint)j);
            }

            AdmScalar.CsfRangeS123(additive, csfA, csfF, geometry.Scale, theta, End(region.Left, region.Right), region.Right);
        }
    }

    /// <remarks>AVX2 version of <see cref="AdmScalar.CsfDenRowS123"/>: 8 coefficients per step, the rest through <see cref="AdmScalar.CsfDenRangeS123"/>.</remarks>
    public static AdmDenSums CsfDenRow(in AdmRow<int> reference, AdmScaleGeometry geometry)
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

        if (j < region.Right && region.Right - region.Left >= 8)
        {
            // The last step overlaps the one before; the lanes it summed are zeroed (|0|'s term is 0).
            int k = region.Right - 8;
            Vector256<int> fresh = Fresh(j - k);
            sumH += cube.Apply(Vector256.LoadUnsafe(ref oH, (nuint)k) & fresh);
            sumV += cube.Apply(Vector256.LoadUnsafe(ref oV, (nuint)k) & fresh);
            sumD += cube.Apply(Vector256.LoadUnsafe(ref oD, (nuint)k) & fresh);
        }

        // uint64 sums wrap mod 2^64 in any order, so lane sums plus the tail equal C's running sum.
        AdmDenSums tail = AdmScalar.CsfDenRangeS123(reference, geometry, End(region.Left, region.Right), region.Right);
        return new AdmDenSums(Vector256.Sum(sumH) + tail.H, Vector256.Sum(sumV) + tail.V, Vector256.Sum(sumD) + tail.D);
    }

    /// <remarks>
    /// <para>
    /// AVX2 version of <see cref="AdmScalar.CmRowS123"/>: 8 coefficients per step over the columns whose 3x3
    /// neighbourhood lies inside the band; the border columns go through <see cref="AdmScalar.CmRangeS123"/>.
    /// </para>
    /// <para>
    /// The threshold from per-column sums formed in a first pass, as <see cref="AdmS123Avx512.CmRow"/>: S = Σ over
    /// h, v, d of f above + at + below, E = Σ (centre term − f at), threshold = S[j − 1] + S[j] + S[j + 1] + E[j]
    /// (C's int32 sums wrap, in any order).
    /// </para>
    /// </remarks>
    [SkipLocalsInit]
    public static AdmNumSums CmRow(in AdmRow<int> restored, in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, AdmScaleGeometry geometry)
    {
        if (AdmScalar.CmEdgesS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, 8, out int first, out int last, out AdmNumSums head, out AdmNumSums whole))
        {
            return whole;
        }

        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;

        // Columns first − 1 .. last (inside the band: first ≥ 1, last ≤ w − 1); index k is column first − 1 + k.
        int columns = last - first + 2;
        Span<int> sums = columns <= AdmScalar.CmStackColumnsS123 ? stackalloc int[2 * columns] : new int[2 * columns];
        ref int t = ref MemoryMarshal.GetReference(sums);
        ref int e = ref Unsafe.Add(ref t, columns);
        ThresholdSums(csfA, csfFUp, csfF, csfFDown, w, first - 1, columns, ref t, ref e);

        int s = 3 * (geometry.Scale - 1);
        Vector256<int> irfH = Vector256.Create((int)AdmTables.IRFactorS123[s]);
        Vector256<int> irfV = Vector256.Create((int)AdmTables.IRFactorS123[s + 1]);
        Vector256<int> irfD = Vector256.Create((int)AdmTables.IRFactorS123[s + 2]);

        // Scales 1–3 square with (x² + 2^29) >> 30 and one cube shift for all three orientations.
        var cube = new MaskedCube(0, 0, 30, geometry.CmCubeShiftHv);
        ref int rH = ref MemoryMarshal.GetReference(restored.H[..w]);
        ref int rV = ref MemoryMarshal.GetReference(restored.V[..w]);
        ref int rD = ref MemoryMarshal.GetReference(restored.D[..w]);
        Vector256<long> sumH = Vector256<long>.Zero, sumV = Vector256<long>.Zero, sumD = Vector256<long>.Zero;
        int j = first;
        for (; j <= last - 8; j += 8)
        {
            Vector256<int> thr = Threshold(ref t, ref e, (nuint)(j - first));
            sumH += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rH, (nuint)j), irfH), thr));
            sumV += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rV, (nuint)j), irfV), thr));
            sumD += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rD, (nuint)j), irfD), thr));
        }

        if (j < last)
        {
            // The last step overlaps the one before; the lanes it summed get x = 0 (a zero term).
            int k = last - 8;
            Vector256<int> fresh = Fresh(j - k);
            Vector256<int> thr = Threshold(ref t, ref e, (nuint)(k - first));
            sumH += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rH, (nuint)k), irfH), thr) & fresh);
            sumV += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rV, (nuint)k), irfV), thr) & fresh);
            sumD += cube.Cubes(Masked(MulQ28(Vector256.LoadUnsafe(ref rD, (nuint)k), irfD), thr) & fresh);
        }

        AdmNumSums tail = AdmScalar.CmRangeS123(restored, csfA, csfFUp, csfF, csfFDown, geometry, last, region.Right);
        return new AdmNumSums(head.H + Vector256.Sum(sumH) + tail.H, head.V + Vector256.Sum(sumV) + tail.V, head.D + Vector256.Sum(sumD) + tail.D);
    }

    /// <summary>
    /// The first pass of <see cref="CmRow"/> over <paramref name="columns"/> (≥ 8) columns from <paramref name="start"/>:
    /// S into <paramref name="s"/> and E into <paramref name="e"/>, int32 wrapping as C's (see <see cref="CmRow"/>).
    /// The last step overlaps the one before (the same values written again).
    /// </summary>
    private static void ThresholdSums(in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, int w, int start, int columns, ref int s, ref int e)
    {
        ref int cH = ref MemoryMarshal.GetReference(csfA.H[..w]), cV = ref MemoryMarshal.GetReference(csfA.V[..w]), cD = ref MemoryMarshal.GetReference(csfA.D[..w]);
        ref int uH = ref MemoryMarshal.GetReference(csfFUp.H[..w]), uV = ref MemoryMarshal.GetReference(csfFUp.V[..w]), uD = ref MemoryMarshal.GetReference(csfFUp.D[..w]);
        ref int mH = ref MemoryMarshal.GetReference(csfF.H[..w]), mV = ref MemoryMarshal.GetReference(csfF.V[..w]), mD = ref MemoryMarshal.GetReference(csfF.D[..w]);
        ref int dH = ref MemoryMarshal.GetReference(csfFDown.H[..w]), dV = ref MemoryMarshal.GetReference(csfFDown.V[..w]), dD = ref MemoryMarshal.GetReference(csfFDown.D[..w]);
        Vector256<int> oneBy15 = Vector256.Create((int)AdmTables.OneBy15Q32);
        for (int next = 0; next < columns; next += 8)
        {
            int k = Math.Min(next, columns - 8);
            nuint x = (nuint)(start + k);
            Vector256<int> mid = Vector256.LoadUnsafe(ref mH, x) + Vector256.LoadUnsafe(ref mV, x) + Vector256.LoadUnsafe(ref mD, x);
            Vector256<int> up = Vector256.LoadUnsafe(ref uH, x) + Vector256.LoadUnsafe(ref uV, x) + Vector256.LoadUnsafe(ref uD, x);
            Vector256<int> down = Vector256.LoadUnsafe(ref dH, x) + Vector256.LoadUnsafe(ref dV, x) + Vector256.LoadUnsafe(ref dD, x);
            (up + mid + down).StoreUnsafe(ref s, (nuint)k);

            // abs on the int32 (INT_MIN stays negative, as C's abs), read signed by vpmuldq inside MulQ32.
            Vector256<int> terms = MulQ32(Avx2.Abs(Vector256.LoadUnsafe(ref cH, x)).AsInt32(), oneBy15)
                + MulQ32(Avx2.Abs(Vector256.LoadUnsafe(ref cV, x)).AsInt32(), oneBy15)
                + MulQ32(Avx2.Abs(Vector256.LoadUnsafe(ref cD, x)).AsInt32(), oneBy15);
            (terms - mid).StoreUnsafe(ref e, (nuint)k);
        }
    }

    /// <summary>The threshold of the 8 columns whose sums start at index <paramref name="k"/> + 1 (column first + k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Threshold(ref int s, ref int e, nuint k) =>
        Vector256.LoadUnsafe(ref s, k) + Vector256.LoadUnsafe(ref s, k + 1) + Vector256.LoadUnsafe(ref s, k + 2) + Vector256.LoadUnsafe(ref e, k + 1);

    /// <summary>
    /// Where the 8-column steps over [start, end) stop: end when one step fits (the last one overlapping the one
    /// before), else start (<see cref="AdmSimd{TSimd, TVector}.VectorEnd"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int End(int start, int end) => end - start >= 8 ? end : start;

    /// <summary>All-ones from lane <paramref name="summed"/> on: the lanes a sum may take from an overlapping last step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Fresh(int summed) => Vector256.GreaterThan(Vector256<int>.Indices, Vector256.Create(summed - 1));

    /// <summary>x = max(|scaled| − thr, 0) in int32 with C's wrap (|INT_MIN| stays INT_MIN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Masked(Vector256<int> scaled, Vector256<int> thr) =>
        Avx2.Max(Avx2.Abs(scaled).AsInt32() - thr, Vector256<int>.Zero);

    /// <summary>8 int32 lanes from the low dwords of the even-lane (<paramref name="even"/>) and odd-lane results (<see cref="Simd256.Join"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Interleave(Vector256<long> even, Vector256<long> odd) => Simd256.Join(even.AsInt32(), odd.AsInt32());

    /// <summary>
    /// C's <c>(int32_t)((x · f + 2^27) &gt;&gt; 28)</c> per lane (int64 product; f a positive int32): bits 28..59
    /// of the sum, which a logical shift leaves in the low dword.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MulQ28(Vector256<int> x, Vector256<int> f)
    {
        Vector256<long> round = Vector256.Create(1L << 27);
        Vector256<long> even = Avx2.ShiftRightLogical(Avx2.Multiply(x, f) + round, 28);
        Vector256<long> odd = Avx2.ShiftRightLogical(Avx2.Multiply(Simd256.Odd(x), f) + round, 28);
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
        Vector256<long> odd = Avx2.Multiply(Simd256.Odd(x), f) + round;
        return Avx2.Blend(Avx2.ShiftRightLogical(even, 32).AsInt32(), odd.AsInt32(), 0b1010_1010);
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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>The double part of the angle test on 4 lanes (64-bit all-ones where it passes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AngleFlag(Vector128<float> dotF, Vector128<float> ooF, Vector128<float> ttF)
    {
        Vector256<double> scale = Vector256.Create(1.0 / 4096.0);
        Vector256<double> cos2 = Vector256.Create((double)AdmTables.CosOneDegreeSquared);
        Vector256<double> dot = Avx.ConvertToVector256Double(dotF) * scale;
        Vector256<double> rhs = cos2 * (Avx.ConvertToVector256Double(ooF) * scale) * (Avx.ConvertToVector256Double(ttF) * scale);
        return Avx.CompareGreaterThanOrEqual(dot, Vector256<double>.Zero) & Avx.CompareGreaterThanOrEqual(dot * dot, rhs);
    }

    /// <summary>
    /// The masked cube of <c>I4_ADM_CM_ACCUM_ROUND</c> on 8 lanes: x = max(|r·irf| − (thr &lt;&lt; s), 0),
    /// xsq = (int32)((x² + 2^(q−1)) &gt;&gt; q), val = (xsq·x + 2^(c−1)) &gt;&gt; c in int64, summed into 4 lanes.
    /// </summary>
    private readonly struct MaskedCube
    {
        private readonly Vector256<int> _irf;
        private readonly Vector128<int> _thrShift;
        private readonly Vector128<long> _squareShift;
        private readonly Vector256<ulong> _squareAdd;
        private readonly Vector128<long> _cubeShift;
        private readonly Vector256<long> _cubeAdd;
        private readonly Vector256<long> _cubeBias;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public MaskedCube(int irf, int thrShift, int squareShift, int cubeShift)
        {
            _irf = Vector256.Create(irf);
            _thrShift = Vector128.CreateScalar(thrShift);
            _squareShift = Vector128.CreateScalar((long)squareShift);
            _squareAdd = Vector256.Create(1UL << (squareShift - 1));
            _cubeShift = Vector128.CreateScalar((long)cubeShift);

            // AVX2 has no 64-bit arithmetic shift: adding 2^63 makes the value unsigned, a logical shift then
            // floors it, and 2^(63 − c) is subtracted again: (v + 2^63) &gt;&gt;&gt; c − 2^(63 − c) = v &gt;&gt; c.
            _cubeAdd = Vector256.Create(unchecked(AdmScaleGeometry.RoundingOf(cubeShift) + long.MinValue));
            _cubeBias = Vector256.Create(unchecked((long)(1UL << (63 - cubeShift))));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<long> Apply(Vector256<int> restored, Vector256<int> thr)
        {
            // |r·irf| ≤ 32768 · 49417 < 2^31; thr &lt;&lt; s may wrap, as in C.
            Vector256<int> scaled = Avx2.MultiplyLow(restored, _irf);
            Vector256<int> x = Avx2.Max(Avx2.Abs(scaled).AsInt32() - Avx2.ShiftLeftLogical(thr, _thrShift), Vector256<int>.Zero);
            return Cubes(x);
        }

        /// <summary>Σ over 8 lanes of ((int32)((x² + 2^(q−1)) &gt;&gt; q) · x + 2^(c−1)) &gt;&gt; c for 0 ≤ x &lt; 2^31, as 4 int64 lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<long> Cubes(Vector256<int> x)
        {
            // Even lanes, then odd lanes moved down: x² < 2^62 (pmuludq), the shifted square's low dword is C's
            // int32 xsq (it may wrap negative), and pmuldq multiplies it signed by x.
            Vector256<long> even = Cube(x);
            Vector256<long> odd = Cube(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32());
            return even + odd;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<long> Cube(Vector256<int> x)
        {
            Vector256<ulong> square = Avx2.ShiftRightLogical(Avx2.Multiply(x.AsUInt32(), x.AsUInt32()) + _squareAdd, _squareShift.AsUInt64());
            Vector256<long> cube = Avx2.Multiply(square.AsInt32(), x) + _cubeAdd;
            return Avx2.ShiftRightLogical(cube, _cubeShift) - _cubeBias;
        }
    }

    /// <summary>min(r · limit, t) where o &gt; 0, max where o &lt; 0, for a whole limit and |r · limit| within int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> EnhanceWhole(Vector256<int> r, Vector256<int> t, Vector256<int> positive, Vector256<int> factor)
    {
        Vector256<int> gained = Avx2.MultiplyLow(r, factor);
        return Avx2.BlendVariable(Avx2.Max(gained, t), Avx2.Min(gained, t), positive);
    }

    /// <summary>
    /// trunc(o &gt; 0 ? min(r · limit, t) : max(r · limit, t)) in double, as C evaluates it: int32 → double is exact,
    /// the product rounds once as C's does, C's MIN/MAX are <c>a &lt; b ? a : b</c> / <c>a &gt; b ? a : b</c>, and the result
    /// lies between 0 and t (or t and 0), so the truncating conversion is exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> EnhanceDouble(Vector256<int> r, Vector256<int> t, Vector256<int> positive, Vector256<double> limit)
    {
        return Vector256.Create(Half(r.GetLower(), t.GetLower(), positive.GetLower(), limit), Half(r.GetUpper(), t.GetUpper(), positive.GetUpper(), limit));

        static Vector128<int> Half(Vector128<int> r, Vector128<int> t, Vector128<int> positive, Vector256<double> limit)
        {
            Vector256<double> g = Avx.ConvertToVector256Double(r) * limit;
            Vector256<double> td = Avx.ConvertToVector256Double(t);
            Vector256<double> min = Avx.BlendVariable(td, g, Avx.CompareLessThan(g, td));
            Vector256<double> max = Avx.BlendVariable(td, g, Avx.CompareGreaterThan(g, td));
            Vector256<double> mask = Avx2.ConvertToVector256Int64(positive).AsDouble();
            return Avx.ConvertToVector128Int32WithTruncation(Avx.BlendVariable(max, min, mask));
        }
    }

    /// <summary>
    /// libvmaf's <c>adm_enhn_gain_limit</c> as the AVX2 scales 1–3 decouple uses it: a whole limit
    /// (<see cref="AdmTables.IsWholeGainLimit"/>) as an int32 factor (with the largest |r| whose product stays within
    /// int32), any other as a double.
    /// </summary>
    private readonly struct GainLimit
    {
        public GainLimit(double value)
        {
            Value = Vector256.Create(value);
            IsWhole = AdmTables.IsWholeGainLimit(value);
            int whole = IsWhole ? (int)value : 1;
            Factor = Vector256.Create(whole);
            Limit = Vector256.Create(int.MaxValue / whole);
        }

        /// <summary>True for a whole limit in [1, 100]: integer arithmetic is exact.</summary>
        public bool IsWhole { get; }

        /// <summary>The whole limit in every lane.</summary>
        public Vector256<int> Factor { get; }

        /// <summary>The largest |r| with r · limit within int32.</summary>
        public Vector256<int> Limit { get; }

        /// <summary>The limit in every lane, as a double.</summary>
        public Vector256<double> Value { get; }
    }
}
