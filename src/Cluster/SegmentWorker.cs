using Microsoft.Extensions.Hosting;
using VmafTiny.Batch;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cluster;

/// <summary>How a worker silo scores.</summary>
public sealed record WorkerOptions
{
    /// <summary>Segments scored at once (default: one per core); each runs on one feature thread, so the cores are all busy and memory is bounded by this many runs.</summary>
    public int Slots { get; init; }

    /// <summary>How long an idle slot waits before asking for work again.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Hears of each segment the worker starts and finishes (from any thread).</summary>
    public Action<string>? OnSegment { get; init; }
}

/// <summary>Scores one segment (the seam tests replace).</summary>
public interface ISegmentRunner
{
    /// <summary>Scores <paramref name="work"/> and writes its segment log to its result path; never throws for the pair's own problems.</summary>
    SegmentOutcome Run(SegmentWork work, CancellationToken cancellationToken);
}

/// <summary>Scores a segment with the library, as <c>vmaf-tiny score --frames A:B --precision max</c> writes it.</summary>
public sealed class SegmentRunner : ISegmentRunner
{
    /// <inheritdoc/>
    public SegmentOutcome Run(SegmentWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        FrameRange range = new(work.Start, work.End);
        try
        {
            BatchPair pair = BatchManifest.Parse(work.ManifestText, work.ManifestName, work.BaseDirectory)[work.Pair - 1];
            if (File.Exists(work.ResultPath))
            {
                return new SegmentOutcome(SegmentOutcomeKind.Failed, 0, false, $"{work.ResultPath}: already exists; refusing to replace a file this run did not create");
            }

            IEnumerable<string> inputs = [pair.Reference, pair.Distorted, .. pair.Options.EffectiveModels.Where(File.Exists)];
            LogTarget target = LogTarget.Open(work.ResultPath, inputs);
            VmafOptions options = pair.Options with { Frames = range, Threads = pair.Options.Threads > 0 ? pair.Options.Threads : 1 };
            VmafResult result = Vmaf.Score(pair.Reference, pair.Distorted, options, null, cancellationToken);
            VmafLog log = result.ToLog();
            target.Write(log, LogFormat.Json, LogPrecision.Max);
            return new SegmentOutcome(SegmentOutcomeKind.Done, log.Segment!.End, log.Segment.Last, null);
        }
        catch (VmafTinyException e) when (e.Message.Contains("lie past the end", StringComparison.Ordinal))
        {
            return new SegmentOutcome(SegmentOutcomeKind.PastEnd, work.Start, false, null);
        }
        catch (Exception e) when (e is VmafTinyException or IOException or UnauthorizedAccessException or FormatException or OutOfMemoryException)
        {
            string message = e is VmafTinyException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return new SegmentOutcome(SegmentOutcomeKind.Failed, 0, false, Printable.Escape(message.ReplaceLineEndings(" ")));
        }
    }
}

/// <summary>
/// The work loop of a worker silo: <see cref="WorkerOptions.Slots"/> slots, each asking the listed jobs for a segment,
/// scoring it (renewing its lease every third of the lease meanwhile), and reporting it; a report that cannot reach its
/// job (the job's silo died and it is moving) is retried, since completions are idempotent.
/// </summary>
public sealed class SegmentWorker(IGrainFactory grains, WorkerOptions options, ISegmentRunner runner, ILocalSiloDetails silo) : BackgroundService
{
    /// <summary>This worker's name in leases: the silo's address.</summary>
    public string Name { get; } = silo.SiloAddress.ToString();

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int slots = options.Slots > 0 ? options.Slots : Environment.ProcessorCount;
        return Task.WhenAll(Enumerable.Range(0, slots).Select(_ => Task.Run(() => Slot(stoppingToken), CancellationToken.None)));
    }

    private async Task Slot(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            SegmentWork? work = null;
            try
            {
                work = await Next();
            }
            catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                // the registry or a job is moving to another silo: ask again
            }

            if (work is null)
            {
                try
                {
                    await Task.Delay(options.Poll, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await Score(work, stop);
        }
    }

    private async Task<SegmentWork?> Next()
    {
        foreach (string id in await grains.GetGrain<IJobRegistryGrain>(0).Active())
        {
            if (await grains.GetGrain<IJobGrain>(id).Lease(Name) is { } work)
            {
                return work;
            }
        }

        return null;
    }

    private async Task Score(SegmentWork work, CancellationToken stop)
    {
        IJobGrain job = grains.GetGrain<IJobGrain>(work.JobId);
        options.OnSegment?.Invoke(string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"pair {work.Pair} frames {new FrameRange(work.Start, work.End)} (attempt {work.Attempt}): scoring"));
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task renew = Renew(job, work, abandon, renewing.Token);
        SegmentOutcome outcome;
        try
        {
            outcome = await Task.Factory.StartNew(() => runner.Run(work, abandon.Token), abandon.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (OperationCanceledException)
        {
            // Shutting down (the lease runs out and the segment goes elsewhere), or the job no longer wants it (its pair
            // failed, or the lease ran out and another worker has it).
            return;
        }
        finally
        {
            await renewing.CancelAsync();
            await renew;
        }

        bool recorded = false;
        for (int tries = 0; ; tries++)
        {
            try
            {
                recorded = await job.Complete(work, Name, outcome);
                break;
            }
            catch (Exception) when (tries < 60 && !stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
            catch (Exception)
            {
                break;
            }
        }

        if (!recorded && outcome.Kind == SegmentOutcomeKind.Done)
        {
            try
            {
                File.Delete(work.ResultPath); // a duplicate: the job took another worker's copy
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        options.OnSegment?.Invoke(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"pair {work.Pair} frames {new FrameRange(work.Start, work.End)} (attempt {work.Attempt}): {outcome.Kind switch { SegmentOutcomeKind.Done => "done", SegmentOutcomeKind.PastEnd => "past the end", _ => "failed: " + outcome.Error }}{(recorded ? string.Empty : " (not recorded: done elsewhere)")}"));
    }

    private async Task Renew(IJobGrain job, SegmentWork work, CancellationTokenSource abandon, CancellationToken token)
    {
        TimeSpan every = work.Lease / 3;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (!await job.Renew(Name, work.Pair, work.Segment, work.Attempt))
                {
                    await abandon.CancelAsync();
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the job is moving; the next renewal or the completion will reach it
            }
        }
    }
}
