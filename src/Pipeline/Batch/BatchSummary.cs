using System.Globalization;
using System.Text;
using System.Text.Json;
using VmafTiny.Score.Logs;

namespace VmafTiny.Batch;

/// <summary>
/// The outcome of a batch: one row per pair, in manifest order, written as a CSV table and as JSON (pair, line,
/// reference, distorted, output, status, frames, each model's pooled mean, error). Scores are printed as the console
/// and libvmaf's logs print them (six decimals), so a resumed pair's figures, read back from its log, read the same.
/// </summary>
public sealed class BatchSummary
{
    /// <summary>Creates a summary of <paramref name="results"/> (in manifest order).</summary>
    public BatchSummary(IReadOnlyList<BatchPairResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Results = results;
        Columns = results.SelectMany(r => r.Scores.Select(s => Column(r, s))).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every pair's result, in manifest order.</summary>
    public IReadOnlyList<BatchPairResult> Results { get; }

    /// <summary>The score columns: each model's name, in order of first appearance (<c>NAME/KEY</c> where a pair scores one model twice).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Pairs scored now.</summary>
    public int Ok => Results.Count(r => r.Status == BatchStatus.Ok);

    /// <summary>Pairs skipped because their logs were complete.</summary>
    public int Skipped => Results.Count(r => r.Status == BatchStatus.Skipped);

    /// <summary>Pairs that failed.</summary>
    public int Failed => Results.Count(r => r.Status == BatchStatus.Failed);

    /// <summary>The status as written in the summary: ok, skipped or failed.</summary>
    public static string StatusName(BatchStatus status) => status switch
    {
        BatchStatus.Ok => "ok",
        BatchStatus.Skipped => "skipped",
        _ => "failed",
    };

    /// <summary>The CSV table: a header row, then one row per pair (RFC 4180 quoting).</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(',', new[] { "pair", "line", "reference", "distorted", "output", "status", "frames" }.Concat(Columns).Append("error").Select(Quote)));
        writer.Write('\n');
        foreach (BatchPairResult r in Results)
        {
            var cells = new List<string>
            {
                Int(r.Pair.Number), Int(r.Pair.Line), r.Pair.Reference, r.Pair.Distorted, r.Pair.Output, StatusName(r.Status),
                r.Status == BatchStatus.Failed ? string.Empty : Int(r.Frames),
            };
            cells.AddRange(Columns.Select(c => r.Scores.FirstOrDefault(s => Column(r, s) == c) is { } s ? Number(s.Mean) : string.Empty));
            cells.Add(r.Error ?? string.Empty);
            writer.Write(string.Join(',', cells.Select(Quote)));
            writer.Write('\n');
        }
    }

    /// <summary>The JSON document: counts, then <c>pairs</c>, one object per pair with its scores keyed by model name.</summary>
    public void WriteJson(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("ok", Ok);
            json.WriteNumber("skipped", Skipped);
            json.WriteNumber("failed", Failed);
            json.WriteStartArray("pairs");
            foreach (BatchPairResult r in Results)
            {
                json.WriteStartObject();
                json.WriteNumber("pair", r.Pair.Number);
                json.WriteNumber("line", r.Pair.Line);
                json.WriteString("reference", r.Pair.Reference);
                json.WriteString("distorted", r.Pair.Distorted);
                json.WriteString("output", r.Pair.Output);
                json.WriteString("status", StatusName(r.Status));
                if (r.Status == BatchStatus.Failed)
                {
                    json.WriteNull("frames");
                }
                else
                {
                    json.WriteNumber("frames", r.Frames);
                }

                json.WriteStartObject("scores");
                foreach (BatchScore s in r.Scores)
                {
                    json.WritePropertyName(Column(r, s));
                    if (double.IsFinite(s.Mean))
                    {
                        json.WriteRawValue(Number(s.Mean));
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                }

                json.WriteEndObject();
                if (r.Error is null)
                {
                    json.WriteNull("error");
                }
                else
                {
                    json.WriteString("error", r.Error);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.Write(Encoding.UTF8.GetString(stream.ToArray()).ReplaceLineEndings("\n"));
        writer.Write('\n');
    }

    /// <summary>Writes the CSV table to <paramref name="csvPath"/> and the JSON to <paramref name="jsonPath"/>, each by <see cref="LogTarget"/>'s rules (atomically).</summary>
    public void WriteFiles(string csvPath, string jsonPath)
    {
        LogTarget csv = LogTarget.Open(csvPath, null, "the summary"), json = LogTarget.Open(jsonPath, null, "the summary");
        csv.Write(WriteCsv);
        json.Write(WriteJson);
    }

    private static string Column(BatchPairResult r, BatchScore s) =>
        r.Scores.Count(o => o.Label == s.Label) > 1 ? $"{s.Label}/{s.Key}" : s.Label;

    private static string Int(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Number(double d) => double.IsFinite(d) ? d.ToString("F6", CultureInfo.InvariantCulture) : string.Empty;

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
