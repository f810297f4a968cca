using VmafTiny.Score;

namespace VmafTiny.Tests.Score.Models;

/// <summary>libvmaf's model strings (tools/cli_parse.c: parse_model_config), and vmaf-tiny's plain names and paths.</summary>
public class ModelSpecTests
{
    [Fact]
    public void Version_name_flags_and_overloads_are_read_as_libvmaf_reads_them()
    {
        ModelSpec spec = ModelSpec.Parse("version=vmaf_v0.6.1:name=v061:disable_clip:enable_transform=true:vif.vif_enhn_gain_limit=1.0:adm.egl=1");
        Assert.Equal("vmaf_v0.6.1", spec.Version);
        Assert.Null(spec.Path);
        Assert.Equal("v061", spec.LogKey);
        Assert.True(spec.DisableClip);
        Assert.True(spec.EnableTransform);
        Assert.Equal([new FeatureOverload("vif", "vif_enhn_gain_limit", "1.0"), new FeatureOverload("adm", "egl", "1")], spec.Overloads);
        Assert.Equal(spec, ModelSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("path=/m/x.json", null, "/m/x.json", "vmaf")]
    [InlineData("version=vmaf_4k_v0.6.1", "vmaf_4k_v0.6.1", null, "vmaf")]
    [InlineData("vmaf_v0.6.1neg", "vmaf_v0.6.1neg", null, "vmaf")]
    [InlineData("models/my.json", null, "models/my.json", "vmaf")]
    [InlineData("models/tiny.onnx", null, "models/tiny.onnx", "vmaf")]
    [InlineData("version=vmaf_v0.6.1:disable_clip=false", "vmaf_v0.6.1", null, "vmaf")]
    public void Plain_names_and_paths_and_model_strings_name_the_score_vmaf(string text, string? version, string? path, string key)
    {
        ModelSpec spec = ModelSpec.Parse(text);
        Assert.Equal(version, spec.Version);
        Assert.Equal(path, spec.Path);
        Assert.Equal(key, spec.LogKey);
        Assert.False(spec.DisableClip);
    }

    /// <summary>libvmaf takes <c>name=</c> with no value and keys the model's scores "" (it was once refused here).</summary>
    [Fact]
    public void An_empty_name_is_taken_as_libvmaf_takes_it()
    {
        ModelSpec spec = ModelSpec.Parse("version=vmaf_v0.6.1:name=");
        Assert.Equal(string.Empty, spec.LogKey);
        Assert.Equal(spec, ModelSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("version=vmaf_v0.6.1:bogus", "bad option 'bogus'")]
    [InlineData("name=x", "names no model")]
    [InlineData("version=vmaf_v0.6.1:vif=1", "unknown option 'vif'")]
    [InlineData("version=vmaf_v0.6.1:a.b.c=1", "unknown option 'a.b.c'")]
    [InlineData("path=a=b.json", "more than one '='")]
    [InlineData("version=", "version= is empty")]
    [InlineData("", "empty")]
    public void Malformed_strings_are_refused_naming_the_bad_part(string text, string expected)
    {
        var e = Assert.Throws<VmafTinyException>(() => ModelSpec.Parse(text));
        Assert.Contains(expected, e.Message);
    }
}
