namespace VmafTiny.Features.Psnr;

/// <summary>
/// What libvmaf's PSNR <c>init()</c> derives from the video format and the options: the planes computed and
/// their geometry, the peak and each plane's ceiling in dB. Shared by <see cref="PsnrExtractor"/> and
/// <see cref="ApsnrAccumulator"/>.
/// </summary>
/// <remarks>
/// <para>Port of integer_psnr.c: init (libvmaf f85a8536). Peak: 2^bpc − 1, or 255·2^(bpc−8) with
/// reduced_hbd_peak. Ceiling: 6·bpc + 12 dB, or, when min_sse is not 0, ⌈10·log10(peak² / (min_sse / n))⌉ with n
/// the plane's pixel count, its chroma dimensions floored (w/2, h/2) as init writes them.</para>
/// <para>Plane geometry is libvmaf's picture's (picture.c: vmaf_picture_alloc): chroma planes are w &gt;&gt; 1 wide
/// (4:2:0, 4:2:2) and h &gt;&gt; 1 high (4:2:0), floored, so for odd sizes the last chroma column or row that a
/// y4m file or FFmpeg frame carries is not compared (FFmpeg's libvmaf filter copies the same w[i] x h[i]). The
/// samples are read where <see cref="YuvFrame"/> stores them: planes back to back, each (w+1)/2 wide.</para>
/// <para>libvmaf 3.2.0 itself refuses 9, 11, 13, 14 and 15-bit pictures in this extractor (EINVAL); vmaf-tiny
/// computes them with the same high-bit-depth rules.</para>
/// </remarks>
internal sealed class PsnrParameters
{
    /// <summary>Derives the parameters for frames of <paramref name="format"/>.</summary>
    public PsnrParameters(VideoFormat format, PsnrOptions options)
    {
        Format = format;
        Options = options;
        int bpc = format.BitDepth;
        Peak = options.ReducedHbdPeak ? 255u << (bpc - 8) : (1u << bpc) - 1;

        // init: enable_chroma is switched off for 4:0:0.
        PlaneCount = options.EnableChroma && format.Chroma != ChromaFormat.Mono ? 3 : 1;
        bool ssHor = format.Chroma != ChromaFormat.Yuv444;
        bool ssVer = format.Chroma == ChromaFormat.Yuv420;
        int offset = 0;
        for (int p = 0; p < 3; p++)
        {
            int stride = p < format.PlaneCount ? format.PlaneWidth(p) : 0;
            int rows = p < format.PlaneCount ? format.PlaneHeight(p) : 0;
            Offsets[p] = offset;
            Strides[p] = stride;
            Widths[p] = p == 0 ? format.Width : format.Chroma == ChromaFormat.Mono ? 0 : format.Width >> (ssHor ? 1 : 0);
            Heights[p] = p == 0 ? format.Height : format.Chroma == ChromaFormat.Mono ? 0 : format.Height >> (ssVer ? 1 : 0);
            offset += stride * rows * format.BytesPerSample;

            // C: psnr_max[i], from unsigned w, h (w / 2 floored) and the uint32 peak².
            if (options.MinSse != 0.0)
            {
                uint w = (uint)format.Width, h = (uint)format.Height;
                uint pixels = unchecked((p > 0 && ssHor ? w / 2 : w) * (p > 0 && ssVer ? h / 2 : h));
                double mse = options.MinSse / pixels;
                MaxDb[p] = Math.Ceiling(10.0 * Math.Log10(PeakSquared / mse));
            }
            else
            {
                MaxDb[p] = (6 * bpc) + 12;
            }
        }
    }

    /// <summary>The format the frames have.</summary>
    public VideoFormat Format { get; }

    /// <summary>The options in force.</summary>
    public PsnrOptions Options { get; }

    /// <summary>libvmaf's <c>s->peak</c>.</summary>
    public uint Peak { get; }

    /// <summary><c>s->peak * s->peak</c>: a uint32 product (≤ 65535², no wrap), as a double.</summary>
    public double PeakSquared => unchecked(Peak * Peak);

    /// <summary>
    /// The peak² of the per-frame PSNR: libvmaf's 8-bit function uses a literal 255 (so 255² whatever the options),
    /// its high-bit-depth one <see cref="PeakSquared"/>.
    /// </summary>
    public double FramePeakSquared => Format.BitDepth == 8 ? 255 * 255 : PeakSquared;

    /// <summary>Planes computed: 3 with chroma, else 1.</summary>
    public int PlaneCount { get; }

    /// <summary>Whether the chroma planes are read.</summary>
    public bool ReadsChroma => PlaneCount == 3;

    /// <summary>Byte offset of each plane in a frame laid out as <see cref="YuvFrame.Data"/>.</summary>
    public int[] Offsets { get; } = new int[3];

    /// <summary>Row distance of each plane in that layout, in samples (<see cref="VideoFormat.PlaneWidth"/>).</summary>
    public int[] Strides { get; } = new int[3];

    /// <summary>libvmaf's plane widths <c>w[p]</c> (chroma floored; 0 for 4:0:0).</summary>
    public int[] Widths { get; } = new int[3];

    /// <summary>libvmaf's plane heights <c>h[p]</c>.</summary>
    public int[] Heights { get; } = new int[3];

    /// <summary>libvmaf's <c>psnr_max[p]</c>: each plane's ceiling in dB.</summary>
    public double[] MaxDb { get; } = new double[3];

    /// <summary>Bytes a frame must have for the planes computed: luma only, or the whole frame with chroma.</summary>
    public int BytesNeeded => ReadsChroma ? (int)Format.FrameBytes : Format.Width * Format.Height * Format.BytesPerSample;

    /// <summary><c>w[p] * h[p]</c> as C computes it: an unsigned int product.</summary>
    public uint Pixels(int plane) => unchecked((uint)Widths[plane] * (uint)Heights[plane]);

    /// <summary>
    /// uint64 → double as C converts it (correctly rounded); values from 2^63 are halved with the lost bit kept
    /// sticky, as compilers do.
    /// </summary>
    public static double ToDouble(ulong value) =>
        value < (1UL << 63) ? (long)value : 2.0 * (long)((value >> 1) | (value & 1));
}
