using System.Reflection;
using System.Text;
using System.Text.Json;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Score.Svm;

/// <summary>
/// A libvmaf model JSON of the LIBSVMNUSVR kind (vmaf_v0.6.1 and its relatives), restricted to models whose
/// features are the integer extractors' adm2, motion2 and vif_scale0..3 with default options: those are the
/// features vmaf-tiny computes. Anything else is refused with a clear error rather than scored wrongly.
/// </summary>
public sealed class VmafSvmModel
{
    /// <summary>The id of the built-in model.</summary>
    public const string BuiltInId = "vmaf_v0.6.1";

    // libvmaf feature names → index in FrameFeatures order (adm2, vif_scale0..3, motion2).
    private static readonly Dictionary<string, int> KnownFeatures = new(StringComparer.Ordinal)
    {
        ["VMAF_integer_feature_adm2_score"] = 0,
        ["VMAF_integer_feature_vif_scale0_score"] = 1,
        ["VMAF_integer_feature_vif_scale1_score"] = 2,
        ["VMAF_integer_feature_vif_scale2_score"] = 3,
        ["VMAF_integer_feature_vif_scale3_score"] = 4,
        ["VMAF_integer_feature_motion2_score"] = 5,
    };

    private VmafSvmModel(string id, int[] featureOrder, double[] slopes, double[] intercepts, LibsvmModel svm,
        double[]? transform, bool transformOutGteIn, double clipMin, double clipMax)
    {
        Id = id;
        FeatureOrder = featureOrder;
        Slopes = slopes;
        Intercepts = intercepts;
        Svm = svm;
        Transform = transform;
        TransformOutGteIn = transformOutGteIn;
        ClipMin = clipMin;
        ClipMax = clipMax;
    }

    /// <summary>The model's name (file name without extension, or the built-in id).</summary>
    public string Id { get; }

    /// <summary>For each model input (libsvm index 1..n), the index into the FrameFeatures order.</summary>
    public int[] FeatureOrder { get; }

    /// <summary>linear_rescale slopes; element 0 is the output's.</summary>
    public double[] Slopes { get; }

    /// <summary>linear_rescale intercepts; element 0 is the output's.</summary>
    public double[] Intercepts { get; }

    /// <summary>The support vector regression.</summary>
    public LibsvmModel Svm { get; }

    /// <summary>Polynomial score transform p0, p1, p2 when the model enables it, else null.</summary>
    public double[]? Transform { get; }

    /// <summary>With the transform: keep the larger of transformed and untransformed score.</summary>
    public bool TransformOutGteIn { get; }

    /// <summary>Lower clip of the score.</summary>
    public double ClipMin { get; }

    /// <summary>Upper clip of the score.</summary>
    public double ClipMax { get; }

    /// <summary>The built-in vmaf_v0.6.1 model (libvmaf's JSON, carried as an embedded resource).</summary>
    public static VmafSvmModel BuiltIn()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("VmafTiny.Score.Models.vmaf_v0.6.1.json")
            ?? throw new InvalidOperationException("the built-in vmaf_v0.6.1 model is missing from the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), BuiltInId, "built-in vmaf_v0.6.1");
    }

    /// <summary>
    /// Loads a libvmaf model JSON file; throws <see cref="VmafTinyException"/> naming the file if it cannot be used.
    /// With <c>VMAF_TINY_MODEL_DIR</c> set, a file outside that folder (symlinks resolved) is refused, as for ONNX models.
    /// </summary>
    public static VmafSvmModel Load(string path) => Load(path, ModelJail.FromEnvironment());

    /// <summary>As <see cref="Load(string)"/>, with an explicit jail folder (null: no jail).</summary>
    /// <remarks>
    /// Files that are not regular files (/dev/zero, a FIFO) and files over <see cref="ModelFile.MaxJsonBytes"/> are
    /// refused before a byte is read.
    /// </remarks>
    public static VmafSvmModel Load(string path, string? jailDirectory)
    {
        string real = ModelJail.Check(path, jailDirectory);
        byte[] bytes = ModelFile.Read(real, ModelFile.MaxJsonBytes, path);
        return Parse(Encoding.UTF8.GetString(bytes), Path.GetFileNameWithoutExtension(path), path);
    }

    /// <summary>Parses model JSON text; <paramref name="source"/> names it in errors.</summary>
    public static VmafSvmModel Parse(string json, string id, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the file is not a JSON object");
            }

            if (!doc.RootElement.TryGetProperty("model_dict", out JsonElement model))
            {
                throw new FormatException(doc.RootElement.TryGetProperty("0", out _)
                    ? "it is a bootstrap set of models (keys \"0\", \"1\"...), which vmaf-tiny does not score; use vmaf_v0.6.1 or a single-model libvmaf .json"
                    : "it has no \"model_dict\" (is it a libvmaf model?)");
            }

            string type = Required(model, "model_type").GetString() ?? string.Empty;
            if (type != "LIBSVMNUSVR")
            {
                throw new FormatException($"model_type '{type}' is not supported (only LIBSVMNUSVR)");
            }

            string norm = model.TryGetProperty("norm_type", out var n) ? n.GetString() ?? "none" : "none";
            if (norm is not ("linear_rescale" or "none"))
            {
                throw new FormatException($"norm_type '{norm}' is not supported");
            }

            CheckFeatureOptions(model);
            string[] names = Required(model, "feature_names").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray();
            int[] order = names.Select(name => KnownFeatures.TryGetValue(name, out int i)
                ? i
                : throw new FormatException($"feature '{name}' is not one vmaf-tiny computes (integer adm2, motion2, vif_scale0..3)")).ToArray();

            double[] slopes, intercepts;
            if (norm == "linear_rescale")
            {
                slopes = Doubles(Required(model, "slopes"));
                intercepts = Doubles(Required(model, "intercepts"));
                if (slopes.Length != names.Length + 1 || intercepts.Length != names.Length + 1)
                {
                    throw new FormatException("slopes/intercepts do not match the feature count");
                }
            }
            else
            {
                slopes = Enumerable.Repeat(1.0, names.Length + 1).ToArray();
                intercepts = new double[names.Length + 1];
            }

            LibsvmModel svm = LibsvmModel.Parse(Required(model, "model").GetString() ?? string.Empty, names.Length);

            double[]? transform = null;
            bool outGteIn = false;
            if (model.TryGetProperty("score_transform", out var t) && IsTrue(t, "enabled"))
            {
                transform = [Number(t, "p0"), Number(t, "p1"), Number(t, "p2")];
                outGteIn = IsTrue(t, "out_gte_in");
            }

            double clipMin = double.NegativeInfinity, clipMax = double.PositiveInfinity;
            if (model.TryGetProperty("score_clip", out var clip))
            {
                double[] c = Doubles(clip);
                if (c.Length != 2)
                {
                    throw new FormatException("score_clip must be [min, max]");
                }

                (clipMin, clipMax) = (c[0], c[1]);
            }

            return new VmafSvmModel(id, order, slopes, intercepts, svm, transform, outGteIn, clipMin, clipMax);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException
                                   or IndexOutOfRangeException or OverflowException)
        {
            throw new VmafTinyException($"{source}: not a usable libvmaf SVM model: {e.Message}", e);
        }
    }

    /// <summary>
    /// Predicts one frame's score exactly as libvmaf's vmaf_predict_score_at_index does: linear_rescale,
    /// libsvm, denormalise, optional transform, clip.
    /// </summary>
    public double Predict(ReadOnlySpan<double> featuresInFrameOrder)
    {
        Span<double> x = stackalloc double[FeatureOrder.Length];
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = (Slopes[k + 1] * featuresInFrameOrder[FeatureOrder[k]]) + Intercepts[k + 1];
        }

        double y = (Svm.Predict(x) - Intercepts[0]) / Slopes[0];
        if (Transform is { } p)
        {
            double z = p[0] + (p[1] * y) + (p[2] * y * y);
            y = TransformOutGteIn && z < y ? y : z;
        }

        return Math.Clamp(y, ClipMin, ClipMax);
    }

    private static void CheckFeatureOptions(JsonElement model)
    {
        if (!model.TryGetProperty("feature_dict", out var dict))
        {
            return;
        }

        foreach (var extractor in dict.EnumerateObject())
        {
            if (extractor.Name != "VMAF_integer_feature")
            {
                throw new FormatException($"feature extractor '{extractor.Name}' is not supported (vmaf-tiny has the integer extractors only)");
            }
        }

        if (model.TryGetProperty("feature_opts_dicts", out var opts)
            && opts.EnumerateArray().Any(o => o.EnumerateObject().Any()))
        {
            throw new FormatException("per-feature options are not supported (vmaf-tiny runs the extractors with libvmaf's defaults)");
        }
    }

    private static bool IsTrue(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && (v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.String && v.GetString() == "true"));

    private static double Number(JsonElement e, string key) => Required(e, key).GetDouble();

    private static JsonElement Required(JsonElement e, string key) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out JsonElement v)
            ? v
            : throw new FormatException($"\"{key}\" is missing");

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
