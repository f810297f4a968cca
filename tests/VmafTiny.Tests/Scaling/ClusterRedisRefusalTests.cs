using System.Net;
using System.Net.Sockets;
using VmafTiny.Tests.Cli;

namespace VmafTiny.Tests.Scaling;

/// <summary>
/// <c>cluster worker</c> and <c>cluster submit</c> with no Redis at <c>--redis</c>: one line naming the address and the
/// cause, exit 1, nothing written (without the check, Orleans retries for half a minute and then reports a backlog
/// timeout that names neither).
/// </summary>
public sealed class ClusterRedisRefusalTests
{
    [Fact]
    public void Worker_and_submit_refuse_at_once_when_nothing_listens_at_redis()
    {
        string redis = $"127.0.0.1:{ClosedPort()}";
        string expected = $"vmaf-tiny: cannot connect to the cluster's Redis at {redis}: Connection refused";

        CliRunner.Result worker = CliRunner.Run("cluster", "worker", "--redis", redis);
        Assert.Equal(1, worker.ExitCode);
        Assert.Equal([expected], worker.ErrorLines);

        string folder = Path.Combine(Path.GetTempPath(), $"vt-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string manifest = Path.Combine(folder, "jobs.csv");
            string output = Path.Combine(folder, "pair.json");
            (string reference, string distorted) = (Path.Combine(folder, "ref.y4m"), Path.Combine(folder, "dist.y4m"));
            File.WriteAllText(manifest, $"reference,distorted,output\n{reference},{distorted},{output}\n");
            File.WriteAllText(reference, "YUV4MPEG2 W16 H16 F1:1 C420jpeg\n");
            File.WriteAllText(distorted, "YUV4MPEG2 W16 H16 F1:1 C420jpeg\n");

            CliRunner.Result submit = CliRunner.Run("cluster", "submit", manifest, "--redis", redis);
            Assert.Equal(1, submit.ExitCode);
            Assert.Equal([expected], submit.ErrorLines);
            Assert.Equal(
                ["dist.y4m", "jobs.csv", "ref.y4m"],
                Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>A local port nothing listens on: one the system just handed out and took back.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
