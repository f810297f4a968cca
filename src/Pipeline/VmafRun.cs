using System.Diagnostics;
using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Score;

namespace VmafTiny;

/// <summary>
/// One scoring run, opened and checked before any frame is computed: both inputs are open and matched (notes say
/// what was scaled or converted), the model is loaded and the feature extractors are built. Then
/// <see cref="Frames"/> streams the results, or <see cref="Run"/> collects them. Everything a bad input can break
/// breaks in <see cref="Open"/>, except what only reading the frames can reveal (a truncated frame, say).
/// </summary>
/// <remarks>
/// This is the pipeline the CLI's <c>score</c> and <c>features</c> run: decode (<see cref="SourcePair"/>,
/// <see cref="FramePairReader"/>), features and score (<see cref="VmafSession"/>). Disposing a run frees every
/// native resource (decoders, ONNX Runtime), also in the middle of <see cref="Frames"/>.
/// </remarks>
public sealed class VmafRun : IDisposable
{
    private readonly FramePairReader _pairs;
    private readonly VmafSession _session;
    private readonly IReadOnlyList<string> _notes;
    private readonly Stopwatch _clock = new();
    private bool _started;

    private VmafRun(FramePairReader pairs, VmafSession session, IReadOnlyList<string> notes, VmafOptions options, FeatureOptions features)
    {
        _pairs = pairs;
        _session = session;
        _notes = notes;
        Options = options;
        FeatureOptions = features;
    }

    /// <summary>The options the run was opened with.</summary>
    public VmafOptions Options { get; }

    /// <summary>The feature options in effect (threads, and the CPU path resolved: never <see cref="CpuPath.Auto"/>).</summary>
    public FeatureOptions FeatureOptions { get; }

    /// <summary>The format both inputs are scored in: the reference's.</summary>
    public VideoFormat Format => _pairs.Reference.Format;

    /// <summary>The reference's path, as given.</summary>
    public string ReferencePath => _pairs.Reference.Path;

    /// <summary>The distorted video's path, as given.</summary>
    public string DistortedPath => _pairs.Distorted.Path;

    /// <summary>What was done to the inputs (scaling, conversions, differing frame rates), one line each.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The model, or null when only features are computed.</summary>
    public IFrameScorer? Scorer => _session.Scorer;

    /// <summary>Frame pairs read so far.</summary>
    public long FramesRead => _pairs.PairsRead;

    /// <summary>Time spent reading and computing so far.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Set once reading ended, when the two inputs had different frame counts (both are named).</summary>
    public string? Warning => _pairs.Warning;

    /// <summary>
    /// Opens both inputs, matches them, loads the model and builds the extractors. Throws
    /// <see cref="VmafTinyException"/> (an <see cref="InputException"/> naming the file for input problems) for
    /// anything that prevents the run; nothing is computed yet.
    /// </summary>
    public static VmafRun Open(string reference, string distorted, VmafOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentException.ThrowIfNullOrEmpty(distorted);
        options ??= new VmafOptions();
        var sourcePairOptions = new SourcePairOptions { Raw = options.Raw, Scale = options.Scale, DecoderThreads = options.DecoderThreads };
        var pairOptions = new FramePairOptions(options.Raw, options.FrameSkipReference, options.FrameSkipDistorted, options.FrameCount);
        // The CPU path is resolved once, here: an unsupported request fails before any file is opened, and the result
        // names the path the kernels really ran.
        FeatureOptions features = options.ToFeatureOptions() with { Cpu = CpuDispatch.Resolve(options.Cpu) };

        FramePairReader? pairs = null;
        IFrameScorer? scorer = null;
        try
        {
            IReadOnlyList<string> notes;
            using (var sources = SourcePair.Open(reference, distorted, sourcePairOptions))
            {
                notes = sources.Notes.ToArray();
                pairs = sources.CreateReader(pairOptions);
            }

            scorer = options.Model is null ? null : ModelCatalog.Resolve(options.Model);
            var session = new VmafSession(pairs.Reference.Format, scorer, features);
            return new VmafRun(pairs, session, notes, options, features);
        }
        catch
        {
            scorer?.Dispose();
            pairs?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads every frame pair, in order, and yields each frame's features and score as soon as it is final. Can be
    /// enumerated once. Cancellation is checked before each frame is read.
    /// </summary>
    public IEnumerable<FrameResult> Frames(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("a run's frames can be read once");
        }

        _started = true;
        return Enumerate(cancellationToken);
    }

    /// <summary>Reads every frame, reporting progress after each, and returns the whole result.</summary>
    public VmafResult Run(IProgress<VmafProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var frames = new List<FrameResult>();
        foreach (FrameResult frame in Frames(cancellationToken))
        {
            frames.Add(frame);
            progress?.Report(new VmafProgress(FramesRead, Elapsed, frame.Score));
        }

        return new VmafResult(this, frames);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _pairs.Dispose();
    }

    private IEnumerable<FrameResult> Enumerate(CancellationToken cancellationToken)
    {
        var (reference, distorted) = _pairs.CreateFrames();
        _clock.Start();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!_pairs.ReadPair(reference, distorted))
                {
                    break;
                }

                foreach (FrameResult result in _session.Push(reference, distorted))
                {
                    yield return result;
                }
            }

            foreach (FrameResult result in _session.Complete())
            {
                yield return result;
            }
        }
        finally
        {
            _clock.Stop();
        }
    }
}
