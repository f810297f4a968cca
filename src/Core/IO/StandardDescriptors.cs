namespace VmafTiny.IO;

/// <summary>Whether the process's standard descriptors are the ones its parent handed it.</summary>
internal static class StandardDescriptors
{
    /// <summary>
    /// True when <paramref name="fd"/> (0, 1 or 2) was inherited from the parent. A standard descriptor the parent
    /// closed (<c>&lt;&amp;-</c>, <c>&gt;&amp;-</c>) is taken by the first file the runtime opens (its signal pipe, say),
    /// so reading or writing it would use that file. Inherited descriptors never carry FD_CLOEXEC (they survived exec),
    /// the runtime's own always do: one with the flag, or none open, is not the parent's. Always true off Linux.
    /// </summary>
    public static bool IsInherited(int fd)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        int flags = Interop.Libc.Fcntl(fd, Interop.Libc.FGetFd);
        return flags >= 0 && (flags & Interop.Libc.FdCloexec) == 0;
    }
}
