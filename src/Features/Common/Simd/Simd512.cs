using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Simd;

/// <summary>
/// The AVX-512 (F + BW) width of <see cref="ISimd{TVector}"/>: <c>Vector512&lt;int&gt;</c>, sixteen dword lanes.
/// .NET 10 has no 512-bit gather, so <see cref="GatherInt32"/> uses two AVX2 gathers (AVX2 is implied).
/// </summary>
internal readonly partial struct Simd512 : ISimd<Vector512<int>>
{
    /// <summary>Per qword lane: the low dword's bits.</summary>
    private static Vector512<int> LowDwords => Vector512.Create(0x0000_0000_FFFF_FFFFL).AsInt32();

    /// <inheritdoc />
    public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported && Avx2.IsSupported;

    /// <inheritdoc />
    public static CpuPath Path => CpuPath.Avx512;

    /// <inheritdoc />
    public static int Int32Count => 16;

    /// <inheritdoc />
    public static int RegisterCount => 32;

    /// <inheritdoc />
    public static Vector512<int> Zero => Vector512<int>.Zero;

    /// <inheritdoc />
    public static Vector512<int> AllBitsSet => Vector512<int>.AllBitsSet;

    /// <inheritdoc />
    public static Vector512<int> Int32Indices => Vector512<int>.Indices;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> CreateInt16(short value) => Vector512.Create(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> CreateInt32(int value) => Vector512.Create(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> CreateInt64(long value) => Vector512.Create(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> CreateDouble(double value) => Vector512.Create(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> CreatePair16(short low, short high) => Vector512.Create((ushort)low | (high << 16));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Load<T>(ref T source, nuint offset)
        where T : unmanaged =>
        Vector512.LoadUnsafe(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref source, offset))).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector512<int> value, ref T destination, nuint offset)
        where T : unmanaged =>
        value.AsByte().StoreUnsafe(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref destination, offset)));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> LoadWidenUInt8ToInt16(ref byte source, nuint offset) =>
        Avx512BW.ConvertToVector512UInt16(Vector256.LoadUnsafe(ref source, offset)).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> LoadWidenUInt8ToInt32(ref byte source, nuint offset) =>
        Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref source, offset));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Load16(ref ushort source, nuint offset) =>
        Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref source, offset));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Pair8(ref byte a, ref byte b)
    {
        Vector128<byte> ra = Vector128.LoadUnsafe(ref a);
        Vector128<byte> rb = Vector128.LoadUnsafe(ref b);

        // a0 b0 … a7 b7 | a8 b8 … a15 b15: column order, zero-extended to words.
        return Avx512BW.ConvertToVector512Int16(Sse2.UnpackLow(ra, rb).ToVector256Unsafe().WithUpper(Sse2.UnpackHigh(ra, rb))).AsInt32();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowInt32ToInt16(Vector512<int> value, ref ushort destination, nuint offset) =>
        Avx512F.ConvertToVector256UInt16(value.AsUInt32()).StoreUnsafe(ref destination, offset);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AddInt16(Vector512<int> a, Vector512<int> b) => (a.AsInt16() + b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AddInt32(Vector512<int> a, Vector512<int> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AddInt64(Vector512<int> a, Vector512<int> b) => (a.AsInt64() + b.AsInt64()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> SubtractInt16(Vector512<int> a, Vector512<int> b) => (a.AsInt16() - b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> SubtractInt32(Vector512<int> a, Vector512<int> b) => a - b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> SubtractInt64(Vector512<int> a, Vector512<int> b) => (a.AsInt64() - b.AsInt64()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyLowInt16(Vector512<int> a, Vector512<int> b) => Avx512BW.MultiplyLow(a.AsInt16(), b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyLowInt32(Vector512<int> a, Vector512<int> b) => Avx512F.MultiplyLow(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAddAdjacent(Vector512<int> a, Vector512<int> b) => Avx512BW.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16());

    /// <inheritdoc />
    /// <remarks>.NET 10 exposes no 512-bit <c>vpdpwssd</c> (AVX512-VNNI), so this is <c>vpmaddwd</c> then <c>vpaddd</c>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAddAdjacentAccumulate(Vector512<int> accumulator, Vector512<int> a, Vector512<int> b) =>
        Avx512F.Add(accumulator, Avx512BW.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyEvenUInt32(Vector512<int> a, Vector512<int> b) => Avx512F.Multiply(a.AsUInt32(), b.AsUInt32()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyEvenInt32(Vector512<int> a, Vector512<int> b) => Avx512F.Multiply(a, b).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MaxUInt16(Vector512<int> a, Vector512<int> b) => Avx512BW.Max(a.AsUInt16(), b.AsUInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MinUInt16(Vector512<int> a, Vector512<int> b) => Avx512BW.Min(a.AsUInt16(), b.AsUInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MaxInt32(Vector512<int> a, Vector512<int> b) => Avx512F.Max(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> GreaterThanInt32(Vector512<int> a, Vector512<int> b) => Vector512.GreaterThan(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> And(Vector512<int> a, Vector512<int> b) => a & b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AndNot(Vector512<int> value, Vector512<int> mask) => Vector512.AndNot(value, mask);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Or(Vector512<int> a, Vector512<int> b) => a | b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Xor(Vector512<int> a, Vector512<int> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftRightLogicalInt16(Vector512<int> value, int count) => (value.AsUInt16() >>> count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftLeftInt32(Vector512<int> value, int count) => value << count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftRightLogicalInt32(Vector512<int> value, int count) => value >>> count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftRightArithmeticInt32(Vector512<int> value, int count) => value >> count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftLeftInt64(Vector512<int> value, int count) => (value.AsInt64() << count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftRightLogicalInt64(Vector512<int> value, int count) => (value.AsInt64() >>> count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> UnpackLowInt16(Vector512<int> a, Vector512<int> b) => Avx512BW.UnpackLow(a.AsInt16(), b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> UnpackHighInt16(Vector512<int> a, Vector512<int> b) => Avx512BW.UnpackHigh(a.AsInt16(), b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> PackUnsignedSaturateInt32(Vector512<int> a, Vector512<int> b) => Avx512BW.PackUnsignedSaturate(a, b).AsInt32();

    /// <inheritdoc />
    /// <remarks>Per 128-bit lane L, <c>vpackusdw</c> leaves lower's words 4L..4L+3 in qword 2L and upper's in 2L + 1.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> PackUInt32ToUInt16(Vector512<int> lower, Vector512<int> upper) =>
        Avx512F.PermuteVar8x64(Avx512BW.PackUnsignedSaturate(lower, upper).AsInt64(), Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7)).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Odd(Vector512<int> value) => (value.AsUInt64() >>> 32).AsInt32();

    /// <inheritdoc />
    /// <remarks>True: one valignd instead of a 64-byte load, which splits a cache line unless aligned.</remarks>
    public static bool PrefersShiftInToLoads => true;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftInInt32(Vector512<int> lower, Vector512<int> upper, [ConstantExpected(Min = 1, Max = 4)] byte count) =>
        Avx512F.AlignRight32(upper, lower, count);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Join(Vector512<int> even, Vector512<int> odd) =>
        Vector512.ConditionalSelect(LowDwords, even, (odd.AsUInt64() << 32).AsInt32());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MulHiRound(Vector512<int> a, Vector512<int> b)
    {
        var round = Vector512.Create(1ul << 31);
        Vector512<ulong> even = Avx512F.Multiply(a.AsUInt32(), b.AsUInt32()) + round;
        Vector512<ulong> odd = Avx512F.Multiply(Odd(a).AsUInt32(), Odd(b).AsUInt32()) + round;

        // Even results sit in the high dword of their qword: move them down; odd results already sit high.
        return Vector512.ConditionalSelect(LowDwords, (even >>> 32).AsInt32(), odd.AsInt32());
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> NarrowInt64ToInt32(Vector512<int> lower, Vector512<int> upper) =>
        Avx512F.PermuteVar16x32x2(lower, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), upper);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> NarrowHighInt64ToInt32(Vector512<int> lower, Vector512<int> upper) =>
        Avx512F.PermuteVar16x32x2(lower, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), upper);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> WidenLowerInt32ToInt64(Vector512<int> value) => Avx512F.ConvertToVector512Int64(value.GetLower()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> WidenUpperInt32ToInt64(Vector512<int> value) => Avx512F.ConvertToVector512Int64(value.GetUpper()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ConvertLowerInt32ToDouble(Vector512<int> value) => Avx512F.ConvertToVector512Double(value.GetLower()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ConvertUpperInt32ToDouble(Vector512<int> value) => Avx512F.ConvertToVector512Double(value.GetUpper()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AddDouble(Vector512<int> a, Vector512<int> b) => Avx512F.Add(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> SubtractDouble(Vector512<int> a, Vector512<int> b) => Avx512F.Subtract(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyDouble(Vector512<int> a, Vector512<int> b) => Avx512F.Multiply(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> DivideDouble(Vector512<int> a, Vector512<int> b) => Avx512F.Divide(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MinDouble(Vector512<int> a, Vector512<int> b) => Avx512F.Min(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MaxDouble(Vector512<int> a, Vector512<int> b) => Avx512F.Max(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> RoundToZeroDouble(Vector512<int> value) =>
        Avx512F.RoundScale(value.AsDouble(), 0x0B).AsInt32();   // 0x0B: toward zero, no precision exception

    /// <inheritdoc />
    public static bool PrefersPermuteToGather => true;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> PermuteDouble2(Vector512<int> index, Vector512<int> low, Vector512<int> high) =>
        Avx512F.PermuteVar8x64x2(low.AsDouble(), index.AsInt64(), high.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> FusedMultiplyAddDouble(Vector512<int> a, Vector512<int> b, Vector512<int> c) =>
        Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ConvertToInt32TruncatingDouble(Vector512<int> lower, Vector512<int> upper) =>
        Avx512F.ConvertToVector256Int32WithTruncation(lower.AsDouble()).ToVector512Unsafe()
            .WithUpper(Avx512F.ConvertToVector256Int32WithTruncation(upper.AsDouble()));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<int> GatherInt32(int* table, Vector512<int> indices, [ConstantExpected(Min = 1, Max = 8)] byte scale) =>
        Avx2.GatherVector256(table, indices.GetLower(), scale).ToVector512Unsafe().WithUpper(Avx2.GatherVector256(table, indices.GetUpper(), scale));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint SumUInt32(Vector512<int> value) => Vector512.Sum(value.AsUInt32());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SumInt64(Vector512<int> value) => Vector512.Sum(value.AsInt64());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(Vector512<int> value) => value == Vector512<int>.Zero;
}
