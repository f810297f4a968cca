using Silk.NET.OpenCL;
using VmafTiny.Features;
using VmafTiny.Features.OpenCL;
using VmafTiny.Features.OpenCL.Runtime;

namespace VmafTiny.Tests.OpenCl;

/// <summary>
/// The OpenCL device the tests run on (as <c>--device opencl</c> picks it: PoCL's CPU device in CI; or the one
/// <c>VMAF_TINY_DEVICE=opencl:N</c> names), and a queue with blocking
/// upload and read-back helpers for running single stages. Without an OpenCL platform the tests skip and say why.
/// </summary>
internal sealed unsafe class OpenClTestBed : IDisposable
{
    private static readonly Lazy<(OpenClDeviceInfo? Device, string Reason)> Found = new(Find);

    private OpenClTestBed(OpenClDeviceInfo device)
    {
        Context = OpenClContext.For(device);
        int error;
        Queue = Context.Api.CreateCommandQueue(Context.Context, device.Handle, CommandQueueProperties.None, &error);
        OpenClLibrary.Check(error, "clCreateCommandQueue");
    }

    /// <summary>The device's shared context (program built once per test process).</summary>
    public OpenClContext Context { get; }

    /// <summary>An in-order queue of this bed.</summary>
    public nint Queue { get; }

    /// <summary>The device, or a skip (with the reason) when this machine has no usable OpenCL device.</summary>
    public static OpenClDeviceInfo RequireDevice()
    {
        var (device, reason) = Found.Value;
        Skip.If(device is null, reason);
        return device!;
    }

    /// <summary>A bed on the test device (skips without one).</summary>
    public static OpenClTestBed Open() => new(RequireDevice());

    /// <summary>A buffer holding <paramref name="data"/>.</summary>
    public ClBuffer Upload<T>(T[] data)
        where T : unmanaged
    {
        var buffer = new ClBuffer(Context, (long)data.Length * sizeof(T), "test input");
        Write(buffer, data);
        return buffer;
    }

    /// <summary>Writes <paramref name="data"/> at element <paramref name="offset"/> (blocking).</summary>
    public void Write<T>(ClBuffer buffer, T[] data, long offset = 0)
        where T : unmanaged
    {
        fixed (T* p = data)
        {
            OpenClLibrary.Check(
                Context.Api.EnqueueWriteBuffer(Queue, buffer.Handle, true, (nuint)(offset * sizeof(T)), (nuint)((long)data.Length * sizeof(T)), p, 0, null, null),
                "clEnqueueWriteBuffer");
        }
    }

    /// <summary>Reads <paramref name="count"/> elements from element <paramref name="offset"/> after everything queued (blocking).</summary>
    public T[] Read<T>(ClBuffer buffer, long count, long offset = 0)
        where T : unmanaged
    {
        var data = new T[count];
        fixed (T* p = data)
        {
            OpenClLibrary.Check(
                Context.Api.EnqueueReadBuffer(Queue, buffer.Handle, true, (nuint)(offset * sizeof(T)), (nuint)(count * sizeof(T)), p, 0, null, null),
                "clEnqueueReadBuffer");
        }

        return data;
    }

    /// <summary>A zeroed frame-sums buffer.</summary>
    public ClBuffer Sums() => Upload(new ulong[KernelSource.SumCount]);

    /// <summary>The frame sums, parsed as the engine parses them.</summary>
    public FrameSums ReadSums(ClBuffer sums) => KernelSource.Parse(Read<ulong>(sums, KernelSource.SumCount), motion: true, adm: true, vif: true);

    /// <inheritdoc/>
    public void Dispose() => Context.Api.ReleaseCommandQueue(Queue);

    private static (OpenClDeviceInfo? Device, string Reason) Find()
    {
        try
        {
            // VMAF_TINY_DEVICE=opencl:N picks the device (tools/gpu-check.sh on a machine with several); otherwise
            // the one --device opencl picks: the first usable GPU, else the first usable device.
            IReadOnlyList<OpenClDeviceInfo> devices = OpenClDevices.List();
            string? named = Environment.GetEnvironmentVariable(OpenClDevices.EnvironmentVariable);
            OpenClDeviceInfo? usable = named is not null && named.StartsWith("opencl:", StringComparison.Ordinal) && int.TryParse(named[7..], out int index)
                ? devices.ElementAtOrDefault(index) is { Usable: true } chosen ? chosen : null
                : devices.FirstOrDefault(d => d.Usable && d.Kind == "GPU") ?? devices.FirstOrDefault(d => d.Usable);
            return usable is null
                ? (null, $"no OpenCL device here can run the kernels: {string.Join("; ", devices)}")
                : (usable, string.Empty);
        }
        catch (VmafTinyException e)
        {
            return (null, $"OpenCL tests need an OpenCL device: {e.Message}");
        }
    }
}
