using System.Text.Json;
using VmafTiny.Batch;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Golden;
using VmafTiny.Tests.Segments;

namespace VmafTiny.Tests.Batch;

/// <summary>
/// vmaf-tiny batch end to end: every pair's log equals its own score run, a failing pair is in the summary and the
/// exit code but stops nothing, a re-run skips complete logs and redoes damaged ones, and a segment row writes a
/// segment log that merges.
/// </summary>
public sealed class BatchRunTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-batch-{Guid.NewGuid():N}");

    public BatchRunTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void A_manifest_scores_every_pair_reports_failures_and_resumes()
    {
        string r1 = GoldenClips.ReferencePath("g08_flat_420p8_192x108"), d1 = GoldenClips.DistortedPath("g08_flat_420p8_192x108");
        string r2 = GoldenClips.ReferencePath("g10_blurnoise_420p12_160x90"), d2 = GoldenClips.DistortedPath("g10_blurnoise_420p12_160x90");
        File.WriteAllText(P("m.csv"),
            "reference,distorted,output,model,frames\n" +
            $"{r1},{d1},a.json,vmaf_v0.6.1,\n" +
            $"{r2},missing.y4m,b.json,,\n" +
            $"{r2},{d2},c.xml,,\n" +
            $"{r1},{d1},seg0.json,vmaf_v0.6.1,0:3\n" +
            $"{r1},{d1},seg1.json,vmaf_v0.6.1,3:\n");

        var run = CliRunner.Run("batch", P("m.csv"), "--jobs", "2");
        Assert.Equal(1, run.ExitCode);                                       // one pair failed
        Assert.Contains("4 scored, 0 skipped (complete), 1 failed", run.Stdout);
        Assert.Contains("pair 2 (line 3) failed: ", run.Stderr);
        Assert.Contains("missing.y4m", run.Stderr);

        // Each log is the one score writes for that pair.
        var svm = new VmafOptions { Model = "vmaf_v0.6.1" };
        SegmentRuns.AssertSameLog(SegmentRuns.Whole(r1, d1, svm), File.ReadAllText(P("a.json")), "pair 1");
        SegmentRuns.AssertSameLog(SegmentRuns.Whole(r2, d2, new VmafOptions(), LogFormat.Xml), File.ReadAllText(P("c.xml")), "pair 3");
        Assert.False(File.Exists(P("b.json")));
        var merged = CliRunner.Run("merge", P("seg1.json"), P("seg0.json"), "-o", P("merged.json"), "-q");
        Assert.Equal(0, merged.ExitCode);
        SegmentRuns.AssertSameLog(File.ReadAllText(P("a.json")), File.ReadAllText(P("merged.json")), "segment rows merged");

        // The summary, CSV and JSON: every pair, its status, frames, scores (the logs' pooled means) and error.
        string[] csv = File.ReadAllLines(P("m.summary.csv"));
        Assert.Equal("pair,line,reference,distorted,output,status,frames,vmaf_v0.6.1,vmaf_tiny_v2,error", csv[0]);
        Assert.Equal(6, csv.Length);
        double mean = Vmaf.Score(r1, d1, svm).PooledScore!.Value.Mean;
        Assert.Equal($"1,2,{r1},{d1},{P("a.json")},ok,6,{mean.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)},,", csv[1]);
        Assert.StartsWith($"2,3,{r2},{P("missing.y4m")},{P("b.json")},failed,,,,", csv[2]);
        Assert.Contains("missing.y4m", csv[2]);
        using (JsonDocument json = JsonDocument.Parse(File.ReadAllText(P("m.summary.json"))))
        {
            Assert.Equal(1, json.RootElement.GetProperty("failed").GetInt32());
            JsonElement[] rows = json.RootElement.GetProperty("pairs").EnumerateArray().ToArray();
            Assert.Equal(["ok", "failed", "ok", "ok", "ok"], rows.Select(r => r.GetProperty("status").GetString()));
            Assert.Equal(Math.Round(mean, 6), rows[0].GetProperty("scores").GetProperty("vmaf_v0.6.1").GetDouble());
            Assert.Equal(JsonValueKind.String, rows[1].GetProperty("error").ValueKind);
            Assert.Equal(3, rows[3].GetProperty("frames").GetInt32());
        }

        // A re-run skips the complete logs (untouched), redoes a damaged one and retries the failure.
        DateTime written = File.GetLastWriteTimeUtc(P("a.json"));
        string cut = File.ReadAllText(P("c.xml"));
        File.WriteAllText(P("c.xml"), cut[..(cut.Length / 2)]);
        var again = CliRunner.Run("batch", P("m.csv"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("1 scored, 3 skipped (complete), 1 failed", again.Stdout);
        Assert.Equal(written, File.GetLastWriteTimeUtc(P("a.json")));
        SegmentRuns.AssertSameLog(SegmentRuns.Whole(r2, d2, new VmafOptions(), LogFormat.Xml), File.ReadAllText(P("c.xml")), "pair 3 redone");
        Assert.Equal(csv[1], File.ReadAllLines(P("m.summary.csv"))[1].Replace(",skipped,", ",ok,", StringComparison.Ordinal));

        // With every input there, --force redoes everything and the batch succeeds.
        File.WriteAllText(P("m.csv"), string.Join('\n', File.ReadAllLines(P("m.csv")).Where(l => !l.Contains("missing.y4m", StringComparison.Ordinal))) + "\n");
        var forced = CliRunner.Run("batch", P("m.csv"), "--force", "-q", "--summary", P("s"));
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("4 scored, 0 skipped", forced.Stdout);
        Assert.True(File.Exists(P("s.csv")) && File.Exists(P("s.json")));
    }

    [Fact]
    public void A_segment_log_of_another_range_pair_or_setting_is_not_taken_as_complete()
    {
        // A re-run after the row changed: the old segment log records what it was made of, so it is scored again
        // rather than skipped as this row's log.
        string r = GoldenClips.ReferencePath("g08_flat_420p8_192x108"), d = GoldenClips.DistortedPath("g08_flat_420p8_192x108");
        string r2 = GoldenClips.ReferencePath("g10_blurnoise_420p12_160x90"), d2 = GoldenClips.DistortedPath("g10_blurnoise_420p12_160x90");
        BatchPair Row(string reference, string distorted, string frames, string subsample = "") => BatchManifest.Parse(
            $"reference,distorted,output,frames,subsample\n{reference},{distorted},seg.json,{frames},{subsample}\n", "m.csv", _dir)[0];
        (BatchStatus, int) Run(BatchPair pair)
        {
            BatchPairResult result = BatchRunner.RunOne(pair, threads: 1);
            Assert.True(result.Error is null, result.Error);
            return (result.Status, result.Frames);
        }

        Assert.Equal((BatchStatus.Ok, 3), Run(Row(r, d, "0:3")));
        Assert.Equal((BatchStatus.Skipped, 3), Run(Row(r, d, "0:3")));
        Assert.Equal((BatchStatus.Ok, 5), Run(Row(r, d, "0:5")));             // a longer range
        Assert.Equal((BatchStatus.Ok, 6), Run(Row(r, d, "0:")));              // to the end: 0:5 is not the last segment
        Assert.Equal((BatchStatus.Skipped, 6), Run(Row(r, d, "0:100")));      // the videos end at 6: the same frames
        Assert.Equal((BatchStatus.Ok, 3), Run(Row(r, d, "0:", "2")));         // another setting
        Assert.Equal((BatchStatus.Ok, 3), Run(Row(r2, d2, "0:", "2")));       // another pair
        Assert.Equal((BatchStatus.Skipped, 3), Run(Row(r2, d2, "0:", "2")));
    }

    [Fact]
    public void A_whole_log_of_another_pair_range_model_or_changed_input_is_scored_again()
    {
        // A whole run's log (libvmaf's layout) has no room for what it was made of: its record beside it says, and a
        // re-run scores the row again when the record does not match the row. Before, every complete log was skipped
        // (a stale score, exit 0) unless --force.
        string r = Copy(GoldenClips.ReferencePath("g08_flat_420p8_192x108"), "r.y4m");
        string d = Copy(GoldenClips.DistortedPath("g08_flat_420p8_192x108"), "d.y4m");
        string d2 = Copy(GoldenClips.ReferencePath("g08_flat_420p8_192x108"), "d2.y4m");
        BatchPair Row(string distorted, string options = ",") => BatchManifest.Parse(
            $"reference,distorted,output,frame-count,model\n{r},{distorted},w.json,{options}\n", "m.csv", _dir)[0];
        (BatchStatus, int, string?) Run(BatchPair pair)
        {
            BatchPairResult result = BatchRunner.RunOne(pair, threads: 1);
            Assert.True(result.Error is null, result.Error);
            return (result.Status, result.Frames, result.Note);
        }

        Assert.Equal((BatchStatus.Ok, 6, null), Run(Row(d)));
        Assert.True(File.Exists(BatchSource.PathFor(P("w.json"))));
        SegmentRuns.AssertSameLog(SegmentRuns.Whole(r, d, new VmafOptions()), File.ReadAllText(P("w.json")), "the log is still score's");
        Assert.Equal(BatchStatus.Skipped, Run(Row(d)).Item1);

        var other = Run(Row(d2));                                             // another distorted video
        Assert.Equal(BatchStatus.Ok, other.Item1);
        Assert.Contains($"made of {d}, not {d2}", other.Item3);
        Assert.Equal(BatchStatus.Skipped, Run(Row(d2)).Item1);
        var limited = Run(Row(d2, "4,"));                                      // a frame limit
        Assert.Equal((BatchStatus.Ok, 4), (limited.Item1, limited.Item2));
        Assert.Equal(BatchStatus.Ok, Run(Row(d2, "4,vmaf_v0.6.1")).Item1);      // another model
        Assert.Equal(BatchStatus.Skipped, Run(Row(d2, "4,vmaf_v0.6.1")).Item1);

        // The same file re-encoded at the same path (here: a byte changed in its last frame, a later time).
        SegmentRuns.Touch(d2, bytes => bytes[^100] ^= 0x40);
        var changed = Run(Row(d2, "4,vmaf_v0.6.1"));
        Assert.Equal(BatchStatus.Ok, changed.Item1);
        Assert.Contains($"{d2} changed since (", changed.Item3);
        Assert.Equal(BatchStatus.Skipped, Run(Row(d2, "4,vmaf_v0.6.1")).Item1);

        // A log without a record (written by score, or an older vmaf-tiny), or changed since its record, is never trusted.
        File.Delete(BatchSource.PathFor(P("w.json")));
        Assert.Contains("no record of its inputs", Run(Row(d2, "4,vmaf_v0.6.1")).Item3);
        File.AppendAllText(P("w.json"), " ");
        Assert.Contains("changed since its record", Run(Row(d2, "4,vmaf_v0.6.1")).Item3);
        Assert.Equal(BatchStatus.Skipped, Run(Row(d2, "4,vmaf_v0.6.1")).Item1);

        // Something at the record's path that vmaf-tiny did not write is kept, and the pair fails before any work.
        File.WriteAllText(BatchSource.PathFor(P("w.json")), "not a record");
        BatchPairResult refused = BatchRunner.RunOne(Row(d), threads: 1);
        Assert.Equal(BatchStatus.Failed, refused.Status);
        Assert.Contains("is not vmaf-tiny's record", refused.Error);
        Assert.Equal("not a record", File.ReadAllText(BatchSource.PathFor(P("w.json"))));
    }

    [Fact]
    public void A_segment_log_of_an_input_changed_since_is_scored_again()
    {
        string r = GoldenClips.ReferencePath("g08_flat_420p8_192x108");
        string d = Copy(GoldenClips.DistortedPath("g08_flat_420p8_192x108"), "d.y4m");
        BatchPair row = BatchManifest.Parse($"reference,distorted,output,frames\n{r},{d},seg.json,0:3\n", "m.csv", _dir)[0];
        Assert.Equal(BatchStatus.Ok, BatchRunner.RunOne(row, threads: 1).Status);
        Assert.Equal(BatchStatus.Skipped, BatchRunner.RunOne(row, threads: 1).Status);
        SegmentRuns.Touch(d, bytes => bytes[^100] ^= 0x40);
        BatchPairResult again = BatchRunner.RunOne(row, threads: 1);
        Assert.Equal(BatchStatus.Ok, again.Status);
        Assert.Contains($"{d} changed since (modified ", again.Note);
    }

    [Fact]
    public void A_stale_log_is_said_in_one_line_on_the_command_line()
    {
        string r = GoldenClips.ReferencePath("g08_flat_420p8_192x108"), d = GoldenClips.DistortedPath("g08_flat_420p8_192x108");
        File.WriteAllText(P("m.csv"), $"reference,distorted,output\n{r},{d},a.json\n");
        Assert.Equal(0, CliRunner.Run("batch", P("m.csv"), "-q").ExitCode);
        File.WriteAllText(P("m.csv"), $"reference,distorted,output,subsample\n{r},{d},a.json,2\n");
        var run = CliRunner.Run("batch", P("m.csv"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 scored, 0 skipped", run.Stdout);
        Assert.Single(run.ErrorLines, l => l.StartsWith($"vmaf-tiny: pair 1 (line 2): {P("a.json")} was not this row's log (other settings: ", StringComparison.Ordinal) &&
                                           l.EndsWith("): scored again", StringComparison.Ordinal));
    }

    private string Copy(string from, string name)
    {
        File.Copy(from, P(name));
        return P(name);
    }

    [Fact]
    public async Task Ctrl_c_is_one_line_and_exit_130_not_an_internal_error()
    {
        // System.CommandLine cancels the command's token on SIGINT; the batch used to end with
        // "internal error (TaskCanceledException)" and exit 1.
        string r = GoldenClips.ReferencePath("g08_flat_420p8_192x108"), d = GoldenClips.DistortedPath("g08_flat_420p8_192x108");
        File.WriteAllText(P("m.csv"), $"reference,distorted,output\n{r},{d},a.json\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await VmafTiny.Cli.Commands.Batch.BatchCommand.RunAsync(P("m.csv"), 1, null, false, false, stdout, stderr, new CancellationToken(canceled: true));
        Assert.Equal(130, code);
        Assert.Equal("vmaf-tiny: interrupted; the logs written so far are complete: run the batch again to resume", stderr.ToString().Trim());
        Assert.False(File.Exists(P("a.json")));
        Assert.False(File.Exists(P("m.summary.csv")));
    }

    [Fact]
    public async Task The_library_runs_a_manifest_without_the_command_line()
    {
        string r = GoldenClips.ReferencePath("g08_flat_420p8_192x108"), d = GoldenClips.DistortedPath("g08_flat_420p8_192x108");
        IReadOnlyList<BatchPair> pairs = BatchManifest.Parse(
            $"{{\"reference\": \"{r}\", \"distorted\": \"{d}\", \"output\": \"x.csv\", \"model\": \"vmaf_v0.6.1\"}}\n", "m.jsonl", _dir);
        var heard = new List<BatchPairResult>();
        BatchSummary summary = await BatchRunner.RunAsync(pairs, new BatchOptions { Jobs = 1 }, heard.Add);
        Assert.Equal((1, 0, 0), (summary.Ok, summary.Skipped, summary.Failed));
        Assert.Single(heard);
        Assert.Equal(Vmaf.Score(r, d, new VmafOptions { Model = "vmaf_v0.6.1" }).PooledScore!.Value.Mean, summary.Results[0].Scores[0].Mean);     // the result holds the double
        Assert.Equal(BatchStatus.Skipped, BatchRunner.RunOne(pairs[0]).Status);     // CSV logs resume too
    }
}
