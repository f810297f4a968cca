using VmafTiny.Features;
using VmafTiny.Features.Psnr;

namespace VmafTiny.Tests.Features;

/// <summary>
/// <see cref="FeatureStream.PeekLast"/>: the frame pushed last, known before its successor (the C library stores each
/// picture's values as it is read, as libvmaf's extractors do at n_threads 0).
/// </summary>
public class FeatureStreamPeekTests
{
    private static readonly VideoFormat Format = new(64, 48, 8, ChromaFormat.Yuv420);

    private static FeatureOptions Options => new() { Threads = 1, LibvmafOutputs = true, Psnr = new PsnrOptions { EnableApsnr = true } };

    /// <summary>
    /// With one thread each frame is peeked right after its push with the values it is emitted with later (all but
    /// motion2 and motion3, which need the next frame); peeking emits nothing and leaves APSNR as it was.
    /// </summary>
    [Fact]
    public void The_last_frame_pushed_is_known_with_the_values_it_is_emitted_with()
    {
        const int n = 3;
        using var stream = new FeatureStream(Format, Options);
        Assert.Null(stream.PeekLast());
        var peeked = new List<FrameFeatures>();
        var emitted = new List<FrameFeatures>();
        for (int i = 0; i < n; i++)
        {
            emitted.AddRange(stream.Push(Frame(i), Frame((3 * i) + 1)));
            Assert.Equal(i, emitted.Count);
            FrameFeatures last = Assert.NotNull(stream.PeekLast());
            Assert.Equal(i, last.Index);
            peeked.Add(last);
        }

        emitted.AddRange(stream.Complete());
        Assert.Null(stream.PeekLast());
        Assert.Equal(n, emitted.Count);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(emitted[i] with { Motion2 = 0, Extra = WithoutFlushValues(emitted[i]) }, peeked[i] with { Motion2 = 0, Extra = WithoutFlushValues(peeked[i]) });
        }

        Assert.Equal(emitted[^1], peeked[^1]); // the last frame has no successor: every value is final
        Assert.True(emitted[1].Extra!["VMAF_integer_feature_motion_sad_score"] > 0);

        using var unpeeked = new FeatureStream(Format, Options);
        for (int i = 0; i < n; i++)
        {
            unpeeked.Push(Frame(i), Frame((3 * i) + 1));
        }

        unpeeked.Complete();
        Assert.Equal(unpeeked.Apsnr, stream.Apsnr);
    }

    /// <summary>A frame's extra values without motion3, which the flush writes (motion2 is not among the extras).</summary>
    private static Dictionary<string, double> WithoutFlushValues(FrameFeatures frame) =>
        frame.Extra!.Where(e => e.Key != "integer_motion3").ToDictionary(e => e.Key, e => e.Value);

    /// <summary>A 4:2:0 frame of a pattern that differs from seed to seed.</summary>
    private static YuvFrame Frame(int seed)
    {
        var frame = new YuvFrame(Format);
        Span<byte> data = frame.Data;
        for (int k = 0; k < data.Length; k++)
        {
            int x = k % Format.Width, y = k / Format.Width;
            data[k] = (byte)((x * 7) + (y * 3) + (seed * 5) + (((x * y) + seed) % 13));
        }

        return frame;
    }
}
