namespace VmafTiny.Decode;

/// <summary>How <see cref="FramePairReader"/> opens and walks a reference/distorted pair.</summary>
/// <param name="Raw">The format of raw .yuv inputs (used only for files that are not y4m), or null.</param>
/// <param name="SkipReference">Frames to drop from the start of the reference (libvmaf's <c>--frame_skip_ref</c>).</param>
/// <param name="SkipDistorted">Frames to drop from the start of the distorted (libvmaf's <c>--frame_skip_dist</c>).</param>
/// <param name="MaxFrames">The most pairs to read (libvmaf's <c>--frame_cnt</c>), or null for all.</param>
public sealed record FramePairOptions(
    RawVideoOptions? Raw = null, long SkipReference = 0, long SkipDistorted = 0, long? MaxFrames = null);
