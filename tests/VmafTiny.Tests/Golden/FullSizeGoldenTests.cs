using System.Text.Json;
using VmafTiny.Features;
using VmafTiny.Tests.Cli;

namespace VmafTiny.Tests.Golden;

/// <summary>
/// The guards beyond the ten small clips, each scored by the whole tool at every kernel path, every feature, the
/// vmaf_v0.6.1 score and the pooled values equal to libvmaf 3.2.0's C path as exact doubles.
/// </summary>
/// <remarks>
/// <para>Full size (g11): three 1080p frames of the benchmark pair. Full-width rows run every SIMD main loop at its real
/// length (the small golden clips and the kernel harness cover tails and extremes), so a kernel rewrite that only
/// breaks at 1920 columns shows here.</para>
/// <para>Narrow (g12): eight frames of the demo pair scaled to 144x96, a width at which libvmaf's own AVX2 and AVX-512
/// ADM give other values than its C code (on this clip up to 0.009 in integer_adm2, 1.9 in the score; README,
/// Accuracy): every ADM scale is only a few registers wide, so the SIMD paths' row tails carry most of each row.</para>
/// </remarks>
[Trait("Category", TestCategories.Isa)]
public class FullSizeGoldenTests
{
    /// <summary>The 1080p golden pair (frames 0-2 of the benchmark pair, 8-bit 4:2:0).</summary>
    public const string Name = "g11_pan_420p8_1920x1080";

    /// <summary>The narrow golden pair (frames 0-7 of samples/ref.mp4 and dist.mp4, bicubic to 144x96, 8-bit 4:2:0).</summary>
    public const string Narrow = "g12_narrow_420p8_144x96";

    private static readonly string[] FeatureKeys =
    [
        "integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2",
    ];

    /// <summary>Both clips with every explicit path and Auto.</summary>
    public static IEnumerable<object[]> ClipsAndPaths =>
        from clip in new[] { (Name, 3), (Narrow, 8) }
        from path in new[] { CpuPath.Auto, CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }
        select new object[] { clip.Item1, clip.Item2, path };

    [SkippableTheory]
    [MemberData(nameof(ClipsAndPaths))]
    public void Every_feature_and_score_equals_libvmaf(string clip, int frameCount, CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        using JsonDocument log = Score(clip, path);
        var expected = GoldenClips.Frames(clip);
        var frames = log.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(frameCount, expected.Count);
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
        var expectedPooled = GoldenClips.Pooled(clip);
        foreach (string key in FeatureKeys.Append("vmaf"))
        {
            foreach (string stat in new[] { "min", "max", "mean", "harmonic_mean" })
            {
                double actual = pooled.GetProperty(key).GetProperty(stat).GetDouble();
                Assert.True(expectedPooled[key][stat] == actual, $"{path} pooled {key} {stat}: libvmaf {expectedPooled[key][stat]:R}, vmaf-tiny {actual:R}");
            }
        }
    }

    private static JsonDocument Score(string clip, CpuPath path)
    {
        string output = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-{clip}-{Guid.NewGuid():N}.json");
        try
        {
            var r = CliRunner.Run(
                ["score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--model", "vmaf_v0.6.1",
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
