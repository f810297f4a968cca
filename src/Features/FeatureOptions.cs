namespace VmafTiny.Features;

/// <summary>How a <see cref="FeatureStream"/> runs.</summary>
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

    /// <summary>The highest instruction-set path the kernels may use.</summary>
    public CpuPath Cpu { get; init; } = CpuPath.Auto;

    /// <summary>The number of worker threads this resolves to.</summary>
    public int EffectiveThreads => Threads > 0 ? Math.Min(Threads, MaxThreads) : Environment.ProcessorCount;
}
