namespace VmafTiny.Score;

/// <summary>One option a model string sets on the extractors of the model's features: <c>NAME.OPTION=VALUE</c>.</summary>
/// <param name="Extractor">libvmaf's extractor name, e.g. <c>vif</c>.</param>
/// <param name="Option">The option, e.g. <c>vif_enhn_gain_limit</c>.</param>
/// <param name="Value">Its value as written.</param>
public sealed record FeatureOverload(string Extractor, string Option, string Value);

/// <summary>
/// A model as libvmaf's command line names it (<c>-m/--model</c>): a colon-separated list of
/// <c>version=NAME</c> (a built-in model) or <c>path=FILE</c>, <c>name=KEY</c> (the score's key in logs, default
/// <c>vmaf</c>), the flags <c>disable_clip</c> and <c>enable_transform</c>, and <c>EXTRACTOR.OPTION=VALUE</c>
/// overloads of the model's feature extractors, e.g. <c>version=vmaf_v0.6.1:name=v061:vif.vif_enhn_gain_limit=1</c>.
/// </summary>
/// <remarks>Port of <c>tools/cli_parse.c: parse_model_config</c> (libvmaf f85a8536), stricter where libvmaf silently drops text.</remarks>
public sealed record ModelSpec
{
    /// <summary>libvmaf's default name of a model's score in logs.</summary>
    public const string DefaultName = "vmaf";

    /// <summary>A built-in model (<c>version=</c>), or null when <see cref="Path"/> is set.</summary>
    public string? Version { get; init; }

    /// <summary>A model file (<c>path=</c>): a libvmaf <c>.json</c> or a vmaf_tiny-contract <c>.onnx</c>.</summary>
    public string? Path { get; init; }

    /// <summary>The score's key in logs (<c>name=</c>), or null for <see cref="DefaultName"/>.</summary>
    public string? Name { get; init; }

    /// <summary><c>disable_clip</c>: the model's score clip is not applied.</summary>
    public bool DisableClip { get; init; }

    /// <summary><c>enable_transform</c>: the model's score transform is applied even when the model does not enable it.</summary>
    public bool EnableTransform { get; init; }

    /// <summary>Options set on the extractors of the model's features, in the order given.</summary>
    public IReadOnlyList<FeatureOverload> Overloads { get; init; } = [];

    /// <summary>The key of the score in logs: <see cref="Name"/> or <c>vmaf</c>.</summary>
    public string LogKey => Name ?? DefaultName;

    /// <summary>How libvmaf's console line names the model: the version, else the path.</summary>
    public string Label => Version ?? Path ?? DefaultName;

    /// <summary>
    /// Reads libvmaf's model string. A text without <c>=</c> is taken as vmaf-tiny's own <c>--model</c>: a built-in
    /// name, or a file path when it ends in <c>.json</c> or <c>.onnx</c> (so <c>score -m vmaf_v0.6.1</c> keeps working).
    /// </summary>
    /// <exception cref="VmafTinyException">A malformed string (the message names the bad part).</exception>
    public static ModelSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw new VmafTinyException("the model string is empty");
        }

        if (!text.Contains('=', StringComparison.Ordinal) && !IsFlag(text))
        {
            return text.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
                ? new ModelSpec { Path = text }
                : new ModelSpec { Version = text };
        }

        var spec = new ModelSpec();
        var overloads = new List<FeatureOverload>();
        foreach (string part in text.Split(':'))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? part : part[..eq];
            string? value = eq < 0 ? null : part[(eq + 1)..];
            if (value is null)
            {
                // libvmaf: a key without a value is allowed for the two flags only.
                value = IsFlag(key) ? "true" : throw new VmafTinyException($"model string '{text}': bad option '{part}' (expected KEY=VALUE)");
            }
            else if (value.Contains('=', StringComparison.Ordinal))
            {
                throw new VmafTinyException($"model string '{text}': '{part}' has more than one '='");
            }

            switch (key)
            {
                case "path":
                    spec = spec with { Path = NonEmpty(text, key, value) };
                    break;
                case "version":
                    spec = spec with { Version = NonEmpty(text, key, value) };
                    break;
                case "name":
                    // libvmaf takes an empty name and keys the scores "" (its log then has a "" metric).
                    spec = spec with { Name = value };
                    break;
                case "disable_clip":
                    spec = spec with { DisableClip = spec.DisableClip || value == "true" };
                    break;
                case "enable_transform":
                    spec = spec with { EnableTransform = spec.EnableTransform || value == "true" };
                    break;
                default:
                    string[] names = key.Split('.');
                    if (names.Length != 2 || names[0].Length == 0 || names[1].Length == 0)
                    {
                        throw new VmafTinyException(
                            $"model string '{text}': unknown option '{key}' (use path, version, name, disable_clip, enable_transform or EXTRACTOR.OPTION=VALUE)");
                    }

                    overloads.Add(new FeatureOverload(names[0], names[1], value));
                    break;
            }
        }

        if (spec.Version is null && spec.Path is null)
        {
            throw new VmafTinyException($"model string '{text}' names no model: give version=NAME or path=FILE");
        }

        return spec with { Overloads = overloads };
    }

    /// <summary>
    /// SHA-256 (lowercase hex) of the model file's content (an ONNX model's with its sidecar's), read as the loader reads
    /// it (<see cref="ModelFile.Read"/>: regular files under the loader's size caps only); null for a built-in model or a
    /// file that cannot be read (the run that loads it says why).
    /// </summary>
    public string? FileSha256()
    {
        if (Path is null)
        {
            return null;
        }

        bool onnx = Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
        try
        {
            using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            sha.AppendData(ModelFile.Read(Path, onnx ? Tiny.ModelContract.MaxModelBytes : ModelFile.MaxJsonBytes, Path));
            if (onnx)
            {
                string sidecar = System.IO.Path.ChangeExtension(Path, ".json");
                sha.AppendData(ModelFile.Read(sidecar, Tiny.ModelContract.MaxManifestBytes, sidecar));
            }

            return Convert.ToHexStringLower(sha.GetHashAndReset());
        }
        catch (Exception e) when (e is VmafTinyException)
        {
            return null;
        }
    }

    /// <summary>The model string that reads back as this spec.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Version is not null)
        {
            parts.Add("version=" + Version);
        }

        if (Path is not null)
        {
            parts.Add("path=" + Path);
        }

        if (Name is not null)
        {
            parts.Add("name=" + Name);
        }

        if (DisableClip)
        {
            parts.Add("disable_clip");
        }

        if (EnableTransform)
        {
            parts.Add("enable_transform");
        }

        parts.AddRange(Overloads.Select(o => $"{o.Extractor}.{o.Option}={o.Value}"));
        return string.Join(':', parts);
    }

    /// <summary>Equal when every part is, overloads compared in order.</summary>
    public bool Equals(ModelSpec? other) =>
        other is not null && Version == other.Version && Path == other.Path && Name == other.Name && DisableClip == other.DisableClip
        && EnableTransform == other.EnableTransform && Overloads.SequenceEqual(other.Overloads);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Version, Path, Name, DisableClip, EnableTransform, Overloads.Count);

    private static bool IsFlag(string key) => key is "disable_clip" or "enable_transform";

    private static string NonEmpty(string text, string key, string value) =>
        value.Length > 0 ? value : throw new VmafTinyException($"model string '{text}': {key}= is empty");
}
