namespace VmafTiny.Features;

/// <summary>
/// The operating-system side of a worker thread's end. <see cref="Thread.Join()"/> returns once the thread's managed
/// code has returned, while the thread is still leaving the runtime (on Linux: its thread-local destructors, which
/// take the runtime's thread-store lock). A process that forks in that window (Python's multiprocessing, a prefork
/// server) gives its child a runtime that waits forever for a thread the child does not have. libvmaf joins its
/// threads with <c>pthread_join</c>, so <c>vmaf_close</c> returns with them gone; <see cref="FeatureStream"/> waits
/// for the same with this.
/// </summary>
internal static class OsThread
{
    /// <summary>How long <see cref="WaitUntilGone"/> waits for a thread that is slow to leave (a loaded machine).</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The calling thread's folder in /proc (<c>/proc/PID/task/TID</c>), which the kernel removes when the thread has
    /// ended; null where there is no /proc (not Linux).
    /// </summary>
    public static string? CurrentTaskFolder()
    {
        try
        {
            return OperatingSystem.IsLinux() && new FileInfo("/proc/thread-self").LinkTarget is { } target
                ? Path.Combine("/proc", target)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Returns once the thread whose <see cref="CurrentTaskFolder"/> was <paramref name="taskFolder"/> has ended in the
    /// operating system too (or after <see cref="Limit"/>: the caller then goes on as before). Call it after
    /// <see cref="Thread.Join()"/>.
    /// </summary>
    public static void WaitUntilGone(string? taskFolder)
    {
        if (taskFolder is null)
        {
            return;
        }

        long start = Environment.TickCount64;
        var spin = default(SpinWait);
        while (Directory.Exists(taskFolder) && Environment.TickCount64 - start < Limit.TotalMilliseconds)
        {
            spin.SpinOnce(sleep1Threshold: 20);
        }
    }
}
