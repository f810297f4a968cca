using System.CommandLine;

namespace VmafTiny.Cli.Commands.Compare;

/// <summary>Definition of <c>compare A B</c>: two per-frame logs, frame by frame and metric by metric.</summary>
internal static class CompareCommandDefinition
{
    public static readonly Option<double?> Tolerance = new("--tolerance")
    {
        Description = "Exit with 3 when a metric differs by more than this in any frame, or a frame is in one log only (for CI)",
        HelpName = "X",
        Validators =
        {
            r =>
            {
                if (r.Tokens.Count > 0 && (!double.TryParse(r.Tokens[^1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double x) || !(x >= 0)))
                {
                    r.AddError($"--tolerance must be a number >= 0, not '{r.Tokens[^1].Value}'");
                }
            },
        },
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var first = new Argument<string>("A") { Description = "A log: vmaf-tiny's or libvmaf's (JSON, XML, CSV or subtitles, recognised by content), or - for stdin" };
        var second = new Argument<string>("B") { Description = "Another log of the same video, in any of those layouts (or - for stdin, if A is not)" };
        var command = new Command(
            "compare",
            "Compare two per-frame logs (ours or libvmaf's): per metric the frames compared, max and mean absolute difference, the first frame that differs; PLCC/SROCC/RMSE of the score")
        {
            first,
            second,
            Tolerance,
        };
        command.SetAction(r => CompareCommand.Run(r.GetValue(first)!, r.GetValue(second)!, r.GetValue(Tolerance), stdout, stderr));
        return command;
    }
}
