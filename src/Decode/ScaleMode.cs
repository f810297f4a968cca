namespace VmafTiny.Decode;

/// <summary>What to do when the distorted video's frame size differs from the reference's.</summary>
public enum ScaleMode
{
    /// <summary>
    /// Scale the distorted frames to the reference's size with swscale's bicubic filter, bit for bit what
    /// FFmpeg's <c>scale=W:H:flags=bicubic</c> filter gives.
    /// </summary>
    Bicubic = 0,

    /// <summary>Refuse: a size mismatch is an error.</summary>
    None = 1,
}
