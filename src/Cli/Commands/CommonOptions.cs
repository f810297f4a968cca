using System.CommandLine;
using System.CommandLine.Parsing;

namespace VmafTiny.Cli.Commands;

/// <summary>Options shared by <c>score</c> and <c>features</c>, named as libvmaf's CLI names them where it has them.</summary>
internal static class CommonOptions
{
    public static Argument<string> Reference() => new("REF") { Description = "Reference video: y4m, raw .yuv (with --width/--height/--pixel-format/--bitdepth), or any file FFmpeg decodes" };

    public static Argument<string> Distorted() => new("DIST") { Description = "Distorted video, in any of the same formats" };

    public static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Write the per-frame log to this file (written whole or not at all)",
        HelpName = "FILE",
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

    public static readonly Option<int?> Width = new("--width") { Description = "Raw .yuv input: width", HelpName = "W" };

    public static readonly Option<int?> Height = new("--height") { Description = "Raw .yuv input: height", HelpName = "H" };

    public static readonly Option<string?> PixelFormat = new Option<string?>("--pixel-format")
    {
        Description = "Raw .yuv input: chroma format 420, 422 or 444",
    }.AcceptOnlyFromAmong("420", "422", "444");

    public static readonly Option<int?> BitDepth = new Option<int?>("--bitdepth")
    {
        Description = "Raw .yuv input: bits per sample 8, 10, 12 or 16 (above 8: little-endian)",
        Validators = { r => ValidateOneOf(r, 8, 10, 12, 16) },
    };

    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "Worker threads (default: all cores); results are identical for every value",
        DefaultValueFactory = _ => 0,
        Validators = { r => ValidateAtLeast(r, 0) },
    };

    public static readonly Option<int?> FrameCount = new("--frame-count")
    {
        Description = "Score at most this many frames",
        HelpName = "N",
        Validators = { r => ValidateAtLeast(r, 1) },
    };

    public static readonly Option<int> FrameSkipRef = new("--frame-skip-ref")
    {
        Description = "Skip this many frames at the start of the reference",
        HelpName = "N",
        Validators = { r => ValidateAtLeast(r, 0) },
    };

    public static readonly Option<int> FrameSkipDist = new("--frame-skip-dist")
    {
        Description = "Skip this many frames at the start of the distorted video",
        HelpName = "N",
        Validators = { r => ValidateAtLeast(r, 0) },
    };

    public static readonly Option<int> Subsample = new("--subsample")
    {
        Description = "Compute and report every Nth frame (motion still sees every frame, as in libvmaf)",
        DefaultValueFactory = _ => 1,
        HelpName = "N",
        Validators = { r => ValidateAtLeast(r, 1) },
    };

    public static readonly Option<string> Scale = new Option<string>("--scale")
    {
        Description = "A distorted video of another size: 'bicubic' scales it to the reference's size exactly as FFmpeg's scale=W:H:flags=bicubic (default); 'none' refuses",
        DefaultValueFactory = _ => "bicubic",
    }.AcceptOnlyFromAmong("bicubic", "none");

    public static readonly Option<string> Cpu = new Option<string>("--cpu")
    {
        Description = "Highest instruction-set path for the feature kernels: auto (default: the best here, or VMAF_TINY_CPU), scalar, avx2 or avx512; results are identical on every path",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong("auto", "scalar", "avx2", "avx512");

    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the pooled score (and errors)" };

    /// <summary>Adds every shared option to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        foreach (Option o in new Option[]
                 {
                     Output, Format, Precision, Width, Height, PixelFormat, BitDepth, Threads, FrameCount, FrameSkipRef,
                     FrameSkipDist, Subsample, Scale, Cpu, Quiet,
                 })
        {
            command.Options.Add(o);
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
