using VmafTiny.Score;
using VmafTiny.Score.Svm;

namespace VmafTiny.Cli.Commands.Measure;

/// <summary>Turns <c>--model</c> into a scorer: a built-in id, a libvmaf model .json, or an .onnx model.</summary>
internal static class ModelResolver
{
    public static IFrameScorer Resolve(string model) => model switch
    {
        VmafSvmModel.BuiltInId => new SvmScorer(VmafSvmModel.BuiltIn()),
        _ when model.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => new SvmScorer(VmafSvmModel.Load(model)),
        _ => throw new VmafTinyException($"unknown model '{model}': use vmaf_tiny_v2, vmaf_v0.6.1, a libvmaf model .json or an .onnx file"),
    };
}
