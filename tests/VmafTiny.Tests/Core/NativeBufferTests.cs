using VmafTiny.Memory;
using Xunit;

namespace VmafTiny.Tests.Core;

/// <summary><see cref="NativeBuffer"/>: zeroed, bounds-checked slices, and never freed under a holder.</summary>
public sealed class NativeBufferTests
{
    [Fact]
    public void Slices_are_zeroed_writable_and_checked_against_the_length()
    {
        using var buffer = new NativeBuffer(3 << 20);
        Span<byte> all = buffer.Slice(0, 3 << 20);
        Assert.False(all.ContainsAnyExcept((byte)0));
        buffer.Slice(1 << 20, 16).Fill(7);
        Assert.Equal(7, buffer.Slice((1 << 20) + 15, 1)[0]);
        Assert.Equal(0, buffer.Slice((1 << 20) + 16, 1)[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Slice((3 << 20) - 8, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Slice(-1, 1));
    }

    [Fact]
    public void A_disposed_buffer_refuses_slices_and_a_held_one_is_freed_only_when_let_go()
    {
        var buffer = new NativeBuffer(1 << 16);
        bool held = false;
        buffer.DangerousAddRef(ref held);
        Assert.True(held);
        buffer.Dispose();

        // Still allocated for the holder (a push another thread disposed the stream under), which can use its memory.
        buffer.DangerousGetHandle();
        Assert.False(buffer.IsInvalid);
        buffer.DangerousRelease();
        Assert.True(buffer.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => buffer.Slice(0, 1));
        bool again = false;
        Assert.Throws<ObjectDisposedException>(() => buffer.DangerousAddRef(ref again));
    }

    [SkippableFact]
    public void On_linux_the_buffer_is_mapped_at_once_on_small_pages()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux only");
        Skip.If(Environment.OSVersion.Version < new Version(5, 14), "MADV_POPULATE_WRITE is Linux 5.14 and later");
        using var buffer = new NativeBuffer((3 << 20) + 100);
        nint start = buffer.DangerousGetHandle();
        Assert.Equal(0, start % 4096);

        // Every page of it present before any write (/proc/self/pagemap: bit 63 of a page's entry), none of it huge.
        int pages = ((3 << 20) + 100 + 4095) / 4096;
        byte[] entries = new byte[8 * pages];
        using (var pagemap = new FileStream("/proc/self/pagemap", FileMode.Open, FileAccess.Read))
        {
            pagemap.Position = start / 4096 * 8;
            pagemap.ReadExactly(entries);
        }

        for (int i = 0; i < pages; i++)
        {
            Assert.True((entries[(8 * i) + 7] & 0x80) != 0, $"page {i} of {pages} not present");
        }

        // The mapping's line in smaps, then its AnonHugePages (a neighbouring mapping merged with it has none either).
        long huge = -1;
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-', StringComparison.Ordinal))
            {
                string[] range = line.Split(' ')[0].Split('-');
                long from = Convert.ToInt64(range[0], 16), to = Convert.ToInt64(range[1], 16);
                inside = from <= start && start < to;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                huge = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
                break;
            }
        }

        Assert.Equal(0, huge);
    }
}
