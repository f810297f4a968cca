using VmafTiny.Features;
using VmafTiny.Score.Svm;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Score;

public class SvmScorerTests
{
    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Builtin_model_reproduces_libvmaf_scores_from_libvmaf_features(string name)
    {
        using var scorer = new SvmScorer(VmafSvmModel.BuiltIn());
        var frames = GoldenClips.Frames(name);
        var features = frames.Select((m, i) => new FrameFeatures(
            i, m["integer_adm2"], m["integer_vif_scale0"], m["integer_vif_scale1"], m["integer_vif_scale2"],
            m["integer_vif_scale3"], m["integer_motion2"])).ToArray();
        var scores = new double[features.Length];
        scorer.Score(features, scores);
        for (int i = 0; i < frames.Count; i++)
        {
            // Same features, same operation order: the same double as libvmaf.
            Assert.Equal(frames[i]["vmaf"], scores[i]);
        }

        Assert.Equal("vmaf", scorer.LogKey);
    }

    [Fact]
    public void Transform_is_applied_only_when_the_model_enables_it()
    {
        string json = BuiltInJson();
        var plain = VmafSvmModel.Parse(json, "m", "m.json");
        var enabled = VmafSvmModel.Parse(json.Replace("\"out_gte_in\"", "\"enabled\": true, \"out_gte_in\""), "m", "m.json");
        double[] f = [0.9, 0.6, 0.8, 0.85, 0.9, 4.0];
        Assert.Null(plain.Transform);
        Assert.NotNull(enabled.Transform);
        double y = plain.Predict(f);
        double p0 = 1.70674692, p1 = 1.72643844, p2 = -0.00705305;
        Assert.Equal(Math.Clamp(Math.Max(p0 + (p1 * y) + (p2 * y * y), y), 0, 100), enabled.Predict(f));
    }

    [Fact]
    public void Score_is_clipped_to_0_100()
    {
        var model = VmafSvmModel.BuiltIn();
        var unclipped = VmafSvmModel.Parse(BuiltInJson().Replace("\"score_clip\"", "\"no_clip\""), "m", "m.json");
        double[] low = [0.3, 0.1, 0.1, 0.1, 0.1, 0.0], high = [1.2, 1.0, 1.0, 1.0, 1.0, 20.0];
        Assert.True(unclipped.Predict(low) < 0, "the low input must fall below 0 unclipped");
        Assert.True(unclipped.Predict(high) > 100, "the high input must exceed 100 unclipped");
        Assert.Equal(0.0, model.Predict(low));
        Assert.Equal(100.0, model.Predict(high));
    }

    [Theory]
    [InlineData("\"LIBSVMNUSVR\"", "\"LIBLINEAR\"", "model_type 'LIBLINEAR' is not supported")]
    [InlineData("\"VMAF_integer_feature_adm2_score\"", "\"VMAF_feature_adm2_score\"", "feature 'VMAF_feature_adm2_score' needs libvmaf's float extractors")]
    [InlineData("\"VMAF_integer_feature_adm2_score\"", "\"VMAF_integer_feature_ssim\"", "feature 'VMAF_integer_feature_ssim' is not one vmaf-tiny computes")]
    [InlineData("\"LIBSVMNUSVR\"", "\"BOOTSTRAP_LIBSVMNUSVR\"", "is a bootstrap model")]
    [InlineData("\"model_type\"", "\"chroma_correction_parameter\": 1, \"model_type\"", "chroma_correction_parameter")]
    [InlineData("kernel_type rbf", "kernel_type linear", "kernel_type 'linear' is not supported")]
    public void Unusable_models_are_refused_with_a_clear_error(string from, string to, string expected)
    {
        string json = BuiltInJson();
        Assert.Contains(from, json);
        var e = Assert.Throws<VmafTinyException>(() => VmafSvmModel.Parse(json.Replace(from, to), "bad", "bad.json"));
        Assert.StartsWith("bad.json: not a usable libvmaf SVM model: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Missing_model_file_names_the_file()
    {
        var e = Assert.Throws<InputException>(() => VmafSvmModel.Load("/nonexistent/model.json"));
        Assert.Equal("/nonexistent/model.json: no such file", e.Message);
    }

    private static string BuiltInJson()
    {
        using var s = typeof(VmafSvmModel).Assembly.GetManifestResourceStream("VmafTiny.Score.Models.vmaf_v0.6.1.json")!;
        return new StreamReader(s).ReadToEnd();
    }
}
