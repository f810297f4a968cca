using VmafTiny.Features;

namespace VmafTiny.Score;

/// <summary>
/// A quality model that turns per-frame features into per-frame scores: the classic vmaf_v0.6.1 SVM or an
/// ONNX model such as vmaf_tiny_v2.
/// </summary>
public interface IFrameScorer : IDisposable
{
    /// <summary>The model's id, used as the score key in logs ("vmaf" for vmaf_v0.6.1, as libvmaf writes it).</summary>
    string LogKey { get; }

    /// <summary>A short description for the console, e.g. "vmaf_tiny_v2 (ONNX Runtime, CPUExecutionProvider)".</summary>
    string Description { get; }

    /// <summary>Scores a batch of frames; <paramref name="scores"/> has one slot per frame. Scores are clamped to [0, 100].</summary>
    void Score(ReadOnlySpan<FrameFeatures> frames, Span<double> scores);
}
