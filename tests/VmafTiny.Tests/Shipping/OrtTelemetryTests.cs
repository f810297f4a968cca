using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// ONNX Runtime 1.31's Linux build has telemetry on by default: without vmaf-tiny's opt-out its first environment
/// writes a device identifier and an event cache under <c>$HOME/.cache/Microsoft/DeveloperTools/.onnxruntime</c> (and
/// queues events for upload). Both shipped CLIs, scoring with the default (ONNX) model, must leave HOME as they found
/// it. The CI markers ONNX Runtime honours itself (CI, GITHUB_ACTIONS, TF_BUILD) are removed from the child's
/// environment, so this holds on a user's machine, not only in CI.
/// </summary>
public class OrtTelemetryTests
{
    private const string Clip = "g01_pan_420p8_320x180";

    public static IEnumerable<object[]> Clis => [["artifacts/cli"], ["artifacts/publish"]];

    [SkippableTheory]
    [MemberData(nameof(Clis))]
    public void The_default_model_writes_nothing_under_home(string which)
    {
        string cli = which == "artifacts/cli" ? Shipped.Cli : Shipped.NativeCli;
        Skip.IfNot(File.Exists(cli), $"no {cli}: run ./build.sh --target=Build / --target=Publish (the Test target does)");
        using var home = Shipped.Temp("ort-home");
        using var output = Shipped.Temp("ort-out");
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = home.Path,
            ["XDG_CACHE_HOME"] = null,
            ["ORT_DISABLE_TELEMETRY"] = null,
            ["CI"] = null,
            ["GITHUB_ACTIONS"] = null,
            ["TF_BUILD"] = null,
        };

        var run = Shipped.Run(
            cli,
            ["score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--threads", "1", "-q", "-o", Path.Combine(output.Path, "log.json")],
            environment);
        Assert.Equal((0, ""), (run.Code, run.Stderr));
        Assert.StartsWith("vmaf_tiny_v2: ", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(home.Path, "*", SearchOption.AllDirectories));
    }
}
