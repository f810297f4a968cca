using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmafTiny.Features.Vif;

/// <summary>
/// The scalar VIF kernels: a plain port of libvmaf's C path, the oracle every other variant is held to.
/// </summary>
/// <remarks>
/// <para>Port of integer_vif.c (libvmaf f85a8536): subsample_rd_8, subsample_rd_16, vif_statistic_8,
/// vif_statistic_16, and integer_vif.h: PADDING_SQ_DATA. Deliberate deviations, none of which changes a value:</para>
/// <list type="bullet">
/// <item>Rows outside the image are addressed through the reflect-101 mirror instead of libvmaf's copied
/// 8-row apron (pad_top_and_bottom); for images of at least 33x33 every tap libvmaf reads is such a
/// reflection (digest §5.2).</item>
/// <item>Subsampling filters only the rows and columns that decimation keeps (libvmaf filters all, then
/// drops three quarters); each output sample is computed by the same arithmetic.</item>
/// </list>
/// <para>All accumulator widths follow the C code. Ranges (filters sum to 65536): a vertical mean sum is
/// ≤ 65536·65535 &lt; 2^32 (uint); an 8-bit square sum is ≤ 65536·255² &lt; 2^32 (uint); a 16-bit square sum is
/// ≤ 65536·65535² (ulong), ≤ 65535² after its shift (uint); a horizontal square sum is ≤ 65536·(2^32 − 1)
/// (ulong).</para>
/// <para>Loads inside the filter loops are unchecked (<see cref="Unsafe.Add{T}(ref T, int)"/>); each entry point
/// proves them in bounds once, with real argument checks, before any loop runs.</para>
/// </remarks>
internal sealed class VifScalar : IVifKernels
{
    /// <summary>The one instance.</summary>
    public static readonly VifScalar Instance = new();

    private const int Pad = VifScratch.Pad;

    private VifScalar()
    {
    }

    /// <summary>Always true: scalar code runs everywhere.</summary>
    public static bool IsSupported => true;

    /// <inheritdoc />
    public string Name => "scalar";

    /// <inheritdoc />
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
        CheckImage(reference, distorted, stride, width, height, half, scratch);
        CheckOutput(referenceOut, distortedOut, width, height);
        Span<int> rows = stackalloc int[filter.Length];
        int outWidth = width / 2;
        for (int oi = 0; oi < height / 2; oi++)
        {
            // Only even rows survive decimation, so only they are filtered.
            RowOffsets(2 * oi, half, height, stride, rows);
            VerticalSubsample8(reference, distorted, rows, filter, scratch, 0, width);
            DecimateRows(scratch, width, filter, referenceOut.Slice(oi * outWidth, outWidth), distortedOut.Slice(oi * outWidth, outWidth), 0);
        }
    }

    /// <inheritdoc />
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
        CheckImage(reference, distorted, stride, width, height, half, scratch);
        CheckOutput(referenceOut, distortedOut, width, height);
        int shift = SubsampleShift(toScale, bitDepth);
        Span<int> rows = stackalloc int[filter.Length];
        int outWidth = width / 2;
        for (int oi = 0; oi < height / 2; oi++)
        {
            RowOffsets(2 * oi, half, height, stride, rows);
            VerticalSubsample16(reference, distorted, rows, filter, shift, scratch, 0, width);
            DecimateRows(scratch, width, filter, referenceOut.Slice(oi * outWidth, outWidth), distortedOut.Slice(oi * outWidth, outWidth), 0);
        }
    }

    /// <inheritdoc />
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
        CheckImage(reference, distorted, stride, width, height, half, scratch);
        Span<int> rows = stackalloc int[filter.Length];
        var sums = default(Accumulator);
        for (int i = 0; i < height; i++)
        {
            RowOffsets(i, half, height, stride, rows);
            VerticalStatistic8(reference, distorted, rows, filter, scratch, 0, width);
            MirrorStatisticRows(scratch, width, half);
            HorizontalStatistic(scratch, filter, gainLimit, ref sums, 0, width);
        }

        return sums.ToSums();
    }

    /// <inheritdoc />
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
        CheckImage(reference, distorted, stride, width, height, half, scratch);
        var (shiftMu, shiftSq) = StatisticShifts(scale, bitDepth);
        Span<int> rows = stackalloc int[filter.Length];
        var sums = default(Accumulator);
        for (int i = 0; i < height; i++)
        {
            RowOffsets(i, half, height, stride, rows);
            VerticalStatistic16(reference, distorted, rows, filter, shiftMu, shiftSq, scratch, 0, width);
            MirrorStatisticRows(scratch, width, half);
            HorizontalStatistic(scratch, filter, gainLimit, ref sums, 0, width);
        }

        return sums.ToSums();
    }

    /// <summary>
    /// The vertical shift of subsample_rd_16: from the luma, round away the bit depth (8.8 fixed point out);
    /// from a subsampled image, Q16 taps.
    /// </summary>
    internal static int SubsampleShift(int toScale, int bitDepth) => toScale == 1 ? bitDepth : 16;

    /// <summary>
    /// The vertical shifts of vif_statistic_16: scale 0 brings the mean to 8.8 fixed point and the squares to
    /// (8-bit luma)²·2^16; the subsampled scales are already 8.8, so plain Q16 rounding. The rounding add is
    /// 2^(shift−1), none for a zero shift.
    /// </summary>
    internal static (int ShiftMu, int ShiftSq) StatisticShifts(int scale, int bitDepth) =>
        scale == 0 ? (bitDepth, (bitDepth - 8) * 2) : (16, 16);

    /// <summary>
    /// Vertical pass of vif_statistic_8 for columns [<paramref name="start"/>, <paramref name="end"/>) of one row:
    /// the means (8.8) and the unshifted squares into the scratch rows.
    /// </summary>
    internal static void VerticalStatistic8(
        ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        VifScratch scratch, int start, int end)
    {
        int taps = filter.Length;
        ref byte refBase = ref MemoryMarshal.GetReference(reference);
        ref byte disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref int row = ref MemoryMarshal.GetReference(rows);
        ref uint mu1 = ref scratch.Mu1[Pad];
        ref uint mu2 = ref scratch.Mu2[Pad];
        ref uint xx = ref scratch.Ref[Pad];
        ref uint yy = ref scratch.Dis[Pad];
        ref uint xy = ref scratch.RefDis[Pad];
        for (int j = start; j < end; j++)
        {
            uint accMu1 = 0;
            uint accMu2 = 0;
            uint accXx = 0;
            uint accYy = 0;
            uint accXy = 0;
            for (int k = 0; k < taps; k++)
            {
                // In bounds: CheckImage proved every row offset + j < length.
                uint c = Unsafe.Add(ref f, k);
                int o = Unsafe.Add(ref row, k) + j;
                uint p = Unsafe.Add(ref refBase, o);
                uint q = Unsafe.Add(ref disBase, o);
                uint cp = c * p;
                uint cq = c * q;
                accMu1 += cp;
                accMu2 += cq;
                accXx += cp * p;
                accYy += cq * q;
                accXy += cp * q;
            }

            Unsafe.Add(ref mu1, j) = (accMu1 + 128) >> 8;
            Unsafe.Add(ref mu2, j) = (accMu2 + 128) >> 8;

            // 8-bit squares keep all their bits (no shift): ≤ 65536·255² still fits a uint.
            Unsafe.Add(ref xx, j) = accXx;
            Unsafe.Add(ref yy, j) = accYy;
            Unsafe.Add(ref xy, j) = accXy;
        }
    }

    /// <summary>
    /// Vertical pass of vif_statistic_16 for columns [<paramref name="start"/>, <paramref name="end"/>) of one row,
    /// with the shifts of <see cref="StatisticShifts"/>.
    /// </summary>
    internal static void VerticalStatistic16(
        ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        int shiftMu, int shiftSq, VifScratch scratch, int start, int end)
    {
        int taps = filter.Length;
        uint roundMu = 1u << (shiftMu - 1);
        ulong roundSq = shiftSq == 0 ? 0 : 1ul << (shiftSq - 1);
        ref ushort refBase = ref MemoryMarshal.GetReference(reference);
        ref ushort disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref int row = ref MemoryMarshal.GetReference(rows);
        ref uint mu1 = ref scratch.Mu1[Pad];
        ref uint mu2 = ref scratch.Mu2[Pad];
        ref uint xx = ref scratch.Ref[Pad];
        ref uint yy = ref scratch.Dis[Pad];
        ref uint xy = ref scratch.RefDis[Pad];
        for (int j = start; j < end; j++)
        {
            uint accMu1 = 0;
            uint accMu2 = 0;
            ulong accXx = 0;
            ulong accYy = 0;
            ulong accXy = 0;
            for (int k = 0; k < taps; k++)
            {
                uint c = Unsafe.Add(ref f, k);
                int o = Unsafe.Add(ref row, k) + j;
                uint p = Unsafe.Add(ref refBase, o);
                uint q = Unsafe.Add(ref disBase, o);
                uint cp = c * p;
                uint cq = c * q;
                accMu1 += cp;
                accMu2 += cq;
                accXx += (ulong)cp * p;
                accYy += (ulong)cq * q;
                accXy += (ulong)cp * q;
            }

            Unsafe.Add(ref mu1, j) = (ushort)((accMu1 + roundMu) >> shiftMu);
            Unsafe.Add(ref mu2, j) = (ushort)((accMu2 + roundMu) >> shiftMu);
            Unsafe.Add(ref xx, j) = (uint)((accXx + roundSq) >> shiftSq);
            Unsafe.Add(ref yy, j) = (uint)((accYy + roundSq) >> shiftSq);
            Unsafe.Add(ref xy, j) = (uint)((accXy + roundSq) >> shiftSq);
        }
    }

    /// <summary>Mirrors the five statistic rows' aprons (PADDING_SQ_DATA) once their columns are all written.</summary>
    internal static void MirrorStatisticRows(VifScratch scratch, int width, int half)
    {
        MirrorRow(scratch.Mu1, width, half);
        MirrorRow(scratch.Mu2, width, half);
        MirrorRow(scratch.Ref, width, half);
        MirrorRow(scratch.Dis, width, half);
        MirrorRow(scratch.RefDis, width, half);
    }

    /// <summary>
    /// Horizontal pass over columns [<paramref name="start"/>, <paramref name="end"/>) of the vertically filtered,
    /// mirrored rows and those pixels' VIF terms (digest §5.4, §5.5): the part vif_statistic_8 and
    /// vif_statistic_16 share.
    /// </summary>
    internal static void HorizontalStatistic(
        VifScratch scratch, ReadOnlySpan<ushort> filter, double gainLimit, ref Accumulator sums, int start, int end)
    {
        int half = filter.Length / 2;
        int taps = filter.Length;

        // Column j's window starts at index Pad + j − half ≥ 0 and ends at Pad + j + half < width + 2·Pad.
        ref uint mu1 = ref scratch.Mu1[Pad - half];
        ref uint mu2 = ref scratch.Mu2[Pad - half];
        ref uint xx = ref scratch.Ref[Pad - half];
        ref uint yy = ref scratch.Dis[Pad - half];
        ref uint xy = ref scratch.RefDis[Pad - half];
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ReadOnlySpan<ushort> log2 = VifTables.Log2;
        for (int j = start; j < end; j++)
        {
            uint accMu1 = 0;
            uint accMu2 = 0;
            ulong accXx = 0;
            ulong accYy = 0;
            ulong accXy = 0;
            for (int k = 0; k < taps; k++)
            {
                uint c = Unsafe.Add(ref f, k);
                int o = j + k;
                accMu1 += c * Unsafe.Add(ref mu1, o);
                accMu2 += c * Unsafe.Add(ref mu2, o);
                accXx += (ulong)c * Unsafe.Add(ref xx, o);
                accYy += (ulong)c * Unsafe.Add(ref yy, o);
                accXy += (ulong)c * Unsafe.Add(ref xy, o);
            }

            // The means stay unshifted (M = Σf·μ, Q32 of 8.8); squares round back from Q16.
            Accumulate(
                accMu1,
                accMu2,
                (uint)((accXx + 32768) >> 16),
                (uint)((accYy + 32768) >> 16),
                (uint)((accXy + 32768) >> 16),
                log2,
                gainLimit,
                ref sums);
        }
    }

    /// <summary>
    /// One pixel's contribution (digest §5.5). <paramref name="m1"/>, <paramref name="m2"/> are the filtered
    /// means (Q32 of 8.8 luma); the rest are filtered squares in (8-bit luma)²·2^16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Accumulate(
        uint m1, uint m2, uint xxFilt, uint yyFilt, uint xyFilt, ReadOnlySpan<ushort> log2, double gainLimit, ref Accumulator sums)
    {
        uint mu1Sq = (uint)(((ulong)m1 * m1 + 2147483648ul) >> 32);
        uint mu2Sq = (uint)(((ulong)m2 * m2 + 2147483648ul) >> 32);
        uint mu1Mu2 = (uint)(((ulong)m1 * m2 + 2147483648ul) >> 32);

        // C subtracts in uint32 and reinterprets as int32: keep the wrap.
        int sigma1Sq = unchecked((int)(xxFilt - mu1Sq));
        int sigma2Sq = unchecked((int)(yyFilt - mu2Sq));
        int sigma12 = unchecked((int)(xyFilt - mu1Mu2));
        AccumulateSigmas(sigma1Sq, sigma2Sq, sigma12, log2, gainLimit, ref sums);
    }

    /// <summary>
    /// One pixel's contribution from its (wrapped, int32) variances and covariance, in (8-bit luma)²·2^16: the
    /// branchy tail of the digest's §5.5, for variants that compute the σ values in vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AccumulateSigmas(
        int sigma1Sq, int sigma2Sq, int sigma12, ReadOnlySpan<ushort> log2, double gainLimit, ref Accumulator sums)
    {
        const int sigmaNsq = VifTables.SigmaNsq;
        sigma2Sq = Math.Max(sigma2Sq, 0);
        if (sigma1Sq >= sigmaNsq)
        {
            // σn² + σ1² can pass int.MaxValue; C hands the wrapped bits to log2_32 as uint32, which is the true sum.
            sums.DenLog += VifTables.Log2Of32(log2, unchecked((uint)(sigmaNsq + sigma1Sq))) - VifTables.Log2SigmaNsq;
            if (sigma12 > 0 && sigma2Sq > 0)
            {
                double g = sigma12 / (sigma1Sq + VifTables.GainEpsilon);

                // C converts to int32 by truncation. A value below int.MinValue is INT_MIN in C on x86 and
                // saturates to int.MinValue in .NET: both become 0 here. It cannot exceed int.MaxValue
                // (σ2² < 2^31 and g·σ12 > 0).
                int svSq = (int)(sigma2Sq - g * sigma12);
                svSq = Math.Max(svSq, 0);
                g = Math.Min(g, gainLimit);
                uint numer1 = unchecked((uint)svSq + sigmaNsq);

                // (g·g)·σ1² in double, truncated: ≤ 100²·2^31, fits a long.
                long numer1Tmp = (long)(g * g * sigma1Sq) + numer1;
                sums.NumLog += VifTables.Log2Of64(log2, (ulong)numer1Tmp) - VifTables.Log2Of64(log2, numer1);
            }
        }
        else
        {
            sums.NumNonLog += sigma2Sq;
            sums.DenNonLog++;
        }
    }

    /// <summary>
    /// Sample offsets of the rows under a vertical filter centred on row <paramref name="i"/>, reflected
    /// without edge repeat (−k → k, h−1+k → h−1−k).
    /// </summary>
    internal static void RowOffsets(int i, int half, int height, int stride, Span<int> offsets)
    {
        for (int k = 0; k < offsets.Length; k++)
        {
            offsets[k] = Mirror(i - half + k, height) * stride;
        }
    }

    /// <summary>
    /// Proves the unchecked loads in bounds: every sample (row &lt; height, column &lt; width) lies inside both inputs,
    /// the filters' reflections stay inside the image, and the scratch rows are wide enough.
    /// </summary>
    internal static void CheckImage<T>(
        ReadOnlySpan<T> reference, ReadOnlySpan<T> distorted, int stride, int width, int height, int half, VifScratch scratch)
    {
        long needed = ((long)(height - 1) * stride) + width;
        if (width <= half || height <= half || stride < width ||
            reference.Length < needed || distorted.Length < needed || scratch.MaxWidth < width)
        {
            throw new ArgumentException($"bad VIF kernel input: {width}x{height}, stride {stride}, " +
                $"lengths {reference.Length}/{distorted.Length}, scratch {scratch.MaxWidth}");
        }
    }

    internal static void CheckOutput(Span<ushort> referenceOut, Span<ushort> distortedOut, int width, int height)
    {
        int needed = (width / 2) * (height / 2);
        if (referenceOut.Length < needed || distortedOut.Length < needed)
        {
            throw new ArgumentException($"VIF subsample output too small for {width / 2}x{height / 2}");
        }
    }

    private static int Mirror(int x, int n) => x < 0 ? -x : x >= n ? 2 * (n - 1) - x : x;

    /// <summary>
    /// Fills the <paramref name="half"/> apron entries on both sides of a row stored from index
    /// <see cref="Pad"/>: reflect-101, as integer_vif.h: PADDING_SQ_DATA.
    /// </summary>
    internal static void MirrorRow(Span<uint> row, int width, int half)
    {
        for (int f = 1; f <= half; f++)
        {
            row[Pad - f] = row[Pad + f];
            row[Pad + width - 1 + f] = row[Pad + width - 1 - f];
        }
    }

    /// <summary>
    /// Vertical pass of subsample_rd_8 for columns [<paramref name="start"/>, <paramref name="end"/>) of one kept row,
    /// rounded to 8.8, into <see cref="VifScratch.RefConvol"/> and <see cref="VifScratch.DisConvol"/>.
    /// </summary>
    internal static void VerticalSubsample8(
        ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        VifScratch scratch, int start, int end)
    {
        int taps = filter.Length;
        ref byte refBase = ref MemoryMarshal.GetReference(reference);
        ref byte disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref int row = ref MemoryMarshal.GetReference(rows);
        ref uint outRef = ref scratch.RefConvol[Pad];
        ref uint outDis = ref scratch.DisConvol[Pad];
        for (int j = start; j < end; j++)
        {
            uint accRef = 0;
            uint accDis = 0;
            for (int k = 0; k < taps; k++)
            {
                // In bounds: CheckImage proved every row offset + j < length.
                uint c = Unsafe.Add(ref f, k);
                int o = Unsafe.Add(ref row, k) + j;
                accRef += c * Unsafe.Add(ref refBase, o);
                accDis += c * Unsafe.Add(ref disBase, o);
            }

            Unsafe.Add(ref outRef, j) = (accRef + 128) >> 8;
            Unsafe.Add(ref outDis, j) = (accDis + 128) >> 8;
        }
    }

    /// <summary>
    /// Vertical pass of subsample_rd_16 for columns [<paramref name="start"/>, <paramref name="end"/>) of one kept
    /// row, with the shift of <see cref="SubsampleShift"/>.
    /// </summary>
    internal static void VerticalSubsample16(
        ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        int shift, VifScratch scratch, int start, int end)
    {
        int taps = filter.Length;
        uint round = 1u << (shift - 1);
        ref ushort refBase = ref MemoryMarshal.GetReference(reference);
        ref ushort disBase = ref MemoryMarshal.GetReference(distorted);
        ref ushort f = ref MemoryMarshal.GetReference(filter);
        ref int row = ref MemoryMarshal.GetReference(rows);
        ref uint outRef = ref scratch.RefConvol[Pad];
        ref uint outDis = ref scratch.DisConvol[Pad];
        for (int j = start; j < end; j++)
        {
            uint accRef = 0;
            uint accDis = 0;
            for (int k = 0; k < taps; k++)
            {
                uint c = Unsafe.Add(ref f, k);
                int o = Unsafe.Add(ref row, k) + j;
                accRef += c * Unsafe.Add(ref refBase, o);
                accDis += c * Unsafe.Add(ref disBase, o);
            }

            // + round stays below 2^32 (sum ≤ 65536·65535); the result fits 16 bits (C casts to uint16_t).
            Unsafe.Add(ref outRef, j) = (ushort)((accRef + round) >> shift);
            Unsafe.Add(ref outDis, j) = (ushort)((accDis + round) >> shift);
        }
    }

    /// <summary>
    /// Mirrors both vertically filtered subsampling rows, then runs the decimating horizontal pass from output
    /// column <paramref name="start"/> to the end of both output rows.
    /// </summary>
    internal static void DecimateRows(
        VifScratch scratch, int width, ReadOnlySpan<ushort> filter, Span<ushort> referenceOut, Span<ushort> distortedOut, int start)
    {
        int half = filter.Length / 2;
        MirrorRow(scratch.RefConvol, width, half);
        MirrorRow(scratch.DisConvol, width, half);
        DecimateRow(scratch.RefConvol, filter, referenceOut, start);
        DecimateRow(scratch.DisConvol, filter, distortedOut, start);
    }

    /// <summary>
    /// Horizontal pass at even columns only, rounding back to 16 bits: output columns [<paramref name="start"/>,
    /// output.Length) of the decimated row.
    /// </summary>
    internal static void DecimateRow(ReadOnlySpan<uint> row, ReadOnlySpan<ushort> filter, Span<ushort> output, int start)
    {
        int half = filter.Length / 2;
        for (int oj = start; oj < output.Length; oj++)
        {
            int first = Pad + 2 * oj - half;
            uint acc = 0;
            for (int k = 0; k < filter.Length; k++)
            {
                acc += filter[k] * row[first + k];
            }

            output[oj] = (ushort)((acc + 32768) >> 16);
        }
    }

    /// <summary>Mutable int64 accumulators for one scale (libvmaf's accum_* locals).</summary>
    internal struct Accumulator
    {
        public long NumLog;
        public long DenLog;
        public long NumNonLog;
        public long DenNonLog;

        public readonly VifSums ToSums() => new(NumLog, DenLog, NumNonLog, DenNonLog);
    }
}
