using System.Globalization;
using System.Text;

namespace VmafTiny.Decode.Y4m;

/// <summary>
/// The stream header of a YUV4MPEG2 file: <c>YUV4MPEG2 W.. H.. F..:.. I. A..:.. C... X...</c>.
/// Every colour space FFmpeg's y4m muxer writes for planar YUV is understood.
/// </summary>
public sealed record Y4mHeader(VideoFormat Format, int RateNumerator, int RateDenominator, char Interlacing, string? ColorSpaceTag)
{
    /// <summary>The file signature, including the separating space.</summary>
    public const string Magic = "YUV4MPEG2 ";

    /// <summary>
    /// True when the header says the samples are full range (<c>XCOLORRANGE=FULL</c>, as FFmpeg's y4m muxer tags
    /// yuvj and gray frames); false for <c>XCOLORRANGE=LIMITED</c> or no tag.
    /// </summary>
    public bool FullRange { get; init; }

    /// <summary>True when the header declares interlaced frames (<c>It</c>, <c>Ib</c> or mixed <c>Im</c>).</summary>
    public bool IsInterlaced => Interlacing is 't' or 'b' or 'm';

    /// <summary>Frames per second, or 0 when the header gives none.</summary>
    public double FrameRate => RateNumerator > 0 && RateDenominator > 0 ? (double)RateNumerator / RateDenominator : 0;

    /// <summary>Parses the header line (without its newline). Throws <see cref="FormatException"/> with a short reason.</summary>
    public static Y4mHeader Parse(string line)
    {
        if (!line.StartsWith(Magic, StringComparison.Ordinal))
        {
            throw new FormatException("not a YUV4MPEG2 file");
        }

        int width = 0, height = 0, rateNum = 0, rateDen = 0;
        char interlacing = 'p';
        string? colorSpace = null;
        bool fullRange = false;
        foreach (string tag in line[Magic.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string value = tag[1..];
            switch (tag[0])
            {
                case 'W':
                    width = PositiveInt(value, "width");
                    break;
                case 'H':
                    height = PositiveInt(value, "height");
                    break;
                case 'F':
                    (rateNum, rateDen) = Ratio(value, "frame rate");
                    break;
                case 'A':
                    Ratio(value, "pixel aspect ratio");
                    break;
                case 'I':
                    if (value.Length != 1 || "ptbm?".IndexOf(value[0], StringComparison.Ordinal) < 0)
                    {
                        throw new FormatException($"bad interlacing tag 'I{value}'");
                    }

                    interlacing = value[0];
                    break;
                case 'C':
                    colorSpace = value;
                    break;
                case 'X':
                    // Comments and extensions, e.g. XYSCSS=420JPEG; the last XCOLORRANGE counts, as in FFmpeg's demuxer.
                    if (value.StartsWith("COLORRANGE=", StringComparison.Ordinal))
                    {
                        fullRange = value == "COLORRANGE=FULL";
                    }

                    break;
                default:
                    throw new FormatException($"unknown header tag '{tag}'");
            }
        }

        if (width == 0 || height == 0)
        {
            throw new FormatException(width == 0 ? "header has no width (W tag)" : "header has no height (H tag)");
        }

        if (VideoFormat.SizeProblem(width, height) is { } tooLarge)
        {
            throw new FormatException(tooLarge);
        }

        (ChromaFormat chroma, int bitDepth) = ParseColorSpace(colorSpace);
        return new Y4mHeader(new VideoFormat(width, height, bitDepth, chroma), rateNum, rateDen, interlacing, colorSpace)
        {
            FullRange = fullRange,
        };
    }

    /// <summary>
    /// Maps a <c>C</c> tag to chroma format and bit depth: 420jpeg, 420paldv, 420mpeg2, 420, 422, 444, mono and
    /// their p9/p10/p12/p14/p16 variants (mono9..mono16 for grey). No tag means 4:2:0 8-bit, as the format says.
    /// </summary>
    public static (ChromaFormat Chroma, int BitDepth) ParseColorSpace(string? tag)
    {
        if (tag is null)
        {
            return (ChromaFormat.Yuv420, 8);
        }

        switch (tag)
        {
            case "420jpeg" or "420paldv" or "420mpeg2" or "420":
                return (ChromaFormat.Yuv420, 8);
            case "422":
                return (ChromaFormat.Yuv422, 8);
            case "444":
                return (ChromaFormat.Yuv444, 8);
            case "mono":
                return (ChromaFormat.Mono, 8);
        }

        string? prefix = tag.StartsWith("mono", StringComparison.Ordinal) ? "mono"
            : tag.Length > 4 && tag[3] == 'p' ? tag[..4]
            : null;
        if (prefix is not null && int.TryParse(tag.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int depth)
            && depth is 9 or 10 or 12 or 14 or 16)
        {
            ChromaFormat? chroma = prefix switch
            {
                "420p" => ChromaFormat.Yuv420,
                "422p" => ChromaFormat.Yuv422,
                "444p" => ChromaFormat.Yuv444,
                "mono" => ChromaFormat.Mono,
                _ => null,
            };
            if (chroma is ChromaFormat c)
            {
                return (c, depth);
            }
        }

        throw new FormatException($"unsupported colour space 'C{tag}'");
    }

    /// <summary>Writes this header as a y4m header line (with newline), as FFmpeg would.</summary>
    public static string ToHeaderLine(VideoFormat format, int rateNumerator, int rateDenominator)
    {
        string c = (format.Chroma, format.BitDepth) switch
        {
            (ChromaFormat.Yuv420, 8) => "420jpeg",
            (ChromaFormat.Yuv422, 8) => "422",
            (ChromaFormat.Yuv444, 8) => "444",
            (ChromaFormat.Mono, 8) => "mono",
            (ChromaFormat.Mono, int d) => $"mono{d}",
            (ChromaFormat chroma, int d) => $"{VideoFormat.ChromaName(chroma).Replace(":", string.Empty, StringComparison.Ordinal)}p{d}",
        };
        var sb = new StringBuilder(Magic);
        sb.Append(CultureInfo.InvariantCulture, $"W{format.Width} H{format.Height} F{rateNumerator}:{rateDenominator} Ip A1:1 C{c}\n");
        return sb.ToString();
    }

    private static int PositiveInt(string value, string what)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v <= 0 || v > 65536)
        {
            throw new FormatException($"bad {what} '{value}'");
        }

        return v;
    }

    private static (int, int) Ratio(string value, string what)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int num)
            || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int den))
        {
            throw new FormatException($"bad {what} '{value}'");
        }

        return (num, den);
    }
}
