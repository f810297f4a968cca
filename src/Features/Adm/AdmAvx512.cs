using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features.Adm;

/// <summary>
/// Integer ADM with AVX-512 (F + BW) intrinsics, bit-exact with <see cref="AdmScalar"/>. Stages with a 512-bit
/// version run it over whole vectors and hand the border columns to <see cref="AdmScalar"/>'s column-range
/// helpers; the others pass through to <see cref="AdmAvx2"/> (dav1d's "each level overrides only what it has").
/// </summary>
internal sealed class AdmAvx512 : IAdmKernels
{
    /// <summary>The one instance (the class is stateless).</summary>
    public static readonly AdmAvx512 Instance = new();

    private static readonly AdmAvx2 Lower = AdmAvx2.Instance;

    private AdmAvx512()
    {
    }

    /// <summary>True when the CPU and runtime run AVX-512 F and BW (and AVX2, for the stages passed through).</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported && AdmAvx2.IsSupported;

    /// <inheritdoc/>
    public string Name => "avx512";

    /// <inheritdoc/>
    /// <remarks>AVX-512 version of <see cref="AdmScalar.Dwt2Row8"/> (32 columns per step).</remarks>
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
        for (; j <= w - 32; j += 32)
        {
            // vpmovzxbw: 32 samples to int16, in column order.
            taps.Apply(
                Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref p0, (nuint)j)),
                Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref p1, (nuint)j)),
                Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref p2, (nuint)j)),
                Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref p3, (nuint)j)),
                out Vector512<short> vl,
                out Vector512<short> vh);
            vl.StoreUnsafe(ref l, (nuint)j);
            vh.StoreUnsafe(ref h, (nuint)j);
        }

        AdmScalar.VerticalS0(r0, r1, r2, r3, 8, lo, hi, j, w);
        HorizontalS0(lo, hi, geometry, destination);
    }

    /// <inheritdoc/>
    /// <remarks>AVX-512 version of <see cref="AdmScalar.Dwt2Row16"/> (32 columns per step).</remarks>
    public void Dwt2Row16(ReadOnlySpan<ushort> r0, ReadOnlySpan<ushort> r1, ReadOnlySpan<ushort> r2, ReadOnlySpan<ushort> r3, int bitDepth, AdmScaleGeometry geometry, AdmRow<short> destination, Span<short> scratch)
    {
        int w = geometry.InputWidth;
        Span<short> lo = scratch[..w];
        Span<short> hi = scratch.Slice(w, w);
        var taps = new VerticalTaps(bitDepth, biased: true);
        Vector512<ushort> bias = Vector512.Create((ushort)0x8000);
        ref ushort p0 = ref MemoryMarshal.GetReference(r0[..w]);
        ref ushort p1 = ref MemoryMarshal.GetReference(r1[..w]);
        ref ushort p2 = ref MemoryMarshal.GetReference(r2[..w]);
        ref ushort p3 = ref MemoryMarshal.GetReference(r3[..w]);
        ref short l = ref MemoryMarshal.GetReference(lo);
        ref short h = ref MemoryMarshal.GetReference(hi);
        int j = 0;
        for (; j <= w - 32; j += 32)
        {
            // p − 32768 fits int16 for vpmaddwd; VerticalTaps adds Σf · 32768 back.
            taps.Apply(
                (Vector512.LoadUnsafe(ref p0, (nuint)j) ^ bias).AsInt16(),
                (Vector512.LoadUnsafe(ref p1, (nuint)j) ^ bias).AsInt16(),
                (Vector512.LoadUnsafe(ref p2, (nuint)j) ^ bias).AsInt16(),
                (Vector512.LoadUnsafe(ref p3, (nuint)j) ^ bias).AsInt16(),
                out Vector512<short> vl,
                out Vector512<short> vh);
            vl.StoreUnsafe(ref l, (nuint)j);
            vh.StoreUnsafe(ref h, (nuint)j);
        }

        AdmScalar.VerticalS0(r0, r1, r2, r3, bitDepth, lo, hi, j, w);
        HorizontalS0(lo, hi, geometry, destination);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// AVX-512 version of <see cref="AdmScalar.Dwt2RowS123"/>: the int64 filter sums on 8 lanes per vector
    /// (vpmovsxdq, vpmuldq, vpsraq, vpmovqd), the rest through <see cref="AdmScalar.VerticalS123"/> and
    /// <see cref="AdmScalar.HorizontalS123"/>.
    /// </remarks>
    public void Dwt2RowS123(ReadOnlySpan<int> r0, ReadOnlySpan<int> r1, ReadOnlySpan<int> r2, ReadOnlySpan<int> r3, AdmScaleGeometry geometry, AdmRow<int> destination, Span<int> scratch)
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
        int j = 0;
        for (; j <= w - 8; j += 8)
        {
            Vector512<long> x0 = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref p0, (nuint)j));
            Vector512<long> x1 = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref p1, (nuint)j));
            Vector512<long> x2 = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref p2, (nuint)j));
            Vector512<long> x3 = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref p3, (nuint)j));
            vertical.Lo(x0, x1, x2, x3).StoreUnsafe(ref l, (nuint)j);
            vertical.Hi(x0, x1, x2, x3).StoreUnsafe(ref h, (nuint)j);
        }

        AdmScalar.VerticalS123(r0, r1, r2, r3, geometry.Scale, lo, hi, j, w);
        HorizontalS123(lo, hi, geometry, destination, new FilterS123(AdmTables.DwtS123HorizontalAdd[s], AdmTables.DwtS123HorizontalShift[s]));
    }

    /// <inheritdoc/>
    public void DecoupleRow(AdmRow<short> reference, AdmRow<short> distorted, AdmScaleGeometry geometry, double gainLimit, AdmRow<short> restored, AdmRow<short> additive) =>
        Lower.DecoupleRow(reference, distorted, geometry, gainLimit, restored, additive);

    /// <inheritdoc/>
    public void DecoupleRowS123(AdmRow<int> reference, AdmRow<int> distorted, AdmScaleGeometry geometry, double gainLimit, AdmRow<int> restored, AdmRow<int> additive) =>
        Lower.DecoupleRowS123(reference, distorted, geometry, gainLimit, restored, additive);

    /// <inheritdoc/>
    public void CsfRow(AdmRow<short> additive, AdmScaleGeometry geometry, AdmRow<short> csfA, AdmRow<short> csfF) =>
        Lower.CsfRow(additive, geometry, csfA, csfF);

    /// <inheritdoc/>
    public void CsfRowS123(AdmRow<int> additive, AdmScaleGeometry geometry, AdmRow<int> csfA, AdmRow<int> csfF) =>
        Lower.CsfRowS123(additive, geometry, csfA, csfF);

    /// <inheritdoc/>
    public AdmDenSums CsfDenRow(AdmRow<short> reference, AdmScaleGeometry geometry) =>
        Lower.CsfDenRow(reference, geometry);

    /// <inheritdoc/>
    public AdmDenSums CsfDenRowS123(AdmRow<int> reference, AdmScaleGeometry geometry) =>
        Lower.CsfDenRowS123(reference, geometry);

    /// <inheritdoc/>
    public AdmNumSums CmRow(AdmRow<short> restored, AdmRow<short> csfA, AdmRow<short> csfFUp, AdmRow<short> csfF, AdmRow<short> csfFDown, AdmScaleGeometry geometry) =>
        Lower.CmRow(restored, csfA, csfFUp, csfF, csfFDown, geometry);

    /// <inheritdoc/>
    public AdmNumSums CmRowS123(AdmRow<int> restored, AdmRow<int> csfA, AdmRow<int> csfFUp, AdmRow<int> csfF, AdmRow<int> csfFDown, AdmScaleGeometry geometry) =>
        Lower.CmRowS123(restored, csfA, csfFUp, csfF, csfFDown, geometry);

    /// <summary>
    /// Scales 1–3 horizontal pass of one row: output columns [1, <see cref="AdmAvx2.InteriorEnd"/>) 8 per step,
    /// the rest (column 0, the mirrored tail, the partial vector) through <see cref="AdmScalar.HorizontalS123"/>.
    /// </summary>
    private static void HorizontalS123(ReadOnlySpan<int> lo, ReadOnlySpan<int> hi, AdmScaleGeometry geometry, AdmRow<int> destination, FilterS123 filter)
    {
        ref int l = ref MemoryMarshal.GetReference(lo);
        ref int h = ref MemoryMarshal.GetReference(hi);
        int w = geometry.Width;
        ref int a = ref MemoryMarshal.GetReference(destination.A[..w]);
        ref int v = ref MemoryMarshal.GetReference(destination.V[..w]);
        ref int hb = ref MemoryMarshal.GetReference(destination.H[..w]);
        ref int d = ref MemoryMarshal.GetReference(destination.D[..w]);

        AdmScalar.HorizontalS123(lo, hi, geometry, destination, 0, 1);
        int end = AdmAvx2.InteriorEnd(geometry);
        int j = 1;
        for (; j <= end - 8; j += 8)
        {
            // Output j reads s[2j − 1 .. 2j + 2]: a 16-element load at 2j − 1 holds, per qword, taps 0 and 1 of
            // outputs j..j+7 (tap 1 in the high dword, moved down for vpmuldq); one at 2j + 1 taps 2 and 3. The
            // last element read is s[2(j + 7) + 2], inside the interior.
            nuint x = (nuint)(2 * j - 1);
            Vector512<long> e = Vector512.LoadUnsafe(ref l, x).AsInt64(), f = Vector512.LoadUnsafe(ref l, x + 2).AsInt64();
            Vector512<long> oe = Avx512F.ShiftRightLogical(e, 32), of = Avx512F.ShiftRightLogical(f, 32);
            filter.Lo(e, oe, f, of).StoreUnsafe(ref a, (nuint)j);
            filter.Hi(e, oe, f, of).StoreUnsafe(ref v, (nuint)j);
            e = Vector512.LoadUnsafe(ref h, x).AsInt64();
            f = Vector512.LoadUnsafe(ref h, x + 2).AsInt64();
            oe = Avx512F.ShiftRightLogical(e, 32);
            of = Avx512F.ShiftRightLogical(f, 32);
            filter.Lo(e, oe, f, of).StoreUnsafe(ref hb, (nuint)j);
            filter.Hi(e, oe, f, of).StoreUnsafe(ref d, (nuint)j);
        }

        AdmScalar.HorizontalS123(lo, hi, geometry, destination, j, geometry.Width);
    }

    /// <summary>
    /// The db2 filter pair of one scales 1–3 DWT pass on 8 int64 lanes (vpmuldq reads each lane's low dword,
    /// signed): (Σ f_k · x_k + add) &gt;&gt; shift, then C's int32 cast (vpmovqd truncates). |Σ| &lt; 2^47: no wrap.
    /// </summary>
    private readonly struct FilterS123
    {
        private readonly Vector512<int> _l0;
        private readonly Vector512<int> _l1;
        private readonly Vector512<int> _l2;
        private readonly Vector512<int> _l3;
        private readonly Vector512<int> _h0;
        private readonly Vector512<int> _h1;
        private readonly Vector512<int> _h2;
        private readonly Vector512<int> _h3;
        private readonly Vector512<long> _add;
        private readonly Vector128<long> _shift;

        public FilterS123(int add, int shift)
        {
            ReadOnlySpan<int> fl = AdmTables.DwtLo;
            ReadOnlySpan<int> fh = AdmTables.DwtHi;
            _l0 = Vector512.Create(fl[0]);
            _l1 = Vector512.Create(fl[1]);
            _l2 = Vector512.Create(fl[2]);
            _l3 = Vector512.Create(fl[3]);
            _h0 = Vector512.Create(fh[0]);
            _h1 = Vector512.Create(fh[1]);
            _h2 = Vector512.Create(fh[2]);
            _h3 = Vector512.Create(fh[3]);
            _add = Vector512.Create((long)add);
            _shift = Vector128.CreateScalar((long)shift);
        }

        /// <summary>Low-pass of the taps x0..x3 (low dword of each int64 lane).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Lo(Vector512<long> x0, Vector512<long> x1, Vector512<long> x2, Vector512<long> x3) => Avx512F.ConvertToVector256Int32(
            Avx512F.ShiftRightArithmetic(Avx512F.Multiply(x0.AsInt32(), _l0) + Avx512F.Multiply(x1.AsInt32(), _l1) + Avx512F.Multiply(x2.AsInt32(), _l2) + Avx512F.Multiply(x3.AsInt32(), _l3) + _add, _shift));

        /// <summary>High-pass of the taps x0..x3 (low dword of each int64 lane).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Hi(Vector512<long> x0, Vector512<long> x1, Vector512<long> x2, Vector512<long> x3) => Avx512F.ConvertToVector256Int32(
            Avx512F.ShiftRightArithmetic(Avx512F.Multiply(x0.AsInt32(), _h0) + Avx512F.Multiply(x1.AsInt32(), _h1) + Avx512F.Multiply(x2.AsInt32(), _h2) + Avx512F.Multiply(x3.AsInt32(), _h3) + _add, _shift));
    }

    /// <summary>Broadcasts the int16 pair (a, b) to every 32-bit lane: a vpmaddwd operand.</summary>
    private static Vector512<short> Pair(int a, int b) => Vector512.Create((int)(ushort)(short)a | (b << 16)).AsInt16();

    /// <summary>
    /// Scale 0 horizontal pass of one row: output columns [1, <see cref="AdmAvx2.InteriorEnd"/>) in 32-wide
    /// vectors, the rest (column 0, the mirrored tail, the partial vector) through <see cref="AdmScalar.HorizontalS0"/>.
    /// </summary>
    private static void HorizontalS0(ReadOnlySpan<short> lo, ReadOnlySpan<short> hi, AdmScaleGeometry geometry, AdmRow<short> destination)
    {
        ReadOnlySpan<int> fl = AdmTables.DwtLo;
        ReadOnlySpan<int> fh = AdmTables.DwtHi;
        Vector512<short> lo01 = Pair(fl[0], fl[1]), lo23 = Pair(fl[2], fl[3]);
        Vector512<short> hi01 = Pair(fh[0], fh[1]), hi23 = Pair(fh[2], fh[3]);
        ref short l = ref MemoryMarshal.GetReference(lo);
        ref short h = ref MemoryMarshal.GetReference(hi);
        int w = geometry.Width;
        ref short a = ref MemoryMarshal.GetReference(destination.A[..w]);
        ref short v = ref MemoryMarshal.GetReference(destination.V[..w]);
        ref short hb = ref MemoryMarshal.GetReference(destination.H[..w]);
        ref short d = ref MemoryMarshal.GetReference(destination.D[..w]);

        AdmScalar.HorizontalS0(lo, hi, geometry, destination, 0, 1);
        int end = AdmAvx2.InteriorEnd(geometry);
        int j = 1;
        for (; j <= end - 32; j += 32)
        {
            // Loads at 2j − 1 give the pairs (s[2j − 1], s[2j]) of outputs j..j+15, loads at 2j + 1 the pairs
            // (s[2j + 1], s[2j + 2]); the last element read is s[2(j + 31) + 2], inside the interior.
            nuint x = (nuint)(2 * j - 1);
            Vector512<short> e0 = Vector512.LoadUnsafe(ref l, x), e1 = Vector512.LoadUnsafe(ref l, x + 32);
            Vector512<short> f0 = Vector512.LoadUnsafe(ref l, x + 2), f1 = Vector512.LoadUnsafe(ref l, x + 34);
            Filter(e0, f0, e1, f1, lo01, lo23).StoreUnsafe(ref a, (nuint)j);
            Filter(e0, f0, e1, f1, hi01, hi23).StoreUnsafe(ref v, (nuint)j);
            e0 = Vector512.LoadUnsafe(ref h, x);
            e1 = Vector512.LoadUnsafe(ref h, x + 32);
            f0 = Vector512.LoadUnsafe(ref h, x + 2);
            f1 = Vector512.LoadUnsafe(ref h, x + 34);
            Filter(e0, f0, e1, f1, lo01, lo23).StoreUnsafe(ref hb, (nuint)j);
            Filter(e0, f0, e1, f1, hi01, hi23).StoreUnsafe(ref d, (nuint)j);
        }

        AdmScalar.HorizontalS0(lo, hi, geometry, destination, j, geometry.Width);
    }

    /// <summary>
    /// 32 horizontal outputs (Σf·s + 2^15) &gt;&gt; 16 from the tap pairs of outputs 0..15 (e0, f0) and 16..31
    /// (e1, f1); |Σf·s| ≤ 54822 · 32768 &lt; 2^31, and |result| ≤ 27411 so the saturating pack is exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> Filter(Vector512<short> e0, Vector512<short> f0, Vector512<short> e1, Vector512<short> f1, Vector512<short> c01, Vector512<short> c23)
    {
        Vector512<int> round = Vector512.Create(32768);
        Vector512<int> s0 = Avx512F.ShiftRightArithmetic(Avx512BW.MultiplyAddAdjacent(e0, c01) + Avx512BW.MultiplyAddAdjacent(f0, c23) + round, 16);
        Vector512<int> s1 = Avx512F.ShiftRightArithmetic(Avx512BW.MultiplyAddAdjacent(e1, c01) + Avx512BW.MultiplyAddAdjacent(f1, c23) + round, 16);

        // Lanes after the pack, in qwords of 4 outputs: 0-3 16-19 | 4-7 20-23 | 8-11 24-27 | 12-15 28-31;
        // the permute gathers the even qwords, then the odd ones.
        Vector512<long> order = Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7);
        return Avx512F.PermuteVar8x64(Avx512BW.PackSignedSaturate(s0, s1).AsInt64(), order).AsInt16();
    }

    /// <summary>The scale 0 vertical filter pair as vpmaddwd operands (see AdmAvx2's twin for the constants).</summary>
    private readonly struct VerticalTaps
    {
        private readonly Vector512<short> _lo01;
        private readonly Vector512<short> _lo23;
        private readonly Vector512<short> _hi01;
        private readonly Vector512<short> _hi23;
        private readonly Vector512<int> _loAdd;
        private readonly Vector512<int> _hiAdd;
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

            // Σf·p = Σf·(p − 32768) + Σf·32768, folded into one addend whose int32 wrap is C's (digest §4.2).
            _loAdd = Vector512.Create(unchecked((AdmTables.DwtLoSum * bias) - (AdmTables.DwtLoSum * round) + round));
            _hiAdd = Vector512.Create(unchecked((hiSum * bias) + round));
            _shift = Vector128.CreateScalar(16 - bitDepth);
        }

        /// <summary>lo and hi of 32 columns from the 4 tap rows (int16 lanes in column order).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(Vector512<short> p0, Vector512<short> p1, Vector512<short> p2, Vector512<short> p3, out Vector512<short> lo, out Vector512<short> hi)
        {
            // Lanes after the unpacks: (p0, p1) pairs of columns 0-3 8-11 16-19 24-27 (low) and 4-7 12-15 20-23
            // 28-31 (high); packing the two halves lane by lane restores column order.
            Vector512<short> u01l = Avx512BW.UnpackLow(p0, p1), u01h = Avx512BW.UnpackHigh(p0, p1);
            Vector512<short> u23l = Avx512BW.UnpackLow(p2, p3), u23h = Avx512BW.UnpackHigh(p2, p3);
            lo = Narrow(Avx512BW.MultiplyAddAdjacent(u01l, _lo01) + Avx512BW.MultiplyAddAdjacent(u23l, _lo23) + _loAdd, Avx512BW.MultiplyAddAdjacent(u01h, _lo01) + Avx512BW.MultiplyAddAdjacent(u23h, _lo23) + _loAdd);
            hi = Narrow(Avx512BW.MultiplyAddAdjacent(u01l, _hi01) + Avx512BW.MultiplyAddAdjacent(u23l, _hi23) + _hiAdd, Avx512BW.MultiplyAddAdjacent(u01h, _hi01) + Avx512BW.MultiplyAddAdjacent(u23h, _hi23) + _hiAdd);
        }

        /// <summary>C's <c>(int16_t)(sum &gt;&gt; bd)</c> as (sum &lt;&lt; (16 − bd)) &gt;&gt; 16, so the saturating pack is exact.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<short> Narrow(Vector512<int> low, Vector512<int> high) => Avx512BW.PackSignedSaturate(
            Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(low, _shift), 16),
            Avx512F.ShiftRightArithmetic(Avx512F.ShiftLeftLogical(high, _shift), 16));
    }
}
