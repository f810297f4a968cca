namespace VmafTiny.Features.Psnr;

/// <summary>
/// The options of libvmaf 3.2.0's integer PSNR extractor (<c>--feature psnr=enable_chroma=...:enable_mse=...</c>),
/// with its defaults.
/// </summary>
public sealed record PsnrOptions
{
    /// <summary>Also <c>psnr_cb</c> and <c>psnr_cr</c> (libvmaf's <c>enable_chroma</c>, default true); ignored for 4:0:0 video.</summary>
    public bool EnableChroma { get; init; } = true;

    /// <summary>Also <c>mse_y</c>, <c>mse_cb</c>, <c>mse_cr</c> per frame (libvmaf's <c>enable_mse</c>).</summary>
    public bool EnableMse { get; init; }

    /// <summary>
    /// Also the aggregate <c>apsnr_y</c>, <c>apsnr_cb</c>, <c>apsnr_cr</c> over the run: PSNR of the summed squared
    /// errors of every frame (libvmaf's <c>enable_apsnr</c>; written in the log's aggregate_metrics).
    /// </summary>
    public bool EnableApsnr { get; init; }

    /// <summary>
    /// Peak of 9..16-bit video: 255·2^(bpc−8), the 8-bit peak scaled, instead of 2^bpc − 1 (libvmaf's <c>reduced_hbd_peak</c>).
    /// </summary>
    public bool ReducedHbdPeak { get; init; }

    /// <summary>
    /// The smallest sum of squared errors a plane may have (libvmaf's <c>min_sse</c>, ≥ 0): when not 0, it sets each
    /// plane's PSNR ceiling (otherwise 6·bpc + 12 dB).
    /// </summary>
    public double MinSse { get; init; }

    /// <summary>Throws a <see cref="VmafTinyException"/> naming the option when a value is out of libvmaf's range.</summary>
    public void Validate()
    {
        if (!(MinSse >= 0.0 && MinSse <= double.MaxValue))
        {
            throw new VmafTinyException($"psnr option min_sse must be a number from 0 to {double.MaxValue:R}, not {MinSse:R}");
        }
    }
}
