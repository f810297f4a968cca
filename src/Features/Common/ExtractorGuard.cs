namespace VmafTiny.Features;

/// <summary>
/// The argument checks every extractor makes, written once: the frame geometry its constructor accepts and the
/// planes each call accepts. Both throw <see cref="ArgumentException"/>s (<see cref="ArgumentOutOfRangeException"/>
/// for a geometry out of range): a caller's mistake, not bad input, which the readers and
/// <see cref="FeatureStream"/> report as <see cref="VmafTinyException"/>s before any extractor sees it.
/// </summary>
internal static class ExtractorGuard
{
    /// <summary>
    /// Frames under <paramref name="minimum"/> x <paramref name="minimum"/> (by default 33x33: libvmaf's integer
    /// features are undefined below that), above <see cref="VideoFormat.MaximumDimension"/> either way (unless
    /// <paramref name="limitSize"/> is false), or bit depths outside 8..16 are argument errors.
    /// </summary>
    /// <param name="feature">The feature's name for the message, e.g. "VIF".</param>
    /// <param name="width">Luma width.</param>
    /// <param name="height">Luma height.</param>
    /// <param name="bitDepth">Bits per sample.</param>
    /// <param name="minimum">The smallest width and height the feature is defined for.</param>
    /// <param name="limitSize">
    /// Refuse sizes above <see cref="VideoFormat.MaximumDimension"/>: the ADM, VIF and motion buffers are sized in 32-bit
    /// sample counts; PSNR (row by row, 64-bit sums) has no such limit of its own.
    /// </param>
    public static void CheckGeometry(string feature, int width, int height, int bitDepth, int minimum = VideoFormat.MinimumDimension, bool limitSize = true)
    {
        if (width < minimum || height < minimum)
        {
            string why = minimum == VideoFormat.MinimumDimension ? " (libvmaf is undefined below that)" : string.Empty;
            throw new ArgumentOutOfRangeException(
                width < minimum ? nameof(width) : nameof(height),
                $"{feature} needs frames of at least {minimum}x{minimum}, not {width}x{height}{why}");
        }

        if (limitSize && VideoFormat.SizeProblem(width, height) is { } tooLarge)
        {
            // Beyond it the extractors' plane sizes overflow 32 bits (an index or overflow error, or a wrong size).
            throw new ArgumentOutOfRangeException(width > VideoFormat.MaximumDimension ? nameof(width) : nameof(height), $"{feature}: {tooLarge}");
        }

        if (bitDepth is < 8 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), $"{feature} needs a bit depth of 8..16, not {bitDepth}");
        }
    }

    /// <summary>A plane of another size or bit depth than the extractor was made for is an argument error.</summary>
    /// <param name="plane">The plane passed in.</param>
    /// <param name="name">The parameter's name (e.g. "reference").</param>
    /// <param name="width">The width the extractor was made for.</param>
    /// <param name="height">The height the extractor was made for.</param>
    /// <param name="bitDepth">The bit depth the extractor was made for.</param>
    public static void CheckPlane(LumaPlane plane, string name, int width, int height, int bitDepth)
    {
        if (plane.Width != width || plane.Height != height || plane.BitDepth != bitDepth)
        {
            throw new ArgumentException(
                $"{name} plane is {plane.Width}x{plane.Height} {plane.BitDepth}-bit, the extractor was made for " +
                $"{width}x{height} {bitDepth}-bit",
                name);
        }
    }

    /// <summary>
    /// A frame of another size or bit depth than the extractor was made for (or, when <paramref name="chroma"/> is
    /// read, another chroma format) is an argument error.
    /// </summary>
    /// <param name="frame">The frame's format.</param>
    /// <param name="name">The parameter's name (e.g. "reference").</param>
    /// <param name="expected">The format the extractor was made for.</param>
    /// <param name="chroma">Whether the extractor reads the chroma planes.</param>
    public static void CheckFrame(VideoFormat frame, string name, VideoFormat expected, bool chroma)
    {
        if (frame.Width != expected.Width || frame.Height != expected.Height || frame.BitDepth != expected.BitDepth
            || (chroma && frame.Chroma != expected.Chroma))
        {
            throw new ArgumentException($"{name} frame is {frame}, the extractor was made for {expected}", name);
        }
    }
}
