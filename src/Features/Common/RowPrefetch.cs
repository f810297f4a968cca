using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features;

/// <summary>
/// Cache hints for the plane rows a kernel reads next. ADM's DWT, run one band row at a time between the band stages,
/// waits on its loads of the source rows (the hardware prefetcher loses those streams among the stages' own row
/// buffers); asking for the next band row's rows before the stages run takes 3-7 % off ADM's frame in an in-process
/// A/B (fresh or cached planes). A prefetch of motion's next rows all at once measured no faster; a line at a time as the
/// 8-bit vertical pass goes, of the one row new to the next row's window, it took its share of the samples 4.6 -> 4.2 %. VIF's
/// vertical passes read 17 (or 9, 5, 3) rows of both planes side by side, 34 streams, and waited on the one row new to
/// each output row (the rest were read for the rows before); they hint that row of the next output row a cache line
/// at a time as they go (<see cref="Line(ref byte, nint)"/>).
/// </summary>
/// <remarks>
/// A hint only (<c>prefetcht0</c>): it reads nothing and cannot fault, and a plane whose array the GC moves meanwhile
/// just gets a useless hint. Without SSE (<c>DOTNET_EnableHWIntrinsic=0</c>) it does nothing. Results never depend on it.
/// </remarks>
internal static class RowPrefetch
{
    /// <summary>Hints the <paramref name="bytes"/> bytes at <paramref name="row"/> · <paramref name="strideBytes"/> of <paramref name="plane"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Row(ReadOnlySpan<byte> plane, int row, int strideBytes, int bytes)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        ref byte start = ref MemoryMarshal.GetReference(plane.Slice(row * strideBytes, bytes));
        for (int x = 0; x < bytes; x += 64)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref start, x)));
        }
    }

    /// <summary>Hints the cache line holding byte <paramref name="offset"/> of <paramref name="plane"/> (no bounds: a hint cannot fault).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line(ref byte plane, nint offset)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref plane, offset)));
        }
    }

    /// <summary>Hints the cache line holding sample <paramref name="index"/> of a 16-bit <paramref name="plane"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Line(ref ushort plane, nint index) => Line(ref Unsafe.As<ushort, byte>(ref plane), 2 * index);
}
