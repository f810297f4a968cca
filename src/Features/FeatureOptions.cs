using VmafTiny.Features.Psnr;

namespace VmafTiny.Features;

/// <summary>How a <see cref="FeatureStream"/> runs, and what it computes.</summary>
public sealed record FeatureOptions
{
    /// <summary>
    /// Worker threads; 0 means one per core; more than <see cref="MaxThreads"/> are clamped to it (each worker
    /// holds its own extractors and frame buffers, so memory grows with the count). Results are identical for
    /// every value.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>The most worker threads a stream starts: four per core (more cannot run at once anyway).</summary>
    public static int MaxThreads => Environment.ProcessorCount * 4;

    /// <summary>Compute ADM and VIF (and report) only frames whose index is a multiple of this; motion still runs on every frame.</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>
    /// With <see cref="Subsample"/> above 1, also emit the frames subsampling leaves out, carrying what is computed on
    /// every frame (motion2, with <see cref="LibvmafOutputs"/> motion's SAD score and motion3 in
    /// <see cref="FrameFeatures.Extra"/>; PSNR) and NaN ADM and VIF: libvmaf's feature collector holds those values at
    /// every index (its motion and PSNR run on every picture), which its C API can read. Off by default.
    /// </summary>
    public bool EmitSubsampledFrames { get; init; }

    /// <summary>The highest instruction-set path the kernels may use.</summary>
    public CpuPath Cpu { get; init; } = CpuPath.Auto;

    /// <summary>
    /// The extractors to run, in libvmaf's registration order, each distinct <see cref="ExtractorOptions.Identity"/>
    /// once: e.g. ADM with and without <c>adm_enhn_gain_limit=1</c> for vmaf_v0.6.1 and vmaf_v0.6.1neg together.
    /// Null (the default) runs vmaf_v0.6.1's: ADM, motion and VIF with libvmaf's defaults; empty runs none.
    /// </summary>
    public IReadOnlyList<ExtractorOptions>? Extractors { get; init; }

    /// <summary>
    /// Also compute every output libvmaf writes for these extractors besides the ones its models read:
    /// <c>integer_aim</c>, <c>integer_adm3</c>, <c>integer_adm_scale0..3</c>, motion's SAD score and
    /// <c>integer_motion3</c> (in <see cref="FrameFeatures.Extra"/>), so a log can be libvmaf's byte for byte.
    /// AIM costs about a quarter of ADM's time.
    /// </summary>
    public bool LibvmafOutputs { get; init; }

    /// <summary>
    /// Where the features are computed: null or <see cref="FeatureDevice.Cpu"/> for the CPU kernels, or a device such
    /// as <c>OpenClDevices.Resolve("opencl:0")</c>. A <see cref="FeatureStream"/> runs a null device on the CPU;
    /// <c>VmafSession</c> (and the CLI) first fill it from the environment variable <c>VMAF_TINY_DEVICE</c>.
    /// </summary>
    public FeatureDevice? Device { get; init; }

    /// <summary>
    /// Where the pushed frames lie in a longer video, for scoring a segment of it: the first pushed frame's number
    /// and the frames to compute and report. Frames outside the window are context: motion reads them (the frame
    /// before a segment for its blur, the one after it for the last frame's motion2) but nothing else is computed
    /// for them and they are not reported. Null: the frames are numbered from 0 and all are reported.
    /// </summary>
    public FrameWindow? Window { get; init; }

    /// <summary>
    /// libvmaf's integer PSNR with its options (<c>--feature psnr</c>), or null (default) for none; it runs on every
    /// frame, with or without <see cref="Extractors"/>. With chroma on, the stream keeps the chroma planes of the
    /// frames in flight too; otherwise only luma. A <see cref="PsnrExtractorOptions"/> among <see cref="Extractors"/>
    /// asks for it too (in its place in libvmaf's registration order); this one wins over it.
    /// </summary>
    public PsnrOptions? Psnr { get; init; }

    /// <summary>The PSNR options in effect: <see cref="Psnr"/>, else those of the first <see cref="PsnrExtractorOptions"/> among <see cref="Extractors"/>, else null.</summary>
    public PsnrOptions? ResolvedPsnr => Psnr ?? Extractors?.OfType<PsnrExtractorOptions>().FirstOrDefault()?.Options;

    /// <summary>The number of worker threads this resolves to.</summary>
    public int EffectiveThreads => Threads > 0 ? Math.Min(Threads, MaxThreads) : Environment.ProcessorCount;

    /// <summary>
    /// The extractors this resolves to (<see cref="Extractors"/>, or vmaf_v0.6.1's), each identity once; PSNR with
    /// <see cref="ResolvedPsnr"/>'s options, in its place or, asked for by <see cref="Psnr"/> alone, last.
    /// </summary>
    public IReadOnlyList<ExtractorOptions> ResolvedExtractors
    {
        get
        {
            IEnumerable<ExtractorOptions> all = Extractors ?? [new AdmOptions(), new MotionOptions(), new VifOptions()];
            if (Psnr is { } psnr)
            {
                var entry = new PsnrExtractorOptions { Options = psnr };
                all = all.Any(e => e is PsnrExtractorOptions) ? all.Select(e => e is PsnrExtractorOptions ? entry : e) : all.Append(entry);
            }

            return all.DistinctBy(e => e.Identity).ToArray();
        }
    }
}

/// <summary>Where a <see cref="FeatureStream"/>'s frames lie in a longer video (see <see cref="FeatureOptions.Window"/>).</summary>
/// <param name="FirstIndex">The number of the first frame pushed.</param>
/// <param name="ReportFrom">The first frame computed and reported.</param>
/// <param name="ReportTo">One past the last frame computed and reported.</param>
public sealed record FrameWindow(int FirstIndex, int ReportFrom, int ReportTo)
{
    /// <summary>True when frame <paramref name="index"/> is computed and reported.</summary>
    public bool Reports(int index) => index >= ReportFrom && index < ReportTo;
}
