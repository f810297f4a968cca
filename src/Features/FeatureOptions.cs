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
    /// Where the features are computed: null or <see cref="FeatureDevice.Cpu"/> for the CPU kernels, or a device such
    /// as <c>OpenClDevices.Resolve("opencl:0")</c>. A <see cref="FeatureStream"/> runs a null device on the CPU;
    /// <c>VmafSession</c> (and the CLI) first fill it from the environment variable <c>VMAF_TINY_DEVICE</c>.
    /// </summary>
    public FeatureDevice? Device { get; init; }

    /// <summary>The number of worker threads this resolves to.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
