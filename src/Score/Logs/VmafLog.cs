using VmafTiny.Features;

namespace VmafTiny.Score.Logs;

/// <summary>One named value: a metric of a frame, or an aggregate metric.</summary>
/// <param name="Key">The log key, e.g. <c>integer_adm2</c> or <c>vmaf</c>.</param>
/// <param name="Value">The value; NaN and infinities are allowed (JSON writes them as <c>null</c>).</param>
public readonly record struct LogMetric(string Key, double Value);

/// <summary>The metrics of one frame, in the order they are written.</summary>
/// <param name="FrameNumber">libvmaf's <c>frameNum</c>: the frame's number in the scored sequence.</param>
/// <param name="Metrics">The values, in output order.</param>
public sealed record LogFrame(int FrameNumber, IReadOnlyList<LogMetric> Metrics)
{
    /// <summary>
    /// A frame of the six vmaf_v0.6.1 features and a score, keyed and ordered as libvmaf writes them:
    /// integer_adm2, integer_vif_scale0..3, integer_motion2, then the score (<paramref name="scoreKey"/>, "vmaf"
    /// for vmaf_v0.6.1).
    /// </summary>
    public static LogFrame FromFeatures(FrameFeatures features, string scoreKey, double score)
    {
        Span<double> values = stackalloc double[6];
        features.CopyTo(values);
        var metrics = new LogMetric[7];
        for (int i = 0; i < 6; i++)
        {
            metrics[i] = new LogMetric(FrameFeatures.LogKeys[i], values[i]);
        }

        metrics[6] = new LogMetric(scoreKey, score);
        return new LogFrame(features.Index, metrics);
    }
}

/// <summary>A metric's pooled values.</summary>
/// <param name="Key">The metric's log key.</param>
/// <param name="Values">Min, max, mean and harmonic mean.</param>
public sealed record PooledMetric(string Key, PooledValues Values)
{
    /// <summary>
    /// Pooled values beyond libvmaf's four (median, stdev, percentiles: <see cref="PoolMethod.Name"/> and value),
    /// written after them, in this order; empty unless asked for (<see cref="VmafLog.WithPooling"/>), so a default
    /// log keeps libvmaf's layout.
    /// </summary>
    public IReadOnlyList<LogMetric> Extra { get; init; } = [];

    /// <summary>
    /// False when the metric could not be pooled (libvmaf pools over every picture read and writes the metric with no
    /// values when one picture lacks it): JSON writes an empty object, XML an element without attributes.
    /// </summary>
    public bool HasValues { get; init; } = true;

    /// <summary>A metric written without pooled values (see <see cref="HasValues"/>).</summary>
    public static PooledMetric Unavailable(string key) => new(key, default(PooledValues)) { HasValues = false };
}

/// <summary>
/// Everything libvmaf writes into its JSON, XML and CSV logs: a version string, the processing speed, the frame
/// size, per-frame metrics in a fixed order, each metric pooled over the frames, and aggregate metrics (PSNR's
/// <c>apsnr_y/cb/cr</c> with <c>enable_apsnr</c>; otherwise none).
/// </summary>
public sealed class VmafLog
{
    /// <summary>
    /// Creates a log. When <paramref name="pooled"/> is null every metric is pooled over the frames that have it,
    /// in the order the metrics first appear (libvmaf's order: the order features were first written).
    /// </summary>
    /// <param name="version">Written as the log's version (libvmaf writes its own, e.g. "3.2.0").</param>
    /// <param name="fps">Processing speed in frames per second, as libvmaf reports it (not the video's frame rate).</param>
    /// <param name="width">Frame width (XML <c>qualityWidth</c>).</param>
    /// <param name="height">Frame height (XML <c>qualityHeight</c>).</param>
    /// <param name="frames">The frames, in order.</param>
    /// <param name="pooled">Pooled values per metric, or null to compute them with <see cref="Pooling"/>.</param>
    /// <param name="aggregate">Aggregate metrics (libvmaf's APSNR), or null for none.</param>
    /// <param name="notes">What was done to the inputs, or null for nothing.</param>
    /// <param name="metricKeys">
    /// The metrics in libvmaf's feature-collector order (the order each was first written, whatever its frame), or null
    /// for the order they first appear over the frames; keys the frames have beyond these follow them.
    /// </param>
    public VmafLog(
        string version,
        double fps,
        int width,
        int height,
        IReadOnlyList<LogFrame> frames,
        IReadOnlyList<PooledMetric>? pooled = null,
        IReadOnlyList<LogMetric>? aggregate = null,
        IReadOnlyList<string>? notes = null,
        IReadOnlyList<string>? metricKeys = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(frames);
        Version = version;
        Fps = fps;
        Width = width;
        Height = height;
        Frames = frames;
        MetricKeys = CollectKeys(metricKeys ?? [], frames);
        Pooled = pooled ?? PoolAll(frames, metricKeys is null ? MetricKeys : WithValues(MetricKeys, frames));
        Aggregate = aggregate ?? [];
        Notes = notes ?? [];
    }

    /// <summary>The version string written into the log.</summary>
    public string Version { get; }

    /// <summary>Processing speed in frames per second (libvmaf's <c>fps</c>).</summary>
    public double Fps { get; }

    /// <summary>Frame width.</summary>
    public int Width { get; }

    /// <summary>Frame height.</summary>
    public int Height { get; }

    /// <summary>The frames, in order.</summary>
    public IReadOnlyList<LogFrame> Frames { get; }

    /// <summary>
    /// Every metric key (the CSV columns): in the order of first appearance over the frames, or the order given to the
    /// constructor (libvmaf's feature-collector order) followed by any others.
    /// </summary>
    public IReadOnlyList<string> MetricKeys { get; }

    /// <summary>Pooled values, one entry per metric, in output order.</summary>
    public IReadOnlyList<PooledMetric> Pooled { get; }

    /// <summary>Aggregate metrics, in output order (empty unless PSNR ran with <c>enable_apsnr</c>).</summary>
    public IReadOnlyList<LogMetric> Aggregate { get; }

    /// <summary>
    /// What was done to the inputs (scaling, conversions), one line each. libvmaf has no such field: JSON gets a
    /// <c>notes</c> array and XML a <c>notes</c> element only when there are notes, so a log of plain inputs keeps
    /// libvmaf's exact layout; CSV has no place for them.
    /// </summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// Where this log lies in a whole run when it is a segment log (<c>--frames A:B</c>), else null. Writers put it in
    /// JSON and XML logs; readers read it back.
    /// </summary>
    public LogSegment? Segment { get; init; }

    /// <summary>
    /// The same log with <paramref name="methods"/> beyond libvmaf's four (median, stdev, percentiles) added to
    /// every metric's pooled values, as <see cref="PooledMetric.Extra"/> entries in the order given; libvmaf's four
    /// are always written and are not repeated.
    /// </summary>
    public VmafLog WithPooling(IReadOnlyList<PoolMethod> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        PoolMethod[] extra = methods.Where(m => !m.IsLibvmaf).Distinct().ToArray();
        if (extra.Length == 0)
        {
            return this;
        }

        var pooled = new PooledMetric[Pooled.Count];
        for (int i = 0; i < Pooled.Count; i++)
        {
            string key = Pooled[i].Key;
            double[] values = Values(key);
            LogMetric[] entries = [];
            if (values.Length > 0)
            {
                double[] results = Pooling.Pool(values, extra);
                entries = extra.Select((m, j) => new LogMetric(m.Name, results[j])).ToArray();
            }

            pooled[i] = Pooled[i] with { Extra = entries };
        }

        return new VmafLog(Version, Fps, Width, Height, Frames, pooled, Aggregate, Notes) { Segment = Segment };
    }

    /// <summary>The values of the metric <paramref name="key"/>, in frame order, over the frames that have it.</summary>
    public double[] Values(string key)
    {
        // An array, not a List<double>: CoreLib's image has no List<double>, which was JIT-compiled at every start.
        var values = new double[Frames.Count];
        int count = 0;
        foreach (LogFrame frame in Frames)
        {
            foreach (LogMetric metric in frame.Metrics)
            {
                if (string.Equals(metric.Key, key, StringComparison.Ordinal))
                {
                    values[count++] = metric.Value;
                    break;
                }
            }
        }

        return count == values.Length ? values : values[..count];
    }

    private static string[] CollectKeys(IReadOnlyList<string> first, IReadOnlyList<LogFrame> frames)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (string key in first)
        {
            if (seen.Add(key))
            {
                keys.Add(key);
            }
        }

        foreach (LogFrame frame in frames)
        {
            foreach (LogMetric metric in frame.Metrics)
            {
                if (seen.Add(metric.Key))
                {
                    keys.Add(metric.Key);
                }
            }
        }

        return keys.ToArray();
    }

    /// <summary>The keys of <paramref name="keys"/> that some frame has a value of, in their order.</summary>
    private static string[] WithValues(IReadOnlyList<string> keys, IReadOnlyList<LogFrame> frames)
    {
        var present = new HashSet<string>(frames.SelectMany(f => f.Metrics).Select(m => m.Key), StringComparer.Ordinal);
        return keys.Where(present.Contains).ToArray();
    }

    private static PooledMetric[] PoolAll(IReadOnlyList<LogFrame> frames, IReadOnlyList<string> keys)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Count; i++)
        {
            index[keys[i]] = i;
        }

        var pools = new Pooling.Accumulator[keys.Count];
        foreach (LogFrame frame in frames)
        {
            foreach (LogMetric metric in frame.Metrics)
            {
                pools[index[metric.Key]].Add(metric.Value);
            }
        }

        var pooled = new PooledMetric[keys.Count];
        for (int i = 0; i < keys.Count; i++)
        {
            pooled[i] = new PooledMetric(keys[i], pools[i].Result);
        }

        return pooled;
    }
}
