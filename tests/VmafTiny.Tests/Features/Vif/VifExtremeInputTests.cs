using VmafTiny.Features.Vif;

namespace VmafTiny.Tests.Features.Vif;

/// <summary>VIF on full-range synthetic patterns (8..16-bit, odd sizes), exactly as libvmaf computes them.</summary>
[Trait("Category", TestCategories.Isa)]
public class VifExtremeInputTests
{
    [Theory]
    [MemberData(nameof(ExtremePatterns.Cases), MemberType = typeof(ExtremePatterns))]
    public void Full_range_patterns_give_libvmafs_values(
        string kind, int width, int height, int bitDepth, double s0, double s1, double s2, double s3, double sad)
    {
        _ = sad;
        var (reference, distorted, _) = ExtremePatterns.Frames(kind, width, height, bitDepth);
        var vif = new VifExtractor(width, height, bitDepth);
        VifScores scores = vif.Extract(
            new LumaPlane(reference, width, height, width, bitDepth),
            new LumaPlane(distorted, width, height, width, bitDepth));
        Assert.Equal(new VifScores(s0, s1, s2, s3), scores);
    }
}
