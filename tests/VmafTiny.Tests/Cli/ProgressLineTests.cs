using System.Text;
using VmafTiny.Cli.Progress;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary>The progress line, drawn on a fake terminal that interprets what a real one would.</summary>
public sealed class ProgressLineTests
{
    [Fact]
    public void Line_shows_frames_total_fps_elapsed_eta_and_mean()
    {
        var p = new VmafProgress(412, TimeSpan.FromSeconds(6.5), 80, TotalFrames: 1440, MeanScore: 87.41234);
        Assert.Equal(
            "frame 412/1440 (28.6%), 63.4 fps, 0:06 elapsed, ETA 0:16, vmaf mean 87.412",
            ProgressLine.Format(p, "vmaf"));

        // Unknown total: no percent, no ETA; features only: no mean.
        Assert.Equal("frame 412, 63.4 fps, 0:06 elapsed", ProgressLine.Format(p with { TotalFrames = null }, null));
        Assert.Equal(
            "frame 1000/3000 (33.3%), 0.3 fps, 1:02:03 elapsed, ETA 2:04:06",
            ProgressLine.Format(new VmafProgress(1000, new TimeSpan(1, 2, 3), 0, 3000), null));
    }

    [Fact]
    public void Redraws_in_place_at_most_four_times_a_second_and_cleans_up()
    {
        var terminal = new FakeTerminal();
        var clock = new FakeClock();
        var line = new ProgressLine(terminal, "vmaf", width: 80, time: clock);

        // 100 frames over one second: the first draws at once, then one every 250 ms.
        for (int i = 1; i <= 100; i++)
        {
            line.Report(new VmafProgress(i, TimeSpan.FromMilliseconds(10 * i), 50, TotalFrames: 200, MeanScore: 50));
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.InRange(terminal.Draws, 4, 5);
        Assert.Single(terminal.Lines);
        Assert.Equal("frame 76/200 (38.0%), 100.0 fps, 0:00 elapsed, ETA 0:01, vmaf mean 50.000", terminal.Lines[0]);
        Assert.DoesNotContain('\n', terminal.Written);

        // The last frame always draws; clearing leaves an empty line with the cursor at its start.
        line.Report(new VmafProgress(200, TimeSpan.FromSeconds(2), 50, TotalFrames: 200, MeanScore: 50));
        Assert.StartsWith("frame 200/200 (100.0%)", terminal.Lines[0]);
        line.Dispose();
        Assert.Equal([string.Empty], terminal.Lines);
        Assert.Equal(0, terminal.Column);

        // After disposal nothing is drawn.
        line.Report(new VmafProgress(201, TimeSpan.FromSeconds(3), 50));
        Assert.Equal([string.Empty], terminal.Lines);
    }

    [Fact]
    public void Shorter_line_overwrites_a_longer_one_and_long_lines_are_cut_to_the_width()
    {
        var terminal = new FakeTerminal();
        var clock = new FakeClock();
        var line = new ProgressLine(terminal, "vmaf_tiny_v2", width: 40, time: clock);
        line.Report(new VmafProgress(5, TimeSpan.FromSeconds(1), 50, TotalFrames: 10, MeanScore: 50));
        Assert.Equal(39, terminal.Lines[0].Length); // cut one short of the width: no wrap

        var dumb = new FakeTerminal();
        var plain = new ProgressLine(dumb, "vmaf", ansi: false, time: clock);
        plain.Report(new VmafProgress(5, TimeSpan.FromSeconds(1), 50, TotalFrames: 10, MeanScore: 50));
        clock.Advance(TimeSpan.FromSeconds(1));
        plain.Report(new VmafProgress(6, TimeSpan.FromSeconds(2), 50));
        Assert.DoesNotContain('\u001b', dumb.Written);
        Assert.Equal("frame 6, 3.0 fps, 0:02 elapsed", dumb.Lines[0].TrimEnd());
        plain.Clear();
        Assert.Equal(string.Empty, dumb.Lines[0].TrimEnd());
        Assert.Equal(0, dumb.Column);
    }

    [Fact]
    public void A_model_name_cannot_act_on_the_terminal()
    {
        var terminal = new FakeTerminal();
        var line = new ProgressLine(terminal, "evil\u001b[2J\rname", time: new FakeClock());
        line.Report(new VmafProgress(1, TimeSpan.FromSeconds(1), 50, MeanScore: 50));
        Assert.Equal(1, terminal.Written.Count(c => c == '\u001b'));   // our own erase only
        Assert.Equal(1, terminal.Written.Count(c => c == '\r'));
    }

    [Fact]
    public void Cli_draws_progress_with_the_flag_and_erases_it_before_the_summary()
    {
        const string clip = "g10_blurnoise_420p12_160x90";
        var stderr = new FakeTerminal();
        int code = VmafTiny.Cli.VmafTinyCli.Run(
            ["score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--model", "vmaf_v0.6.1", "--progress", "--threads", "1"],
            new StringWriter(), stderr);
        Assert.Equal(0, code);
        Assert.Contains($"/{GoldenClips.Frames(clip).Count} (", stderr.Written); // the total, from the y4m's size
        Assert.Contains("\r\u001b[K", stderr.Written);
        Assert.DoesNotContain(stderr.Lines, l => l.StartsWith("frame ", StringComparison.Ordinal));
        Assert.Contains(stderr.Lines, l => l.Contains(" frames of ", StringComparison.Ordinal));

        // Without the flag, a captured stderr is not a terminal: no progress.
        var quiet = new FakeTerminal();
        VmafTiny.Cli.VmafTinyCli.Run(["score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip)], new StringWriter(), quiet);
        Assert.DoesNotContain("\r", quiet.Written);
    }

    [Fact]
    public void Run_reports_total_and_running_mean()
    {
        const string clip = "g10_blurnoise_420p12_160x90";
        var reports = new List<VmafProgress>();
        VmafResult result = Vmaf.Score(
            GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), new VmafOptions { Model = "vmaf_v0.6.1", Threads = 1, FrameSkipReference = 1 },
            new SynchronousProgress(reports.Add));
        Assert.Equal(result.Frames.Count, reports.Count);
        Assert.All(reports, r => Assert.Equal(result.Frames.Count, r.TotalFrames));
        Assert.Equal(result.PooledScore!.Value.Mean, reports[^1].MeanScore);
        Assert.Equal(result.Frames[0].Score, reports[0].MeanScore);
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
    }

    private sealed class SynchronousProgress(Action<VmafProgress> report) : IProgress<VmafProgress>
    {
        public void Report(VmafProgress value) => report(value);
    }

    private sealed class FakeClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan t) => _ticks += t.Ticks;
    }

    /// <summary>
    /// A terminal screen: printable characters overwrite at the cursor, "\r" goes to column 0, "\n" to a new line,
    /// "ESC[K" erases to the end of the line. Counts the redraws (carriage returns followed by text).
    /// </summary>
    private sealed class FakeTerminal : TextWriter
    {
        private readonly List<StringBuilder> _screen = [new()];
        private readonly StringBuilder _written = new();
        private int _row;
        private bool _pendingDraw;

        public override Encoding Encoding => Encoding.UTF8;

        public int Column { get; private set; }

        public int Draws { get; private set; }

        public string Written => _written.ToString();

        public string[] Lines => _screen.Select(l => l.ToString()).ToArray();

        public override void Write(char value)
        {
            _written.Append(value);
            string all = _written.ToString();
            if (all.EndsWith("\u001b[K", StringComparison.Ordinal))
            {
                StringBuilder line = _screen[_row];
                if (line.Length > Column)
                {
                    line.Length = Column;
                }

                return;
            }

            if (value == '\u001b' || all.EndsWith("\u001b[", StringComparison.Ordinal))
            {
                return;
            }

            switch (value)
            {
                case '\r':
                    Column = 0;
                    _pendingDraw = true;
                    break;
                case '\n':
                    _screen.Add(new StringBuilder());
                    _row++;
                    Column = 0;
                    break;
                default:
                    if (_pendingDraw && value != ' ')
                    {
                        Draws++;
                        _pendingDraw = false;
                    }

                    StringBuilder row = _screen[_row];
                    if (Column < row.Length)
                    {
                        row[Column] = value;
                    }
                    else
                    {
                        row.Append(value);
                    }

                    Column++;
                    break;
            }
        }
    }
}
