using System.Runtime.Intrinsics;
using VmafTiny.Features.Simd;

namespace VmafTiny.Features.Motion;

/// <summary>
/// libvmaf 3.2.0's integer motion: the blurred SAD between two consecutive reference lumas
/// (VMAF_integer_feature_motion_sad_score). Holds scratch buffers; one instance per thread.
/// </summary>
/// <remarks>
/// Port of integer_motion.c: extract (libvmaf f85a8536) with its defaults (motion_fps_weight 1,
/// motion_max_val 10000, no five-frame window, no force-zero). Frame 0 has no previous frame and scores 0; the
/// caller handles that. motion2 is combined from these scores by <see cref="Motion2"/>.
/// </remarks>
public sealed class MotionExtractor
{
    /// <summary>libvmaf's default motion_fps_weight.</summary>
    private const double FpsWeight = 1.0;

    /// <summary>libvmaf's default motion_max_val.</summary>
    internal const double MaxValue = 10000.0;

    private readonly int _width;
    private readonly int _height;
    private readonly int _bitDepth;
    private readonly IMotionKernels _kernels;
    private readonly int[] _row;

    /// <summary>Prepares buffers for frames of the given luma size and bit depth, with the best kernels.</summary>
    public MotionExtractor(int width, int height, int bitDepth)
        : this(width, height, bitDepth, CpuPath.Auto)
    {
    }

    /// <summary>
    /// Prepares buffers for frames of the given luma size and bit depth, with kernels no faster than
    /// <paramref name="cpu"/> allows (see <see cref="CpuDispatch"/>; a path the CPU lacks is a <see cref="VmafTinyException"/>).
    /// </summary>
    public MotionExtractor(int width, int height, int bitDepth, CpuPath cpu)
    {
        ExtractorGuard.CheckGeometry("motion", width, height, bitDepth);

        _width = width;
        _height = height;
        _bitDepth = bitDepth;
        _kernels = Select(cpu);
        _row = new int[width + 2 * MotionTables.FilterHalf];
    }

    /// <summary>The name of the kernel set in use, e.g. "scalar".</summary>
    public string KernelName => _kernels.Name;

    /// <summary>The SAD score of <paramref name="current"/> against <paramref name="previous"/> (frame i vs i-1).</summary>
    public double Sad(LumaPlane previous, LumaPlane current)
    {
        ExtractorGuard.CheckPlane(previous, nameof(previous), _width, _height, _bitDepth);
        ExtractorGuard.CheckPlane(current, nameof(current), _width, _height, _bitDepth);
        ulong sad = _bitDepth == 8
            ? _kernels.Pipeline8(previous.Samples8, previous.Stride, current.Samples8, current.Stride, _width, _height, _row)
            : _kernels.Pipeline16(
                previous.Samples16, previous.Stride, current.Samples16, current.Stride, _width, _height, _bitDepth, _row);

        return Score(sad, _width, _height);
    }

    /// <summary>
    /// The SAD score from the integer SAD of a <paramref name="width"/> x <paramref name="height"/> frame pair: the
    /// finishing every kernel set (and the OpenCL device) shares.
    /// </summary>
    internal static double Score(ulong sad, int width, int height)
    {
        // C: MIN((double)sad / 256. / (w * h) * motion_fps_weight, motion_max_val), w·h in unsigned int.
        // sad < 2^63, so the signed conversion is the correctly rounded one.
        uint pixels = unchecked((uint)width * (uint)height);
        return Math.Min((double)(long)sad / 256.0 / pixels * FpsWeight, MaxValue);
    }

    /// <summary>The kernels for <paramref name="cpu"/>, through the extractors' one ladder (<see cref="KernelLadder"/>).</summary>
    private static IMotionKernels Select(CpuPath cpu) => KernelLadder.Select<IMotionKernels>(
        cpu, MotionScalar.Instance, (MotionSimd<Simd256, Vector256<int>>.Instance, MotionSimd<Simd256, Vector256<int>>.IsSupported), (MotionSimd<Simd512, Vector512<int>>.Instance, MotionSimd<Simd512, Vector512<int>>.IsSupported));
}
