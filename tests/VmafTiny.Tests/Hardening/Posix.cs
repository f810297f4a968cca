using System.Runtime.InteropServices;

namespace VmafTiny.Tests.Hardening;

/// <summary>The POSIX calls the tests need: FIFOs and device nodes in a temporary folder (hardening), a signal to a child process.</summary>
internal static partial class Posix
{
    /// <summary>True when the tests run as root (mknod of device nodes needs it).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && GetEuid() == 0;

    /// <summary>Makes a FIFO at <paramref name="path"/>.</summary>
    public static void MakeFifo(string path)
    {
        if (MkFifo(path, 0x1b6 /* 0666 */) != 0)
        {
            throw new IOException($"mkfifo {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>Makes a character (or block) device node <paramref name="major"/>:<paramref name="minor"/> at <paramref name="path"/> (root only).</summary>
    public static void MakeDevice(string path, uint major, uint minor, bool block = false)
    {
        uint mode = (block ? 0x6000u : 0x2000u) | 0x1b6;
        ulong dev = ((ulong)(major & 0xfff) << 8) | (minor & 0xff) | ((ulong)(minor & ~0xffu) << 12) | ((ulong)(major & ~0xfffu) << 32);
        if (MkNod(path, mode, dev) != 0)
        {
            throw new IOException($"mknod {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>Sends signal <paramref name="signal"/> (2: SIGINT, as Ctrl-C) to process <paramref name="pid"/>.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new IOException($"kill {pid}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkNod(string path, uint mode, ulong dev);
}
