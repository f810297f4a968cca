using System.CommandLine;
using System.CommandLine.Parsing;
using VmafTiny.Cli.Commands.Batch;
using VmafTiny.Cli.Commands.Bench;
using VmafTiny.Cli.Commands.Cluster;
using VmafTiny.Cli.Commands.Compare;
using VmafTiny.Cli.Commands.Libvmaf;
using VmafTiny.Cli.Commands.Devices;
using VmafTiny.Cli.Commands.Measure;
using VmafTiny.Cli.Commands.Merge;
using VmafTiny.Cli.Commands.Train;

namespace VmafTiny.Cli;

/// <summary>
/// The vmaf-tiny command line. Every error a user can cause ends as one line on stderr and a non-zero exit
/// code: 1 for bad input or a failed run, 2 for a bad command line; never a stack trace.
/// </summary>
public static class VmafTinyCli
{
    /// <summary>Exit code for bad input, a bad model or a failed run.</summary>
    public const int ExitFailure = 1;

    /// <summary>Exit code for a bad command line.</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit code of a run stopped by Ctrl-C (128 + SIGINT, as the shell reports a process SIGINT ended).</summary>
    public const int ExitInterrupted = 130;

    /// <summary>Exit code of a run stopped by SIGTERM while it wrote a file (128 + SIGTERM).</summary>
    public const int ExitTerminated = 143;

    /// <summary>Runs the CLI with the given streams (so tests need no console) and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, programName: null);

    /// <summary>
    /// Runs the CLI. libvmaf's command line is taken three ways, so a libvmaf script works with only the program
    /// name changed: <c>vmaf-tiny vmaf ARGS</c>; <c>vmaf-tiny ARGS</c> when ARGS start with an option (libvmaf's
    /// tool takes no verb: <c>vmaf-tiny -r ref.y4m -d dist.y4m</c>); and any arguments when the program is run
    /// through a link named <c>vmaf</c> (<paramref name="programName"/>).
    /// </summary>
    /// <remarks>
    /// stderr is escaped and never fails the run (<see cref="DiagnosticWriter"/>); a failed write to stdout is an
    /// error naming it (<see cref="ResultWriter"/>).
    /// </remarks>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string? programName)
    {
        stdout = new ResultWriter(stdout);
        stderr = new DiagnosticWriter(stderr);
        var root = new RootCommand("vmaf-tiny: libvmaf's vmaf_v0.6.1 features, bit for bit, scored by a tiny neural model")
        {
            MeasureCommandDefinition.CreateScore(stdout, stderr),
            MeasureCommandDefinition.CreateFeatures(stdout, stderr),
            LibvmafCommandDefinition.Create(),
            TrainCommandDefinition.Create(stdout, stderr),
            CompareCommandDefinition.Create(stdout, stderr),
            BenchCommandDefinition.Create(stdout, stderr),
            DevicesCommandDefinition.Create(stdout),
            MergeCommandDefinition.Create(stdout, stderr),
            BatchCommandDefinition.Create(stdout, stderr),
            ClusterCommandDefinition.Create(stdout, stderr),
        };

        try
        {
            if (LibvmafCommandDefinition.Takes(args, programName) is { } libvmafArgs)
            {
                return LibvmafCommand.Run(libvmafArgs, stdout, stderr);
            }

            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                // A word where the command goes that is none of them (a typo, or a command this version lacks):
                // System.CommandLine's first error, "Required command was not provided", would say the opposite.
                if (parse.CommandResult.Command == root && args.Length > 0 && !args[0].StartsWith('-'))
                {
                    string commands = string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
                    stderr.WriteLine($"vmaf-tiny: '{args[0]}' is not a command; the commands are {commands} (run 'vmaf-tiny --help' for usage)");
                    return ExitUsage;
                }

                // One line: the most specific error (an option's own before a rule across options; later ones often
                // follow from it) and where to look.
                var first = parse.Errors.OrderBy(e => e.SymbolResult is CommandResult ? 1 : 0).First();
                // System.CommandLine lists an option's choices one a line, each after a tab ("Must be one of:\n\t'auto'\n\t..."):
                // those tabs go with the line ends, not escaped as \t.
                string message = first.Message.Replace("\n\t", "\n").ReplaceLineEndings(" ").TrimEnd();
                stderr.WriteLine($"vmaf-tiny: {message} (run 'vmaf-tiny --help' for usage)");
                return ExitUsage;
            }

            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (VmafTinyException e)
        {
            stderr.WriteLine($"vmaf-tiny: {e.Message}");
            return ExitFailure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"vmaf-tiny: {e.Message}");
            return ExitFailure;
        }
        catch (Exception e)
        {
            // A bug, not bad input: still one line, with the type so a report can quote it.
            stderr.WriteLine($"vmaf-tiny: internal error ({e.GetType().Name}): {e.Message.ReplaceLineEndings(" ").Trim()}");
            return ExitFailure;
        }
    }
}
