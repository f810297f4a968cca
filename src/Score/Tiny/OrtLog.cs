using Microsoft.ML.OnnxRuntime;

namespace VmafTiny.Score.Tiny;

/// <summary>
/// ONNX Runtime's own log, captured: ORT writes warnings and errors to stderr, colour-coded and multi-line, unless
/// its environment is created with a logging function. This one keeps the last message (for an error that ORT's
/// exception leaves without detail) and prints nothing.
/// </summary>
internal static class OrtLog
{
    private static readonly object Gate = new();
    private static readonly DOrtLoggingFunction Sink = Capture;    // held: native code calls it for the process's lifetime
    private static volatile string? _last;

    /// <summary>The last message ORT logged at warning level or above, on one line, or null.</summary>
    public static string? Last => _last;

    /// <summary>
    /// Creates ORT's process-wide environment with the capturing logger, unless it exists already (a host that made
    /// its own keeps it). Call before the first session.
    /// </summary>
    public static void EnsureEnvironment()
    {
        if (OrtEnv.IsCreated)
        {
            return;
        }

        lock (Gate)
        {
            if (OrtEnv.IsCreated)
            {
                return;
            }

            var options = new EnvironmentCreationOptions
            {
                logId = "vmaf-tiny",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                loggingFunction = Sink,
            };
            try
            {
                OrtEnv.CreateInstanceWithOptions(ref options);
            }
            catch (OnnxRuntimeException) when (OrtEnv.IsCreated)
            {
                // Created meanwhile by another caller: that environment stands.
            }
        }
    }

    private static void Capture(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        if (severity >= OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING)
        {
            _last = Printable.Escape(message.ReplaceLineEndings(" ").Trim());
        }
    }
}
