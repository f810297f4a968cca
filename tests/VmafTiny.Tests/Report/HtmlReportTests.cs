using VmafTiny.Report;

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
