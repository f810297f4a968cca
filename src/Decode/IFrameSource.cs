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
}
