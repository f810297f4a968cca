using VmafTiny.Score.Logs;
using VmafTiny.Segments;
using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Segments;

/// <summary>
/// What merge refuses (each in one line naming the files): gaps, overlaps, a missing end, rounded numbers, segments of
/// different runs, logs that are not segments; and the command line: score --frames and merge end in the whole log.
/// </summary>
public class SegmentMergeRulesTests
{
    private const string Clip = "g08_flat_420p8_192x108";      // 6 frames
    private static readonly VmafOptions Svm = new() { Model = "vmaf_v0.6.1", Threads = 1 };

    private static string Reference => GoldenClips.ReferencePath(Clip);

    private static string Distorted => GoldenClips.DistortedPath(Clip);

    [Theory]
    [InlineData("0:2,3:", "frames 2-2 are missing")]
    [InlineData("1:", "do not start at frame 0")]
    [InlineData("0:3,2:", "overlap")]
    [InlineData("0:3", "the segment from frame 3 is missing")]
    [InlineData("0:3,3:,3:5", "overlap")]
    public void Segments_that_do_not_cover_the_pair_once_are_refused(string ranges, string problem)
    {
        var segments = SegmentRuns.Segments(Reference, Distorted, Svm, ranges.Split(',').Select(FrameRange.Parse));
        var e = Assert.Throws<VmafTinyException>(() => SegmentMerge.Merge(segments));
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_segment_after_the_last_is_refused()
    {
        SegmentLog[] segments = SegmentRuns.Segments(Reference, Distorted, Svm, [new(0, 3), new(3, null)]);
        SegmentLog first = segments.Single(s => s.Log.Segment!.Start == 0);
        VmafLog l = first.Log;
        var endsEarly = new SegmentLog("early.json", new VmafLog(l.Version, l.Fps, l.Width, l.Height, l.Frames, notes: l.Notes) { Segment = l.Segment! with { Last = true } });
        var e = Assert.Throws<VmafTinyException>(() => SegmentMerge.Merge([endsEarly, segments.Single(s => s != first)]));
        Assert.Contains("early.json is the pair's last segment (the videos end at frame 2), but segment 3: follows it", e.Message);
    }

    [Fact]
    public void Rounded_segments_other_runs_and_whole_logs_are_refused()
    {
        VmafLog a = Vmaf.Score(Reference, Distorted, Svm with { Frames = new(0, 3) }).ToLog();
        VmafLog b = Vmaf.Score(Reference, Distorted, Svm with { Frames = new(3, null) }).ToLog();
        SegmentLog Read(VmafLog log, LogPrecision precision, string name) =>
            new(name, LogReader.Read(SegmentRuns.Text(log, LogFormat.Json, precision), name, out _));

        var rounded = Assert.Throws<VmafTinyException>(() => SegmentMerge.Merge([Read(a, LogPrecision.Max, "a.json"), Read(b, LogPrecision.Libvmaf, "b.json")]));
        Assert.StartsWith("b.json: written with --precision libvmaf", rounded.Message);

        VmafLog other = Vmaf.Score(Reference, Distorted, Svm with { Frames = new(3, null), Subsample = 2 }).ToLog();
        var mixed = Assert.Throws<VmafTinyException>(() => SegmentMerge.Merge([Read(a, LogPrecision.Max, "a.json"), Read(other, LogPrecision.Max, "c.json")]));
        Assert.Equal("a.json and c.json are not segments of one run: different settings " +
                     $"({a.Segment!.Settings} | {other.Segment!.Settings})", mixed.Message);

        VmafLog whole = Vmaf.Score(Reference, Distorted, Svm).ToLog();
        var notSegment = Assert.Throws<VmafTinyException>(() => SegmentMerge.Merge([Read(whole, LogPrecision.Max, "w.json")]));
        Assert.StartsWith("w.json: not a segment log", notSegment.Message);
    }

    [Theory]
    [InlineData(6, 9, 0, "frames 6:9 lie past the end: {0} and {1} have 6 frame pairs")]
    [InlineData(6, null, 0, "frames 6: lie past the end: {0} and {1} have 6 frame pairs")]
    [InlineData(7, null, 0, "frames 7: lie past the end: {0} and {1} have 6 frame pairs")]
    [InlineData(20, null, 0, "frames 20: lie past the end: {0} and {1} have 6 frame pairs")]
    [InlineData(60, 70, 2, "frames 60:70 lie past the end: {0} and {1} have 4 frame pairs after the skips")]
    [InlineData(4, null, 5, "frames 4: lie past the end: {0} and {1} have 1 frame pair after the skips")]
    public void Frames_past_the_end_are_an_error_in_the_users_numbers(int start, int? end, int skipReference, string message)
    {
        // A segment is read from the frame before it (motion's blur of it): the message must not show that extra
        // skip ("all skipped: 19 to skip"), only the range asked for and the videos' own length.
        var e = Assert.Throws<VmafTinyException>(() =>
            Vmaf.Score(Reference, Distorted, Svm with { Frames = new(start, end), FrameSkipReference = skipReference }));
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, Reference, Distorted), e.Message);
    }

    [Fact]
    public void Score_with_frames_then_merge_on_the_command_line_gives_the_whole_runs_log()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-merge-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string P(string name) => Path.Combine(dir, name);
            Assert.Equal(0, CliRunner.Run("score", Reference, Distorted, "-m", "vmaf_v0.6.1", "-q", "-o", P("whole.xml")).ExitCode);
            var first = CliRunner.Run("score", Reference, Distorted, "-m", "vmaf_v0.6.1", "-q", "--frames", "0:4", "-o", P("a.json"));
            Assert.Equal(0, first.ExitCode);
            Assert.Contains("\"precision\": \"max\"", File.ReadAllText(P("a.json")));     // segments keep their doubles by default
            Assert.Equal(0, CliRunner.Run("score", Reference, Distorted, "-m", "vmaf_v0.6.1", "-q", "--frames", "4:", "-o", P("b.xml")).ExitCode);

            var merge = CliRunner.Run("merge", P("b.xml"), P("a.json"), "-o", P("merged.xml"));
            Assert.Equal(0, merge.ExitCode);
            SegmentRuns.AssertSameLog(File.ReadAllText(P("whole.xml")), File.ReadAllText(P("merged.xml")), "merge on the command line");
            string pooled = CliRunner.Run("score", Reference, Distorted, "-m", "vmaf_v0.6.1", "-q").Stdout;
            Assert.Equal(pooled, merge.Stdout);                 // the same pooled line as the whole run

            var gap = CliRunner.Run("merge", P("b.xml"), "-o", P("bad.json"));
            Assert.Equal(1, gap.ExitCode);
            Assert.Single(gap.ErrorLines);
            Assert.False(File.Exists(P("bad.json")));

            var usage = CliRunner.Run("score", Reference, Distorted, "--frames", "5:5");
            Assert.Equal(2, usage.ExitCode);
            Assert.Contains("--frames", usage.Stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
