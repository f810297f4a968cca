using System.Collections.Concurrent;
using System.Globalization;
using Silk.NET.OpenCL;
using VmafTiny.Features.OpenCL.Adm;
using VmafTiny.Features.OpenCL.Motion;
using VmafTiny.Features.OpenCL.Runtime;
using VmafTiny.Features.OpenCL.Vif;

namespace VmafTiny.Features.OpenCL;

/// <summary>
/// One stream's pipeline on an OpenCL device: each frame's two lumas are uploaded once, every scale of VIF and ADM
/// and the motion SAD run there, and only the frame's 41 integer sums come back; the host finishes them with the
/// CPU path's code. Several frames are in flight.
/// </summary>
/// <remarks>
/// <para>Two in-order queues: uploads go to one, kernels and the read-back of the sums to the other, so a frame's
/// upload overlaps the previous frame's kernels. The lumas live in <see cref="InputSets"/> rotating device buffers:
/// frame j's upload waits (on the device, through an event) for frame j − <see cref="InputSets"/> + 1 to finish,
/// the last reader of that buffer (motion reads the previous reference); frame j's kernels wait for its upload. The
/// host never waits per kernel: one thread waits for each frame's read-back event, in order, and reports it.</para>
/// <para>Intermediate buffers (VIF planes, ADM bands) are shared by all frames: the compute queue runs frames one
/// after the other. Buffers are allocated once per stream; the context and the built program once per process.</para>
/// </remarks>
internal sealed unsafe class OpenClFrameEngine : IFrameEngine
{
    /// <summary>Device luma buffers in rotation.</summary>
    public const int InputSets = 3;

    /// <summary>Frames in flight at most (host copies of the sums).</summary>
    private const int HostSlots = (2 * InputSets) + 2;

    private readonly CL _api;
    private readonly OpenClDeviceInfo _device;
    private readonly int _width;
    private readonly int _height;
    private readonly long _planeBytes;
    private readonly nint _upload;
    private readonly nint _compute;
    private readonly ClBuffer[] _reference = new ClBuffer[InputSets];
    private readonly ClBuffer[] _distorted = new ClBuffer[InputSets];
    private readonly nint[] _finished = new nint[InputSets];   // frame k's read-back event at [k % InputSets], retained
    private readonly ClBuffer _sums;
    private readonly ulong[][] _hostSums = new ulong[HostSlots][];
    private readonly MotionOpenCl _motion;
    private readonly VifOpenCl _vif;
    private readonly AdmOpenCl _adm;
    private readonly SemaphoreSlim _free = new(HostSlots, HostSlots);
    private readonly BlockingCollection<Pending> _pending = new();
    private readonly Thread _completion;
    private readonly int? _faultAtFrame;
    private bool _disposed;

    /// <summary>Allocates everything for frames of <paramref name="format"/> on <paramref name="context"/>'s device.</summary>
    /// <param name="context">The device's shared context.</param>
    /// <param name="format">The frames' format (luma only is used).</param>
    /// <param name="faultAtFrame">Tests only: make this frame's completion fail, as a device fault would.</param>
    public OpenClFrameEngine(OpenClContext context, VideoFormat format, int? faultAtFrame = null)
    {
        _api = context.Api;
        _device = context.Device;
        _width = format.Width;
        _height = format.Height;
        _faultAtFrame = faultAtFrame;
        _planeBytes = (long)format.Width * format.Height * (format.BitDepth > 8 ? 2 : 1);
        CheckMemory(context.Device, format);

        int error;
        _upload = _api.CreateCommandQueue(context.Context, _device.Handle, CommandQueueProperties.None, &error);
        OpenClLibrary.Check(error, "clCreateCommandQueue");
        _compute = _api.CreateCommandQueue(context.Context, _device.Handle, CommandQueueProperties.None, &error);
        OpenClLibrary.Check(error, "clCreateCommandQueue");
        for (int k = 0; k < InputSets; k++)
        {
            _reference[k] = new ClBuffer(context, _planeBytes, "reference luma");
            _distorted[k] = new ClBuffer(context, _planeBytes, "distorted luma");
        }

        _sums = new ClBuffer(context, KernelSource.SumCount * sizeof(ulong), "sums");
        for (int k = 0; k < HostSlots; k++)
        {
            _hostSums[k] = GC.AllocateArray<ulong>(KernelSource.SumCount, pinned: true);
        }

        _motion = new MotionOpenCl(context, format.Width, format.Height, format.BitDepth);
        _vif = new VifOpenCl(context, format.Width, format.Height, format.BitDepth);
        _adm = new AdmOpenCl(context, format.Width, format.Height, format.BitDepth);
        _completion = new Thread(Complete) { IsBackground = true, Name = "vmaf-tiny opencl completion" };
        _completion.Start();
    }

    /// <inheritdoc/>
    public string Description => $"{_device.Selector} ({_device.Name}, {_device.Platform})";

    /// <inheritdoc/>
    public int Depth => InputSets;

    /// <summary>
    /// Device memory a stream of <paramref name="format"/> needs in all, and its largest single buffer.
    /// </summary>
    public static (long Total, long Largest) MemoryNeeded(VideoFormat format)
    {
        int w = format.Width, h = format.Height;
        long plane = (long)w * h * (format.BitDepth > 8 ? 2 : 1);
        long total = (2 * InputSets * plane) + MotionOpenCl.DeviceBytes(w, h) + VifOpenCl.DeviceBytes(w, h) + AdmOpenCl.DeviceBytes(w, h)
            + (KernelSource.SumCount * sizeof(ulong));
        long largest = Math.Max(Math.Max(plane, MotionOpenCl.DeviceBytes(w, h)), Math.Max(VifOpenCl.LargestBuffer(w, h), AdmOpenCl.LargestBuffer(w, h)));
        return (total, largest);
    }

    /// <inheritdoc/>
    public void Submit(int index, byte[] reference, byte[] distorted, bool motion, bool adm, bool vif, Action<FrameSums?, Exception?> done)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (reference.Length < _planeBytes || distorted.Length < _planeBytes)
        {
            throw new ArgumentException($"frame {index}: luma buffers of {reference.Length}/{distorted.Length} bytes, {_planeBytes} needed");
        }

        _free.Wait();
        try
        {
            Enqueue(index, reference, distorted, motion, adm, vif, done);
        }
        catch (OpenClException e)
        {
            _free.Release();
            throw FrameError(index, e.Code, e.Message);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _pending.CompleteAdding();

        // Both queues drain before anything is released: uploads read the caller's (pinned) frame buffers.
        _api.Finish(_upload);
        _api.Finish(_compute);
        _completion.Join();
        foreach (nint e in _finished.Where(e => e != 0))
        {
            _api.ReleaseEvent(e);
        }

        _motion.Dispose();
        _vif.Dispose();
        _adm.Dispose();
        _sums.Dispose();
        foreach (ClBuffer b in _reference.Concat(_distorted))
        {
            b.Dispose();
        }

        _api.ReleaseCommandQueue(_upload);
        _api.ReleaseCommandQueue(_compute);
        _pending.Dispose();
        _free.Dispose();
    }

    /// <summary>Refuses, in one line, frames whose buffers do not fit the device (checked before anything is allocated).</summary>
    internal static void CheckMemory(OpenClDeviceInfo device, VideoFormat format)
    {
        var (total, largest) = MemoryNeeded(format);
        if (total > (long)device.GlobalMemory || largest > (long)device.MaxAllocation)
        {
            throw new VmafTinyException(string.Create(
                CultureInfo.InvariantCulture,
                $"OpenCL device {device.Selector} ({device.Name}) has not enough memory for {format.Width}x{format.Height} frames: " +
                $"they need {Mib(total)} MiB (largest buffer {Mib(largest)} MiB); the device has {Mib((long)device.GlobalMemory)} MiB " +
                $"and allows {Mib((long)device.MaxAllocation)} MiB per buffer"));
        }
    }

    private static long Mib(long bytes) => (bytes + (1 << 20) - 1) >> 20;

    private void Enqueue(int index, byte[] reference, byte[] distorted, bool motion, bool adm, bool vif, Action<FrameSums?, Exception?> done)
    {
        int set = index % InputSets;
        nint uploaded;
        fixed (byte* r = reference)
        fixed (byte* d = distorted)
        {
            // This set was last read by frame index − InputSets + 1 (its motion): wait for that frame's read-back.
            nint reuse = _finished[(index + 1) % InputSets];
            uint waits = reuse != 0 ? 1u : 0u;
            OpenClLibrary.Check(
                _api.EnqueueWriteBuffer(_upload, _reference[set].Handle, false, 0, (nuint)_planeBytes, r, waits, waits > 0 ? &reuse : null, null),
                "clEnqueueWriteBuffer(reference)");
            OpenClLibrary.Check(
                _api.EnqueueWriteBuffer(_upload, _distorted[set].Handle, false, 0, (nuint)_planeBytes, d, 0, null, &uploaded),
                "clEnqueueWriteBuffer(distorted)");
        }

        try
        {
            // The first compute command waits for the upload; the in-order queue orders the rest after it.
            ulong zero = 0;
            OpenClLibrary.Check(
                _api.EnqueueFillBuffer(_compute, _sums.Handle, &zero, sizeof(ulong), 0, (nuint)_sums.Bytes, 1, &uploaded, null),
                "clEnqueueFillBuffer(sums)");
            if (motion)
            {
                _motion.Enqueue(_compute, _reference[(index + InputSets - 1) % InputSets], _reference[set], _sums);
            }

            if (vif)
            {
                _vif.Enqueue(_compute, _reference[set], _distorted[set], _sums);
            }

            if (adm)
            {
                _adm.Enqueue(_compute, _reference[set], _distorted[set], _sums);
            }

            ulong[] host = _hostSums[index % HostSlots];
            nint finished;
            fixed (ulong* h = host)
            {
                OpenClLibrary.Check(
                    _api.EnqueueReadBuffer(_compute, _sums.Handle, false, 0, (nuint)_sums.Bytes, h, 0, null, &finished),
                    "clEnqueueReadBuffer(sums)");
            }

            OpenClLibrary.Check(_api.Flush(_upload), "clFlush");
            OpenClLibrary.Check(_api.Flush(_compute), "clFlush");
            if (_finished[set] != 0)
            {
                _api.ReleaseEvent(_finished[set]);
            }

            _finished[set] = finished;
            OpenClLibrary.Check(_api.RetainEvent(finished), "clRetainEvent");
            _pending.Add(new Pending(index, finished, host, motion, adm, vif, done, index == _faultAtFrame));
        }
        finally
        {
            _api.ReleaseEvent(uploaded);
        }
    }

    /// <summary>The completion thread: waits for each frame's sums in order and hands them to the stream.</summary>
    private void Complete()
    {
        foreach (Pending p in _pending.GetConsumingEnumerable())
        {
            FrameSums? sums = null;
            Exception? error = null;
            try
            {
                nint e = p.Event;
                int rc = _api.WaitForEvents(1, &e);
                int status = 0;
                _api.GetEventInfo(e, EventInfo.CommandExecutionStatus, sizeof(int), &status, null);
                if (p.InjectFault && rc == 0)
                {
                    // Tests: the frame's wait fails as after a device fault. (A real failed event cannot be provoked on
                    // PoCL 3.1: it aborts the process in pocl_update_event_failed.) Waiting on no event is CL_INVALID_EVENT.
                    nint none = 0;
                    rc = _api.WaitForEvents(1, &none);
                }
                if (rc != 0 || status < 0)
                {
                    int code = status < 0 ? status : rc;
                    error = FrameError(p.Index, code, $"{OpenClErrors.Name(code)} ({code})");
                }
                else
                {
                    sums = KernelSource.Parse(p.Host, p.Motion, p.Adm, p.Vif);
                }
            }
            catch (Exception e)
            {
                error = e;
            }
            finally
            {
                _api.ReleaseEvent(p.Event);
            }

            p.Done(sums, error);
            _free.Release();
        }
    }

    private VmafTinyException FrameError(int index, int code, string detail) =>
        OpenClErrors.IsOutOfMemory(code)
            ? new OpenClException(code, $"OpenCL device {_device.Selector} ({_device.Name}) ran out of memory or resources at frame {index}: {detail}", null)
            : new OpenClException(code, $"OpenCL device error at frame {index} on {_device.Selector} ({_device.Name}): {detail}", null);

    private sealed record Pending(
        int Index, nint Event, ulong[] Host, bool Motion, bool Adm, bool Vif, Action<FrameSums?, Exception?> Done, bool InjectFault);
}
