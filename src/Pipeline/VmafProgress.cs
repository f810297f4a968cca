namespace VmafTiny;

/// <summary>How far a run has come, reported after each scored frame.</summary>
/// <param name="FramesDone">Frame pairs read and scored so far.</param>
/// <param name="Elapsed">Time since the first frame was read.</param>
/// <param name="LastScore">The most recent frame's score (NaN for features only).</param>
/// <param name="TotalFrames">
/// The frame pairs the run will read, when the inputs say how many frames they hold (a y4m or raw file's size, the
/// container's frame count) and after skips and <c>FrameCount</c>; null when unknown (a pipe, most Matroska files).
/// </param>
/// <param name="MeanScore">The mean of the scores so far, as the pooled mean will be once all frames are in (NaN for features only).</param>
public readonly record struct VmafProgress(
    long FramesDone, TimeSpan Elapsed, double LastScore, long? TotalFrames = null, double MeanScore = double.NaN)
{
    /// <summary>Frames per second so far.</summary>
    public double Fps => FramesDone / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>The fraction done in [0, 1], or null when the total is unknown.</summary>
    public double? Fraction => TotalFrames is long total && total > 0 ? Math.Min(1.0, (double)FramesDone / total) : null;

    /// <summary>The time left at the speed so far, or null when the total is unknown or no frame is done yet.</summary>
    public TimeSpan? Remaining => TotalFrames is long total && FramesDone > 0 && Elapsed > TimeSpan.Zero
        ? TimeSpan.FromSeconds(Math.Max(0, total - FramesDone) / Fps)
        : null;
}
