using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Motion;

/// <summary>
/// The AVX2 motion kernels: <see cref="MotionScalar"/>'s fused pipeline on whole vectors (16 columns per step for
/// the 8-bit vertical pass, 8 otherwise), the columns after the last whole vector through the scalar helpers.
/// </summary>
/// <remarks>
/// <para>Same arithmetic as integer_motion.c: motion_score_pipeline_8/16 (libvmaf f85a8536), regrouped so that every
/// intermediate fits an int32 lane. The filter is symmetric (f0 = f4, f1 = f3, Σ = 65536), so a 5-tap sum over
/// x−2..x+2 equals 65536·x0 + f0·a + f1·b with the second differences a = x−2 + x2 − 2x0 and
/// b = x−1 + x1 − 2x0; and f1 = 4·4001 lets the floor division be split in two exact steps:
/// ⌊(f0·a + r + 4·4001·b) / 2^s⌋ = ⌊(⌊(f0·a + r) / 4⌋ + 4001·b) / 2^(s−2)⌋.</para>
/// <para>Ranges (|x| ≤ 65535, so |a|, |b| ≤ 262140): |f0·a + r| &lt; 2^30; after the first shift it is ≤ 234,033,677,
/// and |4001·b| ≤ 1,048,822,140, so the second sum stays below 2^31. The 8-bit vertical pass needs none of this:
/// its differences fit int16 and its sum |Σ| ≤ 65536·255 fits vpmaddwd's int32.</para>
/// </remarks>
internal sealed unsafe class MotionAvx2 : IMotionKernels
{
    /// <summary>The one instance.</summary>
    public static readonly MotionAvx2 Instance = new();

    private const int Pad = MotionTables.FilterHalf;

    private MotionAvx2()
    {
    }

    /// <summary>True when the CPU and runtime run AVX2.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc />
    public string Name => "avx2";

    /// <inheritdoc />
    /// <remarks>AVX2 version of <see cref="MotionScalar.Pipeline8"/>.</remarks>
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
        int vectorEnd = width & ~15;
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
    /// <remarks>AVX2 version of <see cref="MotionScalar.Pipeline16"/>.</remarks>
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
        int vectorEnd = width & ~7;
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
    /// The vertical pass of 8-bit row <paramref name="row"/> over columns [0, <paramref name="end"/>), 16 at a time.
    /// </summary>
    /// <returns>Non-zero when any value written is.</returns>
    /// <remarks>AVX2 version of <see cref="MotionScalar.VerticalRow8"/>; <paramref name="end"/> is a multiple of 16.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VerticalRow8(byte* previous, int previousStride, byte* current, int currentStride, int height, int row, int* y, int end)
    {
        Debug.Assert(end % 16 == 0, "whole vectors only");
        ReadOnlySpan<int> f = MotionTables.Filter;

        // vpmaddwd pairs: (s04, s13)·(f0, f1) and (d2, 1)·(f2, 128), the second carrying the rounding.
        Vector256<short> outerTaps = Vector256.Create(f[0] | (f[1] << 16)).AsInt16();
        Vector256<short> centreTaps = Vector256.Create(f[2] | (128 << 16)).AsInt16();
        Vector256<short> one = Vector256.Create((short)1);
        nint r0 = MotionScalar.Mirror(row - 2, height), r1 = MotionScalar.Mirror(row - 1, height);
        nint r3 = MotionScalar.Mirror(row + 1, height), r4 = MotionScalar.Mirror(row + 2, height);
        byte* p0 = previous + (r0 * previousStride), p1 = previous + (r1 * previousStride), p2 = previous + ((nint)row * previousStride);
        byte* p3 = previous + (r3 * previousStride), p4 = previous + (r4 * previousStride);
        byte* c0 = current + (r0 * currentStride), c1 = current + (r1 * currentStride), c2 = current + ((nint)row * currentStride);
        byte* c3 = current + (r3 * currentStride), c4 = current + (r4 * currentStride);
        Vector256<int> any = Vector256<int>.Zero;
        for (int j = 0; j < end; j += 16)
        {
            // prev − cur in int16 (|d| ≤ 255); the symmetric taps pair rows 0 with 4 and 1 with 3 (|s| ≤ 510).
            Vector256<short> d0 = Avx2.Subtract(Avx2.ConvertToVector256Int16(p0 + j), Avx2.ConvertToVector256Int16(c0 + j));
            Vector256<short> d1 = Avx2.Subtract(Avx2.ConvertToVector256Int16(p1 + j), Avx2.ConvertToVector256Int16(c1 + j));
            Vector256<short> d2 = Avx2.Subtract(Avx2.ConvertToVector256Int16(p2 + j), Avx2.ConvertToVector256Int16(c2 + j));
            Vector256<short> d3 = Avx2.Subtract(Avx2.ConvertToVector256Int16(p3 + j), Avx2.ConvertToVector256Int16(c3 + j));
            Vector256<short> d4 = Avx2.Subtract(Avx2.ConvertToVector256Int16(p4 + j), Avx2.ConvertToVector256Int16(c4 + j));
            Vector256<short> s04 = Avx2.Add(d0, d4);
            Vector256<short> s13 = Avx2.Add(d1, d3);

            // Lanes: columns 0 1 2 3 8 9 10 11 (low) and 4 5 6 7 12 13 14 15 (high); |Σ + 128| < 2^24.
            Vector256<int> low = Avx2.Add(
                Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(s04, s13), outerTaps),
                Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(d2, one), centreTaps));
            Vector256<int> high = Avx2.Add(
                Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(s04, s13), outerTaps),
                Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(d2, one), centreTaps));
            low = Avx2.ShiftRightArithmetic(low, 8);
            high = Avx2.ShiftRightArithmetic(high, 8);
            any = Avx2.Or(any, Avx2.Or(low, high));

            // Back to column order: 0..7 and 8..15.
            Avx.Store(y + j, Avx2.Permute2x128(low, high, 0x20));
            Avx.Store(y + j + 8, Avx2.Permute2x128(low, high, 0x31));
        }

        return any == Vector256<int>.Zero ? 0 : 1;
    }

    /// <summary>
    /// The vertical pass of a 9..16-bit row over columns [0, <paramref name="end"/>), 8 at a time, in the
    /// second-difference form (class remarks): y = (d2 &lt;&lt; (16 − bpc)) + ⌊(⌊(f0·a + 2^(bpc−1)) / 4⌋ + 4001·b) / 2^(bpc−2)⌋.
    /// </summary>
    /// <returns>Non-zero when any value written is.</returns>
    /// <remarks>AVX2 version of <see cref="MotionScalar.VerticalRow16"/>; <paramref name="end"/> is a multiple of 8.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VerticalRow16(ushort* previous, int previousStride, ushort* current, int currentStride, int height, int bitDepth, int row, int* y, int end)
    {
        Debug.Assert(end % 8 == 0, "whole vectors only");
        Vector256<int> outer = Vector256.Create(OuterTap);
        Vector256<int> inner = Vector256.Create(InnerTapQuarter);
        Vector256<int> round = Vector256.Create(1 << (bitDepth - 1));
        Vector128<int> up = Vector128.CreateScalar(16 - bitDepth);
        Vector128<int> down = Vector128.CreateScalar(bitDepth - 2);
        nint r0 = MotionScalar.Mirror(row - 2, height), r1 = MotionScalar.Mirror(row - 1, height);
        nint r3 = MotionScalar.Mirror(row + 1, height), r4 = MotionScalar.Mirror(row + 2, height);
        ushort* p0 = previous + (r0 * previousStride), p1 = previous + (r1 * previousStride), p2 = previous + ((nint)row * previousStride);
        ushort* p3 = previous + (r3 * previousStride), p4 = previous + (r4 * previousStride);
        ushort* c0 = current + (r0 * currentStride), c1 = current + (r1 * currentStride), c2 = current + ((nint)row * currentStride);
        ushort* c3 = current + (r3 * currentStride), c4 = current + (r4 * currentStride);
        Vector256<int> any = Vector256<int>.Zero;
        for (int j = 0; j < end; j += 8)
        {
            // |d| ≤ 65535 needs the int32 lanes.
            Vector256<int> d0 = Avx2.Subtract(Avx2.ConvertToVector256Int32(p0 + j), Avx2.ConvertToVector256Int32(c0 + j));
            Vector256<int> d1 = Avx2.Subtract(Avx2.ConvertToVector256Int32(p1 + j), Avx2.ConvertToVector256Int32(c1 + j));
            Vector256<int> d2 = Avx2.Subtract(Avx2.ConvertToVector256Int32(p2 + j), Avx2.ConvertToVector256Int32(c2 + j));
            Vector256<int> d3 = Avx2.Subtract(Avx2.ConvertToVector256Int32(p3 + j), Avx2.ConvertToVector256Int32(c3 + j));
            Vector256<int> d4 = Avx2.Subtract(Avx2.ConvertToVector256Int32(p4 + j), Avx2.ConvertToVector256Int32(c4 + j));
            Vector256<int> twice = Avx2.Add(d2, d2);
            Vector256<int> a = Avx2.Subtract(Avx2.Add(d0, d4), twice);
            Vector256<int> b = Avx2.Subtract(Avx2.Add(d1, d3), twice);
            Vector256<int> u = Avx2.ShiftRightArithmetic(Avx2.Add(Avx2.MultiplyLow(a, outer), round), 2);
            Vector256<int> v = Avx2.ShiftRightArithmetic(Avx2.Add(u, Avx2.MultiplyLow(b, inner)), down);
            Vector256<int> value = Avx2.Add(Avx2.ShiftLeftLogical(d2, up), v);
            any = Avx2.Or(any, value);
            Avx.Store(y + j, value);
        }

        return any == Vector256<int>.Zero ? 0 : 1;
    }

    /// <summary>
    /// Mirrors the row's aprons, then the horizontal blur and |·| of all columns, 8 at a time, the last width mod 8
    /// through <see cref="MotionScalar.HorizontalSad"/>: val = x0 + ⌊(⌊(f0·a + 32768) / 4⌋ + 4001·b) / 2^14⌋.
    /// </summary>
    /// <returns>The row's SAD in uint32, as the scalar sum (lane sums wrap mod 2^32 like it).</returns>
    /// <remarks>AVX2 version of <see cref="MotionScalar.HorizontalSad"/>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint RowSad(int* yBase, Span<int> y, int width)
    {
        MotionScalar.MirrorEdges(y, width);
        Vector256<int> outer = Vector256.Create(OuterTap);
        Vector256<int> inner = Vector256.Create(InnerTapQuarter);
        Vector256<int> round = Vector256.Create(32768);
        Vector256<int> sum = Vector256<int>.Zero;
        int end = width & ~7;

        // Column c lives at yBase[Pad + c], so the window of column j starts at yBase[j]; the aprons hold the mirror.
        for (int j = 0; j < end; j += 8)
        {
            int* w = yBase + j;
            Vector256<int> centre = Avx.LoadVector256(w + 2);
            Vector256<int> twice = Avx2.Add(centre, centre);
            Vector256<int> a = Avx2.Subtract(Avx2.Add(Avx.LoadVector256(w), Avx.LoadVector256(w + 4)), twice);
            Vector256<int> b = Avx2.Subtract(Avx2.Add(Avx.LoadVector256(w + 1), Avx.LoadVector256(w + 3)), twice);
            Vector256<int> u = Avx2.ShiftRightArithmetic(Avx2.Add(Avx2.MultiplyLow(a, outer), round), 2);
            Vector256<int> v = Avx2.ShiftRightArithmetic(Avx2.Add(u, Avx2.MultiplyLow(b, inner)), 14);
            sum = Avx2.Add(sum, Avx2.Abs(Avx2.Add(centre, v)).AsInt32());
        }

        return unchecked((uint)Vector256.Sum(sum) + MotionScalar.HorizontalSad(y, end, width));
    }

    /// <summary>f0 (= f4) of <see cref="MotionTables.Filter"/>.</summary>
    private static int OuterTap => MotionTables.Filter[0];

    /// <summary>f1 / 4 (f1 = f3 = 16004 = 4·4001): the second step of the split floor division.</summary>
    private static int InnerTapQuarter => MotionTables.Filter[1] / 4;
}
