using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using VmafTiny.Decode.Y4m;
using VmafTiny.Score;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Score.Logs;

public class LogWriterTests
{
    private const string G01 = "g01_pan_420p8_320x180";

    private static string GoldenFile(string name) => Path.Combine(GoldenClips.DataDirectory, name);

    /// <summary>A clip's frames from libvmaf's %.17g JSON, keys in libvmaf's order.</summary>
    private static List<LogFrame> GoldenFrames(string clip)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(GoldenClips.LogPath(clip)));
        return doc.RootElement.GetProperty("frames").EnumerateArray()
            .Select(f => new LogFrame(
                f.GetProperty("frameNum").GetInt32(),
                f.GetProperty("metrics").EnumerateObject().Select(m => new LogMetric(m.Name, m.Value.GetDouble())).ToList()))
            .ToList();
    }

    /// <summary>g01's log as our model holds it; version and fps (a timing) are taken from libvmaf's file.</summary>
    private static VmafLog G01Log(double fps)
    {
        using var reader = new Y4mReader(GoldenClips.ReferencePath(G01));
        return new VmafLog("3.2.0", fps, reader.Format.Width, reader.Format.Height, GoldenFrames(G01));
    }

    private static string Write(VmafLog log, LogFormat format, LogPrecision precision = default)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        LogWriter.Write(log, writer, format, precision);
        return writer.ToString();
    }

    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Pooling_gives_libvmafs_doubles(string clip)
    {
        var log = new VmafLog("3.2.0", 0, 1, 1, GoldenFrames(clip));
        var expected = GoldenClips.Pooled(clip);
        Assert.Equal(expected.Count, log.Pooled.Count);
        foreach (PooledMetric pooled in log.Pooled)
        {
            var want = expected[pooled.Key];
            Assert.Equal(want["min"], pooled.Values.Min);
            Assert.Equal(want["max"], pooled.Values.Max);
            Assert.Equal(want["mean"], pooled.Values.Mean);
            Assert.Equal(want["harmonic_mean"], pooled.Values.HarmonicMean);
        }
    }

    [Fact]
    public void Json_is_byte_for_byte_libvmafs()
    {
        byte[] golden = File.ReadAllBytes(GoldenFile("g01.libvmaf-format.json"));
        using var doc = JsonDocument.Parse(golden);
        Assert.Equal("3.2.0", doc.RootElement.GetProperty("version").GetString());
        double fps = doc.RootElement.GetProperty("fps").GetDouble();
        Assert.Equal(Encoding.ASCII.GetString(golden), Write(G01Log(fps), LogFormat.Json));
    }

    [Fact]
    public void Xml_is_byte_for_byte_libvmafs()
    {
        byte[] golden = File.ReadAllBytes(GoldenFile("g01.libvmaf-format.xml"));
        XElement root = XDocument.Parse(Encoding.ASCII.GetString(golden)).Root!;
        Assert.Equal("3.2.0", root.Attribute("version")!.Value);
        double fps = double.Parse(root.Element("fyi")!.Attribute("fps")!.Value, CultureInfo.InvariantCulture);
        Assert.Equal(Encoding.ASCII.GetString(golden), Write(G01Log(fps), LogFormat.Xml));
    }

    [Fact]
    public void Csv_is_byte_for_byte_libvmafs()
    {
        byte[] golden = File.ReadAllBytes(GoldenFile("g01.libvmaf-format.csv"));
        Assert.Equal(Encoding.ASCII.GetString(golden), Write(G01Log(0), LogFormat.Csv));
    }

    [Fact]
    public void Sub_is_byte_for_byte_libvmafs()
    {
        byte[] golden = File.ReadAllBytes(GoldenFile("g01.libvmaf-format.sub"));
        Assert.Equal(Encoding.ASCII.GetString(golden), Write(G01Log(0), LogFormat.Sub));
    }

    [Fact]
    public void Sub_writes_only_the_frames_and_each_metric_it_has()
    {
        var log = new VmafLog("3.2.0", 1, 64, 36, [new LogFrame(0, [new("a", 0.5), new("b", double.NaN)]), new LogFrame(1, []), new LogFrame(7, [new("b", 1e-9)])]);
        Assert.Equal("{0}{1}frame: 0|a: 0.500000|b: -nan|\n{7}{8}frame: 7|b: 0.0000000010000000|\n", Write(log, LogFormat.Sub));
    }

    [Fact]
    public void Writing_a_file_gives_the_same_bytes()
    {
        string path = Path.Combine(Path.GetTempPath(), "vmaf-tiny-tests", $"log-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            byte[] golden = File.ReadAllBytes(GoldenFile("g01.libvmaf-format.json"));
            LogWriter.WriteFile(G01Log(692.76), path, LogFormat.Json);
            Assert.Equal(golden, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Every value of a log with awkward doubles, in frame order then pooled order.</summary>
    private static VmafLog AwkwardLog()
    {
        var frames = GoldenFrames(G01);
        double[] awkward = [1e-7, 5e-324, -0.0, 1.7976931348623157e308, 0.1, 123456789.00000001, -2.5e-12, 3.0000000001];
        for (int i = 0; i < awkward.Length; i++)
        {
            var metrics = frames[i].Metrics.ToList();
            metrics[i] = metrics[i] with { Value = awkward[i] };
            frames[i] = frames[i] with { Metrics = metrics };
        }

        return new VmafLog("3.2.0", 692.76, 320, 180, frames);
    }

    private static void AssertSameBits(double expected, double actual, string what)
    {
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{what}: wrote {expected:R}, read back {actual:R}");
    }

    [Fact]
    public void Max_precision_json_round_trips_every_double()
    {
        VmafLog log = AwkwardLog();
        using var doc = JsonDocument.Parse(Write(log, LogFormat.Json, LogPrecision.Max));
        var frames = doc.RootElement.GetProperty("frames").EnumerateArray().ToList();
        Assert.Equal(log.Frames.Count, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(log.Frames[i].FrameNumber, frames[i].GetProperty("frameNum").GetInt32());
            var metrics = frames[i].GetProperty("metrics").EnumerateObject().ToList();
            Assert.Equal(log.Frames[i].Metrics.Select(m => m.Key), metrics.Select(m => m.Name));
            for (int j = 0; j < metrics.Count; j++)
            {
                AssertSameBits(log.Frames[i].Metrics[j].Value, metrics[j].Value.GetDouble(), $"frame {i} {metrics[j].Name}");
            }
        }

        var pooled = doc.RootElement.GetProperty("pooled_metrics");
        foreach (PooledMetric p in log.Pooled)
        {
            var values = pooled.GetProperty(p.Key);
            AssertSameBits(p.Values.Min, values.GetProperty("min").GetDouble(), $"{p.Key} min");
            AssertSameBits(p.Values.Max, values.GetProperty("max").GetDouble(), $"{p.Key} max");
            AssertSameBits(p.Values.Mean, values.GetProperty("mean").GetDouble(), $"{p.Key} mean");
            AssertSameBits(p.Values.HarmonicMean, values.GetProperty("harmonic_mean").GetDouble(), $"{p.Key} harmonic_mean");
        }
    }

    [Fact]
    public void Max_precision_xml_round_trips_every_double()
    {
        VmafLog log = AwkwardLog();
        XElement root = XDocument.Parse(Write(log, LogFormat.Xml, LogPrecision.Max)).Root!;
        var frames = root.Element("frames")!.Elements("frame").ToList();
        Assert.Equal(log.Frames.Count, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            var attributes = frames[i].Attributes().Skip(1).ToList(); // after frameNum
            Assert.Equal(log.Frames[i].Metrics.Select(m => m.Key), attributes.Select(a => a.Name.LocalName));
            for (int j = 0; j < attributes.Count; j++)
            {
                AssertSameBits(log.Frames[i].Metrics[j].Value, double.Parse(attributes[j].Value, CultureInfo.InvariantCulture), $"frame {i} {attributes[j].Name}");
            }
        }

        var metrics = root.Element("pooled_metrics")!.Elements("metric").ToList();
        Assert.Equal(log.Pooled.Select(p => p.Key), metrics.Select(m => m.Attribute("name")!.Value));
        for (int i = 0; i < metrics.Count; i++)
        {
            PooledValues v = log.Pooled[i].Values;
            double Read(string name) => double.Parse(metrics[i].Attribute(name)!.Value, CultureInfo.InvariantCulture);
            AssertSameBits(v.Min, Read("min"), "min");
            AssertSameBits(v.Max, Read("max"), "max");
            AssertSameBits(v.Mean, Read("mean"), "mean");
            AssertSameBits(v.HarmonicMean, Read("harmonic_mean"), "harmonic_mean");
        }
    }

    [Fact]
    public void Max_precision_csv_round_trips_every_double()
    {
        VmafLog log = AwkwardLog();
        string[] lines = Write(log, LogFormat.Csv, LogPrecision.Max).Split('\n');
        Assert.Equal(log.Frames.Count + 2, lines.Length); // header, rows, "" after the last newline
        Assert.Equal("Frame," + string.Join(',', log.MetricKeys) + ",", lines[0]);
        for (int i = 0; i < log.Frames.Count; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            Assert.Equal(log.Frames[i].FrameNumber.ToString(CultureInfo.InvariantCulture), fields[0]);
            Assert.Equal(string.Empty, fields[^1]);
            for (int j = 0; j < log.Frames[i].Metrics.Count; j++)
            {
                AssertSameBits(log.Frames[i].Metrics[j].Value, double.Parse(fields[j + 1], CultureInfo.InvariantCulture), $"frame {i} column {j}");
            }
        }
    }

    [Fact]
    public void Max_precision_prints_shortest_round_trip_text()
    {
        var log = new VmafLog("x", 25, 64, 36, [new LogFrame(0, [new("vmaf", 72.86789324249483), new("tiny", 1e-7)])]);
        string json = Write(log, LogFormat.Json, LogPrecision.Max);
        Assert.Contains("\"vmaf\": 72.86789324249483,\n", json);
        Assert.Contains("\"tiny\": 1E-07\n", json);
        Assert.Contains("\"fps\": 25.00,", json); // fps is a timing: always %.2f
    }

    [Fact]
    public void Fixed_decimals_apply_to_every_number_but_fps()
    {
        var log = new VmafLog("3.2.0", 692.756, 64, 36, [new LogFrame(0, [new("a", 0.5), new("b", 1e-9)])]);
        string json = Write(log, LogFormat.Json, LogPrecision.Decimals(3));
        Assert.Contains("  \"fps\": 692.76,\n", json);
        Assert.Contains("        \"a\": 0.500,\n        \"b\": 0.000\n", json);
        Assert.Contains("      \"harmonic_mean\": 0.500\n", json);
        Assert.Equal("Frame,a,b,\n0,0.50000000000000000,0.00000000100000000,\n", Write(log, LogFormat.Csv, LogPrecision.Decimals(17)));
    }

    [Fact]
    public void Non_finite_values_are_null_in_json_as_libvmaf_writes_them()
    {
        var log = new VmafLog(
            "3.2.0",
            double.NaN,
            64,
            36,
            [new LogFrame(0, [new("a", double.NaN), new("b", 0.5)]), new LogFrame(1, [new("a", 1.0), new("b", double.PositiveInfinity)])]);
        string json = Write(log, LogFormat.Json);

        // libvmaf writes no newline after a null metric; the JSON stays valid.
        Assert.Contains("        \"a\": null,        \"b\": 0.500000\n", json);
        Assert.Contains("        \"b\": null      }\n", json);
        Assert.Contains("  \"fps\": null,\n", json);
        Assert.Contains("      \"mean\": null,\n", json);
        Assert.Contains("      \"min\": 0.500000,\n", json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("frames")[0].GetProperty("metrics").GetProperty("a").ValueKind);

        // XML and CSV print what glibc's %f prints; double.NaN has its sign bit set, like C's 0.0 / 0.0 on x86.
        Assert.Contains("<frame frameNum=\"0\" a=\"-nan\" b=\"0.500000\" />", Write(log, LogFormat.Xml));
        Assert.Contains("<fyi fps=\"-nan\" />", Write(log, LogFormat.Xml));
        Assert.Contains("\n1,1.000000,inf,\n", Write(log, LogFormat.Csv));
    }

    [Fact]
    public void Aggregate_metrics_and_empty_logs_follow_libvmafs_layout()
    {
        var log = new VmafLog("3.2.0", 1.5, 64, 36, [], [], [new("x", 1.0), new("y", double.NaN)]);
        Assert.Equal(
            "{\n  \"version\": \"3.2.0\",\n  \"fps\": 1.50,\n  \"frames\": [\n  ],\n  \"pooled_metrics\": {\n  },\n" +
            "  \"aggregate_metrics\": {\n    \"x\": 1.000000,\n    \"y\": null\n  }\n}\n",
            Write(log, LogFormat.Json));
        Assert.Equal(
            "<VMAF version=\"3.2.0\">\n  <params qualityWidth=\"64\" qualityHeight=\"36\" />\n  <fyi fps=\"1.50\" />\n" +
            "  <frames>\n  </frames>\n  <pooled_metrics>\n  </pooled_metrics>\n  <aggregate_metrics x=\"1.000000\" y=\"-nan\" />\n</VMAF>\n",
            Write(log, LogFormat.Xml));
        Assert.Equal("Frame,\n", Write(log, LogFormat.Csv));
    }

    [Fact]
    public void Csv_keeps_columns_aligned_when_a_frame_lacks_a_metric()
    {
        var log = new VmafLog(
            "3.2.0",
            0,
            64,
            36,
            [new LogFrame(0, [new("a", 1), new("b", 2), new("c", 3)]), new LogFrame(1, [new("c", 6), new("a", 4)])]);
        Assert.Equal("Frame,a,b,c,\n0,1.000000,2.000000,3.000000,\n1,4.000000,,6.000000,\n", Write(log, LogFormat.Csv));
    }

    [Fact]
    public void Json_stays_valid_when_the_first_frame_is_not_frame_0()
    {
        var log = new VmafLog("3.2.0", 0, 64, 36, [new LogFrame(5, [new("vmaf", 50)]), new LogFrame(6, [new("vmaf", 60)])]);
        using var doc = JsonDocument.Parse(Write(log, LogFormat.Json));
        Assert.Equal(5, doc.RootElement.GetProperty("frames")[0].GetProperty("frameNum").GetInt32());
        Assert.Equal(55.0, doc.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf").GetProperty("mean").GetDouble());
    }

    [Fact]
    public void Text_that_needs_escaping_is_escaped()
    {
        var log = new VmafLog("3.2.0 <\"q\"> & \\", 0, 64, 36, [new LogFrame(0, [new("a\"b\\", 1)])]);
        using var doc = JsonDocument.Parse(Write(log, LogFormat.Json));
        Assert.Equal("3.2.0 <\"q\"> & \\", doc.RootElement.GetProperty("version").GetString());
        Assert.Equal(1.0, doc.RootElement.GetProperty("frames")[0].GetProperty("metrics").GetProperty("a\"b\\").GetDouble());

        var xmlLog = new VmafLog("3.2.0 <\"q\"> & \\", 0, 64, 36, [new LogFrame(0, [new("vmaf", 1)])]);
        XElement root = XDocument.Parse(Write(xmlLog, LogFormat.Xml)).Root!;
        Assert.Equal("3.2.0 <\"q\"> & \\", root.Attribute("version")!.Value);
    }

    [Fact]
    public void A_frame_of_our_six_features_keeps_libvmafs_key_order()
    {
        // libvmaf's order over all its keys, restricted to ours, must be the order we write.
        List<string> libvmafOrder = GoldenFrames(G01)[0].Metrics.Select(m => m.Key).ToList();
        var features = new VmafTiny.Features.FrameFeatures(3, 0.9, 0.5, 0.6, 0.7, 0.8, 2.5);
        LogFrame frame = LogFrame.FromFeatures(features, "vmaf", 70.0);
        Assert.Equal(3, frame.FrameNumber);
        List<string> ours = frame.Metrics.Select(m => m.Key).ToList();
        Assert.Equal(libvmafOrder.Where(ours.Contains), ours);
        Assert.Equal([0.9, 0.5, 0.6, 0.7, 0.8, 2.5, 70.0], frame.Metrics.Select(m => m.Value));
    }

    [Fact]
    public void Pooling_follows_libvmafs_formula()
    {
        PooledValues p = Pooling.Pool([1.0, 3.0, 0.0]);
        Assert.Equal(0.0, p.Min);
        Assert.Equal(3.0, p.Max);
        Assert.Equal(4.0 / 3.0, p.Mean);
        Assert.Equal(3.0 / (1.0 / 2.0 + 1.0 / 4.0 + 1.0) - 1.0, p.HarmonicMean);
        Assert.Throws<ArgumentException>(() => Pooling.Pool(ReadOnlySpan<double>.Empty));
    }
}
