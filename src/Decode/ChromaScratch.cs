namespace VmafTiny.Decode;

/// <summary>
/// Chroma planes that a luma-only read (<see cref="IFrameSource.ReadLuma"/>) decodes or scales into and then
/// ignores, for sources that cannot skip them: allocated once per source, empty for mono.
/// </summary>
internal sealed class ChromaScratch
{
    private ChromaScratch(byte[] u, byte[] v)
    {
        U = u;
        V = v;
    }

    /// <summary>The Cb plane.</summary>
    public byte[] U { get; }

    /// <summary>The Cr plane.</summary>
    public byte[] V { get; }

    /// <summary>Planes for frames of <paramref name="format"/>.</summary>
    public static ChromaScratch For(VideoFormat format)
    {
        if (format.PlaneCount == 1)
        {
            return new ChromaScratch([], []);
        }

        int bytes = format.PlaneWidth(1) * format.PlaneHeight(1) * format.BytesPerSample;
        return new ChromaScratch(new byte[bytes], new byte[bytes]);
    }
}
