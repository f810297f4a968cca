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
