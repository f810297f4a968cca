using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using VmafTiny.Features;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Kernels;

[Trait("Category", TestCategories.Isa)]
public class CpuDispatchTests
{
    [Fact]
    public void Auto_resolves_to_the_best_supported_path_and_scalar_always_works()
    {
        Assert.Equal(CpuDispatch.Best, CpuDispatch.Resolve(CpuPath.Auto));
        Assert.Equal(CpuPath.Scalar, CpuDispatch.Resolve(CpuPath.Scalar));
        Assert.True(CpuDispatch.IsSupported(CpuDispatch.Best));
        Assert.Equal(Avx2.IsSupported, CpuDispatch.IsSupported(CpuPath.Avx2));
    }

    [Theory]
    [InlineData("AVX2", CpuPath.Avx2)]
    [InlineData(" scalar ", CpuPath.Scalar)]
    [InlineData("auto", CpuPath.Auto)]
    [InlineData("avx512", CpuPath.Avx512)]
    public void Names_parse_case_insensitively(string text, CpuPath expected) => Assert.Equal(expected, CpuDispatch.Parse(text, "x"));

    [Fact]
    public void Unknown_name_is_a_clear_error()
    {
        var e = Assert.Throws<VmafTinyException>(() => CpuDispatch.Parse("sse9", "VMAF_TINY_CPU=sse9"));
        Assert.Equal("VMAF_TINY_CPU=sse9: unknown CPU path (use auto, scalar, avx2 or avx512)", e.Message);
    }

    /// <summary>
    /// The runtime knob really changes the selection (style guide: an inert knob tests nothing): with AVX2 off in a
    /// child process, auto runs scalar and an explicit avx2 is refused in one line, through --cpu and the environment.
    /// </summary>
    [SkippableFact]
    public void A_path_the_runtime_disables_is_refused_not_silently_replaced()
    {
        Skip.IfNot(Avx2.IsSupported, "the knob test needs AVX2 to switch off (this process runs without it)");
        const string clip = "g08_flat_420p8_192x108";
        string[] pair = [GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip)];
        var noAvx2 = new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0" };

        var auto = RunChild(["features", .. pair], noAvx2);
        Assert.Equal(0, auto.Code);
        Assert.Contains(", scalar kernels", auto.Stderr);

        var forced = RunChild(["features", .. pair, "--cpu", "avx2"], noAvx2);
        Assert.Equal(1, forced.Code);
        Assert.Equal("vmaf-tiny: requested the avx2 path, which this CPU or runtime does not support (best here: scalar)", forced.Stderr.Trim());

        var env = RunChild(["features", .. pair], new(noAvx2) { [CpuDispatch.EnvironmentVariable] = "avx2" });
        Assert.Equal(1, env.Code);
        Assert.Equal("vmaf-tiny: VMAF_TINY_CPU=avx2 asks for the avx2 path, which this CPU or runtime does not support (best here: scalar)", env.Stderr.Trim());

        // And without the knob, the same request runs.
        Assert.Equal(0, RunChild(["features", .. pair, "--cpu", "avx2"], []).Code);
    }

    private static (int Code, string Stdout, string Stderr) RunChild(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vmaf-tiny.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove(CpuDispatch.EnvironmentVariable);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "child vmaf-tiny did not finish in 60 s");
        return (process.ExitCode, stdout, stderr.Result);
    }
}
