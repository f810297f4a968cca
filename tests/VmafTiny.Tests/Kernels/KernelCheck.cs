using System.Text;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// checkasm-style comparison of a SIMD kernel's output with the scalar oracle's: the whole buffer (guards
/// included) must be equal; a failure names the case, the first differing (x, y), and for small images draws
/// an x/. map of the differing elements.
/// </summary>
public static class KernelCheck
{
    /// <summary>Asserts <paramref name="actual"/> equals <paramref name="expected"/>, viewed as rows of <paramref name="stride"/> elements.</summary>
    public static void Equal<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, int stride, string context)
        where T : IEquatable<T>
    {
        Assert.True(expected.Length == actual.Length, $"{context}: lengths differ ({expected.Length} vs {actual.Length})");
        int first = -1, count = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (!expected[i].Equals(actual[i]))
            {
                first = first < 0 ? i : first;
                count++;
            }
        }

        if (first < 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.Append($"{context}: {count} element(s) differ; first at x={first % stride}, y={first / stride}: scalar {expected[first]}, variant {actual[first]}");
        int rows = (expected.Length + stride - 1) / stride;
        if (stride <= 80 && rows <= 40)
        {
            message.Append('\n');
            for (int y = 0; y < rows; y++)
            {
                for (int x = 0; x < stride && (y * stride) + x < expected.Length; x++)
                {
                    int i = (y * stride) + x;
                    message.Append(expected[i].Equals(actual[i]) ? '.' : 'x');
                }

                message.Append('\n');
            }
        }

        Assert.Fail(message.ToString());
    }

    /// <summary>Asserts two scalar results are equal, naming the case.</summary>
    public static void Equal<T>(T expected, T actual, string context)
        where T : IEquatable<T> =>
        Assert.True(expected.Equals(actual), $"{context}: scalar {expected}, variant {actual}");
}

/// <summary>
/// Inputs for kernel differential tests, after dav1d's init_tmp: per case, 1/8 of the samples near zero, 1/8 near
/// the bit depth's maximum, the rest uniform; plus flat and 0/max checkerboard planes. Seeds are a fixed list
/// unless <c>VMAF_TINY_SEED</c> names one (the seed is part of every failure message).
/// </summary>
public static class KernelInput
{
    /// <summary>The seeds to run: VMAF_TINY_SEED if set, else a fixed list.</summary>
    public static int[] Seeds =>
        int.TryParse(Environment.GetEnvironmentVariable("VMAF_TINY_SEED"), out int seed) ? [seed] : [1, 2, 3];

    /// <summary>Widths that include libvmaf's SIMD trouble spots (33, 34, 65, 66, 97, 98, 129, 130) and 1080p.</summary>
    public static readonly int[] Widths = [33, 34, 35, 36, 40, 47, 63, 64, 65, 66, 95, 96, 97, 98, 127, 128, 129, 130, 255, 256, 257, 258, 1920];

    /// <summary>Fills a plane of <paramref name="width"/> x <paramref name="height"/> samples at <paramref name="bitDepth"/>.</summary>
    public static ushort[] Plane(int width, int height, int bitDepth, int seed, string pattern = "random")
    {
        // A fixed arithmetic mix, not HashCode.Combine (randomised per process): VMAF_TINY_SEED must reproduce a failure.
        int mix = unchecked((((((seed * 31) + width) * 31 + height) * 31 + bitDepth) * 31) + pattern.Length + (pattern[0] * 7));
        var rng = new Random(mix);
        int max = (1 << bitDepth) - 1;
        var plane = new ushort[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                plane[(y * width) + x] = pattern switch
                {
                    "flat" => (ushort)(max / 2),
                    "checker" => (ushort)(((x + y) & 1) == 0 ? 0 : max),
                    _ => (rng.Next(8)) switch
                    {
                        0 => (ushort)rng.Next(Math.Min(4, max + 1)),
                        1 => (ushort)(max - rng.Next(Math.Min(4, max + 1))),
                        _ => (ushort)rng.Next(max + 1),
                    },
                };
            }
        }

        return plane;
    }

    /// <summary>The same plane as bytes (8-bit only).</summary>
    public static byte[] Plane8(int width, int height, int seed, string pattern = "random") =>
        Array.ConvertAll(Plane(width, height, 8, seed, pattern), v => (byte)v);

    /// <summary>Patterns every case runs: random (with extremes), flat and checkerboard.</summary>
    public static readonly string[] Patterns = ["random", "flat", "checker"];
}
