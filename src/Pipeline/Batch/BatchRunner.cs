using System.Diagnostics;
using VmafTiny.IO;
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
    /// Score every pair even where its log is already complete and valid (see <see cref="BatchRunner.ExistingLog(BatchPair)"/>);
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
public sealed record BatchPairResult(BatchPair Pair, BatchStatus Status, int Frames, IReadOnlyList<BatchScore> Scores, string? Error, TimeSpan Elapsed)
{
    /// <summary>
    /// Set when the pair's output already held a complete log that was not this row's (other inputs, an input changed
    /// since, other settings, or no record of what it was made of), so it was scored again: one line saying why.
    /// </summary>
    public string? Note { get; init; }
}

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
            string? stale = null;
            if (!force && ExistingLog(pair, out stale) is { } done)
            {
                return new BatchPairResult(pair, BatchStatus.Skipped, done.Frames.Count, Scores(done, pair), null, clock.Elapsed);
            }

            LogTarget target = OpenOutput(pair);
            VmafOptions options = pair.Options.Threads > 0 || threads <= 0 ? pair.Options : pair.Options with { Threads = threads };
            VmafResult result = Vmaf.Score(pair.Reference, pair.Distorted, options, null, cancellationToken);
            VmafLog log = result.ToLog();
            target.Write(log, pair.Format, pair.Precision);
            if (options.Frames is null)
            {
                WriteSource(pair, target, result.ReferenceFile, result.DistortedFile);
            }

            var scores = result.Models.Select(m => new BatchScore(m.Label, m.Name, log.Pooled.First(p => p.Key == m.Name).Values.Mean)).ToArray();
            return new BatchPairResult(pair, BatchStatus.Ok, log.Frames.Count, scores, null, clock.Elapsed)
            {
                Note = stale is null ? null : $"{pair.Output} was not this row's log ({stale}): scored again",
            };
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
    /// none) and a score for each of the pair's models in every frame, and was made of this row (see
    /// <see cref="ExistingLog(BatchPair, out string?)"/>). Logs are written atomically, so a complete one is one a run finished.
    /// </summary>
    public static VmafLog? ExistingLog(BatchPair pair) => ExistingLog(pair, out _);

    /// <summary>
    /// <see cref="ExistingLog(BatchPair)"/>, saying in <paramref name="stale"/> why a complete log is not this row's: a
    /// log records what it was made of (a segment log in its <c>segment</c> object, a whole run's log in its
    /// <see cref="BatchSource"/> record beside it), and it is this row's only when the row names the same inputs,
    /// unchanged since (<see cref="FileIdentity"/>), and the same settings. A log with no such record (written by
    /// <c>score</c>, or by a vmaf-tiny that did not record it) is not trusted: it is scored again.
    /// </summary>
    public static VmafLog? ExistingLog(BatchPair pair, out string? stale)
    {
        ArgumentNullException.ThrowIfNull(pair);
        stale = null;
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
            (pair.Options.Frames is FrameRange r && !SameSegment(log.Segment!, r)))
        {
            return null;
        }

        string[] keys = ScoreKeys(pair);
        if (!keys.All(k => log.Frames.All(f => f.Metrics.Any(m => m.Key == k))))
        {
            return null;
        }

        stale = log.Segment is { } s
            ? Mismatch(pair, s.Reference, s.Distorted, s.ReferenceFile, s.DistortedFile, s.Settings)
            : WholeMismatch(pair);
        return stale is null ? log : null;
    }

    /// <summary>
    /// Writes the record of what a whole run's log was made of beside it (<see cref="BatchSource"/>); nothing for a
    /// log written in place (a device or FIFO: nothing to resume).
    /// </summary>
    /// <param name="pair">The pair.</param>
    /// <param name="target">Where its log was just written.</param>
    /// <param name="reference">The reference's identity from before the run opened it.</param>
    /// <param name="distorted">The distorted video's identity from before the run opened it.</param>
    /// <exception cref="VmafTinyException">The record cannot be written (the log stands; a re-run scores it again).</exception>
    public static void WriteSource(BatchPair pair, LogTarget target, FileIdentity? reference, FileIdentity? distorted)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Kind != LogTargetKind.AtomicFile)
        {
            return;
        }

        string hash;
        try
        {
            hash = BatchSource.HashFile(pair.Output);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VmafTinyException($"{pair.Output}: cannot read the log back: {e.Message}", e);
        }

        new BatchSource(pair.Reference, pair.Distorted, reference, distorted, pair.Options.ValueSettings(), hash).Write(pair.Output);
    }

    /// <summary>
    /// Whether a segment log is the range <paramref name="range"/> asks for: the same start, and the same end: <c>B</c>,
    /// or less where the videos end first (the log is then the pair's last), or, for <c>A:</c>, a last segment.
    /// </summary>
    private static bool SameSegment(LogSegment segment, FrameRange range) =>
        segment.Start == range.Start &&
        (range.End is int end ? segment.End == end || (segment.Last && segment.End < end) : segment.Last);

    /// <summary>Why a whole run's log is not this row's (see <see cref="Mismatch"/>), or null when it is.</summary>
    private static string? WholeMismatch(BatchPair pair)
    {
        if (BatchSource.Read(pair.Output) is not { } source)
        {
            return "no record of its inputs and settings beside it: written by score or an older vmaf-tiny";
        }

        try
        {
            if (BatchSource.HashFile(pair.Output) != source.LogSha256)
            {
                return "changed since its record was written";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }

        return Mismatch(pair, source.Reference, source.Distorted, source.ReferenceFile, source.DistortedFile, source.Settings);
    }

    /// <summary>
    /// The one check of what a log was made of against the row, for segment and whole logs alike: null when the row
    /// asks for the same settings and its inputs are the files the log read, unchanged (same size, time and hash of
    /// their ends: the path may be spelled otherwise); else why not, in a few words naming the file. An input the log
    /// could not identify (a pipe, standard input, a log from before identities were recorded), or that cannot be
    /// identified now, is never taken as unchanged.
    /// </summary>
    private static string? Mismatch(BatchPair pair, string reference, string distorted, FileIdentity? referenceFile, FileIdentity? distortedFile, string settings)
    {
        foreach ((string was, FileIdentity? then, string now) in new[] { (reference, referenceFile, pair.Reference), (distorted, distortedFile, pair.Distorted) })
        {
            FileIdentity? current = FileIdentity.Of(now);
            if (then is null)
            {
                return $"it does not identify {was} (a pipe, or a log from before vmaf-tiny recorded its inputs)";
            }

            if (current is null)
            {
                return $"{now} cannot be identified now (not a regular file, or unreadable)";
            }

            if (!then.SameContent(current))
            {
                return then.FullPath == current.FullPath
                    ? $"{now} changed since ({then.Difference(current)})"
                    : $"made of {was}, not {now}";
            }
        }

        string want = pair.Options.ValueSettings();
        return settings == want ? null : $"other settings: {settings}";
    }

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
        LogTarget target = LogTarget.Open(pair.Output, inputs);
        if (pair.Options.Frames is null && target.Kind == LogTargetKind.AtomicFile)
        {
            BatchSource.CheckPath(pair.Output);
        }

        return target;
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
