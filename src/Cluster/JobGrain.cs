using System.Globalization;
using VmafTiny.Batch;
using VmafTiny.Score.Logs;
using VmafTiny.Segments;

namespace VmafTiny.Cluster;

/// <summary>
/// One submitted manifest (<see cref="IJobGrain"/>). Its state lives in grain storage (Redis in a real cluster), so the
/// job outlives its submitter and any one silo: the grain re-activates elsewhere from the stored state.
/// </summary>
/// <remarks>
/// A worker that dies is detected by its lease: a worker renews the lease of each segment it holds every third of the
/// lease (<see cref="SegmentWorker"/>); a segment whose lease ran out is handed out again (to whichever worker asks
/// next), up to <see cref="JobState.MaxAttempts"/> times. A completion is recorded once: a second report of a done
/// segment (a worker thought dead that finished after all) is ignored, and its file deleted by that worker.
/// </remarks>
internal sealed class JobGrain([PersistentState("job", ClusterNames.Storage)] IPersistentState<JobState> job) : Grain, IJobGrain
{
    private IReadOnlyList<BatchPair>? _pairs;

    /// <summary>Pairs settled (merged or failed) since the last save: their segment logs go once the state saying so is saved.</summary>
    private readonly List<PairState> _settled = [];

    private string Id => this.GetPrimaryKeyString();

    public Task<JobView> Submit(JobSpec spec) =>
        job.RecordExists && job.State.Pairs.Count > 0 ? Task.FromResult(View()) : Restart(spec);

    public async Task<JobView> Restart(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        job.State = new JobState
        {
            ManifestName = spec.ManifestName,
            ManifestText = spec.ManifestText,
            BaseDirectory = spec.BaseDirectory,
            Lease = spec.Lease,
            MaxAttempts = Math.Max(1, spec.MaxAttempts),
            Submitted = DateTime.UtcNow,
            RunId = Guid.NewGuid().ToString("N")[..8],
            Pairs = spec.Pairs.Select(p => new PairState
            {
                Number = p.Number,
                Status = p.Error is not null ? PairStatus.Failed : p.Skipped ? PairStatus.Skipped : PairStatus.Running,
                Error = p.Error,
                Segments = p.Error is not null || p.Skipped ? [] : p.Ranges.Select(r => new SegmentState { Start = r.Start, End = r.End }).ToList(),
            }).ToList(),
        };
        _pairs = null;
        await job.WriteStateAsync();
        if (!Finished)
        {
            await GrainFactory.GetGrain<IJobRegistryGrain>(0).Add(Id);
        }

        return View();
    }

    public Task<JobView> Status() => Task.FromResult(View());

    public async Task<SegmentWork?> Lease(string worker)
    {
        if (job.State.Pairs.Count == 0 || Finished)
        {
            return null;
        }

        DateTime now = DateTime.UtcNow;
        bool changed = false;
        foreach (PairState pair in job.State.Pairs.Where(p => p.Status == PairStatus.Running))
        {
            foreach (SegmentState lost in pair.Segments.Where(s => s.Status == SegmentStatus.Leased && s.LeaseUntil < now))
            {
                changed = true;
                if (lost.Attempts >= job.State.MaxAttempts)
                {
                    Fail(pair, Text($"frames {Range(lost)} were handed out {lost.Attempts} times and never came back (the workers stopped answering)"));
                    break;
                }

                lost.Status = SegmentStatus.Pending;
            }
        }

        SegmentWork? work = null;
        Action? undo = null;
        foreach (PairState pair in job.State.Pairs.Where(p => p.Status == PairStatus.Running))
        {
            int index = pair.Segments.FindIndex(s => s.Status == SegmentStatus.Pending);
            if (index < 0)
            {
                continue;
            }

            SegmentState segment = pair.Segments[index];
            (string? worker0, DateTime until0, DateTime? started0) = (segment.Worker, segment.LeaseUntil, pair.Started);
            undo = () =>
            {
                segment.Status = SegmentStatus.Pending;
                segment.Attempts--;
                (segment.Worker, segment.LeaseUntil, pair.Started) = (worker0, until0, started0);
            };
            segment.Status = SegmentStatus.Leased;
            segment.Attempts++;
            segment.Worker = worker;
            segment.LeaseUntil = now + job.State.Lease;
            pair.Started ??= now;
            work = new SegmentWork(
                Id, pair.Number, index, segment.Attempts, segment.Start, segment.End, job.State.ManifestName, job.State.ManifestText,
                job.State.BaseDirectory, ResultPath(Pairs[pair.Number - 1], pair.Number, index, segment.Attempts), job.State.Lease, job.State.RunId);
            changed = true;
            break;
        }

        if (changed)
        {
            try
            {
                await Save();
            }
            catch (Exception) when (undo is not null)
            {
                // The worker never hears of this hand-out: the segment stays pending rather than waiting out a lease
                // and counting an attempt (a Redis outage longer than a few leases would otherwise fail the pair).
                undo();
                throw;
            }
        }

        return work;
    }

    public Task<bool> Renew(string worker, int pair, int segment, int attempt)
    {
        if (Segment(pair, segment) is not { } s || s.Status != SegmentStatus.Leased || s.Worker != worker || s.Attempts != attempt)
        {
            return Task.FromResult(false);
        }

        // Kept in memory only (a renewal is frequent and changes nothing that must survive): a job that moves to
        // another silo gives every leased segment a fresh lease on activation instead.
        s.LeaseUntil = DateTime.UtcNow + job.State.Lease;
        return Task.FromResult(true);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A pair settled in the stored state is settled for good: the segment logs an earlier activation could not delete
        // (it was reloaded after a save that reached Redis but reported a failure) go now.
        foreach (PairState pair in job.State.Pairs.Where(p => p.Status != PairStatus.Running))
        {
            DeleteSegmentFiles(pair);
        }

        DateTime until = DateTime.UtcNow + job.State.Lease;
        foreach (SegmentState s in job.State.Pairs.SelectMany(p => p.Segments).Where(s => s.Status == SegmentStatus.Leased))
        {
            s.LeaseUntil = until;
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<bool> Complete(SegmentWork work, string worker, SegmentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(outcome);
        PairState? pair = job.State.Pairs.FirstOrDefault(p => p.Number == work.Pair);
        if (work.RunId == job.State.RunId && Segment(work.Pair, work.Segment) is { Status: SegmentStatus.Done } recorded &&
            recorded.ResultPath == work.ResultPath && recorded.Worker == worker)
        {
            // This very report (its log is the one recorded: one file per attempt), sent again because its first answer was
            // lost: the job's silo died, or saving the state failed and the state had changed in memory all the same. It
            // is recorded: saved again (the first save may not have been), and true, so that the worker keeps the log.
            await Save();
            return true;
        }

        if (work.RunId != job.State.RunId || pair is null || pair.Status != PairStatus.Running ||
            Segment(work.Pair, work.Segment) is not { } segment || segment.Status is SegmentStatus.Done or SegmentStatus.PastEnd or SegmentStatus.Dropped)
        {
            return false; // a duplicate, a late report for a settled pair, or one from an earlier run of the job
        }

        switch (outcome.Kind)
        {
            case SegmentOutcomeKind.Done:
                segment.Status = SegmentStatus.Done;
                segment.ResultPath = work.ResultPath;
                segment.ScoredEnd = outcome.ScoredEnd;
                segment.Last = outcome.Last;
                segment.Worker = worker;
                segment.Completions++;
                break;
            case SegmentOutcomeKind.PastEnd:
                segment.Status = SegmentStatus.PastEnd;
                segment.Worker = worker;
                segment.Completions++;
                break;
            default:
                segment.Worker = worker;
                segment.Completions++;
                Fail(pair, outcome.Error ?? Text($"frames {Range(segment)} failed"));
                break;
        }

        await Settle(pair);
        await Save();
        return true;
    }

    private bool Finished => job.State.Pairs.All(p => p.Status != PairStatus.Running);

    private IReadOnlyList<BatchPair> Pairs => _pairs ??= BatchManifest.Parse(job.State.ManifestText, job.State.ManifestName, job.State.BaseDirectory);

    private SegmentState? Segment(int pair, int segment) =>
        job.State.Pairs.FirstOrDefault(p => p.Number == pair) is { } p && segment >= 0 && segment < p.Segments.Count ? p.Segments[segment] : null;

    /// <summary>Once the videos' end is known and every segment before it is in: drops the rest and merges; a pair whose segments all ended without reaching the end fails.</summary>
    private async Task Settle(PairState pair)
    {
        if (pair.Status != PairStatus.Running)
        {
            return;
        }

        int last = pair.Segments.FindIndex(s => s.Status == SegmentStatus.Done && s.Last);
        if (last >= 0)
        {
            foreach (SegmentState after in pair.Segments.Skip(last + 1).Where(s => s.Status != SegmentStatus.Dropped))
            {
                after.Status = SegmentStatus.Dropped;
            }

            if (pair.Segments.Take(last + 1).All(s => s.Status == SegmentStatus.Done))
            {
                await Merge(pair, pair.Segments.Take(last + 1).ToArray());
            }
        }
        else if (pair.Segments.All(s => s.Status is SegmentStatus.Done or SegmentStatus.PastEnd))
        {
            Fail(pair, "no segment reached the end of the videos");
        }
    }

    /// <summary>Joins the segment logs into the pair's log (written by the batch's output rules); they are deleted once that is saved.</summary>
    private async Task Merge(PairState pair, SegmentState[] segments)
    {
        BatchPair spec = Pairs[pair.Number - 1];
        try
        {
            (int frames, List<ScoreState> scores) = await Task.Run(() =>
            {
                LogTarget target = BatchRunner.OpenOutput(spec);
                SegmentLog[] parts = segments.Select(s => new SegmentLog(s.ResultPath!, LogReader.ReadFile(s.ResultPath!, out _))).ToArray();
                VmafLog log = SegmentMerge.Merge(parts);
                target.Write(log, spec.Format, spec.Precision);
                // The segments agree on their inputs' identities (merge checks it): the whole log's record, as batch writes it.
                LogSegment head = parts[0].Log.Segment!;
                BatchRunner.WriteSource(spec, target, head.ReferenceFile, head.DistortedFile);
                var scores = BatchRunner.Scores(log, spec).Select(b => new ScoreState { Label = b.Label, Key = b.Key, Mean = b.Mean }).ToList();
                return (log.Frames.Count, scores);
            });
            pair.Status = PairStatus.Ok;
            pair.Frames = frames;
            pair.Scores = scores;
            pair.Ended = DateTime.UtcNow;
        }
        catch (Exception e)
        {
            // Whatever went wrong, the pair ends here: its segments are recorded as done, so nothing would merge it later.
            Fail(pair, e is VmafTinyException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }

        _settled.Add(pair);
    }

    private void Fail(PairState pair, string error)
    {
        pair.Status = PairStatus.Failed;
        pair.Error = Printable.Escape(error.ReplaceLineEndings(" "));
        pair.Ended = DateTime.UtcNow;
        foreach (SegmentState s in pair.Segments.Where(s => s.Status is SegmentStatus.Pending or SegmentStatus.Leased))
        {
            s.Status = SegmentStatus.Dropped;
        }

        _settled.Add(pair);
    }

    private static void DeleteSegmentFiles(PairState pair)
    {
        foreach (SegmentState s in pair.Segments.Where(s => s.ResultPath is not null))
        {
            try
            {
                File.Delete(s.ResultPath!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // left behind: a hidden file beside the output, named for the job
            }
        }
    }

    private async Task Save()
    {
        await job.WriteStateAsync();

        // Only now: had the save failed, the job could come back from its previous state (Redis ran a write that timed out
        // here, the next save found the record changed, and Orleans reloaded the grain) and merge the pair again.
        foreach (PairState pair in _settled)
        {
            DeleteSegmentFiles(pair);
        }

        _settled.Clear();
        if (Finished)
        {
            await GrainFactory.GetGrain<IJobRegistryGrain>(0).Remove(Id);
        }
    }

    /// <summary>
    /// A segment log's path: a hidden file beside the pair's output (shared storage, and a folder the output may be
    /// written to), named for the job's run, the segment and the attempt, so that no two workers write one file.
    /// </summary>
    private string ResultPath(BatchPair pair, int number, int segment, int attempt)
    {
        string full = Path.GetFullPath(pair.Output);
        return Path.Combine(Path.GetDirectoryName(full) ?? "/", Text($".{Path.GetFileName(full)}.vmaf-tiny-{job.State.RunId}-p{number}-s{segment}-a{attempt}.json"));
    }

    private JobView View() => new(
        job.State.Pairs.Count > 0,
        job.State.Pairs.Count > 0 && Finished,
        job.State.ManifestText,
        job.State.Pairs.Select(p => new PairView(
            p.Number, p.Status, p.Segments.Count(s => s.Status is SegmentStatus.Done), p.Segments.Count(s => s.Status != SegmentStatus.Dropped),
            p.Frames, p.Scores, p.Error, p.Started is { } s ? (p.Ended ?? DateTime.UtcNow) - s : TimeSpan.Zero,
            p.Segments.Where(s => s.Status == SegmentStatus.Done && s.Worker is not null).Select(s => s.Worker!).ToArray(),
            p.Segments.Sum(s => s.Attempts))).ToArray());

    private static string Range(SegmentState s) => s.End is int e ? Text($"{s.Start}:{e}") : Text($"{s.Start}:");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The jobs with work, in grain storage (<see cref="IJobRegistryGrain"/>).</summary>
internal sealed class JobRegistryGrain([PersistentState("jobs", ClusterNames.Storage)] IPersistentState<HashSet<string>> jobs) : Grain, IJobRegistryGrain
{
    public async Task Add(string jobId)
    {
        if (jobs.State.Add(jobId))
        {
            await jobs.WriteStateAsync();
        }
    }

    public async Task Remove(string jobId)
    {
        if (jobs.State.Remove(jobId))
        {
            await jobs.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> Active() => Task.FromResult<IReadOnlyList<string>>(jobs.State.Order(StringComparer.Ordinal).ToArray());
}

/// <summary>Names shared by silos and clients.</summary>
public static class ClusterNames
{
    /// <summary>The grain storage provider's name.</summary>
    public const string Storage = "vmaf-tiny";

    /// <summary>The Orleans cluster and service id.</summary>
    public const string ClusterId = "vmaf-tiny";
}
