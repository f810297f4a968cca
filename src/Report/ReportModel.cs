using System.Globalization;
using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Logs;

namespace VmafTiny.Report;

/// <summary>One labelled value of the report's information tables (inputs, settings, run).</summary>
/// <param name="Label">What it is.</param>
/// <param name="Value">Its value, as text.</param>
public sealed record ReportItem(string Label, string Value);

/// <summary>
/// What a report shows: the per-frame series (the score first, then each feature), where the frames sit in time, and
/// the run's inputs, formats, notes, model and settings. Build one from a run (<see cref="FromResult"/>) or from a
/// log file (<see cref="FromLog"/>).
/// </summary>
public sealed class ReportModel
{
    /// <summary>
    /// Creates a model from its parts; every series has one value per entry of <paramref name="frameNumbers"/>. Frames
    /// given out of order (a log edited by hand, segments joined by another tool) are sorted by number, their values
    /// with them: the page's charts, zoom and frame search need ascending frame numbers.
    /// </summary>
    public ReportModel(
        string title,
        IReadOnlyList<int> frameNumbers,
        IReadOnlyList<KeyValuePair<string, double[]>> series,
        string? scoreKey,
        double frameRate = 0,
        int frameOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(frameNumbers);
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
        {
            if (s.Value.Length != frameNumbers.Count)
            {
                throw new ArgumentException($"series {s.Key} has {s.Value.Length} values for {frameNumbers.Count} frames", nameof(series));
            }
        }

        if (scoreKey is not null && !series.Any(s => s.Key == scoreKey))
        {
            throw new ArgumentException($"no series {scoreKey}", nameof(scoreKey));
        }

        if (AscendingOrder(frameNumbers) is int[] order)
        {
            frameNumbers = order.Select(i => frameNumbers[i]).ToArray();
            series = series.Select(s => KeyValuePair.Create(s.Key, order.Select(i => s.Value[i]).ToArray())).ToArray();
        }

        Title = title;
        FrameNumbers = frameNumbers;
        Series = scoreKey is null ? series : series.Where(s => s.Key == scoreKey).Concat(series.Where(s => s.Key != scoreKey)).ToArray();
        ScoreKey = scoreKey;
        FrameRate = frameRate;
        FrameOffset = frameOffset;
    }

    /// <summary>The page's title.</summary>
    public string Title { get; }

    /// <summary>Each frame's number (libvmaf's frameNum), ascending.</summary>
    public IReadOnlyList<int> FrameNumbers { get; }

    /// <summary>The per-frame values of each metric, the score first.</summary>
    public IReadOnlyList<KeyValuePair<string, double[]>> Series { get; }

    /// <summary>The score's key, or null for features only (then there is no worst-frames table).</summary>
    public string? ScoreKey { get; }

    /// <summary>Frames per second of the reference, or 0 when unknown (no timestamps).</summary>
    public double FrameRate { get; }

    /// <summary>Frames skipped at the start of the reference: frame n is at (n + offset) / rate.</summary>
    public int FrameOffset { get; }

    /// <summary>The inputs: paths, sizes, formats, frame rates.</summary>
    public IReadOnlyList<ReportItem> Inputs { get; init; } = [];

    /// <summary>The model and settings of the run.</summary>
    public IReadOnlyList<ReportItem> Settings { get; init; } = [];

    /// <summary>What was done to the inputs, and warnings.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Pool methods beyond the report's own set (median, stdev, p1 ... p99) to add to the pooled table.</summary>
    public IReadOnlyList<PoolMethod> ExtraPooling { get; init; } = [];

    /// <summary>
    /// libvmaf's four pooled values (min, max, mean, harmonic mean) of a series as its log carries them, by key: the
    /// report shows these rather than values computed again from the per-frame values (a log's <c>%.6f</c> frames can
    /// pool to another last digit than libvmaf's own doubles did). A series without an entry has them computed.
    /// </summary>
    public IReadOnlyDictionary<string, PooledValues> Pooled { get; init; } = new Dictionary<string, PooledValues>();

    /// <summary>
    /// The series <paramref name="key"/> (with its <paramref name="values"/>) pooled by each of
    /// <paramref name="methods"/>: libvmaf's four from <see cref="Pooled"/> where it has the key, the rest computed
    /// (<see cref="Pooling.Pool(ReadOnlySpan{double}, IReadOnlyList{PoolMethod})"/>).
    /// </summary>
    public double[] Pool(string key, double[] values, IReadOnlyList<PoolMethod> methods)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(methods);
        double[] pooled = Pooling.Pool(values, methods);
        if (Pooled.TryGetValue(key, out PooledValues carried))
        {
            for (int i = 0; i < methods.Count; i++)
            {
                pooled[i] = methods[i].Kind switch
                {
                    PoolKind.Min => carried.Min,
                    PoolKind.Max => carried.Max,
                    PoolKind.Mean => carried.Mean,
                    PoolKind.HarmonicMean => carried.HarmonicMean,
                    _ => pooled[i],
                };
            }
        }

        return pooled;
    }

    /// <summary>The timestamp of frame <paramref name="frameNumber"/> in the reference, or null without a frame rate.</summary>
    public TimeSpan? TimeOf(int frameNumber) =>
        FrameRate > 0 ? TimeSpan.FromSeconds((frameNumber + FrameOffset) / FrameRate) : null;

    /// <summary>The report of a finished run: its frames, inputs, formats, notes, model and settings.</summary>
    public static ReportModel FromResult(VmafResult result, IReadOnlyList<PoolMethod>? extraPooling = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        VmafLog log = result.ToLog();
        VmafOptions o = result.Options;
        var inputs = new List<ReportItem>
        {
            new("reference", result.ReferencePath),
            new("reference file", FileSize(result.ReferencePath)),
            new("reference format", $"{result.Format}{Rate(result.FrameRate)}"),
            new("distorted", result.DistortedPath),
            new("distorted file", FileSize(result.DistortedPath)),
            new("distorted format", result.DistortedFormat.ToString()),
        };
        var settings = new List<ReportItem>
        {
            new("model", result.ModelDescription ?? "none (features only)"),
            new("score key", result.ScoreKey ?? "-"),
            new("threads", Invariant($"{result.Threads}")),
            new("CPU path", CpuDispatch.Name(result.Cpu)),
            new("subsample", Invariant($"every {o.Subsample}")),
            new("frame skip (ref / dist)", Invariant($"{o.FrameSkipReference} / {o.FrameSkipDistorted}")),
            new("frame count limit", o.FrameCount is int n ? Invariant($"{n}") : "none"),
            new("scaling", o.Scale.ToString().ToLowerInvariant()),
            new("frames read", Invariant($"{result.FramesRead}")),
            new("time", Invariant($"{result.Elapsed.TotalSeconds:F2} s ({result.Fps:F1} fps)")),
            new("version", Vmaf.LogVersion),
        };
        var notes = result.Notes.ToList();
        notes.AddRange(result.Warnings.Select(w => "warning: " + w));

        string title = $"{Path.GetFileName(result.DistortedPath)} vs {Path.GetFileName(result.ReferencePath)}";
        var (numbers, series) = SeriesOf(log);
        return new ReportModel(title, numbers, series, result.ScoreKey, result.FrameRate, o.FrameSkipReference)
        {
            Inputs = inputs,
            Settings = settings,
            Notes = notes,
            ExtraPooling = extraPooling ?? [],
        };
    }

    /// <summary>
    /// The report of a log file (ours or libvmaf's): its frames (sorted by number) and the pooled values it carries
    /// (computed from its frames, in the log's order, for a metric it has none of: CSV and subtitle logs), no run
    /// information.
    /// </summary>
    public static ReportModel FromLog(VmafLog log, string name, double frameRate = 0)
    {
        ArgumentNullException.ThrowIfNull(log);
        string? score = log.MetricKeys.LastOrDefault(k => k.StartsWith("vmaf", StringComparison.Ordinal));
        var (numbers, series) = SeriesOf(log);
        var pooled = new Dictionary<string, PooledValues>(StringComparer.Ordinal);
        foreach (PooledMetric metric in log.Pooled)
        {
            // A metric the log pools without values (libvmaf's empty object or element) is computed here.
            if (metric.HasValues && !AllNaN(metric.Values))
            {
                pooled.TryAdd(metric.Key, metric.Values);
            }
        }

        return new ReportModel(Path.GetFileName(name), numbers, series, score, frameRate)
        {
            Inputs = [new ReportItem("log", name), new ReportItem("log version", log.Version)],
            Notes = log.Notes,
            Pooled = pooled,
        };
    }

    private static bool AllNaN(PooledValues v) =>
        double.IsNaN(v.Min) && double.IsNaN(v.Max) && double.IsNaN(v.Mean) && double.IsNaN(v.HarmonicMean);

    /// <summary>The order that sorts <paramref name="numbers"/> ascending (stable), or null when they already are.</summary>
    private static int[]? AscendingOrder(IReadOnlyList<int> numbers)
    {
        for (int i = 1; i < numbers.Count; i++)
        {
            if (numbers[i] < numbers[i - 1])
            {
                return Enumerable.Range(0, numbers.Count).OrderBy(j => numbers[j]).ToArray();
            }
        }

        return null;
    }

    private static (int[] Numbers, List<KeyValuePair<string, double[]>> Series) SeriesOf(VmafLog log)
    {
        int[] numbers = log.Frames.Select(f => f.FrameNumber).ToArray();
        var series = new List<KeyValuePair<string, double[]>>();
        foreach (string key in log.MetricKeys)
        {
            var values = new double[numbers.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = double.NaN;
                foreach (LogMetric m in log.Frames[i].Metrics)
                {
                    if (m.Key == key)
                    {
                        values[i] = m.Value;
                        break;
                    }
                }
            }

            series.Add(new(key, values));
        }

        return (numbers, series);
    }

    private static string FileSize(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? Invariant($"{info.Length:N0} bytes") : "not a regular file (a pipe?)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return "unknown";
        }
    }

    private static string Rate(double fps) => fps > 0 ? Invariant($", {fps:0.###} fps") : string.Empty;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
