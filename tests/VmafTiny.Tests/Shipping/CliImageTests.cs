using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// The CLI that <c>./build.sh</c> builds (artifacts/cli: self-contained, its start-up assemblies compiled ReadyToRun
/// in one version bubble with the framework, the kernels' assembly for x86-64-v4; src/Cli/StartupImage.targets): it
/// gives libvmaf's doubles with its precompiled AVX-512 kernels and where the runtime rejects that image (no AVX-512,
/// no SIMD at all) and JIT-compiles instead; the default model gives what the library gives; and the SIMD kernels
/// really are precompiled (none is JIT-compiled at start on an AVX-512 CPU), as is nearly all the start-up code; and
/// a CPU run with a built-in model loads neither the OpenCL device's assembly nor System.Text.Json.
/// Runs once (not a Category=Isa test): each case sets the runtime's instruction-set switches itself.
/// </summary>
public class CliImageTests
{
    private const string Clip = "g01_pan_420p8_320x180";

    private static readonly string[] FeatureKeys =
    [
        "integer_adm2", "integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2", "vmaf",
    ];

    /// <summary>The runtime's instruction-set switches: none, no AVX-512, no hardware intrinsics at all.</summary>
    public static IEnumerable<object[]> Levels =>
    [
        ["default", null!, null!],
        ["no-avx512", "DOTNET_EnableAVX512", "0"],
        ["no-simd", "DOTNET_EnableHWIntrinsic", "0"],
    ];

    [SkippableTheory]
    [MemberData(nameof(Levels))]
    public void Every_instruction_set_gives_libvmafs_doubles_and_the_default_model_the_librarys_scores(string level, string? variable, string? value)
    {
        string cli = Cli();
        var environment = new Dictionary<string, string?>();
        if (variable is not null)
        {
            environment[variable] = value;
        }

        using var temp = Shipped.Temp($"cli-image-{level}");
        string log = Path.Combine(temp.Path, "log.json");
        string[] args = ["score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--threads", "1"];
        var run = Shipped.Run(cli, [.. args, "--model", "vmaf_v0.6.1", "--precision", "max", "-o", log], environment);
        Assert.True(run.Code == 0, run.Stderr);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(log));
        var expected = GoldenClips.Frames(Clip);
        var frames = doc.RootElement.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(expected.Count, frames.Length);
        for (int i = 0; i < frames.Length; i++)
        {
            foreach (string key in FeatureKeys)
            {
                double actual = frames[i].GetProperty("metrics").GetProperty(key).GetDouble();
                Assert.True(expected[i][key] == actual, $"{level} frame {i} {key}: libvmaf {expected[i][key]:R}, artifacts/cli {actual:R}");
            }
        }

        // The default model (ONNX Runtime through our binding of its C API, compiled in the same bubble).
        var tiny = Shipped.Run(cli, [.. args, "--quiet"], environment);
        Assert.True(tiny.Code == 0, tiny.Stderr);
        Assert.Equal(CliRunner.Run([.. args, "--quiet"]).Stdout, tiny.Stdout);
    }

    [SkippableFact]
    public void The_kernels_and_the_start_up_code_are_precompiled()
    {
        string cli = Cli();
        Skip.IfNot(Vector512.IsHardwareAccelerated, "this CPU (or runtime) has no AVX-512, for which the kernels' image is compiled");
        var config = File.ReadAllText(Path.Combine(Path.GetDirectoryName(cli)!, "vmaf-tiny.runtimeconfig.json"));
        Assert.Contains("includedFrameworks", config);    // self-contained: the framework the images were compiled with

        using var temp = Shipped.Temp("cli-image-jit");
        string jitLog = Path.Combine(temp.Path, "jit.txt");
        var run = Shipped.Run(
            cli,
            ["score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--threads", "1", "--model", "vmaf_v0.6.1", "-o", Path.Combine(temp.Path, "log.json")],
            new Dictionary<string, string?> { ["DOTNET_JitStdOutFile"] = jitLog, ["DOTNET_JitDisasmSummary"] = "1", ["DOTNET_TieredCompilation"] = null });
        Assert.True(run.Code == 0, run.Stderr);
        Assert.Contains(", avx512 kernels", run.Stderr);

        // First compilations only (a tier-1 re-compilation of a hot precompiled method is not a start-up cost).
        var jitted = File.ReadAllLines(jitLog).Where(l => l.Contains("JIT compiled") && !l.Contains("Tier1") && !l.Contains("OSR")).ToArray();
        var kernels = jitted.Where(l => l.Contains("VmafTiny.Features.") && (l.Contains("Simd`2[") || l.Contains("Avx512") || l.Contains("Avx2"))).ToArray();
        Assert.True(kernels.Length == 0, $"{kernels.Length} SIMD kernel methods JIT-compiled at start:\n{string.Join('\n', kernels.Take(10))}");

        // The framework-dependent CLI JIT-compiled about 300 methods here, this image without --opt-cross-module 88
        // (generic instantiations the runtime does not find in our images); what is left is CoreLib's: methods its image
        // has but the runtime rejects on an AVX-512 CPU (compiled for a lesser one), instantiations over CoreLib's types
        // alone that it lacks (List<double>, EqualityComparer<TEnum>, array interfaces), a few more.
        Assert.True(jitted.Length <= MaxJitCompiledAtStart, $"{jitted.Length} methods JIT-compiled at start (at most {MaxJitCompiledAtStart}):\n{string.Join('\n', jitted)}");
    }

    [SkippableFact]
    public void Score_loads_neither_the_opencl_device_nor_a_json_parser()
    {
        var loaded = ScoreTraced("cli-image-loads", "--model", "vmaf_v0.6.1");
        Assert.Contains("VmafTiny.Features", loaded);    // the trace is read as it should be
        Assert.DoesNotContain("VmafTiny.Features.OpenCL", loaded);
        Assert.DoesNotContain("System.Text.Json", loaded);
    }

    /// <summary>
    /// A run with the default model ends through _exit (Program.QuickExit), which would leave an EventPipe trace
    /// unfinished: with the trace asked for, the process ends through the runtime's shutdown and the trace is whole.
    /// </summary>
    [SkippableFact]
    public void A_default_model_run_still_completes_its_eventpipe_trace() =>
        Assert.Contains("VmafTiny.Score", ScoreTraced("cli-image-trace"));

    /// <summary>The assemblies a one-thread 'score' of the golden clip (with <paramref name="extra"/> options) loaded, from the runtime's EventPipe trace.</summary>
    private static HashSet<string> ScoreTraced(string name, params string[] extra)
    {
        string cli = Cli();
        using var temp = Shipped.Temp(name);
        string trace = Path.Combine(temp.Path, "loads.nettrace");
        var run = Shipped.Run(
            cli,
            ["score", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--threads", "1", .. extra, "-o", Path.Combine(temp.Path, "log.json")],
            new Dictionary<string, string?>
            {
                ["DOTNET_EnableEventPipe"] = "1",
                ["DOTNET_EventPipeOutputPath"] = trace,
                ["DOTNET_EventPipeConfig"] = "Microsoft-Windows-DotNETRuntime:0x8:4",    // the loader's events
            });
        Assert.True(run.Code == 0, run.Stderr);
        return LoadedAssemblies(File.ReadAllBytes(trace));
    }

    /// <summary>The JIT-compiled methods 'score' may leave (the build's image leaves 9 on an AVX-512 CPU; 88 before --opt-cross-module).</summary>
    private const int MaxJitCompiledAtStart = 12;

    /// <summary>
    /// The assemblies an EventPipe trace of the loader's events names: each AssemblyLoad event carries the assembly's full
    /// name in UTF-16 ("VmafTiny.Features, Version=..."), at an even or an odd offset of the file.
    /// </summary>
    private static HashSet<string> LoadedAssemblies(byte[] trace)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int offset = 0; offset < 2; offset++)
        {
            string text = Encoding.Unicode.GetString(trace, offset, (trace.Length - offset) & ~1);
            foreach (Match m in Regex.Matches(text, @"([A-Za-z0-9_.\-]+), Version="))
            {
                names.Add(m.Groups[1].Value);
            }
        }

        return names;
    }

    private static string Cli()
    {
        Skip.IfNot(File.Exists(Shipped.Cli), $"no {Shipped.Cli}: run ./build.sh (the Build target publishes it)");
        return Shipped.Cli;
    }
}
