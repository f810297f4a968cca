using System.Runtime.InteropServices;

namespace VmafTiny;

/// <summary>
/// One planar YUV frame in a single reusable buffer. Readers fill a frame in place, so a pipeline that
/// recycles frames keeps its memory flat however long the video. Planes are tightly packed: the stride of
/// each plane equals its width (in samples).
/// </summary>
public sealed class YuvFrame
{
    private readonly byte[] _buffer;
    private readonly int[] _offsets = new int[3];
    private readonly int[] _lengths = new int[3];

    /// <summary>Allocates a frame of the given format.</summary>
    public YuvFrame(VideoFormat format)
    {
        if (!format.IsValid)
        {
            throw new ArgumentException($"invalid video format {format}", nameof(format));
        }

        if (VideoFormat.SizeProblem(format.Width, format.Height) is { } problem)
        {
            throw new ArgumentException(problem, nameof(format));
        }

        Format = format;
        int offset = 0;
        for (int p = 0; p < format.PlaneCount; p++)
        {
            // At most 16384 x 16384 x 2 bytes per plane, 3 x 2^29 in all: checked anyway.
            _offsets[p] = offset;
            _lengths[p] = checked(format.PlaneWidth(p) * format.PlaneHeight(p) * format.BytesPerSample);
            offset = checked(offset + _lengths[p]);
        }

        _buffer = new byte[offset];
    }

    /// <summary>Width, height, bit depth and chroma format.</summary>
    public VideoFormat Format { get; }

    /// <summary>Frame number in its source (0-based), set by the reader.</summary>
    public long Index { get; set; }

    /// <summary>The whole frame, planes back to back (Y, then U and V unless mono), as stored in raw .yuv files.</summary>
    public Span<byte> Data => _buffer;

    /// <summary>Stride of plane <paramref name="plane"/> in samples.</summary>
    public int Stride(int plane) => Format.PlaneWidth(plane);

    /// <summary>Raw bytes of plane <paramref name="plane"/>.</summary>
    public Span<byte> PlaneBytes(int plane) => _buffer.AsSpan(_offsets[plane], _lengths[plane]);

    /// <summary>Samples of plane <paramref name="plane"/> of an 8-bit frame.</summary>
    public Span<byte> Plane8(int plane) => Format.BitDepth == 8
        ? PlaneBytes(plane)
        : throw new InvalidOperationException("frame is not 8-bit");

    /// <summary>Samples of plane <paramref name="plane"/> of a 9..16-bit frame.</summary>
    public Span<ushort> Plane16(int plane) => Format.BitDepth > 8
        ? MemoryMarshal.Cast<byte, ushort>(PlaneBytes(plane))
        : throw new InvalidOperationException("frame is 8-bit");

    /// <summary>A read-only view of the luma plane for feature extraction.</summary>
    public LumaPlane Luma => new(PlaneBytes(0), Format.Width, Format.Height, Stride(0), Format.BitDepth);

    /// <summary>Copies pixels and index from <paramref name="source"/>, which must have the same format.</summary>
    public void CopyFrom(YuvFrame source)
    {
        if (source.Format != Format)
        {
            throw new ArgumentException($"format {source.Format} differs from {Format}", nameof(source));
        }

        source._buffer.CopyTo(_buffer, 0);
        Index = source.Index;
    }
}
