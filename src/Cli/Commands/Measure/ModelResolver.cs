using VmafTiny.Score;
using VmafTiny.Score.Svm;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Cli.Commands.Measure;

/// <summary>Turns <c>--model</c> into a scorer: a built-in id, a libvmaf model .json, or an .onnx model.</summary>
internal static class ModelResolver
{
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
