using System.Text.Json;

namespace VmafTiny.Score.Tiny;

/// <summary>
/// <c>registry.json</c>: the trusted list of models in a directory, <c>{"schema_version": 1, "models": [...]}</c>,
/// each entry a <see cref="ModelManifest"/>.
/// </summary>
public sealed class ModelRegistry
{
    /// <summary>The registry file's conventional name.</summary>
    public const string FileName = "registry.json";

    /// <summary>The schema version this code reads and writes.</summary>
    public const int SchemaVersion = 1;

    private ModelRegistry(IReadOnlyList<ModelManifest> models) => Models = models;

    /// <summary>The entries, in file order.</summary>
    public IReadOnlyList<ModelManifest> Models { get; }

    /// <summary>The entry with this id, or null.</summary>
    public ModelManifest? Find(string id) => Models.FirstOrDefault(m => m.Id == id);

    /// <summary>Parses a registry file's bytes; <paramref name="origin"/> names it in error messages.</summary>
    /// <exception cref="VmafTinyException">Not a valid registry.</exception>
    public static ModelRegistry Parse(ReadOnlySpan<byte> utf8, string origin)
    {
        using var doc = ModelManifest.ParseDocument(utf8, origin);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("schema_version", out var v) || !v.TryGetInt32(out var version)
            || !root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
        {
            throw new VmafTinyException($"{origin}: not a model registry (expected an object with 'schema_version' and 'models')");
        }

        if (version != SchemaVersion)
        {
            throw new VmafTinyException($"{origin}: registry schema_version {version} is not supported (expected {SchemaVersion})");
        }

        var list = new List<ModelManifest>();
        foreach (var e in models.EnumerateArray())
        {
            var m = ModelManifest.Parse(e, origin);
            if (list.Any(x => x.Id == m.Id))
            {
                throw new VmafTinyException($"{origin}: model id '{m.Id}' is listed twice");
            }

            list.Add(m);
        }

        return new ModelRegistry(list);
    }

    /// <summary>
    /// Returns registry bytes that hold <paramref name="entry"/>: the entry with the same id in
    /// <paramref name="existing"/> (if any) is replaced, other entries are kept verbatim, all sorted by id.
    /// </summary>
    /// <remarks>Deterministic: the same inputs give the same bytes.</remarks>
    public static byte[] Upsert(ReadOnlySpan<byte> existing, ModelManifest entry, string origin)
    {
        var others = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        using var doc = existing.IsEmpty ? null : ModelManifest.ParseDocument(existing, origin);
        if (doc is not null)
        {
            var registry = Parse(existing, origin); // validates every entry
            var i = 0;
            foreach (var e in doc.RootElement.GetProperty("models").EnumerateArray())
            {
                var id = registry.Models[i++].Id;
                if (id != entry.Id)
                {
                    others[id] = e;
                }
            }
        }

        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, JsonOptions.Writer))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", SchemaVersion);
            w.WriteStartArray("models");
            var written = false;
            foreach (var (id, e) in others)
            {
                if (!written && string.CompareOrdinal(entry.Id, id) < 0)
                {
                    entry.WriteTo(w);
                    written = true;
                }

                e.WriteTo(w);
            }

            if (!written)
            {
                entry.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }
}
