namespace VmafTiny.Features.Psnr;

/// <summary>
/// One frame's PSNR results, each the same double libvmaf 3.2.0's integer PSNR extractor stores: <c>psnr_y</c>,
/// <c>psnr_cb</c>, <c>psnr_cr</c> and, with <see cref="PsnrOptions.EnableMse"/>, <c>mse_y</c>, <c>mse_cb</c>,
/// <c>mse_cr</c>; values a run does not compute are null. The integer sums of squared errors behind them are kept
/// too: they are what APSNR adds up (<see cref="ApsnrAccumulator"/>).
/// </summary>
public readonly record struct PsnrValues
{
    /// <summary>Luma PSNR in dB (<c>psnr_y</c>).</summary>
    public double Y { get; init; }

    /// <summary>Cb PSNR in dB (<c>psnr_cb</c>), or null without chroma.</summary>
    public double? Cb { get; init; }

    /// <summary>Cr PSNR in dB (<c>psnr_cr</c>), or null without chroma.</summary>
    public double? Cr { get; init; }

    /// <summary>Luma mean squared error (<c>mse_y</c>), or null unless enabled.</summary>
    public double? MseY { get; init; }

    /// <summary>Cb mean squared error (<c>mse_cb</c>), or null.</summary>
    public double? MseCb { get; init; }

    /// <summary>Cr mean squared error (<c>mse_cr</c>), or null.</summary>
    public double? MseCr { get; init; }

    /// <summary>Luma sum of squared errors (libvmaf's 64-bit <c>sse</c>).</summary>
    public ulong SseY { get; init; }

    /// <summary>Cb sum of squared errors (0 without chroma).</summary>
    public ulong SseCb { get; init; }

    /// <summary>Cr sum of squared errors (0 without chroma).</summary>
    public ulong SseCr { get; init; }

    /// <summary>The value under libvmaf's log key <paramref name="key"/> (<c>psnr_y</c>, <c>mse_cb</c>, ...); false when not computed.</summary>
    public bool TryGet(string key, out double value)
    {
        double? v = key switch
        {
            "psnr_y" => Y,
            "psnr_cb" => Cb,
            "psnr_cr" => Cr,
            "mse_y" => MseY,
            "mse_cb" => MseCb,
            "mse_cr" => MseCr,
            _ => null,
        };
        value = v ?? double.NaN;
        return v.HasValue;
    }

    /// <summary>
    /// The values computed, under libvmaf's log keys and in its log order: <c>psnr_y</c>, <c>mse_y</c>,
    /// <c>psnr_cb</c>, <c>mse_cb</c>, <c>psnr_cr</c>, <c>mse_cr</c> (those not computed left out).
    /// </summary>
    public IEnumerable<KeyValuePair<string, double>> Metrics()
    {
        yield return new("psnr_y", Y);
        if (MseY is { } mseY)
        {
            yield return new("mse_y", mseY);
        }

        if (Cb is { } cb)
        {
            yield return new("psnr_cb", cb);
        }

        if (MseCb is { } mseCb)
        {
            yield return new("mse_cb", mseCb);
        }

        if (Cr is { } cr)
        {
            yield return new("psnr_cr", cr);
        }

        if (MseCr is { } mseCr)
        {
            yield return new("mse_cr", mseCr);
        }
    }
}

/// <summary>
/// The aggregate PSNR of a run (libvmaf's <c>apsnr_y</c>, <c>apsnr_cb</c>, <c>apsnr_cr</c>, with
/// <see cref="PsnrOptions.EnableApsnr"/>): 10·log10(peak² · pixels / Σ squared errors) over every frame, capped at
/// ⌈10·log10(2 · peak² · pixels)⌉. A plane that was not computed (chroma off, 4:0:0) is −∞, as in libvmaf, whose
/// logs print it as null.
/// </summary>
/// <param name="Y">Luma APSNR in dB.</param>
/// <param name="Cb">Cb APSNR in dB.</param>
/// <param name="Cr">Cr APSNR in dB.</param>
public readonly record struct ApsnrValues(double Y, double Cb, double Cr)
{
    /// <summary>The values under libvmaf's keys, in its order: <c>apsnr_y</c>, <c>apsnr_cb</c>, <c>apsnr_cr</c>.</summary>
    public IEnumerable<KeyValuePair<string, double>> Metrics()
    {
        yield return new("apsnr_y", Y);
        yield return new("apsnr_cb", Cb);
        yield return new("apsnr_cr", Cr);
    }
}
