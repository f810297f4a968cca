using VmafTiny.Tests.Decode;

namespace VmafTiny.Tests.Cli;

/// <summary>Every bad-input case through the whole tool: one line on stderr naming the file, exit code 1, no log.</summary>
public sealed class CliBadInputTests : IDisposable
{
    private static readonly VideoFormat Small = new(64, 48, 8, ChromaFormat.Yuv420);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Unreadable_file() => AssertFails(_dir.FullPath, Good("d.y4m"), $"{_dir.FullPath}: is a directory");

    [Fact]
    public void Not_a_video_file()
    {
        string text = _dir.File("notes.y4m");
        File.WriteAllText(text, "hello, this is not video\n");
        AssertFails(text, Good("d.y4m"), $"{text}: not a video file");
    }

    [Theory]
    [InlineData("W64 H48 F25:1 C411", "unsupported colour space 'C411'")]
    [InlineData("W64 H48 F25:1 Cfoo", "unsupported colour space 'Cfoo'")]
    [InlineData("Wabc H48 F25:1", "bad width 'abc'")]
    [InlineData("H48 F25:1", "header has no width")]
    [InlineData("W64 H48 Z9", "unknown header tag 'Z9'")]
    public void Bad_y4m_header(string header, string problem)
    {
        string bad = _dir.File("bad.y4m");
        TestVideo.WriteY4m(bad, header, [TestVideo.FrameBytes(Small, 0)]);
        AssertFails(bad, Good("d.y4m"), $"{bad}: bad y4m header: {problem}");
    }

    [Fact]
    public void Truncated_last_frame_names_the_frame()
    {
        string truncated = Good("t.y4m", frames: 3);
        using (var f = File.OpenWrite(truncated))
        {
            f.SetLength(f.Length - 10);
        }

        AssertFails(Good("r.y4m", frames: 3), truncated, $"{truncated}: frame 2 is truncated");
    }

    [Fact]
    public void Raw_yuv_that_is_not_a_whole_number_of_frames()
    {
        string raw = _dir.File("r.yuv");
        TestVideo.WriteRaw(raw, Small, 2);
        File.AppendAllText(raw, "xyz");
        AssertFails(raw, raw, $"{raw}: ", "--width", "64", "--height", "48", "--pixel-format", "420", "--bitdepth", "8");
    }

    [Fact]
    public void Different_size_with_scaling_off_names_both_files()
    {
        string reference = Good("r.y4m");
        string distorted = _dir.File("d.y4m");
        TestVideo.WriteY4m(distorted, new VideoFormat(80, 48, 8, ChromaFormat.Yuv420), 2);
        AssertFails(reference, distorted, $"{distorted}: frame size 80x48 differs from the reference's 64x48 ({reference}) and scaling is off", "--scale", "none");
    }

    [Fact]
    public void Different_bit_depth_is_converted_to_the_reference_and_said_on_stderr()
    {
        // Issue 7 supersedes issue 2's refusal: the distorted frames are converted, as FFmpeg users expect.
        string reference = Good("r.y4m");
        string distorted = _dir.File("d.y4m");
        TestVideo.WriteY4m(distorted, new VideoFormat(64, 48, 10, ChromaFormat.Yuv420), 2);
        var r = CliRunner.Run("score", reference, distorted, "--model", "vmaf_v0.6.1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(r.ErrorLines, l => l.StartsWith($"vmaf-tiny: {distorted}: converted 4:2:0 10-bit to the reference's 4:2:0 8-bit", StringComparison.Ordinal));
    }

    [Fact]
    public void Frames_smaller_than_33x33_are_refused()
    {
        string tiny = _dir.File("tiny.y4m");
        TestVideo.WriteY4m(tiny, new VideoFormat(32, 40, 8, ChromaFormat.Yuv420), 2);
        AssertFails(tiny, tiny, $"{tiny}: frames of 32x40 are too small: vmaf needs at least 33x33");
    }

    [Fact]
    public void Different_frame_counts_score_the_common_frames_with_a_warning()
    {
        string output = _dir.File("log.json");
        var r = CliRunner.Run("score", Good("r.y4m", frames: 4), Good("d.y4m", frames: 3), "--model", "vmaf_v0.6.1", "-o", output);
        Assert.Equal(0, r.ExitCode);
        string warning = Assert.Single(r.ErrorLines, l => l.StartsWith("vmaf-tiny: warning: ", StringComparison.Ordinal));
        Assert.Contains("has 4 frames", warning);
        Assert.Contains("has 3 frames", warning);
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(output)).RootElement.GetProperty("frames").GetArrayLength());
    }

    private string Good(string name, int frames = 2)
    {
        string path = _dir.File(name);
        if (!File.Exists(path))
        {
            TestVideo.WriteY4m(path, Small, frames);
        }

        return path;
    }

    private void AssertFails(string reference, string distorted, string messageStart, params string[] extra)
    {
        string output = _dir.File("out.json");
        var r = CliRunner.Run(["score", reference, distorted, "--model", "vmaf_v0.6.1", "-o", output, .. extra]);
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.ErrorLines);
        Assert.True(line.StartsWith($"vmaf-tiny: {messageStart}", StringComparison.Ordinal), $"got: {line}");
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal(string.Empty, r.Stdout);
        Assert.False(File.Exists(output));
    }
}
