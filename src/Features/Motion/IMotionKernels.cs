namespace VmafTiny.Features.Motion;

/// <summary>
/// The hot stage of integer motion, at the granularity of libvmaf's function pointer (MotionState.pipeline):
/// the whole fused blur-and-SAD of one frame pair. Implementations are stateless singletons; the caller owns
/// the row buffer, so one per thread.
/// </summary>
/// <remarks>
/// Every variant must equal <see cref="MotionScalar"/> bit for bit. The pipelines return libvmaf's integer SAD;
/// <see cref="MotionExtractor"/> turns it into the score once, whatever produced it.
/// </remarks>
internal interface IMotionKernels
{
    /// <summary>The kernel set's name for logs and bug reports, e.g. "scalar".</summary>
    string Name { get; }

    /// <summary>
    /// Σ over all pixels of |blur(previous − current)| in Q8 for 8-bit luma: the difference is blurred vertically
    /// (rounded to 8 fractional bits), then horizontally (rounded to an integer).
    /// </summary>
    /// <param name="previous">Luma of frame i−1, rows <paramref name="previousStride"/> samples apart.</param>
    /// <param name="previousStride">Row distance of <paramref name="previous"/>, in samples.</param>
    /// <param name="current">Luma of frame i.</param>
    /// <param name="currentStride">Row distance of <paramref name="current"/>, in samples.</param>
    /// <param name="width">Width (≥ 3: the reflection of a 5-tap filter).</param>
    /// <param name="height">Height (≥ 3).</param>
    /// <param name="rowBuffer">At least width + 4 ints of scratch.</param>
    /// <remarks>Port of integer_motion.c: motion_score_pipeline_8 (libvmaf f85a8536).</remarks>
    ulong Pipeline8(
        ReadOnlySpan<byte> previous,
        int previousStride,
        ReadOnlySpan<byte> current,
        int currentStride,
        int width,
        int height,
        Span<int> rowBuffer);

    /// <summary>As <see cref="Pipeline8"/> for 9..16-bit luma: the vertical pass rounds away <paramref name="bitDepth"/> bits.</summary>
    /// <param name="previous">Luma of frame i−1, rows <paramref name="previousStride"/> samples apart.</param>
    /// <param name="previousStride">Row distance of <paramref name="previous"/>, in samples.</param>
    /// <param name="current">Luma of frame i.</param>
    /// <param name="currentStride">Row distance of <paramref name="current"/>, in samples.</param>
    /// <param name="width">Width (≥ 3).</param>
    /// <param name="height">Height (≥ 3).</param>
    /// <param name="bitDepth">Bits per sample.</param>
    /// <param name="rowBuffer">At least width + 4 ints of scratch.</param>
    /// <remarks>Port of integer_motion.c: motion_score_pipeline_16 (libvmaf f85a8536).</remarks>
    ulong Pipeline16(
        ReadOnlySpan<ushort> previous,
        int previousStride,
        ReadOnlySpan<ushort> current,
        int currentStride,
        int width,
        int height,
        int bitDepth,
        Span<int> rowBuffer);
}
