using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Simd;

/// <summary>The ADM operations of the AVX2 width and motion operations (see ISimd.Adm.cs).</summary>
internal readonly partial struct Simd256Of<TDot>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> LoadWidenInt16ToInt32(ref short source, nuint offset) => Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, offset));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftRightArithmeticInt16(Vector256<int> value, int count) => (value.AsInt16() >> count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> PackSignedSaturateInt32(Vector256<int> a, Vector256<int> b) => Avx2.PackSignedSaturate(a, b).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> PackSignedSaturateInt32InOrder(Vector256<int> a, Vector256<int> b) =>

        // Qwords after the pack: a0-3 b0-3 | a4-7 b4-7; the permute gathers a's, then b's.
        Avx2.Permute4x64(Avx2.PackSignedSaturate(a, b).AsInt64(), 0b11_01_10_00).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> AbsInt32(Vector256<int> value) => Avx2.Abs(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MinInt32(Vector256<int> a, Vector256<int> b) => Avx2.Min(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> EqualsInt32(Vector256<int> a, Vector256<int> b) => Avx2.CompareEqual(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Select(Vector256<int> mask, Vector256<int> a, Vector256<int> b) => Vector256.ConditionalSelect(mask, a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ShiftRightArithmeticInt64(Vector256<int> value, int count)
    {
        // (v + 2^63) is v as an unsigned offset; its logical shift floors it, and 2^(63 − c) takes the offset
        // back: ((v + 2^63) >>> c) − 2^(63 − c) = ⌊v / 2^c⌋ for every int64 v.
        Vector256<ulong> offset = value.AsUInt64() + Vector256.Create(1UL << 63);
        return ((offset >>> count) - Vector256.Create(1UL << (63 - count))).AsInt32();
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ConvertInt32ToSingle(Vector256<int> value) => Avx.ConvertToVector256Single(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ConvertLowerSingleToDouble(Vector256<int> value) => Avx.ConvertToVector256Double(value.AsSingle().GetLower()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ConvertUpperSingleToDouble(Vector256<int> value) => Avx.ConvertToVector256Double(value.AsSingle().GetUpper()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> GreaterThanOrEqualDouble(Vector256<int> a, Vector256<int> b) => Avx.CompareGreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> InterleaveLanes128Lower(Vector256<int> a, Vector256<int> b) => Avx2.Permute2x128(a, b, 0x20);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> InterleaveLanes128Upper(Vector256<int> a, Vector256<int> b) => Avx2.Permute2x128(a, b, 0x31);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SumInt32(Vector256<int> value) => Vector256.Sum(value);
}
