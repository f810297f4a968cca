using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Golden;
using VmafTiny.Tests.Hardening;
using VmafTiny.Tests.Segments;

namespace VmafTiny.Tests.Scaling;

/// <summary>
/// The cluster for real: Debian's redis-server on a free port, three <c>vmaf-tiny cluster worker</c> processes and a
/// <c>cluster submit</c> process; one worker is killed (SIGKILL) while the job runs, then the submitter is interrupted
/// (SIGINT) and submitted again. The summary is complete and every pair's log is the log one run writes (but for the fps).
/// </summary>
public sealed class ClusterProcessTests : IDisposable
{
    // The 1080p and 720p pairs first: their segments take long enough to kill a worker in the middle of one.
    private static readonly string[] Clips =
    [
        "g11_pan_420p8_1920x1080", "g06_vp9_420p8_1280x720", "g01_pan_420p8_320x180", "g02_zoom_420p10_352x288",
        "g04_noise_422p10_320x240", "g09_scenecut_420p8_320x180",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("vmaf-tiny-cluster-").FullName;
    private readonly List<Process> _processes = [];

    public void Dispose()
    {
        foreach (Process p in _processes)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }

            p.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [SkippableFact]
    public void Three_workers_one_killed_mid_run_score_a_manifest_as_single_runs_do()
    {
        string? redisServer = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        Skip.If(redisServer is null, "redis-server is not installed (Debian: apt-get install redis-server; ./build.sh installs it as root)");

        int port = FreePort();
        string redis = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        Start(redisServer!, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir]);
        WaitForPort(port);

        var workers = Enumerable.Range(0, 3).Select(_ => StartCli(["cluster", "worker", "--redis", redis, "--threads", "1"])).ToArray();

        // The workers join before the job is submitted (a loaded machine takes a while to start three silos).
        var joining = Stopwatch.StartNew();
        while (!workers.All(w => Lines(w.Stderr).Any(l => l.Contains("joined the cluster", StringComparison.Ordinal))))
        {
            Assert.True(joining.Elapsed < TimeSpan.FromSeconds(120), "the workers did not join in 120 s:\n" + string.Join("\n", workers.Select(w => w.Stderr.ToString())));
            Assert.True(workers.All(w => !w.Process.HasExited), "a worker stopped:\n" + string.Join("\n", workers.Select(w => w.Stderr.ToString())));
            Thread.Sleep(50);
        }

        string manifest = Path.Combine(_dir, "m.csv");
        File.WriteAllText(manifest, "reference,distorted,output\n" + string.Concat(Clips.Select((c, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{GoldenClips.ReferencePath(c)},{GoldenClips.DistortedPath(c)},{c}.{(i % 2 == 0 ? "json" : "xml")}\n"))));
        var submit = StartCli(["cluster", "submit", manifest, "--redis", redis, "--segment-frames", "2", "--lease", "2"]);

        // Kill a worker as soon as it starts scoring a segment of the 1080p or 720p pair (SIGKILL: no goodbye).
        var clock = Stopwatch.StartNew();
        (Process Process, StringBuilder Stderr) victim = default;
        while (victim.Process is null && clock.Elapsed < TimeSpan.FromSeconds(60) && !submit.Process.HasExited)
        {
            victim = workers.FirstOrDefault(w => Lines(w.Stderr).LastOrDefault(l => l.Length > 0) is { } last &&
                                                 (last.Contains("pair 1 frames", StringComparison.Ordinal) || last.Contains("pair 2 frames", StringComparison.Ordinal)) &&
                                                 last.EndsWith("): scoring", StringComparison.Ordinal));
            Thread.Sleep(5);
        }

        Assert.True(victim.Process is not null, "no worker started a segment of the first two pairs in 60 s:\n" + string.Join("\n", workers.Select(w => w.Stderr.ToString())) + "\nsubmit:\n" + submit.Stderr);
        Assert.False(submit.Process.HasExited, "the job ended before a worker could be killed:\n" + submit.Stderr);
        victim.Process.Kill();

        // Ctrl-C on the submitter stops following the job, in one line (it was "internal error (TaskCanceledException)",
        // exit 1); the job goes on, and submitting again re-attaches to it and follows it to the end.
        Posix.Signal(submit.Process.Id, 2);
        Assert.True(submit.Process.WaitForExit(60_000), "submit did not stop on SIGINT in 60 s:\n" + submit.Stderr);
        submit.Process.WaitForExit();
        Assert.Equal(130, submit.Process.ExitCode);
        Assert.Equal(
            "vmaf-tiny: interrupted; the job goes on on the cluster: submit the manifest again to re-attach",
            Lines(submit.Stderr).Last(l => l.Length > 0));
        submit = StartCli(["cluster", "submit", manifest, "--redis", redis, "--segment-frames", "2", "--lease", "2"]);

        Assert.True(submit.Process.WaitForExit(180_000), "submit did not finish in 180 s:\n" + submit.Stderr);
        submit.Process.WaitForExit();
        string log = submit.Stderr.ToString();
        Assert.True(submit.Process.ExitCode == 0, $"submit exit code {submit.Process.ExitCode}:\n{log}");
        Assert.Matches(@": re-attached \(|: finished while away", log);
        Assert.Matches(@"finished; [1-9][0-9]* segments handed out again", log);   // the killed worker's segment ran elsewhere

        string[] summary = File.ReadAllLines(Path.Combine(_dir, "m.summary.csv"));
        Assert.Equal(Clips.Length + 1, summary.Length);
        Assert.All(summary.Skip(1), row => Assert.Contains(",ok,", row));
        for (int i = 0; i < Clips.Length; i++)
        {
            LogFormat format = i % 2 == 0 ? LogFormat.Json : LogFormat.Xml;
            string expected = SegmentRuns.Whole(GoldenClips.ReferencePath(Clips[i]), GoldenClips.DistortedPath(Clips[i]), new VmafOptions(), format);
            SegmentRuns.AssertSameLog(expected, File.ReadAllText(Path.Combine(_dir, $"{Clips[i]}.{(i % 2 == 0 ? "json" : "xml")}")), Clips[i]);
        }
    }

    private (Process Process, StringBuilder Stderr) StartCli(string[] args)
    {
        (Process process, StringBuilder stderr) = Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "vmaf-tiny.dll"), .. args]);
        return (process, stderr);
    }

    private (Process Process, StringBuilder Stderr) Start(string program, string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_TieredCompilation"] = "1";
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        var stderr = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.Append(e.Data).Append('\n');
                }
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        _processes.Add(process);
        process.StandardInput.Close();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return (process, stderr);
    }

    private static string[] Lines(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString().Split('\n');
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port)
    {
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        Assert.Fail("redis-server did not start");
    }
}
