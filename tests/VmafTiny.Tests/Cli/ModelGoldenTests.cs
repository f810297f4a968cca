using System.Text.Json;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// libvmaf's other integer models end to end against libvmaf 3.2.0's %.17g logs: every golden clip, every frame's
/// features and score and every pooled value the same double (at whatever CPU path the run has: the suite runs
/// again with AVX-512 and then all SIMD off).
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class ModelGoldenTests
{
    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Vmaf_4k_matches_libvmaf(string clip) => AssertMatches(clip, "4k", "vmaf_4k_v0.6.1");

    /// <summary>
    /// NEG: ADM and VIF with both enhancement-gain limits 1 (integer_adm2_egl_1, integer_vif_scale0..3_egl_1), motion2
    /// and the score, every frame and every pooled value libvmaf's double.
    /// </summary>
    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Vmaf_neg_matches_libvmaf(string clip) => AssertMatches(clip, "neg", "vmaf_v0.6.1neg");

    [Fact]
    public void Several_models_score_in_one_run_each_under_its_name()
    {
        const string clip = "g09_scenecut_420p8_320x180";
        using JsonDocument log = Score(clip, "-m", "vmaf_v0.6.1", "-m", "version=vmaf_4k_v0.6.1:name=vmaf_4k");
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        var v061 = GoldenClips.Frames(clip);
        var fourK = GoldenClips.Frames(clip, "4k");
        for (int i = 0; i < frames.Length; i++)
        {
            var metrics = frames[i].GetProperty("metrics");
            Assert.Equal(v061[i]["vmaf"], metrics.GetProperty("vmaf").GetDouble());
            Assert.Equal(fourK[i]["vmaf"], metrics.GetProperty("vmaf_4k").GetDouble());
            Assert.Equal(["integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2", "vmaf", "vmaf_4k"],
                metrics.EnumerateObject().Select(m => m.Name));
        }

        Assert.Equal(GoldenClips.Pooled(clip, "4k")["vmaf"]["mean"], log.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf_4k").GetProperty("mean").GetDouble());
    }

    [Fact]
    public void Two_models_with_the_same_name_are_refused_before_any_work()
    {
        const string clip = "g10_blurnoise_420p12_160x90";
        var r = CliRunner.Run("score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "-m", "vmaf_v0.6.1", "-m", "vmaf_4k_v0.6.1");
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.ErrorLines);
        Assert.Contains("would all be named 'vmaf' in the log", r.ErrorLines[0]);
    }

    internal static void AssertMatches(string clip, string variant, string model)
    {
        using JsonDocument log = Score(clip, "-m", model);
        var expected = GoldenClips.Frames(clip, variant);
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(expected.Count, frames.Length);
        Assert.Equal(6 + 1, frames[0].GetProperty("metrics").EnumerateObject().Count()); // the model's six features and its score
        for (int i = 0; i < frames.Length; i++)
        {
            foreach (JsonProperty metric in frames[i].GetProperty("metrics").EnumerateObject())
            {
                double want = expected[i][metric.Name];
                Assert.True(want == metric.Value.GetDouble(), $"{clip} {model} frame {i} {metric.Name}: libvmaf {want:R}, vmaf-tiny {metric.Value.GetDouble():R}");
            }
        }

        var pooled = GoldenClips.Pooled(clip, variant);
        foreach (JsonProperty metric in log.RootElement.GetProperty("pooled_metrics").EnumerateObject())
        {
            foreach (JsonProperty stat in metric.Value.EnumerateObject())
            {
                Assert.Equal(pooled[metric.Name][stat.Name], stat.Value.GetDouble());
            }
        }
    }

    private static JsonDocument Score(string clip, params string[] extra)
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-models-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run(
                ["score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--precision", "max", "--threads", "2",
                 "-o", output, "-q", .. extra]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            return JsonDocument.Parse(File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
