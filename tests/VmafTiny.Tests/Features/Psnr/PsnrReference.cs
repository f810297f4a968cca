using System.Text.Json;
using VmafTiny.Decode.Y4m;
using VmafTiny.Features.Psnr;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Psnr;

/// <summary>
/// libvmaf's PSNR values for one run, read from its %.17g JSON log: per frame the metrics by key, and the aggregate
/// metrics (null in the log, libvmaf's spelling of a non-finite value, reads as NaN).
/// </summary>
public sealed class PsnrReference
{
    private PsnrReference(List<Dictionary<string, double>> frames, Dictionary<string, double> aggregate)
    {
        Frames = frames;
        Aggregate = aggregate;
    }

    /// <summary>Each frame's metrics by key, in frame order.</summary>
    public IReadOnlyList<Dictionary<string, double>> Frames { get; }

    /// <summary>The aggregate metrics (apsnr_*), NaN where libvmaf wrote null.</summary>
    public IReadOnlyDictionary<string, double> Aggregate { get; }

    /// <summary>Reads a libvmaf JSON log.</summary>
    public static PsnrReference Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var frames = doc.RootElement.GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("metrics").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetDouble()))
            .ToList();
        var aggregate = new Dictionary<string, double>();
        if (doc.RootElement.TryGetProperty("aggregate_metrics", out JsonElement a))
        {
            foreach (JsonProperty m in a.EnumerateObject())
            {
                aggregate[m.Name] = m.Value.ValueKind == JsonValueKind.Null ? double.NaN : m.Value.GetDouble();
            }
        }

        return new PsnrReference(frames, aggregate);
    }

    /// <summary>libvmaf's log of <c>--feature psnr</c> (<paramref name="variant"/> "psnr") or of its apsnr/mse run ("psnr-apsnr-mse") for a golden clip.</summary>
    public static PsnrReference Golden(string clip, string variant) =>
        Load(Path.Combine(GoldenClips.DataDirectory, $"{clip}.{variant}.libvmaf.json"));

    /// <summary>
    /// Asserts one frame's values equal libvmaf's exactly: the same keys (<see cref="PsnrValues.Metrics"/>, with libvmaf's
    /// extra features filtered out), the same doubles. Returns the number of values compared.
    /// </summary>
    public int AssertFrame(int index, PsnrValues actual, string context)
    {
        var expected = Frames[index].Where(m => m.Key.StartsWith("psnr_", StringComparison.Ordinal) || m.Key.StartsWith("mse_", StringComparison.Ordinal)).ToList();
        var got = actual.Metrics().ToList();
        Assert.True(
            expected.Select(m => m.Key).SequenceEqual(got.Select(m => m.Key)),
            $"{context} frame {index}: keys {string.Join(",", got.Select(m => m.Key))}, libvmaf {string.Join(",", expected.Select(m => m.Key))}");
        foreach (var (e, g) in expected.Zip(got))
        {
            Assert.True(e.Value.Equals(g.Value), $"{context} frame {index} {e.Key}: libvmaf {e.Value:R}, vmaf-tiny {g.Value:R}");
        }

        return expected.Count;
    }

    /// <summary>
    /// Runs <paramref name="psnr"/> over every frame of <paramref name="clip"/> and asserts each frame's values and, when
    /// the extractor's options enable it, the aggregate APSNR equal libvmaf's. Returns the number of values compared.
    /// </summary>
    public int AssertRun(PsnrExtractor psnr, FramePairs clip, string context)
    {
        Assert.Equal(Frames.Count, clip.Reference.Count);
        ApsnrAccumulator apsnr = psnr.CreateAccumulator();
        int compared = 0;
        for (int i = 0; i < clip.Reference.Count; i++)
        {
            PsnrValues values = psnr.Extract(clip.Reference[i], clip.Distorted[i]);
            compared += AssertFrame(i, values, context);
            apsnr.Add(values);
        }

        return compared + (psnr.Options.EnableApsnr ? AssertAggregate(apsnr.Result(), context) : 0);
    }

    /// <summary>Asserts the aggregate APSNR equals libvmaf's; a null there must be −∞ (libvmaf's MIN of NaN and −∞). Returns 3.</summary>
    public int AssertAggregate(ApsnrValues actual, string context)
    {
        foreach (var (key, value) in actual.Metrics())
        {
            double expected = Aggregate[key];
            Assert.True(
                double.IsNaN(expected) ? double.IsNegativeInfinity(value) : expected.Equals(value),
                $"{context} {key}: libvmaf {expected:R}, vmaf-tiny {value:R}");
        }

        return 3;
    }
}

/// <summary>
/// Whole frames (every plane) of a clip pair held in memory, as bytes laid out as <see cref="YuvFrame.Data"/> (so a
/// raw case may be wider than <see cref="YuvFrame"/> allows: the 66100-sample rows that wrap libvmaf's row sum).
/// </summary>
public sealed class FramePairs
{
    private FramePairs(VideoFormat format, List<byte[]> reference, List<byte[]> distorted)
    {
        Format = format;
        Reference = reference;
        Distorted = distorted;
    }

    /// <summary>The frames' format.</summary>
    public VideoFormat Format { get; }

    /// <summary>Reference frames' bytes.</summary>
    public IReadOnlyList<byte[]> Reference { get; }

    /// <summary>Distorted frames' bytes.</summary>
    public IReadOnlyList<byte[]> Distorted { get; }

    /// <summary>Frame <paramref name="index"/> of the reference (or the distorted) video as a <see cref="YuvFrame"/>.</summary>
    public YuvFrame Frame(int index, bool reference)
    {
        var frame = new YuvFrame(Format);
        (reference ? Reference : Distorted)[index].CopyTo(frame.Data);
        return frame;
    }

    /// <summary>The frames of a golden pair.</summary>
    public static FramePairs Golden(string clip)
    {
        var reference = ReadY4m(GoldenClips.ReferencePath(clip), out VideoFormat format);
        var distorted = ReadY4m(GoldenClips.DistortedPath(clip), out _);
        Assert.Equal(reference.Count, distorted.Count);
        return new FramePairs(format, reference, distorted);
    }

    /// <summary>The frames of a raw pair laid out as <see cref="YuvFrame.Data"/>, frame after frame.</summary>
    public static FramePairs Raw(string referencePath, string distortedPath, VideoFormat format) =>
        new(format, ReadRaw(referencePath, format), ReadRaw(distortedPath, format));

    private static List<byte[]> ReadY4m(string path, out VideoFormat format)
    {
        using var reader = new Y4mReader(path);
        format = reader.Format;
        var frames = new List<byte[]>();
        var frame = new YuvFrame(format);
        while (reader.ReadFrame(frame))
        {
            frames.Add(frame.Data.ToArray());
        }

        return frames;
    }

    private static List<byte[]> ReadRaw(string path, VideoFormat format)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int size = (int)format.FrameBytes;
        Assert.Equal(0, bytes.Length % size);
        return bytes.Chunk(size).ToList();
    }
}
