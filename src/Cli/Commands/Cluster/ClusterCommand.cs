#if VMAF_CLUSTER
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VmafTiny.Batch;
using VmafTiny.Cli.Commands.Batch;
using VmafTiny.Cluster;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands.Cluster;

/// <summary>Runs <c>cluster worker</c> and <c>cluster submit</c> (<see cref="ClusterHost"/>, <see cref="ClusterSubmit"/>).</summary>
internal static class ClusterCommand
{
    /// <summary>How long a worker or a submitter waits for Redis to accept a connection before giving up.</summary>
    private static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> WorkerAsync(
        string redis, int threads, int port, int gatewayPort, string? address, bool quiet, TextWriter stderr, CancellationToken cancellationToken)
    {
        IPAddress? ip = null;
        if (address is not null && !IPAddress.TryParse(address, out ip))
        {
            throw new VmafTinyException($"--address '{Printable.Escape(address)}' is not an IP address");
        }

        var gate = new object();
        var options = new WorkerOptions
        {
            Slots = threads,
            OnSegment = quiet ? null : line =>
            {
                lock (gate)
                {
                    stderr.WriteLine($"vmaf-tiny: {line}");
                }
            },
        };
        await ClusterHost.CheckReachableAsync(redis, RedisTimeout, cancellationToken).ConfigureAwait(false);
        using IHost host = ClusterHost.Worker(redis, options, port, gatewayPort, ip);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new VmafTinyException($"the worker could not join the cluster at {redis}: {Reason(e)}");
        }

        string name = host.Services.GetServices<IHostedService>().OfType<SegmentWorker>().First().Name;
        lock (gate)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vmaf-tiny: worker {name} joined the cluster at {redis}, scoring {(threads > 0 ? threads : Environment.ProcessorCount)} segments at once"));
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(stopping.Token).ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> SubmitAsync(
        string manifestPath, string redis, int segmentFrames, int leaseSeconds, string? summaryBase, bool force, bool quiet,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ClusterHost.RedisOptions(redis);
        (IReadOnlyList<BatchPair> pairs, string csvPath, string jsonPath) = BatchCommand.ReadManifest(manifestPath, summaryBase);

        await ClusterHost.CheckReachableAsync(redis, RedisTimeout, cancellationToken).ConfigureAwait(false);
        using IHost host = ClusterHost.Client(redis, TimeSpan.FromSeconds(30));
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new VmafTinyException($"cannot reach a worker of the cluster at {redis} (start one with 'vmaf-tiny cluster worker --redis {redis}'): {Reason(e)}");
        }

        var options = new SubmitOptions { SegmentFrames = segmentFrames, Force = force, Lease = TimeSpan.FromSeconds(leaseSeconds) };
        BatchSummary summary;
        try
        {
            summary = await ClusterSubmit.RunAsync(
                host.Services.GetRequiredService<IClusterClient>(),
                manifestPath,
                options,
                quiet ? null : line => stderr.WriteLine($"vmaf-tiny: {line}"),
                BatchCommand.PairReporter(pairs.Count, quiet, stderr),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C (or SIGTERM) stops following the job, not the job: one line and the exit code of an interrupted
            // process, as batch gives, rather than an internal error.
            stderr.WriteLine("vmaf-tiny: interrupted; the job goes on on the cluster: submit the manifest again to re-attach");
            return VmafTinyCli.ExitInterrupted;
        }

        int exit = BatchCommand.WriteSummary(summary, csvPath, jsonPath, stdout);
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return exit;
    }

    /// <summary>The first sentence of Orleans' or Redis's message (their details follow " - ").</summary>
    private static string Reason(Exception e)
    {
        string message = e.Message.ReplaceLineEndings(" ");
        int details = message.IndexOf(" - ", StringComparison.Ordinal);
        return details > 0 ? message[..details] : message;
    }
}
#endif
