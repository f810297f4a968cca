namespace VmafTiny.Features;

/// <summary>The frame-geometry checks every extractor constructor makes.</summary>
internal static class ExtractorGuard
{
    /// <summary>Frames under 33x33 (libvmaf is undefined there) or bit depths outside 8..16 are argument errors.</summary>
    public static void CheckGeometry(string feature, int width, int height, int bitDepth)
    {
        if (width < VideoFormat.MinimumDimension || height < VideoFormat.MinimumDimension)
        {
            throw new ArgumentOutOfRangeException(
                width < VideoFormat.MinimumDimension ? nameof(width) : nameof(height),
                $"{feature} needs at least {VideoFormat.MinimumDimension}x{VideoFormat.MinimumDimension} luma, not {width}x{height}");
        }

        if (bitDepth is < 8 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), $"bit depth must be 8..16, not {bitDepth}");
        }
    }
}
