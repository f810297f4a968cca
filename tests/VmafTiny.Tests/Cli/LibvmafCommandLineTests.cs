using VmafTiny.Cli.Commands.Libvmaf;
using VmafTiny.Features;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary>libvmaf's command line read as its getopt_long loop reads it, and how it reaches vmaf-tiny.</summary>
public class LibvmafCommandLineTests
{
    private static LibvmafSettings Parse(params string[] args) => LibvmafCommandLine.Parse(args);

    [Fact]
    public void Defaults_are_libvmafs_xml_and_vmaf_v061()
    {
        LibvmafSettings s = Parse("-r", "a.y4m", "-d", "b.y4m");
        Assert.Equal("a.y4m", s.Reference);
        Assert.Equal("b.y4m", s.Distorted);
        Assert.Equal(LogFormat.Xml, s.Format);
        Assert.Equal(["version=vmaf_v0.6.1"], s.Models);
        Assert.Null(s.Threads);
        Assert.Null(s.Output);
    }

    [Theory]
    [InlineData("--reference=a.y4m", "--distorted", "b.y4m")]
    [InlineData("--ref", "a.y4m", "--dis=b.y4m")]
    [InlineData("-ra.y4m", "-db.y4m")]
    [InlineData("-d", "b.y4m", "-r", "a.y4m")]
    public void Getopt_long_forms_are_all_taken(params string[] args)
    {
        LibvmafSettings s = Parse(args);
        Assert.Equal("a.y4m", s.Reference);
        Assert.Equal("b.y4m", s.Distorted);
    }

    [Fact]
    public void Clustered_short_options_attached_values_and_the_last_format_win()
    {
        LibvmafSettings s = Parse("-qnr", "a", "-db", "-oout.json", "--xml", "--json", "--thr", "0x10", "--subsample", "010", "--cpumask=24");
        Assert.True(s.Quiet);
        Assert.True(s.NoPrediction);
        Assert.Equal("a", s.Reference);
        Assert.Equal("b", s.Distorted);
        Assert.Equal("out.json", s.Output);
        Assert.Equal(LogFormat.Json, s.Format);
        Assert.Equal(16u, s.Threads);
        Assert.Equal(8u, s.Subsample);
        Assert.Equal(24u, s.CpuMask);
        Assert.Empty(s.Models); // -n: no default model
    }

    [Fact]
    public void Several_models_and_features_keep_their_order()
    {
        LibvmafSettings s = Parse("-r", "a", "-d", "b", "-m", "version=vmaf_v0.6.1", "--feature", "psnr", "-m", "version=vmaf_v0.6.1neg:name=neg", "--feature", "adm");
        Assert.Equal(["version=vmaf_v0.6.1", "version=vmaf_v0.6.1neg:name=neg"], s.Models);
        Assert.Equal(["psnr", "adm"], s.Features);
    }

    [Fact]
    public void Version_stops_parsing_where_libvmaf_does()
    {
        Assert.True(Parse("-v", "--bogus").Version);
        var r = CliRunner.Run("-v");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(string.Empty, r.Stdout);
        Assert.Contains("libvmaf 3.2.0 command line", r.Stderr);
    }

    [Theory]
    [InlineData("Reference .y4m or .yuv (-r/--reference) is required", "-d", "b")]
    [InlineData("Distorted .y4m or .yuv (-d/--distorted) is required", "-r", "a")]
    [InlineData("required for .yuv input", "-r", "a", "-d", "b", "-w", "64")]
    [InlineData("should be a valid bitdepth (8/10/12/16)", "-r", "a", "-d", "b", "-b", "9")]
    [InlineData("should be a valid pixel format", "-r", "a", "-d", "b", "-p", "411")]
    [InlineData("should be an integer", "-r", "a", "-d", "b", "--threads", "-1")]
    [InlineData("should be an integer", "-r", "a", "-d", "b", "--frame_cnt", "5x")]
    [InlineData("option '--frame_skip' is ambiguous", "-r", "a", "-d", "b", "--frame_skip", "2")]
    [InlineData("unrecognized option '--pixelformat'", "-r", "a", "-d", "b", "--pixelformat", "420")]
    [InlineData("invalid option -- 'x'", "-r", "a", "-d", "b", "-x")]
    [InlineData("option requires an argument -- 'o'", "-r", "a", "-d", "b", "-o")]
    [InlineData("option '--json' doesn't allow an argument", "-r", "a", "-d", "b", "--json=yes")]
    [InlineData("unexpected argument 'c.y4m'", "-r", "a", "-d", "b", "c.y4m")]
    [InlineData("Each model should be uniquely named", "-r", "a", "-d", "b", "-m", "version=vmaf_v0.6.1", "-m", "version=vmaf_4k_v0.6.1")]
    [InlineData("Problem parsing model", "-r", "a", "-d", "b", "-m", "version=vmaf_v0.6.1:oops")]
    public void What_libvmaf_rejects_or_silently_ignores_is_one_line_and_exit_2(string message, params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.ErrorLines);
        Assert.Contains(message, r.ErrorLines[0]);
        Assert.EndsWith("(run 'vmaf-tiny vmaf --help' for usage)", r.ErrorLines[0]);
    }

    [Theory]
    [InlineData(new[] { "vmaf", "-r", "a" }, null, 2)]
    [InlineData(new[] { "-r", "a", "-d", "b" }, null, 4)]
    [InlineData(new[] { "-h", "1080", "-w", "1920" }, null, 4)]
    [InlineData(new[] { "--width", "1920" }, null, 2)]
    [InlineData(new[] { "a.y4m" }, "/usr/local/bin/vmaf", 1)]
    public void Libvmafs_command_line_is_recognised_three_ways(string[] args, string? program, int count) =>
        Assert.Equal(count, LibvmafCommandDefinition.Takes(args, program)!.Count);

    [Theory]
    [InlineData(new[] { "-h" }, null)]
    [InlineData(new[] { "--help" }, null)]
    [InlineData(new[] { "--version" }, null)]
    [InlineData(new[] { "score", "a", "b" }, null)]
    [InlineData(new[] { "score", "-r" }, "/usr/bin/vmaf-tiny")]
    [InlineData(new string[0], null)]
    public void Vmaf_tinys_own_command_line_is_left_alone(string[] args, string? program) =>
        Assert.Null(LibvmafCommandDefinition.Takes(args, program));

    [Theory]
    [InlineData(24u, CpuPath.Scalar)]
    [InlineData(8u, CpuPath.Scalar)]
    [InlineData(0u, CpuPath.Auto)]
    [InlineData(7u, CpuPath.Auto)]
    [InlineData(32u, CpuPath.Auto)]
    public void Cpumask_bits_map_onto_cpu_paths(uint mask, CpuPath path) =>
        Assert.Equal(path, CpuDispatch.FromLibvmafCpuMask(mask));

    [Fact]
    public void Libvmafs_defaults_map_onto_the_library_with_vmaf_tinys_threads()
    {
        VmafOptions o = LibvmafCommand.ToOptions(Parse("-r", "a", "-d", "b", "--subsample", "0"));
        Assert.Equal(0, o.Threads);           // every core
        Assert.Equal(1, o.Subsample);         // libvmaf's 0 and 1 both mean every frame
        Assert.True(o.LibvmafOutputs);
        Assert.False(o.DefaultFeatures);
        Assert.Equal(["version=vmaf_v0.6.1"], o.EffectiveModels);
        Assert.Equal(1, LibvmafCommand.ToOptions(Parse("-r", "a", "-d", "b", "--threads", "0")).Threads);
        Assert.Equal(5, LibvmafCommand.ToOptions(Parse("-r", "a", "-d", "b", "--frame_cnt", "5")).FrameCount);
        Assert.Null(LibvmafCommand.ToOptions(Parse("-r", "a", "-d", "b", "--frame_cnt", "0")).FrameCount);
    }

    /// <summary>
    /// -p 400 (luma-only raw input, which the help and the README offer) is read: it was parsed, then refused by the
    /// raw reader ("raw video pixel format Mono is not supported"). Its log is the 4:2:0 clip's with PSNR on luma only.
    /// </summary>
    [Fact]
    public void Pixel_format_400_reads_raw_luma_only_input()
    {
        const string clip = "g01_pan_420p8_320x180";
        using var dir = new Decode.TempDirectory();
        string reference = dir.File("ref.yuv"), distorted = dir.File("dist.yuv");
        WriteLumaOnly(GoldenClips.ReferencePath(clip), reference, 320 * 180, 320 * 180 * 3 / 2);
        WriteLumaOnly(GoldenClips.DistortedPath(clip), distorted, 320 * 180, 320 * 180 * 3 / 2);

        var mono = CliRunner.Run("-r", reference, "-d", distorted, "-w", "320", "-h", "180", "-p", "400", "-b", "8", "--feature", "psnr", "--json", "-o", "-", "-q");
        Assert.True(mono.ExitCode == 0, mono.Stderr);
        var yuv = CliRunner.Run("-r", GoldenClips.ReferencePath(clip), "-d", GoldenClips.DistortedPath(clip), "--feature", "psnr=enable_chroma=false", "--json", "-o", "-", "-q");
        Assert.True(yuv.ExitCode == 0, yuv.Stderr);
        static string WithoutFps(string log) => string.Join('\n', log.Split('\n').Where(l => !l.Contains("\"fps\"", StringComparison.Ordinal)));
        Assert.Equal(WithoutFps(yuv.Stdout), WithoutFps(mono.Stdout));
        Assert.Contains("\"psnr_y\"", mono.Stdout);
    }

    private static void WriteLumaOnly(string y4m, string raw, int lumaBytes, int frameBytes)
    {
        byte[] bytes = File.ReadAllBytes(y4m);
        using var output = File.Create(raw);
        int position = Array.IndexOf(bytes, (byte)'\n') + 1;
        while (position < bytes.Length)
        {
            position = Array.IndexOf(bytes, (byte)'\n', position) + 1; // FRAME line
            output.Write(bytes, position, lumaBytes);
            position += frameBytes;
        }
    }

    [Fact]
    public void Stdout_is_only_the_log_and_the_summary_names_the_model_on_stderr()
    {
        const string clip = "g10_blurnoise_420p12_160x90";
        var r = CliRunner.Run("-r", GoldenClips.ReferencePath(clip), "-d", GoldenClips.DistortedPath(clip), "--json", "-o", "-", "-m", "version=vmaf_4k_v0.6.1:name=k");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("{\n  \"version\": ", r.Stdout);
        Assert.EndsWith("}\n", r.Stdout);
        Assert.Contains("\"k\": ", r.Stdout);
        string mean = GoldenClips.Pooled(clip, "4k")["vmaf"]["mean"].ToString("F6", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([$"vmaf_4k_v0.6.1: {mean}"], r.ErrorLines);

        // -q with a log: nothing on stderr; -q without one: the summary all the same, as libvmaf.
        var quiet = CliRunner.Run("vmaf", "-r", GoldenClips.ReferencePath(clip), "-d", GoldenClips.DistortedPath(clip), "-q", "-o", "-");
        Assert.Equal(string.Empty, quiet.Stderr);
        Assert.StartsWith("<VMAF version=", quiet.Stdout);
        var summary = CliRunner.Run("vmaf", "-r", GoldenClips.ReferencePath(clip), "-d", GoldenClips.DistortedPath(clip), "-q");
        Assert.Equal(string.Empty, summary.Stdout);
        Assert.Single(summary.ErrorLines);
        Assert.StartsWith("vmaf_v0.6.1: ", summary.ErrorLines[0]);
    }

    /// <summary>
    /// --threads beyond four per core is clamped with a note on stderr, and the log keeps libvmaf's layout: it once
    /// gained a "notes" array (XML: a notes element), which libvmaf's log never has, as if the inputs had been changed.
    /// </summary>
    [Theory]
    [InlineData("--json")]
    [InlineData("--xml")]
    public void Clamped_threads_are_a_note_on_stderr_and_leave_the_log_as_libvmafs(string format)
    {
        const string clip = "g10_blurnoise_420p12_160x90";
        int cap = Environment.ProcessorCount * 4;
        string[] args = ["-r", GoldenClips.ReferencePath(clip), "-d", GoldenClips.DistortedPath(clip), "--frame_cnt", "3", format, "-o", "-"];
        var clamped = CliRunner.Run([.. args, "--threads", (cap + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var plain = CliRunner.Run([.. args, "--threads", cap.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(clamped.ExitCode == 0, clamped.Stderr);
        Assert.Contains(clamped.ErrorLines, l => l.StartsWith($"vmaf-tiny: threads: {cap + 1} asked for, clamped to {cap}", StringComparison.Ordinal));
        Assert.DoesNotContain("note", clamped.Stdout, StringComparison.Ordinal);
        Assert.Equal(WithoutFps(plain.Stdout), WithoutFps(clamped.Stdout));
    }

    /// <summary>
    /// Inputs libvmaf scores as they are but vmaf-tiny notes (another frame rate in the distorted y4m's header, y4m's
    /// I?): the note goes to stderr and the log is libvmaf's, which has no notes; it once gained a "notes" array.
    /// </summary>
    [Theory]
    [InlineData("F24:1", "F25:1", "frame rates differ")]
    [InlineData(" Ip ", " I? ", "interlacing unknown (I?)")]
    public void Notes_on_inputs_libvmaf_takes_go_to_stderr_not_into_its_log(string header, string changed, string note)
    {
        const string clip = "g10_blurnoise_420p12_160x90";
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-notes-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            byte[] bytes = File.ReadAllBytes(GoldenClips.DistortedPath(clip));
            int end = Array.IndexOf(bytes, (byte)'\n');
            string first = System.Text.Encoding.ASCII.GetString(bytes, 0, end);
            Assert.Contains(header, first, StringComparison.Ordinal);
            string distorted = Path.Combine(dir, "d.y4m");
            File.WriteAllBytes(distorted, [.. System.Text.Encoding.ASCII.GetBytes(first.Replace(header, changed, StringComparison.Ordinal)), .. bytes.AsSpan(end)]);
            foreach (string format in new[] { "--json", "--xml" })
            {
                string[] args = ["-r", GoldenClips.ReferencePath(clip), "--frame_cnt", "3", format, "-o", "-", "-d"];
                var noted = CliRunner.Run([.. args, distorted]);
                var plain = CliRunner.Run([.. args, GoldenClips.DistortedPath(clip)]);
                Assert.True(noted.ExitCode == 0, noted.Stderr);
                Assert.Contains(noted.ErrorLines, l => l.Contains(note, StringComparison.Ordinal));
                Assert.DoesNotContain("note", noted.Stdout, StringComparison.Ordinal);
                Assert.Equal(WithoutFps(plain.Stdout), WithoutFps(noted.Stdout));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string WithoutFps(string log) =>
        System.Text.RegularExpressions.Regex.Replace(log, "(\"fps\": |fps=\")[0-9.]+", "$1");

    [Fact]
    public void Help_lists_every_libvmaf_option_and_the_differences()
    {
        var r = CliRunner.Run("vmaf", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (string option in new[]
                 {
                     "--reference/-r", "--distorted/-d", "--width/-w", "--height/-h", "--pixel_format/-p", "--bitdepth/-b", "--model/-m",
                     "--output/-o", "--xml", "--json", "--csv", "--sub", "--threads", "--feature", "--cpumask", "--gpumask", "--frame_cnt",
                     "--frame_skip_ref", "--frame_skip_dist", "--subsample", "--quiet/-q", "--no_prediction/-n", "--version/-v", "--precision",
                 })
        {
            Assert.Contains(option, r.Stdout);
        }

        Assert.Contains("Where vmaf-tiny differs from libvmaf's tool", r.Stdout);
        Assert.Contains("every core", r.Stdout);
    }
}
