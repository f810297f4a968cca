using VmafTiny.Decode.Ffmpeg;
using VmafTiny.Score;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Tests.Pipeline;

/// <summary>
/// Cancelling or abandoning a run stops it within a frame or two and frees every native resource: the FFmpeg
/// decoders (through the shim) and the ONNX Runtime session. Counted by the handles' own live counters, so this
/// collection runs alone.
/// </summary>
[Collection(NativeResourceCollection.Name)]
public class VmafCancellationTests
{
    private static readonly string Encoded = Path.Combine(AppContext.BaseDirectory, "TestData", "encoded");

    // Eight 160x90 frames, both decoded by FFmpeg; the default model runs in ONNX Runtime; two feature workers.
    private static readonly string Reference = Path.Combine(Encoded, "ref_160x90.mkv");
    private static readonly string Distorted = Path.Combine(Encoded, "h264_420p8.mp4");
    private static readonly VmafOptions Options = new() { Threads = 2 };

    [Fact]
    public async Task A_cancelled_ScoreAsync_stops_within_two_frames_and_frees_the_decoders_and_the_ORT_session()
    {
        var before = Live.Now;
        using var cancel = new CancellationTokenSource();
        int frames = 0;
        Live during = default;
        var progress = new Inline(_ =>
        {
            if (++frames == 2)
            {
                during = Live.Now;
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Vmaf.ScoreAsync(Reference, Distorted, Options, progress, cancel.Token));
        Assert.InRange(frames, 2, 3);
        Assert.Equal(before with { Decoders = before.Decoders + 2, Sessions = before.Sessions + 1 }, during);
        Assert.Equal(before, Live.Now);
    }

    [Fact]
    public async Task Breaking_out_of_the_stream_ends_the_run_and_frees_everything()
    {
        var before = Live.Now;
        Live during = default;
        await foreach (FrameResult frame in Vmaf.ScoreFramesAsync(Reference, Distorted, Options))
        {
            during = Live.Now;
            break;
        }

        Assert.Equal(before with { Decoders = before.Decoders + 2, Sessions = before.Sessions + 1 }, during);
        Assert.Equal(before, Live.Now);
    }

    [Fact]
    public async Task Cancelling_the_stream_stops_it_within_two_frames_and_frees_everything()
    {
        var before = Live.Now;
        using var cancel = new CancellationTokenSource();
        int frames = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (FrameResult frame in Vmaf.ScoreFramesAsync(Reference, Distorted, Options, cancel.Token))
            {
                if (++frames == 2)
                {
                    cancel.Cancel();
                }
            }
        });

        Assert.InRange(frames, 2, 3);
        Assert.Equal(before, Live.Now);
    }

    [Fact]
    public void A_run_that_fails_to_open_frees_what_it_had_opened()
    {
        var before = Live.Now;
        Assert.Throws<VmafTinyException>(() => VmafRun.Open(Reference, Distorted, Options with { Model = "no_such_model" }));
        Assert.Throws<InputException>(() => VmafRun.Open(Reference, Path.Combine(Encoded, "not-video.txt"), Options));
        Assert.Equal(before, Live.Now);
    }

    /// <summary>Native handles alive in this process.</summary>
    private readonly record struct Live(long Decoders, long Scalers, long Sessions)
    {
        public static Live Now => new(SafeDecoderHandle.Live, SafeScalerHandle.Live, OnnxScorer.LiveSessions);
    }

    private sealed class Inline(Action<VmafProgress> report) : IProgress<VmafProgress>
    {
        public void Report(VmafProgress value) => report(value);
    }
}

/// <summary>Tests that count live native handles: they run alone, after the parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeResourceCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "native resources";
}
