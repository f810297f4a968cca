using VmafTiny.Decode.Ffmpeg;
using VmafTiny.Decode.Y4m;

namespace VmafTiny.Tests.Decode.Ffmpeg;

public class FfmpegDecodeTests
{
    /// <summary>File, codec, expected format: the five codecs of the acceptance list.</summary>
    public static TheoryData<string, string, int, ChromaFormat> Codecs => new()
    {
        { "h264_420p8.mp4", "h264", 8, ChromaFormat.Yuv420 },
        { "hevc_420p10.mp4", "hevc", 10, ChromaFormat.Yuv420 },
        { "vp9_420p8.webm", "vp9", 8, ChromaFormat.Yuv420 },
        { "av1_420p8.mkv", "av1", 8, ChromaFormat.Yuv420 },
        { "ffv1_422p10.mkv", "ffv1", 10, ChromaFormat.Yuv422 },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Decoded_frames_equal_ffmpegs_decode(string file, string codec, int bitDepth, ChromaFormat chroma)
    {
        using var source = FfmpegSource.Open(EncodedClips.File(file));
        using var expected = new Y4mReader(EncodedClips.Unpacked(Path.ChangeExtension(file, ".y4m")));

        Assert.Equal(codec, source.CodecName);
        Assert.Equal(new VideoFormat(160, 90, bitDepth, chroma), source.Format);
        Assert.Equal(expected.Format, source.Format);
        Assert.Equal(24.0, source.FrameRate);
        Assert.False(source.IsConverted);
        Assert.Empty(source.Notes);
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), EncodedClips.ReadAll(source), file);
    }

    [Fact]
    public void Lossless_ffv1_decodes_to_its_source()
    {
        using var source = FfmpegSource.Open(EncodedClips.File("ref_160x90.mkv"));
        using var expected = new Y4mReader(EncodedClips.Unpacked("ref_160x90.y4m"));
        Assert.Equal(expected.Format, source.Format);
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), EncodedClips.ReadAll(source), "ffv1");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Thread_count_does_not_change_the_frames(int threads)
    {
        using var source = FfmpegSource.Open(EncodedClips.File("h264_420p8.mp4"), new FfmpegOptions { Threads = threads });
        using var expected = new Y4mReader(EncodedClips.Unpacked("h264_420p8.y4m"));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), EncodedClips.ReadAll(source), $"{threads} threads");
    }

    [Fact]
    public void Mp4_gives_its_frame_count_and_matroska_does_not()
    {
        using (var mp4 = FfmpegSource.Open(EncodedClips.File("h264_420p8.mp4")))
        {
            Assert.Equal(8, mp4.FrameCount);
            Assert.Equal("mov,mp4,m4a,3gp,3g2,mj2", mp4.ContainerName);
        }

        using var mkv = FfmpegSource.Open(EncodedClips.File("av1_420p8.mkv"));
        Assert.Null(mkv.FrameCount);
        Assert.Equal("matroska,webm", mkv.ContainerName);
    }

    [Theory]
    [InlineData("nv12_96x54.nut", "nv12", "nv12_96x54.as-yuv420p.y4m", "yuv420p", 8, ChromaFormat.Yuv420)]
    [InlineData("yuyv_96x54.nut", "yuyv422", "yuyv_96x54.as-yuv422p.y4m", "yuv422p", 8, ChromaFormat.Yuv422)]
    [InlineData("rgb_96x54.mkv", "bgr0", "rgb_96x54.as-yuv444p.y4m", "yuv444p", 8, ChromaFormat.Yuv444)]
    [InlineData("gbrp10_96x54.mkv", "gbrp10le", "gbrp10_96x54.as-yuv444p10.y4m", "yuv444p10le", 10, ChromaFormat.Yuv444)]
    public void Other_pixel_formats_become_the_nearest_planar_yuv_as_ffmpeg_converts_them(
        string file, string pixelFormat, string expectedFile, string planar, int bitDepth, ChromaFormat chroma)
    {
        using var source = FfmpegSource.Open(EncodedClips.File(file));
        using var expected = new Y4mReader(EncodedClips.Unpacked(expectedFile));

        Assert.Equal(pixelFormat, source.PixelFormatName);
        Assert.Equal(planar, source.NativeFormatName);
        Assert.True(source.IsConverted);
        Assert.Equal(new VideoFormat(96, 54, bitDepth, chroma), source.Format);
        string note = Assert.Single(source.Notes);
        Assert.Contains($"pixel format {pixelFormat} is not planar YUV; converted to {planar}", note);
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), EncodedClips.ReadAll(source), file);
    }

    [Fact]
    public void Output_format_scales_to_an_odd_size_as_ffmpegs_scale_filter()
    {
        var format = new VideoFormat(123, 71, 10, ChromaFormat.Yuv422);
        using var source = FfmpegSource.Open(EncodedClips.File("ffv1_422p10.mkv"), new FfmpegOptions { OutputFormat = format });
        Assert.Equal(format, source.Format);
        Assert.Equal(new VideoFormat(160, 90, 10, ChromaFormat.Yuv422), source.NativeFormat);

        var expected = EncodedClips.ReadRaw(EncodedClips.Unpacked("ffv1_422p10.scaled-123x71.yuv"), format);
        EncodedClips.AssertSameFrames(expected, EncodedClips.ReadAll(source).Take(expected.Count).ToList(), "123x71");
    }

    [Fact]
    public void A_mid_stream_size_change_is_scaled_as_ffmpeg_scales_it_when_scaling_is_on()
    {
        var format = new VideoFormat(160, 90, 8, ChromaFormat.Yuv420);
        using var source = FfmpegSource.Open(EncodedClips.File("size-change.ts"), new FfmpegOptions { OutputFormat = format });
        using var expected = new Y4mReader(EncodedClips.Unpacked("size-change.scaled-160x90.y4m"));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), EncodedClips.ReadAll(source), "size change");
    }

    [Fact]
    public void A_mid_stream_size_change_is_an_error_when_no_output_format_is_set()
    {
        string path = EncodedClips.File("size-change.ts");
        using var source = FfmpegSource.Open(path);
        var frame = new YuvFrame(source.Format);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(source.ReadFrame(frame));
        }

        var e = Assert.Throws<InputException>(() => source.ReadFrame(frame));
        Assert.Equal($"{path}: the frame size changes at frame 3 (160x90 to 128x72); frames are read at the first frame's size unless an output format with scaling is set", e.Message);
    }

    [Fact]
    public void A_size_change_found_after_a_seek_is_placed_by_the_frame_read_not_at_it()
    {
        // The change is at frame 3; a seek to frame 4 decodes from the keyframe at 3, so frame 4 is the first frame
        // seen at the new size, and the message must not claim the size changed at frame 4.
        string path = EncodedClips.File("size-change.ts");
        using var source = FfmpegSource.Open(path);
        Assert.Equal(4, source.SkipFrames(4));
        var e = Assert.Throws<InputException>(() => source.ReadFrame(new YuvFrame(source.Format)));
        Assert.Equal($"{path}: the frame size changes by frame 4 (160x90 to 128x72); frames are read at the first frame's size unless an output format with scaling is set", e.Message);
    }

    [Fact]
    public void Output_format_with_scaling_off_refuses_a_size_change()
    {
        var format = new VideoFormat(320, 180, 8, ChromaFormat.Yuv420);
        var e = Assert.Throws<InputException>(() => FfmpegSource.Open(
            EncodedClips.File("h264_420p8.mp4"), new FfmpegOptions { OutputFormat = format, Scale = VmafTiny.Decode.ScaleMode.None }));
        Assert.Contains("160x90", e.Message);
    }

    /// <summary>
    /// A display matrix turns the frames as FFmpeg's command line turns them by default (its autorotate: transpose,
    /// hflip, vflip), sample for sample: 8 and 10 bits, 4:2:0 and 4:2:2 (flips), quarter turns both ways, a flip alone
    /// and a transpose alone, the container's (mp4) or the stream's own (an H.264 display orientation SEI in Matroska). Before, the frames were scored as stored: a clip turned half a turn scored
    /// against FFmpeg's own decode of it gave a VMAF of about 4 instead of 99.
    /// </summary>
    [Theory]
    [InlineData("rot90_h264.mp4", "transpose=cclock", 90, 160, 8, ChromaFormat.Yuv420)]
    [InlineData("rot180_h264.mp4", "hflip,vflip", 160, 90, 8, ChromaFormat.Yuv420)]
    [InlineData("rot270_hevc10.mp4", "transpose=clock", 90, 160, 10, ChromaFormat.Yuv420)]
    [InlineData("rot180_h264_422p10.mp4", "hflip,vflip", 160, 90, 10, ChromaFormat.Yuv422)]
    [InlineData("hflip_h264.mp4", "hflip", 160, 90, 8, ChromaFormat.Yuv420)]
    [InlineData("vflip_h264.mp4", "vflip", 160, 90, 8, ChromaFormat.Yuv420)]
    [InlineData("transpose_h264.mp4", "transpose=cclock_flip", 90, 160, 8, ChromaFormat.Yuv420)]
    [InlineData("sei90_h264.mkv", "transpose=cclock", 90, 160, 8, ChromaFormat.Yuv420)]
    public void Frames_are_turned_as_the_display_matrix_says_as_ffmpeg_turns_them(
        string file, string filters, int width, int height, int bitDepth, ChromaFormat chroma)
    {
        using var source = FfmpegSource.Open(EncodedClips.File(file));
        using var expected = new Y4mReader(EncodedClips.Unpacked(Path.ChangeExtension(file, ".y4m")));
        Assert.True(source.IsOriented);
        Assert.Equal(new VideoFormat(width, height, bitDepth, chroma), source.Format);
        Assert.Equal(expected.Format, source.Format);
        Assert.Contains($"as FFmpeg's command line turns them ({filters}), to {width}x{height}", Assert.Single(source.Notes));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(expected), EncodedClips.ReadAll(source), file);

        // A seek decodes from a keyframe and turns the frames the same way.
        using var seeking = FfmpegSource.Open(EncodedClips.File(file));
        using var again = new Y4mReader(EncodedClips.Unpacked(Path.ChangeExtension(file, ".y4m")));
        Assert.Equal(5, seeking.SkipFrames(5));
        var frame = new YuvFrame(seeking.Format);
        var afterSeek = new List<byte[]>();
        while (seeking.ReadFrame(frame))
        {
            afterSeek.Add(frame.Data.ToArray());
        }

        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(again).Skip(5).ToList(), afterSeek, file + " from frame 5");
    }

    [Fact]
    public void Without_autorotate_the_frames_are_scored_as_stored_and_the_matrix_is_named()
    {
        using var source = FfmpegSource.Open(EncodedClips.File("rot90_h264.mp4"), new FfmpegOptions { AutoRotate = false });
        using var stored = new Y4mReader(EncodedClips.Unpacked("h264_420p8.y4m"));
        Assert.False(source.IsOriented);
        Assert.Equal(stored.Format, source.Format);
        Assert.Contains("its display matrix (transpose=cclock) is ignored", Assert.Single(source.Notes));
        EncodedClips.AssertSameFrames(EncodedClips.ReadAll(stored), EncodedClips.ReadAll(source), "rot90 as stored");

        using var odd = FfmpegSource.Open(EncodedClips.File("rot45_h264.mp4"), new FfmpegOptions { AutoRotate = false });
        Assert.Contains("its display matrix (a turn of 45 degrees) is ignored", Assert.Single(odd.Notes));
    }

    /// <summary>What cannot be turned sample for sample is refused in one line, never scored unturned.</summary>
    [Theory]
    [InlineData("rot45_h264.mp4", "its display matrix turns it by 45 degrees, not a quarter turn")]
    [InlineData("rot90_h264_422p10.mp4", "its display matrix (transpose=cclock) cannot be applied here: its chroma (yuv422p10le) is subsampled in one direction only")]
    public void A_display_matrix_that_cannot_be_applied_is_refused(string file, string problem)
    {
        string path = EncodedClips.File(file);
        var e = Assert.Throws<InputException>(() => FfmpegSource.Open(path));
        Assert.StartsWith($"{path}: {problem}", e.Message);
        Assert.EndsWith("or score the frames as stored (--no-autorotate)", e.Message);
    }
}
