using System.Runtime.InteropServices;
using VmafTiny.Decode.Y4m;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features;

/// <summary>
/// The luma planes of a golden pair held in memory (tightly packed, stride = width), plus helpers to derive
/// test clips from them: crops and left-shifted high-bit-depth copies.
/// </summary>
public sealed class LumaClip
{
    private readonly List<byte[]> _reference;
    private readonly List<byte[]> _distorted;

    private LumaClip(int width, int height, int bitDepth, List<byte[]> reference, List<byte[]> distorted)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        _reference = reference;
        _distorted = distorted;
    }

    /// <summary>Luma width.</summary>
    public int Width { get; }

    /// <summary>Luma height.</summary>
    public int Height { get; }

    /// <summary>Bits per sample.</summary>
    public int BitDepth { get; }

    /// <summary>Number of frames.</summary>
    public int Count => _reference.Count;

    /// <summary>Reads every luma of the golden pair <paramref name="name"/>.</summary>
    public static LumaClip Load(string name)
    {
        var reference = ReadLumas(GoldenClips.ReferencePath(name), out VideoFormat format);
        var distorted = ReadLumas(GoldenClips.DistortedPath(name), out _);
        Assert.Equal(reference.Count, distorted.Count);
        return new LumaClip(format.Width, format.Height, format.BitDepth, reference, distorted);
    }

    /// <summary>Reference luma of frame <paramref name="i"/>.</summary>
    public LumaPlane Reference(int i) => new(_reference[i], Width, Height, Width, BitDepth);

    /// <summary>Distorted luma of frame <paramref name="i"/>.</summary>
    public LumaPlane Distorted(int i) => new(_distorted[i], Width, Height, Width, BitDepth);

    /// <summary>A <paramref name="width"/>x<paramref name="height"/> window at (<paramref name="x"/>, <paramref name="y"/>) of every frame.</summary>
    public LumaClip Crop(int x, int y, int width, int height)
    {
        int bps = BitDepth > 8 ? 2 : 1;
        List<byte[]> Cut(List<byte[]> frames)
        {
            var result = new List<byte[]>(frames.Count);
            foreach (byte[] frame in frames)
            {
                var cut = new byte[width * height * bps];
                for (int row = 0; row < height; row++)
                {
                    frame.AsSpan(((y + row) * Width + x) * bps, width * bps).CopyTo(cut.AsSpan(row * width * bps));
                }

                result.Add(cut);
            }

            return result;
        }

        return new LumaClip(width, height, BitDepth, Cut(_reference), Cut(_distorted));
    }

    /// <summary>An 8-bit clip shifted left into <paramref name="bitDepth"/> bits (samples · 2^(bitDepth − 8)).</summary>
    public LumaClip ShiftedTo(int bitDepth)
    {
        Assert.Equal(8, BitDepth);
        int shift = bitDepth - 8;
        List<byte[]> Shift(List<byte[]> frames)
        {
            var result = new List<byte[]>(frames.Count);
            foreach (byte[] frame in frames)
            {
                var wide = new byte[frame.Length * 2];
                Span<ushort> samples = MemoryMarshal.Cast<byte, ushort>(wide.AsSpan());
                for (int i = 0; i < frame.Length; i++)
                {
                    samples[i] = (ushort)(frame[i] << shift);
                }

                result.Add(wide);
            }

            return result;
        }

        return new LumaClip(Width, Height, bitDepth, Shift(_reference), Shift(_distorted));
    }

    private static List<byte[]> ReadLumas(string path, out VideoFormat format)
    {
        using var reader = new Y4mReader(path);
        format = reader.Format;
        var frame = new YuvFrame(format);
        var lumas = new List<byte[]>();
        while (reader.ReadFrame(frame))
        {
            lumas.Add(frame.PlaneBytes(0).ToArray());
        }

        return lumas;
    }
}
