using System.Globalization;
using System.Text;
using System.Text.Json;
using VmafTiny.Decode;
using VmafTiny.Score;
using VmafTiny.Score.Logs;

namespace VmafTiny.Batch;

/// <summary>One pair of a batch manifest: what to score, where its log goes, and how.</summary>
/// <param name="Number">The pair's number in the manifest (1 for the first pair, header and blank lines not counted).</param>
/// <param name="Line">The manifest line it came from (1-based), for messages.</param>
/// <param name="Reference">The reference video (relative paths resolved against the manifest's folder).</param>
/// <param name="Distorted">The distorted video.</param>
/// <param name="Output">The pair's log file.</param>
/// <param name="Options">The run's options.</param>
/// <param name="Format">The log's format (<c>format</c>, else from <paramref name="Output"/>'s extension, else JSON).</param>
/// <param name="Precision">The log's numbers (<c>precision</c>; libvmaf's by default, <c>max</c> for a segment).</param>
public sealed record BatchPair(
    int Number, int Line, string Reference, string Distorted, string Output, VmafOptions Options, LogFormat Format, LogPrecision Precision);

/// <summary>
/// Reads a batch manifest: a CSV file with a header row naming the columns <c>reference</c>, <c>distorted</c>,
/// <c>output</c> and, optionally, per-pair options named as the long options of <c>vmaf-tiny score</c>
/// (<see cref="OptionColumns"/>); or JSON lines (one object per line with the same keys; <c>model</c> may be an
/// array). An empty cell leaves the option at its default. Relative paths are resolved against the manifest's
/// folder. Anything wrong (an unknown column, a missing path, a bad value, two pairs writing one log) refuses the
/// whole manifest in one line naming the file and line, before any pair runs.
/// </summary>
public static class BatchManifest
{
    /// <summary>The option columns a manifest may have besides reference, distorted and output.</summary>
    public static readonly IReadOnlyList<string> OptionColumns =
    [
        "model", "format", "precision", "width", "height", "pixel-format", "bitdepth", "threads", "frame-count",
        "frame-skip-ref", "frame-skip-dist", "frames", "subsample", "scale", "no-autorotate",
    ];

    private static readonly string[] Required = ["reference", "distorted", "output"];

    /// <summary>Reads the manifest at <paramref name="path"/> (CSV, or JSON lines when its first character is <c>{</c>).</summary>
    /// <exception cref="InputException">The file cannot be read, or is not a valid manifest.</exception>
    public static IReadOnlyList<BatchPair> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read the manifest: {e.Message}", e);
        }

        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
    }

    /// <summary>
    /// The file <paramref name="path"/> ends at, with the symlinks of every component followed (as the log is written
    /// through them), so two rows naming one log through a link are caught; components that do not exist stay as named.
    /// </summary>
    internal static string RealPath(string path)
    {
        string current = Path.GetFullPath(path);
        for (int hops = 0; hops < 40; hops++)
        {
            string resolved = Path.GetPathRoot(current) ?? "/";
            bool changed = false;
            foreach (string part in current[resolved.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                string next = Path.Combine(resolved, part);
                string? link = new FileInfo(next).LinkTarget;
                changed |= link is not null;
                resolved = link is null ? next : Path.GetFullPath(link, resolved);
            }

            if (!changed)
            {
                return resolved;
            }

            current = resolved;
        }

        return current;
    }

    /// <summary>Reads a manifest from <paramref name="text"/>; <paramref name="name"/> names it in errors, relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="InputException">The text is not a valid manifest.</exception>
    public static IReadOnlyList<BatchPair> Parse(string text, string name, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = text.AsSpan().TrimStart().StartsWith("{") ? JsonRows(text, name) : CsvRows(text, name);
        var pairs = new List<BatchPair>();
        var outputs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, cells) in rows)
        {
            BatchPair pair = ToPair(pairs.Count + 1, line, cells, name, baseDirectory);
            if (outputs.TryGetValue(RealPath(pair.Output), out int other))
            {
                throw new InputException(name, Text($"line {line}: output '{Printable.Escape(pair.Output)}' is also the output of line {other}"));
            }

            outputs[RealPath(pair.Output)] = line;
            pairs.Add(pair);
        }

        if (pairs.Count == 0)
        {
            throw new InputException(name, "the manifest lists no pairs");
        }

        return pairs;
    }

    private static BatchPair ToPair(int number, int line, Dictionary<string, string[]> cells, string name, string baseDirectory)
    {
        string? One(string key)
        {
            if (!cells.TryGetValue(key, out string[]? values) || values.Length == 0)
            {
                return null;
            }

            return values.Length == 1 ? values[0] : throw Bad(line, name, $"'{key}' takes one value");
        }

        string PathOf(string key)
        {
            string value = One(key) ?? throw Bad(line, name, $"no {key}");
            return Path.Combine(baseDirectory, value);
        }

        int? Int(string key, int min, int max)
        {
            string? value = One(key);
            if (value is null)
            {
                return null;
            }

            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
                ? n
                : throw Bad(line, name, $"{key} '{Printable.Escape(value)}' is not a whole number from {min} to {max}");
        }

        string reference = PathOf("reference"), distorted = PathOf("distorted"), output = PathOf("output");
        var options = new VmafOptions();
        if (cells.TryGetValue("model", out string[]? models) && models.Length > 0)
        {
            options = options with { Models = models.Select(m => LooksLikePath(m) ? Path.Combine(baseDirectory, m) : m).ToArray() };
        }

        int? width = Int("width", 1, VideoFormat.MaximumDimension), height = Int("height", 1, VideoFormat.MaximumDimension);
        int? depth = Int("bitdepth", 8, 16);
        string? pixelFormat = One("pixel-format");
        if (width is not null || height is not null || depth is not null || pixelFormat is not null)
        {
            if (width is null || height is null || depth is null || pixelFormat is null)
            {
                throw Bad(line, name, "raw .yuv input needs all of width, height, pixel-format and bitdepth");
            }

            ChromaFormat chroma = pixelFormat switch
            {
                "420" => ChromaFormat.Yuv420,
                "422" => ChromaFormat.Yuv422,
                "444" => ChromaFormat.Yuv444,
                _ => throw Bad(line, name, $"pixel-format '{Printable.Escape(pixelFormat)}' is not 420, 422 or 444"),
            };
            if (depth is not (8 or 10 or 12 or 16))
            {
                throw Bad(line, name, Text($"bitdepth {depth} is not 8, 10, 12 or 16"));
            }

            options = options with { Raw = new RawVideoOptions(width.Value, height.Value, chroma, depth.Value) };
        }

        FrameRange? frames = null;
        if (One("frames") is { } range)
        {
            try
            {
                frames = FrameRange.Parse(range);
            }
            catch (VmafTinyException e)
            {
                throw Bad(line, name, $"frames: {e.Message}");
            }
        }

        options = options with
        {
            Threads = Int("threads", 0, 1024) ?? 0,
            FrameCount = Int("frame-count", 1, int.MaxValue),
            FrameSkipReference = Int("frame-skip-ref", 0, int.MaxValue) ?? 0,
            FrameSkipDistorted = Int("frame-skip-dist", 0, int.MaxValue) ?? 0,
            Subsample = Int("subsample", 1, int.MaxValue) ?? 1,
            Frames = frames,
            Scale = One("scale") switch
            {
                null or "bicubic" => ScaleMode.Bicubic,
                "none" => ScaleMode.None,
                { } other => throw Bad(line, name, $"scale '{Printable.Escape(other)}' is not bicubic or none"),
            },
            AutoRotate = One("no-autorotate") switch
            {
                null or "false" => true,
                "true" => false,
                { } other => throw Bad(line, name, $"no-autorotate '{Printable.Escape(other)}' is not true or false"),
            },
        };

        LogFormat format = One("format") is { } f
            ? LogWriter.ParseFormat(f) ?? throw Bad(line, name, $"format '{Printable.Escape(f)}' is not json, xml, csv or sub")
            : LogWriter.FormatFromPath(output);
        foreach (string model in options.EffectiveModels)
        {
            // A model string the run refuses is refused there, with its reason; here only its key in this log.
            string? key = null;
            try
            {
                key = ModelSpec.Parse(model).LogKey;
            }
            catch (VmafTinyException)
            {
            }

            if (key is not null && LogWriter.KeyRefusal(key, format) is string refusal)
            {
                throw Bad(line, name, refusal);
            }
        }

        LogPrecision precision = frames is null ? LogPrecision.Libvmaf : LogPrecision.Max;
        if (One("precision") is { } p && !LogPrecision.TryParse(p, out precision))
        {
            throw Bad(line, name, $"precision '{Printable.Escape(p)}' is not libvmaf, max or a number of decimals 0..17");
        }

        return new BatchPair(number, line, reference, distorted, output, options, format, precision);
    }

    /// <summary>A model value naming a file (a path with a folder or a model file's extension), not a built-in name or model string.</summary>
    private static bool LooksLikePath(string model) =>
        !model.Contains('=', StringComparison.Ordinal) &&
        (model.Contains('/', StringComparison.Ordinal) || model.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<(int Line, Dictionary<string, string[]> Cells)> CsvRows(string text, string name)
    {
        List<(int Line, List<string> Fields)> records = SplitCsv(text, name);
        if (records.Count == 0)
        {
            throw new InputException(name, "the manifest is empty (it needs a header row: reference,distorted,output[,options...])");
        }

        string[] header = records[0].Fields.Select(h => h.Trim()).ToArray();
        CheckColumns(header, name, records[0].Line);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count != header.Length)
            {
                throw Bad(line, name, Text($"{fields.Count} cells, but the header has {header.Length} columns"));
            }

            var cells = new Dictionary<string, string[]>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++)
            {
                if (fields[i].Length > 0)
                {
                    cells[header[i]] = [fields[i]];
                }
            }

            yield return (line, cells);
        }
    }

    private static void CheckColumns(IReadOnlyCollection<string> columns, string name, int line)
    {
        foreach (string column in columns)
        {
            if (!Required.Contains(column) && !OptionColumns.Contains(column))
            {
                throw Bad(line, name, $"unknown column '{Printable.Escape(column)}' (known: {string.Join(", ", Required.Concat(OptionColumns))})");
            }
        }

        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
        {
            throw Bad(line, name, "a column is named twice");
        }

        foreach (string required in Required)
        {
            if (!columns.Contains(required))
            {
                throw Bad(line, name, $"no '{required}' column (the header needs reference, distorted and output)");
            }
        }
    }

    /// <summary>RFC 4180 records: fields separated by commas, optionally quoted ("" inside quotes is a quote); blank lines skipped.</summary>
    private static List<(int Line, List<string> Fields)> SplitCsv(string text, string name)
    {
        var records = new List<(int, List<string>)>();
        int line = 1, i = 0;
        if (text.StartsWith('\uFEFF'))
        {
            i = 1;
        }

        while (i < text.Length)
        {
            int start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            bool blank = true;
            while (true)
            {
                if (i < text.Length && text[i] == '"')
                {
                    blank = false;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw Bad(start, name, "a quoted cell is not closed");
                        }

                        char c = text[i++];
                        if (c == '"')
                        {
                            if (i < text.Length && text[i] == '"')
                            {
                                field.Append('"');
                                i++;
                                continue;
                            }

                            break;
                        }

                        line += c == '\n' ? 1 : 0;
                        field.Append(c);
                    }

                    if (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                    {
                        throw Bad(line, name, "text after a quoted cell");
                    }
                }
                else
                {
                    while (i < text.Length && text[i] is not (',' or '\n' or '\r'))
                    {
                        blank = false;
                        field.Append(text[i++]);
                    }
                }

                fields.Add(field.ToString());
                field.Clear();
                if (i < text.Length && text[i] == ',')
                {
                    blank = false;
                    i++;
                    continue;
                }

                break;
            }

            if (i < text.Length && text[i] == '\r')
            {
                i++;
            }

            if (i < text.Length && text[i] == '\n')
            {
                i++;
            }

            if (!blank)
            {
                records.Add((start, fields));
            }

            line++;
        }

        return records;
    }

    private static IEnumerable<(int Line, Dictionary<string, string[]> Cells)> JsonRows(string text, string name)
    {
        string[] lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string source = lines[n].Trim();
            if (source.Length == 0)
            {
                continue;
            }

            var cells = new Dictionary<string, string[]>(StringComparer.Ordinal);
            try
            {
                using JsonDocument document = JsonDocument.Parse(source);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw Bad(n + 1, name, "not a JSON object");
                }

                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    cells[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString()!.Length > 0 ? [property.Value.GetString()!] : [],
                        JsonValueKind.Number => [property.Value.GetRawText()],
                        JsonValueKind.Null => [],
                        JsonValueKind.True or JsonValueKind.False when property.Name == "no-autorotate" => [property.Value.GetRawText()],
                        JsonValueKind.Array when property.Name == "model" => property.Value.EnumerateArray()
                            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(n + 1, name, "a model is not a string")).ToArray(),
                        _ => throw Bad(n + 1, name, $"'{Printable.Escape(property.Name)}' is not a string or number"),
                    };
                }
            }
            catch (JsonException e)
            {
                throw Bad(n + 1, name, $"not JSON: {e.Message}");
            }

            CheckColumns(cells.Keys, name, n + 1);
            yield return (n + 1, cells);
        }
    }

    private static InputException Bad(int line, string name, string problem) => new(name, Text($"line {line}: {problem}"));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
