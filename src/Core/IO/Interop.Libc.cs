using System.Runtime.InteropServices;

namespace VmafTiny.IO;

/// <summary>Native imports, one nested class per library (dotnet/runtime's interop layout).</summary>
internal static partial class Interop
{
    /// <summary>The few POSIX calls .NET has no API for: what kind of file stands at a path, and whether it is writable.</summary>
    internal static unsafe partial class Libc
    {
        /// <summary>
        /// glibc by its file name: the bare "libc" sends the runtime's probing through dozens of failed opens
        /// ("libc.so" is a linker script, then "liblibc.so" in every library folder) before it finds the library.
        /// </summary>
        internal const string Library = "libc.so.6";

        internal const int AtFdCwd = -100;
        internal const int AtSymlinkNoFollow = 0x100;
        internal const uint StatxBasicStats = 0x7ff;
        internal const int WriteOk = 2;
        internal const int ExecuteOk = 1;

        /// <summary>
        /// statx(2): its <c>struct statx</c> has one layout on every Linux architecture, unlike <c>struct stat</c>
        /// (offsets: stx_mode u16 at 28, stx_ino u64 at 32, stx_size u64 at 40, stx_dev_major/minor u32 at 136/140;
        /// 256 bytes in all).
        /// </summary>
        [LibraryImport(Library, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

        internal const int FGetFd = 1;
        internal const int FdCloexec = 1;

        /// <summary>fcntl(2) with a command that takes no argument (F_GETFD).</summary>
        [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
        internal static partial int Fcntl(int fd, int command);

        internal const int ProtReadWrite = 3;
        internal const int MapPrivateAnonymous = 0x22;

        /// <summary>mmap(2) of anonymous memory (<see cref="Memory.NativeBuffer"/>); MAP_FAILED is -1.</summary>
        [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
        internal static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

        /// <summary>munmap(2).</summary>
        [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
        internal static partial int Munmap(void* address, nuint length);

        /// <summary>madvise(2) (<see cref="Memory.Pages"/>).</summary>
        [LibraryImport(Library, EntryPoint = "madvise", SetLastError = true)]
        internal static partial int Madvise(void* address, nuint length, int advice);

        /// <summary>access(2), with the real user's rights (what the process will get when it opens the path).</summary>
        [LibraryImport(Library, EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static partial int Access(string path, int mode);
    }
}
