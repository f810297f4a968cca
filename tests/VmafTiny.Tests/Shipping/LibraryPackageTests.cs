using System.Globalization;
using System.Text.RegularExpressions;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// The VmafTiny library package: what it holds, and that a fresh <c>dotnet new console</c> app with
/// <c>dotnet add package VmafTiny</c> (restored from artifacts/packages, third-party packages from the local NuGet
/// cache: no network) builds and scores an mp4 pair, with libvmaf's SVM and with the default ONNX model, to the same
/// doubles as the library in this process.
/// </summary>
public class LibraryPackageTests
{
    private const string Id = "VmafTiny";

    private const string Program = """
        using System.Globalization;
        using VmafTiny;
        using VmafTiny.Score;

        var progress = new Counter();
        VmafResult result = await Vmaf.ScoreAsync(args[0], args[1], new VmafOptions { Model = args[2] }, progress, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames {result.Frames.Count} progress {progress.Count}"));
        foreach (FrameResult frame in result.Frames)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{frame.Index} {frame.Score:R} {frame.Features.Adm2:R} {frame.Features.VifScale0:R} {frame.Features.Motion2:R}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean {result.PooledScore!.Value.Mean:R}"));

        sealed class Counter : IProgress<VmafProgress>
        {
            public int Count;
            public void Report(VmafProgress value) => Interlocked.Increment(ref Count);
        }
        """;

    [SkippableFact]
    public void The_package_holds_the_six_assemblies_their_docs_and_only_linux_x64_natives()
    {
        string package = Shipped.Package(Id);
        string[] entries = Shipped.Entries(package);
        foreach (string assembly in new[] { "Core", "Decode", "Features", "Features.OpenCL", "Score", "Pipeline" })
        {
            Assert.Contains($"lib/net10.0/VmafTiny.{assembly}.dll", entries);
            Assert.Contains($"lib/net10.0/VmafTiny.{assembly}.xml", entries);
        }

        Assert.Equal(
            ["runtimes/linux-x64/native/libonnxruntime.so", "runtimes/linux-x64/native/libvtshim.so"],
            entries.Where(e => e.StartsWith("runtimes/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Train", StringComparison.Ordinal) || e.Contains("vmaf-tiny.dll", StringComparison.Ordinal));
        Assert.Contains("README.md", entries);
        Assert.Contains("NOTICE", entries);
        Assert.Contains("licenses/onnxruntime/LICENSE", entries);

        string nuspec = Shipped.ReadEntry(package, $"{Id}.nuspec");
        Assert.Contains("<license type=\"expression\">BSD-2-Clause-Patent AND MIT</license>", nuspec);
        Assert.Contains("<readme>README.md</readme>", nuspec);
        Assert.Contains("<repository type=\"git\"", nuspec);
        Assert.DoesNotContain("Package Description", nuspec);
        var dependencies = Regex.Matches(nuspec, "<dependency id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        // ONNX Runtime is called through the library's own binding of its C API: its managed wrapper is no dependency.
        Assert.Equal(["Microsoft.Extensions.DependencyModel", "Silk.NET.OpenCL"], dependencies.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(entries, e => e.EndsWith(".dll", StringComparison.Ordinal) && e.Contains("OnnxRuntime", StringComparison.OrdinalIgnoreCase));
    }

    [SkippableFact]
    public void A_fresh_console_app_builds_against_the_package_and_scores_an_mp4_pair()
    {
        string package = Shipped.Package(Id);
        using var temp = Shipped.Temp("console");
        string app = Path.Combine(temp.Path, "app");
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Path.Combine(temp.Path, "nuget-packages"),
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };

        // The local packages first; everything else (Silk.NET's OpenCL binding) from the packages this machine's build
        // restored, read as a local feed.
        Shipped.NuGetConfig(temp.Path, Shipped.Packages, Shipped.GlobalPackagesFolder);
        Step(Shipped.Run("dotnet", ["new", "console", "-o", app, "--no-restore", "--no-update-check"], environment, temp.Path), "dotnet new console");
        Step(Shipped.Run("dotnet", ["add", "package", Id, "--version", Shipped.VersionOf(package, Id), "--no-restore"], environment, app), "dotnet add package");
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program);

        var (reference, distorted) = Shipped.Samples;
        string output = Path.Combine(temp.Path, "out");
        Step(Shipped.Run("dotnet", ["build", "-c", "Release", "-o", output, "-p:TreatWarningsAsErrors=true"], environment, app), "dotnet build");

        // libvmaf's SVM, and the default ONNX model (ONNX Runtime's library from the package, found beside the app).
        foreach (string model in (string[])["vmaf_v0.6.1", "vmaf_tiny_v2"])
        {
            var run = Step(Shipped.Run("dotnet", [Path.Combine(output, "app.dll"), reference, distorted, model], environment, app), $"the app ({model})");

            VmafResult expected = Vmaf.Score(reference, distorted, new VmafOptions { Model = model });
            var lines = new List<string> { $"frames {expected.Frames.Count} progress {expected.Frames.Count}" };
            lines.AddRange(expected.Frames.Select(f =>
                string.Create(CultureInfo.InvariantCulture, $"{f.Index} {f.Score:R} {f.Features.Adm2:R} {f.Features.VifScale0:R} {f.Features.Motion2:R}")));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"mean {expected.PooledScore!.Value.Mean:R}"));
            Assert.Equal(lines, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

    private static (int Code, string Stdout, string Stderr) Step((int Code, string Stdout, string Stderr) result, string what)
    {
        Assert.True(result.Code == 0, $"{what} failed ({result.Code}):\n{result.Stdout}\n{result.Stderr}");
        return result;
    }
}
