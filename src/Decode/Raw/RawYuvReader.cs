using System.Globalization;

namespace VmafTiny.Decode.Raw;

/// <summary>
/// Streaming reader for raw planar YUV (.yuv): frames back to back, planes Y, U, V, no headers; samples above
/// 8 bits are little-endian 16-bit words. The caller says what the file holds, as with libvmaf's
/// <c>--width --height --pixel_format --bitdepth</c>.
/// </summary>
/// <remarks>
/// libvmaf's <c>tools/yuv_input.c</c> reads a file whose size is not a whole number of frames and only
/// complains ("Error reading YUV frame data") at the short last frame, after scoring garbage if the geometry
/// was wrong. This reader refuses such a file when it opens it, giving the file size and the frame size: a
/// size that does not divide evenly almost always means a wrong width, height, pixel format or bit depth.
/// For a pipe, whose size is unknown, a short last frame is refused when it is reached.
/// </remarks>
public sealed class RawYuvReader : IFrameSource
{
    private readonly Stream _stream;
    private long _framesRead;

    /// <summary>Opens <paramref name="path"/> as raw planar YUV described by <paramref name="options"/>.</summary>
    public RawYuvReader(string path, RawVideoOptions options)
        : this(path, Validate(options), FileOpener.OpenRead(path))
    {
    }

    /// <summary>Reads an already opened stream at the start of the file; the reader owns and disposes it.</summary>
    internal RawYuvReader(string path, RawVideoOptions options, Stream stream)
    {
        Path = path;
        _stream = stream;
        try
        {
            Format = Validate(options).Format;
            long frameBytes = Format.FrameBytes;
            if (_stream.CanSeek)
            {
                long size = _stream.Length - _stream.Position;
                if (size == 0)
                {
                    throw new InputException(path, "empty file");
                }

                if (size % frameBytes != 0)
                {
                    string problem = string.Create(
                        CultureInfo.InvariantCulture,
                        $"size {size} bytes is not a whole number of {Format} frames of {frameBytes} bytes ({size / frameBytes} frames and {size % frameBytes} bytes left over)");
                    throw new InputException(path, problem + "; check the width, height, pixel format and bit depth");
                }

                FrameCount = size / frameBytes;
            }
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public VideoFormat Format { get; }

    /// <inheritdoc/>
    /// <remarks>A raw file does not say; always 0.</remarks>
    public double FrameRate => 0;

    /// <inheritdoc/>
    /// <remarks>The file size divided by the frame size; null for a pipe.</remarks>
    public long? FrameCount { get; }

    /// <inheritdoc/>
    public bool ReadFrame(YuvFrame destination)
    {
        if (destination.Format != Format)
        {
            throw new ArgumentException($"destination is {destination.Format}, the file is {Format}", nameof(destination));
        }

        Span<byte> data = destination.Data;
        int read = FileOpener.ReadFully(_stream, data, Path);
        if (read == 0)
        {
            return false;
        }

        if (read < data.Length)
        {
            throw new InputException(Path, string.Create(
                CultureInfo.InvariantCulture,
                $"frame {_framesRead} is truncated: {read} of {data.Length} bytes ({Format} frames)"));
        }

        destination.Index = _framesRead++;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>The luma is read straight into <paramref name="destination"/>; the chroma is skipped (a seek on files).</remarks>
    public bool ReadLuma(Span<byte> destination)
    {
        if (destination.Length != Format.LumaBytes)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, the luma of {Format} takes {Format.LumaBytes}", nameof(destination));
        }

        long frameBytes = Format.FrameBytes;
        int read = FileOpener.ReadFully(_stream, destination, Path);
        if (read == 0)
        {
            return false;
        }

        long total = read;
        if (read == destination.Length)
        {
            total += FileOpener.Skip(_stream, frameBytes - read, Path);
        }

        if (total < frameBytes)
        {
            throw new InputException(Path, string.Create(
                CultureInfo.InvariantCulture,
                $"frame {_framesRead} is truncated: {total} of {frameBytes} bytes ({Format} frames)"));
        }

        _framesRead++;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>A file is positioned straight at the frame's offset; a pipe's frames are read and dropped.</remarks>
    public long SkipFrames(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long frameBytes = Format.FrameBytes;
        if (FrameCount is long total)
        {
            long target = Math.Min(total, _framesRead + count);
            long skipped = target - _framesRead;
            _stream.Position += skipped * frameBytes;
            _framesRead = target;
            return skipped;
        }

        long done = 0;
        while (done < count)
        {
            long skipped = FileOpener.Skip(_stream, frameBytes, Path);
            if (skipped == 0)
            {
                break;
            }

            if (skipped < frameBytes)
            {
                throw new InputException(Path, string.Create(
                    CultureInfo.InvariantCulture,
                    $"frame {_framesRead} is truncated: {skipped} of {frameBytes} bytes ({Format} frames)"));
            }

            _framesRead++;
            done++;
        }

        return done;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// Checks the options the way libvmaf's CLI does: positive width and height, 4:2:0, 4:2:2 or 4:4:4 (and 4:0:0, which
    /// libvmaf's library takes and vmaf-tiny's -p 400 gives), and a
    /// bit depth of 8, 10, 12 or 16. Throws <see cref="VmafTinyException"/> otherwise.
    /// </summary>
    public static RawVideoOptions Validate(RawVideoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Width <= 0 || options.Height <= 0)
        {
            throw new VmafTinyException(string.Create(
                CultureInfo.InvariantCulture, $"raw video size {options.Width}x{options.Height} is not a valid size"));
        }

        if (VideoFormat.SizeProblem(options.Width, options.Height) is { } tooLarge)
        {
            throw new VmafTinyException($"raw video: {tooLarge}");
        }

        if (options.Chroma is not (ChromaFormat.Yuv420 or ChromaFormat.Yuv422 or ChromaFormat.Yuv444 or ChromaFormat.Mono))
        {
            throw new VmafTinyException($"raw video pixel format {options.Chroma} is not supported (420, 422, 444 or 400)");
        }

        if (options.BitDepth is not (8 or 10 or 12 or 16))
        {
            throw new VmafTinyException(string.Create(
                CultureInfo.InvariantCulture, $"raw video bit depth {options.BitDepth} is not supported (8, 10, 12 or 16)"));
        }

        return options;
    }
}
