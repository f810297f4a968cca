using System.Globalization;
using VmafTiny.Features;

namespace VmafTiny.Native;

/// <summary>
/// <c>VmafFeatureDictionary</c>: extractor options as libvmaf's <c>vmaf_feature_dictionary_set</c> stores them, keys in
/// the order first set, a key set again overwritten, and a numeric value normalised as libvmaf normalises it
/// (<c>dict.c</c>: read as a float, written back with <c>%g</c>, so <c>1.0</c> is stored as <c>1</c>).
/// </summary>
internal sealed class FeatureDictionary
{
    private readonly List<KeyValuePair<string, string>> _entries = new();

    /// <summary>The options, in the order their keys were first set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> (normalised when numeric).</summary>
    public void Set(string key, string value)
    {
        value = Normalize(value);
        int at = _entries.FindIndex(e => e.Key == key);
        if (at >= 0)
        {
            _entries[at] = new(key, value);
        }
        else
        {
            _entries.Add(new(key, value));
        }
    }

    /// <summary>
    /// libvmaf's numeric test (<c>sscanf(val, "%f %c")</c> reads exactly one float: blanks around it allowed, nothing
    /// else) and normalisation (<c>strtof</c>, then <c>%g</c>); other text is kept as it is.
    /// </summary>
    public static string Normalize(string value)
    {
        string trimmed = value.Trim(' ', '\t', '\n', '\v', '\f', '\r');
        return trimmed.Length > 0
            && float.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out float f)
            && float.IsFinite(f)
            ? CNumber.G(f)
            : value;
    }
}
