using System.Reflection;
using System.Text.RegularExpressions;
using VmafTiny.Score.Tiny;
using VmafTiny.Score.Tiny.Ort;
using VmafTiny.Tests.Shipping;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>
/// Our binding of ONNX Runtime's C API (src/Score/Tiny/Ort): its function-table slots against the header shipped with
/// the library it loads, and its errors.
/// </summary>
public sealed partial class OrtBindingTests
{
    [SkippableFact]
    public void Every_slot_is_its_members_position_in_the_OrtApi_struct_of_the_librarys_own_header()
    {
        string version = OrtApi.LibraryVersion;
        string header = Path.Combine(
            Shipped.GlobalPackagesFolder, "microsoft.ml.onnxruntime", version, "build", "native", "include", "onnxruntime_c_api.h");
        Skip.IfNot(File.Exists(header), $"{header} is not in the NuGet package folder (restore the solution)");
        string text = File.ReadAllText(header);

        Assert.True(int.Parse(ApiVersion().Match(text).Groups[1].Value) >= OrtApi.Version, "the header's ORT_API_VERSION is below the binding's");
        var positions = OrtApiMembers(text);
        Assert.True(positions.Count > 300, $"only {positions.Count} members parsed from {header}");

        var slots = typeof(OrtApi).GetNestedType("Slot", BindingFlags.NonPublic | BindingFlags.Public)!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToArray();
        Assert.NotEmpty(slots);
        foreach (var slot in slots)
        {
            Assert.True(positions.TryGetValue(slot.Name, out int position), $"OrtApi has no member {slot.Name}");
            Assert.True(position == (int)slot.GetRawConstantValue()!, $"{slot.Name} is member {position} of OrtApi, the binding reads slot {slot.GetRawConstantValue()}");
        }
    }

    [Fact]
    public void An_ort_error_is_its_code_and_message_and_a_bad_model_is_one_line()
    {
        using var options = OrtSessionOptions.Create();
        var e = Assert.Throws<OrtException>(() => OrtSession.Create("not a model"u8, options));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, e.Code);
        Assert.StartsWith("[ErrorCode:InvalidProtobuf] ", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length > "[ErrorCode:InvalidProtobuf] ".Length, e.Message);
    }

    [Fact]
    public void The_cpu_provider_is_offered()
    {
        Assert.Contains(OnnxScorer.CpuExecutionProvider, OnnxScorer.AvailableProviders);
        Assert.Matches(@"^1\.\d+\.\d+", OrtApi.LibraryVersion);
    }

    /// <summary>The members of <c>struct OrtApi</c>, by name, with their positions (comments and line breaks ignored).</summary>
    private static Dictionary<string, int> OrtApiMembers(string header)
    {
        int start = header.IndexOf("struct OrtApi {", StringComparison.Ordinal);
        Assert.True(start >= 0, "no struct OrtApi in the header");
        string body = header[(start + "struct OrtApi {".Length)..];
        body = BlockComment().Replace(body, " ");
        body = LineComment().Replace(body, " ");
        body = body[..body.IndexOf("\n};", StringComparison.Ordinal)];
        Assert.DoesNotContain("#if", body, StringComparison.Ordinal);

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] declarations = body.Split(';').Select(d => d.Trim()).Where(d => d.Length > 0).ToArray();
        for (var i = 0; i < declarations.Length; i++)
        {
            Match m = MemberName().Match(declarations[i]);
            Assert.True(m.Success, $"member {i} of OrtApi not understood: {declarations[i]}");
            string name = m.Groups["release"].Success ? "Release" + m.Groups["release"].Value
                : m.Groups["status"].Success ? m.Groups["status"].Value
                : m.Groups["typed"].Success ? m.Groups["typed"].Value
                : m.Groups["pointer"].Value;
            positions.TryAdd(name, i);
        }

        return positions;
    }

    [GeneratedRegex(@"#define ORT_API_VERSION (\d+)")]
    private static partial Regex ApiVersion();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"^(?:ORT_CLASS_RELEASE\(\s*(?<release>\w+)\s*\)|ORT_API2?_STATUS\(\s*(?<status>\w+)|ORT_API_T\([^,]+,\s*(?<typed>\w+)|[^;]*?\(\s*ORT_API_CALL\s*\*\s*(?<pointer>\w+)\s*\))")]
    private static partial Regex MemberName();
}
