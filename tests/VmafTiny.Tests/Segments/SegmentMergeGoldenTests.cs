using VmafTiny.Score.Logs;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Segments;

/// <summary>
/// Segments merge into exactly the whole run's log on every golden clip, split at every frame boundary: the
/// per-frame doubles (motion2 at the edges needs the frames around each segment) and the pooled values, byte for
/// byte in JSON and XML (the processing speed aside).
/// </summary>
public class SegmentMergeGoldenTests
{
    private static readonly VmafOptions Svm = new() { Model = "vmaf_v0.6.1", Threads = 1 };

    public static IEnumerable<object[]> Clips => GoldenClips.All.Append(["g11_pan_420p8_1920x1080"]);

    [Theory]
    [MemberData(nameof(Clips))]
    public void Segments_split_at_every_frame_boundary_merge_into_the_whole_runs_log(string clip)
    {
        string reference = GoldenClips.ReferencePath(clip), distorted = GoldenClips.DistortedPath(clip);
        string whole = SegmentRuns.Whole(reference, distorted, Svm);
        string wholeXml = SegmentRuns.Whole(reference, distorted, Svm, LogFormat.Xml);
        int frames = LogReader.Read(whole, clip, out _).Frames.Count;
        Assert.True(frames >= 3, $"{clip} has {frames} frames");

        // Every boundary at once: one segment per frame.
        var single = SegmentRuns.Segments(reference, distorted, Svm, SegmentRuns.EveryFrame(frames));
        SegmentRuns.AssertSameLog(whole, SegmentRuns.Merged(single), $"{clip}, one segment per frame");
        SegmentRuns.AssertSameLog(wholeXml, SegmentRuns.Merged(single, LogFormat.Xml), $"{clip}, one segment per frame, XML");

        // Each boundary alone: two segments (the first holding the start, the second running to the end).
        for (int k = 1; k < frames; k++)
        {
            var two = SegmentRuns.Segments(reference, distorted, Svm, SegmentRuns.SplitAt(k));
            SegmentRuns.AssertSameLog(whole, SegmentRuns.Merged(two), $"{clip} split at frame {k}");
        }
    }

    [Fact]
    public void Subsampling_threads_skips_and_a_frame_limit_keep_segments_exact()
    {
        const string clip = "g01_pan_420p8_320x180";
        string reference = GoldenClips.ReferencePath(clip), distorted = GoldenClips.DistortedPath(clip);
        VmafOptions[] variants =
        [
            Svm with { Subsample = 3, Threads = 2 },
            Svm with { FrameSkipReference = 1, FrameSkipDistorted = 2, FrameCount = 7 },
            new VmafOptions { LibvmafOutputs = true, Threads = 2 },      // vmaf_tiny_v2 and libvmaf's full outputs
        ];
        foreach (VmafOptions options in variants)
        {
            string whole = SegmentRuns.Whole(reference, distorted, options);
            int frames = LogReader.Read(whole, clip, out _).Frames.Count;
            int last = options.FrameCount ?? 12 - Math.Max(options.FrameSkipReference, options.FrameSkipDistorted);
            for (int k = 1; k < last; k++)
            {
                var two = SegmentRuns.Segments(reference, distorted, options, [new FrameRange(0, k), new FrameRange(k, last + 3)]);
                SegmentRuns.AssertSameLog(whole, SegmentRuns.Merged(two), $"{options.ValueSettings()}, split at {k}");
            }

            Assert.True(frames > 0);
        }
    }
}
