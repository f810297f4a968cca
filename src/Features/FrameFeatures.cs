using VmafTiny.Features.Psnr;

namespace VmafTiny.Features;

/// <summary>
/// The six per-frame features of vmaf_v0.6.1, each the same double libvmaf 3.2.0 stores
/// (integer_adm2, integer_vif_scale0..3, integer_motion2), and the extra features asked for (<see cref="Psnr"/>).
/// </summary>
/// <param name="Index">Frame number in the scored sequence (libvmaf's frameNum).</param>
public readonly record struct FrameFeatures(
    int Index, double Adm2, double VifScale0, double VifScale1, double VifScale2, double VifScale3, double Motion2)
{
    /// <summary>The feature names, in the order of <see cref="CopyTo"/>: the vmaf_tiny_v2 input order.</summary>
    public static readonly string[] Names = ["adm2", "vif_scale0", "vif_scale1", "vif_scale2", "vif_scale3", "motion2"];

    /// <summary>libvmaf's log keys for the features, in the order of <see cref="Names"/>.</summary>
    public static readonly string[] LogKeys =
    [
        "integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3",
        "integer_motion2",
    ];

    /// <summary>libvmaf's PSNR of the frame, when <see cref="FeatureOptions.Psnr"/> asked for it; otherwise null.</summary>
    public PsnrValues? Psnr { get; init; }

    /// <summary>Writes the six values in the order adm2, vif_scale0..3, motion2.</summary>
    public void CopyTo(Span<double> destination)
    {
        destination[0] = Adm2;
        destination[1] = VifScale0;
        destination[2] = VifScale1;
        destination[3] = VifScale2;
        destination[4] = VifScale3;
        destination[5] = Motion2;
    }
}
