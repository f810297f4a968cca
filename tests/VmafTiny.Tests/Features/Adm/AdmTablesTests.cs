using VmafTiny.Features.Adm;

namespace VmafTiny.Tests.Features.Adm;

/// <summary>The ADM constants and size-derived values against the digest (§4.2–4.5) and their defining formulas.</summary>
public class AdmTablesTests
{
    [Fact]
    public void Rfactors_are_what_dwt_quant_step_gives_with_float_k_temp_temp()
    {
        for (int scale = 0; scale < 4; scale++)
        {
            Assert.Equal(AdmTables.RFactor(scale, diagonal: false), 1.0f / AdmTables.DwtQuantStep(scale, 1));
            Assert.Equal(AdmTables.RFactor(scale, diagonal: true), 1.0f / AdmTables.DwtQuantStep(scale, 2));
        }
    }

    [Fact]
    public void Scale_123_fixed_point_rfactors_match_the_digest()
    {
        Assert.Equal([137373792u, 137373792u, 61414028u, 186284160u, 186284160u, 104783920u, 196165808u, 196165808u, 134487184u], AdmTables.IRFactorS123);
    }

    [Fact]
    public void Scale_0_fixed_point_rfactors_are_the_hard_coded_ones_not_the_truncated_ones()
    {
        Assert.Equal([36453, 36453, 49417], AdmTables.IRFactorScale0.ToArray());
        Assert.Equal(36451, (int)(AdmTables.RFactor(0, false) * Math.Pow(2, 21)));
        Assert.Equal(49414, (int)(AdmTables.RFactor(0, true) * Math.Pow(2, 23)));
    }

    [Fact]
    public void Cos_one_degree_squared_is_the_float_of_the_double_product()
    {
        Assert.Equal(AdmTables.CosOneDegreeSquared, (float)(Math.Cos(Math.PI / 180.0) * Math.Cos(Math.PI / 180.0)));
        Assert.Equal(0x3F7FEC0A, BitConverter.SingleToInt32Bits(AdmTables.CosOneDegreeSquared));
    }

    [Fact]
    public void Div_lookup_holds_signed_reciprocals()
    {
        int[] t = AdmTables.DivLookup;
        Assert.Equal(65537, t.Length);
        Assert.Equal(0, t[32768]);
        Assert.Equal(1 << 30, t[32769]);
        Assert.Equal(-(1 << 30), t[32767]);
        Assert.Equal(32768, t[65536]);
        Assert.Equal(-32768, t[0]);
        Assert.Equal((1 << 30) / 3, t[32768 + 3]);
    }

    [Fact]
    public void Ceil_log2_matches_cs_double_expressions()
    {
        for (int n = 1; n <= 1 << 17; n++)
        {
            Assert.Equal((int)Math.Ceiling(Math.Log2(n)), AdmScaleGeometry.CeilLog2(n));
            if (n >= 16)
            {
                Assert.Equal((int)Math.Ceiling(Math.Log2(n) - 4), AdmScaleGeometry.CeilLog2(n) - 4);
            }
        }

        // The scale-0 denominator shift, ceil(log2(area) − 20), up to 8K areas.
        foreach (int area in new[] { 1 << 20, (1 << 20) + 1, 770 * 434, 1540 * 866, 3080 * 1734 })
        {
            Assert.Equal(Math.Max((int)Math.Ceiling(Math.Log2(area) - 20), 0), Math.Max(AdmScaleGeometry.CeilLog2(area) - 20, 0));
        }
    }

    [Fact]
    public void Regions_of_1080p_match_the_digest()
    {
        // §4.3: band, evaluation rows × cols, decouple/CSF rows × cols per scale.
        int[][] expected =
        [
            [960, 540, 53, 487, 95, 865, 52, 490, 94, 868],
            [480, 270, 26, 244, 47, 433, 25, 247, 46, 436],
            [240, 135, 13, 122, 23, 217, 12, 125, 22, 220],
            [120, 68, 6, 62, 11, 109, 5, 65, 10, 112],
        ];
        int w = 1920, h = 1080;
        for (int scale = 0; scale < 4; scale++)
        {
            var g = new AdmScaleGeometry(scale, w, h);
            int[] e = expected[scale];
            Assert.Equal((e[0], e[1]), (g.Width, g.Height));
            Assert.Equal(new AdmRegion(e[2], e[3], e[4], e[5]), g.Evaluation);
            Assert.Equal(new AdmRegion(e[6], e[7], e[8], e[9]), g.Taps);
            w = g.Width;
            h = g.Height;
        }
    }

    [Fact]
    public void Small_bands_are_pooled_whole()
    {
        // Below 15 coefficients the border shrinks to nothing, and the decouple region is clamped to the band.
        Assert.Equal(new AdmRegion(0, 9, 0, 14), AdmRegion.Evaluation(14, 9));
        Assert.Equal(new AdmRegion(0, 9, 0, 14), AdmRegion.Taps(14, 9));
        Assert.Equal(new AdmRegion(1, 15, 1, 15), AdmRegion.Evaluation(16, 16));
        Assert.Equal(new AdmRegion(0, 16, 0, 16), AdmRegion.Taps(16, 16));
    }

    [Fact]
    public void Dwt_taps_mirror_with_edge_repeat()
    {
        // n = 5 (the scale-3 input of a 33-pixel frame): [1,0,1,2], [1,2,3,4], [3,4,4,3].
        var g = new AdmScaleGeometry(3, 5, 6);
        Assert.Equal([1, 0, 1, 2, 1, 2, 3, 4, 3, 4, 4, 3], g.ColumnTaps);

        // n = 6: the last output reads [3,4,5,5].
        Assert.Equal([1, 0, 1, 2, 1, 2, 3, 4, 3, 4, 5, 5], g.RowTaps);
    }

    [Fact]
    public void Cabs_keeps_int_min_like_gcc()
    {
        Assert.Equal(int.MinValue, AdmScalar.CAbs(int.MinValue));
        Assert.Equal(5, AdmScalar.CAbs(-5));
        Assert.Equal(int.MaxValue, AdmScalar.CAbs(int.MaxValue));
    }
}
