using System.Diagnostics.CodeAnalysis;

namespace VmafTiny.Features.Simd;

/// <summary>
/// One SIMD register width, for kernels written once and run at several widths (a static-abstract operator
/// struct, as .NET's TensorPrimitives and ImageSharp v4.1's JpegColorConverter.Operator use): a kernel is a
/// generic method <c>Kernel&lt;TSimd, TVector&gt;(…) where TSimd : struct, ISimd&lt;TVector&gt;</c>, called as
/// <c>Kernel&lt;Simd256, Vector256&lt;int&gt;&gt;</c> (AVX2) or <c>Kernel&lt;Simd512, Vector512&lt;int&gt;&gt;</c>
/// (AVX-512 F + BW). The JIT specialises each instantiation and inlines every operation, so the generic code
/// compiles to the same instructions a hand-written twin would.
/// </summary>
/// <typeparam name="TVector">
/// The register, <c>Vector256&lt;int&gt;</c> or <c>Vector512&lt;int&gt;</c>. Its element type is nominal, as in C's
/// <c>__m256i</c>: every operation names the lane type it works on (Int16, Int32, Int64, Double), and a register
/// may hold words, dwords, qwords or doubles in turn.
/// </typeparam>
/// <remarks>
/// <para>"In-lane" operations (unpacks, packs) work within each 128-bit lane, like the instructions they map to;
/// their documentation gives the lane order. Every other operation keeps lanes in order.</para>
/// <para>Operations are added here when a kernel needs them; existing ones keep their names and semantics.
/// Implementations: <see cref="Simd256"/>, <see cref="Simd512"/>.</para>
/// </remarks>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "static-abstract operator interface")]
internal partial interface ISimd<TVector>
    where TVector : struct
{
    /// <summary>True when the CPU and runtime run every operation of this width.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>The CPU path this width implements (<see cref="CpuPath.Avx2"/> or <see cref="CpuPath.Avx512"/>): kernel names and dispatch.</summary>
    static abstract CpuPath Path { get; }

    /// <summary>Dword (int32) lanes per register: 8 or 16. Words: twice that; qwords and doubles: half.</summary>
    static abstract int Int32Count { get; }

    /// <summary>
    /// Vector registers the JIT allocates from: 32 where it may use EVEX encodings (AVX-512 present and enabled, at either
    /// width), else 16. Kernels with many accumulators use it to choose between one pass and two.
    /// </summary>
    static abstract int RegisterCount { get; }

    /// <summary>All bits zero.</summary>
    static abstract TVector Zero { get; }

    /// <summary>All bits one.</summary>
    static abstract TVector AllBitsSet { get; }

    /// <summary>Dword lane m holds m (0, 1, 2, …): for lane masks.</summary>
    static abstract TVector Int32Indices { get; }

    /// <summary>Every word lane holds <paramref name="value"/>.</summary>
    static abstract TVector CreateInt16(short value);

    /// <summary>Every dword lane holds <paramref name="value"/>.</summary>
    static abstract TVector CreateInt32(int value);

    /// <summary>Every qword lane holds <paramref name="value"/>.</summary>
    static abstract TVector CreateInt64(long value);

    /// <summary>Every double lane holds <paramref name="value"/>.</summary>
    static abstract TVector CreateDouble(double value);

    /// <summary>
    /// Every dword lane holds the word pair (<paramref name="low"/>, <paramref name="high"/>): the coefficient of
    /// <see cref="MultiplyAddAdjacent"/> that gives low·x₀ + high·x₁.
    /// </summary>
    static abstract TVector CreatePair16(short low, short high);

    /// <summary>A whole register from <paramref name="source"/> + <paramref name="offset"/> elements (unaligned, unchecked).</summary>
    static abstract TVector Load<T>(ref T source, nuint offset)
        where T : unmanaged;

    /// <summary>Stores a whole register at <paramref name="destination"/> + <paramref name="offset"/> elements (unaligned, unchecked).</summary>
    static abstract void Store<T>(TVector value, ref T destination, nuint offset)
        where T : unmanaged;

    /// <summary>2·<see cref="Int32Count"/> bytes zero-extended to words, in order (<c>vpmovzxbw</c>).</summary>
    static abstract TVector LoadWidenUInt8ToInt16(ref byte source, nuint offset);

    /// <summary><see cref="Int32Count"/> bytes zero-extended to dwords, in order (<c>vpmovzxbd</c>).</summary>
    static abstract TVector LoadWidenUInt8ToInt32(ref byte source, nuint offset);

    /// <summary><see cref="Int32Count"/> 16-bit samples zero-extended to dwords, in order (<c>vpmovzxwd</c>).</summary>
    static abstract TVector Load16(ref ushort source, nuint offset);

    /// <summary>
    /// <see cref="Int32Count"/> 8-bit samples of two rows as word pairs, in order: dword m = a[m] | b[m] &lt;&lt; 16,
    /// so <see cref="MultiplyAddAdjacent"/> with a pair (c, c) gives c·(a + b), and with itself a² + b².
    /// </summary>
    static abstract TVector Pair8(ref byte a, ref byte b);

    /// <summary>Stores the low words of the <see cref="Int32Count"/> dword lanes, in order (C's uint16_t cast; <c>vpmovdw</c>).</summary>
    static abstract void StoreNarrowInt32ToInt16(TVector value, ref ushort destination, nuint offset);

    /// <summary>Word lanes added (wrapping).</summary>
    static abstract TVector AddInt16(TVector a, TVector b);

    /// <summary>Dword lanes added (wrapping).</summary>
    static abstract TVector AddInt32(TVector a, TVector b);

    /// <summary>Qword lanes added (wrapping).</summary>
    static abstract TVector AddInt64(TVector a, TVector b);

    /// <summary>Word lanes subtracted (wrapping).</summary>
    static abstract TVector SubtractInt16(TVector a, TVector b);

    /// <summary>Dword lanes subtracted (wrapping).</summary>
    static abstract TVector SubtractInt32(TVector a, TVector b);

    /// <summary>Qword lanes subtracted (wrapping).</summary>
    static abstract TVector SubtractInt64(TVector a, TVector b);

    /// <summary>Low 16 bits of the word products (<c>vpmullw</c>).</summary>
    static abstract TVector MultiplyLowInt16(TVector a, TVector b);

    /// <summary>Low 32 bits of the dword products (<c>vpmulld</c>).</summary>
    static abstract TVector MultiplyLowInt32(TVector a, TVector b);

    /// <summary>
    /// Signed word pairs multiplied and the two products of each dword added: a₀b₀ + a₁b₁ in int32
    /// (<c>vpmaddwd</c>; wraps only for a₀ = a₁ = b₀ = b₁ = −32768).
    /// </summary>
    static abstract TVector MultiplyAddAdjacent(TVector a, TVector b);

    /// <summary>
    /// <paramref name="accumulator"/> + <see cref="MultiplyAddAdjacent"/>(a, b) in int32, wrapping (mod 2^32 the same
    /// dwords as the two operations): one <c>vpdpwssd</c> where the CPU has AVX-VNNI at this width.
    /// </summary>
    static abstract TVector MultiplyAddAdjacentAccumulate(TVector accumulator, TVector a, TVector b);

    /// <summary>The even (low) dwords of each qword multiplied as uint32, to uint64 (<c>vpmuludq</c>).</summary>
    static abstract TVector MultiplyEvenUInt32(TVector a, TVector b);

    /// <summary>The even (low) dwords of each qword multiplied as int32, to int64 (<c>vpmuldq</c>).</summary>
    static abstract TVector MultiplyEvenInt32(TVector a, TVector b);

    /// <summary>Unsigned word maximum (<c>vpmaxuw</c>).</summary>
    static abstract TVector MaxUInt16(TVector a, TVector b);

    /// <summary>Unsigned word minimum (<c>vpminuw</c>).</summary>
    static abstract TVector MinUInt16(TVector a, TVector b);

    /// <summary>Signed dword maximum.</summary>
    static abstract TVector MaxInt32(TVector a, TVector b);

    /// <summary>Signed dword comparison: all ones where a &gt; b, else zero.</summary>
    static abstract TVector GreaterThanInt32(TVector a, TVector b);

    /// <summary>Bitwise and.</summary>
    static abstract TVector And(TVector a, TVector b);

    /// <summary><paramref name="value"/> &amp; ~<paramref name="mask"/> (the .NET <c>AndNot</c> order, not <c>vpandn</c>'s).</summary>
    static abstract TVector AndNot(TVector value, TVector mask);

    /// <summary>Bitwise or.</summary>
    static abstract TVector Or(TVector a, TVector b);

    /// <summary>Bitwise exclusive or.</summary>
    static abstract TVector Xor(TVector a, TVector b);

    /// <summary>Word lanes shifted right, zeros in.</summary>
    static abstract TVector ShiftRightLogicalInt16(TVector value, int count);

    /// <summary>Dword lanes shifted left.</summary>
    static abstract TVector ShiftLeftInt32(TVector value, int count);

    /// <summary>Dword lanes shifted right, zeros in.</summary>
    static abstract TVector ShiftRightLogicalInt32(TVector value, int count);

    /// <summary>Dword lanes shifted right, sign in.</summary>
    static abstract TVector ShiftRightArithmeticInt32(TVector value, int count);

    /// <summary>Qword lanes shifted left.</summary>
    static abstract TVector ShiftLeftInt64(TVector value, int count);

    /// <summary>Qword lanes shifted right, zeros in.</summary>
    static abstract TVector ShiftRightLogicalInt64(TVector value, int count);

    /// <summary>In-lane: words 0-3 of each 128-bit lane of a and b interleaved (a₀ b₀ a₁ b₁ …; <c>vpunpcklwd</c>).</summary>
    static abstract TVector UnpackLowInt16(TVector a, TVector b);

    /// <summary>In-lane: words 4-7 of each 128-bit lane of a and b interleaved (<c>vpunpckhwd</c>).</summary>
    static abstract TVector UnpackHighInt16(TVector a, TVector b);

    /// <summary>
    /// In-lane: per 128-bit lane, a's four dwords then b's, each saturated to uint16 (<c>vpackusdw</c>). Of the
    /// <see cref="UnpackLowInt16"/> and <see cref="UnpackHighInt16"/> halves of one register, it restores word order.
    /// </summary>
    static abstract TVector PackUnsignedSaturateInt32(TVector a, TVector b);

    /// <summary>
    /// The dwords of <paramref name="lower"/> then those of <paramref name="upper"/> as words, in lane order, each
    /// saturated to uint16 (exact for lanes in [0, 65535]): <c>vpackusdw</c> and a qword permute, where
    /// <see cref="StoreNarrowInt32ToInt16"/> of each would be two narrowing stores (<c>vpmovdw</c> to memory, several
    /// micro-ops on AMD's cores).
    /// </summary>
    static abstract TVector PackUInt32ToUInt16(TVector lower, TVector upper);

    /// <summary>The odd dwords moved into the even positions (qwords shifted right by 32), for <see cref="MultiplyEvenUInt32"/>.</summary>
    static abstract TVector Odd(TVector value);

    /// <summary>
    /// Dwords [count, count + n) of the 2n-dword concatenation lower:upper, count 1..4: the register of a row that
    /// starts count dwords after <paramref name="lower"/>'s first, from two loads instead of one more (AVX-512 valignd;
    /// AVX2 vperm2i128, then vpalignr below 4).
    /// </summary>
    static abstract TVector ShiftInInt32(TVector lower, TVector upper, [ConstantExpected(Min = 1, Max = 4)] byte count);

    /// <summary>
    /// True where <see cref="ShiftInInt32"/> costs less than an unaligned load (AVX-512: one valignd against a load
    /// that nearly always splits a 64-byte line; not AVX2, whose two shuffles cost more than the load).
    /// </summary>
    static abstract bool PrefersShiftInToLoads { get; }

    /// <summary>
    /// Rejoins per-qword results of the even and the odd dword lanes as their low dwords, in lane order:
    /// dword 2m = low(even qword m), dword 2m+1 = low(odd qword m).
    /// </summary>
    static abstract TVector Join(TVector even, TVector odd);

    /// <summary>(a·b + 2^31) &gt;&gt; 32 per uint32 lane, the product in uint64.</summary>
    static abstract TVector MulHiRound(TVector a, TVector b);

    /// <summary>The low dwords of the qwords of <paramref name="lower"/> then of <paramref name="upper"/>, in order (truncating, <c>vpmovqd</c>).</summary>
    static abstract TVector NarrowInt64ToInt32(TVector lower, TVector upper);

    /// <summary>The high dwords of the qwords of <paramref name="lower"/> then of <paramref name="upper"/>, in order.</summary>
    static abstract TVector NarrowHighInt64ToInt32(TVector lower, TVector upper);

    /// <summary>Dword lanes [0, n/2) sign-extended to qwords.</summary>
    static abstract TVector WidenLowerInt32ToInt64(TVector value);

    /// <summary>Dword lanes [n/2, n) sign-extended to qwords.</summary>
    static abstract TVector WidenUpperInt32ToInt64(TVector value);

    /// <summary>Dword lanes [0, n/2) converted (exactly) to doubles.</summary>
    static abstract TVector ConvertLowerInt32ToDouble(TVector value);

    /// <summary>Dword lanes [n/2, n) converted (exactly) to doubles.</summary>
    static abstract TVector ConvertUpperInt32ToDouble(TVector value);

    /// <summary>Doubles added.</summary>
    static abstract TVector AddDouble(TVector a, TVector b);

    /// <summary>Doubles subtracted.</summary>
    static abstract TVector SubtractDouble(TVector a, TVector b);

    /// <summary>Doubles multiplied (never fused with an add).</summary>
    static abstract TVector MultiplyDouble(TVector a, TVector b);

    /// <summary>Doubles divided.</summary>
    static abstract TVector DivideDouble(TVector a, TVector b);

    /// <summary><c>minpd</c>: a where a &lt; b, else b (so b where either is NaN).</summary>
    static abstract TVector MinDouble(TVector a, TVector b);

    /// <summary><c>maxpd</c>: a where a &gt; b, else b (so b where either is NaN).</summary>
    static abstract TVector MaxDouble(TVector a, TVector b);

    /// <summary>Doubles rounded toward zero (C's truncation, kept as doubles).</summary>
    static abstract TVector RoundToZeroDouble(TVector value);

    /// <summary>
    /// True where a two-register permute of doubles and a short polynomial cost less than a dword gather (AVX-512,
    /// where .NET has no 512-bit gather and <see cref="GatherInt32"/> takes two 256-bit ones); kernels pick computed
    /// lookups over table gathers by it.
    /// </summary>
    static abstract bool PrefersPermuteToGather { get; }

    /// <summary>
    /// Per double lane m: entry (qword m of <paramref name="index"/> mod <see cref="Int32Count"/>) of the
    /// <see cref="Int32Count"/>-double table <paramref name="low"/> ‖ <paramref name="high"/> (<c>vpermi2pd</c>;
    /// only the index's low bits count).
    /// </summary>
    static abstract TVector PermuteDouble2(TVector index, TVector low, TVector high);

    /// <summary>a·b + c per double lane, rounded once (<c>vfmadd</c>).</summary>
    static abstract TVector FusedMultiplyAddDouble(TVector a, TVector b, TVector c);

    /// <summary>
    /// The doubles of <paramref name="lower"/> then of <paramref name="upper"/> truncated to int32, in order
    /// (<c>vcvttpd2dq</c>; every value must lie in int32's range).
    /// </summary>
    static abstract TVector ConvertToInt32TruncatingDouble(TVector lower, TVector upper);

    /// <summary>
    /// <see cref="Int32Count"/> dwords gathered from <paramref name="table"/> at byte offsets index·<paramref name="scale"/>
    /// (<c>vpgatherdd</c>); every index must address readable memory.
    /// </summary>
    static abstract unsafe TVector GatherInt32(int* table, TVector indices, [ConstantExpected(Min = 1, Max = 8)] byte scale);

    /// <summary>The sum of the dword lanes, wrapping like C's uint32 (mod 2^32).</summary>
    static abstract uint SumUInt32(TVector value);

    /// <summary>The sum of the qword lanes.</summary>
    static abstract long SumInt64(TVector value);

    /// <summary>True when every bit is zero.</summary>
    static abstract bool IsZero(TVector value);
}
