using System.Text.Json;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

public class CliModelTests
{
    private const string Clip = "g03_blur_444p8_256x144";
    private static readonly string Upstream = Path.Combine(AppContext.BaseDirectory, "TestData", "upstream");

    [Fact]
    public void Score_uses_vmaf_tiny_v2_by_default_and_keys_its_score_vmaf_as_libvmaf_does()
    {
        string output = Temp("default.json");
        var r = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"^vmaf_tiny_v2: \d+\.\d{6}\n$", r.Stdout);
        Assert.Contains("scored by vmaf_tiny_v2 (ONNX Runtime, CPUExecutionProvider)", r.Stderr);
        using var log = JsonDocument.Parse(File.ReadAllBytes(output));
        var metrics = log.RootElement.GetProperty("frames")[0].GetProperty("metrics");
        double score = metrics.GetProperty("vmaf").GetDouble();
        Assert.InRange(score, 0, 100);
        Assert.False(metrics.TryGetProperty("vmaf_tiny_v2", out _));

        // The tiny model tracks its teacher: within a few points of libvmaf's vmaf_v0.6.1 on this clip.
        double teacher = GoldenClips.Pooled(Clip)["vmaf"]["mean"];
        double mean = log.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("mean").GetDouble();
        Assert.InRange(mean, teacher - 5, teacher + 5);
    }

    [Fact]
    public void Onnx_model_path_loads_through_its_sidecar()
    {
        string dir = Temp("model");
        Directory.CreateDirectory(dir);
        foreach (string file in new[] { "vmaf_tiny_v2.onnx", "vmaf_tiny_v2.json" })
        {
            File.Copy(Path.Combine(Upstream, file), Path.Combine(dir, file));
        }

        var r = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--model", Path.Combine(dir, "vmaf_tiny_v2.onnx"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("vmaf_tiny_v2: ", r.Stdout);

        // One byte changed: refused before scoring, in one line.
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir, "vmaf_tiny_v2.onnx"));
        bytes[^10] ^= 1;
        File.WriteAllBytes(Path.Combine(dir, "vmaf_tiny_v2.onnx"), bytes);
        var tampered = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--model", Path.Combine(dir, "vmaf_tiny_v2.onnx"));
        Assert.Equal(1, tampered.ExitCode);
        Assert.Single(tampered.ErrorLines);
        Assert.Contains("sha256", tampered.ErrorLines[0]);
        Assert.Equal(string.Empty, tampered.Stdout);
    }

    [Fact]
    public void Unknown_model_name_is_one_line()
    {
        var r = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--model", "vmaf_4k");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(["vmaf-tiny: unknown model 'vmaf_4k': use vmaf_tiny_v2, vmaf_v0.6.1, vmaf_v0.6.1neg, vmaf_4k_v0.6.1, vmaf_4k_v0.6.1neg, a libvmaf model .json or an .onnx file"], r.ErrorLines);
    }

    private static string Temp(string name)
    {
        // The folder is created here: another test class creating it first is an ordering accident.
        string dir = Path.Combine(Path.GetTempPath(), "vmaf-tiny-cli-tests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"{Guid.NewGuid():N}-{name}");
    }
}
