using System.Diagnostics;
using System.Runtime.CompilerServices;
using VmafTiny.Features.Simd;

namespace VmafTiny.Features.Vif;

/// <content>The vertical pass of vif_statistic_16 (10/12-bit scale 0 and the subsampled scales 1-3).</content>
internal sealed partial class VifSimd<TSimd, TVector>
{
    /// <summary>The bias that makes a centred cross-term pair sum unsigned: 2^31 − 2^16 (<see cref="VerticalStatistic16"/>).</summary>
    private const long CrossBias = (1L << 31) - (1L << 16);

    /// <summary>
    /// Vertical pass of vif_statistic_16 for the 2·<see cref="Lanes"/> columns from <paramref name="column"/>, with the
    /// shifts of <see cref="VifScalar.StatisticShifts"/>, as biased words.
    /// </summary>
    /// <remarks>
    /// <para>SIMD version of <see cref="VifScalar.VerticalStatistic16"/>, on centred samples: d = p − 2^15 and
    /// e = q − 2^15 (the word XOR 0x8000, read as int16), so every sample of any 16-bit plane is a signed word and the
    /// mirrored rows k and taps−1−k, which share the weight f[k], go through <c>vpmaddwd</c> as one word pair, the
    /// in-lane unpacks splitting each register of columns into a "low" and a "high" half
    /// (<see cref="ISimd{TVector}.PackUnsignedSaturateInt32"/> restores column order at the end):</para>
    /// <para>Means: (d_k, d_m)·(f, f), f ≤ 16004 for every pair. M_d = Σf·d is exact in int32 (any partial sum lies in
    /// [−2^31, 2^31 − 2^16]: its weights sum to at most 65536), and Σf·p = M_d + 2^15·Σf, which mod 2^32 is C's uint32
    /// sum (&lt; 2^32). The centre row takes the pair (d_c, d_c) with its weight split in two halves (scale 3's 43728
    /// is not a signed word).</para>
    /// <para>Squares: (d_k, d_m)·(d_k, d_m) = d_k² + d_m² ≤ 2^31 is exact read as uint32 (only d_k = d_m = −32768 gives
    /// 2^31, which <c>vpmaddwd</c> returns as 0x80000000); <c>vpmuludq</c> scales it by f into uint64 per even and odd
    /// column: two multiplies per mirrored pair where the direct form takes two per row. The cross term
    /// d_k·e_k + d_m·e_m lies in [−2^31 + 2^16, 2^31], so adding <see cref="CrossBias"/> (mod 2^32) makes it an exact
    /// uint32, and f·bias is taken off at the end. The centre row pairs with a zero word. Then, exactly in uint64,
    /// Σf·p² = Σf·d² + 2^16·M_d + 2^30·Σf and Σf·p·q = Σf·d·e + 2^15·(M_d + M_e) + 2^30·Σf, with 2^15·M sign-extended by
    /// <c>vpmuldq</c>; C's rounding shift and uint32 cut follow on that exact sum.</para>
    /// </remarks>
    private static void VerticalStatistic16<TShape>(
        ref ushort refBase, ref ushort disBase, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter, in Constants16 constants,
        int column, ref ushort words, int wordStride)
        where TShape : struct, IShape
    {
        var lo = default(Sums16);
        var hi = default(Sums16);
        if (TSimd.RegisterCount >= 32)
        {
            Taps<TShape, BothHalves>(ref refBase, ref disBase, rows, filter, column, ref lo, ref hi);
        }
        else
        {
            // Sixteen accumulators do not fit sixteen registers: one half per pass over the rows.
            lo = HalfTaps<TShape, LowHalf>(ref refBase, ref disBase, rows, filter, column);
            hi = HalfTaps<TShape, HighHalf>(ref refBase, ref disBase, rows, filter, column);
        }

        int shiftMu = constants.ShiftMu, shiftSq = constants.ShiftSq;
        TVector square = constants.Square, cross = constants.Cross, mean = constants.Mean;
        TVector scale15 = TSimd.CreateInt32(1 << 15);
        TVector low16 = TSimd.CreateInt32(0xFFFF);
        TVector bias = TSimd.CreateInt16(Bias16);

        // C stores the rounded mean through a uint16_t: the mask keeps its low word for the saturating pack.
        StoreWords(TSimd.Xor(TSimd.PackUnsignedSaturateInt32(Mean16(lo.Mu1, mean, shiftMu, low16), Mean16(hi.Mu1, mean, shiftMu, low16)), bias), ref words, column);
        StoreWords(
            TSimd.Xor(TSimd.PackUnsignedSaturateInt32(Mean16(lo.Mu2, mean, shiftMu, low16), Mean16(hi.Mu2, mean, shiftMu, low16)), bias),
            ref Unsafe.Add(ref words, wordStride),
            column);

        // 2^15·M per even and odd column, sign-extended to int64.
        TVector aLoE = TSimd.MultiplyEvenInt32(lo.Mu1, scale15), aLoO = TSimd.MultiplyEvenInt32(TSimd.Odd(lo.Mu1), scale15);
        TVector aHiE = TSimd.MultiplyEvenInt32(hi.Mu1, scale15), aHiO = TSimd.MultiplyEvenInt32(TSimd.Odd(hi.Mu1), scale15);
        TVector bLoE = TSimd.MultiplyEvenInt32(lo.Mu2, scale15), bLoO = TSimd.MultiplyEvenInt32(TSimd.Odd(lo.Mu2), scale15);
        TVector bHiE = TSimd.MultiplyEvenInt32(hi.Mu2, scale15), bHiO = TSimd.MultiplyEvenInt32(TSimd.Odd(hi.Mu2), scale15);
        StoreHalves(
            Shifted(TSimd.AddInt64(lo.XxEven, TSimd.AddInt64(aLoE, aLoE)), TSimd.AddInt64(lo.XxOdd, TSimd.AddInt64(aLoO, aLoO)), square, shiftSq),
            Shifted(TSimd.AddInt64(hi.XxEven, TSimd.AddInt64(aHiE, aHiE)), TSimd.AddInt64(hi.XxOdd, TSimd.AddInt64(aHiO, aHiO)), square, shiftSq),
            bias,
            ref Unsafe.Add(ref words, 2 * wordStride),
            wordStride,
            column);
        StoreHalves(
            Shifted(TSimd.AddInt64(lo.YyEven, TSimd.AddInt64(bLoE, bLoE)), TSimd.AddInt64(lo.YyOdd, TSimd.AddInt64(bLoO, bLoO)), square, shiftSq),
            Shifted(TSimd.AddInt64(hi.YyEven, TSimd.AddInt64(bHiE, bHiE)), TSimd.AddInt64(hi.YyOdd, TSimd.AddInt64(bHiO, bHiO)), square, shiftSq),
            bias,
            ref Unsafe.Add(ref words, 4 * wordStride),
            wordStride,
            column);
        StoreHalves(
            Shifted(TSimd.AddInt64(lo.XyEven, TSimd.AddInt64(aLoE, bLoE)), TSimd.AddInt64(lo.XyOdd, TSimd.AddInt64(aLoO, bLoO)), cross, shiftSq),
            Shifted(TSimd.AddInt64(hi.XyEven, TSimd.AddInt64(aHiE, bHiE)), TSimd.AddInt64(hi.XyOdd, TSimd.AddInt64(aHiO, bHiO)), cross, shiftSq),
            bias,
            ref Unsafe.Add(ref words, 6 * wordStride),
            wordStride,
            column);
    }

    /// <summary>
    /// The taps of <see cref="VerticalStatistic16"/>: the sums of the low, the high or both halves of 2·<see cref="Lanes"/>
    /// columns (<typeparamref name="TPart"/>), added to <paramref name="lo"/> and <paramref name="hi"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Taps<TShape, TPart>(
        ref ushort refBase, ref ushort disBase, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter, int column, ref Sums16 lo, ref Sums16 hi)
        where TShape : struct, IShape
        where TPart : struct
    {
        Debug.Assert(filter.Length == (2 * TShape.Half) + 1 && rows.Length == filter.Length, "the shape's taps");
        int half = TShape.Half;
        TVector flip = TSimd.CreateInt16(Bias16);
        TVector crossBias = TSimd.CreateInt32(unchecked((int)CrossBias));
        // The mirrored pairs, unrolled (k a constant in each): their rows and weights are read at fixed places.
        Tap16<TPart>(0, ref refBase, ref disBase, rows, filter, column, flip, crossBias, ref lo, ref hi);
        if (TShape.Half > 1)
        {
            Tap16<TPart>(1, ref refBase, ref disBase, rows, filter, column, flip, crossBias, ref lo, ref hi);
        }

        if (TShape.Half > 2)
        {
            Tap16<TPart>(2, ref refBase, ref disBase, rows, filter, column, flip, crossBias, ref lo, ref hi);
            Tap16<TPart>(3, ref refBase, ref disBase, rows, filter, column, flip, crossBias, ref lo, ref hi);
        }

        if (TShape.Half > 4)
        {
            Tap16<TPart>(4, ref refBase, ref disBase, rows, filter, column, flip, crossBias, ref lo, ref hi);
            Tap16<TPart>(5, ref refBase, ref disBase, rows, filter, column, flip, crossBias, ref lo, ref hi);
            Tap16<TPart>(6, ref refBase, ref disBase, rows, filter, column, flip, crossBias, ref lo, ref hi);
            Tap16<TPart>(7, ref refBase, ref disBase, rows, filter, column, flip, crossBias, ref lo, ref hi);
        }

        {
            // The centre row: (d, d) with the weight split in halves for the means, (d, 0) for the squares.
            int f = filter[half];
            nuint a = (nuint)(rows[half] + column);
            TVector d = TSimd.Xor(TSimd.Load(ref refBase, a), flip);
            TVector e = TSimd.Xor(TSimd.Load(ref disBase, a), flip);
            TVector pair = TSimd.CreatePair16((short)(f / 2), (short)(f - (f / 2)));
            TVector c = TSimd.CreateInt32(f);
            TVector zero = TSimd.Zero;
            if (typeof(TPart) != typeof(HighHalf))
            {
                lo.Mu1 = TSimd.MultiplyAddAdjacentAccumulate(lo.Mu1, TSimd.UnpackLowInt16(d, d), pair);
                lo.Mu2 = TSimd.MultiplyAddAdjacentAccumulate(lo.Mu2, TSimd.UnpackLowInt16(e, e), pair);
                Squares16(TSimd.UnpackLowInt16(d, zero), TSimd.UnpackLowInt16(e, zero), c, crossBias, ref lo);
            }

            if (typeof(TPart) != typeof(LowHalf))
            {
                hi.Mu1 = TSimd.MultiplyAddAdjacentAccumulate(hi.Mu1, TSimd.UnpackHighInt16(d, d), pair);
                hi.Mu2 = TSimd.MultiplyAddAdjacentAccumulate(hi.Mu2, TSimd.UnpackHighInt16(e, e), pair);
                Squares16(TSimd.UnpackHighInt16(d, zero), TSimd.UnpackHighInt16(e, zero), c, crossBias, ref hi);
            }
        }
    }

    /// <summary>Mirrored rows k and taps − 1 − k of <see cref="Taps{TShape, TPart}"/>, added to the sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tap16<TPart>(
        int k, ref ushort refBase, ref ushort disBase, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter, int column, TVector flip, TVector crossBias,
        ref Sums16 lo, ref Sums16 hi)
        where TPart : struct
    {
        int taps = filter.Length;
        int f = filter[k];
        nuint a = (nuint)(rows[k] + column), b = (nuint)(rows[taps - 1 - k] + column);
        TVector da = TSimd.Xor(TSimd.Load(ref refBase, a), flip), db = TSimd.Xor(TSimd.Load(ref refBase, b), flip);
        TVector ea = TSimd.Xor(TSimd.Load(ref disBase, a), flip), eb = TSimd.Xor(TSimd.Load(ref disBase, b), flip);
        TVector pair = TSimd.CreatePair16((short)f, (short)f);
        TVector c = TSimd.CreateInt32(f);
        if (typeof(TPart) != typeof(HighHalf))
        {
            TVector d = TSimd.UnpackLowInt16(da, db), e = TSimd.UnpackLowInt16(ea, eb);
            lo.Mu1 = TSimd.MultiplyAddAdjacentAccumulate(lo.Mu1, d, pair);
            lo.Mu2 = TSimd.MultiplyAddAdjacentAccumulate(lo.Mu2, e, pair);
            Squares16(d, e, c, crossBias, ref lo);
        }

        if (typeof(TPart) != typeof(LowHalf))
        {
            TVector d = TSimd.UnpackHighInt16(da, db), e = TSimd.UnpackHighInt16(ea, eb);
            hi.Mu1 = TSimd.MultiplyAddAdjacentAccumulate(hi.Mu1, d, pair);
            hi.Mu2 = TSimd.MultiplyAddAdjacentAccumulate(hi.Mu2, e, pair);
            Squares16(d, e, c, crossBias, ref hi);
        }
    }

    /// <summary>
    /// <see cref="Taps{TShape, TPart}"/> of one half (<see cref="LowHalf"/> or <see cref="HighHalf"/>), apart so that its eight
    /// accumulators get the registers (inlined, the JIT spills them in the loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Sums16 HalfTaps<TShape, TPart>(ref ushort refBase, ref ushort disBase, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter, int column)
        where TShape : struct, IShape
        where TPart : struct
    {
        var lo = default(Sums16);
        var hi = default(Sums16);
        Taps<TShape, TPart>(ref refBase, ref disBase, rows, filter, column, ref lo, ref hi);
        return typeof(TPart) == typeof(HighHalf) ? hi : lo;
    }

    /// <summary>One row pair's squares from centred word pairs, scaled by f into the uint64 sums (the cross term biased).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Squares16(TVector d, TVector e, TVector c, TVector crossBias, ref Sums16 s)
    {
        Scaled(TSimd.MultiplyAddAdjacent(d, d), c, ref s.XxEven, ref s.XxOdd);
        Scaled(TSimd.MultiplyAddAdjacent(e, e), c, ref s.YyEven, ref s.YyOdd);
        Scaled(TSimd.AddInt32(TSimd.MultiplyAddAdjacent(d, e), crossBias), c, ref s.XyEven, ref s.XyOdd);
    }

    /// <summary>Adds f·u of a register of uint32 lanes to the uint64 sums of its even and odd lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scaled(TVector u, TVector c, ref TVector even, ref TVector odd)
    {
        even = TSimd.AddInt64(even, TSimd.MultiplyEvenUInt32(u, c));
        odd = TSimd.AddInt64(odd, TSimd.MultiplyEvenUInt32(TSimd.Odd(u), c));
    }

    /// <summary>((M + constant) mod 2^32) &gt;&gt; shift, cut to its low word (as a dword, for the pack).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Mean16(TVector sum, TVector constant, int shift, TVector low16) =>
        TSimd.And(TSimd.ShiftRightLogicalInt32(TSimd.AddInt32(sum, constant), shift), low16);

    /// <summary>(uint64 sum + round) &gt;&gt; shift of the even and odd columns, cut to uint32 and rejoined in lane order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Shifted(TVector even, TVector odd, TVector round, int shift) =>
        TSimd.Join(
            TSimd.ShiftRightLogicalInt64(TSimd.AddInt64(even, round), shift),
            TSimd.ShiftRightLogicalInt64(TSimd.AddInt64(odd, round), shift));

    /// <summary>
    /// What <see cref="VerticalStatistic16"/> adds after its taps, formed once per plane (<see cref="Constants16.For"/>):
    /// the shifts of <see cref="VifScalar.StatisticShifts"/> and the uint64/uint32 constants of the centring and rounding.
    /// </summary>
    private readonly struct Constants16
    {
        public int ShiftMu { get; init; }

        public int ShiftSq { get; init; }

        /// <summary>2^30·Σf plus C's rounding of the square sums.</summary>
        public TVector Square { get; init; }

        /// <summary>The same for the cross sum, less the bias times the weights it was added with (each pair's once).</summary>
        public TVector Cross { get; init; }

        /// <summary>2^15·Σf plus C's rounding of the means (mod 2^32).</summary>
        public TVector Mean { get; init; }

        /// <summary>The constants of <paramref name="filter"/> (Σf = 65536 for every filter; kept general) and the shifts.</summary>
        public static Constants16 For(ReadOnlySpan<ushort> filter, int shiftMu, int shiftSq)
        {
            int half = filter.Length / 2;
            long weights = 0;
            for (int k = 0; k <= half; k++)
            {
                weights += filter[k];
            }

            long sum = weights + weights - filter[half];
            long roundSq = shiftSq == 0 ? 0 : 1L << (shiftSq - 1);
            return new Constants16
            {
                ShiftMu = shiftMu,
                ShiftSq = shiftSq,
                Square = TSimd.CreateInt64(unchecked((sum << 30) + roundSq)),
                Cross = TSimd.CreateInt64(unchecked((sum << 30) - (CrossBias * weights) + roundSq)),
                Mean = TSimd.CreateInt32(unchecked((int)((sum << 15) + (1L << (shiftMu - 1))))),
            };
        }
    }

    /// <summary>
    /// The sums of one half of <see cref="VerticalStatistic16"/>'s columns: Σf·d and Σf·e (int32), and the uint64 sums of
    /// the squares per even and odd column.
    /// </summary>
    private struct Sums16
    {
        public TVector Mu1;
        public TVector Mu2;
        public TVector XxEven;
        public TVector XxOdd;
        public TVector YyEven;
        public TVector YyOdd;
        public TVector XyEven;
        public TVector XyOdd;
    }

    /// <summary>Part of <see cref="Taps{TShape, TPart}"/>: the low halves only.</summary>
    private readonly struct LowHalf
    {
    }

    /// <summary>Part of <see cref="Taps{TShape, TPart}"/>: the high halves only.</summary>
    private readonly struct HighHalf
    {
    }

    /// <summary>Part of <see cref="Taps{TShape, TPart}"/>: both halves in one pass.</summary>
    private readonly struct BothHalves
    {
    }
}
