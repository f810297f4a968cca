using System.Text.Json;

namespace VmafTiny.Tests.Golden;

/// <summary>
/// The ten libvmaf 3.2.0 golden pairs carried in TestData/golden: gzipped y4m files and libvmaf's JSON log
/// printed at full precision (%.17g). The y4m files are unpacked once per test run into a temp folder.
/// </summary>
public static class GoldenClips
{
    /// <summary>Every clip name, e.g. "g01_pan_420p8_320x180".</summary>
    public static readonly string[] Names =
    [
        "g01_pan_420p8_320x180",
        "g02_zoom_420p10_352x288",
        "g03_blur_444p8_256x144",
        "g04_noise_422p10_320x240",
        "g05_odd_444p8_333x197",
        "g06_vp9_420p8_1280x720",
        "g07_identical_420p8_320x180",
        "g08_flat_420p8_192x108",
        "g09_scenecut_420p8_320x180",
        "g10_blurnoise_420p12_160x90",
    ];

    /// <summary>xunit MemberData: one row per clip name.</summary>
    public static IEnumerable<object[]> All => Names.Select(n => new object[] { n });

    /// <summary>The folder holding the carried test data.</summary>
    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "golden");

    /// <summary>Path of the unpacked reference y4m of <paramref name="name"/>.</summary>
    public static string ReferencePath(string name) => Unpacked($"{name}.ref.y4m");

    /// <summary>Path of the unpacked distorted y4m of <paramref name="name"/>.</summary>
    public static string DistortedPath(string name) => Unpacked($"{name}.dist.y4m");

    /// <summary>Path of libvmaf's full-precision JSON log for <paramref name="name"/>.</summary>
    public static string LogPath(string name) => Path.Combine(DataDirectory, $"{name}.libvmaf.json");

    /// <summary>
    /// Path of one of libvmaf's further %.17g logs of <paramref name="name"/>: <paramref name="variant"/> "neg"
    /// (vmaf_v0.6.1neg), "4k" (vmaf_4k_v0.6.1), "psnr", or null for vmaf_v0.6.1's.
    /// </summary>
    public static string LogPath(string name, string? variant) =>
        variant is null ? LogPath(name) : Path.Combine(DataDirectory, $"{name}.{variant}.libvmaf.json");

    /// <summary>libvmaf's per-frame values for <paramref name="name"/>: frame i's metrics by key.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Frames(string name) => Frames(name, null);

    /// <summary>libvmaf's per-frame values in one of its logs of <paramref name="name"/> (see <see cref="LogPath(string, string?)"/>).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Frames(string name, string? variant)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(LogPath(name, variant)));
        var frames = new List<IReadOnlyDictionary<string, double>>();
        foreach (var frame in doc.RootElement.GetProperty("frames").EnumerateArray())
        {
            var metrics = new Dictionary<string, double>();
            foreach (var m in frame.GetProperty("metrics").EnumerateObject())
            {
                metrics[m.Name] = m.Value.GetDouble();
            }

            frames.Add(metrics);
        }

        return frames;
    }

    /// <summary>libvmaf's pooled values for <paramref name="name"/>: metric → (min, max, mean, harmonic_mean).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Pooled(string name) => Pooled(name, null);

    /// <summary>libvmaf's pooled values in one of its logs of <paramref name="name"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Pooled(string name, string? variant)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(LogPath(name, variant)));
        var pooled = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var metric in doc.RootElement.GetProperty("pooled_metrics").EnumerateObject())
        {
            pooled[metric.Name] = metric.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        }

        return pooled;
    }

    private static string Unpacked(string file) => TestDataFiles.Unpacked(Path.Combine(DataDirectory, file + ".gz"), "golden");
}
