using System.Reflection;
using System.Text;
using System.Text.Json;
using VmafTiny.Features;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Score.Svm;

/// <summary>libvmaf's model flags (<c>VmafModelFlags</c>), set by the model string's <c>disable_clip</c> and <c>enable_transform</c>.</summary>
[Flags]
public enum ModelFlags
{
    /// <summary>The model as its file says.</summary>
    None = 0,

    /// <summary>Do not clip the score to the model's <c>score_clip</c>.</summary>
    DisableClip = 1,

    /// <summary>Apply the model's <c>score_transform</c> even when it is not enabled in the file.</summary>
    EnableTransform = 2,
}

/// <summary>One input of a model: libvmaf's feature name, the extractor (with options) that computes it, and its log key.</summary>
/// <param name="FeatureName">libvmaf's name, e.g. <c>VMAF_integer_feature_adm2_score</c>.</param>
/// <param name="Extractor">The extractor and options the model asks for (its <c>feature_opts_dicts</c> entry and overloads).</param>
public sealed record ModelFeature(string FeatureName, ExtractorOptions Extractor)
{
    /// <summary>The value's key in logs and in <see cref="FrameFeatures"/>, e.g. <c>integer_adm2_egl_1</c>.</summary>
    public string Key => Extractor.Key(FeatureName);
}

/// <summary>
/// libvmaf's score transform (<c>score_transform</c>): a polynomial p0 + p1·y + p2·y², then a piecewise-linear
/// mapping through knots, then rectification against the untransformed score.
/// </summary>
/// <param name="P0">Constant term, or null when absent.</param>
/// <param name="P1">Linear term, or null.</param>
/// <param name="P2">Quadratic term, or null.</param>
/// <param name="Knots">Piecewise-linear knots (x, y), or null.</param>
/// <param name="OutLteIn">Keep the smaller of transformed and untransformed score.</param>
/// <param name="OutGteIn">Keep the larger of transformed and untransformed score.</param>
public sealed record ScoreTransform(double? P0, double? P1, double? P2, IReadOnlyList<(double X, double Y)>? Knots, bool OutLteIn, bool OutGteIn)
{
    /// <summary>Applies the transform as libvmaf's <c>predict.c: transform</c> does, in the same order of operations.</summary>
    public double Apply(double y)
    {
        double stage = y;
        double output;
        if (P0 is not null || P1 is not null || P2 is not null)
        {
            output = 0.0;
            if (P0 is double p0)
            {
                output += p0;
            }

            if (P1 is double p1)
            {
                output += p1 * stage;
            }

            if (P2 is double p2)
            {
                output += p2 * stage * stage;
            }
        }
        else
        {
            output = stage;
        }

        if (Knots is { } knots)
        {
            output = PiecewiseLinear(output, knots);
        }

        if (OutLteIn)
        {
            output = output > y ? y : output;
        }

        if (OutGteIn)
        {
            output = output < y ? y : output;
        }

        return output;
    }

    /// <summary>Port of <c>predict.c: piecewise_linear_mapping</c> (libvmaf f85a8536); bad knots leave 0, as C's does.</summary>
    private static double PiecewiseLinear(double x, IReadOnlyList<(double X, double Y)> knots)
    {
        if (knots.Count <= 1)
        {
            return x; // C returns an error and leaves the score as it was
        }

        double y = 0.0;
        int segments = knots.Count - 1;
        for (int i = 0; i < segments; i++)
        {
            var (x0, y0) = knots[i];
            var (x1, y1) = knots[i + 1];
            if (!(x0 < x1 && y0 <= y1))
            {
                return y;
            }

            bool cond0 = x0 <= x;
            bool cond1 = x <= x1;
            if (y0 == y1)
            {
                if ((cond0 && cond1) || (i == 0 && x < x0) || (i == segments - 1 && x > x1))
                {
                    y = y0;
                }
            }
            else
            {
                double slope, offset;
                if (x0 == 0)
                {
                    offset = y0;
                    slope = (y1 - offset) / x1;
                }
                else
                {
                    slope = (y1 - y0) / (x1 - x0);
                    offset = y0 - (x0 * slope);
                }

                if ((cond0 && cond1) || (i == 0 && x < x0) || (i == segments - 1 && x > x1))
                {
                    y = (slope * x) + offset;
                }
            }
        }

        return y;
    }
}

/// <summary>
/// A libvmaf model JSON of the LIBSVMNUSVR kind (vmaf_v0.6.1 and its relatives vmaf_v0.6.1neg, vmaf_4k_v0.6.1, ...),
/// restricted to models whose features are the integer extractors' adm2, motion2 and vif_scale0..3 with options
/// vmaf-tiny computes (<see cref="ExtractorOptions"/>). Anything else is refused with a clear error rather than
/// scored wrongly.
/// </summary>
/// <remarks>Port of libvmaf's <c>read_json_model.c</c> and <c>predict.c: vmaf_predict_score_at_index</c> (libvmaf f85a8536).</remarks>
public sealed class VmafSvmModel
{
    /// <summary>The id of the default built-in model.</summary>
    public const string BuiltInId = "vmaf_v0.6.1";

    /// <summary>The built-in libvmaf models (libvmaf's integer models, embedded unchanged).</summary>
    public static readonly IReadOnlyList<string> BuiltInIds = ["vmaf_v0.6.1", "vmaf_v0.6.1neg", "vmaf_4k_v0.6.1", "vmaf_4k_v0.6.1neg"];

    private VmafSvmModel(string id, ModelFeature[] features, double[] slopes, double[] intercepts, LibsvmModel svm,
        ScoreTransform? transform, double clipMin, double clipMax)
    {
        Id = id;
        Features = features;
        Slopes = slopes;
        Intercepts = intercepts;
        Svm = svm;
        Transform = transform;
        ClipMin = clipMin;
        ClipMax = clipMax;
        FeatureOrder = new int[features.Length];
        for (int k = 0; k < features.Length; k++)
        {
            FeatureOrder[k] = Array.IndexOf(FrameFeatures.LogKeys, features[k].Key);
        }
    }

    /// <summary>The model's name (the built-in id, or the file name without extension).</summary>
    public string Id { get; }

    /// <summary>The model's inputs in libsvm order (index 1..n).</summary>
    public IReadOnlyList<ModelFeature> Features { get; }

    /// <summary>
    /// For each input, its index in the six <see cref="FrameFeatures"/> of vmaf_v0.6.1 (adm2, vif_scale0..3, motion2),
    /// or −1 for an input computed with other options (e.g. NEG's <c>integer_adm2_egl_1</c>).
    /// </summary>
    public int[] FeatureOrder { get; }

    /// <summary>The distinct extractors the model needs, in the order libvmaf registers them (first use).</summary>
    public IReadOnlyList<ExtractorOptions> Extractors => Features.Select(f => f.Extractor).DistinctBy(e => e.Identity).ToArray();

    /// <summary>linear_rescale slopes; element 0 is the output's.</summary>
    public double[] Slopes { get; }

    /// <summary>linear_rescale intercepts; element 0 is the output's.</summary>
    public double[] Intercepts { get; }

    /// <summary>The support vector regression.</summary>
    public LibsvmModel Svm { get; }

    /// <summary>The score transform when enabled (by the model or <see cref="ModelFlags.EnableTransform"/>), else null.</summary>
    public ScoreTransform? Transform { get; }

    /// <summary>Lower clip of the score (−∞ when the model has none or the clip is disabled).</summary>
    public double ClipMin { get; }

    /// <summary>Upper clip of the score (+∞ when the model has none or the clip is disabled).</summary>
    public double ClipMax { get; }

    /// <summary>True for a built-in model id (see <see cref="BuiltInIds"/>).</summary>
    public static bool IsBuiltIn(string id) => BuiltInIds.Contains(id, StringComparer.Ordinal);

    /// <summary>A built-in model (libvmaf's JSON, carried as an embedded resource), vmaf_v0.6.1 by default.</summary>
    /// <exception cref="VmafTinyException"><paramref name="id"/> is not built in (the message says what libvmaf has that vmaf-tiny does not).</exception>
    public static VmafSvmModel BuiltIn(string id = BuiltInId, ModelFlags flags = ModelFlags.None)
    {
        if (!IsBuiltIn(id))
        {
            throw new VmafTinyException(NotBuiltIn(id));
        }

        // The digest of libvmaf's JSON (BuiltInModelDigest), not the JSON: a CLI run with a built-in model then never
        // loads System.Text.Json (and System.IO.Pipelines with it), a few milliseconds and 1.5 MiB at every start.
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"VmafTiny.Score.Models.{id}.svm")
            ?? throw new InvalidOperationException($"the built-in {id} model is missing from the assembly");
        using var reader = new StreamReader(stream);
        return BuiltInModelDigest.Read(reader.ReadToEnd(), id, flags);
    }

    /// <summary>libvmaf's JSON of a built-in model (<see cref="BuiltInIds"/>), as embedded, unchanged.</summary>
    public static string BuiltInJson(string id)
    {
        if (!IsBuiltIn(id))
        {
            throw new VmafTinyException(NotBuiltIn(id));
        }

        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"VmafTiny.Score.Models.{id}.json")
            ?? throw new InvalidOperationException($"the built-in {id} model is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Loads a libvmaf model JSON file; throws <see cref="VmafTinyException"/> naming the file if it cannot be used.
    /// With <c>VMAF_TINY_MODEL_DIR</c> set, a file outside that folder (symlinks resolved) is refused, as for ONNX models.
    /// </summary>
    public static VmafSvmModel Load(string path, ModelFlags flags = ModelFlags.None) => Load(path, ModelJail.FromEnvironment(), flags);

    /// <summary>As <see cref="Load(string, ModelFlags)"/>, with an explicit jail folder (null: no jail).</summary>
    /// <remarks>
    /// Files that are not regular files (/dev/zero, a FIFO) and files over <see cref="ModelFile.MaxJsonBytes"/> are
    /// refused before a byte is read.
    /// </remarks>
    public static VmafSvmModel Load(string path, string? jailDirectory, ModelFlags flags = ModelFlags.None)
    {
        string real = ModelJail.Check(path, jailDirectory);
        byte[] bytes = ModelFile.Read(real, ModelFile.MaxJsonBytes, path);
        return Parse(Encoding.UTF8.GetString(bytes), Path.GetFileNameWithoutExtension(path), path, flags);
    }

    /// <summary>Parses model JSON text; <paramref name="source"/> names it in errors.</summary>
    public static VmafSvmModel Parse(string json, string id, string source, ModelFlags flags = ModelFlags.None)
    {
        try
        {
            return Create(id, ReadSpecification(json, flags), flags);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException
                                   or IndexOutOfRangeException or OverflowException or VmafTinyException)
        {
            throw new VmafTinyException($"{source}: not a usable libvmaf SVM model: {e.Message}", e);
        }
    }

    /// <summary>
    /// What a model JSON says (<see cref="Parse"/> without the checks of <see cref="Create"/>); its score_transform is
    /// read only when enabled or asked for by <paramref name="flags"/>, as libvmaf's parse_score_transform.
    /// </summary>
    internal static ModelSpecification ReadSpecification(string json, ModelFlags flags)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        if (doc.RootElement.ValueKind == JsonValueKind.Object && !doc.RootElement.TryGetProperty("model_dict", out _)
            && doc.RootElement.TryGetProperty("0", out _))
        {
            throw new FormatException("it is a model collection (bootstrap models for confidence intervals), which vmaf-tiny does not compute");
        }

        JsonElement model = Required(doc.RootElement, "model_dict");
        string type = Required(model, "model_type").GetString() ?? string.Empty;
        if (type is "BOOTSTRAP_LIBSVMNUSVR" or "RESIDUEBOOTSTRAP_LIBSVMNUSVR")
        {
            throw new FormatException($"model_type '{type}' is a bootstrap model, which vmaf-tiny does not compute (only LIBSVMNUSVR)");
        }

        if (type != "LIBSVMNUSVR")
        {
            throw new FormatException($"model_type '{type}' is not supported (only LIBSVMNUSVR)");
        }

        string norm = model.TryGetProperty("norm_type", out var n) ? n.GetString() ?? "none" : "none";
        if (norm is not ("linear_rescale" or "none"))
        {
            throw new FormatException($"norm_type '{norm}' is not supported");
        }

        if (model.TryGetProperty("chroma_correction_parameter", out _))
        {
            throw new FormatException("chroma_correction_parameter needs libvmaf's adm3 and speed_chroma features, which vmaf-tiny does not compute");
        }

        JsonElement[] nameElements = Elements(Required(model, "feature_names"));
        string[] names = new string[nameElements.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = nameElements[i].GetString() ?? string.Empty;
        }

        JsonElement[] opts = model.TryGetProperty("feature_opts_dicts", out var o) ? Elements(o) : [];
        var options = new KeyValuePair<string, string>[names.Length][];
        for (int i = 0; i < names.Length; i++)
        {
            options[i] = i < opts.Length ? OptionStrings(opts[i]).ToArray() : [];
        }

        bool rescale = norm == "linear_rescale";
        double[]? slopes = rescale ? Doubles(Required(model, "slopes")) : null;
        double[]? intercepts = rescale ? Doubles(Required(model, "intercepts")) : null;
        string libsvm = Required(model, "model").GetString() ?? string.Empty;

        // A transform neither enabled nor asked for is not read (as libvmaf's parse_score_transform), nor a clip disabled.
        TransformSpec? transform = model.TryGetProperty("score_transform", out var t) && (TransformEnabled(t) || flags.HasFlag(ModelFlags.EnableTransform))
            ? ReadTransform(t)
            : null;
        double[]? clip = model.TryGetProperty("score_clip", out var c) && !flags.HasFlag(ModelFlags.DisableClip) ? Doubles(c) : null;
        return new ModelSpecification(names, options, slopes, intercepts, libsvm, transform, clip);
    }

    /// <summary>
    /// What a libvmaf model JSON says, once read (libvmaf's JSON, or the digest of a built-in one): the model the
    /// flags then make of it is <see cref="Create"/>'s.
    /// </summary>
    /// <param name="FeatureNames">feature_names.</param>
    /// <param name="Options">Each feature's feature_opts_dicts entry as option strings (none for a missing entry).</param>
    /// <param name="Slopes">slopes with norm_type linear_rescale, else null.</param>
    /// <param name="Intercepts">intercepts with norm_type linear_rescale, else null.</param>
    /// <param name="Libsvm">The model string (libsvm's text format).</param>
    /// <param name="Transform">score_transform, or null.</param>
    /// <param name="Clip">score_clip, or null.</param>
    internal sealed record ModelSpecification(
        string[] FeatureNames, KeyValuePair<string, string>[][] Options, double[]? Slopes, double[]? Intercepts, string Libsvm,
        TransformSpec? Transform, double[]? Clip);

    /// <summary>A score_transform as the file has it: enabled or not, and the terms of <see cref="ScoreTransform"/>.</summary>
    internal sealed record TransformSpec(bool Enabled, double? P0, double? P1, double? P2, (double X, double Y)[]? Knots, bool OutLteIn, bool OutGteIn);

    /// <summary>The model <paramref name="spec"/> describes, with <paramref name="flags"/> applied (libvmaf's read_json_model.c).</summary>
    internal static VmafSvmModel Create(string id, ModelSpecification spec, ModelFlags flags)
    {
        string[] names = spec.FeatureNames;
        var features = new ModelFeature[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            string extractor = ExtractorOptions.ExtractorOf(names[i]) ?? throw new FormatException(UnknownFeature(names[i]));
            features[i] = new ModelFeature(names[i], ExtractorOptions.Create(extractor, spec.Options[i]));
        }

        double[] slopes, intercepts;
        if (spec.Slopes is not null && spec.Intercepts is not null)
        {
            slopes = spec.Slopes;
            intercepts = spec.Intercepts;
            if (slopes.Length != names.Length + 1 || intercepts.Length != names.Length + 1)
            {
                throw new FormatException("slopes/intercepts do not match the feature count");
            }
        }
        else
        {
            slopes = new double[names.Length + 1];
            intercepts = new double[names.Length + 1];
            for (int i = 0; i < slopes.Length; i++)
            {
                slopes[i] = 1.0;
            }
        }

        LibsvmModel svm = LibsvmModel.Parse(spec.Libsvm, names.Length);

        // Port of read_json_model.c: parse_score_transform: enabled by the file or by the flag.
        ScoreTransform? transform = spec.Transform is { } t && (t.Enabled || flags.HasFlag(ModelFlags.EnableTransform))
            ? new ScoreTransform(t.P0, t.P1, t.P2, t.Knots, t.OutLteIn, t.OutGteIn)
            : null;

        double clipMin = double.NegativeInfinity, clipMax = double.PositiveInfinity;
        if (spec.Clip is { } clip && !flags.HasFlag(ModelFlags.DisableClip))
        {
            if (clip.Length != 2)
            {
                throw new FormatException("score_clip must be [min, max]");
            }

            (clipMin, clipMax) = (clip[0], clip[1]);
        }

        return new VmafSvmModel(id, features, slopes, intercepts, svm, transform, clipMin, clipMax);
    }

    /// <summary>
    /// This model with <paramref name="option"/> set on the extractor <paramref name="extractor"/> of every feature
    /// it computes (libvmaf's <c>vmaf_model_feature_overload</c>; a model string's <c>EXTRACTOR.OPTION=VALUE</c>).
    /// </summary>
    /// <exception cref="VmafTinyException">An option vmaf-tiny does not compute or a value out of range.</exception>
    public VmafSvmModel WithOverload(string extractor, string option, string value)
    {
        var features = Features.Select(f => f.Extractor.Name == extractor ? f with { Extractor = f.Extractor.With(option, value) } : f).ToArray();
        return new VmafSvmModel(Id, features, Slopes, Intercepts, Svm, Transform, ClipMin, ClipMax);
    }

    /// <summary>
    /// Predicts one frame's score from the six vmaf_v0.6.1 features in <see cref="FrameFeatures"/> order (adm2,
    /// vif_scale0..3, motion2). Only for models whose inputs are those (see <see cref="FeatureOrder"/>).
    /// </summary>
    public double Predict(ReadOnlySpan<double> featuresInFrameOrder)
    {
        Span<double> x = stackalloc double[FeatureOrder.Length];
        for (int k = 0; k < x.Length; k++)
        {
            int i = FeatureOrder[k];
            x[k] = i >= 0 ? featuresInFrameOrder[i] : throw new InvalidOperationException($"{Id} needs {Features[k].Key}, not one of the six default features");
        }

        return PredictInputs(x);
    }

    /// <summary>
    /// Predicts one frame's score from its inputs in model order (<see cref="Features"/>) exactly as libvmaf's
    /// vmaf_predict_score_at_index does: linear_rescale, libsvm, denormalise, transform, clip.
    /// </summary>
    public double PredictInputs(ReadOnlySpan<double> inputs)
    {
        Span<double> x = stackalloc double[inputs.Length];
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = (Slopes[k + 1] * inputs[k]) + Intercepts[k + 1];
        }

        double y = (Svm.Predict(x) - Intercepts[0]) / Slopes[0];
        if (Transform is { } transform)
        {
            y = transform.Apply(y);
        }

        // libvmaf: (y < min) ? min : y, then (y > max) ? max : y; NaN stays NaN.
        y = y < ClipMin ? ClipMin : y;
        return y > ClipMax ? ClipMax : y;
    }

    /// <summary>The one-line refusal of a built-in name vmaf-tiny does not have.</summary>
    internal static string NotBuiltIn(string id)
    {
        string known = string.Join(", ", BuiltInIds);
        return id switch
        {
            "vmaf_b_v0.6.3" => $"built-in model {id} is a bootstrap model collection (confidence intervals), which vmaf-tiny does not compute (built in: {known})",
            _ when id.StartsWith("vmaf_float_", StringComparison.Ordinal) =>
                $"built-in model {id} needs libvmaf's float ADM, VIF and motion features, which vmaf-tiny does not compute (built in: {known})",
            _ when id.StartsWith("vmaf_v1.0.16", StringComparison.Ordinal) =>
                $"built-in model {id} is not in libvmaf 3.2.0's default build and needs features vmaf-tiny does not compute (built in: {known})",
            _ => $"no such built-in model '{id}' (built in: {known})",
        };
    }

    private static string UnknownFeature(string name) => name.StartsWith("VMAF_feature_", StringComparison.Ordinal)
        ? $"feature '{name}' needs libvmaf's float extractors, which vmaf-tiny does not compute (it computes the integer adm2, motion2 and vif_scale0..3)"
        : $"feature '{name}' is not one vmaf-tiny computes (integer adm2, motion2, vif_scale0..3)";

    private static IEnumerable<KeyValuePair<string, string>> OptionStrings(JsonElement dict)
    {
        foreach (JsonProperty p in dict.EnumerateObject())
        {
            string value = p.Value.ValueKind switch
            {
                JsonValueKind.Number => p.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.String => p.Value.GetString() ?? string.Empty,
                _ => throw new FormatException($"feature option '{p.Name}' has a value of kind {p.Value.ValueKind}"),
            };
            yield return new KeyValuePair<string, string>(p.Name, value);
        }
    }

    private static bool TransformEnabled(JsonElement t) => t.TryGetProperty("enabled", out var e) && e.ValueKind == JsonValueKind.True;

    /// <summary>Port of <c>read_json_model.c: parse_score_transform</c>'s reading (the flag applies in <see cref="Create"/>).</summary>
    private static TransformSpec ReadTransform(JsonElement t)
    {
        bool enabled = TransformEnabled(t);

        double? Term(string key) => t.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        bool Flag(string key) => t.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == "true";

        (double, double)[]? knots = null;
        if (t.TryGetProperty("knots", out var k) && k.ValueKind == JsonValueKind.Array)
        {
            JsonElement[] points = Elements(k);
            knots = new (double, double)[points.Length];
            for (int i = 0; i < points.Length; i++)
            {
                knots[i] = (points[i][0].GetDouble(), points[i][1].GetDouble());
            }
        }

        return new TransformSpec(enabled, Term("p0"), Term("p1"), Term("p2"), knots, Flag("out_lte_in"), Flag("out_gte_in"));
    }

    // Plain loops, not LINQ: Select over JsonElement (a framework struct) cannot be precompiled (ReadyToRun) and was
    // JIT-compiled at every start.
    private static double[] Doubles(JsonElement array)
    {
        JsonElement[] elements = Elements(array);
        var values = new double[elements.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = elements[i].GetDouble();
        }

        return values;
    }

    /// <summary>The elements of a JSON array (InvalidOperationException for anything else, as EnumerateArray).</summary>
    private static JsonElement[] Elements(JsonElement array)
    {
        var elements = new JsonElement[array.GetArrayLength()];
        for (int i = 0; i < elements.Length; i++)
        {
            elements[i] = array[i];
        }

        return elements;
    }

    /// <summary>A key the model must have; its absence is named (JsonElement.GetProperty would say only "the given key").</summary>
    private static JsonElement Required(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out JsonElement v)
            ? v
            : throw new FormatException(e.ValueKind == JsonValueKind.Object ? $"\"{key}\" is missing" : $"\"{key}\" is missing: not a JSON object");
}
