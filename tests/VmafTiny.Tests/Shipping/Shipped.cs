using System.Diagnostics;
using System.IO.Compression;

namespace VmafTiny.Tests.Shipping;

/// <summary>
/// What <c>./build.sh --target=Pack</c> and <c>--target=Publish</c> leave in artifacts/ (the Test target makes both
/// first), found from the repository root above the test's output folder, and a way to run programs.
/// </summary>
public static class Shipped
{
    /// <summary>The repository root (the folder holding VmafTinyNative.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>artifacts/packages: the NuGet packages.</summary>
    public static string Packages => Path.Combine(RepoRoot, "artifacts", "packages");

    /// <summary>artifacts/cli/vmaf-tiny: the CLI that <c>./build.sh</c> builds (self-contained, ReadyToRun).</summary>
    public static string Cli => Path.Combine(RepoRoot, "artifacts", "cli", "vmaf-tiny");

    /// <summary>artifacts/publish/vmaf-tiny: the one-file native CLI.</summary>
    public static string NativeCli => Path.Combine(RepoRoot, "artifacts", "publish", "vmaf-tiny");

    /// <summary>The demo pair in samples/ (640x360 H.264, 48 frames).</summary>
    public static (string Reference, string Distorted) Samples =>
        (Path.Combine(RepoRoot, "samples", "ref.mp4"), Path.Combine(RepoRoot, "samples", "dist.mp4"));

    /// <summary>The package file <c>ID.VERSION.nupkg</c> in artifacts/packages; skips the test when Pack has not run.</summary>
    public static string Package(string id)
    {
        string? found = Directory.Exists(Packages)
            ? Directory.GetFiles(Packages, $"{id}.*.nupkg").SingleOrDefault(p => IsVersion(Path.GetFileName(p)[(id.Length + 1)..^".nupkg".Length]))
            : null;
        Skip.If(found is null, $"no {id} package in {Packages}: run ./build.sh --target=Pack (the Test target does)");
        return found!;
    }

    /// <summary>The version of a package file found by <see cref="Package"/>.</summary>
    public static string VersionOf(string packagePath, string id) => Path.GetFileName(packagePath)[(id.Length + 1)..^".nupkg".Length];

    /// <summary>The entries of a package (a zip).</summary>
    public static string[] Entries(string packagePath)
    {
        using var zip = ZipFile.OpenRead(packagePath);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>The text of one entry of a package.</summary>
    public static string ReadEntry(string packagePath, string entry)
    {
        using var zip = ZipFile.OpenRead(packagePath);
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>A fresh folder under the temp directory, removed by the caller's <c>using</c>.</summary>
    public static TempFolder Temp(string purpose) => new(purpose);

    /// <summary>
    /// A NuGet.config that reads only <paramref name="sources"/> (no network), for restores and tool installs in a
    /// test; written into <paramref name="folder"/>.
    /// </summary>
    public static string NuGetConfig(string folder, params string[] sources)
    {
        string path = Path.Combine(folder, "nuget.config");
        var lines = sources.Select((s, i) => $"    <add key=\"source{i}\" value=\"{s}\" />");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
            {string.Join("\n", lines)}
              </packageSources>
            </configuration>
            """);
        return path;
    }

    /// <summary>The user's NuGet global packages folder (third-party packages already restored by the build).</summary>
    public static string GlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs a program; the exit code, stdout and stderr.</summary>
    public static (int Code, string Stdout, string Stderr) Run(
        string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null,
        int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment.Remove("VMAF_TINY_CPU");
        start.Environment.Remove("VMAF_TINY_ISA");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static bool IsVersion(string text) => text.Length > 0 && char.IsAsciiDigit(text[0]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VmafTinyNative.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no VmafTinyNative.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>A temporary folder, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        internal TempFolder(string purpose)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vmaf-tiny-tests", $"{purpose}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Path);
        }

        /// <summary>The folder.</summary>
        public string Path { get; }

        /// <inheritdoc/>
        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean: a failed delete must not hide the test's result.
            }
        }
    }
}
