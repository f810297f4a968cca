namespace VmafTiny.Features.Simd;

/// <summary>The operations ADM's and motion's kernels add to the width-generic layer (<see cref="ISimd{TVector}"/>).</summary>
internal partial interface ISimd<TVector>
{
    /// <summary><see cref="ISimd{TVector}.Int32Count"/> int16 sign-extended to dwords, in order (<c>vpmovsxwd</c>).</summary>
    static abstract TVector LoadWidenInt16ToInt32(ref short source, nuint offset);

    /// <summary>Word lanes shifted right, sign in.</summary>
    static abstract TVector ShiftRightArithmeticInt16(TVector value, int count);

    /// <summary>
    /// In-lane: per 128-bit lane, a's four dwords then b's, each saturated to int16 (<c>vpackssdw</c>). Of the
    /// <see cref="ISimd{TVector}.UnpackLowInt16"/> and <see cref="ISimd{TVector}.UnpackHighInt16"/> halves of one
    /// register, it restores word order.
    /// </summary>
    static abstract TVector PackSignedSaturateInt32(TVector a, TVector b);

    /// <summary>a's dwords then b's, each saturated to int16, in order (<c>vpackssdw</c> and a qword permute).</summary>
    static abstract TVector PackSignedSaturateInt32InOrder(TVector a, TVector b);

    /// <summary>Dword absolute values (<c>vpabsd</c>: INT_MIN stays INT_MIN, as C's abs).</summary>
    static abstract TVector AbsInt32(TVector value);

    /// <summary>Signed dword minimum.</summary>
    static abstract TVector MinInt32(TVector a, TVector b);

    /// <summary>Dword comparison: all ones where a = b, else zero.</summary>
    static abstract TVector EqualsInt32(TVector a, TVector b);

    /// <summary>Bitwise select: the bits of <paramref name="a"/> where <paramref name="mask"/> has ones, else of <paramref name="b"/>.</summary>
    static abstract TVector Select(TVector mask, TVector a, TVector b);

    /// <summary>Qword lanes shifted right, sign in (AVX2 rebuilds it from the logical shift).</summary>
    static abstract TVector ShiftRightArithmeticInt64(TVector value, int count);

    /// <summary>Dwords converted to floats, in order, rounded to nearest even (<c>vcvtdq2ps</c>).</summary>
    static abstract TVector ConvertInt32ToSingle(TVector value);

    /// <summary>Float lanes [0, n/2) converted (exactly) to doubles.</summary>
    static abstract TVector ConvertLowerSingleToDouble(TVector value);

    /// <summary>Float lanes [n/2, n) converted (exactly) to doubles.</summary>
    static abstract TVector ConvertUpperSingleToDouble(TVector value);

    /// <summary>Double comparison: all ones where a ≥ b (ordered; false where either is NaN), else zero.</summary>
    static abstract TVector GreaterThanOrEqualDouble(TVector a, TVector b);

    /// <summary>
    /// The 128-bit lanes a₀ b₀ a₁ b₁ … of the lower halves of a and b: with <see cref="InterleaveLanes128Upper"/>, the
    /// dword results of the <see cref="ISimd{TVector}.UnpackLowInt16"/> (a) and <see cref="ISimd{TVector}.UnpackHighInt16"/>
    /// (b) halves of one word register back in column order.
    /// </summary>
    static abstract TVector InterleaveLanes128Lower(TVector a, TVector b);

    /// <summary>The 128-bit lanes of the upper halves of a and b, interleaved as <see cref="InterleaveLanes128Lower"/>.</summary>
    static abstract TVector InterleaveLanes128Upper(TVector a, TVector b);

    /// <summary>The sum of the dword lanes, wrapping as C's int32 (or uint32) sum does.</summary>
    static abstract int SumInt32(TVector value);
}
