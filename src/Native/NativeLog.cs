namespace VmafTiny.Native;

/// <summary>
/// libvmaf's logger (<c>src/log.c</c>): one process-wide level, set by every <c>vmaf_init</c> (the last one wins, as in
/// libvmaf); lines go to stderr as <c>libvmaf LEVEL message</c>, coloured as libvmaf colours them when stderr is a
/// terminal. Messages are one line; text from the caller (names, paths) is escaped so it cannot break the line.
/// </summary>
internal static class NativeLog
{
    private static readonly string[] Names = ["", "ERROR", "WARNING", "INFO", "DEBUG"];
    private static readonly string[] Colours = ["", "\x1B[31m", "\x1B[33m", "\x1B[32m", "\x1B[34m"];
    private static readonly object Gate = new();
    private static volatile int s_level = Abi.LogInfo;
    private static volatile bool s_tty;

    /// <summary>The current level (<c>enum VmafLogLevel</c>).</summary>
    public static int Level => s_level;

    /// <summary>libvmaf's <c>vmaf_set_log_level</c>: clamps to NONE..DEBUG and looks again whether stderr is a terminal.</summary>
    public static void SetLevel(int level)
    {
        s_level = Math.Clamp(level, Abi.LogNone, Abi.LogDebug);
        try
        {
            s_tty = !Console.IsErrorRedirected;
        }
        catch (Exception)
        {
            s_tty = false;
        }
    }

    /// <summary>True when a message at <paramref name="level"/> is printed.</summary>
    public static bool Enabled(int level) => level > Abi.LogNone && level <= s_level;

    public static void Error(string message) => Write(Abi.LogError, message);

    public static void Warning(string message) => Write(Abi.LogWarning, message);

    public static void Info(string message) => Write(Abi.LogInfo, message);

    public static void Debug(string message) => Write(Abi.LogDebug, message);

    /// <summary>Prints one line at <paramref name="level"/>; a closed or full stderr is ignored (a log never fails a call).</summary>
    public static void Write(int level, string message)
    {
        if (!Enabled(level))
        {
            return;
        }

        bool tty = s_tty;
        string line = tty
            ? $"\x1B[35mlibvmaf\x1B[0m {Colours[level]}{Names[level]}\x1B[0m {Printable.Escape(message)}\n"
            : $"libvmaf {Names[level]} {Printable.Escape(message)}\n";
        try
        {
            lock (Gate)
            {
                Console.Error.Write(line);
                Console.Error.Flush();
            }
        }
        catch (Exception)
        {
            // Nowhere to report it.
        }
    }
}
