namespace VmafTiny.Features.Vif;

/// <summary>The four VIF scale scores of one frame (integer_vif_scale0..3).</summary>
public readonly record struct VifScores(double Scale0, double Scale1, double Scale2, double Scale3);

/// <summary>
/// libvmaf 3.2.0's integer VIF for one frame geometry. Holds its scratch buffers, so one instance per
/// thread; not thread-safe.
/// </summary>
public sealed class VifExtractor
{
    /// <summary>Prepares buffers for frames of the given luma size and bit depth.</summary>
    public VifExtractor(int width, int height, int bitDepth)
    {
        throw new NotImplementedException("integer VIF is not built yet");
    }

    /// <summary>Computes vif_scale0..3 for one reference/distorted luma pair.</summary>
    public VifScores Extract(LumaPlane reference, LumaPlane distorted) =>
        throw new NotImplementedException("integer VIF is not built yet");
}
