namespace VmafTiny.Features;

/// <summary>
/// The highest instruction-set path the feature kernels may use: a ceiling, like libvmaf's --cpumask but
/// readable. Asking for a path the CPU lacks is an error, never a silent fallback.
/// </summary>
public enum CpuPath
{
    /// <summary>The best path this CPU and runtime support.</summary>
    Auto,

    /// <summary>Plain scalar code, no SIMD intrinsics (each feature's scalar oracle, or scalar kernels held to it).</summary>
    Scalar,

    /// <summary>AVX2 intrinsics.</summary>
    Avx2,

    /// <summary>AVX-512 intrinsics.</summary>
    Avx512,
}
