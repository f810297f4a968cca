namespace VmafTiny.Benchmarks;

/// <summary>
/// Deterministic synthetic luma for per-frame benchmarks: a smooth gradient with a few sinusoids, hard-edged
/// blocks and fine texture, so that every VIF branch (flat and textured pixels) is exercised. The distorted
/// frame is a lightly blurred, noisy, quantised copy; the "next" reference is the frame panned by (3, 1).
/// </summary>
public static class SyntheticLuma
{
    /// <summary>Reference, distorted and next-reference lumas of <paramref name="width"/>x<paramref name="height"/>,
    /// little-endian ushorts when <paramref name="bitDepth"/> &gt; 8.</summary>
    public static (byte[] Reference, byte[] Distorted, byte[] Next) Make(int width, int height, int bitDepth)
    {
        int[] reference = Scene(width, height, 0, 0);
        int[] next = Scene(width, height, 3, 1);
        int[] distorted = new int[width * height];
        var random = new Random(7);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int sum = 0;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int yy = Math.Clamp(y + dy, 0, height - 1);
                        int xx = Math.Clamp(x + dx, 0, width - 1);
                        sum += reference[yy * width + xx];
                    }
                }

                // A light blur (half original, half 3x3 box), a little noise, and steps of 2: VIF scale 0 ≈ 0.6.
                int v = ((reference[y * width + x] * 9) + sum + 9) / 18 + random.Next(-2, 3);
                distorted[y * width + x] = Math.Clamp(v / 2 * 2, 0, 255);
            }
        }

        return (Pack(reference, bitDepth), Pack(distorted, bitDepth), Pack(next, bitDepth));
    }

    private static int[] Scene(int width, int height, int panX, int panY)
    {
        var luma = new int[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int sx = x + panX;
                int sy = y + panY;
                double v = 60 + (100.0 * sx / width) + (40 * Math.Sin(sx * 0.013) * Math.Cos(sy * 0.021));
                v += 25 * Math.Sin((sx * 0.31) + (sy * 0.17));
                if ((sx / 160 + sy / 120) % 3 == 0)
                {
                    v += 35;
                }

                // Fine texture from a hash of the position (moves with the pan).
                uint h = unchecked((uint)(sx * 73856093) ^ (uint)(sy * 19349663));
                h ^= h >> 13;
                h *= 0x5bd1e995;
                v += (h >> 28) - 8;
                luma[y * width + x] = Math.Clamp((int)v, 0, 255);
            }
        }

        return luma;
    }

    private static byte[] Pack(int[] samples, int bitDepth)
    {
        if (bitDepth == 8)
        {
            return Array.ConvertAll(samples, s => (byte)s);
        }

        var bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            // Spread the 8-bit scene over the full range, with non-zero low bits.
            int v = (samples[i] << (bitDepth - 8)) | (i & ((1 << (bitDepth - 8)) - 1));
            bytes[2 * i] = (byte)v;
            bytes[(2 * i) + 1] = (byte)(v >> 8);
        }

        return bytes;
    }
}
