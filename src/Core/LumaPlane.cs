using System.Runtime.InteropServices;

namespace VmafTiny;

/// <summary>
/// A read-only view of a luma plane: the only plane the vmaf_v0.6.1 features read (digest §1).
/// Samples are bytes for 8-bit video and little-endian ushorts above 8 bits.
/// </summary>
public readonly ref struct LumaPlane
{
    private readonly ReadOnlySpan<byte> _bytes;

    /// <summary>Wraps raw plane bytes; <paramref name="stride"/> is in samples, not bytes.</summary>
    public LumaPlane(ReadOnlySpan<byte> bytes, int width, int height, int stride, int bitDepth)
    {
        int bps = bitDepth > 8 ? 2 : 1;
        if (width <= 0 || height <= 0 || stride < width || bitDepth is < 8 or > 16)
        {
            throw new ArgumentException($"bad plane geometry {width}x{height} stride {stride} {bitDepth}-bit");
        }

        if (bytes.Length < ((long)stride * (height - 1) + width) * bps)
        {
            throw new ArgumentException("plane buffer too small for its geometry");
        }

        _bytes = bytes;
        Width = width;
        Height = height;
        Stride = stride;
        BitDepth = bitDepth;
    }

    /// <summary>Width in samples.</summary>
    public int Width { get; }

    /// <summary>Height in rows.</summary>
    public int Height { get; }

    /// <summary>Distance between rows, in samples.</summary>
    public int Stride { get; }

    /// <summary>Bits per sample (8..16).</summary>
    public int BitDepth { get; }

    /// <summary>True when samples are bytes.</summary>
    public bool Is8Bit => BitDepth == 8;

    /// <summary>All samples of an 8-bit plane, rows <see cref="Stride"/> apart.</summary>
    public ReadOnlySpan<byte> Samples8 => Is8Bit ? _bytes : throw new InvalidOperationException("plane is not 8-bit");

    /// <summary>All samples of a 9..16-bit plane, rows <see cref="Stride"/> apart.</summary>
    public ReadOnlySpan<ushort> Samples16 => !Is8Bit
        ? MemoryMarshal.Cast<byte, ushort>(_bytes)
        : throw new InvalidOperationException("plane is 8-bit");

    /// <summary>Row <paramref name="y"/> of an 8-bit plane.</summary>
    public ReadOnlySpan<byte> Row8(int y) => Samples8.Slice(y * Stride, Width);

    /// <summary>Row <paramref name="y"/> of a 9..16-bit plane.</summary>
    public ReadOnlySpan<ushort> Row16(int y) => Samples16.Slice(y * Stride, Width);
}
