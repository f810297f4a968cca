using VmafTiny.Features;

namespace VmafTiny.Score;

/// <summary>One frame's features and its model score.</summary>
public readonly record struct FrameResult(FrameFeatures Features, double Score)
{
    /// <summary>Frame number in the scored sequence.</summary>
    public int Index => Features.Index;
}
