using VmafTiny.Features;

namespace VmafTiny.Score;

/// <summary>
/// A quality model that turns per-frame features into per-frame scores: the classic vmaf_v0.6.1 SVM or an
/// ONNX model such as vmaf_tiny_v2.
/// </summary>
public interface IFrameScorer : IDisposable
{
    /// <summary>The extractors vmaf_v0.6.1's features come from, in libvmaf's registration order: adm, motion, vif.</summary>
    static readonly IReadOnlyList<ExtractorOptions> DefaultExtractors = [new AdmOptions(), new MotionOptions(), new VifOptions()];

    /// <summary>
    /// The model's id ("vmaf" for vmaf_v0.6.1, as libvmaf names that model's score). Logs name the score after the
    /// model string's <c>name=</c> instead (default <c>vmaf</c>, see <see cref="ModelSpec.LogKey"/>).
    /// </summary>
    string LogKey { get; }

    /// <summary>A short description for the console, e.g. "vmaf_tiny_v2 (ONNX Runtime, CPUExecutionProvider)".</summary>
    string Description { get; }

    /// <summary>The feature extractors (with options) whose values the model reads; vmaf_v0.6.1's by default.</summary>
    IReadOnlyList<ExtractorOptions> Extractors => DefaultExtractors;

    /// <summary>
    /// False while <see cref="Score"/> would wait (an ONNX model whose ONNX Runtime session is still being created in the
    /// background); a caller that streams frames may hold them back and score them once this is true. True by default.
    /// </summary>
    bool IsReady => true;

    /// <summary>
    /// Frames per <see cref="Score"/> call that this model prefers when the caller does not need each score at once: more
    /// than 1 for a model with a fixed cost per call (ONNX Runtime's, <see cref="Tiny.OnnxScorer.PreferredBatch"/>).
    /// <see cref="VmafSession.ScoreBatch"/> is where a caller asks for batches; 1 by default.
    /// </summary>
    int PreferredBatch => 1;

    /// <summary>Scores a batch of frames; <paramref name="scores"/> has one slot per frame, clipped as the model says (vmaf: [0, 100]).</summary>
    void Score(ReadOnlySpan<FrameFeatures> frames, Span<double> scores);
}
