using BenchmarkDotNet.Attributes;
using VmafTiny.Features;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Benchmarks;

/// <summary>
/// Cost of scoring with the bundled vmaf_tiny_v2 through ONNX Runtime (CPU), per frame: one frame per call
/// (the worst case, a streaming caller) and 1,000 frames per call (a clip scored at the end).
/// The budget is 1% of libvmaf's ~50 ms of 1080p feature time: 0.5 ms per frame.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter '*TinyScorer*'</c>.</remarks>
[MemoryDiagnoser]
public class TinyScorerBenchmarks
{
    private const int Batch = 1000;
    private readonly FrameFeatures[] _frames = new FrameFeatures[Batch];
    private readonly double[] _scores = new double[Batch];
    private OnnxScorer _scorer = null!;

    /// <summary>Loads the model and makes realistic feature rows.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _scorer = OnnxScorer.LoadBundled();
        var rng = new Random(1);
        for (var i = 0; i < Batch; i++)
        {
            _frames[i] = new FrameFeatures(i, 0.7 + (0.3 * rng.NextDouble()), 0.2 + (0.7 * rng.NextDouble()), 0.5 + (0.5 * rng.NextDouble()),
                0.6 + (0.4 * rng.NextDouble()), 0.7 + (0.3 * rng.NextDouble()), 15 * rng.NextDouble());
        }
    }

    /// <summary>Releases the session.</summary>
    [GlobalCleanup]
    public void Cleanup() => _scorer.Dispose();

    /// <summary>One frame per ONNX Runtime call.</summary>
    [Benchmark(Baseline = true)]
    public double OneFramePerCall()
    {
        _scorer.Score(_frames.AsSpan(0, 1), _scores.AsSpan(0, 1));
        return _scores[0];
    }

    /// <summary>1,000 frames per call; reported per frame.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public double ThousandFramesPerCall()
    {
        _scorer.Score(_frames, _scores);
        return _scores[^1];
    }
}
