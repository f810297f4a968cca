using System.Text;

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

    /// <summary>The format a log file's name asks for: <c>.xml</c>, <c>.csv</c>, anything else JSON (as libvmaf's default).</summary>
    public static LogFormat FormatFromPath(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".xml" => LogFormat.Xml,
            ".csv" => LogFormat.Csv,
            _ => LogFormat.Json,
        };

    /// <summary>
    /// Writes <paramref name="log"/> to the file <paramref name="path"/> (UTF-8, no byte-order mark), replacing it.
    /// The log is written to a temporary file beside it and renamed into place, so a failed run never leaves a
    /// half-written log behind.
    /// </summary>
    public static void WriteFile(VmafLog log, string path, LogFormat format, LogPrecision precision = default)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new VmafTinyException($"{path}: cannot write the log: the folder {folder} does not exist");
        }

        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
            {
                Write(log, writer, format, precision);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the error below is the one the user needs.
            }

            throw new VmafTinyException($"{path}: cannot write the log: {e.Message}", e);
        }
    }

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
