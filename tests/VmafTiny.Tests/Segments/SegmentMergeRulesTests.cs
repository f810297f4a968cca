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

    [Fact]
    public void A_file_changed_between_segments_is_refused_naming_it()
    {
        // The segment log records its inputs' identities (size, time, a hash of their ends): a file re-encoded at the
        // same path between two segments no longer merges as if nothing changed.
        string dir = TempDir();
        try
        {
            string d = Path.Combine(dir, "d.y4m");
            File.Copy(Distorted, d);
            VmafLog a = Vmaf.Score(Reference, d, Svm with { Frames = new(0, 3) }).ToLog();
            Assert.Equal(Path.GetFullPath(d), a.Segment!.DistortedFile!.FullPath);
            Assert.Equal(new FileInfo(d).Length, a.Segment.DistortedFile.Size);
            Assert.Null(Vmaf.Score(Reference, d, Svm).ToLog().Segment);          // a whole run's log keeps libvmaf's layout
            SegmentRuns.Touch(d, bytes => bytes[^100] ^= 0x40);
            VmafLog b = Vmaf.Score(Reference, d, Svm with { Frames = new(3, null) }).ToLog();
            var e = Assert.Throws<VmafTinyException>(() => SegmentMerge.Merge([Read(a, "a.json"), Read(b, "b.xml", LogFormat.Xml)]));
            Assert.StartsWith($"a.json and b.xml are not segments of one run: {Path.GetFullPath(d)} changed between them (modified ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void One_file_spelled_two_ways_merges_and_two_files_do_not()
    {
        // Segments written with ../r.y4m and r.y4m (another working folder, another spelling) read one file: merge
        // compares what the files are, not how they were typed.
        string dir = TempDir();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            string d = Path.Combine(dir, "d.y4m"), other = Path.Combine(dir, "e.y4m");
            File.Copy(Distorted, d);
            File.Copy(Distorted, other);
            SegmentRuns.Touch(other, bytes => bytes[^100] ^= 0x40);
            string spelled = Path.Combine(dir, "sub", "..", ".", "d.y4m");
            SegmentLog a = Read(Vmaf.Score(Reference, d, Svm with { Frames = new(0, 3) }).ToLog(), "a.json");
            SegmentLog b = Read(Vmaf.Score(Reference, spelled, Svm with { Frames = new(3, null) }).ToLog(), "b.json");
            Assert.Equal(spelled, b.Log.Segment!.Distorted);                     // the path as given, as before
            SegmentRuns.AssertSameLog(
                SegmentRuns.Whole(Reference, d, Svm), SegmentRuns.Text(SegmentMerge.Merge([b, a]), LogFormat.Json, LogPrecision.Libvmaf), "one file, two spellings");

            SegmentLog c = Read(Vmaf.Score(Reference, other, Svm with { Frames = new(3, null) }).ToLog(), "c.json");
            var e = Assert.Throws<VmafTinyException>(() => SegmentMerge.Merge([a, c]));
            Assert.Equal($"a.json and c.json are not segments of one run: different distorted videos ({d}, {other})", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Segment_logs_without_file_identities_still_read_and_merge_by_path()
    {
        // Logs written before the identities were recorded (and segments of standard input, which has none).
        SegmentLog Old(FrameRange range, string name)
        {
            string text = SegmentRuns.Text(Vmaf.Score(Reference, Distorted, Svm with { Frames = range }).ToLog(), LogFormat.Json, LogPrecision.Max);
            Assert.Contains("\"reference_file\": ", text);
            text = string.Join('\n', text.Split('\n').Where(l => !l.Contains("_file\": ", StringComparison.Ordinal)));
            VmafLog log = LogReader.Read(text, name, out _);
            Assert.Null(log.Segment!.ReferenceFile);
            return new SegmentLog(name, log);
        }

        SegmentRuns.AssertSameLog(
            SegmentRuns.Whole(Reference, Distorted, Svm), SegmentRuns.Text(SegmentMerge.Merge([Old(new(0, 2), "a.json"), Old(new(2, null), "b.json")]), LogFormat.Json, LogPrecision.Libvmaf), "old logs");
        var damaged = Assert.ThrowsAny<VmafTinyException>(() => LogReader.Read(
            SegmentRuns.Text(Vmaf.Score(Reference, Distorted, Svm with { Frames = new(0, 2) }).ToLog(), LogFormat.Json, LogPrecision.Max)
                .Replace("\"reference_file\": \"size=", "\"reference_file\": \"bytes=", StringComparison.Ordinal), "x.json", out _));
        Assert.Contains("reference_file", damaged.Message);
    }

    [Theory]
    [InlineData(LogFormat.Xml)]
    [InlineData(LogFormat.Json)]
    public void A_segment_of_a_file_named_with_control_characters_reads_back(LogFormat format)
    {
        // A file name may hold any byte but '/' and NUL; XML 1.0 has no character for most control bytes, so the
        // XML segment log of "r\x01.y4m" could not be read back by merge.
        VmafLog log = Vmaf.Score(Reference, Distorted, Svm with { Frames = new(0, 2) }).ToLog();
        const string name = "r\x01\x1b[31m\x7f.y4m";
        VmafLog odd = new(log.Version, log.Fps, log.Width, log.Height, log.Frames, notes: ["note \x02"]) { Segment = log.Segment! with { Reference = name } };
        VmafLog back = LogReader.Read(SegmentRuns.Text(odd, format, LogPrecision.Max), "a.log", out _);
        Assert.Equal(name, back.Segment!.Reference);
        Assert.Equal(["note \x02"], back.Notes);
        Assert.Equal(log.Frames.Count, back.Frames.Count);
    }

    private static SegmentLog Read(VmafLog log, string name, LogFormat format = LogFormat.Json) =>
        new(name, LogReader.Read(SegmentRuns.Text(log, format, LogPrecision.Max), name, out _));

    private static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-identity-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
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
