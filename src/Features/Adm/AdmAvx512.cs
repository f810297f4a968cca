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
    public void Dwt2_8(ReadOnlySpan<byte> source, int sourceStride, AdmScaleGeometry geometry, AdmBands<short> destination, Span<short> scratch) =>
        Lower.Dwt2_8(source, sourceStride, geometry, destination, scratch);

    /// <inheritdoc/>
    public void Dwt2_16(ReadOnlySpan<ushort> source, int sourceStride, int bitDepth, AdmScaleGeometry geometry, AdmBands<short> destination, Span<short> scratch) =>
        Lower.Dwt2_16(source, sourceStride, bitDepth, geometry, destination, scratch);

    /// <inheritdoc/>
    public void Dwt2S123(ReadOnlySpan<int> source, int sourceStride, AdmScaleGeometry geometry, AdmBands<int> destination, Span<int> scratch) =>
        Lower.Dwt2S123(source, sourceStride, geometry, destination, scratch);

    /// <inheritdoc/>
    public void Decouple(AdmBands<short> reference, AdmBands<short> distorted, AdmScaleGeometry geometry, AdmBands<short> restored, AdmBands<short> additive) =>
        Lower.Decouple(reference, distorted, geometry, restored, additive);

    /// <inheritdoc/>
    public void DecoupleS123(AdmBands<int> reference, AdmBands<int> distorted, AdmScaleGeometry geometry, AdmBands<int> restored, AdmBands<int> additive) =>
        Lower.DecoupleS123(reference, distorted, geometry, restored, additive);

    /// <inheritdoc/>
    public void Csf(AdmBands<short> additive, AdmScaleGeometry geometry, AdmBands<short> csfA, AdmBands<short> csfF) =>
        Lower.Csf(additive, geometry, csfA, csfF);

    /// <inheritdoc/>
    public void CsfS123(AdmBands<int> additive, AdmScaleGeometry geometry, AdmBands<int> csfA, AdmBands<int> csfF) =>
        Lower.CsfS123(additive, geometry, csfA, csfF);

    /// <inheritdoc/>
    public AdmDenSums CsfDen(AdmBands<short> reference, AdmScaleGeometry geometry) =>
        Lower.CsfDen(reference, geometry);

    /// <inheritdoc/>
    public AdmDenSums CsfDenS123(AdmBands<int> reference, AdmScaleGeometry geometry) =>
        Lower.CsfDenS123(reference, geometry);

    /// <inheritdoc/>
    public AdmNumSums Cm(AdmBands<short> restored, AdmBands<short> csfA, AdmBands<short> csfF, AdmScaleGeometry geometry) =>
        Lower.Cm(restored, csfA, csfF, geometry);

    /// <inheritdoc/>
    public AdmNumSums CmS123(AdmBands<int> restored, AdmBands<int> csfA, AdmBands<int> csfF, AdmScaleGeometry geometry) =>
        Lower.CmS123(restored, csfA, csfF, geometry);
}
