using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features;

/// <summary>
/// Cache hints for the plane rows a kernel reads next. A frame's planes arrive through read(), whose copy leaves
/// them mostly outside the caches, and the kernels that first walk them (motion, then ADM's DWT) waited on those loads:
/// the hardware prefetcher follows a few streams, not a filter's five rows of two planes among the row buffers of the
/// other stages. Asking for the next row while this one is computed hides that wait.
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
}
