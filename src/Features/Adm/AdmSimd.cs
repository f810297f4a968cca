using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using VmafTiny.Features.Simd;

namespace VmafTiny.Features.Adm;

/// <summary>
/// The SIMD ADM kernels, written once for every register width (<see cref="Simd256"/>: the "avx2" kernels,
/// <see cref="Simd512"/>: "avx512"), bit-exact with <see cref="AdmScalar"/>. Each stage runs whole registers over
/// the columns that need no border handling and hands the rest (DWT column 0, the mirrored tail, the last partial
/// register, masking's border columns) to <see cref="AdmScalar"/>'s column-range helpers.
/// </summary>
/// <remarks>
/// <para>
/// Written from integer_adm.c's C path, not from libvmaf's adm_avx2.c / adm_avx512.c, whose DWT reads past the
/// row on the mirrored last column for some widths (digest §4.11); here no load crosses the logical row end.
/// </para>
/// <para>
/// Scale 0 (int16 bands) and the scales 1–3 DWT are the same arithmetic at both widths: word pairs through
/// <c>vpmaddwd</c>, dword lanes, and int64 products on the even and odd dwords (<c>vpmuldq</c>) where C needs 64
/// bits. The scales 1–3 band stages (decouple, CSF, denominator, masking) are not: they are int64 arithmetic,
/// which AVX-512 has (<see cref="AdmS123Avx512"/>) and AVX2 rebuilds from 32-bit pieces (<see cref="AdmS123Avx2"/>),
/// so each width has its own.
/// </para>
/// </remarks>
/// <typeparam name="TSimd">The register width.</typeparam>
/// <typeparam name="TVector">Its register type.</typeparam>
internal sealed partial class AdmSimd<TSimd, TVector> : IAdmKernels
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
{
    /// <summary>The one instance (the class is stateless).</summary>
    public static readonly AdmSimd<TSimd, TVector> Instance = new();

    private AdmSimd()
    {
    }

    /// <summary>
    /// True when the CPU and runtime run this width; AVX-512's scales 1–3 stages also need DQ (vcvtqq2ps,
    /// vpmullq) and CD (vplzcntq), which every AVX-512 CPU since Skylake-SP and Zen 4 has.
    /// </summary>
    public static bool IsSupported => TSimd.IsSupported && (!Is512 || (Avx512DQ.IsSupported && Avx512CD.IsSupported));

    /// <inheritdoc/>
    public string Name => CpuDispatch.Name(TSimd.Path);

    /// <summary>True for the AVX-512 width (a JIT-time constant: each instantiation keeps one branch).</summary>
    /// <remarks>
    /// Inlined by force: its IL is above the size the JIT always inlines, and in the large row kernels (decouple) the
    /// inlining budget ran out, which left it a call per register, in precompiled and tier-1 code alike.
    /// </remarks>
    private static bool Is512
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(TSimd) == typeof(Simd512);
    }

    /// <summary>Dword lanes per register (words: twice as many).</summary>
    private static int Lanes => TSimd.Int32Count;

    /// <inheritdoc/>
    /// <remarks>SIMD version of <see cref="AdmScalar.Dwt2Row8"/>.</remarks>
    public void Dwt2Row8(ReadOnlySpan<byte> r0, ReadOnlySpan<byte> r1, ReadOnlySpan<byte> r2, ReadOnlySpan<byte> r3, AdmScaleGeometry geometry, in AdmRow<short> destination, Span<short> scratch)
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
        int step = 2 * Lanes;
        int vectorStop = VectorEnd(0, w, step);
        for (int next = 0; next < vectorStop; next += step)
        {
            int j = Math.Min(next, w - step);
            // vpmovzxbw: 2n samples to int16, in column order.
            taps.Apply(
                TSimd.LoadWidenUInt8ToInt16(ref p0, (nuint)j),
                TSimd.LoadWidenUInt8ToInt16(ref p1, (nuint)j),
                TSimd.LoadWidenUInt8ToInt16(ref p2, (nuint)j),
                TSimd.LoadWidenUInt8ToInt16(ref p3, (nuint)j),
                out TVector vl,
                out TVector vh);
            TSimd.Store(vl, ref l, (nuint)j);
            TSimd.Store(vh, ref h, (nuint)j);
        }

        AdmScalar.VerticalS0(r0, r1, r2, r3, 8, lo, hi, vectorStop, w);
        HorizontalS0(lo, hi, geometry, destination);
    }

    /// <inheritdoc/>
    /// <remarks>SIMD version of <see cref="AdmScalar.Dwt2Row16"/>.</remarks>
    public void Dwt2Row16(ReadOnlySpan<ushort> r0, ReadOnlySpan<ushort> r1, ReadOnlySpan<ushort> r2, ReadOnlySpan<ushort> r3, int bitDepth, AdmScaleGeometry geometry, in AdmRow<short> destination, Span<short> scratch)
    {
        int w = geometry.InputWidth;
        Span<short> lo = scratch[..w];
        Span<short> hi = scratch.Slice(w, w);
        var taps = new VerticalTaps(bitDepth, biased: true);
        TVector bias = TSimd.CreateInt16(short.MinValue);
        ref ushort p0 = ref MemoryMarshal.GetReference(r0[..w]);
        ref ushort p1 = ref MemoryMarshal.GetReference(r1[..w]);
        ref ushort p2 = ref MemoryMarshal.GetReference(r2[..w]);
        ref ushort p3 = ref MemoryMarshal.GetReference(r3[..w]);
        ref short l = ref MemoryMarshal.GetReference(lo);
        ref short h = ref MemoryMarshal.GetReference(hi);
        int step = 2 * Lanes;
        int vectorStop = VectorEnd(0, w, step);
        for (int next = 0; next < vectorStop; next += step)
        {
            int j = Math.Min(next, w - step);
            // p − 32768 fits int16 for vpmaddwd; VerticalTaps adds Σf · 32768 back.
            taps.Apply(
                TSimd.Xor(TSimd.Load(ref p0, (nuint)j), bias),
                TSimd.Xor(TSimd.Load(ref p1, (nuint)j), bias),
                TSimd.Xor(TSimd.Load(ref p2, (nuint)j), bias),
                TSimd.Xor(TSimd.Load(ref p3, (nuint)j), bias),
                out TVector vl,
                out TVector vh);
            TSimd.Store(vl, ref l, (nuint)j);
            TSimd.Store(vh, ref h, (nuint)j);
        }

        AdmScalar.VerticalS0(r0, r1, r2, r3, bitDepth, lo, hi, vectorStop, w);
        HorizontalS0(lo, hi, geometry, destination);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// SIMD version of <see cref="AdmScalar.Dwt2RowS123"/>: both passes on the even and the odd dwords (vpmuldq, int64
    /// sums), n input columns (vertical) and n outputs (horizontal) per step; the rest through
    /// <see cref="AdmScalar.VerticalS123"/> and <see cref="AdmScalar.HorizontalS123"/>.
    /// </remarks>
    public void Dwt2RowS123(ReadOnlySpan<int> r0, ReadOnlySpan<int> r1, ReadOnlySpan<int> r2, ReadOnlySpan<int> r3, AdmScaleGeometry geometry, in AdmRow<int> destination, Span<int> scratch)
    {
        int w = geometry.InputWidth;
        Span<int> lo = scratch[..w];
        Span<int> hi = scratch.Slice(w, w);
        int s = geometry.Scale - 1;
        var vertical = new FilterS123(AdmTables.DwtS123VerticalAdd[s], AdmTables.DwtS123VerticalShift[s]);
        ref int p0 = ref MemoryMarshal.GetReference(r0[..w]);
        ref int p1 = ref MemoryMarshal.GetReference(r1[..w]);
        ref int p2 = ref MemoryMarshal.GetReference(r2[..w]);
        ref int p3 = ref MemoryMarshal.GetReference(r3[..w]);
        ref int l = ref MemoryMarshal.GetReference(lo);
        ref int h = ref MemoryMarshal.GetReference(hi);
        int vectorStop = VectorEnd(0, w, Lanes);
        for (int next = 0; next < vectorStop; next += Lanes)
        {
            int j = Math.Min(next, w - Lanes);
            TVector x0 = TSimd.Load(ref p0, (nuint)j), x1 = TSimd.Load(ref p1, (nuint)j);
            TVector x2 = TSimd.Load(ref p2, (nuint)j), x3 = TSimd.Load(ref p3, (nuint)j);

            // Odd columns moved down to the even dwords, where vpmuldq reads them.
            TVector y0 = TSimd.Odd(x0), y1 = TSimd.Odd(x1), y2 = TSimd.Odd(x2), y3 = TSimd.Odd(x3);
            TSimd.Store(TSimd.Join(vertical.Lo(x0, x1, x2, x3), vertical.Lo(y0, y1, y2, y3)), ref l, (nuint)j);
            TSimd.Store(TSimd.Join(vertical.Hi(x0, x1, x2, x3), vertical.Hi(y0, y1, y2, y3)), ref h, (nuint)j);
        }

        AdmScalar.VerticalS123(r0, r1, r2, r3, geometry.Scale, lo, hi, vectorStop, w);
        HorizontalS123(lo, hi, geometry, destination, AdmTables.DwtS123HorizontalAdd[s], AdmTables.DwtS123HorizontalShift[s]);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// SIMD version of <see cref="AdmScalar.DecoupleRow"/>: 2n coefficients per step, the rest through
    /// <see cref="AdmScalar.DecoupleRange"/>. A gain limit that is not whole (<see cref="AdmTables.IsWholeGainLimit"/>:
    /// only through a model string or <c>--feature</c>) takes the scalar code for the whole row.
    /// </remarks>
    public unsafe void DecoupleRow(in AdmRow<short> reference, in AdmRow<short> distorted, AdmScaleGeometry geometry, double gainLimit, in AdmRow<short> restored, in AdmRow<short> additive)
    {
        AdmRegion region = geometry.Taps;
        if (!AdmTables.IsWholeGainLimit(gainLimit))
        {
            AdmScalar.DecoupleRange(reference, distorted, restored, additive, region.Left, region.Right, gainLimit);
            return;
        }

        TVector factor = TSimd.CreateInt32((int)gainLimit);
        int w = geometry.Width;
        ref short oH = ref MemoryMarshal.GetReference(reference.H[..w]), oV = ref MemoryMarshal.GetReference(reference.V[..w]), oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        ref short tH = ref MemoryMarshal.GetReference(distorted.H[..w]), tV = ref MemoryMarshal.GetReference(distorted.V[..w]), tD = ref MemoryMarshal.GetReference(distorted.D[..w]);
        ref short rH = ref MemoryMarshal.GetReference(restored.H[..w]), rV = ref MemoryMarshal.GetReference(restored.V[..w]), rD = ref MemoryMarshal.GetReference(restored.D[..w]);
        ref short aH = ref MemoryMarshal.GetReference(additive.H[..w]), aV = ref MemoryMarshal.GetReference(additive.V[..w]), aD = ref MemoryMarshal.GetReference(additive.D[..w]);
        int step = 2 * Lanes;
        int vectorEnd = VectorEnd(region.Left, region.Right, step);
        fixed (int* divLookup = AdmTables.DivLookup)
        {
            for (int next = region.Left; next < vectorEnd; next += step)
            {
                nuint x = (nuint)Math.Min(next, region.Right - step);
                TVector oh = TSimd.Load(ref oH, x), ov = TSimd.Load(ref oV, x), od = TSimd.Load(ref oD, x);
                TVector th = TSimd.Load(ref tH, x), tv = TSimd.Load(ref tV, x), td = TSimd.Load(ref tD, x);

                // Lanes after the unpacks: (h, v) pairs of each 128-bit lane's columns 0-3 (low) and 4-7 (high);
                // every int32 quantity below keeps this order, and the final packs restore column order.
                TVector po = TSimd.UnpackLowInt16(oh, ov), pt = TSimd.UnpackLowInt16(th, tv);
                TVector angleLow = AngleFlag(TSimd.MultiplyAddAdjacent(po, pt), TSimd.MultiplyAddAdjacent(po, po), TSimd.MultiplyAddAdjacent(pt, pt));
                po = TSimd.UnpackHighInt16(oh, ov);
                pt = TSimd.UnpackHighInt16(th, tv);
                TVector angleHigh = AngleFlag(TSimd.MultiplyAddAdjacent(po, pt), TSimd.MultiplyAddAdjacent(po, po), TSimd.MultiplyAddAdjacent(pt, pt));

                // As gates, 1 where the angle passed and 0 elsewhere: RestoreS0 folds them into one minimum and one compare.
                angleLow = TSimd.SubtractInt32(TSimd.Zero, angleLow);
                angleHigh = TSimd.SubtractInt32(TSimd.Zero, angleHigh);

                TVector rh = RestoreS0(oh, th, angleLow, angleHigh, divLookup, factor);
                TVector rv = RestoreS0(ov, tv, angleLow, angleHigh, divLookup, factor);
                TVector rd = RestoreS0(od, td, angleLow, angleHigh, divLookup, factor);
                TSimd.Store(rh, ref rH, x);
                TSimd.Store(rv, ref rV, x);
                TSimd.Store(rd, ref rD, x);

                // C narrows t − r to int16; vpsubw wraps the same way.
                TSimd.Store(TSimd.SubtractInt16(th, rh), ref aH, x);
                TSimd.Store(TSimd.SubtractInt16(tv, rv), ref aV, x);
                TSimd.Store(TSimd.SubtractInt16(td, rd), ref aD, x);
            }
        }

        AdmScalar.DecoupleRange(reference, distorted, restored, additive, vectorEnd, region.Right, gainLimit);
    }

    /// <inheritdoc/>
    /// <remarks>SIMD version of <see cref="AdmScalar.CsfRow"/>: 2n coefficients per step, the rest through <see cref="AdmScalar.CsfRange"/>.</remarks>
    public void CsfRow(in AdmRow<short> additive, AdmScaleGeometry geometry, in AdmRow<short> csfA, in AdmRow<short> csfF)
    {
        AdmRegion region = geometry.Taps;
        int w = geometry.Width;
        int end = VectorEnd(region.Left, region.Right, 2 * Lanes);
        for (int theta = 0; theta < 3; theta++)
        {
            CsfBand(
                ref MemoryMarshal.GetReference(additive.Detail(theta)[..w]), ref MemoryMarshal.GetReference(csfA.Detail(theta)[..w]),
                ref MemoryMarshal.GetReference(csfF.Detail(theta)[..w]), region.Left, region.Right, end, theta);
            AdmScalar.CsfRange(additive, csfA, csfF, theta, end, region.Right);
        }
    }

    /// <summary>
    /// The whole registers of <see cref="CsfRow"/> for orientation <paramref name="theta"/>, columns [left, end); apart
    /// from the scalar call and not inlined, as <see cref="HorizontalS0Interior"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CsfBand(ref short src, ref short dstA, ref short dstF, int left, int right, int end, int theta)
    {
        TVector oneBy30 = TSimd.CreateInt32(AdmTables.OneBy30Q17), round12 = TSimd.CreateInt32(2048);
        TVector factor = TSimd.CreateInt32(AdmTables.IRFactorScale0[theta]);
        TVector add = TSimd.CreateInt32(AdmTables.CsfScale0Add[theta]);
        int shift = AdmTables.CsfScale0Shift[theta];
        int step = 2 * Lanes;
        for (int next = left; next < end; next += step)
        {
            int j = Math.Min(next, right - step);
            TVector a = TSimd.Load(ref src, (nuint)j);

            // Sign-extending unpacks: each 128-bit lane's columns 0-3 (low) and 4-7 (high); the packs restore the order.
            TVector sign = TSimd.ShiftRightArithmeticInt16(a, 15);
            TVector lowA = TSimd.UnpackLowInt16(a, sign), highA = TSimd.UnpackHighInt16(a, sign);

            // |factor · a| < 49417 · 32768 < 2^31; the int16 store wraps (replicated by Wrap16).
            TVector lowC = Wrap16(TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(lowA, factor), add), shift));
            TVector highC = Wrap16(TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(highA, factor), add), shift));
            TSimd.Store(TSimd.PackSignedSaturateInt32(lowC, highC), ref dstA, (nuint)j);

            // 4369 · |c| ≤ 4369 · 32768 fits int32; the int16 store wraps for |c| > 30720.
            TVector lowF = Wrap16(TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(TSimd.AbsInt32(lowC), oneBy30), round12), 12));
            TVector highF = Wrap16(TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(TSimd.AbsInt32(highC), oneBy30), round12), 12));
            TSimd.Store(TSimd.PackSignedSaturateInt32(lowF, highF), ref dstF, (nuint)j);
        }
    }

    /// <inheritdoc/>
    /// <remarks>SIMD version of <see cref="AdmScalar.CsfDenRow"/>: n coefficients per step, the rest through <see cref="AdmScalar.CsfDenRange"/>.</remarks>
    public AdmDenSums CsfDenRow(in AdmRow<short> reference, AdmScaleGeometry geometry)
    {
        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;
        ref short oH = ref MemoryMarshal.GetReference(reference.H[..w]);
        ref short oV = ref MemoryMarshal.GetReference(reference.V[..w]);
        ref short oD = ref MemoryMarshal.GetReference(reference.D[..w]);
        TVector sumH = TSimd.Zero, sumV = TSimd.Zero, sumD = TSimd.Zero;
        int j = region.Left;
        for (; j <= region.Right - Lanes; j += Lanes)
        {
            sumH = TSimd.AddInt64(sumH, Cubes(TSimd.LoadWidenInt16ToInt32(ref oH, (nuint)j)));
            sumV = TSimd.AddInt64(sumV, Cubes(TSimd.LoadWidenInt16ToInt32(ref oV, (nuint)j)));
            sumD = TSimd.AddInt64(sumD, Cubes(TSimd.LoadWidenInt16ToInt32(ref oD, (nuint)j)));
        }

        if (j < region.Right && region.Right - region.Left >= Lanes)
        {
            // The last register overlaps the one before; the lanes it summed are zeroed (|0|³ = 0).
            int k = region.Right - Lanes;
            TVector fresh = Fresh(j - k);
            sumH = TSimd.AddInt64(sumH, Cubes(TSimd.And(TSimd.LoadWidenInt16ToInt32(ref oH, (nuint)k), fresh)));
            sumV = TSimd.AddInt64(sumV, Cubes(TSimd.And(TSimd.LoadWidenInt16ToInt32(ref oV, (nuint)k), fresh)));
            sumD = TSimd.AddInt64(sumD, Cubes(TSimd.And(TSimd.LoadWidenInt16ToInt32(ref oD, (nuint)k), fresh)));
        }

        AdmDenSums tail = AdmScalar.CsfDenRange(reference, VectorEnd(region.Left, region.Right, Lanes), region.Right);
        return new AdmDenSums(
            unchecked((ulong)TSimd.SumInt64(sumH)) + tail.H,
            unchecked((ulong)TSimd.SumInt64(sumV)) + tail.V,
            unchecked((ulong)TSimd.SumInt64(sumD)) + tail.D);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <para>
    /// SIMD version of <see cref="AdmScalar.CmRow"/>: n coefficients per step over the columns whose 3x3 neighbourhood
    /// lies inside the band; column 0, column w − 1 and the last partial register go through <see cref="AdmScalar.CmRange"/>.
    /// </para>
    /// <para>
    /// The threshold is the same for the three orientations and its 3x3 sums overlap from one column to the next, so
    /// a first pass forms, per column, the sum S of f over the three rows and three orientations and the centre's
    /// correction E = Σ(|c|/15 term − f of the middle row); the threshold of column j is then S[j − 1] + S[j] +
    /// S[j + 1] + E[j] (int32 sums wrap as C's do, and a wrapped sum does not depend on the order): 12 widened loads
    /// a register instead of 27.
    /// </para>
    /// </remarks>
    [SkipLocalsInit]
    public AdmNumSums CmRow(in AdmRow<short> restored, in AdmRow<short> csfA, in AdmRow<short> csfFUp, in AdmRow<short> csfF, in AdmRow<short> csfFDown, AdmScaleGeometry geometry)
    {
        AdmRegion region = geometry.Evaluation;
        int w = geometry.Width;
        int first = Math.Max(region.Left, 1), last = Math.Min(region.Right, w - 1);
        AdmNumSums head = region.Left < first ? AdmScalar.CmRange(restored, csfA, csfFUp, csfF, csfFDown, geometry, region.Left, first) : default;
        if (last - first < Lanes)
        {
            AdmNumSums rest = AdmScalar.CmRange(restored, csfA, csfFUp, csfF, csfFDown, geometry, first, region.Right);
            return new AdmNumSums(head.H + rest.H, head.V + rest.V, head.D + rest.D);
        }

        // Columns first − 1 .. last (inside the band: first ≥ 1, last ≤ w − 1); S at index k is column first − 1 + k.
        int columns = last - first + 2;
        Span<int> sums = columns <= MaxStackColumns ? stackalloc int[2 * columns] : new int[2 * columns];
        ref int s = ref MemoryMarshal.GetReference(sums);
        ref int e = ref Unsafe.Add(ref s, columns);
        ThresholdSums(csfA, csfFUp, csfF, csfFDown, w, first - 1, columns, ref s, ref e);

        AdmNumSums body = CmInterior(
            ref s, ref e, ref MemoryMarshal.GetReference(restored.H[..w]), ref MemoryMarshal.GetReference(restored.V[..w]),
            ref MemoryMarshal.GetReference(restored.D[..w]), first, last, geometry.CmCubeShiftHv, geometry.CmCubeShiftD);
        AdmNumSums tail = AdmScalar.CmRange(restored, csfA, csfFUp, csfF, csfFDown, geometry, last, region.Right);
        return new AdmNumSums(head.H + body.H + tail.H, head.V + body.V + tail.V, head.D + body.D + tail.D);
    }

    /// <summary>
    /// The masking sums of <see cref="CmRow"/>'s columns [<paramref name="first"/>, <paramref name="last"/>) (at least n),
    /// from the threshold sums at <paramref name="s"/> and <paramref name="e"/>. Not inlined, and summed before the
    /// scalar tail's call: with that call after the loop the JIT kept the sums and constants on the stack in it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static AdmNumSums CmInterior(ref int s, ref int e, ref short rH, ref short rV, ref short rD, int first, int last, int cubeShiftHv, int cubeShiftD)
    {
        ReadOnlySpan<int> irf = AdmTables.IRFactorScale0;
        ReadOnlySpan<int> thrShift = AdmTables.CmScale0ThresholdShift;
        ReadOnlySpan<int> sqShift = AdmTables.CmScale0SquareShift;
        var bandH = new MaskedCube(irf[0], thrShift[0], sqShift[0], cubeShiftHv);
        var bandV = new MaskedCube(irf[1], thrShift[1], sqShift[1], cubeShiftHv);
        var bandD = new MaskedCube(irf[2], thrShift[2], sqShift[2], cubeShiftD);
        TVector sumH = TSimd.Zero, sumV = TSimd.Zero, sumD = TSimd.Zero;
        int j = first;
        for (; j <= last - Lanes; j += Lanes)
        {
            TVector thr = Threshold(ref s, ref e, (nuint)(j - first));
            sumH = TSimd.AddInt64(sumH, bandH.Apply(TSimd.LoadWidenInt16ToInt32(ref rH, (nuint)j), thr, TSimd.AllBitsSet));
            sumV = TSimd.AddInt64(sumV, bandV.Apply(TSimd.LoadWidenInt16ToInt32(ref rV, (nuint)j), thr, TSimd.AllBitsSet));
            sumD = TSimd.AddInt64(sumD, bandD.Apply(TSimd.LoadWidenInt16ToInt32(ref rD, (nuint)j), thr, TSimd.AllBitsSet));
        }

        if (j < last)
        {
            // The last register overlaps the one before; the lanes it summed get x = 0 (a zero term).
            int k = last - Lanes;
            TVector fresh = Fresh(j - k);
            TVector thr = Threshold(ref s, ref e, (nuint)(k - first));
            sumH = TSimd.AddInt64(sumH, bandH.Apply(TSimd.LoadWidenInt16ToInt32(ref rH, (nuint)k), thr, fresh));
            sumV = TSimd.AddInt64(sumV, bandV.Apply(TSimd.LoadWidenInt16ToInt32(ref rV, (nuint)k), thr, fresh));
            sumD = TSimd.AddInt64(sumD, bandD.Apply(TSimd.LoadWidenInt16ToInt32(ref rD, (nuint)k), thr, fresh));
        }

        return new AdmNumSums(TSimd.SumInt64(sumH), TSimd.SumInt64(sumV), TSimd.SumInt64(sumD));
    }

    /// <summary>Most columns whose threshold sums <see cref="CmRow"/> keeps on the stack (32 kB, an 8K frame's band); wider bands allocate.</summary>
    private const int MaxStackColumns = 4096;

    /// <summary>
    /// The first pass of <see cref="CmRow"/> over <paramref name="columns"/> (≥ n) columns from <paramref name="start"/>:
    /// S = Σ over h, v, d of f above + f at + f below (each ≤ 32768 in magnitude: fits int32) into
    /// <paramref name="s"/>, and E = Σ over h, v, d of (int16 (8738·|c| + 2048) &gt;&gt; 12 − f at) into
    /// <paramref name="e"/>. The last register overlaps the one before (the same values written again).
    /// </summary>
    private static void ThresholdSums(in AdmRow<short> csfA, in AdmRow<short> csfFUp, in AdmRow<short> csfF, in AdmRow<short> csfFDown, int w, int start, int columns, ref int s, ref int e)
    {
        ref short cH = ref MemoryMarshal.GetReference(csfA.H[..w]), cV = ref MemoryMarshal.GetReference(csfA.V[..w]), cD = ref MemoryMarshal.GetReference(csfA.D[..w]);
        ref short uH = ref MemoryMarshal.GetReference(csfFUp.H[..w]), uV = ref MemoryMarshal.GetReference(csfFUp.V[..w]), uD = ref MemoryMarshal.GetReference(csfFUp.D[..w]);
        ref short mH = ref MemoryMarshal.GetReference(csfF.H[..w]), mV = ref MemoryMarshal.GetReference(csfF.V[..w]), mD = ref MemoryMarshal.GetReference(csfF.D[..w]);
        ref short dH = ref MemoryMarshal.GetReference(csfFDown.H[..w]), dV = ref MemoryMarshal.GetReference(csfFDown.V[..w]), dD = ref MemoryMarshal.GetReference(csfFDown.D[..w]);
        TVector oneBy15 = TSimd.CreateInt32(AdmTables.OneBy15Q17), round12 = TSimd.CreateInt32(2048);
        for (int next = 0; next < columns; next += Lanes)
        {
            int k = Math.Min(next, columns - Lanes);
            nuint x = (nuint)(start + k);
            TVector mid = TSimd.AddInt32(TSimd.AddInt32(TSimd.LoadWidenInt16ToInt32(ref mH, x), TSimd.LoadWidenInt16ToInt32(ref mV, x)), TSimd.LoadWidenInt16ToInt32(ref mD, x));
            TVector up = TSimd.AddInt32(TSimd.AddInt32(TSimd.LoadWidenInt16ToInt32(ref uH, x), TSimd.LoadWidenInt16ToInt32(ref uV, x)), TSimd.LoadWidenInt16ToInt32(ref uD, x));
            TVector down = TSimd.AddInt32(TSimd.AddInt32(TSimd.LoadWidenInt16ToInt32(ref dH, x), TSimd.LoadWidenInt16ToInt32(ref dV, x)), TSimd.LoadWidenInt16ToInt32(ref dD, x));
            TSimd.Store(TSimd.AddInt32(TSimd.AddInt32(up, mid), down), ref s, (nuint)k);
            TVector terms = TSimd.AddInt32(
                TSimd.AddInt32(CentreTerm(TSimd.LoadWidenInt16ToInt32(ref cH, x), oneBy15, round12), CentreTerm(TSimd.LoadWidenInt16ToInt32(ref cV, x), oneBy15, round12)),
                CentreTerm(TSimd.LoadWidenInt16ToInt32(ref cD, x), oneBy15, round12));
            TSimd.Store(TSimd.SubtractInt32(terms, mid), ref e, (nuint)k);
        }
    }

    /// <summary>The centre's int16 (8738·|c| + 2048) &gt;&gt; 12 (8738 · 32768 &lt; 2^31), sign-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector CentreTerm(TVector c, TVector oneBy15, TVector round12) =>
        Wrap16(TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(TSimd.AbsInt32(c), oneBy15), round12), 12));

    /// <summary>The threshold of the n columns whose S index (column − first + 1) starts at <paramref name="k"/> + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Threshold(ref int s, ref int e, nuint k) => TSimd.AddInt32(
        TSimd.AddInt32(TSimd.Load(ref s, k), TSimd.Load(ref s, k + 1)),
        TSimd.AddInt32(TSimd.Load(ref s, k + 2), TSimd.Load(ref e, k + 1)));

    /// <inheritdoc/>
    public void DecoupleRowS123(in AdmRow<int> reference, in AdmRow<int> distorted, AdmScaleGeometry geometry, double gainLimit, in AdmRow<int> restored, in AdmRow<int> additive)
    {
        if (Is512)
        {
            AdmS123Avx512.DecoupleRow(reference, distorted, geometry, gainLimit, restored, additive);
        }
        else
        {
            AdmS123Avx2.DecoupleRow(reference, distorted, geometry, gainLimit, restored, additive);
        }
    }

    /// <inheritdoc/>
    public void CsfRowS123(in AdmRow<int> additive, AdmScaleGeometry geometry, in AdmRow<int> csfA, in AdmRow<int> csfF)
    {
        if (Is512)
        {
            AdmS123Avx512.CsfRow(additive, geometry, csfA, csfF);
        }
        else
        {
            AdmS123Avx2.CsfRow(additive, geometry, csfA, csfF);
        }
    }

    /// <inheritdoc/>
    public AdmDenSums CsfDenRowS123(in AdmRow<int> reference, AdmScaleGeometry geometry) =>
        Is512 ? AdmS123Avx512.CsfDenRow(reference, geometry) : AdmS123Avx2.CsfDenRow(reference, geometry);

    /// <inheritdoc/>
    public AdmNumSums CmRowS123(in AdmRow<int> restored, in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, AdmScaleGeometry geometry) =>
        Is512
            ? AdmS123Avx512.CmRow(restored, csfA, csfFUp, csfF, csfFDown, geometry)
            : AdmS123Avx2.CmRow(restored, csfA, csfFUp, csfF, csfFDown, geometry);

    /// <summary>
    /// Last output column + 1 whose four taps need no mirroring: output j reads input 2j − 1 .. 2j + 2, and
    /// 2j + 2 ≤ n − 1 holds for j &lt; (n − 1) / 2 (= band width − 1, odd or even n). Column 0 mirrors too.
    /// </summary>
    private static int InteriorEnd(AdmScaleGeometry geometry) => (geometry.InputWidth - 1) / 2;

    /// <summary>
    /// Where a loop of whole registers over the columns [<paramref name="start"/>, <paramref name="end"/>) stops:
    /// <paramref name="end"/> when one register fits, else <paramref name="start"/> (all left to the scalar code).
    /// The stages that only write outputs run their last register at end − step, overlapping the one before
    /// (recomputing a few columns, the same values), instead of handing up to a register's worth to the scalar code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int VectorEnd(int start, int end, int step) => end - start >= step ? end : start;

    /// <summary>
    /// The dword lanes a sum may take from a register at j when the loop's previous register ended at j +
    /// <paramref name="summed"/> (the overlapping last register of <see cref="VectorEnd"/>): all-ones from lane
    /// <paramref name="summed"/> on, zero below (0 for every register but that last one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Fresh(int summed) => TSimd.GreaterThanInt32(TSimd.Int32Indices, TSimd.CreateInt32(summed - 1));

    /// <summary>C's int16 narrowing of an int32 lane, sign-extended back: a pack of the result is then exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Wrap16(TVector x) => TSimd.ShiftRightArithmeticInt32(TSimd.ShiftLeftInt32(x, 16), 16);

    /// <summary>Σ |o|³ of n int16 coefficients (widened) as n/2 uint64 lanes: |o| ≤ 32768, o² ≤ 2^30 (int32), o³ &lt; 2^45.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Cubes(TVector o)
    {
        TVector x = TSimd.AbsInt32(o);
        TVector square = TSimd.MultiplyLowInt32(x, x);
        return TSimd.AddInt64(TSimd.MultiplyEvenUInt32(square, x), TSimd.MultiplyEvenUInt32(TSimd.Odd(square), TSimd.Odd(x)));
    }

    /// <summary>
    /// <see cref="AdmScalar.AngleFlag"/> on n lanes from vpmaddwd results: dot = oh·th + ov·tv, oo = oh² + ov²,
    /// tt = th² + tv². Returns all-ones where the angle test passes.
    /// </summary>
    /// <remarks>
    /// vpmaddwd wraps only when both products are 2^30 (all four inputs −32768): the true value +2^31 then reads
    /// as int.MinValue, which no true value equals (dot ≥ −2^31 + 65536, oo, tt ≥ 0), so the float is corrected
    /// by flipping its sign. int32 → float rounds to nearest even from the exact integer, as C's int64 → float
    /// does. C then compares (d/4096)² with cos²·(o/4096)·(t/4096) in double; the /4096 are exact power-of-two
    /// scalings far from the double range's ends, and so are the products (d² is exact; cos²·o is exact, 48 bits;
    /// only its product with t rounds, and rounding commutes with a power-of-two scaling), so d² ≥ (cos²·o)·t in
    /// double gives the same answer without them.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector AngleFlag(TVector dot, TVector oo, TVector tt)
    {
        TVector minValue = TSimd.CreateInt32(int.MinValue);
        TVector dotF = TSimd.Xor(TSimd.ConvertInt32ToSingle(dot), TSimd.And(TSimd.EqualsInt32(dot, minValue), minValue));
        TVector ooF = TSimd.AndNot(TSimd.ConvertInt32ToSingle(oo), minValue);
        TVector ttF = TSimd.AndNot(TSimd.ConvertInt32ToSingle(tt), minValue);
        TVector low = AngleFlagHalf(TSimd.ConvertLowerSingleToDouble(dotF), TSimd.ConvertLowerSingleToDouble(ooF), TSimd.ConvertLowerSingleToDouble(ttF));
        TVector high = AngleFlagHalf(TSimd.ConvertUpperSingleToDouble(dotF), TSimd.ConvertUpperSingleToDouble(ooF), TSimd.ConvertUpperSingleToDouble(ttF));

        // The qword masks' low dwords, lower half then upper half: the lanes' order again.
        return TSimd.NarrowInt64ToInt32(low, high);
    }

    /// <summary>The double part of the angle test on n/2 lanes (all-ones qwords where it passes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector AngleFlagHalf(TVector d, TVector o, TVector t)
    {
        TVector cos2 = TSimd.CreateDouble(AdmTables.CosOneDegreeSquared);
        TVector rhs = TSimd.MultiplyDouble(TSimd.MultiplyDouble(cos2, o), t);
        return TSimd.And(TSimd.GreaterThanOrEqualDouble(d, TSimd.Zero), TSimd.GreaterThanOrEqualDouble(TSimd.MultiplyDouble(d, d), rhs));
    }

    /// <summary>
    /// <see cref="AdmScalar"/>'s scale 0 restore on 2n coefficients: k = clamp((div_lookup[o] · t + 2^14) &gt;&gt; 15,
    /// 0, 2^15) (32768 for o = 0 in C, where r = 0 whatever k is), r = (k·o + 2^14) &gt;&gt; 15, then the enhancement
    /// rule where the angle passed.
    /// </summary>
    /// <param name="o">The original coefficients.</param>
    /// <param name="t">The coefficients to restore.</param>
    /// <param name="angleLow">Angle gate (1 where the test passed, else 0) of each 128-bit lane's columns 0-3 (unpack-low order).</param>
    /// <param name="angleHigh">Angle gate of each 128-bit lane's columns 4-7.</param>
    /// <param name="divLookup">libvmaf's div_lookup table, indexed by o (AVX2; AVX-512 computes its entries: <see cref="Reciprocal"/>).</param>
    /// <param name="factor">The whole gain limit in every dword lane.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector RestoreS0(TVector o, TVector t, TVector angleLow, TVector angleHigh, int* divLookup, TVector factor)
    {
        // Sign-extending unpacks: the order of the angle masks.
        TVector oSign = TSimd.ShiftRightArithmeticInt16(o, 15), tSign = TSimd.ShiftRightArithmeticInt16(t, 15);
        TVector low = RestoreS0(TSimd.UnpackLowInt16(o, oSign), TSimd.UnpackLowInt16(t, tSign), angleLow, divLookup, factor);
        TVector high = RestoreS0(TSimd.UnpackHighInt16(o, oSign), TSimd.UnpackHighInt16(t, tSign), angleHigh, divLookup, factor);

        // r always fits int16 (|k·o| ≤ 2^30, and the enhanced value lies between 0 and t), so the pack is exact.
        return TSimd.PackSignedSaturateInt32(low, high);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector RestoreS0(TVector o, TVector t, TVector angle, int* divLookup, TVector factor)
    {
        TVector q15 = TSimd.CreateInt32(32768);
        TVector zero = TSimd.Zero;
        TVector div = Is512 ? Reciprocal(o) : TSimd.GatherInt32(divLookup, TSimd.AddInt32(o, q15), 4);

        // div · t needs 64 bits (≤ 2^30 · 2^15), but with div = dh·2^15 + dl (dh = div >> 15, |dh| ≤ 2^15; dl = div mod 2^15)
        // (div·t + 2^14) >> 15 = dh·t + ((dl·t + 2^14) >> 15) exactly (dh·t·2^15 is a multiple of 2^15), and both products
        // fit int32 (≤ 2^30): two vpmulld instead of two vpmuldq, the odd lanes' moves and the join.
        TVector dh = TSimd.ShiftRightArithmeticInt32(div, 15);
        TVector dl = TSimd.And(div, TSimd.CreateInt32(0x7FFF));
        TVector quotient = TSimd.AddInt32(
            TSimd.MultiplyLowInt32(dh, t),
            TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(dl, t), TSimd.CreateInt32(16384)), 15));

        // C's k for o = 0 is 2^15, but r = 0 then whatever k is (k·0 = 0), and the enhancement is masked off for
        // o = 0 below, so the o = 0 lanes keep whatever k the division (AVX-512) or div_lookup[32768] (AVX2) gives.
        TVector k = TSimd.MinInt32(TSimd.MaxInt32(quotient, zero), q15);

        // |k·o| ≤ 2^30: int32.
        TVector r = TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.MultiplyLowInt32(k, o), TSimd.CreateInt32(16384)), 15);

        // Enhancement: C computes min/max(r · limit, t) in double and truncates; for a whole limit (≤ 100) r · limit
        // is an exact integer of at most 3.3e6, so int32 min/max give the same value. o = 0 takes neither branch.
        TVector gained = TSimd.MultiplyLowInt32(r, factor);
        TVector enhanced = TSimd.Select(TSimd.GreaterThanInt32(o, zero), TSimd.MinInt32(gained, t), TSimd.MaxInt32(gained, t));

        // Where the angle passed (gate 1), k > 0 and o ≠ 0: k, |o| ≤ 2^15 and the gate is 0 or 1, so their minimum is
        // positive exactly then (a compare the JIT keeps in a mask register for the select).
        TVector apply = TSimd.GreaterThanInt32(TSimd.MinInt32(TSimd.MinInt32(k, TSimd.AbsInt32(o)), angle), zero);
        return TSimd.Select(apply, enhanced, r);
    }

    /// <summary>
    /// div_lookup[o + 32768] = trunc(2^30 / o) for int16 o ≠ 0, by a double division instead of the table: 2^30 / o
    /// is exact or at least 1/|o| ≥ 2^-15 from the next integer, while the double's rounding error is at most
    /// 2^30 · 2^-53, so truncating the rounded quotient gives the table's value. (o = 0 gives garbage, which the
    /// caller replaces.) AVX-512 only: two 8-lane divisions per 16 coefficients cost less than its two 8-lane AVX2
    /// gathers (scale 0 decouple 0.75 -> 0.55 ms per 1080p frame); at AVX2's 4 doubles a register they do not
    /// (1.08-1.16 ms with the gather, 1.18-1.33 with divisions), so AVX2 keeps the table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVector Reciprocal(TVector o)
    {
        TVector numerator = TSimd.CreateDouble(1 << 30);
        return TSimd.ConvertToInt32TruncatingDouble(
            TSimd.DivideDouble(numerator, TSimd.ConvertLowerInt32ToDouble(o)),
            TSimd.DivideDouble(numerator, TSimd.ConvertUpperInt32ToDouble(o)));
    }

    /// <summary>
    /// Scale 0 horizontal pass of one row: output columns [1, interior end) 2n per step, the rest through
    /// <see cref="AdmScalar.HorizontalS0"/>.
    /// </summary>
    private static void HorizontalS0(ReadOnlySpan<short> lo, ReadOnlySpan<short> hi, AdmScaleGeometry geometry, in AdmRow<short> destination)
    {
        int w = geometry.Width;
        int end = InteriorEnd(geometry);
        AdmScalar.HorizontalS0(lo, hi, geometry, destination, 0, 1);
        int stop = HorizontalS0Interior(
            ref MemoryMarshal.GetReference(lo), ref MemoryMarshal.GetReference(hi), lo.Length, end,
            ref MemoryMarshal.GetReference(destination.A[..w]), ref MemoryMarshal.GetReference(destination.V[..w]),
            ref MemoryMarshal.GetReference(destination.H[..w]), ref MemoryMarshal.GetReference(destination.D[..w]));
        AdmScalar.HorizontalS0(lo, hi, geometry, destination, stop, geometry.Width);
    }

    /// <summary>
    /// The whole registers of <see cref="HorizontalS0"/>, output columns [1, <see cref="VectorEnd"/>(1, end, 2n)).
    /// </summary>
    /// <returns>The first column left to the scalar code.</returns>
    /// <remarks>
    /// Apart from the scalar calls around it, and not inlined: every vector register is the caller's to save across a
    /// call, so with a call in the same method the JIT kept the filter's constants and the four row pointers on the
    /// stack and reloaded them in the loop.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int HorizontalS0Interior(ref short l, ref short h, int length, int end, ref short a, ref short v, ref short hb, ref short d)
    {
        ReadOnlySpan<int> fl = AdmTables.DwtLo;
        ReadOnlySpan<int> fh = AdmTables.DwtHi;
        TVector lo01 = TSimd.CreatePair16((short)fl[0], (short)fl[1]), lo23 = TSimd.CreatePair16((short)fl[2], (short)fl[3]);
        TVector hi01 = TSimd.CreatePair16((short)fh[0], (short)fh[1]), hi23 = TSimd.CreatePair16((short)fh[2], (short)fh[3]);
        TVector round = TSimd.CreateInt32(32768);
        int step = 2 * Lanes;
        int next = 1;
        if (TSimd.PrefersShiftInToLoads && end - 1 >= step)
        {
            // As the loop below, but the registers at 2j + 1 are those at 2j − 1 shifted in by one dword (one word
            // pair) from the register after them, which is the next step's first (carried): two loads a row and step
            // instead of four that nearly all split a cache line. Full steps only, while that register lies in the row.
            nuint n2 = (nuint)step;
            TVector le = TSimd.Load(ref l, 1), he = TSimd.Load(ref h, 1);
            for (; next + step <= end && (2 * next) - 1 + (3 * step) <= length; next += step)
            {
                nuint x = (nuint)((2 * next) - 1);
                TVector l1 = TSimd.Load(ref l, x + n2), l2 = TSimd.Load(ref l, x + n2 + n2);
                TVector f0 = TSimd.ShiftInInt32(le, l1, 1), f1 = TSimd.ShiftInInt32(l1, l2, 1);
                TSimd.Store(Filter(le, f0, l1, f1, lo01, lo23, round), ref a, (nuint)next);
                TSimd.Store(Filter(le, f0, l1, f1, hi01, hi23, round), ref v, (nuint)next);
                le = l2;
                TVector h1 = TSimd.Load(ref h, x + n2), h2 = TSimd.Load(ref h, x + n2 + n2);
                f0 = TSimd.ShiftInInt32(he, h1, 1);
                f1 = TSimd.ShiftInInt32(h1, h2, 1);
                TSimd.Store(Filter(he, f0, h1, f1, lo01, lo23, round), ref hb, (nuint)next);
                TSimd.Store(Filter(he, f0, h1, f1, hi01, hi23, round), ref d, (nuint)next);
                he = h2;
            }
        }

        int vectorStop = VectorEnd(1, end, step);
        for (; next < vectorStop; next += step)
        {
            int j = Math.Min(next, end - step);
            // Loads at 2j − 1 give the pairs (s[2j − 1], s[2j]) of outputs j..j+n−1, loads at 2j + 1 the pairs
            // (s[2j + 1], s[2j + 2]); the last element read is s[2(j + 2n − 1) + 2], inside the interior.
            nuint x = (nuint)((2 * j) - 1), n2 = (nuint)step;
            TVector e0 = TSimd.Load(ref l, x), e1 = TSimd.Load(ref l, x + n2);
            TVector f0 = TSimd.Load(ref l, x + 2), f1 = TSimd.Load(ref l, x + n2 + 2);
            TSimd.Store(Filter(e0, f0, e1, f1, lo01, lo23, round), ref a, (nuint)j);
            TSimd.Store(Filter(e0, f0, e1, f1, hi01, hi23, round), ref v, (nuint)j);
            e0 = TSimd.Load(ref h, x);
            e1 = TSimd.Load(ref h, x + n2);
            f0 = TSimd.Load(ref h, x + 2);
            f1 = TSimd.Load(ref h, x + n2 + 2);
            TSimd.Store(Filter(e0, f0, e1, f1, lo01, lo23, round), ref hb, (nuint)j);
            TSimd.Store(Filter(e0, f0, e1, f1, hi01, hi23, round), ref d, (nuint)j);
        }

        return vectorStop;
    }

    /// <summary>
    /// 2n horizontal outputs (Σf·s + 2^15) &gt;&gt; 16 from the tap pairs of outputs 0..n−1 (e0, f0) and n..2n−1 (e1, f1).
    /// |Σf·s| ≤ 54822 · 32768 &lt; 2^31 and vpmaddwd cannot hit its one overflow (no tap is −32768); |result| ≤ 27411,
    /// so the saturating pack is exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Filter(TVector e0, TVector f0, TVector e1, TVector f1, TVector c01, TVector c23, TVector round)
    {
        TVector s0 = TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.AddInt32(TSimd.MultiplyAddAdjacent(e0, c01), TSimd.MultiplyAddAdjacent(f0, c23)), round), 16);
        TVector s1 = TSimd.ShiftRightArithmeticInt32(TSimd.AddInt32(TSimd.AddInt32(TSimd.MultiplyAddAdjacent(e1, c01), TSimd.MultiplyAddAdjacent(f1, c23)), round), 16);
        return TSimd.PackSignedSaturateInt32InOrder(s0, s1);
    }

    /// <summary>
    /// Scales 1–3 horizontal pass of one row: output columns [1, <see cref="InteriorEnd"/>) n per step, the rest
    /// (column 0, the mirrored tail, the partial register) through <see cref="AdmScalar.HorizontalS123"/>.
    /// </summary>
    private static void HorizontalS123(ReadOnlySpan<int> lo, ReadOnlySpan<int> hi, AdmScaleGeometry geometry, in AdmRow<int> destination, int add, int shift)
    {
        int w = geometry.Width;
        int end = InteriorEnd(geometry);
        AdmScalar.HorizontalS123(lo, hi, geometry, destination, 0, 1);
        int stop = HorizontalS123Interior(
            ref MemoryMarshal.GetReference(lo), ref MemoryMarshal.GetReference(hi), lo.Length, end, add, shift,
            ref MemoryMarshal.GetReference(destination.A[..w]), ref MemoryMarshal.GetReference(destination.V[..w]),
            ref MemoryMarshal.GetReference(destination.H[..w]), ref MemoryMarshal.GetReference(destination.D[..w]));
        AdmScalar.HorizontalS123(lo, hi, geometry, destination, stop, geometry.Width);
    }

    /// <summary>
    /// The whole registers of <see cref="HorizontalS123"/>, output columns [1, <see cref="VectorEnd"/>(1, end, n)); apart
    /// from the scalar calls and not inlined, as <see cref="HorizontalS0Interior"/>.
    /// </summary>
    /// <returns>The first column left to the scalar code.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int HorizontalS123Interior(ref int l, ref int h, int length, int end, int add, int shift, ref int a, ref int v, ref int hb, ref int d)
    {
        var filter = new FilterS123(add, shift);
        int next = 1;
        if (TSimd.PrefersShiftInToLoads && end - 1 >= Lanes)
        {
            // As the loop below, but the registers at 2j + 1 are those at 2j − 1 shifted in by two dwords from the
            // register after them, which is the next step's first (carried): two loads a row and step instead of four.
            // Full steps only, while that register lies in the row.
            nuint n = (nuint)Lanes;
            TVector le = TSimd.Load(ref l, 1), he = TSimd.Load(ref h, 1);
            for (; next + Lanes <= end && (2 * next) - 1 + (3 * Lanes) <= length; next += Lanes)
            {
                nuint x = (nuint)((2 * next) - 1);
                TVector e1 = TSimd.Load(ref l, x + n), e2 = TSimd.Load(ref l, x + n + n);
                TVector f0 = TSimd.ShiftInInt32(le, e1, 2), f1 = TSimd.ShiftInInt32(e1, e2, 2);
                TVector oe0 = TSimd.Odd(le), of0 = TSimd.Odd(f0), oe1 = TSimd.Odd(e1), of1 = TSimd.Odd(f1);
                TSimd.Store(TSimd.NarrowInt64ToInt32(filter.Lo(le, oe0, f0, of0), filter.Lo(e1, oe1, f1, of1)), ref a, (nuint)next);
                TSimd.Store(TSimd.NarrowInt64ToInt32(filter.Hi(le, oe0, f0, of0), filter.Hi(e1, oe1, f1, of1)), ref v, (nuint)next);
                le = e2;
                e1 = TSimd.Load(ref h, x + n);
                e2 = TSimd.Load(ref h, x + n + n);
                f0 = TSimd.ShiftInInt32(he, e1, 2);
                f1 = TSimd.ShiftInInt32(e1, e2, 2);
                oe0 = TSimd.Odd(he);
                of0 = TSimd.Odd(f0);
                oe1 = TSimd.Odd(e1);
                of1 = TSimd.Odd(f1);
                TSimd.Store(TSimd.NarrowInt64ToInt32(filter.Lo(he, oe0, f0, of0), filter.Lo(e1, oe1, f1, of1)), ref hb, (nuint)next);
                TSimd.Store(TSimd.NarrowInt64ToInt32(filter.Hi(he, oe0, f0, of0), filter.Hi(e1, oe1, f1, of1)), ref d, (nuint)next);
                he = e2;
            }
        }

        int vectorStop = VectorEnd(1, end, Lanes);
        for (; next < vectorStop; next += Lanes)
        {
            int j = Math.Min(next, end - Lanes);
            // Output j reads s[2j − 1 .. 2j + 2]. A load at 2j − 1 holds, per qword, (s[2j − 1], s[2j]) of outputs
            // j..j+n/2−1 (taps 0 and 1); a load at 2j + 1 holds taps 2 and 3; +n gives outputs j+n/2..j+n−1. The
            // last element read is s[2(j + n − 1) + 2], inside the interior.
            nuint x = (nuint)((2 * j) - 1), n = (nuint)Lanes;
            TVector e0 = TSimd.Load(ref l, x), f0 = TSimd.Load(ref l, x + 2);
            TVector e1 = TSimd.Load(ref l, x + n), f1 = TSimd.Load(ref l, x + n + 2);
            TVector oe0 = TSimd.Odd(e0), of0 = TSimd.Odd(f0), oe1 = TSimd.Odd(e1), of1 = TSimd.Odd(f1);
            TSimd.Store(TSimd.NarrowInt64ToInt32(filter.Lo(e0, oe0, f0, of0), filter.Lo(e1, oe1, f1, of1)), ref a, (nuint)j);
            TSimd.Store(TSimd.NarrowInt64ToInt32(filter.Hi(e0, oe0, f0, of0), filter.Hi(e1, oe1, f1, of1)), ref v, (nuint)j);
            e0 = TSimd.Load(ref h, x);
            f0 = TSimd.Load(ref h, x + 2);
            e1 = TSimd.Load(ref h, x + n);
            f1 = TSimd.Load(ref h, x + n + 2);
            oe0 = TSimd.Odd(e0);
            of0 = TSimd.Odd(f0);
            oe1 = TSimd.Odd(e1);
            of1 = TSimd.Odd(f1);
            TSimd.Store(TSimd.NarrowInt64ToInt32(filter.Lo(e0, oe0, f0, of0), filter.Lo(e1, oe1, f1, of1)), ref hb, (nuint)j);
            TSimd.Store(TSimd.NarrowInt64ToInt32(filter.Hi(e0, oe0, f0, of0), filter.Hi(e1, oe1, f1, of1)), ref d, (nuint)j);
        }

        return vectorStop;
    }

    /// <summary>
    /// The scale 0 vertical filter pair (lo, hi) as vpmaddwd operands, with the recentring, rounding and (for
    /// biased input) the Σf · 32768 correction folded into one int32 addend per filter.
    /// </summary>
    private readonly struct VerticalTaps
    {
        private readonly TVector _lo01;
        private readonly TVector _lo23;
        private readonly TVector _hi01;
        private readonly TVector _hi23;
        private readonly TVector _loAdd;
        private readonly TVector _hiAdd;
        private readonly int _shift;

        /// <param name="bitDepth">Input bits per sample: the shift (taken as 16 − bd left, then 16 right), and the rounding 2^(bd − 1).</param>
        /// <param name="biased">Input samples arrive as p − 32768 (16-bit input, so that they fit int16).</param>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public VerticalTaps(int bitDepth, bool biased)
        {
            ReadOnlySpan<int> fl = AdmTables.DwtLo;
            ReadOnlySpan<int> fh = AdmTables.DwtHi;
            _lo01 = TSimd.CreatePair16((short)fl[0], (short)fl[1]);
            _lo23 = TSimd.CreatePair16((short)fl[2], (short)fl[3]);
            _hi01 = TSimd.CreatePair16((short)fh[0], (short)fh[1]);
            _hi23 = TSimd.CreatePair16((short)fh[2], (short)fh[3]);
            int round = 1 << (bitDepth - 1);
            int bias = biased ? 32768 : 0;
            int hiSum = fh[0] + fh[1] + fh[2] + fh[3];

            // Σf·p = Σf·(p − 32768) + Σf·32768; the int32 wrap of these constants is the same wrap C's
            // accumulator takes for 16-bit input (digest §4.2), and the final value is exact.
            _loAdd = TSimd.CreateInt32(unchecked((AdmTables.DwtLoSum * bias) - (AdmTables.DwtLoSum * round) + round));
            _hiAdd = TSimd.CreateInt32(unchecked((hiSum * bias) + round));
            _shift = 16 - bitDepth;
        }

        /// <summary>lo and hi of 2n columns from the 4 tap rows (int16 lanes in column order).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(TVector p0, TVector p1, TVector p2, TVector p3, out TVector lo, out TVector hi)
        {
            // Lanes after the unpacks: (p0, p1) pairs of each 128-bit lane's columns 0-3 (low) and 4-7 (high).
            TVector u01l = TSimd.UnpackLowInt16(p0, p1), u01h = TSimd.UnpackHighInt16(p0, p1);
            TVector u23l = TSimd.UnpackLowInt16(p2, p3), u23h = TSimd.UnpackHighInt16(p2, p3);

            // |Σ| ≤ 32768 · 54822 < 2^31 before the addend, whose wrap is intended (see the constructor).
            lo = Narrow(
                TSimd.AddInt32(TSimd.AddInt32(TSimd.MultiplyAddAdjacent(u01l, _lo01), TSimd.MultiplyAddAdjacent(u23l, _lo23)), _loAdd),
                TSimd.AddInt32(TSimd.AddInt32(TSimd.MultiplyAddAdjacent(u01h, _lo01), TSimd.MultiplyAddAdjacent(u23h, _lo23)), _loAdd));
            hi = Narrow(
                TSimd.AddInt32(TSimd.AddInt32(TSimd.MultiplyAddAdjacent(u01l, _hi01), TSimd.MultiplyAddAdjacent(u23l, _hi23)), _hiAdd),
                TSimd.AddInt32(TSimd.AddInt32(TSimd.MultiplyAddAdjacent(u01h, _hi01), TSimd.MultiplyAddAdjacent(u23h, _hi23)), _hiAdd));
        }

        /// <summary>
        /// C's <c>(int16_t)(sum &gt;&gt; bd)</c>: shifting left by 16 − bd and then arithmetically right by 16 keeps
        /// bits bd..bd+15 sign-extended, i.e. the wrapped int16, so the saturating pack is exact even for samples
        /// above the bit depth. Packing the low and high unpack halves lane by lane restores column order.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private TVector Narrow(TVector low, TVector high) => TSimd.PackSignedSaturateInt32(
            TSimd.ShiftRightArithmeticInt32(TSimd.ShiftLeftInt32(low, _shift), 16),
            TSimd.ShiftRightArithmeticInt32(TSimd.ShiftLeftInt32(high, _shift), 16));
    }

    /// <summary>
    /// The db2 filter pair of one scales 1–3 DWT pass on the even dwords: (Σ f_k · x_k + add) &gt;&gt; shift in int64.
    /// |Σ| &lt; 2^16 · 2^31, so nothing wraps; shifts are ≤ 16, so the logical shift leaves C's int32 cast of the
    /// arithmetic one in the low dword.
    /// </summary>
    private readonly struct FilterS123
    {
        private readonly TVector _l0, _l1, _l2, _l3;
        private readonly TVector _h0, _h1, _h2, _h3;
        private readonly TVector _add;
        private readonly int _shift;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public FilterS123(int add, int shift)
        {
            ReadOnlySpan<int> fl = AdmTables.DwtLo;
            ReadOnlySpan<int> fh = AdmTables.DwtHi;
            _l0 = TSimd.CreateInt32(fl[0]);
            _l1 = TSimd.CreateInt32(fl[1]);
            _l2 = TSimd.CreateInt32(fl[2]);
            _l3 = TSimd.CreateInt32(fl[3]);
            _h0 = TSimd.CreateInt32(fh[0]);
            _h1 = TSimd.CreateInt32(fh[1]);
            _h2 = TSimd.CreateInt32(fh[2]);
            _h3 = TSimd.CreateInt32(fh[3]);
            _add = TSimd.CreateInt64(add);
            _shift = shift;
        }

        /// <summary>Low-pass of the taps x0..x3 (even dwords).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVector Lo(TVector x0, TVector x1, TVector x2, TVector x3) => Sum(x0, x1, x2, x3, _l0, _l1, _l2, _l3);

        /// <summary>High-pass of the taps x0..x3 (even dwords).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVector Hi(TVector x0, TVector x1, TVector x2, TVector x3) => Sum(x0, x1, x2, x3, _h0, _h1, _h2, _h3);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private TVector Sum(TVector x0, TVector x1, TVector x2, TVector x3, TVector f0, TVector f1, TVector f2, TVector f3)
        {
            TVector s = TSimd.AddInt64(TSimd.AddInt64(TSimd.MultiplyEvenInt32(x0, f0), TSimd.MultiplyEvenInt32(x1, f1)), TSimd.AddInt64(TSimd.MultiplyEvenInt32(x2, f2), TSimd.MultiplyEvenInt32(x3, f3)));
            return TSimd.ShiftRightLogicalInt64(TSimd.AddInt64(s, _add), _shift);
        }
    }

    /// <summary>
    /// Scale 0 <c>ADM_CM_ACCUM_ROUND</c> of one orientation on n lanes: x = max(|r·irf| − (thr &lt;&lt; s), 0),
    /// xsq = (int32)((x² + 2^(q−1)) &gt;&gt; q), val = (xsq·x + 2^(c−1)) &gt;&gt; c in int64, summed into n/2 lanes.
    /// </summary>
    private readonly struct MaskedCube
    {
        private readonly TVector _irf;
        private readonly int _thrShift;
        private readonly int _squareShift;
        private readonly TVector _squareAdd;
        private readonly int _cubeShift;
        private readonly TVector _cubeAdd;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public MaskedCube(int irf, int thrShift, int squareShift, int cubeShift)
        {
            _irf = TSimd.CreateInt32(irf);
            _thrShift = thrShift;
            _squareShift = squareShift;
            _squareAdd = TSimd.CreateInt64(1L << (squareShift - 1));
            _cubeShift = cubeShift;
            _cubeAdd = TSimd.CreateInt64(AdmScaleGeometry.RoundingOf(cubeShift));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVector Apply(TVector restored, TVector thr, TVector fresh)
        {
            // |r·irf| ≤ 32768 · 49417 < 2^31; thr << s may wrap, as in C. Lanes outside fresh get x = 0, whose cube is 0.
            TVector scaled = TSimd.MultiplyLowInt32(restored, _irf);
            TVector x = TSimd.And(TSimd.MaxInt32(TSimd.SubtractInt32(TSimd.AbsInt32(scaled), TSimd.ShiftLeftInt32(thr, _thrShift)), TSimd.Zero), fresh);
            return TSimd.AddInt64(Cube(x), Cube(TSimd.Odd(x)));
        }

        /// <summary>
        /// The even lanes: x² &lt; 2^62 (vpmuludq), the shifted square's low dword is C's int32 xsq (it may wrap
        /// negative), and vpmuldq multiplies it signed by x.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private TVector Cube(TVector x)
        {
            TVector square = TSimd.ShiftRightLogicalInt64(TSimd.AddInt64(TSimd.MultiplyEvenUInt32(x, x), _squareAdd), _squareShift);
            return TSimd.ShiftRightArithmeticInt64(TSimd.AddInt64(TSimd.MultiplyEvenInt32(square, x), _cubeAdd), _cubeShift);
        }
    }
}
