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
        ReadOnlySpan<int> f = MotionTables.Filter;
        Span<int> y = rowBuffer.Slice(0, width + 2 * Pad);
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            int r0 = Mirror(i - 2, height);
            int r1 = Mirror(i - 1, height);
            int r3 = Mirror(i + 1, height);
            int r4 = Mirror(i + 2, height);
            ReadOnlySpan<byte> p0 = previous.Slice(r0 * previousStride, width);
            ReadOnlySpan<byte> p1 = previous.Slice(r1 * previousStride, width);
            ReadOnlySpan<byte> p2 = previous.Slice(i * previousStride, width);
            ReadOnlySpan<byte> p3 = previous.Slice(r3 * previousStride, width);
            ReadOnlySpan<byte> p4 = previous.Slice(r4 * previousStride, width);
            ReadOnlySpan<byte> c0 = current.Slice(r0 * currentStride, width);
            ReadOnlySpan<byte> c1 = current.Slice(r1 * currentStride, width);
            ReadOnlySpan<byte> c2 = current.Slice(i * currentStride, width);
            ReadOnlySpan<byte> c3 = current.Slice(r3 * currentStride, width);
            ReadOnlySpan<byte> c4 = current.Slice(r4 * currentStride, width);
            int anyNonZero = 0;
            for (int j = 0; j < width; j++)
            {
                int acc = (f[0] * (p0[j] - c0[j]))
                    + (f[1] * (p1[j] - c1[j]))
                    + (f[2] * (p2[j] - c2[j]))
                    + (f[3] * (p3[j] - c3[j]))
                    + (f[4] * (p4[j] - c4[j]));
                int v = (acc + 128) >> 8;
                y[Pad + j] = v;
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
        ReadOnlySpan<int> f = MotionTables.Filter;
        Span<int> y = rowBuffer.Slice(0, width + 2 * Pad);
        long round = 1L << (bitDepth - 1);
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            int r0 = Mirror(i - 2, height);
            int r1 = Mirror(i - 1, height);
            int r3 = Mirror(i + 1, height);
            int r4 = Mirror(i + 2, height);
            ReadOnlySpan<ushort> p0 = previous.Slice(r0 * previousStride, width);
            ReadOnlySpan<ushort> p1 = previous.Slice(r1 * previousStride, width);
            ReadOnlySpan<ushort> p2 = previous.Slice(i * previousStride, width);
            ReadOnlySpan<ushort> p3 = previous.Slice(r3 * previousStride, width);
            ReadOnlySpan<ushort> p4 = previous.Slice(r4 * previousStride, width);
            ReadOnlySpan<ushort> c0 = current.Slice(r0 * currentStride, width);
            ReadOnlySpan<ushort> c1 = current.Slice(r1 * currentStride, width);
            ReadOnlySpan<ushort> c2 = current.Slice(i * currentStride, width);
            ReadOnlySpan<ushort> c3 = current.Slice(r3 * currentStride, width);
            ReadOnlySpan<ushort> c4 = current.Slice(r4 * currentStride, width);
            int anyNonZero = 0;
            for (int j = 0; j < width; j++)
            {
                long acc = ((long)f[0] * (p0[j] - c0[j]))
                    + ((long)f[1] * (p1[j] - c1[j]))
                    + ((long)f[2] * (p2[j] - c2[j]))
                    + ((long)f[3] * (p3[j] - c3[j]))
                    + ((long)f[4] * (p4[j] - c4[j]));
                int v = (int)((acc + round) >> bitDepth);
                y[Pad + j] = v;
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
        y[Pad - 1] = y[Pad + 1];
        y[Pad - 2] = y[Pad + 2];
        y[Pad + width] = y[Pad + width - 2];
        y[Pad + width + 1] = y[Pad + width - 3];
        uint rowSad = 0;
        for (int j = 0; j < width; j++)
        {
            // y[j .. j+4] are columns j−2 .. j+2 (the row starts at index Pad).
            long acc = ((long)f[0] * y[j])
                + ((long)f[1] * y[j + 1])
                + ((long)f[2] * y[j + 2])
                + ((long)f[3] * y[j + 3])
                + ((long)f[4] * y[j + 4]);
            int val = (int)((acc + 32768) >> 16);
            rowSad = unchecked(rowSad + (uint)Math.Abs(val));
        }

        return rowSad;
    }

    private static int Mirror(int x, int n) => x < 0 ? -x : x >= n ? 2 * n - x - 2 : x;
}
