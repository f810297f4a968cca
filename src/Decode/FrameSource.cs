using VmafTiny.Decode.Ffmpeg;
using VmafTiny.Decode.Raw;
using VmafTiny.Decode.Y4m;

namespace VmafTiny.Decode;

/// <summary>Opens a video file with the right reader, chosen by the file's content, never by its extension.</summary>
public static class FrameSource
{
    /// <summary>The bytes every YUV4MPEG2 file starts with.</summary>
    private static ReadOnlySpan<byte> Y4mSignature => "YUV4MPEG2"u8;

    /// <summary>
    /// Opens <paramref name="path"/> for reading frames:
    /// <list type="number">
    /// <item>a file that starts with <c>YUV4MPEG2</c> is read as y4m, whether or not <paramref name="raw"/> is given;</item>
    /// <item>otherwise, with <paramref name="raw"/>, as raw planar YUV of that format;</item>
    /// <item>otherwise it is decoded in process by FFmpeg (<see cref="FfmpegSource"/>): mp4, mkv, webm, mov...</item>
    /// </list>
    /// Pipes work too for y4m and raw input (the first bytes are sniffed without seeking); FFmpeg opens files by path.
    /// <paramref name="ffmpeg"/> sets FFmpeg's decoding (threads, output format); null gives its defaults.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Raw options are given once for both files (as libvmaf's <c>--width/--height/--pixel_format/--bitdepth</c>),
    /// and a user often mixes a .yuv reference with a y4m from an encoder. libvmaf's CLI would then read the y4m
    /// headers as pixels and score garbage; FFmpeg would only read it raw when forced with <c>-f rawvideo</c>.
    /// Neither is ever what the user wants, so a y4m file is always read as y4m: its header describes it.
    /// The raw options must still agree with that header on width, height and bit depth (a disagreement means the
    /// command line describes some other video, so it is an error naming both); the chroma format may differ,
    /// since only luma is scored.
    /// </para>
    /// <para>Errors are <see cref="InputException"/>s whose message starts with the path.</para>
    /// </remarks>
    public static IFrameSource Open(string path, RawVideoOptions? raw = null, FfmpegOptions? ffmpeg = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (raw is not null)
        {
            RawYuvReader.Validate(raw);
        }

        Stream stream = FileOpener.OpenRead(path);
        try
        {
            byte[] head = new byte[Y4mSignature.Length];
            int headLength = ReadUpTo(path, stream, head);
            stream = Rewind(stream, head.AsSpan(0, headLength));

            if (head.AsSpan(0, headLength).SequenceEqual(Y4mSignature))
            {
                var y4m = new Y4mReader(path, stream);
                if (raw is not null)
                {
                    CheckAgrees(y4m, raw);
                }

                return y4m;
            }

            if (raw is not null)
            {
                return new RawYuvReader(path, raw, stream);
            }

            if (headLength == 0)
            {
                throw new InputException(path, "empty file");
            }

            bool seekable = stream.CanSeek;
            stream.Dispose();
            if (!seekable)
            {
                // FFmpeg opens the file again by name; the bytes sniffed here would be gone from a pipe.
                throw new InputException(path, "is a pipe: only y4m and raw .yuv can be piped, give encoded video as a file");
            }

            return OpenCompressed(path, ffmpeg);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The one place for files that are neither y4m nor described as raw: FFmpeg decodes them. A file FFmpeg does
    /// not recognise either gets a hint about raw input.
    /// </summary>
    private static IFrameSource OpenCompressed(string path, FfmpegOptions? ffmpeg)
    {
        try
        {
            return FfmpegSource.Open(path, ffmpeg);
        }
        catch (InputException e) when (e.Problem.StartsWith(FfmpegSource.NotVideoProblem, StringComparison.Ordinal))
        {
            throw new InputException(path, $"{e.Problem}; for raw .yuv give --width/--height/--pixel-format/--bitdepth", e);
        }
    }

    private static void CheckAgrees(Y4mReader y4m, RawVideoOptions raw)
    {
        VideoFormat header = y4m.Format;
        if (header.Width != raw.Width || header.Height != raw.Height || header.BitDepth != raw.BitDepth)
        {
            y4m.Dispose();
            throw new InputException(
                y4m.Path,
                $"is a YUV4MPEG2 file of {header}, but the raw video options say {raw.Format}; " +
                "y4m files are read by their header, so leave out the raw options or make them match");
        }
    }

    /// <summary>Reads up to <c>buffer.Length</c> bytes (fewer only at the end of the file).</summary>
    private static int ReadUpTo(string path, Stream stream, byte[] buffer)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer, total, buffer.Length - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }
        }
        catch (IOException e)
        {
            throw new InputException(path, $"read error: {e.Message}", e);
        }

        return total;
    }

    /// <summary>Returns a stream positioned at the start of the file again, without seeking when it cannot.</summary>
    private static Stream Rewind(Stream stream, ReadOnlySpan<byte> consumed)
    {
        if (stream.CanSeek)
        {
            stream.Position = 0;
            return stream;
        }

        return new PrefixedStream(consumed.ToArray(), stream);
    }
}
