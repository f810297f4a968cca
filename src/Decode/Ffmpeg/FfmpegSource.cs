using System.Text;

namespace VmafTiny.Decode.Ffmpeg;

/// <summary>
/// Decodes an encoded video file (mp4, mkv, webm, mov...; H.264, HEVC, VP9, AV1, ProRes, FFV1...) in process
/// with FFmpeg's libraries through libvtshim: no temporary files, no child process.
/// </summary>
/// <remarks>
/// Planar YUV of 8 to 16 bits is copied from the decoder's frame straight into the caller's
/// <see cref="YuvFrame"/>, untouched. Other pixel formats (NV12, P010, RGB, packed YUV...) are converted with
/// swscale to the nearest planar YUV format, and <see cref="Notes"/> says so. A different
/// <see cref="FfmpegOptions.OutputFormat"/> goes through swscale as FFmpeg's scale filter does.
/// </remarks>
public sealed class FfmpegSource : IFrameSource
{
    private readonly SafeDecoderHandle _decoder;
    private readonly List<string> _notes = new();
    private long _framesRead;
    private bool _ended;
    private ScaleMode? _scale;      // null until SetOutputFormat: the stream then keeps its own size
    private ChromaScratch? _chroma;
    private readonly bool _storedFullRange;     // the decoded frames' range says full (yuvj, or color_range=pc)

    private FfmpegSource(string path, SafeDecoderHandle decoder, Interop.Decoder.StreamInfo info)
    {
        Path = path;
        _decoder = decoder;
        NativeFormat = new VideoFormat(info.Width, info.Height, info.BitDepth, (ChromaFormat)info.Chroma);
        Format = NativeFormat;
        FrameRate = info.FrameRateDen > 0 ? (double)info.FrameRateNum / info.FrameRateDen : 0;
        FrameCount = info.FrameCount >= 0 ? info.FrameCount : null;
        unsafe
        {
            CodecName = Text(info.CodecName, 32);
            DecoderName = Text(info.DecoderName, 32);
            PixelFormatName = Text(info.PixelFormat, 32);
            NativeFormatName = Text(info.DeliveredFormat, 32);
            ContainerName = Text(info.ContainerName, 64);
        }

        IsConverted = info.PassThrough == 0;
        _storedFullRange = (ShimColorRange)info.ColorRange == ShimColorRange.Full;
        if (IsConverted)
        {
            _notes.Add($"{path}: pixel format {PixelFormatName} is not planar YUV; converted to {NativeFormatName} " +
                       $"({NativeFormat}) with swscale");
        }

        string orientation;
        unsafe
        {
            orientation = Text(info.Orientation, 32);
        }

        if (info.Oriented != 0)
        {
            IsOriented = true;
            _notes.Add($"{path}: frames turned as its display matrix says, as FFmpeg's command line turns them ({orientation}), to " +
                       $"{NativeFormat.Width}x{NativeFormat.Height} (--no-autorotate scores them as stored)");
        }
        else if (orientation.Length > 0 || info.Rotation > 0)
        {
            string matrix = orientation.Length > 0 ? orientation : $"a turn of {info.Rotation} degrees";
            _notes.Add($"{path}: its display matrix ({matrix}) is ignored (--no-autorotate): frames are scored as stored");
        }

        if (info.VideoStreams > 1)
        {
            _notes.Add($"{path}: has {info.VideoStreams} video streams; scoring stream #{info.StreamIndex} ({CodecName}, {NativeFormat.Width}x{NativeFormat.Height}), the one FFmpeg's command line maps by default, and ignoring the others");
        }

        if ((ShimFieldOrder)info.FieldOrder is ShimFieldOrder.Tt or ShimFieldOrder.Bb or ShimFieldOrder.Tb or ShimFieldOrder.Bt)
        {
            string order = (ShimFieldOrder)info.FieldOrder is ShimFieldOrder.Tt or ShimFieldOrder.Tb ? "top field first" : "bottom field first";
            _notes.Add($"{path}: interlaced ({order}); frames are scored as decoded, both fields woven together, as FFmpeg's libvmaf filter scores them (deinterlace first for a meaningful score)");
        }
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public VideoFormat Format { get; private set; }

    /// <summary>How the problem of a file FFmpeg does not recognise starts: "not a video file (FFmpeg's reason)".</summary>
    public const string NotVideoProblem = "not a video file";

    /// <summary>The stream's own size in its nearest planar YUV format, before any <see cref="SetOutputFormat"/>.</summary>
    public VideoFormat NativeFormat { get; }

    /// <inheritdoc/>
    public double FrameRate { get; }

    /// <inheritdoc/>
    /// <remarks>The container's figure (mp4 and mov give one; Matroska and WebM usually do not).</remarks>
    public long? FrameCount { get; }

    /// <summary>FFmpeg's name of the codec, e.g. "h264", "hevc", "vp9", "av1", "ffv1".</summary>
    public string CodecName { get; }

    /// <summary>The decoder FFmpeg picked, e.g. "h264" or "libdav1d".</summary>
    public string DecoderName { get; }

    /// <summary>The decoder's pixel format, e.g. "yuv420p10le" or "nv12".</summary>
    public string PixelFormatName { get; }

    /// <summary>The planar pixel format of <see cref="NativeFormat"/>, e.g. "yuv420p10le".</summary>
    public string NativeFormatName { get; }

    /// <summary>FFmpeg's name of the container, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm".</summary>
    public string ContainerName { get; }

    /// <summary>Why this stream must keep one size, for the error when it does not (set for a reference by <see cref="SourcePair"/>).</summary>
    internal string? SizeChangeRule { get; set; }

    /// <summary>True when frames are turned or flipped as the container's display matrix says (<see cref="FfmpegOptions.AutoRotate"/>).</summary>
    public bool IsOriented { get; }

    /// <summary>True when the decoder's pixel format is not planar YUV and swscale converts every frame.</summary>
    public bool IsConverted { get; }

    /// <inheritdoc/>
    /// <remarks>
    /// The range is the first decoded frame's, as the decoder sets it (FFmpeg's <c>color_range</c>), else the stream's
    /// tag: FFmpeg decodes full-range H.264, HEVC and MJPEG to its yuvj formats, and full-range VP9, AV1 and 10-bit
    /// streams to plain <c>yuv420p</c>/<c>yuv420p10le</c> frames tagged <c>color_range=pc</c>. Such frames are
    /// delivered as they are while the output format stays the stream's own; swscale's conversions (another size,
    /// depth or chroma, a pixel format that is not planar YUV) deliver limited range, as FFmpeg's <c>scale</c> converts
    /// them to non-yuvj formats.
    /// </remarks>
    public bool IsFullRange => !IsConverted && Format == NativeFormat && _storedFullRange;

    /// <summary>What was done to the frames, one line each, for stderr and the log.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>
    /// How much of FFmpeg's own log reaches stderr, process-wide (default <see cref="FfmpegLogLevel.Quiet"/>;
    /// FFmpeg's error messages always end up in the <see cref="InputException"/> they cause).
    /// </summary>
    public static void SetLogLevel(FfmpegLogLevel level)
    {
        ShimLibrary.EnsureLoaded();
        Interop.Decoder.SetLogLevel((int)level);
    }

    /// <summary>
    /// Opens <paramref name="path"/>, finds its video stream and decodes the first frame. Throws
    /// <see cref="InputException"/> for a missing file, a file that is not video, a file with no video stream,
    /// an unsupported codec or corrupt data.
    /// </summary>
    public static FfmpegSource Open(string path, FfmpegOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= FfmpegOptions.Default;
        if (options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "thread count must be 0 (automatic) or more");
        }

        if (Directory.Exists(path))
        {
            throw new InputException(path, "is a directory, not a video file");
        }

        if (!File.Exists(path))
        {
            throw new InputException(path, "no such file");
        }

        ShimLibrary.EnsureLoaded();
        int threads = Math.Min(options.Threads, Environment.ProcessorCount * 4);    // as the feature workers are capped
        ShimOpenFlags flags = options.AutoRotate ? ShimOpenFlags.None : ShimOpenFlags.NoAutoRotate;
        ShimStatus status = Interop.Decoder.Open(path, threads, flags, out var info, out SafeDecoderHandle decoder);
        if (status != ShimStatus.Ok)
        {
            decoder.Dispose();
            throw Error(path, status, ShimLibrary.LastThreadError(), frame: 0);
        }

        var source = new FfmpegSource(path, decoder, info);
        try
        {
            if (options.OutputFormat is { } format)
            {
                source.SetOutputFormat(format, options.Scale);
            }
        }
        catch
        {
            source.Dispose();
            throw;
        }

        return source;
    }

    /// <summary>
    /// Delivers the following frames in <paramref name="format"/>: converted with swscale when the chroma
    /// format or bit depth differs, scaled with bicubic swscale (FFmpeg's <c>scale=W:H:flags=bicubic</c>)
    /// when the size differs and <paramref name="scale"/> allows it. With <see cref="ScaleMode.Bicubic"/>, frames
    /// after a mid-stream size change are scaled to <paramref name="format"/> too (as FFmpeg's filter does);
    /// otherwise such a frame is an error.
    /// </summary>
    public void SetOutputFormat(VideoFormat format, ScaleMode scale = ScaleMode.Bicubic)
    {
        if (!format.IsValid)
        {
            throw new ArgumentException($"invalid video format {format}", nameof(format));
        }

        if (scale == ScaleMode.None && (format.Width != NativeFormat.Width || format.Height != NativeFormat.Height))
        {
            throw new InputException(Path, $"frames are {NativeFormat.Width}x{NativeFormat.Height}, not {format.Width}x{format.Height}, and scaling is off");
        }

        ShimStatus status = Interop.Decoder.SetOutputFormat(
            _decoder, format.Width, format.Height, (int)format.Chroma, format.BitDepth,
            scale == ScaleMode.None ? ShimScaler.None : ShimScaler.Bicubic);
        if (status != ShimStatus.Ok)
        {
            throw Error(Path, status, ShimLibrary.LastError(_decoder), _framesRead);
        }

        _chroma = null;
        Format = format;
        _scale = scale;
    }

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

        destination.Index = _framesRead - 1;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>The decoder writes the luma straight into <paramref name="destination"/>, the chroma into scratch planes.</remarks>
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
        if (_ended)
        {
            return false;
        }

        int bps = Format.BytesPerSample;
        int* strides = stackalloc int[3];
        byte** planes = stackalloc byte*[3];
        ShimStatus status;
        fixed (byte* py = y)
        fixed (byte* pu = u)
        fixed (byte* pv = v)
        {
            planes[0] = py;
            planes[1] = pu;
            planes[2] = pv;
            for (int p = 0; p < 3; p++)
            {
                strides[p] = p < Format.PlaneCount ? Format.PlaneWidth(p) * bps : 0;
            }

            status = Interop.Decoder.ReadFrame(_decoder, planes, strides);
        }

        switch (status)
        {
            case ShimStatus.Frame:
                _framesRead++;
                return true;
            case ShimStatus.Ok:
                _ended = true;
                return false;
            case ShimStatus.SizeChange when _scale is null:
                _ended = true;
                throw new InputException(Path,
                    $"the frame size changes {SizeChangeWhere()} ({ShimLibrary.LastError(_decoder)}); " +
                    (SizeChangeRule ?? "frames are read at the first frame's size unless an output format with scaling is set"));
            default:
                _ended = true;
                throw Error(Path, status, ShimLibrary.LastError(_decoder), _framesRead);
        }
    }

    /// <summary>
    /// Where a size change was found: at the frame read, or by it when it is the first frame read after a seek (the
    /// frames between the first frame and it were never decoded, so the change may lie anywhere before it).
    /// </summary>
    private string SizeChangeWhere() =>
        LastSeek is { } seek && seek.Position == _framesRead ? $"by frame {_framesRead}" : $"at frame {_framesRead}";

    /// <summary>How the last <see cref="SkipFrames"/> reached its frame, and from which keyframe; null before any.</summary>
    public FfmpegSeek? LastSeek { get; private set; }

    /// <inheritdoc/>
    /// <remarks>
    /// Decodes only from the keyframe before the frame (see <see cref="SeekMethod"/>): the file's video packets are
    /// read, not decoded, from the start to just past the frame, which numbers every frame exactly by its
    /// presentation timestamp among them (no timestamp arithmetic, no rounding); decoding restarts at the last clean
    /// keyframe at or before it and drops the frames before it, open-GOP leading pictures unseen.
    /// </remarks>
    public long SkipFrames(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0 || _ended)
        {
            return 0;
        }

        ShimStatus status = Interop.Decoder.SeekFrame(_decoder, _framesRead + count, out Interop.Decoder.SeekInfo info);
        if (status != ShimStatus.Ok)
        {
            _ended = true;
            throw Error(Path, status, ShimLibrary.LastError(_decoder), _framesRead + count);
        }

        long skipped = info.Position - _framesRead;
        _framesRead = info.Position;
        LastSeek = new FfmpegSeek(info.Position, info.Keyframe >= 0 ? info.Keyframe : null, (SeekMethod)info.Method);
        if (skipped < count)
        {
            _ended = true;
        }

        return skipped;
    }

    /// <summary>
    /// The frames not read yet, counted without decoding them (one per packet; frames already inside the
    /// decoder are counted as they come out). Ends the stream.
    /// </summary>
    public long CountRemainingFrames() => CountRemainingFrames(out _);

    /// <summary>
    /// As <see cref="CountRemainingFrames()"/>; <paramref name="problem"/> is what ended the count early (a
    /// truncated or damaged container, as <see cref="ReadFrame(YuvFrame)"/> would report it; the count is of the frames
    /// before it), else null.
    /// </summary>
    internal long CountRemainingFrames(out string? problem)
    {
        problem = null;
        if (_ended)
        {
            return 0;
        }

        _ended = true;
        ShimStatus status = Interop.Decoder.CountRemaining(_decoder, out long frames);
        if (status == ShimStatus.Corrupt)
        {
            problem = Error(Path, status, ShimLibrary.LastError(_decoder), _framesRead + frames).Problem;
            return frames;
        }

        return status == ShimStatus.Ok ? frames : 0;
    }

    /// <inheritdoc/>
    public void Dispose() => _decoder.Dispose();

    /// <summary>Maps a shim status to the user-facing error.</summary>
    internal static InputException Error(string path, ShimStatus status, string detail, long frame)
    {
        string Paren(string text) => string.IsNullOrEmpty(detail) ? text : $"{text} ({detail})";
        string problem = status switch
        {
            ShimStatus.NoFile => "no such file",
            ShimStatus.Permission => "permission denied",
            ShimStatus.NotMedia => Paren(NotVideoProblem),
            ShimStatus.NoVideo => "no video stream",
            ShimStatus.UnsupportedCodec => string.IsNullOrEmpty(detail) ? "unsupported codec" : $"unsupported codec {detail}",
            ShimStatus.UnsupportedFormat => string.IsNullOrEmpty(detail) ? "unsupported pixel format" : $"unsupported pixel format {detail}",
            ShimStatus.Corrupt => Paren($"corrupt data at frame {frame}"),
            ShimStatus.Io => Paren($"read error at frame {frame}"),
            ShimStatus.NoMemory => "out of memory while decoding",
            ShimStatus.SizeChange => $"the frame size changes at frame {frame} ({detail}), and scaling is off (--scale none)",
            ShimStatus.Refused => $"is a playlist, concat list, image sequence or other file that names further inputs (FFmpeg's {detail} demuxer); " +
                "vmaf-tiny reads one self-contained local video file: give the video itself",
            ShimStatus.TooLarge => $"frame size {detail} is above vmaf-tiny's limit of {VideoFormat.MaximumDimension}x{VideoFormat.MaximumDimension}",
            ShimStatus.Orientation => $"{detail}; turn it with FFmpeg first (ffmpeg -i IN -f yuv4mpegpipe OUT.y4m), or score the frames as stored (--no-autorotate)",
            _ => Paren($"FFmpeg decoding failed at frame {frame}"),
        };
        return new InputException(path, problem);
    }

    private static unsafe string Text(byte* utf8, int capacity)
    {
        int n = 0;
        while (n < capacity && utf8[n] != 0)
        {
            n++;
        }

        return Encoding.UTF8.GetString(utf8, n);
    }
}

/// <summary>What <see cref="FfmpegSource.SkipFrames"/> did.</summary>
/// <param name="Position">The frame the next read delivers (the frame count when the stream ended first).</param>
/// <param name="Keyframe">The frame number of the keyframe decoding restarted from, or null when it decoded on.</param>
/// <param name="Method">How the frame was reached.</param>
public sealed record FfmpegSeek(long Position, long? Keyframe, SeekMethod Method);
