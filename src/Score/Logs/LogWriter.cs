namespace VmafTiny.Score.Logs;

/// <summary>The log layouts libvmaf's CLI writes (<c>--json</c>, <c>--xml</c>, <c>--csv</c>).</summary>
public enum LogFormat
{
    /// <summary>libvmaf's JSON log.</summary>
    Json,

    /// <summary>libvmaf's XML log.</summary>
    Xml,

    /// <summary>libvmaf's CSV log (per-frame values only).</summary>
    Csv,
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
    public static void Write(VmafLog log, TextWriter writer, LogFormat format, LogPrecision precision = default)
    {
        switch (format)
        {
            case LogFormat.Json:
                JsonLogWriter.Write(log, writer, precision);
                break;
            case LogFormat.Xml:
                XmlLogWriter.Write(log, writer, precision);
                break;
            case LogFormat.Csv:
                CsvLogWriter.Write(log, writer, precision);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown log format");
        }
    }

    /// <summary>
    /// Writes <paramref name="log"/> to the file <paramref name="path"/> (UTF-8, no byte-order mark) by the
    /// output-path rules of <see cref="LogTarget"/>: a regular file is replaced atomically (never half-written), a
    /// device or FIFO is written in place, a symlink's target is written and the link kept, and folders, block
    /// devices and unwritable folders are refused.
    /// </summary>
    public static void WriteFile(VmafLog log, string path, LogFormat format, LogPrecision precision = default) =>
        LogTarget.Open(path).Write(log, format, precision);

    /// <summary>Writes a number (see <see cref="LogNumber.Format"/>).</summary>
    internal static void WriteNumber(TextWriter writer, double value, LogPrecision precision, char[] buffer)
    {
        int n = LogNumber.Format(value, precision, buffer);
        writer.Write(buffer, 0, n);
    }

    /// <summary>Writes <c>%.2f</c>, the format of libvmaf's fps at every precision.</summary>
    internal static void WriteFps(TextWriter writer, double value, char[] buffer)
    {
        int n = LogNumber.FormatFixed(value, 2, buffer);
        writer.Write(buffer, 0, n);
    }

    /// <summary>Writes an integer in invariant digits.</summary>
    internal static void WriteInt(TextWriter writer, long value, char[] buffer)
    {
        value.TryFormat(buffer, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        writer.Write(buffer, 0, n);
    }
}
