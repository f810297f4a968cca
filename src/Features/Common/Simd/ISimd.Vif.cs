namespace VmafTiny.Features.Simd;

/// <summary>The single-precision operations VIF's computed log2 adds to the width-generic layer (<see cref="ISimd{TVector}"/>).</summary>
internal partial interface ISimd<TVector>
{
    /// <summary>Every float lane <paramref name="value"/>.</summary>
    static abstract TVector CreateSingle(float value);

    /// <summary>a·b per float lane (<c>vmulps</c>).</summary>
    static abstract TVector MultiplySingle(TVector a, TVector b);

    /// <summary>a·b + c per float lane, rounded once (<c>vfmadd…ps</c>).</summary>
    static abstract TVector FusedMultiplyAddSingle(TVector a, TVector b, TVector c);

    /// <summary>
    /// Per dword lane m: dword (lane m of <paramref name="index"/> mod 2·<see cref="ISimd{TVector}.Int32Count"/>) of the
    /// table <paramref name="low"/> ‖ <paramref name="high"/>, bits unchanged (<c>vpermi2d</c>; only the index's low bits
    /// count, so any higher bits may be set).
    /// </summary>
    static abstract TVector PermuteInt32Pair(TVector index, TVector low, TVector high);

    /// <summary>Float lanes rounded toward −∞ and converted to int32 (every value must lie in int32's range).</summary>
    static abstract TVector ConvertToInt32FloorSingle(TVector value);

    /// <summary>
    /// The lanes of <paramref name="value"/> where <paramref name="mask"/> is all ones, in order, moved to the lowest
    /// lanes; the lanes above them are unspecified (<c>vpcompressd</c>).
    /// </summary>
    static abstract TVector CompressInt32(TVector value, TVector mask);

    /// <summary>The number of dword lanes of <paramref name="mask"/> (each all ones or zero) that are all ones.</summary>
    static abstract nuint CountMask(TVector mask);
}
