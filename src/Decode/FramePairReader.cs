using System.Globalization;
using System.Runtime.InteropServices;

namespace VmafTiny.Decode;

/// <summary>
/// Reads a reference and a distorted video in step, one frame pair at a time, as libvmaf's CLI does: optional
/// frames skipped at the start of each (<c>--frame_skip_ref</c>, <c>--frame_skip_dist</c>), an optional limit on
/// the number of pairs (<c>--frame_cnt</c>), and reading stops when either video ends.
/// </summary>
/// <remarks>
/// <para>
/// The two videos must have the same width, height and bit depth, and frames of at least
/// <see cref="VideoFormat.MinimumDimension"/> in both directions; the chroma formats may differ, since only luma
/// is scored (libvmaf's CLI also insists on equal pixel formats).
/// </para>
/// <para>
/// When one video ends before the other, libvmaf prints <c>"A" ended before "B".</c> and goes on with the frames it
/// has. This reader does the same, and then counts the rest of the longer video (from
/// <see cref="IFrameSource.FrameCount"/> when the source knows it, else by reading on) so that
/// <see cref="Warning"/> can give both counts. Reaching <see cref="FramePairOptions.MaxFrames"/> is not a
/// mismatch and gives no warning. When no pair at all is left to compare, reading fails with a
/// <see cref="NoFramePairsException"/> that gives both counts (libvmaf would fail later, while pooling).
/// </para>
/// </remarks>
public sealed class FramePairReader : IDisposable
{
    private readonly FramePairOptions _options;
    private YuvFrame? _referenceScratch;
    private YuvFrame? _distortedScratch;
    private long _referenceRead;    // frames taken from the reference so far, skipped ones included
    private long _distortedRead;
    private bool _referenceEnded;
    private bool _distortedEnded;
    private bool _started;
    private bool _finished;
    private bool _disposed;
    private bool _referenceRangeChecked;
    private bool _distortedRangeChecked;
    private readonly List<string> _warnings = new();

    /// <summary>
    /// Pairs two open sources and checks that they can be compared. The reader owns both sources and disposes
    /// them, also when this constructor throws.
    /// </summary>
    /// <exception cref="VmafTinyException">The sizes or bit depths differ (the message names both files and formats).</exception>
    /// <exception cref="InputException">The frames are smaller than 33x33.</exception>
    public FramePairReader(IFrameSource reference, IFrameSource distorted, FramePairOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        Reference = reference;
        Distorted = distorted;
        try
        {
            _options = Validate(options ?? new FramePairOptions());
            CheckCompatible(reference, distorted);
        }
        catch
        {
            reference.Dispose();
            distorted.Dispose();
            throw;
        }
    }

    /// <summary>The reference video.</summary>
    public IFrameSource Reference { get; }

    /// <summary>The distorted video.</summary>
    public IFrameSource Distorted { get; }

    /// <summary>The pairs delivered so far.</summary>
    public long PairsRead { get; private set; }

    /// <summary>
    /// Set once <see cref="ReadPair"/> has returned false because one video ended before the other: a one-line
    /// message giving both frame counts and the number of pairs compared. Null otherwise.
    /// </summary>
    public string? Warning { get; private set; }

    /// <summary>
    /// Everything noticed while reading, one line each naming the file, in order: samples above the declared bit
    /// depth (once per video), then <see cref="Warning"/> when the frame counts differ.
    /// </summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>Opens both files with <see cref="FrameSource.Open"/> and pairs them.</summary>
    public static FramePairReader Open(string referencePath, string distortedPath, FramePairOptions? options = null)
    {
        options = Validate(options ?? new FramePairOptions());
        IFrameSource reference = FrameSource.Open(referencePath, options.Raw);
        IFrameSource distorted;
        try
        {
            distorted = FrameSource.Open(distortedPath, options.Raw);
        }
        catch
        {
            reference.Dispose();
            throw;
        }

        return new FramePairReader(reference, distorted, options);
    }

    /// <summary>Allocates one frame for each video, in its own format.</summary>
    public (YuvFrame Reference, YuvFrame Distorted) CreateFrames() => (new YuvFrame(Reference.Format), new YuvFrame(Distorted.Format));

    /// <summary>
    /// Reads the next pair. Both frames get <see cref="YuvFrame.Index"/> = the pair's number, counted from 0
    /// after the skipped frames (libvmaf's frameNum). Returns false when either video ends or the frame limit is
    /// reached; see <see cref="Warning"/>. Errors in either file (a truncated frame, say) are thrown as
    /// <see cref="InputException"/>s.
    /// </summary>
    /// <exception cref="NoFramePairsException">Not a single pair could be read.</exception>
    public bool ReadPair(YuvFrame reference, YuvFrame distorted)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        if (!Next(reference, distorted, default, default))
        {
            return false;
        }

        reference.Index = PairsRead - 1;
        distorted.Index = PairsRead - 1;
        return true;
    }

    /// <summary>
    /// As <see cref="ReadPair"/>, reading only the luma planes (tightly packed, <see cref="VideoFormat.LumaBytes"/>
    /// each) straight into <paramref name="reference"/> and <paramref name="distorted"/>
    /// (<see cref="IFrameSource.ReadLuma"/>): the features need nothing else, and nothing is copied twice.
    /// </summary>
    /// <exception cref="NoFramePairsException">Not a single pair could be read.</exception>
    public bool ReadLumaPair(Span<byte> reference, Span<byte> distorted) => Next(null, null, reference, distorted);

    /// <summary>The pair into whole frames when <paramref name="referenceFrame"/> is given, else into the luma spans.</summary>
    private bool Next(YuvFrame? referenceFrame, YuvFrame? distortedFrame, Span<byte> referenceLuma, Span<byte> distortedLuma)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_finished)
        {
            return false;
        }

        if (!_started)
        {
            _started = true;
            _referenceEnded = !Skip(Reference, _options.SkipReference, ref _referenceRead);
            _distortedEnded = !Skip(Distorted, _options.SkipDistorted, ref _distortedRead);
        }

        if (_options.MaxFrames is long max && PairsRead >= max)
        {
            _finished = true;
            return false;
        }

        bool haveReference = !_referenceEnded && (referenceFrame is null ? Reference.ReadLuma(referenceLuma) : Reference.ReadFrame(referenceFrame));
        bool haveDistorted = !_distortedEnded && (distortedFrame is null ? Distorted.ReadLuma(distortedLuma) : Distorted.ReadFrame(distortedFrame));
        if (haveReference && haveDistorted)
        {
            CheckSampleRange(Reference, referenceFrame is null ? referenceLuma : referenceFrame.PlaneBytes(0), ref _referenceRangeChecked);
            CheckSampleRange(Distorted, distortedFrame is null ? distortedLuma : distortedFrame.PlaneBytes(0), ref _distortedRangeChecked);
            _referenceRead++;
            _distortedRead++;
            PairsRead++;
            return true;
        }

        _finished = true;
        _referenceEnded = !haveReference;
        _distortedEnded = !haveDistorted;
        Length referenceLength = haveReference ? CountAll(Reference, _referenceRead + 1, ref _referenceScratch) : new(_referenceRead, null);
        Length distortedLength = haveDistorted ? CountAll(Distorted, _distortedRead + 1, ref _distortedScratch) : new(_distortedRead, null);
        string referenceCount = Describe(referenceLength, _options.SkipReference);
        string distortedCount = Describe(distortedLength, _options.SkipDistorted);
        if (PairsRead == 0)
        {
            throw new NoFramePairsException(
                $"no frames to compare: {Reference.Path} has {referenceCount}, {Distorted.Path} has {distortedCount}",
                referenceLength.Frames,
                distortedLength.Frames);
        }

        if (haveReference || haveDistorted)
        {
            string pairs = string.Create(
                CultureInfo.InvariantCulture, $"{PairsRead} frame pair{(PairsRead == 1 ? string.Empty : "s")}");
            Warning = Printable.Escape(
                $"frame counts differ: {Reference.Path} has {referenceCount}, {Distorted.Path} has {distortedCount}; " +
                $"compared the {pairs} they have in common");
            _warnings.Add(Warning);
        }

        return false;
    }

    /// <summary>Disposes both sources.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Reference.Dispose();
            Distorted.Dispose();
        }
    }

    private static FramePairOptions Validate(FramePairOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.SkipReference, nameof(options.SkipReference));
        ArgumentOutOfRangeException.ThrowIfNegative(options.SkipDistorted, nameof(options.SkipDistorted));
        if (options.MaxFrames is long max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1L, nameof(options.MaxFrames));
        }

        return options;
    }

    private static void CheckCompatible(IFrameSource reference, IFrameSource distorted)
    {
        VideoFormat r = reference.Format;
        VideoFormat d = distorted.Format;
        bool size = r.Width != d.Width || r.Height != d.Height;
        bool depth = r.BitDepth != d.BitDepth;
        if (size || depth)
        {
            string what = size && depth ? "size and bit depth" : size ? "size" : "bit depth";
            throw new VmafTinyException(
                $"reference and distorted differ in {what}: {reference.Path} is {r}, {distorted.Path} is {d}");
        }

        if (r.Width < VideoFormat.MinimumDimension || r.Height < VideoFormat.MinimumDimension)
        {
            string problem = string.Create(
                CultureInfo.InvariantCulture,
                $"frames of {r.Width}x{r.Height} are too small: vmaf needs at least {VideoFormat.MinimumDimension}x{VideoFormat.MinimumDimension}");
            throw new InputException(reference.Path, problem);
        }
    }

    /// <summary>
    /// Warns once per video when a frame's luma holds samples above its declared bit depth (a 10-bit file with
    /// values up to 4095, say). libvmaf's C path scores such samples as they are, and so does vmaf-tiny, so the
    /// numbers are kept; but they are rarely meaningful, so the user is told. Only luma enters the features.
    /// </summary>
    private void CheckSampleRange(IFrameSource source, ReadOnlySpan<byte> luma, ref bool done)
    {
        int depth = source.Format.BitDepth;
        if (done || depth is 8 or 16)
        {
            return;
        }

        ReadOnlySpan<ushort> samples = MemoryMarshal.Cast<byte, ushort>(luma[..(source.Format.Width * source.Format.Height * 2)]);
        if (!SampleRange.Exceeds(samples, depth))
        {
            return;
        }

        int max = SampleRange.Max(samples);
        done = true;
        _warnings.Add(Printable.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{source.Path}: frame {PairsRead} has luma samples up to {max}, above the {depth}-bit range (0..{(1 << depth) - 1}); scored as they are, as libvmaf does, but the numbers may mean little")));
    }

    /// <summary>Skips <paramref name="count"/> frames (<see cref="IFrameSource.SkipFrames"/>: seeking where the source can); false when the video ended first.</summary>
    private static bool Skip(IFrameSource source, long count, ref long read)
    {
        long skipped = source.SkipFrames(count);
        read += skipped;
        return skipped == count;
    }

    /// <summary>A video's length: its frames, and the problem that ended it early (its whole frames), if any.</summary>
    private readonly record struct Length(long Frames, string? StoppedBy);

    /// <summary>
    /// The whole length of a source that is still going after <paramref name="readSoFar"/> frames: its
    /// <see cref="IFrameSource.FrameCount"/> when known, else found by reading to its end.
    /// </summary>
    private static Length CountAll(IFrameSource source, long readSoFar, ref YuvFrame? scratch)
    {
        if (source.FrameCount is long known && known >= readSoFar)
        {
            return new(known, null);
        }

        if (source is Ffmpeg.FfmpegSource ffmpeg)
        {
            // Count the packets left instead of decoding them: a long tail would take as long as scoring it.
            long rest = ffmpeg.CountRemainingFrames(out string? problem);
            return new(readSoFar + rest, problem);
        }

        scratch ??= new YuvFrame(source.Format);
        long total = readSoFar;
        try
        {
            while (source.ReadFrame(scratch))
            {
                total++;
            }
        }
        catch (InputException e)
        {
            // Past the compared range a damaged frame changes no score; report it with the count.
            return new(total, e.Problem);
        }

        return new(total, null);
    }

    private static string Describe(Length length, long skipped)
    {
        long total = length.Frames;
        string frames = total == 1 ? "frame" : "frames";
        string text = length.StoppedBy is null
            ? string.Create(CultureInfo.InvariantCulture, $"{total} {frames}")
            : string.Create(CultureInfo.InvariantCulture, $"{total} whole {frames} (then {length.StoppedBy})");
        if (skipped > 0)
        {
            text += skipped >= total
                ? string.Create(CultureInfo.InvariantCulture, $" (all skipped: {skipped} to skip)")
                : string.Create(CultureInfo.InvariantCulture, $" (the first {skipped} skipped)");
        }

        return text;
    }
}
