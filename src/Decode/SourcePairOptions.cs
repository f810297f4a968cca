namespace VmafTiny.Decode;

/// <summary>How <see cref="SourcePair"/> opens a reference and a distorted video and matches them.</summary>
public sealed record SourcePairOptions
{
    /// <summary>The defaults: no raw input, FFmpeg's thread count, bicubic scaling, no callback.</summary>
    public static SourcePairOptions Default { get; } = new();

    /// <summary>The format of raw .yuv inputs (used only for files that are not y4m), or null.</summary>
    public RawVideoOptions? Raw { get; init; }

    /// <summary>Decoder threads for each file FFmpeg decodes; 0 lets FFmpeg choose (one per core).</summary>
    public int DecoderThreads { get; init; }

    /// <summary>Whether frames are turned as each container's display matrix says (<see cref="Ffmpeg.FfmpegOptions.AutoRotate"/>).</summary>
    public bool AutoRotate { get; init; } = true;

    /// <summary>What to do when the distorted frame size differs from the reference's.</summary>
    public ScaleMode Scale { get; init; } = ScaleMode.Bicubic;

    /// <summary>Called with each note as it is made (besides <see cref="SourcePair.Notes"/>), e.g. to print it on stderr.</summary>
    public Action<string>? OnNote { get; init; }
}
