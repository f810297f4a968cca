using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace VmafTiny.Cli.Commands;

/// <summary>Options shared by <c>score</c> and <c>features</c>, named as libvmaf's CLI names them where it has them.</summary>
internal static class CommonOptions
{
    public static Argument<string> Reference() => new("REF")
    {
        Description = "Reference video: y4m, raw .yuv (with --width/--height/--pixel-format/--bitdepth), any file FFmpeg decodes, or - for stdin (y4m, raw)",
        Validators = { r => ValidateNotEmpty(r, "the reference video (REF)") },
    };

    public static Argument<string> Distorted() => new("DIST")
    {
        Description = "Distorted video, in any of the same formats",
        Validators = { r => ValidateNotEmpty(r, "the distorted video (DIST)") },
    };

    public static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Write the per-frame log to this file (a regular file is replaced whole or not at all; a device or FIFO is written in place), or - for stdout",
        HelpName = "FILE",
        Validators = { r => ValidateNotEmpty(r, "--output") },
    };

    public static readonly Option<string?> Format = new Option<string?>("--format")
    {
        Description = "Log format: json, xml, csv or sub (libvmaf's subtitle lines; default: from the output file's extension, else json)",
    }.AcceptOnlyFromAmong("json", "xml", "csv", "sub");

    public static readonly Option<string> Precision = new("--precision")
    {
        Description = "Numbers in the log: 'libvmaf' (default: %.6f as libvmaf prints), N decimals, or 'max' (round-trip: parses back to the same double)",
        DefaultValueFactory = _ => "libvmaf",
        HelpName = "libvmaf|N|max",
        Validators = { ValidatePrecision },
    };

    public static readonly Option<int?> Width = new("--width")
    {
        Description = "Raw .yuv input: width",
        HelpName = "W",
        CustomParser = r => ParseInt(r),
        Validators = { r => ValidateRange(r, 1, VideoFormat.MaximumDimension) },
    };

    public static readonly Option<int?> Height = new("--height")
    {
        Description = "Raw .yuv input: height",
        HelpName = "H",
        CustomParser = r => ParseInt(r),
        Validators = { r => ValidateRange(r, 1, VideoFormat.MaximumDimension) },
    };

    public static readonly Option<string?> PixelFormat = new Option<string?>("--pixel-format")
    {
        Description = "Raw .yuv input: chroma format 420, 422 or 444",
    }.AcceptOnlyFromAmong("420", "422", "444");

    public static readonly Option<int?> BitDepth = new Option<int?>("--bitdepth")
    {
        Description = "Raw .yuv input: bits per sample 8, 10, 12 or 16 (above 8: little-endian)",
        CustomParser = r => ParseInt(r),
        Validators = { r => ValidateOneOf(r, 8, 10, 12, 16) },
    };

    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "Worker threads (default: all cores; at most 4 per core); results are identical for every value",
        HelpName = "N",
        CustomParser = r => ParseInt(r) ?? 0,
        Validators = { r => ValidateAtLeast(r, 0) },
    };

    public static readonly Option<int?> FrameCount = new("--frame-count")
    {
        Description = "Score at most this many frames",
        HelpName = "N",
        CustomParser = r => ParseInt(r),
        Validators = { r => ValidateAtLeast(r, 1) },
    };

    public static readonly Option<int> FrameSkipRef = new("--frame-skip-ref")
    {
        Description = "Skip this many frames at the start of the reference",
        HelpName = "N",
        CustomParser = r => ParseInt(r) ?? 0,
        Validators = { r => ValidateAtLeast(r, 0) },
    };

    public static readonly Option<int> FrameSkipDist = new("--frame-skip-dist")
    {
        Description = "Skip this many frames at the start of the distorted video",
        HelpName = "N",
        CustomParser = r => ParseInt(r) ?? 0,
        Validators = { r => ValidateAtLeast(r, 0) },
    };

    public static readonly Option<string?> Frames = new("--frames")
    {
        Description = "Score only frames A to B-1 (A:B) or from A to the end (A:), numbered as a whole run numbers them; the inputs are sought (encoded video from the keyframe before A), " +
                      "and the log is a segment log (--precision max by default) that 'vmaf-tiny merge' joins into the whole run's log",
        HelpName = "A:B",
        Validators =
        {
            r =>
            {
                if (r.Tokens.Count > 0)
                {
                    try
                    {
                        FrameRange.Parse(r.Tokens[^1].Value);
                    }
                    catch (VmafTinyException e)
                    {
                        r.AddError($"--frames: {e.Message}");
                    }
                }
            },
        },
    };

    public static readonly Option<int> Subsample = new("--subsample")
    {
        Description = "Compute and report every Nth frame (motion still sees every frame, as in libvmaf)",
        DefaultValueFactory = _ => 1,
        HelpName = "N",
        CustomParser = r => ParseInt(r) ?? 1,
        Validators = { r => ValidateAtLeast(r, 1) },
    };

    public static readonly Option<string[]> Feature = new("--feature")
    {
        Description = "Another feature extractor, as libvmaf's --feature takes it (repeatable): psnr (psnr_y, psnr_cb, psnr_cr) with " +
                      "libvmaf's options, e.g. psnr=enable_chroma=false:enable_mse=true:enable_apsnr=true:min_sse=N; or adm, vif, motion " +
                      "with options such as vif=vif_enhn_gain_limit=1. Its values join the log's frames and pooled metrics (APSNR its aggregate metrics)",
        HelpName = "NAME[=OPTION=VALUE:...]",
    };

    public static readonly Option<string> Scale = new Option<string>("--scale")
    {
        Description = "A distorted video of another size: 'bicubic' scales it to the reference's size exactly as FFmpeg's scale=W:H:flags=bicubic (default); 'none' refuses",
        DefaultValueFactory = _ => "bicubic",
    }.AcceptOnlyFromAmong("bicubic", "none");

    public static readonly Option<bool> NoAutoRotate = new("--no-autorotate")
    {
        Description = "Score an encoded video's frames as stored, ignoring its display matrix (FFmpeg's -noautorotate); by default they are " +
                      "turned as FFmpeg's command line turns them (a phone's portrait video upright)",
    };

    public static readonly Option<string> Cpu = new Option<string>("--cpu")
    {
        Description = "Highest instruction-set path for the feature kernels: auto (default: the best here, or VMAF_TINY_CPU), scalar, avx2 or avx512; results are identical on every path",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "scalar", "avx2", "avx512");

    public static readonly Option<string?> Device = new Option<string?>("--device")
    {
        Description = "Where to compute the features: cpu (default, or VMAF_TINY_DEVICE), opencl (the first GPU, else the first OpenCL device) or opencl:N ('vmaf-tiny devices' lists them); results are identical on every device",
        HelpName = "cpu|opencl|opencl:N",
        Validators = { ValidateDevice },
    };

    public static readonly Option<bool> Quiet = QuietOption("Print only the pooled score (and errors)");

    /// <summary>
    /// A command's own <c>--quiet</c>/<c>-q</c>: the same switch, described by what that command leaves out (a worker prints
    /// no score, batch prints no pooled score of its own).
    /// </summary>
    public static Option<bool> QuietOption(string description) => new("--quiet", "-q") { Description = description };

    public static readonly Option<bool> Progress = new("--progress")
    {
        Description = "Show progress on stderr even when it is not a terminal or with -q (shown by default on a terminal)",
    };

    public static readonly Option<string?> Report = new("--report")
    {
        Description = "Write a self-contained HTML report: score and features over frames, pooled values with percentiles, the worst frames, inputs and settings",
        HelpName = "FILE.html",
        Validators =
        {
            r =>
            {
                string? value = r.Tokens.Count > 0 ? r.Tokens[^1].Value : null;
                string extension = Path.GetExtension(value ?? string.Empty).ToLowerInvariant();
                if (value is not null && extension is not (".html" or ".htm"))
                {
                    r.AddError($"--report writes HTML: the file must end in .html, not '{value}'");
                }
            },
        },
    };

    public static readonly Option<string[]> Pool = new("--pool")
    {
        Description = "Pooled values to print, comma-separated or repeated: mean (default), harmonic_mean, min, max, median, stdev, pN (any percentile, e.g. p1, p5, p95, p99.9; linear interpolation as numpy's default); those beyond libvmaf's four are also added to the log's pooled metrics",
        HelpName = "METHODS",
        Validators = { ValidatePool },
    };

    /// <summary>Adds every shared option to <paramref name="command"/>, and the rule that raw geometry comes whole.</summary>
    public static void AddTo(Command command)
    {
        command.Validators.Add(ValidateRawGeometry);
        foreach (Option o in new Option[]
                 {
                     Output, Format, Precision, Width, Height, PixelFormat, BitDepth, Threads, FrameCount, FrameSkipRef,
                     FrameSkipDist, Frames, Subsample, Feature, Scale, NoAutoRotate, Cpu, Device, Quiet, Progress, Pool, Report,
                 })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>
    /// An int option's value, or null with an error naming the option and the text (System.CommandLine's own
    /// message would name a .NET type instead).
    /// </summary>
    private static int? ParseInt(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        string name = (result.Parent as OptionResult)?.Option.Name ?? "the option";
        result.AddError(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? $"{name} {text} is out of range"
            : $"{name} needs a whole number, not '{text}'");
        return null;
    }

    private static void ValidateNotEmpty(SymbolResult result, string what)
    {
        if (result.Tokens.Count > 0 && result.Tokens[^1].Value.Length == 0)
        {
            result.AddError($"{what} is an empty string: give a file name");
        }
    }

    /// <summary>Raw input is described by all four of --width, --height, --pixel-format and --bitdepth, or by none.</summary>
    private static void ValidateRawGeometry(CommandResult result)
    {
        Option[] geometry = [Width, Height, PixelFormat, BitDepth];
        var given = geometry.Where(o => result.GetResult(o) is { Implicit: false }).ToArray();
        if (given.Length is > 0 and < 4)
        {
            string missing = string.Join(", ", geometry.Except(given).Select(o => o.Name));
            result.AddError($"raw .yuv input needs all of --width, --height, --pixel-format and --bitdepth; missing {missing}");
        }
    }

    private static void ValidateRange(OptionResult result, int minimum, int maximum)
    {
        if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
            && (v < minimum || v > maximum))
        {
            result.AddError($"{result.Option.Name} must be {minimum}..{maximum}, not {v}");
        }
    }

    private static void ValidatePrecision(OptionResult result)
    {
        string? value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (value is null or "libvmaf" or "max")
        {
            return;
        }

        if (!int.TryParse(value, out int n) || n < 0 || n > 17)
        {
            result.AddError($"--precision must be 'libvmaf', 'max' or a number of decimals 0..17, not '{value}'");
        }
    }

    private static void ValidateDevice(OptionResult result)
    {
        string? value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
        if (value is not null && !System.Text.RegularExpressions.Regex.IsMatch(value, "^(cpu|opencl|opencl:[0-9]+)$"))
        {
            result.AddError($"--device must be cpu, opencl or opencl:N, not '{value}'");
        }
    }

    /// <summary>The <c>--pool</c> methods, in the order given (each value may be a comma-separated list).</summary>
    public static IReadOnlyList<VmafTiny.Score.PoolMethod> ParsePool(IEnumerable<string>? values) =>
        VmafTiny.Score.PoolMethod.ParseList(string.Join(',', values ?? []));

    private static void ValidatePool(OptionResult result)
    {
        try
        {
            ParsePool(result.Tokens.Select(t => t.Value));
        }
        catch (FormatException e)
        {
            result.AddError($"--pool: {e.Message}");
        }
    }

    private static void ValidateAtLeast(OptionResult result, int minimum)
    {
        if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, out int v) && v < minimum)
        {
            result.AddError($"{result.Option.Name} must be at least {minimum}, not {v}");
        }
    }

    private static void ValidateOneOf(OptionResult result, params int[] allowed)
    {
        if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, out int v) && !allowed.Contains(v))
        {
            result.AddError($"{result.Option.Name} must be one of {string.Join(", ", allowed)}, not {v}");
        }
    }
}
