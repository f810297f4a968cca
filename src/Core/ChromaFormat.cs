namespace VmafTiny;

/// <summary>Chroma subsampling of a planar YUV frame.</summary>
public enum ChromaFormat
{
    /// <summary>4:2:0: chroma planes are half width and half height (rounded up).</summary>
    Yuv420,

    /// <summary>4:2:2: chroma planes are half width (rounded up), full height.</summary>
    Yuv422,

    /// <summary>4:4:4: chroma planes are full size.</summary>
    Yuv444,

    /// <summary>Luma only.</summary>
    Mono,
}
