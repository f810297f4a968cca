using System.Text.Json;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// libvmaf's command line writes every output libvmaf writes: integer_aim, integer_adm3, integer_adm_scale0..3,
/// the motion SAD score and integer_motion3 besides the six features and the score, each frame's the same double
/// as libvmaf 3.2.0's C path (the golden %.17g logs hold them all), the keys in libvmaf's order, the pooled values
/// equal; at every CPU path (the suite runs again with AVX-512 and then all SIMD off).
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class LibvmafOutputsGoldenTests
{
    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Every_libvmaf_output_matches_libvmaf(string clip)
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-outputs-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run("-r", GoldenClips.ReferencePath(clip), "-d", GoldenClips.DistortedPath(clip), "--json", "--precision", "max", "--threads", "2", "-o", output, "-q");
            Assert.True(r.ExitCode == 0, r.Stderr);
            using var log = JsonDocument.Parse(File.ReadAllBytes(output));
            var expected = GoldenClips.Frames(clip);
            var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
            Assert.Equal(expected.Count, frames.Length);
            for (int i = 0; i < frames.Length; i++)
            {
                var metrics = frames[i].GetProperty("metrics").EnumerateObject().ToArray();
                Assert.Equal(expected[i].Keys, metrics.Select(m => m.Name));
                foreach (JsonProperty m in metrics)
                {
                    Assert.True(expected[i][m.Name] == m.Value.GetDouble(), $"{clip} frame {i} {m.Name}: libvmaf {expected[i][m.Name]:R}, vmaf-tiny {m.Value.GetDouble():R}");
                }
            }

            var pooled = GoldenClips.Pooled(clip);
            foreach (JsonProperty metric in log.RootElement.GetProperty("pooled_metrics").EnumerateObject())
            {
                foreach (JsonProperty stat in metric.Value.EnumerateObject())
                {
                    Assert.Equal(pooled[metric.Name][stat.Name], stat.Value.GetDouble());
                }
            }
        }
        finally
        {
            File.Delete(output);
        }
    }
}
