using VmafTiny.Features.Psnr;

namespace VmafTiny.Features;

/// <summary>
/// The six per-frame features of vmaf_v0.6.1, each the same double libvmaf 3.2.0 stores
/// (integer_adm2, integer_vif_scale0..3, integer_motion2), and any other values the stream computes
/// (<see cref="Extra"/>, <see cref="Psnr"/>).
/// </summary>
/// <param name="Index">Frame number in the scored sequence (libvmaf's frameNum).</param>
/// <param name="Adm2">integer_adm2 with libvmaf's default options (NaN when the stream does not compute it).</param>
/// <param name="VifScale0">integer_vif_scale0 with default options (or NaN).</param>
/// <param name="VifScale1">integer_vif_scale1 with default options (or NaN).</param>
/// <param name="VifScale2">integer_vif_scale2 with default options (or NaN).</param>
/// <param name="VifScale3">integer_vif_scale3 with default options (or NaN).</param>
/// <param name="Motion2">integer_motion2 (or NaN).</param>
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

    /// <summary>
    /// Values other than the six, by libvmaf's log key: features computed with other extractor options (the NEG
    /// models' <c>integer_adm2_egl_1</c>, ...) and libvmaf's further outputs (<c>integer_aim</c>, ...); null when none.
    /// </summary>
    public IReadOnlyDictionary<string, double>? Extra { get; init; }

    /// <summary>libvmaf's PSNR of the frame, when <see cref="FeatureOptions.ResolvedPsnr"/> asked for it; otherwise null.</summary>
    public PsnrValues? Psnr { get; init; }

    /// <summary>
    /// Equal when every value is (the same doubles; NaN equals NaN) and <see cref="Extra"/> and <see cref="Psnr"/>
    /// hold the same values.
    /// </summary>
    public bool Equals(FrameFeatures other) =>
        Index == other.Index && Adm2.Equals(other.Adm2) && VifScale0.Equals(other.VifScale0) && VifScale1.Equals(other.VifScale1)
        && VifScale2.Equals(other.VifScale2) && VifScale3.Equals(other.VifScale3) && Motion2.Equals(other.Motion2)
        && SameExtra(Extra, other.Extra) && Nullable.Equals(Psnr, other.Psnr);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Index, Adm2, VifScale0, VifScale1, VifScale2, VifScale3, Motion2, Extra?.Count ?? -1);

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

    /// <summary>
    /// The value of log key <paramref name="key"/>: one of the six (<see cref="LogKeys"/>), an <see cref="Extra"/>
    /// value or a <see cref="Psnr"/> value; false when the stream did not compute it.
    /// </summary>
    public bool TryGet(string key, out double value)
    {
        int six = Array.IndexOf(LogKeys, key);
        if (six >= 0)
        {
            Span<double> all = stackalloc double[6];
            CopyTo(all);
            value = all[six];
            if (!double.IsNaN(value))
            {
                return true;
            }

            // NaN: not computed by this stream as one of the six (they are never NaN when computed).
        }

        if (Extra is not null && Extra.TryGetValue(key, out value))
        {
            return true;
        }

        if (Psnr is { } psnr && psnr.TryGet(key, out value))
        {
            return true;
        }

        value = double.NaN;
        return false;
    }

    private static bool SameExtra(IReadOnlyDictionary<string, double>? a, IReadOnlyDictionary<string, double>? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out double v) && v.Equals(p.Value));
    }
}
