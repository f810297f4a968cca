using VmafTiny.Score.Svm;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Score;

/// <summary>A loaded model ready to score, with the names logs and the console give it.</summary>
/// <param name="Spec">The model string it was loaded from.</param>
/// <param name="Scorer">The scorer (owned: disposing the model disposes it).</param>
public sealed record ScoringModel(ModelSpec Spec, IFrameScorer Scorer) : IDisposable
{
    /// <summary>The score's key in logs: the model string's <c>name=</c>, else <c>vmaf</c> (as libvmaf names every model's score).</summary>
    public string Name => Spec.LogKey;

    /// <summary>The model's id: the built-in name, or the file's model id (SVM: the file name; ONNX: the sidecar's id).</summary>
    public string Id => Scorer switch
    {
        SvmScorer svm => svm.Model.Id,
        OnnxScorer onnx => onnx.Id,
        _ => Spec.Label,
    };

    /// <summary>How vmaf-tiny's summary names the model: <c>name=</c> when given, else <see cref="Id"/>.</summary>
    public string Label => Spec.Name ?? Id;

    /// <inheritdoc/>
    public void Dispose() => Scorer.Dispose();
}

/// <summary>Turns a model name or libvmaf model string into a scorer: a built-in id, a libvmaf model <c>.json</c>, or an <c>.onnx</c> model.</summary>
public static class ModelCatalog
{
    /// <summary>The default model: the bundled vmaf_tiny_v2.</summary>
    public const string DefaultModel = OnnxScorer.BundledId;

    /// <summary>The built-in model ids: vmaf_tiny_v2 and libvmaf's integer models.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [OnnxScorer.BundledId, .. VmafSvmModel.BuiltInIds];

    /// <summary>Loads <paramref name="model"/> (a name, a path or a libvmaf model string); the caller owns (disposes) the scorer.</summary>
    /// <exception cref="VmafTinyException">An unknown name, or a model file that is refused (the message says why).</exception>
    public static IFrameScorer Resolve(string model) => Load(ModelSpec.Parse(model)).Scorer;

    /// <summary>Loads the model <paramref name="spec"/> names, with its flags and extractor overloads applied.</summary>
    /// <exception cref="VmafTinyException">An unknown name, a refused file, or options vmaf-tiny cannot compute (one line saying why).</exception>
    public static ScoringModel Load(ModelSpec spec) => Load(spec, onnxInBackground: false);

    /// <summary>
    /// As <see cref="Load(ModelSpec)"/>; with <paramref name="onnxInBackground"/>, an ONNX model's ONNX Runtime session is
    /// created on a thread-pool thread (<see cref="OnnxScorer.LoadBundled(bool)"/>): every check of the model's file
    /// still throws here, ONNX Runtime's own errors at its first score.
    /// </summary>
    /// <exception cref="VmafTinyException">An unknown name, a refused file, or options vmaf-tiny cannot compute (one line saying why).</exception>
    public static ScoringModel Load(ModelSpec spec, bool onnxInBackground)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ModelFlags flags = (spec.DisableClip ? ModelFlags.DisableClip : 0) | (spec.EnableTransform ? ModelFlags.EnableTransform : 0);
        if (IsOnnx(spec))
        {
            if (flags != ModelFlags.None || spec.Overloads.Count > 0)
            {
                throw new VmafTinyException(
                    $"model '{spec}': disable_clip, enable_transform and extractor options apply to libvmaf's SVM models, not to an ONNX model");
            }

            return new ScoringModel(
                spec,
                spec.Version is not null
                    ? OnnxScorer.LoadBundled(onnxInBackground)
                    : OnnxScorer.Load(spec.Path!, ModelJail.FromEnvironment(), onnxInBackground));
        }

        VmafSvmModel svm;
        if (spec.Version is { } version)
        {
            svm = VmafSvmModel.IsBuiltIn(version) ? VmafSvmModel.BuiltIn(version, flags) : throw new VmafTinyException(Unknown(version));
        }
        else if (spec.Path!.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase))
        {
            throw new VmafTinyException($"{spec.Path}: .pkl models are not supported (libvmaf 2.0 and later read .json models only)");
        }
        else
        {
            svm = VmafSvmModel.Load(spec.Path, flags);
        }

        foreach (FeatureOverload o in spec.Overloads)
        {
            if (!svm.Features.Any(f => f.Extractor.Name == o.Extractor))
            {
                // libvmaf ignores an overload of an extractor the model does not use; saying so avoids a silent typo.
                throw new VmafTinyException($"model '{spec}': {svm.Id} has no feature from extractor '{o.Extractor}' (its extractors: {string.Join(", ", svm.Extractors.Select(e => e.Name))})");
            }

            try
            {
                svm = svm.WithOverload(o.Extractor, o.Option, o.Value);
            }
            catch (VmafTinyException e)
            {
                throw new VmafTinyException($"model '{spec}': {e.Message}", e);
            }
        }

        return new ScoringModel(spec, new SvmScorer(svm));
    }

    /// <summary>True when <paramref name="spec"/> names an ONNX model (the bundled one or an <c>.onnx</c> file), scored through ONNX Runtime.</summary>
    private static bool IsOnnx(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Version == OnnxScorer.BundledId
            || (spec.Version is null && spec.Path!.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The one-line refusal of a model name that is not built in, saying what libvmaf's names need.</summary>
    private static string Unknown(string name)
    {
        string special = VmafSvmModel.NotBuiltIn(name);
        return special.StartsWith("no such built-in model", StringComparison.Ordinal)
            ? $"unknown model '{name}': use {string.Join(", ", BuiltIn)}, a libvmaf model .json or an .onnx file"
            : special;
    }
}
