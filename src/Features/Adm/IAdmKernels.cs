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
    public Span<T> Detail(int theta) => theta switch
    {
        0 => H,
        1 => V,
        _ => D,
    };
}

/// <summary>Denominator accumulators of one scale per orientation (h, v, d): uint64 in C, before the float finishing.</summary>
internal readonly record struct AdmDenSums(ulong H, ulong V, ulong D);

/// <summary>Masking (numerator) accumulators of one scale per orientation (h, v, d): int64 in C, before the float finishing.</summary>
internal readonly record struct AdmNumSums(long H, long V, long D);

/// <summary>
/// The seam between <see cref="AdmExtractor"/> and the arithmetic: integer ADM's hot stages, at the granularity
/// of libvmaf's function pointers (<c>AdmState.dwt2_8</c>, <c>adm_decouple</c>, <c>adm_csf</c>, …). Every
/// implementation must give the same integers as <see cref="AdmScalar"/>, bit for bit; stages write only
/// inside the region they are given, and the float finishing stays in the extractor, shared by all.
/// </summary>
/// <remarks>
/// Scale 0 works in int16 bands, scales 1–3 in int32 bands (libvmaf's <c>_s123</c> / <c>i4_</c> functions).
/// The AIM numerator (<c>measure_aim</c>) is not part of the seam: adm2 does not use it.
/// </remarks>
internal interface IAdmKernels
{
    /// <summary>Short name of the implementation, e.g. "scalar".</summary>
    string Name { get; }

    /// <summary>Scale 0 DWT of an 8-bit luma plane into int16 bands a, v, h, d.</summary>
    /// <param name="source">Samples, rows <paramref name="sourceStride"/> apart.</param>
    /// <param name="sourceStride">Row distance in samples.</param>
    /// <param name="geometry">Scale 0 geometry (input size, sample indices).</param>
    /// <param name="destination">Band planes of at least Width × Height (stride ≥ Width).</param>
    /// <param name="scratch">At least 2 × InputWidth elements.</param>
    void Dwt2_8(ReadOnlySpan<byte> source, int sourceStride, AdmScaleGeometry geometry, AdmBands<short> destination, Span<short> scratch);

    /// <summary>Scale 0 DWT of a 9..16-bit luma plane into int16 bands a, v, h, d.</summary>
    /// <param name="source">Samples, rows <paramref name="sourceStride"/> apart.</param>
    /// <param name="sourceStride">Row distance in samples.</param>
    /// <param name="bitDepth">Bits per sample (sets the vertical shift).</param>
    /// <param name="geometry">Scale 0 geometry.</param>
    /// <param name="destination">Band planes.</param>
    /// <param name="scratch">At least 2 × InputWidth elements.</param>
    void Dwt2_16(ReadOnlySpan<ushort> source, int sourceStride, int bitDepth, AdmScaleGeometry geometry, AdmBands<short> destination, Span<short> scratch);

    /// <summary>Scales 1–3 DWT of the previous scale's int32 band a into int32 bands a, v, h, d.</summary>
    /// <param name="source">The previous band a, rows <paramref name="sourceStride"/> apart.</param>
    /// <param name="sourceStride">Row distance in elements.</param>
    /// <param name="geometry">Geometry of the scale being computed (1..3).</param>
    /// <param name="destination">Band planes; must not overlap <paramref name="source"/>.</param>
    /// <param name="scratch">At least 2 × InputWidth elements.</param>
    void Dwt2S123(ReadOnlySpan<int> source, int sourceStride, AdmScaleGeometry geometry, AdmBands<int> destination, Span<int> scratch);

    /// <summary>
    /// Scale 0 decouple over <see cref="AdmScaleGeometry.Taps"/>: splits the distorted details into the restored
    /// part <paramref name="restored"/> and the additive impairment <paramref name="additive"/> (h, v, d).
    /// </summary>
    void Decouple(AdmBands<short> reference, AdmBands<short> distorted, AdmScaleGeometry geometry, AdmBands<short> restored, AdmBands<short> additive);

    /// <summary>Scales 1–3 decouple (int32 bands, 15-bit normalised divisor).</summary>
    void DecoupleS123(AdmBands<int> reference, AdmBands<int> distorted, AdmScaleGeometry geometry, AdmBands<int> restored, AdmBands<int> additive);

    /// <summary>
    /// Scale 0 CSF over <see cref="AdmScaleGeometry.Taps"/>: CSF-weighted impairment into
    /// <paramref name="csfA"/> and its 1/30 masking contribution into <paramref name="csfF"/>.
    /// </summary>
    void Csf(AdmBands<short> additive, AdmScaleGeometry geometry, AdmBands<short> csfA, AdmBands<short> csfF);

    /// <summary>Scales 1–3 CSF (int32).</summary>
    void CsfS123(AdmBands<int> additive, AdmScaleGeometry geometry, AdmBands<int> csfA, AdmBands<int> csfF);

    /// <summary>
    /// Scale 0 denominator sums over <see cref="AdmScaleGeometry.Evaluation"/>: per band row Σ|o|³ (uint64),
    /// shifted with rounding, summed over rows (<c>adm_csf_den_scale</c> up to its float conversion).
    /// </summary>
    AdmDenSums CsfDen(AdmBands<short> reference, AdmScaleGeometry geometry);

    /// <summary>Scales 1–3 denominator sums (<c>adm_csf_den_s123</c> up to its float conversion).</summary>
    AdmDenSums CsfDenS123(AdmBands<int> reference, AdmScaleGeometry geometry);

    /// <summary>
    /// Scale 0 contrast masking sums over <see cref="AdmScaleGeometry.Evaluation"/>: per band row
    /// Σ max(|r·CSF| − threshold, 0)³, shifted with rounding, summed over rows (<c>adm_cm</c> up to its float
    /// conversion).
    /// </summary>
    AdmNumSums Cm(AdmBands<short> restored, AdmBands<short> csfA, AdmBands<short> csfF, AdmScaleGeometry geometry);

    /// <summary>Scales 1–3 contrast masking sums (<c>i4_adm_cm</c> up to its float conversion).</summary>
    AdmNumSums CmS123(AdmBands<int> restored, AdmBands<int> csfA, AdmBands<int> csfF, AdmScaleGeometry geometry);
}
