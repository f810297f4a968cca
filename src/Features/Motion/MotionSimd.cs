using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VmafTiny.Features.Simd;

namespace VmafTiny.Features.Motion;

/// <summary>
/// The SIMD motion kernels, written once for every register width (<see cref="Simd256"/>: the "avx2" kernels,
/// <see cref="Simd512"/>: "avx512"): <see cref="MotionScalar"/>'s fused pipeline on whole registers (2n columns per
/// step for the 8-bit vertical pass, n otherwise), the columns after the last whole register through the scalar
/// helpers.
/// </summary>
/// <remarks>
/// <para>Same arithmetic as integer_motion.c: motion_score_pipeline_8/16 (libvmaf f85a8536), regrouped so that every
/// intermediate fits an int32 lane. The filter is symmetric (f0 = f4, f1 = f3, Σ = 65536), so a 5-tap sum over
/// x−2..x+2 equals 65536·x0 + f0·a + f1·b with the second differences a = x−2 + x2 − 2x0 and
/// b = x−1 + x1 − 2x0; and f1 = 4·4001 lets the floor division be split in two exact steps:
/// ⌊(f0·a + r + 4·4001·b) / 2^s⌋ = ⌊(⌊(f0·a + r) / 4⌋ + 4001·b) / 2^(s−2)⌋.</para>
/// <para>Ranges (|x| ≤ 65535, so |a|, |b| ≤ 262140): |f0·a + r| &lt; 2^30; after the first shift it is ≤ 234,033,677,
/// and |4001·b| ≤ 1,048,822,140, so the second sum stays below 2^31 (it does for |x| ≤ 65536 too; only samples above
/// the bit depth give a row value beyond that, and such a row is blurred in long by the scalar helper). The 8-bit
/// vertical pass needs none of this:
/// its differences fit int16 and its sum |Σ| ≤ 65536·255 fits vpmaddwd's int32.</para>
/// </remarks>
/// <typeparam name="TSimd">The register width.</typeparam>
/// <typeparam name="TVector">Its register type.</typeparam>
internal sealed class MotionSimd<TSimd, TVector> : IMotionKernels
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
{
    /// <summary>The one instance.</summary>
    public static readonly MotionSimd<TSimd, TVector> Instance = new();

    private const int Pad = MotionTables.FilterHalf;

    /// <summary>f0 (= f4) of <see cref="MotionTables.Filter"/>.</summary>
    private const int OuterTap = MotionTables.OuterTap;

    /// <summary>f1 / 4 (f1 = f3 = 16004 = 4·4001): the second step of the split floor division.</summary>
    private const int InnerTapQuarter = MotionTables.InnerTap / 4;

    /// <summary>
    /// <see cref="VerticalRow16"/>'s flag for a row value beyond ±65536, which only samples above the bit depth give
    /// (|y| ≤ 65535·2^(16−bpc)): the horizontal blur's regrouped int32 arithmetic (class remarks) needs |y| ≤ 65536,
    /// so such a row is blurred by <see cref="MotionScalar.HorizontalSad"/>, in long as libvmaf's C.
    /// </summary>
    private const int OutOfRange = 2;

    private MotionSimd()
    {
    }

    /// <summary>True when the CPU and runtime run this width.</summary>
    public static bool IsSupported => TSimd.IsSupported;

    /// <inheritdoc />
    public string Name => CpuDispatch.Name(TSimd.Path);

    /// <summary>Dword lanes per register.</summary>
    private static int Lanes => TSimd.Int32Count;

    /// <inheritdoc />
    /// <remarks>SIMD version of <see cref="MotionScalar.Pipeline8"/>.</remarks>
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
        int vectorEnd = width - (width % (2 * Lanes));
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            int any = VerticalRow8(previous, previousStride, current, currentStride, width, height, i, y, vectorEnd)
                | MotionScalar.VerticalRow8(previous, previousStride, current, currentStride, width, height, i, y, vectorEnd, width);

            // A row whose blurred difference is all zero adds nothing (libvmaf skips it too).
            if (any != 0)
            {
                sad += RowSad(y, width);
            }
        }

        return sad;
    }

    /// <inheritdoc />
    /// <remarks>SIMD version of <see cref="MotionScalar.Pipeline16"/>.</remarks>
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
        int vectorEnd = width - (width % Lanes);
        ulong sad = 0;
        for (int i = 0; i < height; i++)
        {
            int flags = VerticalRow16(previous, previousStride, current, currentStride, width, height, bitDepth, i, y, vectorEnd);
            int tail = MotionScalar.VerticalRow16(previous, previousStride, current, currentStride, width, height, bitDepth, i, y, vectorEnd, width);
            if ((flags | tail) == 0)
            {
                continue;
            }

            if ((flags & OutOfRange) != 0 || (tail != 0 && bitDepth < 16 && TailOutOfRange(y, vectorEnd, width)))
            {
                // Samples above the bit depth: the row's values exceed what RowSad's int32 lanes hold exactly.
                MotionScalar.MirrorEdges(y, width);
                sad += MotionScalar.HorizontalSad(y, 0, width);
            }
            else
            {
                sad += RowSad(y, width);
            }
        }

        return sad;
    }

    /// <summary>
    /// The vertical pass of 8-bit row <paramref name="row"/> over columns [0, <paramref name="end"/>), 2n at a time.
    /// </summary>
    /// <returns>Non-zero when any value written is.</returns>
    /// <remarks>SIMD version of <see cref="MotionScalar.VerticalRow8"/>; <paramref name="end"/> is a multiple of 2n.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VerticalRow8(ReadOnlySpan<byte> previous, int previousStride, ReadOnlySpan<byte> current, int currentStride, int width, int height, int row, Span<int> y, int end)
    {
        ReadOnlySpan<int> f = MotionTables.Filter;

        // vpmaddwd pairs: (s04, s13)·(f0, f1) and (d2, 1)·(f2, 128), the second carrying the rounding.
        TVector outerTaps = TSimd.CreatePair16((short)f[0], (short)f[1]);
        TVector centreTaps = TSimd.CreatePair16((short)f[2], 128);
        TVector one = TSimd.CreateInt16(1);
        int r0 = MotionScalar.Mirror(row - 2, height), r1 = MotionScalar.Mirror(row - 1, height);
        int r3 = MotionScalar.Mirror(row + 1, height), r4 = MotionScalar.Mirror(row + 2, height);
        ref byte p0 = ref RowOf(previous, r0, previousStride, width), p1 = ref RowOf(previous, r1, previousStride, width);
        ref byte p2 = ref RowOf(previous, row, previousStride, width), p3 = ref RowOf(previous, r3, previousStride, width);
        ref byte p4 = ref RowOf(previous, r4, previousStride, width);
        ref byte c0 = ref RowOf(current, r0, currentStride, width), c1 = ref RowOf(current, r1, currentStride, width);
        ref byte c2 = ref RowOf(current, row, currentStride, width), c3 = ref RowOf(current, r3, currentStride, width);
        ref byte c4 = ref RowOf(current, r4, currentStride, width);
        ref int yRow = ref MemoryMarshal.GetReference(y);

        // The row the next row adds to the window, a cache line per 64 columns (RowPrefetch): ahead of the stalls on
        // the window's new row, one stream of ten.
        bool hint = row + 3 < height;
        ref byte pNext = ref hint ? ref RowOf(previous, row + 3, previousStride, width) : ref p4;
        ref byte cNext = ref hint ? ref RowOf(current, row + 3, currentStride, width) : ref c4;
        TVector any = TSimd.Zero;
        for (int j = 0; j < end; j += 2 * Lanes)
        {
            if (hint && (j & 63) == 0)
            {
                RowPrefetch.Line(ref pNext, j);
                RowPrefetch.Line(ref cNext, j);
            }

            // prev − cur in int16 (|d| ≤ 255); the symmetric taps pair rows 0 with 4 and 1 with 3 (|s| ≤ 510).
            nuint x = (nuint)j;
            TVector d0 = TSimd.SubtractInt16(TSimd.LoadWidenUInt8ToInt16(ref p0, x), TSimd.LoadWidenUInt8ToInt16(ref c0, x));
            TVector d1 = TSimd.SubtractInt16(TSimd.LoadWidenUInt8ToInt16(ref p1, x), TSimd.LoadWidenUInt8ToInt16(ref c1, x));
            TVector d2 = TSimd.SubtractInt16(TSimd.LoadWidenUInt8ToInt16(ref p2, x), TSimd.LoadWidenUInt8ToInt16(ref c2, x));
            TVector d3 = TSimd.SubtractInt16(TSimd.LoadWidenUInt8ToInt16(ref p3, x), TSimd.LoadWidenUInt8ToInt16(ref c3, x));
            TVector d4 = TSimd.SubtractInt16(TSimd.LoadWidenUInt8ToInt16(ref p4, x), TSimd.LoadWidenUInt8ToInt16(ref c4, x));
            TVector s04 = TSimd.AddInt16(d0, d4);
            TVector s13 = TSimd.AddInt16(d1, d3);

            // Lanes: each 128-bit lane's columns 0-3 (low) and 4-7 (high); |Σ + 128| < 2^24.
            TVector low = TSimd.AddInt32(
                TSimd.MultiplyAddAdjacent(TSimd.UnpackLowInt16(s04, s13), outerTaps),
                TSimd.MultiplyAddAdjacent(TSimd.UnpackLowInt16(d2, one), centreTaps));
            TVector high = TSimd.AddInt32(
                TSimd.MultiplyAddAdjacent(TSimd.UnpackHighInt16(s04, s13), outerTaps),
                TSimd.MultiplyAddAdjacent(TSimd.UnpackHighInt16(d2, one), centreTaps));
            low = TSimd.ShiftRightArithmeticInt32(low, 8);
            high = TSimd.ShiftRightArithmeticInt32(high, 8);
            any = TSimd.Or(any, TSimd.Or(low, high));

            // Back to column order: the first n columns, then the next n.
            TSimd.Store(TSimd.InterleaveLanes128Lower(low, high), ref yRow, (nuint)(Pad + j));
            TSimd.Store(TSimd.InterleaveLanes128Upper(low, high), ref yRow, (nuint)(Pad + j + Lanes));
        }

        return TSimd.IsZero(any) ? 0 : 1;
    }

    /// <summary>
    /// The vertical pass of a 9..16-bit row over columns [0, <paramref name="end"/>), n at a time, in the
    /// second-difference form (class remarks): y = (d2 &lt;&lt; (16 − bpc)) + ⌊(⌊(f0·a + 2^(bpc−1)) / 4⌋ + 4001·b) / 2^(bpc−2)⌋.
    /// </summary>
    /// <returns>Non-zero when any value written is, with <see cref="OutOfRange"/> set when one is beyond ±65536.</returns>
    /// <remarks>SIMD version of <see cref="MotionScalar.VerticalRow16"/>; <paramref name="end"/> is a multiple of n.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int VerticalRow16(ReadOnlySpan<ushort> previous, int previousStride, ReadOnlySpan<ushort> current, int currentStride, int width, int height, int bitDepth, int row, Span<int> y, int end)
    {
        TVector outer = TSimd.CreateInt32(OuterTap);
        TVector inner = TSimd.CreateInt32(InnerTapQuarter);
        TVector round = TSimd.CreateInt32(1 << (bitDepth - 1));
        int up = 16 - bitDepth, down = bitDepth - 2;
        int r0 = MotionScalar.Mirror(row - 2, height), r1 = MotionScalar.Mirror(row - 1, height);
        int r3 = MotionScalar.Mirror(row + 1, height), r4 = MotionScalar.Mirror(row + 2, height);
        ref ushort p0 = ref RowOf(previous, r0, previousStride, width), p1 = ref RowOf(previous, r1, previousStride, width);
        ref ushort p2 = ref RowOf(previous, row, previousStride, width), p3 = ref RowOf(previous, r3, previousStride, width);
        ref ushort p4 = ref RowOf(previous, r4, previousStride, width);
        ref ushort c0 = ref RowOf(current, r0, currentStride, width), c1 = ref RowOf(current, r1, currentStride, width);
        ref ushort c2 = ref RowOf(current, row, currentStride, width), c3 = ref RowOf(current, r3, currentStride, width);
        ref ushort c4 = ref RowOf(current, r4, currentStride, width);
        ref int yRow = ref MemoryMarshal.GetReference(y);
        TVector any = TSimd.Zero;
        TVector magnitudes = TSimd.Zero;
        for (int j = 0; j < end; j += Lanes)
        {
            // |d| ≤ 65535 needs the int32 lanes.
            nuint x = (nuint)j;
            TVector d0 = TSimd.SubtractInt32(TSimd.Load16(ref p0, x), TSimd.Load16(ref c0, x));
            TVector d1 = TSimd.SubtractInt32(TSimd.Load16(ref p1, x), TSimd.Load16(ref c1, x));
            TVector d2 = TSimd.SubtractInt32(TSimd.Load16(ref p2, x), TSimd.Load16(ref c2, x));
            TVector d3 = TSimd.SubtractInt32(TSimd.Load16(ref p3, x), TSimd.Load16(ref c3, x));
            TVector d4 = TSimd.SubtractInt32(TSimd.Load16(ref p4, x), TSimd.Load16(ref c4, x));
            TVector twice = TSimd.AddInt32(d2, d2);
            TVector a = TSimd.SubtractInt32(TSimd.AddInt32(d0, d4), twice);
            TVector b = TSimd.SubtractInt32(TSimd.AddInt32(d1, d3), twice);
            TVector u = TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(a, outer), round), 2);
            TVector v = TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(u, TSimd.MultiplyLowInt32(b, inner)), down);
            TVector value = TSimd.AddInt32(TSimd.ShiftLeftInt32(d2, up), v);
            any = TSimd.Or(any, value);
            magnitudes = TSimd.Or(magnitudes, TSimd.Xor(value, TSimd.ShiftRightArithmeticInt32(value, 31)));
            TSimd.Store(value, ref yRow, (nuint)(Pad + j));
        }

        return (TSimd.IsZero(any) ? 0 : 1) | (TSimd.IsZero(TSimd.ShiftRightLogicalInt32(magnitudes, 16)) ? 0 : OutOfRange);
    }

    /// <summary>
    /// True when a value of columns [<paramref name="start"/>, <paramref name="end"/>) is beyond ±65536, as
    /// <see cref="VerticalRow16"/>'s <see cref="OutOfRange"/> flag tells for the columns before.
    /// </summary>
    private static bool TailOutOfRange(ReadOnlySpan<int> y, int start, int end)
    {
        foreach (int v in y[(Pad + start)..(Pad + end)])
        {
            if ((v ^ (v >> 31)) >> 16 != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Mirrors the row's aprons, then the horizontal blur and |·| of all columns, n at a time, the last width mod n
    /// through <see cref="MotionScalar.HorizontalSad"/>: val = x0 + ⌊(⌊(f0·a + 32768) / 4⌋ + 4001·b) / 2^14⌋.
    /// </summary>
    /// <returns>The row's SAD in uint32, as the scalar sum (lane sums wrap mod 2^32 like it).</returns>
    /// <remarks>
    /// SIMD version of <see cref="MotionScalar.HorizontalSad"/>. Column c lives at y[Pad + c], so the window of
    /// column j starts at y[j]; the aprons hold the mirror. The five windows of a register come from the register at
    /// j and the next one (<see cref="ISimd{TVector}.ShiftInInt32"/>), carried to the next step, instead of five
    /// unaligned loads, which nearly all split a cache line at 64 bytes, where the width prefers it (AVX-512); the
    /// last register or two, whose next one would read past the row's apron, and AVX2 load their windows.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint RowSad(Span<int> y, int width)
    {
        MotionScalar.MirrorEdges(y, width);
        var blur = new HorizontalBlur(TSimd.CreateInt32(OuterTap), TSimd.CreateInt32(InnerTapQuarter), TSimd.CreateInt32(32768));
        TVector sum = TSimd.Zero;
        int end = width - (width % Lanes);
        ref int w = ref MemoryMarshal.GetReference(y[..(width + (2 * Pad))]);
        int j = 0;
        if (TSimd.PrefersShiftInToLoads && end > 0)
        {
            // The next register, y[j + n .. j + 2n), must end inside width + 4.
            TVector current = TSimd.Load(ref w, 0);
            int stop = Math.Min(end, width + (2 * Pad) - (2 * Lanes) + 1);
            for (; j < stop; j += Lanes)
            {
                TVector next = TSimd.Load(ref w, (nuint)(j + Lanes));
                sum = TSimd.AddInt32(sum, blur.Apply(current, TSimd.ShiftInInt32(current, next, 1), TSimd.ShiftInInt32(current, next, 2), TSimd.ShiftInInt32(current, next, 3), TSimd.ShiftInInt32(current, next, 4)));
                current = next;
            }
        }

        for (; j < end; j += Lanes)
        {
            nuint x = (nuint)j;
            sum = TSimd.AddInt32(sum, blur.Apply(TSimd.Load(ref w, x), TSimd.Load(ref w, x + 1), TSimd.Load(ref w, x + 2), TSimd.Load(ref w, x + 3), TSimd.Load(ref w, x + 4)));
        }

        return unchecked((uint)TSimd.SumInt32(sum) + MotionScalar.HorizontalSad(y, end, width));
    }

    /// <summary>The first sample of row <paramref name="row"/> (its <paramref name="width"/> samples bounds-checked once).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T RowOf<T>(ReadOnlySpan<T> plane, int row, int stride, int width) =>
        ref MemoryMarshal.GetReference(plane.Slice(row * stride, width));

    /// <summary>The horizontal blur's |x0 + ⌊(⌊(f0·a + 32768) / 4⌋ + 4001·b) / 2^14⌋| of n columns from their five windows.</summary>
    private readonly struct HorizontalBlur(TVector outer, TVector inner, TVector round)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVector Apply(TVector left2, TVector left1, TVector centre, TVector right1, TVector right2)
        {
            TVector twice = TSimd.AddInt32(centre, centre);
            TVector a = TSimd.SubtractInt32(TSimd.AddInt32(left2, right2), twice);
            TVector b = TSimd.SubtractInt32(TSimd.AddInt32(left1, right1), twice);
            TVector u = TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(a, outer), round), 2);
            TVector v = TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(u, TSimd.MultiplyLowInt32(b, inner)), 14);
            return TSimd.AbsInt32(TSimd.AddInt32(centre, v));
        }
    }
}
