using VmafTiny.Features;
using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Decode.Ffmpeg;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// Input that used to pass silently, and sizes that used to grow memory without bound (issue 10, items 3 and 9).
/// </summary>
public sealed class CliInputChecksTests : IDisposable
{
    private static readonly VideoFormat Small = new(64, 48, 8, ChromaFormat.Yuv420);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData('t', "It")]
    [InlineData('b', "Ib")]
    [InlineData('m', "Im")]
    public void Interlaced_y4m_is_refused_as_libvmaf_refuses_it(char tag, string shown)
    {
        string path = _dir.File("i.y4m");
        TestVideo.WriteY4m(path, $"W64 H48 F25:1 I{tag} C420jpeg", [TestVideo.FrameBytes(Small, 0), TestVideo.FrameBytes(Small, 1)]);
        var r = CliRunner.Run("features", path, Video("d.y4m"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {path}: is interlaced ({shown}); vmaf, like libvmaf, scores progressive frames only: deinterlace it first (e.g. ffmpeg -vf bwdif)"], r.ErrorLines);
    }

    [Fact]
    public void Unknown_interlacing_is_assumed_progressive_with_a_note()
    {
        string path = _dir.File("q.y4m");
        TestVideo.WriteY4m(path, "W64 H48 F25:1 I? C420jpeg", [TestVideo.FrameBytes(Small, 0), TestVideo.FrameBytes(Small, 1)]);
        var r = CliRunner.Run("features", path, path);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"vmaf-tiny: {path}: interlacing unknown (I?); assumed progressive, as libvmaf assumes", r.ErrorLines);
    }

    [Fact]
    public void A_second_video_stream_is_noted()
    {
        string path = EncodedClips.File("two-video-streams.mkv");
        var r = CliRunner.Run("features", EncodedClips.File("ref_160x90.mkv"), path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"vmaf-tiny: {path}: has 2 video streams; scoring stream #0 (ffv1, 160x90), the one FFmpeg's command line maps by default, and ignoring the others", r.ErrorLines);
    }

    [Theory]
    [InlineData("two-video-streams-larger-second.mkv", 160, 90)]    // 96x54 then 160x90, neither default: the larger
    [InlineData("two-video-streams-default-second.mkv", 96, 54)]    // 160x90 then a default 96x54: the default one
    public void Of_several_video_streams_the_one_ffmpeg_maps_by_default_is_scored(string file, int width, int height)
    {
        // libvmaf users score what `ffmpeg -i X` decodes: FFmpeg's command line maps stream #1 of both files (its
        // "video: highest resolution" rule), where vmaf-tiny scored the first decodable stream, #0.
        string path = EncodedClips.File(file);
        using var source = VmafTiny.Decode.Ffmpeg.FfmpegSource.Open(path);
        Assert.Equal((width, height), (source.Format.Width, source.Format.Height));
        Assert.Equal(
            $"{path}: has 2 video streams; scoring stream #1 (h264, {width}x{height}), the one FFmpeg's command line maps by default, and ignoring the others",
            Assert.Single(source.Notes));
        Assert.Equal(2, EncodedClips.ReadAll(source).Count);
    }

    [Fact]
    public void When_the_stream_ffmpeg_maps_has_no_decoder_no_other_stream_is_scored()
    {
        // Stream #0 (160x90, the one `ffmpeg -i X` maps) is in a codec no decoder knows; #1 (96x54) decodes. FFmpeg fails
        // ("Decoder (codec none) not found for input stream #0:0"), where vmaf-tiny scored #1 under a note calling it
        // the stream FFmpeg maps.
        string path = EncodedClips.File("undecodable-main-stream.mkv");
        var r = CliRunner.Run("score", path, path);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            [$"vmaf-tiny: {path}: unsupported codec unknown (fourcc VTZZ) in video stream #0 (160x90), the one FFmpeg's command line maps by default"],
            r.ErrorLines);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void An_interlaced_encoded_stream_is_noted()
    {
        string path = EncodedClips.File("interlaced-tt.mkv");
        var r = CliRunner.Run("features", path, path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(r.ErrorLines, l => l.StartsWith($"vmaf-tiny: {path}: interlaced (top field first); frames are scored as decoded", StringComparison.Ordinal));
    }

    [Fact]
    public void Samples_above_the_declared_bit_depth_keep_their_numbers_and_warn()
    {
        var format = new VideoFormat(64, 48, 10, ChromaFormat.Yuv420);
        string reference = _dir.File("r10.y4m");
        TestVideo.WriteY4m(reference, format, 3);
        byte[] frame = new byte[format.FrameBytes];
        for (int i = 0; i < frame.Length / 2; i++)
        {
            ushort v = (ushort)((i * 37) % 4096);   // 12-bit values in a file that says 10
            frame[2 * i] = (byte)v;
            frame[(2 * i) + 1] = (byte)(v >> 8);
        }

        string distorted = _dir.File("d10.y4m");
        TestVideo.WriteY4m(distorted, "W64 H48 F25:1 Ip C420p10", [frame, frame, frame]);
        var r = CliRunner.Run("features", reference, distorted);
        Assert.Equal(0, r.ExitCode);
        string warning = Assert.Single(r.ErrorLines, l => l.Contains("warning", StringComparison.Ordinal));
        Assert.Equal($"vmaf-tiny: warning: {distorted}: frame 0 has luma samples up to 4095, above the 10-bit range (0..1023); scored as they are, as libvmaf does, but the numbers may mean little", warning);
        Assert.Contains("integer_vif_scale0: ", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("W40000 H40000", "frame size 40000x40000 is above vmaf-tiny's limit of 16384x16384")]
    [InlineData("W16385 H64", "frame size 16385x64 is above vmaf-tiny's limit of 16384x16384")]
    [InlineData("W99999999999 H64", "bad width '99999999999'")]
    public void A_hostile_frame_size_is_one_line_naming_the_file(string size, string problem)
    {
        string path = _dir.File("big.y4m");
        File.WriteAllText(path, $"YUV4MPEG2 {size} F25:1 C420jpeg\nFRAME\n");
        var r = CliRunner.Run("features", path, path);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {path}: bad y4m header: {problem}"], r.ErrorLines);
    }

    [Fact]
    public void Threads_are_capped_at_four_per_core_with_a_note()
    {
        int cap = Environment.ProcessorCount * 4;
        Assert.Equal(cap, new FeatureOptions { Threads = 100_000 }.EffectiveThreads);
        var r = CliRunner.Run("features", Video("r.y4m"), Video("d.y4m"), "--threads", "100000");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"vmaf-tiny: threads: 100000 asked for, clamped to {cap} (at most 4 per core: more cannot run at once, and each costs memory)", r.ErrorLines);
        Assert.Contains(r.ErrorLines, l => l.Contains($", {cap} threads,", StringComparison.Ordinal));
    }

    private string Video(string name)
    {
        string path = _dir.File(name);
        if (!File.Exists(path))
        {
            TestVideo.WriteY4m(path, Small, 3);
        }

        return path;
    }
}
