using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmafTiny.Features.Vif;

/// <summary>
/// The scalar VIF kernels the "scalar" CPU path runs: plain C# (no SIMD intrinsics), the statistics restructured
/// for speed and held bit-exact to the oracle <see cref="VifScalar"/> by the kernel harness and the golden clips.
/// </summary>
/// <remarks>
/// <para>Same integers as <see cref="VifScalar"/> (a port of integer_vif.c: vif_statistic_8/16, libvmaf f85a8536),
/// summed in another order, with two rewrites that cannot change a value:</para>
/// <list type="bullet">
/// <item><b>Mirrored taps folded.</b> Filters are symmetric (f[k] = f[taps−1−k]), so f·x[a] + f·x[b] is computed
/// as f·(x[a] + x[b]): half the multiplies. Where C sums in uint32 the total is below 2^32 (digest §5.4), so a
/// product that wraps mod 2^32 still gives C's total.</item>
/// <item><b>Two sums in one ulong.</b> Two uint32 sums whose totals stay below 2^32 (and whose terms are never
/// negative) are kept as lanes of one ulong, low | high &lt;&lt; 32: no carry ever crosses between them, so one
/// 64-bit multiply-add serves both. Used for the reference and distorted means (vertical 8-bit: each ≤ 65536·255;
/// horizontal: each ≤ 65536·65535, every folded term f·(μ + μ′) ≤ 16004·131070 &lt; 2^32 and the unfolded centre
/// f·μ ≤ 43728·65535 &lt; 2^32) and for ref² and dis² of 8-bit luma (each ≤ 65536·255², a folded term
/// f·(p² + p′²) ≤ 7455·130050).</item>
/// </list>
/// </remarks>
internal sealed class VifScalarFast : IVifKernels
{
    /// <summary>The one instance.</summary>
    public static readonly VifScalarFast Instance = new();

    private const int Pad = VifScratch.Pad;

    private VifScalarFast()
    {
    }

    /// <inheritdoc />
    public string Name => "scalar";

    /// <inheritdoc />
    /// <remarks>
    /// Restructured <see cref="VifScalar.SubsampleRd8"/>: folded taps, the reference and distorted sums packed in one
    /// ulong (vertical lanes ≤ 65536·255; decimation lanes ≤ 65536·65280, folded terms ≤ 14692·130560).
    /// </remarks>
    public void SubsampleRd8(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch)
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(1);
        int taps = filter.Length;
        int half = taps / 2;
        VifScalar.CheckImage(reference, distorted, stride, width, height, half, scratch);
        VifScalar.CheckOutput(referenceOut, distortedOut, width, height);
        Span<int> rows = stackalloc int[taps];
        int outWidth = width / 2;
        ref byte refBase = ref MemoryMarshal.GetReference(reference);
        ref byte disBase = ref MemoryMarshal.GetReference(distorted);
        ref ulong acc = ref scratch.SquaresPacked[Pad];
        for (int oi = 0; oi < height / 2; oi++)
        {
            VifScalar.RowOffsets(2 * oi, half, height, stride, rows);
            {
                ref byte p = ref Unsafe.Add(ref refBase, rows[half]);
                ref byte q = ref Unsafe.Add(ref disBase, rows[half]);
                ulong c = filter[half];
                for (int j = 0; j < width; j++)
                {
                    Unsafe.Add(ref acc, j) = c * (Unsafe.Add(ref p, j) | ((ulong)Unsafe.Add(ref q, j) << 32));
                }
            }

            for (int k = 0; k < half; k++)
            {
                ref byte p = ref Unsafe.Add(ref refBase, rows[k]);
                ref byte pm = ref Unsafe.Add(ref refBase, rows[taps - 1 - k]);
                ref byte q = ref Unsafe.Add(ref disBase, rows[k]);
                ref byte qm = ref Unsafe.Add(ref disBase, rows[taps - 1 - k]);
                ulong c = filter[k];
                for (int j = 0; j < width; j++)
                {
                    uint a = (uint)Unsafe.Add(ref p, j) + Unsafe.Add(ref pm, j);
                    uint b = (uint)Unsafe.Add(ref q, j) + Unsafe.Add(ref qm, j);
                    Unsafe.Add(ref acc, j) += c * (a | ((ulong)b << 32));
                }
            }

            for (int j = 0; j < width; j++)
            {
                ulong v = Unsafe.Add(ref acc, j);
                Unsafe.Add(ref acc, j) = ((((uint)v) + 128) >> 8) | ((ulong)(((uint)(v >> 32) + 128) >> 8) << 32);
            }

            DecimatePacked(scratch, width, filter, referenceOut.Slice(oi * outWidth, outWidth), distortedOut.Slice(oi * outWidth, outWidth));
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Restructured <see cref="VifScalar.SubsampleRd16"/>: folded taps (vertical sums in uint32, a folded term may wrap,
    /// the totals are C's, ≤ 65536·65535), then the packed decimation of <see cref="SubsampleRd8"/> (lanes ≤ 65536·65535,
    /// folded terms ≤ 16004·131070, the unfolded centre ≤ 43728·65535).
    /// </remarks>
    public void SubsampleRd16(
        ReadOnlySpan<ushort> reference,
        ReadOnlySpan<ushort> distorted,
        int stride,
        int width,
        int height,
        int toScale,
        int bitDepth,
        Span<ushort> referenceOut,
        Span<ushort> distortedOut,
        VifScratch scratch)
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(toScale);
        int taps = filter.Length;
        int half = taps / 2;
        VifScalar.CheckImage(reference, distorted, stride, width, height, half, scratch);
        VifScalar.CheckOutput(referenceOut, distortedOut, width, height);
        int shift = VifScalar.SubsampleShift(toScale, bitDepth);
        uint round = 1u << (shift - 1);
        Span<int> rows = stackalloc int[taps];
        int outWidth = width / 2;
        ref ushort refBase = ref MemoryMarshal.GetReference(reference);
        ref ushort disBase = ref MemoryMarshal.GetReference(distorted);
        ref uint accRef = ref scratch.RefConvol[Pad];
        ref uint accDis = ref scratch.DisConvol[Pad];
        ref ulong packed = ref scratch.SquaresPacked[Pad];
        for (int oi = 0; oi < height / 2; oi++)
        {
            VifScalar.RowOffsets(2 * oi, half, height, stride, rows);
            {
                ref ushort p = ref Unsafe.Add(ref refBase, rows[half]);
                ref ushort q = ref Unsafe.Add(ref disBase, rows[half]);
                uint c = filter[half];
                for (int j = 0; j < width; j++)
                {
                    Unsafe.Add(ref accRef, j) = c * Unsafe.Add(ref p, j);
                    Unsafe.Add(ref accDis, j) = c * Unsafe.Add(ref q, j);
                }
            }

            for (int k = 0; k < half; k++)
            {
                ref ushort p = ref Unsafe.Add(ref refBase, rows[k]);
                ref ushort pm = ref Unsafe.Add(ref refBase, rows[taps - 1 - k]);
                ref ushort q = ref Unsafe.Add(ref disBase, rows[k]);
                ref ushort qm = ref Unsafe.Add(ref disBase, rows[taps - 1 - k]);
                uint c = filter[k];
                for (int j = 0; j < width; j++)
                {
                    Unsafe.Add(ref accRef, j) += unchecked(c * ((uint)Unsafe.Add(ref p, j) + Unsafe.Add(ref pm, j)));
                    Unsafe.Add(ref accDis, j) += unchecked(c * ((uint)Unsafe.Add(ref q, j) + Unsafe.Add(ref qm, j)));
                }
            }

            for (int j = 0; j < width; j++)
            {
                // C casts the rounded sums to uint16_t.
                uint a = (ushort)((Unsafe.Add(ref accRef, j) + round) >> shift);
                uint b = (ushort)((Unsafe.Add(ref accDis, j) + round) >> shift);
                Unsafe.Add(ref packed, j) = a | ((ulong)b << 32);
            }

            DecimatePacked(scratch, width, filter, referenceOut.Slice(oi * outWidth, outWidth), distortedOut.Slice(oi * outWidth, outWidth));
        }
    }

    /// <summary>
    /// Mirrors the packed vertical row (<see cref="VifScratch.SquaresPacked"/>, reference | distorted &lt;&lt; 32) and runs
    /// the decimating horizontal pass: output o is (Σf·v[2o − h + k] + 32768) &gt;&gt; 16 in each lane.
    /// </summary>
    private static void DecimatePacked(VifScratch scratch, int width, ReadOnlySpan<ushort> filter, Span<ushort> referenceOut, Span<ushort> distortedOut)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ulong[] row = scratch.SquaresPacked;
        for (int f = 1; f <= half; f++)
        {
            row[Pad - f] = row[Pad + f];
            row[Pad + width - 1 + f] = row[Pad + width - 1 - f];
        }

        ref ulong window = ref row[Pad - half];
        ref ushort r = ref MemoryMarshal.GetReference(referenceOut);
        ref ushort d = ref MemoryMarshal.GetReference(distortedOut);
        ulong centre = filter[half];
        for (int o = 0; o < referenceOut.Length; o++)
        {
            int first = 2 * o;
            ulong acc = centre * Unsafe.Add(ref window, first + half);
            for (int k = 0; k < half; k++)
            {
                acc += filter[k] * (Unsafe.Add(ref window, first + k) + Unsafe.Add(ref window, first + taps - 1 - k));
            }

            Unsafe.Add(ref r, o) = (ushort)((((uint)acc) + 32768u) >> 16);
            Unsafe.Add(ref d, o) = (ushort)((((uint)(acc >> 32)) + 32768u) >> 16);
        }
    }

    /// <inheritdoc />
    /// <remarks>Restructured <see cref="VifScalar.Statistic8"/> (type remarks).</remarks>
    public VifSums Statistic8(
        ReadOnlySpan<byte> reference,
        ReadOnlySpan<byte> distorted,
        int stride,
        int width,
        int height,
        double gainLimit,
        VifScratch scratch)
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(0);
        int half = filter.Length / 2;
        VifScalar.CheckImage(reference, distorted, stride, width, height, half, scratch);
        Span<int> rows = stackalloc int[filter.Length];
        var sums = default(VifScalar.Accumulator);
        for (int i = 0; i < height; i++)
        {
            VifScalar.RowOffsets(i, half, height, stride, rows);
            VerticalStatistic8(reference, distorted, rows, filter, scratch, width);
            MirrorRows(scratch, width, half);
            HorizontalStatistic(scratch, filter, gainLimit, ref sums, width);
        }

        return sums.ToSums();
    }

    /// <inheritdoc />
    /// <remarks>Restructured <see cref="VifScalar.Statistic16"/> (type remarks).</remarks>
    public VifSums Statistic16(
        ReadOnlySpan<ushort> reference,
        ReadOnlySpan<ushort> distorted,
        int stride,
        int width,
        int height,
        int scale,
        int bitDepth,
        double gainLimit,
        VifScratch scratch)
    {
        ReadOnlySpan<ushort> filter = VifTables.Filter(scale);
        int half = filter.Length / 2;
        VifScalar.CheckImage(reference, distorted, stride, width, height, half, scratch);
        var (shiftMu, shiftSq) = VifScalar.StatisticShifts(scale, bitDepth);
        Span<int> rows = stackalloc int[filter.Length];
        var sums = default(VifScalar.Accumulator);
        for (int i = 0; i < height; i++)
        {
            VifScalar.RowOffsets(i, half, height, stride, rows);
            VerticalStatistic16(reference, distorted, rows, filter, shiftMu, shiftSq, scratch, width);
            MirrorRows(scratch, width, half);
            HorizontalStatistic(scratch, filter, gainLimit, ref sums, width);
        }

        return sums.ToSums();
    }

    /// <summary>
    /// Vertical pass of vif_statistic_8 for one row: μ1 | μ2 &lt;&lt; 32 (8.8) into <see cref="VifScratch.MeansPacked"/>,
    /// the unshifted squares into <see cref="VifScratch.Ref"/>, <see cref="VifScratch.Dis"/>, <see cref="VifScratch.RefDis"/>.
    /// </summary>
    /// <remarks>
    /// Taps outside, columns inside: each (folded) tap pass keeps its four source rows and the accumulator rows in
    /// registers, so the loop body has no spills; the accumulators are the scratch rows themselves
    /// (<see cref="VifScratch.MeansPacked"/> raw, ref² | dis² &lt;&lt; 32 in <see cref="VifScratch.SquaresPacked"/>), finished in a last pass.
    /// </remarks>
    private static void VerticalStatistic8(
        ReadOnlySpan<byte> reference, ReadOnlySpan<byte> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        VifScratch scratch, int width)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ref byte refBase = ref MemoryMarshal.GetReference(reference);
        ref byte disBase = ref MemoryMarshal.GetReference(distorted);
        ref ulong mu = ref scratch.MeansPacked[Pad];
        ref ulong sq = ref scratch.SquaresPacked[Pad];
        ref uint xy = ref scratch.RefDis[Pad];
        {
            // In bounds: CheckImage proved every row offset + j < length.
            ref byte p = ref Unsafe.Add(ref refBase, rows[half]);
            ref byte q = ref Unsafe.Add(ref disBase, rows[half]);
            uint c = filter[half];
            for (int j = 0; j < width; j++)
            {
                uint a = Unsafe.Add(ref p, j);
                uint b = Unsafe.Add(ref q, j);
                Unsafe.Add(ref mu, j) = c * (a | ((ulong)b << 32));
                Unsafe.Add(ref sq, j) = c * ((a * a) | ((ulong)(b * b) << 32));
                Unsafe.Add(ref xy, j) = c * a * b;
            }
        }

        for (int k = 0; k < half; k++)
        {
            ref byte p = ref Unsafe.Add(ref refBase, rows[k]);
            ref byte pm = ref Unsafe.Add(ref refBase, rows[taps - 1 - k]);
            ref byte q = ref Unsafe.Add(ref disBase, rows[k]);
            ref byte qm = ref Unsafe.Add(ref disBase, rows[taps - 1 - k]);
            uint c = filter[k];
            for (int j = 0; j < width; j++)
            {
                uint a = Unsafe.Add(ref p, j);
                uint am = Unsafe.Add(ref pm, j);
                uint b = Unsafe.Add(ref q, j);
                uint bm = Unsafe.Add(ref qm, j);
                Unsafe.Add(ref mu, j) += c * ((a + am) | ((ulong)(b + bm) << 32));
                Unsafe.Add(ref sq, j) += c * (((a * a) + (am * am)) | ((ulong)((b * b) + (bm * bm)) << 32));
                Unsafe.Add(ref xy, j) += c * ((a * b) + (am * bm));
            }
        }

        ref uint xx = ref scratch.Ref[Pad];
        ref uint yy = ref scratch.Dis[Pad];
        for (int j = 0; j < width; j++)
        {
            ulong m = Unsafe.Add(ref mu, j);
            ulong s = Unsafe.Add(ref sq, j);
            Unsafe.Add(ref mu, j) = ((((uint)m) + 128) >> 8) | ((ulong)(((uint)(m >> 32) + 128) >> 8) << 32);
            Unsafe.Add(ref xx, j) = (uint)s;
            Unsafe.Add(ref yy, j) = (uint)(s >> 32);
        }
    }

    /// <summary>
    /// Vertical pass of vif_statistic_16 for one row, with the shifts of <see cref="VifScalar.StatisticShifts"/>:
    /// means into <see cref="VifScratch.MeansPacked"/> as <see cref="VerticalStatistic8"/>, the squares summed in
    /// uint64 (≤ 65536·65535²) and shifted into <see cref="VifScratch.Ref"/>, <see cref="VifScratch.Dis"/>,
    /// <see cref="VifScratch.RefDis"/>. Taps outside, columns inside, accumulating in <see cref="VifScratch.Mu1"/>,
    /// <see cref="VifScratch.Mu2"/> (uint32: a folded term f·(p + p′) may wrap, the totals are C's, ≤ 65536·65535)
    /// and three rows of <see cref="VifScratch.Horizontal"/>.
    /// </summary>
    private static void VerticalStatistic16(
        ReadOnlySpan<ushort> reference, ReadOnlySpan<ushort> distorted, ReadOnlySpan<int> rows, ReadOnlySpan<ushort> filter,
        int shiftMu, int shiftSq, VifScratch scratch, int width)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ref ushort refBase = ref MemoryMarshal.GetReference(reference);
        ref ushort disBase = ref MemoryMarshal.GetReference(distorted);
        ref uint mu1 = ref scratch.Mu1[Pad];
        ref uint mu2 = ref scratch.Mu2[Pad];
        ulong[] wide = scratch.Horizontal;
        ref ulong sxx = ref wide[0];
        ref ulong syy = ref wide[width];
        ref ulong sxy = ref wide[2 * width];
        {
            ref ushort p = ref Unsafe.Add(ref refBase, rows[half]);
            ref ushort q = ref Unsafe.Add(ref disBase, rows[half]);
            uint c = filter[half];
            for (int j = 0; j < width; j++)
            {
                uint a = Unsafe.Add(ref p, j);
                uint b = Unsafe.Add(ref q, j);
                Unsafe.Add(ref mu1, j) = c * a;
                Unsafe.Add(ref mu2, j) = c * b;
                Unsafe.Add(ref sxx, j) = c * (ulong)(a * a);
                Unsafe.Add(ref syy, j) = c * (ulong)(b * b);
                Unsafe.Add(ref sxy, j) = c * (ulong)(a * b);
            }
        }

        for (int k = 0; k < half; k++)
        {
            ref ushort p = ref Unsafe.Add(ref refBase, rows[k]);
            ref ushort pm = ref Unsafe.Add(ref refBase, rows[taps - 1 - k]);
            ref ushort q = ref Unsafe.Add(ref disBase, rows[k]);
            ref ushort qm = ref Unsafe.Add(ref disBase, rows[taps - 1 - k]);
            uint c = filter[k];
            for (int j = 0; j < width; j++)
            {
                uint a = Unsafe.Add(ref p, j);
                uint am = Unsafe.Add(ref pm, j);
                uint b = Unsafe.Add(ref q, j);
                uint bm = Unsafe.Add(ref qm, j);
                Unsafe.Add(ref mu1, j) += unchecked(c * (a + am));
                Unsafe.Add(ref mu2, j) += unchecked(c * (b + bm));
                Unsafe.Add(ref sxx, j) += c * ((ulong)(a * a) + (am * am));
                Unsafe.Add(ref syy, j) += c * ((ulong)(b * b) + (bm * bm));
                Unsafe.Add(ref sxy, j) += c * ((ulong)(a * b) + (am * bm));
            }
        }

        uint roundMu = 1u << (shiftMu - 1);
        ulong roundSq = shiftSq == 0 ? 0 : 1ul << (shiftSq - 1);
        ref ulong mu = ref scratch.MeansPacked[Pad];
        ref uint xx = ref scratch.Ref[Pad];
        ref uint yy = ref scratch.Dis[Pad];
        ref uint xy = ref scratch.RefDis[Pad];
        for (int j = 0; j < width; j++)
        {
            uint m1 = (ushort)((Unsafe.Add(ref mu1, j) + roundMu) >> shiftMu);
            uint m2 = (ushort)((Unsafe.Add(ref mu2, j) + roundMu) >> shiftMu);
            Unsafe.Add(ref mu, j) = m1 | ((ulong)m2 << 32);
            Unsafe.Add(ref xx, j) = (uint)((Unsafe.Add(ref sxx, j) + roundSq) >> shiftSq);
            Unsafe.Add(ref yy, j) = (uint)((Unsafe.Add(ref syy, j) + roundSq) >> shiftSq);
            Unsafe.Add(ref xy, j) = (uint)((Unsafe.Add(ref sxy, j) + roundSq) >> shiftSq);
        }
    }

    /// <summary>Mirrors the four statistic rows' aprons (PADDING_SQ_DATA).</summary>
    private static void MirrorRows(VifScratch scratch, int width, int half)
    {
        ulong[] mu = scratch.MeansPacked;
        for (int f = 1; f <= half; f++)
        {
            mu[Pad - f] = mu[Pad + f];
            mu[Pad + width - 1 + f] = mu[Pad + width - 1 - f];
        }

        VifScalar.MirrorRow(scratch.Ref, width, half);
        VifScalar.MirrorRow(scratch.Dis, width, half);
        VifScalar.MirrorRow(scratch.RefDis, width, half);
    }

    /// <summary>Horizontal pass over one row's mirrored vertical results and every pixel's VIF terms.</summary>
    /// <remarks>Taps outside, columns inside (as <see cref="VerticalStatistic8"/>), into four ulong rows; then the terms.</remarks>
    private static void HorizontalStatistic(VifScratch scratch, ReadOnlySpan<ushort> filter, double gainLimit, ref VifScalar.Accumulator sums, int width)
    {
        int taps = filter.Length;
        int half = taps / 2;
        ref ulong mu = ref scratch.MeansPacked[Pad - half];
        ref uint xx = ref scratch.Ref[Pad - half];
        ref uint yy = ref scratch.Dis[Pad - half];
        ref uint xy = ref scratch.RefDis[Pad - half];
        ulong[] sums4 = scratch.Horizontal;
        ref ulong m = ref sums4[0];
        ref ulong x = ref sums4[width];
        ref ulong y = ref sums4[2 * width];
        ref ulong z = ref sums4[3 * width];
        {
            ulong c = filter[half];
            ref ulong muC = ref Unsafe.Add(ref mu, half);
            ref uint xxC = ref Unsafe.Add(ref xx, half);
            ref uint yyC = ref Unsafe.Add(ref yy, half);
            ref uint xyC = ref Unsafe.Add(ref xy, half);
            for (int j = 0; j < width; j++)
            {
                Unsafe.Add(ref m, j) = c * Unsafe.Add(ref muC, j);
                Unsafe.Add(ref x, j) = c * Unsafe.Add(ref xxC, j);
                Unsafe.Add(ref y, j) = c * Unsafe.Add(ref yyC, j);
                Unsafe.Add(ref z, j) = c * Unsafe.Add(ref xyC, j);
            }
        }

        for (int k = 0; k < half; k++)
        {
            ulong c = filter[k];
            int b = taps - 1 - k;
            ref ulong muA = ref Unsafe.Add(ref mu, k);
            ref ulong muB = ref Unsafe.Add(ref mu, b);
            ref uint xxA = ref Unsafe.Add(ref xx, k);
            ref uint xxB = ref Unsafe.Add(ref xx, b);
            ref uint yyA = ref Unsafe.Add(ref yy, k);
            ref uint yyB = ref Unsafe.Add(ref yy, b);
            ref uint xyA = ref Unsafe.Add(ref xy, k);
            ref uint xyB = ref Unsafe.Add(ref xy, b);
            for (int j = 0; j < width; j++)
            {
                Unsafe.Add(ref m, j) += c * (Unsafe.Add(ref muA, j) + Unsafe.Add(ref muB, j));
                Unsafe.Add(ref x, j) += c * ((ulong)Unsafe.Add(ref xxA, j) + Unsafe.Add(ref xxB, j));
                Unsafe.Add(ref y, j) += c * ((ulong)Unsafe.Add(ref yyA, j) + Unsafe.Add(ref yyB, j));
                Unsafe.Add(ref z, j) += c * ((ulong)Unsafe.Add(ref xyA, j) + Unsafe.Add(ref xyB, j));
            }
        }

        ReadOnlySpan<ushort> log2 = VifTables.Log2;
        for (int j = 0; j < width; j++)
        {
            ulong accMu = Unsafe.Add(ref m, j);
            VifScalar.Accumulate(
                (uint)accMu,
                (uint)(accMu >> 32),
                (uint)((Unsafe.Add(ref x, j) + 32768) >> 16),
                (uint)((Unsafe.Add(ref y, j) + 32768) >> 16),
                (uint)((Unsafe.Add(ref z, j) + 32768) >> 16),
                log2,
                gainLimit,
                ref sums);
        }
    }
}
