using System.Runtime.InteropServices;
using VmafTiny.Features;
using VmafTiny.Features.OpenCL;
using VmafTiny.Features.Psnr;

namespace VmafTiny.Score;

/// <summary>
/// The library entry point for frame-level QA: push reference/distorted frame pairs in order, receive each
/// frame's features and scores as soon as they are final (one frame of look-ahead, for motion2), then call
/// <see cref="Complete()"/> for the rest. Memory stays flat: frames are not kept beyond a small batch. While a
/// scorer is not ready (<see cref="IFrameScorer.IsReady"/>: an ONNX model still loading in the background), final
/// frames are held, as six numbers each, and come out with the first push after it is ready or with
/// <see cref="Complete()"/>, in order: pushing never waits for a model. A model that throws (a non-finite score, ONNX
/// Runtime failing) keeps the frames it was scoring: they are scored again, first, by the next push or
/// <see cref="Complete()"/>, so a caller that goes on after the error misses none. With <see cref="ScoreBatch"/> above 1,
/// final frames wait the same way until that many have gathered.
/// </summary>
/// <example>
/// <code>
/// using var session = new VmafSession(reader.Format, new SvmScorer(VmafSvmModel.BuiltIn()));
/// while (refReader.ReadFrame(r) &amp;&amp; distReader.ReadFrame(d))
///     foreach (var result in session.Push(r, d)) Console.WriteLine($"{result.Index}: {result.Score}");
/// foreach (var result in session.Complete()) Console.WriteLine($"{result.Index}: {result.Score}");
/// </code>
/// </example>
/// <remarks>
/// With several models (libvmaf's several <c>-m</c>), each frame's features are computed once, with every
/// extractor configuration any model needs (vmaf_v0.6.1 and vmaf_v0.6.1neg together compute ADM and VIF twice,
/// motion once, as libvmaf does), and each model scores the frame.
/// </remarks>
public sealed class VmafSession : IDisposable
{
    private readonly FeatureStream _features;
    private readonly IFrameScorer[] _scorers;
    private readonly bool _ownsScorers;
    private readonly List<FrameFeatures> _pending = new();
    private readonly List<FrameFeatures> _held = new();    // final frames waiting for a scorer that is not ready, or for a batch
    private double[][] _scores = [];
    private int _scoreBatch = 1;

    /// <summary>Creates a session for frames of <paramref name="format"/>, scored by <paramref name="scorer"/>.</summary>
    /// <param name="format">The frames' format.</param>
    /// <param name="scorer">The model, or null for features only (scores are then NaN).</param>
    /// <param name="options">How features are computed.</param>
    /// <param name="ownsScorer">Dispose the scorer with the session (or at once, when the session cannot be made).</param>
    /// <remarks>
    /// <c>new VmafSession(format, null)</c> means this overload (features only): a plain <c>null</c> converts to
    /// <paramref name="scorer"/> and to the list of the other overload alike, and this one is preferred
    /// (<see cref="System.Runtime.CompilerServices.OverloadResolutionPriorityAttribute"/>, C# 13 and later) instead of the
    /// call being ambiguous. A scorer or a list of scorers picks its own overload as before.
    /// </remarks>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
    public VmafSession(VideoFormat format, IFrameScorer? scorer, FeatureOptions? options = null, bool ownsScorer = true)
        : this(format, scorer is null ? [] : [scorer], options, ownsScorer)
    {
    }

    /// <summary>
    /// Creates a session for frames of <paramref name="format"/>, scored by every model of <paramref name="scorers"/>
    /// (none: features only). The features computed are those of <paramref name="options"/> plus every extractor
    /// the models need.
    /// </summary>
    /// <param name="format">The frames' format.</param>
    /// <param name="scorers">The models, in the order their scores are reported (empty for features only; a plain <c>null</c>
    /// argument picks the single-scorer overload, features only).</param>
    /// <param name="options">How features are computed, and extractors to compute besides the models' (<see cref="FeatureOptions.Extractors"/>).</param>
    /// <param name="ownsScorers">Dispose the scorers with the session (or at once, when the session cannot be made).</param>
    /// <exception cref="ArgumentException">A scorer is null, or models are given with <see cref="FeatureOptions.EmitSubsampledFrames"/> and a <see cref="FeatureOptions.Subsample"/> above 1 (those frames have nothing to score).</exception>
    public VmafSession(VideoFormat format, IReadOnlyList<IFrameScorer> scorers, FeatureOptions? options = null, bool ownsScorers = true)
    {
        ArgumentNullException.ThrowIfNull(scorers);
        _scorers = scorers.ToArray();
        _ownsScorers = ownsScorers;
        try
        {
            if (Array.IndexOf(_scorers, null) is int hole and >= 0)
            {
                throw new ArgumentException($"scorer {hole} is null (leave it out: no scorer means features only)", nameof(scorers));
            }

            (FeatureOptions, _features) = Open(format, options);
        }
        catch when (ownsScorers)
        {
            // The caller handed the scorers over and gets no session to dispose: an ONNX model's session would live on.
            foreach (IFrameScorer? scorer in _scorers)
            {
                scorer?.Dispose();
            }

            throw;
        }
    }

    /// <summary>Where the features are computed, e.g. "cpu" or "opencl:0 (device name, platform)".</summary>
    public string DeviceDescription => _features.DeviceDescription;

    /// <summary>The first scorer (its <see cref="IFrameScorer.LogKey"/> is its id), or null for features only.</summary>
    public IFrameScorer? Scorer => _scorers.Length > 0 ? _scorers[0] : null;

    /// <summary>Every scorer, in the order of <see cref="FrameResult.Scores"/>.</summary>
    public IReadOnlyList<IFrameScorer> Scorers => _scorers;

    /// <summary>
    /// Final frames are scored once at least this many are waiting (the rest by <see cref="Complete()"/>), in one call per
    /// model: results then come out in groups of about this size instead of one by one. 1 (the default) scores each frame
    /// as soon as it is final; a caller that only needs the whole run (the CLI, <c>VmafRun</c>) can take the models'
    /// <see cref="IFrameScorer.PreferredBatch"/> and spare an ONNX model most of its per-call cost.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 1.</exception>
    public int ScoreBatch
    {
        get => _scoreBatch;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _scoreBatch = value;
        }
    }

    /// <summary>The feature options in effect: the given ones with every extractor the models need, in libvmaf's registration order.</summary>
    public FeatureOptions FeatureOptions { get; }

    /// <summary>
    /// libvmaf's aggregate PSNR (<c>apsnr_y/cb/cr</c>) of the frames returned so far, the whole run after
    /// <see cref="Complete()"/>; null unless <see cref="FeatureOptions.Psnr"/> enables APSNR.
    /// </summary>
    public ApsnrValues? Apsnr => _features.Apsnr;

    /// <summary>
    /// True when the session keeps each frame's chroma too (PSNR with chroma): frames must then be pushed whole
    /// (<see cref="Push(YuvFrame, YuvFrame)"/>), not read as lumas through a <see cref="LumaPairSource"/>.
    /// </summary>
    public bool KeepsChroma => _features.KeepsChroma;

    /// <summary>Adds the next pair (copied; reuse the frames freely) and returns the frames that became final.</summary>
    public IReadOnlyList<FrameResult> Push(YuvFrame reference, YuvFrame distorted) => Score(_features.Push(reference, distorted), final: false);

    /// <summary>Ends the stream and returns the remaining frames.</summary>
    public IReadOnlyList<FrameResult> Complete() => Score(_features.Complete(), final: true);

    /// <summary>
    /// Lets <paramref name="read"/> fill the next pair's lumas straight into the session's buffers (no copy) and
    /// appends the frames that became final, scored, to <paramref name="results"/>, also when <paramref name="read"/>
    /// throws (waiting for a free buffer can finish frames before it is called; the pair it failed to read is not
    /// pushed). Returns false when <paramref name="read"/> does. Per frame this allocates only the result's <see cref="FrameResult.Scores"/>
    /// (and what the scorers do).
    /// </summary>
    public bool Push(LumaPairSource read, ICollection<FrameResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _pending.Clear();
        try
        {
            return _features.Push(read, _pending);
        }
        finally
        {
            // Waiting for a free buffer can finish frames before read is called; they have left the stream, so a read
            // that throws must not take them with it (a caller that goes on pushing would skip their numbers).
            ScoreInto(_pending, results, final: false);
        }
    }

    /// <summary>Ends the stream and appends the remaining frames, scored, to <paramref name="results"/>.</summary>
    public void Complete(ICollection<FrameResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _pending.Clear();
        _features.Complete(_pending);
        ScoreInto(_pending, results, final: true);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _features.Dispose();
        if (_ownsScorers)
        {
            foreach (IFrameScorer scorer in _scorers)
            {
                scorer.Dispose();
            }
        }
    }

    /// <summary>
    /// libvmaf's registration: the models' extractors in model order, then the extra ones asked for, each distinct
    /// <see cref="ExtractorOptions.Identity"/> once (the first wins, as in <c>feature_extractor_vector_append</c>).
    /// With no model and no extractors asked for, the six vmaf_v0.6.1 features.
    /// </summary>
    private static IReadOnlyList<ExtractorOptions> Registered(IFrameScorer[] scorers, FeatureOptions options)
    {
        IEnumerable<ExtractorOptions> all = scorers.SelectMany(s => s.Extractors);
        if (options.Extractors is { } extra)
        {
            all = all.Concat(extra);
        }
        else if (scorers.Length == 0)
        {
            all = IFrameScorer.DefaultExtractors;
        }

        return all.DistinctBy(e => e.Identity).ToArray();
    }

    private FrameResult[] Score(IReadOnlyList<FrameFeatures> ready, bool final)
    {
        var results = new List<FrameResult>(ready.Count);
        ScoreInto(ready as List<FrameFeatures> ?? ready.ToList(), results, final);
        return results.ToArray();
    }

    /// <summary>Scores <paramref name="ready"/> with every model (reused buffers) and appends the results.</summary>
    private void ScoreInto(List<FrameFeatures> ready, ICollection<FrameResult> results, bool final)
    {
        // While a scorer is not ready (ONNX Runtime still starting on another thread), final frames wait here rather
        // than the caller, which keeps reading and computing frames; they are scored, in order, with the first frames
        // that follow once it is ready, or at the end (which waits for it).
        // The same holds frames until a batch (ScoreBatch) has gathered.
        if (!final && (!ScorersReady() || _held.Count + ready.Count < _scoreBatch))
        {
            _held.AddRange(ready);
            return;
        }

        if (_held.Count > 0)
        {
            _held.AddRange(ready);
            ready = _held;
        }

        if (ready.Count == 0)
        {
            return;
        }

        if (_scores.Length != _scorers.Length || (_scores.Length > 0 && _scores[0].Length < ready.Count))
        {
            int size = Math.Max(ready.Count, 4);
            _scores = _scorers.Select(_ => new double[size]).ToArray();
        }

        ReadOnlySpan<FrameFeatures> features = CollectionsMarshal.AsSpan(ready);
        try
        {
            for (int m = 0; m < _scorers.Length; m++)
            {
                Span<double> scores = _scores[m].AsSpan(0, features.Length);
                _scorers[m].Score(features, scores);
                for (int i = 0; i < scores.Length; i++)
                {
                    if (!double.IsFinite(scores[i]))
                    {
                        // A clamp would keep NaN and turn infinities into 0 or 100: either way a wrong score.
                        throw new VmafTinyException(
                            $"model {_scorers[m].LogKey}: the score for frame {features[i].Index} is {scores[i]}; refusing a non-finite score");
                    }
                }
            }
        }
        catch when (!ReferenceEquals(ready, _held))
        {
            // A model that throws keeps the frames it was scoring: the next push or Complete scores them again, first, so
            // a caller that goes on after the error misses no frame (and gets none twice). Frames already in _held stay.
            _held.AddRange(ready);
            throw;
        }

        try
        {
            for (int i = 0; i < features.Length; i++)
            {
                double[] frameScores = _scorers.Length == 0 ? [] : new double[_scorers.Length];
                for (int m = 0; m < frameScores.Length; m++)
                {
                    frameScores[m] = _scores[m][i];
                }

                results.Add(new FrameResult(features[i], frameScores.Length > 0 ? frameScores[0] : double.NaN) { Scores = frameScores });
            }
        }
        finally
        {
            _held.Clear();
        }
    }

    /// <summary>Checks the options against the models and opens the feature stream.</summary>
    private (FeatureOptions Options, FeatureStream Stream) Open(VideoFormat format, FeatureOptions? options)
    {
        options ??= new FeatureOptions();
        if (_scorers.Length > 0 && options.EmitSubsampledFrames && options.Subsample > 1)
        {
            // Those frames carry motion (and PSNR) alone: no model can score them, and the first would fail mid-run.
            throw new ArgumentException(
                $"FeatureOptions.EmitSubsampledFrames with a model: the frames subsampling leaves out (Subsample = {options.Subsample}) have no ADM or VIF to score; " +
                "leave it off, or compute features only (no scorer)",
                nameof(options));
        }

        // A device left open comes from VMAF_TINY_DEVICE (else the CPU), as the CLI's --device does.
        FeatureOptions resolved = options with { Extractors = Registered(_scorers, options), Device = options.Device ?? (FeatureDevice.NamesCpu(null) ? FeatureDevice.Cpu : OpenClDevices.Resolve(null)) };
        return (resolved, new FeatureStream(format, resolved));
    }

    private bool ScorersReady()
    {
        foreach (IFrameScorer scorer in _scorers)
        {
            if (!scorer.IsReady)
            {
                return false;
            }
        }

        return true;
    }
}
