using VmafTiny.Features.Motion;

namespace VmafTiny.Tests.Features.Motion;

/// <summary>Motion on full-range synthetic patterns (8..16-bit, odd sizes), exactly as libvmaf computes it.</summary>
public class MotionExtremeInputTests
{
    [Theory]
    [MemberData(nameof(ExtremePatterns.Cases), MemberType = typeof(ExtremePatterns))]
    public void Full_range_patterns_give_libvmafs_values(
        string kind, int width, int height, int bitDepth, double s0, double s1, double s2, double s3, double sad)
    {
        _ = (s0, s1, s2, s3);
        var (reference, _, next) = ExtremePatterns.Frames(kind, width, height, bitDepth);
        var motion = new MotionExtractor(width, height, bitDepth);
        Assert.Equal(
            sad,
            motion.Sad(new LumaPlane(reference, width, height, width, bitDepth), new LumaPlane(next, width, height, width, bitDepth)));
    }
}
