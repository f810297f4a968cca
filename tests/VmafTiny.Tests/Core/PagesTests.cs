using System.Runtime.InteropServices;
using VmafTiny.Memory;
using Libc = VmafTiny.IO.Interop.Libc;
using Xunit;

namespace VmafTiny.Tests.Core;

/// <summary>
/// <see cref="Pages.Populate"/> maps pages nothing has touched (so the first writes cost no page fault: ~11 µs each on the
/// project's VM), and only the whole pages inside a range.
/// </summary>
public sealed partial class PagesTests
{
    [SkippableFact]
    public unsafe void Populate_maps_pages_that_nothing_has_touched_yet()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(5, 14), "MADV_POPULATE_WRITE needs Linux 5.14");
        const int bytes = 8 << 20, pages = bytes / 4096;

        // A fresh anonymous mapping: none of its pages is resident until something writes to it (or populates it).
        void* region = Libc.Mmap(null, bytes, Libc.ProtReadWrite, Libc.MapPrivateAnonymous, -1, 0);
        Assert.NotEqual(-1, (nint)region);
        try
        {
            Assert.Equal(0, Resident(region, bytes));
            Assert.True(Pages.Populate(new Span<byte>(region, bytes)));
            Assert.Equal(pages, Resident(region, bytes));
        }
        finally
        {
            Assert.Equal(0, Libc.Munmap(region, bytes));
        }
    }

    [SkippableFact]
    public void Populate_maps_the_whole_pages_inside_a_span_and_skips_small_ones()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(5, 14), "MADV_POPULATE_WRITE needs Linux 5.14");
        byte[] pinned = GC.AllocateUninitializedArray<byte>(1 << 20, pinned: true);

        // Unaligned ends: only the whole pages inside are advised (an unaligned start would make madvise fail).
        Assert.True(Pages.Populate(pinned.AsSpan(1, pinned.Length - 2)));
        Assert.False(Pages.Populate(pinned.AsSpan(0, Pages.MinimumBytes - 1)));
    }

    private static unsafe int Resident(void* region, int bytes)
    {
        byte[] pages = new byte[bytes / 4096];
        fixed (byte* vector = pages)
        {
            Assert.Equal(0, Mincore(region, (nuint)bytes, vector));
        }

        return pages.Count(p => (p & 1) != 0);
    }

    [LibraryImport("libc.so.6", EntryPoint = "mincore")]
    private static unsafe partial int Mincore(void* address, nuint length, byte* vector);
}
