using VmafTiny.Score.Svm;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Score;

/// <summary>Turns a model name into a scorer: a built-in id, a libvmaf model <c>.json</c>, or an <c>.onnx</c> model.</summary>
public static class ModelCatalog
{
    /// <summary>The default model: the bundled vmaf_tiny_v2.</summary>
    public const string DefaultModel = OnnxScorer.BundledId;

    /// <summary>The built-in model ids.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [OnnxScorer.BundledId, VmafSvmModel.BuiltInId];

    /// <summary>Loads <paramref name="model"/>; the caller owns (disposes) the scorer.</summary>
    /// <exception cref="VmafTinyException">An unknown name, or a model file that is refused (the message says why).</exception>
    public static IFrameScorer Resolve(string model) => model switch
    {
        OnnxScorer.BundledId => OnnxScorer.LoadBundled(),
        VmafSvmModel.BuiltInId => new SvmScorer(VmafSvmModel.BuiltIn()),
        _ when model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) => OnnxScorer.Load(model),
        _ when model.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => new SvmScorer(VmafSvmModel.Load(model)),
        _ => throw new VmafTinyException(
            $"unknown model '{model}': use {OnnxScorer.BundledId}, {VmafSvmModel.BuiltInId}, a libvmaf model .json or an .onnx file"),
    };
}
