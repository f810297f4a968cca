namespace VmafTiny.Features.Motion;

/// <summary>
/// motion2 from per-frame SAD scores, with libvmaf 3.2.0's flush semantics (digest §6.2): frame 0 gets 0,
/// frame i gets min(sad[i], sad[i+1]), and the last frame keeps its own SAD. So frame i is final once
/// frame i+1 has been seen, or at the end of the stream.
/// </summary>
public static class Motion2
{
    /// <summary>motion2 of frame <paramref name="index"/> given its SAD and, unless it is the last frame, the next one's.</summary>
    public static double Of(int index, double sad, double? nextSad)
    {
        if (index == 0)
        {
            return 0.0;
        }

        return nextSad is double next ? Math.Min(sad, next) : sad;
    }
}
