using System.Security.Cryptography;
using System.Text.Json;
using VmafTiny.IO;
using VmafTiny.Score.Logs;

namespace VmafTiny.Batch;

/// <summary>
/// What a pair's whole-run log was made of: the record a segment log carries in its <c>segment</c> object (the inputs
/// as given, their identities, every setting that changes values), kept for a whole run's log in a small hidden file
/// beside it, <c>.NAME.vmaf-tiny-source.json</c>, since libvmaf's layouts (JSON, XML, CSV, sub) have no place for it
/// and the log stays the bytes <c>score</c> writes. The record names the log's SHA-256, so it speaks only for the
/// log it was written with: a log written or changed by anything else has no record.
/// </summary>
/// <param name="Reference">The reference as the row gave it.</param>
/// <param name="Distorted">The distorted video as the row gave it.</param>
/// <param name="ReferenceFile">The reference's identity when it was opened (null for a pipe or standard input).</param>
/// <param name="DistortedFile">The distorted video's identity when it was opened.</param>
/// <param name="Settings">The run's <see cref="VmafOptions.ValueSettings"/>.</param>
/// <param name="LogSha256">SHA-256 (lowercase hex) of the log file's bytes.</param>
public sealed record BatchSource(string Reference, string Distorted, FileIdentity? ReferenceFile, FileIdentity? DistortedFile, string Settings, string LogSha256)
{
    /// <summary>The first member of a record file, which says what the file is.</summary>
    private const string Marker = "vmaf_tiny_source";

    /// <summary>A record is a few hundred bytes; anything much larger is not one (and is not read into memory).</summary>
    private const long MaxRecordBytes = 1 << 20;

    /// <summary>The record's path for the log at <paramref name="output"/>: a hidden file beside it.</summary>
    public static string PathFor(string output)
    {
        ArgumentException.ThrowIfNullOrEmpty(output);
        return Path.Combine(Path.GetDirectoryName(output) ?? string.Empty, "." + Path.GetFileName(output) + ".vmaf-tiny-source.json");
    }

    /// <summary>SHA-256 (lowercase hex) of a file's bytes.</summary>
    public static string HashFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// The record beside <paramref name="output"/>, or null when there is none (a log written by <c>score</c>, by an
    /// older vmaf-tiny, or a record that cannot be read: never trusted).
    /// </summary>
    public static BatchSource? Read(string output)
    {
        string path = PathFor(output);
        FileStatus status = FileProbe.Stat(path);
        if (status.Kind != FileKind.Regular || status.Size > MaxRecordBytes)
        {
            return null;
        }

        try
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = json.RootElement;
            string Text(string name) => root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new FormatException($"no \"{name}\"");
            FileIdentity? Identity(string name) => root.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
                ? FileIdentity.Parse(v.GetString()!)
                : null;
            if (!root.TryGetProperty(Marker, out JsonElement version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1)
            {
                return null;
            }

            return new BatchSource(Text("reference"), Text("distorted"), Identity("reference_file"), Identity("distorted_file"), Text("settings"), Text("log_sha256"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Refuses, before any work, a record path where something stands that is not such a record (the tool never
    /// replaces a file it did not create).
    /// </summary>
    /// <exception cref="VmafTinyException">Something else stands at the record's path.</exception>
    public static void CheckPath(string output)
    {
        string path = PathFor(output);
        FileKind kind = FileProbe.Stat(path, followLinks: false).Kind;
        if (kind != FileKind.None && (kind != FileKind.Regular || !IsRecord(path)))
        {
            throw new VmafTinyException($"{path}: is not vmaf-tiny's record of what {output} was made of, and is kept: remove it or write the log elsewhere");
        }
    }

    /// <summary>Writes the record beside <paramref name="output"/> (atomically, by the log output rules).</summary>
    /// <exception cref="VmafTinyException">It cannot be written.</exception>
    public void Write(string output)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber(Marker, 1);
            json.WriteString("reference", Reference);
            json.WriteString("distorted", Distorted);
            if (ReferenceFile is not null)
            {
                json.WriteString("reference_file", ReferenceFile.ToString());
            }

            if (DistortedFile is not null)
            {
                json.WriteString("distorted_file", DistortedFile.ToString());
            }

            json.WriteString("settings", Settings);
            json.WriteString("log_sha256", LogSha256);
            json.WriteEndObject();
        }

        string text = System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        LogTarget.Open(PathFor(output), [Reference, Distorted, output]).Write(writer => writer.Write(text));
    }

    private static bool IsRecord(string path)
    {
        if (FileProbe.Stat(path).Size > MaxRecordBytes)
        {
            return false;
        }

        try
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path));
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(Marker, out _);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }
}
