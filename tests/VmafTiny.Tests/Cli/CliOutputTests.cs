using System.Text.Json;
using VmafTiny.IO;
using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Hardening;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// <c>-o</c> through the whole tool (issue 10, item 1): the log never replaces what stands at its path unless that
/// is a regular file, and a bad path is refused before any work. Where "before any work" matters, the distorted
/// video is truncated at its last frame: a run that computed first would fail on that frame instead.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CliOutputTests : IDisposable
{
    private static readonly VideoFormat Small = new(64, 48, 8, ChromaFormat.Yuv420);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_reference_as_the_log_is_refused_before_any_work_and_kept()
    {
        string reference = Video("ref.y4m");
        byte[] before = File.ReadAllBytes(reference);
        var r = CliRunner.Run("features", reference, Truncated("dist.y4m"), "-o", reference);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {reference}: cannot write the log: is the same file as the input {reference}; refusing to overwrite an input with the log"], r.ErrorLines);
        Assert.Equal(before, File.ReadAllBytes(reference));
    }

    [Theory]
    [InlineData("same path")]
    [InlineData("link")]
    [InlineData("dangling link")]
    public void The_log_and_the_report_at_one_path_are_refused_before_any_work(string how)
    {
        // A link to where the report will go (nothing there yet) is the same file too: the report written after
        // the log would replace it, and the run would end well with the log gone.
        string report = _dir.File("run.html");
        string log = report;
        if (how != "same path")
        {
            if (how == "link")
            {
                File.WriteAllText(report, "old");
            }

            log = _dir.File("log.json");
            File.CreateSymbolicLink(log, report);
        }

        var r = CliRunner.Run("features", Video("ref.y4m"), Truncated("dist.y4m"), "-o", log, "--report", report);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {report}: -o and --report name the same file; give each its own"], r.ErrorLines);
        Assert.Equal(how == "link" ? "old" : null, File.Exists(report) ? File.ReadAllText(report) : null);
    }

    [Theory]
    [InlineData("score", "a b", "xml")]         // libvmaf writes <frame ... a b="72.867893" />, which no XML reader reads
    [InlineData("score", "1080p", "xml")]
    [InlineData("score", "", "xml")]
    [InlineData("vmaf", "a,b", "csv")]          // one more header column than values
    [InlineData("vmaf", "a|b", "sub")]
    public void A_model_name_the_log_format_cannot_hold_is_refused_before_any_work(string command, string name, string format)
    {
        string log = _dir.File($"log.{format}");
        string model = $"version=vmaf_v0.6.1:name={name}";
        string[] args = command == "score"
            ? ["score", Video("ref.y4m"), Truncated("dist.y4m"), "-m", model, "-o", log]
            : ["vmaf", "-r", Video("ref.y4m"), "-d", Truncated("dist.y4m"), "-m", model, $"--{format}", "-o", log];
        var r = CliRunner.Run(args);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith($"vmaf-tiny: the model name '{name}' ", Assert.Single(r.ErrorLines), StringComparison.Ordinal);
        Assert.EndsWith($"it cannot key a score in a {format} log; give another name= or another log format", r.ErrorLines[0], StringComparison.Ordinal);
        Assert.False(File.Exists(log));
    }

    [Theory]
    [InlineData("a b", "json")]
    [InlineData("x\"y", "json")]
    [InlineData("", "sub")]                     // libvmaf's "|: 72.867893|"
    [InlineData("", "csv")]
    [InlineData("1080p", "csv")]
    public void A_model_name_the_log_format_holds_reads_back(string name, string format)
    {
        string log = _dir.File($"named.{format}");
        var r = CliRunner.Run("score", Video("ref.y4m"), Video("dist.y4m"), "-m", $"version=vmaf_v0.6.1:name={name}", "-q", "-o", log);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var back = VmafTiny.Score.Logs.LogReader.ReadFile(log, out _);
        Assert.Equal(3, back.Frames.Count);
        Assert.Equal(name, back.MetricKeys[^1]);
    }

    [Fact]
    public void A_report_path_that_is_refused_is_named_as_the_report_before_any_work()
    {
        // The log and the report share the output-path rules; each refusal says which of the two it is about.
        string missing = _dir.File("no-such-folder/run.html");
        var r = CliRunner.Run("features", Video("ref.y4m"), Truncated("dist.y4m"), "--report", missing);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {missing}: cannot write the report: the folder {Path.GetDirectoryName(missing)} does not exist"], r.ErrorLines);

        Directory.CreateDirectory(_dir.File("folder.html"));
        var folder = CliRunner.Run("features", Video("ref.y4m"), Truncated("dist.y4m"), "--report", _dir.File("folder.html"));
        Assert.Equal([$"vmaf-tiny: {_dir.File("folder.html")}: cannot write the report: is a folder; give the report a file name"], folder.ErrorLines);
    }

    [Fact]
    public void A_link_to_the_distorted_video_is_refused_too()
    {
        string distorted = Video("dist.y4m");
        string link = _dir.File("log.json");
        File.CreateSymbolicLink(link, distorted);
        var r = CliRunner.Run("features", Video("ref.y4m"), distorted, "-o", link);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("is the same file as the input", Assert.Single(r.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(FileKind.SymbolicLink, FileProbe.Stat(link, followLinks: false).Kind);
    }

    [Fact]
    public void A_symlinked_log_writes_its_target_and_stays_a_link()
    {
        string target = _dir.File("real.json");
        string link = _dir.File("log.json");
        File.CreateSymbolicLink(link, target);
        var r = CliRunner.Run("features", Video("ref.y4m"), Video("dist.y4m"), "-o", link, "-q");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(3, JsonDocument.Parse(File.ReadAllBytes(target)).RootElement.GetProperty("frames").GetArrayLength());
    }

    [Theory]
    [InlineData("-")]
    [InlineData("/dev/stdout")]
    public void Dash_writes_only_the_log_to_stdout_and_the_pooled_line_to_stderr(string output)
    {
        var r = CliRunner.Run("features", Video("ref.y4m"), Video("dist.y4m"), "-o", output, "-q");
        Assert.Equal(0, r.ExitCode);
        using var log = JsonDocument.Parse(r.Stdout);    // stdout is the log and nothing else
        Assert.Equal(3, log.RootElement.GetProperty("frames").GetArrayLength());
        Assert.Contains(r.ErrorLines, l => l.StartsWith("integer_adm2: ", StringComparison.Ordinal));
        Assert.Equal(["dist.y4m", "ref.y4m"], Directory.GetFileSystemEntries(_dir.FullPath).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("adir/", "ends in '/', which names a folder; give the log a file name")]
    [InlineData("adir", "is a folder; give the log a file name")]
    [InlineData("nofolder/log.json", "the folder")]
    public void Folders_are_refused_before_any_work(string name, string problem)
    {
        Directory.CreateDirectory(_dir.File("adir"));
        string output = _dir.File(name);
        var r = CliRunner.Run("features", Video("ref.y4m"), Truncated("dist.y4m"), "-o", output);
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.ErrorLines);
        Assert.StartsWith($"vmaf-tiny: {output}: cannot write the log: {problem}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_is_written_in_place_for_its_reader()
    {
        string fifo = _dir.File("log.fifo");
        Posix.MakeFifo(fifo);
        Task<string> reader = Task.Run(() => File.ReadAllText(fifo));
        var r = CliRunner.Run("features", Video("ref.y4m"), Video("dist.y4m"), "-o", fifo, "-q");
        Assert.Equal(0, r.ExitCode);
        string text = await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, JsonDocument.Parse(text).RootElement.GetProperty("frames").GetArrayLength());
        Assert.Equal(FileKind.Fifo, FileProbe.Stat(fifo).Kind);
    }

    [SkippableFact]
    public void A_device_node_is_written_in_place_and_stays_a_device()
    {
        Skip.IfNot(Posix.IsRoot, "making a device node (mknod) needs root");
        string node = _dir.File("null");
        Posix.MakeDevice(node, 1, 3);      // /dev/null's device, made in a temporary folder
        var r = CliRunner.Run("features", Video("ref.y4m"), Video("dist.y4m"), "-o", node, "-q");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(FileKind.CharacterDevice, FileProbe.Stat(node).Kind);
    }

    [Fact]
    public void An_unwritable_folder_is_refused_before_any_work_naming_the_path_given()
    {
        // As root every folder is writable: run the tool as nobody. A child process, for that alone.
        string folder = _dir.File("ro");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(_dir.FullPath, (UnixFileMode)0x1ed);     // 0755: nobody may enter
        string reference = Video("ref.y4m"), distorted = Truncated("dist.y4m");
        var r = CliProcess.Run(["features", reference, distorted, "-o", "ro/log.json"], workingDirectory: _dir.FullPath, asNobody: true);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: ro/log.json: cannot write the log: permission denied: cannot create files in the folder {folder}"], r.ErrorLines);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Theory]
    [InlineData(1, "1 frame of 64x48")]
    [InlineData(3, "3 frames of 64x48")]
    public void The_summary_line_counts_frames_in_the_singular_and_the_plural(int frames, string expected)
    {
        string reference = _dir.File("one-ref.y4m"), distorted = _dir.File("one-dist.y4m");
        TestVideo.WriteY4m(reference, Small, frames);
        TestVideo.WriteY4m(distorted, Small, frames);
        var r = CliRunner.Run("score", reference, distorted, "-m", "vmaf_v0.6.1");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith($"vmaf-tiny: {expected} ", Assert.Single(r.ErrorLines, l => l.StartsWith("vmaf-tiny: ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--frames", "1:2", "1 frame (3 read) of 64x48")]    // motion2 reads frame 0 and frame 2 around it
    [InlineData("--frames", "2:5", "3 frames (5 read) of 64x48")]   // frames 1 and 5 around it
    [InlineData("--subsample", "2", "3 frames (6 read) of 64x48")]
    public void The_summary_line_counts_the_frames_scored_not_the_frames_read(string option, string value, string expected)
    {
        string reference = _dir.File("six-ref.y4m"), distorted = _dir.File("six-dist.y4m");
        TestVideo.WriteY4m(reference, Small, 6);
        TestVideo.WriteY4m(distorted, Small, 6);
        var r = CliRunner.Run("score", reference, distorted, "-m", "vmaf_v0.6.1", option, value, "-o", _dir.File("six.json"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith($"vmaf-tiny: {expected} ", Assert.Single(r.ErrorLines, l => l.StartsWith("vmaf-tiny: ", StringComparison.Ordinal)));
    }

    private string Video(string name)
    {
        string path = _dir.File(name);
        if (!File.Exists(path))
        {
            TestVideo.WriteY4m(path, Small, 3);
            File.SetUnixFileMode(path, (UnixFileMode)0x1a4);    // 0644, readable by the child run as nobody
        }

        return path;
    }

    /// <summary>A video whose last frame is cut short: computing it fails, so an error about anything else came first.</summary>
    private string Truncated(string name)
    {
        string path = Video(name);
        using var f = File.OpenWrite(path);
        f.SetLength(f.Length - 10);
        return path;
    }
}
