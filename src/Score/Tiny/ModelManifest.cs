using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VmafTiny.Score.Tiny;

/// <summary>
/// What a model's sidecar JSON (<c>NAME.json</c> beside <c>NAME.onnx</c>) and its <c>registry.json</c> entry
/// say about it: identity, file, sha256 of the file's bytes, the I/O contract, the scaler and notes.
/// </summary>
/// <remarks>
/// The JSON layout is the lusoris/vmaf sidecar's (snake_case keys), so its upstream <c>vmaf_tiny_v2.json</c>
/// reads unchanged. <see cref="InputMean"/> and <see cref="InputStd"/> are documentation: the graph carries
/// its own copy, covered by <see cref="Sha256"/>.
/// </remarks>
public sealed partial record ModelManifest
{
    /// <summary>The model's id; also its score key in logs.</summary>
    public required string Id { get; init; }

    /// <summary>"fr" (full reference).</summary>
    public required string Kind { get; init; }

    /// <summary>The ONNX file's name, relative to the manifest's directory.</summary>
    public required string Onnx { get; init; }

    /// <summary>The ONNX opset the graph imports.</summary>
    public required int Opset { get; init; }

    /// <summary>Lower-case hex sha256 of the ONNX file's bytes.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The graph's input name.</summary>
    public required string InputName { get; init; }

    /// <summary>The graph's input shape (-1: symbolic batch).</summary>
    public required IReadOnlyList<long> InputShape { get; init; }

    /// <summary>The graph's output name.</summary>
    public required string OutputName { get; init; }

    /// <summary>The graph's output shape (-1: symbolic batch).</summary>
    public required IReadOnlyList<long> OutputShape { get; init; }

    /// <summary>Feature names in input order.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>The scaler's mean per feature (as baked into the graph).</summary>
    public required IReadOnlyList<double> InputMean { get; init; }

    /// <summary>The scaler's standard deviation per feature (as baked into the graph).</summary>
    public required IReadOnlyList<double> InputStd { get; init; }

    /// <summary>Free text: provenance, recipe, validation figures.</summary>
    public string Notes { get; init; } = "";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    /// <summary>Parses one manifest object; <paramref name="origin"/> names the file in error messages.</summary>
    /// <exception cref="VmafTinyException">A key is missing, has the wrong type or an invalid value.</exception>
    public static ModelManifest Parse(JsonElement e, string origin)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new VmafTinyException($"{origin}: a model entry must be a JSON object");
        }

        var m = new ModelManifest
        {
            Id = String(e, "id", origin),
            Kind = String(e, "kind", origin),
            Onnx = String(e, "onnx", origin),
            Opset = (int)Integer(e, "opset", origin, 1, 1000),
            Sha256 = String(e, "sha256", origin).ToLowerInvariant(),
            InputName = String(e, "input_name", origin),
            InputShape = Integers(e, "input_shape", origin),
            OutputName = String(e, "output_name", origin),
            OutputShape = Integers(e, "output_shape", origin),
            Features = Strings(e, "features", origin),
            InputMean = Numbers(e, "input_mean", origin),
            InputStd = Numbers(e, "input_std", origin),
            Notes = e.TryGetProperty("notes", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "",
        };
        if (!IdPattern().IsMatch(m.Id))
        {
            throw new VmafTinyException($"{origin}: model id '{m.Id}' is not a valid id (letters, digits, '_', '.', '+', '-')");
        }

        if (!Sha256Pattern().IsMatch(m.Sha256))
        {
            throw new VmafTinyException($"{origin}: 'sha256' of model '{m.Id}' is not 64 hex digits");
        }

        if (m.Onnx.Length == 0 || m.Onnx != Path.GetFileName(m.Onnx) || m.Onnx is "." or "..")
        {
            throw new VmafTinyException($"{origin}: 'onnx' of model '{m.Id}' must be a plain file name, not '{m.Onnx}'");
        }

        return m;
    }

    /// <summary>Parses a sidecar file's bytes (one manifest object).</summary>
    public static ModelManifest ParseSidecar(ReadOnlySpan<byte> utf8, string origin)
    {
        using var doc = ParseDocument(utf8, origin);
        return Parse(doc.RootElement, origin);
    }

    /// <summary>
    /// Checks that the manifest declares exactly <see cref="ModelContract"/>: kind, input/output names and shapes,
    /// feature order, and a scaler of the right length.
    /// </summary>
    /// <exception cref="VmafTinyException">The first difference, as one line.</exception>
    public void CheckContract(string origin)
    {
        // Each problem is put into words only when it is one (the text is built from generic LINQ and string.Join
        // over longs, which the precompiled CLI would otherwise JIT-compile on every start with an ONNX model).
        Require(Kind == ModelContract.Kind, origin, () => $"kind is '{Kind}', expected '{ModelContract.Kind}'");
        Require(InputName == ModelContract.InputName, origin, () => $"input_name is '{InputName}', expected '{ModelContract.InputName}'");
        Require(OutputName == ModelContract.OutputName, origin, () => $"output_name is '{OutputName}', expected '{ModelContract.OutputName}'");
        Require(ModelContract.SameShape(InputShape, ModelContract.InputShape), origin,
            () => $"input_shape is {ShapeText(InputShape)}, expected {ShapeText(ModelContract.InputShape)}");
        Require(ModelContract.SameShape(OutputShape, ModelContract.OutputShape), origin,
            () => $"output_shape is {ShapeText(OutputShape)}, expected {ShapeText(ModelContract.OutputShape)}");
        Require(Features.SequenceEqual(ModelContract.Features), origin,
            () => $"features are [{string.Join(", ", Features)}], expected [{string.Join(", ", ModelContract.Features)}]");
        Require(InputMean.Count == ModelContract.FeatureCount && InputStd.Count == ModelContract.FeatureCount, origin,
            () => $"input_mean and input_std must have {ModelContract.FeatureCount} values each");
    }

    /// <summary>Writes the manifest as one JSON object, keys in a fixed order (byte-for-byte reproducible).</summary>
    /// <remarks>Scaler values are written as float32 (shortest round trip): exactly the constants in the graph.</remarks>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("id", Id);
        w.WriteString("kind", Kind);
        w.WriteString("onnx", Onnx);
        w.WriteNumber("opset", Opset);
        w.WriteString("sha256", Sha256);
        w.WriteString("input_name", InputName);
        WriteArray(w, "input_shape", InputShape, (x, v) => x.WriteNumberValue(v));
        w.WriteString("output_name", OutputName);
        WriteArray(w, "output_shape", OutputShape, (x, v) => x.WriteNumberValue(v));
        WriteArray(w, "features", Features, (x, v) => x.WriteStringValue(v));
        WriteArray(w, "input_mean", InputMean, (x, v) => x.WriteNumberValue((float)v));
        WriteArray(w, "input_std", InputStd, (x, v) => x.WriteNumberValue((float)v));
        w.WriteString("notes", Notes);
        w.WriteEndObject();
    }

    /// <summary>The manifest as a sidecar file's bytes (indented, '\n' line ends, final newline).</summary>
    public byte[] ToSidecarBytes()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, JsonOptions.Writer))
        {
            WriteTo(w);
        }

        ms.WriteByte((byte)'\n');
        return ms.ToArray();
    }

    internal static JsonDocument ParseDocument(ReadOnlySpan<byte> utf8, string origin)
    {
        try
        {
            return JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new VmafTinyException($"{origin}: not valid JSON ({OneLine(ex.Message)})", ex);
        }
    }

    internal static string ShapeText(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    internal static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    private static void Require(bool ok, string origin, Func<string> problem)
    {
        if (!ok)
        {
            throw new VmafTinyException($"{origin}: model does not match the vmaf_tiny contract: {problem()}");
        }
    }

    private static void WriteArray<T>(Utf8JsonWriter w, string name, IEnumerable<T> values, Action<Utf8JsonWriter, T> write)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            write(w, v);
        }

        w.WriteEndArray();
    }

    private static JsonElement Property(JsonElement e, string name, JsonValueKind kind, string origin)
    {
        if (!e.TryGetProperty(name, out var p) || p.ValueKind != kind)
        {
            var what = kind switch
            {
                JsonValueKind.String => "a string",
                JsonValueKind.Number => "a number",
                _ => "an array",
            };
            throw new VmafTinyException($"{origin}: key '{name}' is missing or not {what}");
        }

        return p;
    }

    private static string String(JsonElement e, string name, string origin) =>
        Property(e, name, JsonValueKind.String, origin).GetString()!;

    private static long Integer(JsonElement e, string name, string origin, long min, long max)
    {
        var p = Property(e, name, JsonValueKind.Number, origin);
        if (!p.TryGetInt64(out var v) || v < min || v > max)
        {
            throw new VmafTinyException($"{origin}: key '{name}' must be an integer in [{min}, {max}]");
        }

        return v;
    }

    private static long[] Integers(JsonElement e, string name, string origin)
    {
        var p = Property(e, name, JsonValueKind.Array, origin);
        var r = new long[p.GetArrayLength()];
        var i = 0;
        foreach (var x in p.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Number || !x.TryGetInt64(out r[i++]))
            {
                throw new VmafTinyException($"{origin}: key '{name}' must be an array of integers");
            }
        }

        return r;
    }

    private static double[] Numbers(JsonElement e, string name, string origin)
    {
        var p = Property(e, name, JsonValueKind.Array, origin);
        var r = new double[p.GetArrayLength()];
        var i = 0;
        foreach (var x in p.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Number || !x.TryGetDouble(out r[i]) || !double.IsFinite(r[i]))
            {
                throw new VmafTinyException($"{origin}: key '{name}' must be an array of finite numbers");
            }

            i++;
        }

        return r;
    }

    private static string[] Strings(JsonElement e, string name, string origin)
    {
        var p = Property(e, name, JsonValueKind.Array, origin);
        var r = new string[p.GetArrayLength()];
        var i = 0;
        foreach (var x in p.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.String)
            {
                throw new VmafTinyException($"{origin}: key '{name}' must be an array of strings");
            }

            r[i++] = x.GetString()!;
        }

        return r;
    }
}

/// <summary>JSON settings shared by the manifest and registry writers.</summary>
internal static class JsonOptions
{
    /// <summary>
    /// Indented, '\n' line ends on every OS, so written files are the same bytes everywhere; only what JSON
    /// requires is escaped (these files are never embedded in HTML), so notes read as written.
    /// </summary>
    public static readonly JsonWriterOptions Writer = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
