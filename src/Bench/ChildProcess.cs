using System.Diagnostics;
using System.Runtime.InteropServices;

namespace VmafTiny.Bench;

/// <summary>What the OS accounted for one finished child process.</summary>
/// <param name="ExitCode">The exit status, or 128 + the signal number when a signal ended it (as shells report it).</param>
/// <param name="Wall">From spawn to the end of the wait, measured by the parent.</param>
/// <param name="User">User CPU time of the child (and of its own children that it waited for), from the kernel.</param>
/// <param name="System">System CPU time, likewise.</param>
/// <param name="PeakRssKiB">The largest resident set size of the child, in KiB (Linux's ru_maxrss).</param>
public readonly record struct ChildUsage(int ExitCode, TimeSpan Wall, TimeSpan User, TimeSpan System, long PeakRssKiB)
{
    /// <summary>User plus system CPU time.</summary>
    public TimeSpan Cpu => User + System;
}

/// <summary>
/// Runs a program as a child process and reads its resource use from the kernel: <c>posix_spawn</c>, then
/// <c>wait4</c>, whose <c>struct rusage</c> gives the child's user and system CPU time and peak RSS (the same
/// figures <c>/usr/bin/time</c> prints). Nothing is measured inside the child, so every program (vmaf-tiny,
/// libvmaf's <c>vmaf</c>, a stand-in) is measured the same way, start-up and exit included.
/// </summary>
/// <remarks>
/// <see cref="Process"/> cannot be used: it reaps its children itself, and the rusage of a reaped child is gone.
/// A child spawned here is unknown to .NET's SIGCHLD handling, which only reaps the processes it started, so
/// <c>wait4</c> here is the only wait. Linux x86-64 only (the struct layouts are that ABI's).
/// </remarks>
public static class ChildProcess
{
    /// <summary>
    /// Throws the error <see cref="Run(string, IReadOnlyList{string}, string, string)"/> would give if <paramref name="program"/> is missing, not a file or not
    /// executable by anyone, without starting it.
    /// </summary>
    /// <exception cref="VmafTinyException">The program cannot be started (the message names it and says why).</exception>
    public static void CheckRunnable(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (!File.Exists(program))
        {
            throw new VmafTinyException($"{program}: no such program");
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(program) & anyExecute) == 0)
        {
            throw new VmafTinyException($"{program}: cannot start it: it is not executable");
        }
    }

    /// <summary>
    /// Runs <paramref name="program"/> (a path; no PATH lookup) with <paramref name="arguments"/>, stdin from
    /// /dev/null, stdout and stderr into the given files (replaced), in the current environment, and waits for it.
    /// </summary>
    /// <exception cref="VmafTinyException">The program cannot be started (the message names it and says why).</exception>
    public static ChildUsage Run(string program, IReadOnlyList<string> arguments, string stdoutPath, string stderrPath) =>
        Run(program, arguments, stdoutPath, stderrPath, cpu: null);

    /// <summary>
    /// <see cref="Run(string, IReadOnlyList{string}, string, string)"/> with the child on one CPU when
    /// <paramref name="cpu"/> is given (one of <see cref="AllowedCpus"/>): the spawning thread takes that CPU alone for
    /// the spawn, which the child inherits, and gets its own mask back at once.
    /// </summary>
    /// <exception cref="VmafTinyException">The program cannot be started, or not on that CPU.</exception>
    public static ChildUsage Run(string program, IReadOnlyList<string> arguments, string stdoutPath, string stderrPath, int? cpu)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("child process accounting is implemented for Linux x86-64");
        }

        if (!File.Exists(program))
        {
            throw new VmafTinyException($"{program}: no such program");
        }

        var allocations = new List<nint>();
        nint fileActions = Marshal.AllocHGlobal(Interop.FileActionsSize);
        bool actionsReady = false;
        try
        {
            nint argv = StringArray([program, .. arguments], allocations);
            nint envp = StringArray(
                Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}").ToArray(),
                allocations);
            Check(Interop.PosixSpawnFileActionsInit(fileActions), program);
            actionsReady = true;
            Check(Interop.PosixSpawnFileActionsAddOpen(fileActions, 0, "/dev/null", Interop.O_RDONLY, 0), program);
            Check(Interop.PosixSpawnFileActionsAddOpen(fileActions, 1, stdoutPath, Interop.O_WRONLY | Interop.O_CREAT | Interop.O_TRUNC, 0x1A4), program);
            Check(Interop.PosixSpawnFileActionsAddOpen(fileActions, 2, stderrPath, Interop.O_WRONLY | Interop.O_CREAT | Interop.O_TRUNC, 0x1A4), program);

            long start = Stopwatch.GetTimestamp();
            int pid = Spawn(program, fileActions, argv, envp, cpu);
            int status;
            Interop.RUsage usage;
            while (Interop.Wait4(pid, out status, 0, out usage) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Interop.EINTR)
                {
                    throw new VmafTinyException($"{program}: waiting for it failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                }
            }

            TimeSpan wall = Stopwatch.GetElapsedTime(start);
            int signal = status & 0x7F;
            int exitCode = signal == 0 ? (status >> 8) & 0xFF : 128 + signal;
            return new ChildUsage(exitCode, wall, usage.UserTime.ToTimeSpan(), usage.SystemTime.ToTimeSpan(), usage.MaxRssKiB);
        }
        finally
        {
            if (actionsReady)
            {
                Interop.PosixSpawnFileActionsDestroy(fileActions);
            }

            Marshal.FreeHGlobal(fileActions);
            foreach (nint p in allocations)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>
    /// The CPUs this process may run on (its affinity mask), in order: what <see cref="Run(string, IReadOnlyList{string}, string, string, int?)"/>
    /// can pin a child to.
    /// </summary>
    public static IReadOnlyList<int> AllowedCpus()
    {
        var mask = new byte[Interop.CpuSetBytes];
        if (Interop.SchedGetAffinity(0, (nuint)mask.Length, ref mask[0]) != 0)
        {
            return [];
        }

        return Enumerable.Range(0, 8 * mask.Length).Where(c => (mask[c / 8] & (1 << (c % 8))) != 0).ToArray();
    }

    /// <summary>posix_spawn, on <paramref name="cpu"/> alone when given: the calling thread's mask is set for the spawn and restored.</summary>
    private static int Spawn(string program, nint fileActions, nint argv, nint envp, int? cpu)
    {
        if (cpu is not int one)
        {
            Check(Interop.PosixSpawn(out int pid, program, fileActions, 0, argv, envp), program);
            return pid;
        }

        var own = new byte[Interop.CpuSetBytes];
        var single = new byte[Interop.CpuSetBytes];
        if (one < 0 || one >= 8 * single.Length || Interop.SchedGetAffinity(0, (nuint)own.Length, ref own[0]) != 0)
        {
            throw new VmafTinyException($"{program}: cannot start it on CPU {one}: no such CPU here");
        }

        single[one / 8] = (byte)(1 << (one % 8));
        if (Interop.SchedSetAffinity(0, (nuint)single.Length, ref single[0]) != 0)
        {
            throw new VmafTinyException($"{program}: cannot start it on CPU {one}: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        try
        {
            Check(Interop.PosixSpawn(out int pid, program, fileActions, 0, argv, envp), program);
            return pid;
        }
        finally
        {
            _ = Interop.SchedSetAffinity(0, (nuint)own.Length, ref own[0]);
        }
    }

    /// <summary>A NULL-terminated char* array of UTF-8 strings; every block allocated goes into <paramref name="allocations"/>.</summary>
    private static nint StringArray(IReadOnlyList<string> values, List<nint> allocations)
    {
        nint array = Marshal.AllocCoTaskMem(nint.Size * (values.Count + 1));
        allocations.Add(array);
        for (int i = 0; i < values.Count; i++)
        {
            nint s = Marshal.StringToCoTaskMemUTF8(values[i]);
            allocations.Add(s);
            Marshal.WriteIntPtr(array, i * nint.Size, s);
        }

        Marshal.WriteIntPtr(array, values.Count * nint.Size, 0);
        return array;
    }

    private static void Check(int error, string program)
    {
        if (error != 0)
        {
            throw new VmafTinyException($"{program}: cannot start it: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }
}
