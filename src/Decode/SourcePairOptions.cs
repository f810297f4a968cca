namespace VmafTiny.Decode;

/// <summary>How <see cref="SourcePair"/> opens and matches a reference and a distorted video.</summary>
public sealed record SourcePairOptions
{
    /// <summary>The defaults: FFmpeg's thread count, bicubic scaling, no callback.</summary>
    public static SourcePairOptions Default { get; } = new();

    /// <summary>Decoder threads for each file FFmpeg decodes; 0 lets FFmpeg choose (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>What to do when the distorted frame size differs from the reference's.</summary>
    public ScaleMode Scale { get; init; } = ScaleMode.Bicubic;

    /// <summary>Called with each note as it is made (besides <see cref="SourcePair.Notes"/>), e.g. to print it on stderr.</summary>
    public Action<string>? OnNote { get; init; }
}
