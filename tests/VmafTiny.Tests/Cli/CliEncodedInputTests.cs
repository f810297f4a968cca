using System.Text.Json;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// `vmaf-tiny score ref.mkv dist.mp4` against the y4m path: decoding in process (and converting or scaling the
/// distorted video the way FFmpeg's CLI does) gives exactly the features and scores of the same frames in y4m.
/// </summary>
public class CliEncodedInputTests
{
    private static readonly string Encoded = Path.Combine(AppContext.BaseDirectory, "TestData", "encoded");

    [Theory]
    [InlineData("ref_160x90.mkv", "ref_160x90.y4m.gz", "h264_420p8.mp4", "h264_420p8.y4m.gz", "vmaf_v0.6.1")]
    [InlineData("ref_160x90.mkv", "ref_160x90.y4m.gz", "vp9_420p8.webm", "vp9_420p8.y4m.gz", "vmaf_v0.6.1")]
    [InlineData("ref_160x90.mkv", "ref_160x90.y4m.gz", "av1_420p8.mkv", "av1_420p8.y4m.gz", "vmaf_tiny_v2")]
    [InlineData("ref_160x90.mkv", "ref_160x90.y4m.gz", "hevc_420p10.mp4", "hevc_420p10.as-420p8.y4m.gz", "vmaf_v0.6.1")]
    [InlineData("ref_160x90.mkv", "ref_160x90.y4m.gz", "ffv1_422p10.mkv", "ffv1_422p10.as-420p8.y4m.gz", "vmaf_tiny_v2")]
    [InlineData("hevc_420p10.mp4", "hevc_420p10.y4m.gz", "hevc_420p10.mp4", "hevc_420p10.y4m.gz", "vmaf_v0.6.1")]
    [InlineData("ref_320x180.mkv", null, "h264_420p8.mp4", "h264_420p8.scaled-320x180.y4m.gz", "vmaf_v0.6.1")]
    public void Encoded_pair_scores_like_the_same_frames_in_y4m(string reference, string? referenceY4m, string distorted, string distortedY4m, string model)
    {
        // No y4m for the 320x180 reference: it is lossless FFV1, so both sides decode it; what differs is the
        // distorted video, scaled in process versus FFmpeg's scale filter.
        string refY4m = referenceY4m is null ? Path.Combine(Encoded, reference) : Unpacked(referenceY4m);
        var encoded = Frames(Score(Path.Combine(Encoded, reference), Path.Combine(Encoded, distorted), model), out var notes);
        var y4m = Frames(Score(refY4m, Unpacked(distortedY4m), model), out _);
        Assert.NotEmpty(y4m);
        Assert.Equal(y4m, encoded);
        if (distortedY4m.Contains(".as-") || distortedY4m.Contains(".scaled-"))
        {
            Assert.Single(notes);   // the log records the conversion or scaling
        }
    }

    /// <summary>
    /// A distorted video with a display matrix scores like FFmpeg's own decode of it (turned), noted in the log;
    /// <c>--no-autorotate</c> scores its frames as stored, like the unturned clip.
    /// </summary>
    [Fact]
    public void A_turned_distorted_video_scores_as_ffmpeg_turns_it_and_as_stored_with_no_autorotate()
    {
        string reference = Unpacked("rot180_h264.y4m.gz");
        var turned = Frames(Score(reference, Path.Combine(Encoded, "rot180_h264.mp4"), "vmaf_v0.6.1"), out var notes);
        Assert.Equal(Frames(Score(reference, Unpacked("rot180_h264.y4m.gz"), "vmaf_v0.6.1"), out _), turned);
        Assert.Contains(notes, n => n.Contains("(hflip,vflip)", StringComparison.Ordinal));

        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-enc-{Guid.NewGuid():N}.json");
        string plain = Unpacked("h264_420p8.y4m.gz");
        var r = CliRunner.Run("score", plain, Path.Combine(Encoded, "rot180_h264.mp4"), "--no-autorotate", "-m", "vmaf_v0.6.1", "--precision", "max", "-q", "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var stored = Frames(JsonDocument.Parse(File.ReadAllBytes(output)), out var storedNotes);
        File.Delete(output);
        Assert.Equal(Frames(Score(plain, plain, "vmaf_v0.6.1"), out _), stored);
        Assert.Contains(storedNotes, n => n.Contains("its display matrix (hflip,vflip) is ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Scale_none_refuses_a_smaller_distorted_video()
    {
        var r = CliRunner.Run("score", Path.Combine(Encoded, "ref_320x180.mkv"), Path.Combine(Encoded, "h264_420p8.mp4"), "--scale", "none");
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.ErrorLines);
        Assert.Contains("h264_420p8.mp4", r.ErrorLines[0]);
        Assert.Contains("scaling is off (--scale none)", r.ErrorLines[0]);
    }

    [Theory]
    [InlineData("not-video.txt", "not a video file")]
    [InlineData("audio-only.wav", "no video stream")]
    [InlineData("corrupt-frame5.mp4", "corrupt data at frame 5")]
    public void Broken_encoded_input_is_one_line_naming_the_file(string file, string problem)
    {
        string path = Path.Combine(Encoded, file);
        var r = CliRunner.Run("score", path, path, "-o", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json"));
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.ErrorLines);
        Assert.StartsWith($"vmaf-tiny: {path}: ", r.ErrorLines[0]);
        Assert.Contains(problem, r.ErrorLines[0]);
        Assert.Equal(string.Empty, r.Stdout);
    }

    private static string[] Frames(JsonDocument log, out string[] notes)
    {
        notes = log.RootElement.TryGetProperty("notes", out var n) ? n.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        return log.RootElement.GetProperty("frames").EnumerateArray().Select(f => f.GetRawText()).ToArray();
    }

    private static JsonDocument Score(string reference, string distorted, string model)
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-enc-{Guid.NewGuid():N}.json");
        var r = CliRunner.Run("score", reference, distorted, "--model", model, "--precision", "max", "-q", "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string Unpacked(string gz) => TestDataFiles.Unpacked(Path.Combine(Encoded, gz), "encoded");
}
