using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Simd;

/// <summary>
/// The AVX2 width of <see cref="ISimd{TVector}"/>: <c>Vector256&lt;int&gt;</c>, eight dword lanes; <see cref="Simd256"/>
/// (<c>vpmaddwd</c> then <c>vpaddd</c>) or <see cref="Simd256Vnni"/> (AVX-VNNI's <c>vpdpwssd</c>) by
/// <typeparamref name="TDot"/>.
/// </summary>
/// <remarks>
/// Why a type argument and not a test of <c>AvxVnni.IsSupported</c> in <see cref="MultiplyAddAdjacentAccumulate"/>: the JIT
/// folds that test, but NativeAOT's builds (x86-64-v3 and v4, neither of which includes AVX-VNNI) test it at run time at
/// every call, inside the filter loops, where the two arms made the register allocator spill the accumulators (the native
/// binary's <c>--cpu avx2</c> run was 3.6 s against 2.6 for the JIT-compiled CLI). A type argument is a constant to both
/// compilers; the kernels choose the flavour once (<see cref="Simd256Vnni"/> only where <see cref="IsSupported"/> says so).
/// </remarks>
/// <typeparam name="TDot">How a word-pair dot product is added: <see cref="MaddThenAdd"/> or <see cref="Vpdpwssd"/>.</typeparam>
internal readonly partial struct Simd256Of<TDot> : ISimd<Vector256<int>>
    where TDot : struct, IDotFlavour
{
    /// <inheritdoc />
    public static bool IsSupported => Avx2.IsSupported && (typeof(TDot) != typeof(Vpdpwssd) || AvxVnni.IsSupported);

    /// <inheritdoc />
    public static CpuPath Path => CpuPath.Avx2;

    /// <inheritdoc />
    public static int Int32Count => 8;

    /// <inheritdoc />
    public static int RegisterCount => Avx512F.IsSupported ? 32 : 16;

    /// <inheritdoc />
    public static Vector256<int> Zero => Vector256<int>.Zero;

    /// <inheritdoc />
    public static Vector256<int> AllBitsSet => Vector256<int>.AllBitsSet;

    /// <inheritdoc />
    public static Vector256<int> Int32Indices => Vector256<int>.Indices;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> CreateInt16(short value) => Vector256.Create(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> CreateInt32(int value) => Vector256.Create(value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> CreateInt64(long value) => Vector256.Create(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> CreateDouble(double value) => Vector256.Create(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> CreatePair16(short low, short high) => Vector256.Create((ushort)low | (high << 16));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Load<T>(ref T source, nuint offset)
        where T : unmanaged =>
        Vector256.LoadUnsafe(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref source, offset))).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector256<int> value, ref T destination, nuint offset)
        where T : unmanaged =>
        value.AsByte().StoreUnsafe(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref destination, offset)));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> LoadWidenUInt8ToInt16(ref byte source, nuint offset) =>
        Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref source, offset)).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> LoadWidenUInt8ToInt32(ref byte source, nuint offset) =>
        Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, offset))).AsByte());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Load16(ref ushort source, nuint offset) =>
        Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, offset));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Pair8(ref byte a, ref byte b)
    {
        Vector128<byte> ra = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref a)).AsByte();
        Vector128<byte> rb = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref b)).AsByte();

        // Bytes a0 b0 a1 b1 … a7 b7, zero-extended to words: dwords in column order.
        return Avx2.ConvertToVector256Int16(Sse2.UnpackLow(ra, rb)).AsInt32();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowInt32ToInt16(Vector256<int> value, ref ushort destination, nuint offset)
    {
        // Low words of each 128-bit lane to its low 8 bytes (bytes 0 1 4 5 8 9 12 13), then qwords 0 and 2 together.
        var lowWords = Vector256.Create(
            (byte)0, 1, 4, 5, 8, 9, 12, 13, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
            0, 1, 4, 5, 8, 9, 12, 13, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
        Vector256<byte> packed = Avx2.Shuffle(value.AsByte(), lowWords);
        Avx2.Permute4x64(packed.AsInt64(), 0b11_01_10_00).GetLower().AsUInt16().StoreUnsafe(ref destination, offset);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AddInt16(Vector256<int> a, Vector256<int> b) => (a.AsInt16() + b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AddInt32(Vector256<int> a, Vector256<int> b) => a + b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AddInt64(Vector256<int> a, Vector256<int> b) => (a.AsInt64() + b.AsInt64()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> SubtractInt16(Vector256<int> a, Vector256<int> b) => (a.AsInt16() - b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> SubtractInt32(Vector256<int> a, Vector256<int> b) => a - b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> SubtractInt64(Vector256<int> a, Vector256<int> b) => (a.AsInt64() - b.AsInt64()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyLowInt16(Vector256<int> a, Vector256<int> b) => Avx2.MultiplyLow(a.AsInt16(), b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyLowInt32(Vector256<int> a, Vector256<int> b) => Avx2.MultiplyLow(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAddAdjacent(Vector256<int> a, Vector256<int> b) => Avx2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16());

    /// <inheritdoc />
    /// <remarks>
    /// <c>vpdpwssd</c> (AVX-VNNI, VEX-encoded, 256-bit) adds both products to the dword and keeps its low 32 bits, so it
    /// equals <c>vpmaddwd</c> then <c>vpaddd</c> exactly, including <c>vpmaddwd</c>'s one wrapping case.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAddAdjacentAccumulate(Vector256<int> accumulator, Vector256<int> a, Vector256<int> b) =>
        typeof(TDot) == typeof(Vpdpwssd)
            ? AvxVnni.MultiplyWideningAndAdd(accumulator, a.AsInt16(), b.AsInt16())
            : Avx2.Add(accumulator, Avx2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyEvenUInt32(Vector256<int> a, Vector256<int> b) => Avx2.Multiply(a.AsUInt32(), b.AsUInt32()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyEvenInt32(Vector256<int> a, Vector256<int> b) => Avx2.Multiply(a, b).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MaxUInt16(Vector256<int> a, Vector256<int> b) => Avx2.Max(a.AsUInt16(), b.AsUInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MinUInt16(Vector256<int> a, Vector256<int> b) => Avx2.Min(a.AsUInt16(), b.AsUInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MaxInt32(Vector256<int> a, Vector256<int> b) => Avx2.Max(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> GreaterThanInt32(Vector256<int> a, Vector256<int> b) => Avx2.CompareGreaterThan(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> And(Vector256<int> a, Vector256<int> b) => a & b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AndNot(Vector256<int> value, Vector256<int> mask) => Vector256.AndNot(value, mask);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Or(Vector256<int> a, Vector256<int> b) => a | b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Xor(Vector256<int> a, Vector256<int> b) => a ^ b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftRightLogicalInt16(Vector256<int> value, int count) => (value.AsUInt16() >>> count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftLeftInt32(Vector256<int> value, int count) => value << count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftRightLogicalInt32(Vector256<int> value, int count) => value >>> count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftRightArithmeticInt32(Vector256<int> value, int count) => value >> count;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftLeftInt64(Vector256<int> value, int count) => (value.AsInt64() << count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftRightLogicalInt64(Vector256<int> value, int count) => (value.AsInt64() >>> count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> UnpackLowInt16(Vector256<int> a, Vector256<int> b) => Avx2.UnpackLow(a.AsInt16(), b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> UnpackHighInt16(Vector256<int> a, Vector256<int> b) => Avx2.UnpackHigh(a.AsInt16(), b.AsInt16()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> PackUnsignedSaturateInt32(Vector256<int> a, Vector256<int> b) => Avx2.PackUnsignedSaturate(a, b).AsInt32();

    /// <inheritdoc />
    /// <remarks><c>vpackusdw</c> gives lower 0-3, upper 0-3, lower 4-7, upper 4-7 (qwords); the permute swaps the middle two.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> PackUInt32ToUInt16(Vector256<int> lower, Vector256<int> upper) =>
        Avx2.Permute4x64(Avx2.PackUnsignedSaturate(lower, upper).AsInt64(), 0b11_01_10_00).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Odd(Vector256<int> value) => (value.AsUInt64() >>> 32).AsInt32();

    /// <inheritdoc />
    /// <remarks>False: vperm2i128 + vpalignr cost more than a 32-byte load (motion frame avx2 0.69 -> 0.82 ms with them).</remarks>
    public static bool PrefersShiftInToLoads => false;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftInInt32(Vector256<int> lower, Vector256<int> upper, [ConstantExpected(Min = 1, Max = 4)] byte count)
    {
        // The middle: lower's upper 128 bits, then upper's lower 128 bits (dwords 4..11 of the concatenation).
        Vector256<int> middle = Avx2.Permute2x128(lower, upper, 0x21);
        return count switch
        {
            1 => Avx2.AlignRight(middle.AsByte(), lower.AsByte(), 4).AsInt32(),
            2 => Avx2.AlignRight(middle.AsByte(), lower.AsByte(), 8).AsInt32(),
            3 => Avx2.AlignRight(middle.AsByte(), lower.AsByte(), 12).AsInt32(),
            _ => middle,
        };
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Join(Vector256<int> even, Vector256<int> odd) =>
        Avx2.Blend(even, (odd.AsUInt64() << 32).AsInt32(), 0b1010_1010);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MulHiRound(Vector256<int> a, Vector256<int> b)
    {
        var round = Vector256.Create(1ul << 31);
        Vector256<ulong> even = Avx2.Multiply(a.AsUInt32(), b.AsUInt32()) + round;
        Vector256<ulong> odd = Avx2.Multiply(Odd(a).AsUInt32(), Odd(b).AsUInt32()) + round;

        // Even results sit in the high dword of their qword: move them down; odd results already sit high.
        return Avx2.Blend((even >>> 32).AsInt32(), odd.AsInt32(), 0b1010_1010);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> NarrowInt64ToInt32(Vector256<int> lower, Vector256<int> upper)
    {
        // vshufps takes dwords 0 and 2 of each 128-bit lane from each: l0 l1 u0 u1 | l2 l3 u2 u3 (qword indices);
        // the qword permute restores l0 l1 l2 l3 u0 u1 u2 u3.
        Vector256<float> packed = Avx.Shuffle(lower.AsSingle(), upper.AsSingle(), 0b10_00_10_00);
        return Avx2.Permute4x64(packed.AsDouble(), 0b11_01_10_00).AsInt32();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> NarrowHighInt64ToInt32(Vector256<int> lower, Vector256<int> upper)
    {
        // As NarrowInt64ToInt32, with dwords 1 and 3 of each 128-bit lane.
        Vector256<float> packed = Avx.Shuffle(lower.AsSingle(), upper.AsSingle(), 0b11_01_11_01);
        return Avx2.Permute4x64(packed.AsDouble(), 0b11_01_10_00).AsInt32();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> WidenLowerInt32ToInt64(Vector256<int> value) => Avx2.ConvertToVector256Int64(value.GetLower()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> WidenUpperInt32ToInt64(Vector256<int> value) => Avx2.ConvertToVector256Int64(value.GetUpper()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ConvertLowerInt32ToDouble(Vector256<int> value) => Avx.ConvertToVector256Double(value.GetLower()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ConvertUpperInt32ToDouble(Vector256<int> value) => Avx.ConvertToVector256Double(value.GetUpper()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AddDouble(Vector256<int> a, Vector256<int> b) => Avx.Add(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> SubtractDouble(Vector256<int> a, Vector256<int> b) => Avx.Subtract(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyDouble(Vector256<int> a, Vector256<int> b) => Avx.Multiply(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> DivideDouble(Vector256<int> a, Vector256<int> b) => Avx.Divide(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MinDouble(Vector256<int> a, Vector256<int> b) => Avx.Min(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MaxDouble(Vector256<int> a, Vector256<int> b) => Avx.Max(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> RoundToZeroDouble(Vector256<int> value) => Avx.RoundToZero(value.AsDouble()).AsInt32();

    /// <inheritdoc />
    /// <remarks>False: a ymm <c>vpgatherdd</c> beats the two-<c>vpermd</c> emulation of <see cref="PermuteDouble2"/> and a longer polynomial.</remarks>
    public static bool PrefersPermuteToGather => false;

    /// <inheritdoc />
    /// <remarks>AVX2 has no variable double permute: each table register is permuted as dwords (<c>vpermd</c>, qword j's
    /// dwords 2j and 2j + 1) and bit 2 of the index picks the register.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> PermuteDouble2(Vector256<int> index, Vector256<int> low, Vector256<int> high)
    {
        Vector256<long> twice = (index.AsInt64() & Vector256.Create(3L)) << 1;
        Vector256<int> dwords = (twice + (twice << 32) + Vector256.Create(1L << 32)).AsInt32();
        Vector256<long> upper = Vector256.Equals(index.AsInt64() & Vector256.Create(4L), Vector256.Create(4L));
        return Vector256.ConditionalSelect(upper, Avx2.PermuteVar8x32(high, dwords).AsInt64(), Avx2.PermuteVar8x32(low, dwords).AsInt64()).AsInt32();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> FusedMultiplyAddDouble(Vector256<int> a, Vector256<int> b, Vector256<int> c) =>
        Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ConvertToInt32TruncatingDouble(Vector256<int> lower, Vector256<int> upper) =>
        Vector256.Create(Avx.ConvertToVector128Int32WithTruncation(lower.AsDouble()), Avx.ConvertToVector128Int32WithTruncation(upper.AsDouble()));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector256<int> GatherInt32(int* table, Vector256<int> indices, [ConstantExpected(Min = 1, Max = 8)] byte scale) =>
        Avx2.GatherVector256(table, indices, scale);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint SumUInt32(Vector256<int> value) => Vector256.Sum(value.AsUInt32());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SumInt64(Vector256<int> value) => Vector256.Sum(value.AsInt64());

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(Vector256<int> value) => value == Vector256<int>.Zero;
}

/// <summary>How <see cref="Simd256Of{TDot}.MultiplyAddAdjacentAccumulate"/> adds a word-pair dot product.</summary>
internal interface IDotFlavour
{
}

/// <summary><c>vpmaddwd</c> then <c>vpaddd</c> (any AVX2 CPU).</summary>
internal readonly struct MaddThenAdd : IDotFlavour
{
}

/// <summary>AVX-VNNI's <c>vpdpwssd</c>, one instruction (only where <c>AvxVnni.IsSupported</c>).</summary>
internal readonly struct Vpdpwssd : IDotFlavour
{
}
