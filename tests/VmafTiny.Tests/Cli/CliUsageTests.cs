namespace VmafTiny.Tests.Cli;

public class CliUsageTests
{
    [Theory]
    [InlineData("score", "a.y4m")]
    [InlineData("score", "a.y4m", "b.y4m", "--threads", "-1")]
    [InlineData("score", "a.y4m", "b.y4m", "--format", "yaml")]
    [InlineData("score", "a.y4m", "b.y4m", "--precision", "lots")]
    [InlineData("score", "a.y4m", "b.y4m", "--subsample", "0")]
    [InlineData("score", "a.y4m", "b.y4m", "--bitdepth", "9")]
    [InlineData("frobnicate")]
    public void Bad_command_lines_exit_2_with_a_message_and_no_stack_trace(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("vmaf-tiny: ", r.ErrorLines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Theory]
    [InlineData("report", "run.json", "-o", "run.html")]
    [InlineData("scor", "ref.y4m", "dist.y4m")]
    [InlineData("ref.y4m", "dist.y4m")]
    public void A_word_that_is_no_command_is_named_as_such_with_the_commands(params string[] args)
    {
        // System.CommandLine's own first error here is "Required command was not provided", which a user who typed
        // one cannot make sense of.
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"vmaf-tiny: '{args[0]}' is not a command; the commands are score, features, vmaf, train, compare, bench, devices, merge, batch, cluster (run 'vmaf-tiny --help' for usage)"], r.ErrorLines);
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public void A_value_outside_an_options_choices_is_one_readable_line_naming_them()
    {
        // System.CommandLine puts each choice on a line of its own after a tab; escaped, they read '\t'auto' \t'scalar''.
        var r = CliRunner.Run("score", "a.y4m", "b.y4m", "--cpu", "avx9");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["vmaf-tiny: Argument 'avx9' not recognized. Must be one of: 'auto' 'scalar' 'avx2' 'avx512' (run 'vmaf-tiny --help' for usage)"], r.ErrorLines);
    }

    [Fact]
    public void Batch_help_names_every_manifest_column()
    {
        var r = CliRunner.Run("batch", "--help");
        Assert.Equal(0, r.ExitCode);
        string help = string.Join(" ", r.Stdout.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        foreach (string column in (string[])["reference", "distorted", "output", "model", "format", "precision", "width", "height",
                     "pixel-format", "bitdepth", "threads", "frame-count", "frame-skip-ref", "frame-skip-dist", "frames", "subsample",
                     "scale", "no-autorotate"])
        {
            Assert.Matches($@"[ ,(]{column}[, )]", help);
        }
    }

    [Theory]
    [InlineData("cluster worker", "Print no line per segment scored")]
    [InlineData("cluster submit", "Print only failed pairs")]
    [InlineData("batch", "Print only failed pairs")]
    [InlineData("bench", "Print the results only")]
    [InlineData("score", "Print only the pooled score")]
    [InlineData("merge", "Print only the pooled score")]
    public void Quiet_is_described_by_what_each_command_leaves_out(string command, string description)
    {
        var r = CliRunner.Run([.. command.Split(' '), "--help"]);
        Assert.Equal(0, r.ExitCode);
        string quiet = Assert.Single(r.Stdout.Split('\n'), l => l.Contains("--quiet", StringComparison.Ordinal));
        Assert.Contains(description, quiet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("score", "--threads")]
    [InlineData("features", "--threads")]
    [InlineData("batch", "--jobs")]
    [InlineData("cluster worker", "--threads")]
    [InlineData("cluster worker", "--port")]
    [InlineData("cluster worker", "--gateway-port")]
    public void A_count_whose_default_is_chosen_at_run_time_shows_no_default_of_zero(string command, string option)
    {
        var r = CliRunner.Run([.. command.Split(' '), "--help"]);
        Assert.Equal(0, r.ExitCode);
        string line = Assert.Single(r.Stdout.Split('\n'), l => l.Contains(option + " ", StringComparison.Ordinal));
        Assert.Contains("default: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("[default: 0]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_input_needs_every_geometry_option()
    {
        var r = CliRunner.Run("score", "a.yuv", "b.yuv", "--width", "64");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(["vmaf-tiny: raw .yuv input needs all of --width, --height, --pixel-format and --bitdepth; missing --height, --pixel-format, --bitdepth (run 'vmaf-tiny --help' for usage)"], r.ErrorLines);
    }

    [Fact]
    public void Missing_input_is_one_line_naming_the_file()
    {
        var r = CliRunner.Run("score", "/nonexistent/ref.y4m", "/nonexistent/dist.y4m", "--model", "vmaf_v0.6.1");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(["vmaf-tiny: /nonexistent/ref.y4m: no such file"], r.ErrorLines);
        Assert.Equal(string.Empty, r.Stdout);
    }
}
