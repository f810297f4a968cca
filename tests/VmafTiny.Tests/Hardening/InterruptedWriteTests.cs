using System.Diagnostics;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Decode;

namespace VmafTiny.Tests.Hardening;

/// <summary>
/// Ctrl-C (SIGINT) or SIGTERM while the CLI writes its log: a real process (merge of one long segment log, whose
/// write lasts seconds), signalled once its temporary file beside the target appears.
/// </summary>
public sealed class InterruptedWriteTests : IDisposable
{
    // Long enough that writing the merged log takes well over the moment the signal needs to arrive.
    private const int Frames = 400_000;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(2, "SIGINT", 130, false)]
    [InlineData(15, "SIGTERM", 143, true)]
    public async Task A_signal_during_the_write_leaves_no_temporary_file_and_the_target_as_it_was(int signal, string name, int exit, bool targetExists)
    {
        // The temporary file (.out.xml.PID.xxxxxxxx.tmp) used to stay beside the target: the process died mid-write.
        string segment = _dir.File("segment.json");
        WriteSegment(segment);
        string target = _dir.File("out.xml");
        // On a loaded machine this test's polling can miss the whole write, or see the temporary file so late that the
        // merge has finished (exit 0, the target written) before the signal lands: such a run is run again. A CLI that
        // ignored the signal mid-write would end that way every time, and fails after five attempts.
        Process? process = null;
        Task<string>? stderr = null, stdout = null;
        for (int attempt = 1; process is null; attempt++)
        {
            if (targetExists)
            {
                File.WriteAllText(target, "an earlier log\n");
            }
            else
            {
                File.Delete(target);
            }

            var started = CliProcess.Start(["merge", segment, "-o", target, "-q"]);
            stderr = started.StandardError.ReadToEndAsync();
            stdout = started.StandardOutput.ReadToEndAsync();
            bool seen = await WriteSeen(started);
            if (seen)
            {
                Posix.Signal(started.Id, signal);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await started.WaitForExitAsync(timeout.Token);
            if (seen && started.ExitCode != 0)
            {
                process = started;
                break;
            }

            Assert.True(attempt < 5, $"merge ended (exit {started.ExitCode}) before the signal reached its write, {attempt} times: {await stderr}");
            started.Dispose();
        }

        using var running = process;
        Assert.Empty(Temporaries());
        Assert.Equal(targetExists, File.Exists(target));
        Assert.Equal(exit, process.ExitCode);
        Assert.Equal(string.Empty, await stdout!);
        Assert.Equal([$"vmaf-tiny: interrupted ({name}) while writing {target}: left as it was"], (await stderr!).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        if (targetExists)
        {
            Assert.Equal("an earlier log\n", File.ReadAllText(target));
        }
    }

    /// <summary>Waits until the process's temporary file appears (true) or the process ends first (false).</summary>
    private async Task<bool> WriteSeen(Process process)
    {
        var waited = Stopwatch.StartNew();
        while (Temporaries().Length == 0)
        {
            if (process.HasExited)
            {
                return false;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(110), "merge did not start writing in 110 s");
            await Task.Delay(1);
        }

        return true;
    }

    /// <summary>The hidden temporary files beside the target (.out.xml.PID.xxxxxxxx.tmp).</summary>
    private string[] Temporaries() => Directory.GetFiles(_dir.FullPath)
        .Where(f => Path.GetFileName(f).StartsWith(".out.xml.", StringComparison.Ordinal) && f.EndsWith(".tmp", StringComparison.Ordinal))
        .ToArray();

    /// <summary>One segment log of the whole pair (frames 0 to <see cref="Frames"/>, the last), as score --frames writes it.</summary>
    private static void WriteSegment(string path)
    {
        var frames = new LogFrame[Frames];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = new LogFrame(i, [new("integer_adm2", 0.9 + (i % 97) * 1e-3 / 7), new("vmaf", 80 + (i % 89) / 3.0)]);
        }

        var log = new VmafLog("vmaf-tiny test", 100, 64, 36, frames)
        {
            Segment = new LogSegment(0, Frames, true, 64, 36, "ref.y4m", "dist.y4m", "settings") { Precision = "max" },
        };
        LogWriter.WriteFile(log, path, LogFormat.Json, LogPrecision.Max);
    }
}
