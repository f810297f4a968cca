using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Logs;

namespace VmafTiny.Tests.Score;

/// <summary>Median, stdev and percentiles (numpy's default linear interpolation) against values worked out by hand.</summary>
public sealed class PoolingMethodsTests
{
    [Theory]
    [InlineData(0, 1.0)]      // h = 0
    [InlineData(10, 1.3)]     // h = 3 * 0.10 = 0.3:  1 + 0.3 * (2 - 1)
    [InlineData(25, 1.75)]    // h = 0.75:            1 + 0.75 * 1
    [InlineData(50, 2.5)]     // h = 1.5:             the mean of the two middle values
    [InlineData(75, 3.25)]    // h = 2.25:            3 + 0.25 * 1
    [InlineData(90, 3.7)]     // h = 2.7:             3 + 0.7 * 1
    [InlineData(100, 4.0)]    // h = 3:               the max
    public void Percentile_interpolates_linearly_between_ranks(double p, double expected)
    {
        Assert.Equal(expected, Pooling.Percentile([1, 2, 3, 4], p), 12);
    }

    [Fact]
    public void Percentiles_of_an_uneven_series()
    {
        // Sorted: 15 20 35 40 50; h = 4p/100.
        double[] values = [35, 50, 15, 40, 20];
        var methods = PoolMethod.ParseList("p5,p30,p40,median,p95,p99");
        double[] pooled = Pooling.Pool(values, methods);
        Assert.Equal(16.0, pooled[0], 12);   // h = 0.2:  15 + 0.2 * 5
        Assert.Equal(23.0, pooled[1], 12);   // h = 1.2:  20 + 0.2 * 15
        Assert.Equal(29.0, pooled[2], 12);   // h = 1.6:  20 + 0.6 * 15
        Assert.Equal(35.0, pooled[3], 12);   // h = 2
        Assert.Equal(48.0, pooled[4], 12);   // h = 3.8:  40 + 0.8 * 10
        Assert.Equal(49.6, pooled[5], 12);   // h = 3.96: 40 + 0.96 * 10
    }

    [Fact]
    public void Percentiles_of_one_to_a_hundred_are_the_ranks()
    {
        double[] values = Enumerable.Range(0, 101).Select(i => (double)(100 - i)).ToArray();
        double[] pooled = Pooling.Pool(values, PoolMethod.ParseList("p1,p5,p10,p25,median,p75,p95,p99,p99.5"));
        Assert.Equal([1.0, 5, 10, 25, 50, 75, 95, 99, 99.5], pooled);
    }

    [Fact]
    public void Median_of_odd_count_is_the_middle_value_and_stdev_is_the_population_one()
    {
        Assert.Equal(2.0, Pooling.Pool([3, 1, 2], [new PoolMethod(PoolKind.Median)])[0]);

        // Mean 5, squared deviations 9 1 1 1 0 0 4 16 = 32, / 8 = 4.
        Assert.Equal(2.0, Pooling.StandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]));
        Assert.Equal(0.0, Pooling.StandardDeviation([7]));
    }

    [Fact]
    public void One_value_is_every_percentile_and_nan_poisons()
    {
        Assert.Equal([7.0, 7.0, 7.0], Pooling.Pool([7], PoolMethod.ParseList("p0,p37.5,p100")));
        Assert.True(double.IsNaN(Pooling.Pool([1, double.NaN, 3], PoolMethod.ParseList("median"))[0]));
    }

    [Fact]
    public void Libvmaf_methods_are_the_accumulator_values()
    {
        double[] values = [72.86789324249483, 52.172033, 55.779359, 51.239976];
        PooledValues basic = Pooling.Pool(values);
        double[] pooled = Pooling.Pool(values, PoolMethod.Libvmaf);
        Assert.Equal([basic.Min, basic.Max, basic.Mean, basic.HarmonicMean], pooled);
    }

    [Theory]
    [InlineData("mean", PoolKind.Mean, 0)]
    [InlineData("harmonic_mean", PoolKind.HarmonicMean, 0)]
    [InlineData("stdev", PoolKind.Stdev, 0)]
    [InlineData("p1", PoolKind.Percentile, 1)]
    [InlineData("p99.9", PoolKind.Percentile, 99.9)]
    [InlineData("p100", PoolKind.Percentile, 100)]
    public void Method_names_parse(string text, PoolKind kind, double percent)
    {
        Assert.True(PoolMethod.TryParse(text, out PoolMethod method));
        Assert.Equal(new PoolMethod(kind, percent), method);
        Assert.Equal(text, method.Name);
    }

    [Theory]
    [InlineData("p")]
    [InlineData("p101")]
    [InlineData("p-1")]
    [InlineData("p5.")]
    [InlineData("p.5")]
    [InlineData("p1e2")]
    [InlineData("P5")]
    [InlineData("average")]
    public void Bad_method_names_are_refused(string text)
    {
        Assert.False(PoolMethod.TryParse(text, out _));
        var e = Assert.Throws<FormatException>(() => PoolMethod.ParseList($"mean,{text}"));
        Assert.Contains($"'{text}'", e.Message);
    }

    [Fact]
    public void Lists_keep_the_first_of_repeated_names()
    {
        Assert.Equal(["p5", "median", "mean"], PoolMethod.ParseList("p5, median,p5.0,mean,median").Select(m => m.Name));
    }

    [Fact]
    public void Log_gets_extra_pooled_entries_only_when_asked()
    {
        var frames = new[] { 4.0, 1, 3, 2 }
            .Select((v, i) => new LogFrame(i, [new LogMetric("integer_adm2", v / 10), new LogMetric("vmaf", v * 10)]))
            .ToArray();
        var log = new VmafLog("3.2.0", 10, 64, 64, frames);
        Assert.Same(log, log.WithPooling(PoolMethod.Libvmaf));

        string plain = Write(log, LogFormat.Json);
        string pooled = Write(log.WithPooling(PoolMethod.ParseList("mean,median,p25")), LogFormat.Json);
        Assert.DoesNotContain("median", plain);
        Assert.Contains("\"harmonic_mean\": 19.494276,\n      \"median\": 25.000000,\n      \"p25\": 17.500000\n    }", pooled);
        Assert.Equal(plain, pooled.Replace(",\n      \"median\": 25.000000,\n      \"p25\": 17.500000", string.Empty)
            .Replace(",\n      \"median\": 0.250000,\n      \"p25\": 0.175000", string.Empty));

        string xml = Write(log.WithPooling(PoolMethod.ParseList("stdev")), LogFormat.Xml);
        Assert.Contains("harmonic_mean=\"19.494276\" stdev=\"11.180340\" />", xml);
    }

    private static string Write(VmafLog log, LogFormat format)
    {
        var writer = new StringWriter();
        LogWriter.Write(log, writer, format);
        return writer.ToString();
    }
}
