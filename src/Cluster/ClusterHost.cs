using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace VmafTiny.Cluster;

/// <summary>
/// Builds the Orleans hosts of the cluster: a worker silo (membership and grain storage in Redis, the
/// <see cref="SegmentWorker"/> loop) and a client that submits jobs. Redis is the membership provider built here;
/// ADO.NET (PostgreSQL) would take <c>UseAdoNetClustering</c> and <c>AddAdoNetGrainStorage</c> in the same places.
/// </summary>
public static class ClusterHost
{
    /// <summary>Checks <paramref name="redis"/> is HOST:PORT and returns Redis's options for it.</summary>
    /// <exception cref="VmafTinyException">It is not.</exception>
    public static ConfigurationOptions RedisOptions(string redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        int colon = redis.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(redis.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new VmafTinyException($"--redis '{Printable.Escape(redis)}' is not HOST:PORT (e.g. redis.example:6379)");
        }

        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        return options;
    }

    /// <summary>
    /// Fails fast, with the reason in one line, when nothing accepts a connection at <paramref name="redis"/>'s HOST:PORT
    /// within <paramref name="timeout"/>: Orleans would otherwise retry for half a minute and then report a backlog
    /// timeout that names neither Redis nor the cause.
    /// </summary>
    /// <exception cref="VmafTinyException">No connection (refused, unreachable, unknown host, timed out).</exception>
    public static async Task CheckReachableAsync(string redis, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ConfigurationOptions options = RedisOptions(redis);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(options.EndPoints[0], limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VmafTinyException(string.Create(
                CultureInfo.InvariantCulture, $"cannot connect to the cluster's Redis at {Printable.Escape(redis)}: no answer within {timeout.TotalSeconds:0.#} s"));
        }
        catch (SocketException e)
        {
            throw new VmafTinyException($"cannot connect to the cluster's Redis at {Printable.Escape(redis)}: {Printable.Escape(e.Message)}");
        }
    }

    /// <summary>
    /// A worker silo joining the cluster whose membership is in Redis at <paramref name="redis"/>. Ports 0 take free
    /// ones; <paramref name="address"/> null advertises this machine's address.
    /// </summary>
    public static IHost Worker(string redis, WorkerOptions options, int siloPort = 0, int gatewayPort = 0, IPAddress? address = null)
    {
        ConfigurationOptions redisOptions = RedisOptions(redis);
        siloPort = siloPort > 0 ? siloPort : FreePort();
        gatewayPort = gatewayPort > 0 ? gatewayPort : FreePort();
        return new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseRedisClustering(o => o.ConfigurationOptions = redisOptions);
                silo.AddRedisGrainStorage(ClusterNames.Storage, o => o.ConfigurationOptions = redisOptions);
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterNames.ClusterId;
                    o.ServiceId = ClusterNames.ClusterId;
                });
                if (address is null)
                {
                    silo.ConfigureEndpoints(siloPort, gatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(address, siloPort, gatewayPort, listenOnAnyHostAddress: true);
                }

                ConfigureSilo(silo, options);
            })
            .Build();
    }

    /// <summary>What every worker silo has, also in tests: quick failure detection, the work loop and its options.</summary>
    public static void ConfigureSilo(ISiloBuilder silo, WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // A dead worker is declared dead in a few seconds (2 missed probes of 2 s), so its grains (a job) move quickly.
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 2;
            o.DefunctSiloExpiration = TimeSpan.FromHours(1);
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15));
        silo.ConfigureServices(services =>
        {
            services.AddSingleton(options);
            services.AddSingleton<ISegmentRunner, SegmentRunner>();
            services.AddHostedService<SegmentWorker>();
        });
    }

    /// <summary>A client of the cluster whose membership is in Redis at <paramref name="redis"/>: it waits up to <paramref name="connectFor"/> for a worker to be up.</summary>
    public static IHost Client(string redis, TimeSpan connectFor)
    {
        ConfigurationOptions redisOptions = RedisOptions(redis);
        var started = DateTime.UtcNow;
        return new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = redisOptions);
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterNames.ClusterId;
                    o.ServiceId = ClusterNames.ClusterId;
                });
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(15));
                client.UseConnectionRetryFilter(async (_, token) =>
                {
                    if (DateTime.UtcNow - started > connectFor)
                    {
                        return false;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), token);
                    return true;
                });
            })
            .Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
