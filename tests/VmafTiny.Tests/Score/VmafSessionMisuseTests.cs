using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Svm;
using VmafTiny.Score.Tiny;
using VmafTiny.Tests.Golden;
using VmafTiny.Tests.Pipeline;

namespace VmafTiny.Tests.Score;

/// <summary>A session or stream used out of order or failing half-way: a clear exception, never a lost or made-up frame.</summary>
public class VmafSessionMisuseTests
{
    [Fact]
    public void A_read_that_throws_loses_none_of_the_frames_that_became_final_while_it_waited()
    {
        // Two threads: the caller reads (copies) far faster than the workers compute, so a push often waits for a free
        // buffer, and the frames that wait finishes are final before the read is called. A read that then throws must
        // hand them over (a caller that skips the bad read and goes on would otherwise miss their numbers).
        List<(YuvFrame Reference, YuvFrame Distorted)> frames = Frames("g10_blurnoise_420p12_160x90", copies: 3);
        var options = new FeatureOptions { Threads = 2 };
        List<FrameResult> expected = Clean(frames, options);

        using var session = new VmafSession(frames[0].Reference.Format, new SvmScorer(VmafSvmModel.BuiltIn()), options);
        var results = new List<FrameResult>();
        int next = 0, calls = 0, failures = 0;
        bool more = true;
        while (more)
        {
            try
            {
                more = session.Push(
                    (r, d) =>
                    {
                        if (++calls % 2 == 0 && next > 2)
                        {
                            throw new IOException("the source failed this time");
                        }

                        if (next == frames.Count)
                        {
                            return false;
                        }

                        frames[next].Reference.Data[..r.Length].CopyTo(r);
                        frames[next].Distorted.Data[..d.Length].CopyTo(d);
                        next++;
                        return true;
                    },
                    results);
            }
            catch (IOException)
            {
                failures++;
            }
        }

        session.Complete(results);
        Assert.True(failures > 5);
        Assert.Equal(expected.Select(f => f.Index), results.Select(f => f.Index));
        Assert.Equal(expected, results);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Completing_a_disposed_stream_throws_rather_than_ending_with_its_frames_dropped(int threads)
    {
        var (reference, distorted) = Frames("g10_blurnoise_420p12_160x90", copies: 1)[0];
        var stream = new FeatureStream(reference.Format, new FeatureOptions { Threads = threads });
        _ = stream.Push(reference, distorted);
        _ = stream.Push(reference, distorted);
        stream.Dispose();
        Assert.Throws<ObjectDisposedException>(() => stream.Complete());

        var session = new VmafSession(reference.Format, new SvmScorer(VmafSvmModel.BuiltIn()), new FeatureOptions { Threads = threads });
        _ = session.Push(reference, distorted);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Complete());
        Assert.Throws<ObjectDisposedException>(() => session.Complete(new List<FrameResult>()));
    }

    [Fact]
    public void Completing_twice_gives_the_rest_once_then_nothing()
    {
        var (reference, distorted) = Frames("g10_blurnoise_420p12_160x90", copies: 1)[0];
        using var stream = new FeatureStream(reference.Format, new FeatureOptions { Threads = 2 });
        _ = stream.Push(reference, distorted);
        Assert.Single(stream.Complete());
        Assert.Empty(stream.Complete());
        Assert.Throws<ObjectDisposedException>(() => stream.Push(reference, distorted));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_stream_disposed_while_a_read_fills_its_buffers_refuses_that_frame_as_disposed(int threads)
    {
        // As when another thread cancels the run while the caller reads: the frame read is not pushed, and the push
        // says the stream is disposed (not the work queue's own error, nor a frame computed after the end).
        var (reference, distorted) = Frames("g10_blurnoise_420p12_160x90", copies: 1)[0];
        var stream = new FeatureStream(reference.Format, new FeatureOptions { Threads = threads });
        var ready = new List<FrameFeatures>();
        Assert.True(stream.Push(Fill, ready));
        Assert.Throws<ObjectDisposedException>(() => stream.Push(
            (r, d) =>
            {
                stream.Dispose();
                return Fill(r, d);
            },
            ready));
        Assert.Empty(ready);
        Assert.Throws<ObjectDisposedException>(() => stream.Complete());

        bool Fill(Span<byte> r, Span<byte> d)
        {
            reference.Data[..r.Length].CopyTo(r);
            distorted.Data[..d.Length].CopyTo(d);
            return true;
        }
    }

    [Theory]
    [InlineData("vmaf_v0.6.1")]
    [InlineData("vmaf_tiny_v2")]
    public void Models_with_the_subsampled_frames_emitted_are_refused_when_the_session_is_made(string model)
    {
        // Before: the first frame subsampling left out failed mid-run ("frame 1 has no integer_adm2", or a NaN score).
        var format = new VideoFormat(64, 48, 8, ChromaFormat.Yuv420);
        var options = new FeatureOptions { Subsample = 3, EmitSubsampledFrames = true, Threads = 1 };
        using IFrameScorer scorer = ModelCatalog.Resolve(model);
        var e = Assert.Throws<ArgumentException>(() => new VmafSession(format, scorer, options, ownsScorer: false));
        Assert.Equal("options", e.ParamName);
        Assert.Contains("EmitSubsampledFrames", e.Message);

        // Features only, or every frame computed, are fine.
        using var featuresOnly = new VmafSession(format, scorer: null, options);
        using var everyFrame = new VmafSession(format, scorer, options with { Subsample = 1 }, ownsScorer: false);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_model_that_throws_keeps_its_frames_for_the_next_push(int threads)
    {
        // Before: the frames the failing call was scoring were gone (threads 1: frame 1; threads 3: frames 1 to 3), and a
        // caller that went on after the error got a run with numbers missing.
        List<(YuvFrame Reference, YuvFrame Distorted)> frames = Frames("g10_blurnoise_420p12_160x90", copies: 1);
        var options = new FeatureOptions { Threads = threads };
        List<FrameResult> expected = Clean(frames, options);

        using var session = new VmafSession(frames[0].Reference.Format, new FailingOnce(new SvmScorer(VmafSvmModel.BuiltIn()), call: 2), options);
        var results = new List<FrameResult>();
        int failures = 0;
        foreach (var (r, d) in frames)
        {
            try
            {
                results.AddRange(session.Push(r, d));
            }
            catch (InvalidOperationException)
            {
                failures++;
            }
        }

        try
        {
            results.AddRange(session.Complete());
        }
        catch (InvalidOperationException)
        {
            // With threads the second batch may come only at the end: a second Complete gives what the first kept.
            failures++;
            results.AddRange(session.Complete());
        }

        Assert.Equal(1, failures);
        Assert.Equal(expected, results);
    }

    /// <summary>A scorer whose <paramref name="call"/>th call to Score throws, once.</summary>
    private sealed class FailingOnce(IFrameScorer inner, int call) : IFrameScorer
    {
        private int _calls;

        public string LogKey => inner.LogKey;

        public string Description => inner.Description;

        public void Score(ReadOnlySpan<FrameFeatures> frames, Span<double> scores)
        {
            if (++_calls == call)
            {
                throw new InvalidOperationException("the model failed this time");
            }

            inner.Score(frames, scores);
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>The clip's frame pairs, <paramref name="copies"/> times over, in memory.</summary>
    private static List<(YuvFrame Reference, YuvFrame Distorted)> Frames(string clip, int copies)
    {
        using var pairs = FramePairReader.Open(GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip));
        var frames = new List<(YuvFrame, YuvFrame)>();
        while (true)
        {
            var (r, d) = pairs.CreateFrames();
            if (!pairs.ReadPair(r, d))
            {
                break;
            }

            frames.Add((r, d));
        }

        return Enumerable.Repeat(frames, copies).SelectMany(f => f).ToList();
    }

    private static List<FrameResult> Clean(List<(YuvFrame Reference, YuvFrame Distorted)> frames, FeatureOptions options)
    {
        using var session = new VmafSession(frames[0].Reference.Format, new SvmScorer(VmafSvmModel.BuiltIn()), options);
        var results = new List<FrameResult>();
        foreach (var (r, d) in frames)
        {
            results.AddRange(session.Push(r, d));
        }

        results.AddRange(session.Complete());
        return results;
    }
}

/// <summary>
/// A session that cannot be made disposes the models handed to it. In the native-resource collection: it counts live
/// ONNX Runtime sessions, which other tests running at the same time would change.
/// </summary>
[Collection(NativeResourceCollection.Name)]
public class VmafSessionOwnershipTests
{
    [Fact]
    public void A_session_that_cannot_be_made_disposes_the_models_it_was_given()
    {
        // Before: the caller handed the ONNX model over (ownsScorer: true) and got no session to dispose, so ONNX
        // Runtime's session lived on, one per failed attempt.
        long live = OnnxScorer.LiveSessions;
        IFrameScorer onnx = OnnxScorer.LoadBundled();
        Assert.Equal(live + 1, OnnxScorer.LiveSessions);
        Assert.Throws<VmafTinyException>(() => new VmafSession(new VideoFormat(32, 32, 8, ChromaFormat.Yuv420), onnx));
        Assert.Equal(live, OnnxScorer.LiveSessions);

        onnx = OnnxScorer.LoadBundled();
        Assert.Throws<ArgumentException>(() => new VmafSession(new VideoFormat(64, 48, 8, ChromaFormat.Yuv420), onnx, new FeatureOptions { Subsample = 2, EmitSubsampledFrames = true }));
        Assert.Equal(live, OnnxScorer.LiveSessions);

        // Not owned: left to the caller.
        using var kept = OnnxScorer.LoadBundled();
        Assert.Throws<VmafTinyException>(() => new VmafSession(new VideoFormat(32, 32, 8, ChromaFormat.Yuv420), kept, ownsScorer: false));
        Assert.Equal(live + 1, OnnxScorer.LiveSessions);
    }
}
