using System.Runtime.Intrinsics;
using VmafTiny.Features.Adm;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// <see cref="AdmS123Avx2.Int64ToSingle"/> (the decouple angle test's int64 → float without vcvtqq2ps) against the
/// runtime's scalar conversion, which rounds to nearest even once, as C's does.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class AdmInt64ToSingleTests
{
    [SkippableFact]
    public void Matches_the_scalar_conversion_on_edges_and_double_rounding_traps()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "AVX2 not supported on this CPU");
        var values = new List<long> { 0, 1, -1, long.MinValue, long.MaxValue, long.MinValue + 1 };
        for (int e = 20; e < 63; e++)
        {
            long p = 1L << e;
            values.AddRange([p - 1, p, p + 1, -p, -p - 1, -p + 1]);

            // A float midpoint plus or minus a bit below the double's precision: rounding to double first lands
            // on the midpoint and then rounds to even, the wrong way.
            if (e >= 40)
            {
                long midpoint = p + (1L << (e - 24));
                values.AddRange([midpoint + 1, midpoint - 1, -(midpoint + 1), -(midpoint - 1), midpoint + (1L << (e - 23)) + 1]);
            }
        }

        // The decouple's own kind of value: (2^30 + 64) · 2^30 + 1 · 1 = 2^60 + 2^36 + 1.
        values.Add(((1L << 30) + 64) * (1L << 30) + 1);
        var rng = new Random(20240611);
        for (int i = 0; i < 4000; i++)
        {
            long r = rng.NextInt64(long.MinValue, long.MaxValue);
            values.Add(r >> rng.Next(64));
        }

        for (int i = 0; i + 4 <= values.Count; i += 4)
        {
            Vector128<float> got = AdmS123Avx2.Int64ToSingle(Vector256.Create(values[i], values[i + 1], values[i + 2], values[i + 3]));
            for (int k = 0; k < 4; k++)
            {
                Assert.True(
                    BitConverter.SingleToInt32Bits((float)values[i + k]) == BitConverter.SingleToInt32Bits(got[k]),
                    $"int64 {values[i + k]}: expected {(float)values[i + k]:R}, got {got[k]:R}");
            }
        }
    }
}
