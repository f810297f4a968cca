namespace VmafTiny.Cluster;

/// <summary>A pair as submitted: its number and how it is split.</summary>
/// <param name="Number">The pair's number in the manifest.</param>
/// <param name="Ranges">Its segments, in frame order (the last one open-ended), or none for a pair that is not to run.</param>
/// <param name="Skipped">True when its log is already complete (resume): nothing runs.</param>
/// <param name="Error">Set when the pair failed before the cluster saw it (its inputs cannot be opened).</param>
[GenerateSerializer]
public sealed record PairSpec(
    [property: Id(0)] int Number,
    [property: Id(1)] IReadOnlyList<FrameRangeSpec> Ranges,
    [property: Id(2)] bool Skipped,
    [property: Id(3)] string? Error);

/// <summary>Frames [Start, End) (End null: to the end).</summary>
[GenerateSerializer]
public sealed record FrameRangeSpec([property: Id(0)] int Start, [property: Id(1)] int? End);

/// <summary>What a submitter hands the job grain.</summary>
/// <param name="ManifestName">The manifest's path (messages).</param>
/// <param name="ManifestText">The manifest's text.</param>
/// <param name="BaseDirectory">Where its relative paths start.</param>
/// <param name="Pairs">Every pair, in manifest order.</param>
/// <param name="Lease">How long a segment stays with a worker that does not renew it.</param>
/// <param name="MaxAttempts">Times a segment is handed out before its pair fails.</param>
[GenerateSerializer]
public sealed record JobSpec(
    [property: Id(0)] string ManifestName,
    [property: Id(1)] string ManifestText,
    [property: Id(2)] string BaseDirectory,
    [property: Id(3)] IReadOnlyList<PairSpec> Pairs,
    [property: Id(4)] TimeSpan Lease,
    [property: Id(5)] int MaxAttempts);

/// <summary>A segment handed to a worker.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Pair">The pair's number.</param>
/// <param name="Segment">The segment's index in the pair.</param>
/// <param name="Attempt">Which hand-out this is (1 for the first).</param>
/// <param name="Start">First frame.</param>
/// <param name="End">One past the last frame, or null.</param>
/// <param name="ManifestName">The manifest's path (messages).</param>
/// <param name="ManifestText">The manifest's text.</param>
/// <param name="BaseDirectory">Where its relative paths start.</param>
/// <param name="ResultPath">Where the worker writes the segment log (one file per attempt: two workers never write one file).</param>
/// <param name="Lease">How long the lease runs; the worker renews it well before.</param>
/// <param name="RunId">The job's run it belongs to.</param>
[GenerateSerializer]
public sealed record SegmentWork(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Pair,
    [property: Id(2)] int Segment,
    [property: Id(3)] int Attempt,
    [property: Id(4)] int Start,
    [property: Id(5)] int? End,
    [property: Id(6)] string ManifestName,
    [property: Id(7)] string ManifestText,
    [property: Id(8)] string BaseDirectory,
    [property: Id(9)] string ResultPath,
    [property: Id(10)] TimeSpan Lease,
    [property: Id(11)] string RunId);

/// <summary>How a segment ended on a worker.</summary>
public enum SegmentOutcomeKind
{
    /// <summary>Scored; the log is at the work's result path.</summary>
    Done,

    /// <summary>It starts past the end of the videos.</summary>
    PastEnd,

    /// <summary>It failed (bad input): the pair fails, retrying would fail again.</summary>
    Failed,
}

/// <summary>A worker's report on a segment.</summary>
/// <param name="Kind">Done, past the end, or failed.</param>
/// <param name="ScoredEnd">The first frame after the scored ones.</param>
/// <param name="Last">True when the videos end in it.</param>
/// <param name="Error">One line, for a failure.</param>
[GenerateSerializer]
public sealed record SegmentOutcome(
    [property: Id(0)] SegmentOutcomeKind Kind,
    [property: Id(1)] int ScoredEnd,
    [property: Id(2)] bool Last,
    [property: Id(3)] string? Error);

/// <summary>A pair as the submitter sees it: its segments (done, and all but those dropped), what the workers that completed them were, and how often segments were handed out (more than the segments: some were lost and re-run).</summary>
[GenerateSerializer]
public sealed record PairView(
    [property: Id(0)] int Number,
    [property: Id(1)] PairStatus Status,
    [property: Id(2)] int SegmentsDone,
    [property: Id(3)] int Segments,
    [property: Id(4)] int Frames,
    [property: Id(5)] IReadOnlyList<ScoreState> Scores,
    [property: Id(6)] string? Error,
    [property: Id(7)] TimeSpan Elapsed,
    [property: Id(8)] IReadOnlyList<string> Workers,
    [property: Id(9)] int HandOuts);

/// <summary>A job as the submitter sees it.</summary>
/// <param name="Exists">False for a job id never submitted.</param>
/// <param name="Finished">True when every pair is ok, skipped or failed.</param>
/// <param name="ManifestText">The manifest it runs.</param>
/// <param name="Pairs">Every pair.</param>
[GenerateSerializer]
public sealed record JobView(
    [property: Id(0)] bool Exists,
    [property: Id(1)] bool Finished,
    [property: Id(2)] string ManifestText,
    [property: Id(3)] IReadOnlyList<PairView> Pairs);

/// <summary>
/// A submitted manifest (key: the job id). Holds every pair's segments in grain storage, hands segments to workers
/// under a lease, records completions once, re-queues a segment whose lease runs out (its worker died or hangs), and
/// merges a pair's segment logs into its log when the last one is in.
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job, or re-attaches to it when it runs already (the spec is then ignored). Returns its view.</summary>
    Task<JobView> Submit(JobSpec spec);

    /// <summary>Starts the job again from <paramref name="spec"/> even when it ran before (a finished job re-submitted).</summary>
    Task<JobView> Restart(JobSpec spec);

    /// <summary>The job as it stands.</summary>
    Task<JobView> Status();

    /// <summary>Hands the next waiting segment to <paramref name="worker"/>, or null when none waits.</summary>
    Task<SegmentWork?> Lease(string worker);

    /// <summary>Extends the lease of a segment the worker still holds; false when it no longer holds it (the work may go on: its completion is still taken).</summary>
    Task<bool> Renew(string worker, int pair, int segment, int attempt);

    /// <summary>Records a segment's outcome. True when it was recorded; false for a duplicate or late report (ignored).</summary>
    Task<bool> Complete(SegmentWork work, string worker, SegmentOutcome outcome);
}

/// <summary>The jobs that have work (key 0): where workers look for segments.</summary>
public interface IJobRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Lists a job.</summary>
    Task Add(string jobId);

    /// <summary>Takes a finished job off the list.</summary>
    Task Remove(string jobId);

    /// <summary>The jobs with work.</summary>
    Task<IReadOnlyList<string>> Active();
}
