using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Adm;

/// <summary>
/// Integer ADM with AVX2 (256-bit) intrinsics, bit-exact with <see cref="AdmScalar"/>. Each stage runs whole
/// vectors over the columns that need no border handling and hands the rest (DWT column 0, the mirrored tail,
/// the last partial vector) to <see cref="AdmScalar"/>'s column-range helpers.
/// </summary>
/// <remarks>
/// Written from integer_adm.c's C path, not from libvmaf's adm_avx2.c, whose DWT reads past the row on the
/// mirrored last column for some widths (digest §4.11); here no load crosses the logical row end.
/// </remarks>
internal sealed partial class AdmAvx2 : IAdmKernels
{
    /// <summary>The one instance (the class is stateless).</summary>
    public static readonly AdmAvx2 Instance = new();

    private AdmAvx2()
    {
    }

    /// <summary>True when the CPU and runtime run AVX2.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <inheritdoc/>
    public string Name => "avx2";

    /// <inheritdoc/>
    /// <remarks>AVX2 version of <see cref="AdmScalar.Dwt2Row8"/>.</remarks>
    public void Dwt2Row8(ReadOnlySpan<byte> r0, ReadOnlySpan<byte> r1, ReadOnlySpan<byte> r2, ReadOnlySpan<byte> r3, AdmScaleGeometry geometry, AdmRow<short> destination, Span<short> scratch)
    {
        int w = geometry.InputWidth;
        Span<short> lo = scratch[..w];
        Span<short> hi = scratch.Slice(w, w);
        var taps = new VerticalTaps(8, biased: false);
        ref byte p0 = ref MemoryMarshal.GetReference(r0[..w]);
        ref byte p1 = ref MemoryMarshal.GetReference(r1[..w]);
        ref byte p2 = ref MemoryMarshal.GetReference(r2[..w]);
        ref byte p3 = ref MemoryMarshal.GetReference(r3[..w]);
        ref short l = ref MemoryMarshal.GetReference(lo);
        ref short h = ref MemoryMarshal.GetReference(hi);
        int j = 0;
        for (; j <= w - 16; j += 16)
        {
            // vpmovzxbw: 16 samples to int16, in column order.
            taps.Apply(
                Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref p0, (nuint)j)),
                Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref p1, (nuint)j)),
                Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref p2, (nuint)j)),
                Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref p3, (nuint)j)),
                out Vector256<short> vl,
                out Vector256<short> vh);
            vl.StoreUnsafe(ref l, (nuint)j);
            vh.StoreUnsafe(ref h, (nuint)j);
        }

        AdmScalar.VerticalS0(r0, r1, r2, r3, 8, lo, hi, j, w);
        HorizontalS0(lo, hi, geometry, destination);
    }

    /// <inheritdoc/>
    /// <remarks>AVX2 version of <see cref="AdmScalar.Dwt2Row16"/>.</remarks>
    public void Dwt2Row16(ReadOnlySpan<ushort> r0, ReadOnlySpan<ushort> r1, ReadOnlySpan<ushort> r2, ReadOnlySpan<ushort> r3, int bitDepth, AdmScaleGeometry geometry, AdmRow<short> destination, Span<short> scratch)
    {
        int w = geometry.InputWidth;
        Span<short> lo = scratch[..w];
        Span<short> hi = scratch.Slice(w, w);
        var taps = new VerticalTaps(bitDepth, biased: true);
        Vector256<ushort> bias = Vector256.Create((ushort)0x8000);
        ref ushort p0 = ref MemoryMarshal.GetReference(r0[..w]);
        ref ushort p1 = ref MemoryMarshal.GetReference(r1[..w]);
        ref ushort p2 = ref MemoryMarshal.GetReference(r2[..w]);
        ref ushort p3 = ref MemoryMarshal.GetReference(r3[..w]);
        ref short l = ref MemoryMarshal.GetReference(lo);
        ref short h = ref MemoryMarshal.GetReference(hi);
        int j = 0;
        for (; j <= w - 16; j += 16)
        {
            // p − 32768 fits int16 for pmaddwd; VerticalTaps adds Σf · 32768 back.
            taps.Apply(
                (Vector256.LoadUnsafe(ref p0, (nuint)j) ^ bias).AsInt16(),
                (Vector256.LoadUnsafe(ref p1, (nuint)j) ^ bias).AsInt16(),
                (Vector256.LoadUnsafe(ref p2, (nuint)j) ^ bias).AsInt16(),
                (Vector256.LoadUnsafe(ref p3, (nuint)j) ^ bias).AsInt16(),
                out Vector256<short> vl,
                out Vector256<short> vh);
            vl.StoreUnsafe(ref l, (nuint)j);
            vh.StoreUnsafe(ref h, (nuint)j);
        }

        AdmScalar.VerticalS0(r0, r1, r2, r3, bitDepth, lo, hi, j, w);
        HorizontalS0(lo, hi, geometry, destination);
    }

    /// <inheritdoc/>
    /// <remarks>AVX2 version of <see cref="AdmScalar.DecoupleRow"/>: 16 coefficients per step, the rest through <see cref="AdmScalar.DecoupleRange"/>.</remarks>
    public unsafe void DecoupleRow(AdmRow<short> reference, AdmRow<short> distorted, AdmScaleGeometry geometry, double gainLimit, AdmRow<short> restored, AdmRow<short> additive)
    {
        var gain = new GainLimit(gainLimit);
        AdmRegion region = geometry.Taps;
        int w = geometry.Width;
        ref short oH = ref MemoryMarshal.GetReference(reference.H[..w]), oV = ref MemoryMarshal.GetReference(reference.V[..w]), oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        ref short tH = ref MemoryMarshal.GetReference(distorted.H[..w]), tV = ref MemoryMarshal.GetReference(distorted.V[..w]), tD = ref MemoryMarshal.GetReference(distorted.D[..w]);
        ref short rH = ref MemoryMarshal.GetReference(restored.H[..w]), rV = ref MemoryMarshal.GetReference(restored.V[..w]), rD = ref MemoryMarshal.GetReference(restored.D[..w]);
        ref short aH = ref MemoryMarshal.GetReference(additive.H[..w]), aV = ref MemoryMarshal.GetReference(additive.V[..w]), aD = ref MemoryMarshal.GetReference(additive.D[..w]);
        int j = region.Left;
        fixed (int* divLookup = AdmTables.DivLookup)
        {
            for (; j <= region.Right - 16; j += 16)
            {
                nuint x = (nuint)j;
                Vector256<short> oh = Vector256.LoadUnsafe(ref oH, x), ov = Vector256.LoadUnsafe(ref oV, x), od = Vector256.LoadUnsafe(ref oD, x);
                Vector256<short> th = Vector256.LoadUnsafe(ref tH, x), tv = Vector256.LoadUnsafe(ref tV, x), td = Vector256.LoadUnsafe(ref tD, x);

                // Lanes after the unpacks: (h, v) pairs of columns 0-3 8-11 (low) and 4-7 12-15 (high); every
                // int32 quantity below keeps this order, and the final packs restore column order.
                Vector256<short> po = Avx2.UnpackLow(oh, ov), pt = Avx2.UnpackLow(th, tv);
                Vector256<int> angleLow = AngleFlag(Avx2.MultiplyAddAdjacent(po, pt), Avx2.MultiplyAddAdjacent(po, po), Avx2.MultiplyAddAdjacent(pt, pt));
                po = Avx2.UnpackHigh(oh, ov);
                pt = Avx2.UnpackHigh(th, tv);
                Vector256<int> angleHigh = AngleFlag(Avx2.MultiplyAddAdjacent(po, pt), Avx2.MultiplyAddAdjacent(po, po), Avx2.MultiplyAddAdjacent(pt, pt));

                Vector256<short> rh = RestoreS0(oh, th, angleLow, angleHigh, divLookup, gain);
                Vector256<short> rv = RestoreS0(ov, tv, angleLow, angleHigh, divLookup, gain);
                Vector256<short> rd = RestoreS0(od, td, angleLow, angleHigh, divLookup, gain);
                rh.StoreUnsafe(ref rH, x);
                rv.StoreUnsafe(ref rV, x);
                rd.StoreUnsafe(ref rD, x);

                // C narrows t − r to int16; vpsubw wraps the same way.
                (th - rh).StoreUnsafe(ref aH, x);
                (tv - rv).StoreUnsafe(ref aV, x);
                (td - rd).StoreUnsafe(ref aD, x);
            }
        }

        AdmScalar.DecoupleRange(reference, distorted, restored, additive, j, region.Right, gainLimit);
    }

    /// <inheritdoc/>
    /// <remarks>AVX2 version of <see cref="AdmScalar.CsfRow"/>: 16 coefficients per step, the rest through <see cref="AdmScalar.CsfRange"/>.</remarks>
    public void CsfRow(AdmRow<short> additive, AdmScaleGeometry geometry, AdmRow<short> csfA, AdmRow<short> csfF)
    {
        AdmRegion region = geometry.Taps;
        int w = geometry.Width;
        Vector256<int> oneBy30 = Vector256.Create(AdmTables.OneBy30Q17), round12 = Vector256.Create(2048);
        for (int theta = 0; theta < 3; theta++)
        {
            Vector256<int> factor = Vector256.Create(AdmTables.IRFactorScale0[theta]);
            Vector256<int> add = Vector256.Create(AdmTables.CsfScale0Add[theta]);
            Vector128<int> shift = Vector128.CreateScalar(AdmTables.CsfScale0Shift[theta]);
            ref short src = ref MemoryMarshal.GetReference(additive.Detail(theta)[..w]);
            ref short dstA = ref MemoryMarshal.GetReference(csfA.Detail(theta)[..w]);
            ref short dstF = ref MemoryMarshal.GetReference(csfF.Detail(theta)[..w]);
            int j = region.Left;
            for (; j <= region.Right - 16; j += 16)
            {
                Vector256<short> a = Vector256.LoadUnsafe(ref src, (nuint)j);

                // Sign-extending unpacks: lanes 0-3 8-11 (low) and 4-7 12-15 (high); the packs restore the order.
                Vector256<short> sign = Avx2.ShiftRightArithmetic(a, 15);
                Vector256<int> lowA = Avx2.UnpackLow(a, sign).AsInt32(), highA = Avx2.UnpackHigh(a, sign).AsInt32();

                // |factor · a| < 49417 · 32768 < 2^31; the int16 store wraps (replicated by Wrap16).
                Vector256<int> lowC = Wrap16(Avx2.ShiftRightArithmetic(Avx2.MultiplyLow(lowA, factor) + add, shift));
                Vector256<int> highC = Wrap16(Avx2.ShiftRightArithmetic(Avx2.MultiplyLow(highA, factor) + add, shift));
                Avx2.PackSignedSaturate(lowC, highC).StoreUnsafe(ref dstA, (nuint)j);

                // 4369 · |c| ≤ 4369 · 32768 fits int32; the int16 store wraps for |c| > 30720.
                Vector256<int> lowF = Wrap16(Avx2.ShiftRightArithmetic(Avx2.MultiplyLow(Avx2.Abs(lowC).AsInt32(), oneBy30) + round12, 12));
                Vector256<int> highF = Wrap16(Avx2.ShiftRightArithmetic(Avx2.MultiplyLow(Avx2.Abs(highC).AsInt32(), oneBy30) + round12, 12));
                Avx2.PackSignedSaturate(lowF, highF).StoreUnsafe(ref dstF, (nuint)j);
            }

            AdmScalar.CsfRange(additive, csfA, csfF, theta, j, region.Right);
        }
    }

    /// <inheritdoc/>
    /// <remarks>AVX2 version of <see cref="AdmScalar.CsfDenRow"/>: 8 coefficients per step, the rest through <see cref="AdmScalar.CsfDenRange"/>.</remarks>
    public AdmDenSums CsfDenRow(AdmRow<short> reference, AdmScaleGeometry geometry)
    {
        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;
        ref short oH = ref MemoryMarshal.GetReference(reference.H[..w]);
        ref short oV = ref MemoryMarshal.GetReference(reference.V[..w]);
        ref short oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        Vector256<ulong> sumH = Vector256<ulong>.Zero, sumV = Vector256<ulong>.Zero, sumD = Vector256<ulong>.Zero;
        int j = region.Left;
        for (; j <= region.Right - 8; j += 8)
        {
            sumH += Cubes(Load16To32(ref oH, (nuint)j));
            sumV += Cubes(Load16To32(ref oV, (nuint)j));
            sumD += Cubes(Load16To32(ref oD, (nuint)j));
        }

        AdmDenSums tail = AdmScalar.CsfDenRange(reference, j, region.Right);
        return new AdmDenSums(Vector256.Sum(sumH) + tail.H, Vector256.Sum(sumV) + tail.V, Vector256.Sum(sumD) + tail.D);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// AVX2 version of <see cref="AdmScalar.CmRow"/>: 8 coefficients per step over the columns whose 3x3 neighbourhood
    /// lies inside the band; column 0, column w − 1 and the last partial vector go through <see cref="AdmScalar.CmRange"/>.
    /// </remarks>
    public AdmNumSums CmRow(AdmRow<short> restored, AdmRow<short> csfA, AdmRow<short> csfFUp, AdmRow<short> csfF, AdmRow<short> csfFDown, AdmScaleGeometry geometry)
    {
        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;
        ReadOnlySpan<int> irf = AdmTables.IRFactorScale0;
        ReadOnlySpan<int> thrShift = AdmTables.CmScale0ThresholdShift;
        ReadOnlySpan<int> sqShift = AdmTables.CmScale0SquareShift;
        var bandH = new MaskedCube(irf[0], thrShift[0], sqShift[0], geometry.CmCubeShiftHv);
        var bandV = new MaskedCube(irf[1], thrShift[1], sqShift[1], geometry.CmCubeShiftHv);
        var bandD = new MaskedCube(irf[2], thrShift[2], sqShift[2], geometry.CmCubeShiftD);
        int first = Math.Max(region.Left, 1), last = Math.Min(region.Right, w - 1);
        var th = new Neighbourhood16(csfA.H, csfFUp.H, csfF.H, csfFDown.H, w);
        var tv = new Neighbourhood16(csfA.V, csfFUp.V, csfF.V, csfFDown.V, w);
        var td = new Neighbourhood16(csfA.D, csfFUp.D, csfF.D, csfFDown.D, w);
        ref short rH = ref MemoryMarshal.GetReference(restored.H[..w]);
        ref short rV = ref MemoryMarshal.GetReference(restored.V[..w]);
        ref short rD = ref MemoryMarshal.GetReference(restored.D[..w]);
        Vector256<long> sumH = Vector256<long>.Zero, sumV = Vector256<long>.Zero, sumD = Vector256<long>.Zero;
        AdmNumSums head = region.Left < first ? AdmScalar.CmRange(restored, csfA, csfFUp, csfF, csfFDown, geometry, region.Left, first) : default;
        int j = first;
        for (; j <= last - 8; j += 8)
        {
            Vector256<int> thr = th.Threshold(j) + tv.Threshold(j) + td.Threshold(j);
            sumH += bandH.Apply(Load16To32(ref rH, (nuint)j), thr);
            sumV += bandV.Apply(Load16To32(ref rV, (nuint)j), thr);
            sumD += bandD.Apply(Load16To32(ref rD, (nuint)j), thr);
        }

        AdmNumSums tail = AdmScalar.CmRange(restored, csfA, csfFUp, csfF, csfFDown, geometry, j, region.Right);
        return new AdmNumSums(head.H + Vector256.Sum(sumH) + tail.H, head.V + Vector256.Sum(sumV) + tail.V, head.D + Vector256.Sum(sumD) + tail.D);
    }

    /// <summary>
    /// Last output column + 1 whose four taps need no mirroring: output j reads input 2j − 1 .. 2j + 2, and
    /// 2j + 2 ≤ n − 1 holds for j &lt; (n − 1) / 2 (= band width − 1, odd or even n). Column 0 mirrors too.
    /// </summary>
    internal static int InteriorEnd(AdmScaleGeometry geometry) => (geometry.InputWidth - 1) / 2;

    /// <summary>Broadcasts the int16 pair (a, b) to every 32-bit lane: a pmaddwd operand.</summary>
    internal static Vector256<short> Pair(int a, int b) => Vector256.Create((int)(ushort)(short)a | (b << 16)).AsInt16();

    /// <summary>vpmovsxwd: 8 int16 at <paramref name="offset"/> widened to int32, in column order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load16To32(ref short source, nuint offset) => Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, offset));

    /// <summary>C's int16 narrowing of an int32 lane, sign-extended back: a pack of the result is then exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Wrap16(Vector256<int> x) => Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(x, 16), 16);

    /// <summary>Σ |o|³ of 8 int16 coefficients as 4 uint64 lanes: |o| ≤ 32768, o² ≤ 2^30 (int32), o³ &lt; 2^45.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Cubes(Vector256<int> o)
    {
        Vector256<uint> x = Avx2.Abs(o);
        Vector256<uint> square = Avx2.MultiplyLow(x, x);

        // pmuludq: even lanes, then the odd lanes moved down.
        return Avx2.Multiply(square, x) + Avx2.Multiply(Avx2.ShiftRightLogical(square.AsUInt64(), 32).AsUInt32(), Avx2.ShiftRightLogical(x.AsUInt64(), 32).AsUInt32());
    }

    /// <summary>
    /// One orientation's scale 0 masking rows around a band row: f above, at and below (border rows already mapped)
    /// and c at the row; <see cref="Threshold"/> gives 8 columns of the 3x3 sum (interior columns only).
    /// </summary>
    private readonly ref struct Neighbourhood16
    {
        private readonly ref short _centre;
        private readonly ref short _up;
        private readonly ref short _mid;
        private readonly ref short _down;

        public Neighbourhood16(Span<short> csfA, Span<short> fUp, Span<short> f, Span<short> fDown, int width)
        {
            _centre = ref MemoryMarshal.GetReference(csfA[..width]);
            _up = ref MemoryMarshal.GetReference(fUp[..width]);
            _mid = ref MemoryMarshal.GetReference(f[..width]);
            _down = ref MemoryMarshal.GetReference(fDown[..width]);
        }

        /// <summary>
        /// Σ of the 8 neighbours' f (int32: up to 8 · 32768) plus the centre's int16 (8738·|c| + 2048) &gt;&gt; 12,
        /// for columns j..j+7 with 1 ≤ j and j + 8 ≤ w − 1.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Threshold(int j)
        {
            nuint l = (nuint)(j - 1), c = (nuint)j, r = (nuint)(j + 1);
            Vector256<int> sum = Load16To32(ref _up, l) + Load16To32(ref _up, c) + Load16To32(ref _up, r)
                + Load16To32(ref _mid, l) + Load16To32(ref _mid, r)
                + Load16To32(ref _down, l) + Load16To32(ref _down, c) + Load16To32(ref _down, r);
            Vector256<int> centre = Avx2.Abs(Load16To32(ref _centre, c)).AsInt32();
            return sum + Wrap16(Avx2.ShiftRightArithmetic(Avx2.MultiplyLow(centre, Vector256.Create(AdmTables.OneBy15Q17)) + Vector256.Create(2048), 12));
        }
    }

    /// <summary>
    /// Scale 0 <c>ADM_CM_ACCUM_ROUND</c> of one orientation on 8 lanes: x = max(|r·irf| − (thr &lt;&lt; s), 0),
    /// xsq = (int32)((x² + 2^(q−1)) &gt;&gt; q), val = (xsq·x + 2^(c−1)) &gt;&gt; c in int64, summed into 4 lanes.
    /// </summary>
    private readonly struct MaskedCube
    {
        private readonly Vector256<int> _irf;
        private readonly Vector128<int> _thrShift;
        private readonly Vector128<long> _squareShift;
        private readonly Vector256<ulong> _squareAdd;
        private readonly Vector128<long> _cubeShift;
        private readonly Vector256<long> _cubeAdd;
        private readonly Vector256<long> _cubeBias;

        public MaskedCube(int irf, int thrShift, int squareShift, int cubeShift)
        {
            _irf = Vector256.Create(irf);
            _thrShift = Vector128.CreateScalar(thrShift);
            _squareShift = Vector128.CreateScalar((long)squareShift);
            _squareAdd = Vector256.Create(1UL << (squareShift - 1));
            _cubeShift = Vector128.CreateScalar((long)cubeShift);

            // AVX2 has no 64-bit arithmetic shift: adding 2^63 makes the value unsigned, a logical shift then
            // floors it, and 2^(63 − c) is subtracted again: (v + 2^63) &gt;&gt;&gt; c − 2^(63 − c) = v &gt;&gt; c.
            _cubeAdd = Vector256.Create(unchecked(AdmScaleGeometry.RoundingOf(cubeShift) + long.MinValue));
            _cubeBias = Vector256.Create(unchecked((long)(1UL << (63 - cubeShift))));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<long> Apply(Vector256<int> restored, Vector256<int> thr)
        {
            // |r·irf| ≤ 32768 · 49417 < 2^31; thr &lt;&lt; s may wrap, as in C.
            Vector256<int> scaled = Avx2.MultiplyLow(restored, _irf);
            Vector256<int> x = Avx2.Max(Avx2.Abs(scaled).AsInt32() - Avx2.ShiftLeftLogical(thr, _thrShift), Vector256<int>.Zero);
            return Cubes(x);
        }

        /// <summary>Σ over 8 lanes of ((int32)((x² + 2^(q−1)) &gt;&gt; q) · x + 2^(c−1)) &gt;&gt; c for 0 ≤ x &lt; 2^31, as 4 int64 lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<long> Cubes(Vector256<int> x)
        {
            // Even lanes, then odd lanes moved down: x² < 2^62 (pmuludq), the shifted square's low dword is C's
            // int32 xsq (it may wrap negative), and pmuldq multiplies it signed by x.
            Vector256<long> even = Cube(x);
            Vector256<long> odd = Cube(Avx2.ShiftRightLogical(x.AsInt64(), 32).AsInt32());
            return even + odd;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<long> Cube(Vector256<int> x)
        {
            Vector256<ulong> square = Avx2.ShiftRightLogical(Avx2.Multiply(x.AsUInt32(), x.AsUInt32()) + _squareAdd, _squareShift.AsUInt64());
            Vector256<long> cube = Avx2.Multiply(square.AsInt32(), x) + _cubeAdd;
            return Avx2.ShiftRightLogical(cube, _cubeShift) - _cubeBias;
        }
    }

    /// <summary>
    /// <see cref="AdmScalar.AngleFlag"/> on 8 lanes from pmaddwd results: dot = oh·th + ov·tv, oo = oh² + ov²,
    /// tt = th² + tv². Returns all-ones where the angle test passes.
    /// </summary>
    /// <remarks>
    /// pmaddwd wraps only when both products are 2^30 (all four inputs −32768): the true value +2^31 then reads
    /// as int.MinValue, which no true value equals (dot ≥ −2^31 + 65536, oo, tt ≥ 0), so the float is corrected
    /// by flipping its sign. int32 → float rounds to nearest even from the exact integer, as C's int64 → float
    /// does. The comparison then runs in double exactly as C evaluates it: /4096 is a multiplication by 2^-12
    /// (exact), the square of a float is exact in double, and the right side is rounded in the same order.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> AngleFlag(Vector256<int> dot, Vector256<int> oo, Vector256<int> tt)
    {
        Vector256<int> minValue = Vector256.Create(int.MinValue);
        Vector256<float> dotF = Avx.ConvertToVector256Single(dot) ^ (Avx2.CompareEqual(dot, minValue) & minValue).AsSingle();
        Vector256<float> ooF = Avx.AndNot(minValue.AsSingle(), Avx.ConvertToVector256Single(oo));
        Vector256<float> ttF = Avx.AndNot(minValue.AsSingle(), Avx.ConvertToVector256Single(tt));
        Vector256<double> low = AngleFlag(dotF.GetLower(), ooF.GetLower(), ttF.GetLower());
        Vector256<double> high = AngleFlag(dotF.GetUpper(), ooF.GetUpper(), ttF.GetUpper());

        // Lanes after the shuffle: 0 1 4 5 | 2 3 6 7 (the low dword of each 64-bit mask); the permute restores 0..7.
        Vector256<float> narrowed = Avx.Shuffle(low.AsSingle(), high.AsSingle(), 0b10_00_10_00);
        return Avx2.Permute4x64(narrowed.AsDouble(), 0b11_01_10_00).AsInt32();
    }

    /// <summary>The double part of the angle test on 4 lanes (64-bit all-ones where it passes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> AngleFlag(Vector128<float> dotF, Vector128<float> ooF, Vector128<float> ttF)
    {
        Vector256<double> scale = Vector256.Create(1.0 / 4096.0);
        Vector256<double> cos2 = Vector256.Create((double)AdmTables.CosOneDegreeSquared);
        Vector256<double> dot = Avx.ConvertToVector256Double(dotF) * scale;
        Vector256<double> rhs = cos2 * (Avx.ConvertToVector256Double(ooF) * scale) * (Avx.ConvertToVector256Double(ttF) * scale);
        return Avx.CompareGreaterThanOrEqual(dot, Vector256<double>.Zero) & Avx.CompareGreaterThanOrEqual(dot * dot, rhs);
    }

    /// <summary>
    /// <see cref="AdmScalar"/>'s scale 0 restore on 16 coefficients: k = clamp((div_lookup[o] · t + 2^14) &gt;&gt; 15,
    /// 0, 2^15) (32768 for o = 0), r = (k·o + 2^14) &gt;&gt; 15, then the enhancement rule where the angle passed.
    /// </summary>
    /// <param name="o">The original coefficients.</param>
    /// <param name="t">The coefficients to restore.</param>
    /// <param name="angleLow">Angle mask of columns 0-3 8-11 (unpack-low order).</param>
    /// <param name="angleHigh">Angle mask of columns 4-7 12-15.</param>
    /// <param name="divLookup">libvmaf's div_lookup table, indexed by o.</param>
    /// <param name="gain">The enhancement-gain limit (adm_enhn_gain_limit) in the form the enhancement rule uses.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<short> RestoreS0(Vector256<short> o, Vector256<short> t, Vector256<int> angleLow, Vector256<int> angleHigh, int* divLookup, in GainLimit gain)
    {
        // Sign-extending unpacks: lanes 0-3 8-11 (low) and 4-7 12-15 (high), the order of the angle masks.
        Vector256<short> oSign = Avx2.ShiftRightArithmetic(o, 15), tSign = Avx2.ShiftRightArithmetic(t, 15);
        Vector256<int> low = RestoreS0(Avx2.UnpackLow(o, oSign).AsInt32(), Avx2.UnpackLow(t, tSign).AsInt32(), angleLow, divLookup, gain);
        Vector256<int> high = RestoreS0(Avx2.UnpackHigh(o, oSign).AsInt32(), Avx2.UnpackHigh(t, tSign).AsInt32(), angleHigh, divLookup, gain);

        // r always fits int16 (|k·o| ≤ 2^30, and the enhanced value lies between 0 and t), so the pack is exact.
        return Avx2.PackSignedSaturate(low, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<int> RestoreS0(Vector256<int> o, Vector256<int> t, Vector256<int> angle, int* divLookup, in GainLimit gain)
    {
        Vector256<int> q15 = Vector256.Create(32768);
        Vector256<int> div = Avx2.GatherVector256(divLookup, o + q15, 4);

        // div · t needs 64 bits (≤ 2^30 · 2^15): pmuldq on the even lanes, and on the odd lanes moved down.
        // The shifted value fits int32 (≤ 2^30), so a logical 64-bit shift leaves it exact in the low dword.
        Vector256<long> round = Vector256.Create(16384L);
        Vector256<long> even = Avx2.ShiftRightLogical(Avx2.Multiply(div, t) + round, 15);
        Vector256<long> odd = Avx2.ShiftRightLogical(Avx2.Multiply(Avx2.ShiftRightLogical(div.AsInt64(), 32).AsInt32(), Avx2.ShiftRightLogical(t.AsInt64(), 32).AsInt32()) + round, 15);
        Vector256<int> k = Avx2.Blend(even.AsInt32(), Avx2.ShiftLeftLogical(odd, 32).AsInt32(), 0b1010_1010);
        Vector256<int> oIsZero = Avx2.CompareEqual(o, Vector256<int>.Zero);
        k = Avx2.BlendVariable(k, q15, oIsZero);
        k = Avx2.Min(Avx2.Max(k, Vector256<int>.Zero), q15);

        // |k·o| ≤ 2^30: int32.
        Vector256<int> r = Avx2.ShiftRightArithmetic(Avx2.MultiplyLow(k, o) + Vector256.Create(16384), 15);

        // Enhancement: C computes min/max(r · limit, t) in double and truncates. For a whole limit (100, NEG's 1)
        // r · limit is an exact integer of at most 3.3e6, so int32 min/max give the same value; any other limit
        // takes the double path. o = 0 takes neither branch.
        Vector256<int> positive = Avx2.CompareGreaterThan(o, Vector256<int>.Zero);
        Vector256<int> enhanced = gain.IsWhole
            ? EnhanceWhole(r, t, positive, gain.Factor)
            : EnhanceDouble(r, t, positive, gain.Value);
        Vector256<int> apply = Avx2.AndNot(oIsZero, angle & Avx2.CompareGreaterThan(k, Vector256<int>.Zero));
        return Avx2.BlendVariable(r, enhanced, apply);
    }

    /// <summary>min(r · limit, t) where o &gt; 0, max where o &lt; 0, for a whole limit and |r · limit| within int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> EnhanceWhole(Vector256<int> r, Vector256<int> t, Vector256<int> positive, Vector256<int> factor)
    {
        Vector256<int> gained = Avx2.MultiplyLow(r, factor);
        return Avx2.BlendVariable(Avx2.Max(gained, t), Avx2.Min(gained, t), positive);
    }

    /// <summary>
    /// trunc(o &gt; 0 ? min(r · limit, t) : max(r · limit, t)) in double, as C evaluates it: int32 → double is exact,
    /// the product rounds once as C's does, C's MIN/MAX are <c>a &lt; b ? a : b</c> / <c>a &gt; b ? a : b</c>, and the result
    /// lies between 0 and t (or t and 0), so the truncating conversion is exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> EnhanceDouble(Vector256<int> r, Vector256<int> t, Vector256<int> positive, Vector256<double> limit)
    {
        return Vector256.Create(Half(r.GetLower(), t.GetLower(), positive.GetLower(), limit), Half(r.GetUpper(), t.GetUpper(), positive.GetUpper(), limit));

        static Vector128<int> Half(Vector128<int> r, Vector128<int> t, Vector128<int> positive, Vector256<double> limit)
        {
            Vector256<double> g = Avx.ConvertToVector256Double(r) * limit;
            Vector256<double> td = Avx.ConvertToVector256Double(t);
            Vector256<double> min = Avx.BlendVariable(td, g, Avx.CompareLessThan(g, td));
            Vector256<double> max = Avx.BlendVariable(td, g, Avx.CompareGreaterThan(g, td));
            Vector256<double> mask = Avx2.ConvertToVector256Int64(positive).AsDouble();
            return Avx.ConvertToVector128Int32WithTruncation(Avx.BlendVariable(max, min, mask));
        }
    }

    /// <summary>
    /// libvmaf's <c>adm_enhn_gain_limit</c> as the AVX2 decouple uses it: a whole limit as an int32 factor (with the
    /// largest |r| whose product stays within int32), any other as a double.
    /// </summary>
    internal readonly struct GainLimit
    {
        public GainLimit(double value)
        {
            Value = Vector256.Create(value);
            IsWhole = value == Math.Floor(value) && value >= 1 && value <= 100;
            int whole = IsWhole ? (int)value : 1;
            Factor = Vector256.Create(whole);
            Limit = Vector256.Create(int.MaxValue / whole);
        }

        /// <summary>True for a whole limit in [1, 100] (the default 100, NEG's 1): integer arithmetic is exact (|r · limit| ≤ 2^15 · 100 at scale 0).</summary>
        public bool IsWhole { get; }

        /// <summary>The whole limit in every lane.</summary>
        public Vector256<int> Factor { get; }

        /// <summary>The largest |r| with r · limit within int32.</summary>
        public Vector256<int> Limit { get; }

        /// <summary>The limit in every lane, as a double.</summary>
        public Vector256<double> Value { get; }
    }

    /// <summary>
    /// Scale 0 horizontal pass of one row: output columns [1, interior end) in 16-wide vectors, the rest through
    /// <see cref="AdmScalar.HorizontalS0"/>.
    /// </summary>
    private static void HorizontalS0(ReadOnlySpan<short> lo, ReadOnlySpan<short> hi, AdmScaleGeometry geometry, AdmRow<short> destination)
    {
        ReadOnlySpan<int> fl = AdmTables.DwtLo;
        ReadOnlySpan<int> fh = AdmTables.DwtHi;
        Vector256<short> lo01 = Pair(fl[0], fl[1]), lo23 = Pair(fl[2], fl[3]);
        Vector256<short> hi01 = Pair(fh[0], fh[1]), hi23 = Pair(fh[2], fh[3]);
        Vector256<int> round = Vector256.Create(32768);
        ref short l = ref MemoryMarshal.GetReference(lo);
        ref short h = ref MemoryMarshal.GetReference(hi);
        int w = geometry.Width;
        ref short a = ref MemoryMarshal.GetReference(destination.A[..w]);
        ref short v = ref MemoryMarshal.GetReference(destination.V[..w]);
        ref short hb = ref MemoryMarshal.GetReference(destination.H[..w]);
        ref short d = ref MemoryMarshal.GetReference(destination.D[..w]);

        AdmScalar.HorizontalS0(lo, hi, geometry, destination, 0, 1);
        int end = InteriorEnd(geometry);
        int j = 1;
        for (; j <= end - 16; j += 16)
        {
            // Loads at 2j − 1 give the pairs (s[2j − 1], s[2j]) of outputs j..j+7, loads at 2j + 1 the pairs
            // (s[2j + 1], s[2j + 2]); the last element read is s[2(j + 15) + 2], inside the interior.
            nuint x = (nuint)(2 * j - 1);
            Vector256<short> e0 = Vector256.LoadUnsafe(ref l, x), e1 = Vector256.LoadUnsafe(ref l, x + 16);
            Vector256<short> f0 = Vector256.LoadUnsafe(ref l, x + 2), f1 = Vector256.LoadUnsafe(ref l, x + 18);
            Filter(e0, f0, e1, f1, lo01, lo23, round).StoreUnsafe(ref a, (nuint)j);
            Filter(e0, f0, e1, f1, hi01, hi23, round).StoreUnsafe(ref v, (nuint)j);
            e0 = Vector256.LoadUnsafe(ref h, x);
            e1 = Vector256.LoadUnsafe(ref h, x + 16);
            f0 = Vector256.LoadUnsafe(ref h, x + 2);
            f1 = Vector256.LoadUnsafe(ref h, x + 18);
            Filter(e0, f0, e1, f1, lo01, lo23, round).StoreUnsafe(ref hb, (nuint)j);
            Filter(e0, f0, e1, f1, hi01, hi23, round).StoreUnsafe(ref d, (nuint)j);
        }

        AdmScalar.HorizontalS0(lo, hi, geometry, destination, j, geometry.Width);
    }

    /// <summary>
    /// 16 horizontal outputs (Σf·s + 2^15) &gt;&gt; 16 from the tap pairs of outputs 0..7 (e0, f0) and 8..15 (e1, f1).
    /// |Σf·s| ≤ 54822 · 32768 &lt; 2^31 and pmaddwd cannot hit its one overflow (no tap is −32768).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Filter(Vector256<short> e0, Vector256<short> f0, Vector256<short> e1, Vector256<short> f1, Vector256<short> c01, Vector256<short> c23, Vector256<int> round)
    {
        Vector256<int> s0 = Avx2.ShiftRightArithmetic(Avx2.MultiplyAddAdjacent(e0, c01) + Avx2.MultiplyAddAdjacent(f0, c23) + round, 16);
        Vector256<int> s1 = Avx2.ShiftRightArithmetic(Avx2.MultiplyAddAdjacent(e1, c01) + Avx2.MultiplyAddAdjacent(f1, c23) + round, 16);

        // |s| ≤ 27411, so the saturating pack is exact. Lanes: 0-3 8-11 | 4-7 12-15, hence the qword permute.
        return Avx2.Permute4x64(Avx2.PackSignedSaturate(s0, s1).AsInt64(), 0b11_01_10_00).AsInt16();
    }

    /// <summary>
    /// The scale 0 vertical filter pair (lo, hi) as pmaddwd operands, with the recentring, rounding and
    /// (for biased input) the Σf · 32768 correction folded into one int32 addend per filter.
    /// </summary>
    private readonly struct VerticalTaps
    {
        private readonly Vector256<short> _lo01;
        private readonly Vector256<short> _lo23;
        private readonly Vector256<short> _hi01;
        private readonly Vector256<short> _hi23;
        private readonly Vector256<int> _loAdd;
        private readonly Vector256<int> _hiAdd;
        private readonly Vector128<int> _shift;

        /// <param name="bitDepth">Input bits per sample: the shift (taken as 16 − bd left, then 16 right), and the rounding 2^(bd − 1).</param>
        /// <param name="biased">Input samples arrive as p − 32768 (16-bit input, so that they fit int16).</param>
        public VerticalTaps(int bitDepth, bool biased)
        {
            ReadOnlySpan<int> fl = AdmTables.DwtLo;
            ReadOnlySpan<int> fh = AdmTables.DwtHi;
            _lo01 = Pair(fl[0], fl[1]);
            _lo23 = Pair(fl[2], fl[3]);
            _hi01 = Pair(fh[0], fh[1]);
            _hi23 = Pair(fh[2], fh[3]);
            int round = 1 << (bitDepth - 1);
            int bias = biased ? 32768 : 0;
            int hiSum = fh[0] + fh[1] + fh[2] + fh[3];

            // Σf·p = Σf·(p − 32768) + Σf·32768; the int32 wrap of these constants is the same wrap C's
            // accumulator takes for 16-bit input (digest §4.2), and the final value is exact.
            _loAdd = Vector256.Create(unchecked((AdmTables.DwtLoSum * bias) - (AdmTables.DwtLoSum * round) + round));
            _hiAdd = Vector256.Create(unchecked((hiSum * bias) + round));
            _shift = Vector128.CreateScalar(16 - bitDepth);
        }

        /// <summary>lo and hi of 16 columns from the 4 tap rows (int16 lanes in column order).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(Vector256<short> p0, Vector256<short> p1, Vector256<short> p2, Vector256<short> p3, out Vector256<short> lo, out Vector256<short> hi)
        {
            // Lanes after the unpacks: (p0, p1) pairs of columns 0-3 8-11 (low) and 4-7 12-15 (high).
            Vector256<short> u01l = Avx2.UnpackLow(p0, p1), u01h = Avx2.UnpackHigh(p0, p1);
            Vector256<short> u23l = Avx2.UnpackLow(p2, p3), u23h = Avx2.UnpackHigh(p2, p3);

            // |Σ| ≤ 32768 · 54822 < 2^31 before the addend, whose wrap is intended (see the constructor).
            lo = Narrow(Avx2.MultiplyAddAdjacent(u01l, _lo01) + Avx2.MultiplyAddAdjacent(u23l, _lo23) + _loAdd, Avx2.MultiplyAddAdjacent(u01h, _lo01) + Avx2.MultiplyAddAdjacent(u23h, _lo23) + _loAdd);
            hi = Narrow(Avx2.MultiplyAddAdjacent(u01l, _hi01) + Avx2.MultiplyAddAdjacent(u23l, _hi23) + _hiAdd, Avx2.MultiplyAddAdjacent(u01h, _hi01) + Avx2.MultiplyAddAdjacent(u23h, _hi23) + _hiAdd);
        }

        /// <summary>
        /// C's <c>(int16_t)(sum &gt;&gt; bd)</c>: shifting left by 16 − bd and then arithmetically right by 16 keeps
        /// bits bd..bd+15 sign-extended, i.e. the wrapped int16, so the saturating pack is exact even for samples
        /// above the bit depth (valid samples give ±27411 anyway). Packing the low and high unpack halves lane by
        /// lane restores column order 0-7 | 8-15.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<short> Narrow(Vector256<int> low, Vector256<int> high) => Avx2.PackSignedSaturate(
            Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(low, _shift), 16),
            Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(high, _shift), 16));
    }
}
