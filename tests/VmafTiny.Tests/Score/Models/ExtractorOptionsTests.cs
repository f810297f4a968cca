using VmafTiny.Features;

namespace VmafTiny.Tests.Score.Models;

/// <summary>libvmaf's extractor options and the output names they give (feature_name.c, alias.c).</summary>
public class ExtractorOptionsTests
{
    [Theory]
    [InlineData("1.0", "integer_adm2_egl_1")]
    [InlineData("1", "integer_adm2_egl_1")]
    [InlineData("1.5", "integer_adm2_egl_1.5")]
    [InlineData("100", "integer_adm2")]
    [InlineData("100.0", "integer_adm2")]
    [InlineData("1.23456789", "integer_adm2_egl_1.23457")]
    public void Enhancement_gain_limit_names_outputs_as_libvmaf_does(string value, string key)
    {
        ExtractorOptions adm = ExtractorOptions.Create("adm", [new("adm_enhn_gain_limit", value)]);
        Assert.Equal(key, adm.Key("VMAF_integer_feature_adm2_score"));
        ExtractorOptions vif = ExtractorOptions.Create("vif", [new("egl", value)]);
        Assert.Equal(key.Replace("adm2", "vif_scale2"), vif.Key("VMAF_integer_feature_vif_scale2_score"));
    }

    [Fact]
    public void Libvmafs_outputs_are_named_and_ordered_as_its_log()
    {
        var adm = new AdmOptions { EnhancementGainLimit = 1 };
        Assert.Equal(
            ["integer_adm2_egl_1", "integer_aim_egl_1", "integer_adm3_egl_1", "integer_adm_scale0_egl_1", "integer_adm_scale1_egl_1", "integer_adm_scale2_egl_1", "integer_adm_scale3_egl_1"],
            adm.FrameKeys(libvmafOutputs: true));
        Assert.Equal(["VMAF_integer_feature_motion_sad_score"], new MotionOptions().FrameKeys(true));
        Assert.Equal(["integer_motion2", "integer_motion3"], new MotionOptions().FlushKeys(true));
        Assert.Equal(["integer_motion2"], new MotionOptions().FlushKeys(false));
        Assert.Empty(new MotionOptions().FrameKeys(false));
    }

    [Fact]
    public void Options_that_do_not_change_values_leave_the_identity()
    {
        Assert.Equal("adm", ExtractorOptions.Create("adm", [new("adm_skip_aim", "true")]).Identity);
        Assert.Equal("adm_egl_1", ExtractorOptions.Create("adm", [new("egl", "1")]).Identity);
    }

    [Theory]
    [InlineData("adm", "adm_csf_mode", "0")]
    [InlineData("adm", "rdh", "1080")]
    [InlineData("adm", "adm_norm_view_dist", "3.0")]
    [InlineData("adm", "nw", "0.03125")]
    [InlineData("adm", "debug", "false")]
    [InlineData("vif", "ssclz", "false")]
    [InlineData("motion", "motion_force_zero", "false")]
    [InlineData("motion", "mbo", "40")]
    [InlineData("motion", "motion_max_val", "10000")]
    [InlineData("motion", "mma", "false")]
    public void Libvmafs_other_options_are_taken_at_their_defaults_and_change_nothing(string extractor, string option, string value)
    {
        ExtractorOptions plain = ExtractorOptions.Create(extractor, []);
        ExtractorOptions set = ExtractorOptions.Create(extractor, [new(option, value)]);
        Assert.Equal(plain, set);
        Assert.Equal(plain.Suffix, set.Suffix);
    }

    [Theory]
    [InlineData("adm", "adm_enhn_gain_limit", "0.5", "out of libvmaf's range 1..100")]
    [InlineData("adm", "adm_enhn_gain_limit", "abc", "not a number")]
    [InlineData("adm", "adm_csf_mode", "1", "adm option adm_csf_mode=1: vmaf-tiny computes libvmaf's integer adm with adm_csf_mode at its default (0) only")]
    [InlineData("adm", "csf", "4", "adm option csf: 4 is out of libvmaf's range 0..3")]
    [InlineData("adm", "rdh", "2160.5", "adm option rdh: '2160.5' is not an integer")]
    [InlineData("adm", "adm_nonsense", "1", "adm option 'adm_nonsense' is not supported by vmaf-tiny")]
    [InlineData("vif", "vif_skip_scale0", "true", "vif option vif_skip_scale0=true: vmaf-tiny computes libvmaf's integer vif with vif_skip_scale0 at its default (false) only")]
    [InlineData("motion", "motion_fps_weight", "2", "motion option motion_fps_weight=2: vmaf-tiny computes libvmaf's integer motion with motion_fps_weight at its default (1) only")]
    [InlineData("motion", "mfw", "6", "motion option mfw: 6 is out of libvmaf's range 0..5")]
    [InlineData("motion", "force_0", "true", "at its default (false) only")]
    [InlineData("float_ssim", "x", "1", "feature extractor 'float_ssim' is not computed by vmaf-tiny")]
    [InlineData("cambi", "x", "1", "'cambi' is not computed by vmaf-tiny")]
    [InlineData("nope", "x", "1", "unknown feature extractor 'nope'")]
    [InlineData("psnr", "enable_chroma", "yes", "psnr option enable_chroma: 'yes' is not true or false")]
    [InlineData("psnr", "min_sse", "-1", "psnr option min_sse: -1 is out of libvmaf's range 0..")]
    [InlineData("psnr", "enable_ssim", "true", "psnr option 'enable_ssim' is not supported")]
    public void What_vmaf_tiny_cannot_compute_is_one_clear_line(string extractor, string option, string value, string expected)
    {
        var e = Assert.Throws<VmafTinyException>(() => ExtractorOptions.Create(extractor, [new(option, value)]));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Psnr_options_are_libvmafs()
    {
        var psnr = Assert.IsType<PsnrExtractorOptions>(ExtractorOptions.Create(
            "psnr", [new("enable_chroma", "false"), new("enable_mse", "true"), new("enable_apsnr", "true"), new("reduced_hbd_peak", "true"), new("min_sse", "0.5")]));
        Assert.Equal(new VmafTiny.Features.Psnr.PsnrOptions { EnableChroma = false, EnableMse = true, EnableApsnr = true, ReducedHbdPeak = true, MinSse = 0.5 }, psnr.Options);
        Assert.Equal("psnr", psnr.Identity);  // no option of libvmaf's PSNR is a feature parameter: no suffix
        Assert.True(psnr.Temporal);
        Assert.Equal(new VmafTiny.Features.Psnr.PsnrOptions(), ((PsnrExtractorOptions)ExtractorOptions.Create("psnr", [])).Options);
    }

    [Theory]
    [InlineData("psnr", "psnr", 0)]
    [InlineData("psnr=enable_chroma=false:enable_mse=true", "psnr", 2)]
    [InlineData("adm=egl=1", "adm", 1)]
    public void Feature_strings_split_as_libvmaf_splits_them(string text, string name, int options)
    {
        var (n, o) = ExtractorOptions.SplitFeature(text);
        Assert.Equal(name, n);
        Assert.Equal(options, o.Length);
    }

    [Theory]
    [InlineData("adm=egl")]
    [InlineData("=x=1")]
    [InlineData("adm=egl=1=2")]
    public void Malformed_feature_strings_are_refused(string text) =>
        Assert.Throws<VmafTinyException>(() => ExtractorOptions.SplitFeature(text));
}
