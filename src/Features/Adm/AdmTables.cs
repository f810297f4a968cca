namespace VmafTiny.Features.Adm;

/// <summary>
/// Every constant of integer ADM (libvmaf 3.2.0, <c>integer_adm.h</c> / <c>integer_adm.c</c>): DWT taps, the
/// reciprocal table, the CSF factors and the fixed-point shifts. This is the only copy; kernels and any future
/// SIMD or GPU variant derive their constants from here.
/// </summary>
/// <remarks>
/// Only the defaults vmaf_v0.6.1 uses are supported: <c>adm_csf_mode</c> 0 (Watson '97), view distance 3.0,
/// display height 1080, enhancement gain limit 100, noise weight 0.03125 (digest §4.10).
/// </remarks>
internal static class AdmTables
{
    /// <summary>Daubechies-2 low-pass taps, Q15 (<c>dwt2_db2_coeffs_lo</c>).</summary>
    public static ReadOnlySpan<int> DwtLo => [15826, 27411, 7345, -4240];

    /// <summary>Daubechies-2 high-pass taps, Q15 (<c>dwt2_db2_coeffs_hi</c>); they sum to 0.</summary>
    public static ReadOnlySpan<int> DwtHi => [-4240, -7345, 27411, -15826];

    /// <summary>Sum of the low-pass taps (<c>dwt2_db2_coeffs_lo_sum</c>): recentres pixels to ±half range.</summary>
    public const int DwtLoSum = 46342;

    /// <summary>Scales 1–3 DWT, vertical pass rounding constant, indexed [scale − 1].</summary>
    public static ReadOnlySpan<int> DwtS123VerticalAdd => [0, 32768, 32768];

    /// <summary>Scales 1–3 DWT, vertical pass shift, indexed [scale − 1].</summary>
    public static ReadOnlySpan<int> DwtS123VerticalShift => [0, 16, 16];

    /// <summary>Scales 1–3 DWT, horizontal pass rounding constant, indexed [scale − 1].</summary>
    public static ReadOnlySpan<int> DwtS123HorizontalAdd => [16384, 32768, 16384];

    /// <summary>Scales 1–3 DWT, horizontal pass shift, indexed [scale − 1].</summary>
    public static ReadOnlySpan<int> DwtS123HorizontalShift => [15, 16, 15];

    /// <summary>
    /// <c>div_lookup</c>: entry 32768 ± i is ±trunc(2^30 / i) for i = 1..32768, entry 32768 is 0 (never read:
    /// a zero divisor takes the k = 1 branch).
    /// </summary>
    public static readonly int[] DivLookup = BuildDivLookup();

    /// <summary>
    /// cos²(1°) as the float libvmaf's decouple stores (<c>cos_1deg_sq</c>, 0x3F7FEC0A = 0.99969542); the
    /// angle test promotes it to double.
    /// </summary>
    /// <remarks>A constant (the shortest literal of those bits; AdmTablesTests checks them), so precompiled kernels read no static field.</remarks>
    public const float CosOneDegreeSquared = 0.9996954f;

    /// <summary>Default <c>adm_enhn_gain_limit</c>.</summary>
    public const double EnhancementGainLimit = 100.0;

    /// <summary>
    /// True for a whole <c>adm_enhn_gain_limit</c> in [1, 100] (the default 100, NEG's 1): there r · limit is an exact
    /// integer, and the SIMD decouple stages take C's double min/max as integer min/max. Any other limit goes through
    /// the double arithmetic (<see cref="AdmScalar"/>'s, or AVX2's vectorised copy of it at scales 1–3).
    /// </summary>
    public static bool IsWholeGainLimit(double limit) => limit == Math.Floor(limit) && limit >= 1 && limit <= EnhancementGainLimit;

    /// <summary><c>ADM_BORDER_FACTOR</c>: the share of each band border left out of the pooling.</summary>
    public const double BorderFactor = 0.1;

    /// <summary>Default <c>adm_noise_weight</c> (<c>DEFAULT_ADM_NOISE_WEIGHT</c>).</summary>
    public const double NoiseWeight = 0.03125;

    /// <summary>The float exponent <c>1.0f / 3.0f</c> (0x3EAAAAAB) of every cube root.</summary>
    public const float OneThird = 1.0f / 3.0f;

    /// <summary>
    /// rfactor = 1.0f / dwt_quant_step(λ, θ) as float bits, [scale][0] for h and v (θ = 1), [scale][1] for d
    /// (θ = 2). <see cref="DwtQuantStep"/> reproduces them; the bits are kept so the constants do not hang on
    /// the platform's log10/pow.
    /// </summary>
    private static readonly int[] RFactorBits =
    [
        0x3C8E63BA, 0x3BC106AA,
        0x3D030286, 0x3C6A46A3,
        0x3D31A788, 0x3CC7DC06,
        0x3D3B140B, 0x3D0041C9,
    ];

    /// <summary>The float rfactor of <paramref name="scale"/> for h/v (<paramref name="diagonal"/> false) or d.</summary>
    public static float RFactor(int scale, bool diagonal) =>
        BitConverter.Int32BitsToSingle(RFactorBits[2 * scale + (diagonal ? 1 : 0)]);

    /// <summary>
    /// <c>pow((double)rfactor, 3)</c> per scale and orientation (h, v, d), as the denominators multiply it in
    /// double. Indexed [3 * scale + theta].
    /// </summary>
    public static readonly double[] RFactorCubed = BuildRFactorCubed();

    /// <summary>
    /// Scale 0 fixed-point CSF factors for h, v (Q21) and d (Q23). libvmaf hard-codes these for the default view
    /// (rfactor·2^21 would truncate to 36451 and rfactor·2^23 to 49414).
    /// </summary>
    public static ReadOnlySpan<int> IRFactorScale0 => [36453, 36453, 49417];

    /// <summary>Scale 0 CSF shift per orientation (h, v, d).</summary>
    public static ReadOnlySpan<int> CsfScale0Shift => [15, 15, 17];

    /// <summary>Scale 0 CSF rounding per orientation; d uses 65535, not 65536 (a libvmaf quirk).</summary>
    /// <remarks>
    /// Kept as in C although it never changes a value: 65535 and 65536 differ only when 49417·a ≡ 2^16
    /// (mod 2^17), i.e. a ≡ 2^16 (mod 2^17), which no int16 a satisfies.
    /// </remarks>
    public static ReadOnlySpan<int> CsfScale0Add => [16384, 16384, 65535];

    /// <summary>1/30 in Q17 (<c>FIX_ONE_BY_30</c> of the scale-0 CSF).</summary>
    public const int OneBy30Q17 = 4369;

    /// <summary>1/15 in Q17 (<c>ONE_BY_15</c>): the masking centre weight at scale 0.</summary>
    public const int OneBy15Q17 = 8738;

    /// <summary>1/30 in Q32 (<c>FIX_ONE_BY_30</c> of the scales 1–3 CSF).</summary>
    public const long OneBy30Q32 = 143165577;

    /// <summary>1/15 in Q32 (<c>I4_ONE_BY_15</c>): the masking centre weight at scales 1–3.</summary>
    public const long OneBy15Q32 = 286331153;

    /// <summary>
    /// The rounding constant of the scales 1–3 Q32 products: C adds <c>(int32_t)(1u &lt;&lt; 31)</c>, which is
    /// −2^31, so these round floor(x − 0.5) instead of half up.
    /// </summary>
    public const long MinusHalfQ32 = int.MinValue;

    /// <summary>Scale 0 masking: shift of the threshold before it is subtracted, per orientation.</summary>
    public static ReadOnlySpan<int> CmScale0ThresholdShift => [10, 10, 12];

    /// <summary>Scale 0 masking: shift of the square, per orientation (its rounding is 2^(shift−1)).</summary>
    public static ReadOnlySpan<int> CmScale0SquareShift => [29, 29, 30];

    /// <summary>Scale 0 masking: total pending binary exponent of the cube, per orientation.</summary>
    public static ReadOnlySpan<int> CmScale0Exponent => [52, 52, 57];

    /// <summary>Scales 1–3 masking: pending binary exponent of the cube, indexed [scale − 1].</summary>
    public static ReadOnlySpan<int> CmS123Exponent => [45, 39, 36];

    /// <summary>Scales 1–3 denominator: shift of the square, indexed [scale − 1]; the rounding added is 2^shift.</summary>
    public static ReadOnlySpan<int> DenS123SquareShift => [31, 30, 31];

    /// <summary>Scales 1–3 denominator: pending binary exponent of the cube, indexed [scale − 1].</summary>
    public static ReadOnlySpan<int> DenS123Exponent => [32, 27, 23];

    /// <summary>
    /// Scales 1–3 fixed-point CSF factors, <c>(uint32_t)(rfactor · 2^32)</c>, indexed [3 * (scale − 1) + theta]
    /// for theta = h, v, d.
    /// </summary>
    public static readonly uint[] IRFactorS123 = BuildIRFactorS123();

    /// <summary>
    /// Watson's DWT quantisation step Q(λ, θ) for luma at the default view, exactly as libvmaf's
    /// <c>dwt_quant_step</c> rounds it (float storage, and k·temp·temp multiplied in float).
    /// </summary>
    /// <remarks>Port of integer_adm.c: dwt_quant_step (libvmaf f85a8536). Used to check <see cref="RFactor"/>.</remarks>
    public static float DwtQuantStep(int lambda, int theta)
    {
        const float a = 0.495f, k = 0.466f, f0 = 0.401f;
        ReadOnlySpan<float> g = [1.501f, 1.0f, 0.534f, 1.0f];
        ReadOnlySpan<float> amplitudes =
        [
            0.62171f, 0.67234f, 0.72709f, 0.67234f,
            0.34537f, 0.41317f, 0.49428f, 0.41317f,
            0.18004f, 0.22727f, 0.28688f, 0.22727f,
            0.091401f, 0.11792f, 0.15214f, 0.11792f,
        ];
        float r = (float)(3.0 * 1080 * Math.PI / 180.0);
        float temp = (float)Math.Log10(Math.Pow(2.0, lambda + 1) * f0 * g[theta] / r);
        float kt = k * temp * temp;   // float × float × float in C; double here would change Q's last bits
        return (float)(2.0 * a * Math.Pow(10.0, kt) / amplitudes[4 * lambda + theta]);
    }

    private static int[] BuildDivLookup()
    {
        var table = new int[65537];
        for (int i = 1; i <= 32768; i++)
        {
            int reciprocal = (1 << 30) / i;
            table[32768 + i] = reciprocal;
            table[32768 - i] = -reciprocal;
        }

        return table;
    }

    private static double[] BuildRFactorCubed()
    {
        var cubes = new double[12];
        for (int scale = 0; scale < 4; scale++)
        {
            for (int theta = 0; theta < 3; theta++)
            {
                cubes[3 * scale + theta] = Math.Pow(RFactor(scale, theta == 2), 3);
            }
        }

        return cubes;
    }

    private static uint[] BuildIRFactorS123()
    {
        var factors = new uint[9];
        for (int scale = 1; scale < 4; scale++)
        {
            for (int theta = 0; theta < 3; theta++)
            {
                // float × double, truncated: exact, since the float has 24 significant bits.
                factors[3 * (scale - 1) + theta] = (uint)(RFactor(scale, theta == 2) * 4294967296.0);
            }
        }

        return factors;
    }
}
