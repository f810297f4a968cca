using VmafTiny.Features.Vif;

namespace VmafTiny.Tests.Features.Vif;

public class VifTablesTests
{
    [Fact]
    public void Log2_table_matches_the_digest_checksum()
    {
        // Σ t[i]·(i − 32766) over i = 32767..65535 (digest §5.6): catches any entry off by one, e.g. from rounding
        // the double log2 directly or from banker's rounding.
        ushort[] t = VifTables.Log2;
        Assert.Equal(65537, t.Length);
        long sum = 0;
        for (int i = 32767; i <= 65535; i++)
        {
            sum += t[i] * (long)(i - 32766);
        }

        Assert.Equal(17287356574701L, sum);
        Assert.Equal(30720, t[32768]);
        Assert.Equal(32768, t[65535]);
        Assert.Equal(0, t[32766]);
        Assert.Equal(0, t[65536]);
    }

    [Fact]
    public void Log2_table_is_a_unit_staircase()
    {
        ushort[] t = VifTables.Log2;
        for (int i = 32768; i <= 65535; i++)
        {
            Assert.InRange(t[i] - t[i - 1], 0, 1);
        }
    }

    [Theory]
    [InlineData(131072u, 17 * 2048)]
    [InlineData(0x20001u, 17 * 2048)]
    [InlineData(0xFFFFFFFFu, 32 * 2048)]
    public void Log2Of32_truncates_to_16_leading_bits(uint x, int expected)
    {
        Assert.Equal(expected, VifTables.Log2Of32(VifTables.Log2, x));
    }

    [Fact]
    public void Log2Of64_agrees_with_Log2Of32_and_covers_64_bits()
    {
        for (uint x = 0x20000; x < 0x7FFF0000; x += 0x12345)
        {
            Assert.Equal(VifTables.Log2Of32(VifTables.Log2, x), VifTables.Log2Of64(VifTables.Log2, x));
        }

        Assert.Equal(40 * 2048, VifTables.Log2Of64(VifTables.Log2, 1ul << 40));
    }

    [Fact]
    public void Filters_sum_to_65536()
    {
        int[] widths = [17, 9, 5, 3];
        for (int s = 0; s < 4; s++)
        {
            ReadOnlySpan<ushort> f = VifTables.Filter(s);
            Assert.Equal(widths[s], f.Length);
            int sum = 0;
            foreach (ushort c in f)
            {
                sum += c;
            }

            Assert.Equal(65536, sum);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Tap_pairs_add_up_to_the_filter_and_fit_signed_words(int scale)
    {
        // Σ over pairs of Low·x[Offset] + High·x[Offset + 1] must be Σ f[k]·x[k] for every x: the weight per tap.
        ReadOnlySpan<ushort> f = VifTables.Filter(scale);
        var weight = new int[f.Length + 1];
        foreach (TapPair p in VifTables.Pairs(scale))
        {
            Assert.InRange(p.Low, (short)1, short.MaxValue);
            Assert.InRange(p.High, (short)0, short.MaxValue);
            weight[p.Offset] += p.Low;
            weight[p.Offset + 1] += p.High;
        }

        Assert.Equal([.. f.ToArray().Select(x => (int)x), 0], weight);
        Assert.Equal(65536, weight.Sum());
    }

    [Fact]
    public void Unrolled_shapes_match_the_tap_pairs()
    {
        Check<Shape0>();
        Check<Shape1>();
        Check<Shape2>();
        Check<Shape3>();

        static void Check<TShape>()
            where TShape : struct, IShape
        {
            TapPair[] pairs = VifTables.Pairs(TShape.Scale).ToArray();
            Assert.Equal(VifTables.Filter(TShape.Scale).Length / 2, TShape.Half);
            Assert.Equal(pairs.Length, TShape.Pairs);
            Assert.Equal(pairs.Select(p => p.Offset), Enumerable.Range(0, pairs.Length).Select(TShape.Offset));
        }
    }
}
