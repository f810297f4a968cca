using System.Runtime.InteropServices;

namespace VmafTiny.Bench;

/// <summary>The few libc calls <see cref="ChildProcess"/> needs: posix_spawn, wait4 and the thread's CPU affinity (Linux, glibc).</summary>
internal static partial class Interop
{
    /// <summary>glibc's C library.</summary>
    private const string Libc = "libc.so.6";

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_TRUNC = 0x200;
    public const int EINTR = 4;

    /// <summary>glibc's posix_spawn_file_actions_t is 80 bytes on x86-64; room to spare.</summary>
    public const int FileActionsSize = 128;

    /// <summary>struct timeval (x86-64 Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal
    {
        public long Seconds;
        public long Microseconds;

        public readonly TimeSpan ToTimeSpan() => TimeSpan.FromTicks((Seconds * TimeSpan.TicksPerSecond) + (Microseconds * 10));
    }

    /// <summary>struct rusage (x86-64 Linux): times, then fourteen longs of which ru_maxrss (KiB) is the first.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RUsage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxRssKiB;
        public long IxRss;
        public long IdRss;
        public long IsRss;
        public long MinorFaults;
        public long MajorFaults;
        public long Swaps;
        public long BlocksIn;
        public long BlocksOut;
        public long MessagesSent;
        public long MessagesReceived;
        public long Signals;
        public long VoluntarySwitches;
        public long InvoluntarySwitches;
    }

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int PosixSpawnFileActionsInit(nint fileActions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int PosixSpawnFileActionsDestroy(nint fileActions);

    [LibraryImport(Libc, EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PosixSpawnFileActionsAddOpen(nint fileActions, int fd, string path, int flags, uint mode);

    /// <summary>Returns 0 or an error number (not errno).</summary>
    [LibraryImport(Libc, EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PosixSpawn(out int pid, string path, nint fileActions, nint attributes, nint argv, nint envp);

    [LibraryImport(Libc, EntryPoint = "wait4", SetLastError = true)]
    public static partial int Wait4(int pid, out int status, int options, out RUsage usage);

    /// <summary>Bytes of a cpu_set_t (1024 CPUs), the mask size the affinity calls take.</summary>
    public const int CpuSetBytes = 128;

    /// <summary>sched_getaffinity(2); pid 0: the calling thread.</summary>
    [LibraryImport(Libc, EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetAffinity(int pid, nuint size, ref byte mask);

    /// <summary>sched_setaffinity(2); pid 0: the calling thread, whose mask a child it spawns inherits.</summary>
    [LibraryImport(Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nuint size, ref byte mask);
}
