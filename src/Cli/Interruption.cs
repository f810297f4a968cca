using System.Runtime.InteropServices;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli;

/// <summary>
/// The CLI process's own handling of Ctrl-C (SIGINT) and SIGTERM while it writes a log or report: the temporary file
/// beside the target is removed (<see cref="LogTarget.AbandonWrites"/>), one line says so (with what the running command
/// can still say of its results, <see cref="Noting"/>: a batch's earlier logs are complete), and the process exits
/// with 128 + the signal (130, 143). At any other moment the signal is left to the usual handling (a command's
/// cancellation, or the runtime ending the process). Installed by <see cref="Program.Main"/> only, for the process's
/// life: the library, and the CLI run in process by tests, keep their callers' signal handling.
/// </summary>
internal static class Interruption
{
    private static TextWriter _stderr = TextWriter.Null;
    private static PosixSignalRegistration[] _registrations = [];
    private static string? _note;
    private static int _reported;
    private static bool _installed;

    /// <summary>Installs the handling for the rest of this process, reporting on <paramref name="stderr"/>.</summary>
    public static void Install(TextWriter stderr)
    {
        _stderr = new DiagnosticWriter(stderr);
        _installed = true;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

        // The process can also end while a write goes on (an async command's cancellation given up on when Main
        // returns): no temporary file outlives it then either.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => LogTarget.AbandonWrites();
    }

    /// <summary>
    /// What the running command can still say of its results when a signal lands during one of its writes (a batch:
    /// the logs written before it are complete), added to the interrupted line until the returned scope ends.
    /// </summary>
    public static IDisposable Noting(string note)
    {
        Volatile.Write(ref _note, note);
        return new NoteScope();
    }

    /// <summary>
    /// True for the first caller only: the one line an interrupted process prints is printed once, by the signal handler
    /// (a write abandoned) or by the command that sees its cancellation, whichever comes first. Always true where the
    /// handling is not installed (the CLI run in process, by tests: no handler prints).
    /// </summary>
    public static bool TryReport() => !Volatile.Read(ref _installed) || Interlocked.Exchange(ref _reported, 1) == 0;

    /// <summary>The handler's line for <paramref name="signal"/> with the <paramref name="abandoned"/> writes and the running command's note (<see cref="Noting"/>).</summary>
    internal static string Message(string signal, IReadOnlyList<string> abandoned, string? note) =>
        $"vmaf-tiny: interrupted ({signal}) while writing {string.Join(", ", abandoned)}: left as it was"
        + (note is null ? string.Empty : $"; {note}");

    private static void Handle(PosixSignalContext context)
    {
        IReadOnlyList<string> abandoned = LogTarget.AbandonWrites();
        if (abandoned.Count == 0)
        {
            return;
        }

        context.Cancel = true;
        if (TryReport())
        {
            _stderr.WriteLine(Message(context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM", abandoned, Volatile.Read(ref _note)));
            _stderr.Flush();
        }

        Environment.Exit(context.Signal == PosixSignal.SIGINT ? VmafTinyCli.ExitInterrupted : VmafTinyCli.ExitTerminated);
    }

    private sealed class NoteScope : IDisposable
    {
        public void Dispose() => Volatile.Write(ref _note, null);
    }
}
