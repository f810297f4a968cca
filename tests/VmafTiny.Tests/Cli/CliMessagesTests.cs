using System.Text;
using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Decode.Ffmpeg;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// Messages a user can act on (issue 10, items 6 and 8): one line, naming what the user gave, exit 2 for a bad
/// command line, and nothing from a file that can act on the terminal.
/// </summary>
public sealed class CliMessagesTests : IDisposable
{
    private static readonly VideoFormat Small = new(64, 48, 8, ChromaFormat.Yuv420);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--bitdepth needs a whole number, not 'abc'", "--width", "64", "--height", "48", "--pixel-format", "420", "--bitdepth", "abc")]
    [InlineData("--threads needs a whole number, not 'lots'", "--threads", "lots")]
    [InlineData("--width must be 1..16384, not 0", "--width", "0", "--height", "48", "--pixel-format", "420", "--bitdepth", "8")]
    [InlineData("raw .yuv input needs all of --width, --height, --pixel-format and --bitdepth; missing --height, --pixel-format, --bitdepth", "--width", "64")]
    [InlineData("--output is an empty string: give a file name", "-o", "")]
    public void Bad_command_lines_are_one_line_and_exit_2(string message, params string[] options)
    {
        var r = CliRunner.Run(["features", Video("r.y4m"), Video("d.y4m"), .. options]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {message} (run 'vmaf-tiny --help' for usage)"], r.ErrorLines);
    }

    /// <summary>The summary line counts threads in English: "1 thread", "2 threads" (it once said "1 threads").</summary>
    [Theory]
    [InlineData("1", ", 1 thread, ")]
    [InlineData("2", ", 2 threads, ")]
    public void The_summary_line_says_thread_or_threads(string threads, string expected)
    {
        var r = CliRunner.Run("features", Video("r.y4m"), Video("d.y4m"), "--threads", threads, "-o", _dir.File($"f{threads}.json"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains(r.ErrorLines, l => l.StartsWith("vmaf-tiny: ", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_input_name_is_a_bad_command_line()
    {
        var r = CliRunner.Run("features", string.Empty, Video("d.y4m"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["vmaf-tiny: the reference video (REF) is an empty string: give a file name (run 'vmaf-tiny --help' for usage)"], r.ErrorLines);
    }

    [Fact]
    public void A_crlf_header_says_so()
    {
        string path = _dir.File("crlf.y4m");
        TestVideo.WriteY4m(path, "W64 H48 F25:1 Ip A1:1 C420jpeg\r", [TestVideo.FrameBytes(Small, 0)]);
        AssertOneLine(path, $"{path}: y4m header line ends in CR LF (a Windows line ending)");
    }

    [Fact]
    public void A_header_over_4096_bytes_says_so()
    {
        string path = _dir.File("long.y4m");
        TestVideo.WriteY4m(path, "W64 H48 X" + new string('x', 5000), [TestVideo.FrameBytes(Small, 0)]);
        AssertOneLine(path, $"{path}: y4m header line is longer than 4096 bytes");
    }

    [Fact]
    public void A_reference_that_changes_size_says_only_the_distorted_video_is_scaled()
    {
        string reference = EncodedClips.File("size-change.ts");
        var r = CliRunner.Run("features", reference, reference, "-q");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            [$"vmaf-tiny: {reference}: the frame size changes at frame 3 (160x90 to 128x72); a reference must keep one size (only the distorted video is scaled, to the reference's size)"],
            r.ErrorLines);
    }

    [Fact]
    public void A_folder_as_the_training_corpus_says_so()
    {
        var r = CliRunner.Run("train", "--corpus", _dir.FullPath, "--out", _dir.File("m.onnx"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {_dir.FullPath}: is a folder; give the corpus CSV file (e.g. model/corpus/train.csv.gz)"], r.ErrorLines);
    }

    [Fact]
    public void Notes_are_printed_only_once_the_run_is_known_to_start()
    {
        // A 10-bit distorted video gets a conversion note; the refused log path must still be the only line.
        string distorted = _dir.File("d10.y4m");
        TestVideo.WriteY4m(distorted, new VideoFormat(64, 48, 10, ChromaFormat.Yuv420), 2);
        Directory.CreateDirectory(_dir.File("folder"));
        var r = CliRunner.Run("features", Video("r.y4m"), distorted, "-o", _dir.File("folder"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {_dir.File("folder")}: cannot write the log: is a folder; give the log a file name"], r.ErrorLines);
    }

    [Fact]
    public void Control_bytes_in_a_header_are_escaped()
    {
        string path = _dir.File("esc.y4m");
        TestVideo.WriteY4m(path, "W64 H48 C420\u001b]0;owned\u0007\u001b[2J\rX", [TestVideo.FrameBytes(Small, 0)]);
        var r = AssertOneLine(path, $"{path}: bad y4m header: unsupported colour space 'C420\\x1b]0;owned\\x07\\x1b[2J\\rX'");
        Assert.DoesNotContain(r.Stderr, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public void Control_bytes_in_a_file_name_are_escaped()
    {
        string path = _dir.File("evil\u001b[2J\u009b31m\nname.y4m");
        var r = CliRunner.Run("features", path, Video("d.y4m"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {_dir.FullPath}/evil\\x1b[2J\\x9b31m\\nname.y4m: no such file"], r.ErrorLines);
    }

    [Fact]
    public void Control_bytes_in_a_frame_line_are_escaped()
    {
        string path = _dir.File("frame.y4m");
        TestVideo.WriteY4m(path, "W64 H48", [TestVideo.FrameBytes(Small, 0)], frameLine: "FRAMEX\u001b[31m");
        AssertOneLine(path, $"{path}: frame 0: expected a FRAME header, found 'FRAMEX\\x1b[31m'");
    }

    private CliRunner.Result AssertOneLine(string reference, string message)
    {
        var r = CliRunner.Run("features", reference, Video("d.y4m"));
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.ErrorLines);
        Assert.StartsWith($"vmaf-tiny: {message}", line, StringComparison.Ordinal);
        return r;
    }

    private string Video(string name)
    {
        string path = _dir.File(name);
        if (!File.Exists(path))
        {
            TestVideo.WriteY4m(path, Small, 3);
        }

        return path;
    }
}
