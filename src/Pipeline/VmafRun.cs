using System.Diagnostics;
using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Score;

namespace VmafTiny;

/// <summary>
/// One scoring run, opened and checked before any frame is computed: both inputs are open and matched (notes say
/// what was scaled or converted), the model is loaded and the feature extractors are built. Then
/// <see cref="Frames"/> streams the results, or <see cref="Run"/> collects them. Everything a bad input can break
/// breaks in <see cref="Open"/>, except what only reading the frames can reveal (a truncated frame, say), and, with
/// more than one thread on a run of more than a few frames, ONNX Runtime's own failures with an ONNX model whose file passed every check (its library
/// missing, a graph it cannot load): its session is then created in the background while the first frames are
/// computed, and such a failure is thrown by the first score.
/// </summary>
/// <remarks>
/// This is the pipeline the CLI's <c>score</c> and <c>features</c> run: decode (<see cref="SourcePair"/>,
/// <see cref="FramePairReader"/>), features and score (<see cref="VmafSession"/>). Disposing a run frees every
/// native resource (decoders, ONNX Runtime), also in the middle of <see cref="Frames"/>.
/// </remarks>
public sealed class VmafRun : IDisposable
{
    /// <summary>
    /// Luma samples of a run too small to hide ONNX Runtime's start behind its frames: about 0.1 s of feature work on
    /// one core (8 frames of 1080p, 280 of 320x180), against ONNX Runtime's 40-60 ms.
    /// </summary>
    private const long SmallRunSamples = 16_000_000;

    private readonly FramePairReader _pairs;
    private readonly VmafSession _session;
    private readonly IReadOnlyList<string> _notes;
    private readonly IReadOnlyList<string> _inputNotes;
    private readonly ScoringModel[] _models;
    private readonly Stopwatch _clock = new();
    private bool _started;
    private SegmentExtent? _extent;

    private VmafRun(FramePairReader pairs, VmafSession session, ScoringModel[] models, IReadOnlyList<string> notes, IReadOnlyList<string> inputNotes, VmafOptions options)
    {
        _pairs = pairs;
        _session = session;
        _models = models;
        _notes = notes;
        _inputNotes = inputNotes;
        Options = options;
    }

    /// <summary>The options the run was opened with.</summary>
    public VmafOptions Options { get; }

    /// <summary>For a segment run, the inputs' identities as the run opened them (null for a pipe or stdin); else none.</summary>
    internal (IO.FileIdentity? Reference, IO.FileIdentity? Distorted) InputFiles { get; private init; }

    /// <summary>
    /// The feature options in effect: threads, the CPU path resolved (never <see cref="CpuPath.Auto"/>), and every
    /// extractor the models and features need.
    /// </summary>
    public FeatureOptions FeatureOptions => _session.FeatureOptions;

    /// <summary>Where the features are computed, e.g. "cpu" or "opencl:0 (device name, platform)".</summary>
    public string DeviceDescription => _session.DeviceDescription;

    /// <summary>Frames the run's models score per call (<see cref="VmafSession.ScoreBatch"/>): 16 with an ONNX model, else 1.</summary>
    internal int ScoreBatch => _session.ScoreBatch;

    /// <summary>The format both inputs are scored in: the reference's.</summary>
    public VideoFormat Format => _pairs.Reference.Format;

    /// <summary>The distorted video's format as delivered (after scaling and conversion, before luma is taken).</summary>
    public VideoFormat DistortedFormat => _pairs.Distorted.Format;

    /// <summary>The reference's frame rate, or 0 when its container does not say (raw .yuv, some y4m).</summary>
    public double FrameRate => _pairs.Reference.FrameRate;

    /// <summary>The reference's path, as given.</summary>
    public string ReferencePath => _pairs.Reference.Path;

    /// <summary>The distorted video's path, as given.</summary>
    public string DistortedPath => _pairs.Distorted.Path;

    /// <summary>
    /// What was done to the inputs (scaling, conversions, differing frame rates), then to the settings (threads
    /// clamped), one line each.
    /// </summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>
    /// The notes about the inputs only, which the log carries (a setting such as the thread count changes no value,
    /// so a log of plain inputs keeps libvmaf's layout whatever --threads says).
    /// </summary>
    internal IReadOnlyList<string> InputNotes => _inputNotes;

    /// <summary>
    /// libvmaf's aggregate PSNR (<c>apsnr_y/cb/cr</c>) of the frames read so far, the whole run once
    /// <see cref="Frames"/> has ended; null unless PSNR runs with <c>enable_apsnr</c>.
    /// </summary>
    public Features.Psnr.ApsnrValues? Apsnr => _session.Apsnr;

    /// <summary>True when the run reads the chroma planes too (PSNR with chroma); otherwise only lumas are read.</summary>
    public bool ReadsChroma => _session.KeepsChroma;

    /// <summary>The first model, or null when only features are computed.</summary>
    public IFrameScorer? Scorer => _session.Scorer;

    /// <summary>
    /// The frame pairs this run will read, when both inputs say how many frames they hold (y4m and raw files by
    /// their size, FFmpeg inputs by the container's frame count), after the skips and the frame limit; else null.
    /// </summary>
    public long? TotalFrames => TotalFramesOf(_pairs, Options);

    /// <summary>
    /// For a run over <see cref="VmafOptions.Frames"/>, once its frames have been read: the frames the segment covers
    /// and whether it is the last of the pair. Null for a whole run, or before the frames have been read.
    /// </summary>
    public SegmentExtent? Segment => _extent;

    /// <summary>Every model, in the order of <see cref="FrameResult.Scores"/>, with the names logs give their scores.</summary>
    public IReadOnlyList<ScoringModel> Models => _models;

    /// <summary>Frame pairs read so far.</summary>
    public long FramesRead => _pairs.PairsRead;

    /// <summary>Time spent reading and computing so far.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Set once reading ended, when the two inputs had different frame counts (both are named).</summary>
    public string? Warning => _pairs.Warning;

    /// <summary>
    /// What reading noticed, one line each naming the file: samples above the declared bit depth, then
    /// <see cref="Warning"/> when the frame counts differ. Complete once the frames have been read.
    /// </summary>
    public IReadOnlyList<string> Warnings => _pairs.Warnings;

    /// <summary>
    /// Opens both inputs, matches them, loads the model and builds the extractors. Throws
    /// <see cref="VmafTinyException"/> (an <see cref="InputException"/> naming the file for input problems) for
    /// anything that prevents the run; nothing is computed yet.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative thread count, decoder thread count or frame skip, or a frame count below 1.</exception>
    public static VmafRun Open(string reference, string distorted, VmafOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentException.ThrowIfNullOrEmpty(distorted);
        options ??= new VmafOptions();
        CheckCounts(options);
        var sourcePairOptions = new SourcePairOptions { Raw = options.Raw, Scale = options.Scale, DecoderThreads = options.DecoderThreads, AutoRotate = options.AutoRotate };
        var pairOptions = new FramePairOptions(options.Raw, options.FrameSkipReference, options.FrameSkipDistorted, options.FrameCount);
        // The CPU path is resolved once, here: an unsupported request fails before any file is opened, and the result
        // names the path the kernels really ran.
        FeatureOptions features = options.ToFeatureOptions() with { Cpu = CpuDispatch.Resolve(options.Cpu) };
        // Before anything is read: a log records the files it was made of (a segment log in its segment object, a batch's
        // whole-run log in its record), so a file replaced at the same path is noticed by merge and by a batch's resume.
        (IO.FileIdentity? Reference, IO.FileIdentity? Distorted) files = (IO.FileIdentity.Of(reference), IO.FileIdentity.Of(distorted));
        if (options.Frames is FrameRange range)
        {
            if (features.ResolvedPsnr is { EnableApsnr: true })
            {
                throw new VmafTinyException($"--frames {range} cannot be used with PSNR's enable_apsnr: the aggregate PSNR of a segment does not merge into the whole run's");
            }

            (pairOptions, FrameWindow window) = SegmentReading(options, range);
            features = features with { Window = window };
        }

        ModelSpec[] specs = options.EffectiveModels.Select(ModelSpec.Parse).ToArray();
        CheckNames(specs);

        FramePairReader? pairs = null;
        var models = new List<ScoringModel>();
        try
        {
            var notes = new List<string>();
            IReadOnlyList<string> inputNotes;
            using (var sources = SourcePair.Open(reference, distorted, sourcePairOptions))
            {
                inputNotes = sources.Notes.ToArray();
                pairs = sources.CreateReader(pairOptions);
            }

            notes.AddRange(inputNotes);
            if (options.Threads > features.EffectiveThreads)
            {
                notes.Add($"threads: {options.Threads} asked for, clamped to {features.EffectiveThreads} (at most 4 per core: more cannot run at once, and each costs memory)");
            }

            // An ONNX model's checks run here. ONNX Runtime's start and session (~60 ms of CPU, most of it its schema and
            // kernel tables) run here too with one thread, which then means one thread, and costs least there (on
            // this thread's malloc arena, with no thread to start or wait for), and for a small run, whose frames
            // could not hide it (ONNX Runtime's start is then most of the run's time either way). With more threads
            // they run on a thread-pool thread, overlapping the extractors' set-up and the frames: the session holds
            // the frames that are final until ONNX Runtime is ready, and only the end waits for it. Every path out (a
            // failure below, Dispose) disposes the model, which waits for that thread: nothing of ONNX Runtime is
            // still loading when the process exits.
            bool small = TotalFramesOf(pairs, options) is long frames
                && frames * pairs.Reference.Format.Width * pairs.Reference.Format.Height <= SmallRunSamples;
            bool onnxInBackground = features.EffectiveThreads > 1 && !small;
            foreach (ModelSpec spec in specs)
            {
                models.Add(ModelCatalog.Load(spec, onnxInBackground));
            }

            if (options.NoPrediction && models.Count > 0)
            {
                // libvmaf registers the models' extractors even when it predicts nothing.
                features = features with { Extractors = [.. models.SelectMany(m => m.Scorer.Extractors), .. features.Extractors ?? []] };
                models.ForEach(m => m.Dispose());
                models.Clear();
            }

            // A run hands out every frame's result, but needs none of them at once: ONNX models score in batches (their
            // PreferredBatch), results then coming out in groups of that size.
            var session = new VmafSession(pairs.Reference.Format, models.Select(m => m.Scorer).ToArray(), features, ownsScorers: false)
            {
                ScoreBatch = models.Count == 0 ? 1 : models.Max(m => m.Scorer.PreferredBatch),
            };
            return new VmafRun(pairs, session, models.ToArray(), notes, inputNotes, options) { InputFiles = files };
        }
        catch
        {
            models.ForEach(m => m.Dispose());
            pairs?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads every frame pair, in order, and yields each frame's features and score as soon as it is final and scored:
    /// with an ONNX model, frames are scored 16 at a time (<see cref="ScoreBatch"/>: each ONNX Runtime call has a fixed
    /// cost), so they come out in groups. Can be enumerated once. Cancellation is checked before each frame is read and
    /// before each is handed out.
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
        long? total = progress is null ? null : TotalFrames;
        double sum = 0;
        foreach (FrameResult frame in Frames(cancellationToken))
        {
            frames.Add(frame);
            if (progress is not null)
            {
                sum += frame.Score;
                progress.Report(new VmafProgress(FramesRead, Elapsed, frame.Score, total, sum / frames.Count));
            }
        }

        return new VmafResult(this, frames);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        foreach (ScoringModel model in _models)
        {
            model.Dispose();
        }

        _pairs.Dispose();
    }

    /// <summary>
    /// How a segment is read: from the frame before it (motion's blur of it) to the frame after it (the last frame's
    /// motion2 is the smaller of its SAD and the next frame's), both sought past the skips; only the segment's own
    /// frames are computed and reported. The frame limit ends the segment as it ends the whole run.
    /// </summary>
    private static (FramePairOptions Pairs, FrameWindow Window) SegmentReading(VmafOptions options, FrameRange range)
    {
        if (range.Start < 0 || range.End <= range.Start)
        {
            throw new VmafTinyException($"frame range {range} is empty or negative");
        }

        if (options.FrameCount is int limit && range.Start >= limit)
        {
            throw new VmafTinyException($"frames {range} start at or after the frame limit ({limit} frames)");
        }

        int? end = options.FrameCount is int max ? Math.Min(range.End ?? max, max) : range.End;
        bool readAfter = range.End is int b && (options.FrameCount is not int m || b < m);
        int first = Math.Max(0, range.Start - 1);
        long? pairs = end is int e ? e + (readAfter ? 1 : 0) - first : null;
        var reading = new FramePairOptions(options.Raw, (long)options.FrameSkipReference + first, (long)options.FrameSkipDistorted + first, pairs);
        return (reading, new FrameWindow(first, range.Start, end ?? int.MaxValue));
    }

    /// <summary>The segment's extent once its frames are read; a segment with no frame of the pair in it is an error.</summary>
    private SegmentExtent? Extent()
    {
        if (Options.Frames is not FrameRange range)
        {
            return null;
        }

        long readEnd = FeatureOptions.Window!.FirstIndex + _pairs.PairsRead;
        bool sawAfter = range.End is int b && readEnd > b;
        int end = sawAfter ? range.End!.Value : (int)readEnd;
        if (end <= range.Start)
        {
            throw new VmafTinyException(PastTheEnd(range, readEnd));
        }

        return new SegmentExtent(range.Start, end, !sawAfter);
    }

    /// <summary>"frames A:B lie past the end: REF and DIST have N frame pairs", in the user's numbers.</summary>
    private string PastTheEnd(FrameRange range, long pairs) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"frames {range} lie past the end: {ReferencePath} and {DistortedPath} have {pairs} frame pair{(pairs == 1 ? string.Empty : "s")}{(Options.FrameSkipReference + Options.FrameSkipDistorted > 0 ? " after the skips" : string.Empty)}");

    /// <summary>Pushes the next pair; a segment whose first frame lies past the end says so.</summary>
    private bool Push(LumaPairSource read, (YuvFrame Reference, YuvFrame Distorted)? whole, List<FrameResult> ready)
    {
        try
        {
            if (whole is var (reference, distorted))
            {
                bool more = _pairs.ReadPair(reference, distorted);
                if (more)
                {
                    ready.AddRange(_session.Push(reference, distorted));
                }

                return more;
            }

            return _session.Push(read, ready);
        }
        catch (NoFramePairsException e) when (Options.Frames is FrameRange range)
        {
            // The reader skipped to the frame before the segment (motion's blur of it) and found none: its message
            // would count that skip; give the videos' own lengths instead.
            long pairs = Math.Max(0, Math.Min(e.ReferenceFrames - Options.FrameSkipReference, e.DistortedFrames - Options.FrameSkipDistorted));
            throw new VmafTinyException(PastTheEnd(range, pairs), e);
        }
    }

    /// <summary>The frame pairs a run reads (see <see cref="TotalFrames"/>), or null when an input does not say.</summary>
    private static long? TotalFramesOf(FramePairReader pairs, VmafOptions options)
    {
        long? reference = pairs.Reference.FrameCount - options.FrameSkipReference;
        long? distorted = pairs.Distorted.FrameCount - options.FrameSkipDistorted;
        if (reference is not long r || distorted is not long d)
        {
            return null; // even with a frame limit: the inputs may end before it
        }

        long total = Math.Max(0, Math.Min(r, d));
        total = options.FrameCount is int max ? Math.Min(total, max) : total;
        if (options.Frames is FrameRange range)
        {
            total = Math.Max(0, Math.Min(total, range.End ?? long.MaxValue) - range.Start);
        }

        return total;
    }

    /// <summary>
    /// The counts the CLI refuses out of range are refused here too, naming the option (before, a negative thread count
    /// quietly meant every core, and a frame count of 0 was refused as the reader's <c>MaxFrames</c>).
    /// </summary>
    private static void CheckCounts(VmafOptions options)
    {
        (string Name, long Value, long Minimum)[] counts =
        [
            (nameof(VmafOptions.Threads), options.Threads, 0),
            (nameof(VmafOptions.DecoderThreads), options.DecoderThreads, 0),
            (nameof(VmafOptions.FrameSkipReference), options.FrameSkipReference, 0),
            (nameof(VmafOptions.FrameSkipDistorted), options.FrameSkipDistorted, 0),
            (nameof(VmafOptions.FrameCount), options.FrameCount ?? 1, 1),
        ];
        foreach (var (name, value, minimum) in counts)
        {
            if (value < minimum)
            {
                throw new ArgumentOutOfRangeException(nameof(options), value, $"VmafOptions.{name} must be at least {minimum}, not {value}");
            }
        }
    }

    /// <summary>libvmaf's rule: each model's score needs its own log key (<c>name=</c>).</summary>
    private static void CheckNames(ModelSpec[] specs)
    {
        foreach (var group in specs.GroupBy(s => s.LogKey, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new VmafTinyException(
                $"models {string.Join(" and ", group.Select(s => $"'{s}'"))} would all be named '{group.Key}' in the log: " +
                "give each model a distinct name (e.g. version=vmaf_v0.6.1neg:name=vmaf_neg)");
        }
    }

    private IEnumerable<FrameResult> Enumerate(CancellationToken cancellationToken)
    {
        // The lumas are read straight into the session's buffers (chroma is skipped), and the ready frames come
        // back in one reused list: nothing is copied twice or allocated per frame. PSNR with chroma needs whole
        // frames: they are read into one reused pair and pushed (the session copies them).
        LumaPairSource read = _pairs.ReadLumaPair;
        (YuvFrame Reference, YuvFrame Distorted)? whole = _session.KeepsChroma ? _pairs.CreateFrames() : null;
        var ready = new List<FrameResult>();
        _clock.Start();
        try
        {
            bool more = true;
            while (more)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ready.Clear();
                more = Push(read, whole, ready);
                foreach (FrameResult result in ready)
                {
                    // One read can finish several frames (threads catching up): a consumer that cancelled on one of
                    // them gets none of the rest.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return result;
                }
            }

            ready.Clear();
            _session.Complete(ready);
            _extent = Extent();
            foreach (FrameResult result in ready)
            {
                // Frames held until the end (a scorer that became ready late) come out here in a burst: a consumer that
                // cancelled on one of them gets none of the rest, as above.
                cancellationToken.ThrowIfCancellationRequested();
                yield return result;
            }
        }
        finally
        {
            _clock.Stop();
        }
    }
}

/// <summary>The frames a segment run covered (see <see cref="VmafRun.Segment"/>).</summary>
/// <param name="Start">The segment's first frame.</param>
/// <param name="End">One past its last frame: the range's end, or less where the videos or the frame limit end first.</param>
/// <param name="Last">True when no frame follows it in a whole run.</param>
public sealed record SegmentExtent(int Start, int End, bool Last);
