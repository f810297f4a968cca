using VmafTiny.Score;
using VmafTiny.Score.Compare;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Score.Compare;

/// <summary>
/// Reading libvmaf's logs in its three layouts, and comparing them: libvmaf 3.2.0's own g01 logs (%.6f in JSON,
/// XML and CSV; %.17g in JSON) and copies with differences injected.
/// </summary>
public sealed class LogComparisonTests
{
    private const string Precise = "g01_pan_420p8_320x180";

    private static string Golden(string file) => Path.Combine(GoldenClips.DataDirectory, file);

    [Fact]
    public void Three_layouts_of_one_run_read_the_same()
    {
        VmafLog json = LogReader.ReadFile(Golden("g01.libvmaf-format.json"), out LogFormat f1);
        VmafLog xml = LogReader.ReadFile(Golden("g01.libvmaf-format.xml"), out LogFormat f2);
        VmafLog csv = LogReader.ReadFile(Golden("g01.libvmaf-format.csv"), out LogFormat f3);
        VmafLog sub = LogReader.ReadFile(Golden("g01.libvmaf-format.sub"), out LogFormat f4);
        Assert.Equal([LogFormat.Json, LogFormat.Xml, LogFormat.Csv, LogFormat.Sub], [f1, f2, f3, f4]);
        Assert.Equal("3.2.0", json.Version);
        Assert.Equal((320, 180), (xml.Width, xml.Height));
        Assert.Equal(12, json.Frames.Count);
        Assert.Equal(15, json.MetricKeys.Count);
        foreach (VmafLog other in new[] { xml, csv, sub })
        {
            Assert.Equal(json.MetricKeys, other.MetricKeys);
            for (int i = 0; i < json.Frames.Count; i++)
            {
                Assert.Equal(json.Frames[i], other.Frames[i] with { Metrics = other.Frames[i].Metrics }, new FrameEquality());
            }
        }

        Assert.Equal(json.Pooled.Select(p => p.Values), xml.Pooled.Select(p => p.Values));
        Assert.Equal(59.673502, json.Pooled.Single(p => p.Key == "vmaf").Values.Mean);
    }

    [Theory]
    [InlineData("g01.libvmaf-format.csv")]
    [InlineData("g01.libvmaf-format.sub")]
    [InlineData("g01.libvmaf-format.json")]
    [InlineData("g01.libvmaf-format.xml")]
    public void A_log_cut_anywhere_is_refused_or_reads_whole_frames_with_their_values(string file)
    {
        // A log cut short (a full disk, a copy interrupted): CSV and subtitle logs have no closing part, so only
        // libvmaf's line ends (',' and '|') show a last line was cut inside its last number ("72.867893," read
        // "72.86"). Every cut must be refused or read whole frames with exactly the full log's values.
        string text = File.ReadAllText(Golden(file));
        VmafLog full = LogReader.Read(text, file, out _);
        for (int length = 1; length < text.Length; length++)
        {
            VmafLog cut;
            try
            {
                cut = LogReader.Read(text[..length], file, out _);
            }
            catch (InputException)
            {
                continue;
            }

            Assert.True(cut.Frames.Count <= full.Frames.Count, $"cut at {length}");
            Assert.Equal(full.MetricKeys.Take(cut.MetricKeys.Count), cut.MetricKeys);
            for (int i = 0; i < cut.Frames.Count; i++)
            {
                Assert.True(new FrameEquality().Equals(full.Frames[i], cut.Frames[i]), $"{file} cut at {length} chars reads frame {cut.Frames[i].FrameNumber} differently");
            }
        }
    }

    [Fact]
    public void Our_logs_read_back_to_the_same_doubles()
    {
        VmafLog precise = LogReader.ReadFile(GoldenClips.LogPath(Precise), out _);
        foreach (LogFormat format in Enum.GetValues<LogFormat>())
        {
            var writer = new StringWriter();
            LogWriter.Write(precise.WithPooling(PoolMethod.ParseList("median,p5")), writer, format, LogPrecision.Max);
            VmafLog back = LogReader.Read(writer.ToString(), "mem", out LogFormat detected);
            Assert.Equal(format, detected);
            LogComparison same = LogComparison.Of(precise, back);
            Assert.True(same.WithinTolerance, format.ToString());
            Assert.All(same.Metrics, m => Assert.Null(m.FirstDifferentFrame));
        }
    }

    [Fact]
    public void Full_and_six_decimal_logs_differ_by_the_rounding_only()
    {
        VmafLog precise = LogReader.ReadFile(GoldenClips.LogPath(Precise), out _);
        VmafLog rounded = LogReader.ReadFile(Golden("g01.libvmaf-format.xml"), out _);
        LogComparison c = LogComparison.Of(precise, rounded);
        Assert.Equal(15, c.Metrics.Count);
        Assert.All(c.Metrics, m => Assert.Equal(12, m.FramesCompared));
        Assert.All(c.Metrics, m => Assert.InRange(m.MaxAbsDifference, 0, 5e-7));
        Assert.Contains(c.Metrics, m => m.MaxAbsDifference > 1e-7);
        Assert.False(c.WithinTolerance);
        Assert.True(LogComparison.Of(precise, rounded, 5e-7).WithinTolerance);
        Assert.Empty(c.MetricsOnlyInFirst);
        Assert.Empty(c.FramesOnlyInSecond);
    }

    [Fact]
    public void Injected_differences_are_found_where_they_are()
    {
        VmafLog a = LogReader.ReadFile(GoldenClips.LogPath(Precise), out _);
        VmafLog b = Edit(a, frame => frame.FrameNumber switch
        {
            7 => Set(frame, "vmaf", v => v + 0.25),
            9 => Set(frame, "integer_vif_scale2", v => v - 1e-12),
            11 => null, // dropped
            _ => frame,
        }, dropKey: "integer_aim");

        LogComparison c = LogComparison.Of(a, b);
        MetricComparison vmaf = c.Metrics.Single(m => m.Key == "vmaf");
        Assert.Equal((11, 0.25, 7, 7), (vmaf.FramesCompared, vmaf.MaxAbsDifference, vmaf.MaxFrame!.Value, vmaf.FirstDifferentFrame!.Value));
        Assert.Equal(0.25 / 11, vmaf.MeanAbsDifference, 15);
        MetricComparison vif = c.Metrics.Single(m => m.Key == "integer_vif_scale2");
        Assert.Equal(9, vif.FirstDifferentFrame);
        Assert.InRange(vif.MaxAbsDifference, 0.9e-12, 1.1e-12);
        Assert.All(c.Metrics.Where(m => m.Key is not ("vmaf" or "integer_vif_scale2")), m => Assert.Equal(0, m.MaxAbsDifference));
        Assert.Equal(["integer_aim"], c.MetricsOnlyInFirst);
        Assert.Empty(c.MetricsOnlyInSecond);
        Assert.Equal([11], c.FramesOnlyInFirst);

        // The score's agreement, over the 11 shared frames.
        double[] x = a.Values("vmaf")[..11];
        double[] y = b.Values("vmaf");
        ScoreAgreement s = Assert.Single(c.Scores);
        Assert.Equal((Agreement.Plcc(x, y), Agreement.Srocc(x, y)), (s.Plcc, s.Srocc));
        Assert.Equal(Math.Sqrt(0.25 * 0.25 / 11), s.Rmse, 15);

        // A tolerance above the 1e-12 change hides it, not the 0.25 one; the missing frame still fails.
        LogComparison tolerant = LogComparison.Of(a, b, 1e-9);
        Assert.Null(tolerant.Metrics.Single(m => m.Key == "integer_vif_scale2").FirstDifferentFrame);
        Assert.False(tolerant.WithinTolerance);
        Assert.False(LogComparison.Of(a, Edit(a, f => f.FrameNumber == 11 ? null : f), 1).WithinTolerance);
    }

    [Fact]
    public void Differently_named_scores_are_paired_and_nan_counts_as_a_difference()
    {
        VmafLog a = LogReader.ReadFile(GoldenClips.LogPath(Precise), out _);
        VmafLog tiny = Edit(a, f => new LogFrame(f.FrameNumber, f.Metrics.Select(m => m.Key == "vmaf" ? m with { Key = "vmaf_tiny_v2" } : m).ToArray()));
        LogComparison c = LogComparison.Of(tiny, a);
        ScoreAgreement s = Assert.Single(c.Scores);
        Assert.Equal(("vmaf_tiny_v2", "vmaf", 1.0, 0.0), (s.Key, s.OtherKey, s.Plcc, s.Rmse));
        Assert.True(c.WithinTolerance);

        VmafLog nan = Edit(a, f => f.FrameNumber == 3 ? Set(f, "integer_motion2", _ => double.NaN) : f);
        MetricComparison motion = LogComparison.Of(a, nan).Metrics.Single(m => m.Key == "integer_motion2");
        Assert.Equal((double.PositiveInfinity, 3), (motion.MaxAbsDifference, motion.FirstDifferentFrame!.Value));
        Assert.True(LogComparison.Of(nan, nan).WithinTolerance);
    }

    [Fact]
    public void Logs_without_a_metric_in_common_never_pass_the_tolerance()
    {
        // libvmaf's -n --feature psnr log against its VMAF log of the same pair: the same frames, nothing compared.
        string psnr = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-psnr-{Guid.NewGuid():N}.csv");
        File.WriteAllText(psnr, "Frame,psnr_y,psnr_cb,psnr_cr,\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i},39.434606,39.300699,41.589038,\n")));
        try
        {
            var r = CliRunner.Run("compare", psnr, Golden("g01.libvmaf-format.json"), "--tolerance", "1e-6");
            Assert.Equal(3, r.ExitCode);
            Assert.Contains("(no metric in common)", r.Stdout);
            Assert.Contains("tolerance 1e-06: exceeded", r.Stdout);
            Assert.Equal(["vmaf-tiny: compare: the logs have no metric in common: nothing was compared"], r.ErrorLines);
            Assert.Equal(0, CliRunner.Run("compare", psnr, Golden("g01.libvmaf-format.json")).ExitCode);
        }
        finally
        {
            File.Delete(psnr);
        }

        var empty = new VmafLog("3.2.0", double.NaN, 0, 0, []);
        Assert.True(LogComparison.Of(empty, empty, 1e-6).WithinTolerance);   // libvmaf's -n log: nothing to compare, nothing differs
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("xml")]
    [InlineData("sub")]
    public void Libvmafs_logs_of_no_frames_read_as_no_frames_in_every_layout(string layout)
    {
        // libvmaf 3.2.0's vmaf -n (no model, no --feature) on g01: no frame has a value, so every layout's log has no
        // frames; the subtitle one is an empty file (the others keep their header).
        string file = Golden($"g01.libvmaf-n.{layout}");
        VmafLog log = LogReader.ReadFile(file, out LogFormat format);
        Assert.Equal(Enum.Parse<LogFormat>(layout, ignoreCase: true), format);
        Assert.Empty(log.Frames);
        Assert.Empty(log.MetricKeys);

        var r = CliRunner.Run("compare", file, Golden("g01.libvmaf-n.json"), "--tolerance", "1e-6");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(string.Empty, r.Stderr);
        Assert.Contains($"A: {file} ({layout}, ", r.Stdout);
        Assert.Contains("0 frames, 0 metrics)", r.Stdout);
        Assert.Contains("(no metric in common)", r.Stdout);
    }

    [Theory]
    [InlineData("{\"version\": \"3.2.0\"}", "no \"frames\" array")]
    [InlineData("{\"frames\": [{\"frameNum\": 0, \"metrics\": {\"vmaf\": \"x\"}}]}", "frame 0: vmaf is not a number")]
    [InlineData("<VMAF><frames><frame frameNum=\"0\" vmaf=\"abc\" /></frames></VMAF>", "vmaf: 'abc' is not a number")]
    [InlineData("Frame,vmaf,\n0,1.0,\n1,2.0,3.0,\n", "line 3 has 4 fields, the header 2")]
    [InlineData("hello", "not a vmaf log (neither")]
    [InlineData("\n", "not a vmaf log (neither")]
    [InlineData("", "empty: not a vmaf log")]
    [InlineData("{0}{1}frame: 0|vmaf 1.0|\n", "line 1: 'vmaf 1.0' is not 'key: value'")]
    [InlineData("{\"frames\": [", "not a vmaf JSON log")]
    [InlineData("{\"frames\": [1]}", "frame 0 of the \"frames\" array is not an object")]
    [InlineData("{\"frames\": [{\"frameNum\": {}}]}", "frame 0 of the \"frames\" array has no frameNum")]
    [InlineData("{\"frames\": [], \"segment\": {\"last\": true, \"start\": \"0\"}}", "segment: \"start\" is not a frame number")]
    [InlineData("{\"frames\": [{\"frameNum\": 0, \"metrics\": [1]}]}", "frame 0: \"metrics\" is not an object")]
    [InlineData("{\"frames\": [{\"frameNum\": 0, \"metrics\": null}]}", "frame 0: \"metrics\" is not an object")]
    [InlineData("{\"frames\": [], \"pooled_metrics\": {\"vmaf\": 1}}", "pooled vmaf is not an object")]
    [InlineData("{\"frames\": [], \"segment\": {\"start\": 0, \"end\": 1, \"last\": true, \"width\": 1, \"height\": 1, \"reference\": \"a\", \"distorted\": \"b\", \"settings\": \"\", \"precision\": \"max\", \"models\": [1]}}", "segment: a model is not an object")]
    [InlineData("Frame,integer_adm2,vm", "the header line has no line end, as every line libvmaf writes has: the log is cut short")]
    [InlineData("Frame,vmaf,\n0,1.000000,\n1,2.00", "line 3 does not end with a comma as the header and every line libvmaf writes do: the log is cut short")]
    [InlineData("{0}{1}frame: 0|vmaf: 1.000000|\n{1}{2}frame: 1|vmaf: 2.00", "line 2 has no line end, as every line libvmaf writes has: the log is cut short")]
    public void Bad_logs_are_one_clear_error(string text, string message)
    {
        var e = Assert.Throws<InputException>(() => LogReader.Read(text, "bad.log", out _));
        Assert.StartsWith("bad.log: ", e.Message);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_json_log_file_with_bytes_that_are_not_utf8_is_one_clear_error()
    {
        // A JSON log file is parsed from its bytes: invalid UTF-8 is refused, never read through replacement characters.
        string file = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-bad-utf8-{Guid.NewGuid():N}.json");
        // (Read as text, the 0xFF in the key became U+FFFD and the log read with a metric "vm\uFFFDaf".)
        File.WriteAllBytes(file, [.. "{\"frames\": [{\"frameNum\": 0, \"metrics\": {\"vm"u8, 0xFF, .. "af\": 1.0}}]}"u8]);
        try
        {
            var e = Assert.Throws<InputException>(() => LogReader.ReadFile(file, out _));
            Assert.StartsWith($"{file}: not a vmaf JSON log: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Cli_prints_the_table_and_fails_only_beyond_the_tolerance()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-compare-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            VmafLog a = LogReader.ReadFile(GoldenClips.LogPath(Precise), out _);
            string changed = Path.Combine(dir, "changed.xml");
            LogWriter.WriteFile(Edit(a, f => f.FrameNumber == 5 ? Set(f, "vmaf", v => v - 0.5) : f), changed, LogFormat.Xml, LogPrecision.Max);

            var r = CliRunner.Run("compare", GoldenClips.LogPath(Precise), changed);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("B: " + changed + " (xml, version 3.2.0, 12 frames, 15 metrics)", r.Stdout);
            string vmafRow = r.Stdout.Split('\n').Single(l => l.StartsWith("vmaf ", StringComparison.Ordinal));
            Assert.Equal(["vmaf", "12", "0.5", "0.0416667", "5", "5"], vmafRow.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("score vmaf: PLCC 0.99", r.Stdout);

            var fail = CliRunner.Run("compare", GoldenClips.LogPath(Precise), changed, "--tolerance", "0.1");
            Assert.Equal(3, fail.ExitCode);
            Assert.Equal(["vmaf-tiny: compare: vmaf differs by 0.5 at frame 5, more than the tolerance 0.1"], fail.ErrorLines);
            Assert.Equal(0, CliRunner.Run("compare", GoldenClips.LogPath(Precise), changed, "--tolerance", "0.5").ExitCode);

            // A missing log (or folder on its path) is named as a missing video is, not with .NET's exception text.
            foreach (string absent in new[] { Path.Combine(dir, "none.json"), Path.Combine(dir, "no-dir", "none.json") })
            {
                var missing = CliRunner.Run("compare", GoldenClips.LogPath(Precise), absent);
                Assert.Equal(1, missing.ExitCode);
                Assert.Equal([$"vmaf-tiny: {absent}: no such file"], missing.ErrorLines);
            }

            Assert.Equal(2, CliRunner.Run("compare", changed, changed, "--tolerance", "-1").ExitCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Cli_says_correlation_is_undefined_instead_of_printing_NaN()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-compare-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            VmafLog a = LogReader.ReadFile(GoldenClips.LogPath(Precise), out _);
            string one = Path.Combine(dir, "one.json");
            LogWriter.WriteFile(Edit(a, f => f.FrameNumber == 0 ? f : null), one, LogFormat.Json, LogPrecision.Max);
            string flat = Path.Combine(dir, "flat.json");
            LogWriter.WriteFile(Edit(a, f => Set(f, "vmaf", _ => 90)), flat, LogFormat.Json, LogPrecision.Max);

            var r1 = CliRunner.Run("compare", one, one);
            Assert.True(r1.ExitCode == 0, r1.Stderr);
            Assert.Contains("score vmaf: PLCC undefined, SROCC undefined, RMSE 0 over 1 frames (correlation needs at least 2 frames)", r1.Stdout);
            var r2 = CliRunner.Run("compare", GoldenClips.LogPath(Precise), flat);
            Assert.True(r2.ExitCode == 0, r2.Stderr);
            Assert.Contains("PLCC undefined, SROCC undefined", r2.Stdout);
            Assert.Contains("(the score is constant in a log)", r2.Stdout);
            Assert.DoesNotContain("NaN", r1.Stdout + r2.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_value_one_log_lacks_in_a_shared_frame_is_a_difference()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-compare-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            VmafLog a = LogReader.ReadFile(GoldenClips.LogPath(Precise), out _);
            string holed = Path.Combine(dir, "holed.json");
            LogWriter.WriteFile(
                Edit(a, f => f.FrameNumber == 3 ? f with { Metrics = f.Metrics.Where(m => m.Key != "vmaf").ToArray() } : f),
                holed, LogFormat.Json, LogPrecision.Max);

            var r = CliRunner.Run("compare", GoldenClips.LogPath(Precise), holed, "--tolerance", "0.001");
            Assert.Equal(3, r.ExitCode);
            Assert.Equal(["vmaf-tiny: compare: vmaf at frame 3 is missing or not finite in one log only"], r.ErrorLines);
            string vmafRow = r.Stdout.Split('\n').Single(l => l.StartsWith("vmaf ", StringComparison.Ordinal));
            Assert.Equal(["vmaf", "12"], vmafRow.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));
            Assert.Contains("PLCC undefined, SROCC undefined", r.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static VmafLog Edit(VmafLog log, Func<LogFrame, LogFrame?> edit, string? dropKey = null)
    {
        var frames = log.Frames.Select(edit).OfType<LogFrame>()
            .Select(f => dropKey is null ? f : f with { Metrics = f.Metrics.Where(m => m.Key != dropKey).ToArray() })
            .ToArray();
        return new VmafLog(log.Version, log.Fps, log.Width, log.Height, frames);
    }

    private static LogFrame Set(LogFrame frame, string key, Func<double, double> change) =>
        frame with { Metrics = frame.Metrics.Select(m => m.Key == key ? m with { Value = change(m.Value) } : m).ToArray() };

    private sealed class FrameEquality : IEqualityComparer<LogFrame>
    {
        public bool Equals(LogFrame? x, LogFrame? y) => x!.FrameNumber == y!.FrameNumber && x.Metrics.SequenceEqual(y.Metrics);

        public int GetHashCode(LogFrame obj) => obj.FrameNumber;
    }
}
