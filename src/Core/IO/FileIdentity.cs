using System.Globalization;

namespace VmafTiny.IO;

/// <summary>
/// A cheap identity of an input file's content, recorded in segment logs and batch records so that a file replaced at
/// the same path (re-encoded, say) between two runs is noticed: its size, its last-write time (UTC ticks) and a
/// SHA-256 of its first and last 64 KiB, with the full path it was read at. Reading 128 KiB costs the same for a
/// multi-GB file as for a small one.
/// </summary>
/// <remarks>
/// Only regular files have one: standard input (<c>-</c>), pipes and devices have no content to identify again
/// (<see cref="Of"/> gives null). Two identities name the same content when size, time and hash agree
/// (<see cref="SameContent"/>); the path is left out, so one file spelled two ways (<c>../r.y4m</c>, <c>r.y4m</c>), or
/// moved to another mount with its time kept (<c>cp -p</c>, <c>rsync -a</c>), is the same input. A copy that does not
/// keep the time is a different one. The hash is <see cref="Sha256"/>'s, so a run does not load OpenSSL.
/// </remarks>
/// <param name="FullPath">The full path the file was read at (for messages).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ModifiedTicks">Its last-write time, UTC, in 100 ns ticks.</param>
/// <param name="HeadTailSha256">SHA-256 (lowercase hex) of its first 64 KiB and its last 64 KiB (the whole file when under 128 KiB).</param>
public sealed record FileIdentity(string FullPath, long Size, long ModifiedTicks, string HeadTailSha256)
{
    /// <summary>Bytes hashed at each end of the file.</summary>
    public const int SampleBytes = 64 * 1024;

    /// <summary>
    /// The identity of the regular file at <paramref name="path"/> (symlinks followed), or null when it has none: <c>-</c>,
    /// a pipe, a device, a file that is missing or cannot be read (the run that opens it says why).
    /// </summary>
    public static FileIdentity? Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path == "-" || FileProbe.Stat(path).Kind != FileKind.Regular)
        {
            return null;
        }

        try
        {
            using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long size = RandomAccess.GetLength(handle);
            long ticks = File.GetLastWriteTimeUtc(handle).Ticks;
            var sha = new Sha256();
            Span<byte> buffer = stackalloc byte[16 * 1024];   // not a 64 KiB array per file: fresh pages cost ~10 us each on a VM
            long head = Math.Min(size, SampleBytes);
            Hash(handle, sha, buffer, 0, head);
            long tailStart = Math.Max(head, size - SampleBytes);
            Hash(handle, sha, buffer, tailStart, size - tailStart);
            return new FileIdentity(Path.GetFullPath(path), size, ticks, Convert.ToHexStringLower(sha.Finish()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads an identity as <see cref="ToString"/> writes it.</summary>
    /// <exception cref="FormatException">The text is not one.</exception>
    public static FileIdentity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // size=N; modified=T; sha256=H; path=P (the path last: it may hold anything)
        string[] parts = text.Split("; ", 4);
        if (parts.Length != 4 || !parts[0].StartsWith("size=", StringComparison.Ordinal) || !parts[1].StartsWith("modified=", StringComparison.Ordinal) ||
            !parts[2].StartsWith("sha256=", StringComparison.Ordinal) || !parts[3].StartsWith("path=", StringComparison.Ordinal) ||
            !long.TryParse(parts[0].AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out long size) ||
            !long.TryParse(parts[1].AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) ||
            ticks > DateTime.MaxValue.Ticks || parts[2].Length != 7 + 64 || parts[3].Length == 5)
        {
            throw new FormatException("not a file identity (size=N; modified=TICKS; sha256=HEX; path=PATH)");
        }

        return new FileIdentity(parts[3][5..], size, ticks, parts[2][7..]);
    }

    /// <summary>True when both are the same content: the same size, last-write time and hash (wherever the file lies).</summary>
    public bool SameContent(FileIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Size == other.Size && ModifiedTicks == other.ModifiedTicks && HeadTailSha256 == other.HeadTailSha256;
    }

    /// <summary>
    /// How <paramref name="other"/> differs from this, for messages: "size 123 then 456 bytes", "modified ... then ...",
    /// "same size and time, different content"; <paramref name="joiner"/> ("then", or "and" where neither came first).
    /// </summary>
    public string Difference(FileIdentity other, string joiner = "then")
    {
        ArgumentNullException.ThrowIfNull(other);
        return Size != other.Size ? string.Create(CultureInfo.InvariantCulture, $"size {Size} {joiner} {other.Size} bytes")
            : ModifiedTicks != other.ModifiedTicks ? $"modified {Time(ModifiedTicks)} {joiner} {Time(other.ModifiedTicks)}"
            : "same size and time, different content";
    }

    /// <summary><c>size=N; modified=TICKS; sha256=HEX; path=PATH</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"size={Size}; modified={ModifiedTicks}; sha256={HeadTailSha256}; path={FullPath}");

    private static string Time(long ticks) =>
        new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void Hash(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Sha256 sha, Span<byte> buffer, long offset, long count)
    {
        while (count > 0)
        {
            int read = RandomAccess.Read(handle, buffer[..(int)Math.Min(count, buffer.Length)], offset);
            if (read == 0)
            {
                throw new IOException("the file shrank while it was read");
            }

            sha.Append(buffer[..read]);
            offset += read;
            count -= read;
        }
    }
}
