using System.CommandLine;

namespace VmafTiny.Cli.Commands.Merge;

/// <summary>Definition of <c>merge SEGMENT_LOGS... -o FULL</c>: segment logs joined into the whole run's log.</summary>
internal static class MergeCommandDefinition
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var logs = new Argument<string[]>("SEGMENT_LOGS")
        {
            Description = "Segment logs of one pair (written by score or features with --frames A:B), in any order; together they must cover it from frame 0 to its end",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(
            "merge",
            "Join segment logs into exactly the log one run over the whole pair writes: the same per-frame values, and pooled values computed again from them")
        {
            logs,
            CommonOptions.Output,
            CommonOptions.Format,
            CommonOptions.Precision,
            CommonOptions.Pool,
            CommonOptions.Quiet,
        };
        command.SetAction(r => MergeCommand.Run(
            r.GetValue(logs) ?? [],
            r.GetValue(CommonOptions.Output),
            r.GetValue(CommonOptions.Format),
            r.GetValue(CommonOptions.Precision) ?? "libvmaf",
            CommonOptions.ParsePool(r.GetValue(CommonOptions.Pool)),
            r.GetValue(CommonOptions.Quiet),
            stdout,
            stderr));
        return command;
    }
}
