using System.Globalization;
using VmafTiny.Decode.Ffmpeg;

namespace VmafTiny.Decode;

/// <summary>
/// A reference and a distorted video opened together (each by content, with <see cref="FrameSource.Open"/>) and
/// matched: the distorted frames are delivered in the reference's format, scaled and converted as needed, and every
/// mismatch users meet is reported as a note (for stderr and the log) rather than silently absorbed. Read the
/// matched pair with <see cref="CreateReader"/>, a <see cref="FramePairReader"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Different size: the distorted video is scaled to the reference's size with swscale bicubic, bit for bit
/// FFmpeg's <c>scale=W:H:flags=bicubic</c> (inside the decoder for FFmpeg inputs, by <see cref="ScalingSource"/>
/// for y4m and raw .yuv); <see cref="ScaleMode.None"/> refuses instead.</item>
/// <item>Different bit depth or chroma format: the distorted frames are converted to the reference's format.</item>
/// <item>A pixel format that is not planar YUV (NV12, RGB...) in either file: converted to the nearest planar
/// YUV format by <see cref="FfmpegSource"/>.</item>
/// <item>Different frame rates: a note with both rates; frames are paired in order.</item>
/// <item>Different frame counts: <see cref="FramePairReader.Warning"/> gives both counts once the shorter ends;
/// the common frames are scored.</item>
/// </list>
/// </remarks>
public sealed class SourcePair : IDisposable
{
    private readonly List<string> _notes = new();
    private readonly Action<string>? _onNote;
    private bool _handedOver;

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

    /// <summary>What was done or noticed while opening, one line each, in order.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>
    /// Opens both files by content (y4m by its signature, raw .yuv with <see cref="SourcePairOptions.Raw"/>,
    /// anything else through FFmpeg) and matches the distorted video to the reference. Throws
    /// <see cref="InputException"/> naming the file for anything that cannot be read, and for a size mismatch
    /// under <see cref="ScaleMode.None"/>.
    /// </summary>
    public static SourcePair Open(string referencePath, string distortedPath, SourcePairOptions? options = null)
    {
        options ??= SourcePairOptions.Default;
        if (referencePath == FileOpener.StandardInput && distortedPath == FileOpener.StandardInput)
        {
            throw new InputException(distortedPath, "both inputs are standard input; at most one of them can be piped");
        }

        var ffmpeg = new FfmpegOptions { Threads = options.DecoderThreads, AutoRotate = options.AutoRotate };
        IFrameSource reference = FrameSource.Open(referencePath, options.Raw, ffmpeg);
        IFrameSource? distorted = null;
        try
        {
            distorted = FrameSource.Open(distortedPath, options.Raw, ffmpeg);
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
    /// Matches two open sources, taking ownership of both once it returns: the distorted one is converted to the
    /// reference's format. On failure the caller still owns them.
    /// </summary>
    public static SourcePair Open(IFrameSource reference, IFrameSource distorted, SourcePairOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        options ??= SourcePairOptions.Default;
        var pair = new SourcePair(reference, distorted, options.OnNote);
        if (reference is FfmpegSource fixedSize)
        {
            fixedSize.SizeChangeRule = "a reference must keep one size (only the distorted video is scaled, to the reference's size)";
        }

        foreach (IFrameSource source in new[] { reference, distorted })
        {
            foreach (string note in source.Notes)
            {
                pair.Note(note);
            }
        }

        pair.Distorted = pair.Match(distorted, reference.Format, options.Scale);
        if (reference.Format.Chroma != ChromaFormat.Mono && pair.Distorted.IsFullRange != reference.IsFullRange)
        {
            // Scored as stored, as libvmaf scores such files; but 16-235 against 0-255 samples is not a comparison of
            // the pictures (a full-range encode of a limited reference scores about 100 whatever its quality).
            IFrameSource full = reference.IsFullRange ? reference : pair.Distorted;
            IFrameSource limited = reference.IsFullRange ? pair.Distorted : reference;
            pair.Note($"warning: colour ranges differ: {full.Path} is full range (0-255), {limited.Path} limited (16-235); " +
                      "the samples are compared as stored, as libvmaf compares them, which does not measure the picture: " +
                      $"convert one to the other's range first (e.g. ffmpeg -i {full.Path} -vf scale=out_range=tv -pix_fmt yuv420p ...)");
        }

        double refRate = reference.FrameRate, distRate = distorted.FrameRate;
        if (refRate > 0 && distRate > 0 && Math.Abs(refRate - distRate) > 1e-6 * Math.Max(refRate, distRate))
        {
            pair.Note($"frame rates differ: {reference.Path} is {Rate(refRate)} fps, {distorted.Path} is {Rate(distRate)} fps; " +
                      "frames are paired in order");
        }

        return pair;
    }

    /// <summary>
    /// Hands both (matched) sources to a <see cref="FramePairReader"/>, which reads them in step (with skips and a
    /// frame limit from <paramref name="options"/>) and disposes them; this pair then owns nothing.
    /// </summary>
    public FramePairReader CreateReader(FramePairOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_handedOver, this);
        _handedOver = true;
        return new FramePairReader(Reference, Distorted, options);
    }

    /// <summary>Disposes both sources unless <see cref="CreateReader"/> took them.</summary>
    public void Dispose()
    {
        if (!_handedOver)
        {
            _handedOver = true;
            Distorted.Dispose();
            Reference.Dispose();
        }
    }

    private static string Rate(double fps) => fps.ToString("0.###", CultureInfo.InvariantCulture);

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

        bool wasFullRange = distorted.IsFullRange;
        bool resize = from.Width != target.Width || from.Height != target.Height;
        if (resize && scale == ScaleMode.None)
        {
            throw new InputException(distorted.Path,
                $"frame size {from.Width}x{from.Height} differs from the reference's {target.Width}x{target.Height} ({Reference.Path}) and scaling is off (--scale none)");
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

        if (wasFullRange && !matched.IsFullRange)
        {
            // FFmpeg's own scale would keep a yuvj format (and the range); its format=yuv420p and libvmaf filter convert.
            Note($"{distorted.Path}: full-range samples converted to limited range by swscale, as FFmpeg converts full-range frames " +
                 "to yuv420p (format=yuv420p, its libvmaf filter)");
        }

        return matched;
    }

    private void Note(string note)
    {
        note = Printable.Escape(note);     // notes quote file names: nothing in them may act on a terminal
        _notes.Add(note);
        _onNote?.Invoke(note);
    }
}
