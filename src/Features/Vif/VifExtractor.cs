using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafTiny.Features.Simd;
using VmafTiny.Memory;

namespace VmafTiny.Features.Vif;

/// <summary>The four VIF scale scores of one frame (integer_vif_scale0..3).</summary>
public readonly record struct VifScores(double Scale0, double Scale1, double Scale2, double Scale3);

/// <summary>
/// libvmaf 3.2.0's integer VIF for one frame geometry. Holds its scratch buffers, so one instance per
/// thread; not thread-safe. Dispose it to free the subsampled planes at once (native memory, mapped at once); otherwise
/// they are freed when it is collected.
/// </summary>
/// <remarks>
/// Port of integer_vif.c: extract (libvmaf f85a8536) with its vif_enhn_gain_limit (100 by default, 1 for the NEG
/// models) and no vif_skip_scale0. Scale 0 works on the luma itself; each further scale is the previous one low-pass
/// filtered and decimated by two (floor), so a 1920x1080 frame is scored at 1920x1080, 960x540, 480x270 and
/// 240x135. Only luma is read.
/// </remarks>
public sealed class VifExtractor : IDisposable
{
    /// <summary>libvmaf's default vif_enhn_gain_limit, the one vmaf_v0.6.1 uses.</summary>
    private const double DefaultGainLimit = 100.0;

    private readonly double _gainLimit;
    private readonly int _width;
    private readonly int _height;
    private readonly int _bitDepth;
    private readonly IVifKernels _kernels;
    private readonly VifScratch _scratch;

    // Scales 1 and 3 live in A, scale 2 in B (each subsampling reads one and writes the other): four planes of ushorts,
    // A's two of _half samples then B's two of _quarter, in one NativeBuffer (off the GC heap, mapped at once).
    private readonly NativeBuffer _planes;
    private readonly int _half;
    private readonly int _quarter;

    // Only for planes whose strides differ: the distorted luma is repacked to the reference's stride.
    private byte[]? _repacked;

    /// <summary>Prepares buffers for frames of the given luma size and bit depth, with the best kernels.</summary>
    public VifExtractor(int width, int height, int bitDepth)
        : this(width, height, bitDepth, CpuPath.Auto)
    {
    }

    /// <summary>
    /// Prepares buffers for frames of the given luma size and bit depth, with kernels no faster than
    /// <paramref name="cpu"/> allows (see <see cref="CpuDispatch"/>; a path the CPU lacks is a <see cref="VmafTinyException"/>).
    /// </summary>
    public VifExtractor(int width, int height, int bitDepth, CpuPath cpu)
        : this(width, height, bitDepth, cpu, DefaultGainLimit)
    {
    }

    /// <summary>
    /// Prepares buffers for frames of the given luma size and bit depth, with kernels no faster than
    /// <paramref name="cpu"/> allows, and libvmaf's <c>vif_enhn_gain_limit</c> <paramref name="enhancementGainLimit"/>
    /// (1..100; 100 by default, 1 for the NEG models): the cap on each pixel's gain at every scale.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Frames under 33x33 or above <see cref="VideoFormat.MaximumDimension"/>, a bit depth outside 8..16, or a gain limit outside 1..100.</exception>
    public VifExtractor(int width, int height, int bitDepth, CpuPath cpu, double enhancementGainLimit)
    {
        if (!(enhancementGainLimit >= 1.0 && enhancementGainLimit <= DefaultGainLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(enhancementGainLimit), enhancementGainLimit, "vif_enhn_gain_limit must be 1..100");
        }

        ExtractorGuard.CheckGeometry("VIF", width, height, bitDepth);
        _gainLimit = enhancementGainLimit;

        _width = width;
        _height = height;
        _bitDepth = bitDepth;
        _kernels = Select(cpu);
        _scratch = new VifScratch(width);
        _half = (width / 2) * (height / 2);
        _quarter = (width / 4) * (height / 4);
        _planes = new NativeBuffer(2L * sizeof(ushort) * (_half + _quarter));
    }

    /// <summary>The name of the kernel set in use, e.g. "scalar".</summary>
    public string KernelName => _kernels.Name;

    /// <summary>Computes vif_scale0..3 for one reference/distorted luma pair.</summary>
    /// <exception cref="ObjectDisposedException">The extractor was disposed.</exception>
    public VifScores Extract(LumaPlane reference, LumaPlane distorted)
    {
        ExtractorGuard.CheckPlane(reference, nameof(reference), _width, _height, _bitDepth);
        ExtractorGuard.CheckPlane(distorted, nameof(distorted), _width, _height, _bitDepth);

        // Held for the call: a Dispose on another thread frees the planes only once this lets go of them.
        using NativeBuffer.Lease held = NativeBuffer.Hold(_planes);
        return Extract(reference, distorted, Plane(0, _half), Plane(1, _half), Plane(2, _quarter), Plane(3, _quarter));
    }

    /// <summary>Frees the subsampled planes (after a running <see cref="Extract(LumaPlane, LumaPlane)"/> returns); a second call does nothing.</summary>
    public void Dispose() => _planes.Dispose();

    /// <summary>Plane <paramref name="index"/> (reference A, distorted A, reference B, distorted B) of <paramref name="samples"/> ushorts.</summary>
    private Span<ushort> Plane(int index, int samples)
    {
        long at = sizeof(ushort) * (index < 2 ? (long)index * _half : (2L * _half) + ((long)(index - 2) * _quarter));
        return MemoryMarshal.Cast<byte, ushort>(_planes.Slice(at, samples * sizeof(ushort)));
    }

    private VifScores Extract(LumaPlane reference, LumaPlane distorted, Span<ushort> refA, Span<ushort> disA, Span<ushort> refB, Span<ushort> disB)
    {
        int stride = reference.Stride;
        int w = _width;
        int h = _height;
        double scale0;
        if (_bitDepth == 8)
        {
            ReadOnlySpan<byte> refLuma = reference.Samples8;
            ReadOnlySpan<byte> disLuma = distorted.Stride == stride ? distorted.Samples8 : Repack8(distorted, stride);
            scale0 = _kernels.Statistic8Subsample(refLuma, disLuma, stride, w, h, _gainLimit, refA, disA, _scratch).Score;
        }
        else
        {
            ReadOnlySpan<ushort> refLuma = reference.Samples16;
            ReadOnlySpan<ushort> disLuma = distorted.Stride == stride ? distorted.Samples16 : Repack16(distorted, stride);
            scale0 = _kernels.Statistic16(refLuma, disLuma, stride, w, h, 0, _bitDepth, _gainLimit, _scratch).Score;
            _kernels.SubsampleRd16(refLuma, disLuma, stride, w, h, 1, _bitDepth, refA, disA, _scratch);
        }

        w /= 2;
        h /= 2;
        double scale1 = _kernels.Statistic16(refA, disA, w, w, h, 1, _bitDepth, _gainLimit, _scratch).Score;
        _kernels.SubsampleRd16(refA, disA, w, w, h, 2, _bitDepth, refB, disB, _scratch);
        w /= 2;
        h /= 2;
        double scale2 = _kernels.Statistic16(refB, disB, w, w, h, 2, _bitDepth, _gainLimit, _scratch).Score;
        _kernels.SubsampleRd16(refB, disB, w, w, h, 3, _bitDepth, refA, disA, _scratch);
        w /= 2;
        h /= 2;
        double scale3 = _kernels.Statistic16(refA, disA, w, w, h, 3, _bitDepth, _gainLimit, _scratch).Score;
        return new VifScores(scale0, scale1, scale2, scale3);
    }

    /// <summary>The kernels for <paramref name="cpu"/>, through the extractors' one ladder (<see cref="KernelLadder"/>).</summary>
    internal static IVifKernels Select(CpuPath cpu) => KernelLadder.Select<IVifKernels>(
        cpu,
        VifScalarFast.Instance,
        Simd256Vnni.IsSupported ? (VifSimd<Simd256Vnni, Vector256<int>>.Instance, true) : (VifSimd<Simd256, Vector256<int>>.Instance, Simd256.IsSupported),
        (VifSimd<Simd512, Vector512<int>>.Instance, Simd512.IsSupported));

    private ReadOnlySpan<byte> Repack8(LumaPlane plane, int stride)
    {
        Span<byte> dst = RepackBuffer(stride);
        for (int y = 0; y < _height; y++)
        {
            plane.Row8(y).CopyTo(dst.Slice(y * stride));
        }

        return dst;
    }

    private ReadOnlySpan<ushort> Repack16(LumaPlane plane, int stride)
    {
        Span<ushort> dst = MemoryMarshal.Cast<byte, ushort>(RepackBuffer(stride));
        for (int y = 0; y < _height; y++)
        {
            plane.Row16(y).CopyTo(dst.Slice(y * stride));
        }

        return dst;
    }

    private Span<byte> RepackBuffer(int stride)
    {
        int bytes = stride * _height * (_bitDepth > 8 ? 2 : 1);
        if (_repacked is null || _repacked.Length < bytes)
        {
            _repacked = new byte[bytes];
        }

        return _repacked;
    }
}
