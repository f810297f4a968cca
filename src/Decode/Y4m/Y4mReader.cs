using System.Text;

namespace VmafTiny.Decode.Y4m;

/// <summary>
/// Streaming YUV4MPEG2 reader: one frame at a time into a caller-owned <see cref="YuvFrame"/>.
/// </summary>
public sealed class Y4mReader : IFrameSource
{
    private const int MaxHeaderLength = 4096;
    private static readonly byte[] FrameMagic = "FRAME"u8.ToArray();

    private readonly Stream _stream;
    private readonly long _dataStart;
    private readonly List<string> _notes = new();
    private long _framesRead;

    /// <summary>Opens <paramref name="path"/> and parses its stream header.</summary>
    public Y4mReader(string path)
        : this(path, FileOpener.OpenRead(path))
    {
    }

    /// <summary>
    /// Reads an already opened <paramref name="stream"/> positioned at the start of the file; the reader owns the
    /// stream and disposes it, also when the header is refused. <paramref name="path"/> names it in messages.
    /// </summary>
    internal Y4mReader(string path, Stream stream)
    {
        Path = path;
        _stream = stream;
        try
        {
            string line = ReadLine(MaxHeaderLength, out bool ended)
                ?? throw new InputException(path, "empty file");
            if (!line.StartsWith(Y4mHeader.Magic, StringComparison.Ordinal))
            {
                throw new InputException(path, "not a YUV4MPEG2 file");
            }

            if (!ended)
            {
                throw new InputException(path, line.Length >= MaxHeaderLength
                    ? $"y4m header line is longer than {MaxHeaderLength} bytes (no newline in the first {MaxHeaderLength})"
                    : "y4m header line is not terminated (the file ends inside it)");
            }

            if (line.EndsWith('\r'))
            {
                throw new InputException(path,
                    "y4m header line ends in CR LF (a Windows line ending): the file was probably converted as text, which damages its frames too");
            }

            Header = Y4mHeader.Parse(line);
            if (Header.IsInterlaced)
            {
                // libvmaf's y4m reader refuses interlaced input too ("Input video is interlaced").
                throw new InputException(path,
                    $"is interlaced (I{Header.Interlacing}); vmaf, like libvmaf, scores progressive frames only: deinterlace it first (e.g. ffmpeg -vf bwdif)");
            }

            if (Header.Interlacing == '?')
            {
                _notes.Add($"{path}: interlacing unknown (I?); assumed progressive, as libvmaf assumes");
            }

            _dataStart = _stream.CanSeek ? _stream.Position : -1; // a pipe has no position
            if (_dataStart >= 0)
            {
                // A file too short for one frame is refused now, before frames of the size its header claims are
                // allocated (a hostile header may claim 16384x16384 over a few bytes).
                long payload = _stream.Length - _dataStart;
                long perFrame = FrameMagic.Length + 1 + Format.FrameBytes;
                if (payload > 0 && payload < perFrame)
                {
                    throw new InputException(path, string.Create(
                        System.Globalization.CultureInfo.InvariantCulture,
                        $"frame 0 is truncated: {payload} bytes follow the header, one {Format} frame needs {perFrame}"));
                }
            }
        }
        catch (FormatException e)
        {
            _stream.Dispose();
            throw new InputException(path, $"bad y4m header: {e.Message}");
        }
        catch
        {
            _stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <summary>The parsed stream header.</summary>
    public Y4mHeader Header { get; }

    /// <inheritdoc/>
    public VideoFormat Format => Header.Format;

    /// <inheritdoc/>
    public IReadOnlyList<string> Notes => _notes;

    /// <inheritdoc/>
    public bool IsFullRange => Header.FullRange;

    /// <inheritdoc/>
    public double FrameRate => Header.FrameRate;

    /// <inheritdoc/>
    /// <remarks>
    /// Known when every frame header is a bare "FRAME" line, which is what FFmpeg writes: then the payload is a
    /// whole number of (6 + frame size) byte records. The first and last frame headers are checked too, so that
    /// a file whose frame headers carry parameters is not miscounted when its size happens to divide evenly.
    /// </remarks>
    public long? FrameCount
    {
        get
        {
            if (!_stream.CanSeek)
            {
                return null;
            }

            long payload = _stream.Length - _dataStart;
            long perFrame = FrameMagic.Length + 1 + Format.FrameBytes;
            if (payload % perFrame != 0)
            {
                return null;
            }

            long count = payload / perFrame;
            if (count > 0 && !(IsBareFrameHeaderAt(_dataStart) && IsBareFrameHeaderAt(_dataStart + (count - 1) * perFrame)))
            {
                return null;
            }

            return count;
        }
    }

    /// <inheritdoc/>
    public bool ReadFrame(YuvFrame destination)
    {
        if (destination.Format != Format)
        {
            throw new ArgumentException($"destination is {destination.Format}, the file is {Format}", nameof(destination));
        }

        long frame = _framesRead;
        if (!ReadFrameHeader(frame))
        {
            return false;
        }

        Span<byte> data = destination.Data;
        int read = FileOpener.ReadFully(_stream, data, Path);
        if (read < data.Length)
        {
            throw Truncated(frame, read);
        }

        destination.Index = frame;
        _framesRead++;
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

        long frame = _framesRead;
        if (!ReadFrameHeader(frame))
        {
            return false;
        }

        int read = FileOpener.ReadFully(_stream, destination, Path);
        if (read < destination.Length)
        {
            throw Truncated(frame, read);
        }

        long chroma = Format.FrameBytes - destination.Length;
        long skipped = FileOpener.Skip(_stream, chroma, Path);
        if (skipped < chroma)
        {
            throw Truncated(frame, read + skipped);
        }

        _framesRead++;
        return true;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A file whose frame headers are all bare "FRAME" lines (<see cref="FrameCount"/> is known) is positioned
    /// straight at the frame's offset, checked to start with such a header; otherwise each frame's header is read
    /// and its data skipped (a seek on files, a read on pipes).
    /// </remarks>
    public long SkipFrames(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return 0;
        }

        if (FrameCount is long total)
        {
            long perFrame = FrameMagic.Length + 1 + Format.FrameBytes;
            long target = Math.Min(total, _framesRead + count);
            long offset = _dataStart + target * perFrame;
            if (target == total || IsBareFrameHeaderAt(offset))
            {
                long skipped = target - _framesRead;
                _stream.Position = offset;
                _framesRead = target;
                return skipped;
            }
        }

        long done = 0;
        while (done < count && ReadFrameHeader(_framesRead))
        {
            long skipped = FileOpener.Skip(_stream, Format.FrameBytes, Path);
            if (skipped < Format.FrameBytes)
            {
                throw Truncated(_framesRead, skipped);
            }

            _framesRead++;
            done++;
        }

        return done;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private InputException Truncated(long frame, long read) =>
        new(Path, $"frame {frame} is truncated: {read} of {Format.FrameBytes} bytes");

    /// <summary>
    /// Reads frame <paramref name="frame"/>'s FRAME line; false at the clean end of the file. FFmpeg writes a bare
    /// "FRAME\n", which is recognised without allocating; anything else goes through the general line reader.
    /// </summary>
    private bool ReadFrameHeader(long frame)
    {
        Span<byte> head = stackalloc byte[FrameMagic.Length + 1];
        int n = 0;
        while (n < head.Length)
        {
            int b = ReadByte();
            if (b < 0)
            {
                break;
            }

            head[n++] = (byte)b;
            if (b == '\n')
            {
                break;
            }
        }

        if (n == 0)
        {
            return false;
        }

        if (n == head.Length && head[..FrameMagic.Length].SequenceEqual(FrameMagic) && head[FrameMagic.Length] == (byte)'\n')
        {
            return true;
        }

        bool ended = head[n - 1] == '\n';
        string line = Encoding.Latin1.GetString(head[..(ended ? n - 1 : n)]);
        if (!ended && n == head.Length)
        {
            line += ReadLine(MaxHeaderLength - n, out ended) ?? string.Empty;
        }

        if (!line.StartsWith("FRAME", StringComparison.Ordinal) || (line.Length > 5 && line[5] != ' '))
        {
            throw new InputException(Path, $"frame {frame}: expected a FRAME header, found '{Head(line)}'");
        }

        if (!ended)
        {
            throw new InputException(Path, line.Length >= MaxHeaderLength
                ? $"frame {frame}: FRAME header line is longer than {MaxHeaderLength} bytes"
                : $"frame {frame} is truncated (the file ends inside its FRAME header)");
        }

        return true;
    }

    private int ReadByte()
    {
        try
        {
            return _stream.ReadByte();
        }
        catch (IOException e)
        {
            throw new InputException(Path, $"read error: {e.Message}", e);
        }
    }

    /// <summary>The start of a line, escaped (<see cref="Printable.Escape(string?)"/>), for messages.</summary>
    private static string Head(string s) => Printable.Escape(s.Length > 20 ? s[..20] + "..." : s);

    /// <summary>True when a bare "FRAME\n" starts at <paramref name="offset"/>; the read position is kept.</summary>
    private bool IsBareFrameHeaderAt(long offset)
    {
        long saved = _stream.Position;
        try
        {
            _stream.Position = offset;
            Span<byte> header = stackalloc byte[FrameMagic.Length + 1];
            return FileOpener.ReadFully(_stream, header, Path) == header.Length && header[..FrameMagic.Length].SequenceEqual(FrameMagic)
                && header[FrameMagic.Length] == (byte)'\n';
        }
        finally
        {
            _stream.Position = saved;
        }
    }

    /// <summary>Reads up to a newline; null at end of file before any byte. <paramref name="ended"/> tells whether the newline was found.</summary>
    private string? ReadLine(int maxLength, out bool ended)
    {
        var bytes = new List<byte>(64);
        ended = false;
        while (bytes.Count < maxLength)
        {
            int b = ReadByte();
            if (b < 0)
            {
                break;
            }

            if (b == '\n')
            {
                ended = true;
                break;
            }

            bytes.Add((byte)b);
        }

        if (!ended && bytes.Count == 0)
        {
            return null;
        }

        return Encoding.Latin1.GetString(bytes.ToArray());
    }
}
