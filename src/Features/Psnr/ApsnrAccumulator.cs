namespace VmafTiny.Features.Psnr;

/// <summary>
/// Adds up frames' squared errors and pixel counts for the aggregate PSNR (libvmaf's <c>enable_apsnr</c>).
/// Integer sums, so the order frames are added in (threads, segments) never changes the result.
/// </summary>
/// <remarks>
/// Port of integer_psnr.c: the apsnr sums of psnr/psnr_hbd and flush (libvmaf f85a8536). Every frame computed
/// counts, including frames that <c>--subsample</c> leaves out of the log: libvmaf runs this extractor (a
/// temporal one) on every frame.
/// </remarks>
public sealed class ApsnrAccumulator
{
    private readonly PsnrParameters _parameters;
    private readonly ulong[] _sse = new ulong[3];
    private readonly ulong[] _pixels = new ulong[3];

    /// <summary>Starts empty sums for frames of <paramref name="format"/> under <paramref name="options"/>.</summary>
    public ApsnrAccumulator(VideoFormat format, PsnrOptions options)
        : this(new PsnrParameters(format, options ?? throw new ArgumentNullException(nameof(options))))
    {
    }

    internal ApsnrAccumulator(PsnrParameters parameters) => _parameters = parameters;

    /// <summary>The frames added so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Adds one frame's squared errors (the planes the options compute; others add nothing, as in libvmaf).</summary>
    public void Add(in PsnrValues frame)
    {
        ReadOnlySpan<ulong> sse = [frame.SseY, frame.SseCb, frame.SseCr];
        for (int p = 0; p < _parameters.PlaneCount; p++)
        {
            // C: sse[p] += sse; n_pixels[p] += h[p] * w[p] (an unsigned int product); uint64 sums wrap.
            _sse[p] = unchecked(_sse[p] + sse[p]);
            _pixels[p] = unchecked(_pixels[p] + _parameters.Pixels(p));
        }

        Frames++;
    }

    /// <summary>
    /// The aggregate PSNR of the frames added: per plane min(10·(log10(peak²) + log10(n) − log10(sse)),
    /// ⌈10·log10(peak²·n·2)⌉); identical frames reach the cap, planes never added are −∞ (log10 0).
    /// </summary>
    public ApsnrValues Result() => new(Plane(0), Plane(1), Plane(2));

    private double Plane(int p)
    {
        uint peakSquared = unchecked(_parameters.Peak * _parameters.Peak);
        double apsnr = 10 * (Math.Log10(peakSquared) + Math.Log10(PsnrParameters.ToDouble(_pixels[p])) - Math.Log10(PsnrParameters.ToDouble(_sse[p])));

        // C: s->peak * s->peak * n_pixels * 2: uint32 peak², then uint64 products that may wrap.
        double max = Math.Ceiling(10 * Math.Log10(PsnrParameters.ToDouble(unchecked(peakSquared * _pixels[p] * 2))));

        // MIN(apsnr, max): x < y ? x : y, so NaN (0/0 for a plane never added) gives max (−∞).
        return apsnr < max ? apsnr : max;
    }
}
