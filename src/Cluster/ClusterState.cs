namespace VmafTiny.Cluster;

/// <summary>Where a segment stands.</summary>
public enum SegmentStatus
{
    /// <summary>Waiting for a worker.</summary>
    Pending,

    /// <summary>Leased to a worker until <see cref="SegmentState.LeaseUntil"/>; re-queued when the lease runs out.</summary>
    Leased,

    /// <summary>Scored; its log is at <see cref="SegmentState.ResultPath"/>.</summary>
    Done,

    /// <summary>Starts past the end of the videos (the frame count was an estimate); fine once an earlier segment is the last.</summary>
    PastEnd,

    /// <summary>Not needed: an earlier segment reached the end, or the pair failed.</summary>
    Dropped,
}

/// <summary>Where a pair stands.</summary>
public enum PairStatus
{
    /// <summary>Its segments are being scored.</summary>
    Running,

    /// <summary>Scored and merged; its log is written.</summary>
    Ok,

    /// <summary>Its log was already complete and valid when the job was submitted (resume).</summary>
    Skipped,

    /// <summary>It failed (<see cref="PairState.Error"/>).</summary>
    Failed,
}

/// <summary>One segment of a pair: frames [<see cref="Start"/>, <see cref="End"/>), End null for "to the end".</summary>
[GenerateSerializer]
public sealed class SegmentState
{
    /// <summary>First frame.</summary>
    [Id(0)] public int Start { get; set; }

    /// <summary>One past the last frame, or null for the end of the videos.</summary>
    [Id(1)] public int? End { get; set; }

    /// <summary>Where it stands.</summary>
    [Id(2)] public SegmentStatus Status { get; set; }

    /// <summary>Times it was handed out (a lease that ran out, a worker that died, counts).</summary>
    [Id(3)] public int Attempts { get; set; }

    /// <summary>The worker holding it, or the worker that completed it.</summary>
    [Id(4)] public string? Worker { get; set; }

    /// <summary>When the current lease runs out (UTC).</summary>
    [Id(5)] public DateTime LeaseUntil { get; set; }

    /// <summary>The segment log (shared storage), once done.</summary>
    [Id(6)] public string? ResultPath { get; set; }

    /// <summary>The first frame after it, as scored (its real end when <see cref="End"/> is null or past the videos' end).</summary>
    [Id(7)] public int ScoredEnd { get; set; }

    /// <summary>True when the videos end in it.</summary>
    [Id(8)] public bool Last { get; set; }

    /// <summary>Completions recorded: 1 once done, however many workers reported it.</summary>
    [Id(9)] public int Completions { get; set; }
}

/// <summary>A model's pooled mean in a pair's log.</summary>
[GenerateSerializer]
public sealed class ScoreState
{
    /// <summary>The model as the console names it.</summary>
    [Id(0)] public string Label { get; set; } = string.Empty;

    /// <summary>Its key in the log.</summary>
    [Id(1)] public string Key { get; set; } = string.Empty;

    /// <summary>The pooled mean.</summary>
    [Id(2)] public double Mean { get; set; }
}

/// <summary>One pair of the job.</summary>
[GenerateSerializer]
public sealed class PairState
{
    /// <summary>The pair's number in the manifest (1-based).</summary>
    [Id(0)] public int Number { get; set; }

    /// <summary>Where it stands.</summary>
    [Id(1)] public PairStatus Status { get; set; }

    /// <summary>Its segments, in frame order.</summary>
    [Id(2)] public List<SegmentState> Segments { get; set; } = [];

    /// <summary>Frames in its merged log.</summary>
    [Id(3)] public int Frames { get; set; }

    /// <summary>Each model's pooled mean, once merged.</summary>
    [Id(4)] public List<ScoreState> Scores { get; set; } = [];

    /// <summary>One line saying why it failed.</summary>
    [Id(5)] public string? Error { get; set; }

    /// <summary>When its first segment was handed out (UTC).</summary>
    [Id(6)] public DateTime? Started { get; set; }

    /// <summary>When it ended (UTC).</summary>
    [Id(7)] public DateTime? Ended { get; set; }
}

/// <summary>A job's persistent state (grain storage): the manifest it came from and every pair's segments.</summary>
[GenerateSerializer]
public sealed class JobState
{
    /// <summary>The manifest's path as the submitter named it (for messages).</summary>
    [Id(0)] public string ManifestName { get; set; } = string.Empty;

    /// <summary>The manifest's text: every party reads the pairs from it (<see cref="Batch.BatchManifest.Parse"/>).</summary>
    [Id(1)] public string ManifestText { get; set; } = string.Empty;

    /// <summary>The folder relative paths in the manifest are resolved against (shared storage).</summary>
    [Id(2)] public string BaseDirectory { get; set; } = string.Empty;

    /// <summary>Every pair, in manifest order (empty until submitted).</summary>
    [Id(3)] public List<PairState> Pairs { get; set; } = [];

    /// <summary>How long a worker holds a segment without renewing its lease.</summary>
    [Id(4)] public TimeSpan Lease { get; set; }

    /// <summary>Times a segment is handed out before its pair fails.</summary>
    [Id(5)] public int MaxAttempts { get; set; }

    /// <summary>Set when the job was submitted.</summary>
    [Id(6)] public DateTime Submitted { get; set; }

    /// <summary>A fresh token per (re)start: segment files carry it, and reports from an earlier run are ignored.</summary>
    [Id(7)] public string RunId { get; set; } = string.Empty;
}
