using System.CommandLine;
using VmafTiny.Decode;

namespace VmafTiny.Cli.Commands.Measure;

/// <summary>Definitions of <c>score</c> (features and a model's score) and <c>features</c> (features only, libvmaf's -n).</summary>
internal static class MeasureCommandDefinition
{
    public const string DefaultModel = VmafTiny.Score.Tiny.OnnxScorer.BundledId;

    public static readonly Option<string[]> Model = new("--model", "-m")
    {
        Description = "vmaf_tiny_v2 (default), vmaf_v0.6.1 (libvmaf's SVM), vmaf_v0.6.1neg, vmaf_4k_v0.6.1, vmaf_4k_v0.6.1neg, a libvmaf model .json, " +
                      "an .onnx model with its sidecar .json, or a libvmaf model string (version=...:name=...); repeat for several models " +
                      "(each needs its own name=, the key of its score in the log: default vmaf)",
        DefaultValueFactory = _ => [DefaultModel],
        HelpName = "NAME|PATH|MODEL-STRING",
    };

    public static Command CreateScore(TextWriter stdout, TextWriter stderr)
    {
        var reference = CommonOptions.Reference();
        var distorted = CommonOptions.Distorted();
        var command = new Command("score", "Compute the vmaf_v0.6.1 features of every frame and score them with a model");
        command.Arguments.Add(reference);
        command.Arguments.Add(distorted);
        command.Options.Add(Model);
        CommonOptions.AddTo(command);
        command.SetAction(r => MeasureCommand.Run(Read(r, reference, distorted) with { Models = r.GetValue(Model) ?? [DefaultModel] }, stdout, stderr));
        return command;
    }

    public static Command CreateFeatures(TextWriter stdout, TextWriter stderr)
    {
        var reference = CommonOptions.Reference();
        var distorted = CommonOptions.Distorted();
        var command = new Command("features", "Compute the six vmaf_v0.6.1 features of every frame (and any --feature, e.g. psnr), without a score (libvmaf's -n)");
        command.Arguments.Add(reference);
        command.Arguments.Add(distorted);
        CommonOptions.AddTo(command);
        command.SetAction(r => MeasureCommand.Run(Read(r, reference, distorted), stdout, stderr));
        return command;
    }

    private static MeasureSettings Read(ParseResult r, Argument<string> reference, Argument<string> distorted)
    {
        int? width = r.GetValue(CommonOptions.Width), height = r.GetValue(CommonOptions.Height), depth = r.GetValue(CommonOptions.BitDepth);
        string? pixelFormat = r.GetValue(CommonOptions.PixelFormat);
        RawVideoOptions? raw = null;
        if (width is not null || height is not null || pixelFormat is not null || depth is not null)
        {
            if (width is null || height is null || pixelFormat is null || depth is null)
            {
                throw new VmafTinyException("raw .yuv input needs all of --width, --height, --pixel-format and --bitdepth");
            }

            raw = new RawVideoOptions(width.Value, height.Value, pixelFormat switch
            {
                "420" => ChromaFormat.Yuv420,
                "422" => ChromaFormat.Yuv422,
                _ => ChromaFormat.Yuv444,
            }, depth.Value);
        }

        return new MeasureSettings
        {
            Reference = r.GetValue(reference)!,
            Distorted = r.GetValue(distorted)!,
            Output = r.GetValue(CommonOptions.Output),
            Format = r.GetValue(CommonOptions.Format),
            Precision = r.GetResult(CommonOptions.Precision) is { Implicit: false }
                ? r.GetValue(CommonOptions.Precision) ?? "libvmaf"
                : r.GetValue(CommonOptions.Frames) is null ? "libvmaf" : "max",     // a segment log keeps the doubles for merging
            Raw = raw,
            Threads = r.GetValue(CommonOptions.Threads),
            FrameCount = r.GetValue(CommonOptions.FrameCount),
            FrameSkipRef = r.GetValue(CommonOptions.FrameSkipRef),
            FrameSkipDist = r.GetValue(CommonOptions.FrameSkipDist),
            Frames = r.GetValue(CommonOptions.Frames) is { } frames ? FrameRange.Parse(frames) : null,
            Subsample = r.GetValue(CommonOptions.Subsample),
            Features = r.GetValue(CommonOptions.Feature) ?? [],
            Scale = r.GetValue(CommonOptions.Scale) == "none" ? ScaleMode.None : ScaleMode.Bicubic,
            AutoRotate = !r.GetValue(CommonOptions.NoAutoRotate),
            Cpu = VmafTiny.Features.CpuDispatch.Parse(r.GetValue(CommonOptions.Cpu) ?? "auto", "--cpu"),
            Device = r.GetValue(CommonOptions.Device),
            Quiet = r.GetValue(CommonOptions.Quiet),
            Progress = r.GetValue(CommonOptions.Progress),
            Report = r.GetValue(CommonOptions.Report),
            Pool = CommonOptions.ParsePool(r.GetValue(CommonOptions.Pool)),
        };
    }
}
