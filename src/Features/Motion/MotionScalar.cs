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
        ReadOnlySpan<int> f = MotionTables.Filter;
        int f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
        Span<int> y = rowBuffer.Slice(0, width + 2 * Pad);
        ref int yRow = ref y[Pad];
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            // The five rows under the vertical filter, reflected at the top and bottom; Slice checks each
            // against its span, so the unchecked loads below (column < width) stay inside.
            ref byte p0 = ref Row(previous, Mirror(i - 2, height), previousStride, width);
            ref byte p1 = ref Row(previous, Mirror(i - 1, height), previousStride, width);
            ref byte p2 = ref Row(previous, i, previousStride, width);
            ref byte p3 = ref Row(previous, Mirror(i + 1, height), previousStride, width);
            ref byte p4 = ref Row(previous, Mirror(i + 2, height), previousStride, width);
            ref byte c0 = ref Row(current, Mirror(i - 2, height), currentStride, width);
            ref byte c1 = ref Row(current, Mirror(i - 1, height), currentStride, width);
            ref byte c2 = ref Row(current, i, currentStride, width);
            ref byte c3 = ref Row(current, Mirror(i + 1, height), currentStride, width);
            ref byte c4 = ref Row(current, Mirror(i + 2, height), currentStride, width);
            int anyNonZero = 0;
            for (int j = 0; j < width; j++)
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

            // A row whose blurred difference is all zero adds nothing (libvmaf skips it too).
            if (anyNonZero != 0)
            {
                sad += HorizontalSad(y, width, f);
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
        ReadOnlySpan<int> f = MotionTables.Filter;
        long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
        Span<int> y = rowBuffer.Slice(0, width + 2 * Pad);
        ref int yRow = ref y[Pad];
        long round = 1L << (bitDepth - 1);
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            ref ushort p0 = ref Row(previous, Mirror(i - 2, height), previousStride, width);
            ref ushort p1 = ref Row(previous, Mirror(i - 1, height), previousStride, width);
            ref ushort p2 = ref Row(previous, i, previousStride, width);
            ref ushort p3 = ref Row(previous, Mirror(i + 1, height), previousStride, width);
            ref ushort p4 = ref Row(previous, Mirror(i + 2, height), previousStride, width);
            ref ushort c0 = ref Row(current, Mirror(i - 2, height), currentStride, width);
            ref ushort c1 = ref Row(current, Mirror(i - 1, height), currentStride, width);
            ref ushort c2 = ref Row(current, i, currentStride, width);
            ref ushort c3 = ref Row(current, Mirror(i + 1, height), currentStride, width);
            ref ushort c4 = ref Row(current, Mirror(i + 2, height), currentStride, width);
            int anyNonZero = 0;
            for (int j = 0; j < width; j++)
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

            if (anyNonZero != 0)
            {
                sad += HorizontalSad(y, width, f);
            }
        }

        return sad;
    }

    /// <summary>
    /// Mirrors the row's apron, blurs it horizontally and sums |·|, in uint32 like libvmaf's row_sad
    /// (it cannot wrap below 65537 columns).
    /// </summary>
    private static uint HorizontalSad(Span<int> y, int width, ReadOnlySpan<int> f)
    {
        long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
        y[Pad - 1] = y[Pad + 1];
        y[Pad - 2] = y[Pad + 2];
        y[Pad + width] = y[Pad + width - 2];
        y[Pad + width + 1] = y[Pad + width - 3];

        // A sliding window over columns j−2 .. j+2 (row column c is y[Pad + c]): one load per output.
        int w0 = y[0], w1 = y[1], w2 = y[2], w3 = y[3];
        ReadOnlySpan<int> ahead = y.Slice(4, width);
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

    private static void CheckInput(int previousLength, int previousStride, int currentLength, int currentStride, int width, int height, int rowLength)
    {
        // Reflect-101 of a 5-tap filter needs 3 rows and columns; the row buffer carries a 2-entry apron per side.
        if (width < 3 || height < 3 || previousStride < width || currentStride < width || rowLength < width + (2 * Pad) ||
            previousLength < ((long)(height - 1) * previousStride) + width || currentLength < ((long)(height - 1) * currentStride) + width)
        {
            throw new ArgumentException($"bad motion kernel input: {width}x{height}, strides {previousStride}/{currentStride}");
        }
    }

    private static int Mirror(int x, int n) => x < 0 ? -x : x >= n ? 2 * n - x - 2 : x;
}
