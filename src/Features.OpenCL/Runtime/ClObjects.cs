using Silk.NET.OpenCL;

namespace VmafTiny.Features.OpenCL.Runtime;

/// <summary>A device buffer (cl_mem) and its size.</summary>
internal sealed class ClBuffer : IDisposable
{
    private readonly CL _api;
    private nint _handle;

    /// <summary>Allocates <paramref name="bytes"/> bytes in <paramref name="context"/>.</summary>
    public ClBuffer(OpenClContext context, long bytes, string what)
    {
        _api = context.Api;
        Bytes = bytes;
        _handle = context.CreateBuffer(bytes, what);
    }

    /// <summary>The cl_mem handle.</summary>
    public nint Handle => _handle;

    /// <summary>Size in bytes.</summary>
    public long Bytes { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_handle != 0)
        {
            _api.ReleaseMemObject(_handle);
            _handle = 0;
        }
    }
}

/// <summary>
/// A kernel object with its arguments set in one call (buffers, ints, longs, doubles, in order) and run over a grid.
/// Not thread-safe: each stream owns its kernels.
/// </summary>
internal sealed unsafe class ClKernel : IDisposable
{
    private readonly CL _api;
    private nint _handle;

    /// <summary>Creates kernel <paramref name="name"/> of the context's program.</summary>
    public ClKernel(OpenClContext context, string name)
    {
        _api = context.Api;
        Name = name;
        _handle = context.CreateKernel(name);
    }

    /// <summary>The kernel's name in the program.</summary>
    public string Name { get; }

    /// <summary>Sets every argument, in order: <see cref="ClBuffer"/> or a cl_mem handle (nint), int, long, ulong or double.</summary>
    public ClKernel With(params object[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            int rc = args[i] switch
            {
                ClBuffer b => SetBuffer(i, b.Handle),
                nint h => SetBuffer(i, h),
                int v => _api.SetKernelArg(_handle, (uint)i, sizeof(int), &v),
                long v => _api.SetKernelArg(_handle, (uint)i, sizeof(long), &v),
                ulong v => _api.SetKernelArg(_handle, (uint)i, sizeof(ulong), &v),
                double v => _api.SetKernelArg(_handle, (uint)i, sizeof(double), &v),
                _ => throw new ArgumentException($"{Name}: argument {i} of type {args[i]?.GetType().Name} is not a kernel argument type"),
            };
            OpenClLibrary.Check(rc, $"clSetKernelArg({Name}, {i})");
        }

        return this;
    }

    /// <summary>
    /// Enqueues the kernel over <paramref name="grid"/> on <paramref name="queue"/>, after <paramref name="wait"/>
    /// (0 for none); returns the error code (the caller names the frame).
    /// </summary>
    public int Run(nint queue, Grid grid, nint wait = 0)
    {
        nuint* global = stackalloc nuint[3] { (nuint)grid.Global0, (nuint)grid.Global1, (nuint)grid.Global2 };
        nuint* local = stackalloc nuint[3] { (nuint)grid.Local0, (nuint)grid.Local1, 1 };
        return _api.EnqueueNdrangeKernel(queue, _handle, (uint)grid.Dimensions, null, global, local, wait == 0 ? 0u : 1u, wait == 0 ? null : &wait, null);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_handle != 0)
        {
            _api.ReleaseKernel(_handle);
            _handle = 0;
        }
    }

    private int SetBuffer(int index, nint handle) => _api.SetKernelArg(_handle, (uint)index, (nuint)sizeof(nint), &handle);
}

/// <summary>An NDRange: global sizes already rounded up to whole work-groups.</summary>
internal readonly record struct Grid(int Dimensions, long Global0, long Global1, long Global2, int Local0, int Local1)
{
    /// <summary>
    /// One work-item per element of a <paramref name="width"/> x <paramref name="height"/> (x <paramref name="depth"/>)
    /// region, in work-groups of 32 x (group / 32) x 1 items.
    /// </summary>
    public static Grid Pointwise(int width, int height, int group, int depth = 1)
    {
        int local0 = Math.Min(32, group);
        int local1 = group / local0;
        return new Grid(depth > 1 ? 3 : 2, RoundUp(width, local0), RoundUp(height, local1), depth, local0, local1);
    }

    /// <summary>
    /// One work-item per element of a <paramref name="width"/> x <paramref name="rows"/> region, in work-groups of
    /// <paramref name="group"/> items of one row (the reductions: a group's partial sums, then one atomic add each).
    /// </summary>
    public static Grid RowChunks(int width, int rows, int group) => new(2, RoundUp(width, group), rows, 1, group, 1);

    private static long RoundUp(int n, int multiple) => ((long)Math.Max(n, 1) + multiple - 1) / multiple * multiple;
}
