using VmafTiny.Features.OpenCL.Runtime;

namespace VmafTiny.Features.OpenCL.Motion;

/// <summary>
/// Integer motion on an OpenCL device: the blurred SAD of two reference lumas already on the device, added to the
/// frame's sums (slot <see cref="KernelSource.SumMotion"/>); <c>MotionExtractor.Score</c> finishes it on the host.
/// </summary>
/// <remarks>Port of integer_motion.c: motion_score_pipeline_8/16 (libvmaf f85a8536), as motion.cl; equal to MotionScalar.</remarks>
internal sealed class MotionOpenCl : IDisposable
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _shift;
    private readonly int _group;
    private readonly ClKernel _vertical;
    private readonly ClKernel _sad;
    private readonly ClBuffer _rows;

    /// <summary>Prepares kernels and the vertical pass's plane for frames of the given size and depth.</summary>
    public MotionOpenCl(OpenClContext context, int width, int height, int bitDepth)
    {
        if (width > MaxWidth)
        {
            // libvmaf's per-row uint32 sum could wrap from 65537 columns; the device adds straight into 64 bits.
            throw new VmafTinyException($"the OpenCL device computes motion for frames up to {MaxWidth} pixels wide, not {width}");
        }

        _width = width;
        _height = height;
        _shift = bitDepth;
        _group = context.Group;
        _vertical = new ClKernel(context, bitDepth > 8 ? "motion_vertical16" : "motion_vertical8");
        _sad = new ClKernel(context, "motion_sad");
        _rows = new ClBuffer(context, DeviceBytes(width, height), "motion rows");
    }

    /// <summary>The widest frame: a row's SAD then fits libvmaf's uint32 row sum without wrapping.</summary>
    public const int MaxWidth = 65536;

    /// <summary>Device memory these buffers take.</summary>
    public static long DeviceBytes(int width, int height) => 4L * width * height;

    /// <summary>Enqueues SAD(previous, current) into <paramref name="sums"/>.</summary>
    public void Enqueue(nint queue, ClBuffer previous, ClBuffer current, ClBuffer sums)
    {
        OpenClLibrary.Check(
            _vertical.With(previous, current, _width, _height, _shift, _rows).Run(queue, Grid.Pointwise(_width, _height, _group)),
            _vertical.Name);
        OpenClLibrary.Check(_sad.With(_rows, _width, sums).Run(queue, Grid.RowChunks(_width, _height, _group)), "motion_sad");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _vertical.Dispose();
        _sad.Dispose();
        _rows.Dispose();
    }
}
