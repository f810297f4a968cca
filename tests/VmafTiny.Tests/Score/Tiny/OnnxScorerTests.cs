using VmafTiny.Features;
using VmafTiny.Score.Tiny;
using VmafTiny.Train;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>ONNX Runtime scoring: equality with a plain forward pass, clamping, batching, the upstream fixture.</summary>
public sealed class OnnxScorerTests
{
    /// <summary>The plain forward pass in float32, as the graph's element type prescribes, against ONNX Runtime.</summary>
    private const double ForwardTolerance = 1e-5;

    /// <summary>
    /// The same pass in exact double arithmetic: ONNX Runtime's float32 result may differ from it by a few
    /// float32 ulps of the output (ulp(100) = 7.6e-6).
    /// </summary>
    private const double DoubleTolerance = 5e-5;

    [Fact]
    public void Bundled_model_loads_with_its_id_and_the_cpu_provider()
    {
        using var scorer = OnnxScorer.LoadBundled();
        Assert.Equal("vmaf_tiny_v2", scorer.Id);
        Assert.Equal("vmaf_tiny_v2", scorer.LogKey);
        Assert.Equal("CPUExecutionProvider", scorer.ExecutionProvider);
        Assert.Equal("vmaf_tiny_v2 (ONNX Runtime, CPUExecutionProvider)", scorer.Description);
        Assert.Contains("CPUExecutionProvider", OnnxScorer.AvailableProviders);
        Assert.Equal(64, scorer.Manifest.Sha256.Length);
    }

    [Fact]
    public void Bundled_model_equals_a_plain_forward_pass_of_its_weights()
    {
        using var scorer = OnnxScorer.LoadBundled();
        using var s = typeof(OnnxScorer).Assembly.GetManifestResourceStream("vmaf_tiny.model/vmaf_tiny_v2.onnx")!;
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        var reference = OnnxReference.Read(ms.ToArray());
        Assert.Equal(["Sub", "Div", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Squeeze"], reference.OpTypes);
        Assert.Equal(257, reference.InitializerDims.Where(kv => kv.Key.StartsWith("fc", StringComparison.Ordinal))
            .Sum(kv => kv.Value.Aggregate(1L, (a, b) => a * b)));

        var (features, _) = CorpusRows();
        AssertMatchesReference(scorer, reference, features);
    }

    [Fact]
    public void Trained_model_equals_its_trainer_forward_pass()
    {
        using var dir = new TempDir();
        var result = TrainCommand.Run(
            new TrainOptions { CorpusPath = TinyModels.SmallCorpus, OutPath = Path.Combine(dir.Path, "tiny_test.onnx"), Epochs = 3, Validate = false },
            TextWriter.Null);
        using var scorer = OnnxScorer.Load(result.OnnxPath, null);
        Assert.Equal("tiny_test", scorer.LogKey);

        var (features, _) = CorpusRows();
        var n = features.Length / 6;
        var onnx = new float[n];
        scorer.Predict(features, onnx);
        var reference = OnnxReference.Read(result.OnnxPath);
        for (var r = 0; r < n; r++)
        {
            var row = features.AsSpan(r * 6, 6).ToArray().Select(v => (double)v).ToArray();
            Assert.InRange(Math.Abs(onnx[r] - result.Model.Predict(row)), 0, DoubleTolerance);
            Assert.InRange(Math.Abs(onnx[r] - reference.Evaluate(row)), 0, DoubleTolerance);
            Assert.InRange(Math.Abs(onnx[r] - reference.Evaluate(row, float32: true)), 0, ForwardTolerance);
        }
    }

    [Fact]
    public void Upstream_model_loads_through_the_contract_and_reproduces_its_expected_output()
    {
        using var scorer = OnnxScorer.Load(Path.Combine(TinyModels.UpstreamDirectory, "vmaf_tiny_v2.onnx"), null);
        Assert.Equal("vmaf_tiny_v2", scorer.LogKey);
        Assert.Equal("d7000bf5c5fd1ed39528546dd8464db44a13cb73cfed33fd8f134e5848b009a7", scorer.Manifest.Sha256);

        var (features, expected) = TinyModels.UpstreamRows();
        var raw = new float[expected.Length];
        scorer.Predict(features, raw);
        var frames = Frames(features);
        var scores = new double[frames.Length];
        scorer.Score(frames, scores);
        var maxError = 0.0;
        for (var r = 0; r < expected.Length; r++)
        {
            maxError = Math.Max(maxError, Math.Abs(raw[r] - expected[r]));
            Assert.Equal(Math.Clamp(expected[r], 0, 100), scores[r], 1e-4);
        }

        Assert.InRange(maxError, 0, 1e-4);

        // The upstream graph (PyTorch export: Gemm alpha/beta attributes, Squeeze axes initializer) also
        // agrees with the plain forward pass.
        AssertMatchesReference(scorer, OnnxReference.Read(Path.Combine(TinyModels.UpstreamDirectory, "vmaf_tiny_v2.onnx")), features);
    }

    [Theory]
    [InlineData(150f, 100.0)]
    [InlineData(-80f, 0.0)]
    public void Scores_are_clamped_to_0_100_but_the_graph_is_not(float outputBias, double clamped)
    {
        using var dir = new TempDir();
        // Zero output weights make the graph's output exactly the bias, far outside [0, 100].
        var model = TinyModels.HandMade(outputBias: outputBias);
        Array.Clear(model.Weights[1]);
        using var scorer = OnnxScorer.Load(TinyModels.Write(dir.Path, "clamp_test", model), null);

        var frames = new[] { new FrameFeatures(0, 0.9, 0.5, 0.8, 0.9, 0.95, 3.0), new FrameFeatures(1, 1, 1, 1, 1, 1, 0) };
        var scores = new double[2];
        scorer.Score(frames, scores);
        Assert.Equal([clamped, clamped], scores);

        var raw = new float[2];
        scorer.Predict(new float[12], raw);
        Assert.Equal([outputBias, outputBias], raw);
    }

    [Fact]
    public void Score_splits_large_spans_into_batches_with_the_same_results()
    {
        using var scorer = OnnxScorer.LoadBundled();
        var n = OnnxScorer.MaxBatch + 123;
        var rng = new Random(7);
        var frames = new FrameFeatures[n];
        var features = new float[n * 6];
        Span<double> row = stackalloc double[6];
        for (var i = 0; i < n; i++)
        {
            frames[i] = new FrameFeatures(i, 0.7 + (0.3 * rng.NextDouble()), rng.NextDouble(), 0.5 + (0.5 * rng.NextDouble()),
                0.6 + (0.4 * rng.NextDouble()), 0.7 + (0.3 * rng.NextDouble()), 20 * rng.NextDouble());
            frames[i].CopyTo(row);
            for (var j = 0; j < 6; j++)
            {
                features[(i * 6) + j] = (float)row[j];
            }
        }

        var scores = new double[n];
        scorer.Score(frames, scores);
        var one = new double[1];
        var raw = new float[n];
        scorer.Predict(features, raw);
        for (var i = 0; i < n; i += 997)
        {
            scorer.Score(frames.AsSpan(i, 1), one);
            Assert.Equal(one[0], scores[i]);
            Assert.Equal(Math.Clamp((double)raw[i], 0, 100), scores[i]);
        }
    }

    [Fact]
    public void Score_needs_a_slot_per_frame()
    {
        using var scorer = OnnxScorer.LoadBundled();
        Assert.Throws<ArgumentException>(() => scorer.Score(new FrameFeatures[3], new double[2]));
    }

    private static void AssertMatchesReference(OnnxScorer scorer, OnnxReference reference, float[] features)
    {
        var n = features.Length / 6;
        var onnx = new float[n];
        scorer.Predict(features, onnx);
        for (var r = 0; r < n; r++)
        {
            var row = features.AsSpan(r * 6, 6).ToArray().Select(v => (double)v).ToArray();
            var expected = reference.Evaluate(row, float32: true);
            var exact = reference.Evaluate(row);
            Assert.True(Math.Abs(onnx[r] - expected) <= ForwardTolerance, $"row {r}: ONNX Runtime {onnx[r]:R}, float32 forward pass {expected:R}");
            Assert.True(Math.Abs(onnx[r] - exact) <= DoubleTolerance, $"row {r}: ONNX Runtime {onnx[r]:R}, double forward pass {exact:R}");
        }
    }

    /// <summary>Every row of the small corpus plus the upstream fixture's rows, as float32 features.</summary>
    private static (float[] Features, int Rows) CorpusRows()
    {
        var corpus = Corpus.Load(TinyModels.SmallCorpus);
        var (upstream, _) = TinyModels.UpstreamRows();
        var features = corpus.Features.Select(v => (float)v).Concat(upstream).ToArray();
        return (features, features.Length / 6);
    }

    private static FrameFeatures[] Frames(float[] features) =>
        Enumerable.Range(0, features.Length / 6)
            .Select(r => new FrameFeatures(r, features[r * 6], features[(r * 6) + 1], features[(r * 6) + 2],
                features[(r * 6) + 3], features[(r * 6) + 4], features[(r * 6) + 5]))
            .ToArray();
}
