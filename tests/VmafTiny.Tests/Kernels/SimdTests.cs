using System.Runtime.Intrinsics;
using VmafTiny.Features.Simd;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// The width-generic SIMD layer (<see cref="ISimd{TVector}"/>) against plain definitions, at both widths: the
/// operations whose lane order or rounding is easy to get wrong (pairs, narrowing, even/odd joins, halves,
/// in-lane unpack and pack, gathers). An unsupported width shows as skipped.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class SimdTests
{
    [SkippableFact]
    public void Simd256_operations_match_their_definitions()
    {
        Skip.IfNot(Simd256.IsSupported, "AVX2 not supported here");
        Check<Simd256, Vector256<int>>();
    }

    [SkippableFact]
    public void Simd256Vnni_operations_match_their_definitions()
    {
        Skip.IfNot(Simd256Vnni.IsSupported, "AVX2 with AVX-VNNI not supported here");
        Check<Simd256Vnni, Vector256<int>>();
    }

    [SkippableFact]
    public void Simd512_operations_match_their_definitions()
    {
        Skip.IfNot(Simd512.IsSupported, "AVX-512 not supported here");
        Check<Simd512, Vector512<int>>();
    }

    private static unsafe void Check<TSimd, TVector>()
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int n = TSimd.Int32Count;
        var rng = new Random(11);
        int[] a = Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
        int[] b = Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
        a[0] = -1;
        b[0] = -1;     // the uint32 extremes
        a[1] = int.MinValue;
        a[2] = b[2] = unchecked((int)0x8000_8000);     // vpmaddwd's one wrapping pair
        TVector va = TSimd.Load(ref a[0], 0);
        TVector vb = TSimd.Load(ref b[0], 0);

        Assert.Equal(Enumerable.Range(0, n).ToArray(), Ints<TSimd, TVector>(TSimd.Int32Indices));

        // Words, dwords and qwords of the results, element by element.
        short[] wa = Words(a);
        short[] wb = Words(b);
        Assert.Equal(Enumerable.Range(0, 2 * n).Select(i => (short)(wa[i] + wb[i])).ToArray(), Words(Ints<TSimd, TVector>(TSimd.AddInt16(va, vb))));
        Assert.Equal(Enumerable.Range(0, 2 * n).Select(i => (short)(wa[i] * wb[i])).ToArray(), Words(Ints<TSimd, TVector>(TSimd.MultiplyLowInt16(va, vb))));
        Assert.Equal(Enumerable.Range(0, 2 * n).Select(i => (short)(wa[i] - wb[i])).ToArray(), Words(Ints<TSimd, TVector>(TSimd.SubtractInt16(va, vb))));
        Assert.Equal(
            Enumerable.Range(0, 2 * n).Select(i => (short)Math.Max((ushort)wa[i], (ushort)wb[i])).ToArray(),
            Words(Ints<TSimd, TVector>(TSimd.MaxUInt16(va, vb))));
        Assert.Equal(
            Enumerable.Range(0, 2 * n).Select(i => (short)Math.Min((ushort)wa[i], (ushort)wb[i])).ToArray(),
            Words(Ints<TSimd, TVector>(TSimd.MinUInt16(va, vb))));
        Assert.Equal(
            Enumerable.Range(0, n).Select(i => unchecked((wa[2 * i] * wb[2 * i]) + (wa[(2 * i) + 1] * wb[(2 * i) + 1]))).ToArray(),
            Ints<TSimd, TVector>(TSimd.MultiplyAddAdjacent(va, vb)));

        // The one operation Simd256's flavours differ in (lane 2: the wrapping pair; the accumulator is a).
        Assert.Equal(
            Enumerable.Range(0, n).Select(i => unchecked(a[i] + (wa[2 * i] * wb[2 * i]) + (wa[(2 * i) + 1] * wb[(2 * i) + 1]))).ToArray(),
            Ints<TSimd, TVector>(TSimd.MultiplyAddAdjacentAccumulate(va, va, vb)));
        Assert.Equal(Enumerable.Range(0, n).Select(i => unchecked(a[i] * b[i])).ToArray(), Ints<TSimd, TVector>(TSimd.MultiplyLowInt32(va, vb)));
        Assert.Equal(
            Enumerable.Range(0, n / 2).Select(i => (long)((ulong)(uint)a[2 * i] * (uint)b[2 * i])).ToArray(),
            Longs(Ints<TSimd, TVector>(TSimd.MultiplyEvenUInt32(va, vb))));
        Assert.Equal(
            Enumerable.Range(0, n / 2).Select(i => (long)a[2 * i] * b[2 * i]).ToArray(),
            Longs(Ints<TSimd, TVector>(TSimd.MultiplyEvenInt32(va, vb))));
        Assert.Equal(
            Enumerable.Range(0, n).Select(i => (int)((((ulong)(uint)a[i] * (uint)b[i]) + (1ul << 31)) >> 32)).ToArray(),
            Ints<TSimd, TVector>(TSimd.MulHiRound(va, vb)));
        Assert.Equal(Enumerable.Range(0, n).Select(i => a[i] > b[i] ? -1 : 0).ToArray(), Ints<TSimd, TVector>(TSimd.GreaterThanInt32(va, vb)));
        Assert.Equal(Enumerable.Range(0, n).Select(i => a[i] & ~b[i]).ToArray(), Ints<TSimd, TVector>(TSimd.AndNot(va, vb)));

        // Pairs: (low, high) words in every dword.
        Assert.All(Ints<TSimd, TVector>(TSimd.CreatePair16(-3, 7)), d => Assert.Equal(unchecked((ushort)(short)-3) | (7 << 16), d));

        // Shift-in: dwords [k, k + n) of a:b.
        int[] ab = [.. a, .. b];
        Assert.Equal(ab[1..(n + 1)], Ints<TSimd, TVector>(TSimd.ShiftInInt32(va, vb, 1)));
        Assert.Equal(ab[2..(n + 2)], Ints<TSimd, TVector>(TSimd.ShiftInInt32(va, vb, 2)));
        Assert.Equal(ab[3..(n + 3)], Ints<TSimd, TVector>(TSimd.ShiftInInt32(va, vb, 3)));
        Assert.Equal(ab[4..(n + 4)], Ints<TSimd, TVector>(TSimd.ShiftInInt32(va, vb, 4)));

        // Even/odd split and join: Join(Odd-lane results, even-lane results) puts each back in its lane.
        Assert.Equal(a, Ints<TSimd, TVector>(TSimd.Join(va, TSimd.Odd(va))));
        Assert.Equal(
            Enumerable.Range(0, n).Select(i => i % 2 == 0 ? a[i + 1] : 0).ToArray(),
            Ints<TSimd, TVector>(TSimd.Odd(va)));

        // Halves: lower lanes of a, then upper lanes of a.
        long[] wideLow = Longs(Ints<TSimd, TVector>(TSimd.WidenLowerInt32ToInt64(va)));
        long[] wideHigh = Longs(Ints<TSimd, TVector>(TSimd.WidenUpperInt32ToInt64(va)));
        Assert.Equal(a.Select(x => (long)x).ToArray(), wideLow.Concat(wideHigh).ToArray());
        Assert.Equal(a, Ints<TSimd, TVector>(TSimd.NarrowInt64ToInt32(TSimd.WidenLowerInt32ToInt64(va), TSimd.WidenUpperInt32ToInt64(va))));
        double[] dLow = Doubles(Ints<TSimd, TVector>(TSimd.ConvertLowerInt32ToDouble(va)));
        double[] dHigh = Doubles(Ints<TSimd, TVector>(TSimd.ConvertUpperInt32ToDouble(va)));
        Assert.Equal(a.Select(x => (double)x).ToArray(), dLow.Concat(dHigh).ToArray());
        TVector halves = TSimd.DivideDouble(TSimd.ConvertLowerInt32ToDouble(va), TSimd.CreateDouble(-4.0));
        Assert.Equal(dLow.Select(x => Math.Truncate(x / -4.0)).ToArray(), Doubles(Ints<TSimd, TVector>(TSimd.RoundToZeroDouble(halves))));

        // In-lane unpack of words, then pack: restores word order (values below 2^16 after the unpack with zero).
        TVector zero = TSimd.Zero;
        TVector lo = TSimd.UnpackLowInt16(va, zero);
        TVector hi = TSimd.UnpackHighInt16(va, zero);
        Assert.Equal(a, Ints<TSimd, TVector>(TSimd.PackUnsignedSaturateInt32(lo, hi)));
        int[] loLanes = Ints<TSimd, TVector>(lo);
        for (int lane = 0; lane < n / 4; lane++)
        {
            for (int k = 0; k < 4; k++)
            {
                Assert.Equal((ushort)wa[(8 * lane) + k], loLanes[(4 * lane) + k]);
            }
        }

        // Narrowing stores: low words, in order.
        var words = new ushort[n + 2];
        TSimd.StoreNarrowInt32ToInt16(va, ref words[1], 0);
        Assert.Equal(a.Select(x => (ushort)x).ToArray(), words.Skip(1).Take(n).ToArray());
        Assert.Equal(0, words[0] + words[n + 1]);

        // Packing two registers of dwords in [0, 65535] into one of words: a's then b's, in lane order.
        int[] ua = a.Select(x => x & 0xFFFF).ToArray();
        int[] ub = b.Select(x => (x >>> 16) & 0xFFFF).ToArray();
        ua[0] = 65535;
        ub[n - 1] = 0;
        Assert.Equal(
            ua.Concat(ub).Select(x => (short)(ushort)x).ToArray(),
            Words(Ints<TSimd, TVector>(TSimd.PackUInt32ToUInt16(TSimd.Load(ref ua[0], 0), TSimd.Load(ref ub[0], 0)))));

        // Byte loads.
        byte[] bytes = Enumerable.Range(0, (2 * n) + 1).Select(i => (byte)(255 - (7 * i))).ToArray();
        Assert.Equal(bytes.Skip(1).Take(2 * n).Select(x => (short)x).ToArray(), Words(Ints<TSimd, TVector>(TSimd.LoadWidenUInt8ToInt16(ref bytes[0], 1))));
        Assert.Equal(bytes.Skip(1).Take(n).Select(x => (int)x).ToArray(), Ints<TSimd, TVector>(TSimd.LoadWidenUInt8ToInt32(ref bytes[0], 1)));
        Assert.Equal(
            Enumerable.Range(0, n).Select(i => bytes[i] | (bytes[n + i] << 16)).ToArray(),
            Ints<TSimd, TVector>(TSimd.Pair8(ref bytes[0], ref bytes[n])));
        ushort[] samples = Enumerable.Range(0, n + 1).Select(i => (ushort)(65535 - (4099 * i))).ToArray();
        Assert.Equal(samples.Skip(1).Select(x => (int)x).ToArray(), Ints<TSimd, TVector>(TSimd.Load16(ref samples[0], 1)));

        // Gathers: index·scale bytes into the table.
        int[] table = Enumerable.Range(0, 64).Select(i => i * 1000).ToArray();
        int[] index = Enumerable.Range(0, n).Select(i => (i * 37) % 64).ToArray();
        fixed (int* t = table)
        {
            Assert.Equal(index.Select(i => table[i]).ToArray(), Ints<TSimd, TVector>(TSimd.GatherInt32(t, TSimd.Load(ref index[0], 0), 4)));
        }

        CheckAdmOperations<TSimd, TVector>(a, b, va, vb);
        CheckCompress<TSimd, TVector>(a, va);
        Assert.Equal(Longs(a).Aggregate(0L, (s, x) => unchecked(s + x)), TSimd.SumInt64(va));
        Assert.Equal(a.Aggregate(0u, (s, x) => unchecked(s + (uint)x)), TSimd.SumUInt32(va));
        Assert.True(TSimd.IsZero(TSimd.Zero));
        Assert.False(TSimd.IsZero(TSimd.CreateInt64(1L << 40)));
    }

    /// <summary>
    /// VIF's packing of lanes (CompressInt32, CountMask): every mask of eight lanes at AVX2 (its table), every mask of
    /// the low eight lanes and 4096 random ones at AVX-512; only the packed lanes are specified.
    /// </summary>
    private static void CheckCompress<TSimd, TVector>(int[] a, TVector va)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int n = TSimd.Int32Count;
        var rng = new Random(5);
        var masks = Enumerable.Range(0, 256).Select(m => (long)m).Concat(Enumerable.Range(0, 4096).Select(_ => rng.NextInt64(1L << n)));
        foreach (long bits in masks.Select(m => m & ((1L << n) - 1)))
        {
            int[] mask = Enumerable.Range(0, n).Select(i => (bits >> i & 1) != 0 ? -1 : 0).ToArray();
            int[] expected = Enumerable.Range(0, n).Where(i => mask[i] != 0).Select(i => a[i]).ToArray();
            TVector vm = TSimd.Load(ref mask[0], 0);
            Assert.Equal(expected.Length, (int)TSimd.CountMask(vm));
            Assert.Equal(expected, Ints<TSimd, TVector>(TSimd.CompressInt32(va, vm)).Take(expected.Length).ToArray());
        }
    }

    /// <summary>The operations ADM and motion added (ISimd.Adm.cs).</summary>
    private static void CheckAdmOperations<TSimd, TVector>(int[] a, int[] b, TVector va, TVector vb)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int n = TSimd.Int32Count;
        short[] wa = Words(a);
        short[] wb = Words(b);
        Assert.Equal(wa.Take(n).Select(x => (int)x).ToArray(), Ints<TSimd, TVector>(TSimd.LoadWidenInt16ToInt32(ref wa[0], 0)));
        Assert.Equal(Enumerable.Range(0, 2 * n).Select(i => (short)(wa[i] - wb[i])).ToArray(), Words(Ints<TSimd, TVector>(TSimd.SubtractInt16(va, vb))));
        Assert.Equal(wa.Select(x => (short)(x >> 5)).ToArray(), Words(Ints<TSimd, TVector>(TSimd.ShiftRightArithmeticInt16(va, 5))));
        Assert.Equal(a.Select(x => x == int.MinValue ? x : Math.Abs(x)).ToArray(), Ints<TSimd, TVector>(TSimd.AbsInt32(va)));
        Assert.Equal(Enumerable.Range(0, n).Select(i => Math.Min(a[i], b[i])).ToArray(), Ints<TSimd, TVector>(TSimd.MinInt32(va, vb)));
        int[] c = (int[])a.Clone();
        c[2] = b[2];
        Assert.Equal(Enumerable.Range(0, n).Select(i => c[i] == b[i] ? -1 : 0).ToArray(), Ints<TSimd, TVector>(TSimd.EqualsInt32(TSimd.Load(ref c[0], 0), vb)));
        Assert.Equal(Enumerable.Range(0, n).Select(i => (a[i] & b[i]) | (c[i] & ~a[i])).ToArray(), Ints<TSimd, TVector>(TSimd.Select(va, vb, TSimd.Load(ref c[0], 0))));

        // Qword arithmetic shift, every count a kernel uses (AVX2 rebuilds it from the logical one).
        long[] qa = Longs(a);
        foreach (int count in new[] { 1, 15, 24, 33, 63 })
        {
            Assert.Equal(qa.Select(x => x >> count).ToArray(), Longs(Ints<TSimd, TVector>(TSimd.ShiftRightArithmeticInt64(va, count))));
        }

        // Packs: in-lane (of unpack halves) and in order, both saturating.
        TVector sign = TSimd.ShiftRightArithmeticInt16(va, 15);
        Assert.Equal(a, Ints<TSimd, TVector>(TSimd.PackSignedSaturateInt32(TSimd.UnpackLowInt16(va, sign), TSimd.UnpackHighInt16(va, sign))));
        short Saturate(int x) => (short)Math.Clamp(x, short.MinValue, short.MaxValue);
        Assert.Equal(a.Concat(b).Select(Saturate).ToArray(), Words(Ints<TSimd, TVector>(TSimd.PackSignedSaturateInt32InOrder(va, vb))));

        // 128-bit lanes interleaved: the column order of results computed on unpack-low (a) and unpack-high (b) halves.
        int[] lower = Enumerable.Range(0, n).Select(i => ((i / 4) % 2 == 0 ? a : b)[(((i / 8) * 4) + (i % 4))]).ToArray();
        int[] upper = Enumerable.Range(0, n).Select(i => ((i / 4) % 2 == 0 ? a : b)[(n / 2) + (((i / 8) * 4) + (i % 4))]).ToArray();
        Assert.Equal(lower, Ints<TSimd, TVector>(TSimd.InterleaveLanes128Lower(va, vb)));
        Assert.Equal(upper, Ints<TSimd, TVector>(TSimd.InterleaveLanes128Upper(va, vb)));
        Assert.Equal(a.Aggregate(0, (x, y) => unchecked(x + y)), TSimd.SumInt32(va));

        // Floats and doubles: int32 → float rounds to nearest even; halves widen exactly; ≥ is ordered.
        float[] fa = a.Select(x => (float)x).ToArray();
        Assert.Equal(fa, Floats(Ints<TSimd, TVector>(TSimd.ConvertInt32ToSingle(va))));
        TVector vf = TSimd.ConvertInt32ToSingle(va);
        double[] da = Doubles(Ints<TSimd, TVector>(TSimd.ConvertLowerSingleToDouble(vf))).Concat(Doubles(Ints<TSimd, TVector>(TSimd.ConvertUpperSingleToDouble(vf)))).ToArray();
        Assert.Equal(fa.Select(x => (double)x).ToArray(), da);
        double[] left = [1.0, double.NaN, -2.0, 5.0, 0.0, -0.0, 3.0, 7.0];
        double[] right = [1.0, 0.0, -1.0, double.NaN, -0.0, 0.0, 2.0, 8.0];
        var l = new int[2 * n];
        var r = new int[2 * n];
        for (int i = 0; i < n / 2; i++)
        {
            BitConverter.TryWriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(l.AsSpan(2 * i, 2)), left[i % left.Length]);
            BitConverter.TryWriteBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(r.AsSpan(2 * i, 2)), right[i % right.Length]);
        }

        Assert.Equal(
            Enumerable.Range(0, n / 2).Select(i => left[i % left.Length] >= right[i % right.Length] ? -1L : 0L).ToArray(),
            Longs(Ints<TSimd, TVector>(TSimd.GreaterThanOrEqualDouble(TSimd.Load(ref l[0], 0), TSimd.Load(ref r[0], 0)))));
    }

    private static float[] Floats(int[] dwords) => System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(dwords).ToArray();

    private static int[] Ints<TSimd, TVector>(TVector v)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        var result = new int[TSimd.Int32Count];
        TSimd.Store(v, ref result[0], 0);
        return result;
    }

    private static short[] Words(int[] dwords) => System.Runtime.InteropServices.MemoryMarshal.Cast<int, short>(dwords).ToArray();

    private static long[] Longs(int[] dwords) => System.Runtime.InteropServices.MemoryMarshal.Cast<int, long>(dwords).ToArray();

    private static double[] Doubles(int[] dwords) => System.Runtime.InteropServices.MemoryMarshal.Cast<int, double>(dwords).ToArray();
}
