using System.Globalization;
using VmafTiny.Score.Logs;

namespace VmafTiny.Tests.Score.Logs;

public class LogNumberTests
{
    /// <summary>
    /// TestData/logs/printf-reference.txt was printed by glibc (printf-reference.c beside it): per line the double's
    /// bits, libvmaf's count_leading_zeros_d, and %.6f, %.16f and %.2f. Ties, subnormals, −0, huge and tiny values.
    /// </summary>
    public static IEnumerable<string[]> Reference()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "logs", "printf-reference.txt");
        return File.ReadLines(path).Select(l => l.Split(' '));
    }

    [Fact]
    public void Matches_glibc_printf_and_libvmafs_leading_zero_count()
    {
        char[] buffer = new char[LogNumber.MaxLength];
        int lines = 0;
        foreach (string[] f in Reference())
        {
            double x = BitConverter.UInt64BitsToDouble(ulong.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            string what = $"{f[0]} ({x:R})";
            Assert.True(int.Parse(f[1], CultureInfo.InvariantCulture) == LogNumber.LeadingZeros(x), $"leading zeros of {what}");
            Assert.True(f[2] == new string(buffer, 0, LogNumber.FormatFixed(x, 6, buffer)), $"%.6f of {what}");
            Assert.True(f[3] == new string(buffer, 0, LogNumber.FormatFixed(x, 16, buffer)), $"%.16f of {what}");
            Assert.True(f[4] == new string(buffer, 0, LogNumber.FormatFixed(x, 2, buffer)), $"%.2f of {what}");
            string libvmaf = int.Parse(f[1], CultureInfo.InvariantCulture) <= 6 ? f[2] : f[3];
            Assert.True(libvmaf == new string(buffer, 0, LogNumber.Format(x, LogPrecision.Libvmaf, buffer)), $"libvmaf format of {what}");
            lines++;
        }

        Assert.True(lines > 1000);
    }

    [Theory]
    [InlineData(0.0078125, "0.007812")]       // an exact tie rounds to even, as glibc does
    [InlineData(0.0234375, "0.023438")]
    [InlineData(1e-7, "0.0000001000000000")]  // seven leading zeros: %.16f
    [InlineData(9.9e-7, "0.0000009900000000")]
    [InlineData(1.5e-6, "0.000002")]          // six leading zeros: still %.6f
    [InlineData(3.0000000001, "3.0000000001000000")] // the fraction's leading zeros count, whatever the integer part
    [InlineData(3.0, "3.000000")]
    public void Examples(double x, string expected)
    {
        char[] buffer = new char[LogNumber.MaxLength];
        Assert.Equal(expected, new string(buffer, 0, LogNumber.Format(x, LogPrecision.Libvmaf, buffer)));
    }

    [Theory]
    [InlineData(double.NaN, "-nan")] // .NET's NaN has the sign bit set, as C's 0.0 / 0.0 on x86
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(-0.0, "-0.000000")]
    public void Special_values_print_as_glibc_prints_them(double x, string expected)
    {
        char[] buffer = new char[LogNumber.MaxLength];
        Assert.Equal(expected, new string(buffer, 0, LogNumber.Format(x, LogPrecision.Libvmaf, buffer)));
        Assert.Equal("nan", new string(buffer, 0, LogNumber.FormatFixed(BitConverter.UInt64BitsToDouble(0x7FF8000000000000), 6, buffer)));
    }

    [Theory]
    [InlineData(0.93425227977896075)]
    [InlineData(1e-7)]
    [InlineData(5e-324)]
    [InlineData(-0.0)]
    [InlineData(1.7976931348623157e308)]
    [InlineData(0.1)]
    [InlineData(72.86789324249483)]
    public void Max_precision_round_trips(double x)
    {
        char[] buffer = new char[LogNumber.MaxLength];
        string text = new(buffer, 0, LogNumber.Format(x, LogPrecision.Max, buffer));
        Assert.Equal(BitConverter.DoubleToInt64Bits(x), BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// %.Nf for every N against an exact big-integer rounding (half to even) of random doubles of every exponent, and of
    /// exact ties k / 2^j: the 128-bit path (quotient above 2^64, shifts below, at and above 64) and the huge-value path.
    /// </summary>
    [Fact]
    public void Fixed_decimals_equal_exact_rounding_for_random_doubles_and_ties()
    {
        var random = new Random(11);
        char[] buffer = new char[LogNumber.MaxLength];
        for (int i = 0; i < 20000; i++)
        {
            double x = (i % 4) switch
            {
                0 => BitConverter.UInt64BitsToDouble((ulong)random.NextInt64()),                              // any finite or not
                1 => (random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-80, 60)),                         // around 1
                2 => Math.ScaleB(random.Next(1, 1 << 20), -random.Next(1, 30)),                               // k / 2^j: ties
                _ => Math.ScaleB((double)(random.NextInt64(1L << 52, 1L << 53)), -random.Next(1, 120)),       // full mantissa
            };
            if (!double.IsFinite(x))
            {
                continue;
            }

            int decimals = random.Next(0, LogPrecision.MaxDecimals + 1);
            Assert.True(Exact(x, decimals) == new string(buffer, 0, LogNumber.FormatFixed(x, decimals, buffer)), $"%.{decimals}f of {x:R}");
        }
    }

    /// <summary>printf's %.Nf by definition: the exact binary value times 10^N, rounded half to even, laid out.</summary>
    private static string Exact(double x, int decimals)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int biased = (int)((bits >> 52) & 0x7FF);
        var mantissa = new System.Numerics.BigInteger(bits & ((1L << 52) - 1));
        int exponent = biased == 0 ? -1074 : biased - 1075;
        if (biased != 0)
        {
            mantissa += System.Numerics.BigInteger.One << 52;
        }

        System.Numerics.BigInteger scaled = mantissa * System.Numerics.BigInteger.Pow(10, decimals);
        System.Numerics.BigInteger n;
        if (exponent >= 0)
        {
            n = scaled << exponent;
        }
        else
        {
            System.Numerics.BigInteger divisor = System.Numerics.BigInteger.One << -exponent;
            n = System.Numerics.BigInteger.DivRem(scaled, divisor, out System.Numerics.BigInteger remainder);
            int vsHalf = (remainder * 2).CompareTo(divisor);
            if (vsHalf > 0 || (vsHalf == 0 && !n.IsEven))
            {
                n++;
            }
        }

        string digits = n.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        string sign = double.IsNegative(x) ? "-" : string.Empty;
        return decimals == 0 ? sign + digits : $"{sign}{digits[..^decimals]}.{digits[^decimals..]}";
    }

    [Theory]
    [InlineData(0.0005, 3, "0.001")]
    [InlineData(2.5, 0, "2")]       // ties to even
    [InlineData(3.5, 0, "4")]
    [InlineData(-1.25, 1, "-1.2")]
    [InlineData(1e-7, 10, "0.0000001000")]
    [InlineData(0.1, 17, "0.10000000000000001")]
    [InlineData(72.86789324249483, 17, "72.86789324249483002")]
    public void Fixed_decimals_print_as_printf_does(double x, int decimals, string expected)
    {
        char[] buffer = new char[LogNumber.MaxLength];
        Assert.Equal(expected, new string(buffer, 0, LogNumber.Format(x, LogPrecision.Decimals(decimals), buffer)));
    }

    [Theory]
    [InlineData("libvmaf", "libvmaf")]
    [InlineData("max", "max")]
    [InlineData("0", "0")]
    [InlineData("17", "17")]
    public void Precision_parses_what_the_cli_takes(string text, string expected)
    {
        Assert.True(LogPrecision.TryParse(text, out LogPrecision precision));
        Assert.Equal(expected, precision.ToString());
    }

    [Theory]
    [InlineData("18")]
    [InlineData("-1")]
    [InlineData("MAX")]
    [InlineData("")]
    [InlineData(null)]
    public void Precision_refuses_anything_else(string? text)
    {
        Assert.False(LogPrecision.TryParse(text, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => LogPrecision.Decimals(18));
    }

    [Fact]
    public void Default_precision_is_libvmafs()
    {
        Assert.Equal(LogPrecision.Libvmaf, default);
        Assert.Null(LogPrecision.Libvmaf.FixedDecimals);
        Assert.False(LogPrecision.Libvmaf.IsMax);
        Assert.True(LogPrecision.Max.IsMax);
        Assert.Equal(4, LogPrecision.Decimals(4).FixedDecimals);
    }
}
