using VmafTiny.Decode;
using VmafTiny.Decode.Ffmpeg;
using VmafTiny.Decode.Y4m;

namespace VmafTiny.Tests.Decode.Ffmpeg;

/// <summary>Mismatched reference and distorted inputs, as users meet them.</summary>
public class SourcePairTests
{
    private static (List<byte[]> Reference, List<byte[]> Distorted) ReadPairs(SourcePair pair)
    {
        var reference = new YuvFrame(pair.Format);
        var distorted = new YuvFrame(pair.Format);
        var refs = new List<byte[]>();
        var dists = new List<byte[]>();
        while (pair.ReadPair(reference, distorted))
        {
            refs.Add(reference.Data.ToArray());
            dists.Add(distorted.Data.ToArray());
        }

        return (refs, dists);
    }

    [Fact]
    public void Same_format_needs_no_notes()
    {
        using var pair = SourcePair.Open(EncodedClips.File("h264_420p8.mp4"), EncodedClips.File("vp9_420p8.webm"));
        var (refs, dists) = ReadPairs(pair);
        Assert.Equal(8, refs.Count);
        Assert.Equal(8, pair.FramesRead);
        Assert.Empty(pair.Notes);
        using var expected = new Y4mReader(EncodedClips.Unpacked("vp9_420p8.y4m"));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), dists, "vp9");
    }

    [Fact]
    public void Smaller_distorted_video_is_scaled_bicubic_as_ffmpegs_scale_filter()
    {
        var notes = new List<string>();
        string dist = EncodedClips.File("h264_420p8.mp4");
        using var pair = SourcePair.Open(EncodedClips.File("ref_320x180.mkv"), dist, new SourcePairOptions { OnNote = notes.Add });

        Assert.Equal(new VideoFormat(320, 180, 8, ChromaFormat.Yuv420), pair.Format);
        Assert.Equal(pair.Format, pair.Distorted.Format);
        string note = Assert.Single(pair.Notes);
        Assert.Equal(
            $"{dist}: scaled 160x90 to the reference's 320x180 with swscale bicubic (as FFmpeg's scale=320:180:flags=bicubic)", note);
        Assert.Equal(pair.Notes, notes);

        var (_, dists) = ReadPairs(pair);
        using var expected = new Y4mReader(EncodedClips.Unpacked("h264_420p8.scaled-320x180.y4m"));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), dists, "scaled");
    }

    [Fact]
    public void Smaller_distorted_y4m_is_scaled_the_same_way()
    {
        string dist = EncodedClips.Unpacked("h264_420p8.y4m");
        using var pair = SourcePair.Open(EncodedClips.File("ref_320x180.mkv"), dist);
        Assert.IsType<ScalingSource>(pair.Distorted);
        Assert.Contains("scaled 160x90 to the reference's 320x180", Assert.Single(pair.Notes));

        var (_, dists) = ReadPairs(pair);
        using var expected = new Y4mReader(EncodedClips.Unpacked("h264_420p8.scaled-320x180.y4m"));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), dists, "scaled y4m");
    }

    [Fact]
    public void Scale_none_refuses_a_size_mismatch()
    {
        string dist = EncodedClips.File("h264_420p8.mp4");
        var e = Assert.Throws<InputException>(() => SourcePair.Open(
            EncodedClips.File("ref_320x180.mkv"), dist, new SourcePairOptions { Scale = ScaleMode.None }));
        Assert.Equal($"{dist}: frame size 160x90 differs from the reference's 320x180 and scaling is off (--scale none)", e.Message);
    }

    [Theory]
    [InlineData("hevc_420p10.mp4", "hevc_420p10.as-420p8.y4m", "4:2:0 10-bit")]
    [InlineData("ffv1_422p10.mkv", "ffv1_422p10.as-420p8.y4m", "4:2:2 10-bit")]
    public void Other_bit_depth_or_chroma_is_converted_to_the_references(string file, string expectedFile, string from)
    {
        string dist = EncodedClips.File(file);
        using var pair = SourcePair.Open(EncodedClips.File("h264_420p8.mp4"), dist);
        Assert.Equal(new VideoFormat(160, 90, 8, ChromaFormat.Yuv420), pair.Distorted.Format);
        Assert.Equal($"{dist}: converted {from} to the reference's 4:2:0 8-bit with swscale", Assert.Single(pair.Notes));

        var (_, dists) = ReadPairs(pair);
        using var expected = new Y4mReader(EncodedClips.Unpacked(expectedFile));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), dists, file);
    }

    [Fact]
    public void Different_frame_counts_and_rates_are_reported_with_both_figures()
    {
        var notes = new List<string>();
        using var pair = SourcePair.Open(
            EncodedClips.File("h264_420p8.mp4"), EncodedClips.File("h264_6f_25fps.mp4"), new SourcePairOptions { OnNote = notes.Add });
        Assert.Equal("frame rates differ: reference 24 fps, distorted 25 fps; frames are paired in order", Assert.Single(notes));

        var (refs, _) = ReadPairs(pair);
        Assert.Equal(6, refs.Count);
        Assert.Equal("frame counts differ: reference has 8 frames, distorted has 6; scored the 6 common frames", notes[^1]);
        Assert.Equal(notes, pair.Notes);
        Assert.False(pair.ReadPair(new YuvFrame(pair.Format), new YuvFrame(pair.Format)));
        Assert.Equal(2, pair.Notes.Count);
    }

    [Fact]
    public void Longer_distorted_matroska_is_counted_without_a_container_figure()
    {
        // The reference has 6 frames; the distorted WebM has 8 and does not say so: the pair counts them.
        using var pair = SourcePair.Open(EncodedClips.File("h264_6f_25fps.mp4"), EncodedClips.File("vp9_420p8.webm"));
        var (refs, _) = ReadPairs(pair);
        Assert.Equal(6, refs.Count);
        Assert.Equal("frame counts differ: reference has 6 frames, distorted has 8; scored the 6 common frames", pair.Notes[^1]);
    }

    [Fact]
    public void Skipped_frames_count_in_the_frame_count_note()
    {
        using var pair = SourcePair.Open(EncodedClips.File("h264_420p8.mp4"), EncodedClips.File("vp9_420p8.webm"));
        pair.Skip(3, 0);
        var (refs, dists) = ReadPairs(pair);
        Assert.Equal(5, refs.Count);
        Assert.Equal("frame counts differ: reference has 8 frames, distorted has 8; scored the 5 common frames", Assert.Single(pair.Notes));

        using var expected = new Y4mReader(EncodedClips.Unpacked("h264_420p8.y4m"));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected).Skip(3).ToList(), refs, "skipped");
        using var other = SourcePair.Open(EncodedClips.File("h264_420p8.mp4"), EncodedClips.File("vp9_420p8.webm"));
        var e = Assert.Throws<InputException>(() => other.Skip(0, 9));
        Assert.EndsWith("vp9_420p8.webm: cannot skip 9 frames: the video has only 8", e.Message);
    }

    [Fact]
    public void Pixel_format_conversions_are_noted()
    {
        string reference = EncodedClips.File("nv12_96x54.nut");
        using var pair = SourcePair.Open(reference, EncodedClips.File("rgb_96x54.mkv"));
        Assert.Equal(new VideoFormat(96, 54, 8, ChromaFormat.Yuv420), pair.Format);
        Assert.Collection(
            pair.Notes,
            n => Assert.StartsWith($"{reference}: pixel format nv12 is not planar YUV; converted to yuv420p", n),
            n => Assert.Contains("pixel format bgr0 is not planar YUV; converted to yuv444p", n),
            n => Assert.Contains("converted 4:4:4 8-bit to the reference's 4:2:0 8-bit with swscale", n));
    }

    [Fact]
    public void Demo_samples_pair_up_with_no_notes()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "ref.mp4")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        string samples = Path.Combine(dir.FullName, "samples");
        using var pair = SourcePair.Open(Path.Combine(samples, "ref.mp4"), Path.Combine(samples, "dist.mp4"));
        Assert.Equal(new VideoFormat(640, 360, 8, ChromaFormat.Yuv420), pair.Format);
        var reference = new YuvFrame(pair.Format);
        var distorted = new YuvFrame(pair.Format);
        while (pair.ReadPair(reference, distorted))
        {
        }

        Assert.Equal(48, pair.FramesRead);
        Assert.Empty(pair.Notes);
    }

    [Fact]
    public void A_broken_distorted_file_closes_the_reference_and_names_the_file()
    {
        string dist = EncodedClips.File("audio-only.wav");
        var e = Assert.Throws<InputException>(() => SourcePair.Open(EncodedClips.File("h264_420p8.mp4"), dist));
        Assert.Equal($"{dist}: no video stream", e.Message);
    }
}
