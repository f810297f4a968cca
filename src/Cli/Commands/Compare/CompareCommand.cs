using System.Globalization;
using VmafTiny.Score.Compare;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands.Compare;

/// <summary>Runs <c>compare</c>: reads both logs, compares them (<see cref="LogComparison"/>), prints the table.</summary>
internal static class CompareCommand
{
    /// <summary>Exit code when <c>--tolerance</c> is given and exceeded (1 stays bad input, 2 a bad command line).</summary>
    public const int ExitDifferent = 3;

    public static int Run(string first, string second, double? tolerance, TextWriter stdout, TextWriter stderr)
    {
        var logs = LogReader.ReadFiles([first, second]);
        var (a, formatA) = logs[0];
        var (b, formatB) = logs[1];
        LogComparison comparison = LogComparison.Of(a, b, tolerance ?? 0);
        Print(comparison, first, a, formatA, second, b, formatB, stdout);

        if (tolerance is double limit && !comparison.WithinTolerance)
        {
            MetricComparison? worst = comparison.Metrics.MaxBy(m => m.MaxAbsDifference);
            string why = comparison.NothingCompared
                ? "the logs have no metric in common: nothing was compared"
                : worst is not null && double.IsPositiveInfinity(worst.MaxAbsDifference)
                ? Invariant($"{worst.Key} at frame {worst.MaxFrame} is missing or not finite in one log only")
                : worst is not null && worst.MaxAbsDifference > limit
                ? Invariant($"{worst.Key} differs by {Number(worst.MaxAbsDifference)} at frame {worst.MaxFrame}, more than the tolerance {Number(limit)}")
                : "the logs do not have the same frames";
            stderr.WriteLine($"vmaf-tiny: compare: {why}");
            return ExitDifferent;
        }

        return 0;
    }

    private static void Print(LogComparison c, string pathA, VmafLog a, LogFormat formatA, string pathB, VmafLog b, LogFormat formatB, TextWriter stdout)
    {
        stdout.WriteLine(Describe("A", pathA, a, formatA));
        stdout.WriteLine(Describe("B", pathB, b, formatB));
        stdout.WriteLine();

        int width = Math.Max(6, c.Metrics.Select(m => Label(m).Length).DefaultIfEmpty(0).Max());
        stdout.WriteLine($"{"metric".PadRight(width)}  {"frames",7}  {"max |A-B|",12}  {"mean |A-B|",12}  {"at frame",8}  {"first diff",10}");
        foreach (MetricComparison m in c.Metrics)
        {
            stdout.WriteLine(Invariant(
                $"{Label(m).PadRight(width)}  {m.FramesCompared,7}  {Number(m.MaxAbsDifference),12}  {Number(m.MeanAbsDifference),12}  {Frame(m.MaxFrame),8}  {Frame(m.FirstDifferentFrame),10}"));
        }

        if (c.Metrics.Count == 0)
        {
            stdout.WriteLine("(no metric in common)");
        }

        foreach (ScoreAgreement s in c.Scores)
        {
            string name = s.Key == s.OtherKey ? s.Key : $"{s.Key} (A) vs {s.OtherKey} (B)";
            stdout.WriteLine(Invariant($"score {name}: PLCC {Correlation(s.Plcc)}, SROCC {Correlation(s.Srocc)}, RMSE {Number(s.Rmse)} over {s.Frames} frames{Undefined(s)}"));
        }

        if (c.Tolerance > 0)
        {
            stdout.WriteLine(Invariant($"tolerance {Number(c.Tolerance)}: {(c.WithinTolerance ? "within" : "exceeded")}"));
        }

        List("metrics only in A", c.MetricsOnlyInFirst, stdout);
        List("metrics only in B", c.MetricsOnlyInSecond, stdout);
        List("frames only in A", Ranges(c.FramesOnlyInFirst), stdout);
        List("frames only in B", Ranges(c.FramesOnlyInSecond), stdout);
    }

    private static string Describe(string side, string path, VmafLog log, LogFormat format)
    {
        string version = log.Version.Length > 0 ? $", version {log.Version}" : string.Empty;
        return Invariant($"{side}: {path} ({format.ToString().ToLowerInvariant()}{version}, {log.Frames.Count} frames, {log.MetricKeys.Count} metrics)");
    }

    private static string Label(MetricComparison m) => m.Key == m.OtherKey ? m.Key : $"{m.Key} / {m.OtherKey}";

    private static void List(string title, IReadOnlyList<string> items, TextWriter stdout)
    {
        if (items.Count > 0)
        {
            stdout.WriteLine($"{title}: {string.Join(", ", items)}");
        }
    }

    /// <summary>Frame numbers as ranges: 3, 7-9, 12.</summary>
    private static string[] Ranges(IReadOnlyList<int> frames)
    {
        var ranges = new List<string>();
        int[] sorted = frames.Order().ToArray();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            ranges.Add(i == j ? Invariant($"{sorted[i]}") : Invariant($"{sorted[i]}-{sorted[j]}"));
            i = j + 1;
        }

        return ranges.ToArray();
    }

    private static string Frame(int? frame) => frame is int f ? f.ToString(CultureInfo.InvariantCulture) : "-";

    /// <summary>A correlation as six decimals, or "undefined" where it is NaN (never NaN printed as if a number).</summary>
    private static string Correlation(double r) => double.IsNaN(r) ? "undefined" : r.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>Why PLCC or SROCC is undefined, if it is: one frame, a constant score, or a frame without a value.</summary>
    private static string Undefined(ScoreAgreement s) =>
        !double.IsNaN(s.Plcc) && !double.IsNaN(s.Srocc) ? string.Empty
        : s.Frames < 2 ? " (correlation needs at least 2 frames)"
        : double.IsNaN(s.Rmse) ? " (a frame has no value)"
        : " (the score is constant in a log)";

    /// <summary>0 as "0", others with 6 significant digits (differences span 1e-17 to 100).</summary>
    private static string Number(double value) => value == 0 ? "0" : value.ToString("g6", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
