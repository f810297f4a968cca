namespace VmafTiny.Features.Psnr;

/// <summary>
/// The hot stage of integer PSNR, at the granularity of libvmaf's per-plane loops (psnr, psnr_hbd): the sum of
/// squared errors of one whole plane. Implementations are stateless singletons.
/// </summary>
/// <remarks>
/// Every variant must equal <see cref="PsnrScalar"/> bit for bit; <see cref="PsnrExtractor"/> turns the integer sums
/// into doubles once, whatever produced them. Integer sums do not depend on summation order, as long as each
/// variant keeps libvmaf's widths (a uint32 per 8-bit row, uint64 overall).
/// </remarks>
internal interface IPsnrKernels
{
    /// <summary>The kernel set's name for logs and bug reports, e.g. "scalar".</summary>
    string Name { get; }

    /// <summary>
    /// Σ (r − d)² over a <paramref name="width"/> x <paramref name="height"/> plane of 8-bit samples: each row summed in
    /// a uint32 that wraps (libvmaf's <c>sse_inner</c>; only rows over 66051 samples can wrap), the rows in a uint64.
    /// </summary>
    /// <param name="reference">Reference samples, rows <paramref name="stride"/> apart.</param>
    /// <param name="distorted">Distorted samples, same layout.</param>
    /// <param name="stride">Row distance of both planes, in samples (≥ <paramref name="width"/>).</param>
    /// <param name="width">Samples per row compared; samples past it are never read.</param>
    /// <param name="height">Rows.</param>
    /// <remarks>Port of integer_psnr.c: psnr, its sse loop (libvmaf f85a8536).</remarks>
    ulong Sse8(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int stride, int width, int height);

    /// <summary>
    /// Σ |r − d|² over a plane of 9..16-bit samples, in a uint64 (each |r − d|² ≤ 65535² fits the uint32 product).
    /// Exact for any sample values, whatever the declared bit depth.
    /// </summary>
    /// <param name="reference">Reference samples, rows <paramref name="stride"/> apart.</param>
    /// <param name="distorted">Distorted samples, same layout.</param>
    /// <param name="stride">Row distance of both planes, in samples (≥ <paramref name="width"/>).</param>
    /// <param name="width">Samples per row compared; samples past it are never read.</param>
    /// <param name="height">Rows.</param>
    /// <remarks>Port of integer_psnr.c: psnr_hbd, its sse loop (libvmaf f85a8536).</remarks>
    ulong Sse16(ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, int stride, int width, int height);
}
