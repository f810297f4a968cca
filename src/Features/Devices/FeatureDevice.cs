namespace VmafTiny.Features;

/// <summary>
/// Where a <see cref="FeatureStream"/> computes the features: <see cref="Cpu"/> (the kernels of
/// <see cref="FeatureOptions.Cpu"/>, on <see cref="FeatureOptions.Threads"/> threads) or a compute device that
/// takes whole frames (the OpenCL devices of <c>VmafTiny.Features.OpenCL</c>: <c>OpenClDevices.Resolve</c>).
/// Every device gives the same doubles.
/// </summary>
public abstract class FeatureDevice
{
    /// <summary>The CPU: the instruction-set kernels (scalar, AVX2, AVX-512).</summary>
    public static FeatureDevice Cpu { get; } = new CpuDevice();

    /// <summary>
    /// True when <paramref name="name"/> selects the CPU: "cpu", or nothing named and <c>VMAF_TINY_DEVICE</c> unset,
    /// empty or "cpu" (the precedence <c>OpenClDevices.Resolve</c> applies). Callers resolve other names through the
    /// OpenCL assembly, which a CPU run then never loads.
    /// </summary>
    public static bool NamesCpu(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            name = Environment.GetEnvironmentVariable(FeatureStream.DeviceEnvironmentVariable);
            if (string.IsNullOrWhiteSpace(name))
            {
                return true;
            }
        }

        return name.Trim().Equals("cpu", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The name to select it by, e.g. "cpu" or "opencl:0".</summary>
    public abstract string Name { get; }

    /// <summary>A one-line description for run summaries, e.g. "opencl:0 (NVIDIA GeForce RTX 4090, NVIDIA CUDA)".</summary>
    public virtual string Description => Name;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>
    /// Opens the per-stream engine for frames of <paramref name="format"/> (buffers, queues), or returns null for the
    /// CPU kernels. Errors are <see cref="VmafTinyException"/>s with one clear line.
    /// </summary>
    internal abstract IFrameEngine? Open(VideoFormat format);

    private sealed class CpuDevice : FeatureDevice
    {
        public override string Name => "cpu";

        internal override IFrameEngine? Open(VideoFormat format) => null;
    }
}
