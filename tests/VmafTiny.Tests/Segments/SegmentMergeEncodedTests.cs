namespace VmafTiny.Tests.Segments;

/// <summary>
/// Segments of encoded video merge into exactly the whole run's log, split at each keyframe and between keyframes:
/// each segment seeks both inputs (to the frame before it, for motion) and decodes from the keyframe before that.
/// </summary>
public class SegmentMergeEncodedTests
{
    private static readonly VmafOptions Options = new() { Model = "vmaf_v0.6.1", Threads = 1, DecoderThreads = 1 };

    [Theory]
    [MemberData(nameof(SegmentClips.Names), MemberType = typeof(SegmentClips))]
    public void Segments_of_an_encoded_clip_merge_into_the_whole_runs_log(string name)
    {
        string reference = SegmentClips.Source, distorted = SegmentClips.File(name);
        string whole = SegmentRuns.Whole(reference, distorted, Options);

        // At each keyframe and either side of it (motion's frame before a segment then lies in another GOP), and a
        // three-way split with segments that start between keyframes.
        int[] cuts = [7, 8, 9, 15, 16, 17];
        foreach (int k in cuts)
        {
            var two = SegmentRuns.Segments(reference, distorted, Options, SegmentRuns.SplitAt(k));
            SegmentRuns.AssertSameLog(whole, SegmentRuns.Merged(two), $"{name} split at frame {k}");
        }

        var three = SegmentRuns.Segments(reference, distorted, Options, [new(0, 5), new(5, 13), new(13, 30)]);
        SegmentRuns.AssertSameLog(whole, SegmentRuns.Merged(three), $"{name} split at frames 5 and 13");
    }

    [Fact]
    public void Both_inputs_encoded_are_both_sought()
    {
        string reference = SegmentClips.File("h264-open.mkv"), distorted = SegmentClips.File("hevc-open.mp4");
        string whole = SegmentRuns.Whole(reference, distorted, Options);
        var segments = SegmentRuns.Segments(reference, distorted, Options, [new(0, 9), new(9, 17), new(17, null)]);
        SegmentRuns.AssertSameLog(whole, SegmentRuns.Merged(segments), "H.264 reference, HEVC distorted");
    }
}
