using System.Globalization;
using Silk.NET.OpenCL;
using VmafTiny.Features.OpenCL.Runtime;

namespace VmafTiny.Features.OpenCL;

/// <summary>
/// Finds OpenCL devices and turns a device name (<c>cpu</c>, <c>opencl</c>, <c>opencl:N</c>) into a
/// <see cref="FeatureDevice"/>. Precedence: an explicit name, then the environment variable
/// <see cref="EnvironmentVariable"/>, then the CPU.
/// </summary>
public static unsafe class OpenClDevices
{
    /// <summary>The environment variable read when no device is named.</summary>
    public const string EnvironmentVariable = FeatureStream.DeviceEnvironmentVariable;

    /// <summary>Every OpenCL device of every platform, numbered as <c>opencl:N</c> selects them.</summary>
    /// <exception cref="VmafTinyException">No OpenCL loader, or no platform or device ("no OpenCL device found; ...").</exception>
    public static IReadOnlyList<OpenClDeviceInfo> List() => Discover(OpenClLibrary.Api);

    /// <summary>
    /// The device named by <paramref name="name"/>: "cpu", "opencl" (the first GPU, else the first device) or
    /// "opencl:N"; null or empty reads <see cref="EnvironmentVariable"/>, and without it the CPU.
    /// </summary>
    /// <exception cref="VmafTinyException">An unknown name, no OpenCL device, an index that does not exist, or a device the kernels cannot run on.</exception>
    public static FeatureDevice Resolve(string? name)
    {
        // The CPU's names and the variable's precedence are FeatureDevice.NamesCpu's, which callers also ask first
        // so that a CPU run never loads this assembly.
        if (FeatureDevice.NamesCpu(name))
        {
            return FeatureDevice.Cpu;
        }

        string what = "--device";
        if (string.IsNullOrWhiteSpace(name))
        {
            name = Environment.GetEnvironmentVariable(EnvironmentVariable)!;
            what = $"{EnvironmentVariable}={name}";
        }

        string text = name.Trim().ToLowerInvariant();

        if (text == "opencl")
        {
            return Select(null);
        }

        if (text.StartsWith("opencl:", StringComparison.Ordinal) &&
            int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return Select(index);
        }

        throw new VmafTinyException($"{what}: unknown device '{name.Trim()}' (use cpu, opencl or opencl:N; 'vmaf-tiny devices' lists them)");
    }

    /// <summary>The OpenCL device <paramref name="index"/> (null: the first GPU, else device 0), checked to run the kernels.</summary>
    /// <exception cref="VmafTinyException">No OpenCL device, no such index, or a device lacking what the kernels need.</exception>
    public static FeatureDevice Select(int? index)
    {
        IReadOnlyList<OpenClDeviceInfo> devices = List();
        OpenClDeviceInfo device;
        if (index is int i)
        {
            if (i < 0 || i >= devices.Count)
            {
                throw new VmafTinyException(
                    $"OpenCL device {i} does not exist: this machine has {devices.Count} (" +
                    string.Join(", ", devices.Select(d => $"{d.Selector} {d.Name}")) + "; 'vmaf-tiny devices' lists them)");
            }

            device = devices[i];
        }
        else
        {
            device = devices.FirstOrDefault(d => d.Kind == "GPU" && d.Usable) ?? devices.FirstOrDefault(d => d.Usable) ?? devices[0];
        }

        return new OpenClFeatureDevice(device);
    }

    /// <summary>What the kernels need and a device lacks, in words (empty when it has everything).</summary>
    internal static IReadOnlyList<string> MissingRequirements(string extensions, string version, bool compiler)
    {
        var missing = new List<string>();
        var have = new HashSet<string>(extensions.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        if (!ParseVersion(version, out int major, out int minor) || (major, minor).CompareTo((1, 2)) < 0)
        {
            missing.Add($"OpenCL 1.2 (it reports '{version}')");
        }

        if (!have.Contains("cl_khr_fp64"))
        {
            missing.Add("cl_khr_fp64 (double precision, for the float steps of VIF and ADM)");
        }

        if (!have.Contains("cl_khr_int64_base_atomics"))
        {
            missing.Add("cl_khr_int64_base_atomics (64-bit atomic sums)");
        }

        if (!compiler)
        {
            missing.Add("an OpenCL C compiler");
        }

        return missing;
    }

    /// <summary>Enumerates the devices through <paramref name="api"/> (tests pass their own).</summary>
    internal static IReadOnlyList<OpenClDeviceInfo> Discover(CL api)
    {
        uint platformCount;
        int rc = api.GetPlatformIDs(0, null, &platformCount);
        if (rc == OpenClErrors.PlatformNotFound || (rc == 0 && platformCount == 0))
        {
            throw new VmafTinyException(OpenClLibrary.NoDeviceMessage);
        }

        OpenClLibrary.Check(rc, "clGetPlatformIDs");
        var platforms = new nint[platformCount];
        fixed (nint* p = platforms)
        {
            OpenClLibrary.Check(api.GetPlatformIDs(platformCount, p, null), "clGetPlatformIDs");
        }

        var devices = new List<OpenClDeviceInfo>();
        foreach (nint platform in platforms)
        {
            uint count;
            if (api.GetDeviceIDs(platform, DeviceType.All, 0, null, &count) != 0 || count == 0)
            {
                continue;   // CL_DEVICE_NOT_FOUND: a platform without devices
            }

            var handles = new nint[count];
            fixed (nint* d = handles)
            {
                OpenClLibrary.Check(api.GetDeviceIDs(platform, DeviceType.All, count, d, null), "clGetDeviceIDs");
            }

            string platformName = OpenClLibrary.PlatformString(api, platform, PlatformInfo.Name);
            foreach (nint handle in handles)
            {
                devices.Add(Describe(api, devices.Count, platform, platformName, handle));
            }
        }

        return devices.Count > 0 ? devices : throw new VmafTinyException(OpenClLibrary.NoDeviceMessage);
    }

    private static OpenClDeviceInfo Describe(CL api, int index, nint platform, string platformName, nint handle)
    {
        var type = (DeviceType)OpenClLibrary.DeviceValue<ulong>(api, handle, DeviceInfo.Type);
        string kind = type.HasFlag(DeviceType.Gpu) ? "GPU" : type.HasFlag(DeviceType.Cpu) ? "CPU" : type.HasFlag(DeviceType.Accelerator) ? "accelerator" : "other";
        string version = OpenClLibrary.DeviceString(api, handle, DeviceInfo.Version);
        bool compiler = OpenClLibrary.DeviceValue<uint>(api, handle, DeviceInfo.CompilerAvailable) != 0;
        return new OpenClDeviceInfo(
            index,
            platformName,
            OpenClLibrary.DeviceString(api, handle, DeviceInfo.Name),
            kind,
            version,
            OpenClLibrary.DeviceValue<ulong>(api, handle, DeviceInfo.GlobalMemSize),
            OpenClLibrary.DeviceValue<ulong>(api, handle, DeviceInfo.MaxMemAllocSize),
            (int)OpenClLibrary.DeviceValue<uint>(api, handle, DeviceInfo.MaxComputeUnits),
            MissingRequirements(OpenClLibrary.DeviceString(api, handle, DeviceInfo.Extensions), version, compiler))
        {
            PlatformHandle = platform,
            Handle = handle,
            MaxWorkGroupSize = (int)Math.Min(OpenClLibrary.DeviceValue<nuint>(api, handle, DeviceInfo.MaxWorkGroupSize), int.MaxValue),
        };
    }

    /// <summary>Parses "OpenCL M.m ..." (CL_DEVICE_VERSION's required form).</summary>
    private static bool ParseVersion(string version, out int major, out int minor)
    {
        major = minor = 0;
        string[] parts = version.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] != "OpenCL")
        {
            return false;
        }

        string[] numbers = parts[1].Split('.');
        return numbers.Length >= 2 &&
            int.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out major) &&
            int.TryParse(numbers[1], NumberStyles.None, CultureInfo.InvariantCulture, out minor);
    }
}
