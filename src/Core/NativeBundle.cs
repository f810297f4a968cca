using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace VmafTiny;

/// <summary>
/// The native libraries carried inside the one-file native CLI (native/bundle/vt_bundle.h): when this process runs
/// from the bundle, its front (native/start/vt_front.c) has opened the file and named the descriptor in <see cref="FdVariable"/>, and a library is loaded
/// from it on first use through an anonymous in-memory file (memfd), so nothing is written to disk. In any other
/// process (the framework-dependent CLI, the .NET tool, an application using the package) this does nothing and the
/// libraries are found the usual way.
/// </summary>
internal static partial class NativeBundle
{
    /// <summary>Set by the bundle's front: the bundle file, open for reading.</summary>
    public const string FdVariable = "VMAF_TINY_BUNDLE_FD";

    private const string Magic = "VTBNDL01";
    private const int TrailerSize = 32;
    private const int EntrySize = 80;
    private const int NameSize = 64;
    private const int MaxEntries = 16;
    private const uint MfdCloexec = 1;

    private static readonly Lazy<Bundle?> Index = new(Read);
    private static readonly Dictionary<string, nint> Loaded = new(StringComparer.Ordinal);

    /// <summary>The memfds of the loaded payloads, open until the process ends (<see cref="Load"/>); guarded by <see cref="Loaded"/>.</summary>
    private static readonly List<SafeFileHandle> KeptOpen = [];

    /// <summary>True when this process runs from the one-file bundle.</summary>
    public static bool IsActive => Index.Value is not null;

    /// <summary>
    /// Loads <paramref name="fileName"/> (e.g. "libonnxruntime.so") from the bundle, once per process.
    /// False when this process does not run from a bundle or the bundle has no such payload.
    /// </summary>
    /// <exception cref="VmafTinyException">The bundle has the payload but it cannot be loaded.</exception>
    public static bool TryLoad(string fileName, out nint handle)
    {
        handle = nint.Zero;
        if (Index.Value is not { } bundle || !bundle.Entries.TryGetValue(fileName, out var entry))
        {
            return false;
        }

        lock (Loaded)
        {
            if (Loaded.TryGetValue(fileName, out handle))
            {
                return true;
            }

            handle = Load(bundle.Handle, fileName, entry.Offset, entry.Size);
            Loaded[fileName] = handle;
            return true;
        }
    }

    /// <summary>
    /// Copies a payload into a new memfd and loads it from <c>/proc/self/fd/N</c>. The memfd stays open for the life of
    /// the process (<see cref="KeptOpen"/>): the dynamic loader matches a name it has loaded before without opening the
    /// file, so had N been closed, the next payload's memfd would get the same N and loading it would hand back this
    /// library (the FFmpeg shim in place of ONNX Runtime, seen as "libonnxruntime.so has no OrtGetApiBase").
    /// </summary>
    private static nint Load(SafeFileHandle bundle, string fileName, long offset, long size)
    {
        int memfd = MemfdCreate(fileName, MfdCloexec);
        if (memfd < 0)
        {
            throw new VmafTinyException($"cannot load {fileName} from the bundle: memfd_create failed ({Marshal.GetLastPInvokeErrorMessage()})");
        }

        var memory = new SafeFileHandle(memfd, ownsHandle: true);
        bool loaded = false;
        try
        {
            Copy(bundle, offset, size, memory);
            nint handle = NativeLibrary.Load($"/proc/self/fd/{memfd}");
            KeptOpen.Add(memory);
            loaded = true;
            return handle;
        }
        catch (Exception e) when (e is IOException or DllNotFoundException or BadImageFormatException)
        {
            throw new VmafTinyException($"cannot load {fileName} from the bundle: {e.Message}", e);
        }
        finally
        {
            if (!loaded)
            {
                memory.Dispose();
            }
        }
    }

    /// <summary>Copies [offset, offset + size) of the bundle to the start of <paramref name="target"/>.</summary>
    private static void Copy(SafeFileHandle bundle, long offset, long size, SafeFileHandle target)
    {
        // In the kernel where it can (no user-space buffer): copy_file_range, which refuses a copy between file systems
        // (EXDEV: the bundle on overlayfs or ext4, the memfd on tmpfs), then sendfile, which copies the page cache into
        // the memfd once, where the buffer below copies twice and faults its own pages in (10 MB on the project's
        // machine: 2.1-2.4 ms against 3.2-4.5 ms); the buffer only from where both stopped.
        long from = offset, to = 0, left = size;
        int input = (int)bundle.DangerousGetHandle(), output = (int)target.DangerousGetHandle();
        while (left > 0)
        {
            nint n = CopyFileRange(input, ref from, output, ref to, (nuint)left, 0);
            if (n <= 0)
            {
                break;
            }

            left -= n;
        }

        // sendfile writes at the memfd's file position, still 0 (copy_file_range, given offsets, moves no position):
        // only when that copied nothing; it then moves the position in step with `to`.
        if (to == 0)
        {
            while (left > 0)
            {
                nint n = SendFile(output, input, ref from, (nuint)left);
                if (n <= 0)
                {
                    break;
                }

                to += n;
                left -= n;
            }
        }

        if (left == 0)
        {
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (left > 0)
            {
                int chunk = RandomAccess.Read(bundle, buffer.AsSpan(0, (int)Math.Min(left, buffer.Length)), from);
                if (chunk <= 0)
                {
                    throw new IOException("the bundle ends early (truncated?)");
                }

                RandomAccess.Write(target, buffer.AsSpan(0, chunk), to);
                from += chunk;
                to += chunk;
                left -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the index of the bundle named by <see cref="FdVariable"/>; null when there is none or it is not a bundle.</summary>
    private static Bundle? Read()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(FdVariable), out int fd) || fd < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: false);
        try
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> trailer = stackalloc byte[TrailerSize];
            if (length < TrailerSize || RandomAccess.Read(handle, trailer, length - TrailerSize) != TrailerSize ||
                Encoding.ASCII.GetString(trailer[..8]) != Magic)
            {
                return null;
            }

            long indexOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(trailer[8..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(trailer[16..]);
            long fileSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(trailer[24..]);
            if (fileSize != length || count is <= 0 or > MaxEntries || indexOffset + ((long)count * EntrySize) + TrailerSize != length)
            {
                return null;
            }

            var index = new byte[count * EntrySize];
            if (RandomAccess.Read(handle, index, indexOffset) != index.Length)
            {
                return null;
            }

            var entries = new Dictionary<string, (long Offset, long Size)>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> e = index.AsSpan(i * EntrySize, EntrySize);
                int nameLength = e[..NameSize].IndexOf((byte)0);
                string name = Encoding.UTF8.GetString(e[..(nameLength < 0 ? NameSize : nameLength)]);
                long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(e[NameSize..]);
                long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(e[(NameSize + 8)..]);
                if (offset < 0 || size <= 0 || offset + size > indexOffset)
                {
                    return null;
                }

                entries[name] = (offset, size);
            }

            return new Bundle(handle, entries);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException or ArgumentException)
        {
            // Not a readable bundle (a descriptor that is closed, a pipe, a terminal): as if the variable were unset, so
            // a stale value inherited from another process changes nothing.
            return null;
        }
    }

    [LibraryImport(IO.Interop.Libc.Library, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport(IO.Interop.Libc.Library, EntryPoint = "copy_file_range", SetLastError = true)]
    private static partial nint CopyFileRange(int fdIn, ref long offIn, int fdOut, ref long offOut, nuint length, uint flags);

    [LibraryImport(IO.Interop.Libc.Library, EntryPoint = "sendfile", SetLastError = true)]
    private static partial nint SendFile(int fdOut, int fdIn, ref long offIn, nuint count);

    private sealed record Bundle(SafeFileHandle Handle, Dictionary<string, (long Offset, long Size)> Entries);
}
