using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmafTiny.Features.Vif;

/// <content>The per-pixel VIF terms, vectorised.</content>
internal sealed partial class VifSimd<TSimd, TVector>
{
    /// <summary>
    /// Vector form of <see cref="VifScalar.AccumulateSigmas"/> for a row of pixels, in two steps: <see cref="Sort"/>
    /// takes one register of pixels at a time, adds the terms of the pixels below the noise floor (σ1² &lt; σn², cheap)
    /// and packs the σ values of the others into dense lists; <see cref="Denominators"/> and <see cref="Numerators"/>
    /// then compute the expensive terms (a division, log2s) of those lists, whole registers at a time.
    /// </summary>
    /// <remarks>
    /// <para>Why the lists: the log terms take ~250 vector operations per 32 pixels and only some pixels have them: a
    /// denominator where σ1² ≥ σn², a numerator where also σ12 &gt; 0 and σ2² &gt; 0. Computed per register of the row,
    /// a register pays for every lane as soon as one lane needs a term; on the benchmark pairs that is 77-80 % of the
    /// registers of VIF's rows for 52-65 % of the pixels with a denominator, 76-78 % for 49-51 % with a numerator.
    /// Packed (<c>vpcompressd</c> at AVX-512, a permute from a table at AVX2), every lane computed is a lane needed.</para>
    /// <para>Every quantity C computes in double is computed in double here, in the same order and without fused
    /// multiply-adds, so the results are the same bits; the int32 casts C makes are done in double
    /// (<c>sv_sq = max((int)(σ2² − g·σ12), 0)</c> is max(trunc(x), 0): x &lt; 2^31 always, and any x below
    /// int.MinValue becomes 0 either way). Lanes are converted to doubles in two halves.</para>
    /// <para>The log2 lookups take their argument as an exact double (every argument is an integer in
    /// [2^17, 2^46)): for x = 1.m·2^E, C's <c>k = bitlength − 16</c> is E − 15 and <c>x &gt;&gt; k</c> is the top 16
    /// bits of the significand, both in the double's high dword.</para>
    /// <para>The lists end in two registers of zeros, so the dense passes run whole pairs of registers: a zero lane adds
    /// exactly 0 (a denominator of σ1² = 0 is log2(σn²) less log2(σn²); a numerator of all three zero has g = 0, so
    /// numer1 = σn² = numer1_tmp and the two logs cancel). Sums are integers, so the order changes nothing.</para>
    /// <para>Ranges: a log term is ≤ 2048·46 &lt; 2^17, so int32 lanes hold the sums of a row of up to 2^14 registers
    /// (every caller flushes per row, and rows are narrower); σ2² (&lt; 2^31) as its low and high 16 bits, whose int32 lane
    /// sums stay below 2^16 · 2^11 (rows are at most 2^14 pixels, 2^11 registers of 8).</para>
    /// </remarks>
    internal static class PixelTerms
    {
        /// <summary>
        /// One register of pixels, the <paramref name="valid"/> lanes (all ones; only read for <see cref="PartLanes"/>) of
        /// (wrapped) σ1², σ2², σ12: σ2² of those below the noise floor added to <paramref name="nonLogLow"/> and
        /// <paramref name="nonLogHigh"/> (its low and high 16 bits, int32 lanes); σ1² of those above appended to the
        /// list at <paramref name="logs"/> (<paramref name="logCount"/> entries so far), and σ1², σ2², σ12 of those that
        /// also have a gain to the three lists at <paramref name="gains"/>, <paramref name="gainStride"/> entries apart.
        /// The pixels below the floor are counted by the caller: the valid lanes less <paramref name="logCount"/>.
        /// </summary>
        /// <remarks>
        /// <para>Each list needs room for a register past its end (the packed register is stored whole), and for two more
        /// for the zeros of <see cref="Denominators"/> and <see cref="Numerators"/>.</para>
        /// <para>The masks are only combined, counted and used to select or pack, never added, inverted or kept in a local
        /// as vectors, so at AVX-512 the JIT keeps them in mask registers: the test above the floor is written at each use
        /// (<see cref="AboveFloor"/>; the JIT computes it once), and the pixels below the floor are counted by the caller.
        /// Used as vectors (a negated mask summed for that count, a local mask inverted and and-ed), they were moved
        /// between mask and vector registers four times a register, and σ2² was widened to int64 lanes: 42 instructions
        /// a register of pixels, now 33; 720p one thread 7.5-8 ms less CPU (12 alternating pairs).</para>
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Sort<TLanes>(
            ref TVector nonLogLow, ref TVector nonLogHigh, ref int logs, ref nuint logCount, ref int gains, nuint gainStride, ref nuint gainCount,
            TVector sigma1Sq, TVector sigma2Sq, TVector sigma12, TVector valid)
            where TLanes : struct
        {
            bool part = typeof(TLanes) == typeof(PartLanes);
            sigma2Sq = TSimd.MaxInt32(sigma2Sq, TSimd.Zero);
            if (part)
            {
                sigma1Sq = TSimd.And(sigma1Sq, valid);
                sigma2Sq = TSimd.And(sigma2Sq, valid);
            }

            // σ1² < σn²: Σσ2², without a test for registers that have none: the branch mispredicted more than these few
            // instructions cost (720p one thread, 5-6 ms of 415). Invalid lanes are not below the floor.
            // Summed as its low and high 16 bits in int32 lanes (a row's sums stay below 2^27), not widened to int64.
            TVector nonLogSigma2 = TSimd.Select(AboveFloor(sigma1Sq), TSimd.Zero, sigma2Sq);
            nonLogLow = TSimd.AddInt32(nonLogLow, TSimd.And(nonLogSigma2, TSimd.CreateInt32(0xFFFF)));
            nonLogHigh = TSimd.AddInt32(nonLogHigh, TSimd.ShiftRightLogicalInt32(nonLogSigma2, 16));

            TSimd.Store(TSimd.CompressInt32(sigma1Sq, AboveFloor(sigma1Sq)), ref logs, logCount);
            logCount += TSimd.CountMask(AboveFloor(sigma1Sq));
            TVector gain = TSimd.And(AboveFloor(sigma1Sq), TSimd.And(TSimd.GreaterThanInt32(sigma12, TSimd.Zero), TSimd.GreaterThanInt32(sigma2Sq, TSimd.Zero)));
            TSimd.Store(TSimd.CompressInt32(sigma1Sq, gain), ref gains, gainCount);
            TSimd.Store(TSimd.CompressInt32(sigma2Sq, gain), ref gains, gainStride + gainCount);
            TSimd.Store(TSimd.CompressInt32(sigma12, gain), ref gains, (2 * gainStride) + gainCount);
            gainCount += TSimd.CountMask(gain);
        }

        /// <summary>All ones where σ1² ≥ σn² (the pixel has log terms).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TVector AboveFloor(TVector sigma1Sq) => TSimd.GreaterThanInt32(sigma1Sq, TSimd.CreateInt32(VifTables.SigmaNsq - 1));

        /// <summary><see cref="Sort{TLanes}"/> of a register whose lanes are all pixels of the row (its valid mask unused).</summary>
        public struct AllLanes;

        /// <summary><see cref="Sort{TLanes}"/> of the row's last register, some of whose lanes lie past its end.</summary>
        public struct PartLanes;

        /// <summary>
        /// The denominator terms 2048·(log2(σn² + σ1²) − log2(σn²)) of the <paramref name="count"/> σ1² at
        /// <paramref name="logs"/>, summed per int32 lane; writes the list's zero pad first.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Denominators(ref int logs, nuint count)
        {
            nuint lanes = (nuint)TSimd.Int32Count;
            TSimd.Store(TSimd.Zero, ref logs, count);
            TSimd.Store(TSimd.Zero, ref logs, count + lanes);

            // σn² + σ1² < 2^32, exact in double (C's uint32 sum).
            TVector nsq = TSimd.CreateDouble(VifTables.SigmaNsq);
            TVector log2Nsq = TSimd.CreateInt32(VifTables.Log2SigmaNsq);
            TVector sum = TSimd.Zero;
            for (nuint i = 0; i < count; i += 2 * lanes)
            {
                TVector a = TSimd.Load(ref logs, i), b = TSimd.Load(ref logs, i + lanes);
                TVector denA = Log2(TSimd.AddDouble(TSimd.ConvertLowerInt32ToDouble(a), nsq), TSimd.AddDouble(TSimd.ConvertUpperInt32ToDouble(a), nsq));
                TVector denB = Log2(TSimd.AddDouble(TSimd.ConvertLowerInt32ToDouble(b), nsq), TSimd.AddDouble(TSimd.ConvertUpperInt32ToDouble(b), nsq));
                sum = TSimd.AddInt32(sum, TSimd.AddInt32(TSimd.SubtractInt32(denA, log2Nsq), TSimd.SubtractInt32(denB, log2Nsq)));
            }

            return sum;
        }

        /// <summary>
        /// The numerator terms 2048·(log2(numer1_tmp) − log2(numer1)) of the <paramref name="count"/> pixels whose σ1²,
        /// σ2², σ12 are at <paramref name="gains"/>, <paramref name="stride"/> entries apart, summed per int32 lane;
        /// writes the lists' zero pads first.
        /// </summary>
        /// <remarks>
        /// Two registers a step, as <see cref="Denominators"/>: each register's terms are one long chain of dependent
        /// steps (a division, truncations, two log2s), and issued side by side two chains overlap. One register a step
        /// measured 15 ms more on the 720p pair (one thread), four a step 33 ms more (the loop body outgrows what the
        /// JIT keeps in registers).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Numerators(ref int gains, nuint stride, nuint count, double gainLimit)
        {
            nuint lanes = (nuint)TSimd.Int32Count;
            for (nuint q = 0; q < 3; q++)
            {
                TSimd.Store(TSimd.Zero, ref gains, (q * stride) + count);
                TSimd.Store(TSimd.Zero, ref gains, (q * stride) + count + lanes);
            }

            TVector sum = TSimd.Zero;
            for (nuint i = 0; i < count; i += 2 * lanes)
            {
                TVector s1A = TSimd.Load(ref gains, i), s1B = TSimd.Load(ref gains, i + lanes);
                TVector s2A = TSimd.Load(ref gains, stride + i), s2B = TSimd.Load(ref gains, stride + i + lanes);
                TVector s12A = TSimd.Load(ref gains, (2 * stride) + i), s12B = TSimd.Load(ref gains, (2 * stride) + i + lanes);
                Numerator(TSimd.ConvertLowerInt32ToDouble(s1A), TSimd.ConvertLowerInt32ToDouble(s2A), TSimd.ConvertLowerInt32ToDouble(s12A), gainLimit, out TVector numer1LoA, out TVector tmpLoA);
                Numerator(TSimd.ConvertLowerInt32ToDouble(s1B), TSimd.ConvertLowerInt32ToDouble(s2B), TSimd.ConvertLowerInt32ToDouble(s12B), gainLimit, out TVector numer1LoB, out TVector tmpLoB);
                Numerator(TSimd.ConvertUpperInt32ToDouble(s1A), TSimd.ConvertUpperInt32ToDouble(s2A), TSimd.ConvertUpperInt32ToDouble(s12A), gainLimit, out TVector numer1HiA, out TVector tmpHiA);
                Numerator(TSimd.ConvertUpperInt32ToDouble(s1B), TSimd.ConvertUpperInt32ToDouble(s2B), TSimd.ConvertUpperInt32ToDouble(s12B), gainLimit, out TVector numer1HiB, out TVector tmpHiB);
                TVector tmpLogA = Log2(tmpLoA, tmpHiA);
                TVector tmpLogB = Log2(tmpLoB, tmpHiB);
                TVector numer1LogA = Log2(numer1LoA, numer1HiA);
                TVector numer1LogB = Log2(numer1LoB, numer1HiB);
                sum = TSimd.AddInt32(sum, TSimd.AddInt32(TSimd.SubtractInt32(tmpLogA, numer1LogA), TSimd.SubtractInt32(tmpLogB, numer1LogB)));
            }

            return sum;
        }

        /// <summary>Adds the per-lane sums of a row to the scale's accumulators.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AddTo(ref VifScalar.Accumulator sums, TVector numLog, TVector denLog, TVector nonLogLow, TVector nonLogHigh, long denNonLog)
        {
            sums.NumLog += Sum32(numLog);
            sums.DenLog += Sum32(denLog);
            sums.NumNonLog += Sum32(nonLogLow) + (Sum32(nonLogHigh) << 16);
            sums.DenNonLog += denNonLog;
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
        /// <see cref="Log2"/> without the table, in single precision, a whole register at once: entry 2^15 + i is
        /// 30720 + ⌊2048·log2(m) + 1/2 + 2^−10⌋ for m = 1 + i/2^15, so the result is that floor + 2048·E.
        /// </summary>
        /// <remarks>
        /// <para>Why the floor: the table holds round-half-away(2048·fl(log2 n)) for n = 2^15 + i, fl rounding to float,
        /// whose spacing on [15, 16) is 2^−20; 2048·fl(v) reaches a half-integer h exactly when 2048·v ≥ h − 2^−10 (half a
        /// float step, scaled), and log2 n is never a float midpoint. Over all 2^15 entries the floor's argument stays
        /// ≥ 1.5·10^−5 from every integer.</para>
        /// <para>How: m is exact as a float (16 significant bits). Its top 5 fraction bits pick one of 32 intervals
        /// j with centre c = 1 + (j + 1/2)/32 and v = fl(1/c) (<see cref="Log2Tables"/>); then
        /// 2048·log2(m) + 1/2 + 2^−10 = 2048·log2(1 + r) + O with r = m·v − 1 (r in [−0.01539, 0.01536] over all intervals)
        /// and O = −2048·log2(v) + 1/2 + 2^−10 = (I + φ) − c0, I an integer, φ ∈ [0, 1); so the floor is
        /// I + ⌊P(r) + φ⌋ with P(r) = (c1 + c2·r + c3·r²)·r the cubic that, with the constant c0, is closest to
        /// 2048·log2(1 + r) over that range (Remez's exchange, c1 rounded to float first and c2, c3 fitted to it; c0 =
        /// 5.22·10^−6 is in the tables' offsets): |2048·log2(1 + r) − c0 − P(r)| ≤ 5.23·10^−6 with the float
        /// coefficients. Rounding adds at most about 4·10^−6 (r from one FMA, ≤ 2^−31 · 2955; the steps of P, each
        /// ≤ 2^−13 · |r|; the last FMA, ≤ 2^−19 on [32, 64); φ, ≤ 2^−25), below the 1.5·10^−5 that would move the floor.
        /// The result depends on the 15 significand bits alone (the exponent is added as an integer), so
        /// VifPixelTermsTests, which checks every one of the 2^15 entries at both widths, proves it exact.</para>
        /// <para>Against the degree-4 Taylor polynomial it replaced (session 22): one FMA and one constant fewer per
        /// log2, six of each per 32 pixels; 720p one thread 4 ms less CPU (16 alternating pairs). Against the double
        /// version before that (16 intervals, degree 5, two half registers of doubles): one register of floats instead of
        /// two of doubles, and the integer part of O added as an integer.</para>
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static TVector Log2Computed(TVector lower, TVector upper)
        {
            // High dwords: sign (0), 11 exponent bits, the top 20 significand bits.
            TVector high = TSimd.NarrowHighInt64ToInt32(lower, upper);

            // m: the top 15 significand bits (19..5) as float fraction bits 22..8, exponent 0.
            TVector m = TSimd.Or(TSimd.And(TSimd.ShiftLeftInt32(high, 3), TSimd.CreateInt32(0x007F_FF00)), TSimd.CreateInt32(0x3F80_0000));

            // Bits 4..0: the top 5 significand bits (the lookups ignore the bits above).
            TVector interval = TSimd.ShiftRightLogicalInt32(high, 15);
            TVector r = TSimd.FusedMultiplyAddSingle(m, Log2Tables.Lookup(interval, Log2Tables.Inverses), TSimd.CreateSingle(-1f));
            // (c1 + c2·r) + c3·r², its two halves side by side.
            TVector t12 = TSimd.FusedMultiplyAddSingle(TSimd.CreateSingle(Log2Tables.Cubic2), r, TSimd.CreateSingle(Log2Tables.Cubic1));
            TVector p = TSimd.FusedMultiplyAddSingle(TSimd.CreateSingle(Log2Tables.Cubic3), TSimd.MultiplySingle(r, r), t12);
            TVector fraction = TSimd.ConvertToInt32FloorSingle(
                TSimd.FusedMultiplyAddSingle(p, r, Log2Tables.Lookup(interval, Log2Tables.Fractions)));

            // + I − 2048·1023 (the table) + 2048·(biased exponent): 2048·(E − 15) + 30720 + the floor.
            return TSimd.AddInt32(
                TSimd.AddInt32(fraction, Log2Tables.Lookup(interval, Log2Tables.Integers)), TSimd.ShiftLeftInt32(TSimd.ShiftRightLogicalInt32(high, 20), 11));
        }
    }

    /// <summary>
    /// The constants of <see cref="PixelTerms.Log2Computed"/>: 32 intervals of [1, 2), each with fl(1/c) for its centre c,
    /// and the integer and fractional parts of −2048·log2(fl(1/c)) + 1/2 + 2^−10 + c0 (the integer less 2048·1023, the
    /// exponent bias); the cubic's coefficients, as floats.
    /// </summary>
    /// <remarks>
    /// Constants, not static fields: precompiled (ReadyToRun) code cannot fold a static readonly field as the JIT's tier 1
    /// does, and reads each one through a call for the class's static base and a load from its boxed vector, per register
    /// of pixels. Here the coefficients are C# constants and the interval tables are data in the image
    /// (<c>ReadOnlySpan</c> over constants), loaded directly. VifPixelTermsTests checks every table value against the
    /// formula it comes from, bit for bit; the coefficients are the output of a Remez fit (below), proven by the exhaustive
    /// check of the log2 itself.
    /// </remarks>
    internal static class Log2Tables
    {
        /// <summary>The number of intervals.</summary>
        public const int Count = 32;

        // The cubic c0 + c1·r + c2·r² + c3·r³ closest to 2048·log2(1 + r) for r in [−0.015385, 0.015355] (every interval's
        // range), by Remez's exchange: c1 fixed at 2954.6394, the float nearest both the free fit's 2954.639422 and
        // 2048/ln 2, then c0, c2, c3 fitted to it, and c2, c3 rounded to float. Largest error 5.23·10^−6 (Log2Computed's
        // remarks say why that is enough; its exhaustive test is the proof). tools/vif-log2-cubic.py computes them and the
        // interval tables again.

        /// <summary>c1, the cubic's coefficient of r.</summary>
        public const float Cubic1 = 2954.6394f;

        /// <summary>c2, of r².</summary>
        public const float Cubic2 = -1477.4954f;

        /// <summary>c3, of r³.</summary>
        public const float Cubic3 = 985.28186f;

        /// <summary>c0, the cubic's constant: added to every interval's offset (<see cref="Offset"/>).</summary>
        public const double Cubic0 = 5.219849104666589e-06;

        /// <summary>fl(1/c) for the centre c = 1 + (j + 1/2)/32 of each interval j (<see cref="Inverse"/>).</summary>
        public static ReadOnlySpan<float> Inverses =>
        [
            0.9846154f, 0.95522386f, 0.92753625f, 0.90140843f, 0.8767123f, 0.85333335f, 0.83116883f, 0.8101266f,
            0.79012346f, 0.7710843f, 0.7529412f, 0.7356322f, 0.71910113f, 0.7032967f, 0.68817204f, 0.67368424f,
            0.6597938f, 0.64646465f, 0.63366336f, 0.6213592f, 0.60952383f, 0.5981308f, 0.58715594f, 0.5765766f,
            0.5663717f, 0.5565217f, 0.5470086f, 0.53781515f, 0.5289256f, 0.5203252f, 0.512f, 0.503937f,
        ];

        /// <summary>The fractional part φ of −2048·log2(fl(1/c)) + 1/2 + 2^−10 + c0, as a float (<see cref="Fraction"/>).</summary>
        public static ReadOnlySpan<float> Fractions =>
        [
            0.31026012f, 0.85171264f, 0.75901425f, 0.18313757f, 0.2617004f, 0.12158837f, 0.87981987f, 0.6438798f,
            0.5137657f, 0.58184725f, 0.9335612f, 0.64927226f, 0.80301815f, 0.4643306f, 0.6982297f, 0.5651411f,
            0.12257339f, 0.42334247f, 0.51814526f, 0.45403394f, 0.27568915f, 0.02546349f, 0.7426055f, 0.46460453f,
            0.22750781f, 0.06474095f, 0.007781648f, 0.08760969f, 0.33301556f, 0.7707988f, 0.42705643f, 0.3272313f,
        ];

        /// <summary>Its integer part less 2048·1023 (<see cref="Integer"/>).</summary>
        public static ReadOnlySpan<int> Integers =>
        [
            -2095058, -2094969, -2094882, -2094797, -2094715, -2094635, -2094558, -2094482,
            -2094408, -2094336, -2094266, -2094197, -2094130, -2094064, -2094000, -2093937,
            -2093875, -2093815, -2093756, -2093698, -2093641, -2093585, -2093531, -2093477,
            -2093424, -2093372, -2093321, -2093271, -2093222, -2093174, -2093126, -2093079,
        ];

        /// <summary>The formula of <see cref="Inverses"/>.</summary>
        public static float Inverse(int j) => (float)(1.0 / (1.0 + ((j + 0.5) / Count)));

        /// <summary>−2048·log2(fl(1/c)) + 1/2 + 2^−10 + c0, in double.</summary>
        public static double Offset(int j) => (-2048.0 * Math.Log2(Inverse(j))) + 0.5 + (1.0 / 1024) + Cubic0;

        /// <summary>The formula of <see cref="Fractions"/>.</summary>
        public static float Fraction(int j) => (float)(Offset(j) - Math.Floor(Offset(j)));

        /// <summary>The formula of <see cref="Integers"/>.</summary>
        public static int Integer(int j) => (int)Math.Floor(Offset(j)) - (2048 * 1023);

        /// <summary>
        /// Per dword lane: entry (bits 4..0 of <paramref name="index"/>) of a 32-entry table, bits unchanged: one
        /// two-register permute at AVX-512, two and a select at AVX2.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Lookup<T>(TVector index, ReadOnlySpan<T> table)
            where T : unmanaged
        {
            ref T t = ref MemoryMarshal.GetReference(table);
            if (TSimd.Int32Count == 16)
            {
                return TSimd.PermuteInt32Pair(index, TSimd.Load(ref t, 0), TSimd.Load(ref t, 16));
            }

            TVector low = TSimd.PermuteInt32Pair(index, TSimd.Load(ref t, 0), TSimd.Load(ref t, 8));
            TVector high = TSimd.PermuteInt32Pair(index, TSimd.Load(ref t, 16), TSimd.Load(ref t, 24));
            TVector upper = TSimd.GreaterThanInt32(TSimd.And(index, TSimd.CreateInt32(16)), TSimd.Zero);
            return TSimd.Or(TSimd.And(upper, high), TSimd.AndNot(low, upper));
        }
    }
}
