namespace VmafTiny.Decode.Ffmpeg;

/// <summary>How <see cref="FfmpegSource"/> decodes a file.</summary>
public sealed record FfmpegOptions
{
    /// <summary>The defaults: FFmpeg's thread count, the stream's own format, bicubic scaling.</summary>
    public static FfmpegOptions Default { get; } = new();

    /// <summary>Decoder threads; 0 lets FFmpeg choose (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>
    /// The format frames are delivered in, converted and scaled with swscale when it differs from the
    /// stream's own; null delivers the stream's nearest planar YUV format at its own size.
    /// </summary>
    public VideoFormat? OutputFormat { get; init; }

    /// <summary>Whether <see cref="OutputFormat"/> may change the frame size.</summary>
    public ScaleMode Scale { get; init; } = ScaleMode.Bicubic;

    /// <summary>
    /// Whether frames are turned and flipped as the container's display matrix says, as FFmpeg's command line does by
    /// default (true: a phone's portrait video is scored upright, as <c>ffmpeg -i in.mp4 out.y4m</c> writes it); false
    /// scores them as stored (FFmpeg's <c>-noautorotate</c>).
    /// </summary>
    public bool AutoRotate { get; init; } = true;
}
