using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafTiny.Features.Simd;

namespace VmafTiny.Features.Psnr;

/// <summary>
/// libvmaf 3.2.0's integer PSNR (<c>--feature psnr</c>) for one video format: <c>psnr_y</c>, <c>psnr_cb</c>,
/// <c>psnr_cr</c> and optionally <c>mse_*</c> per frame, each the same double libvmaf stores. Holds no per-frame
/// state, so one instance may serve several threads; the aggregate APSNR is summed by an
/// <see cref="ApsnrAccumulator"/> (<see cref="CreateAccumulator"/>).
/// </summary>
/// <remarks>
/// <para>Port of integer_psnr.c: init, psnr and psnr_hbd (libvmaf f85a8536). Per plane: the integer sum of squared
/// errors (<see cref="IPsnrKernels"/>), mse = sse / (w·h) and psnr = min(10·log10(peak² / max(mse, 1e-16)), ceiling);
/// the 8-bit function uses peak 255 whatever the options. Plane geometry, peak and ceilings:
/// <see cref="PsnrParameters"/>.</para>
/// <para>Frames are read as <see cref="YuvFrame"/> stores them: planes back to back, tightly packed. Chroma is read
/// only when the options ask for it (<see cref="ReadsChroma"/>).</para>
/// </remarks>
public sealed class PsnrExtractor
{
    private readonly PsnrParameters _parameters;
    private readonly IPsnrKernels _kernels;

    /// <summary>Prepares PSNR for frames of <paramref name="format"/> with libvmaf's default options, on the best CPU path.</summary>
    public PsnrExtractor(VideoFormat format)
        : this(format, new PsnrOptions(), CpuPath.Auto)
    {
    }

    /// <summary>Prepares PSNR for frames of <paramref name="format"/>, with kernels no faster than <paramref name="cpu"/> allows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bit depth outside 8..16, or an empty frame.</exception>
    /// <exception cref="VmafTinyException">An option out of range, or a CPU path this CPU lacks (see <see cref="CpuDispatch"/>).</exception>
    public PsnrExtractor(VideoFormat format, PsnrOptions options, CpuPath cpu = CpuPath.Auto)
    {
        ArgumentNullException.ThrowIfNull(options);
        ExtractorGuard.CheckGeometry("PSNR", format.Width, format.Height, format.BitDepth, minimum: 1, limitSize: false);
        if (!Enum.IsDefined(format.Chroma))
        {
            throw new ArgumentOutOfRangeException(nameof(format), $"unknown chroma format {format.Chroma}");
        }

        options.Validate();
        _parameters = new PsnrParameters(format, options);
        _kernels = Select(cpu);
    }

    /// <summary>The format the frames must have.</summary>
    public VideoFormat Format => _parameters.Format;

    /// <summary>The options in force.</summary>
    public PsnrOptions Options => _parameters.Options;

    /// <summary>True when the chroma planes are read: chroma enabled and the video has chroma.</summary>
    public bool ReadsChroma => _parameters.ReadsChroma;

    /// <summary>
    /// Bytes <see cref="Extract(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/> reads from each frame: the luma plane, or
    /// the whole frame when <see cref="ReadsChroma"/>.
    /// </summary>
    public int FrameBytesRead => _parameters.BytesNeeded;

    /// <summary>The name of the kernel set in use, e.g. "scalar".</summary>
    public string KernelName => _kernels.Name;

    /// <summary>Empty APSNR sums for this extractor's format and options.</summary>
    public ApsnrAccumulator CreateAccumulator() => new(_parameters);

    /// <summary>Computes one frame pair's PSNR.</summary>
    /// <exception cref="ArgumentException">A frame's size or bit depth (or, when chroma is read, chroma format) differs from <see cref="Format"/>.</exception>
    public PsnrValues Extract(YuvFrame reference, YuvFrame distorted)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        ExtractorGuard.CheckFrame(reference.Format, nameof(reference), Format, ReadsChroma);
        ExtractorGuard.CheckFrame(distorted.Format, nameof(distorted), Format, ReadsChroma);
        return Extract(reference.Data, distorted.Data);
    }

    /// <summary>
    /// Computes one frame pair's PSNR from the frames' bytes laid out as <see cref="YuvFrame.Data"/> (planes back to
    /// back, tightly packed, samples above 8 bits little-endian); only the first <see cref="FrameBytesRead"/> are read.
    /// </summary>
    /// <exception cref="ArgumentException">A span shorter than <see cref="FrameBytesRead"/>.</exception>
    public PsnrValues Extract(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted)
    {
        PsnrParameters p = _parameters;
        if (reference.Length < p.BytesNeeded || distorted.Length < p.BytesNeeded)
        {
            throw new ArgumentException(
                $"PSNR of {Format} reads {p.BytesNeeded} bytes per frame; the reference has {reference.Length}, the distorted {distorted.Length}");
        }

        Span<ulong> sse = stackalloc ulong[3];
        Span<double> psnr = stackalloc double[3];
        Span<double> mse = stackalloc double[3];
        for (int plane = 0; plane < p.PlaneCount; plane++)
        {
            sse[plane] = Sse(reference, distorted, plane);

            // C: ((double) sse) / (w[p] * h[p]), an unsigned product; MAX(mse, 1e-16) and MIN(psnr, psnr_max) as the
            // macros compare (x > y ? x : y), so a 0/0 mse (an empty chroma plane) takes 1e-16 and the ceiling.
            mse[plane] = PsnrParameters.ToDouble(sse[plane]) / p.Pixels(plane);
            double db = 10.0 * Math.Log10(p.FramePeakSquared / (mse[plane] > 1e-16 ? mse[plane] : 1e-16));
            psnr[plane] = db < p.MaxDb[plane] ? db : p.MaxDb[plane];
        }

        bool chroma = p.ReadsChroma, withMse = p.Options.EnableMse;
        return new PsnrValues
        {
            Y = psnr[0],
            Cb = chroma ? psnr[1] : null,
            Cr = chroma ? psnr[2] : null,
            MseY = withMse ? mse[0] : null,
            MseCb = withMse && chroma ? mse[1] : null,
            MseCr = withMse && chroma ? mse[2] : null,
            SseY = sse[0],
            SseCb = sse[1],
            SseCr = sse[2],
        };
    }

    /// <summary>The kernels for <paramref name="cpu"/>, through the extractors' one ladder (<see cref="KernelLadder"/>).</summary>
    internal static IPsnrKernels Select(CpuPath cpu) => KernelLadder.Select<IPsnrKernels>(
        cpu, PsnrScalar.Instance, (PsnrSimd<Simd256, Vector256<int>>.Instance, Simd256.IsSupported),
        (PsnrSimd<Simd512, Vector512<int>>.Instance, Simd512.IsSupported));

    private ulong Sse(ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, int plane)
    {
        PsnrParameters p = _parameters;
        int bytes = p.Strides[plane] * p.Format.PlaneHeight(plane) * p.Format.BytesPerSample;
        ReadOnlySpan<byte> r = reference.Slice(p.Offsets[plane], bytes);
        ReadOnlySpan<byte> d = distorted.Slice(p.Offsets[plane], bytes);
        return p.Format.BitDepth == 8
            ? _kernels.Sse8(r, d, p.Strides[plane], p.Widths[plane], p.Heights[plane])
            : _kernels.Sse16(
                MemoryMarshal.Cast<byte, ushort>(r), MemoryMarshal.Cast<byte, ushort>(d), p.Strides[plane], p.Widths[plane], p.Heights[plane]);
    }
}
