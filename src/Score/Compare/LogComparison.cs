using VmafTiny.Score.Logs;

namespace VmafTiny.Score.Compare;

/// <summary>How one metric differs between two logs, over the frames both have.</summary>
/// <param name="Key">The metric's key in the first log.</param>
/// <param name="OtherKey">The key in the second log (the same, except for two differently named scores).</param>
/// <param name="FramesCompared">Frames both logs have where either has the metric (a value missing on one side counts as NaN, infinitely far).</param>
/// <param name="MaxAbsDifference">The largest |a − b| (infinity where only one side is NaN or infinite; 0 where both are the same non-finite value).</param>
/// <param name="MeanAbsDifference">The mean of |a − b| over the frames compared.</param>
/// <param name="MaxFrame">The frame number of the largest difference, or null when none differ.</param>
/// <param name="FirstDifferentFrame">The first frame number (in the first log's order) whose difference exceeds the tolerance (any difference at tolerance 0), or null.</param>
public sealed record MetricComparison(
    string Key, string OtherKey, int FramesCompared, double MaxAbsDifference, double MeanAbsDifference, int? MaxFrame, int? FirstDifferentFrame);

/// <summary>Agreement of the two logs' scores: the correlations and error QA engineers quote for a model.</summary>
/// <param name="Key">The score's key in the first log.</param>
/// <param name="OtherKey">Its key in the second log.</param>
/// <param name="Frames">Frames compared.</param>
/// <param name="Plcc">Pearson's linear correlation (NaN when either side is constant).</param>
/// <param name="Srocc">Spearman's rank correlation (NaN when either side is constant).</param>
/// <param name="Rmse">Root mean squared difference.</param>
public sealed record ScoreAgreement(string Key, string OtherKey, int Frames, double Plcc, double Srocc, double Rmse);

/// <summary>
/// Two per-frame logs compared frame by frame (matched by frame number) and metric by metric (matched by key): what
/// <c>vmaf-tiny compare</c> prints. Build one with <see cref="Of"/>.
/// </summary>
public sealed class LogComparison
{
    private LogComparison(
        double tolerance, IReadOnlyList<MetricComparison> metrics, IReadOnlyList<ScoreAgreement> scores,
        IReadOnlyList<string> metricsOnlyInFirst, IReadOnlyList<string> metricsOnlyInSecond,
        IReadOnlyList<int> framesOnlyInFirst, IReadOnlyList<int> framesOnlyInSecond)
    {
        Tolerance = tolerance;
        Metrics = metrics;
        Scores = scores;
        MetricsOnlyInFirst = metricsOnlyInFirst;
        MetricsOnlyInSecond = metricsOnlyInSecond;
        FramesOnlyInFirst = framesOnlyInFirst;
        FramesOnlyInSecond = framesOnlyInSecond;
    }

    /// <summary>The largest difference that does not count as one.</summary>
    public double Tolerance { get; }

    /// <summary>Every metric both logs have, in the first log's order (paired scores included).</summary>
    public IReadOnlyList<MetricComparison> Metrics { get; }

    /// <summary>PLCC, SROCC and RMSE of each score the two logs share (or of their one score each, named differently).</summary>
    public IReadOnlyList<ScoreAgreement> Scores { get; }

    /// <summary>Metric keys only the first log has.</summary>
    public IReadOnlyList<string> MetricsOnlyInFirst { get; }

    /// <summary>Metric keys only the second log has.</summary>
    public IReadOnlyList<string> MetricsOnlyInSecond { get; }

    /// <summary>Frame numbers only the first log has.</summary>
    public IReadOnlyList<int> FramesOnlyInFirst { get; }

    /// <summary>Frame numbers only the second log has.</summary>
    public IReadOnlyList<int> FramesOnlyInSecond { get; }

    /// <summary>
    /// True when the logs agree within <see cref="Tolerance"/>: every shared metric of every shared frame, and the
    /// same frames in both. Metrics only one log has (libvmaf writes more features than vmaf_v0.6.1 uses) do not count,
    /// but logs with metrics and none in common (<see cref="NothingCompared"/>) never agree: nothing was compared.
    /// </summary>
    public bool WithinTolerance =>
        FramesOnlyInFirst.Count == 0 && FramesOnlyInSecond.Count == 0 && !NothingCompared && Metrics.All(m => !(m.MaxAbsDifference > Tolerance));

    /// <summary>True when the logs have metrics but not one in common (a PSNR-only log against a VMAF log).</summary>
    public bool NothingCompared => Metrics.Count == 0 && (MetricsOnlyInFirst.Count > 0 || MetricsOnlyInSecond.Count > 0);

    /// <summary>
    /// Compares <paramref name="first"/> with <paramref name="second"/>. A score (a key starting with <c>vmaf</c>,
    /// as libvmaf names its models' scores) that has a different name in each log (<c>vmaf_tiny_v2</c> and
    /// <c>vmaf</c>) is paired when each log has exactly one score left unpaired.
    /// </summary>
    /// <param name="first">The first log (A).</param>
    /// <param name="second">The second log (B).</param>
    /// <param name="tolerance">Differences up to this are not differences (0: any difference is one).</param>
    public static LogComparison Of(VmafLog first, VmafLog second, double tolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);

        Dictionary<int, LogFrame> secondFrames = IndexFrames(second);
        var firstNumbers = new HashSet<int>(first.Frames.Select(f => f.FrameNumber));
        int[] onlyFirst = first.Frames.Select(f => f.FrameNumber).Where(n => !secondFrames.ContainsKey(n)).Distinct().ToArray();
        int[] onlySecond = second.Frames.Select(f => f.FrameNumber).Where(n => !firstNumbers.Contains(n)).Distinct().ToArray();

        var secondKeys = new HashSet<string>(second.MetricKeys, StringComparer.Ordinal);
        var firstKeys = new HashSet<string>(first.MetricKeys, StringComparer.Ordinal);
        var pairs = first.MetricKeys.Where(secondKeys.Contains).Select(k => (k, k)).ToList();
        var scorePairs = pairs.Where(p => IsScore(p.Item1)).ToList();
        string[] firstScores = first.MetricKeys.Where(k => IsScore(k) && !secondKeys.Contains(k)).ToArray();
        string[] secondScores = second.MetricKeys.Where(k => IsScore(k) && !firstKeys.Contains(k)).ToArray();
        if (firstScores.Length == 1 && secondScores.Length == 1)
        {
            pairs.Add((firstScores[0], secondScores[0]));
            scorePairs.Add((firstScores[0], secondScores[0]));
        }

        var metrics = new List<MetricComparison>();
        var scores = new List<ScoreAgreement>();
        foreach ((string a, string b) in pairs)
        {
            var (valuesA, valuesB, numbers) = Matched(first, secondFrames, a, b);
            metrics.Add(Compare(a, b, valuesA, valuesB, numbers, tolerance));
            if (scorePairs.Contains((a, b)) && valuesA.Length > 0)
            {
                scores.Add(new ScoreAgreement(
                    a, b, valuesA.Length, Agreement.Plcc(valuesA, valuesB), Agreement.Srocc(valuesA, valuesB), Agreement.Rmse(valuesA, valuesB)));
            }
        }

        var paired = new HashSet<string>(pairs.Select(p => p.Item1), StringComparer.Ordinal);
        var pairedSecond = new HashSet<string>(pairs.Select(p => p.Item2), StringComparer.Ordinal);
        return new LogComparison(
            tolerance,
            metrics,
            scores,
            first.MetricKeys.Where(k => !paired.Contains(k)).ToArray(),
            second.MetricKeys.Where(k => !pairedSecond.Contains(k)).ToArray(),
            onlyFirst,
            onlySecond);
    }

    /// <summary>True for a model's score key as libvmaf and vmaf-tiny name them (<c>vmaf</c>, <c>vmaf_tiny_v2</c>, <c>vmaf_4k</c>).</summary>
    public static bool IsScore(string key) => key.StartsWith("vmaf", StringComparison.Ordinal);

    private static Dictionary<int, LogFrame> IndexFrames(VmafLog log)
    {
        var index = new Dictionary<int, LogFrame>(log.Frames.Count);
        foreach (LogFrame frame in log.Frames)
        {
            index.TryAdd(frame.FrameNumber, frame); // a repeated frame number: the first counts
        }

        return index;
    }

    private static (double[] A, double[] B, int[] Numbers) Matched(VmafLog first, Dictionary<int, LogFrame> second, string keyA, string keyB)
    {
        var a = new List<double>();
        var b = new List<double>();
        var numbers = new List<int>();
        var seen = new HashSet<int>();
        foreach (LogFrame frame in first.Frames)
        {
            if (!seen.Add(frame.FrameNumber) || !second.TryGetValue(frame.FrameNumber, out LogFrame? other))
            {
                continue;
            }

            // A value only one side has is a difference, not a frame to skip: the missing one counts as NaN
            // (infinitely far from any number), so --tolerance fails and the correlations are undefined.
            if (TryGet(frame, keyA, out double va) | TryGet(other, keyB, out double vb))
            {
                a.Add(va);
                b.Add(vb);
                numbers.Add(frame.FrameNumber);
            }
        }

        return (a.ToArray(), b.ToArray(), numbers.ToArray());
    }

    private static bool TryGet(LogFrame frame, string key, out double value)
    {
        foreach (LogMetric metric in frame.Metrics)
        {
            if (string.Equals(metric.Key, key, StringComparison.Ordinal))
            {
                value = metric.Value;
                return true;
            }
        }

        value = double.NaN;
        return false;
    }

    private static MetricComparison Compare(string keyA, string keyB, double[] a, double[] b, int[] numbers, double tolerance)
    {
        double max = 0, sum = 0;
        int? maxFrame = null, first = null;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Difference(a[i], b[i]);
            sum += d;
            if (d > max)
            {
                max = d;
                maxFrame = numbers[i];
            }

            if (first is null && d > tolerance)
            {
                first = numbers[i];
            }
        }

        return new MetricComparison(keyA, keyB, a.Length, max, a.Length > 0 ? sum / a.Length : 0, maxFrame, first);
    }

    /// <summary>|a − b|, with the same non-finite value on both sides counting as equal and a lone one as infinitely far.</summary>
    private static double Difference(double a, double b)
    {
        if (double.IsFinite(a) && double.IsFinite(b))
        {
            return Math.Abs(a - b);
        }

        return a.Equals(b) ? 0 : double.PositiveInfinity;
    }
}
