using System.Text.Json;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// The whole tool against libvmaf 3.2.0: `vmaf-tiny score --model vmaf_v0.6.1 --format json --precision max`
/// on every golden pair: features, score and pooled values all compared as exact doubles (the issue allows
/// 1e-9 for the score; we match libvmaf to the last bit).
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class GoldenEndToEndTests
{
    private static readonly string[] FeatureKeys =
    [
        "integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2",
    ];

    public static IEnumerable<object[]> ClipsAndThreads =>
        GoldenClips.Names.SelectMany(n => new[] { new object[] { n, 1 }, new object[] { n, 2 } });

    [Theory]
    [MemberData(nameof(ClipsAndThreads))]
    public void Score_matches_libvmaf_on_every_frame(string name, int threads)
    {
        var log = Score(name, "--threads", threads.ToString());
        var expected = GoldenClips.Frames(name);
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(expected.Count, frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            Assert.Equal(i, frames[i].GetProperty("frameNum").GetInt32());
            AssertFrame(expected[i], frames[i].GetProperty("metrics"), $"{name} frame {i}");
        }

        // Pooled min, max, mean and harmonic mean of every feature and the score: libvmaf's doubles exactly.
        var pooled = log.RootElement.GetProperty("pooled_metrics");
        var expectedPooled = GoldenClips.Pooled(name);
        foreach (string key in FeatureKeys.Append("vmaf"))
        {
            foreach (string stat in new[] { "min", "max", "mean", "harmonic_mean" })
            {
                Assert.Equal(expectedPooled[key][stat], pooled.GetProperty(key).GetProperty(stat).GetDouble());
            }
        }
    }

    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Subsample_keeps_the_motion_of_the_frames_it_keeps(string name)
    {
        var log = Score(name, "--subsample", "3", "--threads", "2");
        var expected = GoldenClips.Frames(name);
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        int[] kept = Enumerable.Range(0, expected.Count).Where(i => i % 3 == 0).ToArray();
        Assert.Equal(kept, frames.Select(f => f.GetProperty("frameNum").GetInt32()));
        foreach (var (frame, index) in frames.Zip(kept))
        {
            AssertFrame(expected[index], frame.GetProperty("metrics"), $"{name} frame {index}");
        }

        double mean = log.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("mean").GetDouble();
        Assert.Equal(kept.Average(i => expected[i]["vmaf"]), mean);   // libvmaf pools by in-order sum / n, as Average does
    }

    private static void AssertFrame(IReadOnlyDictionary<string, double> expected, JsonElement metrics, string where)
    {
        foreach (string key in FeatureKeys)
        {
            double actual = metrics.GetProperty(key).GetDouble();
            Assert.True(expected[key] == actual, $"{where} {key}: libvmaf {expected[key]:R}, vmaf-tiny {actual:R}");
        }

        Assert.Equal(expected["vmaf"], metrics.GetProperty("vmaf").GetDouble());
    }

    private static JsonDocument Score(string name, params string[] extra)
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-e2e-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run(
                ["score", GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name), "--model", "vmaf_v0.6.1",
                 "--format", "json", "--precision", "max", "--output", output, "--quiet", .. extra]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            return JsonDocument.Parse(File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
