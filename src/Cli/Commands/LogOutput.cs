using System.Globalization;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands;

/// <summary>
/// Where a command's <c>-o</c> log goes, checked before any work: the process's stdout for <c>-</c> and
/// <c>/dev/stdout</c> (written through the command's own stdout, so nothing else may go there), else a
/// <see cref="LogTarget"/> with its output-path rules (devices and FIFOs written in place, links followed, an input
/// never overwritten).
/// </summary>
internal sealed class LogOutput
{
    /// <summary>What <c>-o</c> takes to mean stdout.</summary>
    public const string StdoutPath = "-";

    private readonly LogTarget? _target;

    private LogOutput(LogTarget? target) => _target = target;

    /// <summary>True when the log goes to stdout.</summary>
    public bool IsStdout => _target is null;

    /// <summary>The file written (links followed, <see cref="LogTarget.TargetPath"/>), or null for stdout.</summary>
    public string? TargetPath => _target?.TargetPath;

    /// <summary>Checks <paramref name="path"/> (null: no log) against the rules; <paramref name="inputs"/> are the run's input files.</summary>
    /// <exception cref="VmafTinyException">The path is refused (the message names it).</exception>
    public static LogOutput? Open(string? path, IEnumerable<string> inputs) => path switch
    {
        null => null,
        StdoutPath or "/dev/stdout" => new LogOutput(null),
        _ => new LogOutput(LogTarget.Open(path, inputs)),
    };

    /// <summary>
    /// Refuses, before any frame is computed, a model name that cannot key its score in a <paramref name="format"/>
    /// log (<see cref="LogWriter.KeyRefusal"/>): the log would be written, and be unreadable by libvmaf's users'
    /// scripts and by compare and merge.
    /// </summary>
    /// <exception cref="VmafTinyException">A name cannot be written in that format.</exception>
    public static void CheckKeys(IEnumerable<string> keys, LogFormat format)
    {
        foreach (string key in keys)
        {
            if (LogWriter.KeyRefusal(key, format) is string refusal)
            {
                throw new VmafTinyException($"{refusal}; give another name= or another log format");
            }
        }
    }

    /// <summary>Writes the log, to the file (by the rules, checked again now) or in one write to <paramref name="stdout"/>.</summary>
    public void Write(VmafLog log, LogFormat format, LogPrecision precision, TextWriter stdout)
    {
        if (_target is not null)
        {
            _target.Write(log, format, precision);
            return;
        }

        // One write: the console flushes every write, and a log is many small ones.
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        LogWriter.Write(log, text, format, precision);
        stdout.Write(text.ToString());
        stdout.Flush();
    }
}
