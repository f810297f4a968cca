namespace VmafTiny.Features.Motion;

/// <summary>
/// libvmaf 3.2.0's integer motion: the blurred SAD between two consecutive reference lumas
/// (VMAF_integer_feature_motion_sad_score). Holds scratch buffers; one instance per thread.
/// </summary>
public sealed class MotionExtractor
{
    /// <summary>Prepares buffers for frames of the given luma size and bit depth.</summary>
    public MotionExtractor(int width, int height, int bitDepth)
    {
        throw new NotImplementedException("integer motion is not built yet");
    }

    /// <summary>The SAD score of <paramref name="current"/> against <paramref name="previous"/> (frame i vs i-1).</summary>
    public double Sad(LumaPlane previous, LumaPlane current) =>
        throw new NotImplementedException("integer motion is not built yet");
}
