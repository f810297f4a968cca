using System.Text.Json;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// <c>--feature psnr</c> end to end, through libvmaf's command line and through <c>score</c>: every golden clip's log
/// equals libvmaf 3.2.0's %.17g log of the same command (<c>--feature psnr</c> with vmaf_v0.6.1; and
/// <c>-n --feature psnr=enable_apsnr=true:enable_mse=true</c>): the same keys in the same order, every per-frame,
/// pooled and aggregate value the same double; at every CPU path (the suite runs again with AVX-512 and then all
/// SIMD off).
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class PsnrCommandLineGoldenTests
{
    /// <summary>The clips libvmaf's APSNR/MSE run covers.</summary>
    public static IEnumerable<object[]> ApsnrClips => new[] { "g01_pan_420p8_320x180", "g02_zoom_420p10_352x288", "g04_noise_422p10_320x240" }.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Psnr_with_vmaf_equals_libvmafs_log(string clip) =>
        AssertSameLog(clip, "psnr", ["-m", "version=vmaf_v0.6.1", "--feature", "psnr"]);

    [Theory]
    [MemberData(nameof(ApsnrClips))]
    public void Psnr_with_mse_and_apsnr_equals_libvmafs_log(string clip) =>
        AssertSameLog(clip, "psnr-apsnr-mse", ["-n", "--feature", "psnr=enable_apsnr=true:enable_mse=true"]);

    /// <summary>
    /// vmaf-tiny's own <c>score</c> takes the same <c>--feature</c>: PSNR rides along the model's features, each value
    /// libvmaf's (vmaf-tiny's log leaves out libvmaf's extra outputs, AIM and the like, and orders PSNR last).
    /// </summary>
    [Fact]
    public void Score_takes_feature_psnr_with_libvmafs_values()
    {
        const string clip = "g04_noise_422p10_320x240";
        using JsonDocument log = Run(["score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "-m", "vmaf_v0.6.1",
            "--feature", "psnr=enable_apsnr=true:enable_mse=true", "--precision", "max", "-q"]);
        var psnr = GoldenClips.Frames(clip, "psnr-apsnr-mse");
        var vmaf = GoldenClips.Frames(clip, "psnr");
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(psnr.Count, frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            var metrics = frames[i].GetProperty("metrics").EnumerateObject().ToArray();
            Assert.Equal(
                ["integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3",
                 "psnr_y", "mse_y", "psnr_cb", "mse_cb", "psnr_cr", "mse_cr", "integer_motion2", "vmaf"],
                metrics.Select(m => m.Name));
            foreach (JsonProperty m in metrics)
            {
                double want = psnr[i].TryGetValue(m.Name, out double p) ? p : vmaf[i][m.Name];
                Assert.True(want == m.Value.GetDouble(), $"{clip} frame {i} {m.Name}: libvmaf {want:R}, vmaf-tiny {m.Value.GetDouble():R}");
            }
        }

        using var golden = JsonDocument.Parse(File.ReadAllBytes(GoldenClips.LogPath(clip, "psnr-apsnr-mse")));
        AssertSameObject(golden.RootElement.GetProperty("aggregate_metrics"), log.RootElement.GetProperty("aggregate_metrics"), $"{clip} aggregate");
    }

    /// <summary>The <c>features</c> command keeps its six features and adds PSNR's.</summary>
    [Fact]
    public void Features_adds_psnr_to_the_six()
    {
        const string clip = "g10_blurnoise_420p12_160x90";
        using JsonDocument log = Run(["features", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--feature", "psnr=enable_chroma=false", "--precision", "max", "-q"]);
        var expected = GoldenClips.Frames(clip, "psnr");
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        for (int i = 0; i < frames.Length; i++)
        {
            var metrics = frames[i].GetProperty("metrics");
            Assert.Equal(7, metrics.EnumerateObject().Count());
            Assert.Equal(expected[i]["psnr_y"], metrics.GetProperty("psnr_y").GetDouble());
            Assert.Equal(expected[i]["integer_vif_scale3"], metrics.GetProperty("integer_vif_scale3").GetDouble());
        }
    }

    /// <summary>
    /// libvmaf's command line with <paramref name="arguments"/> on <paramref name="clip"/> writes libvmaf's log
    /// <paramref name="variant"/>: frames, keys and their order, every value, the pooled and aggregate metrics.
    /// </summary>
    private static void AssertSameLog(string clip, string variant, string[] arguments)
    {
        using JsonDocument log = Run(["-r", GoldenClips.ReferencePath(clip), "-d", GoldenClips.DistortedPath(clip), "--threads", "2", "--json", "--precision", "max", "-q", .. arguments]);
        using var golden = JsonDocument.Parse(File.ReadAllBytes(GoldenClips.LogPath(clip, variant)));
        var want = golden.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        var got = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(want.Length, got.Length);
        for (int i = 0; i < want.Length; i++)
        {
            Assert.Equal(want[i].GetProperty("frameNum").GetInt32(), got[i].GetProperty("frameNum").GetInt32());
            AssertSameObject(want[i].GetProperty("metrics"), got[i].GetProperty("metrics"), $"{clip} frame {i}");
        }

        var wantPooled = golden.RootElement.GetProperty("pooled_metrics").EnumerateObject().ToArray();
        var gotPooled = log.RootElement.GetProperty("pooled_metrics").EnumerateObject().ToArray();
        Assert.Equal(wantPooled.Select(p => p.Name), gotPooled.Select(p => p.Name));
        for (int i = 0; i < wantPooled.Length; i++)
        {
            AssertSameObject(wantPooled[i].Value, gotPooled[i].Value, $"{clip} pooled {wantPooled[i].Name}");
        }

        AssertSameObject(golden.RootElement.GetProperty("aggregate_metrics"), log.RootElement.GetProperty("aggregate_metrics"), $"{clip} aggregate");
    }

    /// <summary>The same names in the same order, each the same double (or both null: a non-finite value).</summary>
    private static void AssertSameObject(JsonElement want, JsonElement got, string context)
    {
        var w = want.EnumerateObject().ToArray();
        var g = got.EnumerateObject().ToArray();
        Assert.Equal(w.Select(p => p.Name), g.Select(p => p.Name));
        for (int i = 0; i < w.Length; i++)
        {
            bool wantNull = w[i].Value.ValueKind == JsonValueKind.Null, gotNull = g[i].Value.ValueKind == JsonValueKind.Null;
            Assert.True(wantNull == gotNull, $"{context} {w[i].Name}: libvmaf {w[i].Value}, vmaf-tiny {g[i].Value}");
            if (!wantNull)
            {
                double a = w[i].Value.GetDouble(), b = g[i].Value.GetDouble();
                Assert.True(a == b, $"{context} {w[i].Name}: libvmaf {a:R}, vmaf-tiny {b:R}");
            }
        }
    }

    private static JsonDocument Run(string[] arguments)
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-psnr-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run([.. arguments, "-o", output]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            return JsonDocument.Parse(File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
