namespace VmafTiny;

/// <summary>How far a run has come, reported after each scored frame.</summary>
/// <param name="FramesDone">Frame pairs read and scored so far.</param>
/// <param name="Elapsed">Time since the first frame was read.</param>
/// <param name="LastScore">The most recent frame's score (NaN for features only).</param>
public readonly record struct VmafProgress(long FramesDone, TimeSpan Elapsed, double LastScore)
{
    /// <summary>Frames per second so far.</summary>
    public double Fps => FramesDone / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
