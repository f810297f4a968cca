using Orleans.TestingHost;
using VmafTiny.Batch;
using VmafTiny.Cluster;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Golden;
using VmafTiny.Tests.Segments;

namespace VmafTiny.Tests.Scaling;

/// <summary>In-process Orleans silos (Microsoft.Orleans.TestingHost) configured by <typeparamref name="TSilo"/>, for one test class.</summary>
/// <typeparam name="TSilo">How each silo is configured.</typeparam>
public abstract class OrleansFixture<TSilo>(short silos) : IAsyncLifetime
    where TSilo : ISiloConfigurator, new()
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<TSilo>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Three in-process Orleans silos, each a worker with one slot, and memory grain storage.</summary>
public sealed class OrleansTestCluster() : OrleansFixture<OrleansTestCluster.Silo>(3)
{
    public sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(ClusterNames.Storage);
            ClusterHost.ConfigureSilo(siloBuilder, new WorkerOptions { Slots = 1, Poll = TimeSpan.FromMilliseconds(50) });
        }
    }
}

/// <summary>
/// The cluster's scheduling on three in-process silos: segments spread over the silos and the merged logs are one run's;
/// a lost segment is handed out again; a duplicate completion is recorded once; a segment that fails fails its pair; a
/// job goes on without its submitter and a new submitter re-attaches to it.
/// </summary>
public sealed class ClusterSchedulingTests(OrleansTestCluster fixture) : IClassFixture<OrleansTestCluster>, IDisposable
{
    private const string Pan = "g01_pan_420p8_320x180";       // 12 frames
    private const string Cut = "g09_scenecut_420p8_320x180";  // 10 frames

    private readonly string _dir = Directory.CreateTempSubdirectory("vmaf-tiny-cluster-").FullName;

    private IGrainFactory Grains => fixture.Cluster.Client;

    /// <summary>
    /// Removes the test's folder. The silos outlive the test (a class fixture), and a job a test leaves running (the
    /// one that goes on without its submitter) can still be writing a segment's file there: a delete that meets a file
    /// written meanwhile fails with "directory not empty" (once in a QA run), so it is tried again for up to 10 s.
    /// </summary>
    public void Dispose()
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 100)
            {
                Thread.Sleep(100);
            }
        }
    }

    [Fact]
    public async Task Segments_spread_over_the_silos_and_each_pair_merges_into_one_runs_log()
    {
        string manifest = Manifest(
            $"{GoldenClips.ReferencePath(Pan)},{GoldenClips.DistortedPath(Pan)},pan.json",
            $"{GoldenClips.ReferencePath(Cut)},missing.y4m,missing.json",
            $"{GoldenClips.ReferencePath(Cut)},{GoldenClips.DistortedPath(Cut)},cut.xml");
        var options = new SubmitOptions { SegmentFrames = 2, Poll = TimeSpan.FromMilliseconds(50) };

        BatchSummary summary = await ClusterSubmit.RunAsync(Grains, manifest, options);

        Assert.Equal([BatchStatus.Ok, BatchStatus.Failed, BatchStatus.Ok], summary.Results.Select(r => r.Status));
        Assert.Contains("missing.y4m", summary.Results[1].Error);
        Assert.Equal([12, 0, 10], summary.Results.Select(r => r.Frames));
        SegmentRuns.AssertSameLog(SegmentRuns.Whole(GoldenClips.ReferencePath(Pan), GoldenClips.DistortedPath(Pan), new VmafOptions()), File.ReadAllText(P("pan.json")), "pan");
        SegmentRuns.AssertSameLog(
            SegmentRuns.Whole(GoldenClips.ReferencePath(Cut), GoldenClips.DistortedPath(Cut), new VmafOptions(), LogFormat.Xml), File.ReadAllText(P("cut.xml")), "cut");
        Assert.Equal(Vmaf.Score(GoldenClips.ReferencePath(Pan), GoldenClips.DistortedPath(Pan)).PooledScore!.Value.Mean, summary.Results[0].Scores[0].Mean);

        JobView view = await Job(manifest, options).Status();
        Assert.Equal([6, 0, 5], view.Pairs.Select(p => p.Segments));
        Assert.True(view.Pairs.SelectMany(p => p.Workers).Distinct().Count() >= 2, "every segment ran on one silo: " + string.Join(", ", view.Pairs.SelectMany(p => p.Workers)));
        await NoSegmentLogsLeft();                                       // the segment logs are gone once merged

        // Each merged log has batch's record of what it was made of beside it, so a re-submit skips it as complete.
        IReadOnlyList<BatchPair> pairs = BatchManifest.ReadFile(manifest);
        Assert.NotNull(BatchRunner.ExistingLog(pairs[0], out string? stale));
        Assert.Null(stale);
        Assert.NotNull(BatchRunner.ExistingLog(pairs[2]));
    }

    [Fact]
    public async Task A_lost_segment_is_handed_out_again_and_a_duplicate_completion_is_recorded_once()
    {
        string manifest = Manifest($"{GoldenClips.ReferencePath(Pan)},{GoldenClips.DistortedPath(Pan)},pan.json");
        var options = new SubmitOptions { SegmentFrames = 2, Lease = TimeSpan.FromSeconds(4) };
        (_, JobSpec spec) = ClusterSubmit.Prepare(manifest, options);
        IJobGrain job = Grains.GetGrain<IJobGrain>($"lost-{Guid.NewGuid():N}");
        await job.Submit(spec);

        // A worker that takes a segment and dies; another that scores one and reports it twice.
        SegmentWork lost = (await job.Lease("dies"))!;
        SegmentWork twice = (await job.Lease("twice"))!;
        SegmentOutcome outcome = new SegmentRunner().Run(twice, CancellationToken.None);
        Assert.Equal(SegmentOutcomeKind.Done, outcome.Kind);
        Assert.True(await job.Complete(twice, "twice", outcome));
        Assert.True(await job.Complete(twice, "twice", outcome));       // the same report sent again (its answer was lost): recorded, the log kept
        Assert.False(await job.Complete(twice with { Attempt = 2 }, "other", outcome));

        JobView view = await Finished(job);
        PairView pair = Assert.Single(view.Pairs);
        Assert.Equal(PairStatus.Ok, pair.Status);
        Assert.Equal(6, pair.SegmentsDone);
        Assert.Equal(7, pair.HandOuts);                                  // the lost one twice
        Assert.Single(pair.Workers, w => w == "twice");
        Assert.DoesNotContain("dies", pair.Workers);
        Assert.False(await job.Complete(lost, "dies", outcome with { Last = false }));   // it comes back after all: too late
        SegmentRuns.AssertSameLog(SegmentRuns.Whole(GoldenClips.ReferencePath(Pan), GoldenClips.DistortedPath(Pan), new VmafOptions()), File.ReadAllText(P("pan.json")), "pan");
    }

    [Fact]
    public async Task A_segment_that_fails_fails_its_pair_and_nothing_is_written()
    {
        string manifest = Manifest($"{GoldenClips.ReferencePath(Pan)},{GoldenClips.DistortedPath(Pan)},pan.json");
        (_, JobSpec spec) = ClusterSubmit.Prepare(manifest, new SubmitOptions { SegmentFrames = 2 });
        IJobGrain job = Grains.GetGrain<IJobGrain>($"fails-{Guid.NewGuid():N}");
        await job.Submit(spec);
        SegmentWork work = (await job.Lease("bad"))!;
        Assert.True(await job.Complete(work, "bad", new SegmentOutcome(SegmentOutcomeKind.Failed, 0, false, "pan.y4m: frame 3 is truncated")));

        JobView view = await Finished(job);
        PairView pair = Assert.Single(view.Pairs);
        Assert.Equal(PairStatus.Failed, pair.Status);
        Assert.Equal("pan.y4m: frame 3 is truncated", pair.Error);
        Assert.False(File.Exists(P("pan.json")));
        await NoSegmentLogsLeft();                                       // also those of segments in flight when it failed
    }

    [Fact]
    public async Task The_job_goes_on_without_its_submitter_and_a_new_one_re_attaches()
    {
        string manifest = Manifest(
            $"{GoldenClips.ReferencePath(Pan)},{GoldenClips.DistortedPath(Pan)},pan.json",
            $"{GoldenClips.ReferencePath(Cut)},{GoldenClips.DistortedPath(Cut)},cut.json");
        var options = new SubmitOptions { SegmentFrames = 2, Poll = TimeSpan.FromMilliseconds(50) };

        // The first submitter goes away as soon as the job is in.
        using (var away = new CancellationTokenSource())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                ClusterSubmit.RunAsync(Grains, manifest, options, line => away.Cancel(), cancellationToken: away.Token));
        }

        await fixture.Cluster.StopClusterClientAsync();
        await fixture.Cluster.InitializeClientAsync();

        var lines = new List<string>();
        BatchSummary summary = await ClusterSubmit.RunAsync(Grains, manifest, options, lines.Add);
        Assert.Contains(lines, l => l.Contains(": re-attached (", StringComparison.Ordinal) || l.EndsWith(": finished while away", StringComparison.Ordinal));
        Assert.Equal([BatchStatus.Ok, BatchStatus.Ok], summary.Results.Select(r => r.Status));
        SegmentRuns.AssertSameLog(SegmentRuns.Whole(GoldenClips.ReferencePath(Cut), GoldenClips.DistortedPath(Cut), new VmafOptions()), File.ReadAllText(P("cut.json")), "cut");
    }

    private string P(string name) => Path.Combine(_dir, name);

    private string Manifest(params string[] rows)
    {
        string path = P("m.csv");
        File.WriteAllText(path, "reference,distorted,output\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    private IJobGrain Job(string manifest, SubmitOptions options) =>
        Grains.GetGrain<IJobGrain>(ClusterSubmit.JobId(manifest, File.ReadAllText(manifest), options));

    /// <summary>
    /// Waits (up to 10 s) for the hidden segment logs beside the outputs to be gone and to stay gone for half a second: a
    /// worker still scoring a dropped segment writes its log, then deletes it when the job turns it down, so a listing
    /// can be empty just before such a log appears (a listing read again after an empty one failed once, under the full
    /// suite). The last listing is the one judged.
    /// </summary>
    private async Task NoSegmentLogsLeft()
    {
        string[] left = SegmentLogs();
        for (int i = 0, quiet = 0; i < 200 && quiet < 10; i++)
        {
            await Task.Delay(50);
            left = SegmentLogs();
            quiet = left.Length == 0 ? quiet + 1 : 0;
        }

        Assert.Empty(left);
    }

    /// <summary>The hidden files beside the outputs but the merged logs' records (<c>.NAME.vmaf-tiny-source.json</c>), which stay.</summary>
    private string[] SegmentLogs() =>
        Directory.GetFiles(_dir, ".*").Where(f => !f.EndsWith(".vmaf-tiny-source.json", StringComparison.Ordinal)).ToArray();

    private static async Task<JobView> Finished(IJobGrain job)
    {
        for (int i = 0; i < 600; i++)
        {
            JobView view = await job.Status();
            if (view.Finished)
            {
                return view;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the job did not finish in 30 s");
        return null!;
    }
}
