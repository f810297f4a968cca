using System.Globalization;
using System.Text.Json;
using VmafTiny.Score;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary><c>--pool</c>: the pooled lines on stdout, and extra pooled entries in the log only when asked.</summary>
public sealed class CliPoolTests
{
    private const string Clip = "g10_blurnoise_420p12_160x90";

    [Fact]
    public void Pool_prints_each_method_and_adds_the_new_ones_to_the_log()
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-pool-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run("score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--model", "vmaf_v0.6.1",
                "-q", "--precision", "max", "-o", output, "--pool", "median,p5", "--pool", "mean");
            Assert.True(r.ExitCode == 0, r.Stderr);

            // libvmaf's per-frame scores, pooled by hand (numpy's linear percentile).
            double[] vmaf = GoldenClips.Frames(Clip).Select(f => f["vmaf"]).ToArray();
            double[] sorted = vmaf.Order().ToArray();
            double h = (sorted.Length - 1) * 0.05;
            int i = (int)h;
            double p5 = sorted[i] + ((sorted[i + 1] - sorted[i]) * (h - i));
            double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
            string F(double v) => v.ToString("F6", CultureInfo.InvariantCulture);
            Assert.Equal($"vmaf_v0.6.1 median: {F(median)}\nvmaf_v0.6.1 p5: {F(p5)}\nvmaf_v0.6.1: {F(GoldenClips.Pooled(Clip)["vmaf"]["mean"])}\n", r.Stdout);

            using var log = JsonDocument.Parse(File.ReadAllBytes(output));
            var pooled = log.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf");
            Assert.Equal(["min", "max", "mean", "harmonic_mean", "median", "p5"], pooled.EnumerateObject().Select(p => p.Name));
            Assert.Equal(Pooling.Percentile(sorted, 50), pooled.GetProperty("median").GetDouble());
            Assert.Equal(median, pooled.GetProperty("median").GetDouble(), 12);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Bad_pool_method_is_a_usage_error()
    {
        var r = CliRunner.Run("score", "a.y4m", "b.y4m", "--pool", "mean,p200");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'p200' is not a pool method", r.Stderr);
    }
}
