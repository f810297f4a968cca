using System.Globalization;
using VmafTiny.Batch;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands.Batch;

/// <summary>Runs <c>batch</c>: reads the manifest, checks the summary's paths, runs the pairs (<see cref="BatchRunner"/>), writes the summary.</summary>
internal static class BatchCommand
{
    public static async Task<int> RunAsync(
        string manifestPath, int jobs, string? summaryBase, bool force, bool quiet, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        (IReadOnlyList<BatchPair> pairs, string csvPath, string jsonPath) = ReadManifest(manifestPath, summaryBase);
        BatchSummary summary;
        // A signal during a pair's log write ends the process there (Interruption): its one line then says this too.
        using IDisposable note = Interruption.Noting(ResumeNote);
        try
        {
            summary = await BatchRunner.RunAsync(
                pairs,
                new BatchOptions { Jobs = jobs, Force = force },
                PairReporter(pairs.Count, quiet, stderr),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C (or SIGTERM): the pairs that ended have their logs, written whole; the others have none. One line
            // and the exit code of an interrupted process, as score gives, rather than an internal error.
            // Printed once: the signal handler may have printed its line already (a pair's write abandoned).
            if (Interruption.TryReport())
            {
                stderr.WriteLine($"vmaf-tiny: interrupted; {ResumeNote}");
            }

            return VmafTinyCli.ExitInterrupted;
        }

        return WriteSummary(summary, csvPath, jsonPath, stdout);
    }

    /// <summary>What an interrupted batch can say of its logs, in its one line.</summary>
    internal const string ResumeNote = "the logs written so far are complete: run the batch again to resume";

    /// <summary>
    /// What <c>batch</c> and <c>cluster submit</c> do first: read the manifest's pairs and check the summary's two paths
    /// (BASE.csv and BASE.json; BASE defaults to the manifest's name + ".summary"), which may be none of the files the
    /// pairs read or write: refused before any pair runs.
    /// </summary>
    internal static (IReadOnlyList<BatchPair> Pairs, string CsvPath, string JsonPath) ReadManifest(string manifestPath, string? summaryBase)
    {
        IReadOnlyList<BatchPair> pairs = BatchManifest.ReadFile(manifestPath);
        summaryBase ??= Path.Combine(Path.GetDirectoryName(manifestPath) ?? string.Empty, Path.GetFileNameWithoutExtension(manifestPath) + ".summary");
        string csvPath = summaryBase + ".csv", jsonPath = summaryBase + ".json";
        string[] files = [manifestPath, .. pairs.SelectMany(p => new[] { p.Reference, p.Distorted, p.Output })];
        LogTarget.Open(csvPath, files, "the summary");
        LogTarget.Open(jsonPath, files, "the summary");
        return (pairs, csvPath, jsonPath);
    }

    /// <summary>What <c>batch</c> and <c>cluster submit</c> print as each pair ends: a line per pair (only failures when quiet).</summary>
    internal static Action<BatchPairResult> PairReporter(int total, bool quiet, TextWriter stderr)
    {
        int done = 0;
        return r =>
        {
            done++;
            if (quiet && r.Status != BatchStatus.Failed)
            {
                return;
            }

            if (r.Note is not null)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vmaf-tiny: pair {r.Pair.Number} (line {r.Pair.Line}): {Printable.Escape(r.Note)}"));
            }

            string scores = string.Join(", ", r.Scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Label} {s.Mean:F6}")));
            string what = r.Status == BatchStatus.Failed ? $"failed: {r.Error}" : string.Create(CultureInfo.InvariantCulture, $"{BatchSummary.StatusName(r.Status)}, {r.Frames} frames{(scores.Length > 0 ? ", " : string.Empty)}{scores}");
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vmaf-tiny: [{done}/{total}] pair {r.Pair.Number} (line {r.Pair.Line}) {what}"));
        };
    }

    /// <summary>Writes the summary files and the closing line of <c>batch</c> and <c>cluster submit</c>; the exit code (1 when a pair failed).</summary>
    internal static int WriteSummary(BatchSummary summary, string csvPath, string jsonPath, TextWriter stdout)
    {
        summary.WriteFiles(csvPath, jsonPath);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.Ok} scored, {summary.Skipped} skipped (complete), {summary.Failed} failed; summary: {csvPath}, {jsonPath}"));
        stdout.Flush();
        return summary.Failed > 0 ? 1 : 0;
    }
}
