using System.Globalization;
using VmafTiny.Features.Psnr;

namespace VmafTiny.Features;

/// <summary>
/// One of libvmaf's integer feature extractors with its options, as a model or a <c>--feature</c> asks for it:
/// <see cref="AdmOptions"/>, <see cref="VifOptions"/>, <see cref="MotionOptions"/>, <see cref="PsnrExtractorOptions"/>. libvmaf registers one extractor
/// per distinct <see cref="Identity"/> (its name and the options that change values) and names the extractor's
/// outputs after it, e.g. <c>integer_adm2_egl_1</c> for ADM with <c>adm_enhn_gain_limit=1</c>.
/// </summary>
/// <remarks>
/// Port of the naming in libvmaf's <c>feature_name.c: vmaf_feature_name_from_options</c> and <c>alias.c</c>
/// (libvmaf f85a8536): every option flagged as a feature parameter whose value is not the default adds
/// <c>_ALIAS_VALUE</c> (value as <c>%g</c>; options in alphabetical order of their names) to the aliased name.
/// Options that do not change values (<c>adm_skip_aim</c>) add nothing, so libvmaf keeps the first of two
/// extractors that differ only there.
/// </remarks>
public abstract record ExtractorOptions
{
    private protected ExtractorOptions()
    {
    }

    /// <summary>libvmaf's extractor name: <c>adm</c>, <c>vif</c>, <c>motion</c> or <c>psnr</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The suffix libvmaf adds to every output name for these options, e.g. <c>_egl_1</c>; empty at the defaults.</summary>
    public abstract string Suffix { get; }

    /// <summary>Name and suffix: the extractors libvmaf would register once.</summary>
    public string Identity => Name + Suffix;

    /// <summary>libvmaf's TEMPORAL flag: the extractor runs on the calling thread in frame order (PSNR).</summary>
    public virtual bool Temporal => false;

    /// <summary>
    /// The log keys the extractor writes for each frame as it computes it, in libvmaf's order; with
    /// <paramref name="libvmafOutputs"/> every output libvmaf writes, else only those the vmaf models use.
    /// </summary>
    public abstract IReadOnlyList<string> FrameKeys(bool libvmafOutputs);

    /// <summary>The log keys written when the stream ends (motion2, motion3: they need the next frame).</summary>
    public virtual IReadOnlyList<string> FlushKeys(bool libvmafOutputs) => [];

    /// <summary>The log key of one of the extractor's libvmaf feature names under these options.</summary>
    /// <param name="featureName">libvmaf's feature name, e.g. <c>VMAF_integer_feature_adm2_score</c>.</param>
    public string Key(string featureName) => Alias(featureName) + Suffix;

    /// <summary>
    /// The extractor that provides libvmaf's feature <paramref name="featureName"/> among those vmaf-tiny computes
    /// (<c>adm</c>, <c>vif</c>, <c>motion</c>), or null.
    /// </summary>
    public static string? ExtractorOf(string featureName) => featureName switch
    {
        "VMAF_integer_feature_adm2_score" or "VMAF_integer_feature_aim_score" or "VMAF_integer_feature_adm3_score"
            or "integer_adm_scale0" or "integer_adm_scale1" or "integer_adm_scale2" or "integer_adm_scale3" => "adm",
        "VMAF_integer_feature_vif_scale0_score" or "VMAF_integer_feature_vif_scale1_score"
            or "VMAF_integer_feature_vif_scale2_score" or "VMAF_integer_feature_vif_scale3_score" => "vif",
        "VMAF_integer_feature_motion_sad_score" or "VMAF_integer_feature_motion2_score"
            or "VMAF_integer_feature_motion3_score" => "motion",
        _ => null,
    };

    /// <summary>
    /// The typed options of extractor <paramref name="extractor"/> from libvmaf's option strings (a model's
    /// <c>feature_opts_dicts</c>, a <c>--feature NAME=opt=val</c> or a model string's <c>NAME.opt=val</c>).
    /// </summary>
    /// <param name="extractor"><c>adm</c>, <c>vif</c>, <c>motion</c> or <c>psnr</c>.</param>
    /// <param name="options">Option names and values as libvmaf reads them (numbers in C syntax, booleans true/false).</param>
    /// <exception cref="VmafTinyException">An extractor or option vmaf-tiny does not compute, or a value out of libvmaf's range.</exception>
    public static ExtractorOptions Create(string extractor, IEnumerable<KeyValuePair<string, string>> options)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(options);
        ExtractorOptions result = extractor switch
        {
            "adm" => new AdmOptions(),
            "vif" => new VifOptions(),
            "motion" => new MotionOptions(),
            "psnr" => new PsnrExtractorOptions(),
            _ => throw new VmafTinyException(UnknownExtractor(extractor)),
        };

        foreach (var (key, value) in options)
        {
            result = result.With(key, value);
        }

        return result;
    }

    /// <summary>
    /// Splits libvmaf's <c>--feature</c> string, <c>NAME</c> or <c>NAME=OPTION=VALUE:OPTION=VALUE...</c>, into the
    /// extractor's name and its options (<c>tools/cli_parse.c: parse_feature_config</c>, libvmaf f85a8536).
    /// </summary>
    /// <exception cref="VmafTinyException">An empty name, or an option without a value.</exception>
    public static (string Name, KeyValuePair<string, string>[] Options) SplitFeature(string feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        int eq = feature.IndexOf('=', StringComparison.Ordinal);
        string name = eq < 0 ? feature : feature[..eq];
        if (name.Length == 0)
        {
            throw new VmafTinyException($"feature '{feature}': no extractor name");
        }

        var options = new List<KeyValuePair<string, string>>();
        if (eq >= 0)
        {
            foreach (string part in feature[(eq + 1)..].Split(':'))
            {
                int at = part.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0 || part.IndexOf('=', at + 1) >= 0)
                {
                    throw new VmafTinyException($"feature '{feature}': bad option '{part}' (expected OPTION=VALUE)");
                }

                options.Add(new KeyValuePair<string, string>(part[..at], part[(at + 1)..]));
            }
        }

        return (name, options.ToArray());
    }

    /// <summary>These options with <paramref name="option"/> set to <paramref name="value"/> (libvmaf's strings).</summary>
    /// <exception cref="VmafTinyException">An option vmaf-tiny does not compute or a value out of range.</exception>
    public abstract ExtractorOptions With(string option, string value);

    /// <summary>libvmaf's short output names (<c>alias.c</c>); other names are kept as they are.</summary>
    internal static string Alias(string featureName) => featureName switch
    {
        "VMAF_integer_feature_adm2_score" => "integer_adm2",
        "VMAF_integer_feature_aim_score" => "integer_aim",
        "VMAF_integer_feature_adm3_score" => "integer_adm3",
        "VMAF_integer_feature_motion_score" => "integer_motion",
        "VMAF_integer_feature_motion2_score" => "integer_motion2",
        "VMAF_integer_feature_motion3_score" => "integer_motion3",
        "VMAF_integer_feature_vif_scale0_score" => "integer_vif_scale0",
        "VMAF_integer_feature_vif_scale1_score" => "integer_vif_scale1",
        "VMAF_integer_feature_vif_scale2_score" => "integer_vif_scale2",
        "VMAF_integer_feature_vif_scale3_score" => "integer_vif_scale3",
        _ => featureName,
    };

    /// <summary>Parses a libvmaf double option and checks its range (<c>opt.c: set_option_double</c>, stricter on garbage).</summary>
    private protected double Double(string option, string value, double min, double max)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new VmafTinyException($"{Name} option {option}: '{value}' is not a number");
        }

        if (v < min || v > max)
        {
            throw new VmafTinyException(
                $"{Name} option {option}: {value} is out of libvmaf's range {CNumber.G(min)}..{CNumber.G(max)}");
        }

        return v;
    }

    /// <summary>Parses a libvmaf boolean option (<c>true</c> or <c>false</c>, as <c>opt.c: set_option_bool</c>).</summary>
    private protected bool Bool(string option, string value) => value switch
    {
        "true" => true,
        "false" => false,
        _ => throw new VmafTinyException($"{Name} option {option}: '{value}' is not true or false"),
    };

    /// <summary>
    /// An option libvmaf 3.2.0 has that vmaf-tiny computes only at its default: that value (which changes nothing, and
    /// gives no key suffix in libvmaf either) is taken, with libvmaf's range check; any other is refused in one line.
    /// </summary>
    /// <returns>These options, unchanged.</returns>
    /// <exception cref="VmafTinyException">A value out of libvmaf's range or other than the default.</exception>
    private protected ExtractorOptions DefaultOnly(string option, string value, LibvmafOption known)
    {
        bool isDefault = known.Kind switch
        {
            'b' => Bool(option, value) == (known.Default != 0),
            'i' => Int(option, value, (int)known.Min, (int)known.Max) == (int)known.Default,
            _ => Double(option, value, known.Min, known.Max) == known.Default,
        };
        return isDefault
            ? this
            : throw new VmafTinyException(
                $"{Name} option {option}={value}: vmaf-tiny computes libvmaf's integer {Name} with {option} at its default " +
                $"({(known.Kind == 'b' ? (known.Default != 0 ? "true" : "false") : CNumber.G(known.Default))}) only");
    }

    /// <summary>Parses a libvmaf int option and checks its range (<c>opt.c: set_option_int</c>, stricter on garbage).</summary>
    private protected int Int(string option, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v))
        {
            throw new VmafTinyException($"{Name} option {option}: '{value}' is not an integer");
        }

        if (v < min || v > max)
        {
            throw new VmafTinyException($"{Name} option {option}: {value} is out of libvmaf's range {min}..{max}");
        }

        return v;
    }

    /// <summary>
    /// One of libvmaf's options (its name and alias, 'b'ool, 'i'nt or 'd'ouble, default and range) that vmaf-tiny takes
    /// at its default only.
    /// </summary>
    private protected readonly record struct LibvmafOption(string Name, string? Alias, char Kind, double Default, double Min = 0, double Max = 0)
    {
        public bool Names(string option) => option == Name || option == Alias;
    }

    /// <summary>The one-line refusal of an option libvmaf has but vmaf-tiny does not compute.</summary>
    private protected VmafTinyException Unsupported(string option, string supported) => new(
        $"{Name} option '{option}' is not supported by vmaf-tiny (it computes libvmaf's integer {Name} with {supported} only)");

    private static string UnknownExtractor(string extractor) => extractor switch
    {
        "float_adm" or "float_vif" or "float_motion" or "float_ssim" or "float_ms_ssim" or "ciede" or "cambi"
            or "psnr_hvs" or "float_ansnr" or "float_moment" or "ssim" or "ms_ssim" =>
            $"feature extractor '{extractor}' is not computed by vmaf-tiny (it computes libvmaf's integer adm, vif and motion, and psnr)",
        _ => $"unknown feature extractor '{extractor}' (vmaf-tiny computes libvmaf's integer adm, vif and motion, and psnr)",
    };
}

/// <summary>libvmaf's integer ADM (<c>adm</c>): adm2, and with libvmaf's outputs AIM, adm3 and the per-scale ratios.</summary>
public sealed record AdmOptions : ExtractorOptions
{
    /// <summary>libvmaf's default <c>adm_enhn_gain_limit</c>.</summary>
    public const double DefaultEnhancementGainLimit = 100.0;

    /// <summary>
    /// <c>adm_enhn_gain_limit</c> (alias <c>egl</c>, 1..100): how far the restored detail may exceed the
    /// reference's in the decouple stage; 1 disables enhancement gain (the NEG models).
    /// </summary>
    public double EnhancementGainLimit { get; init; } = DefaultEnhancementGainLimit;

    /// <summary><c>adm_skip_aim</c>: with libvmaf's outputs, write AIM as 0 instead of computing it (adm3 follows).</summary>
    public bool SkipAim { get; init; }

    /// <inheritdoc/>
    public override string Name => "adm";

    /// <inheritdoc/>
    public override string Suffix =>
        EnhancementGainLimit == DefaultEnhancementGainLimit ? string.Empty : "_egl_" + CNumber.G(EnhancementGainLimit);

    /// <inheritdoc/>
    public override IReadOnlyList<string> FrameKeys(bool libvmafOutputs) => libvmafOutputs
        ?
        [
            Key("VMAF_integer_feature_adm2_score"), Key("VMAF_integer_feature_aim_score"), Key("VMAF_integer_feature_adm3_score"),
            Key("integer_adm_scale0"), Key("integer_adm_scale1"), Key("integer_adm_scale2"), Key("integer_adm_scale3"),
        ]
        : [Key("VMAF_integer_feature_adm2_score")];

    /// <inheritdoc/>
    public override ExtractorOptions With(string option, string value) => option switch
    {
        "adm_enhn_gain_limit" or "egl" => this with { EnhancementGainLimit = Double(option, value, 1.0, DefaultEnhancementGainLimit) },
        "adm_skip_aim" => this with { SkipAim = Bool(option, value) },
        _ when Array.FindIndex(DefaultsOnly, o => o.Names(option)) is int i and >= 0 => DefaultOnly(option, value, DefaultsOnly[i]),
        _ => throw Unsupported(option, "adm_enhn_gain_limit and adm_skip_aim"),
    };

    /// <summary>libvmaf 3.2.0's other ADM options (integer_adm.c), taken at their defaults.</summary>
    private static readonly LibvmafOption[] DefaultsOnly =
    [
        new("debug", null, 'b', 0),
        new("adm_csf_scale", "scf", 'd', 1.0, 0.0, 50.0),
        new("adm_csf_diag_scale", "scfd", 'd', 1.0, 0.0, 50.0),
        new("adm_dlm_weight", "dlmw", 'd', 0.5, 0.0, 1.0),
        new("adm_norm_view_dist", "nvd", 'd', 3.0, 0.75, 24.0),
        new("adm_ref_display_height", "rdh", 'i', 1080, 1, 4320),
        new("adm_csf_mode", "csf", 'i', 0, 0, 3),
        new("adm_noise_weight", "nw", 'd', 0.03125, 0.0, 1500.0),
        new("adm_skip_scale0", "ssz", 'b', 0),
        new("adm_min_val", "min", 'd', 0.0, 0.0, 1.0),
    ];
}

/// <summary>libvmaf's integer VIF (<c>vif</c>): vif_scale0..3.</summary>
public sealed record VifOptions : ExtractorOptions
{
    /// <summary>libvmaf's default <c>vif_enhn_gain_limit</c>.</summary>
    public const double DefaultEnhancementGainLimit = 100.0;

    /// <summary>
    /// <c>vif_enhn_gain_limit</c> (alias <c>egl</c>, 1..100): the cap on the per-pixel gain g in the VIF statistic;
    /// 1 disables enhancement gain (the NEG models).
    /// </summary>
    public double EnhancementGainLimit { get; init; } = DefaultEnhancementGainLimit;

    /// <inheritdoc/>
    public override string Name => "vif";

    /// <inheritdoc/>
    public override string Suffix =>
        EnhancementGainLimit == DefaultEnhancementGainLimit ? string.Empty : "_egl_" + CNumber.G(EnhancementGainLimit);

    /// <inheritdoc/>
    public override IReadOnlyList<string> FrameKeys(bool libvmafOutputs) =>
    [
        Key("VMAF_integer_feature_vif_scale0_score"), Key("VMAF_integer_feature_vif_scale1_score"),
        Key("VMAF_integer_feature_vif_scale2_score"), Key("VMAF_integer_feature_vif_scale3_score"),
    ];

    /// <inheritdoc/>
    public override ExtractorOptions With(string option, string value) => option switch
    {
        "vif_enhn_gain_limit" or "egl" => this with { EnhancementGainLimit = Double(option, value, 1.0, DefaultEnhancementGainLimit) },
        _ when Array.FindIndex(DefaultsOnly, o => o.Names(option)) is int i and >= 0 => DefaultOnly(option, value, DefaultsOnly[i]),
        _ => throw Unsupported(option, "vif_enhn_gain_limit"),
    };

    /// <summary>libvmaf 3.2.0's other VIF options (integer_vif.c), taken at their defaults.</summary>
    private static readonly LibvmafOption[] DefaultsOnly =
    [
        new("debug", null, 'b', 0),
        new("vif_skip_scale0", "ssclz", 'b', 0),
    ];
}

/// <summary>libvmaf's integer motion (<c>motion</c>): motion2, and with libvmaf's outputs the SAD score and motion3.</summary>
public sealed record MotionOptions : ExtractorOptions
{
    /// <inheritdoc/>
    public override string Name => "motion";

    /// <inheritdoc/>
    public override string Suffix => string.Empty;

    /// <inheritdoc/>
    public override IReadOnlyList<string> FrameKeys(bool libvmafOutputs) =>
        libvmafOutputs ? [Key("VMAF_integer_feature_motion_sad_score")] : [];

    /// <inheritdoc/>
    public override IReadOnlyList<string> FlushKeys(bool libvmafOutputs) => libvmafOutputs
        ? [Key("VMAF_integer_feature_motion2_score"), Key("VMAF_integer_feature_motion3_score")]
        : [Key("VMAF_integer_feature_motion2_score")];

    /// <inheritdoc/>
    public override ExtractorOptions With(string option, string value) =>
        Array.FindIndex(DefaultsOnly, o => o.Names(option)) is int i and >= 0
            ? DefaultOnly(option, value, DefaultsOnly[i])
            : throw Unsupported(option, "its default options");

    /// <summary>libvmaf 3.2.0's motion options (integer_motion.c), taken at their defaults.</summary>
    private static readonly LibvmafOption[] DefaultsOnly =
    [
        new("motion_force_zero", "force_0", 'b', 0),
        new("motion_blend_factor", "mbf", 'd', 1.0, 0.0, 1.0),
        new("motion_blend_offset", "mbo", 'd', 40.0, 0.0, 1000.0),
        new("motion_fps_weight", "mfw", 'd', 1.0, 0.0, 5.0),
        new("motion_max_val", "mmxv", 'd', 10000.0, 0.0, 10000.0),
        new("motion_five_frame_window", "mffw", 'b', 0),
        new("motion_moving_average", "mma", 'b', 0),
        new("debug", null, 'b', 0),
    ];
}

/// <summary>
/// libvmaf's integer PSNR (<c>psnr</c>): <c>psnr_y</c>, <c>psnr_cb</c>, <c>psnr_cr</c> per frame, with its options
/// (<see cref="PsnrOptions"/>: <c>enable_chroma</c>, <c>enable_mse</c>, <c>enable_apsnr</c>, <c>reduced_hbd_peak</c>,
/// <c>min_sse</c>). A temporal extractor in libvmaf: it runs on every frame, in frame order.
/// </summary>
/// <remarks>
/// None of PSNR's options is a feature parameter in libvmaf (integer_psnr.c: options), so its outputs carry no suffix
/// and a second <c>--feature psnr</c> with other options is the same extractor: the first one counts.
/// </remarks>
public sealed record PsnrExtractorOptions : ExtractorOptions
{
    /// <summary>The extractor's options (libvmaf's defaults unless set).</summary>
    public PsnrOptions Options { get; init; } = new();

    /// <inheritdoc/>
    public override string Name => "psnr";

    /// <inheritdoc/>
    public override string Suffix => string.Empty;

    /// <inheritdoc/>
    public override bool Temporal => true;

    /// <summary>
    /// The bit depths libvmaf's <c>psnr</c> computes: 8, 10, 12 and 16 (its <c>extract</c> returns −EINVAL for the others).
    /// </summary>
    public static bool ComputesBitDepth(int bitDepth) => bitDepth is 8 or 10 or 12 or 16;

    /// <summary>Every key the extractor may write, in libvmaf's order; a frame has those its options and format compute.</summary>
    public override IReadOnlyList<string> FrameKeys(bool libvmafOutputs) => ["psnr_y", "mse_y", "psnr_cb", "mse_cb", "psnr_cr", "mse_cr"];

    /// <inheritdoc/>
    public override ExtractorOptions With(string option, string value)
    {
        PsnrOptions o = option switch
        {
            "enable_chroma" => Options with { EnableChroma = Bool(option, value) },
            "enable_mse" => Options with { EnableMse = Bool(option, value) },
            "enable_apsnr" => Options with { EnableApsnr = Bool(option, value) },
            "reduced_hbd_peak" => Options with { ReducedHbdPeak = Bool(option, value) },
            "min_sse" => Options with { MinSse = Double(option, value, 0.0, double.MaxValue) },
            _ => throw Unsupported(option, "enable_chroma, enable_mse, enable_apsnr, reduced_hbd_peak and min_sse"),
        };
        return this with { Options = o };
    }
}
