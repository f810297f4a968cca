using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmafTiny.Features.Vif;

/// <content>The per-pixel VIF terms, vectorised.</content>
internal sealed partial class VifSimd<TSimd, TVector>
{
    /// <summary>
    /// Vector form of <see cref="VifScalar.AccumulateSigmas"/>: the per-pixel VIF terms of one register of pixels
    /// at a time, summed per lane, added to the scale's sums by <see cref="AddTo"/> (once per image row).
    /// </summary>
    /// <remarks>
    /// <para>Every quantity C computes in double is computed in double here, in the same order and without fused
    /// multiply-adds, so the results are the same bits; the int32 casts C makes are done in double
    /// (<c>sv_sq = max((int)(σ2² − g·σ12), 0)</c> is max(trunc(x), 0): x &lt; 2^31 always, and any x below
    /// int.MinValue becomes 0 either way). Lanes are converted to doubles in two halves.</para>
    /// <para>The log2 lookups take their argument as an exact double (every argument is an integer in
    /// [2^17, 2^46)): for x = 1.m·2^E, C's <c>k = bitlength − 16</c> is E − 15 and <c>x &gt;&gt; k</c> is the top 16
    /// bits of the significand, both in the double's high dword. The index lies in [32768, 65535] for any bits,
    /// so gathers stay inside the table even in masked lanes. One gather of dwords serves a whole register.</para>
    /// <para>Ranges: a log term is ≤ 2048·46 &lt; 2^17, so int32 lanes hold the sums of a row of up to 2^14 registers
    /// (every caller flushes per row, and rows are narrower); σ2² (&lt; 2^31) is summed in int64 lanes.</para>
    /// </remarks>
    internal struct PixelTerms
    {
        private TVector _numLog;
        private TVector _denLog;
        private TVector _numNonLog;
        private TVector _denNonLog;

        /// <summary>Adds the terms of one register of pixels given their (wrapped) σ1², σ2², σ12.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(TVector sigma1Sq, TVector sigma2Sq, TVector sigma12, double gainLimit) =>
            Add(sigma1Sq, sigma2Sq, sigma12, gainLimit, TSimd.AllBitsSet);

        /// <summary>Adds the terms of the pixels in the <paramref name="valid"/> lanes (all ones) of one register.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(TVector sigma1Sq, TVector sigma2Sq, TVector sigma12, double gainLimit, TVector valid)
        {
            sigma2Sq = TSimd.MaxInt32(sigma2Sq, TSimd.Zero);
            TVector log = TSimd.And(TSimd.GreaterThanInt32(sigma1Sq, TSimd.CreateInt32(VifTables.SigmaNsq - 1)), valid);

            // σ1² < σn²: Σσ2² and the count (a mask lane is −1).
            TVector nonLog = TSimd.AndNot(valid, log);
            TVector nonLogSigma2 = TSimd.And(sigma2Sq, nonLog);
            _numNonLog = TSimd.AddInt64(
                _numNonLog, TSimd.AddInt64(TSimd.WidenLowerInt32ToInt64(nonLogSigma2), TSimd.WidenUpperInt32ToInt64(nonLogSigma2)));
            _denNonLog = TSimd.SubtractInt32(_denNonLog, nonLog);
            if (TSimd.IsZero(log))
            {
                return;
            }

            // σn² + σ1² < 2^32 where it counts, exact in double (C's uint32 sum).
            TVector nsq = TSimd.CreateDouble(VifTables.SigmaNsq);
            TVector s1Lo = TSimd.ConvertLowerInt32ToDouble(sigma1Sq);
            TVector s1Hi = TSimd.ConvertUpperInt32ToDouble(sigma1Sq);
            TVector den = TSimd.SubtractInt32(
                Log2(TSimd.AddDouble(s1Lo, nsq), TSimd.AddDouble(s1Hi, nsq)), TSimd.CreateInt32(VifTables.Log2SigmaNsq));
            _denLog = TSimd.AddInt32(_denLog, TSimd.And(den, log));

            TVector gain = TSimd.And(
                log, TSimd.And(TSimd.GreaterThanInt32(sigma12, TSimd.Zero), TSimd.GreaterThanInt32(sigma2Sq, TSimd.Zero)));
            if (TSimd.IsZero(gain))
            {
                return;
            }

            Numerator(s1Lo, TSimd.ConvertLowerInt32ToDouble(sigma2Sq), TSimd.ConvertLowerInt32ToDouble(sigma12), gainLimit, out TVector numer1Lo, out TVector tmpLo);
            Numerator(s1Hi, TSimd.ConvertUpperInt32ToDouble(sigma2Sq), TSimd.ConvertUpperInt32ToDouble(sigma12), gainLimit, out TVector numer1Hi, out TVector tmpHi);
            TVector num = TSimd.SubtractInt32(Log2(tmpLo, tmpHi), Log2(numer1Lo, numer1Hi));
            _numLog = TSimd.AddInt32(_numLog, TSimd.And(num, gain));
        }

        /// <summary>Adds the sums to the scale's accumulators and clears them.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void AddTo(ref VifScalar.Accumulator sums)
        {
            sums.NumLog += Sum32(_numLog);
            sums.DenLog += Sum32(_denLog);
            sums.NumNonLog += TSimd.SumInt64(_numNonLog);
            sums.DenNonLog += Sum32(_denNonLog);
            this = default;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static long Sum32(TVector value) =>
            TSimd.SumInt64(TSimd.AddInt64(TSimd.WidenLowerInt32ToInt64(value), TSimd.WidenUpperInt32ToInt64(value)));

        /// <summary>
        /// numer1 = sv_sq + σn² and numer1_tmp = (int64)(g·g·σ1²) + numer1 of half a register, as exact doubles.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Numerator(TVector s1, TVector s2, TVector s12, double gainLimit, out TVector numer1, out TVector numer1Tmp)
        {
            const double eps = 65536 * 1.0e-10;
            TVector g = TSimd.DivideDouble(s12, TSimd.AddDouble(s1, TSimd.CreateDouble(eps)));

            // (int) truncation then max 0, in double: trunc(x) for x in range; any x < 0 (also below int.MinValue,
            // where C's conversion gives INT_MIN) ends as 0; maxpd returns its second operand for −0.
            TVector svSq = TSimd.MaxDouble(
                TSimd.RoundToZeroDouble(TSimd.SubtractDouble(s2, TSimd.MultiplyDouble(g, s12))), TSimd.CreateDouble(0.0));
            g = TSimd.MinDouble(g, TSimd.CreateDouble(gainLimit));
            TVector nsq = TSimd.CreateDouble(VifTables.SigmaNsq);
            numer1 = TSimd.AddDouble(svSq, nsq);

            // (long)((g·g)·σ1²) + numer1: both integers below 2^46, so their double sum is exact.
            numer1Tmp = TSimd.AddDouble(TSimd.RoundToZeroDouble(TSimd.MultiplyDouble(TSimd.MultiplyDouble(g, g), s1)), numer1);
        }

        /// <summary>
        /// 2048·log2 of the exact integers in [2^17, 2^53) held as doubles in two half registers (lanes of
        /// <paramref name="lower"/> first), as integer_vif.h: log2_64 (and log2_32) with its table; int32 lanes.
        /// AVX-512 computes the table entry (<see cref="Log2Computed"/>), AVX2 gathers it (<see cref="Log2Gathered"/>):
        /// both give every entry exactly (VifPixelTermsTests checks all of them at both widths).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static TVector Log2(TVector lower, TVector upper) =>
            TSimd.PrefersPermuteToGather ? Log2Computed(lower, upper) : Log2Gathered(lower, upper);

        /// <summary><see cref="Log2"/> from the table: one gather of dwords for a whole register.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static unsafe TVector Log2Gathered(TVector lower, TVector upper)
        {
            // High dwords: sign, 11 exponent bits, the top 20 significand bits.
            TVector high = TSimd.NarrowHighInt64ToInt32(lower, upper);
            TVector index = TSimd.Or(
                TSimd.And(TSimd.ShiftRightLogicalInt32(high, 5), TSimd.CreateInt32(0x7FFF)), TSimd.CreateInt32(0x8000));
            // Four bytes at entry i hold entries i and i + 1 (≤ 65536, inside the table).
            TVector entry = TSimd.And(TSimd.GatherInt32((int*)VifTables.Log2Pointer, index, 2), TSimd.CreateInt32(0xFFFF));

            // + 2048·k, k = E − 15 with E the unbiased exponent.
            return TSimd.AddInt32(
                entry, TSimd.ShiftLeftInt32(TSimd.SubtractInt32(TSimd.ShiftRightLogicalInt32(high, 20), TSimd.CreateInt32(1023 + 15)), 11));
        }

        /// <summary>
        /// <see cref="Log2"/> without the table: entry 2^15 + i is 30720 + ⌊2048·log2(1 + i/2^15) + 1/2 + 2^−10⌋
        /// (<see cref="Log2Fraction"/>), so the result is that floor + 2048·E.
        /// </summary>
        /// <remarks>
        /// Why the floor: the table holds round-half-away(2048·fl(log2 n)) for n = 2^15 + i, fl rounding to float, whose
        /// spacing on [15, 16) is 2^−20; 2048·fl(v) reaches a half-integer h exactly when 2048·v ≥ h − 2^−10 (half a
        /// float step, scaled), and log2 n is never a float midpoint. The floor's argument stays ≥ 1.5·10^−5 from every
        /// integer over all 2^15 entries, far above the polynomial's error (below 4·10^−7).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static TVector Log2Computed(TVector lower, TVector upper)
        {
            TVector high = TSimd.NarrowHighInt64ToInt32(lower, upper);
            TVector fraction = TSimd.ConvertToInt32TruncatingDouble(Log2Fraction(lower), Log2Fraction(upper));
            return TSimd.AddInt32(
                fraction, TSimd.ShiftLeftInt32(TSimd.SubtractInt32(TSimd.ShiftRightLogicalInt32(high, 20), TSimd.CreateInt32(1023)), 11));
        }

        /// <summary>
        /// 2048·log2(m) + 1/2 + 2^−10 (in [0.5, 2049)) for m = 1.f, f the top 15 significand bits of each double: m is
        /// split at its top bits into one of <c>Int32Count</c> intervals with centre c, r = m/c − 1
        /// (|r| ≤ 1/33 at AVX-512, 1/17 at AVX2) and log2(1 + r) is its Taylor series (<see cref="Log2Tables"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TVector Log2Fraction(TVector x)
        {
            TVector m = TSimd.Or(TSimd.And(x, TSimd.CreateInt64(0x000F_FFE0_0000_0000)), TSimd.CreateDouble(1.0));
            TVector interval = TSimd.ShiftRightLogicalInt64(x, 52 - Log2Tables.IntervalBits);
            TVector r = TSimd.FusedMultiplyAddDouble(
                m,
                TSimd.PermuteDouble2(interval, Log2Tables.Half(Log2Tables.Inverses, 0), Log2Tables.Half(Log2Tables.Inverses, 1)),
                TSimd.CreateDouble(-1.0));
            TVector p;
            if (TSimd.Int32Count >= 16)
            {
                p = TSimd.CreateDouble(Log2Tables.Taylor5);
            }
            else
            {
                p = TSimd.FusedMultiplyAddDouble(TSimd.CreateDouble(Log2Tables.Taylor7), r, TSimd.CreateDouble(Log2Tables.Taylor6));
                p = TSimd.FusedMultiplyAddDouble(p, r, TSimd.CreateDouble(Log2Tables.Taylor5));
            }

            p = TSimd.FusedMultiplyAddDouble(p, r, TSimd.CreateDouble(Log2Tables.Taylor4));
            p = TSimd.FusedMultiplyAddDouble(p, r, TSimd.CreateDouble(Log2Tables.Taylor3));
            p = TSimd.FusedMultiplyAddDouble(p, r, TSimd.CreateDouble(Log2Tables.Taylor2));
            p = TSimd.FusedMultiplyAddDouble(p, r, TSimd.CreateDouble(Log2Tables.Taylor1));
            return TSimd.FusedMultiplyAddDouble(
                p, r, TSimd.PermuteDouble2(interval, Log2Tables.Half(Log2Tables.Offsets, 0), Log2Tables.Half(Log2Tables.Offsets, 1)));
        }
    }
    /// <summary>
    /// The constants of <see cref="PixelTerms.Log2Computed"/> for this width: <c>Int32Count</c>
    /// intervals of [1, 2) (two registers of doubles), each with 1/c for its centre c and −2048·log2(1/c) + 1/2 + 2^−10,
    /// and the Taylor coefficients of 2048·log2(1 + r) (degree 5 for |r| ≤ 1/33, 7 for |r| ≤ 1/17).
    /// </summary>
    /// <remarks>
    /// Constants, not static fields: precompiled (ReadyToRun) code cannot fold a static readonly field as the JIT's tier 1
    /// does, and reads each one through a call for the class's static base and a load from its boxed vector, per register
    /// of pixels. Here the coefficients are C# constants (folded with IEEE double semantics, as the division at run
    /// time), and the interval tables are data in the image (<c>ReadOnlySpan</c> over constants), loaded directly.
    /// VifPixelTermsTests checks every value against the formula it comes from, bit for bit.
    /// </remarks>
    internal static class Log2Tables
    {
        /// <summary>ln 2, in the Taylor coefficients' divisor.</summary>
        public const double Ln2 = 0.69314718055994530942;

        // The Taylor coefficient of r^k in 2048·log2(1 + r): ±2048/(k·ln 2) (the formula is Taylor(k)).
        public const double Taylor1 = 2048.0 / (1 * Ln2);

        public const double Taylor2 = -2048.0 / (2 * Ln2);

        public const double Taylor3 = 2048.0 / (3 * Ln2);

        public const double Taylor4 = -2048.0 / (4 * Ln2);

        public const double Taylor5 = 2048.0 / (5 * Ln2);

        public const double Taylor6 = -2048.0 / (6 * Ln2);

        public const double Taylor7 = 2048.0 / (7 * Ln2);

        /// <summary>log2 of the interval count: 4 at AVX-512, 3 at AVX2.</summary>
        public static int IntervalBits
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => TSimd.Int32Count == 16 ? 4 : 3;
        }

        /// <summary>1/c for the centre c = 1 + (j + 1/2)/n of each interval j of n (<see cref="Inverse"/>).</summary>
        public static ReadOnlySpan<double> Inverses
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => TSimd.Int32Count == 16 ? Inverses16 : Inverses8;
        }

        /// <summary>−2048·log2(1/c) + 1/2 + 2^−10 for each interval (<see cref="Offset"/>).</summary>
        public static ReadOnlySpan<double> Offsets
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => TSimd.Int32Count == 16 ? Offsets16 : Offsets8;
        }

        private static ReadOnlySpan<double> Inverses16 =>
        [
            0.9696969696969697, 0.9142857142857143, 0.8648648648648649, 0.8205128205128205,
            0.7804878048780488, 0.7441860465116279, 0.7111111111111111, 0.6808510638297872,
            0.6530612244897959, 0.6274509803921569, 0.6037735849056604, 0.5818181818181818,
            0.5614035087719298, 0.5423728813559322, 0.5245901639344263, 0.5079365079365079,
        ];

        private static ReadOnlySpan<double> Offsets16 =>
        [
            91.42013300861255, 265.2725952657914, 429.461469370589, 585.0047207923847,
            732.7674820203353, 873.4911941923966, 1007.8161178456737, 1136.2989447983014,
            1259.4267373104467, 1377.628076920123, 1491.282067507932, 1600.725669861003,
            1706.259725571891, 1808.1539416555509, 1906.651043891291, 2001.970259890329,
        ];

        private static ReadOnlySpan<double> Inverses8 =>
        [
            0.9411764705882353, 0.8421052631578947, 0.7619047619047619, 0.6956521739130435,
            0.64, 0.5925925925925926, 0.5517241379310345, 0.5161290322580645,
        ];

        private static ReadOnlySpan<double> Offsets8 =>
        [
            179.62487544319515, 508.25652409496325, 803.9670584134012, 1072.7558625672625,
            1319.1184532211362, 1546.5105809932838, 1757.6460545837676, 1954.6950202348205,
        ];

        /// <summary>The formula of <see cref="Inverses"/>: 1/(1 + (j + 1/2)/n).</summary>
        public static double Inverse(int j, int n) => 1.0 / (1.0 + ((j + 0.5) / n));

        /// <summary>The formula of <see cref="Offsets"/>.</summary>
        public static double Offset(int j, int n) => (-2048.0 * Math.Log2(Inverse(j, n))) + 0.5 + (1.0 / 1024);

        /// <summary>The formula of the Taylor coefficients: ±2048/(k·ln 2).</summary>
        public static double Taylor(int k) => (k % 2 == 1 ? 2048.0 : -2048.0) / (k * Ln2);

        /// <summary>Half <paramref name="half"/> (0: lower, 1: upper) of an interval table as a register of doubles.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Half(ReadOnlySpan<double> table, int half) =>
            TSimd.Load(ref MemoryMarshal.GetReference(table), (nuint)(half * TSimd.Int32Count / 2));
    }
}
