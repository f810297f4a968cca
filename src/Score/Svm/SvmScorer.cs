using VmafTiny.Features;

namespace VmafTiny.Score.Svm;

/// <summary>Scores frames with a libvmaf SVM model (vmaf_v0.6.1 by default), bit for bit as libvmaf does.</summary>
public sealed class SvmScorer(VmafSvmModel model) : IFrameScorer
{
    /// <summary>The model in use.</summary>
    public VmafSvmModel Model { get; } = model;

    /// <inheritdoc/>
    /// <remarks>libvmaf writes the built-in model's score as "vmaf"; another model file is keyed by its name.</remarks>
    public string LogKey => Model.Id == VmafSvmModel.BuiltInId ? "vmaf" : Model.Id;

    /// <inheritdoc/>
    public string Description => $"{Model.Id} (libsvm nu-SVR, {Model.Svm.Coefficients.Length} support vectors)";

    /// <inheritdoc/>
    public IReadOnlyList<ExtractorOptions> Extractors => Model.Extractors;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">A frame lacks one of the model's inputs (the stream was not asked for it).</exception>
    public void Score(ReadOnlySpan<FrameFeatures> frames, Span<double> scores)
    {
        IReadOnlyList<ModelFeature> inputs = Model.Features;
        int[] order = Model.FeatureOrder;
        Span<double> six = stackalloc double[6];
        Span<double> x = stackalloc double[inputs.Count];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i].CopyTo(six);
            for (int k = 0; k < x.Length; k++)
            {
                if (order[k] >= 0 && !double.IsNaN(six[order[k]]))
                {
                    x[k] = six[order[k]];
                }
                else if (!frames[i].TryGet(inputs[k].Key, out x[k]))
                {
                    throw new InvalidOperationException($"frame {frames[i].Index} has no {inputs[k].Key}, which {Model.Id} needs");
                }
            }

            scores[i] = Model.PredictInputs(x);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
