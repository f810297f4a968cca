namespace VmafTiny.Score;

/// <summary>The four summaries libvmaf pools a metric into over frames.</summary>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Mean">The arithmetic mean.</param>
/// <param name="HarmonicMean">libvmaf's harmonic mean of the values shifted by one: <c>n / Σ 1/(x+1) − 1</c>.</param>
public readonly record struct PooledValues(double Min, double Max, double Mean, double HarmonicMean);

/// <summary>Pooling of per-frame values, exactly as libvmaf computes it.</summary>
/// <remarks>
/// Port of <c>libvmaf.c: vmaf_feature_score_pooled</c> (libvmaf f85a8536): one pass in frame order, in double;
/// the sums and comparisons happen in the same order, so the results are the same doubles libvmaf prints.
/// A NaN first value stays the min and max (later values never compare below or above it); a NaN anywhere makes
/// the mean and harmonic mean NaN.
/// </remarks>
public static class Pooling
{
    /// <summary>Pools <paramref name="values"/>, in frame order. Throws when there are none.</summary>
    public static PooledValues Pool(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("nothing to pool", nameof(values));
        }

        var pool = new Accumulator();
        foreach (double v in values)
        {
            pool.Add(v);
        }

        return pool.Result;
    }

    /// <summary>Pools <paramref name="values"/>, in frame order. Throws when there are none.</summary>
    public static PooledValues Pool(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var pool = new Accumulator();
        foreach (double v in values)
        {
            pool.Add(v);
        }

        return pool.Count > 0 ? pool.Result : throw new ArgumentException("nothing to pool", nameof(values));
    }

    /// <summary>
    /// Pools <paramref name="values"/> (in frame order) by each of <paramref name="methods"/>, in that order. libvmaf's
    /// four come from <see cref="Pool(ReadOnlySpan{double})"/>, so they are the same doubles the logs carry.
    /// </summary>
    public static double[] Pool(ReadOnlySpan<double> values, IReadOnlyList<PoolMethod> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (values.IsEmpty)
        {
            throw new ArgumentException("nothing to pool", nameof(values));
        }

        PooledValues basic = Pool(values);
        double[]? sorted = null;
        var result = new double[methods.Count];
        for (int i = 0; i < methods.Count; i++)
        {
            PoolMethod method = methods[i];
            result[i] = method.Kind switch
            {
                PoolKind.Min => basic.Min,
                PoolKind.Max => basic.Max,
                PoolKind.Mean => basic.Mean,
                PoolKind.HarmonicMean => basic.HarmonicMean,
                PoolKind.Stdev => StandardDeviation(values),
                PoolKind.Median => Percentile(sorted ??= SortedCopy(values), 50),
                _ => Percentile(sorted ??= SortedCopy(values), method.Percent),
            };
        }

        return result;
    }

    /// <summary>
    /// The <paramref name="percent"/>th percentile of <paramref name="sorted"/> (ascending), by linear
    /// interpolation between the two nearest ranks: numpy's default (<c>np.percentile(x, p)</c>, method
    /// "linear"; Hyndman and Fan's type 7), computed as numpy computes it so the results are the same doubles.
    /// </summary>
    /// <remarks>
    /// With n values x[0] ≤ … ≤ x[n−1]: h = (n − 1)·(p / 100), i = ⌊h⌋, g = h − i; the result is x[i] for g = 0 or
    /// i = n − 1, else x[i] + (x[i+1] − x[i])·g, evaluated from the nearer end (x[i+1] − (x[i+1] − x[i])·(1 − g)
    /// when g ≥ 0.5), as numpy's <c>_lerp</c> does. So p0 is the min, p100 the max and p50 the median (the mean of
    /// the two middle values for even n). A NaN anywhere gives NaN (numpy's answer too).
    /// </remarks>
    public static double Percentile(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("nothing to pool", nameof(sorted));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100.0);
        if (double.IsNaN(sorted[0]) || double.IsNaN(sorted[^1]))
        {
            return double.NaN; // Array.Sort puts NaN first
        }

        double h = (sorted.Length - 1) * (percent / 100.0);
        int i = (int)Math.Floor(h);
        double g = h - i;
        if (i >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        double a = sorted[i], b = sorted[i + 1];
        double diff = b - a;
        return g >= 0.5 ? b - (diff * (1 - g)) : a + (diff * g);
    }

    /// <summary>
    /// The population standard deviation, √(Σ (x − mean)² / n) (numpy's <c>np.std</c> default, ddof = 0): the
    /// spread of the frames scored, not an estimate for unseen ones. Two passes, in frame order.
    /// </summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("nothing to pool", nameof(values));
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        double mean = sum / values.Length;
        double squares = 0;
        foreach (double v in values)
        {
            double d = v - mean;
            squares += d * d;
        }

        return Math.Sqrt(squares / values.Length);
    }

    private static double[] SortedCopy(ReadOnlySpan<double> values)
    {
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>Running pooling state: add values in frame order, read <see cref="Result"/> at any point.</summary>
    public struct Accumulator
    {
        private double _min;
        private double _max;
        private double _sum;
        private double _inverseSum;

        /// <summary>Values added so far.</summary>
        public long Count { get; private set; }

        /// <summary>The pooled values of everything added so far (all NaN before the first value).</summary>
        public readonly PooledValues Result => Count == 0
            ? new PooledValues(double.NaN, double.NaN, double.NaN, double.NaN)
            : new PooledValues(_min, _max, _sum / Count, Count / _inverseSum - 1.0);

        /// <summary>Adds the next frame's value.</summary>
        public void Add(double value)
        {
            _sum += value;
            _inverseSum += 1.0 / (value + 1.0);
            if (Count == 0 || value < _min)
            {
                _min = value;
            }

            if (Count == 0 || value > _max)
            {
                _max = value;
            }

            Count++;
        }
    }
}
