using System.Runtime.CompilerServices;

namespace VmafTiny.Features.Adm;

/// <summary>
/// The sub-bands of one image at one scale, each plane row-major with a common <see cref="Stride"/>:
/// a (LL, low-pass both ways), v (low-pass vertically, high-pass horizontally), h (high-pass vertically,
/// low-pass horizontally) and d (HH). Sets that only carry the detail bands leave <see cref="A"/> empty.
/// </summary>
/// <typeparam name="T"><see cref="short"/> at scale 0, <see cref="int"/> at scales 1–3.</typeparam>
internal readonly ref struct AdmBands<T>
    where T : unmanaged
{
    /// <summary>Wraps four planes (pass an empty <paramref name="a"/> for an h/v/d-only set).</summary>
    public AdmBands(Span<T> a, Span<T> h, Span<T> v, Span<T> d, int stride)
    {
        A = a;
        H = h;
        V = v;
        D = d;
        Stride = stride;
    }

    /// <summary>Approximation band (LL), input of the next scale.</summary>
    public Span<T> A { get; }

    /// <summary>Horizontal-edge detail band (high-pass vertically).</summary>
    public Span<T> H { get; }

    /// <summary>Vertical-edge detail band (high-pass horizontally).</summary>
    public Span<T> V { get; }

    /// <summary>Diagonal detail band.</summary>
    public Span<T> D { get; }

    /// <summary>Distance between rows, in elements.</summary>
    public int Stride { get; }

    /// <summary>Detail band by libvmaf's orientation index: 0 = h, 1 = v, 2 = d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Detail(int theta) => theta switch
    {
        0 => H,
        1 => V,
        _ => D,
    };

    /// <summary>Row <paramref name="row"/> of every plane, <paramref name="width"/> elements long.</summary>
    public AdmRow<T> Row(int row, int width) => new(
        A.IsEmpty ? default : A.Slice(row * Stride, width),
        H.Slice(row * Stride, width),
        V.Slice(row * Stride, width),
        D.Slice(row * Stride, width));
}

/// <summary>
/// One row of each sub-band of one image at one scale (a, h, v, d; see <see cref="AdmBands{T}"/>), each span one
/// band row long. Sets that only carry the detail bands leave <see cref="A"/> empty.
/// </summary>
/// <typeparam name="T"><see cref="short"/> at scale 0, <see cref="int"/> at scales 1–3.</typeparam>
internal readonly ref struct AdmRow<T>
    where T : unmanaged
{
    /// <summary>Wraps four rows (pass an empty <paramref name="a"/> for an h/v/d-only set).</summary>
    public AdmRow(Span<T> a, Span<T> h, Span<T> v, Span<T> d)
    {
        A = a;
        H = h;
        V = v;
        D = d;
    }

    /// <summary>Approximation band (LL) row.</summary>
    public Span<T> A { get; }

    /// <summary>Horizontal-edge detail row.</summary>
    public Span<T> H { get; }

    /// <summary>Vertical-edge detail row.</summary>
    public Span<T> V { get; }

    /// <summary>Diagonal detail row.</summary>
    public Span<T> D { get; }

    /// <summary>Detail row by libvmaf's orientation index: 0 = h, 1 = v, 2 = d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Detail(int theta) => theta switch
    {
        0 => H,
        1 => V,
        _ => D,
    };
}



/// <summary>Denominator sums of one scale or one row per orientation (h, v, d): uint64 in C, before the float finishing.</summary>
internal readonly record struct AdmDenSums(ulong H, ulong V, ulong D);

/// <summary>Masking (numerator) sums of one scale or one row per orientation (h, v, d): int64 in C, before the float finishing.</summary>
internal readonly record struct AdmNumSums(long H, long V, long D);

/// <summary>
/// The seam between <see cref="AdmExtractor"/> and the arithmetic: integer ADM's hot stages, one band row per
/// call, each stage the row body of one of libvmaf's functions (<c>adm_dwt2_8</c>, <c>adm_decouple</c>,
/// <c>adm_csf</c>, …). Every implementation must give the same integers as <see cref="AdmScalar"/>, bit for bit;
/// stages write only inside the columns they own, and the row accumulation and float finishing stay in the
/// extractor, shared by all.
/// </summary>
/// <remarks>
/// Row granularity lets the extractor stream a frame through all four scales with a few rows per scale in
/// flight (cache-resident, and a few hundred kB per thread instead of whole band planes). Scale 0 works in
/// int16 bands, scales 1–3 in int32 bands (libvmaf's <c>_s123</c> / <c>i4_</c> functions). The AIM numerator
/// (<c>measure_aim</c>) is not part of the seam: adm2 does not use it.
/// </remarks>
internal interface IAdmKernels
{
    /// <summary>Short name of the implementation, e.g. "scalar".</summary>
    string Name { get; }

    /// <summary>
    /// Scale 0 DWT of one band row from an 8-bit luma plane: the vertical pass over the four input rows
    /// <c>RowTaps[4i..4i+3]</c>, then the horizontal pass into the int16 rows a, v, h, d.
    /// </summary>
    /// <param name="r0">Input row RowTaps[4i] (InputWidth samples); likewise <paramref name="r1"/>..<paramref name="r3"/>.</param>
    /// <param name="r1">Input row RowTaps[4i + 1].</param>
    /// <param name="r2">Input row RowTaps[4i + 2].</param>
    /// <param name="r3">Input row RowTaps[4i + 3].</param>
    /// <param name="geometry">Scale 0 geometry (input size, column indices).</param>
    /// <param name="destination">Band rows of Width elements.</param>
    /// <param name="scratch">At least 2 × InputWidth elements.</param>
    void Dwt2Row8(ReadOnlySpan<byte> r0, ReadOnlySpan<byte> r1, ReadOnlySpan<byte> r2, ReadOnlySpan<byte> r3, AdmScaleGeometry geometry, in AdmRow<short> destination, Span<short> scratch);

    /// <summary>As <see cref="Dwt2Row8"/> for 9..16-bit luma (<paramref name="bitDepth"/> sets the vertical shift).</summary>
    void Dwt2Row16(ReadOnlySpan<ushort> r0, ReadOnlySpan<ushort> r1, ReadOnlySpan<ushort> r2, ReadOnlySpan<ushort> r3, int bitDepth, AdmScaleGeometry geometry, in AdmRow<short> destination, Span<short> scratch);

    /// <summary>Scales 1–3 DWT of one band row from four rows of the previous scale's int32 band a.</summary>
    /// <param name="r0">Input row RowTaps[4i] (InputWidth elements); likewise <paramref name="r1"/>..<paramref name="r3"/>.</param>
    /// <param name="r1">Input row RowTaps[4i + 1].</param>
    /// <param name="r2">Input row RowTaps[4i + 2].</param>
    /// <param name="r3">Input row RowTaps[4i + 3].</param>
    /// <param name="geometry">Geometry of the scale being computed (1..3).</param>
    /// <param name="destination">Band rows of Width elements; must not overlap the input.</param>
    /// <param name="scratch">At least 2 × InputWidth elements.</param>
    void Dwt2RowS123(ReadOnlySpan<int> r0, ReadOnlySpan<int> r1, ReadOnlySpan<int> r2, ReadOnlySpan<int> r3, AdmScaleGeometry geometry, in AdmRow<int> destination, Span<int> scratch);

    /// <summary>
    /// Scale 0 decouple of one band row over the <see cref="AdmScaleGeometry.Taps"/> columns: splits the distorted
    /// details into the restored part <paramref name="restored"/> and the additive impairment <paramref name="additive"/> (h, v, d).
    /// Where the angle test passes, the restored value may grow to at most <paramref name="gainLimit"/> times itself
    /// (bounded by the distorted value): libvmaf's <c>adm_enhn_gain_limit</c>, 100 by default, 1 in the NEG models.
    /// </summary>
    void DecoupleRow(in AdmRow<short> reference, in AdmRow<short> distorted, AdmScaleGeometry geometry, double gainLimit, in AdmRow<short> restored, in AdmRow<short> additive);

    /// <summary>Scales 1–3 decouple of one band row (int32 bands, 15-bit normalised divisor), with the same gain limit.</summary>
    void DecoupleRowS123(in AdmRow<int> reference, in AdmRow<int> distorted, AdmScaleGeometry geometry, double gainLimit, in AdmRow<int> restored, in AdmRow<int> additive);

    /// <summary>
    /// Scale 0 CSF of one band row over the <see cref="AdmScaleGeometry.Taps"/> columns: CSF-weighted impairment
    /// into <paramref name="csfA"/> and its 1/30 masking contribution into <paramref name="csfF"/>.
    /// </summary>
    void CsfRow(in AdmRow<short> additive, AdmScaleGeometry geometry, in AdmRow<short> csfA, in AdmRow<short> csfF);

    /// <summary>Scales 1–3 CSF of one band row (int32).</summary>
    void CsfRowS123(in AdmRow<int> additive, AdmScaleGeometry geometry, in AdmRow<int> csfA, in AdmRow<int> csfF);

    /// <summary>
    /// Scale 0 denominator of one band row over the <see cref="AdmScaleGeometry.Evaluation"/> columns: Σ|o|³ per
    /// orientation (uint64), before the per-row shift (<c>adm_csf_den_scale</c>'s inner loop).
    /// </summary>
    AdmDenSums CsfDenRow(in AdmRow<short> reference, AdmScaleGeometry geometry);

    /// <summary>Scales 1–3 denominator of one band row, before the per-row shift (<c>adm_csf_den_s123</c>'s inner loop).</summary>
    AdmDenSums CsfDenRowS123(in AdmRow<int> reference, AdmScaleGeometry geometry);

    /// <summary>
    /// Scale 0 contrast masking of one band row over the <see cref="AdmScaleGeometry.Evaluation"/> columns:
    /// Σ max(|r·CSF| − threshold, 0)³ per orientation, before the per-row shift (<c>adm_cm</c>'s inner loop).
    /// The threshold reads the 3x3 neighbourhood of <paramref name="csfF"/> rows above, at and below (border rows
    /// already mapped by the caller: −1 → 1, h → h − 1) and the row's own <paramref name="csfA"/>.
    /// </summary>
    AdmNumSums CmRow(in AdmRow<short> restored, in AdmRow<short> csfA, in AdmRow<short> csfFUp, in AdmRow<short> csfF, in AdmRow<short> csfFDown, AdmScaleGeometry geometry);

    /// <summary>Scales 1–3 contrast masking of one band row (<c>i4_adm_cm</c>'s inner loop); borders as <see cref="CmRow"/>.</summary>
    AdmNumSums CmRowS123(in AdmRow<int> restored, in AdmRow<int> csfA, in AdmRow<int> csfFUp, in AdmRow<int> csfF, in AdmRow<int> csfFDown, AdmScaleGeometry geometry);
}
