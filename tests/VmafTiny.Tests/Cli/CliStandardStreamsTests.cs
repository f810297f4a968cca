using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Hardening;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// Closed or full standard streams (issue 10, items 5 and 8): diagnostics never cost the result, and a result that
/// cannot reach stdout is one clear error. Child processes: only a real process has descriptors to close.
/// </summary>
public sealed class CliStandardStreamsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("2>&-")]
    [InlineData("2>/dev/full")]
    public void A_closed_or_full_stderr_still_gives_the_log_and_exit_0(string redirect)
    {
        string log = _dir.File("e.json");
        var r = CliProcess.Run(["features", Video("r.y4m"), Video("d.y4m"), "-o", log], redirect);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("integer_adm2: ", r.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(log), "no log written");
    }

    [Theory]
    [InlineData(">&-", "cannot write the result to standard output: it is closed")]
    [InlineData(">/dev/full", "cannot write the result to standard output: No space left on device")]
    public void A_closed_or_full_stdout_is_one_line_naming_it(string redirect, string message)
    {
        var r = CliProcess.Run(["features", Video("r.y4m"), Video("d.y4m"), "-q"], redirect);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: {message}"], r.ErrorLines);
    }

    [Fact]
    public void A_console_that_cannot_allocate_is_one_line_not_an_unhandled_exception()
    {
        // What .NET's console throws at its first use when memory is short (ulimit -v): ENOMEM as a Win32Exception.
        var failing = new ThrowingWriter(new System.ComponentModel.Win32Exception(12));
        var e = Assert.Throws<VmafTinyException>(() => new VmafTiny.Cli.ResultWriter(failing).WriteLine("x"));
        Assert.StartsWith("cannot write the result to standard output: ", e.Message);
        var diagnostics = new VmafTiny.Cli.DiagnosticWriter(failing);
        diagnostics.WriteLine("dropped, not thrown");
    }

    private sealed class ThrowingWriter(Exception error) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => throw error;

        public override void Write(string? value) => throw error;

        public override void WriteLine(string? value) => throw error;
    }

    [Fact]
    public void A_dash_reads_a_y4m_from_stdin()
    {
        string reference = Video("r.y4m");
        var r = CliProcess.Run(["features", "-", reference, "-q"], $"< '{Video("d.y4m")}'");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("integer_adm2: ", r.Stdout, StringComparison.Ordinal);
        var both = CliRunner.Run("features", "-", "-");
        Assert.Equal(1, both.ExitCode);
        Assert.Equal(["vmaf-tiny: -: both inputs are standard input; at most one of them can be piped"], both.ErrorLines);
    }

    [Fact]
    public void Compare_reads_one_log_from_stdin_as_the_other_commands_read_dash()
    {
        string log = _dir.File("a.json");
        Assert.Equal(0, CliRunner.Run("features", Video("r.y4m"), Video("d.y4m"), "-q", "-o", log).ExitCode);
        var r = CliProcess.Run(["compare", "-", log, "--tolerance", "0.001"], $"< '{log}'");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("A: - (json, ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("tolerance 0.001: within", r.Stdout, StringComparison.Ordinal);

        // Stdin can be read once: naming it twice is refused before anything is read (merge likewise).
        var both = CliRunner.Run("compare", "-", "-");
        Assert.Equal(1, both.ExitCode);
        Assert.Equal(["vmaf-tiny: -: standard input is named more than once; at most one log can be piped"], both.ErrorLines);
        var merge = CliRunner.Run("merge", "-", "-");
        Assert.Equal(["vmaf-tiny: -: standard input is named more than once; at most one log can be piped"], merge.ErrorLines);

        var closed = CliProcess.Run(["compare", "-", log], "<&-");
        Assert.Equal(1, closed.ExitCode);
        Assert.Equal(["vmaf-tiny: -: standard input is closed"], closed.ErrorLines);
    }

    /// <summary>A closed stdin read as "-" is one line (it read the runtime's own pipe, which took fd 0, and hung).</summary>
    [Fact]
    public void A_dash_with_stdin_closed_is_one_line_naming_it()
    {
        var r = CliProcess.Run(["features", "-", Video("r.y4m"), "-q"], "<&-");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(["vmaf-tiny: -: standard input is closed"], r.ErrorLines);
    }

    private string Video(string name)
    {
        string path = _dir.File(name);
        if (!File.Exists(path))
        {
            TestVideo.WriteY4m(path, new VideoFormat(64, 48, 8, ChromaFormat.Yuv420), 3);
        }

        return path;
    }
}
