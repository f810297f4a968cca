using System.Globalization;
using VmafTiny.Decode.Ffmpeg;
using VmafTiny.Decode.Y4m;

namespace VmafTiny.Decode;

/// <summary>
/// A reference and a distorted video opened together and matched frame for frame: the distorted frames are
/// delivered in the reference's format, scaled and converted as needed, and every mismatch users meet is
/// reported as a note (for stderr and the log) rather than silently absorbed.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Different size: the distorted video is scaled to the reference's size with swscale bicubic, bit for bit
/// FFmpeg's <c>scale=W:H:flags=bicubic</c>; <see cref="ScaleMode.None"/> refuses instead.</item>
/// <item>Different bit depth or chroma format: the distorted frames are converted to the reference's format.</item>
/// <item>Different frame rates: a note with both rates; frames are paired in order.</item>
/// <item>Different frame counts: a note with both counts once the shorter ends; the common frames are scored.</item>
/// </list>
/// </remarks>
public sealed class SourcePair : IDisposable
{
    private readonly List<string> _notes = new();
    private readonly Action<string>? _onNote;
    private long _referenceFrames;      // frames taken from each source, skipped ones included
    private long _distortedFrames;
    private bool _ended;

    private SourcePair(IFrameSource reference, IFrameSource distorted, Action<string>? onNote)
    {
        Reference = reference;
        Distorted = distorted;
        _onNote = onNote;
    }

    /// <summary>The reference video.</summary>
    public IFrameSource Reference { get; }

    /// <summary>The distorted video, delivering frames in <see cref="Format"/>.</summary>
    public IFrameSource Distorted { get; private set; }

    /// <summary>The format of both videos' frames: the reference's.</summary>
    public VideoFormat Format => Reference.Format;

    /// <summary>Frame pairs read so far.</summary>
    public long FramesRead { get; private set; }

    /// <summary>
    /// What was done or noticed, one line each, in order: conversions at open; a frame-count mismatch once
    /// <see cref="ReadPair"/> has returned false.
    /// </summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>
    /// Opens both files, choosing the reader by content (y4m by its signature, anything else through FFmpeg),
    /// and matches the distorted video to the reference. Throws <see cref="InputException"/> naming the file
    /// for anything that cannot be read, and for a size mismatch under <see cref="ScaleMode.None"/>.
    /// </summary>
    public static SourcePair Open(string referencePath, string distortedPath, SourcePairOptions? options = null)
    {
        options ??= SourcePairOptions.Default;
        IFrameSource reference = OpenFile(referencePath, options);
        IFrameSource? distorted = null;
        try
        {
            distorted = OpenFile(distortedPath, options);
            return Open(reference, distorted, options);
        }
        catch
        {
            distorted?.Dispose();
            reference.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Matches two open sources (taking ownership of both): the distorted one is converted to the reference's
    /// format. On failure the caller still owns and disposes them.
    /// </summary>
    public static SourcePair Open(IFrameSource reference, IFrameSource distorted, SourcePairOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        options ??= SourcePairOptions.Default;
        var pair = new SourcePair(reference, distorted, options.OnNote);
        foreach (IFrameSource source in new[] { reference, distorted })
        {
            if (source is FfmpegSource ffmpeg)
            {
                foreach (string note in ffmpeg.Notes)
                {
                    pair.Note(note);
                }
            }
        }

        pair.Distorted = pair.Match(distorted, reference.Format, options.Scale);
        double refRate = reference.FrameRate, distRate = distorted.FrameRate;
        if (refRate > 0 && distRate > 0 && Math.Abs(refRate - distRate) > 1e-6 * Math.Max(refRate, distRate))
        {
            pair.Note($"frame rates differ: reference {Rate(refRate)} fps, distorted {Rate(distRate)} fps; frames are paired in order");
        }

        return pair;
    }

    /// <summary>
    /// Drops the first frames of either video before the pairs start (libvmaf's --frame-skip-ref/-dist).
    /// Throws <see cref="InputException"/> when a video has fewer frames than that.
    /// </summary>
    public void Skip(int referenceFrames, int distortedFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(referenceFrames);
        ArgumentOutOfRangeException.ThrowIfNegative(distortedFrames);
        if (FramesRead > 0)
        {
            throw new InvalidOperationException("skip frames before reading pairs");
        }

        _referenceFrames += SkipFrames(Reference, referenceFrames);
        _distortedFrames += SkipFrames(Distorted, distortedFrames);
    }

    /// <summary>
    /// Reads the next reference and distorted frames. Returns false when either video ends; if the other one
    /// goes on, adds a note with both frame counts.
    /// </summary>
    public bool ReadPair(YuvFrame reference, YuvFrame distorted)
    {
        if (_ended)
        {
            return false;
        }

        bool haveReference = Reference.ReadFrame(reference);
        bool haveDistorted = Distorted.ReadFrame(distorted);
        _referenceFrames += haveReference ? 1 : 0;
        _distortedFrames += haveDistorted ? 1 : 0;
        if (haveReference && haveDistorted)
        {
            FramesRead++;
            return true;
        }

        _ended = true;
        if (haveReference != haveDistorted)
        {
            if (haveReference)
            {
                _referenceFrames += Remaining(Reference, _referenceFrames);
            }
            else
            {
                _distortedFrames += Remaining(Distorted, _distortedFrames);
            }

            Note($"frame counts differ: reference has {_referenceFrames} frames, distorted has {_distortedFrames}; " +
                 $"scored the {FramesRead} common frames");
        }

        return false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Distorted.Dispose();
        Reference.Dispose();
    }

    /// <summary>Opens one file by content: y4m by its signature, anything else through FFmpeg.</summary>
    internal static IFrameSource OpenFile(string path, SourcePairOptions options)
    {
        // TODO: use the FrameSource.Open factory (which adds raw .yuv) once it lands; its last branch is FfmpegSource.
        return HasY4mSignature(path)
            ? new Y4mReader(path)
            : FfmpegSource.Open(path, new FfmpegOptions { Threads = options.Threads });
    }

    private static bool HasY4mSignature(string path)
    {
        Span<byte> head = stackalloc byte[10];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length
                && head.SequenceEqual("YUV4MPEG2 "u8);
        }
        catch (IOException)
        {
            return false;   // the reader that opens it reports the problem
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int SkipFrames(IFrameSource source, int count)
    {
        var scratch = new YuvFrame(source.Format);
        for (int i = 0; i < count; i++)
        {
            if (!source.ReadFrame(scratch))
            {
                throw new InputException(source.Path, $"cannot skip {count} frames: the video has only {i}");
            }
        }

        return count;
    }

    private static string Rate(double fps) => fps.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Frames left in <paramref name="source"/> after the <paramref name="consumed"/> read so far.</summary>
    private static long Remaining(IFrameSource source, long consumed)
    {
        IFrameSource inner = source is ScalingSource scaling ? scaling.Inner : source;
        if (inner is FfmpegSource ffmpeg)
        {
            return ffmpeg.CountRemainingFrames();
        }

        if (inner.FrameCount is long total)
        {
            return Math.Max(0, total - consumed);
        }

        var scratch = new YuvFrame(inner.Format);
        long n = 0;
        while (inner.ReadFrame(scratch))
        {
            n++;
        }

        return n;
    }

    private IFrameSource Match(IFrameSource distorted, VideoFormat target, ScaleMode scale)
    {
        VideoFormat from = distorted.Format;
        if (from == target)
        {
            if (distorted is FfmpegSource same && scale == ScaleMode.Bicubic)
            {
                same.SetOutputFormat(target, scale);    // a mid-stream size change is then scaled, as FFmpeg would
            }

            return distorted;
        }

        bool resize = from.Width != target.Width || from.Height != target.Height;
        if (resize && scale == ScaleMode.None)
        {
            throw new InputException(distorted.Path,
                $"frame size {from.Width}x{from.Height} differs from the reference's {target.Width}x{target.Height} and scaling is off (--scale none)");
        }

        IFrameSource matched;
        if (distorted is FfmpegSource ffmpeg)
        {
            ffmpeg.SetOutputFormat(target, scale);
            matched = ffmpeg;
        }
        else
        {
            matched = new ScalingSource(distorted, target, scale);
        }

        if (resize)
        {
            Note($"{distorted.Path}: scaled {from.Width}x{from.Height} to the reference's {target.Width}x{target.Height} " +
                 $"with swscale bicubic (as FFmpeg's scale={target.Width}:{target.Height}:flags=bicubic)");
        }

        if (from.Chroma != target.Chroma || from.BitDepth != target.BitDepth)
        {
            Note($"{distorted.Path}: converted {VideoFormat.ChromaName(from.Chroma)} {from.BitDepth}-bit to the reference's " +
                 $"{VideoFormat.ChromaName(target.Chroma)} {target.BitDepth}-bit with swscale");
        }

        return matched;
    }

    private void Note(string note)
    {
        _notes.Add(note);
        _onNote?.Invoke(note);
    }
}
