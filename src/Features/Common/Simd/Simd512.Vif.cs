using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Simd;

/// <summary>The VIF operations of the AVX-512 width (see ISimd.Vif.cs).</summary>
internal readonly partial struct Simd512
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> CreateSingle(float value) => Vector512.Create(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplySingle(Vector512<int> a, Vector512<int> b) => (a.AsSingle() * b.AsSingle()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> FusedMultiplyAddSingle(Vector512<int> a, Vector512<int> b, Vector512<int> c) =>
        Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> PermuteInt32Pair(Vector512<int> index, Vector512<int> low, Vector512<int> high) =>
        Avx512F.PermuteVar16x32x2(low, index, high);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> ConvertToInt32FloorSingle(Vector512<int> value) =>
        Avx512F.ConvertToVector512Int32(value.AsSingle(), FloatRoundingMode.ToNegativeInfinity);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> CompressInt32(Vector512<int> value, Vector512<int> mask) =>
        Avx512F.Compress(Vector512<int>.Zero, mask, value);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nuint CountMask(Vector512<int> mask) => (uint)BitOperations.PopCount(mask.ExtractMostSignificantBits());
}
