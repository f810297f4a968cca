namespace VmafTiny.Features.Psnr;

/// <summary>
/// The scalar PSNR kernels: a plain port of libvmaf's C loops, the oracle every other variant is held to. Its row
/// helpers also finish the columns after the SIMD variants' last whole vector.
/// </summary>
/// <remarks>
/// Port of integer_psnr.c: the sse loops of psnr and psnr_hbd (libvmaf f85a8536). 8-bit: e = r − d as int16
/// (|e| ≤ 255), e² ≤ 65025 summed per row in a uint32 (wraps only past 66051 samples), rows in a uint64.
/// 16-bit: e = |r − d| ≤ 65535 as uint32, e² ≤ 4,294,836,225 &lt; 2^32 (the uint32 product never wraps), summed in a
/// uint64.
/// </remarks>
internal sealed class PsnrScalar : IPsnrKernels
{
    /// <summary>The one instance.</summary>
    public static readonly PsnrScalar Instance = new();

    private PsnrScalar()
    {
    }

    /// <summary>Always true: scalar code runs everywhere.</summary>
    public static bool IsSupported => true;

    /// <inheritdoc />
    public string Name => "scalar";

    /// <inheritdoc />
    public ulong Sse8(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int stride, int width, int height)
    {
        CheckInput(reference.Length, distorted.Length, stride, width, height);
        ulong sse = 0;
        for (int i = 0; i < height; i++)
        {
            sse += RowSse8(reference.Slice(i * stride, width), distorted.Slice(i * stride, width), 0, width);
        }

        return sse;
    }

    /// <inheritdoc />
    public ulong Sse16(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, int stride, int width, int height)
    {
        CheckInput(reference.Length, distorted.Length, stride, width, height);
        ulong sse = 0;
        for (int i = 0; i < height; i++)
        {
            sse += RowSse16(reference.Slice(i * stride, width), distorted.Slice(i * stride, width), 0, width);
        }

        return sse;
    }

    /// <summary>libvmaf's <c>sse_inner</c> over columns [<paramref name="start"/>, <paramref name="end"/>) of one 8-bit row.</summary>
    /// <returns>Σ e² mod 2^32: libvmaf's uint32 wraps, so a SIMD row's lane sums, added mod 2^32, equal it.</returns>
    internal static uint RowSse8(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int start, int end)
    {
        uint sum = 0;
        for (int j = start; j < end; j++)
        {
            int e = reference[j] - distorted[j];
            sum = unchecked(sum + (uint)(e * e));
        }

        return sum;
    }

    /// <summary>Σ |r − d|² over columns [<paramref name="start"/>, <paramref name="end"/>) of one 9..16-bit row.</summary>
    internal static ulong RowSse16(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, int start, int end)
    {
        ulong sum = 0;
        for (int j = start; j < end; j++)
        {
            // C squares abs(r − d) as a uint32; the signed square has the same 32 bits (e² ≤ 65535² wraps the int
            // product, not the uint32 one) and needs no branch, which random signs would mispredict.
            int e = reference[j] - distorted[j];
            sum += unchecked((uint)(e * e));
        }

        return sum;
    }

    /// <summary>
    /// The geometry every variant checks before touching memory: spans long enough for <paramref name="height"/> rows
    /// of <paramref name="width"/> samples <paramref name="stride"/> apart.
    /// </summary>
    internal static void CheckInput(int referenceLength, int distortedLength, int stride, int width, int height)
    {
        if (width < 0 || height < 0 || stride < width)
        {
            throw new ArgumentException($"bad plane geometry {width}x{height} stride {stride}");
        }

        long needed = height == 0 || width == 0 ? 0 : ((long)(height - 1) * stride) + width;
        if (referenceLength < needed || distortedLength < needed)
        {
            throw new ArgumentException($"plane buffers of {referenceLength} and {distortedLength} samples, {needed} needed");
        }
    }
}
