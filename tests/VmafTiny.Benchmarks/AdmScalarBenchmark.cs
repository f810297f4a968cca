using System.IO.Compression;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using VmafTiny.Decode.Y4m;
using VmafTiny.Features;
using VmafTiny.Features.Adm;

namespace VmafTiny.Benchmarks;

/// <summary>
/// Integer ADM (adm2) per 1080p frame on the scalar kernels. The frame pair is the first frame of the golden
/// clip g06 (1280x720 VP9 pair) upscaled to 1920x1080 bilinearly, so the content and the distortion look like
/// video (ADM's branches depend on it); 10-bit keeps two more bits of the interpolation.
/// Run: <c>dotnet run -c Release --project tests/VmafTiny.Benchmarks -- --filter *AdmScalar* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class AdmScalarBenchmark
{
    internal const int Width = 1920;
    internal const int Height = 1080;
    private const string Clip = "g06_vp9_420p8_1280x720";

    private byte[] _reference = [];
    private byte[] _distorted = [];
    private AdmExtractor _adm = null!;

    /// <summary>Luma bit depth of the pair.</summary>
    [Params(8, 10)]
    public int BitDepth { get; set; }

    /// <summary>Loads and upscales the pair, and builds the extractor (its buffers are allocated here, never per frame).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _reference = Upscaled(Luma(".ref.y4m.gz", out int w, out int h), w, h, BitDepth);
        _distorted = Upscaled(Luma(".dist.y4m.gz", out _, out _), w, h, BitDepth);
        _adm = new AdmExtractor(Width, Height, BitDepth, CpuPath.Scalar);
    }

    /// <summary>adm2 of one frame pair.</summary>
    [Benchmark]
    public double Scalar() => _adm.Extract(
        new LumaPlane(_reference, Width, Height, Width, BitDepth),
        new LumaPlane(_distorted, Width, Height, Width, BitDepth));

    internal static byte[] Luma(string suffix, out int width, out int height)
    {
        string gz = Path.Combine(RepoRoot(), "tests", "VmafTiny.Tests", "TestData", "golden", Clip + suffix);
        string y4m = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-bench-{Environment.ProcessId}{suffix[..^3]}");
        try
        {
            using (var input = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress))
            using (var output = File.Create(y4m))
            {
                input.CopyTo(output);
            }

            using var reader = new Y4mReader(y4m);
            var frame = new YuvFrame(reader.Format);
            if (!reader.ReadFrame(frame) || reader.Format.BitDepth != 8)
            {
                throw new InvalidDataException($"{gz}: expected an 8-bit clip with a frame");
            }

            width = reader.Format.Width;
            height = reader.Format.Height;
            return frame.Plane8(0).ToArray();
        }
        finally
        {
            File.Delete(y4m);
        }
    }

    /// <summary>Bilinear upscale to 1920x1080 (centre-aligned, Q8 weights), rounded to <paramref name="bitDepth"/> bits.</summary>
    internal static byte[] Upscaled(byte[] source, int width, int height, int bitDepth)
    {
        int extra = bitDepth - 8;
        var samples = new ushort[Width * Height];
        for (int y = 0; y < Height; y++)
        {
            int fy = Math.Max(0, (int)((((y + 0.5) * height / Height) - 0.5) * 256));
            int y0 = Math.Min(fy >> 8, height - 1), y1 = Math.Min(y0 + 1, height - 1), wy = fy & 255;
            for (int x = 0; x < Width; x++)
            {
                int fx = Math.Max(0, (int)((((x + 0.5) * width / Width) - 0.5) * 256));
                int x0 = Math.Min(fx >> 8, width - 1), x1 = Math.Min(x0 + 1, width - 1), wx = fx & 255;
                int top = (source[y0 * width + x0] * (256 - wx)) + (source[y0 * width + x1] * wx);
                int bottom = (source[y1 * width + x0] * (256 - wx)) + (source[y1 * width + x1] * wx);
                int shift = 16 - extra;
                samples[y * Width + x] = (ushort)(((top * (256 - wy)) + (bottom * wy) + (1 << (shift - 1))) >> shift);
            }
        }

        if (bitDepth == 8)
        {
            return Array.ConvertAll(samples, s => (byte)s);
        }

        return MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VmafTinyNative.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("run the benchmark from inside the vmaf-tiny checkout (the golden clips are its input)");
    }
}
