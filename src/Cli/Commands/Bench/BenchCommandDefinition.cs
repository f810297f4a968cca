using System.CommandLine;

namespace VmafTiny.Cli.Commands.Bench;

/// <summary>Definition of <c>bench REF DIST [--libvmaf PATH]</c>: whole-process timing against libvmaf, or per CPU path.</summary>
internal static class BenchCommandDefinition
{
    public static readonly Option<string?> Libvmaf = new("--libvmaf")
    {
        Description = "libvmaf's vmaf tool to time against (same model and threads, alternating runs); without it, vmaf-tiny alone on each CPU path",
        HelpName = "PATH",
    };

    public static readonly Option<int> Runs = new("--runs")
    {
        Description = "Timed runs of each command (the median is reported)",
        DefaultValueFactory = _ => 3,
        HelpName = "N",
        Validators = { r => AtLeast(r, 1) },
    };

    public static readonly Option<int> Warmup = new("--warmup")
    {
        Description = "Untimed runs of each command first",
        DefaultValueFactory = _ => 1,
        HelpName = "N",
        Validators = { r => AtLeast(r, 0) },
    };

    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "Threads for both tools (default: all cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        Validators = { r => AtLeast(r, 1) },
    };

    public static readonly Option<string> Model = new("--model", "-m")
    {
        Description = "vmaf_v0.6.1 (default) or a libvmaf model .json: a model both tools run",
        DefaultValueFactory = _ => "vmaf_v0.6.1",
        HelpName = "NAME|PATH",
    };

    public static readonly Option<string?> VmafTiny = new("--vmaf-tiny")
    {
        Description = "The vmaf-tiny to time (default: this one)",
        HelpName = "PATH",
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var reference = CommonOptions.Reference();
        var distorted = CommonOptions.Distorted();
        var quiet = CommonOptions.QuietOption("Print the results only (and errors), no progress line per run");
        var command = new Command(
            "bench",
            "Time vmaf-tiny against libvmaf's vmaf as whole processes (kernel-accounted wall, CPU, peak RSS; medians of alternating runs) and check that their scores agree")
        {
            reference, distorted, Libvmaf, Runs, Warmup, Threads, Model, VmafTiny, quiet,
        };
        command.SetAction(r => BenchCommand.Run(
            new BenchSettings(
                r.GetValue(reference)!, r.GetValue(distorted)!, r.GetValue(Libvmaf), r.GetValue(Runs), r.GetValue(Warmup), r.GetValue(Threads),
                r.GetValue(Model) ?? "vmaf_v0.6.1", r.GetValue(VmafTiny), r.GetValue(quiet)),
            stdout,
            stderr));
        return command;
    }

    private static void AtLeast(System.CommandLine.Parsing.OptionResult result, int minimum)
    {
        if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, out int v) && v < minimum)
        {
            result.AddError($"{result.Option.Name} must be at least {minimum}, not {v}");
        }
    }
}

/// <summary>The <c>bench</c> command line.</summary>
internal sealed record BenchSettings(
    string Reference, string Distorted, string? Libvmaf, int Runs, int Warmup, int Threads, string Model, string? VmafTiny, bool Quiet);
