using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Svm;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Score.Models;

/// <summary>
/// libvmaf's built-in integer models (vmaf_v0.6.1neg, vmaf_4k_v0.6.1, ...) predict libvmaf's scores from libvmaf's
/// own features: the model side of NEG and 4K, bit for bit, independent of the extractors.
/// </summary>
public class BuiltInModelTests
{
    public static IEnumerable<object[]> ClipsAndModels =>
        GoldenClips.Names.SelectMany(n => new[] { new object[] { n, "4k", "vmaf_4k_v0.6.1" }, new object[] { n, "neg", "vmaf_v0.6.1neg" } });

    [Theory]
    [MemberData(nameof(ClipsAndModels))]
    public void Builtin_model_reproduces_libvmafs_scores_from_libvmafs_features(string clip, string variant, string model)
    {
        using ScoringModel loaded = ModelCatalog.Load(ModelSpec.Parse("version=" + model));
        var frames = GoldenClips.Frames(clip, variant);
        double Six(IReadOnlyDictionary<string, double> m, string key) => m.TryGetValue(key, out double v) ? v : double.NaN;
        var features = frames.Select((m, i) => new FrameFeatures(
            i, Six(m, "integer_adm2"), Six(m, "integer_vif_scale0"), Six(m, "integer_vif_scale1"), Six(m, "integer_vif_scale2"),
            Six(m, "integer_vif_scale3"), m["integer_motion2"])
        {
            // The rest by libvmaf's key (NEG's integer_adm2_egl_1, ...): the scorer finds each input by the key its options give.
            Extra = m.Where(p => Array.IndexOf(FrameFeatures.LogKeys, p.Key) < 0).ToDictionary(p => p.Key, p => p.Value),
        }).ToArray();
        var scores = new double[features.Length];
        loaded.Scorer.Score(features, scores);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i]["vmaf"], scores[i]);
        }

        Assert.Equal("vmaf", loaded.Name);
        Assert.Equal(model, loaded.Label);
    }

    [Fact]
    public void Neg_asks_for_adm_and_vif_with_enhancement_gain_limit_1()
    {
        var neg = VmafSvmModel.BuiltIn("vmaf_v0.6.1neg");
        Assert.Equal(
            ["integer_adm2_egl_1", "integer_motion2", "integer_vif_scale0_egl_1", "integer_vif_scale1_egl_1", "integer_vif_scale2_egl_1", "integer_vif_scale3_egl_1"],
            neg.Features.Select(f => f.Key));
        Assert.Equal(["adm_egl_1", "motion", "vif_egl_1"], neg.Extractors.Select(e => e.Identity));

        // Its file carries a score transform without "enabled": libvmaf applies it only with enable_transform.
        Assert.Null(neg.Transform);
        Assert.NotNull(VmafSvmModel.BuiltIn("vmaf_v0.6.1neg", ModelFlags.EnableTransform).Transform);
    }

    [Fact]
    public void Overloads_change_the_features_a_model_reads()
    {
        using ScoringModel model = ModelCatalog.Load(ModelSpec.Parse("version=vmaf_v0.6.1:vif.vif_enhn_gain_limit=1.0"));
        Assert.Equal(["adm", "motion", "vif_egl_1"], model.Scorer.Extractors.Select(e => e.Identity));
        var e = Assert.Throws<VmafTinyException>(() => ModelCatalog.Load(ModelSpec.Parse("version=vmaf_v0.6.1:ssim.x=1")));
        Assert.Contains("has no feature from extractor 'ssim'", e.Message);
    }

    [Fact]
    public void Disable_clip_lets_scores_leave_0_100()
    {
        var clipped = VmafSvmModel.BuiltIn();
        var free = VmafSvmModel.BuiltIn(flags: ModelFlags.DisableClip);
        double[] high = [1.2, 1.0, 1.0, 1.0, 1.0, 20.0];
        Assert.Equal(100.0, clipped.Predict(high));
        Assert.True(free.Predict(high) > 100);
    }

    [Theory]
    [InlineData("vmaf_b_v0.6.3", "bootstrap model collection")]
    [InlineData("vmaf_float_v0.6.1", "needs libvmaf's float ADM, VIF and motion features")]
    [InlineData("vmaf_4k", "unknown model 'vmaf_4k'")]
    public void Models_vmaf_tiny_cannot_compute_are_refused_in_one_line(string version, string expected)
    {
        var e = Assert.Throws<VmafTinyException>(() => ModelCatalog.Load(ModelSpec.Parse("version=" + version)));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Pkl_models_are_refused_as_libvmaf_refuses_them()
    {
        var e = Assert.Throws<VmafTinyException>(() => ModelCatalog.Load(ModelSpec.Parse("path=model/vmaf_float_v0.6.1.pkl")));
        Assert.Contains(".pkl models are not supported", e.Message);
    }
}
