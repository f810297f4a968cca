namespace VmafTiny.Features.Vif;

/// <summary>
/// How the SIMD VIF kernels' 8-bit scale-0 vertical pass forms its square sums (<see cref="VifSimd{TSimd, TVector}"/>):
/// both give the same exact integers; which one is faster depends on the CPU, measured side by side on each.
/// </summary>
internal enum VerticalSquares
{
    /// <summary>
    /// 16-bit products of centred samples, mirrored pairs summed in words before one <c>vpmaddwd</c>: no 32-bit multiply,
    /// 74 operations a pair of taps. Faster on Intel's cores, where <c>vpmulld</c> costs two operations.
    /// </summary>
    Words,

    /// <summary>
    /// <c>vpmaddwd</c> of each mirrored row pair with itself, times the weight by <c>vpmulld</c>: 68 operations a pair of
    /// taps, 12 of them 32-bit multiplies. Faster on AMD's Zen cores, where <c>vpmulld</c> is one operation.
    /// </summary>
    Dwords,
}
