using System.Diagnostics;

namespace VmafTiny.Tests.Hardening;

/// <summary>
/// Runs the built CLI (vmaf-tiny.dll beside the tests) as a child process, for what only a process shows: closed
/// or full standard streams, the current folder, environment variables, another user, ONNX Runtime's native stderr.
/// Everything else runs in process (<see cref="Cli.CliRunner"/>): a child costs about a second.
/// </summary>
internal static class CliProcess
{
    /// <summary>The exit code and both streams of one run.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Stderr's non-empty lines.</summary>
        public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// Runs <c>vmaf-tiny ARGS</c> through <c>sh</c> with <paramref name="redirect"/> appended (e.g. <c>2&gt;&amp;-</c>),
    /// in <paramref name="workingDirectory"/>, as user nobody when <paramref name="asNobody"/> (and the tests run as root).
    /// </summary>
    public static Result Run(
        string[] args, string redirect = "", string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, bool asNobody = false)
    {
        using Process process = Start(args, redirect, workingDirectory, environment, asNobody);
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "child vmaf-tiny did not finish in 120 s");
        return new Result(process.ExitCode, stdout, stderr.Result);
    }

    /// <summary>
    /// Starts <c>vmaf-tiny ARGS</c> as <see cref="Run"/> does (its stdin closed, stdout and stderr redirected) and
    /// returns the running process, for a test that acts on it while it runs (signals).
    /// </summary>
    public static Process Start(
        string[] args, string redirect = "", string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, bool asNobody = false)
    {
        string drop = asNobody && Posix.IsRoot ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : string.Empty;
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardInput = true,      // closed at once: a child never waits on the test host's stdin
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec {drop}dotnet \"$0\" \"$@\" {redirect}");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vmaf-tiny.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        // Startup dominates these short runs: let the JIT tier up as usual (the CLI turns tiering off for long runs).
        start.Environment["DOTNET_TieredCompilation"] = "1";
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment.Remove(global::VmafTiny.Score.Tiny.ModelJail.EnvironmentVariable);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }
}
