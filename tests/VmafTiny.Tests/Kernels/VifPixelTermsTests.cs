using VmafTiny.Features;
using System.Runtime.Intrinsics;
using VmafTiny.Features.Simd;
using VmafTiny.Features.Vif;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// The vectorised per-pixel VIF terms against <see cref="VifScalar.AccumulateSigmas"/> for arbitrary int32
/// (σ1², σ2², σ12): every branch, including the ones image data rarely reaches (gain above the limit,
/// σ2² − g·σ12 below int.MinValue, σn² + σ1² above int.MaxValue).
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class VifPixelTermsTests
{
    /// <summary>Values around every threshold of digest §5.5, mixed with uniform ones.</summary>
    private static int Sigma(Random rng) => rng.Next(8) switch
    {
        0 => VifTables.SigmaNsq + rng.Next(-3, 4),
        1 => rng.Next(-3, 4),
        2 => int.MaxValue - rng.Next(4),
        3 => int.MinValue + rng.Next(4),
        4 => rng.Next(VifTables.SigmaNsq, 4 * VifTables.SigmaNsq),
        5 => rng.Next(1 << 20, 1 << 30),
        _ => rng.Next(int.MinValue, int.MaxValue),
    };

    [SkippableTheory]
    [InlineData(CpuPath.Avx2, 1)]
    [InlineData(CpuPath.Avx2, 2)]
    [InlineData(CpuPath.Avx2, 3)]
    [InlineData(CpuPath.Avx512, 1)]
    [InlineData(CpuPath.Avx512, 2)]
    [InlineData(CpuPath.Avx512, 3)]
    public void Vector_terms_equal_scalar_for_any_sigmas(CpuPath path, int seed)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        var rng = new Random(seed);
        const int n = 1 << 14;
        int[] s1 = new int[n], s2 = new int[n], s12 = new int[n];
        for (int i = 0; i < n; i++)
        {
            s1[i] = Sigma(rng);
            s2[i] = Sigma(rng);

            // Half of the covariances tied to the variances, so the gain often passes the limit of 100.
            s12[i] = rng.Next(2) == 0 ? Sigma(rng) : (int)Math.Clamp(s1[i] * (rng.NextDouble() * 300), 1, int.MaxValue);
        }

        // A width of whole blocks of 2·16 pixels and one that ends in a part block (masked lanes).
        foreach (int width in new[] { n, n - 5 })
        {
            foreach (double gainLimit in new[] { 100.0, 1.0, 37.5 })
            {
                var expected = default(VifScalar.Accumulator);
                for (int i = 0; i < width; i++)
                {
                    VifScalar.AccumulateSigmas(s1[i], s2[i], s12[i], VifTables.Log2, gainLimit, ref expected);
                }

                var actual = default(VifScalar.Accumulator);
                Vector(path, s1, s2, s12, width, gainLimit, ref actual);
                KernelCheck.Equal(expected.ToSums(), actual.ToSums(), $"vif.pixel_terms {path} seed={seed} width {width} gain limit {gainLimit}");
            }
        }
    }

    private static void Vector(CpuPath path, int[] s1, int[] s2, int[] s12, int width, double gainLimit, ref VifScalar.Accumulator sums)
    {
        if (path == CpuPath.Avx512)
        {
            Vector<Simd512, Vector512<int>>(s1, s2, s12, width, gainLimit, ref sums);
        }
        else
        {
            Vector<Simd256, Vector256<int>>(s1, s2, s12, width, gainLimit, ref sums);
        }
    }

    /// <summary>The kernels' per-pixel step on one row of <paramref name="width"/> pixels, σ values laid out as the horizontal filter leaves them.</summary>
    private static void Vector<TSimd, TVector>(int[] s1, int[] s2, int[] s12, int width, double gainLimit, ref VifScalar.Accumulator sums)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        var scratch = new VifScratch(width);

        // Lanes past the last column hold values that would add terms if they were not masked.
        Array.Fill(scratch.Sigmas, VifTables.SigmaNsq * 3);
        VifSimd<TSimd, TVector>.LayOutSigmas(scratch.Sigmas, s1, s2, s12, width);

        VifSimd<TSimd, TVector>.AddPixelTerms(scratch, width, gainLimit, ref sums);
    }

    /// <summary>
    /// Both vector log2s (the table gather and the computed entry, whichever a width uses in the kernels) against
    /// integer_vif.h's log2_64 for every one of the 2^15 table entries, at exponents 17..52 and with random bits below
    /// the 16 that count.
    /// </summary>
    [SkippableTheory]
    [InlineData(CpuPath.Avx2)]
    [InlineData(CpuPath.Avx512)]
    public void Vector_log2_equals_the_table_for_every_entry(CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        if (path == CpuPath.Avx512)
        {
            Log2EveryEntry<Simd512, Vector512<int>>();
        }
        else
        {
            Log2EveryEntry<Simd256, Vector256<int>>();
        }
    }

    /// <summary>
    /// The constants of the computed log2 (literals, so that precompiled code reads no static fields) are the values of
    /// their formulas, bit for bit, at both widths.
    /// </summary>
    [Fact]
    public void Log2_constants_equal_their_formulas()
    {
        Log2Constants<Simd256, Vector256<int>>();
        Log2Constants<Simd512, Vector512<int>>();
    }

    private static void Log2Constants<TSimd, TVector>()
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int n = VifSimd<TSimd, TVector>.Log2Tables.Count;
        ReadOnlySpan<float> inverses = VifSimd<TSimd, TVector>.Log2Tables.Inverses, fractions = VifSimd<TSimd, TVector>.Log2Tables.Fractions;
        ReadOnlySpan<int> integers = VifSimd<TSimd, TVector>.Log2Tables.Integers;
        Assert.Equal(n, inverses.Length);
        Assert.Equal(n, fractions.Length);
        Assert.Equal(n, integers.Length);
        for (int j = 0; j < n; j++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(VifSimd<TSimd, TVector>.Log2Tables.Inverse(j)), BitConverter.SingleToInt32Bits(inverses[j]));
            Assert.Equal(BitConverter.SingleToInt32Bits(VifSimd<TSimd, TVector>.Log2Tables.Fraction(j)), BitConverter.SingleToInt32Bits(fractions[j]));
            Assert.Equal(VifSimd<TSimd, TVector>.Log2Tables.Integer(j), integers[j]);
        }
    }

    private static void Log2EveryEntry<TSimd, TVector>()
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        var rng = new Random(11);
        int n = TSimd.Int32Count;
        var x = new double[n];
        var gathered = new int[n];
        var computed = new int[n];
        int[] exponents = [17, 18, 31, 32, 33, 40, 47, 52];
        for (int e = 0; e < exponents.Length; e++)
        {
            int exponent = exponents[e];
            for (int entry = 0; entry < 1 << 15; entry += n)
            {
                for (int m = 0; m < n; m++)
                {
                    // The 16 leading bits 1.(entry + m), then random bits below them.
                    ulong top = (ulong)((1 << 15) + entry + m) << (exponent - 15);
                    ulong below = (ulong)rng.NextInt64(1L << (exponent - 15));
                    x[m] = top | (e % 2 == 0 ? below : 0);
                }

                TVector lower = TSimd.Load(ref x[0], 0), upper = TSimd.Load(ref x[n / 2], 0);
                TSimd.Store(VifSimd<TSimd, TVector>.PixelTerms.Log2Gathered(lower, upper), ref gathered[0], 0);
                TSimd.Store(VifSimd<TSimd, TVector>.PixelTerms.Log2Computed(lower, upper), ref computed[0], 0);
                for (int m = 0; m < n; m++)
                {
                    int expected = VifTables.Log2Of64(VifTables.Log2, (ulong)x[m]);
                    Assert.True(expected == gathered[m], $"{TSimd.Path} gathered log2({x[m]}) = {gathered[m]}, table {expected}");
                    Assert.True(expected == computed[m], $"{TSimd.Path} computed log2({x[m]}) = {computed[m]}, table {expected}");
                }
            }
        }
    }
}
