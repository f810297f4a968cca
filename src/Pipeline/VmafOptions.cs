using System.Globalization;
using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Features.OpenCL;
using VmafTiny.Score;

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
    /// The model: a built-in id (<c>vmaf_tiny_v2</c>, <c>vmaf_v0.6.1</c>, <c>vmaf_v0.6.1neg</c>, <c>vmaf_4k_v0.6.1</c>,
    /// <c>vmaf_4k_v0.6.1neg</c>), a libvmaf model <c>.json</c>, an <c>.onnx</c> file of the vmaf_tiny contract, or a
    /// libvmaf model string (<see cref="ModelSpec"/>); null computes the features only (scores are then NaN).
    /// Ignored when <see cref="Models"/> is set.
    /// </summary>
    public string? Model { get; init; } = DefaultModel;

    /// <summary>
    /// Several models in one run, each as <see cref="Model"/> takes it (libvmaf's several <c>-m</c>), e.g.
    /// <c>["version=vmaf_v0.6.1", "version=vmaf_v0.6.1neg:name=vmaf_neg"]</c>. Each score is keyed in logs by its
    /// model string's <c>name=</c> (default <c>vmaf</c>), so the names must differ. Empty: features only.
    /// Null (the default): <see cref="Model"/>.
    /// </summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>
    /// Feature extractors to run besides the models' (and, with <see cref="DefaultFeatures"/> and no model, besides
    /// vmaf_v0.6.1's six), as libvmaf's <c>--feature</c> strings: <c>adm</c>, <c>vif</c>, <c>motion</c>, with options such
    /// as <c>vif=vif_enhn_gain_limit=1</c>, and <c>psnr</c> (<c>psnr_y</c>, <c>psnr_cb</c>, <c>psnr_cr</c>) with
    /// libvmaf's options, e.g. <c>psnr=enable_chroma=false:enable_mse=true:enable_apsnr=true:min_sse=N</c>. PSNR with
    /// chroma reads the chroma planes too; nothing else does.
    /// </summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>
    /// Run the models' feature extractors but score nothing (libvmaf's <c>-n</c> with <c>-m</c>): the log has the
    /// features the models read, and no score.
    /// </summary>
    public bool NoPrediction { get; init; }

    /// <summary>
    /// With no model: true (the default) computes vmaf_v0.6.1's six features, and <see cref="Features"/> besides, as
    /// the CLI's <c>features</c> does; false computes only <see cref="Features"/> (nothing without them), as libvmaf's
    /// <c>-n</c> does.
    /// </summary>
    public bool DefaultFeatures { get; init; } = true;

    /// <summary>
    /// Compute every output libvmaf writes for the extractors that run (<c>integer_aim</c>, <c>integer_adm3</c>,
    /// <c>integer_adm_scale0..3</c>, motion's SAD score, <c>integer_motion3</c>), so that the log is libvmaf's byte for
    /// byte; off by default (AIM costs about a quarter of ADM's time and no model reads these).
    /// </summary>
    public bool LibvmafOutputs { get; init; }

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

    /// <summary>
    /// Score only frames [Start, End) of the pair (numbered as the whole run's log numbers them, after the frame skips
    /// and within <see cref="FrameCount"/>), or null for all. The frames around the segment that motion2 needs are
    /// read too (the one before it for its blur, the one after it for the last frame's minimum), and the inputs are
    /// sought, not read from the start: y4m and raw files straight to the frame, encoded video from the keyframe
    /// before it. Every frame gets exactly the values the whole run gives it, so segment logs join into the whole
    /// run's log (<see cref="Segments.SegmentMerge"/>).
    /// </summary>
    public FrameRange? Frames { get; init; }

    /// <summary>Worker threads for the features; 0 means one per core. Results are identical for every value.</summary>
    public int Threads { get; init; }

    /// <summary>Compute and report every Nth frame (motion still sees every frame, as in libvmaf).</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>The highest instruction-set path the feature kernels may use.</summary>
    public CpuPath Cpu { get; init; } = CpuPath.Auto;

    /// <summary>
    /// Where the features are computed: "cpu", "opencl" (the first GPU, else the first OpenCL device) or "opencl:N"
    /// (<c>OpenClDevices.List</c> numbers them); null reads <c>VMAF_TINY_DEVICE</c>, and without it the CPU. Every
    /// device gives the same doubles.
    /// </summary>
    public string? Device { get; init; }

    /// <summary>Decoder threads per FFmpeg input (0: FFmpeg's choice).</summary>
    public int DecoderThreads { get; init; }

    /// <summary>
    /// Whether encoded inputs are turned as their container's display matrix says, as FFmpeg's command line does by
    /// default (true; <c>--no-autorotate</c> in the CLI: scored as stored).
    /// </summary>
    public bool AutoRotate { get; init; } = true;

    /// <summary>The model strings in effect: <see cref="Models"/>, else <see cref="Model"/> (or none).</summary>
    public IReadOnlyList<string> EffectiveModels => Models ?? (Model is null ? [] : [Model]);

    /// <summary>
    /// The feature options these resolve to. Extractors asked for by <see cref="Features"/> are added to the models'
    /// by the session; with no model and <see cref="DefaultFeatures"/>, to the six vmaf_v0.6.1 features.
    /// </summary>
    /// <exception cref="VmafTinyException">A feature string vmaf-tiny cannot compute (one line saying why).</exception>
    public FeatureOptions ToFeatureOptions()
    {
        ExtractorOptions[] asked = Features.Select(ParseFeature).ToArray();
        IReadOnlyList<ExtractorOptions>? extractors = asked.Length == 0
            ? (DefaultFeatures ? null : [])
            : DefaultFeatures && EffectiveModels.Count == 0 ? [.. Score.IFrameScorer.DefaultExtractors, .. asked] : asked;
        return new FeatureOptions
        {
            Threads = Threads,
            Subsample = Subsample,
            Cpu = Cpu,
            Device = FeatureDevice.NamesCpu(Device) ? FeatureDevice.Cpu : OpenClDevices.Resolve(Device),
            LibvmafOutputs = LibvmafOutputs,
            Extractors = extractors,
        };
    }

    /// <summary>
    /// Everything that changes the values of a run besides its inputs and <see cref="Frames"/>, as one canonical line:
    /// segments of one pair must agree on it to be joined. Threads, CPU path and decoder threads are left out: every
    /// value gives the same doubles.
    /// </summary>
    public string ValueSettings()
    {
        static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal);
        string raw = Raw is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"{r.Width}x{r.Height}/{VideoFormat.ChromaName(r.Chroma)}/{r.BitDepth}")
            : "none";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"models={string.Join(',', EffectiveModels.Select(Escape))}; features={string.Join(',', Features.Select(Escape))}; " +
            $"no_prediction={(NoPrediction ? "yes" : "no")}; default_features={(DefaultFeatures ? "yes" : "no")}; " +
            $"libvmaf_outputs={(LibvmafOutputs ? "yes" : "no")}; raw={raw}; scale={(Scale == ScaleMode.None ? "none" : "bicubic")}; " +
            $"skip_ref={FrameSkipReference}; skip_dist={FrameSkipDistorted}; frame_count={(FrameCount is int n ? n.ToString(CultureInfo.InvariantCulture) : "all")}; " +
            $"subsample={Subsample}{(AutoRotate ? "" : "; autorotate=no")}{ModelFileHashes()}");
    }

    /// <summary>
    /// "; model_files=H,..." with each model file's <see cref="ModelSpec.FileSha256"/>, so that a model retrained at the
    /// same path changes the settings (a batch re-scores, a merge refuses); empty with built-in models only.
    /// </summary>
    private string ModelFileHashes()
    {
        static string? Hash(string model)
        {
            try
            {
                return ModelSpec.Parse(model).FileSha256();
            }
            catch (VmafTinyException)
            {
                return null;     // a malformed model string: the run refuses it
            }
        }

        string[] hashes = EffectiveModels.Select(Hash).OfType<string>().ToArray();
        return hashes.Length == 0 ? string.Empty : "; model_files=" + string.Join(',', hashes);
    }

    private static ExtractorOptions ParseFeature(string feature)
    {
        var (name, options) = ExtractorOptions.SplitFeature(feature);
        try
        {
            return ExtractorOptions.Create(name, options);
        }
        catch (VmafTinyException e)
        {
            throw new VmafTinyException($"--feature {feature}: {e.Message}", e);
        }
    }
}
