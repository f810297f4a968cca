using System.Text.Json;
using VmafTiny.Features;
using VmafTiny.Tests.Cli;

namespace VmafTiny.Tests.Golden;

/// <summary>
/// The full-size guard: three 1080p frames of the benchmark pair (g11), scored by the whole tool at every kernel
/// path, every feature, the vmaf_v0.6.1 score and the pooled values equal to libvmaf 3.2.0's C path as exact
/// doubles. Full-width rows run every SIMD main loop at its real length (the small golden clips and the kernel
/// harness cover tails and extremes), so a kernel rewrite that only breaks at 1920 columns shows here.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class FullSizeGoldenTests
{
    /// <summary>The 1080p golden pair (frames 0-2 of the benchmark pair, 8-bit 4:2:0).</summary>
    public const string Name = "g11_pan_420p8_1920x1080";

    private static readonly string[] FeatureKeys =
    [
        "integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2",
    ];

    /// <summary>Every explicit path and Auto.</summary>
    public static IEnumerable<object[]> Paths =>
        new[] { CpuPath.Auto, CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }.Select(p => new object[] { p });

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void Every_feature_and_score_of_the_1080p_pair_equals_libvmaf(CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        using JsonDocument log = Score(path);
        var expected = GoldenClips.Frames(Name);
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected.Count, frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            JsonElement metrics = frames[i].GetProperty("metrics");
            foreach (string key in FeatureKeys.Append("vmaf"))
            {
                double actual = metrics.GetProperty(key).GetDouble();
                Assert.True(expected[i][key] == actual, $"{path} frame {i} {key}: libvmaf {expected[i][key]:R}, vmaf-tiny {actual:R}");
            }
        }

        var pooled = log.RootElement.GetProperty("pooled_metrics");
        var expectedPooled = GoldenClips.Pooled(Name);
        foreach (string key in FeatureKeys.Append("vmaf"))
        {
            foreach (string stat in new[] { "min", "max", "mean", "harmonic_mean" })
            {
                double actual = pooled.GetProperty(key).GetProperty(stat).GetDouble();
                Assert.True(expectedPooled[key][stat] == actual, $"{path} pooled {key} {stat}: libvmaf {expectedPooled[key][stat]:R}, vmaf-tiny {actual:R}");
            }
        }
    }

    private static JsonDocument Score(CpuPath path)
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-g11-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run(
                ["score", GoldenClips.ReferencePath(Name), GoldenClips.DistortedPath(Name), "--model", "vmaf_v0.6.1",
                 "--format", "json", "--precision", "max", "--threads", "1", "--cpu", CpuDispatch.Name(path),
                 "--output", output, "--quiet"]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            return JsonDocument.Parse(File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
