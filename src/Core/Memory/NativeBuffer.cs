using System.Runtime.InteropServices;
using VmafTiny.IO;

namespace VmafTiny.Memory;

/// <summary>
/// A zeroed block of native memory for the frame buffers: on Linux an anonymous mapping on 4 KiB pages, its pages
/// mapped at once; freed when disposed (or finalized). Not on the garbage collector's heap, whose budgets a few MB
/// of frame buffers on the pinned object heap exceeded, setting off a full, compacting collection early in every run
/// (about 4 ms of a 45 ms start on the project's VM).
/// </summary>
/// <remarks>
/// <para>The pages are mapped in one call (<see cref="Pages.Populate"/>: MADV_POPULATE_WRITE) rather than one fault a
/// page, and advised MADV_NOHUGEPAGE. Until session 24 a mapping of 1 MiB or more was aligned to 2 MiB and put on
/// transparent huge pages, from a C probe on the project's VM (a Firecracker guest) where a fresh 4 KiB page cost
/// several microseconds. Measured since in the benchmark's own setting, each run following one of libvmaf's: 2 MiB pages
/// are bimodal there, 0.4 ms or 5-15 ms to populate the 10 MiB of 1080p frame buffers (a fresh 2 MiB block is one the
/// host has taken back, every 4 KiB of it faulting in on the host), and were slow in 4 runs of 4 under strace; 4 KiB
/// pages, recycled from the process before, took 3.1 ms for 10 MiB every time (about 1.2 us a page). Whole runs on 4 KiB
/// pages, alternating with libvmaf: 1080p one thread 10-22 ms less CPU (two sets of 10, CPUs 1 and 0), the default model
/// 20 ms less; 720p and 1080p two threads unchanged within noise.</para>
/// <para>A <see cref="SafeHandle"/>, so a user that may race with <see cref="SafeHandle.Dispose()"/> (a run cancelled
/// from another thread while a frame is read into the buffer) holds it with <see cref="SafeHandle.DangerousAddRef"/>
/// and <see cref="SafeHandle.DangerousRelease"/>: the memory is freed when the last holder lets go, never under one.</para>
/// </remarks>
internal sealed unsafe class NativeBuffer : SafeHandle
{
    private const int Page = 4096;
    private const int NoHugePageAdvice = 15;   // MADV_NOHUGEPAGE

    private readonly void* _mapping;          // the whole mapping (Linux), or null (NativeMemory)
    private readonly nuint _mappingLength;

    /// <summary>Allocates <paramref name="length"/> zeroed bytes, 64-byte aligned (on Linux page aligned).</summary>
    /// <exception cref="OutOfMemoryException">The memory is not there.</exception>
    public NativeBuffer(long length)
        : base(nint.Zero, ownsHandle: true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        if (OperatingSystem.IsLinux())
        {
            long rounded = (length + Page - 1) & ~(long)(Page - 1);
            _mappingLength = (nuint)rounded;
            _mapping = Interop.Libc.Mmap(null, _mappingLength, Interop.Libc.ProtReadWrite, Interop.Libc.MapPrivateAnonymous, -1, 0);
            if ((nint)_mapping == -1)
            {
                _mapping = null;
                throw new OutOfMemoryException($"cannot map {length} bytes for frame buffers (mmap: error {Marshal.GetLastPInvokeError()})");
            }

            // 4 KiB pages also where the kernel puts every large mapping on huge pages (THP "always"); see the remarks.
            Interop.Libc.Madvise(_mapping, _mappingLength, NoHugePageAdvice);
            SetHandle((nint)_mapping);

            // Fresh anonymous memory is zero; map it now, not a fault per page later.
            Pages.Populate(new Span<byte>(_mapping, (int)Math.Min(rounded, int.MaxValue & ~(long)(Page - 1))));
            return;
        }

        SetHandle((nint)NativeMemory.AlignedAlloc((nuint)length, 64));
        NativeMemory.Clear((void*)handle, (nuint)length);
    }

    /// <summary>The buffer's size in bytes.</summary>
    public long Length { get; }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>
    /// <paramref name="length"/> bytes at <paramref name="offset"/>. Valid while the buffer is not released: the caller
    /// holds it (<see cref="SafeHandle.DangerousAddRef"/>) or owns its disposal.
    /// </summary>
    public Span<byte> Slice(long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        ObjectDisposedException.ThrowIf(IsClosed, this);
        return new Span<byte>((byte*)handle + offset, length);
    }

    /// <summary>
    /// Holds <paramref name="buffer"/> (if any) until the returned lease is disposed: <c>using var held = NativeBuffer.Hold(b);</c>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The buffer was released already.</exception>
    public static Lease Hold(NativeBuffer? buffer)
    {
        bool held = false;
        buffer?.DangerousAddRef(ref held);
        return new Lease(held ? buffer : null);
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        if (_mapping != null)
        {
            Interop.Libc.Munmap(_mapping, _mappingLength);
        }
        else
        {
            NativeMemory.AlignedFree((void*)handle);
        }

        return true;
    }

    /// <summary>A hold on a buffer (<see cref="Hold"/>); disposing it lets go.</summary>
    internal readonly ref struct Lease(NativeBuffer? buffer)
    {
        /// <summary>Lets go of the buffer.</summary>
        public void Dispose() => buffer?.DangerousRelease();
    }
}
