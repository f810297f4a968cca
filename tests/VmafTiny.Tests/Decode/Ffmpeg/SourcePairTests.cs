using VmafTiny.Decode;
using VmafTiny.Decode.Ffmpeg;
using VmafTiny.Decode.Y4m;

namespace VmafTiny.Tests.Decode.Ffmpeg;

/// <summary>Mismatched reference and distorted inputs, as users meet them.</summary>
public class SourcePairTests
{
    private static (List<byte[]> Reference, List<byte[]> Distorted) ReadPairs(SourcePair pair) => ReadPairs(pair, out _);

    /// <summary>Reads every pair through the pair's <see cref="FramePairReader"/>.</summary>
    private static (List<byte[]> Reference, List<byte[]> Distorted) ReadPairs(
        SourcePair pair, out string? warning, FramePairOptions? options = null)
    {
        using FramePairReader reader = pair.CreateReader(options);
        var (reference, distorted) = reader.CreateFrames();
        var refs = new List<byte[]>();
        var dists = new List<byte[]>();
        while (reader.ReadPair(reference, distorted))
        {
            refs.Add(reference.Data.ToArray());
            dists.Add(distorted.Data.ToArray());
        }

        warning = reader.Warning;
        return (refs, dists);
    }

    [Fact]
    public void Same_format_needs_no_notes()
    {
        using var pair = SourcePair.Open(EncodedClips.File("h264_420p8.mp4"), EncodedClips.File("vp9_420p8.webm"));
        var (refs, dists) = ReadPairs(pair, out string? warning);
        Assert.Equal(8, refs.Count);
        Assert.Null(warning);
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
    public void Different_colour_ranges_are_compared_as_stored_with_a_warning_naming_both_files()
    {
        // FFmpeg decodes full-range H.264 (a phone's, a camera's) to yuvj420p. Compared as stored, as libvmaf compares
        // y4m files, a full-range encode of a limited-range reference scores about 100 whatever its quality: never
        // without a warning.
        string full = EncodedClips.File("h264_yuvj420p.mp4");
        string limited = EncodedClips.Unpacked("ref_160x90.y4m");
        string Warning(string f, string l) =>
            $"warning: colour ranges differ: {f} is full range (0-255), {l} limited (16-235); the samples are compared as " +
            "stored, as libvmaf compares them, which does not measure the picture: convert one to the other's range first " +
            $"(e.g. ffmpeg -i {f} -vf scale=out_range=tv -pix_fmt yuv420p ...)";
        using (var pair = SourcePair.Open(limited, full))
        {
            Assert.Equal(Warning(full, limited), Assert.Single(pair.Notes));
        }

        using (var pair = SourcePair.Open(full, limited))
        {
            Assert.Equal(Warning(full, limited), Assert.Single(pair.Notes));
        }

        using (var pair = SourcePair.Open(full, full))
        {
            Assert.Empty(pair.Notes);
        }

        // FFmpeg's y4m muxer tags a yuvj decode XCOLORRANGE=FULL: that file is full range as the encode it came from.
        string dir = Directory.CreateTempSubdirectory("vmaf-tiny-range-").FullName;
        try
        {
            byte[] bytes = File.ReadAllBytes(limited);
            int eol = Array.IndexOf(bytes, (byte)'\n');
            string header = System.Text.Encoding.ASCII.GetString(bytes, 0, eol);
            string tagged = Path.Combine(dir, "full.y4m");
            File.WriteAllBytes(tagged, [.. System.Text.Encoding.ASCII.GetBytes(header + " XCOLORRANGE=FULL"), .. bytes.AsSpan(eol)]);
            string tagLimited = Path.Combine(dir, "limited.y4m");
            File.WriteAllBytes(tagLimited, [.. System.Text.Encoding.ASCII.GetBytes(header + " XCOLORRANGE=LIMITED"), .. bytes.AsSpan(eol)]);
            using (var pair = SourcePair.Open(tagged, full))
            {
                Assert.Empty(pair.Notes);
            }

            using (var pair = SourcePair.Open(tagLimited, tagged))
            {
                Assert.Equal(Warning(tagged, tagLimited), Assert.Single(pair.Notes));
            }

            // A tagged y4m keeps its range through scaling (swscale is told none for y4m frames).
            string reference = EncodedClips.File("ref_320x180.mkv");
            using (var scaledY4m = SourcePair.Open(reference, tagged))
            {
                Assert.Equal(2, scaledY4m.Notes.Count);
                Assert.Contains("scaled 160x90 to the reference's 320x180", scaledY4m.Notes[0]);
                Assert.Equal(Warning(tagged, reference), scaledY4m.Notes[1]);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        // Scaled to another size, the full range is converted to limited (as FFmpeg's format=yuv420p converts it), and
        // said: FFmpeg's own scale=W:H would have kept it.
        using (var scaled = SourcePair.Open(EncodedClips.File("ref_320x180.mkv"), full))
        {
            Assert.Equal(2, scaled.Notes.Count);
            Assert.Contains("scaled 160x90 to the reference's 320x180", scaled.Notes[0]);
            Assert.Equal($"{full}: full-range samples converted to limited range by swscale, as FFmpeg converts full-range frames " +
                         "to yuv420p (format=yuv420p, its libvmaf filter)", scaled.Notes[1]);
        }
    }

    [Theory]
    [InlineData("vp9_420p8_pc.webm", "yuv420p")]
    [InlineData("av1_420p8_pc.mkv", "yuv420p")]
    [InlineData("h264_420p10_pc.mp4", "yuv420p10le")]
    public void Full_range_tagged_only_by_color_range_is_warned_about_too(string file, string pixelFormat)
    {
        // VP9, AV1 and 10-bit H.264 have no yuvj format: FFmpeg decodes a full-range encode to plain yuv420p(10le)
        // frames tagged color_range=pc, and only the tag says full. Scored as stored, as libvmaf scores it; warned.
        string full = EncodedClips.File(file);
        using (var source = FfmpegSource.Open(full))
        {
            Assert.Equal(pixelFormat, source.PixelFormatName);
            Assert.True(source.IsFullRange);
        }

        string limited = EncodedClips.File(pixelFormat == "yuv420p" ? "vp9_420p8.webm" : "hevc_420p10.mp4");
        using (var pair = SourcePair.Open(limited, full))
        {
            Assert.Equal(
                $"warning: colour ranges differ: {full} is full range (0-255), {limited} limited (16-235); the samples are compared as " +
                "stored, as libvmaf compares them, which does not measure the picture: convert one to the other's range first " +
                $"(e.g. ffmpeg -i {full} -vf scale=out_range=tv -pix_fmt yuv420p ...)",
                Assert.Single(pair.Notes));
        }

        using (var pair = SourcePair.Open(full, full))
        {
            Assert.Empty(pair.Notes);
        }

        // Untagged and limited-range streams stay limited.
        using (var source = FfmpegSource.Open(limited))
        {
            Assert.False(source.IsFullRange);
        }
    }

    [Fact]
    public void Full_range_10_bit_converted_to_8_bit_is_limited_range_as_ffmpegs_conversion_makes_it()
    {
        // swscale converts the range of a 10-bit source only when told at its creation (its per-frame colour details
        // set up the range conversion of 8-bit sources only): the frames kept 0-255 where FFmpeg's -pix_fmt yuv420p
        // gives 16-235 (integer_adm2 0.960 against FFmpeg's 0.863 on this clip).
        string dist = EncodedClips.File("h264_420p10_pc.mp4");
        using var pair = SourcePair.Open(EncodedClips.File("h264_420p8.mp4"), dist);
        Assert.Equal(
            [
                $"{dist}: converted 4:2:0 10-bit to the reference's 4:2:0 8-bit with swscale",
                $"{dist}: full-range samples converted to limited range by swscale, as FFmpeg converts full-range frames to yuv420p " +
                "(format=yuv420p, its libvmaf filter)",
            ],
            pair.Notes);
        var (_, dists) = ReadPairs(pair);
        using var expected = new Y4mReader(EncodedClips.Unpacked("h264_420p10_pc.as-420p8.y4m"));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), dists, "10-bit full range as 8-bit");
    }

    [Fact]
    public void Scale_none_refuses_a_size_mismatch()
    {
        string dist = EncodedClips.File("h264_420p8.mp4");
        string reference = EncodedClips.File("ref_320x180.mkv");
        var e = Assert.Throws<InputException>(() => SourcePair.Open(reference, dist, new SourcePairOptions { Scale = ScaleMode.None }));
        Assert.Equal($"{dist}: frame size 160x90 differs from the reference's 320x180 ({reference}) and scaling is off (--scale none)", e.Message);
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
        string reference = EncodedClips.File("h264_420p8.mp4"), distorted = EncodedClips.File("h264_6f_25fps.mp4");
        using var pair = SourcePair.Open(reference, distorted, new SourcePairOptions { OnNote = notes.Add });
        Assert.Equal(
            $"frame rates differ: {reference} is 24 fps, {distorted} is 25 fps; frames are paired in order", Assert.Single(notes));
        Assert.Equal(notes, pair.Notes);

        var (refs, _) = ReadPairs(pair, out string? warning);
        Assert.Equal(6, refs.Count);
        Assert.Equal(
            $"frame counts differ: {reference} has 8 frames, {distorted} has 6 frames; compared the 6 frame pairs they have in common",
            warning);
    }

    [Fact]
    public void Longer_distorted_matroska_is_counted_without_a_container_figure()
    {
        // The reference has 6 frames; the distorted WebM has 8 and does not say so: its packets are counted.
        string reference = EncodedClips.File("h264_6f_25fps.mp4"), distorted = EncodedClips.File("vp9_420p8.webm");
        using var pair = SourcePair.Open(reference, distorted);
        Assert.Null(pair.Distorted.FrameCount);
        var (refs, _) = ReadPairs(pair, out string? warning);
        Assert.Equal(6, refs.Count);
        Assert.Equal(
            $"frame counts differ: {reference} has 6 frames, {distorted} has 8 frames; compared the 6 frame pairs they have in common",
            warning);
    }

    [Fact]
    public void Skipped_frames_count_in_the_frame_count_warning()
    {
        string reference = EncodedClips.File("h264_420p8.mp4"), distorted = EncodedClips.File("vp9_420p8.webm");
        using var pair = SourcePair.Open(reference, distorted);
        var (refs, _) = ReadPairs(pair, out string? warning, new FramePairOptions(SkipReference: 3));
        Assert.Equal(5, refs.Count);
        Assert.Equal(
            $"frame counts differ: {reference} has 8 frames (the first 3 skipped), {distorted} has 8 frames; " +
            "compared the 5 frame pairs they have in common",
            warning);

        using var expected = new Y4mReader(EncodedClips.Unpacked("h264_420p8.y4m"));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected).Skip(3).ToList(), refs, "skipped");
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
        var (refs, _) = ReadPairs(pair, out string? warning);
        Assert.Equal(48, refs.Count);
        Assert.Null(warning);
        Assert.Empty(pair.Notes);
    }

    [Fact]
    public void Raw_yuv_distorted_input_is_scaled_too()
    {
        // FFmpeg's decode of the H.264 clip as raw planes, described by the raw options.
        string raw = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-raw-{Environment.ProcessId}.yuv");
        using (var y4m = new Y4mReader(EncodedClips.Unpacked("h264_420p8.y4m")))
        {
            File.WriteAllBytes(raw, EncodedClips.ReadAll(y4m).SelectMany(f => f).ToArray());
        }

        try
        {
            // Raw options describe both files given by path, so open the two sources here and match them.
            IFrameSource reference = FfmpegSource.Open(EncodedClips.File("ref_320x180.mkv"));
            IFrameSource distorted = new VmafTiny.Decode.Raw.RawYuvReader(raw, new RawVideoOptions(160, 90, ChromaFormat.Yuv420, 8));
            using var pair = SourcePair.Open(reference, distorted);
            Assert.IsType<ScalingSource>(pair.Distorted);
            var (_, dists) = ReadPairs(pair);
            using var expected = new Y4mReader(EncodedClips.Unpacked("h264_420p8.scaled-320x180.y4m"));
            EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), dists, "scaled raw");
        }
        finally
        {
            File.Delete(raw);
        }
    }

    [Fact]
    public void Through_the_factory_encoded_files_open_with_ffmpeg()
    {
        using IFrameSource source = FrameSource.Open(EncodedClips.File("hevc_420p10.mp4"));
        Assert.IsType<FfmpegSource>(source);
        Assert.Equal(new VideoFormat(160, 90, 10, ChromaFormat.Yuv420), source.Format);
        using IFrameSource y4m = FrameSource.Open(EncodedClips.Unpacked("hevc_420p10.y4m"));
        Assert.IsType<Y4mReader>(y4m);
    }

    [Fact]
    public void A_broken_distorted_file_closes_the_reference_and_names_the_file()
    {
        string dist = EncodedClips.File("audio-only.wav");
        var e = Assert.Throws<InputException>(() => SourcePair.Open(EncodedClips.File("h264_420p8.mp4"), dist));
        Assert.Equal($"{dist}: no video stream", e.Message);
    }
}
