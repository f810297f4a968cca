using System.Runtime.InteropServices;
using VmafTiny.IO;

namespace VmafTiny.Memory;

/// <summary>
/// A zeroed block of native memory for the frame buffers: on Linux an anonymous mapping on transparent huge pages, its
/// pages mapped at once; freed when disposed (or finalized). Not on the garbage collector's heap, whose budgets a few MB
/// of frame buffers on the pinned object heap exceeded, setting off a full, compacting collection early in every run
/// (about 4 ms of a 45 ms start on the project's VM).
/// </summary>
/// <remarks>
/// <para>Why huge pages: on the project's VM (a Firecracker guest) every 4 KiB page costs several microseconds the
/// first time it is written from user space and again the first time the kernel copies into it (a frame read), about
/// 9 us a page once populated (a C probe: 4 MiB populated, read into with pread and touched, 10.6 ms on 4 KiB pages
/// against 0.7 ms on 2 MiB pages). A mapping of 1 MiB or more is aligned to 2 MiB and advised MADV_HUGEPAGE before it
/// is populated; a smaller one, or where the kernel has no transparent huge pages, is 4 KiB pages, populated the same way.</para>
/// <para>A <see cref="SafeHandle"/>, so a user that may race with <see cref="SafeHandle.Dispose()"/> (a run cancelled
/// from another thread while a frame is read into the buffer) holds it with <see cref="SafeHandle.DangerousAddRef"/>
/// and <see cref="SafeHandle.DangerousRelease"/>: the memory is freed when the last holder lets go, never under one.</para>
/// </remarks>
internal sealed unsafe class NativeBuffer : SafeHandle
{
    /// <summary>The huge page size the mapping is aligned to.</summary>
    internal const long HugePage = 2 << 20;

    private const int HugePageAdvice = 14;   // MADV_HUGEPAGE

    private readonly void* _mapping;          // the whole mapping (Linux), or null (NativeMemory)
    private readonly nuint _mappingLength;

    /// <summary>Allocates <paramref name="length"/> zeroed bytes, 64-byte aligned (on Linux page aligned, 2 MiB from 1 MiB up).</summary>
    /// <exception cref="OutOfMemoryException">The memory is not there.</exception>
    public NativeBuffer(long length)
        : base(nint.Zero, ownsHandle: true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        if (OperatingSystem.IsLinux())
        {
            // Huge pages from 1 MiB (a smaller buffer would waste most of one): room to align the start to 2 MiB, and
            // the end rounded up to whole huge pages. Smaller: whole 4 KiB pages.
            bool huge = length >= HugePage / 2;
            long unit = huge ? HugePage : 4096;
            long rounded = (length + unit - 1) & ~(unit - 1);
            _mappingLength = (nuint)(huge ? rounded + HugePage : rounded);
            _mapping = Interop.Libc.Mmap(null, _mappingLength, Interop.Libc.ProtReadWrite, Interop.Libc.MapPrivateAnonymous, -1, 0);
            if ((nint)_mapping == -1)
            {
                _mapping = null;
                throw new OutOfMemoryException($"cannot map {length} bytes for frame buffers (mmap: error {Marshal.GetLastPInvokeError()})");
            }

            byte* start = huge ? (byte*)(((nuint)_mapping + (nuint)(HugePage - 1)) & ~(nuint)(HugePage - 1)) : (byte*)_mapping;
            if (huge)
            {
                Interop.Libc.Madvise(start, (nuint)rounded, HugePageAdvice);
            }

            SetHandle((nint)start);

            // Fresh anonymous memory is zero; map it now (huge pages if the kernel gave them), not a fault per page later.
            Pages.Populate(new Span<byte>(start, (int)Math.Min(rounded, int.MaxValue & ~(HugePage - 1))));
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
