using VmafTiny.Features.OpenCL.Runtime;
using VmafTiny.Features.Vif;

namespace VmafTiny.Features.OpenCL.Vif;

/// <summary>
/// Integer VIF on an OpenCL device: all four scales from the two lumas already on the device, the sums of each
/// scale added to the frame's sums (slots <see cref="KernelSource.SumVif"/>..); <see cref="VifSums.Score"/> finishes
/// them on the host, as for the CPU kernels.
/// </summary>
/// <remarks>Port of integer_vif.c (libvmaf f85a8536), as vif.cl; each stage equal to VifScalar's.</remarks>
internal sealed class VifOpenCl : IDisposable
{
    /// <summary>libvmaf's default vif_enhn_gain_limit, the one vmaf_v0.6.1 uses (as VifExtractor).</summary>
    private const double GainLimit = 100.0;

    private readonly OpenClContext _context;
    private readonly int _width;
    private readonly int _height;
    private readonly int _bitDepth;
    private readonly ClKernel _statVertical8;
    private readonly ClKernel _statVertical16;
    private readonly ClKernel _statHorizontal;
    private readonly ClKernel _subVertical8;
    private readonly ClKernel _subVertical16;
    private readonly ClKernel _subHorizontal;
    private readonly ClBuffer _planes;
    private readonly ClBuffer _subPlanes;

    // Scales 1 and 3 live in A, scale 2 in B (as VifExtractor).
    private readonly ClBuffer _refA;
    private readonly ClBuffer _disA;
    private readonly ClBuffer _refB;
    private readonly ClBuffer _disB;

    /// <summary>Prepares kernels and buffers for frames of the given size and depth.</summary>
    public VifOpenCl(OpenClContext context, int width, int height, int bitDepth)
    {
        _context = context;
        _width = width;
        _height = height;
        _bitDepth = bitDepth;
        _statVertical8 = new ClKernel(context, "vif_stat_vertical8");
        _statVertical16 = new ClKernel(context, "vif_stat_vertical16");
        _statHorizontal = new ClKernel(context, "vif_stat_horizontal");
        _subVertical8 = new ClKernel(context, "vif_sub_vertical8");
        _subVertical16 = new ClKernel(context, "vif_sub_vertical16");
        _subHorizontal = new ClKernel(context, "vif_sub_horizontal");
        _planes = new ClBuffer(context, PlanesBytes(width, height), "vif planes");
        _subPlanes = new ClBuffer(context, SubPlanesBytes(width, height), "vif subsampling planes");
        long half = 2L * (width / 2) * (height / 2);
        long quarter = 2L * (width / 4) * (height / 4);
        _refA = new ClBuffer(context, half, "vif scale 1");
        _disA = new ClBuffer(context, half, "vif scale 1");
        _refB = new ClBuffer(context, quarter, "vif scale 2");
        _disB = new ClBuffer(context, quarter, "vif scale 2");
    }

    /// <summary>Device memory these buffers take.</summary>
    public static long DeviceBytes(int width, int height) =>
        PlanesBytes(width, height) + SubPlanesBytes(width, height) + (4L * (width / 2) * (height / 2)) + (4L * (width / 4) * (height / 4));

    /// <summary>The largest single buffer.</summary>
    public static long LargestBuffer(int width, int height) => PlanesBytes(width, height);

    /// <summary>Enqueues the four scales of the pair (<paramref name="reference"/>, <paramref name="distorted"/>), sums into <paramref name="sums"/>.</summary>
    public void Enqueue(nint queue, ClBuffer reference, ClBuffer distorted, ClBuffer sums)
    {
        int bytes = _bitDepth > 8 ? 2 : 1;
        int w = _width, h = _height;
        var (shiftMu, shiftSq) = VifScalar.StatisticShifts(0, _bitDepth);   // (8, 0) at 8 bits: vif_statistic_8's values
        Statistic(queue, reference, distorted, bytes, w, h, 0, shiftMu, shiftSq, sums);
        Subsample(queue, reference, distorted, bytes, w, h, 1, VifScalar.SubsampleShift(1, _bitDepth), _refA, _disA);
        w /= 2;
        h /= 2;
        Statistic(queue, _refA, _disA, 2, w, h, 1, 16, 16, sums);
        Subsample(queue, _refA, _disA, 2, w, h, 2, VifScalar.SubsampleShift(2, _bitDepth), _refB, _disB);
        w /= 2;
        h /= 2;
        Statistic(queue, _refB, _disB, 2, w, h, 2, 16, 16, sums);
        Subsample(queue, _refB, _disB, 2, w, h, 3, VifScalar.SubsampleShift(3, _bitDepth), _refA, _disA);
        w /= 2;
        h /= 2;
        Statistic(queue, _refA, _disA, 2, w, h, 3, 16, 16, sums);
    }

    /// <summary>
    /// One scale's statistic: the vertical pass (8-bit input, <paramref name="bytes"/> 1, is scale 0 of 8-bit luma:
    /// vif_statistic_8; otherwise the shifts apply), then the horizontal pass adding the scale's four sums to
    /// <paramref name="sums"/>.
    /// </summary>
    public void Statistic(
        nint queue, ClBuffer reference, ClBuffer distorted, int bytes, int width, int height, int scale, int shiftMu, int shiftSq, ClBuffer sums)
    {
        ClKernel vertical = bytes == 1
            ? _statVertical8.With(reference, distorted, width, height, _planes)
            : _statVertical16.With(reference, distorted, width, height, scale, shiftMu, shiftSq, _planes);
        OpenClLibrary.Check(vertical.Run(queue, Grid.Pointwise(width, height, _context.Group)), vertical.Name);
        OpenClLibrary.Check(
            _statHorizontal.With(_planes, width, height, scale, GainLimit, _context.Log2Table, sums)
                .Run(queue, Grid.RowChunks(width, height, _context.Group)),
            "vif_stat_horizontal");
    }

    /// <summary>Filters and decimates a pair into the next scale's (width/2)x(height/2) 16-bit images.</summary>
    public void Subsample(
        nint queue, ClBuffer reference, ClBuffer distorted, int bytes, int width, int height, int toScale, int shift, ClBuffer referenceOut, ClBuffer distortedOut)
    {
        ClKernel vertical = (bytes == 1 ? _subVertical8 : _subVertical16).With(reference, distorted, width, height, toScale, shift, _subPlanes);
        OpenClLibrary.Check(vertical.Run(queue, Grid.Pointwise(width, height / 2, _context.Group)), vertical.Name);
        OpenClLibrary.Check(
            _subHorizontal.With(_subPlanes, width, height, toScale, referenceOut, distortedOut)
                .Run(queue, Grid.Pointwise(width / 2, height / 2, _context.Group)),
            "vif_sub_horizontal");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (IDisposable d in new IDisposable[] { _statVertical8, _statVertical16, _statHorizontal, _subVertical8, _subVertical16, _subHorizontal, _planes, _subPlanes, _refA, _disA, _refB, _disB })
        {
            d.Dispose();
        }
    }

    private static long PlanesBytes(int width, int height) => 5L * 4 * width * height;

    private static long SubPlanesBytes(int width, int height) => 2L * 4 * width * (height / 2);
}
