using VmafTiny.Cli;

namespace VmafTiny.Tests.Cli;

/// <summary>Runs the CLI in process with captured streams.</summary>
public static class CliRunner
{
    /// <summary>The exit code, stdout and stderr of one run.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Stderr's non-empty lines.</summary>
        public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Runs <c>vmaf-tiny ARGS</c>.</summary>
    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = VmafTinyCli.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
