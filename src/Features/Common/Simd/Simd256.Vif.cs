using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Simd;

/// <summary>The VIF operations of the AVX2 width (see ISimd.Vif.cs).</summary>
internal readonly partial struct Simd256Of<TDot>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> CreateSingle(float value) => Vector256.Create(value).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplySingle(Vector256<int> a, Vector256<int> b) => (a.AsSingle() * b.AsSingle()).AsInt32();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> FusedMultiplyAddSingle(Vector256<int> a, Vector256<int> b, Vector256<int> c) =>
        Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).AsInt32();

    /// <inheritdoc />
    /// <remarks>AVX2 has no two-register permute: both registers are permuted (<c>vpermd</c>) and bit 3 of the index picks one.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> PermuteInt32Pair(Vector256<int> index, Vector256<int> low, Vector256<int> high)
    {
        Vector256<int> upper = Vector256.Equals(index & Vector256.Create(8), Vector256.Create(8));
        return Vector256.ConditionalSelect(upper, Avx2.PermuteVar8x32(high, index), Avx2.PermuteVar8x32(low, index));
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> ConvertToInt32FloorSingle(Vector256<int> value) =>
        Avx.ConvertToVector256Int32WithTruncation(Avx.Floor(value.AsSingle()));
}
