using System.Runtime.InteropServices;

namespace VmafTiny.IO;

/// <summary>The kind of file that stands at a path.</summary>
public enum FileKind
{
    /// <summary>Nothing: the path does not exist (or a component of it is not a folder).</summary>
    None,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A character device (a terminal, /dev/null, /dev/full...).</summary>
    CharacterDevice,

    /// <summary>A block device (a disk or a partition).</summary>
    BlockDevice,

    /// <summary>A named pipe (FIFO).</summary>
    Fifo,

    /// <summary>A Unix socket.</summary>
    Socket,

    /// <summary>A symbolic link (only when links are not followed).</summary>
    SymbolicLink,
}

/// <summary>What stands at a path: its kind, the device and inode that identify it, and its size.</summary>
/// <param name="Kind">The kind of file; <see cref="FileKind.None"/> when nothing is there.</param>
/// <param name="Device">The device the file lives on (0 where the platform does not say).</param>
/// <param name="Inode">The file's inode on that device (0 where the platform does not say).</param>
/// <param name="Size">The size in bytes of a regular file (0 for other kinds).</param>
public readonly record struct FileStatus(FileKind Kind, ulong Device, ulong Inode, long Size)
{
    /// <summary>True when something stands at the path.</summary>
    public bool Exists => Kind != FileKind.None;

    /// <summary>True when both name the same file (the same device and inode; two names of one file are one file).</summary>
    public bool IsSameFile(FileStatus other) =>
        Exists && other.Exists && Inode != 0 && Device == other.Device && Inode == other.Inode;
}

/// <summary>
/// Looks at a path without opening it: an open can block (a FIFO with no reader) or have effects (a device), so
/// the kind of file is decided first. On Linux this is statx(2); elsewhere .NET's own view (regular file, folder
/// or nothing) is the best there is.
/// </summary>
public static class FileProbe
{
    /// <summary>
    /// The status of <paramref name="path"/>, symlinks followed unless <paramref name="followLinks"/> is false;
    /// <see cref="FileKind.None"/> when nothing is there.
    /// </summary>
    public static unsafe FileStatus Stat(string path, bool followLinks = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            return Portable(path, followLinks);
        }

        byte* buffer = stackalloc byte[256];
        if (Interop.Libc.Statx(Interop.Libc.AtFdCwd, path, followLinks ? 0 : Interop.Libc.AtSymlinkNoFollow, Interop.Libc.StatxBasicStats, buffer) != 0)
        {
            return default;
        }

        int mode = *(ushort*)(buffer + 28);
        FileKind kind = (mode & 0xf000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xc000 => FileKind.Socket,
            0xa000 => FileKind.SymbolicLink,
            _ => FileKind.None,
        };
        ulong device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        ulong inode = *(ulong*)(buffer + 32);
        long size = kind == FileKind.Regular ? (long)*(ulong*)(buffer + 40) : 0;
        return new FileStatus(kind, device, inode, size);
    }

    /// <summary>
    /// True when this process may write to <paramref name="path"/> (for a folder: create and rename files in it),
    /// as the kernel will judge it: permissions, a read-only mount, root's rights.
    /// </summary>
    public static bool CanWrite(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return true;    // the write itself will tell
        }

        int mode = Interop.Libc.WriteOk | (Directory.Exists(path) ? Interop.Libc.ExecuteOk : 0);
        return Interop.Libc.Access(path, mode) == 0;
    }

    /// <summary>The errno of the last failed call on this thread, as text (for messages).</summary>
    internal static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());

    private static FileStatus Portable(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null)
        {
            return new FileStatus(FileKind.SymbolicLink, 0, 0, 0);
        }

        if (Directory.Exists(path))
        {
            return new FileStatus(FileKind.Directory, 0, 0, 0);
        }

        return info.Exists ? new FileStatus(FileKind.Regular, 0, 0, info.Length) : default;
    }
}
