using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VmafTiny.Batch;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cluster;

/// <summary>How a manifest is submitted to the cluster.</summary>
public sealed record SubmitOptions
{
    /// <summary>Frames per segment (the last segment of a pair runs to its end).</summary>
    public int SegmentFrames { get; init; } = 300;

    /// <summary>Score every pair, also those whose logs are complete (by default they are skipped, as batch does).</summary>
    public bool Force { get; init; }

    /// <summary>How long a worker holds a segment without renewing it before it is handed out again.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Times a segment is handed out before its pair fails.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How often the job's progress is read.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the cluster may stay unreachable before the submitter gives up (the job goes on without it).</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Submits a batch manifest to the cluster and follows it to the end: every pair is checked and split here (its frame
/// count read as score reads it: y4m and raw by their size, encoded video by the container's count, an estimate the
/// segments correct), the job grain schedules and merges, and the outcome is a <see cref="BatchSummary"/> as batch's.
/// Submitting the same manifest again re-attaches to its job (the job id is the manifest's path and text).
/// </summary>
public static class ClusterSubmit
{
    /// <summary>The job id of a manifest: a hash of its full path, its text and how it is split.</summary>
    public static string JobId(string manifestPath, string text, SubmitOptions options)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(options);
        string key = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFullPath(manifestPath)}\n{options.SegmentFrames}\n{options.Force}\n{text}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    /// <summary>Splits <paramref name="frames"/> frames into segments of <paramref name="segmentFrames"/>, the last one open-ended (unknown: one open segment).</summary>
    public static IReadOnlyList<FrameRangeSpec> Split(long? frames, int segmentFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentFrames, 1);
        if (frames is not long total || total <= segmentFrames)
        {
            return [new FrameRangeSpec(0, null)];
        }

        var ranges = new List<FrameRangeSpec>();
        int start = 0;
        while (start + (long)segmentFrames < total)
        {
            ranges.Add(new FrameRangeSpec(start, start + segmentFrames));
            start += segmentFrames;
        }

        ranges.Add(new FrameRangeSpec(start, null));
        return ranges;
    }

    /// <summary>Reads the manifest and prepares the job: each pair skipped (complete log), failed (cannot be opened, or its log cannot be written) or split.</summary>
    /// <exception cref="InputException">The manifest cannot be read, is not valid, or has a <c>frames</c> column.</exception>
    public static (IReadOnlyList<BatchPair> Pairs, JobSpec Spec) Prepare(string manifestPath, SubmitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<BatchPair> pairs = BatchManifest.ReadFile(manifestPath);
        if (pairs.FirstOrDefault(p => p.Options.Frames is not null) is { } segment)
        {
            throw new InputException(manifestPath, string.Create(CultureInfo.InvariantCulture,
                $"line {segment.Line}: the cluster splits pairs into segments itself; the 'frames' column is for batch"));
        }

        string text = File.ReadAllText(manifestPath, Encoding.UTF8);
        var specs = pairs.Select(pair =>
        {
            if (!options.Force && BatchRunner.ExistingLog(pair) is not null)
            {
                return new PairSpec(pair.Number, [], true, null);
            }

            try
            {
                BatchRunner.OpenOutput(pair);
                using VmafRun run = VmafRun.Open(pair.Reference, pair.Distorted, pair.Options);
                return new PairSpec(pair.Number, Split(run.TotalFrames, options.SegmentFrames), false, null);
            }
            catch (Exception e) when (e is VmafTinyException or IOException or UnauthorizedAccessException or FormatException)
            {
                return new PairSpec(pair.Number, [], false, BatchRunner.ErrorText(e));
            }
        }).ToArray();
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath)) ?? ".";
        return (pairs, new JobSpec(manifestPath, text, baseDirectory, specs, options.Lease, options.MaxAttempts));
    }

    /// <summary>
    /// Submits the manifest (or re-attaches to its job), reports each pair as it ends through <paramref name="onPair"/>
    /// and progress through <paramref name="onProgress"/>, and returns the summary once every pair has ended.
    /// </summary>
    public static async Task<BatchSummary> RunAsync(
        IGrainFactory grains, string manifestPath, SubmitOptions options, Action<string>? onProgress = null, Action<BatchPairResult>? onPair = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        (IReadOnlyList<BatchPair> pairs, JobSpec spec) = Prepare(manifestPath, options);
        string id = JobId(manifestPath, spec.ManifestText, options);
        IJobGrain job = grains.GetGrain<IJobGrain>(id);

        JobView view = await Call(job.Status, options, cancellationToken).ConfigureAwait(false);
        if (!view.Exists)
        {
            view = await Call(() => job.Submit(spec), options, cancellationToken).ConfigureAwait(false);
            onProgress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"job {id}: {pairs.Count} pairs, {view.Pairs.Sum(p => p.Segments)} segments"));
        }
        else if (!view.Finished)
        {
            onProgress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"job {id}: re-attached ({view.Pairs.Sum(p => p.SegmentsDone)} of {view.Pairs.Sum(p => p.Segments)} segments done)"));
        }
        else if (options.Force || view.Pairs.Any(p => p.Status == PairStatus.Ok && BatchRunner.ExistingLog(pairs[p.Number - 1]) is null))
        {
            view = await Call(() => job.Restart(spec), options, cancellationToken).ConfigureAwait(false);
            onProgress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"job {id}: ran before, started again: {pairs.Count} pairs, {view.Pairs.Sum(p => p.Segments)} segments"));
        }
        else
        {
            onProgress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"job {id}: finished while away"));
        }

        var reported = new HashSet<int>();
        int lastDone = -1;
        DateTime lastLine = DateTime.MinValue;
        while (true)
        {
            foreach (PairView p in view.Pairs.Where(p => p.Status != PairStatus.Running && reported.Add(p.Number)))
            {
                onPair?.Invoke(Result(pairs[p.Number - 1], p));
            }

            if (view.Finished)
            {
                break;
            }

            int done = view.Pairs.Sum(p => p.SegmentsDone);
            if (done != lastDone && DateTime.UtcNow - lastLine > TimeSpan.FromSeconds(2))
            {
                onProgress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"job {id}: {done} of {view.Pairs.Sum(p => p.Segments)} segments done"));
                lastDone = done;
                lastLine = DateTime.UtcNow;
            }

            await Task.Delay(options.Poll, cancellationToken).ConfigureAwait(false);
            view = await Call(job.Status, options, cancellationToken).ConfigureAwait(false);
            if (!view.Exists)
            {
                // Its state is gone from grain storage: nothing will ever finish it, and waiting would be for ever.
                throw new VmafTinyException(string.Create(CultureInfo.InvariantCulture,
                    $"job {id}: its state is gone from the cluster's Redis (restarted without its data, or flushed), so its progress is lost: submit the manifest again to start it over"));
            }
        }

        int again = view.Pairs.Where(p => p.Status == PairStatus.Ok).Sum(p => Math.Max(0, p.HandOuts - p.SegmentsDone));
        onProgress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"job {id}: finished; {again} segments handed out again (their workers were lost or too slow)"));
        return new BatchSummary(view.Pairs.Select(p => Result(pairs[p.Number - 1], p)).ToArray());
    }

    private static BatchPairResult Result(BatchPair pair, PairView view) => view.Status switch
    {
        PairStatus.Ok => new BatchPairResult(pair, BatchStatus.Ok, view.Frames, view.Scores.Select(s => new BatchScore(s.Label, s.Key, s.Mean)).ToArray(), null, view.Elapsed),
        PairStatus.Skipped when BatchRunner.ExistingLog(pair) is not null => BatchRunner.RunOne(pair),
        PairStatus.Skipped => new BatchPairResult(pair, BatchStatus.Failed, 0, [], $"{pair.Output}: the complete log it had when the job was submitted is gone", TimeSpan.Zero),
        _ => new BatchPairResult(pair, BatchStatus.Failed, 0, [], view.Error, view.Elapsed),
    };

    /// <summary>A call to the job, retried while the cluster moves it (a silo died), up to <see cref="SubmitOptions.GiveUpAfter"/>.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call, SubmitOptions options, CancellationToken cancellationToken)
    {
        DateTime since = DateTime.UtcNow;
        while (true)
        {
            try
            {
                // WaitAsync: Ctrl-C is not held up by a call waiting out its response timeout (a job moving off a dead silo).
                return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not VmafTinyException)
            {
                if (DateTime.UtcNow - since > options.GiveUpAfter)
                {
                    throw new VmafTinyException($"lost the cluster ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); the job goes on without this submitter: submit the manifest again to re-attach");
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
