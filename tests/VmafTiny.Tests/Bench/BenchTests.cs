using VmafTiny.Bench;
using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Bench;

/// <summary>
/// <c>bench</c> with stand-ins for both tools: shell scripts that record how they were called, write a log and sleep
/// (no CPU) or spin (CPU), so the kernel's accounting can be checked against what they did.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BenchTests : IDisposable
{
    private const string Clip = "g01_pan_420p8_320x180";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-bench-tests-{Guid.NewGuid():N}");

    public BenchTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Child_exit_codes_and_signals_come_back_from_the_kernel()
    {
        string o = Path.Combine(_dir, "o"), e = Path.Combine(_dir, "e");
        Assert.Equal(7, ChildProcess.Run("/bin/sh", ["-c", "echo hi; echo oops >&2; exit 7"], o, e).ExitCode);
        Assert.Equal("hi\n", File.ReadAllText(o));
        Assert.Equal("oops\n", File.ReadAllText(e));
        Assert.Equal(128 + 9, ChildProcess.Run("/bin/sh", ["-c", "kill -9 $$"], o, e).ExitCode);
        var missing = Assert.Throws<VmafTinyException>(() => ChildProcess.Run("/nonexistent/vmaf", [], o, e));
        Assert.Equal("/nonexistent/vmaf: no such program", missing.Message);
    }

    [Fact]
    public void A_child_runs_on_the_one_cpu_it_is_given_and_the_caller_keeps_its_own()
    {
        string o = Path.Combine(_dir, "o"), e = Path.Combine(_dir, "e");
        IReadOnlyList<int> before = ChildProcess.AllowedCpus();
        Assert.NotEmpty(before);
        foreach (int cpu in before.Take(2))
        {
            Assert.Equal(0, ChildProcess.Run("/bin/sh", ["-c", "grep Cpus_allowed_list /proc/self/status"], o, e, cpu).ExitCode);
            Assert.Equal($"Cpus_allowed_list:\t{cpu}\n", File.ReadAllText(o));
            Assert.Equal(before, ChildProcess.AllowedCpus());
        }

        var refused = Assert.Throws<VmafTinyException>(() => ChildProcess.Run("/bin/sh", ["-c", "exit 0"], o, e, 4096));
        Assert.Equal("/bin/sh: cannot start it on CPU 4096: no such CPU here", refused.Message);
        Assert.Equal(before, ChildProcess.AllowedCpus());
    }

    [SkippableFact]
    public void One_thread_runs_both_tools_of_a_round_on_one_cpu_and_the_cpus_in_turn()
    {
        // Unpinned, the scheduler put each run on either CPU, and a virtual machine's CPUs can differ in speed by a
        // quarter: a round's two runs then compared different machines.
        IReadOnlyList<int> cpus = ChildProcess.AllowedCpus();
        Skip.If(cpus.Count < 2, "one CPU: nothing to pin");
        string order = Path.Combine(_dir, "order.txt");
        const string Where = "grep Cpus_allowed_list /proc/self/status | cut -f2 >> \"$ORDER\"";
        string tiny = StandIn("tiny", order, Where), libvmaf = StandIn("libvmaf", order, Where);

        var r = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--libvmaf", libvmaf,
            "--vmaf-tiny", tiny, "--runs", "3", "--warmup", "1", "--threads", "1", "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string[] lines = File.ReadAllLines(order);
        string[] where = lines.Where((_, i) => i % 2 == 1).ToArray(); // each call's line, then its CPU
        Assert.Equal(8, where.Length);
        for (int round = 0; round < 4; round++)
        {
            string cpu = cpus[round % cpus.Count].ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal([cpu, cpu], where.Skip(2 * round).Take(2));
        }

        Assert.Contains($"note: one thread: each round's runs pinned to one CPU, CPUs {string.Join(", ", cpus)} in turn", r.Stdout);

        // More threads: not pinned.
        File.Delete(order);
        r = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--libvmaf", libvmaf,
            "--vmaf-tiny", tiny, "--runs", "1", "--warmup", "0", "--threads", "2", "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string all = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split('\t')[1];
        Assert.All(File.ReadAllLines(order).Where((_, i) => i % 2 == 1), l => Assert.Equal(all, l));
        Assert.DoesNotContain("pinned", r.Stdout);
    }

    [Fact]
    public void Alternates_the_tools_and_measures_sleeping_and_spinning_children()
    {
        string order = Path.Combine(_dir, "order.txt");
        string tiny = StandIn("tiny", order, "sleep 0.3");
        string libvmaf = StandIn("libvmaf", order, "for ((i = 0; i < 100000; i++)); do :; done");

        var r = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--libvmaf", libvmaf,
            "--vmaf-tiny", tiny, "--runs", "2", "--threads", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);

        // Warm-up, then two timed rounds, always A then B, with the same model and threads.
        string[] calls = File.ReadAllLines(order);
        Assert.Equal(["tiny", "libvmaf", "tiny", "libvmaf", "tiny", "libvmaf"], calls.Select(c => c.Split(' ')[0]));
        Assert.Contains("--model vmaf_v0.6.1 --threads 3", calls[0]);
        Assert.Contains($"-r {GoldenClips.ReferencePath(Clip)} -d {GoldenClips.DistortedPath(Clip)} --model version=vmaf_v0.6.1 --threads 3 --json", calls[1]);

        // The table: the sleeper has wall but hardly any CPU, the spinner has CPU; both logs have the same 12 frames.
        string[] rows = r.Stdout.Split('\n');
        string[] sleeper = rows.Single(l => l.StartsWith("vmaf-tiny ", StringComparison.Ordinal) && l.Contains(" MiB ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] spinner = rows.Single(l => l.StartsWith("libvmaf ", StringComparison.Ordinal) && l.Contains(" MiB ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double Seconds(string[] row, int i) => double.Parse(row[i], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Seconds(sleeper, 1), 0.3, 30);
        Assert.InRange(Seconds(sleeper, 3), 0, 0.2);
        Assert.InRange(Seconds(spinner, 3), 0.1, 60);
        Assert.Equal("12", sleeper[^1]);
        Assert.Contains("libvmaf / vmaf-tiny: wall ", r.Stdout);
        Assert.Contains("scores (logs at %.6f): vmaf identical in all 12 frames; the 14 common features identical", r.Stdout);
        Assert.Contains("load average (1, 5, 15 min): ", r.Stdout);
        Assert.Equal(6, r.ErrorLines.Count(l => l.StartsWith("vmaf-tiny: bench: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Scores_that_differ_from_libvmafs_are_shown_with_why_they_may()
    {
        string order = Path.Combine(_dir, "order.txt");
        string tiny = StandIn("tiny", order, string.Empty);

        // libvmaf's log with one frame's ADM changed, as its SIMD ADM gives on narrow frames.
        string libvmaf = StandIn("libvmaf", order, """
            for ((k = 0; k < ${#args[@]}; k++)); do
              if [ "${args[k]}" = "-o" ]; then sed -i '0,/"integer_adm2": [0-9.]*/s//"integer_adm2": 0.5/' "${args[k + 1]}"; fi
            done
            """);
        var r = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--libvmaf", libvmaf,
            "--vmaf-tiny", tiny, "--runs", "1", "--warmup", "0", "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string line = Assert.Single(r.Stdout.Split('\n'), l => l.StartsWith("scores (logs at %.6f): ", StringComparison.Ordinal));
        Assert.Contains("; features differ by up to ", line);
        Assert.Contains("(integer_adm2)", line);
        Assert.EndsWith("; note: libvmaf ran with its SIMD paths, as timed; vmaf-tiny is bit-exact with its plain C path (--cpumask 24), " +
            "from which libvmaf's own SIMD ADM differs on some inputs", line);
    }

    [Theory]
    [InlineData("1", "2", "1 run each after 2 warm-ups")]
    [InlineData("2", "1", "2 runs each after 1 warm-up")]
    public void The_header_counts_runs_and_warm_ups_in_the_singular_and_the_plural(string runs, string warmups, string expected)
    {
        string order = Path.Combine(_dir, "order.txt");
        string tiny = StandIn("tiny", order, string.Empty);
        var r = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--vmaf-tiny", tiny,
            "--runs", runs, "--warmup", warmups);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.EndsWith($", {expected}, alternating", r.Stdout.Split('\n')[0]);
    }

    [Fact]
    public void Encoded_input_is_decoded_to_a_temporary_y4m_for_libvmaf()
    {
        string order = Path.Combine(_dir, "order.txt");
        string tiny = StandIn("tiny", order, string.Empty);
        string libvmaf = StandIn("libvmaf", order, "head -c 10 \"$2\" >> \"$ORDER\"; echo >> \"$ORDER\"; echo \"$2\" >> \"$ORDER\"");
        string mkv = Path.Combine(AppContext.BaseDirectory, "TestData", "encoded", "ref_160x90.mkv");

        var r = CliRunner.Run("bench", mkv, mkv, "--libvmaf", libvmaf, "--vmaf-tiny", tiny, "--runs", "1", "--warmup", "0", "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(2, r.Stdout.Split('\n').Count(l => l.StartsWith($"note: decoded {mkv} to a temporary y4m for libvmaf (", StringComparison.Ordinal)));
        string[] calls = File.ReadAllLines(order);
        Assert.Contains($"score {mkv} ", calls[0]);                 // vmaf-tiny reads the mkv itself
        Assert.Equal("YUV4MPEG2 ", calls[2]);                       // libvmaf got a y4m
        Assert.EndsWith("/reference.y4m", calls[3]);
        Assert.False(File.Exists(calls[3]));                        // removed afterwards
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void Per_cpu_path_without_libvmaf_and_failures_are_one_line()
    {
        string order = Path.Combine(_dir, "order.txt");
        string tiny = StandIn("tiny", order, string.Empty);
        var r = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--vmaf-tiny", tiny,
            "--runs", "1", "--warmup", "0", "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        string[] paths = new[] { VmafTiny.Features.CpuPath.Scalar, VmafTiny.Features.CpuPath.Avx2, VmafTiny.Features.CpuPath.Avx512 }
            .Where(VmafTiny.Features.CpuDispatch.IsSupported).Select(VmafTiny.Features.CpuDispatch.Name).ToArray();
        Assert.Equal(paths.Select(p => $"--cpu {p}"), File.ReadAllLines(order).Select(l => l[l.IndexOf("--cpu", StringComparison.Ordinal)..].Split(" -q")[0]));
        Assert.Equal(paths.Length, r.Stdout.Split('\n').Count(l => l.StartsWith("vmaf-tiny --cpu ", StringComparison.Ordinal) && l.Contains(" MiB ", StringComparison.Ordinal)));

        string failing = StandIn("libvmaf", order, "echo 'could not open model' >&2; exit 3");
        var fail = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--libvmaf", failing,
            "--vmaf-tiny", tiny, "-q");
        Assert.Equal(1, fail.ExitCode);
        Assert.Equal(["vmaf-tiny: bench: libvmaf exited with 3: could not open model"], fail.ErrorLines);

        var tinyModel = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--libvmaf", failing,
            "--model", "vmaf_tiny_v2", "-q");
        Assert.Equal(1, tinyModel.ExitCode);
        Assert.Contains("libvmaf cannot run the model 'vmaf_tiny_v2'", tinyModel.Stderr);
    }

    [Fact]
    public void A_libvmaf_that_cannot_run_is_refused_before_anything_runs_and_a_missing_log_is_named()
    {
        string order = Path.Combine(_dir, "order.txt");
        string tiny = StandIn("tiny", order, string.Empty);
        string notExecutable = Path.Combine(_dir, "vmaf-not-executable");
        File.WriteAllText(notExecutable, "#!/bin/sh\n");
        foreach (var (libvmaf, line) in new[]
        {
            (Path.Combine(_dir, "missing-vmaf"), $"vmaf-tiny: {Path.Combine(_dir, "missing-vmaf")}: no such program"),
            (_dir, $"vmaf-tiny: {_dir}: no such program"),
            (notExecutable, $"vmaf-tiny: {notExecutable}: cannot start it: it is not executable"),
        })
        {
            var r = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--libvmaf", libvmaf,
                "--vmaf-tiny", tiny, "-q");
            Assert.Equal(1, r.ExitCode);
            Assert.Equal([line], r.ErrorLines);
            Assert.False(File.Exists(order), "vmaf-tiny was run before libvmaf was checked");
        }

        // Exits with 0 but writes nothing (e.g. /bin/true given as libvmaf).
        string silent = Path.Combine(_dir, "silent.sh");
        File.WriteAllText(silent, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(silent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var none = CliRunner.Run("bench", GoldenClips.ReferencePath(Clip), GoldenClips.DistortedPath(Clip), "--libvmaf", silent,
            "--vmaf-tiny", tiny, "--runs", "1", "--warmup", "0", "-q");
        Assert.Equal(1, none.ExitCode);
        Assert.Equal([$"vmaf-tiny: bench: libvmaf ({silent}) exited with 0 but wrote no log"], none.ErrorLines);
    }

    [Fact]
    public void Inputs_it_cannot_read_once_per_run_are_refused_in_one_line_before_anything_runs()
    {
        // Every run reads the inputs again: standard input or a FIFO would feed the first run only and leave the next
        // one waiting for ever on a pipe with no writer.
        string order = Path.Combine(_dir, "order.txt");
        string tiny = StandIn("tiny", order, string.Empty);
        string fifo = Path.Combine(_dir, "dist.fifo");
        VmafTiny.Tests.Hardening.Posix.MakeFifo(fifo);
        string reference = GoldenClips.ReferencePath(Clip);
        const string Reread = "bench runs each tool on its inputs several times, so they must be files it can read again";
        foreach (var (distorted, line) in new[]
        {
            ("-", $"vmaf-tiny: -: is standard input; {Reread}"),
            (fifo, $"vmaf-tiny: {fifo}: is a pipe (FIFO); {Reread}"),
            ("/dev/zero", $"vmaf-tiny: /dev/zero: is not a regular file; {Reread}"),
            (_dir, $"vmaf-tiny: {_dir}: is a folder, not a video"),
            (Path.Combine(_dir, "missing.y4m"), $"vmaf-tiny: {Path.Combine(_dir, "missing.y4m")}: no such file"),
        })
        {
            var r = CliRunner.Run("bench", reference, distorted, "--vmaf-tiny", tiny, "--runs", "1", "--warmup", "0", "-q");
            Assert.Equal(1, r.ExitCode);
            Assert.Equal([line], r.ErrorLines);
            Assert.False(File.Exists(order), $"vmaf-tiny was run on {distorted}");
        }
    }

    /// <summary>
    /// A stand-in for vmaf-tiny or libvmaf: appends "NAME ARGS" to <paramref name="order"/>, copies libvmaf's g01 log
    /// to the path after -o, then runs <paramref name="body"/> (with $ORDER set and the arguments as given).
    /// </summary>
    private string StandIn(string name, string order, string body)
    {
        string path = Path.Combine(_dir, $"{name}-{Guid.NewGuid():N}.sh");
        string log = Path.Combine(GoldenClips.DataDirectory, "g01.libvmaf-format.json");
        File.WriteAllText(path, $$"""
            #!/bin/bash
            ORDER='{{order}}'
            echo "{{name}} $*" >> "$ORDER"
            args=("$@")
            for ((k = 0; k < ${#args[@]}; k++)); do
              if [ "${args[k]}" = "-o" ]; then cp '{{log}}' "${args[k + 1]}"; fi
            done
            {{body}}
            exit 0
            """.Replace("\r", string.Empty));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
