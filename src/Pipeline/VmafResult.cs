using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Logs;

namespace VmafTiny;

/// <summary>
/// The order of a log's per-frame metrics. libvmaf writes them in the order they were first stored, which
/// depends on whether its CLI ran a thread pool (<c>--threads N</c>, N ≥ 1): then the TEMPORAL extractors (PSNR)
/// run on the main thread ahead of the others and their metrics come first.
/// </summary>
public enum LogKeyOrder
{
    /// <summary>libvmaf without <c>--threads</c> (its default): extractors in registration order.</summary>
    Libvmaf,

    /// <summary>libvmaf with <c>--threads N</c>, N ≥ 1: temporal extractors first, then the others in registration order.</summary>
    LibvmafThreaded,
}

/// <summary>A model of a run: its score's key in logs, its name on the console, and what it is.</summary>
/// <param name="Name">The score's key in logs (<c>name=</c>, default <c>vmaf</c>).</param>
/// <param name="Label">The console's name for it: <c>name=</c> when given, else the version or path.</param>
/// <param name="Description">A short description, e.g. "vmaf_v0.6.1 (libsvm nu-SVR, 211 support vectors)".</param>
public sealed record ModelInfo(string Name, string Label, string Description);

/// <summary>A finished run: every frame's features and scores, and what the run did.</summary>
public sealed class VmafResult
{
    private readonly IReadOnlyList<ExtractorOptions> _extractors;
    private readonly bool _libvmafOutputs;
    private readonly IReadOnlyList<string> _logNotes;
    // One log per (order, notes), each built once and never replaced: a caller asking for one order never gets
    // another's, whatever other threads ask for at the same time (a single slot re-filled per order handed them out).
    private readonly VmafLog?[] _logs = new VmafLog?[4];

    internal VmafResult(VmafRun run, IReadOnlyList<FrameResult> frames)
    {
        Frames = frames;
        Format = run.Format;
        ReferencePath = run.ReferencePath;
        DistortedPath = run.DistortedPath;
        Notes = run.Notes;
        _logNotes = run.InputNotes;
        Warning = run.Warning;
        Warnings = run.Warnings.ToArray();
        FramesRead = run.FramesRead;
        Elapsed = run.Elapsed;
        Models = run.Models.Select(m => new ModelInfo(m.Name, m.Label, m.Scorer.Description)).ToArray();
        Threads = run.FeatureOptions.EffectiveThreads;
        Cpu = CpuDispatch.Resolve(run.FeatureOptions.Cpu);     // the path the kernels ran on, never Auto
        Device = run.DeviceDescription;
        _extractors = run.FeatureOptions.ResolvedExtractors;
        _libvmafOutputs = run.FeatureOptions.LibvmafOutputs;
        DistortedFormat = run.DistortedFormat;
        Apsnr = run.Apsnr;
        FrameRate = run.FrameRate;
        Options = run.Options;
        Segment = run.Segment;
        (ReferenceFile, DistortedFile) = run.InputFiles;
    }

    /// <summary>The reference's identity taken before the run opened it (null for standard input or a pipe).</summary>
    public IO.FileIdentity? ReferenceFile { get; }

    /// <summary>The distorted video's identity taken before the run opened it (null for standard input or a pipe).</summary>
    public IO.FileIdentity? DistortedFile { get; }

    /// <summary>For a run over <see cref="VmafOptions.Frames"/>: the frames it covered and whether it is the pair's last segment; else null.</summary>
    public SegmentExtent? Segment { get; }

    /// <summary>libvmaf's aggregate PSNR over every frame read (<c>apsnr_y/cb/cr</c>), or null unless PSNR ran with <c>enable_apsnr</c>.</summary>
    public Features.Psnr.ApsnrValues? Apsnr { get; }

    /// <summary>The options the run was opened with (frame skips and limit, subsampling, scaling, model).</summary>
    public VmafOptions Options { get; }

    /// <summary>The distorted video's format as delivered (after scaling and conversion).</summary>
    public VideoFormat DistortedFormat { get; }

    /// <summary>The reference's frame rate, or 0 when unknown: frame i of the result is at (i + FrameSkipReference) / FrameRate in the reference.</summary>
    public double FrameRate { get; }

    /// <summary>The scored frames, in order (with subsampling, every Nth frame).</summary>
    public IReadOnlyList<FrameResult> Frames { get; }

    /// <summary>The format both inputs were scored in.</summary>
    public VideoFormat Format { get; }

    /// <summary>The reference's path.</summary>
    public string ReferencePath { get; }

    /// <summary>The distorted video's path.</summary>
    public string DistortedPath { get; }

    /// <summary>What was done to the inputs, then to the settings (threads clamped), one line each; the log carries the first.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Set when the inputs had different frame counts (both are named), else null.</summary>
    public string? Warning { get; }

    /// <summary>Everything reading noticed, one line each (samples above the bit depth, differing frame counts).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Frame pairs read (with subsampling, more than <see cref="Frames"/>).</summary>
    public long FramesRead { get; }

    /// <summary>Time spent reading and computing.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Processing speed, frames read per second (libvmaf's <c>fps</c>).</summary>
    public double Fps => FramesRead / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>The models, in the order of <see cref="FrameResult.Scores"/> (empty when only features were computed).</summary>
    public IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>The first model's log key (<c>vmaf</c> unless its model string says <c>name=</c>), or null when only features were computed.</summary>
    public string? ScoreKey => Models.Count > 0 ? Models[0].Name : null;

    /// <summary>The first model as the console names it, or null.</summary>
    public string? ModelDescription => Models.Count > 0 ? Models[0].Description : null;

    /// <summary>Feature worker threads used.</summary>
    public int Threads { get; }

    /// <summary>The CPU path the kernels ran on (resolved: scalar, avx2 or avx512).</summary>
    public CpuPath Cpu { get; }

    /// <summary>Where the features were computed: "cpu", or the device, e.g. "opencl:0 (NVIDIA GeForce RTX 4090, NVIDIA CUDA)".</summary>
    public string Device { get; }

    /// <summary>Pooled values (min, max, mean, harmonic mean) of every metric, in log order.</summary>
    public IReadOnlyList<PooledMetric> Pooled => ToLog().Pooled;

    /// <summary>The pooled values of the first model's score, or null when only features were computed.</summary>
    public PooledValues? PooledScore => ScoreKey is null ? null : PooledScores[0];

    /// <summary>The pooled values of each model's score, in model order.</summary>
    public IReadOnlyList<PooledValues> PooledScores => Models.Select(m => Pooled.First(p => p.Key == m.Name).Values).ToArray();

    /// <summary>
    /// Writes the run's log in one of libvmaf's layouts, byte for byte as libvmaf writes it: the format from the file
    /// name (<c>.xml</c>, <c>.csv</c>, <c>.sub</c>, else JSON) unless given. Written whole or not at all.
    /// </summary>
    /// <exception cref="VmafTinyException">The file cannot be written (the message says why).</exception>
    public void WriteLog(string path, LogFormat? format = null, LogPrecision precision = default) =>
        LogWriter.WriteFile(ToLog(), path, format ?? LogWriter.FormatFromPath(path), precision);

    /// <summary>
    /// The run as libvmaf's log model: per-frame metrics keyed and ordered as libvmaf writes them (each extractor's
    /// outputs in registration order, motion2 after the frame's other features, the models' scores last), pooled
    /// values, aggregate metrics (APSNR), notes; for a segment run, where the segment lies (<see cref="VmafLog.Segment"/>).
    /// </summary>
    /// <param name="order">Where temporal extractors' metrics go (see <see cref="LogKeyOrder"/>).</param>
    /// <param name="notes">Carry the notes on the inputs; false keeps libvmaf's layout whatever the inputs (its log has no place for them).</param>
    /// <remarks>
    /// Thread-safe: each combination of <paramref name="order"/> and <paramref name="notes"/> is built once and the
    /// same instance returned after (two threads that race to build it get the one that was stored first).
    /// </remarks>
    public VmafLog ToLog(LogKeyOrder order = LogKeyOrder.Libvmaf, bool notes = true)
    {
        if (order is not (LogKeyOrder.Libvmaf or LogKeyOrder.LibvmafThreaded))
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "not a LogKeyOrder");
        }

        int slot = ((int)order * 2) + (notes ? 1 : 0);
        VmafLog? log = Volatile.Read(ref _logs[slot]);
        if (log is null)
        {
            string[] keys = FeatureKeys(order);
            LogMetric[]? aggregate = Apsnr is { } apsnr ? apsnr.Metrics().Select(m => new LogMetric(m.Key, m.Value)).ToArray() : null;
            // A loop, not Select: Enumerable.Select over FrameResult (a struct) was JIT-compiled at every start.
            var frames = new LogFrame[Frames.Count];
            for (int i = 0; i < frames.Length; i++)
            {
                frames[i] = ToLogFrame(Frames[i], keys);
            }

            var built = new VmafLog(Vmaf.LogVersion, Fps, Format.Width, Format.Height, frames, aggregate: aggregate, notes: notes ? _logNotes : null)
            {
                Segment = Segment is { } x
                    ? new LogSegment(x.Start, x.End, x.Last, Format.Width, Format.Height, ReferencePath, DistortedPath, Options.ValueSettings())
                    {
                        Models = Models.Select(m => new LogSegmentModel(m.Name, m.Label)).ToArray(),
                        ReferenceFile = ReferenceFile,
                        DistortedFile = DistortedFile,
                    }
                    : null,
            };
            log = Interlocked.CompareExchange(ref _logs[slot], built, null) ?? built;
        }

        return log;
    }

    /// <summary>The feature keys in libvmaf's order of first storage: frame outputs by extractor, then outputs made at the end (motion2).</summary>
    private string[] FeatureKeys(LogKeyOrder order)
    {
        IEnumerable<ExtractorOptions> extractors = order == LogKeyOrder.LibvmafThreaded
            ? _extractors.Where(e => e.Temporal).Concat(_extractors.Where(e => !e.Temporal))
            : _extractors;
        return extractors.SelectMany(e => e.FrameKeys(_libvmafOutputs))
            .Concat(extractors.SelectMany(e => e.FlushKeys(_libvmafOutputs)))
            .ToArray();
    }

    private LogFrame ToLogFrame(FrameResult result, string[] keys)
    {
        var metrics = new List<LogMetric>(keys.Length + Models.Count);
        foreach (string key in keys)
        {
            if (result.Features.TryGet(key, out double value))
            {
                metrics.Add(new LogMetric(key, value));
            }
        }

        for (int m = 0; m < Models.Count; m++)
        {
            metrics.Add(new LogMetric(Models[m].Name, result.Scores[m]));
        }

        return new LogFrame(result.Index, metrics);
    }
}
