namespace VmafTiny.Features.Vif;

/// <summary>
/// The integer sums of one VIF scale (all int64 in libvmaf): the log-domain numerator and denominator in
/// units of 1/2048 bit, and for pixels with σ1² below σn² the sum of σ2² and their count.
/// </summary>
/// <param name="NumLog">Σ 2048·log2(1 + g²σ1²/(sv² + σn²)) over pixels with σ1² ≥ σn².</param>
/// <param name="DenLog">Σ 2048·log2(1 + σ1²/σn²) over pixels with σ1² ≥ σn².</param>
/// <param name="NumNonLog">Σ σ2² over the other pixels.</param>
/// <param name="DenNonLog">The number of the other pixels.</param>
internal readonly record struct VifSums(long NumLog, long DenLog, long NumNonLog, long DenNonLog)
{
    /// <summary>The scale's numerator as libvmaf stores it: a float rounded from a double expression.</summary>
    public float Num => (float)(NumLog / 2048.0 + (DenNonLog - NumNonLog / 16384.0 / 65025.0));

    /// <summary>The scale's denominator as libvmaf stores it (a float).</summary>
    public float Den => (float)(DenLog / 2048.0 + DenNonLog);

    /// <summary>vif_scaleN: the float quotient num/den, widened to double (integer_vif.c: write_scores).</summary>
    public double Score
    {
        get
        {
            float num = Num;
            float den = Den;
            return (float)(num / den);
        }
    }
}
