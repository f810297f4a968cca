using VmafTiny.Features;
using VmafTiny.Features.Psnr;

namespace VmafTiny.Score;

/// <summary>
/// The library entry point for frame-level QA: push reference/distorted frame pairs in order, receive each
/// frame's features and score as soon as they are final (one frame of look-ahead, for motion2), then call
/// <see cref="Complete"/> for the rest. Memory stays flat: frames are not kept beyond a small batch.
/// </summary>
/// <example>
/// <code>
/// using var session = new VmafSession(reader.Format, new SvmScorer(VmafSvmModel.BuiltIn()));
/// while (refReader.ReadFrame(r) &amp;&amp; distReader.ReadFrame(d))
///     foreach (var result in session.Push(r, d)) Console.WriteLine($"{result.Index}: {result.Score}");
/// foreach (var result in session.Complete()) Console.WriteLine($"{result.Index}: {result.Score}");
/// </code>
/// </example>
public sealed class VmafSession : IDisposable
{
    private readonly FeatureStream _features;
    private readonly IFrameScorer? _scorer;
    private readonly bool _ownsScorer;

    /// <summary>Creates a session for frames of <paramref name="format"/>, scored by <paramref name="scorer"/>.</summary>
    /// <param name="scorer">The model, or null for features only (scores are then NaN).</param>
    /// <param name="ownsScorer">Dispose the scorer with the session.</param>
    public VmafSession(VideoFormat format, IFrameScorer? scorer, FeatureOptions? options = null, bool ownsScorer = true)
    {
        _features = new FeatureStream(format, options);
        _scorer = scorer;
        _ownsScorer = ownsScorer;
    }

    /// <summary>The scorer in use (its <see cref="IFrameScorer.LogKey"/> names the score in logs), or null for features only.</summary>
    public IFrameScorer? Scorer => _scorer;

    /// <summary>
    /// libvmaf's aggregate PSNR (<c>apsnr_y/cb/cr</c>) of the frames returned so far, the whole run after
    /// <see cref="Complete"/>; null unless <see cref="FeatureOptions.Psnr"/> enables APSNR.
    /// </summary>
    public ApsnrValues? Apsnr => _features.Apsnr;

    /// <summary>Adds the next pair (copied; reuse the frames freely) and returns the frames that became final.</summary>
    public IReadOnlyList<FrameResult> Push(YuvFrame reference, YuvFrame distorted) => Score(_features.Push(reference, distorted));

    /// <summary>Ends the stream and returns the remaining frames.</summary>
    public IReadOnlyList<FrameResult> Complete() => Score(_features.Complete());

    /// <inheritdoc/>
    public void Dispose()
    {
        _features.Dispose();
        if (_ownsScorer)
        {
            _scorer?.Dispose();
        }
    }

    private FrameResult[] Score(IReadOnlyList<FrameFeatures> ready)
    {
        if (ready.Count == 0)
        {
            return [];
        }

        var features = ready as FrameFeatures[] ?? ready.ToArray();
        var scores = new double[features.Length];
        if (_scorer is null)
        {
            scores.AsSpan().Fill(double.NaN);
        }
        else
        {
            _scorer.Score(features, scores);
        }
        var results = new FrameResult[features.Length];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new FrameResult(features[i], scores[i]);
        }

        return results;
    }
}
