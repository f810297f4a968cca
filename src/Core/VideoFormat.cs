namespace VmafTiny;

/// <summary>Geometry and sample format of a planar YUV video.</summary>
/// <param name="Width">Luma width in samples.</param>
/// <param name="Height">Luma height in samples.</param>
/// <param name="BitDepth">Bits per sample, 8 to 16. Samples above 8 bits are stored as little-endian ushorts.</param>
/// <param name="Chroma">Chroma subsampling.</param>
public readonly record struct VideoFormat(int Width, int Height, int BitDepth, ChromaFormat Chroma)
{
    /// <summary>The smallest width and height libvmaf computes well-defined values for (digest §3).</summary>
    public const int MinimumDimension = 33;

    /// <summary>
    /// The largest width and height vmaf-tiny reads: 16K (15360x8640 fits). libvmaf has no limit of its own; this
    /// one keeps a hostile header from asking for gigabytes before a frame is read, and keeps every plane's size
    /// far inside 32-bit sample counts (16384 x 16384 = 2^28 samples).
    /// </summary>
    public const int MaximumDimension = 16384;

    /// <summary>Bytes per sample: 1 up to 8 bits, 2 above.</summary>
    public int BytesPerSample => BitDepth > 8 ? 2 : 1;

    /// <summary>Number of planes: 1 for mono, 3 otherwise.</summary>
    public int PlaneCount => Chroma == ChromaFormat.Mono ? 1 : 3;

    /// <summary>Width in samples of plane <paramref name="plane"/> (0 = luma).</summary>
    public int PlaneWidth(int plane) => plane == 0
        ? Width
        : Chroma switch
        {
            ChromaFormat.Yuv420 or ChromaFormat.Yuv422 => (Width + 1) / 2,
            ChromaFormat.Yuv444 => Width,
            _ => 0,
        };

    /// <summary>Height in samples of plane <paramref name="plane"/> (0 = luma).</summary>
    public int PlaneHeight(int plane) => plane == 0
        ? Height
        : Chroma switch
        {
            ChromaFormat.Yuv420 => (Height + 1) / 2,
            ChromaFormat.Yuv422 or ChromaFormat.Yuv444 => Height,
            _ => 0,
        };

    /// <summary>Bytes of the tightly packed luma plane: the only plane the features read.</summary>
    public int LumaBytes => Width * Height * BytesPerSample;

    /// <summary>Bytes of one tightly packed frame (all planes).</summary>
    public long FrameBytes
    {
        get
        {
            long total = 0;
            for (int p = 0; p < PlaneCount; p++)
            {
                total += (long)PlaneWidth(p) * PlaneHeight(p) * BytesPerSample;
            }

            return total;
        }
    }

    /// <summary>
    /// True when width, height and bit depth are in range (the 33x33 minimum is checked separately; sizes above
    /// <see cref="MaximumDimension"/> are valid here and refused by <see cref="SizeProblem"/> where frames are read).
    /// </summary>
    public bool IsValid => Width > 0 && Height > 0 && BitDepth is >= 8 and <= 16 && Enum.IsDefined(Chroma);

    /// <summary>Why frames of <paramref name="width"/> x <paramref name="height"/> are too large to read, or null.</summary>
    public static string? SizeProblem(long width, long height) => width > MaximumDimension || height > MaximumDimension
        ? $"frame size {width}x{height} is above vmaf-tiny's limit of {MaximumDimension}x{MaximumDimension}"
        : null;

    /// <summary>A short human-readable description, e.g. "1920x1080 4:2:0 10-bit".</summary>
    public override string ToString() => $"{Width}x{Height} {ChromaName(Chroma)} {BitDepth}-bit";

    /// <summary>"4:2:0", "4:2:2", "4:4:4" or "mono".</summary>
    public static string ChromaName(ChromaFormat chroma) => chroma switch
    {
        ChromaFormat.Yuv420 => "4:2:0",
        ChromaFormat.Yuv422 => "4:2:2",
        ChromaFormat.Yuv444 => "4:4:4",
        _ => "mono",
    };
}
