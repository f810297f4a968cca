namespace VmafTiny.Decode;

/// <summary>
/// A stream of frames from one file, read one at a time into a caller-owned <see cref="YuvFrame"/> so that
/// memory stays flat in clip length. Every reader (y4m, raw .yuv, FFmpeg) implements it.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>The file being read, as given by the user (used in error messages).</summary>
    string Path { get; }

    /// <summary>The format of the frames this source delivers.</summary>
    VideoFormat Format { get; }

    /// <summary>Frames per second, or 0 when the container does not say.</summary>
    double FrameRate { get; }

    /// <summary>The number of frames when it is known without decoding, else null.</summary>
    long? FrameCount { get; }

    /// <summary>
    /// True when the frames it delivers hold full-range (JPEG, 0-255 at 8 bits) samples as the file declares them: a
    /// y4m file tagged <c>XCOLORRANGE=FULL</c>, an encoded stream decoded to one of FFmpeg's yuvj formats or to frames
    /// tagged <c>color_range=pc</c> (full-range VP9, AV1, 10-bit H.264) and delivered unconverted. False for limited
    /// (TV) range and where nothing says (raw .yuv; false by default).
    /// </summary>
    bool IsFullRange => false;

    /// <summary>
    /// What the source noticed or did while opening (a conversion, an ignored second video stream, an unknown
    /// interlacing), one line each naming the file; empty by default.
    /// </summary>
    IReadOnlyList<string> Notes => [];

    /// <summary>
    /// Reads the next frame into <paramref name="destination"/> (which must have <see cref="Format"/>).
    /// Returns false at the clean end of the stream; throws <see cref="InputException"/> for a truncated or
    /// corrupt frame, naming the frame.
    /// </summary>
    bool ReadFrame(YuvFrame destination);

    /// <summary>
    /// Reads the next frame's luma plane only, tightly packed (<see cref="VideoFormat.LumaBytes"/>; samples above
    /// 8 bits as little-endian ushorts), into <paramref name="destination"/>; the chroma planes are skipped. The
    /// end of the stream and errors are as for <see cref="ReadFrame"/>. The readers of this library read straight
    /// into <paramref name="destination"/>; this default reads a whole frame and copies its luma.
    /// </summary>
    bool ReadLuma(Span<byte> destination)
    {
        var frame = new YuvFrame(Format);
        if (!ReadFrame(frame))
        {
            return false;
        }

        frame.PlaneBytes(0).CopyTo(destination);
        return true;
    }

    /// <summary>
    /// Skips the next <paramref name="count"/> frames, so that the next read delivers the frame after them, and
    /// returns how many were skipped: <paramref name="count"/>, or fewer when the stream ended first (reads then
    /// report the end). Frames are counted exactly as reading counts them. The readers of this library seek: y4m
    /// and raw files straight to the frame's offset, FFmpeg inputs by decoding from the keyframe before it. This
    /// default reads and drops the frames.
    /// </summary>
    long SkipFrames(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return 0;
        }

        var scratch = new byte[Format.LumaBytes];
        long skipped = 0;
        while (skipped < count && ReadLuma(scratch))
        {
            skipped++;
        }

        return skipped;
    }
}
