using System.CommandLine;

namespace VmafTiny.Cli.Commands.Batch;

/// <summary>Definition of <c>batch MANIFEST</c>: many pairs from one command (<see cref="VmafTiny.Batch.BatchRunner"/>).</summary>
internal static class BatchCommandDefinition
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var manifest = new Argument<string>("MANIFEST")
        {
            Description = "CSV with a header row: reference,distorted,output and optional per-pair option columns named as score's long options " +
                          "(model, format, precision, width, height, pixel-format, bitdepth, threads, frame-count, frame-skip-ref, frame-skip-dist, frames, " +
                          "subsample, scale, no-autorotate); or JSON lines with the same keys. Relative paths are relative to the manifest's folder",
        };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Pairs scored at once (default: one per core); the cores are shared among them",
            HelpName = "N",
            Validators =
            {
                r =>
                {
                    if (r.Tokens.Count > 0 && (!int.TryParse(r.Tokens[^1].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1))
                    {
                        r.AddError($"--jobs must be a whole number of at least 1, not '{r.Tokens[^1].Value}'");
                    }
                },
            },
        };
        var summary = new Option<string?>("--summary")
        {
            Description = "Where the summary goes: BASE.csv and BASE.json (default: the manifest's path without its extension, plus .summary)",
            HelpName = "BASE",
        };
        var force = new Option<bool>("--force") { Description = "Score every pair again, also those whose logs are already complete (by default a re-run resumes)" };
        var quiet = CommonOptions.QuietOption("Print only failed pairs (and errors), not a line per pair");
        var command = new Command(
            "batch",
            "Score every pair of a manifest on all cores: each pair's log, a summary table (CSV and JSON); failing pairs are reported and the others go on (exit 1 at the end); a re-run skips pairs whose logs are complete")
        {
            manifest,
            jobs,
            summary,
            force,
            quiet,
        };
        command.SetAction((r, token) => BatchCommand.RunAsync(
            r.GetValue(manifest)!, r.GetValue(jobs), r.GetValue(summary), r.GetValue(force), r.GetValue(quiet), stdout, stderr, token));
        return command;
    }
}
