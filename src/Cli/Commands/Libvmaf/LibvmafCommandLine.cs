using System.Globalization;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands.Libvmaf;

/// <summary>A command line libvmaf's tool would not run (the message is one line, in libvmaf's words where it has some).</summary>
internal sealed class LibvmafUsageException(string message) : Exception(message);

/// <summary>A libvmaf command line asking for what vmaf-tiny does not compute (a capability, not a typo: exit 1).</summary>
internal sealed class LibvmafUnsupportedException(string message) : Exception(message);

/// <summary>
/// Reads libvmaf 3.2.0's <c>vmaf</c> command line exactly as its getopt_long loop does: short options
/// <c>r:d:w:h:p:b:m:c:o:nvq</c> (clustered, or with the value attached), long options with <c>--name value</c> or
/// <c>--name=value</c> and any unambiguous prefix (<c>--ref</c>), numbers as <c>strtoul(s, 0)</c> reads them
/// (<c>0x18</c>, <c>030</c>), the last of <c>--xml/--json/--csv/--sub</c> winning, several <c>-m</c> and <c>--feature</c>.
/// </summary>
/// <remarks>
/// Port of <c>tools/cli_parse.c: cli_parse</c> (libvmaf f85a8536). Where libvmaf lets a mistake pass (getopt
/// warns about an unknown option and goes on; a stray argument is ignored; <c>--threads -1</c> wraps), this
/// refuses it in one line: a run must never quietly do something other than what was asked.
/// </remarks>
internal static class LibvmafCommandLine
{
    private const string ShortOptions = "r:d:w:h:p:b:m:c:o:nvq";

    private static readonly (string Name, string Id, bool HasArgument)[] LongOptions =
    [
        ("reference", "r", true), ("distorted", "d", true), ("width", "w", true), ("height", "h", true),
        ("pixel_format", "p", true), ("bitdepth", "b", true), ("model", "m", true), ("output", "o", true),
        ("xml", "xml", false), ("json", "json", false), ("csv", "csv", false), ("sub", "sub", false),
        ("threads", "threads", true), ("feature", "feature", true), ("subsample", "subsample", true),
        ("cpumask", "cpumask", true), ("gpumask", "gpumask", true), ("aom_ctc", "aom_ctc", true), ("nflx_ctc", "nflx_ctc", true),
        ("frame_cnt", "frame_cnt", true), ("frame_skip_ref", "frame_skip_ref", true), ("frame_skip_dist", "frame_skip_dist", true),
        ("no_prediction", "n", false), ("version", "v", false), ("quiet", "q", false),

        // vmaf-tiny's additions.
        ("precision", "precision", true), ("help", "help", false),
    ];

    /// <summary>Reads <paramref name="args"/> (without the program name).</summary>
    /// <exception cref="LibvmafUsageException">Anything libvmaf would reject, and what it would silently ignore.</exception>
    public static LibvmafSettings Parse(IReadOnlyList<string> args)
    {
        var s = new LibvmafSettings();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                if (i + 1 < args.Count)
                {
                    throw new LibvmafUsageException($"unexpected argument '{args[i + 1]}' (libvmaf's vmaf takes every input as an option: -r REF -d DIST)");
                }

                break;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                int eq = arg.IndexOf('=', StringComparison.Ordinal);
                string name = eq < 0 ? arg[2..] : arg[2..eq];
                var (longName, id, hasArgument) = FindLong(name);
                string? value = null;
                if (hasArgument)
                {
                    value = eq >= 0 ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : throw new LibvmafUsageException($"option '--{longName}' requires an argument");
                }
                else if (eq >= 0)
                {
                    throw new LibvmafUsageException($"option '--{longName}' doesn't allow an argument");
                }

                s = Apply(s, id, value, "--" + longName);
                if (s.Version || s.Help)
                {
                    return s;
                }
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                for (int k = 1; k < arg.Length; k++)
                {
                    char c = arg[k];
                    int at = ShortOptions.IndexOf(c, StringComparison.Ordinal);
                    if (at < 0 || c == ':')
                    {
                        throw new LibvmafUsageException($"invalid option -- '{c}'");
                    }

                    string? value = null;
                    if (at + 1 < ShortOptions.Length && ShortOptions[at + 1] == ':')
                    {
                        value = k + 1 < arg.Length ? arg[(k + 1)..] : i + 1 < args.Count ? args[++i] : throw new LibvmafUsageException($"option requires an argument -- '{c}'");
                        k = arg.Length;
                    }

                    s = Apply(s, c.ToString(), value, "-" + c);
                    if (s.Version)
                    {
                        return s;
                    }
                }
            }
            else
            {
                throw new LibvmafUsageException($"unexpected argument '{arg}' (libvmaf's vmaf takes every input as an option: -r REF -d DIST)");
            }
        }

        return Validate(s);
    }

    /// <summary>The checks <c>cli_parse</c> makes after the loop, in its order and words.</summary>
    private static LibvmafSettings Validate(LibvmafSettings s)
    {
        if (s.Reference is null)
        {
            throw new LibvmafUsageException("Reference .y4m or .yuv (-r/--reference) is required");
        }

        if (s.Distorted is null)
        {
            throw new LibvmafUsageException("Distorted .y4m or .yuv (-d/--distorted) is required");
        }

        if (s.UseYuv && !(s.Width > 0 && s.Height > 0 && s.PixelFormat is not null && s.BitDepth > 0))
        {
            throw new LibvmafUsageException("The following options are required for .yuv input: --width/-w --height/-h --pixel_format/-p --bitdepth/-b");
        }

        if (s.Models.Count == 0 && !s.NoPrediction)
        {
            s.Models.Add("version=vmaf_v0.6.1");
        }

        var names = s.Models.Select(m => Score.ModelSpec.Parse(m).LogKey).ToArray();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            throw new LibvmafUsageException("Each model should be uniquely named. Set using `--model` via the `name=...` param.");
        }

        return s;
    }

    private static LibvmafSettings Apply(LibvmafSettings s, string id, string? value, string option) => id switch
    {
        "r" => s with { Reference = NonEmpty(value!, option) },
        "d" => s with { Distorted = NonEmpty(value!, option) },
        "w" => s with { Width = Unsigned(value!, option), UseYuv = true },
        "h" => s with { Height = Unsigned(value!, option), UseYuv = true },
        "p" => s with { PixelFormat = PixelFormat(value!, option), UseYuv = true },
        "b" => s with { BitDepth = BitDepth(value!, option), UseYuv = true },
        "o" => s with { Output = NonEmpty(value!, option) },
        "xml" => s with { Format = LogFormat.Xml },
        "json" => s with { Format = LogFormat.Json },
        "csv" => s with { Format = LogFormat.Csv },
        "sub" => s with { Format = LogFormat.Sub },
        "m" => Add(s, s.Models, Model(value!)),
        "feature" => Add(s, s.Features, NonEmpty(value!, option)),
        "threads" => s with { Threads = Unsigned(value!, option) },
        "subsample" => s with { Subsample = Unsigned(value!, option) },
        "cpumask" => s with { CpuMask = Unsigned(value!, option) },
        "gpumask" => Ignore(s, Unsigned(value!, option)),  // no GPU path: libvmaf's CPU-only build ignores it too
        "c" => s,                                          // in libvmaf's short options but handled by nothing
        "aom_ctc" => throw new LibvmafUnsupportedException(
            $"--aom_ctc {value}: the AOM CTC preset needs libvmaf's float_ssim, float_ms_ssim, ciede and psnr_hvs (and cambi from v3.0), which vmaf-tiny does not compute; give its integer parts as -m and --feature psnr"),
        "nflx_ctc" => throw new LibvmafUnsupportedException(
            $"--nflx_ctc {value}: the Netflix CTC preset needs libvmaf's float_ssim and cambi, which vmaf-tiny does not compute; give its integer parts as -m and --feature psnr"),
        "frame_cnt" => s with { FrameCount = Unsigned(value!, option) },
        "frame_skip_ref" => s with { FrameSkipReference = Unsigned(value!, option) },
        "frame_skip_dist" => s with { FrameSkipDistorted = Unsigned(value!, option) },
        "n" => s with { NoPrediction = true },
        "q" => s with { Quiet = true },
        "v" => s with { Version = true },
        "precision" => s with { Precision = Precision(value!, option) },
        "help" => s with { Help = true },
        _ => throw new InvalidOperationException($"unhandled option {id}"),
    };

    /// <summary>getopt_long's long-option lookup: an exact name, or a prefix of exactly one option.</summary>
    private static (string Name, string Id, bool HasArgument) FindLong(string name)
    {
        foreach (var o in LongOptions)
        {
            if (o.Name == name)
            {
                return o;
            }
        }

        var matches = LongOptions.Where(o => name.Length > 0 && o.Name.StartsWith(name, StringComparison.Ordinal)).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new LibvmafUsageException($"unrecognized option '--{name}'"),
            _ => throw new LibvmafUsageException($"option '--{name}' is ambiguous; possibilities: {string.Join(" ", matches.Select(m => "'--" + m.Name + "'"))}"),
        };
    }

    private static LibvmafSettings Add(LibvmafSettings s, List<string> list, string value)
    {
        if (list.Count == 32)
        {
            throw new LibvmafUsageException("A maximum of 32 models or features are supported");
        }

        list.Add(value);
        return s;
    }

    private static LibvmafSettings Ignore(LibvmafSettings s, uint value)
    {
        _ = value;
        return s;
    }

    private static string Model(string value)
    {
        try
        {
            _ = Score.ModelSpec.Parse(value);
            return value;
        }
        catch (VmafTinyException e)
        {
            throw new LibvmafUsageException($"Problem parsing model: {e.Message}");
        }
    }

    private static string NonEmpty(string value, string option) =>
        value.Length > 0 ? value : throw new LibvmafUsageException($"Invalid argument \"\" for option {option}; should be a path or value");

    /// <summary><c>parse_unsigned</c>: <c>strtoul(s, &amp;end, 0)</c> with nothing left over; a minus sign is refused rather than wrapped.</summary>
    private static uint Unsigned(string value, string option)
    {
        string s = value.Trim().TrimStart('+');
        ulong v = 0;
        bool ok = s.Length > 0;
        if (ok && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ok = s.Length > 2 && ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v);
        }
        else if (ok && s[0] == '0')
        {
            // Octal, as strtoul reads a leading 0.
            foreach (char c in s)
            {
                ok &= c is >= '0' and <= '7' && v <= uint.MaxValue;
                v = (v * 8) + (ulong)(c - '0');
            }
        }
        else if (ok)
        {
            ok = s.All(char.IsAsciiDigit) && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        }

        return ok && v <= uint.MaxValue
            ? (uint)v
            : throw new LibvmafUsageException($"Invalid argument \"{value}\" for option {option}; should be an integer");
    }

    private static ChromaFormat PixelFormat(string value, string option) => value switch
    {
        "420" => ChromaFormat.Yuv420,
        "422" => ChromaFormat.Yuv422,
        "444" => ChromaFormat.Yuv444,
        "400" => ChromaFormat.Mono,
        _ => throw new LibvmafUsageException($"Invalid argument \"{value}\" for option {option}; should be a valid pixel format (420/422/444, or 400)"),
    };

    private static uint BitDepth(string value, string option)
    {
        uint depth = Unsigned(value, option);
        return depth is 8 or 10 or 12 or 16
            ? depth
            : throw new LibvmafUsageException($"Invalid argument \"{value}\" for option {option}; should be a valid bitdepth (8/10/12/16)");
    }

    private static string Precision(string value, string option) => LogPrecision.TryParse(value, out _)
        ? value
        : throw new LibvmafUsageException($"Invalid argument \"{value}\" for option {option}; should be libvmaf, max or a number of decimals 0..17");
}
