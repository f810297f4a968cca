using VmafTiny.Decode;
using VmafTiny.Score;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Pipeline;

/// <summary>The one-call library API (<see cref="Vmaf"/>, <see cref="VmafRun"/>) against libvmaf's golden values.</summary>
public class VmafApiTests
{
    /// <summary>
    /// The settings a segment log or batch record keeps name a model file's content, not just its path: a model retrained
    /// at the same path once left a batch log trusted and let segments of both models merge.
    /// </summary>
    [Fact]
    public void Value_settings_change_with_a_model_files_content()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-model-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string model = Path.Combine(dir, "m.json");
            using (var resource = typeof(VmafTiny.Score.Svm.VmafSvmModel).Assembly.GetManifestResourceStream("VmafTiny.Score.Models.vmaf_v0.6.1.json")!)
            using (var file = File.Create(model))
            {
                resource.CopyTo(file);
            }

            var options = new VmafOptions { Model = model };
            string before = options.ValueSettings();
            Assert.Contains("; model_files=", before);
            Assert.Equal(before, options.ValueSettings());
            File.AppendAllText(model, " ");
            Assert.NotEqual(before, options.ValueSettings());
            Assert.DoesNotContain("model_files", new VmafOptions { Model = "vmaf_v0.6.1" }.ValueSettings());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private const string Clip = "g09_scenecut_420p8_320x180";
    private static readonly VmafOptions Svm = new() { Model = "vmaf_v0.6.1", Threads = 2 };

    /// <summary>
    /// A run scores an ONNX model 16 frames a call (ONNX Runtime's cost per call), an SVM frame by frame, and the batched
    /// scores are the ones the model gives each frame alone, bit for bit.
    /// </summary>
    [Fact]
    public void A_run_scores_an_onnx_model_in_batches_with_each_frames_own_score()
    {
        string reference = GoldenClips.ReferencePath(Clip), distorted = GoldenClips.DistortedPath(Clip);
        using (VmafRun svm = VmafRun.Open(reference, distorted, Svm))
        {
            Assert.Equal(1, svm.ScoreBatch);
        }

        using VmafRun run = VmafRun.Open(reference, distorted, new VmafOptions { Threads = 1 });
        Assert.Equal(VmafTiny.Score.Tiny.OnnxScorer.PreferredBatchSize, run.ScoreBatch);
        List<FrameResult> frames = run.Frames().ToList();
        Assert.True(frames.Count > VmafTiny.Score.Tiny.OnnxScorer.PreferredBatchSize / 2, $"{frames.Count} frames");
        using var alone = VmafTiny.Score.Tiny.OnnxScorer.LoadBundled();
        var score = new double[1];
        foreach (FrameResult frame in frames)
        {
            alone.Score([frame.Features], score);
            Assert.Equal(score[0], frame.Score);
        }
    }

    [Fact]
    public void Score_gives_libvmafs_frames_and_pooled_score()
    {
        VmafResult result = Vmaf.Score(GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), Svm);
        var expected = GoldenClips.Frames(Clip);
        Assert.Equal(expected.Count, result.Frames.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(i, result.Frames[i].Index);
            Assert.Equal(expected[i]["integer_adm2"], result.Frames[i].Features.Adm2);
            Assert.Equal(expected[i]["integer_motion2"], result.Frames[i].Features.Motion2);
            Assert.Equal(expected[i]["vmaf"], result.Frames[i].Score);
        }

        Assert.Equal("vmaf", result.ScoreKey);
        Assert.Equal(GoldenClips.Pooled(Clip)["vmaf"]["mean"], result.PooledScore!.Value.Mean);
        Assert.Equal(expected.Count, result.FramesRead);
    }

    [Fact]
    public async Task ScoreAsync_and_streaming_give_the_same_doubles_as_Score()
    {
        string reference = GoldenClips.ReferencePath(Clip), distorted = GoldenClips.DistortedPath(Clip);
        VmafResult sync = Vmaf.Score(reference, distorted, Svm);
        VmafResult async = await Vmaf.ScoreAsync(reference, distorted, Svm);
        Assert.Equal(sync.Frames, async.Frames);

        var streamed = new List<FrameResult>();
        await foreach (FrameResult frame in Vmaf.ScoreFramesAsync(reference, distorted, Svm))
        {
            streamed.Add(frame);
        }

        Assert.Equal(sync.Frames, streamed);
    }

    [Fact]
    public void Features_only_has_no_score_and_a_six_feature_log()
    {
        VmafResult result = Vmaf.Score(GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), new VmafOptions { Model = null });
        Assert.Null(result.ScoreKey);
        Assert.Null(result.PooledScore);
        Assert.All(result.Frames, f => Assert.True(double.IsNaN(f.Score)));
        Assert.Equal(6, result.ToLog().MetricKeys.Count);
    }

    [Fact]
    public void Psnr_through_the_library_reads_chroma_only_when_it_needs_it()
    {
        string reference = GoldenClips.ReferencePath(Clip), distorted = GoldenClips.DistortedPath(Clip);
        using (VmafRun plain = VmafRun.Open(reference, distorted, Svm))
        {
            Assert.False(plain.ReadsChroma);
        }

        using (VmafRun luma = VmafRun.Open(reference, distorted, Svm with { Features = ["psnr=enable_chroma=false"] }))
        {
            Assert.False(luma.ReadsChroma);
        }

        using VmafRun run = VmafRun.Open(reference, distorted, Svm with { Features = ["psnr=enable_apsnr=true"] });
        Assert.True(run.ReadsChroma);
        VmafResult result = run.Run();
        var expected = GoldenClips.Frames(Clip, "psnr");
        for (int i = 0; i < expected.Count; i++)
        {
            var psnr = result.Frames[i].Features.Psnr!.Value;
            Assert.Equal(expected[i]["psnr_y"], psnr.Y);
            Assert.Equal(expected[i]["psnr_cb"], psnr.Cb);
            Assert.Equal(expected[i]["psnr_cr"], psnr.Cr);
            Assert.Equal(expected[i]["vmaf"], result.Frames[i].Score);
        }

        Assert.NotNull(result.Apsnr);
        Assert.Equal(["apsnr_y", "apsnr_cb", "apsnr_cr"], result.ToLog().Aggregate.Select(a => a.Key));
    }

    [Fact]
    public void Progress_is_reported_once_per_frame_in_order()
    {
        var seen = new List<long>();
        var progress = new Inline(p => seen.Add(p.FramesDone));
        VmafResult result = Vmaf.Score(GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), Svm with { Threads = 1 }, progress);
        Assert.Equal(result.Frames.Count, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(result.FramesRead, seen[^1]);
    }

    [Fact]
    public void A_cancelled_run_stops_with_OperationCanceledException()
    {
        using var cancel = new CancellationTokenSource();
        int frames = 0;
        var progress = new Inline(_ =>
        {
            if (++frames == 2)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Vmaf.Score(GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), Svm with { Threads = 1 }, progress, cancel.Token));
        Assert.InRange(frames, 2, 3);
    }

    [Fact]
    public async Task Streaming_can_stop_early_and_be_cancelled()
    {
        string reference = GoldenClips.ReferencePath(Clip), distorted = GoldenClips.DistortedPath(Clip);
        await foreach (FrameResult frame in Vmaf.ScoreFramesAsync(reference, distorted, Svm))
        {
            Assert.Equal(0, frame.Index);
            break;  // the run behind it must end and free its resources without an exception
        }

        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (FrameResult frame in Vmaf.ScoreFramesAsync(reference, distorted, Svm, cancel.Token))
            {
                cancel.Cancel();
            }
        });
    }

    [Fact]
    public void Open_checks_the_inputs_and_the_model_before_any_frame()
    {
        var missing = Assert.Throws<InputException>(() => VmafRun.Open("/nonexistent/ref.y4m", GoldenClips.DistortedPath(Clip)));
        Assert.Contains("/nonexistent/ref.y4m", missing.Message);

        var model = Assert.Throws<VmafTinyException>(() =>
            VmafRun.Open(GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), new VmafOptions { Model = "no_such_model" }));
        Assert.Contains("no_such_model", model.Message);
    }

    [Fact]
    public void A_run_reads_its_frames_once()
    {
        using VmafRun run = VmafRun.Open(GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), Svm);
        Assert.Equal(320, run.Format.Width);
        _ = run.Frames();
        Assert.Throws<InvalidOperationException>(() => run.Frames());
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts to the pool).</summary>
    private sealed class Inline(Action<VmafProgress> report) : IProgress<VmafProgress>
    {
        public void Report(VmafProgress value) => report(value);
    }
}
