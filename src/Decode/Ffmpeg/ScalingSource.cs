namespace VmafTiny.Decode.Ffmpeg;

/// <summary>
/// Wraps a frame source whose frames are already planar YUV (a y4m or raw .yuv reader) and converts each
/// frame to another size or format with libvtshim's swscale scaler, set up as FFmpeg's scale filter.
/// </summary>
public sealed class ScalingSource : IFrameSource
{
    private readonly IFrameSource _inner;
    private readonly SafeScalerHandle _scaler;
    private readonly YuvFrame _buffer;
    private ChromaScratch? _chroma;

    /// <summary>Converts the frames of <paramref name="inner"/> to <paramref name="format"/>; takes ownership of it.</summary>
    public ScalingSource(IFrameSource inner, VideoFormat format, ScaleMode scale = ScaleMode.Bicubic)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!format.IsValid)
        {
            throw new ArgumentException($"invalid video format {format}", nameof(format));
        }

        VideoFormat from = inner.Format;
        if (scale == ScaleMode.None && (from.Width != format.Width || from.Height != format.Height))
        {
            throw new InputException(inner.Path, $"frames are {from.Width}x{from.Height}, not {format.Width}x{format.Height}, and scaling is off");
        }

        ShimLibrary.EnsureLoaded();
        ShimStatus status = Interop.Decoder.ScalerCreate(
            from.Width, from.Height, (int)from.Chroma, from.BitDepth,
            format.Width, format.Height, (int)format.Chroma, format.BitDepth,
            scale == ScaleMode.None ? ShimScaler.None : ShimScaler.Bicubic, out SafeScalerHandle scaler);
        if (status != ShimStatus.Ok)
        {
            scaler.Dispose();
            throw new VmafTinyException($"{inner.Path}: cannot convert {from} to {format} ({ShimLibrary.LastThreadError()})");
        }

        _inner = inner;
        _scaler = scaler;
        _buffer = new YuvFrame(from);
        Format = format;
    }

    /// <inheritdoc/>
    public string Path => _inner.Path;

    /// <inheritdoc/>
    public VideoFormat Format { get; }

    /// <summary>The format of the wrapped source's frames.</summary>
    public VideoFormat SourceFormat => _inner.Format;

    /// <inheritdoc/>
    public double FrameRate => _inner.FrameRate;

    /// <inheritdoc/>
    public long? FrameCount => _inner.FrameCount;

    /// <summary>The wrapped source.</summary>
    public IFrameSource Inner => _inner;

    /// <inheritdoc/>
    /// <remarks>
    /// swscale is told no range here (y4m and raw frames carry none), so YUV samples keep theirs through scaling and
    /// depth or chroma conversion; gray, which swscale takes as full range, comes out as limited-range YUV.
    /// </remarks>
    public bool IsFullRange => _inner.IsFullRange && _inner.Format.Chroma != ChromaFormat.Mono;

    /// <inheritdoc/>
    public bool ReadFrame(YuvFrame destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Format != Format)
        {
            throw new ArgumentException($"destination is {destination.Format}, the source delivers {Format}", nameof(destination));
        }

        bool chroma = Format.PlaneCount > 1;
        if (!Read(destination.PlaneBytes(0), chroma ? destination.PlaneBytes(1) : default, chroma ? destination.PlaneBytes(2) : default))
        {
            return false;
        }

        destination.Index = _buffer.Index;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>swscale writes the luma straight into <paramref name="destination"/>, the chroma into a scratch frame's planes.</remarks>
    public bool ReadLuma(Span<byte> destination)
    {
        if (destination.Length != Format.LumaBytes)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, the luma of {Format} takes {Format.LumaBytes}", nameof(destination));
        }

        _chroma ??= ChromaScratch.For(Format);
        return Read(destination, _chroma.U, _chroma.V);
    }

    private unsafe bool Read(Span<byte> y, Span<byte> u, Span<byte> v)
    {
        if (!_inner.ReadFrame(_buffer))
        {
            return false;
        }

        VideoFormat from = _buffer.Format;
        int* srcStrides = stackalloc int[3];
        int* dstStrides = stackalloc int[3];
        byte** src = stackalloc byte*[3];
        byte** dst = stackalloc byte*[3];
        ShimStatus status;
        fixed (byte* sy = _buffer.PlaneBytes(0))
        fixed (byte* su = from.PlaneCount > 1 ? _buffer.PlaneBytes(1) : default)
        fixed (byte* sv = from.PlaneCount > 1 ? _buffer.PlaneBytes(2) : default)
        fixed (byte* dy = y)
        fixed (byte* du = u)
        fixed (byte* dv = v)
        {
            src[0] = sy;
            src[1] = su;
            src[2] = sv;
            dst[0] = dy;
            dst[1] = du;
            dst[2] = dv;
            for (int p = 0; p < 3; p++)
            {
                srcStrides[p] = p < from.PlaneCount ? _buffer.Stride(p) * from.BytesPerSample : 0;
                dstStrides[p] = p < Format.PlaneCount ? Format.PlaneWidth(p) * Format.BytesPerSample : 0;
            }

            status = Interop.Decoder.ScalerRun(_scaler, src, srcStrides, dst, dstStrides);
        }

        if (status != ShimStatus.Ok)
        {
            throw new VmafTinyException($"{Path}: swscale failed on frame {_buffer.Index} ({status})");
        }

        return true;
    }

    /// <inheritdoc/>
    /// <remarks>The wrapped source skips (and seeks); nothing is scaled for the frames skipped.</remarks>
    public long SkipFrames(long count) => _inner.SkipFrames(count);

    /// <inheritdoc/>
    public void Dispose()
    {
        _scaler.Dispose();
        _inner.Dispose();
    }
}
