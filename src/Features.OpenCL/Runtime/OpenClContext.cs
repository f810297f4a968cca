using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Silk.NET.OpenCL;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Vif;

namespace VmafTiny.Features.OpenCL.Runtime;

/// <summary>
/// One device's context, its built program and the read-only tables, shared by every stream on that device for the
/// life of the process (OpenCL compilers are slow: PoCL takes seconds per build). Streams make their own queues,
/// kernels and buffers in this context.
/// </summary>
internal sealed unsafe class OpenClContext
{
    /// <summary>The reduction work-group size the program is built for (a power of two).</summary>
    public const int PreferredGroup = 256;

    private static readonly ConcurrentDictionary<nint, Lazy<OpenClContext>> Cache = new();

    private OpenClContext(OpenClDeviceInfo device, string source)
    {
        Device = device;
        Api = OpenClLibrary.Api;
        Group = Math.Min(PreferredGroup, FloorPow2(device.MaxWorkGroupSize));
        nint handle = device.Handle;
        int error;
        Context = Api.CreateContext(null, 1, &handle, null, null, &error);
        OpenClLibrary.Check(error, $"clCreateContext on {device.Selector}");
        Program = Build(source);
        Log2Table = ReadOnlyBuffer<ushort>(VifTables.Log2);
        DivLookup = ReadOnlyBuffer<int>(AdmTables.DivLookup);
    }

    /// <summary>The device.</summary>
    public OpenClDeviceInfo Device { get; }

    /// <summary>The API.</summary>
    public CL Api { get; }

    /// <summary>The context handle.</summary>
    public nint Context { get; }

    /// <summary>The built program.</summary>
    public nint Program { get; }

    /// <summary>The work-group size of the reduction kernels (WG in the program).</summary>
    public int Group { get; }

    /// <summary>VIF's 2048·log2 table (<see cref="VifTables.Log2"/>), 65537 ushorts.</summary>
    public nint Log2Table { get; }

    /// <summary>ADM's reciprocal table (<see cref="AdmTables.DivLookup"/>), 65537 ints.</summary>
    public nint DivLookup { get; }

    /// <summary>The shared context of <paramref name="device"/>, built on first use (errors are not cached).</summary>
    public static OpenClContext For(OpenClDeviceInfo device)
    {
        Lazy<OpenClContext> lazy = Cache.GetOrAdd(device.Handle, _ => new Lazy<OpenClContext>(() => new OpenClContext(device, KernelSource.Text)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Cache.TryRemove(new KeyValuePair<nint, Lazy<OpenClContext>>(device.Handle, lazy));
            throw;
        }
    }

    /// <summary>A context of its own with <paramref name="source"/> as the program (tests: a kernel that does not build).</summary>
    internal static OpenClContext CreateUncached(OpenClDeviceInfo device, string source) => new(device, source);

    /// <summary>Creates kernel <paramref name="name"/> of the program (each stream has its own: arguments are per kernel object).</summary>
    public nint CreateKernel(string name)
    {
        int error;
        nint kernel = Api.CreateKernel(Program, name, &error);
        OpenClLibrary.Check(error, $"clCreateKernel({name})");
        return kernel;
    }

    /// <summary>A device buffer of <paramref name="bytes"/> bytes.</summary>
    public nint CreateBuffer(long bytes, string what)
    {
        int error;
        nint buffer = Api.CreateBuffer(Context, MemFlags.ReadWrite, (nuint)Math.Max(bytes, 16), null, &error);
        if (error != 0)
        {
            throw OutOfMemoryOr(error, $"clCreateBuffer({what}, {bytes} bytes)");
        }

        return buffer;
    }

    /// <summary>
    /// An <see cref="OpenClException"/> for a failed allocation: out-of-memory codes say so in words, with the device.
    /// </summary>
    public OpenClException OutOfMemoryOr(int code, string what) =>
        OpenClErrors.IsOutOfMemory(code)
            ? new OpenClException(code, $"OpenCL device {Device.Selector} ({Device.Name}) is out of memory: {what} failed with {OpenClErrors.Name(code)} ({code})", null)
            : new OpenClException(code, what);

    private static int FloorPow2(int n) => n <= 1 ? 1 : 1 << (31 - int.LeadingZeroCount(n));

    private nint Build(string source)
    {
        int error;
        nint program = Api.CreateProgramWithSource(Context, 1, [source], null, &error);
        OpenClLibrary.Check(error, "clCreateProgramWithSource");

        // No -cl-fast-relaxed-math or -cl-mad-enable: every float step must be the IEEE operation the CPU does
        // (the sources also turn FP_CONTRACT off). Doubles divide correctly rounded by the spec; nothing divides
        // or takes a square root in single precision.
        // Reductions: a tree to 32 partial sums on GPUs; on CPU devices (PoCL) item 0 adds the whole group, as each
        // tree level there is a loop over every work-item (PoCL, motion's SAD pass on a 1080p frame: 30 -> 7 ms of CPU).
        int tail = Device.Kind == "CPU" ? Group : Math.Min(32, Group);
        string options = string.Create(CultureInfo.InvariantCulture, $"-cl-std=CL1.2 -D WG={Group} -D REDUCE_TAIL={tail}");
        nint device = Device.Handle;
        int built = Api.BuildProgram(program, 1, &device, options, null, null);
        if (built != 0)
        {
            string log = BuildLog(program);
            string path = SaveLog(log, source, options);
            Api.ReleaseProgram(program);
            string first = log.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
            throw new OpenClException(
                built,
                $"the OpenCL kernels did not build on {Device.Selector} ({Device.Name}): {OpenClErrors.Name(built)} ({built})" +
                (first.Length > 0 ? $", {first}" : string.Empty) + $"; build log saved to {path}",
                null);
        }

        return program;
    }

    private string BuildLog(nint program)
    {
        nuint size;
        if (Api.GetProgramBuildInfo(program, Device.Handle, ProgramBuildInfo.BuildLog, 0, null, &size) != 0)
        {
            return "(no build log)";
        }

        var bytes = new byte[(int)size];
        fixed (byte* p = bytes)
        {
            Api.GetProgramBuildInfo(program, Device.Handle, ProgramBuildInfo.BuildLog, size, p, null);
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0');
    }

    /// <summary>Writes the build log (and what was built) to a new file in the temp folder; never replaces a file.</summary>
    private string SaveLog(string log, string source, string options)
    {
        string folder = Path.GetTempPath();
        for (int attempt = 0; ; attempt++)
        {
            string path = Path.Combine(folder, string.Create(
                CultureInfo.InvariantCulture, $"vmaf-tiny-opencl-build-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmss}-{attempt}.log"));
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(file, new UTF8Encoding(false));
                writer.WriteLine($"device: {Device}");
                writer.WriteLine($"options: {options}");
                writer.WriteLine("---- build log ----");
                writer.WriteLine(log);
                writer.WriteLine("---- source ----");
                writer.WriteLine(source);
                return path;
            }
            catch (IOException) when (File.Exists(path) && attempt < 100)
            {
                // Taken: try the next name.
            }
        }
    }

    private nint ReadOnlyBuffer<T>(T[] values)
        where T : unmanaged
    {
        int error;
        fixed (T* p = values)
        {
            nint buffer = Api.CreateBuffer(Context, MemFlags.ReadOnly | MemFlags.CopyHostPtr, (nuint)(values.Length * sizeof(T)), p, &error);
            OpenClLibrary.Check(error, "clCreateBuffer(table)");
            return buffer;
        }
    }
}
