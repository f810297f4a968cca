using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Simd;

/// <summary>The ADM operations of the AVX-512 width and motion operations (see ISimd.Adm.cs).</summary>
internal readonly partial struct Simd512
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> LoadWidenInt16ToInt32(ref short source, nuint offset) => Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref source, offset));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftRightArithmeticInt16(Vector512<int> value, int count) => (value.AsInt16() >> count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> PackSignedSaturateInt32(Vector512<int> a, Vector512<int> b) => Avx512BW.PackSignedSaturate(a, b).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> PackSignedSaturateInt32InOrder(Vector512<int> a, Vector512<int> b) =>

        // Qwords after the pack: a0-3 b0-3 | a4-7 b4-7 | a8-11 b8-11 | a12-15 b12-15; gather the even ones, then the odd.
        Avx512F.PermuteVar8x64(Avx512BW.PackSignedSaturate(a, b).AsInt64(), Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7)).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> AbsInt32(Vector512<int> value) => Avx512F.Abs(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MinInt32(Vector512<int> a, Vector512<int> b) => Avx512F.Min(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> EqualsInt32(Vector512<int> a, Vector512<int> b) => Vector512.Equals(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Select(Vector512<int> mask, Vector512<int> a, Vector512<int> b) => Vector512.ConditionalSelect(mask, a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ShiftRightArithmeticInt64(Vector512<int> value, int count) => (value.AsInt64() >> count).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ConvertInt32ToSingle(Vector512<int> value) => Avx512F.ConvertToVector512Single(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ConvertLowerSingleToDouble(Vector512<int> value) => Avx512F.ConvertToVector512Double(value.AsSingle().GetLower()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ConvertUpperSingleToDouble(Vector512<int> value) => Avx512F.ConvertToVector512Double(value.AsSingle().GetUpper()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> GreaterThanOrEqualDouble(Vector512<int> a, Vector512<int> b) => Vector512.GreaterThanOrEqual(a.AsDouble(), b.AsDouble()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> InterleaveLanes128Lower(Vector512<int> a, Vector512<int> b) => Avx512F.PermuteVar8x64x2(a.AsInt64(), Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11), b.AsInt64()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> InterleaveLanes128Upper(Vector512<int> a, Vector512<int> b) => Avx512F.PermuteVar8x64x2(a.AsInt64(), Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15), b.AsInt64()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SumInt32(Vector512<int> value) => Vector512.Sum(value);
}
