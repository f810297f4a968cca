using System.Collections.Concurrent;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Motion;
using VmafTiny.Features.Vif;

namespace VmafTiny.Features;

/// <summary>
/// Streaming feature extraction: push reference/distorted frame pairs in order and receive each frame's
/// six features as soon as they are final (motion2 of frame i needs frame i+1). Only luma is kept, in a
/// fixed number of buffers, so memory is flat in clip length.
/// </summary>
/// <remarks>
/// Frames are gathered into batches of a few per worker; each batch runs frame-parallel, every worker with
/// its own extractors (as libvmaf's thread pool does), and results come back in frame order. The arithmetic
/// per frame does not depend on the batching, so every thread count gives identical values.
/// </remarks>
public sealed class FeatureStream
{
    private const int FramesPerWorker = 2;

    private readonly VideoFormat _format;
    private readonly FeatureOptions _options;
    private readonly int _batchSize;
    private readonly Slot[] _slots;
    private readonly ConcurrentBag<Extractors> _extractors = new();
    private readonly List<FrameFeatures> _ready = new();
    private Slot _previous;     // the last frame of the previous batch: its luma and, until final, its results
    private bool _havePrevious;
    private int _pending;       // frames gathered in _slots
    private int _nextIndex;
    private bool _completed;

    /// <summary>Creates a stream for frames of <paramref name="format"/> (reference and distorted alike).</summary>
    public FeatureStream(VideoFormat format, FeatureOptions? options = null)
    {
        if (format.Width < VideoFormat.MinimumDimension || format.Height < VideoFormat.MinimumDimension)
        {
            throw new VmafTinyException(
                $"frames of {format.Width}x{format.Height} are too small: vmaf needs at least " +
                $"{VideoFormat.MinimumDimension}x{VideoFormat.MinimumDimension} (libvmaf is undefined below that)");
        }

        _format = format;
        _options = options ?? new FeatureOptions();
        if (_options.Subsample < 1)
        {
            throw new VmafTinyException($"subsample must be at least 1, not {_options.Subsample}");
        }

        // Build one set of extractors now: a bad size or CPU path fails before any frame is read.
        _extractors.Add(new Extractors(format, _options.Cpu));
        // One thread: no batching, so frame i comes back as soon as frame i+1 is pushed. More threads: a few
        // frames per worker, trading that latency for frame-parallel throughput.
        _batchSize = _options.EffectiveThreads == 1 ? 1 : _options.EffectiveThreads * FramesPerWorker;
        _slots = new Slot[_batchSize];
        for (int i = 0; i < _batchSize; i++)
        {
            _slots[i] = new Slot(format);
        }

        _previous = new Slot(format);
    }

    /// <summary>The frames pushed so far.</summary>
    public int FramesPushed => _nextIndex;

    /// <summary>
    /// Adds the next frame pair and returns the frames that became final (possibly none), in order.
    /// The frames are copied; the caller may reuse them at once.
    /// </summary>
    public IReadOnlyList<FrameFeatures> Push(YuvFrame reference, YuvFrame distorted)
    {
        if (_completed)
        {
            throw new InvalidOperationException("the stream is complete");
        }

        CheckFormat(reference.Format, "reference");
        CheckFormat(distorted.Format, "distorted");
        Slot slot = _slots[_pending++];
        slot.Load(reference, distorted, _nextIndex++);
        _ready.Clear();
        if (_pending == _batchSize)
        {
            RunBatch();
        }

        return _ready.ToArray();
    }

    /// <summary>Ends the stream and returns the remaining frames, in order.</summary>
    public IReadOnlyList<FrameFeatures> Complete()
    {
        if (_completed)
        {
            return [];
        }

        _ready.Clear();
        RunBatch();
        _completed = true;
        if (_havePrevious)
        {
            // The very last frame keeps its own SAD (no look-ahead exists).
            Emit(_previous, nextSad: null);
        }

        return _ready.ToArray();
    }

    private void CheckFormat(VideoFormat actual, string which)
    {
        if (actual.Width != _format.Width || actual.Height != _format.Height || actual.BitDepth != _format.BitDepth)
        {
            throw new ArgumentException($"{which} frame is {actual}, the stream expects {_format}");
        }
    }

    private void RunBatch()
    {
        int count = _pending;
        if (count == 0)
        {
            return;
        }

        bool havePrevious = _havePrevious;
        Slot previous = _previous;
        int subsample = _options.Subsample;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.EffectiveThreads };
        Parallel.For(
            0,
            count,
            parallel,
            () => _extractors.TryTake(out var e) ? e : new Extractors(_format, _options.Cpu),
            (i, _, ext) =>
            {
                Slot s = _slots[i];
                Slot? before = i > 0 ? _slots[i - 1] : havePrevious ? previous : null;
                s.Sad = before is null ? 0.0 : ext.Motion.Sad(before.Reference, s.Reference);
                if (s.Index % subsample == 0)
                {
                    s.Adm2 = ext.Adm.Extract(s.Reference, s.Distorted);
                    s.Vif = ext.Vif.Extract(s.Reference, s.Distorted);
                }

                return ext;
            },
            ext => _extractors.Add(ext));

        // The held frame and every frame but the batch's last are final now.
        if (havePrevious)
        {
            Emit(previous, _slots[0].Sad);
        }

        for (int i = 0; i < count - 1; i++)
        {
            Emit(_slots[i], _slots[i + 1].Sad);
        }

        // Hold the last frame (its luma for the next SAD, its results until motion2 is known).
        (_previous, _slots[count - 1]) = (_slots[count - 1], _previous);
        _havePrevious = true;
        _pending = 0;
    }

    private void Emit(Slot s, double? nextSad)
    {
        if (s.Index % _options.Subsample != 0)
        {
            return;
        }

        double motion2 = Motion2.Of(s.Index, s.Sad, nextSad);
        _ready.Add(new FrameFeatures(s.Index, s.Adm2, s.Vif.Scale0, s.Vif.Scale1, s.Vif.Scale2, s.Vif.Scale3, motion2));
    }

    private sealed class Extractors(VideoFormat f, CpuPath cpu)
    {
        public AdmExtractor Adm { get; } = new(f.Width, f.Height, f.BitDepth, cpu);

        public VifExtractor Vif { get; } = new(f.Width, f.Height, f.BitDepth, cpu);

        public MotionExtractor Motion { get; } = new(f.Width, f.Height, f.BitDepth, cpu);
    }

    /// <summary>One frame in flight: both lumas and the results computed so far.</summary>
    private sealed class Slot(VideoFormat format)
    {
        private readonly byte[] _reference = new byte[format.Width * format.Height * format.BytesPerSample];
        private readonly byte[] _distorted = new byte[format.Width * format.Height * format.BytesPerSample];

        public int Index { get; private set; }

        public double Sad { get; set; }

        public double Adm2 { get; set; }

        public VifScores Vif { get; set; }

        public LumaPlane Reference => new(_reference, format.Width, format.Height, format.Width, format.BitDepth);

        public LumaPlane Distorted => new(_distorted, format.Width, format.Height, format.Width, format.BitDepth);

        public void Load(YuvFrame reference, YuvFrame distorted, int index)
        {
            reference.PlaneBytes(0).CopyTo(_reference);
            distorted.PlaneBytes(0).CopyTo(_distorted);
            Index = index;
            Sad = 0;
            Adm2 = 0;
            Vif = default;
        }
    }
}
