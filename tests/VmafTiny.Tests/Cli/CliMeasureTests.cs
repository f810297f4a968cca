using System.Text.Json;
using VmafTiny.Decode.Y4m;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

public class CliMeasureTests
{
    private const string Clip = "g10_blurnoise_420p12_160x90";

    [Fact]
    public void Features_command_writes_the_six_features_and_no_score()
    {
        string output = TempFile(".json");
        var r = CliRunner.Run("features", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "-o", output, "--precision", "max", "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var log = JsonDocument.Parse(File.ReadAllBytes(output));
        var metrics = log.RootElement.GetProperty("frames")[0].GetProperty("metrics");
        Assert.Equal(
            ["integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2"],
            metrics.EnumerateObject().Select(p => p.Name));
        Assert.Equal(GoldenClips.Frames(Clip)[0]["integer_adm2"], metrics.GetProperty("integer_adm2").GetDouble());

        // stdout ends with the pooled features.
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("integer_adm2: ", lines[0]);
    }

    [Fact]
    public void Raw_yuv_input_scores_like_the_same_frames_in_y4m()
    {
        string refRaw = TempFile(".yuv"), distRaw = TempFile(".yuv");
        WriteRaw(GoldenClips.ReferencePath(Clip), refRaw);
        WriteRaw(GoldenClips.DistortedPath(Clip), distRaw);
        var y4m = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--model", "vmaf_v0.6.1", "-q");
        var raw = CliRunner.Run("score", refRaw, distRaw, "--model", "vmaf_v0.6.1", "-q",
            "--width", "160", "--height", "90", "--pixel-format", "420", "--bitdepth", "12");
        Assert.True(raw.ExitCode == 0, raw.Stderr);
        Assert.Equal(y4m.Stdout, raw.Stdout);
        Assert.Equal($"vmaf_v0.6.1: {GoldenClips.Pooled(Clip)["vmaf"]["mean"].ToString("F6", System.Globalization.CultureInfo.InvariantCulture)}\n", y4m.Stdout);
    }

    [Theory]
    [InlineData("xml", "<VMAF version=")]
    [InlineData("csv", "Frame,integer_adm2,")]
    [InlineData("json", "{\n  \"version\": ")]
    public void Log_format_follows_the_option_or_the_extension(string format, string start)
    {
        string byOption = TempFile(".log"), byExtension = TempFile("." + format);
        var a = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--model", "vmaf_v0.6.1", "-q", "-o", byOption, "--format", format);
        var b = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--model", "vmaf_v0.6.1", "-q", "-o", byExtension);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        Assert.StartsWith(start, File.ReadAllText(byOption));
        Assert.StartsWith(start, File.ReadAllText(byExtension));
    }

    [Fact]
    public void Failed_run_leaves_no_log_behind()
    {
        string output = TempFile(".json");
        string truncated = TempFile(".y4m");
        byte[] bytes = File.ReadAllBytes(GoldenClips.DistortedPath(Clip));
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 100)]);
        var r = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), truncated, "--model", "vmaf_v0.6.1", "-o", output);
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.ErrorLines);
        Assert.Contains("is truncated", r.ErrorLines[0]);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}*"));
    }

    [Fact]
    public void Log_into_a_missing_folder_is_one_clear_line()
    {
        var r = CliRunner.Run("features", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "-o", "/nonexistent-dir/log.json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(["vmaf-tiny: /nonexistent-dir/log.json: cannot write the log: the folder /nonexistent-dir does not exist"], r.ErrorLines.Where(l => !l.Contains(" frames of ")));
    }

    [Fact]
    public void Frame_count_and_skip_select_the_frames_libvmaf_would()
    {
        const string name = "g01_pan_420p8_320x180";
        string output = TempFile(".json");
        var r = CliRunner.Run("features", GoldenClips.ReferencePath(name), GoldenClips.ReferencePath(name), "-q", "-o", output,
            "--precision", "max", "--frame-skip-ref", "2", "--frame-skip-dist", "2", "--frame-count", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var log = JsonDocument.Parse(File.ReadAllBytes(output));
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2], frames.Select(f => f.GetProperty("frameNum").GetInt32()));

        // Identical inputs: motion2 of the first scored frame is 0, the last keeps its own SAD.
        Assert.Equal(0.0, frames[0].GetProperty("metrics").GetProperty("integer_motion2").GetDouble());
        Assert.True(frames[2].GetProperty("metrics").GetProperty("integer_motion2").GetDouble() > 0);
    }

    private static void WriteRaw(string y4m, string raw)
    {
        using var reader = new Y4mReader(y4m);
        using var output = File.Create(raw);
        var frame = new YuvFrame(reader.Format);
        while (reader.ReadFrame(frame))
        {
            output.Write(frame.Data);
        }
    }

    private static string TempFile(string extension)
    {
        string dir = Path.Combine(Path.GetTempPath(), "vmaf-tiny-cli-tests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"{Guid.NewGuid():N}{extension}");
    }
}
