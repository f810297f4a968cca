using VmafTiny.Features.Adm;
using VmafTiny.Features.Motion;
using VmafTiny.Features.Vif;

namespace VmafTiny.Tests.Features;

/// <summary>ADM, VIF and motion refuse frames larger than vmaf-tiny reads, as the readers and streams do (PSNR has no such limit: PsnrEdgeCaseTests).</summary>
public class ExtractorGeometryTests
{
    [Theory]
    [InlineData(int.MaxValue, 40)]
    [InlineData(40, int.MaxValue)]
    [InlineData(100_000, 100_000)]
    [InlineData(VideoFormat.MaximumDimension + 1, 64)]
    public void Frames_above_the_size_limit_are_an_argument_error_naming_the_limit(int width, int height)
    {
        // Before: ADM threw IndexOutOfRangeException, VIF and motion OverflowException (or allocated gigabytes).
        Action[] constructors =
        [
            () => _ = new AdmExtractor(width, height, 8),
            () => _ = new VifExtractor(width, height, 8),
            () => _ = new MotionExtractor(width, height, 10),
        ];
        foreach (Action construct in constructors)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(construct);
            Assert.Contains($"limit of {VideoFormat.MaximumDimension}x{VideoFormat.MaximumDimension}", e.Message);
            Assert.Equal(width > VideoFormat.MaximumDimension ? "width" : "height", e.ParamName);
        }
    }

    [Fact]
    public void The_largest_size_is_accepted()
    {
        _ = new MotionExtractor(VideoFormat.MaximumDimension, 40, 8);
        _ = new AdmExtractor(40, VideoFormat.MaximumDimension, 8);
    }
}
