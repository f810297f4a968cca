using System.Diagnostics;
using VmafTiny.Score;
using VmafTiny.Score.Logs;

namespace VmafTiny.Batch;

/// <summary>How a batch runs.</summary>
public sealed record BatchOptions
{
    /// <summary>
    /// Pairs scored at once; 0 (default) means one per core. Memory is bounded by this: each pair's run holds a
    /// bounded number of frames in flight, and no more than this many runs are open.
    /// </summary>
    public int Jobs { get; init; }

    /// <summary>
    /// Score every pair even where its log is already complete and valid (see <see cref="BatchRunner.ExistingLog"/>);
    /// by default such pairs are skipped, so a re-run resumes an interrupted batch.
    /// </summary>
    public bool Force { get; init; }
}

/// <summary>What became of a pair.</summary>
public enum BatchStatus
{
    /// <summary>Scored, and its log written.</summary>
    Ok,

    /// <summary>Its log was already complete and valid (resumed); its figures are read from that log.</summary>
    Skipped,

    /// <summary>It failed: <see cref="BatchPairResult.Error"/> says why, and no log was written.</summary>
    Failed,
}

/// <summary>One pooled score of a pair: the model as the console names it and its log key, and the mean.</summary>
/// <param name="Label">The model's name (<c>vmaf_tiny_v2</c>, <c>vmaf_v0.6.1</c>, a file).</param>
/// <param name="Key">The score's key in the log (<c>vmaf</c>, or the model string's <c>name=</c>).</param>
/// <param name="Mean">The mean over the frames, as the log's pooled mean.</param>
public sealed record BatchScore(string Label, string Key, double Mean);

/// <summary>The outcome of one pair.</summary>
/// <param name="Pair">The pair.</param>
/// <param name="Status">Scored, skipped or failed.</param>
/// <param name="Frames">Frames in its log (0 for a failure).</param>
/// <param name="Scores">Each model's pooled mean (empty for a failure).</param>
/// <param name="Error">One line saying why it failed, else null.</param>
/// <param name="Elapsed">Time spent on it.</param>
public sealed record BatchPairResult(BatchPair Pair, BatchStatus Status, int Frames, IReadOnlyList<BatchScore> Scores, string? Error, TimeSpan Elapsed);

/// <summary>
/// Scores the pairs of a manifest on this machine: several pairs at once (<see cref="BatchOptions.Jobs"/>, one per
/// core by default), the cores shared among them (each pair gets <c>cores / jobs</c> feature threads unless its
/// row says <c>threads</c>). Each pair's log is written by the output rules of <see cref="LogTarget"/> (atomically:
/// a log file is whole or absent). A failing pair does not stop the others: its one-line error is its result.
/// A pair whose log is already complete and valid is skipped (resume), unless <see cref="BatchOptions.Force"/>.
/// </summary>
public static class BatchRunner
{
    /// <summary>Runs every pair and returns their results in manifest order; <paramref name="onPair"/> hears of each as it ends (from any thread, one at a time).</summary>
    public static async Task<BatchSummary> RunAsync(
        IReadOnlyList<BatchPair> pairs, BatchOptions? options = null, Action<BatchPairResult>? onPair = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        options ??= new BatchOptions();
        int jobs = Math.Max(1, Math.Min(options.Jobs > 0 ? options.Jobs : Environment.ProcessorCount, pairs.Count));
        int threads = Math.Max(1, Environment.ProcessorCount / jobs);
        var results = new BatchPairResult[pairs.Count];
        var gate = new object();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, pairs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                BatchPairResult result = await Task.Factory.StartNew(
                    () => RunOne(pairs[i], threads, options.Force, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                results[i] = result;
                if (onPair is not null)
                {
                    lock (gate)
                    {
                        onPair(result);
                    }
                }
            }).ConfigureAwait(false);
        return new BatchSummary(results);
    }

    /// <summary>Scores one pair and writes its log, or skips it when its log is complete and valid; never throws for the pair's own problems.</summary>
    public static BatchPairResult RunOne(BatchPair pair, int threads = 0, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var clock = Stopwatch.StartNew();
        try
        {
            if (!force && ExistingLog(pair) is { } done)
            {
                return new BatchPairResult(pair, BatchStatus.Skipped, done.Frames.Count, Scores(done, pair), null, clock.Elapsed);
            }

            LogTarget target = OpenOutput(pair);
            VmafOptions options = pair.Options.Threads > 0 || threads <= 0 ? pair.Options : pair.Options with { Threads = threads };
            VmafResult result = Vmaf.Score(pair.Reference, pair.Distorted, options, null, cancellationToken);
            VmafLog log = result.ToLog();
            target.Write(log, pair.Format, pair.Precision);
            var scores = result.Models.Select(m => new BatchScore(m.Label, m.Name, log.Pooled.First(p => p.Key == m.Name).Values.Mean)).ToArray();
            return new BatchPairResult(pair, BatchStatus.Ok, log.Frames.Count, scores, null, clock.Elapsed);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is VmafTinyException or IOException or UnauthorizedAccessException or FormatException or OutOfMemoryException)
        {
            return new BatchPairResult(pair, BatchStatus.Failed, 0, [], ErrorText(e), clock.Elapsed);
        }
    }

    /// <summary>
    /// The pair's log when it is complete and valid, else null: the file reads back as a vmaf log (JSON, XML, CSV or
    /// sub) in the pair's format, with frames, pooled values for every metric (written last: a log cut short has
    /// none) and a score for each of the pair's models in every frame, and, for a segment pair, the same segment
    /// start. Logs are written atomically, so a complete one is one a run finished.
    /// </summary>
    public static VmafLog? ExistingLog(BatchPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (!File.Exists(pair.Output))
        {
            return null;
        }

        VmafLog log;
        try
        {
            log = LogReader.ReadFile(pair.Output, out LogFormat format);
            if (format != pair.Format)
            {
                return null;
            }
        }
        catch (VmafTinyException)
        {
            return null;
        }

        if (log.Frames.Count == 0 || (pair.Format is LogFormat.Json or LogFormat.Xml && log.Pooled.Count == 0))
        {
            return null;
        }

        if ((pair.Options.Frames is FrameRange) != (log.Segment is not null) ||
            (pair.Options.Frames is FrameRange r && !SameSegment(log.Segment!, pair, r)))
        {
            return null;
        }

        string[] keys = ScoreKeys(pair);
        return keys.All(k => log.Frames.All(f => f.Metrics.Any(m => m.Key == k))) ? log : null;
    }

    /// <summary>
    /// Whether a segment log is the one <paramref name="pair"/>'s row asks for: the same inputs and value settings (the
    /// log records them), the same start, and the same end: <c>B</c>, or less where the videos end first (the log is
    /// then the pair's last), or, for <c>A:</c>, a last segment.
    /// </summary>
    private static bool SameSegment(LogSegment segment, BatchPair pair, FrameRange range) =>
        segment.Start == range.Start &&
        (range.End is int end ? segment.End == end || (segment.Last && segment.End < end) : segment.Last) &&
        segment.Reference == pair.Reference && segment.Distorted == pair.Distorted &&
        segment.Settings == pair.Options.ValueSettings();

    /// <summary>The log keys of the pair's model scores (<c>vmaf</c> unless a model string names it).</summary>
    private static string[] ScoreKeys(BatchPair pair) =>
        pair.Options.EffectiveModels.Select(m => ModelSpec.Parse(m).LogKey).ToArray();

    /// <summary>
    /// Checks that the pair's log may be written at its output (never over one of its inputs or its models, never a
    /// file the tool may not replace) and opens it, as <c>score</c> does; written atomically by the target.
    /// </summary>
    public static LogTarget OpenOutput(BatchPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        IEnumerable<string> inputs = [pair.Reference, pair.Distorted, .. pair.Options.EffectiveModels.Where(File.Exists)];
        return LogTarget.Open(pair.Output, inputs);
    }

    /// <summary>A pair's error as the summary shows it: one printable line (the type named unless it is the tool's own error).</summary>
    public static string ErrorText(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string message = e is VmafTinyException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        return Printable.Escape(message.ReplaceLineEndings(" "));
    }

    /// <summary>A pair's scores from its log: the pooled means the log holds (JSON, XML), else the mean of its frames (CSV, sub).</summary>
    public static BatchScore[] Scores(VmafLog log, BatchPair pair)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(pair);
        string[] keys = ScoreKeys(pair);
        return pair.Options.EffectiveModels.Select((m, i) =>
        {
            double mean = log.Pooled.FirstOrDefault(p => p.Key == keys[i]) is { } pooled
                ? pooled.Values.Mean
                : Pooling.Pool(log.Values(keys[i]), [new PoolMethod(PoolKind.Mean)])[0];
            return new BatchScore(ModelSpec.Parse(m).Label, keys[i], mean);
        }).ToArray();
    }
}
