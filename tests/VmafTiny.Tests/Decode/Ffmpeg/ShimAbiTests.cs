using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using VmafTiny.Decode.Ffmpeg;

namespace VmafTiny.Tests.Decode.Ffmpeg;

/// <summary>The managed mirror of native/shim/vt_decode.h agrees with the header and the built library.</summary>
public partial class ShimAbiTests
{
    private static string Header()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string path = Path.Combine(dir.FullName, "native", "shim", "vt_decode.h");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new FileNotFoundException("native/shim/vt_decode.h not found above the test output folder");
    }

    /// <summary>"VTSHIM_E_NO_FILE = -2" in the enum named <paramref name="type"/> → ("NoFile", -2).</summary>
    private static Dictionary<string, int> CEnum(string type, string prefix)
    {
        Match block = Regex.Match(Header(), $@"typedef enum {type} \{{(.*?)\}} {type};", RegexOptions.Singleline);
        Assert.True(block.Success, $"enum {type} not found in vt_decode.h");
        return EnumMember().Matches(block.Groups[1].Value)
            .Where(m => m.Groups[1].Value.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(
                m => string.Concat(Unprefixed(m.Groups[1].Value[prefix.Length..]).Split('_')
                    .Select(w => w[0] + w[1..].ToLowerInvariant())),
                m => int.Parse(m.Groups[2].Value));
    }

    [Fact]
    public void Status_codes_match_the_header()
    {
        var managed = Enum.GetValues<ShimStatus>().ToDictionary(s => s.ToString(), s => (int)s);
        Assert.Equal(CEnum("VtShimStatus", "VTSHIM_").OrderBy(p => p.Key), managed.OrderBy(p => p.Key));
    }

    [Fact]
    public void Chroma_codes_are_chroma_format_values()
    {
        var c = CEnum("VtShimChroma", "VTSHIM_CHROMA_");
        Assert.Equal((int)ChromaFormat.Yuv420, c["420"]);
        Assert.Equal((int)ChromaFormat.Yuv422, c["422"]);
        Assert.Equal((int)ChromaFormat.Yuv444, c["444"]);
        Assert.Equal((int)ChromaFormat.Mono, c["Mono"]);
        Assert.Equal(4, c.Count);
    }

    [Fact]
    public void Scaler_codes_match_the_header()
    {
        var managed = Enum.GetValues<ShimScaler>().ToDictionary(s => s.ToString(), s => (int)s);
        Assert.Equal(CEnum("VtShimScaler", "VTSHIM_SCALER_").OrderBy(p => p.Key), managed.OrderBy(p => p.Key));
    }

    [Fact]
    public void Abi_version_matches_the_header_and_the_built_library()
    {
        Match m = Regex.Match(Header(), @"#define VTSHIM_ABI_VERSION (\d+)");
        Assert.Equal(Interop.Decoder.AbiVersion, int.Parse(m.Groups[1].Value));
        ShimLibrary.EnsureLoaded();
        Assert.Equal(Interop.Decoder.AbiVersion, Interop.Decoder.GetAbiVersion());
    }

    [Fact]
    public void Stream_info_layout_has_the_c_size()
    {
        // 8 int32, 1 int64, 4 x char[32], char[64], 4 int32, char[32], 2 int32: no padding anywhere (288 bytes, a
        // multiple of 8).
        Assert.Equal((8 * 4) + 8 + (4 * 32) + 64 + (4 * 4) + 32 + (2 * 4), Marshal.SizeOf<Interop.Decoder.StreamInfo>());
    }

    [Fact]
    public void Color_range_codes_match_the_header()
    {
        var managed = Enum.GetValues<ShimColorRange>().ToDictionary(s => s.ToString(), s => (int)s);
        Assert.Equal(CEnum("VtShimColorRange", "VTSHIM_RANGE_").OrderBy(p => p.Key), managed.OrderBy(p => p.Key));
    }

    private static string Unprefixed(string name) => name.StartsWith("E_", StringComparison.Ordinal) ? name[2..] : name;

    [GeneratedRegex(@"(VTSHIM_\w+)\s*=\s*(-?\d+)")]
    private static partial Regex EnumMember();
}
