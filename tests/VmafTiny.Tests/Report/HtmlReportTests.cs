using VmafTiny.Report;
using VmafTiny.Score;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Report;

/// <summary>The report's HTML without a browser: self-contained, escaped, worst frames and times as specified.</summary>
public sealed class HtmlReportTests
{
    [Fact]
    public void Page_is_self_contained_and_escapes_what_it_is_given()
    {
        const string evil = "a</script><script>alert(1)</script>&\"'";
        var model = new ReportModel(evil, [0, 1, 2], [new("vmaf", [50, 40, 60]), new(evil, [1, 2, 3])], "vmaf", frameRate: 25)
        {
            Inputs = [new ReportItem("reference", evil)],
            Notes = [evil],
        };
        var writer = new StringWriter();
        HtmlReport.Write(model, writer);
        string html = writer.ToString();

        Assert.DoesNotContain("<script>alert", html);
        Assert.Equal(2, CountOf(html, "<script"));                  // the data and our own script, nothing else
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("default-src 'none'", html);
        Assert.Contains("\"key\":\"a\\u003C/script\\u003E", html);  // JSON keeps it out of the script element
    }

    [Fact]
    public void Worst_frames_are_the_lowest_scores_earliest_first_and_skip_nan()
    {
        var model = new ReportModel("t", [10, 11, 12, 13, 14], [new("vmaf", [70, double.NaN, 60, 70, 65])], "vmaf");
        Assert.Equal([2, 4, 0, 3], HtmlReport.WorstFrameIndexes(model, 10));
        Assert.Equal([2, 4], HtmlReport.WorstFrameIndexes(model, 2));
        Assert.Empty(HtmlReport.WorstFrameIndexes(new ReportModel("t", [0], [new("integer_adm2", [1.0])], null), 5));
    }

    [Fact]
    public void Times_count_the_frames_skipped_in_the_reference()
    {
        var model = new ReportModel("t", [0, 1], [new("vmaf", [1.0, 2.0])], "vmaf", frameRate: 24, frameOffset: 24 * 3600);
        Assert.Equal("1:00:00.041", HtmlReport.Timestamp(model.TimeOf(1)!.Value));
        Assert.Equal("0:02.500", HtmlReport.Timestamp(TimeSpan.FromSeconds(2.5)));
        Assert.Null(new ReportModel("t", [0], [new("vmaf", [1.0])], "vmaf").TimeOf(0));
    }

    [Theory]
    [InlineData("g01.libvmaf-format.json")]
    [InlineData("g01.libvmaf-format.xml")]
    public void A_log_s_report_shows_the_pooled_values_the_log_carries(string file)
    {
        // libvmaf pooled its doubles; its %.6f frames pool to another last digit for these (vmaf's harmonic mean
        // 58.154331 from the frames, 58.154330 in the log; integer_vif_scale0's mean 0.586429 against 0.586430).
        VmafLog log = LogReader.ReadFile(Path.Combine(GoldenClips.DataDirectory, file), out _);
        string html = Html(ReportModel.FromLog(log, file));
        foreach (PooledMetric metric in log.Pooled)
        {
            // The pooled table's min, max, mean and harmonic_mean cells (after p1 ... p99 and before stdev).
            PooledValues v = metric.Values;
            string[] carried = [Text(v.Min), .. Enumerable.Repeat("[^<]*", 8), Text(v.Max), Text(v.Mean), Text(v.HarmonicMean)];
            Assert.Matches($"<tr data-key=\"{metric.Key}\"><td>{metric.Key}</td>{string.Concat(carried.Select(c => $"<td>{c}</td>"))}", html);
        }

        Assert.Matches("<tr data-key=\"vmaf\">(<td>[^<]*</td>){11}<td>59.673502</td><td>58.154330</td>", html);
        Assert.Matches("<tr data-key=\"integer_vif_scale0\">(<td>[^<]*</td>){11}<td>0.586430</td>", html);
        Assert.Contains("<div class=\"v\">58.154</div><div class=\"k\">vmaf harmonic mean</div>", html);
    }

    [Fact]
    public void A_log_with_its_frames_out_of_order_is_shown_in_frame_order()
    {
        // A log reordered by hand (here: frames 6-11 before 0-5): the page's charts and zoom need ascending numbers.
        VmafLog log = LogReader.ReadFile(Path.Combine(GoldenClips.DataDirectory, "g01.libvmaf-format.json"), out _);
        var shuffled = new VmafLog(log.Version, log.Fps, log.Width, log.Height, [.. log.Frames.Skip(6), .. log.Frames.Take(6)], log.Pooled);
        ReportModel model = ReportModel.FromLog(shuffled, "shuffled.json");
        Assert.Equal(Enumerable.Range(0, 12), model.FrameNumbers);
        foreach (var (key, values) in model.Series)
        {
            Assert.Equal(log.Values(key), values);
        }

        Assert.Contains("\"frames\":[0,1,2,3,4,5,6,7,8,9,10,11]", Html(model));
        ReportModel ordered = ReportModel.FromLog(log, "shuffled.json");
        Assert.Equal(
            HtmlReport.WorstFrameIndexes(ordered, 5).Select(i => ordered.FrameNumbers[i]),
            HtmlReport.WorstFrameIndexes(model, 5).Select(i => model.FrameNumbers[i]));
    }

    private static string Text(double value)
    {
        char[] buffer = new char[LogNumber.MaxLength];
        return new string(buffer, 0, LogNumber.Format(value, LogPrecision.Libvmaf, buffer));
    }

    private static string Html(ReportModel model)
    {
        var writer = new StringWriter();
        HtmlReport.Write(model, writer);
        return writer.ToString();
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
