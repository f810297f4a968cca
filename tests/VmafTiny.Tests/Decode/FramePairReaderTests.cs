using VmafTiny.Decode;

namespace VmafTiny.Tests.Decode;

public class FramePairReaderTests
{
    private static readonly VideoFormat Format = new(48, 36, 8, ChromaFormat.Yuv420);

    /// <summary>Reads every pair; returns (reference frame number, distorted frame number) found from the content.</summary>
    private static List<(int Reference, int Distorted)> ReadAll(FramePairReader pair, int referenceSeed = 1, int distortedSeed = 2)
    {
        var result = new List<(int, int)>();
        var (r, d) = pair.CreateFrames();
        while (pair.ReadPair(r, d))
        {
            Assert.Equal(result.Count, r.Index);
            Assert.Equal(result.Count, d.Index);
            result.Add((Identify(r, referenceSeed), Identify(d, distortedSeed)));
        }

        Assert.False(pair.ReadPair(r, d)); // stays finished
        Assert.Equal(result.Count, pair.PairsRead);
        return result;
    }

    private static int Identify(YuvFrame frame, int seed)
    {
        for (int i = 0; i < 100; i++)
        {
            if (frame.Data.SequenceEqual(TestVideo.FrameBytes(frame.Format, i, seed)))
            {
                return i;
            }
        }

        throw new InvalidOperationException("unknown frame");
    }

    private static (string Reference, string Distorted) Write(TempDirectory dir, int referenceFrames, int distortedFrames, bool raw = false)
    {
        string reference = dir.File(raw ? "ref.yuv" : "ref.y4m");
        string distorted = dir.File(raw ? "dist.yuv" : "dist.y4m");
        if (raw)
        {
            TestVideo.WriteRaw(reference, Format, referenceFrames, seed: 1);
            TestVideo.WriteRaw(distorted, Format, distortedFrames, seed: 2);
        }
        else
        {
            TestVideo.WriteY4m(reference, Format, referenceFrames, seed: 1);
            TestVideo.WriteY4m(distorted, Format, distortedFrames, seed: 2);
        }

        return (reference, distorted);
    }

    [Fact]
    public void Equal_lengths_read_every_pair_without_a_warning()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 5, 5);
        using var pair = FramePairReader.Open(reference, distorted);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (i, i)), ReadAll(pair));
        Assert.Null(pair.Warning);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Longer_distorted_stops_at_the_common_count_and_warns_with_both_counts(bool raw)
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 4, 7, raw);
        using var pair = FramePairReader.Open(reference, distorted, new FramePairOptions(raw ? new RawVideoOptions(48, 36, ChromaFormat.Yuv420, 8) : null));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => (i, i)), ReadAll(pair));
        Assert.Equal(
            $"frame counts differ: {reference} has 4 frames, {distorted} has 7 frames; compared the 4 frame pairs they have in common",
            pair.Warning);
    }

    [Fact]
    public void Longer_reference_is_counted_by_reading_when_its_length_is_not_known()
    {
        using var dir = new TempDirectory();
        string reference = dir.File("ref.y4m");
        string distorted = dir.File("dist.y4m");
        // Frame lines with parameters: the reader cannot tell the count from the file size.
        TestVideo.WriteY4m(reference, "W48 H36 C420jpeg", Enumerable.Range(0, 6).Select(i => TestVideo.FrameBytes(Format, i, 1)), "FRAME Ip");
        TestVideo.WriteY4m(distorted, Format, 1, seed: 2);
        using var pair = FramePairReader.Open(reference, distorted);
        Assert.Null(pair.Reference.FrameCount);
        Assert.Equal([(0, 0)], ReadAll(pair));
        Assert.Equal(
            $"frame counts differ: {reference} has 6 frames, {distorted} has 1 frame; compared the 1 frame pair they have in common",
            pair.Warning);
    }

    [Fact]
    public void A_damaged_frame_past_the_compared_range_is_mentioned_in_the_warning()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 2, 5);
        using (var f = new FileStream(distorted, FileMode.Open))
        {
            f.SetLength(f.Length - 5);
        }

        using var pair = FramePairReader.Open(reference, distorted);
        Assert.Equal(2, ReadAll(pair).Count);
        Assert.Equal(
            $"frame counts differ: {reference} has 2 frames, {distorted} has 4 whole frames (then frame 4 is truncated: " +
            $"{Format.FrameBytes - 5} of {Format.FrameBytes} bytes); compared the 2 frame pairs they have in common",
            pair.Warning);
    }

    [Theory]
    [InlineData("theora_vorbis.ogg", 1, 7, "its last Ogg page is cut short")]
    [InlineData("ref_160x90.mkv", 10000, 5, "File ended prematurely")]
    public void A_truncated_container_past_the_compared_range_is_mentioned_in_the_warning(string clip, int cut, int whole, string detail)
    {
        // The longer video's frames are counted from its packets, not decoded; the count stops where the container is
        // found truncated, as decoding would, and says so.
        using var dir = new TempDirectory();
        string reference = dir.File("ref.y4m"), distorted = dir.File("cut-" + clip);
        TestVideo.WriteY4m(reference, new VideoFormat(160, 90, 8, ChromaFormat.Yuv420), 2, seed: 1);
        byte[] bytes = File.ReadAllBytes(Ffmpeg.EncodedClips.File(clip));
        File.WriteAllBytes(distorted, bytes.AsSpan(0, bytes.Length - cut).ToArray());

        using var pair = FramePairReader.Open(reference, distorted);
        var (r, d) = pair.CreateFrames();
        Assert.True(pair.ReadPair(r, d) && pair.ReadPair(r, d));
        Assert.False(pair.ReadPair(r, d));
        Assert.Equal(
            $"frame counts differ: {reference} has 2 frames, {distorted} has {whole} whole frames (then corrupt data at frame {whole} " +
            $"(the container is truncated or damaged: {detail})); compared the 2 frame pairs they have in common",
            pair.Warning);
    }

    [Fact]
    public void Frame_skip_drops_frames_from_the_start_of_each_video()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 6, 6);
        using var pair = FramePairReader.Open(reference, distorted, new FramePairOptions(SkipReference: 2, SkipDistorted: 1));
        Assert.Equal([(2, 1), (3, 2), (4, 3), (5, 4)], ReadAll(pair));
        Assert.Equal(
            $"frame counts differ: {reference} has 6 frames (the first 2 skipped), {distorted} has 6 frames (the first 1 skipped); " +
            "compared the 4 frame pairs they have in common",
            pair.Warning);
    }

    [Fact]
    public void Frame_skip_that_lines_up_the_ends_gives_no_warning()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 8, 5, raw: true);
        using var pair = FramePairReader.Open(reference, distorted, new FramePairOptions(new RawVideoOptions(48, 36, ChromaFormat.Yuv420, 8), SkipReference: 3));
        Assert.Equal([(3, 0), (4, 1), (5, 2), (6, 3), (7, 4)], ReadAll(pair));
        Assert.Null(pair.Warning);
    }

    [Fact]
    public void Frame_limit_stops_early_without_a_warning()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 6, 9);
        using var pair = FramePairReader.Open(reference, distorted, new FramePairOptions(SkipDistorted: 1, MaxFrames: 3));
        Assert.Equal([(0, 1), (1, 2), (2, 3)], ReadAll(pair));
        Assert.Null(pair.Warning);
    }

    [Fact]
    public void Frame_limit_beyond_the_shorter_video_still_warns()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 3, 9);
        using var pair = FramePairReader.Open(reference, distorted, new FramePairOptions(MaxFrames: 5));
        Assert.Equal(3, ReadAll(pair).Count);
        Assert.Equal(
            $"frame counts differ: {reference} has 3 frames, {distorted} has 9 frames; compared the 3 frame pairs they have in common",
            pair.Warning);
    }

    [Fact]
    public void Skipping_every_frame_leaves_nothing_to_compare()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 3, 4);
        using var pair = FramePairReader.Open(reference, distorted, new FramePairOptions(SkipReference: 5));
        var (r, d) = pair.CreateFrames();
        var e = Assert.Throws<NoFramePairsException>(() => pair.ReadPair(r, d));
        Assert.Equal(
            $"no frames to compare: {reference} has 3 frames (all skipped: 5 to skip), {distorted} has 4 frames", e.Message);
        Assert.Equal((3, 4), (e.ReferenceFrames, e.DistortedFrames));
    }

    [Fact]
    public void A_video_without_frames_leaves_nothing_to_compare()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 0, 0);
        using var pair = FramePairReader.Open(reference, distorted);
        var (r, d) = pair.CreateFrames();
        var e = Assert.Throws<NoFramePairsException>(() => pair.ReadPair(r, d));
        Assert.Equal($"no frames to compare: {reference} has 0 frames, {distorted} has 0 frames", e.Message);
        Assert.Equal((0, 0), (e.ReferenceFrames, e.DistortedFrames));
    }

    [Fact]
    public void Chroma_formats_may_differ()
    {
        using var dir = new TempDirectory();
        string reference = dir.File("ref.y4m"), distorted = dir.File("dist.yuv");
        var distortedFormat = Format with { Chroma = ChromaFormat.Yuv444 };
        TestVideo.WriteY4m(reference, Format, 2, seed: 1);
        TestVideo.WriteRaw(distorted, distortedFormat, 2, seed: 2);
        using var pair = FramePairReader.Open(reference, distorted, new FramePairOptions(new RawVideoOptions(48, 36, ChromaFormat.Yuv444, 8)));
        Assert.Equal(Format, pair.Reference.Format);
        Assert.Equal(distortedFormat, pair.Distorted.Format);
        Assert.Equal([(0, 0), (1, 1)], ReadAll(pair));
    }

    [Fact]
    public void Bad_options_are_argument_errors()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => FramePairReader.Open(reference, distorted, new FramePairOptions(SkipReference: -1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FramePairReader.Open(reference, distorted, new FramePairOptions(MaxFrames: 0)));
    }

    [Fact]
    public void The_reader_owns_its_sources()
    {
        using var dir = new TempDirectory();
        var (reference, distorted) = Write(dir, 1, 1);
        var r = FrameSource.Open(reference);
        var d = FrameSource.Open(distorted);
        var pair = new FramePairReader(r, d);
        pair.Dispose();
        Assert.Throws<ObjectDisposedException>(() => r.ReadFrame(new YuvFrame(Format)));
        Assert.Throws<ObjectDisposedException>(() => pair.ReadPair(new YuvFrame(Format), new YuvFrame(Format)));

        // Also when the pair is refused.
        string small = dir.File("small.y4m");
        TestVideo.WriteY4m(small, new VideoFormat(20, 20, 8, ChromaFormat.Yuv420), 1);
        var s1 = FrameSource.Open(small);
        var s2 = FrameSource.Open(small);
        Assert.Throws<InputException>(() => new FramePairReader(s1, s2));
        Assert.Throws<ObjectDisposedException>(() => s1.ReadFrame(new YuvFrame(s1.Format)));
    }
}
