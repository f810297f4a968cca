using System.Diagnostics;

namespace VmafTiny.Native;

/// <summary>
/// libvmaf's feature collector (<c>feature/feature_collector.c</c>): per feature, a value per picture index, each
/// written once; features in the order first written (the order of the log's metrics). Values are kept under the
/// names libvmaf's logs show (<see cref="LibvmafNames"/>), for the whole run, as libvmaf keeps them: any index can be
/// read, scored and pooled until the context is closed.
/// </summary>
internal sealed class FeatureCollector
{
    /// <summary>The highest picture index accepted: 2^24 − 1 (77 hours at 60 fps), so a wild index cannot ask for gigabytes.</summary>
    public const uint MaxIndex = (1u << 24) - 1;

    private readonly List<Feature> _features = new();
    private readonly Dictionary<string, Feature> _byName = new(StringComparer.Ordinal);
    private long _firstTimestamp;
    private long _lastTimestamp;

    /// <summary>Every feature, in the order first written.</summary>
    public IReadOnlyList<Feature> Features => _features;

    /// <summary>Seconds between the first and the last value written (libvmaf's fps is pictures over this time).</summary>
    public double Seconds => _firstTimestamp == 0 ? 0 : Stopwatch.GetElapsedTime(_firstTimestamp, _lastTimestamp).TotalSeconds;

    /// <summary>
    /// Writes <paramref name="value"/> for <paramref name="name"/> (aliased) at <paramref name="index"/>; null on success,
    /// else why not (a value already there, or an index beyond <see cref="MaxIndex"/>).
    /// </summary>
    public string? Append(string name, double value, uint index)
    {
        if (index > MaxIndex)
        {
            return $"index {index} is beyond vmaf-tiny's limit of {MaxIndex}";
        }

        long now = Stopwatch.GetTimestamp();
        if (_firstTimestamp == 0)
        {
            _firstTimestamp = now;
        }

        _lastTimestamp = now;
        string key = LibvmafNames.Alias(name);
        if (!_byName.TryGetValue(key, out Feature? feature))
        {
            feature = new Feature(key);
            _byName[key] = feature;
            _features.Add(feature);
        }

        return feature.Set(index, value) ? null : $"feature \"{key}\" cannot be overwritten at index {index}";
    }

    /// <summary>The value of <paramref name="name"/> (its libvmaf name or its alias) at <paramref name="index"/>, if written.</summary>
    public bool TryGet(string name, uint index, out double value)
    {
        if (_byName.TryGetValue(LibvmafNames.Alias(name), out Feature? feature) && feature.TryGet(index, out value))
        {
            return true;
        }

        value = double.NaN;
        return false;
    }

    /// <summary>One past the highest index any feature has a value at.</summary>
    public uint End => _features.Count == 0 ? 0 : _features.Max(f => f.End);

    /// <summary>One feature's values.</summary>
    public sealed class Feature(string name)
    {
        private double[] _values = new double[8];
        private bool[] _written = new bool[8];

        /// <summary>The name the log shows.</summary>
        public string Name { get; } = name;

        /// <summary>One past the highest index written.</summary>
        public uint End { get; private set; }

        /// <summary>The value at <paramref name="index"/>, if written.</summary>
        public bool TryGet(uint index, out double value)
        {
            if (index < End && _written[index])
            {
                value = _values[index];
                return true;
            }

            value = double.NaN;
            return false;
        }

        /// <summary>Writes the value at <paramref name="index"/>; false when one is already there.</summary>
        public bool Set(uint index, double value)
        {
            if (index >= _values.Length)
            {
                int size = (int)Math.Min(Math.Max((long)_values.Length * 2, index + 1L), MaxIndex + 1L);
                Array.Resize(ref _values, size);
                Array.Resize(ref _written, size);
            }

            if (_written[index])
            {
                return false;
            }

            _written[index] = true;
            _values[index] = value;
            End = Math.Max(End, index + 1);
            return true;
        }
    }
}
