using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Vif;

/// <summary>
/// The AVX2 VIF kernels: eight columns per vector, bit-exact with <see cref="VifScalar"/>.
/// </summary>
/// <remarks>
/// <para>AVX2 version of <see cref="VifScalar"/> (libvmaf's counterpart is x86/vif_avx2.c; this is our own
/// arithmetic, not a port). Each stage runs whole vectors over columns [0, w − w mod 8) and hands the remaining
/// columns to <see cref="VifScalar"/>'s row helpers (Reduce + Remainder), so no scalar tail is copied here.
/// Loads never pass a row's last column, so bytes past the logical width are never read.</para>
/// <para>Widths follow the scalar code. The filters are symmetric (tap k equals tap taps−1−k), so where a
/// quantity's partial sums may wrap modulo 2^32 (its exact total is &lt; 2^32, digest §5.4) the two mirrored
/// rows or columns are added first and multiplied once. The uint64 sums use <c>vpmuludq</c> on the even and the
/// odd 32-bit lanes separately.</para>
/// </remarks>
internal sealed class VifAvx2 : IVifKernels
{
    /// <summary>The one instance.</summary>
    public static readonly VifAvx2 Instance = new();

    private const int Pad = VifScratch.Pad;

    /// <summary>Columns per vector.</summary>
    private const int Lanes = 8;

    private VifAvx2()
    {
    }

    /// <summary>True when the CPU and runtime run AVX2.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc />
    public string Name => "avx2";

    /// <inheritdoc />
    /// <remarks>AVX2 version of <see cref="VifScalar.SubsampleRd8"/>.</remarks>
    public void SubsampleRd8(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch)
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(1);
        int half = filter.Length / 2;
        VifScalar.CheckImage(reference, distorted, stride, width, height, half, scratch);
        VifScalar.CheckOutput(referenceOut, distortedOut, width, height);
        Span<int> rows = stackalloc int[filter.Length];
        int outWidth = width / 2;
        int end = width - (width % Lanes);
        for (int oi = 0; oi < height / 2; oi++)
        {
            VifScalar.RowOffsets(2 * oi, half, height, stride, rows);
            VerticalSubsample8(reference, distorted, rows, filter, scratch, end);
            VifScalar.VerticalSubsample8(reference, distorted, rows, filter, scratch, end, width);
            Decimate(scratch, width, filter, referenceOut.Slice(oi * outWidth, outWidth), distortedOut.Slice(oi * outWidth, outWidth));
        }
    }

    /// <inheritdoc />
    /// <remarks>AVX2 version of <see cref="VifScalar.SubsampleRd16"/>.</remarks>
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
        VifScratch scratch)
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(toScale);
        int half = filter.Length / 2;
        VifScalar.CheckImage(reference, distorted, stride, width, height, half, scratch);
        VifScalar.CheckOutput(referenceOut, distortedOut, width, height);
        int shift = VifScalar.SubsampleShift(toScale, bitDepth);
        Span<int> rows = stackalloc int[filter.Length];
        int outWidth = width / 2;
        int end = width - (width % Lanes);
        for (int oi = 0; oi < height / 2; oi++)
        {
            VifScalar.RowOffsets(2 * oi, half, height, stride, rows);
            VerticalSubsample16(reference, distorted, rows, filter, shift, scratch, end);
            VifScalar.VerticalSubsample16(reference, distorted, rows, filter, shift, scratch, end, width);
            Decimate(scratch, width, filter, referenceOut.Slice(oi * outWidth, outWidth), distortedOut.Slice(oi * outWidth, outWidth));
        }
    }

    /// <inheritdoc />
    /// <remarks>AVX2 version of <see cref="VifScalar.Statistic8"/>.</remarks>
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
    /// <remarks>AVX2 version of <see cref="VifScalar.Statistic16"/>.</remarks>
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
    /// Eight 8-bit samples of two rows as 16-bit pairs: dword m = row a's column j+m | row b's column j+m &lt;&lt; 16,
    /// so <c>vpmaddwd</c> with a pair (c, c) gives c·(a + b), and with itself a² + b².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Pair8(ref byte plane, int a, int b)
    {
        Vector128<byte> ra = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref plane, a))).AsByte();
        Vector128<byte> rb = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref plane, b))).AsByte();

        // Bytes a0 b0 a1 b1 … a7 b7, zero-extended to words: lanes in column order.
        return Avx2.ConvertToVector256Int16(Sse2.UnpackLow(ra, rb));
    }

    /// <summary>Eight 8-bit samples zero-extended to dwords (a pair with a zero row), for the centre tap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Single8(ref byte plane, int a) =>
        Avx2.ConvertToVector256Int32(
            Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref plane, a))).AsByte()).AsInt16();

    /// <summary>Eight 16-bit samples zero-extended to dwords.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Load16(ref ushort plane, int a) =>
        Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref Unsafe.Add(ref plane, a))).AsUInt32();

    /// <summary>Eight dwords of a scratch row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Load(ref uint row, int a) => Vector256.LoadUnsafe(ref Unsafe.Add(ref row, a));

    /// <summary>The odd dwords moved into the even positions, for <c>vpmuludq</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Odd(Vector256<uint> v) => (v.AsUInt64() >>> 32).AsUInt32();

    /// <summary>
    /// Rejoins uint64 sums of the even and the odd columns as their low 32 bits, in column order (C's uint32 cast).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Join(Vector256<ulong> even, Vector256<ulong> odd) =>
        Avx2.Blend(even.AsUInt32(), (odd << 32).AsUInt32(), 0b1010_1010);

    /// <summary>(a·b + 2^31) &gt;&gt; 32 per uint32 lane, the product in uint64 (the μ² terms of digest §5.4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> MulHiRound(Vector256<uint> a, Vector256<uint> b)
    {
        var round = Vector256.Create(1ul << 31);
        Vector256<ulong> even = Avx2.Multiply(a, b) + round;
        Vector256<ulong> odd = Avx2.Multiply(Odd(a), Odd(b)) + round;

        // Even results sit in the high dword of their qword: move them down; odd results already sit high.
        return Avx2.Blend((even >>> 32).AsUInt32(), odd.AsUInt32(), 0b1010_1010);
    }

    /// <summary>
    /// Vertical pass of vif_statistic_8 for columns [0, <paramref name="end"/>) (a multiple of 8).
    /// </summary>
    /// <remarks>
    /// AVX2 version of <see cref="VifScalar.VerticalStatistic8"/>. Mirrored rows k and taps−1−k share a tap, so one
    /// <c>vpmaddwd</c> of the paired samples gives c·(p + p′) for the mean and p² + p′² (≤ 130050) for the square,
    /// which <c>vpmulld</c> scales by c (≤ 7784·130050 &lt; 2^30). The uint32 sums cannot wrap: the squares total
    /// ≤ 65536·255².
    /// </remarks>
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
        for (int j = 0; j < end; j += Lanes)
        {
            var accMu1 = Vector256<int>.Zero;
            var accMu2 = Vector256<int>.Zero;
            var accXx = Vector256<int>.Zero;
            var accYy = Vector256<int>.Zero;
            var accXy = Vector256<int>.Zero;
            for (int k = 0; k < half; k++)
            {
                int c = Unsafe.Add(ref f, k);
                int a = Unsafe.Add(ref row, k) + j;
                int b = Unsafe.Add(ref row, taps - 1 - k) + j;
                Vector256<short> p = Pair8(ref refBase, a, b);
                Vector256<short> q = Pair8(ref disBase, a, b);
                var cc = Vector256.Create((short)c);
                var c32 = Vector256.Create(c);
                accMu1 += Avx2.MultiplyAddAdjacent(p, cc);
                accMu2 += Avx2.MultiplyAddAdjacent(q, cc);
                accXx += Avx2.MultiplyLow(Avx2.MultiplyAddAdjacent(p, p), c32);
                accYy += Avx2.MultiplyLow(Avx2.MultiplyAddAdjacent(q, q), c32);
                accXy += Avx2.MultiplyLow(Avx2.MultiplyAddAdjacent(p, q), c32);
            }

            {
                // The centre row has no mirror: paired with zeros.
                int c = Unsafe.Add(ref f, half);
                int a = Unsafe.Add(ref row, half) + j;
                Vector256<short> p = Single8(ref refBase, a);
                Vector256<short> q = Single8(ref disBase, a);
                var cc = Vector256.Create((short)c);
                var c32 = Vector256.Create(c);
                accMu1 += Avx2.MultiplyAddAdjacent(p, cc);
                accMu2 += Avx2.MultiplyAddAdjacent(q, cc);
                accXx += Avx2.MultiplyLow(Avx2.MultiplyAddAdjacent(p, p), c32);
                accYy += Avx2.MultiplyLow(Avx2.MultiplyAddAdjacent(q, q), c32);
                accXy += Avx2.MultiplyLow(Avx2.MultiplyAddAdjacent(p, q), c32);
            }

            var round = Vector256.Create(128);
            ((accMu1 + round) >>> 8).AsUInt32().StoreUnsafe(ref mu1, (nuint)j);
            ((accMu2 + round) >>> 8).AsUInt32().StoreUnsafe(ref mu2, (nuint)j);
            accXx.AsUInt32().StoreUnsafe(ref xx, (nuint)j);
            accYy.AsUInt32().StoreUnsafe(ref yy, (nuint)j);
            accXy.AsUInt32().StoreUnsafe(ref xy, (nuint)j);
        }
    }

    /// <summary>
    /// Vertical pass of vif_statistic_16 for columns [0, <paramref name="end"/>) (a multiple of 8).
    /// </summary>
    /// <remarks>
    /// AVX2 version of <see cref="VifScalar.VerticalStatistic16"/>. c·p (&lt; 2^32) is exact in <c>vpmulld</c>;
    /// the squares c·p·q (≤ 65536·65535²) need uint64, so they are summed per even and odd column.
    /// </remarks>
    private static void VerticalStatistic16(
        ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        int shiftMu, int shiftSq, VifScratch scratch, int end)
    {
        int taps = filter.Length;
        var roundMu = Vector256.Create(1u << (shiftMu - 1));
        var roundSq = Vector256.Create(shiftSq == 0 ? 0 : 1ul << (shiftSq - 1));
        var low16 = Vector256.Create(0xFFFFu);
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
            var accMu1 = Vector256<uint>.Zero;
            var accMu2 = Vector256<uint>.Zero;
            var xxEven = Vector256<ulong>.Zero;
            var xxOdd = Vector256<ulong>.Zero;
            var yyEven = Vector256<ulong>.Zero;
            var yyOdd = Vector256<ulong>.Zero;
            var xyEven = Vector256<ulong>.Zero;
            var xyOdd = Vector256<ulong>.Zero;
            for (int k = 0; k < taps; k++)
            {
                var c = Vector256.Create((uint)Unsafe.Add(ref f, k));
                int o = Unsafe.Add(ref row, k) + j;
                Vector256<uint> p = Load16(ref refBase, o);
                Vector256<uint> q = Load16(ref disBase, o);
                Vector256<uint> cp = p * c;
                Vector256<uint> cq = q * c;
                accMu1 += cp;
                accMu2 += cq;
                Vector256<uint> pOdd = Odd(p);
                Vector256<uint> qOdd = Odd(q);
                Vector256<uint> cpOdd = Odd(cp);
                Vector256<uint> cqOdd = Odd(cq);
                xxEven += Avx2.Multiply(cp, p);
                xxOdd += Avx2.Multiply(cpOdd, pOdd);
                yyEven += Avx2.Multiply(cq, q);
                yyOdd += Avx2.Multiply(cqOdd, qOdd);
                xyEven += Avx2.Multiply(cp, q);
                xyOdd += Avx2.Multiply(cpOdd, qOdd);
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
    /// Horizontal pass and per-pixel terms for columns [0, <paramref name="end"/>) (a multiple of 8) of the mirrored
    /// statistic rows.
    /// </summary>
    /// <remarks>
    /// AVX2 version of <see cref="VifScalar.HorizontalStatistic"/>. The mean sums M = Σc·μ are exact below 2^32,
    /// so mirrored columns are added first (modulo 2^32) and scaled once. The squares need uint64 (≤ 65536·(2^32 − 1)).
    /// </remarks>
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
        var roundSq = Vector256.Create(32768ul);
        var terms = default(PixelTerms);
        for (int j = 0; j < end; j += Lanes)
        {
            var m1 = Vector256<uint>.Zero;
            var m2 = Vector256<uint>.Zero;
            var xxEven = Vector256<ulong>.Zero;
            var xxOdd = Vector256<ulong>.Zero;
            var yyEven = Vector256<ulong>.Zero;
            var yyOdd = Vector256<ulong>.Zero;
            var xyEven = Vector256<ulong>.Zero;
            var xyOdd = Vector256<ulong>.Zero;
            for (int k = 0; k < half; k++)
            {
                var c = Vector256.Create((uint)Unsafe.Add(ref f, k));
                int a = j + k;
                int b = j + taps - 1 - k;
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
                var c = Vector256.Create((uint)Unsafe.Add(ref f, half));
                int a = j + half;
                m1 += Load(ref mu1, a) * c;
                m2 += Load(ref mu2, a) * c;
                SquareTap(ref xx, a, c, ref xxEven, ref xxOdd);
                SquareTap(ref yy, a, c, ref yyEven, ref yyOdd);
                SquareTap(ref xy, a, c, ref xyEven, ref xyOdd);
            }

            Vector256<uint> xxFilt = Join((xxEven + roundSq) >>> 16, (xxOdd + roundSq) >>> 16);
            Vector256<uint> yyFilt = Join((yyEven + roundSq) >>> 16, (yyOdd + roundSq) >>> 16);
            Vector256<uint> xyFilt = Join((xyEven + roundSq) >>> 16, (xyOdd + roundSq) >>> 16);

            // C subtracts in uint32 and reinterprets as int32.
            Vector256<int> sigma1Sq = (xxFilt - MulHiRound(m1, m1)).AsInt32();
            Vector256<int> sigma2Sq = (yyFilt - MulHiRound(m2, m2)).AsInt32();
            Vector256<int> sigma12 = (xyFilt - MulHiRound(m1, m2)).AsInt32();
            terms.Add(sigma1Sq, sigma2Sq, sigma12, gainLimit);
        }

        terms.AddTo(ref sums);
    }

    /// <summary>One tap of a uint64 square sum, even and odd columns apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SquareTap(ref uint row, int a, Vector256<uint> c, ref Vector256<ulong> even, ref Vector256<ulong> odd)
    {
        Vector256<uint> v = Load(ref row, a);
        even += Avx2.Multiply(v, c);
        odd += Avx2.Multiply(Odd(v), c);
    }

    /// <summary>
    /// Vertical pass of subsample_rd_8 for columns [0, <paramref name="end"/>) (a multiple of 8).
    /// </summary>
    /// <remarks>AVX2 version of <see cref="VifScalar.VerticalSubsample8"/>, with the paired rows of <see cref="VerticalStatistic8"/>.</remarks>
    private static void VerticalSubsample8(
        ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        VifScratch scratch, int end)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ref byte refBase = ref MemoryMarshal.GetReference(reference);
        ref byte disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref int row = ref MemoryMarshal.GetReference(rows);
        ref uint outRef = ref scratch.RefConvol[Pad];
        ref uint outDis = ref scratch.DisConvol[Pad];
        var round = Vector256.Create(128);
        for (int j = 0; j < end; j += Lanes)
        {
            var accRef = Vector256<int>.Zero;
            var accDis = Vector256<int>.Zero;
            for (int k = 0; k <= half; k++)
            {
                // Taps ≤ 14692 fit a signed word; samples ≤ 255.
                var cc = Vector256.Create((short)Unsafe.Add(ref f, k));
                int a = Unsafe.Add(ref row, k) + j;
                int b = Unsafe.Add(ref row, taps - 1 - k) + j;
                accRef += Avx2.MultiplyAddAdjacent(k < half ? Pair8(ref refBase, a, b) : Single8(ref refBase, a), cc);
                accDis += Avx2.MultiplyAddAdjacent(k < half ? Pair8(ref disBase, a, b) : Single8(ref disBase, a), cc);
            }

            ((accRef + round) >>> 8).AsUInt32().StoreUnsafe(ref outRef, (nuint)j);
            ((accDis + round) >>> 8).AsUInt32().StoreUnsafe(ref outDis, (nuint)j);
        }
    }

    /// <summary>
    /// Vertical pass of subsample_rd_16 for columns [0, <paramref name="end"/>) (a multiple of 8).
    /// </summary>
    /// <remarks>
    /// AVX2 version of <see cref="VifScalar.VerticalSubsample16"/>. The sum is exact below 2^32 (≤ 65536·65535),
    /// so mirrored rows are added first and their product may wrap.
    /// </remarks>
    private static void VerticalSubsample16(
        ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        int shift, VifScratch scratch, int end)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ref ushort refBase = ref MemoryMarshal.GetReference(reference);
        ref ushort disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref int row = ref MemoryMarshal.GetReference(rows);
        ref uint outRef = ref scratch.RefConvol[Pad];
        ref uint outDis = ref scratch.DisConvol[Pad];
        var round = Vector256.Create(1u << (shift - 1));
        var low16 = Vector256.Create(0xFFFFu);
        for (int j = 0; j < end; j += Lanes)
        {
            var accRef = Vector256<uint>.Zero;
            var accDis = Vector256<uint>.Zero;
            for (int k = 0; k <= half; k++)
            {
                var c = Vector256.Create((uint)Unsafe.Add(ref f, k));
                int a = Unsafe.Add(ref row, k) + j;
                int b = Unsafe.Add(ref row, taps - 1 - k) + j;
                bool centre = k == half;
                accRef += (centre ? Load16(ref refBase, a) : Load16(ref refBase, a) + Load16(ref refBase, b)) * c;
                accDis += (centre ? Load16(ref disBase, a) : Load16(ref disBase, a) + Load16(ref disBase, b)) * c;
            }

            (((accRef + round) >>> shift) & low16).StoreUnsafe(ref outRef, (nuint)j);
            (((accDis + round) >>> shift) & low16).StoreUnsafe(ref outDis, (nuint)j);
        }
    }

    /// <summary>
    /// Mirrors both subsampling rows, decimates whole blocks of 8 output columns, then hands the rest to
    /// <see cref="VifScalar.DecimateRow"/>.
    /// </summary>
    private static void Decimate(VifScratch scratch, int width, ReadOnlySpan<ushort> filter, Span<ushort> referenceOut, Span<ushort> distortedOut)
    {
        int half = filter.Length / 2;
        VifScalar.MirrorRow(scratch.RefConvol, width, half);
        VifScalar.MirrorRow(scratch.DisConvol, width, half);
        int end = referenceOut.Length - (referenceOut.Length % Lanes);
        DecimateRow(scratch.RefConvol, filter, referenceOut, end);
        DecimateRow(scratch.DisConvol, filter, distortedOut, end);
        VifScalar.DecimateRow(scratch.RefConvol, filter, referenceOut, end);
        VifScalar.DecimateRow(scratch.DisConvol, filter, distortedOut, end);
    }

    /// <summary>
    /// Decimating horizontal pass for output columns [0, <paramref name="end"/>) (a multiple of 8).
    /// </summary>
    /// <remarks>
    /// AVX2 version of <see cref="VifScalar.DecimateRow"/>: filters 16 consecutive input columns (the last one,
    /// 2·end − 1 ≤ width − 1, keeps every tap inside the mirrored row) and keeps the even ones. The sum is exact
    /// below 2^32, so mirrored columns are added first.
    /// </remarks>
    private static void DecimateRow(ReadOnlySpan<uint> row, ReadOnlySpan<ushort> filter, Span<ushort> output, int end)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ref uint src = ref MemoryMarshal.GetReference(row.Slice(Pad - half));
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref ushort dst = ref MemoryMarshal.GetReference(output);
        var round = Vector256.Create(32768u);
        var evenFirst = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        for (int oj = 0; oj < end; oj += Lanes)
        {
            int col = 2 * oj;
            var lo = Vector256<uint>.Zero;
            var hi = Vector256<uint>.Zero;
            for (int k = 0; k <= half; k++)
            {
                var c = Vector256.Create((uint)Unsafe.Add(ref f, k));
                int a = col + k;
                int b = col + taps - 1 - k;
                bool centre = k == half;
                lo += (centre ? Load(ref src, a) : Load(ref src, a) + Load(ref src, b)) * c;
                hi += (centre ? Load(ref src, a + Lanes) : Load(ref src, a + Lanes) + Load(ref src, b + Lanes)) * c;
            }

            // Even columns to the low half of each vector (lanes 0 2 4 6 | 1 3 5 7), then both low halves
            // together (columns 0 2 4 6 | 8 10 12 14), narrowed to words in that order.
            Vector256<int> evenLo = Avx2.PermuteVar8x32(((lo + round) >>> 16).AsInt32(), evenFirst);
            Vector256<int> evenHi = Avx2.PermuteVar8x32(((hi + round) >>> 16).AsInt32(), evenFirst);
            Vector256<int> even = Avx2.Permute2x128(evenLo, evenHi, 0x20);
            Sse41.PackUnsignedSaturate(even.GetLower(), even.GetUpper()).StoreUnsafe(ref dst, (nuint)oj);
        }
    }

    /// <summary>
    /// Vector form of <see cref="VifScalar.AccumulateSigmas"/>: the per-pixel VIF terms of eight columns at a
    /// time, summed per lane (int64), added to the scale's sums once per row.
    /// </summary>
    /// <remarks>
    /// <para>Every quantity C computes in double is computed in double here, in the same order and without fused
    /// multiply-adds, so the results are the same bits. The log2 lookups take their argument as an exact double
    /// (every argument is an integer below 2^46): for x = 1.m·2^E, C's <c>k = bitlength − 16</c> is E − 15 and
    /// <c>x &gt;&gt; k</c> is the top 16 bits of the 53-bit significand. That index lies in [32768, 65535] for any
    /// bit pattern, so the gathers stay inside the table even in lanes whose result is masked away.</para>
    /// <para>Lanes are split into two halves of four (doubles); the masks are the sign-extended int32 compares.</para>
    /// </remarks>
    internal struct PixelTerms
    {
        private Vector256<long> _numLog;
        private Vector256<long> _denLog;
        private Vector256<long> _numNonLog;
        private Vector256<long> _denNonLog;

        /// <summary>Adds the terms of eight pixels given their (wrapped) σ1², σ2², σ12.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Vector256<int> sigma1Sq, Vector256<int> sigma2Sq, Vector256<int> sigma12, double gainLimit)
        {
            sigma2Sq = Avx2.Max(sigma2Sq, Vector256<int>.Zero);
            Vector256<int> log = Vector256.GreaterThan(sigma1Sq, Vector256.Create(VifTables.SigmaNsq - 1));

            // σ1² < σn²: Σσ2² and the count (a mask lane is −1).
            Vector256<int> nonLogSigma2 = Vector256.AndNot(sigma2Sq, log);
            _numNonLog += Avx2.ConvertToVector256Int64(nonLogSigma2.GetLower()) + Avx2.ConvertToVector256Int64(nonLogSigma2.GetUpper());
            _denNonLog -= Avx2.ConvertToVector256Int64(Vector256.AndNot(Vector256<int>.AllBitsSet, log).GetLower())
                + Avx2.ConvertToVector256Int64(Vector256.AndNot(Vector256<int>.AllBitsSet, log).GetUpper());
            if (log == Vector256<int>.Zero)
            {
                return;
            }

            Vector256<int> gain = log & Vector256.GreaterThan(sigma12, Vector256<int>.Zero) & Vector256.GreaterThan(sigma2Sq, Vector256<int>.Zero);
            AddHalf(sigma1Sq.GetLower(), sigma2Sq.GetLower(), sigma12.GetLower(), log.GetLower(), gain.GetLower(), gainLimit);
            AddHalf(sigma1Sq.GetUpper(), sigma2Sq.GetUpper(), sigma12.GetUpper(), log.GetUpper(), gain.GetUpper(), gainLimit);
        }

        /// <summary>Adds the sums to the scale's accumulators and clears them.</summary>
        public void AddTo(ref VifScalar.Accumulator sums)
        {
            sums.NumLog += Vector256.Sum(_numLog);
            sums.DenLog += Vector256.Sum(_denLog);
            sums.NumNonLog += Vector256.Sum(_numNonLog);
            sums.DenNonLog += Vector256.Sum(_denNonLog);
            this = default;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AddHalf(Vector128<int> sigma1Sq, Vector128<int> sigma2Sq, Vector128<int> sigma12, Vector128<int> log, Vector128<int> gain, double gainLimit)
        {
            const double eps = 65536 * 1.0e-10;
            var nsq = Vector256.Create((double)VifTables.SigmaNsq);
            Vector256<double> s1 = Avx.ConvertToVector256Double(sigma1Sq);

            // σn² + σ1² < 2^32 where it counts, exact in double (C's uint32 sum).
            _denLog += (Log2(s1 + nsq) - Vector256.Create((long)VifTables.Log2SigmaNsq)) & Avx2.ConvertToVector256Int64(log);
            if (gain == Vector128<int>.Zero)
            {
                return;
            }

            Vector256<double> s2 = Avx.ConvertToVector256Double(sigma2Sq);
            Vector256<double> s12 = Avx.ConvertToVector256Double(sigma12);
            Vector256<double> g = s12 / (s1 + Vector256.Create(eps));

            // (int) truncation: below int.MinValue cvttpd2dq gives int.MinValue, as .NET saturates; then max 0.
            Vector128<int> svSq = Sse41.Max(Avx.ConvertToVector128Int32WithTruncation(s2 - (g * s12)), Vector128<int>.Zero);
            g = Avx.Min(g, Vector256.Create(gainLimit));
            Vector256<double> numer1 = Avx.ConvertToVector256Double(svSq) + nsq;

            // (long)((g·g)·σ1²) + numer1: both integers below 2^46, so their double sum is exact.
            Vector256<double> numer1Tmp = Avx.RoundToZero(g * g * s1) + numer1;
            _numLog += (Log2(numer1Tmp) - Log2(numer1)) & Avx2.ConvertToVector256Int64(gain);
        }

        /// <summary>
        /// 2048·log2 of four exact integers in [2^17, 2^53) from the table, as integer_vif.h: log2_64 (and log2_32).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe Vector256<long> Log2(Vector256<double> x)
        {
            Vector256<long> bits = x.AsInt64();
            Vector256<long> index = ((bits >>> 37) & Vector256.Create(0x7FFFL)) | Vector256.Create(0x8000L);
            Vector128<int> entry;
            fixed (ushort* table = VifTables.Log2)
            {
                // Four bytes at entry i hold entries i and i + 1 (≤ 65536, inside the table).
                entry = Avx2.GatherVector128((int*)table, index, 2) & Vector128.Create(0xFFFF);
            }

            // + 2048·k, k = E − 15 with E the unbiased exponent.
            return Avx2.ConvertToVector256Int64(entry) + (((bits >>> 52) - Vector256.Create(1023L + 15)) << 11);
        }
    }
}
