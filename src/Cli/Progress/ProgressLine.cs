using System.Globalization;

namespace VmafTiny.Cli.Progress;

/// <summary>
/// A run's progress as one line on a terminal (stderr), redrawn in place: frames done / total, percent, fps,
/// elapsed, ETA and the running mean score. Redrawn at most every <see cref="Interval"/>; erased by
/// <see cref="Clear"/> and <see cref="Dispose"/> (the end of the run, an error) and on Ctrl-C, so the lines that
/// follow start on a clean line and nothing is left behind.
/// </summary>
/// <remarks>
/// A few lines of our own rather than Spectre.Console's live progress display: the whole display is one line of
/// text redrawn with a carriage return and an erase-to-end-of-line, which needs no library; Spectre's display owns
/// the console from a render thread of its own and would add a dependency to the tool for it. Only "\r" and
/// "ESC[K" are written (every terminal libvmaf's own FPS meter works on understands them); with
/// <c>TERM=dumb</c> the line is erased with spaces instead. The line is cut to the terminal's width, since a
/// wrapped line cannot be redrawn in place.
/// </remarks>
internal sealed class ProgressLine : IProgress<VmafProgress>, IDisposable
{
    /// <summary>The shortest time between two redraws (four a second at most).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter _terminal;
    private readonly TimeProvider _time;
    private readonly string? _scoreLabel;
    private readonly int _width;
    private readonly bool _ansi;
    private readonly Lock _gate = new();
    private long _lastDraw;
    private int _drawnLength;
    private bool _everDrawn;
    private bool _closed;
    private ConsoleCancelEventHandler? _onCancel;

    /// <summary>Draws on <paramref name="terminal"/>.</summary>
    /// <param name="terminal">Where the line goes (stderr).</param>
    /// <param name="scoreLabel">The score's name for the running mean (<c>vmaf</c>), or null for features only.</param>
    /// <param name="width">The terminal's width in columns; 0 for no limit.</param>
    /// <param name="ansi">False to erase with spaces instead of <c>ESC[K</c>.</param>
    /// <param name="time">The clock (tests pass a fake one).</param>
    public ProgressLine(TextWriter terminal, string? scoreLabel, int width = 0, bool ansi = true, TimeProvider? time = null)
    {
        _terminal = terminal;
        _scoreLabel = scoreLabel is null ? null : Printable.Escape(scoreLabel); // a model file's name can hold anything
        _width = width;
        _ansi = ansi;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// A line on the process's stderr, erased on Ctrl-C too (the run still stops as before). Its width is the
    /// console's, and <c>TERM=dumb</c> turns off the escape sequence.
    /// </summary>
    public static ProgressLine ForConsole(TextWriter stderr, string? scoreLabel)
    {
        int width = 0;
        try
        {
            width = Console.IsErrorRedirected ? 0 : Console.WindowWidth;
        }
        catch (IOException)
        {
            // No size to be had (not a terminal after all): no limit.
        }

        bool ansi = Environment.GetEnvironmentVariable("TERM") != "dumb";
        var line = new ProgressLine(stderr, scoreLabel, width, ansi);
        line._onCancel = (_, _) => line.Dispose();
        Console.CancelKeyPress += line._onCancel;
        return line;
    }

    /// <summary>True when <paramref name="stderr"/> is the process's stderr (escaped or not) and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter stderr) =>
        ReferenceEquals(stderr is DiagnosticWriter d ? d.Inner : stderr, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>
    /// The stream to draw on: stderr without the CLI's escaping of control characters (the line is made of our own
    /// text and the model's name, escaped here), with failed writes still dropped.
    /// </summary>
    public static TextWriter Unescaped(TextWriter stderr) => stderr is DiagnosticWriter d ? d.Unescaped : stderr;

    /// <summary>The line's text (before it is cut to the width).</summary>
    public static string Format(VmafProgress progress, string? scoreLabel)
    {
        var text = new System.Text.StringBuilder();
        IFormatProvider inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"frame {progress.FramesDone}");
        if (progress.TotalFrames is long total)
        {
            text.Append(inv, $"/{total} ({100 * progress.Fraction.GetValueOrDefault():F1}%)");
        }

        text.Append(inv, $", {progress.Fps:F1} fps, {Clock(progress.Elapsed)} elapsed");
        if (progress.Remaining is TimeSpan left)
        {
            text.Append(inv, $", ETA {Clock(left)}");
        }

        if (scoreLabel is not null && double.IsFinite(progress.MeanScore))
        {
            text.Append(inv, $", {scoreLabel} mean {progress.MeanScore:F3}");
        }

        return text.ToString();
    }

    /// <summary>Takes the latest progress; redraws when the last redraw is at least <see cref="Interval"/> old, or at the last frame.</summary>
    public void Report(VmafProgress value)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            long now = _time.GetTimestamp();
            bool last = value.TotalFrames is long total && value.FramesDone >= total;
            if (_everDrawn && !last && _time.GetElapsedTime(_lastDraw, now) < Interval)
            {
                return;
            }

            string text = Format(value, _scoreLabel);
            if (_width > 1 && text.Length > _width - 1)
            {
                text = text[..(_width - 1)]; // the last column would wrap on some terminals
            }

            _terminal.Write('\r');
            _terminal.Write(text);
            if (_ansi)
            {
                _terminal.Write("\u001b[K");
            }
            else if (text.Length < _drawnLength)
            {
                _terminal.Write(new string(' ', _drawnLength - text.Length));
            }

            _terminal.Flush();
            _drawnLength = _ansi ? text.Length : Math.Max(text.Length, _drawnLength);
            _lastDraw = now;
            _everDrawn = true;
        }
    }

    /// <summary>Erases the line (if one is drawn) and leaves the cursor at its start; later reports draw again.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            if (!_everDrawn)
            {
                return;
            }

            _terminal.Write(_ansi ? "\r\u001b[K" : "\r" + new string(' ', _drawnLength) + "\r");
            _terminal.Flush();
            _drawnLength = 0;
            _everDrawn = false;
        }
    }

    /// <summary>Erases the line for good: later reports are ignored.</summary>
    public void Dispose()
    {
        Clear();
        lock (_gate)
        {
            _closed = true;
        }

        if (_onCancel is not null)
        {
            Console.CancelKeyPress -= _onCancel;
            _onCancel = null;
        }
    }

    private static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:D2}");
}
