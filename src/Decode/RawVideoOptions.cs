namespace VmafTiny.Decode;

/// <summary>
/// What libvmaf's CLI asks for raw planar .yuv input: width, height, pixel format and bit depth
/// (samples above 8 bits little-endian).
/// </summary>
public sealed record RawVideoOptions(int Width, int Height, ChromaFormat Chroma, int BitDepth)
{
    /// <summary>The video format these options describe.</summary>
    public VideoFormat Format => new(Width, Height, BitDepth, Chroma);
}
