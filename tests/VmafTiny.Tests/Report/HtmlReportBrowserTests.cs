using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using VmafTiny.Report;
using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Report;

/// <summary>
/// The HTML report in a real browser: Debian's chromium (build.sh installs it) driven by Playwright. The page loads
/// with no console error and no network request, each chart has one point per frame (or a min/max envelope over
/// 100k frames, and one point per frame again once zoomed in), hovering shows the log's value, and the worst-frames
/// table is the log's lowest scores. Skipped, with the reason, where no chromium is installed.
/// </summary>
public sealed class HtmlReportBrowserTests
{
    /// <summary>The system Chromium: VMAF_TINY_CHROMIUM, else Debian's /usr/bin/chromium.</summary>
    private static string Chromium => Environment.GetEnvironmentVariable("VMAF_TINY_CHROMIUM") ?? "/usr/bin/chromium";

    [SkippableFact]
    public async Task Report_loads_offline_draws_every_frame_and_lists_the_log_s_worst_frames()
    {
        Skip.IfNot(File.Exists(Chromium), $"no browser: {Chromium} is not installed (build.sh installs Debian's chromium as root)");
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            const string clip = "g01_pan_420p8_320x180";
            string report = Path.Combine(dir, "report.html"), log = Path.Combine(dir, "log.json");
            var run = CliRunner.Run("score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--model", "vmaf_v0.6.1",
                "-q", "-o", log, "--report", report);
            Assert.True(run.ExitCode == 0, run.Stderr);

            // 100k frames: drawn as an envelope, readable, and points again when zoomed in.
            string big = Path.Combine(dir, "big.html");
            HtmlReport.WriteFile(Synthetic(100_000), big, worstFrames: 5);

            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowser browser = await Launch(playwright);

            // The golden clip's report, against its log.
            var (page, errors, requests) = await Open(browser, report);
            Assert.Empty(errors);
            Assert.Equal([new Uri(report).AbsoluteUri], requests);

            using var json = JsonDocument.Parse(File.ReadAllBytes(log));
            var frames = json.RootElement.GetProperty("frames").EnumerateArray()
                .Select(f => (Number: f.GetProperty("frameNum").GetInt32(), Metrics: f.GetProperty("metrics")))
                .ToArray();
            Assert.Equal(12, frames.Length);
            string[] keys = frames[0].Metrics.EnumerateObject().Select(p => p.Name).ToArray();

            // One chart per metric, the score first, each with one point per frame.
            string[] charts = (await page.Locator(".chart").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.key)"));
            Assert.Equal(keys[^1..].Concat(keys[..^1]), charts);
            foreach (string key in charts)
            {
                ILocator svg = page.Locator($".chart[data-key='{key}'] svg");
                Assert.Equal("points", await svg.GetAttributeAsync("data-mode"));
                int points = await svg.EvaluateAsync<int>("s => [...s.querySelectorAll('polyline')].reduce((n, p) => n + p.points.numberOfItems, 0)");
                Assert.Equal(frames.Length, points);
            }

            // Hovering frame 5 of the score chart shows the log's value for it.
            ILocator scoreSvg = page.Locator(".chart[data-key='vmaf'] svg");
            var point = await scoreSvg.EvaluateAsync<double[]>(
                "s => { const p = s.querySelector('polyline').points.getItem(5); const m = s.getScreenCTM(); return [p.x * m.a + m.e, p.y * m.d + m.f]; }");
            await page.Mouse.MoveAsync((float)point[0], (float)point[1]);
            string tip = await page.Locator(".chart[data-key='vmaf'] .tip").InnerTextAsync();
            Assert.Equal($"frame 5 \u00b7 0:00.208 \u00b7 vmaf {frames[5].Metrics.GetProperty("vmaf").GetRawText()}", tip);

            // The worst-frames table: the log's lowest scores, lowest first, every column as the log prints it.
            var expected = frames.OrderBy(f => f.Metrics.GetProperty("vmaf").GetDouble()).ThenBy(f => f.Number).ToArray();
            string[][] rows = await page.Locator("#worst-frames tbody tr").EvaluateAllAsync<string[][]>(
                "rs => rs.map(r => [...r.cells].map(c => c.textContent))");
            Assert.Equal(frames.Length, rows.Length);
            string[] header = await page.Locator("#worst-frames thead th").AllTextContentsAsync() is var h ? h.ToArray() : [];
            for (int r = 0; r < rows.Length; r++)
            {
                Assert.Equal((r + 1).ToString(CultureInfo.InvariantCulture), rows[r][0]);
                Assert.Equal(expected[r].Number.ToString(CultureInfo.InvariantCulture), rows[r][1]);
                for (int c = 3; c < header.Length; c++)
                {
                    Assert.Equal(expected[r].Metrics.GetProperty(header[c]).GetRawText(), rows[r][c]);
                }
            }

            // The pooled table carries the log's pooled values.
            var pooledVmaf = json.RootElement.GetProperty("pooled_metrics").GetProperty("vmaf");
            string[] pooledHeader = (await page.Locator("#pooled-table thead th").AllTextContentsAsync()).ToArray();
            string[] pooledRow = (await page.Locator("#pooled-table tr[data-key='vmaf'] td").AllTextContentsAsync()).ToArray();
            foreach (string name in new[] { "min", "max", "mean", "harmonic_mean" })
            {
                Assert.Equal(pooledVmaf.GetProperty(name).GetRawText(), pooledRow[Array.IndexOf(pooledHeader, name)]);
            }

            // 100k frames: an envelope with one column per pixel covering every frame; a drag zooms to points.
            var (bigPage, bigErrors, _) = await Open(browser, big);
            Assert.Empty(bigErrors);
            ILocator bigSvg = bigPage.Locator(".chart[data-key='vmaf'] svg");
            Assert.Equal("envelope", await bigSvg.GetAttributeAsync("data-mode"));
            Assert.Equal("100000", await bigSvg.GetAttributeAsync("data-frames"));
            int columns = await bigSvg.EvaluateAsync<int>("s => s.querySelector('polygon').points.numberOfItems");
            double width = await bigSvg.EvaluateAsync<double>("s => s.viewBox.baseVal.width");
            Assert.InRange(columns, 2 * (width - 100), 2 * width);

            var box = (await bigSvg.BoundingBoxAsync())!;
            float y = box.Y + (box.Height / 2);
            await bigPage.Mouse.MoveAsync(box.X + (box.Width * 0.5f), y);
            await bigPage.Mouse.DownAsync();
            await bigPage.Mouse.MoveAsync(box.X + (box.Width * 0.502f), y, new MouseMoveOptions { Steps = 3 });
            await bigPage.Mouse.UpAsync();
            Assert.Equal("points", await bigSvg.GetAttributeAsync("data-mode"));
            int zoomed = int.Parse((await bigSvg.GetAttributeAsync("data-frames"))!, CultureInfo.InvariantCulture);
            int polyPoints = await bigSvg.EvaluateAsync<int>("s => [...s.querySelectorAll('polyline')].reduce((n, p) => n + p.points.numberOfItems, 0)");
            Assert.Equal(zoomed, polyPoints);
            Assert.InRange(zoomed, 50, 1000);
            Assert.Empty(bigErrors);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public async Task The_range_line_counts_scored_frames_where_the_numbers_skip()
    {
        Skip.IfNot(File.Exists(Chromium), $"no browser: {Chromium} is not installed (build.sh installs Debian's chromium as root)");
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowser browser = await Launch(playwright);

            // g01's 12 frames, all, then every 5th (0, 5, 10): the line said "frames 0-10 of 3".
            const string clip = "g01_pan_420p8_320x180";
            foreach (var (subsample, expected) in new[] { ("1", "frames 0\u201311 of 12 "), ("5", "frames 0\u201310, 3 of 3 scored frames ") })
            {
                string report = Path.Combine(dir, $"s{subsample}.html");
                var run = CliRunner.Run("score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--model", "vmaf_v0.6.1",
                    "--subsample", subsample, "-q", "--report", report);
                Assert.True(run.ExitCode == 0, run.Stderr);
                var (page, errors, _) = await Open(browser, report);
                Assert.StartsWith(expected, await page.Locator("#range").InnerTextAsync(), StringComparison.Ordinal);
                Assert.Empty(errors);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Hovering_shows_each_value_and_time_as_the_table_prints_them()
    {
        Skip.IfNot(File.Exists(Chromium), $"no browser: {Chromium} is not installed (build.sh installs Debian's chromium as root)");
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            // Values libvmaf prints with %.16f (more than six leading zeros in the fraction: an identical pair's
            // integer_adm2 1.0000007932563060), and times that are not whole milliseconds (NTSC, 24 fps) up to and
            // past the hour.
            const int count = 30;
            int[] numbers = Enumerable.Range(0, count).ToArray();
            double[] score = numbers.Select(i => 97.4281 + (i * 0.0078125)).ToArray();
            double[] adm = numbers.Select(i => 1.0000007932563060 - (i * 1e-9)).ToArray();
            double[] motion = numbers.Select(i => i % 3 == 0 ? 0 : i * 1e-8).ToArray();
            foreach (var (rate, offset) in new[] { (24.0, (24 * 3600) - 15), (30000.0 / 1001, 107_880 - 15) })
            {
                var model = new ReportModel("hover", numbers, [new("vmaf", score), new("integer_adm2", adm), new("integer_motion2", motion)], "vmaf", rate, offset);
                string file = Path.Combine(dir, $"hover-{offset}.html");
                HtmlReport.WriteFile(model, file, worstFrames: count);

                using IPlaywright playwright = await Playwright.CreateAsync();
                await using IBrowser browser = await Launch(playwright);
                var (page, errors, _) = await Open(browser, file);
                string[] header = (await page.Locator("#worst-frames thead th").AllTextContentsAsync()).ToArray();
                var rows = (await page.Locator("#worst-frames tbody tr").EvaluateAllAsync<string[][]>("rs => rs.map(r => [...r.cells].map(c => c.textContent))"))
                    .ToDictionary(r => int.Parse(r[1], CultureInfo.InvariantCulture));
                Assert.Equal(count, rows.Count);
                foreach (string key in new[] { "vmaf", "integer_adm2", "integer_motion2" })
                {
                    ILocator svg = page.Locator($".chart[data-key='{key}'] svg");
                    for (int i = 0; i < count; i++)
                    {
                        var point = await svg.EvaluateAsync<double[]>(
                            $"s => {{ const p = s.querySelector('polyline').points.getItem({i}); const m = s.getScreenCTM(); return [p.x * m.a + m.e, p.y * m.d + m.f]; }}");
                        await page.Mouse.MoveAsync((float)point[0], (float)point[1]);
                        string tip = await page.Locator($".chart[data-key='{key}'] .tip").InnerTextAsync();
                        string[] row = rows[i];
                        Assert.Equal($"frame {i} \u00b7 {row[2]} \u00b7 {key} {row[Array.IndexOf(header, key)]}", tip);
                    }
                }

                Assert.Contains(rows.Values, r => r[2].StartsWith("1:00:00.", StringComparison.Ordinal));
                Assert.Contains(rows.Values, r => r[Array.IndexOf(header, "integer_adm2")].Length == "1.0000007932563060".Length);
                Assert.Empty(errors);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Debian's chromium, headless, as every test here runs it.</summary>
    private static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--disable-gpu", "--disable-dev-shm-usage"],
    });

    private static async Task<(IPage Page, List<string> Errors, List<string> Requests)> Open(IBrowser browser, string file)
    {
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                errors.Add($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => errors.Add($"page error: {e}");
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        return (page, errors, requests);
    }

    /// <summary>A score with a slow wave and per-frame noise, and one feature, at 24 fps.</summary>
    private static ReportModel Synthetic(int count)
    {
        var random = new Random(7);
        int[] numbers = Enumerable.Range(0, count).ToArray();
        double[] score = numbers.Select(i => 80 + (10 * Math.Sin(i / 5000.0)) + (random.NextDouble() * 6)).ToArray();
        double[] adm = score.Select(s => s / 100).ToArray();
        return new ReportModel("synthetic", numbers, [new("vmaf", score), new("integer_adm2", adm)], "vmaf", frameRate: 24);
    }
}
