using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Svm;

namespace VmafTiny.Native;

/// <summary>
/// <c>VmafModel</c>: a model loaded through <see cref="ModelCatalog"/> from the model string libvmaf's arguments amount
/// to (version or path, the config's name and flags, overloads added later), and the features it reads, by the
/// keys the feature collector stores them under.
/// </summary>
internal sealed class NativeModel : IDisposable
{
    private NativeModel(ModelSpec spec, ScoringModel model)
    {
        Spec = spec;
        Model = model;
        Inputs = InputsOf(model.Scorer);
    }

    /// <summary>The model string this model is (with every overload applied so far).</summary>
    public ModelSpec Spec { get; private set; }

    /// <summary>The loaded model.</summary>
    public ScoringModel Model { get; private set; }

    /// <summary>The name its scores are stored and logged under (the config's name, default <c>vmaf</c>).</summary>
    public string Name => Spec.LogKey;

    /// <summary>The model's inputs by their log keys (<c>integer_adm2</c>, <c>integer_adm2_egl_1</c>, ...), as the scorer reads them.</summary>
    public IReadOnlyList<string> Inputs { get; private set; }

    /// <summary>The extractors the model needs, in libvmaf's registration order.</summary>
    public IReadOnlyList<ExtractorOptions> Extractors => Model.Scorer.Extractors;

    /// <summary>Loads <paramref name="spec"/>.</summary>
    /// <exception cref="VmafTinyException">The model is unknown, refused or needs what vmaf-tiny does not compute.</exception>
    public static NativeModel Load(ModelSpec spec) => new(spec, ModelCatalog.Load(spec));

    /// <summary>
    /// libvmaf's <c>vmaf_model_feature_overload</c>: sets <paramref name="options"/> on every feature of the model that
    /// extractor <paramref name="extractor"/> computes, by loading the model again with the overloads added.
    /// </summary>
    public void Overload(string extractor, IReadOnlyList<KeyValuePair<string, string>> options)
    {
        ModelSpec spec = Spec with
        {
            Overloads = [.. Spec.Overloads, .. options.Select(o => new FeatureOverload(extractor, o.Key, o.Value))],
        };
        ScoringModel model = ModelCatalog.Load(spec);
        Model.Dispose();
        Model = model;
        Spec = spec;
        Inputs = InputsOf(model.Scorer);
    }

    /// <inheritdoc/>
    public void Dispose() => Model.Dispose();

    private static string[] InputsOf(IFrameScorer scorer) => scorer is SvmScorer svm
        ? svm.Model.Features.Select(f => f.Key).ToArray()
        : FrameFeatures.LogKeys;
}
