using System.Globalization;
using VmafTiny.Decode;
using VmafTiny.Decode.Y4m;
using VmafTiny.Features;
using VmafTiny.IO;
using VmafTiny.Score.Compare;
using VmafTiny.Score.Logs;

namespace VmafTiny.Bench;

/// <summary>A program to run: its path and the arguments that come before the tool's own (e.g. <c>dotnet vmaf-tiny.dll</c>).</summary>
/// <param name="Program">The executable.</param>
/// <param name="Prefix">Arguments before the tool's own (the .dll for <c>dotnet</c>), or empty.</param>
public sealed record BenchProgram(string Program, IReadOnlyList<string> Prefix);

/// <summary>What <see cref="BenchRunner.Run"/> times.</summary>
public sealed record BenchOptions
{
    /// <summary>The reference video (any input vmaf-tiny takes; libvmaf gets a y4m).</summary>
    public required string Reference { get; init; }

    /// <summary>The distorted video.</summary>
    public required string Distorted { get; init; }

    /// <summary>vmaf-tiny itself (the CLI passes its own path).</summary>
    public required BenchProgram VmafTiny { get; init; }

    /// <summary>libvmaf's <c>vmaf</c> tool, or null to time vmaf-tiny alone on each CPU path this machine has.</summary>
    public string? Libvmaf { get; init; }

    /// <summary>Timed runs of each command.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Untimed runs of each command first (they bring the inputs into the page cache).</summary>
    public int Warmup { get; init; } = 1;

    /// <summary>Threads for both tools.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The model both tools use: <c>vmaf_v0.6.1</c> or a libvmaf model <c>.json</c> (libvmaf cannot run vmaf_tiny_v2).</summary>
    public string Model { get; init; } = "vmaf_v0.6.1";

    /// <summary>Called with each note (inputs decoded, runs done) as the bench goes.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>The medians of one command's timed runs.</summary>
/// <param name="Name">The command, as the table names it.</param>
/// <param name="Runs">Each timed run, in order.</param>
/// <param name="Frames">Frames in its log.</param>
public sealed record BenchSummary(string Name, IReadOnlyList<ChildUsage> Runs, int Frames)
{
    /// <summary>The median wall time.</summary>
    public TimeSpan Wall => Median(Runs.Select(r => r.Wall));

    /// <summary>The median CPU time (user + system).</summary>
    public TimeSpan Cpu => Median(Runs.Select(r => r.Cpu));

    /// <summary>The median peak RSS, KiB.</summary>
    public long PeakRssKiB => (long)Median(Runs.Select(r => TimeSpan.FromTicks(r.PeakRssKiB))).Ticks;

    /// <summary>Frames per second at the median wall time.</summary>
    public double Fps => Frames / Math.Max(Wall.TotalSeconds, 1e-9);

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        TimeSpan[] sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : TimeSpan.FromTicks((sorted[(n / 2) - 1].Ticks + sorted[n / 2].Ticks) / 2);
    }
}

/// <summary>A finished bench: each command's medians, and how the logs compare.</summary>
/// <param name="Commands">One summary per command, vmaf-tiny first.</param>
/// <param name="Agreement">vmaf-tiny's log against libvmaf's (the last timed run of each), or null without libvmaf.</param>
/// <param name="Notes">What was done to the inputs.</param>
/// <param name="CommandLines">The exact command lines run, one per command.</param>
public sealed record BenchResult(
    IReadOnlyList<BenchSummary> Commands, LogComparison? Agreement, IReadOnlyList<string> Notes, IReadOnlyList<string> CommandLines);

/// <summary>
/// Times vmaf-tiny against libvmaf's <c>vmaf</c> tool (or vmaf-tiny on each CPU path) as whole processes: the
/// commands run alternately (A B A B ...), after untimed warm-up runs, each measured by the kernel
/// (<see cref="ChildProcess"/>); then the medians, and the two logs compared (<see cref="LogComparison"/>).
/// </summary>
/// <remarks>
/// Both tools get the same model and thread count. libvmaf reads only y4m (or raw) files: an input that is not y4m
/// is decoded by vmaf-tiny's own decoder (FFmpeg's libraries) into a temporary y4m first, and a note says so;
/// vmaf-tiny still reads the original file, so its time includes decoding and libvmaf's does not. Temporary files
/// live in a folder of their own that is removed at the end.
/// </remarks>
public static class BenchRunner
{
    /// <summary>
    /// Refuses an input every run cannot read again from its start: each command reads it once per run (warm-ups
    /// included), so standard input, a FIFO or a device would be read by the first run only and block or starve the
    /// others.
    /// </summary>
    private static void CheckInput(string path)
    {
        const string Reread = "bench runs each tool on its inputs several times, so they must be files it can read again";
        if (path == "-")
        {
            throw new InputException(path, $"is standard input; {Reread}");
        }

        FileStatus status = FileProbe.Stat(path);
        string? problem = status.Kind switch
        {
            FileKind.Regular => null,
            FileKind.None => "no such file",
            FileKind.Directory => "is a folder, not a video",
            FileKind.Fifo => $"is a pipe (FIFO); {Reread}",
            _ => $"is not a regular file; {Reread}",
        };
        if (problem is not null)
        {
            throw new InputException(path, problem);
        }
    }

    /// <summary>Runs the bench. Throws <see cref="VmafTinyException"/> when a command fails (with its stderr's last line).</summary>
    public static BenchResult Run(BenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Runs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Warmup);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1);
        string? libvmafModel = options.Libvmaf is null ? null : LibvmafModel(options.Model);

        // The inputs and both programs are checked before anything runs, not after minutes of converting inputs or
        // timing the other.
        CheckInput(options.Reference);
        CheckInput(options.Distorted);
        ChildProcess.CheckRunnable(options.VmafTiny.Program);
        if (options.Libvmaf is { } libvmafProgram)
        {
            ChildProcess.CheckRunnable(libvmafProgram);
        }

        DirectoryInfo temp = Directory.CreateTempSubdirectory("vmaf-tiny-bench-");
        try
        {
            var notes = new List<string>();
            var commands = new List<(string Name, string Program, string[] Arguments, string LogPath)>();
            string threads = options.Threads.ToString(CultureInfo.InvariantCulture);
            if (options.Libvmaf is { } libvmaf)
            {
                string tinyLog = Path.Combine(temp.FullName, "vmaf-tiny.json");
                commands.Add(("vmaf-tiny", options.VmafTiny.Program,
                    [.. options.VmafTiny.Prefix, "score", options.Reference, options.Distorted, "--model", options.Model,
                     "--threads", threads, "-q", "-o", tinyLog], tinyLog));

                var (reference, distorted) = Y4mInputs(options.Reference, options.Distorted, temp.FullName, notes, options.Log);
                string libvmafLog = Path.Combine(temp.FullName, "libvmaf.json");
                commands.Add(("libvmaf", libvmaf,
                    ["-r", reference, "-d", distorted, "--model", libvmafModel!, "--threads", threads, "--json", "-o", libvmafLog, "-q"], libvmafLog));
            }
            else
            {
                foreach (CpuPath path in new[] { CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }.Where(CpuDispatch.IsSupported))
                {
                    string name = CpuDispatch.Name(path);
                    string log = Path.Combine(temp.FullName, $"vmaf-tiny-{name}.json");
                    commands.Add(($"vmaf-tiny --cpu {name}", options.VmafTiny.Program,
                        [.. options.VmafTiny.Prefix, "score", options.Reference, options.Distorted, "--model", options.Model,
                         "--threads", threads, "--cpu", name, "-q", "-o", log], log));
                }
            }

            // One thread: every command of a round on one CPU, the CPUs in turn from round to round. A virtual machine's
            // CPUs need not run at one speed (on the project's 2-vCPU EPYC one ran both tools ~25 % slower for minutes at
            // a time), and the scheduler would put each run on either; pinned, each round compares like with like.
            IReadOnlyList<int> cpus = options.Threads == 1 ? ChildProcess.AllowedCpus() : [];
            if (cpus.Count > 1)
            {
                notes.Add($"one thread: each round's runs pinned to one CPU, CPUs {string.Join(", ", cpus)} in turn (a machine's CPUs can differ in speed)");
            }

            var usages = commands.Select(_ => new List<ChildUsage>()).ToArray();
            for (int round = -options.Warmup; round < options.Runs; round++)
            {
                int? cpu = cpus.Count > 1 ? cpus[(round + options.Warmup) % cpus.Count] : null;
                for (int c = 0; c < commands.Count; c++)
                {
                    var (name, program, arguments, _) = commands[c];
                    string stdout = Path.Combine(temp.FullName, $"out{c}.txt"), stderr = Path.Combine(temp.FullName, $"err{c}.txt");
                    ChildUsage usage = ChildProcess.Run(program, arguments, stdout, stderr, cpu);
                    if (usage.ExitCode != 0)
                    {
                        string last = File.ReadLines(stderr).LastOrDefault(l => l.Trim().Length > 0) ?? "no message";
                        throw new VmafTinyException($"bench: {name} exited with {usage.ExitCode}: {last}");
                    }

                    if (round >= 0)
                    {
                        usages[c].Add(usage);
                    }

                    options.Log?.Invoke(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{(round < 0 ? "warm-up" : $"run {round + 1}/{options.Runs}")}: {name}: {usage.Wall.TotalSeconds:F2} s wall, {usage.Cpu.TotalSeconds:F2} s CPU"));
                }
            }

            VmafLog[] logs = commands.Select(c => File.Exists(c.LogPath)
                ? LogReader.ReadFile(c.LogPath, out _)
                : throw new VmafTinyException($"bench: {c.Name} ({c.Program}) exited with 0 but wrote no log")).ToArray();
            var summaries = commands.Select((c, i) => new BenchSummary(c.Name, usages[i], logs[i].Frames.Count)).ToArray();
            LogComparison? agreement = options.Libvmaf is null ? null : LogComparison.Of(logs[0], logs[1]);
            string[] lines = commands.Select(c => string.Join(' ', new[] { c.Program }.Concat(c.Arguments).Select(Quote))).ToArray();
            return new BenchResult(summaries, agreement, notes, lines);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>libvmaf's <c>--model</c> value for a model vmaf-tiny names; vmaf_tiny_v2 and ONNX models have none.</summary>
    public static string LibvmafModel(string model) => model switch
    {
        "vmaf_v0.6.1" => "version=vmaf_v0.6.1",
        _ when model.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => $"path={model}",
        _ => throw new VmafTinyException(
            $"bench: libvmaf cannot run the model '{model}': use --model vmaf_v0.6.1 or a libvmaf model .json to time both tools"),
    };

    /// <summary>
    /// The y4m files libvmaf reads: each input as it is when it is already y4m of the reference's format, else decoded
    /// (and for the distorted, scaled and converted as vmaf-tiny does) into a temporary y4m.
    /// </summary>
    private static (string Reference, string Distorted) Y4mInputs(string reference, string distorted, string folder, List<string> notes, Action<string>? log)
    {
        using var pair = SourcePair.Open(reference, distorted);
        bool referenceOk = IsY4m(reference);
        bool distortedOk = IsY4m(distorted) && Y4mFormat(distorted) == pair.Format;
        if (referenceOk && distortedOk)
        {
            return (reference, distorted);
        }

        string refOut = referenceOk ? reference : Path.Combine(folder, "reference.y4m");
        string distOut = distortedOk ? distorted : Path.Combine(folder, "distorted.y4m");
        using FramePairReader reader = pair.CreateReader(new FramePairOptions());
        (int num, int den) = Rate(pair.Reference.FrameRate);
        using Stream? refStream = referenceOk ? null : File.Create(refOut);
        using Stream? distStream = distortedOk ? null : File.Create(distOut);
        byte[] frameLine = "FRAME\n"u8.ToArray();
        refStream?.Write(System.Text.Encoding.ASCII.GetBytes(Y4mHeader.ToHeaderLine(pair.Format, num, den)));
        distStream?.Write(System.Text.Encoding.ASCII.GetBytes(Y4mHeader.ToHeaderLine(reader.Distorted.Format, num, den)));
        var (r, d) = reader.CreateFrames();
        long frames = 0;
        while (reader.ReadPair(r, d))
        {
            refStream?.Write(frameLine);
            refStream?.Write(r.Data);
            distStream?.Write(frameLine);
            distStream?.Write(d.Data);
            frames++;
        }

        foreach (var (ok, input) in new[] { (referenceOk, reference), (distortedOk, distorted) })
        {
            if (!ok)
            {
                string note = string.Create(
                    CultureInfo.InvariantCulture,
                    $"decoded {input} to a temporary y4m for libvmaf ({frames} frames of {pair.Format}); vmaf-tiny reads {Path.GetFileName(input)} itself, so its time includes decoding");
                notes.Add(note);
                log?.Invoke(note);
            }
        }

        return (refOut, distOut);
    }

    private static bool IsY4m(string path)
    {
        Span<byte> magic = stackalloc byte[10];
        using FileStream s = File.OpenRead(path);
        return s.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) == magic.Length && magic.SequenceEqual("YUV4MPEG2 "u8);
    }

    private static VideoFormat Y4mFormat(string path)
    {
        using var y4m = new Y4mReader(path);
        return y4m.Format;
    }

    private static (int Num, int Den) Rate(double fps)
    {
        if (!(fps > 0))
        {
            return (25, 1);
        }

        int num = (int)Math.Round(fps * 1000);
        return num % 1000 == 0 ? (num / 1000, 1) : (num, 1000);
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:+,@%".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
