using VmafTiny.Tests.Cli;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// The .NET tool package: <c>dotnet tool install vmaf-tiny --add-source artifacts/packages</c> into a temporary tool
/// path (from the local packages only, no network) gives a vmaf-tiny that scores the mp4 samples exactly as the CLI
/// does in process, with both models (so the FFmpeg shim and ONNX Runtime are inside and found).
/// </summary>
public class ToolPackageTests
{
    [SkippableFact]
    public void The_tool_installs_from_the_local_packages_and_scores_the_mp4_samples()
    {
        string outer = Shipped.Package("vmaf-tiny");
        string inner = Shipped.Package("vmaf-tiny.linux-x64");
        AssertToolPackages(outer, inner);

        using var temp = Shipped.Temp("tool");
        string config = Shipped.NuGetConfig(temp.Path, Shipped.Packages);
        string tools = Path.Combine(temp.Path, "tools");
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(temp.Path, "nuget-packages") };
        var install = Shipped.Run(
            "dotnet",
            ["tool", "install", "vmaf-tiny", "--tool-path", tools, "--add-source", Shipped.Packages, "--configfile", config,
             "--version", Shipped.VersionOf(outer, "vmaf-tiny")],
            environment,
            temp.Path);
        Assert.True(install.Code == 0, $"dotnet tool install failed:\n{install.Stdout}\n{install.Stderr}");

        var (reference, distorted) = Shipped.Samples;
        foreach (string model in new[] { "vmaf_v0.6.1", "vmaf_tiny_v2" })
        {
            string[] args = ["score", reference, distorted, "--model", model, "--quiet"];
            var tool = Shipped.Run(Path.Combine(tools, "vmaf-tiny"), args, workingDirectory: temp.Path);
            Assert.True(tool.Code == 0, $"the installed vmaf-tiny failed ({model}):\n{tool.Stderr}");
            Assert.Equal(CliRunner.Run(args).Stdout, tool.Stdout);
        }
    }

    /// <summary>The outer package points to the linux-x64 one, which carries the tool and only linux-x64's natives.</summary>
    private static void AssertToolPackages(string outer, string inner)
    {
        string nuspec = Shipped.ReadEntry(outer, "vmaf-tiny.nuspec");
        Assert.Contains("<packageType name=\"DotnetTool\"", nuspec);
        Assert.Contains("<license type=\"expression\">BSD-2-Clause-Patent AND MIT AND BSD-3-Clause</license>", nuspec);
        Assert.Contains("<readme>README.md</readme>", nuspec);

        string[] entries = Shipped.Entries(inner);
        string tool = "tools/net10.0/linux-x64/";
        Assert.Contains(tool + "vmaf-tiny.dll", entries);
        Assert.Contains(tool + "runtimes/linux-x64/native/libvtshim.so", entries);
        Assert.Contains(tool + "runtimes/linux-x64/native/libonnxruntime.so", entries);
        Assert.Contains("NOTICE", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith(".dll", StringComparison.Ordinal) && e.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.Contains("/runtimes/", StringComparison.Ordinal) && !e.Contains("/runtimes/linux-x64/", StringComparison.Ordinal));

        // Orleans' packages list Roslyn (and Humanizer, System.Composition) as run-time dependencies that none of its
        // assemblies references: 21 MiB the tool does not carry (src/Cluster/VmafTiny.Cluster.csproj).
        string[] unused = ["Microsoft.CodeAnalysis", "Humanizer", "System.Composition"];
        Assert.DoesNotContain(entries, e => unused.Any(u => e.StartsWith(tool + u, StringComparison.Ordinal)));
    }
}
