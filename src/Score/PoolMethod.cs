using System.Globalization;

namespace VmafTiny.Score;

/// <summary>What a <see cref="PoolMethod"/> computes.</summary>
public enum PoolKind
{
    /// <summary>The smallest value.</summary>
    Min,

    /// <summary>The largest value.</summary>
    Max,

    /// <summary>The arithmetic mean.</summary>
    Mean,

    /// <summary>libvmaf's harmonic mean, <c>n / Σ 1/(x+1) − 1</c>.</summary>
    HarmonicMean,

    /// <summary>The 50th percentile (<see cref="Pooling.Percentile"/>).</summary>
    Median,

    /// <summary>The population standard deviation (<see cref="Pooling.StandardDeviation"/>).</summary>
    Stdev,

    /// <summary>The Nth percentile (<see cref="Pooling.Percentile"/>).</summary>
    Percentile,
}

/// <summary>
/// One way to pool a metric over frames, as the CLI's <c>--pool</c> names it: <c>min</c>, <c>max</c>, <c>mean</c>,
/// <c>harmonic_mean</c> (libvmaf's four, always in the logs), and <c>median</c>, <c>stdev</c> and <c>pN</c> for any
/// percentile N in [0, 100] (<c>p1</c>, <c>p5</c>, <c>p99.9</c>).
/// </summary>
/// <param name="Kind">What is computed.</param>
/// <param name="Percent">The percentile for <see cref="PoolKind.Percentile"/>, else 0.</param>
public readonly record struct PoolMethod(PoolKind Kind, double Percent = 0)
{
    /// <summary>The pooled values libvmaf writes into every log, in its order.</summary>
    public static readonly IReadOnlyList<PoolMethod> Libvmaf =
        [new(PoolKind.Min), new(PoolKind.Max), new(PoolKind.Mean), new(PoolKind.HarmonicMean)];

    /// <summary>True for libvmaf's four (min, max, mean, harmonic mean), which every log already has.</summary>
    public bool IsLibvmaf => Kind is PoolKind.Min or PoolKind.Max or PoolKind.Mean or PoolKind.HarmonicMean;

    /// <summary>The name as the CLI takes it and the logs write it: <c>mean</c>, <c>median</c>, <c>p95</c>, <c>p99.9</c>.</summary>
    public string Name => Kind switch
    {
        PoolKind.Min => "min",
        PoolKind.Max => "max",
        PoolKind.Mean => "mean",
        PoolKind.HarmonicMean => "harmonic_mean",
        PoolKind.Median => "median",
        PoolKind.Stdev => "stdev",
        _ => "p" + Percent.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Reads one name (see the type's summary); false for anything else.</summary>
    public static bool TryParse(string? text, out PoolMethod method)
    {
        method = default;
        switch (text)
        {
            case "min":
                method = new(PoolKind.Min);
                return true;
            case "max":
                method = new(PoolKind.Max);
                return true;
            case "mean":
                method = new(PoolKind.Mean);
                return true;
            case "harmonic_mean":
                method = new(PoolKind.HarmonicMean);
                return true;
            case "median":
                method = new(PoolKind.Median);
                return true;
            case "stdev":
                method = new(PoolKind.Stdev);
                return true;
        }

        if (text is ['p', .. var digits]
            && digits.Length > 0 && char.IsAsciiDigit(digits[0]) && char.IsAsciiDigit(digits[^1])
            && double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double p)
            && p is >= 0 and <= 100)
        {
            method = new(PoolKind.Percentile, p);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Reads a comma-separated list (<c>mean,median,p5</c>); repeated names count once, in the order first given.
    /// </summary>
    /// <exception cref="FormatException">A name is not a pool method (the message names it).</exception>
    public static IReadOnlyList<PoolMethod> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var methods = new List<PoolMethod>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryParse(part, out PoolMethod method))
            {
                throw new FormatException(
                    $"'{part}' is not a pool method: use min, max, mean, harmonic_mean, median, stdev or pN (a percentile, 0 <= N <= 100)");
            }

            if (!methods.Contains(method))
            {
                methods.Add(method);
            }
        }

        return methods;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
