namespace VmafTiny.Features.Motion;

/// <summary>The constant tables of integer motion: the only copy of its blur filter.</summary>
/// <remarks>Values of integer_motion.h: filter / filter_width (libvmaf f85a8536).</remarks>
internal static class MotionTables
{
    /// <summary>Half-width of <see cref="Filter"/>.</summary>
    public const int FilterHalf = 2;

    private static readonly int[] FilterTaps = [3571, 16004, 26386, 16004, 3571];

    /// <summary>The 5-tap Q16 Gaussian blur (sums to 65536), applied vertically then horizontally.</summary>
    public static ReadOnlySpan<int> Filter => FilterTaps;
}
