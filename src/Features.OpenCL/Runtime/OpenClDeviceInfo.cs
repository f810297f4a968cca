using System.Globalization;

namespace VmafTiny.Features.OpenCL;

/// <summary>One OpenCL device as <c>vmaf-tiny devices</c> lists it.</summary>
/// <param name="Index">The index to select it by (<c>--device opencl:N</c>): devices of all platforms, numbered in order.</param>
/// <param name="Platform">The platform's name, e.g. "Portable Computing Language" or "NVIDIA CUDA".</param>
/// <param name="Name">The device's name.</param>
/// <param name="Kind">"GPU", "CPU", "accelerator" or "other".</param>
/// <param name="Version">The OpenCL version the device reports, e.g. "OpenCL 3.0 CUDA".</param>
/// <param name="GlobalMemory">Device memory in bytes.</param>
/// <param name="MaxAllocation">The largest single buffer in bytes.</param>
/// <param name="ComputeUnits">Compute units.</param>
/// <param name="Missing">What the kernels need and this device lacks (empty when it can run them).</param>
public sealed record OpenClDeviceInfo(
    int Index,
    string Platform,
    string Name,
    string Kind,
    string Version,
    ulong GlobalMemory,
    ulong MaxAllocation,
    int ComputeUnits,
    IReadOnlyList<string> Missing)
{
    /// <summary>The platform's handle.</summary>
    internal nint PlatformHandle { get; init; }

    /// <summary>The device's handle.</summary>
    internal nint Handle { get; init; }

    /// <summary>The largest work-group the device allows.</summary>
    internal int MaxWorkGroupSize { get; init; }

    /// <summary>Whether the kernels can run here.</summary>
    public bool Usable => Missing.Count == 0;

    /// <summary>The selector, e.g. "opencl:0".</summary>
    public string Selector => string.Create(CultureInfo.InvariantCulture, $"opencl:{Index}");

    /// <summary>One line: "opencl:0  GPU  NVIDIA GeForce RTX 4090 (NVIDIA CUDA, OpenCL 3.0 CUDA, 24.0 GiB)".</summary>
    public override string ToString()
    {
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"{Selector}  {Kind}  {Name} ({Platform}, {Version}, {GlobalMemory / (1024.0 * 1024 * 1024):F1} GiB, {ComputeUnits} compute units)");
        return Usable ? line : $"{line}  unusable: lacks {string.Join(", ", Missing)}";
    }
}
