namespace VmafTiny.Features.Adm;

/// <summary>
/// libvmaf 3.2.0's integer ADM, reduced to what adm2 needs. Holds its scratch buffers, so one instance per
/// thread; not thread-safe.
/// </summary>
public sealed class AdmExtractor
{
    /// <summary>Prepares buffers for frames of the given luma size and bit depth.</summary>
    public AdmExtractor(int width, int height, int bitDepth)
    {
        throw new NotImplementedException("integer ADM is not built yet");
    }

    /// <summary>Computes adm2 for one reference/distorted luma pair.</summary>
    public double Extract(LumaPlane reference, LumaPlane distorted) =>
        throw new NotImplementedException("integer ADM is not built yet");
}
