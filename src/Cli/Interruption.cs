using System.Runtime.InteropServices;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli;

/// <summary>
/// The CLI process's own handling of Ctrl-C (SIGINT) and SIGTERM while it writes a log or report: the temporary file
/// beside the target is removed (<see cref="LogTarget.AbandonWrites"/>), one line says so, and the process exits
/// with 128 + the signal (130, 143). At any other moment the signal is left to the usual handling (a command's
/// cancellation, or the runtime ending the process). Installed by <see cref="Program.Main"/> only, for the process's
/// life: the library, and the CLI run in process by tests, keep their callers' signal handling.
/// </summary>
internal static class Interruption
{
    private static TextWriter _stderr = TextWriter.Null;
    private static PosixSignalRegistration[] _registrations = [];

    /// <summary>Installs the handling for the rest of this process, reporting on <paramref name="stderr"/>.</summary>
    public static void Install(TextWriter stderr)
    {
        _stderr = new DiagnosticWriter(stderr);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

        // The process can also end while a write goes on (an async command's cancellation given up on when Main
        // returns): no temporary file outlives it then either.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => LogTarget.AbandonWrites();
    }

    private static void Handle(PosixSignalContext context)
    {
        IReadOnlyList<string> abandoned = LogTarget.AbandonWrites();
        if (abandoned.Count == 0)
        {
            return;
        }

        context.Cancel = true;
        string signal = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        _stderr.WriteLine($"vmaf-tiny: interrupted ({signal}) while writing {string.Join(", ", abandoned)}: left as it was");
        _stderr.Flush();
        Environment.Exit(context.Signal == PosixSignal.SIGINT ? VmafTinyCli.ExitInterrupted : VmafTinyCli.ExitTerminated);
    }
}
