using VmafTiny.Decode;
using VmafTiny.Features;

namespace VmafTiny;

/// <summary>
/// Everything a run needs besides its two inputs: how to read them, how to compute the features, and which model
/// scores them. The defaults are the CLI's defaults (vmaf_tiny_v2, all cores, the best CPU path, bicubic scaling).
/// </summary>
public sealed record VmafOptions
{
    /// <summary>The default model: vmaf_tiny_v2.</summary>
    public const string DefaultModel = Score.ModelCatalog.DefaultModel;

    /// <summary>
    /// The model: a built-in id (<c>vmaf_tiny_v2</c>, <c>vmaf_v0.6.1</c>), a libvmaf model <c>.json</c> or an
    /// <c>.onnx</c> file of the vmaf_tiny contract; null computes the features only (scores are then NaN).
    /// </summary>
    public string? Model { get; init; } = DefaultModel;

    /// <summary>The geometry of raw <c>.yuv</c> inputs (used only for files that are not y4m), or null.</summary>
    public RawVideoOptions? Raw { get; init; }

    /// <summary>What to do with a distorted video of another size than the reference.</summary>
    public ScaleMode Scale { get; init; } = ScaleMode.Bicubic;

    /// <summary>Frames to skip at the start of the reference (libvmaf's <c>--frame_skip_ref</c>).</summary>
    public int FrameSkipReference { get; init; }

    /// <summary>Frames to skip at the start of the distorted video (libvmaf's <c>--frame_skip_dist</c>).</summary>
    public int FrameSkipDistorted { get; init; }

    /// <summary>The most frame pairs to score (libvmaf's <c>--frame_cnt</c>), or null for all.</summary>
    public int? FrameCount { get; init; }

    /// <summary>Worker threads for the features; 0 means one per core. Results are identical for every value.</summary>
    public int Threads { get; init; }

    /// <summary>Compute and report every Nth frame (motion still sees every frame, as in libvmaf).</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>The highest instruction-set path the feature kernels may use.</summary>
    public CpuPath Cpu { get; init; } = CpuPath.Auto;

    /// <summary>Decoder threads per FFmpeg input (0: FFmpeg's choice).</summary>
    public int DecoderThreads { get; init; }

    /// <summary>The feature options these resolve to.</summary>
    public FeatureOptions ToFeatureOptions() => new() { Threads = Threads, Subsample = Subsample, Cpu = Cpu };
}
