using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using VmafTiny.Batch;
using VmafTiny.Cluster;
using VmafTiny.Tests.Golden;
using VmafTiny.Tests.Segments;

namespace VmafTiny.Tests.Scaling;

/// <summary>
/// One in-process silo with no worker loop (the test is the only worker, so every call is the test's) and grain storage
/// whose next write for a job can be made to fail, as a Redis write does when Redis pauses or restarts.
/// </summary>
public sealed class OrleansFlakyStorageCluster() : OrleansFixture<OrleansFlakyStorageCluster.Silo>(1)
{
    /// <summary>Jobs whose next storage write throws (once) this exception.</summary>
    public static readonly ConcurrentDictionary<string, Exception> FailNextWrite = new(StringComparer.Ordinal);

    /// <summary>Jobs whose next storage write is made and then reported failed (once) with this exception.</summary>
    public static readonly ConcurrentDictionary<string, Exception> FailAfterNextWrite = new(StringComparer.Ordinal);

    /// <summary>Jobs whose state reads back as never written (Redis restarted without its data).</summary>
    public static readonly ConcurrentDictionary<string, bool> Forgotten = new(StringComparer.Ordinal);

    public sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage("inner");
            siloBuilder.Services.AddGrainStorage(ClusterNames.Storage, (services, _) => new FlakyStorage(services.GetRequiredKeyedService<IGrainStorage>("inner")));
        }
    }

    private sealed class FlakyStorage(IGrainStorage inner) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            Forgotten.ContainsKey(grainId.Key.ToString()!) ? Task.CompletedTask : inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            string key = grainId.Key.ToString()!;
            if (FailNextWrite.TryRemove(key, out Exception? failure))
            {
                throw failure;
            }

            await inner.WriteStateAsync(stateName, grainId, grainState);
            if (FailAfterNextWrite.TryRemove(key, out failure))
            {
                throw failure;
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
    }
}

/// <summary>
/// The job grain when saving its state fails (Redis paused, restarting, unreachable for a few seconds): the worker's
/// report is sent again and must be recorded (a real worker deletes the segment log of a report the job turns down, and
/// the pair then failed at its merge, "Could not find file"); a hand-out the worker never heard of goes out again at
/// once, without costing an attempt.
/// </summary>
public sealed class ClusterStorageFailureTests(OrleansFlakyStorageCluster fixture) : IClassFixture<OrleansFlakyStorageCluster>, IDisposable
{
    private const string Pan = "g01_pan_420p8_320x180";       // 12 frames

    private readonly string _dir = Directory.CreateTempSubdirectory("vmaf-tiny-cluster-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_report_sent_again_after_a_failed_save_is_recorded_and_a_failed_hand_out_is_not_counted()
    {
        (string id, IJobGrain job) = await SubmitPan(segmentFrames: 4, "flaky");

        // The first segment is scored; saving its completion fails; the worker's retry must be told it is recorded.
        SegmentWork first = (await job.Lease("w"))!;
        SegmentOutcome outcome = new SegmentRunner().Run(first, CancellationToken.None);
        Assert.Equal(SegmentOutcomeKind.Done, outcome.Kind);
        OrleansFlakyStorageCluster.FailNextWrite[id] = new TimeoutException("Timeout awaiting response (the test's Redis is paused)");
        await Assert.ThrowsAnyAsync<Exception>(() => job.Complete(first, "w", outcome));
        Assert.True(await job.Complete(first, "w", outcome), "the retried report was turned down: the worker deletes the log the job merges");
        Assert.False(await job.Complete(first with { Attempt = 2, ResultPath = first.ResultPath + ".other" }, "v", outcome));   // another attempt's copy is still a duplicate

        // Saving a hand-out fails: the worker never gets it, so the same segment goes out next, as its first attempt.
        OrleansFlakyStorageCluster.FailNextWrite[id] = new TimeoutException("Timeout awaiting response (the test's Redis is paused)");
        await Assert.ThrowsAnyAsync<Exception>(() => job.Lease("w"));
        SegmentWork second = (await job.Lease("w"))!;
        Assert.Equal((1, 1), (second.Segment, second.Attempt));

        for (SegmentWork? work = second; work is not null; work = await job.Lease("w"))
        {
            Assert.True(await job.Complete(work, "w", new SegmentRunner().Run(work, CancellationToken.None)));
        }

        JobView view = await job.Status();
        PairView pair = Assert.Single(view.Pairs);
        Assert.True(pair.Status == PairStatus.Ok, pair.Error);
        Assert.Equal(3, pair.HandOuts);
        AssertPanIsOneRunsLog();
    }

    [Fact]
    public async Task A_submitter_whose_job_state_is_gone_from_redis_stops_with_one_line_not_waiting_for_ever()
    {
        string manifest = PanManifest();
        var options = new SubmitOptions { SegmentFrames = 4, Poll = TimeSpan.FromMilliseconds(50) };
        string id = ClusterSubmit.JobId(manifest, File.ReadAllText(manifest), options);
        IJobGrain job = fixture.Cluster.Client.GetGrain<IJobGrain>(id);
        var submitted = new TaskCompletionSource();
        Task<BatchSummary> run = ClusterSubmit.RunAsync(fixture.Cluster.Client, manifest, options, _ => submitted.TrySetResult());
        await submitted.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // Redis restarts empty: the job's next save finds its record gone (Orleans deactivates the grain), and the job
        // comes back with no state at all. Nothing can finish it now.
        OrleansFlakyStorageCluster.Forgotten[id] = true;
        OrleansFlakyStorageCluster.FailNextWrite[id] = new InconsistentStateException("the record is gone", string.Empty, "etag");
        await Assert.ThrowsAnyAsync<Exception>(() => job.Lease("w"));

        VmafTinyException e = await Assert.ThrowsAsync<VmafTinyException>(() => run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(
            $"job {id}: its state is gone from the cluster's Redis (restarted without its data, or flushed), so its progress is lost: submit the manifest again to start it over",
            e.Message);
    }

    [Fact]
    public async Task A_merge_whose_save_failed_merges_again_from_the_segment_logs_it_kept()
    {
        (string id, IJobGrain job) = await SubmitPan(segmentFrames: 4, "remerge");
        SegmentWork[] works = [(await job.Lease("w"))!, (await job.Lease("w"))!, (await job.Lease("w"))!];
        SegmentOutcome[] outcomes = works.Select(w => new SegmentRunner().Run(w, CancellationToken.None)).ToArray();
        Assert.True(await job.Complete(works[0], "w", outcomes[0]));
        Assert.True(await job.Complete(works[1], "w", outcomes[1]));

        // The last report merges the pair, but saving that fails as Redis fails a write it ran late (the record changed):
        // Orleans reloads the job from its previous state, and the report sent again merges once more.
        OrleansFlakyStorageCluster.FailNextWrite[id] = new InconsistentStateException("the record changed", "etag1", "etag2");
        await Assert.ThrowsAnyAsync<Exception>(() => job.Complete(works[2], "w", outcomes[2]));
        Assert.True(await job.Complete(works[2], "w", outcomes[2]));

        PairView pair = Assert.Single((await job.Status()).Pairs);
        Assert.True(pair.Status == PairStatus.Ok, pair.Error);
        AssertPanIsOneRunsLog();
    }

    [Fact]
    public async Task A_merge_saved_but_reported_failed_leaves_no_segment_logs()
    {
        (string id, IJobGrain job) = await SubmitPan(segmentFrames: 6, "saved");
        SegmentWork[] works = [(await job.Lease("w"))!, (await job.Lease("w"))!];
        SegmentOutcome[] outcomes = works.Select(w => new SegmentRunner().Run(w, CancellationToken.None)).ToArray();
        Assert.True(await job.Complete(works[0], "w", outcomes[0]));

        // The merge's save reaches Redis but reports a failure (Orleans drops the activation); the report sent again
        // finds the pair merged in the reloaded state, and the segment logs are gone.
        OrleansFlakyStorageCluster.FailAfterNextWrite[id] = new InconsistentStateException("the record changed", "etag1", "etag2");
        await Assert.ThrowsAnyAsync<Exception>(() => job.Complete(works[1], "w", outcomes[1]));
        Assert.True(await job.Complete(works[1], "w", outcomes[1]));

        Assert.Equal(PairStatus.Ok, Assert.Single((await job.Status()).Pairs).Status);
        Assert.True(File.Exists(Path.Combine(_dir, "pan.json")));
        AssertNoSegmentLogsLeft();
    }

    /// <summary>
    /// No hidden segment log is left in the output folder; the only hidden files are the batch records beside finished
    /// logs (<see cref="BatchSource.PathFor"/>), which a re-submit reads to skip them.
    /// </summary>
    private void AssertNoSegmentLogsLeft()
    {
        string[] hidden = Directory.GetFiles(_dir, ".*");
        string[] records = Directory.GetFiles(_dir).Where(f => !Path.GetFileName(f).StartsWith('.')).Select(BatchSource.PathFor).Where(File.Exists).ToArray();
        Assert.Equal(records.Order(), hidden.Order());
    }

    /// <summary>A one-pair manifest (the 12-frame pan clip to pan.json) in the test's folder.</summary>
    private string PanManifest()
    {
        string manifest = Path.Combine(_dir, "m.csv");
        File.WriteAllText(manifest, $"reference,distorted,output\n{GoldenClips.ReferencePath(Pan)},{GoldenClips.DistortedPath(Pan)},pan.json\n");
        return manifest;
    }

    /// <summary>Submits <see cref="PanManifest"/> in segments of <paramref name="segmentFrames"/> as a new job (no worker loop: the test leases).</summary>
    private async Task<(string Id, IJobGrain Job)> SubmitPan(int segmentFrames, string prefix)
    {
        (_, JobSpec spec) = ClusterSubmit.Prepare(PanManifest(), new SubmitOptions { SegmentFrames = segmentFrames });
        string id = $"{prefix}-{Guid.NewGuid():N}";
        IJobGrain job = fixture.Cluster.Client.GetGrain<IJobGrain>(id);
        await job.Submit(spec);
        return (id, job);
    }

    /// <summary>pan.json is the whole run's log, and no segment log is left beside it.</summary>
    private void AssertPanIsOneRunsLog()
    {
        SegmentRuns.AssertSameLog(
            SegmentRuns.Whole(GoldenClips.ReferencePath(Pan), GoldenClips.DistortedPath(Pan), new VmafOptions()), File.ReadAllText(Path.Combine(_dir, "pan.json")), "pan");
        AssertNoSegmentLogsLeft();
    }
}
