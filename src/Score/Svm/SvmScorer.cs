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
    public void Score(ReadOnlySpan<FrameFeatures> frames, Span<double> scores)
    {
        Span<double> f = stackalloc double[6];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i].CopyTo(f);
            scores[i] = Model.Predict(f);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
