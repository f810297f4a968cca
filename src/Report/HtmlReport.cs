using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using VmafTiny.Score;
using VmafTiny.Score.Logs;

namespace VmafTiny.Report;

/// <summary>
/// Writes a run's report as one self-contained HTML file: the score and each feature over frames (line charts with
/// a value per frame on hover, zoomable, drawn as a min/max envelope where frames outnumber pixels), the pooled
/// table with percentiles, the worst frames with their timestamps, and the inputs, formats, notes, model and
/// settings.
/// </summary>
/// <remarks>
/// Everything is inside the file: the styles, the script that draws the charts (our own, no library) and the data
/// (as JSON in the page). A Content-Security-Policy forbids every network load, so the page works offline and
/// cannot fetch anything. Numbers are printed as libvmaf prints them in its logs (<c>%.6f</c>), so the worst-frames
/// table and the hover values read the same as the log. Percentiles use <see cref="Pooling.Percentile"/>.
/// </remarks>
public static class HtmlReport
{
    /// <summary>The pooled values every report shows, beside min, max, mean and harmonic mean.</summary>
    public static readonly IReadOnlyList<PoolMethod> StandardPooling = PoolMethod.ParseList("min,p1,p5,p10,p25,median,p75,p95,p99,max,mean,harmonic_mean,stdev");

    /// <summary>Frames in the worst-frames table unless told otherwise.</summary>
    public const int DefaultWorstFrames = 20;

    /// <summary>
    /// Writes the report to <paramref name="path"/> (UTF-8) by the output-path rules of the logs
    /// (<see cref="LogTarget"/>): a regular file is replaced whole through a temporary file renamed into place, so a
    /// failure never leaves half a report; a path that is one of <paramref name="inputs"/> is refused.
    /// </summary>
    /// <exception cref="VmafTinyException">The file cannot be written (the message names it).</exception>
    public static void WriteFile(ReportModel model, string path, int worstFrames = DefaultWorstFrames, IEnumerable<string>? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        LogTarget.Open(path, inputs, "the report").Write(writer => Write(model, writer, worstFrames));
    }

    /// <summary>Writes the report's HTML to <paramref name="writer"/>.</summary>
    public static void Write(ReportModel model, TextWriter writer, int worstFrames = DefaultWorstFrames)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(worstFrames);
        char[] buffer = new char[LogNumber.MaxLength];

        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
        writer.Write($"<meta name=\"generator\" content=\"{Html(Vmaf.LogVersion)}\">\n");
        writer.Write($"<title>vmaf-tiny report: {Html(model.Title)}</title>\n<style>\n");
        writer.Write(Asset("report.css"));
        writer.Write("</style>\n</head>\n<body>\n");
        writer.Write($"<header><h1>vmaf-tiny report</h1><p class=\"sub\">{Html(model.Title)}</p></header>\n");

        WriteSummary(model, writer);

        writer.Write("<section id=\"charts\">\n<h2>Per frame</h2>\n");
        writer.Write("<div class=\"toolbar\"><button id=\"reset\" type=\"button\">Reset zoom</button><span id=\"range\"></span>");
        writer.Write("<span class=\"note\">drag across a chart or use the wheel to zoom; double-click to see all frames</span></div>\n");
        writer.Write("<div id=\"readout\"></div>\n<div id=\"chart-list\"></div>\n</section>\n");

        WritePooled(model, writer, buffer);
        WriteWorst(model, writer, worstFrames, buffer);
        WriteInformation(model, writer);

        writer.Write("<script type=\"application/json\" id=\"vmaf-data\">");
        WriteData(model, writer, buffer);
        writer.Write("</script>\n<script>\n");
        writer.Write(Asset("report.js"));
        writer.Write("</script>\n</body>\n</html>\n");
    }

    /// <summary>The frame indexes of the <paramref name="count"/> lowest scores, lowest first (ties: earlier frame first; NaN left out).</summary>
    public static int[] WorstFrameIndexes(ReportModel model, int count)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.ScoreKey is null)
        {
            return [];
        }

        double[] score = model.Series[0].Value;
        return Enumerable.Range(0, score.Length)
            .Where(i => !double.IsNaN(score[i]))
            .OrderBy(i => score[i])
            .ThenBy(i => model.FrameNumbers[i])
            .Take(count)
            .ToArray();
    }

    /// <summary>A timestamp as the report prints it: <c>m:ss.fff</c>, or <c>h:mm:ss.fff</c> from an hour on.</summary>
    public static string Timestamp(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}.{t.Milliseconds:D3}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:D2}.{t.Milliseconds:D3}");

    private static void WriteSummary(ReportModel model, TextWriter writer)
    {
        writer.Write("<section id=\"summary\" class=\"tiles\">\n");
        Tile(writer, "frames", model.FrameNumbers.Count.ToString(CultureInfo.InvariantCulture));
        if (model.FrameRate > 0 && model.FrameNumbers.Count > 0)
        {
            Tile(writer, "duration", Timestamp(TimeSpan.FromSeconds(model.FrameNumbers.Count / model.FrameRate)));
        }

        if (model.ScoreKey is not null && model.FrameNumbers.Count > 0)
        {
            double[] pooled = model.Pool(model.Series[0].Key, model.Series[0].Value, PoolMethod.ParseList("mean,harmonic_mean,min,p5,median"));
            string[] names = ["mean", "harmonic mean", "min", "p5", "median"];
            for (int i = 0; i < names.Length; i++)
            {
                Tile(writer, $"{model.ScoreKey} {names[i]}", pooled[i].ToString("F3", CultureInfo.InvariantCulture));
            }
        }

        writer.Write("</section>\n");
    }

    private static void Tile(TextWriter writer, string label, string value) =>
        writer.Write($"<div class=\"tile\"><div class=\"v\">{Html(value)}</div><div class=\"k\">{Html(label)}</div></div>\n");

    private static void WritePooled(ReportModel model, TextWriter writer, char[] buffer)
    {
        PoolMethod[] methods = StandardPooling.Concat(model.ExtraPooling).Distinct().ToArray();
        writer.Write("<section id=\"pooled\">\n<h2>Pooled over frames</h2>\n<div class=\"scroll\"><table id=\"pooled-table\">\n<thead><tr><th>metric</th>");
        foreach (PoolMethod m in methods)
        {
            writer.Write($"<th>{Html(m.Name)}</th>");
        }

        writer.Write("</tr></thead>\n<tbody>\n");
        foreach (var (key, values) in model.Series)
        {
            writer.Write($"<tr data-key=\"{Html(key)}\"><td>{Html(key)}</td>");
            double[] pooled = values.Length > 0 ? model.Pool(key, values, methods) : new double[methods.Length];
            foreach (double v in pooled)
            {
                writer.Write("<td>");
                WriteNumber(writer, values.Length > 0 ? v : double.NaN, buffer);
                writer.Write("</td>");
            }

            writer.Write("</tr>\n");
        }

        writer.Write("</tbody></table></div>\n");
        writer.Write("<p class=\"note\">pN is the Nth percentile by linear interpolation between the two nearest ranks (numpy's default, " +
            "Hyndman and Fan type 7); median = p50; stdev is the population standard deviation; harmonic_mean is libvmaf's " +
            "n / &Sigma; 1/(x+1) &minus; 1. min, max, mean and harmonic_mean are the values the log carries.</p>\n</section>\n");
    }

    private static void WriteWorst(ReportModel model, TextWriter writer, int count, char[] buffer)
    {
        writer.Write("<section id=\"worst\">\n");
        if (model.ScoreKey is null)
        {
            writer.Write("<h2>Worst frames</h2>\n<p class=\"note\">No score (features only): no worst frames.</p>\n</section>\n");
            return;
        }

        int[] worst = WorstFrameIndexes(model, count);
        writer.Write($"<h2>The {worst.Length} worst frames by {Html(model.ScoreKey)}</h2>\n");
        writer.Write("<div class=\"scroll\"><table id=\"worst-frames\">\n<thead><tr><th>rank</th><th>frame</th><th>time</th>");
        foreach (var (key, _) in model.Series)
        {
            writer.Write($"<th>{Html(key)}</th>");
        }

        writer.Write("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < worst.Length; r++)
        {
            int i = worst[r];
            int frame = model.FrameNumbers[i];
            string time = model.TimeOf(frame) is TimeSpan t ? Timestamp(t) : "-";
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"<tr data-frame=\"{frame}\"><td>{r + 1}</td><td>{frame}</td><td>{time}</td>"));
            foreach (var (_, values) in model.Series)
            {
                writer.Write("<td>");
                WriteNumber(writer, values[i], buffer);
                writer.Write("</td>");
            }

            writer.Write("</tr>\n");
        }

        writer.Write("</tbody></table></div>\n");
        writer.Write(model.FrameRate > 0
            ? "<p class=\"note\">Times are in the reference, from its frame rate (after the frames skipped at its start). Click a row to zoom the charts to it.</p>\n"
            : "<p class=\"note\">The reference gives no frame rate: no times. Click a row to zoom the charts to it.</p>\n");
        writer.Write("</section>\n");
    }

    private static void WriteInformation(ReportModel model, TextWriter writer)
    {
        writer.Write("<section id=\"run\">\n");
        Info(writer, "Inputs", "inputs", model.Inputs);
        Info(writer, "Model and settings", "settings", model.Settings);
        writer.Write("<h2>Notes</h2>\n");
        if (model.Notes.Count == 0)
        {
            writer.Write("<p class=\"note\" id=\"notes\">None: both inputs were scored as they are.</p>\n");
        }
        else
        {
            writer.Write("<ul class=\"notes\" id=\"notes\">\n");
            foreach (string note in model.Notes)
            {
                writer.Write($"<li>{Html(note)}</li>\n");
            }

            writer.Write("</ul>\n");
        }

        writer.Write(string.Create(
            CultureInfo.InvariantCulture,
            $"<p class=\"note\">Written by {Html(Vmaf.LogVersion)} on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>\n</section>\n"));
    }

    private static void Info(TextWriter writer, string title, string id, IReadOnlyList<ReportItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        writer.Write($"<h2>{Html(title)}</h2>\n<table class=\"info\" id=\"{id}\">\n");
        foreach (ReportItem item in items)
        {
            writer.Write($"<tr><td>{Html(item.Label)}</td><td>{Html(item.Value)}</td></tr>\n");
        }

        writer.Write("</table>\n");
    }

    /// <summary>The chart data: frame numbers, time base and each series, numbers as libvmaf prints them (NaN as null).</summary>
    private static void WriteData(ReportModel model, TextWriter writer, char[] buffer)
    {
        writer.Write("{\"title\":");
        writer.Write(Json(model.Title));
        writer.Write(",\"score\":");
        writer.Write(model.ScoreKey is null ? "null" : Json(model.ScoreKey));
        writer.Write(string.Create(CultureInfo.InvariantCulture, $",\"rate\":{(model.FrameRate > 0 ? model.FrameRate : 0):R},\"offset\":{model.FrameOffset},\"frames\":["));
        for (int i = 0; i < model.FrameNumbers.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(model.FrameNumbers[i].ToString(CultureInfo.InvariantCulture));
        }

        writer.Write("],\"series\":[");
        for (int s = 0; s < model.Series.Count; s++)
        {
            var (key, values) = model.Series[s];
            writer.Write(s > 0 ? ",{\"key\":" : "{\"key\":");
            writer.Write(Json(key));
            writer.Write(",\"values\":[");
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                if (double.IsFinite(values[i]))
                {
                    writer.Write(buffer, 0, LogNumber.Format(values[i], LogPrecision.Libvmaf, buffer));
                }
                else
                {
                    writer.Write("null");
                }
            }

            writer.Write("]}");
        }

        writer.Write("]}");
    }

    private static void WriteNumber(TextWriter writer, double value, char[] buffer)
    {
        if (double.IsNaN(value))
        {
            writer.Write("n/a");
            return;
        }

        writer.Write(buffer, 0, LogNumber.Format(value, LogPrecision.Libvmaf, buffer));
    }

    /// <summary>A JSON string, with &lt;, &gt; and &amp; escaped so it cannot end the script element.</summary>
    private static string Json(string text) => "\"" + JsonEncodedText.Encode(text) + "\"";

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Asset(string name)
    {
        using Stream stream = typeof(HtmlReport).Assembly.GetManifestResourceStream($"VmafTiny.Report.{name}")
            ?? throw new InvalidOperationException($"missing report asset {name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
