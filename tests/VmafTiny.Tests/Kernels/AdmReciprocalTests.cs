using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Simd;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// <see cref="AdmSimd{TSimd, TVector}.Reciprocal"/> (the AVX-512 decouple's div_lookup entries by a double division)
/// against the table, for every int16 divisor and, at once, every divisor 1..2^15 the scales 1–3 decouple reads.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class AdmReciprocalTests
{
    [SkippableFact]
    public void Equals_div_lookup_for_every_nonzero_divisor_at_512_bits() => Check<Simd512, Vector512<int>>();

    [SkippableFact]
    public void Equals_div_lookup_for_every_nonzero_divisor_at_256_bits() => Check<Simd256, Vector256<int>>();

    private static void Check<TSimd, TVector>()
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        Skip.IfNot(TSimd.IsSupported, $"{TSimd.Path} not supported here");
        int lanes = TSimd.Int32Count;
        var divisors = new List<int>();
        for (int o = -32768; o <= 32768; o++)
        {
            if (o != 0)
            {
                divisors.Add(o);
            }
        }

        while (divisors.Count % lanes != 0)
        {
            divisors.Add(1);
        }

        int[] input = [.. divisors];
        var got = new int[lanes];
        for (int i = 0; i < input.Length; i += lanes)
        {
            TSimd.Store(AdmSimd<TSimd, TVector>.Reciprocal(TSimd.Load(ref input[i], 0)), ref MemoryMarshal.GetArrayDataReference(got), 0);
            for (int k = 0; k < lanes; k++)
            {
                int o = input[i + k];
                Assert.True(AdmTables.DivLookup[o + 32768] == got[k], $"o = {o}: div_lookup {AdmTables.DivLookup[o + 32768]}, computed {got[k]}");
            }
        }
    }
}
