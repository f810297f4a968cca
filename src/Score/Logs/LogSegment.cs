namespace VmafTiny.Score.Logs;

/// <summary>A model of a segment log: its score's key in the log and its name on the console.</summary>
/// <param name="Key">The score's log key (<c>vmaf</c>, or the model string's <c>name=</c>).</param>
/// <param name="Label">The model as the console names it (<c>vmaf_tiny_v2</c>, <c>vmaf_v0.6.1</c>, a path).</param>
public sealed record LogSegmentModel(string Key, string Label);

/// <summary>
/// What a segment log (a run over frames [Start, End) of a pair, <c>--frames A:B</c>) carries besides its frames,
/// so that segment logs can be checked and joined into exactly the log one run over the whole pair writes
/// (<c>VmafTiny.Segments.SegmentMerge</c>): where the segment lies, whether it is the last, and what must be the same in
/// every segment of one pair. Written as a <c>segment</c> object (JSON) or element (XML) only in segment logs, so a
/// whole run's log keeps libvmaf's layout.
/// </summary>
/// <param name="Start">The first frame of the segment (a frame number of the whole run, counted after the skips).</param>
/// <param name="End">One past the last frame read in the segment: <c>B</c>, or less where the videos end first.</param>
/// <param name="Last">True when no frame follows the segment in a whole run (the videos or the frame limit end there).</param>
/// <param name="Width">The frame width (XML's <c>qualityWidth</c>; JSON logs have no other place for it).</param>
/// <param name="Height">The frame height.</param>
/// <param name="Reference">The reference, as given.</param>
/// <param name="Distorted">The distorted video, as given.</param>
/// <param name="Settings">Everything that changes the values (models, features, skips, frame limit, subsampling, scaling, raw geometry), as one canonical line.</param>
public sealed record LogSegment(int Start, int End, bool Last, int Width, int Height, string Reference, string Distorted, string Settings)
{
    /// <summary>The models whose scores the log holds, in log order (empty for features only).</summary>
    public IReadOnlyList<LogSegmentModel> Models { get; init; } = [];

    /// <summary>
    /// What the reference was when the segment was opened (size, time, a hash of its ends, its full path): a file
    /// replaced at the same path between two segments is then noticed. Null for standard input or a pipe, which have
    /// none, and in logs written before vmaf-tiny recorded it.
    /// </summary>
    public VmafTiny.IO.FileIdentity? ReferenceFile { get; init; }

    /// <summary>What the distorted video was when the segment was opened (see <see cref="ReferenceFile"/>).</summary>
    public VmafTiny.IO.FileIdentity? DistortedFile { get; init; }

    /// <summary>
    /// The precision the log's numbers were written with (set by the reader; a writer writes its own). Only
    /// <see cref="LogPrecision.Max"/> gives back the computed doubles, which an exact merge needs.
    /// </summary>
    public string? Precision { get; init; }

    /// <summary>"frames A-B" for messages (B inclusive), or "no frames".</summary>
    public string Describe() => End > Start
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"frames {Start}-{End - 1}")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no frames (at {Start})");
}
