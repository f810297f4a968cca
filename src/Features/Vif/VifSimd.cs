using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafTiny.Features.Simd;

namespace VmafTiny.Features.Vif;

/// <summary>
/// The SIMD VIF kernels, written once for every register width (<see cref="Simd256"/>: the "avx2" kernels,
/// <see cref="Simd512"/>: "avx512"), bit-exact with <see cref="VifScalar"/>.
/// </summary>
/// <remarks>
/// <para>Our own arithmetic (libvmaf's counterparts are x86/vif_avx2.c and vif_avx512.c; this is not a port),
/// row by row like the scalar code: a vertical pass writes one filtered row per quantity into
/// <see cref="VifScratch.Words"/>, a horizontal pass filters those rows and adds every pixel's VIF terms.
/// Every intermediate is one of libvmaf's integers, rounded where C rounds; only the order of exact integer
/// sums differs.</para>
/// <para><b>Word rows.</b> Vertical results are stored as 16-bit words biased by −32768 (value XOR 0x8000), the
/// signed operand <c>vpmaddwd</c> wants: a mean (≤ 65535) in one word, a uint32 square sum in two (its high
/// and low halves). The horizontal pass then needs no 64-bit arithmetic: for any filter (Σf = 65536, every
/// weight ≤ 32767 after <see cref="VifTables.Pairs"/>), Σf·(x − 32768) = Σf·x − 2^31 with every partial sum
/// inside int32, so Σf·x = that + 2^31 (mod 2^32, exact since Σf·x &lt; 2^32). A square sum S = 2^16·H + L
/// (H, L its halves) filters to Σf·S = 2^16·Σf·H + Σf·L, both terms exact in uint32, and C's
/// (Σf·S + 32768) &gt;&gt; 16 is Σf·H + ((Σf·L + 32768) &gt;&gt; 16) exactly.</para>
/// <para><b>Horizontal order.</b> One <c>vpmaddwd</c> of a register loaded at word offset o gives, in dword
/// lane m, a·x[o + 2m] + b·x[o + 2m + 1]: two adjacent taps of pixel 2m. So the even pixels of a block come
/// from loads at the even offsets of <see cref="VifTables.Pairs"/>, the odd ones from the same loads one word
/// on, with no shuffles; the sums of a pixel's terms do not depend on lane order.</para>
/// <para><b>Edges.</b> A vertical pass covers columns [0, w) in whole blocks, the last block overlapping the one
/// before (it recomputes the same columns), so no load passes a row's last column. The word rows are then
/// mirrored (reflect-101, as PADDING_SQ_DATA) and the horizontal pass runs whole blocks, masking the lanes
/// past the last column. Images narrower than one block go to <see cref="VifScalar"/>.</para>
/// </remarks>
/// <typeparam name="TSimd">The register width.</typeparam>
/// <typeparam name="TVector">Its register type.</typeparam>
[SkipLocalsInit] // No zeroing of every vector local in each kernel's prologue (their stackalloc'd row offsets are all written before use).
internal sealed partial class VifSimd<TSimd, TVector> : IVifKernels
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
{
    /// <summary>The taps of scale 0's and scale 1's filters.</summary>
    private const int Taps0 = 17, Taps1 = 9;

    /// <summary>The instance this CPU runs: its scale-0 square sums in dwords on AMD's cores, in words elsewhere (<see cref="VerticalSquares"/>).</summary>
    public static readonly VifSimd<TSimd, TVector> Instance = new(CpuDispatch.IsAmd ? VerticalSquares.Dwords : VerticalSquares.Words);

    /// <summary>The instance with scale 0's square sums in 16-bit words (<see cref="VerticalSquares.Words"/>), for the differential tests.</summary>
    internal static readonly VifSimd<TSimd, TVector> InstanceWords = new(VerticalSquares.Words);

    /// <summary>The instance with scale 0's square sums multiplied in dwords (<see cref="VerticalSquares.Dwords"/>), for the differential tests.</summary>
    internal static readonly VifSimd<TSimd, TVector> InstanceDwords = new(VerticalSquares.Dwords);

    /// <summary>How <see cref="VerticalStatistic8{TMode, TSquares}"/> forms its square sums.</summary>
    private readonly VerticalSquares _squares;

    private const int Left = VifScratch.WordPadLeft;

    /// <summary>The word rows of a statistic: μ1, μ2 and the halves of ref², dis², ref·dis (8 and 9 hold scale 1's means).</summary>
    private const int StatisticRows = 8;

    /// <summary>Word value − 32768, for every word of a register.</summary>
    private const short Bias16 = short.MinValue;

    private VifSimd(VerticalSquares squares)
    {
        _squares = squares;
    }

    /// <summary>True when the CPU and runtime run this width.</summary>
    public static bool IsSupported => TSimd.IsSupported;

    /// <inheritdoc />
    public string Name => CpuDispatch.Name(TSimd.Path);

    /// <summary>Dword lanes per register.</summary>
    private static int Lanes => TSimd.Int32Count;

    /// <inheritdoc />
    /// <remarks>SIMD version of <see cref="VifScalar.SubsampleRd8"/>.</remarks>
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
        if (width < 2 * Lanes)
        {
            VifScalar.Instance.SubsampleRd8(reference, distorted, stride, width, height, referenceOut, distortedOut, scratch);
            return;
        }

        Span<int> rows = stackalloc int[filter.Length];
        int outWidth = width / 2;
        ref byte refBase = ref MemoryMarshal.GetReference(reference);
        ref byte disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort words = ref scratch.Words[Left];
        int ws = scratch.WordStride;
        for (int oi = 0; oi < height / 2; oi++)
        {
            VifScalar.RowOffsets(2 * oi, half, height, stride, rows);
            for (int j = 0; ; j += 2 * Lanes)
            {
                int at = Math.Min(j, width - (2 * Lanes));
                VerticalMean8(ref refBase, rows, filter, at, ref words);
                VerticalMean8(ref disBase, rows, filter, at, ref Unsafe.Add(ref words, ws));
                if (at == width - (2 * Lanes))
                {
                    break;
                }
            }

            MirrorWords(scratch, width, half, 2);
            Decimate(ref words, 1, referenceOut.Slice(oi * outWidth, outWidth));
            Decimate(ref Unsafe.Add(ref words, ws), 1, distortedOut.Slice(oi * outWidth, outWidth));
        }
    }

    /// <inheritdoc />
    /// <remarks>SIMD version of <see cref="VifScalar.SubsampleRd16"/>.</remarks>
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
        if (width < 2 * Lanes)
        {
            VifScalar.Instance.SubsampleRd16(reference, distorted, stride, width, height, toScale, bitDepth, referenceOut, distortedOut, scratch);
            return;
        }

        int shift = VifScalar.SubsampleShift(toScale, bitDepth);
        Span<int> rows = stackalloc int[filter.Length];
        int outWidth = width / 2;
        ref ushort refBase = ref MemoryMarshal.GetReference(reference);
        ref ushort disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort words = ref scratch.Words[Left];
        int ws = scratch.WordStride;
        for (int oi = 0; oi < height / 2; oi++)
        {
            VifScalar.RowOffsets(2 * oi, half, height, stride, rows);
            // The two rows the next output row adds to the window (RowPrefetch).
            int next = (2 * oi) + half + 2 < height ? ((2 * oi) + half + 1) * stride : -1;
            for (int j = 0; ; j += 2 * Lanes)
            {
                int at = Math.Min(j, width - (2 * Lanes));
                if ((j & 31) == 0 && next >= 0)
                {
                    RowPrefetch.Line(ref refBase, next + j);
                    RowPrefetch.Line(ref disBase, next + j);
                    RowPrefetch.Line(ref refBase, next + stride + j);
                    RowPrefetch.Line(ref disBase, next + stride + j);
                }

                VerticalMean16(ref refBase, rows, filter, shift, at, ref words);
                VerticalMean16(ref disBase, rows, filter, shift, at, ref Unsafe.Add(ref words, ws));
                if (at == width - (2 * Lanes))
                {
                    break;
                }
            }

            MirrorWords(scratch, width, half, 2);
            Decimate(ref words, toScale, referenceOut.Slice(oi * outWidth, outWidth));
            Decimate(ref Unsafe.Add(ref words, ws), toScale, distortedOut.Slice(oi * outWidth, outWidth));
        }
    }

    /// <inheritdoc />
    /// <remarks>SIMD version of <see cref="VifScalar.Statistic8"/>.</remarks>
    public VifSums Statistic8(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        double gainLimit,
        VifScratch scratch)
    {
        VifScalar.CheckImage(reference, distorted, stride, width, height, VifTables.Filter(0).Length / 2, scratch);
        if (width < 2 * Lanes)
        {
            return VifScalar.Instance.Statistic8(reference, distorted, stride, width, height, gainLimit, scratch);
        }

        return _squares == VerticalSquares.Dwords
            ? Statistic8<StatisticOnly, InDwords>(reference, distorted, stride, width, height, gainLimit, default, default, scratch)
            : Statistic8<StatisticOnly, InWords>(reference, distorted, stride, width, height, gainLimit, default, default, scratch);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One pass for both: on the even rows that have a scale-1 output row, the vertical pass also filters the two
    /// planes with scale 1's filter (its nine rows are the middle of scale 0's seventeen, and their mirrored-row sums are
    /// the ones <see cref="VerticalStatistic8{TMode, TSquares}"/> forms anyway) into word rows 8 and 9, which
    /// <see cref="Decimate"/> then turns into the output row.
    /// </remarks>
    public VifSums Statistic8Subsample(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        double gainLimit,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch)
    {
        VifScalar.CheckImage(reference, distorted, stride, width, height, VifTables.Filter(0).Length / 2, scratch);
        VifScalar.CheckOutput(referenceOut, distortedOut, width, height);
        if (width < 2 * Lanes)
        {
            VifSums scalar = VifScalar.Instance.Statistic8(reference, distorted, stride, width, height, gainLimit, scratch);
            VifScalar.Instance.SubsampleRd8(reference, distorted, stride, width, height, referenceOut, distortedOut, scratch);
            return scalar;
        }

        return _squares == VerticalSquares.Dwords
            ? Statistic8<WithSubsample, InDwords>(reference, distorted, stride, width, height, gainLimit, referenceOut, distortedOut, scratch)
            : Statistic8<WithSubsample, InWords>(reference, distorted, stride, width, height, gainLimit, referenceOut, distortedOut, scratch);
    }

    /// <summary>
    /// The traversal of <see cref="Statistic8"/> (inputs checked, at least two registers wide), with scale 1's
    /// subsampling when <typeparamref name="TMode"/> is <see cref="WithSubsample"/>, the square sums formed as
    /// <typeparamref name="TSquares"/> says.
    /// </summary>
    private static VifSums Statistic8<TMode, TSquares>(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        double gainLimit,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch)
        where TMode : struct
        where TSquares : struct
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(0);
        int half = filter.Length / 2;
        Span<int> rows = stackalloc int[filter.Length];
        Span<nuint> offsets = stackalloc nuint[filter.Length];
        ref byte refBase = ref MemoryMarshal.GetReference(reference);
        ref byte disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort words = ref scratch.Words[Left];
        int ws = scratch.WordStride;
        int outWidth = width / 2;
        var sums = default(VifScalar.Accumulator);
        for (int i = 0; i < height; i++)
        {
            VifScalar.RowOffsets(i, half, height, stride, rows);
            for (int k = 0; k < rows.Length; k++)
            {
                // Native-width offsets once a row: the vertical pass adds a column to 34 of them a block.
                offsets[k] = (nuint)rows[k];
            }

            bool subsample = typeof(TMode) == typeof(WithSubsample) && (i & 1) == 0 && i < 2 * (height / 2);
            // The row the next output row adds to the window (RowPrefetch), and on a subsampling row the next scale-1 output
            // rows, which Decimate's stores otherwise wait for (outWidth words: 2·outWidth ≤ width bytes, hinted as j goes).
            int next = i + half + 1 < height ? (i + half + 1) * stride : -1;
            int nextOut = subsample && (i / 2) + 1 < height / 2 ? ((i / 2) + 1) * outWidth : -1;
            for (int j = 0; ; j += 2 * Lanes)
            {
                int at = Math.Min(j, width - (2 * Lanes));
                if ((j & 63) == 0 && next >= 0)
                {
                    RowPrefetch.Line(ref refBase, next + j);
                    RowPrefetch.Line(ref disBase, next + j);
                }

                if (typeof(TMode) == typeof(WithSubsample) && (j & 63) == 0 && nextOut >= 0)
                {
                    RowPrefetch.Line(ref MemoryMarshal.GetReference(referenceOut), nextOut + (j / 2));
                    RowPrefetch.Line(ref MemoryMarshal.GetReference(distortedOut), nextOut + (j / 2));
                }

                if (subsample)
                {
                    VerticalStatistic8<WithSubsample, TSquares>(ref refBase, ref disBase, offsets, at, ref words, ws);
                }
                else
                {
                    VerticalStatistic8<StatisticOnly, TSquares>(ref refBase, ref disBase, offsets, at, ref words, ws);
                }

                if (at == width - (2 * Lanes))
                {
                    break;
                }
            }

            MirrorWords(scratch, width, half, 0, StatisticRows);
            HorizontalStatistic(scratch, width, 0, gainLimit, ref sums);
            if (subsample)
            {
                MirrorWords(scratch, width, VifTables.Filter(1).Length / 2, StatisticRows, 2);
                int oi = i / 2;
                Decimate(ref Unsafe.Add(ref words, StatisticRows * ws), 1, referenceOut.Slice(oi * outWidth, outWidth));
                Decimate(ref Unsafe.Add(ref words, (StatisticRows + 1) * ws), 1, distortedOut.Slice(oi * outWidth, outWidth));
            }
        }

        return sums.ToSums();
    }

    /// <inheritdoc />
    /// <remarks>SIMD version of <see cref="VifScalar.Statistic16"/>.</remarks>
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
        if (width < 2 * Lanes)
        {
            return VifScalar.Instance.Statistic16(reference, distorted, stride, width, height, scale, bitDepth, gainLimit, scratch);
        }

        // The filter's shape as a type, chosen once: the vertical pass unrolls its taps per shape.
        return scale switch
        {
            0 => Statistic16<Shape0>(reference, distorted, stride, width, height, bitDepth, gainLimit, scratch),
            1 => Statistic16<Shape1>(reference, distorted, stride, width, height, bitDepth, gainLimit, scratch),
            2 => Statistic16<Shape2>(reference, distorted, stride, width, height, bitDepth, gainLimit, scratch),
            _ => Statistic16<Shape3>(reference, distorted, stride, width, height, bitDepth, gainLimit, scratch),
        };
    }

    /// <summary>The traversal of <see cref="Statistic16(ReadOnlySpan{ushort}, ReadOnlySpan{ushort}, int, int, int, int, int, double, VifScratch)"/> (inputs checked, at least two registers wide) for <typeparamref name="TShape"/>'s scale.</summary>
    private static VifSums Statistic16<TShape>(
        ReadOnlySpan<ushort> reference,
        ReadOnlySpan<ushort> distorted,
        int stride,
        int width,
        int height,
        int bitDepth,
        double gainLimit,
        VifScratch scratch)
        where TShape : struct, IShape
    {
        int scale = TShape.Scale;
        ReadOnlySpan<ushort> filter = VifTables.Filter(scale);
        int half = TShape.Half;
        var (shiftMu, shiftSq) = VifScalar.StatisticShifts(scale, bitDepth);
        var constants = Constants16.For(filter, shiftMu, shiftSq);
        Span<int> rows = stackalloc int[filter.Length];
        ref ushort refBase = ref MemoryMarshal.GetReference(reference);
        ref ushort disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort words = ref scratch.Words[Left];
        var sums = default(VifScalar.Accumulator);
        for (int i = 0; i < height; i++)
        {
            VifScalar.RowOffsets(i, half, height, stride, rows);
            int next = i + half + 1 < height ? (i + half + 1) * stride : -1;
            for (int j = 0; ; j += 2 * Lanes)
            {
                int at = Math.Min(j, width - (2 * Lanes));
                if ((j & 31) == 0 && next >= 0)
                {
                    RowPrefetch.Line(ref refBase, next + j);
                    RowPrefetch.Line(ref disBase, next + j);
                }

                VerticalStatistic16<TShape>(ref refBase, ref disBase, rows, filter, constants, at, ref words, scratch.WordStride);
                if (at == width - (2 * Lanes))
                {
                    break;
                }
            }

            MirrorWords(scratch, width, half, StatisticRows);
            HorizontalStatistic(scratch, width, scale, gainLimit, ref sums);
        }

        return sums.ToSums();
    }

    /// <summary>2·<see cref="Lanes"/> 8-bit samples of one row, zero-extended to words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Row8(ref byte plane, int rowOffset, int column) =>
        TSimd.LoadWidenUInt8ToInt16(ref plane, (nuint)(rowOffset + column));

    /// <summary>Stores a register of words (biased by the caller) at column <paramref name="column"/> of a word row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWords(TVector value, ref ushort row, int column) => TSimd.Store(value, ref row, (nuint)column);

    /// <summary>
    /// Vertical pass of vif_statistic_8 for the 2·<see cref="Lanes"/> columns from <paramref name="column"/>: the
    /// five rows μ1, μ2 (8.8), ref², dis², ref·dis (unshifted uint32, split in halves), as biased words.
    /// </summary>
    /// <remarks>
    /// <para>SIMD version of <see cref="VifScalar.VerticalStatistic8"/>. Samples are centred words p′ = p − 128 (in
    /// [−128, 127]); the in-lane unpacks split each register into a "low" half (words 0-3 of every 128-bit lane) and a
    /// "high" half (words 4-7), and <see cref="ISimd{TVector}.PackUnsignedSaturateInt32"/> of the two restores column
    /// order at the end.</para>
    /// <para>Means: mirrored rows k and 16−k share a weight, so their sum (in [−256, 254]) is paired with the next such
    /// sum for one <c>vpmaddwd</c> (f[k], f[k+1]). Σf = 65536, so Σf·p = Σf·p′ + 2^23: the sums start at 2^23.</para>
    /// <para>Squares, all in 16 bits until one <c>vpmaddwd</c> a pair of mirrored-row pairs (no 32-bit multiply): the
    /// products p′², q′², p′·q′ lie in [−16256, 16384], so a mirrored pair's sum lies in [−32512, 32768] and that sum
    /// − 1 fits a signed word (the 16-bit adds may wrap on the way; the result is exact). Then, with Σf = 65536,
    /// Σf·p² = Σf·p′² + 256·Σf·p′ + 2^30 = Σf·p′² + 256·Σf·p − 2^30, and Σf·p·q = Σf·p′·q′ + 128·(Σf·p + Σf·q) − 2^30:
    /// the square sums start at Σ_(k&lt;8) f[k] (the −1s given back) − 2^30, and the means' sums are added at the end,
    /// all mod 2^32, exact because C's uint32 totals (≤ 65536·255²) are below 2^32 and kept unshifted.</para>
    /// <para>With <see cref="WithSubsample"/>, also subsample_rd_8's vertical pass (<see cref="VerticalMean8"/>) of both
    /// planes into word rows 8 and 9: scale 1's nine taps are rows 4..12 of this window (Σ = 65536 too), so its pairs of
    /// mirrored-row sums are the unpacked sums of the last two iterations, with scale 1's weights.</para>
    /// <para>With <see cref="InDwords"/> (<see cref="VerticalSquares.Dwords"/>) the samples stay p (no centring, the
    /// sums start at 0) and each mirrored pair's squares are one <c>vpmaddwd</c> of the pair (row k, row 16−k) with
    /// itself, p_k² + p_m² ≤ 130050 (and p_k·q_k + p_m·q_m), which <c>vpmulld</c> scales by f[k] ≤ 7784: fewer
    /// operations (68 a pair of taps against 74), 12 of them 32-bit multiplies, which cost one operation on AMD's Zen
    /// cores and more on Intel's (<see cref="VerticalSquares"/>).</para>
    /// </remarks>
    private static void VerticalStatistic8<TMode, TSquares>(
        ref byte refBase, ref byte disBase, ReadOnlySpan<nuint> rows, int column, ref ushort words, int wordStride)
        where TMode : struct
        where TSquares : struct
    {
        bool centred = typeof(TSquares) == typeof(InWords);

        // Scale 0's filter: 17 taps, so the row offsets and weights are read through references without bounds checks
        // (the caller passes the 17 row offsets, native-width: a column is added to each without a sign extension).
        Debug.Assert(rows.Length == Taps0, "scale 0's 17 row offsets");
        const int half = Taps0 / 2;
        ref nuint row = ref MemoryMarshal.GetReference(rows);
        nuint at = (nuint)column;
        ref ushort f = ref MemoryMarshal.GetReference(VifTables.Filter(0));
        ref ushort f1 = ref MemoryMarshal.GetReference(VifTables.Filter(1));
        TVector centre128 = TSimd.CreateInt16(128), one = TSimd.CreateInt16(1);
        TVector mu1Lo = centred ? TSimd.CreateInt32(1 << 23) : TSimd.Zero, mu1Hi = mu1Lo, mu2Lo = mu1Lo, mu2Hi = mu1Lo;
        TVector xxLo = centred ? TSimd.CreateInt32(SquareStart8) : TSimd.Zero, xxHi = xxLo, yyLo = xxLo, yyHi = xxLo, xyLo = xxLo, xyHi = xxLo;
        TVector sub1Lo = mu1Lo, sub1Hi = mu1Lo, sub2Lo = mu1Lo, sub2Hi = mu1Lo;
        // The four pairs of mirrored-row pairs, unrolled: k is a constant in each, so the row offsets and weights are
        // read at fixed places (a loop recomputed both indices per pair and per block of columns).
        TapPairs8<TMode, TSquares>(0, ref refBase, ref disBase, ref row, at, centre128, one, ref mu1Lo, ref mu1Hi, ref mu2Lo, ref mu2Hi, ref xxLo, ref xxHi, ref yyLo, ref yyHi, ref xyLo, ref xyHi, ref sub1Lo, ref sub1Hi, ref sub2Lo, ref sub2Hi);
        TapPairs8<TMode, TSquares>(2, ref refBase, ref disBase, ref row, at, centre128, one, ref mu1Lo, ref mu1Hi, ref mu2Lo, ref mu2Hi, ref xxLo, ref xxHi, ref yyLo, ref yyHi, ref xyLo, ref xyHi, ref sub1Lo, ref sub1Hi, ref sub2Lo, ref sub2Hi);
        TapPairs8<TMode, TSquares>(4, ref refBase, ref disBase, ref row, at, centre128, one, ref mu1Lo, ref mu1Hi, ref mu2Lo, ref mu2Hi, ref xxLo, ref xxHi, ref yyLo, ref yyHi, ref xyLo, ref xyHi, ref sub1Lo, ref sub1Hi, ref sub2Lo, ref sub2Hi);
        TapPairs8<TMode, TSquares>(6, ref refBase, ref disBase, ref row, at, centre128, one, ref mu1Lo, ref mu1Hi, ref mu2Lo, ref mu2Hi, ref xxLo, ref xxHi, ref yyLo, ref yyHi, ref xyLo, ref xyHi, ref sub1Lo, ref sub1Hi, ref sub2Lo, ref sub2Hi);

        {
            // The centre row has no mirror: paired with zeros.
            nuint centre = Unsafe.Add(ref row, half) + at;
            TVector r = Sample8<TSquares>(ref refBase, centre, centre128);
            TVector q = Sample8<TSquares>(ref disBase, centre, centre128);
            TVector pair = TSimd.CreatePair16((short)Unsafe.Add(ref f, half), 0);
            TVector zero = TSimd.Zero;
            TVector rLo = TSimd.UnpackLowInt16(r, zero), rHi = TSimd.UnpackHighInt16(r, zero);
            TVector qLo = TSimd.UnpackLowInt16(q, zero), qHi = TSimd.UnpackHighInt16(q, zero);
            mu1Lo = TSimd.MultiplyAddAdjacentAccumulate(mu1Lo, rLo, pair);
            mu1Hi = TSimd.MultiplyAddAdjacentAccumulate(mu1Hi, rHi, pair);
            mu2Lo = TSimd.MultiplyAddAdjacentAccumulate(mu2Lo, qLo, pair);
            mu2Hi = TSimd.MultiplyAddAdjacentAccumulate(mu2Hi, qHi, pair);
            if (centred)
            {
                Squares(TSimd.MultiplyLowInt16(r, r), zero, pair, ref xxLo, ref xxHi);
                Squares(TSimd.MultiplyLowInt16(q, q), zero, pair, ref yyLo, ref yyHi);
                Squares(TSimd.MultiplyLowInt16(r, q), zero, pair, ref xyLo, ref xyHi);
            }
            else
            {
                TVector c = TSimd.CreateInt32(Unsafe.Add(ref f, half));
                DwordSquares(rLo, qLo, c, ref xxLo, ref yyLo, ref xyLo);
                DwordSquares(rHi, qHi, c, ref xxHi, ref yyHi, ref xyHi);
            }

            if (typeof(TMode) == typeof(WithSubsample))
            {
                TVector pair1 = TSimd.CreatePair16((short)Unsafe.Add(ref f1, Taps1 / 2), 0);
                sub1Lo = TSimd.MultiplyAddAdjacentAccumulate(sub1Lo, rLo, pair1);
                sub1Hi = TSimd.MultiplyAddAdjacentAccumulate(sub1Hi, rHi, pair1);
                sub2Lo = TSimd.MultiplyAddAdjacentAccumulate(sub2Lo, qLo, pair1);
                sub2Hi = TSimd.MultiplyAddAdjacentAccumulate(sub2Hi, qHi, pair1);
            }
        }

        if (centred)
        {
            // The means' parts of the squares (mod 2^32).
            xxLo = TSimd.AddInt32(xxLo, TSimd.ShiftLeftInt32(mu1Lo, 8));
            xxHi = TSimd.AddInt32(xxHi, TSimd.ShiftLeftInt32(mu1Hi, 8));
            yyLo = TSimd.AddInt32(yyLo, TSimd.ShiftLeftInt32(mu2Lo, 8));
            yyHi = TSimd.AddInt32(yyHi, TSimd.ShiftLeftInt32(mu2Hi, 8));
            xyLo = TSimd.AddInt32(xyLo, TSimd.ShiftLeftInt32(TSimd.AddInt32(mu1Lo, mu2Lo), 7));
            xyHi = TSimd.AddInt32(xyHi, TSimd.ShiftLeftInt32(TSimd.AddInt32(mu1Hi, mu2Hi), 7));
        }

        TVector round = TSimd.CreateInt32(128);
        TVector bias = TSimd.CreateInt16(Bias16);
        if (typeof(TMode) == typeof(WithSubsample))
        {
            StoreWords(Mean8(sub1Lo, sub1Hi, round, bias), ref Unsafe.Add(ref words, StatisticRows * wordStride), column);
            StoreWords(Mean8(sub2Lo, sub2Hi, round, bias), ref Unsafe.Add(ref words, (StatisticRows + 1) * wordStride), column);
        }

        StoreWords(Mean8(mu1Lo, mu1Hi, round, bias), ref words, column);
        StoreWords(Mean8(mu2Lo, mu2Hi, round, bias), ref Unsafe.Add(ref words, wordStride), column);
        StoreHalves(xxLo, xxHi, bias, ref Unsafe.Add(ref words, 2 * wordStride), wordStride, column);
        StoreHalves(yyLo, yyHi, bias, ref Unsafe.Add(ref words, 4 * wordStride), wordStride, column);
        StoreHalves(xyLo, xyHi, bias, ref Unsafe.Add(ref words, 6 * wordStride), wordStride, column);
    }

    /// <summary>
    /// Mirrored-row pairs k and k + 1 of <see cref="VerticalStatistic8{TMode, TSquares}"/> (k even, below 8): their means,
    /// squares and, with <see cref="WithSubsample"/>, scale 1's means, added to the sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TapPairs8<TMode, TSquares>(
        int k, ref byte refBase, ref byte disBase, ref nuint row, nuint column, TVector centre128, TVector one,
        ref TVector mu1Lo, ref TVector mu1Hi, ref TVector mu2Lo, ref TVector mu2Hi,
        ref TVector xxLo, ref TVector xxHi, ref TVector yyLo, ref TVector yyHi, ref TVector xyLo, ref TVector xyHi,
        ref TVector sub1Lo, ref TVector sub1Hi, ref TVector sub2Lo, ref TVector sub2Hi)
        where TMode : struct
        where TSquares : struct
    {
        const int taps = Taps0;

        // Scale 1's first row in this window (4: even, so its pairs are these pairs).
        const int first1 = (Taps0 / 2) - (Taps1 / 2);
        bool centred = typeof(TSquares) == typeof(InWords);
        ref ushort f = ref MemoryMarshal.GetReference(VifTables.Filter(0));
        ref ushort f1 = ref MemoryMarshal.GetReference(VifTables.Filter(1));
        nuint a0 = Unsafe.Add(ref row, k) + column, b0 = Unsafe.Add(ref row, taps - 1 - k) + column;
        nuint a1 = Unsafe.Add(ref row, k + 1) + column, b1 = Unsafe.Add(ref row, taps - 2 - k) + column;
        TVector ra0 = Sample8<TSquares>(ref refBase, a0, centre128);
        TVector rb0 = Sample8<TSquares>(ref refBase, b0, centre128);
        TVector ra1 = Sample8<TSquares>(ref refBase, a1, centre128);
        TVector rb1 = Sample8<TSquares>(ref refBase, b1, centre128);
        TVector qa0 = Sample8<TSquares>(ref disBase, a0, centre128);
        TVector qb0 = Sample8<TSquares>(ref disBase, b0, centre128);
        TVector qa1 = Sample8<TSquares>(ref disBase, a1, centre128);
        TVector qb1 = Sample8<TSquares>(ref disBase, b1, centre128);

        TVector pair = TSimd.CreatePair16((short)Unsafe.Add(ref f, k), (short)Unsafe.Add(ref f, k + 1));
        TVector s0 = TSimd.AddInt16(ra0, rb0);
        TVector s1 = TSimd.AddInt16(ra1, rb1);
        TVector pLo = TSimd.UnpackLowInt16(s0, s1), pHi = TSimd.UnpackHighInt16(s0, s1);
        mu1Lo = TSimd.MultiplyAddAdjacentAccumulate(mu1Lo, pLo, pair);
        mu1Hi = TSimd.MultiplyAddAdjacentAccumulate(mu1Hi, pHi, pair);
        s0 = TSimd.AddInt16(qa0, qb0);
        s1 = TSimd.AddInt16(qa1, qb1);
        TVector qLo = TSimd.UnpackLowInt16(s0, s1), qHi = TSimd.UnpackHighInt16(s0, s1);
        mu2Lo = TSimd.MultiplyAddAdjacentAccumulate(mu2Lo, qLo, pair);
        mu2Hi = TSimd.MultiplyAddAdjacentAccumulate(mu2Hi, qHi, pair);
        if (typeof(TMode) == typeof(WithSubsample) && k >= first1)
        {
            TVector pair1 = TSimd.CreatePair16((short)Unsafe.Add(ref f1, k - first1), (short)Unsafe.Add(ref f1, k - first1 + 1));
            sub1Lo = TSimd.MultiplyAddAdjacentAccumulate(sub1Lo, pLo, pair1);
            sub1Hi = TSimd.MultiplyAddAdjacentAccumulate(sub1Hi, pHi, pair1);
            sub2Lo = TSimd.MultiplyAddAdjacentAccumulate(sub2Lo, qLo, pair1);
            sub2Hi = TSimd.MultiplyAddAdjacentAccumulate(sub2Hi, qHi, pair1);
        }

        if (centred)
        {
            Squares(MirroredProducts(ra0, rb0, ra0, rb0, one), MirroredProducts(ra1, rb1, ra1, rb1, one), pair, ref xxLo, ref xxHi);
            Squares(MirroredProducts(qa0, qb0, qa0, qb0, one), MirroredProducts(qa1, qb1, qa1, qb1, one), pair, ref yyLo, ref yyHi);
            Squares(MirroredProducts(ra0, rb0, qa0, qb0, one), MirroredProducts(ra1, rb1, qa1, qb1, one), pair, ref xyLo, ref xyHi);
        }
        else
        {
            TVector c = TSimd.CreateInt32(Unsafe.Add(ref f, k));
            DwordSquares(TSimd.UnpackLowInt16(ra0, rb0), TSimd.UnpackLowInt16(qa0, qb0), c, ref xxLo, ref yyLo, ref xyLo);
            DwordSquares(TSimd.UnpackHighInt16(ra0, rb0), TSimd.UnpackHighInt16(qa0, qb0), c, ref xxHi, ref yyHi, ref xyHi);
            c = TSimd.CreateInt32(Unsafe.Add(ref f, k + 1));
            DwordSquares(TSimd.UnpackLowInt16(ra1, rb1), TSimd.UnpackLowInt16(qa1, qb1), c, ref xxLo, ref yyLo, ref xyLo);
            DwordSquares(TSimd.UnpackHighInt16(ra1, rb1), TSimd.UnpackHighInt16(qa1, qb1), c, ref xxHi, ref yyHi, ref xyHi);
        }
    }

    /// <summary>
    /// Where <see cref="VerticalStatistic8{TMode, TSquares}"/>'s square sums in words start: Σ_(k&lt;8) f[k] of scale 0's filter (28876: the −1
    /// of every mirrored pair's word given back) − 2^30 (the centring), mod 2^32. The differential and golden tests hold it.
    /// </summary>
    private const int SquareStart8 = 28876 - (1 << 30);

    /// <summary>2·<see cref="Lanes"/> samples of one row as words: centred (p − 128) for <see cref="InWords"/>, as they are for <see cref="InDwords"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Sample8<TSquares>(ref byte plane, nuint offset, TVector centre128)
        where TSquares : struct =>
        typeof(TSquares) == typeof(InWords)
            ? TSimd.SubtractInt16(TSimd.LoadWidenUInt8ToInt16(ref plane, offset), centre128)
            : TSimd.LoadWidenUInt8ToInt16(ref plane, offset);

    /// <summary>
    /// f·(p_k² + p_m²), f·(q_k² + q_m²), f·(p_k·q_k + p_m·q_m) of one mirrored row pair's word pairs (<see cref="InDwords"/>),
    /// added to the square sums.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DwordSquares(TVector p, TVector q, TVector c, ref TVector xx, ref TVector yy, ref TVector xy)
    {
        xx = TSimd.AddInt32(xx, TSimd.MultiplyLowInt32(TSimd.MultiplyAddAdjacent(p, p), c));
        yy = TSimd.AddInt32(yy, TSimd.MultiplyLowInt32(TSimd.MultiplyAddAdjacent(q, q), c));
        xy = TSimd.AddInt32(xy, TSimd.MultiplyLowInt32(TSimd.MultiplyAddAdjacent(p, q), c));
    }

    /// <summary>a·c + b·d − 1 in 16 bits for one mirrored row pair of centred samples (the true value fits a signed word).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector MirroredProducts(TVector a, TVector b, TVector c, TVector d, TVector one) =>
        TSimd.SubtractInt16(TSimd.AddInt16(TSimd.MultiplyLowInt16(a, c), TSimd.MultiplyLowInt16(b, d)), one);

    /// <summary>Adds f[k]·w0 + f[k+1]·w1 (<paramref name="pair"/>) of two word rows of products to a square sum's halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Squares(TVector w0, TVector w1, TVector pair, ref TVector lo, ref TVector hi)
    {
        lo = TSimd.MultiplyAddAdjacentAccumulate(lo, TSimd.UnpackLowInt16(w0, w1), pair);
        hi = TSimd.MultiplyAddAdjacentAccumulate(hi, TSimd.UnpackHighInt16(w0, w1), pair);
    }

    /// <summary>(Σ + 128) &gt;&gt; 8 of both halves (≤ 65280), packed back to column order and biased.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Mean8(TVector lo, TVector hi, TVector round, TVector bias) =>
        TSimd.Xor(
            TSimd.PackUnsignedSaturateInt32(
                TSimd.ShiftRightLogicalInt32(TSimd.AddInt32(lo, round), 8),
                TSimd.ShiftRightLogicalInt32(TSimd.AddInt32(hi, round), 8)),
            bias);

    /// <summary>A uint32 square sum's high and low halves, each packed back to column order, biased, into two rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreHalves(TVector lo, TVector hi, TVector bias, ref ushort highRow, int wordStride, int column)
    {
        TVector low16 = TSimd.CreateInt32(0xFFFF);
        StoreWords(
            TSimd.Xor(TSimd.PackUnsignedSaturateInt32(TSimd.ShiftRightLogicalInt32(lo, 16), TSimd.ShiftRightLogicalInt32(hi, 16)), bias),
            ref highRow,
            column);
        StoreWords(
            TSimd.Xor(TSimd.PackUnsignedSaturateInt32(TSimd.And(lo, low16), TSimd.And(hi, low16)), bias),
            ref Unsafe.Add(ref highRow, wordStride),
            column);
    }

    /// <summary>
    /// Vertical pass of subsample_rd_8 for the 2·<see cref="Lanes"/> columns from <paramref name="column"/> of one
    /// plane: (Σf·p + 128) &gt;&gt; 8 as biased words.
    /// </summary>
    /// <remarks>
    /// SIMD version of <see cref="VifScalar.VerticalSubsample8"/>, with the mirrored-row sums of
    /// <see cref="VerticalStatistic8"/> (scale 1's filter: 9 taps, weights ≤ 14692).
    /// </remarks>
    private static void VerticalMean8(ref byte plane, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter, int column, ref ushort row)
    {
        int taps = filter.Length;
        int half = taps / 2;
        TVector lo = TSimd.Zero, hi = TSimd.Zero;
        for (int k = 0; k < half; k += 2)
        {
            TVector s0 = TSimd.AddInt16(Row8(ref plane, rows[k], column), Row8(ref plane, rows[taps - 1 - k], column));
            TVector s1 = TSimd.AddInt16(Row8(ref plane, rows[k + 1], column), Row8(ref plane, rows[taps - 2 - k], column));
            TVector pair = TSimd.CreatePair16((short)filter[k], (short)filter[k + 1]);
            lo = TSimd.MultiplyAddAdjacentAccumulate(lo, TSimd.UnpackLowInt16(s0, s1), pair);
            hi = TSimd.MultiplyAddAdjacentAccumulate(hi, TSimd.UnpackHighInt16(s0, s1), pair);
        }

        TVector centre = Row8(ref plane, rows[half], column);
        TVector centrePair = TSimd.CreatePair16((short)filter[half], 0);
        lo = TSimd.MultiplyAddAdjacentAccumulate(lo, TSimd.UnpackLowInt16(centre, TSimd.Zero), centrePair);
        hi = TSimd.MultiplyAddAdjacentAccumulate(hi, TSimd.UnpackHighInt16(centre, TSimd.Zero), centrePair);
        StoreWords(Mean8(lo, hi, TSimd.CreateInt32(128), TSimd.CreateInt16(Bias16)), ref row, column);
    }

    /// <summary>
    /// Vertical pass of subsample_rd_16 for the 2·<see cref="Lanes"/> columns from <paramref name="column"/> of one
    /// plane: (Σf·p + 2^(shift−1)) &gt;&gt; shift as biased words.
    /// </summary>
    /// <remarks>
    /// SIMD version of <see cref="VifScalar.VerticalSubsample16"/>. The sum is exact below 2^32 (≤ 65536·65535),
    /// so mirrored rows are added first and their product may wrap. The mean is cut to 16 bits as libvmaf's
    /// <c>(uint16_t)</c> cuts it, which matters only for samples above the bit depth. Two registers of columns side by side (two
    /// independent chains of products), packed into one register of words and stored once.
    /// </remarks>
    private static void VerticalMean16(ref ushort plane, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter, int shift, int column, ref ushort row)
    {
        int taps = filter.Length;
        int half = taps / 2;
        nuint a = (nuint)column, b = (nuint)(column + Lanes);
        TVector weight = TSimd.CreateInt32(filter[half]);
        ref ushort centre = ref Unsafe.Add(ref plane, rows[half]);
        TVector accA = TSimd.MultiplyLowInt32(TSimd.Load16(ref centre, a), weight);
        TVector accB = TSimd.MultiplyLowInt32(TSimd.Load16(ref centre, b), weight);
        for (int k = 0; k < half; k++)
        {
            weight = TSimd.CreateInt32(filter[k]);
            ref ushort top = ref Unsafe.Add(ref plane, rows[k]);
            ref ushort bottom = ref Unsafe.Add(ref plane, rows[taps - 1 - k]);
            accA = TSimd.AddInt32(accA, TSimd.MultiplyLowInt32(TSimd.AddInt32(TSimd.Load16(ref top, a), TSimd.Load16(ref bottom, a)), weight));
            accB = TSimd.AddInt32(accB, TSimd.MultiplyLowInt32(TSimd.AddInt32(TSimd.Load16(ref top, b), TSimd.Load16(ref bottom, b)), weight));
        }

        // (uint16_t) as subsample_rd_16 stores it: a sample above the bit depth makes the mean exceed 65535, and it
        // wraps there (the pack below would saturate it instead).
        TVector round = TSimd.CreateInt32(1 << (shift - 1));
        TVector low16 = TSimd.CreateInt32(0xFFFF);
        TVector bias = TSimd.CreateInt32(0x8000);
        TVector valueA = TSimd.Xor(TSimd.And(TSimd.ShiftRightLogicalInt32(TSimd.AddInt32(accA, round), shift), low16), bias);
        TVector valueB = TSimd.Xor(TSimd.And(TSimd.ShiftRightLogicalInt32(TSimd.AddInt32(accB, round), shift), low16), bias);
        TSimd.Store(TSimd.PackUInt32ToUInt16(valueA, valueB), ref row, a);
    }

    /// <summary>
    /// Fills the <paramref name="half"/> apron words on both sides of the first <paramref name="count"/> word rows:
    /// reflect-101, as integer_vif.h: PADDING_SQ_DATA.
    /// </summary>
    private static void MirrorWords(VifScratch scratch, int width, int half, int count) => MirrorWords(scratch, width, half, 0, count);

    /// <summary>As <see cref="MirrorWords(VifScratch, int, int, int)"/>, for the <paramref name="count"/> word rows from <paramref name="firstRow"/>.</summary>
    /// <remarks>
    /// Scale 0's eight apron words a side are one reversed load of eight words each (the row is at least 2·<see cref="Lanes"/>
    /// ≥ 16 words wide and the aprons 16); the narrower filters' few words go one by one.
    /// </remarks>
    private static void MirrorWords(VifScratch scratch, int width, int half, int firstRow, int count)
    {
        ref ushort words = ref MemoryMarshal.GetArrayDataReference(scratch.Words);
        var reverse = Vector128.Create((ushort)7, 6, 5, 4, 3, 2, 1, 0);
        for (int r = firstRow; r < firstRow + count; r++)
        {
            ref ushort first = ref Unsafe.Add(ref words, (r * scratch.WordStride) + Left);
            ref ushort last = ref Unsafe.Add(ref first, width - 1);
            if (half == 8)
            {
                // words[first − f] = words[first + f] and words[last + f] = words[last − f] for f = 1..8.
                Vector128.Shuffle(Vector128.LoadUnsafe(ref first, 1), reverse).StoreUnsafe(ref Unsafe.Subtract(ref first, 8));
                Vector128.Shuffle(Vector128.LoadUnsafe(ref Unsafe.Subtract(ref last, 8)), reverse).StoreUnsafe(ref last, 1);
                continue;
            }

            for (int f = 1; f <= half; f++)
            {
                Unsafe.Subtract(ref first, f) = Unsafe.Add(ref first, f);
                Unsafe.Add(ref last, f) = Unsafe.Subtract(ref last, f);
            }
        }
    }

    /// <summary>
    /// The decimating horizontal pass of one mirrored word row: output column o is (Σf·x[2o − h + k] + 32768) &gt;&gt; 16,
    /// <see cref="Lanes"/> outputs per block, the last block overlapping the one before.
    /// </summary>
    /// <remarks>
    /// SIMD version of <see cref="VifScalar.DecimateRow"/>: a register loaded at word 2·o0 − h + offset holds
    /// x[2(o0 + m) − h + offset], x[… + 1] in dword lane m, so <c>vpmaddwd</c> with a tap pair adds two taps of
    /// output o0 + m. The biased sum + 2^31 is C's uint32 Σ (≤ 65536·65535), + 32768 still below 2^32.
    /// </remarks>
    private static void Decimate(ref ushort row, int scale, Span<ushort> output)
    {
        switch (scale)
        {
            case 1:
                Decimate<Shape1>(ref row, output);
                break;
            case 2:
                Decimate<Shape2>(ref row, output);
                break;
            default:
                Decimate<Shape3>(ref row, output);
                break;
        }
    }

    /// <summary>
    /// <see cref="Decimate(ref ushort, int, Span{ushort})"/> unrolled for <typeparamref name="TShape"/>'s tap pairs (constant
    /// load offsets, weights formed once per row): two registers of outputs per step, packed into one register of words.
    /// </summary>
    /// <remarks>
    /// Two independent sums per step, and one <see cref="ISimd{TVector}.PackUInt32ToUInt16"/> and one full store for them
    /// instead of a narrowing store each (<c>vpmovdw</c> to memory, several micro-ops on AMD's cores), where a loop over
    /// the pair table formed every weight register again per pair and per register of outputs. Rows with fewer than
    /// 2·<see cref="Lanes"/> outputs take single registers.
    /// </remarks>
    private static void Decimate<TShape>(ref ushort row, Span<ushort> output)
        where TShape : struct, IShape
    {
        ReadOnlySpan<TapPair> pairs = VifTables.Pairs(TShape.Scale);
        TVector c0 = Weights(pairs, 0), c1 = Weights(pairs, 1), c2 = Weights(pairs, 2), c3 = Weights(pairs, 3), c4 = Weights(pairs, 4);
        TVector zero = TSimd.Zero;
        ref ushort window = ref Unsafe.Subtract(ref row, TShape.Half);
        ref ushort dst = ref MemoryMarshal.GetReference(output);
        int outWidth = output.Length;
        TVector biasRound = TSimd.CreateInt32(unchecked((int)0x8000_8000));
        if (outWidth >= 2 * Lanes)
        {
            for (int o = 0; ; o += 2 * Lanes)
            {
                int at = Math.Min(o, outWidth - (2 * Lanes));
                TVector a = Filter<TShape>(ref Unsafe.Add(ref window, 2 * at), c0, c1, c2, c3, c4, zero, zero, zero, zero);
                TVector b = Filter<TShape>(ref Unsafe.Add(ref window, 2 * (at + Lanes)), c0, c1, c2, c3, c4, zero, zero, zero, zero);
                TSimd.Store(TSimd.PackUInt32ToUInt16(RoundedSum(a, biasRound), RoundedSum(b, biasRound)), ref dst, (nuint)at);
                if (at == outWidth - (2 * Lanes))
                {
                    return;
                }
            }
        }

        for (int o = 0; ; o += Lanes)
        {
            int at = Math.Min(o, outWidth - Lanes);
            TVector acc = Filter<TShape>(ref Unsafe.Add(ref window, 2 * at), c0, c1, c2, c3, c4, zero, zero, zero, zero);
            TSimd.StoreNarrowInt32ToInt16(RoundedSum(acc, biasRound), ref dst, (nuint)at);
            if (at == outWidth - Lanes)
            {
                return;
            }
        }
    }

    /// <summary>A decimated output, (Σf·x + 32768) &gt;&gt; 16, from its biased sum (Σf·x − 2^31; <paramref name="biasRound"/> = 2^31 + 32768).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector RoundedSum(TVector sum, TVector biasRound) => TSimd.ShiftRightLogicalInt32(TSimd.AddInt32(sum, biasRound), 16);

    /// <summary>The horizontal pass of <paramref name="scale"/>, unrolled for its filter.</summary>
    private static void HorizontalStatistic(VifScratch scratch, int width, int scale, double gainLimit, ref VifScalar.Accumulator sums)
    {
        switch (scale)
        {
            case 0:
                HorizontalStatistic<Shape0>(scratch, width, gainLimit, ref sums);
                break;
            case 1:
                HorizontalStatistic<Shape1>(scratch, width, gainLimit, ref sums);
                break;
            case 2:
                HorizontalStatistic<Shape2>(scratch, width, gainLimit, ref sums);
                break;
            default:
                HorizontalStatistic<Shape3>(scratch, width, gainLimit, ref sums);
                break;
        }
    }

    /// <summary>
    /// Horizontal pass of the eight mirrored word rows of one image row and every pixel's VIF terms: the part
    /// vif_statistic_8 and vif_statistic_16 share. Blocks of 2·<see cref="Lanes"/> pixels, even pixels then odd
    /// ones; lanes past the last column are masked.
    /// </summary>
    /// <remarks>
    /// SIMD version of <see cref="VifScalar.HorizontalStatistic"/>. Per pixel: M = Σf·μ (uint32, Q32 of 8.8), the
    /// filtered squares (Σf·S + 32768) &gt;&gt; 16 from their halves (type remarks), then σ² = S − (M·M + 2^31) &gt;&gt; 32
    /// in uint32, read as int32 as C does. The tap pairs are unrolled (<typeparamref name="TShape"/> gives their
    /// offsets as constants, so every load is one addressing mode); their weights come from <see cref="VifTables.Pairs"/>.
    /// </remarks>
    private static void HorizontalStatistic<TShape>(VifScratch scratch, int width, double gainLimit, ref VifScalar.Accumulator sums)
        where TShape : struct, IShape
    {
        if (TShape.Offset(1) == 2)
        {
            FilterRowShared<TShape>(scratch, width);
        }
        else
        {
            FilterRow<TShape>(scratch, width);
        }

        AddPixelTerms(scratch, width, gainLimit, ref sums);
    }

    /// <summary>
    /// The filtering half of <see cref="HorizontalStatistic{TShape}"/>: σ1², σ2², σ12 of every register of pixels of the
    /// row into <see cref="VifScratch.Sigmas"/>, register r's three at 3·r·<see cref="Lanes"/>.
    /// </summary>
    /// <remarks>
    /// Kept apart from <see cref="AddPixelTerms"/> (and neither inlined) because together they exceed the JIT's inlining
    /// budget for one method: it then leaves dozens of the vector helpers as calls, which cost more than these stores.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FilterRow<TShape>(VifScratch scratch, int width)
        where TShape : struct, IShape
    {
        ReadOnlySpan<TapPair> pairs = VifTables.Pairs(TShape.Scale);
        TVector c0 = Weights(pairs, 0), c1 = Weights(pairs, 1), c2 = Weights(pairs, 2), c3 = Weights(pairs, 3), c4 = Weights(pairs, 4);
        TVector c5 = Weights(pairs, 5), c6 = Weights(pairs, 6), c7 = Weights(pairs, 7), c8 = Weights(pairs, 8);
        int ws = scratch.WordStride;
        ref ushort window = ref scratch.Words[Left - TShape.Half];
        ref int sigmas = ref scratch.Sigmas[0];
        TVector bias = TSimd.CreateInt32(int.MinValue);
        TVector biasRound = TSimd.CreateInt32(unchecked((int)0x8000_8000));
        int block = 2 * Lanes;
        nuint at = 0;
        for (int j = 0; j < width; j += block)
        {
            for (int parity = 0; parity < 2; parity++)
            {
                ref ushort r0 = ref Unsafe.Add(ref window, j + parity);
                ref ushort r1 = ref Unsafe.Add(ref r0, ws);
                ref ushort r2 = ref Unsafe.Add(ref r1, ws);
                ref ushort r3 = ref Unsafe.Add(ref r2, ws);
                ref ushort r4 = ref Unsafe.Add(ref r3, ws);
                ref ushort r5 = ref Unsafe.Add(ref r4, ws);
                ref ushort r6 = ref Unsafe.Add(ref r5, ws);
                ref ushort r7 = ref Unsafe.Add(ref r6, ws);
                TVector m1 = TSimd.AddInt32(Filter<TShape>(ref r0, c0, c1, c2, c3, c4, c5, c6, c7, c8), bias);
                TVector m2 = TSimd.AddInt32(Filter<TShape>(ref r1, c0, c1, c2, c3, c4, c5, c6, c7, c8), bias);
                TVector xx = Square(
                    Filter<TShape>(ref r2, c0, c1, c2, c3, c4, c5, c6, c7, c8), Filter<TShape>(ref r3, c0, c1, c2, c3, c4, c5, c6, c7, c8), bias, biasRound);
                TVector yy = Square(
                    Filter<TShape>(ref r4, c0, c1, c2, c3, c4, c5, c6, c7, c8), Filter<TShape>(ref r5, c0, c1, c2, c3, c4, c5, c6, c7, c8), bias, biasRound);
                TVector xy = Square(
                    Filter<TShape>(ref r6, c0, c1, c2, c3, c4, c5, c6, c7, c8), Filter<TShape>(ref r7, c0, c1, c2, c3, c4, c5, c6, c7, c8), bias, biasRound);

                // C subtracts in uint32 and reinterprets as int32.
                TSimd.Store(TSimd.SubtractInt32(xx, TSimd.MulHiRound(m1, m1)), ref sigmas, at);
                TSimd.Store(TSimd.SubtractInt32(yy, TSimd.MulHiRound(m2, m2)), ref sigmas, at + (nuint)Lanes);
                TSimd.Store(TSimd.SubtractInt32(xy, TSimd.MulHiRound(m1, m2)), ref sigmas, at + (nuint)(2 * Lanes));
                at += (nuint)(3 * Lanes);
            }
        }
    }

    /// <summary>
    /// <see cref="FilterRow{TShape}"/> for the shapes whose tap pairs start at even offsets (scales 0-2): the even and the
    /// odd pixels of a block from the same loads.
    /// </summary>
    /// <remarks>
    /// <para>Dword lane m of the register loaded at word 2k of the window of block j holds x[j + 2m + 2k − h] and the word
    /// after it: taps 2k and 2k + 1 of pixel j + 2m, and taps 2k − 1 and 2k of pixel j + 2m + 1. So the odd pixels take
    /// the pairs (f[2k − 1], f[2k]) (f[−1] = 0; <see cref="OddWeights"/>) on the even pixels' loads, instead of nine more
    /// loads one word on: half the loads, which (at any offset but a multiple of 32 words) each span two cache lines at
    /// AVX-512. The odd pixels' weights are the same filter, Σ = 65536, so the bias argument of the type remarks holds for
    /// them unchanged, and the loads read no word the even pixels' loads did not.</para>
    /// <para>Scale 3 splits its centre tap over pairs at offsets 0 and 1 (<see cref="Shape3"/>) and keeps
    /// <see cref="FilterRow{TShape}"/>.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FilterRowShared<TShape>(VifScratch scratch, int width)
        where TShape : struct, IShape
    {
        ReadOnlySpan<TapPair> pairs = VifTables.Pairs(TShape.Scale);
        TVector e0 = Weights(pairs, 0), e1 = Weights(pairs, 1), e2 = Weights(pairs, 2), e3 = Weights(pairs, 3), e4 = Weights(pairs, 4);
        TVector e5 = Weights(pairs, 5), e6 = Weights(pairs, 6), e7 = Weights(pairs, 7), e8 = Weights(pairs, 8);
        TVector o0 = OddWeights(pairs, 0), o1 = OddWeights(pairs, 1), o2 = OddWeights(pairs, 2), o3 = OddWeights(pairs, 3);
        TVector o4 = OddWeights(pairs, 4), o5 = OddWeights(pairs, 5), o6 = OddWeights(pairs, 6), o7 = OddWeights(pairs, 7);
        TVector o8 = OddWeights(pairs, 8);
        int ws = scratch.WordStride;
        ref ushort window = ref scratch.Words[Left - TShape.Half];
        ref int sigmas = ref scratch.Sigmas[0];
        TVector bias = TSimd.CreateInt32(int.MinValue);
        TVector biasRound = TSimd.CreateInt32(unchecked((int)0x8000_8000));
        int block = 2 * Lanes;
        nuint at = 0;
        for (int j = 0; j < width; j += block)
        {
            ref ushort r0 = ref Unsafe.Add(ref window, j);
            Filter2<TShape>(ref r0, e0, e1, e2, e3, e4, e5, e6, e7, e8, o0, o1, o2, o3, o4, o5, o6, o7, o8, out TVector m1e, out TVector m1o);
            Filter2<TShape>(
                ref Unsafe.Add(ref r0, ws), e0, e1, e2, e3, e4, e5, e6, e7, e8, o0, o1, o2, o3, o4, o5, o6, o7, o8, out TVector m2e, out TVector m2o);
            m1e = TSimd.AddInt32(m1e, bias);
            m1o = TSimd.AddInt32(m1o, bias);
            m2e = TSimd.AddInt32(m2e, bias);
            m2o = TSimd.AddInt32(m2o, bias);
            Filter2<TShape>(
                ref Unsafe.Add(ref r0, 2 * ws), e0, e1, e2, e3, e4, e5, e6, e7, e8, o0, o1, o2, o3, o4, o5, o6, o7, o8, out TVector he, out TVector ho);
            Filter2<TShape>(
                ref Unsafe.Add(ref r0, 3 * ws), e0, e1, e2, e3, e4, e5, e6, e7, e8, o0, o1, o2, o3, o4, o5, o6, o7, o8, out TVector le, out TVector lo);

            // C subtracts in uint32 and reinterprets as int32.
            TSimd.Store(TSimd.SubtractInt32(Square(he, le, bias, biasRound), TSimd.MulHiRound(m1e, m1e)), ref sigmas, at);
            TSimd.Store(TSimd.SubtractInt32(Square(ho, lo, bias, biasRound), TSimd.MulHiRound(m1o, m1o)), ref sigmas, at + (nuint)(3 * Lanes));
            Filter2<TShape>(
                ref Unsafe.Add(ref r0, 4 * ws), e0, e1, e2, e3, e4, e5, e6, e7, e8, o0, o1, o2, o3, o4, o5, o6, o7, o8, out he, out ho);
            Filter2<TShape>(
                ref Unsafe.Add(ref r0, 5 * ws), e0, e1, e2, e3, e4, e5, e6, e7, e8, o0, o1, o2, o3, o4, o5, o6, o7, o8, out le, out lo);
            TSimd.Store(TSimd.SubtractInt32(Square(he, le, bias, biasRound), TSimd.MulHiRound(m2e, m2e)), ref sigmas, at + (nuint)Lanes);
            TSimd.Store(TSimd.SubtractInt32(Square(ho, lo, bias, biasRound), TSimd.MulHiRound(m2o, m2o)), ref sigmas, at + (nuint)(4 * Lanes));
            Filter2<TShape>(
                ref Unsafe.Add(ref r0, 6 * ws), e0, e1, e2, e3, e4, e5, e6, e7, e8, o0, o1, o2, o3, o4, o5, o6, o7, o8, out he, out ho);
            Filter2<TShape>(
                ref Unsafe.Add(ref r0, 7 * ws), e0, e1, e2, e3, e4, e5, e6, e7, e8, o0, o1, o2, o3, o4, o5, o6, o7, o8, out le, out lo);
            TSimd.Store(TSimd.SubtractInt32(Square(he, le, bias, biasRound), TSimd.MulHiRound(m1e, m2e)), ref sigmas, at + (nuint)(2 * Lanes));
            TSimd.Store(TSimd.SubtractInt32(Square(ho, lo, bias, biasRound), TSimd.MulHiRound(m1o, m2o)), ref sigmas, at + (nuint)(5 * Lanes));
            at += (nuint)(6 * Lanes);
        }
    }

    /// <summary>
    /// The per-pixel half of <see cref="HorizontalStatistic{TShape}"/>: the VIF terms of the row's σ values
    /// (<see cref="FilterRow{TShape}"/>, register r's three at 3·r·<see cref="Lanes"/>, even pixels then odd ones per
    /// block), lanes past the last column masked: sorted into lists, then the lists' log terms
    /// (<see cref="PixelTerms"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void AddPixelTerms(VifScratch scratch, int width, double gainLimit, ref VifScalar.Accumulator sums)
    {
        ref int sigmas = ref scratch.Sigmas[0];
        ref int logs = ref scratch.Lists[0];
        nuint stride = (nuint)scratch.ListStride;
        ref int gains = ref Unsafe.Add(ref logs, stride);
        nuint logCount = 0, gainCount = 0;
        TVector nonLogLow = TSimd.Zero, nonLogHigh = TSimd.Zero;
        int block = 2 * Lanes;
        int whole = width / block;
        nuint at = 0;
        for (int b = 0; b < whole; b++)
        {
            PixelTerms.Sort<PixelTerms.AllLanes>(
                ref nonLogLow, ref nonLogHigh, ref logs, ref logCount, ref gains, stride, ref gainCount,
                TSimd.Load(ref sigmas, at), TSimd.Load(ref sigmas, at + (nuint)Lanes), TSimd.Load(ref sigmas, at + (nuint)(2 * Lanes)), TSimd.AllBitsSet);
            PixelTerms.Sort<PixelTerms.AllLanes>(
                ref nonLogLow, ref nonLogHigh, ref logs, ref logCount, ref gains, stride, ref gainCount,
                TSimd.Load(ref sigmas, at + (nuint)(3 * Lanes)), TSimd.Load(ref sigmas, at + (nuint)(4 * Lanes)), TSimd.Load(ref sigmas, at + (nuint)(5 * Lanes)),
                TSimd.AllBitsSet);
            at += (nuint)(6 * Lanes);
        }

        if (whole * block < width)
        {
            // The last block's even pixels (left of them valid), then its odd ones (one fewer when left is odd).
            TVector twice = TSimd.AddInt32(TSimd.Int32Indices, TSimd.Int32Indices);
            int left = width - (whole * block);
            PixelTerms.Sort<PixelTerms.PartLanes>(
                ref nonLogLow, ref nonLogHigh, ref logs, ref logCount, ref gains, stride, ref gainCount,
                TSimd.Load(ref sigmas, at), TSimd.Load(ref sigmas, at + (nuint)Lanes), TSimd.Load(ref sigmas, at + (nuint)(2 * Lanes)),
                TSimd.GreaterThanInt32(TSimd.CreateInt32(left), twice));
            PixelTerms.Sort<PixelTerms.PartLanes>(
                ref nonLogLow, ref nonLogHigh, ref logs, ref logCount, ref gains, stride, ref gainCount,
                TSimd.Load(ref sigmas, at + (nuint)(3 * Lanes)), TSimd.Load(ref sigmas, at + (nuint)(4 * Lanes)), TSimd.Load(ref sigmas, at + (nuint)(5 * Lanes)),
                TSimd.GreaterThanInt32(TSimd.CreateInt32(left - 1), twice));
        }

        TVector denLog = PixelTerms.Denominators(ref logs, logCount);
        TVector numLog = PixelTerms.Numerators(ref gains, stride, gainCount, gainLimit);
        // Every valid pixel not in the log list is below the noise floor.
        PixelTerms.AddTo(ref sums, numLog, denLog, nonLogLow, nonLogHigh, width - (long)logCount);
    }

    /// <summary>
    /// Lays out the σ1², σ2², σ12 of the first <paramref name="width"/> pixels into <paramref name="sigmas"/> as
    /// <see cref="FilterRow{TShape}"/> leaves them for <see cref="AddPixelTerms"/> (register r's three at 3·r·<see cref="Lanes"/>,
    /// even pixels then odd ones per block): for tests and benchmarks of the per-pixel step alone.
    /// </summary>
    internal static void LayOutSigmas(Span<int> sigmas, ReadOnlySpan<int> sigma1Sq, ReadOnlySpan<int> sigma2Sq, ReadOnlySpan<int> sigma12, int width)
    {
        int block = 2 * Lanes;
        for (int column = 0; column < width; column++)
        {
            int within = column % block;
            int at = ((column / block) * 6 * Lanes) + ((within % 2) * 3 * Lanes) + (within / 2);
            sigmas[at] = sigma1Sq[column];
            sigmas[at + Lanes] = sigma2Sq[column];
            sigmas[at + (2 * Lanes)] = sigma12[column];
        }
    }

    /// <summary>The weights of tap pair <paramref name="index"/> for <c>vpmaddwd</c>, zero past the last pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Weights(ReadOnlySpan<TapPair> pairs, int index) =>
        index < pairs.Length ? TSimd.CreatePair16(pairs[index].Low, pairs[index].High) : TSimd.Zero;

    /// <summary>
    /// The weights that pair <paramref name="index"/>'s load gives the odd pixels (<see cref="FilterRowShared{TShape}"/>):
    /// (f[2k − 1], f[2k]), that is the high weight of pair k − 1 (0 for k = 0) and the low weight of pair k; zero past the last pair.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector OddWeights(ReadOnlySpan<TapPair> pairs, int index) =>
        index < pairs.Length ? TSimd.CreatePair16(index == 0 ? (short)0 : pairs[index - 1].High, pairs[index].Low) : TSimd.Zero;

    /// <summary>
    /// <see cref="Filter{TShape}"/> of the even pixels (weights e) and the odd pixels (weights o) of a block from one set of
    /// loads (<see cref="FilterRowShared{TShape}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Filter2<TShape>(
        ref ushort row, TVector e0, TVector e1, TVector e2, TVector e3, TVector e4, TVector e5, TVector e6, TVector e7, TVector e8,
        TVector o0, TVector o1, TVector o2, TVector o3, TVector o4, TVector o5, TVector o6, TVector o7, TVector o8, out TVector even, out TVector odd)
        where TShape : struct, IShape
    {
        TVector x = TSimd.Load(ref row, 0);
        even = TSimd.MultiplyAddAdjacent(x, e0);
        odd = TSimd.MultiplyAddAdjacent(x, o0);
        x = TSimd.Load(ref row, 2);
        even = TSimd.MultiplyAddAdjacentAccumulate(even, x, e1);
        odd = TSimd.MultiplyAddAdjacentAccumulate(odd, x, o1);
        if (TShape.Pairs > 2)
        {
            x = TSimd.Load(ref row, 4);
            even = TSimd.MultiplyAddAdjacentAccumulate(even, x, e2);
            odd = TSimd.MultiplyAddAdjacentAccumulate(odd, x, o2);
        }

        if (TShape.Pairs > 3)
        {
            x = TSimd.Load(ref row, 6);
            even = TSimd.MultiplyAddAdjacentAccumulate(even, x, e3);
            odd = TSimd.MultiplyAddAdjacentAccumulate(odd, x, o3);
            x = TSimd.Load(ref row, 8);
            even = TSimd.MultiplyAddAdjacentAccumulate(even, x, e4);
            odd = TSimd.MultiplyAddAdjacentAccumulate(odd, x, o4);
        }

        if (TShape.Pairs > 5)
        {
            x = TSimd.Load(ref row, 10);
            even = TSimd.MultiplyAddAdjacentAccumulate(even, x, e5);
            odd = TSimd.MultiplyAddAdjacentAccumulate(odd, x, o5);
            x = TSimd.Load(ref row, 12);
            even = TSimd.MultiplyAddAdjacentAccumulate(even, x, e6);
            odd = TSimd.MultiplyAddAdjacentAccumulate(odd, x, o6);
            x = TSimd.Load(ref row, 14);
            even = TSimd.MultiplyAddAdjacentAccumulate(even, x, e7);
            odd = TSimd.MultiplyAddAdjacentAccumulate(odd, x, o7);
            x = TSimd.Load(ref row, 16);
            even = TSimd.MultiplyAddAdjacentAccumulate(even, x, e8);
            odd = TSimd.MultiplyAddAdjacentAccumulate(odd, x, o8);
        }
    }

    /// <summary>Σ over the tap pairs of one biased word row from <paramref name="row"/> (the window start): one register of pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Filter<TShape>(
        ref ushort row, TVector c0, TVector c1, TVector c2, TVector c3, TVector c4, TVector c5, TVector c6, TVector c7, TVector c8)
        where TShape : struct, IShape
    {
        TVector acc = TSimd.MultiplyAddAdjacent(TSimd.Load(ref row, (nuint)TShape.Offset(0)), c0);
        acc = TSimd.MultiplyAddAdjacentAccumulate(acc, TSimd.Load(ref row, (nuint)TShape.Offset(1)), c1);
        if (TShape.Pairs > 2)
        {
            acc = TSimd.MultiplyAddAdjacentAccumulate(acc, TSimd.Load(ref row, (nuint)TShape.Offset(2)), c2);
        }

        if (TShape.Pairs > 3)
        {
            acc = TSimd.MultiplyAddAdjacentAccumulate(acc, TSimd.Load(ref row, (nuint)TShape.Offset(3)), c3);
            acc = TSimd.MultiplyAddAdjacentAccumulate(acc, TSimd.Load(ref row, (nuint)TShape.Offset(4)), c4);
        }

        if (TShape.Pairs > 5)
        {
            acc = TSimd.MultiplyAddAdjacentAccumulate(acc, TSimd.Load(ref row, (nuint)TShape.Offset(5)), c5);
            acc = TSimd.MultiplyAddAdjacentAccumulate(acc, TSimd.Load(ref row, (nuint)TShape.Offset(6)), c6);
            acc = TSimd.MultiplyAddAdjacentAccumulate(acc, TSimd.Load(ref row, (nuint)TShape.Offset(7)), c7);
            acc = TSimd.MultiplyAddAdjacentAccumulate(acc, TSimd.Load(ref row, (nuint)TShape.Offset(8)), c8);
        }

        return acc;
    }

    /// <summary>A filtered square from its halves' biased sums: H + ((L + 32768) &gt;&gt; 16) (type remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Square(TVector high, TVector low, TVector bias, TVector biasRound) =>
        TSimd.AddInt32(TSimd.AddInt32(high, bias), TSimd.ShiftRightLogicalInt32(TSimd.AddInt32(low, biasRound), 16));

    /// <summary>Square sums of <see cref="VerticalStatistic8{TMode, TSquares}"/>: centred samples, 16-bit products (<see cref="VerticalSquares.Words"/>).</summary>
    private readonly struct InWords
    {
    }

    /// <summary>Square sums of <see cref="VerticalStatistic8{TMode, TSquares}"/>: <c>vpmaddwd</c> pairs times <c>vpmulld</c> (<see cref="VerticalSquares.Dwords"/>).</summary>
    private readonly struct InDwords
    {
    }

    /// <summary>Mode of <see cref="Statistic8{TMode, TSquares}"/>: the statistic alone.</summary>
    private readonly struct StatisticOnly
    {
    }

    /// <summary>Mode of <see cref="Statistic8{TMode, TSquares}"/>: the statistic and scale 1's subsampling in one pass.</summary>
    private readonly struct WithSubsample
    {
    }
}
