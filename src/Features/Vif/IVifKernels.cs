namespace VmafTiny.Features.Vif;

/// <summary>
/// The hot stages of integer VIF, at the granularity of libvmaf's function pointers (VifState.subsample_rd_8/16,
/// vif_statistic_8/16): each call covers one whole scale. Implementations are stateless singletons; the caller
/// owns every buffer, so one <see cref="VifScratch"/> per thread.
/// </summary>
/// <remarks>
/// Every variant must equal <see cref="VifScalar"/> bit for bit. Statistics return the four integer sums
/// (<see cref="VifSums"/>) rather than libvmaf's float num/den, so the conversion to floats happens once, in
/// <see cref="VifSums.Score"/>, whatever produced the sums; integer sums do not depend on summation order.
/// </remarks>
internal interface IVifKernels
{
    /// <summary>The kernel set's name for logs and bug reports, e.g. "scalar".</summary>
    string Name { get; }

    /// <summary>
    /// Low-pass filters an 8-bit scale-0 image pair with the scale-1 filter and keeps every second sample of every
    /// second row: the (width/2)x(height/2) scale-1 images, 16-bit (luma·256).
    /// </summary>
    /// <param name="reference">Reference samples, rows <paramref name="stride"/> apart.</param>
    /// <param name="distorted">Distorted samples, same geometry.</param>
    /// <param name="stride">Row distance of both inputs, in samples.</param>
    /// <param name="width">Input width (≥ 33 in practice; the filter's reflection needs ≥ 5).</param>
    /// <param name="height">Input height.</param>
    /// <param name="referenceOut">Scale-1 reference, tightly packed (row stride width/2).</param>
    /// <param name="distortedOut">Scale-1 distorted, tightly packed.</param>
    /// <param name="scratch">Row buffers for at least <paramref name="width"/> columns.</param>
    /// <remarks>Port of integer_vif.c: subsample_rd_8 followed by decimate_and_pad (libvmaf f85a8536).</remarks>
    void SubsampleRd8(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch);

    /// <summary>
    /// Low-pass filters a 16-bit image pair of scale <paramref name="toScale"/> − 1 with the filter of
    /// <paramref name="toScale"/> and decimates by two in both directions, as <see cref="SubsampleRd8"/>.
    /// For <paramref name="toScale"/> = 1 the input is the &gt;8-bit luma; for 2 and 3 it is a previous output.
    /// </summary>
    /// <param name="reference">Reference samples, rows <paramref name="stride"/> apart.</param>
    /// <param name="distorted">Distorted samples, same geometry.</param>
    /// <param name="stride">Row distance of both inputs, in samples.</param>
    /// <param name="width">Input width.</param>
    /// <param name="height">Input height.</param>
    /// <param name="toScale">The scale produced, 1..3.</param>
    /// <param name="bitDepth">Bits per luma sample (9..16); only used when <paramref name="toScale"/> is 1.</param>
    /// <param name="referenceOut">Output reference, tightly packed (row stride width/2).</param>
    /// <param name="distortedOut">Output distorted, tightly packed.</param>
    /// <param name="scratch">Row buffers for at least <paramref name="width"/> columns.</param>
    /// <remarks>Port of integer_vif.c: subsample_rd_16 followed by decimate_and_pad (libvmaf f85a8536).</remarks>
    void SubsampleRd16(
        ReadOnlySpan<ushort> reference,
        ReadOnlySpan<ushort> distorted,
        int stride,
        int width,
        int height,
        int toScale,
        int bitDepth,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch);

    /// <summary>The VIF sums of scale 0 for 8-bit luma.</summary>
    /// <param name="reference">Reference samples, rows <paramref name="stride"/> apart.</param>
    /// <param name="distorted">Distorted samples, same geometry.</param>
    /// <param name="stride">Row distance of both inputs, in samples.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="gainLimit">vif_enhn_gain_limit (libvmaf's default, and vmaf_v0.6.1's, is 100).</param>
    /// <param name="scratch">Row buffers for at least <paramref name="width"/> columns.</param>
    /// <remarks>Port of integer_vif.c: vif_statistic_8 (libvmaf f85a8536).</remarks>
    VifSums Statistic8(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        double gainLimit,
        VifScratch scratch);

    /// <summary>
    /// <see cref="Statistic8"/> and <see cref="SubsampleRd8"/> of the same pair, as a kernel set does them best (the
    /// SIMD kernels in one pass over the rows); the parameters are theirs.
    /// </summary>
    /// <param name="reference">Reference samples, rows <paramref name="stride"/> apart.</param>
    /// <param name="distorted">Distorted samples, same geometry.</param>
    /// <param name="stride">Row distance of both inputs, in samples.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="gainLimit">vif_enhn_gain_limit.</param>
    /// <param name="referenceOut">Scale-1 reference, tightly packed (row stride width/2).</param>
    /// <param name="distortedOut">Scale-1 distorted, tightly packed.</param>
    /// <param name="scratch">Row buffers for at least <paramref name="width"/> columns.</param>
    /// <returns>The scale-0 sums.</returns>
    VifSums Statistic8Subsample(
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
        VifSums sums = Statistic8(reference, distorted, stride, width, height, gainLimit, scratch);
        SubsampleRd8(reference, distorted, stride, width, height, referenceOut, distortedOut, scratch);
        return sums;
    }

    /// <summary>
    /// The VIF sums of a 16-bit image pair: scale 0 of &gt;8-bit luma (<paramref name="scale"/> 0, shifts from
    /// <paramref name="bitDepth"/>) or a subsampled scale 1..3 (fixed shifts).
    /// </summary>
    /// <param name="reference">Reference samples, rows <paramref name="stride"/> apart.</param>
    /// <param name="distorted">Distorted samples, same geometry.</param>
    /// <param name="stride">Row distance of both inputs, in samples.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="scale">Scale 0..3: picks the filter and the vertical rounding.</param>
    /// <param name="bitDepth">Bits per luma sample; only used at scale 0.</param>
    /// <param name="gainLimit">vif_enhn_gain_limit.</param>
    /// <param name="scratch">Row buffers for at least <paramref name="width"/> columns.</param>
    /// <remarks>Port of integer_vif.c: vif_statistic_16 (libvmaf f85a8536).</remarks>
    VifSums Statistic16(
        ReadOnlySpan<ushort> reference,
        ReadOnlySpan<ushort> distorted,
        int stride,
        int width,
        int height,
        int scale,
        int bitDepth,
        double gainLimit,
        VifScratch scratch);
}
