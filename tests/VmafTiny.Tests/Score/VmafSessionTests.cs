using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Svm;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Score;

public class VmafSessionTests
{
    [Fact]
    public void Single_threaded_session_returns_each_frame_once_the_next_is_pushed()
    {
        const string name = "g09_scenecut_420p8_320x180";
        var expected = GoldenClips.Frames(name);
        using var pairs = FramePairReader.Open(GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name));
        using var session = new VmafSession(pairs.Reference.Format, new SvmScorer(VmafSvmModel.BuiltIn()), new FeatureOptions { Threads = 1 });
        var (r, d) = pairs.CreateFrames();
        var results = new List<FrameResult>();
        int pushed = 0;
        while (pairs.ReadPair(r, d))
        {
            var ready = session.Push(r, d);
            pushed++;

            // motion2 needs one frame of look-ahead: after pushing frame k, frames up to k-1 are final.
            Assert.Equal(pushed == 1 ? [] : new[] { pushed - 2 }, ready.Select(x => x.Index));
            results.AddRange(ready);
        }

        var rest = session.Complete();
        Assert.Equal([pushed - 1], rest.Select(x => x.Index));
        results.AddRange(rest);
        Assert.Equal(expected.Count, results.Count);
        for (int i = 0; i < results.Count; i++)
        {
            Assert.Equal(expected[i]["integer_motion2"], results[i].Features.Motion2);
            Assert.Equal(expected[i]["vmaf"], results[i].Score);
        }
    }

    [Fact]
    public void A_null_scorer_in_the_list_is_refused_when_the_session_is_made_not_at_the_first_frame()
    {
        var format = new VideoFormat(64, 48, 8, ChromaFormat.Yuv420);
        using var scorer = new SvmScorer(VmafSvmModel.BuiltIn());
        var e = Assert.Throws<ArgumentException>(() => new VmafSession(format, [scorer, null!], ownsScorers: false));
        Assert.Equal("scorers", e.ParamName);
        Assert.StartsWith("scorer 1 is null", e.Message);
    }

    [Fact]
    public void A_plain_null_scorer_compiles_and_means_features_only()
    {
        // Both constructors take a reference type second: a plain null was ambiguous (CS0121) until the single-scorer
        // overload was given priority; a list of scorers and a scorer still pick their own overloads.
        var format = new VideoFormat(64, 48, 8, ChromaFormat.Yuv420);
        using (var session = new VmafSession(format, null))
        {
            Assert.Null(session.Scorer);
            Assert.Empty(session.Scorers);
        }

        using (var session = new VmafSession(format, null, new FeatureOptions { Threads = 1 }, true))
        {
            Assert.Empty(session.Scorers);
        }

        var scorer = new SvmScorer(VmafSvmModel.BuiltIn());
        using (var session = new VmafSession(format, [scorer], ownsScorers: false))
        {
            Assert.Same(scorer, Assert.Single(session.Scorers));
        }

        using (var session = new VmafSession(format, scorer))
        {
            Assert.Same(scorer, session.Scorer);
        }

        Assert.Throws<ArgumentNullException>(() => new VmafSession(format, (IReadOnlyList<IFrameScorer>)null!));
    }

    [Fact]
    public void Features_only_session_has_NaN_scores_and_the_same_features()
    {
        const string name = "g10_blurnoise_420p12_160x90";
        var expected = GoldenClips.Frames(name);
        using var pairs = FramePairReader.Open(GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name));
        using var session = new VmafSession(pairs.Reference.Format, scorer: null, new FeatureOptions { Threads = 3 });
        var (r, d) = pairs.CreateFrames();
        var results = new List<FrameResult>();
        while (pairs.ReadPair(r, d))
        {
            results.AddRange(session.Push(r, d));
        }

        results.AddRange(session.Complete());
        Assert.Equal(Enumerable.Range(0, expected.Count), results.Select(x => x.Index));
        Assert.All(results, x => Assert.True(double.IsNaN(x.Score)));
        Assert.Equal(expected.Select(f => f["integer_adm2"]), results.Select(x => x.Features.Adm2));
        Assert.Equal(expected.Select(f => f["integer_vif_scale3"]), results.Select(x => x.Features.VifScale3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Reading_lumas_straight_into_the_session_gives_the_frames_pushed_by_copy(int threads)
    {
        const string name = "g02_zoom_420p10_352x288";
        var expected = GoldenClips.Frames(name);
        using var pairs = FramePairReader.Open(GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name));
        using var session = new VmafSession(pairs.Reference.Format, new SvmScorer(VmafSvmModel.BuiltIn()), new FeatureOptions { Threads = threads });
        var results = new List<FrameResult>();
        LumaPairSource read = pairs.ReadLumaPair;
        int pushes = 0;
        while (session.Push(read, results))
        {
            pushes++;
        }

        Assert.Equal(expected.Count, pushes);
        int beforeEnd = results.Count;
        Assert.False(session.Push((_, _) => false, results));
        Assert.Equal(beforeEnd, results.Count);
        session.Complete(results);
        Assert.Equal(Enumerable.Range(0, expected.Count), results.Select(x => x.Index));
        Assert.Equal(expected.Select(f => f["integer_adm2"]), results.Select(x => x.Features.Adm2));
        Assert.Equal(expected.Select(f => f["integer_vif_scale0"]), results.Select(x => x.Features.VifScale0));
        Assert.Equal(expected.Select(f => f["integer_motion2"]), results.Select(x => x.Features.Motion2));
        Assert.Equal(expected.Select(f => f["vmaf"]), results.Select(x => x.Score));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    public void Frames_final_before_a_scorer_is_ready_are_held_then_scored_in_order(int threads, bool readyBeforeTheEnd)
    {
        const string name = "g09_scenecut_420p8_320x180";
        var expected = GoldenClips.Frames(name);
        using var pairs = FramePairReader.Open(GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name));
        var scorer = new LateScorer(new SvmScorer(VmafSvmModel.BuiltIn()));
        using var session = new VmafSession(pairs.Reference.Format, scorer, new FeatureOptions { Threads = threads });
        var results = new List<FrameResult>();
        LumaPairSource read = pairs.ReadLumaPair;
        int pushes = 0;
        while (session.Push(read, results))
        {
            if (++pushes == 5 && readyBeforeTheEnd)
            {
                // Pushing never scored while the scorer was not ready; the next push scores every frame held.
                Assert.Empty(results);
                Assert.Equal(0, scorer.Calls);
                scorer.IsReady = true;
            }
        }

        Assert.Equal(readyBeforeTheEnd, results.Count > 0);
        session.Complete(results);
        Assert.Equal(Enumerable.Range(0, expected.Count), results.Select(x => x.Index));
        Assert.Equal(expected.Select(f => f["vmaf"]), results.Select(x => x.Score));
        Assert.Equal(expected.Select(f => f["integer_motion2"]), results.Select(x => x.Features.Motion2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_score_batch_scores_final_frames_a_batch_at_a_time_with_the_same_values(int threads)
    {
        const string name = "g09_scenecut_420p8_320x180";
        var expected = GoldenClips.Frames(name);
        using var pairs = FramePairReader.Open(GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name));
        var scorer = new LateScorer(new SvmScorer(VmafSvmModel.BuiltIn())) { IsReady = true };
        using var session = new VmafSession(pairs.Reference.Format, scorer, new FeatureOptions { Threads = threads }) { ScoreBatch = 4 };
        var results = new List<FrameResult>();
        LumaPairSource read = pairs.ReadLumaPair;
        int batches = 0;
        while (true)
        {
            // A push hands out nothing or a whole batch (four frames or more, more when several became final at once),
            // scored in one call.
            int before = results.Count;
            bool more = session.Push(read, results);
            int added = results.Count - before;
            Assert.True(added == 0 || added >= 4, $"a push handed out {added} frames");
            batches += added > 0 ? 1 : 0;
            Assert.Equal(batches, scorer.Calls);
            if (!more)
            {
                break;
            }
        }

        // One thread: each push makes one frame final, so batches come out while pushing (threads finish in bursts).
        Assert.True(threads > 1 || batches >= 2, $"{batches} batches before the end");
        session.Complete(results);
        Assert.InRange(scorer.Calls, batches, batches + 1);
        Assert.Equal(Enumerable.Range(0, expected.Count), results.Select(x => x.Index));
        Assert.Equal(expected.Select(f => f["vmaf"]), results.Select(x => x.Score));
    }

    [Fact]
    public void A_score_batch_below_one_is_refused()
    {
        using var session = new VmafSession(new VideoFormat(64, 64, 8, ChromaFormat.Yuv420), new SvmScorer(VmafSvmModel.BuiltIn()));
        Assert.Equal(1, session.ScoreBatch);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.ScoreBatch = 0);
    }

    /// <summary>A scorer that says it is not ready (as an ONNX model still loading in the background) until told.</summary>
    private sealed class LateScorer(IFrameScorer inner) : IFrameScorer
    {
        public string LogKey => inner.LogKey;

        public string Description => inner.Description;

        public bool IsReady { get; set; }

        public int Calls { get; private set; }

        public void Score(ReadOnlySpan<FrameFeatures> frames, Span<double> scores)
        {
            Calls++;
            inner.Score(frames, scores);
        }

        public void Dispose() => inner.Dispose();
    }
}
