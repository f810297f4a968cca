using System.Runtime.InteropServices;
using VmafTiny.Features;

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
    private readonly List<FrameFeatures> _pending = new();
    private double[] _scores = new double[4];

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

    /// <summary>Adds the next pair (copied; reuse the frames freely) and returns the frames that became final.</summary>
    public IReadOnlyList<FrameResult> Push(YuvFrame reference, YuvFrame distorted) => Score(_features.Push(reference, distorted));

    /// <summary>Ends the stream and returns the remaining frames.</summary>
    public IReadOnlyList<FrameResult> Complete() => Score(_features.Complete());

    /// <summary>
    /// Lets <paramref name="read"/> fill the next pair's lumas straight into the session's buffers (no copy) and
    /// appends the frames that became final, scored, to <paramref name="results"/>. Returns false, adding nothing,
    /// when <paramref name="read"/> does. Allocates nothing per frame (beyond what the scorer does).
    /// </summary>
    public bool Push(LumaPairSource read, ICollection<FrameResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _pending.Clear();
        bool pushed = _features.Push(read, _pending);
        ScoreInto(results);
        return pushed;
    }

    /// <summary>Ends the stream and appends the remaining frames, scored, to <paramref name="results"/>.</summary>
    public void Complete(ICollection<FrameResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _pending.Clear();
        _features.Complete(_pending);
        ScoreInto(results);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _features.Dispose();
        if (_ownsScorer)
        {
            _scorer?.Dispose();
        }
    }

    private void ScoreInto(ICollection<FrameResult> results)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (_scores.Length < _pending.Count)
        {
            _scores = new double[Math.Max(_pending.Count, 2 * _scores.Length)];
        }

        Span<double> scores = _scores.AsSpan(0, _pending.Count);
        if (_scorer is null)
        {
            scores.Fill(double.NaN);
        }
        else
        {
            _scorer.Score(CollectionsMarshal.AsSpan(_pending), scores);
        }

        for (int i = 0; i < _pending.Count; i++)
        {
            results.Add(new FrameResult(_pending[i], scores[i]));
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
