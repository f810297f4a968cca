using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Vif;

/// <summary>
/// The AVX-512 VIF kernels: sixteen columns per vector for the two statistics (the hot stages); the subsampling
/// stages pass through to <see cref="VifAvx2"/> (dav1d-style: a level overrides only what it has).
/// </summary>
/// <remarks>
/// AVX-512 (F + BW) version of <see cref="VifAvx2"/>, the same arithmetic at twice the width (libvmaf's
/// counterpart is x86/vif_avx512.c; not a port). Whole vectors over columns [0, w − w mod 16), then
/// <see cref="VifScalar"/>'s row helpers for the rest. .NET has no AVX-512 gathers, so the log2 lookups use two
/// AVX2 gathers per vector.
/// </remarks>
internal sealed class VifAvx512 : IVifKernels
{
    /// <summary>The one instance.</summary>
    public static readonly VifAvx512 Instance = new();

    private const int Pad = VifScratch.Pad;

    /// <summary>Columns per vector.</summary>
    private const int Lanes = 16;

    /// <summary>Per 64-bit lane: the low dword's bits.</summary>
    private static readonly Vector512<uint> LowDwords = Vector512.Create(0x0000_0000_FFFF_FFFFul).AsUInt32();

    private VifAvx512()
    {
    }

    /// <summary>True when the CPU and runtime run AVX-512 F and BW (and so AVX2, which the pass-through needs).</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported && VifAvx2.IsSupported;

    /// <inheritdoc />
    public string Name => "avx512";

    /// <inheritdoc />
    /// <remarks>Passes through to <see cref="VifAvx2.SubsampleRd8"/> (a small share of the frame time).</remarks>
    public void SubsampleRd8(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch) =>
        VifAvx2.Instance.SubsampleRd8(reference, distorted, stride, width, height, referenceOut, distortedOut, scratch);

    /// <inheritdoc />
    /// <remarks>Passes through to <see cref="VifAvx2.SubsampleRd16"/>.</remarks>
    public void SubsampleRd16(
        ReadOnlySpan<ushort> reference,
        ReadOnlySpan<ushort> distorted,
        int stride,
        int width,
        int height,
        int toScale,
        int bitDepth,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch) =>
        VifAvx2.Instance.SubsampleRd16(reference, distorted, stride, width, height, toScale, bitDepth, referenceOut, distortedOut, scratch);

    /// <inheritdoc />
    /// <remarks>AVX-512 version of <see cref="VifScalar.Statistic8"/>.</remarks>
    public VifSums Statistic8(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        double gainLimit,
        VifScratch scratch)
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(0);
        int half = filter.Length / 2;
        VifScalar.CheckImage(reference, distorted, stride, width, height, half, scratch);
        Span<int> rows = stackalloc int[filter.Length];
        var sums = default(VifScalar.Accumulator);
        int end = width - (width % Lanes);
        for (int i = 0; i < height; i++)
        {
            VifScalar.RowOffsets(i, half, height, stride, rows);
            VerticalStatistic8(reference, distorted, rows, filter, scratch, end);
            VifScalar.VerticalStatistic8(reference, distorted, rows, filter, scratch, end, width);
            VifScalar.MirrorStatisticRows(scratch, width, half);
            HorizontalStatistic(scratch, filter, gainLimit, ref sums, end);
            VifScalar.HorizontalStatistic(scratch, filter, gainLimit, ref sums, end, width);
        }

        return sums.ToSums();
    }

    /// <inheritdoc />
    /// <remarks>AVX-512 version of <see cref="VifScalar.Statistic16"/>.</remarks>
    public VifSums Statistic16(
        ReadOnlySpan<ushort> reference,
        ReadOnlySpan<ushort> distorted,
        int stride,
        int width,
        int height,
        int scale,
        int bitDepth,
        double gainLimit,
        VifScratch scratch)
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(scale);
        int half = filter.Length / 2;
        VifScalar.CheckImage(reference, distorted, stride, width, height, half, scratch);
        var (shiftMu, shiftSq) = VifScalar.StatisticShifts(scale, bitDepth);
        Span<int> rows = stackalloc int[filter.Length];
        var sums = default(VifScalar.Accumulator);
        int end = width - (width % Lanes);
        for (int i = 0; i < height; i++)
        {
            VifScalar.RowOffsets(i, half, height, stride, rows);
            VerticalStatistic16(reference, distorted, rows, filter, shiftMu, shiftSq, scratch, end);
            VifScalar.VerticalStatistic16(reference, distorted, rows, filter, shiftMu, shiftSq, scratch, end, width);
            VifScalar.MirrorStatisticRows(scratch, width, half);
            HorizontalStatistic(scratch, filter, gainLimit, ref sums, end);
            VifScalar.HorizontalStatistic(scratch, filter, gainLimit, ref sums, end, width);
        }

        return sums.ToSums();
    }

    /// <summary>
    /// Sixteen 8-bit samples of two rows as 16-bit pairs: dword m = row a's column j+m | row b's column j+m &lt;&lt; 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Pair8(ref byte plane, int a, int b)
    {
        Vector128<byte> ra = Vector128.LoadUnsafe(ref Unsafe.Add(ref plane, a));
        Vector128<byte> rb = Vector128.LoadUnsafe(ref Unsafe.Add(ref plane, b));

        // a0 b0 … a7 b7 | a8 b8 … a15 b15: column order, zero-extended to words.
        return Avx512BW.ConvertToVector512Int16(Vector256.Create(Sse2.UnpackLow(ra, rb), Sse2.UnpackHigh(ra, rb)));
    }

    /// <summary>Sixteen 8-bit samples zero-extended to dwords (a pair with a zero row), for the centre tap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Single8(ref byte plane, int a) =>
        Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref Unsafe.Add(ref plane, a))).AsInt16();

    /// <summary>Sixteen 16-bit samples zero-extended to dwords.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Load16(ref ushort plane, int a) =>
        Avx512F.ConvertToVector512UInt32(Vector256.LoadUnsafe(ref Unsafe.Add(ref plane, a)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Load(ref uint row, int a) => Vector512.LoadUnsafe(ref Unsafe.Add(ref row, a));

    /// <summary>The odd dwords moved into the even positions, for <c>vpmuludq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Odd(Vector512<uint> v) => (v.AsUInt64() >>> 32).AsUInt32();

    /// <summary>Rejoins uint64 sums of even and odd columns as their low 32 bits, in column order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Join(Vector512<ulong> even, Vector512<ulong> odd) =>
        Vector512.ConditionalSelect(LowDwords, even.AsUInt32(), (odd << 32).AsUInt32());

    /// <summary>(a·b + 2^31) &gt;&gt; 32 per uint32 lane, the product in uint64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> MulHiRound(Vector512<uint> a, Vector512<uint> b)
    {
        var round = Vector512.Create(1ul << 31);
        Vector512<ulong> even = Avx512F.Multiply(a, b) + round;
        Vector512<ulong> odd = Avx512F.Multiply(Odd(a), Odd(b)) + round;

        // Even results sit in the high dword of their qword: move them down; odd results already sit high.
        return Vector512.ConditionalSelect(LowDwords, (even >>> 32).AsUInt32(), odd.AsUInt32());
    }

    /// <summary>Vertical pass of vif_statistic_8 for columns [0, <paramref name="end"/>) (a multiple of 16).</summary>
    /// <remarks>AVX-512 version of <see cref="VifAvx2"/>'s (paired mirrored rows, <c>vpmaddwd</c> then <c>vpmulld</c>).</remarks>
    private static void VerticalStatistic8(
        ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        VifScratch scratch, int end)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ref byte refBase = ref MemoryMarshal.GetReference(reference);
        ref byte disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref int row = ref MemoryMarshal.GetReference(rows);
        ref uint mu1 = ref scratch.Mu1[Pad];
        ref uint mu2 = ref scratch.Mu2[Pad];
        ref uint xx = ref scratch.Ref[Pad];
        ref uint yy = ref scratch.Dis[Pad];
        ref uint xy = ref scratch.RefDis[Pad];
        var round = Vector512.Create(128);
        for (int j = 0; j < end; j += Lanes)
        {
            var accMu1 = Vector512<int>.Zero;
            var accMu2 = Vector512<int>.Zero;
            var accXx = Vector512<int>.Zero;
            var accYy = Vector512<int>.Zero;
            var accXy = Vector512<int>.Zero;
            for (int k = 0; k < half; k++)
            {
                int c = Unsafe.Add(ref f, k);
                int a = Unsafe.Add(ref row, k) + j;
                int b = Unsafe.Add(ref row, taps - 1 - k) + j;
                Vector512<short> p = Pair8(ref refBase, a, b);
                Vector512<short> q = Pair8(ref disBase, a, b);
                var cc = Vector512.Create((short)c);
                var c32 = Vector512.Create(c);
                accMu1 += Avx512BW.MultiplyAddAdjacent(p, cc);
                accMu2 += Avx512BW.MultiplyAddAdjacent(q, cc);
                accXx += Avx512BW.MultiplyAddAdjacent(p, p) * c32;
                accYy += Avx512BW.MultiplyAddAdjacent(q, q) * c32;
                accXy += Avx512BW.MultiplyAddAdjacent(p, q) * c32;
            }

            {
                // The centre row has no mirror: paired with zeros.
                int c = Unsafe.Add(ref f, half);
                int a = Unsafe.Add(ref row, half) + j;
                Vector512<short> p = Single8(ref refBase, a);
                Vector512<short> q = Single8(ref disBase, a);
                var cc = Vector512.Create((short)c);
                var c32 = Vector512.Create(c);
                accMu1 += Avx512BW.MultiplyAddAdjacent(p, cc);
                accMu2 += Avx512BW.MultiplyAddAdjacent(q, cc);
                accXx += Avx512BW.MultiplyAddAdjacent(p, p) * c32;
                accYy += Avx512BW.MultiplyAddAdjacent(q, q) * c32;
                accXy += Avx512BW.MultiplyAddAdjacent(p, q) * c32;
            }

            ((accMu1 + round) >>> 8).AsUInt32().StoreUnsafe(ref mu1, (nuint)j);
            ((accMu2 + round) >>> 8).AsUInt32().StoreUnsafe(ref mu2, (nuint)j);
            accXx.AsUInt32().StoreUnsafe(ref xx, (nuint)j);
            accYy.AsUInt32().StoreUnsafe(ref yy, (nuint)j);
            accXy.AsUInt32().StoreUnsafe(ref xy, (nuint)j);
        }
    }

    /// <summary>Vertical pass of vif_statistic_16 for columns [0, <paramref name="end"/>) (a multiple of 16).</summary>
    /// <remarks>AVX-512 version of <see cref="VifAvx2"/>'s (c·p exact in <c>vpmulld</c>, squares in uint64 per even/odd column).</remarks>
    private static void VerticalStatistic16(
        ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        int shiftMu, int shiftSq, VifScratch scratch, int end)
    {
        int taps = filter.Length;
        var roundMu = Vector512.Create(1u << (shiftMu - 1));
        var roundSq = Vector512.Create(shiftSq == 0 ? 0 : 1ul << (shiftSq - 1));
        var low16 = Vector512.Create(0xFFFFu);
        ref ushort refBase = ref MemoryMarshal.GetReference(reference);
        ref ushort disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref int row = ref MemoryMarshal.GetReference(rows);
        ref uint mu1 = ref scratch.Mu1[Pad];
        ref uint mu2 = ref scratch.Mu2[Pad];
        ref uint xx = ref scratch.Ref[Pad];
        ref uint yy = ref scratch.Dis[Pad];
        ref uint xy = ref scratch.RefDis[Pad];
        for (int j = 0; j < end; j += Lanes)
        {
            var accMu1 = Vector512<uint>.Zero;
            var accMu2 = Vector512<uint>.Zero;
            var xxEven = Vector512<ulong>.Zero;
            var xxOdd = Vector512<ulong>.Zero;
            var yyEven = Vector512<ulong>.Zero;
            var yyOdd = Vector512<ulong>.Zero;
            var xyEven = Vector512<ulong>.Zero;
            var xyOdd = Vector512<ulong>.Zero;
            for (int k = 0; k < taps; k++)
            {
                var c = Vector512.Create((uint)Unsafe.Add(ref f, k));
                int o = Unsafe.Add(ref row, k) + j;
                Vector512<uint> p = Load16(ref refBase, o);
                Vector512<uint> q = Load16(ref disBase, o);
                Vector512<uint> cp = p * c;
                Vector512<uint> cq = q * c;
                accMu1 += cp;
                accMu2 += cq;
                Vector512<uint> pOdd = Odd(p);
                Vector512<uint> qOdd = Odd(q);
                Vector512<uint> cpOdd = Odd(cp);
                Vector512<uint> cqOdd = Odd(cq);
                xxEven += Avx512F.Multiply(cp, p);
                xxOdd += Avx512F.Multiply(cpOdd, pOdd);
                yyEven += Avx512F.Multiply(cq, q);
                yyOdd += Avx512F.Multiply(cqOdd, qOdd);
                xyEven += Avx512F.Multiply(cp, q);
                xyOdd += Avx512F.Multiply(cpOdd, qOdd);
            }

            // C stores the rounded mean through a uint16_t.
            (((accMu1 + roundMu) >>> shiftMu) & low16).StoreUnsafe(ref mu1, (nuint)j);
            (((accMu2 + roundMu) >>> shiftMu) & low16).StoreUnsafe(ref mu2, (nuint)j);
            Join((xxEven + roundSq) >>> shiftSq, (xxOdd + roundSq) >>> shiftSq).StoreUnsafe(ref xx, (nuint)j);
            Join((yyEven + roundSq) >>> shiftSq, (yyOdd + roundSq) >>> shiftSq).StoreUnsafe(ref yy, (nuint)j);
            Join((xyEven + roundSq) >>> shiftSq, (xyOdd + roundSq) >>> shiftSq).StoreUnsafe(ref xy, (nuint)j);
        }
    }

    /// <summary>
    /// Horizontal pass and per-pixel terms for columns [0, <paramref name="end"/>) (a multiple of 16) of the mirrored
    /// statistic rows.
    /// </summary>
    /// <remarks>AVX-512 version of <see cref="VifScalar.HorizontalStatistic"/>, as <see cref="VifAvx2"/>'s.</remarks>
    private static void HorizontalStatistic(
        VifScratch scratch, ReadOnlySpan<ushort> filter, double gainLimit, ref VifScalar.Accumulator sums, int end)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ref uint mu1 = ref scratch.Mu1[Pad - half];
        ref uint mu2 = ref scratch.Mu2[Pad - half];
        ref uint xx = ref scratch.Ref[Pad - half];
        ref uint yy = ref scratch.Dis[Pad - half];
        ref uint xy = ref scratch.RefDis[Pad - half];
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        var roundSq = Vector512.Create(32768ul);
        var terms = default(PixelTerms);
        for (int j = 0; j < end; j += Lanes)
        {
            var m1 = Vector512<uint>.Zero;
            var m2 = Vector512<uint>.Zero;
            var xxEven = Vector512<ulong>.Zero;
            var xxOdd = Vector512<ulong>.Zero;
            var yyEven = Vector512<ulong>.Zero;
            var yyOdd = Vector512<ulong>.Zero;
            var xyEven = Vector512<ulong>.Zero;
            var xyOdd = Vector512<ulong>.Zero;
            for (int k = 0; k < half; k++)
            {
                var c = Vector512.Create((uint)Unsafe.Add(ref f, k));
                int a = j + k;
                int b = j + taps - 1 - k;

                // M sums are exact below 2^32, so mirrored columns may be added (mod 2^32) before the multiply.
                m1 += (Load(ref mu1, a) + Load(ref mu1, b)) * c;
                m2 += (Load(ref mu2, a) + Load(ref mu2, b)) * c;
                SquareTap(ref xx, a, c, ref xxEven, ref xxOdd);
                SquareTap(ref xx, b, c, ref xxEven, ref xxOdd);
                SquareTap(ref yy, a, c, ref yyEven, ref yyOdd);
                SquareTap(ref yy, b, c, ref yyEven, ref yyOdd);
                SquareTap(ref xy, a, c, ref xyEven, ref xyOdd);
                SquareTap(ref xy, b, c, ref xyEven, ref xyOdd);
            }

            {
                var c = Vector512.Create((uint)Unsafe.Add(ref f, half));
                int a = j + half;
                m1 += Load(ref mu1, a) * c;
                m2 += Load(ref mu2, a) * c;
                SquareTap(ref xx, a, c, ref xxEven, ref xxOdd);
                SquareTap(ref yy, a, c, ref yyEven, ref yyOdd);
                SquareTap(ref xy, a, c, ref xyEven, ref xyOdd);
            }

            Vector512<uint> xxFilt = Join((xxEven + roundSq) >>> 16, (xxOdd + roundSq) >>> 16);
            Vector512<uint> yyFilt = Join((yyEven + roundSq) >>> 16, (yyOdd + roundSq) >>> 16);
            Vector512<uint> xyFilt = Join((xyEven + roundSq) >>> 16, (xyOdd + roundSq) >>> 16);

            // C subtracts in uint32 and reinterprets as int32.
            Vector512<int> sigma1Sq = (xxFilt - MulHiRound(m1, m1)).AsInt32();
            Vector512<int> sigma2Sq = (yyFilt - MulHiRound(m2, m2)).AsInt32();
            Vector512<int> sigma12 = (xyFilt - MulHiRound(m1, m2)).AsInt32();
            terms.Add(sigma1Sq, sigma2Sq, sigma12, gainLimit);
        }

        terms.AddTo(ref sums);
    }

    /// <summary>One tap of a uint64 square sum, even and odd columns apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SquareTap(ref uint row, int a, Vector512<uint> c, ref Vector512<ulong> even, ref Vector512<ulong> odd)
    {
        Vector512<uint> v = Load(ref row, a);
        even += Avx512F.Multiply(v, c);
        odd += Avx512F.Multiply(Odd(v), c);
    }

    /// <summary>
    /// Vector form of <see cref="VifScalar.AccumulateSigmas"/> for sixteen pixels: <see cref="VifAvx2.PixelTerms"/>
    /// at twice the width (two halves of eight doubles), with the same exactness argument.
    /// </summary>
    internal struct PixelTerms
    {
        private Vector512<long> _numLog;
        private Vector512<long> _denLog;
        private Vector512<long> _numNonLog;
        private Vector512<long> _denNonLog;

        /// <summary>Adds the terms of sixteen pixels given their (wrapped) σ1², σ2², σ12.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Vector512<int> sigma1Sq, Vector512<int> sigma2Sq, Vector512<int> sigma12, double gainLimit)
        {
            sigma2Sq = Vector512.Max(sigma2Sq, Vector512<int>.Zero);
            Vector512<int> log = Vector512.GreaterThan(sigma1Sq, Vector512.Create(VifTables.SigmaNsq - 1));

            // σ1² < σn²: Σσ2² and the count (a mask lane is −1).
            Vector512<int> nonLogSigma2 = Vector512.AndNot(sigma2Sq, log);
            Vector512<int> nonLog = ~log;
            _numNonLog += Avx512F.ConvertToVector512Int64(nonLogSigma2.GetLower()) + Avx512F.ConvertToVector512Int64(nonLogSigma2.GetUpper());
            _denNonLog -= Avx512F.ConvertToVector512Int64(nonLog.GetLower()) + Avx512F.ConvertToVector512Int64(nonLog.GetUpper());
            if (log == Vector512<int>.Zero)
            {
                return;
            }

            Vector512<int> gain = log & Vector512.GreaterThan(sigma12, Vector512<int>.Zero) & Vector512.GreaterThan(sigma2Sq, Vector512<int>.Zero);
            AddHalf(sigma1Sq.GetLower(), sigma2Sq.GetLower(), sigma12.GetLower(), log.GetLower(), gain.GetLower(), gainLimit);
            AddHalf(sigma1Sq.GetUpper(), sigma2Sq.GetUpper(), sigma12.GetUpper(), log.GetUpper(), gain.GetUpper(), gainLimit);
        }

        /// <summary>Adds the sums to the scale's accumulators and clears them.</summary>
        public void AddTo(ref VifScalar.Accumulator sums)
        {
            sums.NumLog += Vector512.Sum(_numLog);
            sums.DenLog += Vector512.Sum(_denLog);
            sums.NumNonLog += Vector512.Sum(_numNonLog);
            sums.DenNonLog += Vector512.Sum(_denNonLog);
            this = default;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AddHalf(Vector256<int> sigma1Sq, Vector256<int> sigma2Sq, Vector256<int> sigma12, Vector256<int> log, Vector256<int> gain, double gainLimit)
        {
            const double eps = 65536 * 1.0e-10;
            var nsq = Vector512.Create((double)VifTables.SigmaNsq);
            Vector512<double> s1 = Avx512F.ConvertToVector512Double(sigma1Sq);
            _denLog += (Log2(s1 + nsq) - Vector512.Create((long)VifTables.Log2SigmaNsq)) & Avx512F.ConvertToVector512Int64(log);
            if (gain == Vector256<int>.Zero)
            {
                return;
            }

            Vector512<double> s2 = Avx512F.ConvertToVector512Double(sigma2Sq);
            Vector512<double> s12 = Avx512F.ConvertToVector512Double(sigma12);
            Vector512<double> g = s12 / (s1 + Vector512.Create(eps));

            // (int) truncation: below int.MinValue vcvttpd2dq gives int.MinValue, as .NET saturates; then max 0.
            Vector256<int> svSq = Avx2.Max(Avx512F.ConvertToVector256Int32WithTruncation(s2 - (g * s12)), Vector256<int>.Zero);
            g = Avx512F.Min(g, Vector512.Create(gainLimit));
            Vector512<double> numer1 = Avx512F.ConvertToVector512Double(svSq) + nsq;

            // 0x0B: round toward zero, no precision exception (C's (long) truncation; exact, < 2^46).
            Vector512<double> numer1Tmp = Avx512F.RoundScale(g * g * s1, 0x0B) + numer1;
            _numLog += (Log2(numer1Tmp) - Log2(numer1)) & Avx512F.ConvertToVector512Int64(gain);
        }

        /// <summary>2048·log2 of eight exact integers in [2^17, 2^53) from the table (see <see cref="VifAvx2.PixelTerms"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe Vector512<long> Log2(Vector512<double> x)
        {
            Vector512<long> bits = x.AsInt64();
            Vector512<long> index = ((bits >>> 37) & Vector512.Create(0x7FFFL)) | Vector512.Create(0x8000L);
            Vector256<int> entry;
            fixed (ushort* table = VifTables.Log2)
            {
                // Four bytes at entry i hold entries i and i + 1 (≤ 65536, inside the table).
                entry = Vector256.Create(
                    Avx2.GatherVector128((int*)table, index.GetLower(), 2),
                    Avx2.GatherVector128((int*)table, index.GetUpper(), 2)) & Vector256.Create(0xFFFF);
            }

            return Avx512F.ConvertToVector512Int64(entry) + (((bits >>> 52) - Vector512.Create(1023L + 15)) << 11);
        }
    }
}
