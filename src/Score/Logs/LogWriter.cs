namespace VmafTiny.Score.Logs;

/// <summary>The log layouts libvmaf's CLI writes (<c>--json</c>, <c>--xml</c>, <c>--csv</c>, <c>--sub</c>).</summary>
public enum LogFormat
{
    /// <summary>libvmaf's JSON log.</summary>
    Json,

    /// <summary>libvmaf's XML log.</summary>
    Xml,

    /// <summary>libvmaf's CSV log (per-frame values only).</summary>
    Csv,

    /// <summary>libvmaf's subtitle log (MicroDVD lines, per-frame values only).</summary>
    Sub,
}

/// <summary>Writes a <see cref="VmafLog"/> in one of libvmaf's layouts.</summary>
/// <remarks>
/// The writers stream to a <see cref="TextWriter"/> (nothing is built up in memory) and end lines with "\n" on
/// every platform, as libvmaf does. With <see cref="LogPrecision.Libvmaf"/> a log of the same values is the same
/// bytes as libvmaf 3.2.0's file.
/// </remarks>
public static class LogWriter
{
    /// <summary>Writes <paramref name="log"/> to <paramref name="writer"/> in <paramref name="format"/>.</summary>
    /// <remarks>
    /// One walk over the log for every format: header, the frames that have metrics and their metrics, the pooled
    /// metrics, the aggregate metrics, the end. Each format (<see cref="JsonLogWriter"/>, <see cref="XmlLogWriter"/>,
    /// <see cref="CsvLogWriter"/>, <see cref="SubLogWriter"/>) only says how each part is written.
    /// </remarks>
    public static void Write(VmafLog log, TextWriter writer, LogFormat format, LogPrecision precision = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(writer);
        LogFormatWriter w = format switch
        {
            LogFormat.Json => new JsonLogWriter.Format(writer, precision),
            LogFormat.Xml => new XmlLogWriter.Format(writer, precision),
            LogFormat.Csv => new CsvLogWriter.Format(writer, precision),
            LogFormat.Sub => new SubLogWriter.Format(writer, precision),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown log format"),
        };

        w.Begin(log);
        w.BeginFrames(log);
        bool first = true;
        foreach (LogFrame frame in log.Frames)
        {
            IReadOnlyList<LogMetric> metrics = frame.Metrics;
            if (metrics.Count == 0)
            {
                continue;
            }

            w.BeginFrame(frame, first);
            first = false;
            for (int j = 0; j < metrics.Count; j++)
            {
                w.Metric(metrics[j], j, metrics.Count);
            }

            w.EndFrame(frame);
        }

        w.EndFrames();
        w.BeginPooled();
        for (int i = 0; i < log.Pooled.Count; i++)
        {
            w.Pooled(log.Pooled[i], i);
        }

        w.EndPooled();
        w.BeginAggregate();
        for (int i = 0; i < log.Aggregate.Count; i++)
        {
            w.Aggregate(log.Aggregate[i], i, log.Aggregate.Count);
        }

        w.EndAggregate();
        w.End();
    }

    /// <summary>
    /// The format libvmaf's CLI flag or a file extension names: <c>json</c>, <c>xml</c>, <c>csv</c> or <c>sub</c>
    /// (case-insensitive), else null.
    /// </summary>
    public static LogFormat? ParseFormat(string? name) => name?.ToLowerInvariant() switch
    {
        "json" => LogFormat.Json,
        "xml" => LogFormat.Xml,
        "csv" => LogFormat.Csv,
        "sub" => LogFormat.Sub,
        _ => null,
    };

    /// <summary>
    /// One line saying why the model name <paramref name="key"/> cannot key a score in a <paramref name="format"/> log
    /// that reads back as written, or null when it can (score, <c>vmaf</c> and batch refuse such a name before any work).
    /// </summary>
    public static string? KeyRefusal(string key, LogFormat format) => KeyProblem(key, format) is string problem
        ? $"the model name '{Printable.Escape(key)}' {problem}: it cannot key a score in a {format.ToString().ToLowerInvariant()} log"
        : null;

    /// <summary>
    /// Why <paramref name="key"/> (a model's <c>name=</c>) cannot key a metric in a <paramref name="format"/> log that
    /// reads back as written, or null when it can. JSON escapes any key. XML needs an attribute name (libvmaf writes
    /// <c>a b="72.867893"</c> for <c>name=a b</c>, which no XML reader reads); CSV and subtitle lines cannot hold their
    /// separators (<c>,</c>; <c>|</c> and <c>": "</c>) or a line end.
    /// </summary>
    private static string? KeyProblem(string key, LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(key);
        bool lineEnd = key.Contains('\n', StringComparison.Ordinal) || key.Contains('\r', StringComparison.Ordinal);
        return format switch
        {
            LogFormat.Xml when !IsXmlName(key) =>
                "is not an XML attribute name (a letter or '_', then letters, digits, '_', '-' or '.')",
            LogFormat.Csv when lineEnd || key.Contains(',', StringComparison.Ordinal) => "holds a ',' or a line end, which split CSV fields and lines",
            LogFormat.Sub when lineEnd || key.Contains('|', StringComparison.Ordinal) || key.Contains(": ", StringComparison.Ordinal) =>
                "holds a '|', ': ' or a line end, which split subtitle fields and lines",
            _ => null,
        };
    }

    private static bool IsXmlName(string key)
    {
        if (key.Length == 0)
        {
            return false;
        }

        try
        {
            System.Xml.XmlConvert.VerifyNCName(key);
            return true;
        }
        catch (System.Xml.XmlException)
        {
            return false;
        }
    }

    /// <summary>The format a log file's name asks for: <c>.xml</c>, <c>.csv</c>, <c>.sub</c>, anything else JSON (libvmaf's default).</summary>
    public static LogFormat FormatFromPath(string path) => ParseFormat(Path.GetExtension(path).TrimStart('.')) ?? LogFormat.Json;

    /// <summary>
    /// Writes <paramref name="log"/> to the file <paramref name="path"/> (UTF-8, no byte-order mark) by the
    /// output-path rules of <see cref="LogTarget"/>: a regular file is replaced atomically (never half-written), a
    /// device or FIFO is written in place, a symlink's target is written and the link kept, and folders, block
    /// devices and unwritable folders are refused.
    /// </summary>
    public static void WriteFile(VmafLog log, string path, LogFormat format, LogPrecision precision = default) =>
        LogTarget.Open(path).Write(log, format, precision);
}
