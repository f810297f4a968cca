namespace VmafTiny.Features;

/// <summary>
/// The one CPU-path selection every extractor makes in its constructor (libvmaf's <c>init()</c>): dav1d's ladder,
/// the scalar kernels overridden by each level that the resolved path allows and whose kernels this CPU runs.
/// </summary>
internal static class KernelLadder
{
    /// <summary>
    /// The kernel set for <paramref name="requested"/>: <see cref="CpuDispatch.Resolve"/> turns it into a concrete
    /// ceiling (an explicit path this CPU lacks is a <see cref="VmafTinyException"/>), then the highest level at or
    /// under it wins; a level without kernels of its own, or whose kernels need more than this CPU has, falls back
    /// to the one below.
    /// </summary>
    /// <typeparam name="TKernels">The feature's kernel seam, e.g. IVifKernels.</typeparam>
    /// <param name="requested">The caller's ceiling.</param>
    /// <param name="scalar">The scalar oracle (always runs).</param>
    /// <param name="avx2">The AVX2 kernels and whether this CPU runs them (their <c>IsSupported</c>).</param>
    /// <param name="avx512">The AVX-512 kernels and whether this CPU runs them.</param>
    public static TKernels Select<TKernels>(
        CpuPath requested, TKernels scalar, (TKernels Kernels, bool Supported) avx2, (TKernels Kernels, bool Supported) avx512)
    {
        CpuPath cap = CpuDispatch.Resolve(requested);
        TKernels chosen = scalar;
        if (cap >= CpuPath.Avx2 && avx2.Supported)
        {
            chosen = avx2.Kernels;
        }

        if (cap >= CpuPath.Avx512 && avx512.Supported)
        {
            chosen = avx512.Kernels;
        }

        return chosen;
    }
}
