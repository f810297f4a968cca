using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmafTiny.Features.Motion;

/// <summary>
/// The scalar motion kernels: a plain port of libvmaf's C pipelines, the oracle every other variant is held to.
/// </summary>
/// <remarks>
/// <para>Port of integer_motion.c: motion_score_pipeline_8 and motion_score_pipeline_16 (libvmaf f85a8536),
/// this snapshot's fused "difference first" pipeline (digest §6.1): per row, the vertical blur of prev − cur
/// rounded to Q8, then the horizontal blur rounded to an integer, |·| summed per row in uint32 and over rows in
/// uint64. Both directions mirror with reflect-101 (−k → k, n−1+k → n−1−k).</para>
/// <para>Ranges: |prev − cur| &lt; 2^bpc, so the vertical sum is &lt; 65536·2^bpc (int for 8-bit, long above) and the
/// row value |y| ≤ 65535; the horizontal sum is &lt; 65536·65536 (long); |val| ≤ 65535.</para>
/// </remarks>
internal sealed class MotionScalar : IMotionKernels
{
    /// <summary>The one instance.</summary>
    public static readonly MotionScalar Instance = new();

    private const int Pad = MotionTables.FilterHalf;

    private MotionScalar()
    {
    }

    /// <summary>Always true: scalar code runs everywhere.</summary>
    public static bool IsSupported => true;

    /// <inheritdoc />
    public string Name => "scalar";

    /// <inheritdoc />
    public ulong Pipeline8(
        ReadOnlySpan<byte> previous,
        int previousStride,
        ReadOnlySpan<byte> current,
        int currentStride,
        int width,
        int height,
        Span<int> rowBuffer)
    {
        CheckInput(previous.Length, previousStride, current.Length, currentStride, width, height, rowBuffer.Length);
        Span<int> y = rowBuffer.Slice(0, width + (2 * Pad));
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            // A row whose blurred difference is all zero adds nothing (libvmaf skips it too).
            if (VerticalRow8(previous, previousStride, current, currentStride, width, height, i, y, 0, width) != 0)
            {
                MirrorEdges(y, width);
                sad += HorizontalSad(y, 0, width);
            }
        }

        return sad;
    }

    /// <inheritdoc />
    public ulong Pipeline16(
        ReadOnlySpan<ushort> previous,
        int previousStride,
        ReadOnlySpan<ushort> current,
        int currentStride,
        int width,
        int height,
        int bitDepth,
        Span<int> rowBuffer)
    {
        CheckInput(previous.Length, previousStride, current.Length, currentStride, width, height, rowBuffer.Length);
        Span<int> y = rowBuffer.Slice(0, width + (2 * Pad));
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            if (VerticalRow16(previous, previousStride, current, currentStride, width, height, bitDepth, i, y, 0, width) != 0)
            {
                MirrorEdges(y, width);
                sad += HorizontalSad(y, 0, width);
            }
        }

        return sad;
    }

    /// <summary>
    /// The vertical pass of 8-bit row <paramref name="row"/> over columns [<paramref name="start"/>, <paramref name="end"/>):
    /// y[Pad + j] = (Σ_k f[k]·(prev − cur)[mirror(row − 2 + k)][j] + 128) &gt;&gt; 8. The SIMD variants call it for the
    /// columns after their last whole vector.
    /// </summary>
    /// <param name="previous">Luma of frame i−1.</param>
    /// <param name="previousStride">Row distance of <paramref name="previous"/>, in samples.</param>
    /// <param name="current">Luma of frame i.</param>
    /// <param name="currentStride">Row distance of <paramref name="current"/>, in samples.</param>
    /// <param name="width">Width of the planes.</param>
    /// <param name="height">Height of the planes (for the row reflection).</param>
    /// <param name="row">The output row.</param>
    /// <param name="y">The row buffer: column j at y[2 + j].</param>
    /// <param name="start">First column.</param>
    /// <param name="end">One past the last column (≤ <paramref name="width"/>).</param>
    /// <returns>The OR of the values written: zero exactly when all of them are zero.</returns>
    /// <remarks>Port of the first loop of integer_motion.c: motion_score_pipeline_8 (libvmaf f85a8536).</remarks>
    internal static int VerticalRow8(
        ReadOnlySpan<byte> previous,
        int previousStride,
        ReadOnlySpan<byte> current,
        int currentStride,
        int width,
        int height,
        int row,
        Span<int> y,
        int start,
        int end)
    {
        Debug.Assert(0 <= start && start <= end && end <= width && y.Length >= width + (2 * Pad), "column range inside the row");
        ReadOnlySpan<int> f = MotionTables.Filter;
        int f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];

        // The five rows under the vertical filter, reflected at the top and bottom; Slice checks each
        // against its span, so the unchecked loads below (column < width) stay inside.
        ref byte p0 = ref Row(previous, Mirror(row - 2, height), previousStride, width);
        ref byte p1 = ref Row(previous, Mirror(row - 1, height), previousStride, width);
        ref byte p2 = ref Row(previous, row, previousStride, width);
        ref byte p3 = ref Row(previous, Mirror(row + 1, height), previousStride, width);
        ref byte p4 = ref Row(previous, Mirror(row + 2, height), previousStride, width);
        ref byte c0 = ref Row(current, Mirror(row - 2, height), currentStride, width);
        ref byte c1 = ref Row(current, Mirror(row - 1, height), currentStride, width);
        ref byte c2 = ref Row(current, row, currentStride, width);
        ref byte c3 = ref Row(current, Mirror(row + 1, height), currentStride, width);
        ref byte c4 = ref Row(current, Mirror(row + 2, height), currentStride, width);
        ref int yRow = ref y[Pad];
        int anyNonZero = 0;
        for (int j = start; j < end; j++)
        {
            int acc = (f0 * (Unsafe.Add(ref p0, j) - Unsafe.Add(ref c0, j)))
                + (f1 * (Unsafe.Add(ref p1, j) - Unsafe.Add(ref c1, j)))
                + (f2 * (Unsafe.Add(ref p2, j) - Unsafe.Add(ref c2, j)))
                + (f3 * (Unsafe.Add(ref p3, j) - Unsafe.Add(ref c3, j)))
                + (f4 * (Unsafe.Add(ref p4, j) - Unsafe.Add(ref c4, j)));
            int v = (acc + 128) >> 8;
            Unsafe.Add(ref yRow, j) = v;
            anyNonZero |= v;
        }

        return anyNonZero;
    }

    /// <summary>
    /// As <see cref="VerticalRow8"/> for 9..16-bit rows: y[2 + j] = (Σ_k f[k]·(prev − cur) + 2^(bpc−1)) &gt;&gt; bpc, summed
    /// in long (the sum reaches ±65536·65535 at 16 bits).
    /// </summary>
    /// <param name="previous">Luma of frame i−1.</param>
    /// <param name="previousStride">Row distance of <paramref name="previous"/>, in samples.</param>
    /// <param name="current">Luma of frame i.</param>
    /// <param name="currentStride">Row distance of <paramref name="current"/>, in samples.</param>
    /// <param name="width">Width of the planes.</param>
    /// <param name="height">Height of the planes (for the row reflection).</param>
    /// <param name="bitDepth">Bits per sample.</param>
    /// <param name="row">The output row.</param>
    /// <param name="y">The row buffer: column j at y[2 + j].</param>
    /// <param name="start">First column.</param>
    /// <param name="end">One past the last column (≤ <paramref name="width"/>).</param>
    /// <returns>The OR of the values written: zero exactly when all of them are zero.</returns>
    /// <remarks>Port of the first loop of integer_motion.c: motion_score_pipeline_16 (libvmaf f85a8536).</remarks>
    internal static int VerticalRow16(
        ReadOnlySpan<ushort> previous,
        int previousStride,
        ReadOnlySpan<ushort> current,
        int currentStride,
        int width,
        int height,
        int bitDepth,
        int row,
        Span<int> y,
        int start,
        int end)
    {
        Debug.Assert(0 <= start && start <= end && end <= width && y.Length >= width + (2 * Pad), "column range inside the row");
        ReadOnlySpan<int> f = MotionTables.Filter;
        long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
        ref ushort p0 = ref Row(previous, Mirror(row - 2, height), previousStride, width);
        ref ushort p1 = ref Row(previous, Mirror(row - 1, height), previousStride, width);
        ref ushort p2 = ref Row(previous, row, previousStride, width);
        ref ushort p3 = ref Row(previous, Mirror(row + 1, height), previousStride, width);
        ref ushort p4 = ref Row(previous, Mirror(row + 2, height), previousStride, width);
        ref ushort c0 = ref Row(current, Mirror(row - 2, height), currentStride, width);
        ref ushort c1 = ref Row(current, Mirror(row - 1, height), currentStride, width);
        ref ushort c2 = ref Row(current, row, currentStride, width);
        ref ushort c3 = ref Row(current, Mirror(row + 1, height), currentStride, width);
        ref ushort c4 = ref Row(current, Mirror(row + 2, height), currentStride, width);
        ref int yRow = ref y[Pad];
        long round = 1L << (bitDepth - 1);
        int anyNonZero = 0;
        for (int j = start; j < end; j++)
        {
            long acc = (f0 * (Unsafe.Add(ref p0, j) - Unsafe.Add(ref c0, j)))
                + (f1 * (Unsafe.Add(ref p1, j) - Unsafe.Add(ref c1, j)))
                + (f2 * (Unsafe.Add(ref p2, j) - Unsafe.Add(ref c2, j)))
                + (f3 * (Unsafe.Add(ref p3, j) - Unsafe.Add(ref c3, j)))
                + (f4 * (Unsafe.Add(ref p4, j) - Unsafe.Add(ref c4, j)));
            int v = (int)((acc + round) >> bitDepth);
            Unsafe.Add(ref yRow, j) = v;
            anyNonZero |= v;
        }

        return anyNonZero;
    }

    /// <summary>Fills the row buffer's two-entry aprons by reflect-101: y[−k] = y[k], y[w−1+k] = y[w−1−k].</summary>
    /// <param name="y">The row buffer: column j at y[2 + j].</param>
    /// <param name="width">Columns in the row.</param>
    internal static void MirrorEdges(Span<int> y, int width)
    {
        y[Pad - 1] = y[Pad + 1];
        y[Pad - 2] = y[Pad + 2];
        y[Pad + width] = y[Pad + width - 2];
        y[Pad + width + 1] = y[Pad + width - 3];
    }

    /// <summary>
    /// Blurs columns [<paramref name="start"/>, <paramref name="end"/>) of a mirrored row horizontally and sums |·|, in
    /// uint32 like libvmaf's row_sad (it cannot wrap below 65537 columns; if it did, the sum mod 2^32 would not
    /// depend on the order, so partial sums of column ranges add up to the same value).
    /// </summary>
    /// <param name="y">The row buffer, aprons filled by <see cref="MirrorEdges"/>: column j at y[2 + j].</param>
    /// <param name="start">First column.</param>
    /// <param name="end">One past the last column.</param>
    /// <remarks>Port of the second loop of integer_motion.c: motion_score_pipeline_8/16 (libvmaf f85a8536).</remarks>
    internal static uint HorizontalSad(ReadOnlySpan<int> y, int start, int end)
    {
        ReadOnlySpan<int> f = MotionTables.Filter;
        long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];

        // A sliding window over columns j−2 .. j+2 (column c is y[Pad + c]): one load per output.
        ReadOnlySpan<int> window = y.Slice(start, end - start + (2 * Pad));
        int w0 = window[0], w1 = window[1], w2 = window[2], w3 = window[3];
        ReadOnlySpan<int> ahead = window.Slice(4);
        uint rowSad = 0;
        for (int j = 0; j < ahead.Length; j++)
        {
            int w4 = ahead[j];
            long acc = (f0 * w0) + (f1 * w1) + (f2 * w2) + (f3 * w3) + (f4 * w4);
            int val = (int)((acc + 32768) >> 16);
            rowSad = unchecked(rowSad + (uint)Math.Abs(val));
            (w0, w1, w2, w3) = (w1, w2, w3, w4);
        }

        return rowSad;
    }

    /// <summary>A reference to the first sample of row <paramref name="row"/>, after checking the whole row is inside.</summary>
    private static ref T Row<T>(ReadOnlySpan<T> plane, int row, int stride, int width) =>
        ref MemoryMarshal.GetReference(plane.Slice(row * stride, width));

    /// <summary>Throws unless the planes, strides and row buffer fit the size (every variant checks the same way).</summary>
    internal static void CheckInput(int previousLength, int previousStride, int currentLength, int currentStride, int width, int height, int rowLength)
    {
        // Reflect-101 of a 5-tap filter needs 3 rows and columns; the row buffer carries a 2-entry apron per side.
        if (width < 3 || height < 3 || previousStride < width || currentStride < width || rowLength < width + (2 * Pad) ||
            previousLength < ((long)(height - 1) * previousStride) + width || currentLength < ((long)(height - 1) * currentStride) + width)
        {
            throw new ArgumentException($"bad motion kernel input: {width}x{height}, strides {previousStride}/{currentStride}");
        }
    }

    /// <summary>Reflect-101 of index <paramref name="x"/> into [0, <paramref name="n"/>).</summary>
    internal static int Mirror(int x, int n) => x < 0 ? -x : x >= n ? 2 * n - x - 2 : x;
}
