using VmafTiny.Features.Psnr;

namespace VmafTiny.Features;

/// <summary>How a <see cref="FeatureStream"/> runs.</summary>
public sealed record FeatureOptions
{
    /// <summary>Worker threads; 0 means one per core. Results are identical for every value.</summary>
    public int Threads { get; init; }

    /// <summary>Compute ADM and VIF (and report) only frames whose index is a multiple of this; motion still runs on every frame.</summary>
    public int Subsample { get; init; } = 1;

    /// <summary>The highest instruction-set path the kernels may use.</summary>
    public CpuPath Cpu { get; init; } = CpuPath.Auto;

    /// <summary>
    /// Compute the six vmaf_v0.6.1 features (default). False computes only the extra features asked for (e.g.
    /// <see cref="Psnr"/>, as libvmaf's <c>-n --feature psnr</c> does); the six values are then NaN.
    /// </summary>
    public bool VmafFeatures { get; init; } = true;

    /// <summary>
    /// libvmaf's integer PSNR with its options (<c>--feature psnr</c>), or null (default) for none. With chroma on,
    /// the stream keeps the chroma planes of the frames in flight too; otherwise only luma.
    /// </summary>
    public PsnrOptions? Psnr { get; init; }

    /// <summary>The number of worker threads this resolves to.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
