using System.Runtime.InteropServices;
using System.Text;
using Silk.NET.Core.Contexts;
using Silk.NET.OpenCL;

namespace VmafTiny.Features.OpenCL.Runtime;

/// <summary>
/// The OpenCL loader (libOpenCL through Silk.NET), loaded once per process, and the small typed helpers the rest
/// of the backend calls it through: every return code is checked, a failure is an <see cref="OpenClException"/>.
/// </summary>
internal static unsafe class OpenClLibrary
{
    /// <summary>The one line for a machine without a usable OpenCL loader or platform.</summary>
    public const string NoDeviceMessage = "no OpenCL device found; install an ICD such as pocl-opencl-icd";

    /// <summary>The ICD loader's names: the versioned one the runtime package installs, then the development link.</summary>
    private static readonly string[] LoaderNames = ["libOpenCL.so.1", "libOpenCL.so"];

    /// <summary>
    /// Every entry point the backend calls (clEnqueueFillBuffer is OpenCL 1.2's): a library of the loader's name
    /// that lacks one (a stub, an OpenCL 1.1 loader) is refused when it loads, not met as an internal error mid-run.
    /// </summary>
    internal static readonly string[] EntryPoints =
    [
        "clGetPlatformIDs", "clGetPlatformInfo", "clGetDeviceIDs", "clGetDeviceInfo", "clCreateContext",
        "clCreateCommandQueue", "clCreateProgramWithSource", "clBuildProgram", "clGetProgramBuildInfo", "clCreateKernel",
        "clSetKernelArg", "clCreateBuffer", "clEnqueueWriteBuffer", "clEnqueueReadBuffer", "clEnqueueFillBuffer",
        "clEnqueueNDRangeKernel", "clFlush", "clFinish", "clWaitForEvents", "clGetEventInfo", "clRetainEvent",
        "clReleaseEvent", "clReleaseKernel", "clReleaseMemObject", "clReleaseProgram", "clReleaseCommandQueue",
    ];

    private static readonly Lazy<CL> Default = new(() => Load(LoadLoader), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process's OpenCL API; a missing loader is a <see cref="VmafTinyException"/> with <see cref="NoDeviceMessage"/>.</summary>
    public static CL Api => Default.Value;

    /// <summary>Loads the API through <paramref name="factory"/> (tests pass one that fails).</summary>
    public static CL Load(Func<CL> factory)
    {
        try
        {
            return factory();
        }
        catch (Exception e)
        {
            // NativeLibrary throws when libOpenCL.so.1 is absent (the ocl-icd-libopencl1 package on Debian).
            throw new VmafTinyException($"{NoDeviceMessage} (the OpenCL loader did not load: {e.Message})", e);
        }
    }

    /// <summary>
    /// The API over the system's ICD loader, opened with <see cref="NativeLibrary"/> rather than Silk.NET's own
    /// <c>CL.GetApi()</c>: its path resolver reads the app's deps.json through Assembly.Location, which a NativeAOT
    /// single-file build (the published CLI) has not, and which fails that build's single-file analysis.
    /// </summary>
    private static CL LoadLoader()
    {
        var errors = new List<string>();
        foreach (string name in LoaderNames)
        {
            nint library;
            try
            {
                library = NativeLibrary.Load(name);
            }
            catch (DllNotFoundException e)
            {
                errors.Add(LoadError(e.Message));
                continue;
            }

            string[] missing = MissingEntryPoints(library);
            if (missing.Length == 0)
            {
                return new CL(new LoaderContext(library));
            }

            NativeLibrary.Free(library);
            errors.Add($"{name} lacks {string.Join(", ", missing)}");
        }

        throw new DllNotFoundException(string.Join("; ", errors));
    }

    /// <summary>The entry points of <see cref="EntryPoints"/> that <paramref name="library"/> does not export.</summary>
    internal static string[] MissingEntryPoints(nint library) =>
        EntryPoints.Where(e => !NativeLibrary.TryGetExport(library, e, out _)).ToArray();

    /// <summary>
    /// The dynamic linker's own words from a <see cref="DllNotFoundException"/> message, without the runtime's advice
    /// around them (which carries a literal "\n" on Linux); the whole message when it has no such part.
    /// </summary>
    internal static string LoadError(string message)
    {
        string[] parts = message.Replace("\\n", "\n", StringComparison.Ordinal)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 1 ? string.Join("; ", parts.Skip(1)) : message.Trim();
    }

    /// <summary>Throws unless <paramref name="code"/> is CL_SUCCESS.</summary>
    public static void Check(int code, string what)
    {
        if (code != 0)
        {
            throw new OpenClException(code, what);
        }
    }

    /// <summary>A string property of a device (name, vendor, version, extensions), trimmed.</summary>
    public static string DeviceString(CL api, nint device, DeviceInfo info)
    {
        nuint size;
        Check(api.GetDeviceInfo(device, info, 0, null, &size), $"clGetDeviceInfo({info})");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            Check(api.GetDeviceInfo(device, info, size, p, null), $"clGetDeviceInfo({info})");
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    /// <summary>A fixed-size property of a device (sizes, counts, flags).</summary>
    public static T DeviceValue<T>(CL api, nint device, DeviceInfo info)
        where T : unmanaged
    {
        T value = default;
        Check(api.GetDeviceInfo(device, info, (nuint)sizeof(T), &value, null), $"clGetDeviceInfo({info})");
        return value;
    }

    /// <summary>A string property of a platform.</summary>
    public static string PlatformString(CL api, nint platform, PlatformInfo info)
    {
        nuint size;
        Check(api.GetPlatformInfo(platform, info, 0, null, &size), $"clGetPlatformInfo({info})");
        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            Check(api.GetPlatformInfo(platform, info, size, p, null), $"clGetPlatformInfo({info})");
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Trim();
    }

    /// <summary>Silk.NET's entry points resolved from the loaded ICD loader (kept loaded for the process's life).</summary>
    private sealed class LoaderContext(nint library) : INativeContext
    {
        public nint GetProcAddress(string proc, int? slot = null) =>
            TryGetProcAddress(proc, out nint address, slot) ? address : throw new EntryPointNotFoundException($"the OpenCL loader has no {proc}");

        public bool TryGetProcAddress(string proc, out nint addr, int? slot = null) => NativeLibrary.TryGetExport(library, proc, out addr);

        public void Dispose()
        {
        }
    }
}
