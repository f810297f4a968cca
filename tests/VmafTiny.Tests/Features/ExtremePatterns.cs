using System.Runtime.InteropServices;

namespace VmafTiny.Tests.Features;

/// <summary>
/// Deterministic synthetic lumas at the edges of the sample range (full-scale checkerboards, values pinned
/// near 0 and the maximum, bars), where the fixed-point arithmetic is most likely to wrap or overflow.
/// The same generator, written in Python, fed the digest's verified reference implementation (refimpl.py)
/// to produce the expected values in the tests.
/// </summary>
public static class ExtremePatterns
{
    /// <summary>The cases: pattern, width, height, bit depth, vif_scale0..3, SAD of the "next" frame.</summary>
    public static IEnumerable<object[]> Cases() =>
    [
        ["checker", 64, 64, 8, 0.00063613679958507419, 0.98928916454315186, 0.99618065357208252, 0.99777108430862427, 0.13671875],
        ["checker", 65, 37, 16, 0.00043596260366030037, 0.99059104919433594, 0.99640220403671265, 0.9981418251991272, 0.13671875],
        ["extremes", 64, 64, 8, 0.00030598192824982107, 0.0018286363920196891, 0.019552290439605713, 0.023766722530126572, 30.499994277954102],
        ["extremes", 65, 37, 10, 0.000391355250030756, 0.0021807919256389141, 0.011192991398274899, 0.0094629107043147087, 30.067866424116424],
        ["extremes", 64, 64, 16, 0.00047705517499707639, 0.0043653673492372036, 0.01188806165009737, 0.022124588489532471, 28.968592643737793],
        ["bars", 33, 33, 12, 0.00061961438041180372, 0.0046261008828878403, 0.093123853206634521, 0.098791815340518951, 146.24341425619835],
        ["bars", 47, 35, 16, 0.00042883460992015898, 0.0015979190357029438, 0.034916199743747711, 0.14400328695774078, 139.97462481003041],
    ];

    /// <summary>The reference (seed 1), distorted (seed 2, the other pattern) and next reference (seed 4) of a case.</summary>
    public static (byte[] Reference, byte[] Distorted, byte[] Next) Frames(string kind, int width, int height, int bitDepth) => (
        Make(kind, width, height, bitDepth, 1),
        Make(kind == "extremes" ? "bars" : "extremes", width, height, bitDepth, 2),
        Make(kind, width, height, bitDepth, 4));

    /// <summary>One luma plane: bytes for 8-bit, little-endian ushorts above.</summary>
    public static byte[] Make(string kind, int width, int height, int bitDepth, int seed)
    {
        int max = (1 << bitDepth) - 1;
        var samples = new ushort[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                uint r = Hash(x, y, seed);
                samples[(y * width) + x] = (ushort)(kind switch
                {
                    "checker" => (x + y + seed) % 2 == 1 ? max : 0,
                    "extremes" => (r & 7) switch
                    {
                        0 => (r >> 3) % 4,
                        1 => max - ((r >> 3) % 4),
                        _ => (r >> 3) % (uint)(max + 1),
                    },
                    "bars" => ((x / 3) + seed) % 2 == 1 ? max : (r >> 5) % 8,
                    _ => throw new ArgumentException(kind),
                });
            }
        }

        return bitDepth == 8
            ? Array.ConvertAll(samples, s => (byte)s)
            : MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();
    }

    private static uint Hash(int x, int y, int seed)
    {
        unchecked
        {
            uint h = ((uint)x * 73856093u) ^ ((uint)y * 19349663u) ^ ((uint)seed * 83492791u);
            h ^= h >> 13;
            h *= 0x5bd1e995u;
            h ^= h >> 15;
            return h;
        }
    }
}
