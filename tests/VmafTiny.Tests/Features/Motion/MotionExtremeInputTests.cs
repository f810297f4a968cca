using VmafTiny.Features;
using VmafTiny.Features.Motion;

namespace VmafTiny.Tests.Features.Motion;

/// <summary>Motion on full-range synthetic patterns (8..16-bit, odd sizes), exactly as libvmaf computes it, at every kernel path.</summary>
[Trait("Category", TestCategories.Isa)]
public class MotionExtremeInputTests
{
    /// <summary>xunit MemberData: every extreme pattern at every explicit kernel path.</summary>
    public static IEnumerable<object[]> CasesAndPaths() =>
        from c in ExtremePatterns.Cases()
        from path in new[] { CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }
        select c.Append(path).ToArray();

    [SkippableTheory]
    [MemberData(nameof(CasesAndPaths))]
    public void Full_range_patterns_give_libvmafs_values(
        string kind, int width, int height, int bitDepth, double s0, double s1, double s2, double s3, double sad, CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        _ = (s0, s1, s2, s3);
        var (reference, _, next) = ExtremePatterns.Frames(kind, width, height, bitDepth);
        var motion = new MotionExtractor(width, height, bitDepth, path);
        Assert.Equal(
            sad,
            motion.Sad(new LumaPlane(reference, width, height, width, bitDepth), new LumaPlane(next, width, height, width, bitDepth)));
    }
}
