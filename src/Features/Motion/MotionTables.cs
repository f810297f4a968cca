namespace VmafTiny.Features.Motion;

/// <summary>The constant tables of integer motion: the only copy of its blur filter.</summary>
/// <remarks>Values of integer_motion.h: filter / filter_width (libvmaf f85a8536).</remarks>
internal static class MotionTables
{
    /// <summary>Half-width of <see cref="Filter"/>.</summary>
    public const int FilterHalf = 2;

    /// <summary>Taps 0 and 4 of <see cref="Filter"/>.</summary>
    public const int OuterTap = 3571;

    /// <summary>Taps 1 and 3 of <see cref="Filter"/>.</summary>
    public const int InnerTap = 16004;

    /// <summary>Tap 2 of <see cref="Filter"/>.</summary>
    public const int CentreTap = 26386;

    /// <summary>The 5-tap Q16 Gaussian blur (sums to 65536), applied vertically then horizontally.</summary>
    /// <remarks>Data in the image, not a static array: precompiled kernels then read it without the static-base call.</remarks>
    public static ReadOnlySpan<int> Filter => [OuterTap, InnerTap, CentreTap, InnerTap, OuterTap];
}
