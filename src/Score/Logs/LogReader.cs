using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace VmafTiny.Score.Logs;

/// <summary>
/// Reads a per-frame log written by vmaf-tiny, libvmaf's CLI or FFmpeg's libvmaf filter, in any of libvmaf's
/// layouts (JSON, XML, CSV, subtitles), recognised by content rather than by extension.
/// </summary>
/// <remarks>
/// Numbers are read as written: a log printed with <c>%.6f</c> gives those rounded values back. JSON's <c>null</c>,
/// and the other layouts' <c>nan</c>/<c>inf</c> as glibc prints them, read as NaN and infinities. CSV and subtitle logs have no
/// pooled section: its pooled values are computed from the frames (<see cref="Pooling"/>). An empty file named
/// <c>*.sub</c> is libvmaf's subtitle log of no frames (what <c>vmaf -n --sub</c> writes), read as 0 frames as the other
/// layouts' logs of no frames are; any other empty input is refused. Anything else that is not such a log is one <see cref="InputException"/> naming the file
/// and the problem.
/// </remarks>
public static class LogReader
{
    /// <summary>
    /// The largest log read, in bytes (1 GiB: libvmaf's JSON log of every feature is about 1 KiB a frame, so this
    /// is hours of video). A longer file or stream is refused after reading at most this much, so a device such as
    /// <c>/dev/zero</c> or an endless pipe cannot exhaust memory.
    /// </summary>
    public const long MaxLogBytes = 1L << 30;

    /// <summary>The name that reads the log from standard input, as <c>-</c> names stdin for the inputs of every command.</summary>
    public const string StandardInput = "-";

    /// <summary>
    /// Reads the log at <paramref name="path"/>, or from standard input for <see cref="StandardInput"/>;
    /// <paramref name="format"/> says which layout it was in.
    /// </summary>
    /// <exception cref="InputException">The file cannot be read or is not a vmaf log.</exception>
    public static VmafLog ReadFile(string path, out LogFormat format) => ReadFile(path, out format, MaxLogBytes);

    /// <summary>
    /// Reads several logs in order (<see cref="ReadFile(string, out LogFormat)"/>); at most one of them may be
    /// <see cref="StandardInput"/>, which can be read only once (checked before anything is read).
    /// </summary>
    /// <exception cref="InputException">A file cannot be read or is not a vmaf log, or stdin is named twice.</exception>
    public static (VmafLog Log, LogFormat Format)[] ReadFiles(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count(p => p == StandardInput) > 1)
        {
            throw new InputException(StandardInput, "standard input is named more than once; at most one log can be piped");
        }

        var logs = new (VmafLog, LogFormat)[paths.Count];
        for (int i = 0; i < logs.Length; i++)
        {
            VmafLog log = ReadFile(paths[i], out LogFormat format);
            logs[i] = (log, format);
        }

        return logs;
    }

    /// <summary><see cref="ReadFile(string, out LogFormat)"/> with another size limit (tests use a small one).</summary>
    internal static VmafLog ReadFile(string path, out LogFormat format, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path == StandardInput)
        {
            // A stdin the parent closed (<&-) is taken by the first file the runtime opens (its signal pipe): reading
            // that would block for ever.
            if (!VmafTiny.IO.StandardDescriptors.IsInherited(0))
            {
                throw new InputException(path, "standard input is closed");
            }

            LogBytes piped;
            try
            {
                using Stream stdin = Console.OpenStandardInput();
                piped = ReadBounded(stdin, path, maxBytes);
            }
            catch (IOException e)
            {
                throw new InputException(path, $"cannot read the log from standard input: {e.Message}", e);
            }

            return Read(piped, path, out format);
        }

        if (Directory.Exists(path))
        {
            throw new InputException(path, "is a folder, not a log");
        }

        LogBytes text;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            text = ReadBounded(stream, path, maxBytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, "no such file", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException(path, "cannot read the log: permission denied", e);
        }
        catch (IOException e)
        {
            throw new InputException(path, $"cannot read the log: {e.Message}", e);
        }

        return Read(text, path, out format);
    }

    /// <summary>
    /// A log's bytes as read: UTF-8 (a UTF-8 byte order mark skipped, as <see cref="File.ReadAllText(string)"/> does), or
    /// UTF-16 after its byte order mark (<see cref="Utf16"/> set).
    /// </summary>
    private readonly record struct LogBytes(byte[] Buffer, int Offset, int Length, Encoding? Utf16)
    {
        public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(Offset, Length);

        /// <summary>The text, decoded (a JSON log is parsed from <see cref="Memory"/> without it).</summary>
        public string Text => (Utf16 ?? Encoding.UTF8).GetString(Buffer, Offset, Length);
    }

    /// <summary>
    /// Reads a file, pipe or device whole (<see cref="LogBytes"/>), refusing it once it passes <paramref name="maxBytes"/>,
    /// or at once when its first bytes cannot begin a log.
    /// </summary>
    private static LogBytes ReadBounded(Stream stream, string path, long maxBytes)
    {
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw new InputException(path, $"is {stream.Length} bytes, over the {maxBytes} bytes a log may have");
        }

        // A file's size known, one buffer of it (a growing one would copy a large log several times over).
        var bytes = stream.CanSeek ? new MemoryStream((int)Math.Min(stream.Length - stream.Position + 1, maxBytes + 1)) : new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        bool sniffed = false;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (bytes.Length + read > maxBytes)
            {
                throw new InputException(path, $"is over the {maxBytes} bytes a log may have");
            }

            bytes.Write(buffer, 0, read);
            if (!sniffed)
            {
                sniffed = SniffStart(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), path);
            }
        }

        byte[] data = bytes.GetBuffer();
        int length = (int)bytes.Length;
        ReadOnlySpan<byte> all = data.AsSpan(0, length);
        if (all.StartsWith(Encoding.UTF8.Preamble))
        {
            return new LogBytes(data, Encoding.UTF8.Preamble.Length, length - Encoding.UTF8.Preamble.Length, null);
        }

        // A log saved as UTF-16 with its byte order mark (Windows PowerShell 5's '>' and Out-File write it so).
        return Utf16(all) is Encoding utf16 ? new LogBytes(data, 2, length - 2, utf16) : new LogBytes(data, 0, length, null);
    }

    /// <summary>
    /// <see cref="Read(string, string, out LogFormat)"/> of a log read whole: a UTF-8 JSON log is parsed from its bytes (the
    /// text of a 150 MB log would take twice that again, and the parser a UTF-8 copy of it), any other as its text.
    /// </summary>
    private static VmafLog Read(LogBytes bytes, string name, out LogFormat format)
    {
        ReadOnlySpan<byte> start = bytes.Memory.Span.TrimStart(" \t\r\n\v\f"u8);
        if (bytes.Utf16 is null && start.Length > 1 && start[0] == (byte)'{' && !char.IsAsciiDigit((char)start[1]))
        {
            format = LogFormat.Json;

            // The parser checks a string's UTF-8 only when it is read, and then throws InvalidOperationException.
            if (!System.Text.Unicode.Utf8.IsValid(bytes.Memory.Span))
            {
                throw new InputException(name, "not a vmaf JSON log: its bytes are not UTF-8 text");
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(bytes.Memory, JsonOptions);
                return CheckFrameNumbers(ReadJson(doc));
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                throw Refusal(e, name);
            }
        }

        return Read(bytes.Text, name, out format);
    }

    /// <summary>UTF-16 (little or big endian) when <paramref name="head"/> starts with its byte order mark, else null.</summary>
    private static Encoding? Utf16(ReadOnlySpan<byte> head) =>
        head.StartsWith(Encoding.Unicode.Preamble) ? Encoding.Unicode
        : head.StartsWith(Encoding.BigEndianUnicode.Preamble) ? Encoding.BigEndianUnicode
        : null;

    /// <summary>
    /// True once the first byte that is not white space (after a byte order mark) is known; refuses a stream whose
    /// first such byte cannot begin any of the layouts (<c>{</c>, <c>&lt;</c>, <c>F</c> of CSV's <c>Frame,</c>).
    /// </summary>
    private static bool SniffStart(ReadOnlySpan<byte> head, string path)
    {
        if (head.StartsWith(Encoding.UTF8.Preamble))
        {
            head = head[Encoding.UTF8.Preamble.Length..];
        }
        else if (head.Length < Encoding.UTF8.Preamble.Length && Encoding.UTF8.Preamble.StartsWith(head))
        {
            return false;
        }
        else if (Utf16(head) is not null)
        {
            return true; // its text is checked once decoded
        }
        else if (head.Length < 2 && head[0] is 0xFF or 0xFE)
        {
            return false;
        }

        int i = 0;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        if (i == head.Length)
        {
            return false;
        }

        return head[i] is (byte)'{' or (byte)'<' or (byte)'F'
            ? true
            : throw new InputException(path, "not a vmaf log (neither libvmaf's JSON, XML, CSV nor subtitle layout)");
    }

    /// <summary>Reads a log from <paramref name="text"/>; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="InputException">The text is not a vmaf log.</exception>
    public static VmafLog Read(string text, string name, out LogFormat format)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            // libvmaf's subtitle log of no frames (vmaf -n --sub) is an empty file: the other layouts' logs of no
            // frames still have their header, and read as 0 frames too. Any other empty file (a .json cut to nothing,
            // an empty pipe) is no log at all.
            if (!name.EndsWith(".sub", StringComparison.OrdinalIgnoreCase))
            {
                throw new InputException(name, "empty: not a vmaf log (only libvmaf's subtitle log of no frames, a .sub file, is empty)");
            }

            format = LogFormat.Sub;
            return new VmafLog(string.Empty, double.NaN, 0, 0, []);
        }

        ReadOnlySpan<char> start = text.AsSpan().TrimStart();
        try
        {
            if (start.Length > 1 && start[0] == '{' && char.IsAsciiDigit(start[1]))
            {
                format = LogFormat.Sub;
                return CheckFrameNumbers(ReadSub(text));
            }

            if (start.StartsWith("{"))
            {
                format = LogFormat.Json;
                return CheckFrameNumbers(ReadJson(text));
            }

            if (start.StartsWith("<"))
            {
                format = LogFormat.Xml;
                return CheckFrameNumbers(ReadXml(text, name));
            }

            if (start.StartsWith("Frame,", StringComparison.Ordinal))
            {
                format = LogFormat.Csv;
                return CheckFrameNumbers(ReadCsv(text, name));
            }
        }
        catch (Exception e) when (e is JsonException or XmlException or FormatException)
        {
            throw Refusal(e, name);
        }

        throw new InputException(name, "not a vmaf log (neither libvmaf's JSON, XML, CSV nor subtitle layout)");
    }

    /// <summary>The one line for a log whose parser (JSON, XML) or layout check (<see cref="FormatException"/>) failed.</summary>
    private static InputException Refusal(Exception e, string name) => e switch
    {
        JsonException => new InputException(name, $"not a vmaf JSON log: {e.Message}", e),
        XmlException => new InputException(name, $"not a vmaf XML log: {e.Message}", e),
        _ => new InputException(name, $"not a vmaf log: {e.Message}", e),
    };

    /// <summary>
    /// Refuses a log that numbers a frame twice or below zero: frames are matched by number (compare, merge), so
    /// either would pair the wrong values silently.
    /// </summary>
    private static VmafLog CheckFrameNumbers(VmafLog log)
    {
        var seen = new HashSet<int>();
        foreach (LogFrame frame in log.Frames)
        {
            if (frame.FrameNumber < 0)
            {
                throw new FormatException($"frameNum {frame.FrameNumber} is not a frame number");
            }

            if (!seen.Add(frame.FrameNumber))
            {
                throw new FormatException($"frame {frame.FrameNumber} appears twice");
            }
        }

        return log;
    }

    /// <summary>The JSON parser's options for a log: libvmaf's logs nest four deep.</summary>
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };

    private static VmafLog ReadJson(string text)
    {
        using JsonDocument doc = JsonDocument.Parse(text, JsonOptions);
        return ReadJson(doc);
    }

    private static VmafLog ReadJson(JsonDocument doc)
    {
        JsonElement root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("frames", out JsonElement frames) || frames.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("no \"frames\" array");
        }

        string version = root.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
        double fps = root.TryGetProperty("fps", out JsonElement f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : double.NaN;

        var logFrames = new List<LogFrame>(frames.GetArrayLength());
        var keys = new KeyTable();
        foreach (JsonElement frame in frames.EnumerateArray())
        {
            if (frame.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"frame {logFrames.Count} of the \"frames\" array is not an object");
            }

            if (!frame.TryGetProperty("frameNum", out JsonElement number) || number.ValueKind != JsonValueKind.Number || !number.TryGetInt32(out int frameNum))
            {
                throw new FormatException($"frame {logFrames.Count} of the \"frames\" array has no frameNum");
            }

            var metrics = new List<LogMetric>(keys.Count);
            if (frame.TryGetProperty("metrics", out JsonElement m))
            {
                if (m.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"frame {frameNum}: \"metrics\" is not an object");
                }

                foreach (JsonProperty p in m.EnumerateObject())
                {
                    string key = keys.At(metrics.Count, p);
                    metrics.Add(new LogMetric(key, JsonNumber(p.Value, "frame", frameNum, key)));
                }
            }

            logFrames.Add(new LogFrame(frameNum, metrics));
        }

        List<PooledMetric>? pooled = null;
        if (root.TryGetProperty("pooled_metrics", out JsonElement pool) && pool.ValueKind == JsonValueKind.Object)
        {
            pooled = [];
            foreach (JsonProperty metric in pool.EnumerateObject())
            {
                if (metric.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"pooled {metric.Name} is not an object");
                }

                var values = metric.Value.EnumerateObject().Select(p => new LogMetric(p.Name, JsonNumber(p.Value, $"pooled {metric.Name}: {p.Name}"))).ToList();
                pooled.Add(ToPooled(metric.Name, values));
            }
        }

        List<string>? notes = null;
        if (root.TryGetProperty("notes", out JsonElement n) && n.ValueKind == JsonValueKind.Array)
        {
            notes = n.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException("a note is not a string")).ToList();
        }

        LogSegment? segment = root.TryGetProperty("segment", out JsonElement s) ? JsonSegment(s) : null;
        return new VmafLog(version, fps, segment?.Width ?? 0, segment?.Height ?? 0, logFrames, pooled, notes: notes) { Segment = segment };
    }

    private static LogSegment JsonSegment(JsonElement s)
    {
        if (s.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("\"segment\" is not an object");
        }

        int Int(string name) => s.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= 0
            ? i
            : throw new FormatException($"segment: \"{name}\" is not a frame number");
        string Text(string name) => s.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new FormatException($"segment: \"{name}\" is not a string");
        bool last = s.TryGetProperty("last", out JsonElement l) && l.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? l.GetBoolean()
            : throw new FormatException("segment: \"last\" is not true or false");
        var models = new List<LogSegmentModel>();
        if (s.TryGetProperty("models", out JsonElement m) && m.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement model in m.EnumerateArray())
            {
                if (model.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("segment: a model is not an object");
                }

                string key = model.TryGetProperty("key", out JsonElement k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : throw new FormatException("segment: a model has no key");
                string label = model.TryGetProperty("label", out JsonElement b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : key;
                models.Add(new LogSegmentModel(key, label));
            }
        }

        // The files' identities are optional: logs written before they were recorded have none.
        VmafTiny.IO.FileIdentity? File(string name) => !s.TryGetProperty(name, out JsonElement v) ? null
            : v.ValueKind == JsonValueKind.String ? Identity(v.GetString()!, name)
            : throw new FormatException($"segment: \"{name}\" is not a string");
        return new LogSegment(Int("start"), Int("end"), last, Int("width"), Int("height"), Text("reference"), Text("distorted"), Text("settings"))
        {
            Models = models,
            Precision = Text("precision"),
            ReferenceFile = File("reference_file"),
            DistortedFile = File("distorted_file"),
        };
    }

    /// <summary><see cref="JsonNumber(JsonElement, string)"/> for a frame's metric; the message is made only on failure.</summary>
    private static double JsonNumber(JsonElement value, string where, int number, string key) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out double v) && double.IsFinite(v) => v,
        JsonValueKind.Null => double.NaN,
        _ => JsonNumber(value, $"{where} {number}: {key}"),
    };

    private static double JsonNumber(JsonElement value, string what) => value.ValueKind switch
    {
        // JSON cannot write infinity (libvmaf writes null for a non-finite value): a literal that overflows a double
        // (1e400) is a damaged number, not an infinite score.
        JsonValueKind.Number => double.IsFinite(value.GetDouble()) ? value.GetDouble() : throw new FormatException($"{what} is out of range"),
        JsonValueKind.Null => double.NaN,
        _ => throw new FormatException($"{what} is not a number"),
    };

    private static VmafLog ReadXml(string text, string name)
    {
        // CheckCharacters off: a path with a control character is written as a reference (&#1;) that XML 1.0 has no
        // character for; the log's own numbers and names are checked as they are read.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, CheckCharacters = false };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        string version = string.Empty;
        double fps = double.NaN;
        int width = 0, height = 0;
        var frames = new List<LogFrame>();
        List<PooledMetric>? pooled = null;
        List<string>? notes = null;
        LogSegment? segment = null;
        var segmentModels = new List<LogSegmentModel>();
        bool sawRoot = false;
        bool inNote = false;
        while (reader.Read())
        {
            if (inNote && reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
            {
                notes![^1] += reader.Value;
                continue;
            }

            if (reader.NodeType == XmlNodeType.EndElement && reader.Name == "note")
            {
                inNote = false;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.Name)
            {
                case "note":
                    (notes ??= []).Add(string.Empty);
                    inNote = !reader.IsEmptyElement;
                    break;
                case "segment":
                    segment = XmlSegment(reader);
                    break;
                case "model" when segment is not null:
                    segmentModels.Add(new LogSegmentModel(
                        reader.GetAttribute("key") ?? throw new FormatException("segment: a model has no key"),
                        reader.GetAttribute("label") ?? reader.GetAttribute("key")!));
                    break;
                case "VMAF":
                    sawRoot = true;
                    version = reader.GetAttribute("version") ?? string.Empty;
                    break;
                case "params":
                    width = (int)TextNumber(reader.GetAttribute("qualityWidth") ?? "0", "qualityWidth");
                    height = (int)TextNumber(reader.GetAttribute("qualityHeight") ?? "0", "qualityHeight");
                    break;
                case "fyi":
                    fps = TextNumber(reader.GetAttribute("fps") ?? "nan", "fps");
                    break;
                case "frame":
                    frames.Add(ReadXmlFrame(reader));
                    break;
                case "metric":
                    string metricName = reader.GetAttribute("name") ?? throw new FormatException("a pooled metric has no name");
                    var values = new List<LogMetric>();
                    while (reader.MoveToNextAttribute())
                    {
                        if (reader.Name != "name")
                        {
                            values.Add(new LogMetric(reader.Name, TextNumber(reader.Value, $"pooled {metricName}: {reader.Name}")));
                        }
                    }

                    (pooled ??= []).Add(ToPooled(metricName, values));
                    break;
            }
        }

        if (!sawRoot)
        {
            throw new FormatException("no <VMAF> element");
        }

        return new VmafLog(version, fps, width, height, frames, pooled, notes: notes) { Segment = segment is null ? null : segment with { Models = segmentModels } };
    }

    private static LogSegment XmlSegment(XmlReader reader)
    {
        int Int(string name) => int.TryParse(reader.GetAttribute(name), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            ? i
            : throw new FormatException($"segment: {name} is not a frame number");
        string Text(string name) => reader.GetAttribute(name) ?? throw new FormatException($"segment: {name} is missing");
        bool last = Text("last") switch
        {
            "true" => true,
            "false" => false,
            _ => throw new FormatException("segment: last is not true or false"),
        };
        VmafTiny.IO.FileIdentity? File(string name) => reader.GetAttribute(name) is { } text ? Identity(text, name) : null;
        return new LogSegment(Int("start"), Int("end"), last, Int("width"), Int("height"), Text("reference"), Text("distorted"), Text("settings"))
        {
            Precision = Text("precision"),
            ReferenceFile = File("reference_file"),
            DistortedFile = File("distorted_file"),
        };
    }

    private static VmafTiny.IO.FileIdentity Identity(string text, string name)
    {
        try
        {
            return VmafTiny.IO.FileIdentity.Parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"segment: {name} is {e.Message}", e);
        }
    }

    private static LogFrame ReadXmlFrame(XmlReader reader)
    {
        int? frameNum = null;
        var metrics = new List<LogMetric>();
        while (reader.MoveToNextAttribute())
        {
            if (reader.Name == "frameNum")
            {
                frameNum = int.TryParse(reader.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
                    ? n
                    : throw new FormatException($"frameNum '{reader.Value}' is not a frame number");
            }
            else
            {
                metrics.Add(new LogMetric(reader.Name, TextNumber(reader.Value, reader.Name)));
            }
        }

        return new LogFrame(frameNum ?? throw new FormatException("a <frame> has no frameNum"), metrics);
    }

    private static VmafLog ReadCsv(string text, string name)
    {
        string[] lines = text.Split('\n');
        if (lines.Length == 1)
        {
            throw new FormatException("the header line has no line end, as every line libvmaf writes has: the log is cut short");
        }

        string[] header = lines[0].TrimEnd('\r').Split(',');
        int columns = header.Length;
        if (header[^1].Length == 0)
        {
            columns--; // libvmaf ends every line with a comma
        }

        // libvmaf ends every line with a comma: in a log whose header does, a row without one was cut short (a
        // truncated file's last value would otherwise read as a shorter number).
        bool closingComma = columns < header.Length;
        string[] keys = header[1..columns];
        var frames = new List<LogFrame>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length < columns || (fields.Length > columns && fields[columns..].Any(x => x.Length > 0)))
            {
                throw new FormatException($"line {i + 1} has {fields.Length} fields, the header {columns}");
            }

            if (closingComma && fields.Length == columns)
            {
                throw new FormatException($"line {i + 1} does not end with a comma as the header and every line libvmaf writes do: the log is cut short");
            }

            if (!int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int frameNum))
            {
                throw new FormatException($"line {i + 1}: '{fields[0]}' is not a frame number");
            }

            var metrics = new List<LogMetric>(keys.Length);
            for (int c = 0; c < keys.Length; c++)
            {
                string field = fields[c + 1];
                if (field.Length > 0)
                {
                    metrics.Add(new LogMetric(keys[c], TextNumber(field, "line", i + 1, keys[c])));
                }
            }

            frames.Add(new LogFrame(frameNum, metrics));
        }

        return new VmafLog(string.Empty, double.NaN, 0, 0, frames);
    }

    /// <summary>libvmaf's subtitle layout: <c>{n}{n+1}frame: n|key: value|...|</c> per line.</summary>
    private static VmafLog ReadSub(string text)
    {
        var frames = new List<LogFrame>();
        var keys = new KeyTable();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split('|');
            int start = fields[0].IndexOf("frame: ", StringComparison.Ordinal);
            if (!line.StartsWith('{') || start < 0
                || !int.TryParse(fields[0].AsSpan(start + 7), NumberStyles.None, CultureInfo.InvariantCulture, out int frameNum))
            {
                throw new FormatException($"line {i + 1} is not a subtitle line of a vmaf log");
            }

            if (i == lines.Length - 1)
            {
                // libvmaf ends every line with "\n", and a subtitle log has nothing after its frames: a last line
                // without one was cut short, inside a number ("vmaf: 72.86") or between two values.
                throw new FormatException($"line {i + 1} has no line end, as every line libvmaf writes has: the log is cut short");
            }

            var metrics = new List<LogMetric>(keys.Count);
            foreach (string field in fields.Skip(1).Where(f => f.Length > 0))
            {
                int colon = field.IndexOf(": ", StringComparison.Ordinal);
                if (colon < 0) // libvmaf keys an empty name= "" (": 72.867893")
                {
                    throw new FormatException($"line {i + 1}: '{field}' is not 'key: value'");
                }

                string key = keys.At(metrics.Count, field.AsSpan(0, colon));
                metrics.Add(new LogMetric(key, TextNumber(field[(colon + 2)..], "line", i + 1, key)));
            }

            frames.Add(new LogFrame(frameNum, metrics));
        }

        return new VmafLog(string.Empty, double.NaN, 0, 0, frames);
    }

    /// <summary><see cref="TextNumber(string, string)"/> for a value of line <paramref name="number"/>; the message is made only on failure.</summary>
    private static double TextNumber(string text, string where, int number, string key) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : TextNumber(text, $"{where} {number}: {key}");

    /// <summary>A number as printf writes it, including glibc's nan, -nan, inf and -inf.</summary>
    private static double TextNumber(string text, string what) => text switch
    {
        "nan" or "-nan" or "NaN" => double.NaN,
        "inf" or "Infinity" => double.PositiveInfinity,
        "-inf" or "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new FormatException($"{what}: '{text}' is not a number"),
    };

    private static PooledMetric ToPooled(string key, List<LogMetric> values)
    {
        double Get(string n) => values.FirstOrDefault(m => m.Key == n) is { Key: not null } m ? m.Value : double.NaN;
        var known = new HashSet<string>(["min", "max", "mean", "harmonic_mean"], StringComparer.Ordinal);
        return new PooledMetric(key, new PooledValues(Get("min"), Get("max"), Get("mean"), Get("harmonic_mean")))
        {
            Extra = values.Where(m => !known.Contains(m.Key)).ToArray(),
        };
    }

    /// <summary>
    /// The keys of the frame read before, by place: libvmaf writes every frame's keys in one order, so a frame's key that
    /// matches the one at its place reuses that string, and a long log holds each key once, not once per frame.
    /// </summary>
    private sealed class KeyTable
    {
        private readonly List<string> _keys = [];

        /// <summary>How many places are known (a capacity for the next frame's metrics).</summary>
        public int Count => _keys.Count;

        /// <summary>The key at place <paramref name="index"/> of a JSON frame's metrics.</summary>
        public string At(int index, JsonProperty property) =>
            index < _keys.Count && property.NameEquals(_keys[index]) ? _keys[index] : Put(index, property.Name);

        /// <summary>The key at place <paramref name="index"/> of a text line's fields.</summary>
        public string At(int index, ReadOnlySpan<char> name) =>
            index < _keys.Count && name.SequenceEqual(_keys[index]) ? _keys[index] : Put(index, name.ToString());

        private string Put(int index, string key)
        {
            if (index < _keys.Count)
            {
                _keys[index] = key;
            }
            else
            {
                _keys.Add(key);
            }

            return key;
        }
    }
}
