using System.Runtime.InteropServices;

namespace VmafTiny.Memory;

/// <summary>
/// A zeroed block of native memory, its pages mapped at once (<see cref="MappedArrays.Populate"/>), freed when disposed
/// (or finalized). For buffers that should not count against the garbage collector's budgets: a few MB of frame buffers
/// on the pinned object heap set off a full, compacting collection early in every run (about 4 ms of a 45 ms start on
/// the project's VM), where the same bytes here do not.
/// </summary>
/// <remarks>
/// A <see cref="SafeHandle"/>, so a user that may race with <see cref="SafeHandle.Dispose()"/> (a run cancelled from
/// another thread while a frame is read into the buffer) holds it with <see cref="SafeHandle.DangerousAddRef"/> and
/// <see cref="SafeHandle.DangerousRelease"/>: the memory is freed when the last holder lets go, never under one.
/// </remarks>
internal sealed unsafe class NativeBuffer : SafeHandle
{
    /// <summary>Allocates <paramref name="length"/> zeroed bytes, 64-byte aligned.</summary>
    /// <exception cref="OutOfMemoryException">The memory is not there.</exception>
    public NativeBuffer(long length)
        : base(nint.Zero, ownsHandle: true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        SetHandle((nint)NativeMemory.AlignedAlloc((nuint)length, 64));
        Length = length;
        var bytes = new Span<byte>((void*)handle, checked((int)Math.Min(length, int.MaxValue)));
        MappedArrays.Populate(bytes);
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

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
