using VmafTiny.Features.OpenCL.Runtime;

namespace VmafTiny.Features.OpenCL;

/// <summary>
/// An OpenCL device as a <see cref="FeatureDevice"/>: each <see cref="FeatureStream"/> on it gets its own queues and
/// buffers in the device's shared context (the program is built once per process). Get one from
/// <see cref="OpenClDevices.Resolve"/> or <see cref="OpenClDevices.Select"/>.
/// </summary>
public sealed class OpenClFeatureDevice : FeatureDevice
{
    internal OpenClFeatureDevice(OpenClDeviceInfo info)
    {
        Info = info;
        EnsureUsable(info);
    }

    /// <summary>The device.</summary>
    public OpenClDeviceInfo Info { get; }

    /// <inheritdoc/>
    public override string Name => Info.Selector;

    /// <inheritdoc/>
    public override string Description => $"{Info.Selector} ({Info.Name}, {Info.Platform})";

    /// <summary>Tests only: the frame to fail on the device (see <see cref="OpenClFrameEngine"/>).</summary>
    internal int? FaultAtFrame { get; init; }

    /// <summary>Throws the one-line error for a device the kernels cannot run on, naming what it lacks.</summary>
    internal static void EnsureUsable(OpenClDeviceInfo info)
    {
        if (!info.Usable)
        {
            throw new VmafTinyException($"OpenCL device {info.Selector} ({info.Name}) cannot run the kernels: it lacks {string.Join(", ", info.Missing)}");
        }
    }

    /// <inheritdoc/>
    internal override IFrameEngine? Open(VideoFormat format) =>
        new OpenClFrameEngine(OpenClContext.For(Info), format, FaultAtFrame);
}
