using System.Globalization;
using VmafTiny.Bench;
using VmafTiny.IO;
using VmafTiny.Score.Compare;

namespace VmafTiny.Cli.Commands.Bench;

/// <summary>Runs <c>bench</c> (<see cref="BenchRunner"/>) and prints its table.</summary>
internal static class BenchCommand
{
    public static int Run(BenchSettings settings, TextWriter stdout, TextWriter stderr)
    {
        string load = LoadAverage();
        var options = new BenchOptions
        {
            Reference = settings.Reference,
            Distorted = settings.Distorted,
            VmafTiny = settings.VmafTiny is { } path ? new BenchProgram(Path.GetFullPath(path), []) : Self(),
            Libvmaf = settings.Libvmaf is { } libvmaf ? Path.GetFullPath(libvmaf) : null,
            Runs = settings.Runs,
            Warmup = settings.Warmup,
            Threads = settings.Threads,
            Model = settings.Model,
            Log = settings.Quiet ? null : line => stderr.WriteLine($"vmaf-tiny: bench: {line}"),
        };
        BenchResult result = BenchRunner.Run(options);

        string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        stdout.WriteLine(Inv($"bench: {settings.Reference} vs {settings.Distorted}, model {settings.Model}, {settings.Threads} thread{(settings.Threads == 1 ? "" : "s")}, {settings.Runs} run{(settings.Runs == 1 ? "" : "s")} each after {settings.Warmup} warm-up{(settings.Warmup == 1 ? "" : "s")}, alternating"));
        foreach (string note in result.Notes)
        {
            stdout.WriteLine($"note: {note}");
        }

        int width = Math.Max(7, result.Commands.Max(c => c.Name.Length));
        stdout.WriteLine(Inv($"{"command".PadRight(width)}  {"wall",9}  {"CPU u+s",9}  {"peak RSS",9}  {"fps",7}  {"frames",6}"));
        foreach (BenchSummary c in result.Commands)
        {
            stdout.WriteLine(Inv($"{c.Name.PadRight(width)}  {c.Wall.TotalSeconds,7:F2} s  {c.Cpu.TotalSeconds,7:F2} s  {c.PeakRssKiB / 1024.0,5:F0} MiB  {c.Fps,7:F1}  {c.Frames,6}"));
        }

        BenchSummary first = result.Commands[0];
        foreach (BenchSummary other in result.Commands.Skip(1))
        {
            stdout.WriteLine(Inv(
                $"{other.Name} / {first.Name}: wall {other.Wall / first.Wall:F2}x, CPU {other.Cpu / first.Cpu:F2}x, peak RSS {(double)other.PeakRssKiB / first.PeakRssKiB:F2}x"));
        }

        if (result.Agreement is { } agreement)
        {
            stdout.WriteLine(Agreement(agreement));
        }

        stdout.WriteLine($"load average (1, 5, 15 min): {load} before, {LoadAverage()} after");
        foreach (string line in result.CommandLines)
        {
            stdout.WriteLine($"ran: {line}");
        }

        return 0;
    }

    /// <summary>One line: does the score agree, and how far apart are the features (as printed in the logs, %.6f).</summary>
    private static string Agreement(LogComparison c)
    {
        string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        MetricComparison? score = c.Metrics.FirstOrDefault(m => LogComparison.IsScore(m.Key));
        MetricComparison? worstFeature = c.Metrics.Where(m => !LogComparison.IsScore(m.Key)).MaxBy(m => m.MaxAbsDifference);
        string scoreText = score is null
            ? "no common score"
            : score.MaxAbsDifference == 0
                ? Inv($"{score.Key} identical in all {score.FramesCompared} frames")
                : Inv($"{score.Key} differs by up to {score.MaxAbsDifference:g4} (frame {score.MaxFrame}), mean {score.MeanAbsDifference:g4}");
        string features = worstFeature is null
            ? string.Empty
            : worstFeature.MaxAbsDifference == 0
                ? Inv($"; the {c.Metrics.Count - 1} common features identical")
                : Inv($"; features differ by up to {worstFeature.MaxAbsDifference:g4} ({worstFeature.Key})");
        string frames = c.FramesOnlyInFirst.Count + c.FramesOnlyInSecond.Count > 0 ? "; the logs have different frames" : string.Empty;

        // libvmaf is timed as users run it, with its SIMD on; vmaf-tiny matches its plain C path, which its SIMD ADM
        // leaves on some inputs (a 144x96 clip: 1.9 VMAF points apart). Say so where the values differ.
        bool differ = (score?.MaxAbsDifference ?? 0) != 0 || (worstFeature?.MaxAbsDifference ?? 0) != 0;
        string why = differ
            ? "; note: libvmaf ran with its SIMD paths, as timed; vmaf-tiny is bit-exact with its plain C path (--cpumask 24), " +
              "from which libvmaf's own SIMD ADM differs on some inputs"
            : string.Empty;
        return $"scores (logs at %.6f): {scoreText}{features}{frames}{why}";
    }

    /// <summary>How to start this very vmaf-tiny: its apphost when there is one, else <c>dotnet vmaf-tiny.dll</c>.</summary>
    private static BenchProgram Self()
    {
        // The one-file native binary's front opens the bundle file as a descriptor (the build it runs may be in memory). Run the
        // bundle by the path that descriptor was opened from (what the "ran:" lines show, and what a user can run
        // again), or through the descriptor itself when that path is gone or is not the same file any more.
        if (Environment.GetEnvironmentVariable("VMAF_TINY_BUNDLE_FD") is { Length: > 0 } bundle && int.TryParse(bundle, out int fd) &&
            fd >= 0)
        {
            string viaDescriptor = $"/proc/self/fd/{fd}";
            return new BenchProgram(BundlePath(viaDescriptor) ?? viaDescriptor, []);
        }

        string apphost = Path.Combine(AppContext.BaseDirectory, "vmaf-tiny");
        if (File.Exists(apphost))
        {
            return new BenchProgram(apphost, []);
        }

        string dll = Path.Combine(AppContext.BaseDirectory, "vmaf-tiny.dll");
        return new BenchProgram(Environment.ProcessPath ?? "/usr/bin/dotnet", [dll]);
    }

    /// <summary>
    /// The path the bundle descriptor <paramref name="viaDescriptor"/> (<c>/proc/self/fd/N</c>) was opened from, when a
    /// file of the same device and inode is still there; else null.
    /// </summary>
    private static string? BundlePath(string viaDescriptor)
    {
        try
        {
            if (new FileInfo(viaDescriptor).LinkTarget is not { } target || !Path.IsPathRooted(target) ||
                !FileProbe.Stat(viaDescriptor).IsSameFile(FileProbe.Stat(target)))
            {
                return null;
            }

            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
