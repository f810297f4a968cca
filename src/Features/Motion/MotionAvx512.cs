using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Motion;

/// <summary>
/// The AVX-512 (F + BW) motion kernels: <see cref="MotionAvx2"/>'s arithmetic on 512-bit vectors (32 columns per
/// step for the 8-bit vertical pass, 16 otherwise), the columns after the last whole vector through the scalar helpers.
/// </summary>
/// <remarks>
/// Same arithmetic as integer_motion.c: motion_score_pipeline_8/16 (libvmaf f85a8536), regrouped as described on
/// <see cref="MotionAvx2"/> (second differences and the split floor division keep every intermediate in int32).
/// </remarks>
internal sealed unsafe class MotionAvx512 : IMotionKernels
{
    /// <summary>The one instance.</summary>
    public static readonly MotionAvx512 Instance = new();

    private const int Pad = MotionTables.FilterHalf;

    private MotionAvx512()
    {
    }

    /// <summary>True when the CPU and runtime run AVX-512 F and BW (as <see cref="CpuDispatch.IsSupported"/> asks).</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported;

    /// <inheritdoc />
    public string Name => "avx512";

    /// <inheritdoc />
    /// <remarks>AVX-512 version of <see cref="MotionScalar.Pipeline8"/>.</remarks>
    public ulong Pipeline8(
        ReadOnlySpan<byte> previous,
        int previousStride,
        ReadOnlySpan<byte> current,
        int currentStride,
        int width,
        int height,
        Span<int> rowBuffer)
    {
        MotionScalar.CheckInput(previous.Length, previousStride, current.Length, currentStride, width, height, rowBuffer.Length);
        Span<int> y = rowBuffer.Slice(0, width + (2 * Pad));
        int vectorEnd = width & ~31;
        ulong sad = 0;
        fixed (byte* prev = previous, cur = current)
        fixed (int* yBase = y)
        {
            for (int i = 0; i < height; i++)
            {
                int any = VerticalRow8(prev, previousStride, cur, currentStride, height, i, yBase + Pad, vectorEnd)
                    | MotionScalar.VerticalRow8(previous, previousStride, current, currentStride, width, height, i, y, vectorEnd, width);

                // A row whose blurred difference is all zero adds nothing (libvmaf skips it too).
                if (any != 0)
                {
                    sad += RowSad(yBase, y, width);
                }
            }
        }

        return sad;
    }

    /// <inheritdoc />
    /// <remarks>AVX-512 version of <see cref="MotionScalar.Pipeline16"/>.</remarks>
    public ulong Pipeline16(
        ReadOnlySpan<ushort> previous,
        int previousStride,
        ReadOnlySpan<ushort> current,
        int currentStride,
        int width,
        int height,
        int bitDepth,
        Span<int> rowBuffer)
    {
        MotionScalar.CheckInput(previous.Length, previousStride, current.Length, currentStride, width, height, rowBuffer.Length);
        Span<int> y = rowBuffer.Slice(0, width + (2 * Pad));
        int vectorEnd = width & ~15;
        ulong sad = 0;
        fixed (ushort* prev = previous, cur = current)
        fixed (int* yBase = y)
        {
            for (int i = 0; i < height; i++)
            {
                int any = VerticalRow16(prev, previousStride, cur, currentStride, height, bitDepth, i, yBase + Pad, vectorEnd)
                    | MotionScalar.VerticalRow16(previous, previousStride, current, currentStride, width, height, bitDepth, i, y, vectorEnd, width);
                if (any != 0)
                {
                    sad += RowSad(yBase, y, width);
                }
            }
        }

        return sad;
    }

    /// <summary>
    /// The vertical pass of 8-bit row <paramref name="row"/> over columns [0, <paramref name="end"/>), 32 at a time.
    /// </summary>
    /// <returns>Non-zero when any value written is.</returns>
    /// <remarks>AVX-512 version of <see cref="MotionScalar.VerticalRow8"/>; <paramref name="end"/> is a multiple of 32.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VerticalRow8(byte* previous, int previousStride, byte* current, int currentStride, int height, int row, int* y, int end)
    {
        Debug.Assert(end % 32 == 0, "whole vectors only");
        ReadOnlySpan<int> f = MotionTables.Filter;

        // vpmaddwd pairs: (s04, s13)·(f0, f1) and (d2, 1)·(f2, 128), the second carrying the rounding.
        Vector512<short> outerTaps = Vector512.Create(f[0] | (f[1] << 16)).AsInt16();
        Vector512<short> centreTaps = Vector512.Create(f[2] | (128 << 16)).AsInt16();
        Vector512<short> one = Vector512.Create((short)1);

        // vpermt2q selectors that undo the in-lane unpacks: qword pairs of low hold columns 0-3 8-11 16-19 24-27,
        // those of high (indices 8-15) 4-7 12-15 20-23 28-31.
        Vector512<long> firstHalf = Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11);
        Vector512<long> secondHalf = Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15);
        nint r0 = MotionScalar.Mirror(row - 2, height), r1 = MotionScalar.Mirror(row - 1, height);
        nint r3 = MotionScalar.Mirror(row + 1, height), r4 = MotionScalar.Mirror(row + 2, height);
        byte* p0 = previous + (r0 * previousStride), p1 = previous + (r1 * previousStride), p2 = previous + ((nint)row * previousStride);
        byte* p3 = previous + (r3 * previousStride), p4 = previous + (r4 * previousStride);
        byte* c0 = current + (r0 * currentStride), c1 = current + (r1 * currentStride), c2 = current + ((nint)row * currentStride);
        byte* c3 = current + (r3 * currentStride), c4 = current + (r4 * currentStride);
        Vector512<int> any = Vector512<int>.Zero;
        for (int j = 0; j < end; j += 32)
        {
            // prev − cur in int16 (|d| ≤ 255); the symmetric taps pair rows 0 with 4 and 1 with 3 (|s| ≤ 510).
            Vector512<short> d0 = Avx512BW.Subtract(Widen(p0 + j), Widen(c0 + j));
            Vector512<short> d1 = Avx512BW.Subtract(Widen(p1 + j), Widen(c1 + j));
            Vector512<short> d2 = Avx512BW.Subtract(Widen(p2 + j), Widen(c2 + j));
            Vector512<short> d3 = Avx512BW.Subtract(Widen(p3 + j), Widen(c3 + j));
            Vector512<short> d4 = Avx512BW.Subtract(Widen(p4 + j), Widen(c4 + j));
            Vector512<short> s04 = Avx512BW.Add(d0, d4);
            Vector512<short> s13 = Avx512BW.Add(d1, d3);

            // Lanes: columns 0-3 8-11 16-19 24-27 (low) and 4-7 12-15 20-23 28-31 (high); |Σ + 128| < 2^24.
            Vector512<int> low = Avx512F.Add(
                Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackLow(s04, s13), outerTaps),
                Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackLow(d2, one), centreTaps));
            Vector512<int> high = Avx512F.Add(
                Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackHigh(s04, s13), outerTaps),
                Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackHigh(d2, one), centreTaps));
            low = Avx512F.ShiftRightArithmetic(low, 8);
            high = Avx512F.ShiftRightArithmetic(high, 8);
            any = Avx512F.Or(any, Avx512F.Or(low, high));

            // Back to column order: 0..15 and 16..31.
            Avx512F.Store(y + j, Avx512F.PermuteVar8x64x2(low.AsInt64(), firstHalf, high.AsInt64()).AsInt32());
            Avx512F.Store(y + j + 16, Avx512F.PermuteVar8x64x2(low.AsInt64(), secondHalf, high.AsInt64()).AsInt32());
        }

        return any == Vector512<int>.Zero ? 0 : 1;
    }

    /// <summary>
    /// The vertical pass of a 9..16-bit row over columns [0, <paramref name="end"/>), 16 at a time, in the
    /// second-difference form: y = (d2 &lt;&lt; (16 − bpc)) + ⌊(⌊(f0·a + 2^(bpc−1)) / 4⌋ + 4001·b) / 2^(bpc−2)⌋.
    /// </summary>
    /// <returns>Non-zero when any value written is.</returns>
    /// <remarks>AVX-512 version of <see cref="MotionScalar.VerticalRow16"/>; <paramref name="end"/> is a multiple of 16.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VerticalRow16(ushort* previous, int previousStride, ushort* current, int currentStride, int height, int bitDepth, int row, int* y, int end)
    {
        Debug.Assert(end % 16 == 0, "whole vectors only");
        Vector512<int> outer = Vector512.Create(OuterTap);
        Vector512<int> inner = Vector512.Create(InnerTapQuarter);
        Vector512<int> round = Vector512.Create(1 << (bitDepth - 1));
        Vector128<int> up = Vector128.CreateScalar(16 - bitDepth);
        Vector128<int> down = Vector128.CreateScalar(bitDepth - 2);
        nint r0 = MotionScalar.Mirror(row - 2, height), r1 = MotionScalar.Mirror(row - 1, height);
        nint r3 = MotionScalar.Mirror(row + 1, height), r4 = MotionScalar.Mirror(row + 2, height);
        ushort* p0 = previous + (r0 * previousStride), p1 = previous + (r1 * previousStride), p2 = previous + ((nint)row * previousStride);
        ushort* p3 = previous + (r3 * previousStride), p4 = previous + (r4 * previousStride);
        ushort* c0 = current + (r0 * currentStride), c1 = current + (r1 * currentStride), c2 = current + ((nint)row * currentStride);
        ushort* c3 = current + (r3 * currentStride), c4 = current + (r4 * currentStride);
        Vector512<int> any = Vector512<int>.Zero;
        for (int j = 0; j < end; j += 16)
        {
            // |d| ≤ 65535 needs the int32 lanes.
            Vector512<int> d0 = Avx512F.Subtract(Widen(p0 + j), Widen(c0 + j));
            Vector512<int> d1 = Avx512F.Subtract(Widen(p1 + j), Widen(c1 + j));
            Vector512<int> d2 = Avx512F.Subtract(Widen(p2 + j), Widen(c2 + j));
            Vector512<int> d3 = Avx512F.Subtract(Widen(p3 + j), Widen(c3 + j));
            Vector512<int> d4 = Avx512F.Subtract(Widen(p4 + j), Widen(c4 + j));
            Vector512<int> twice = Avx512F.Add(d2, d2);
            Vector512<int> a = Avx512F.Subtract(Avx512F.Add(d0, d4), twice);
            Vector512<int> b = Avx512F.Subtract(Avx512F.Add(d1, d3), twice);
            Vector512<int> u = Avx512F.ShiftRightArithmetic(Avx512F.Add(Avx512F.MultiplyLow(a, outer), round), 2);
            Vector512<int> v = Avx512F.ShiftRightArithmetic(Avx512F.Add(u, Avx512F.MultiplyLow(b, inner)), down);
            Vector512<int> value = Avx512F.Add(Avx512F.ShiftLeftLogical(d2, up), v);
            any = Avx512F.Or(any, value);
            Avx512F.Store(y + j, value);
        }

        return any == Vector512<int>.Zero ? 0 : 1;
    }

    /// <summary>
    /// Mirrors the row's aprons, then the horizontal blur and |·| of all columns, 16 at a time, the last width mod 16
    /// through <see cref="MotionScalar.HorizontalSad"/>: val = x0 + ⌊(⌊(f0·a + 32768) / 4⌋ + 4001·b) / 2^14⌋.
    /// </summary>
    /// <returns>The row's SAD in uint32, as the scalar sum (lane sums wrap mod 2^32 like it).</returns>
    /// <remarks>AVX-512 version of <see cref="MotionScalar.HorizontalSad"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint RowSad(int* yBase, Span<int> y, int width)
    {
        MotionScalar.MirrorEdges(y, width);
        Vector512<int> outer = Vector512.Create(OuterTap);
        Vector512<int> inner = Vector512.Create(InnerTapQuarter);
        Vector512<int> round = Vector512.Create(32768);
        Vector512<int> sum = Vector512<int>.Zero;
        int end = width & ~15;

        // Column c lives at yBase[Pad + c], so the window of column j starts at yBase[j]; the aprons hold the mirror.
        for (int j = 0; j < end; j += 16)
        {
            int* w = yBase + j;
            Vector512<int> centre = Avx512F.LoadVector512(w + 2);
            Vector512<int> twice = Avx512F.Add(centre, centre);
            Vector512<int> a = Avx512F.Subtract(Avx512F.Add(Avx512F.LoadVector512(w), Avx512F.LoadVector512(w + 4)), twice);
            Vector512<int> b = Avx512F.Subtract(Avx512F.Add(Avx512F.LoadVector512(w + 1), Avx512F.LoadVector512(w + 3)), twice);
            Vector512<int> u = Avx512F.ShiftRightArithmetic(Avx512F.Add(Avx512F.MultiplyLow(a, outer), round), 2);
            Vector512<int> v = Avx512F.ShiftRightArithmetic(Avx512F.Add(u, Avx512F.MultiplyLow(b, inner)), 14);
            sum = Avx512F.Add(sum, Avx512F.Abs(Avx512F.Add(centre, v)).AsInt32());
        }

        return unchecked((uint)Vector512.Sum(sum) + MotionScalar.HorizontalSad(y, end, width));
    }

    /// <summary>32 bytes zero-extended to int16 (vpmovzxbw, its load folded in: AVX-512 has no pointer overload).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Widen(byte* p) => Avx512BW.ConvertToVector512Int16(Avx.LoadVector256(p));

    /// <summary>16 ushorts zero-extended to int32 (vpmovzxwd, its load folded in).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Widen(ushort* p) => Avx512F.ConvertToVector512Int32(Avx.LoadVector256(p));

    /// <summary>f0 (= f4) of <see cref="MotionTables.Filter"/>.</summary>
    private static int OuterTap => MotionTables.Filter[0];

    /// <summary>f1 / 4 (f1 = f3 = 16004 = 4·4001): the second step of the split floor division.</summary>
    private static int InnerTapQuarter => MotionTables.Filter[1] / 4;
}
