using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using VmafTiny.Features.Adm;
using VmafTiny.Features.Motion;
using VmafTiny.Features.Psnr;
using VmafTiny.Features.Vif;
using VmafTiny.Memory;

namespace VmafTiny.Features;

/// <summary>
/// Fills the luma planes of the next frame pair (tightly packed, <see cref="VideoFormat.LumaBytes"/> each) and
/// returns true, or returns false at the end of the input. <c>FramePairReader.ReadLumaPair</c> is one.
/// </summary>
public delegate bool LumaPairSource(Span<byte> reference, Span<byte> distorted);

/// <summary>
/// Streaming feature extraction: push reference/distorted frame pairs in order and receive each frame's
/// features as soon as they are final (motion2 of frame i needs frame i+1). Only luma is kept (and chroma
/// when PSNR with chroma asks for it: <see cref="KeepsChroma"/>), in a fixed pool of buffers, so memory is flat
/// in clip length.
/// </summary>
/// <example>
/// Reading straight into the stream's buffers, with nothing allocated per frame:
/// <code>
/// LumaPairSource read = pairs.ReadLumaPair;
/// var features = new List&lt;FrameFeatures&gt;();
/// while (stream.Push(read, features)) { }
/// stream.Complete(features);
/// </code>
/// </example>
/// <remarks>
/// With one thread every frame is computed inside <see cref="Push(YuvFrame, YuvFrame)"/>, so frame i comes back as soon as frame
/// i+1 is pushed. With more, each pushed frame goes straight to a pool of worker threads (each with its own
/// extractors, as libvmaf's thread pool does) while the caller reads the next one; results come back in
/// frame order once final. The arithmetic of a frame does not depend on scheduling, so every thread count
/// gives identical values. What is computed is <see cref="FeatureOptions.ResolvedExtractors"/>: by default
/// vmaf_v0.6.1's ADM, motion and VIF; several ADM or VIF configurations (say, with and without the NEG models'
/// enhancement-gain limit) each run on every frame, motion once; and <see cref="FeatureOptions.Psnr"/> when asked,
/// on every frame (libvmaf's PSNR is temporal: subsampling leaves frames out of the results, not of APSNR). Buffers: a frame needs its two lumas while it
/// is computed and its reference luma until the next frame's motion has read it; with one thread one distorted
/// buffer serves every frame, with N threads N + 2 frames are in flight at most. On a compute device
/// (<see cref="FeatureOptions.Device"/>) each pushed frame is queued on the device instead, a few frames in flight,
/// and its integer sums are finished by the same code as on the CPU.
/// </remarks>
public sealed class FeatureStream : IDisposable
{
    private readonly VideoFormat _format;
    private readonly FeatureOptions _options;
    private readonly Plan _plan;
    private readonly Stack<Slot> _free = new();
    private readonly List<Slot> _inFlight = new();     // pushed, not yet emitted, in frame order
    private readonly Extractors? _inline;               // the single-threaded path's extractors (none on a device)
    private readonly IFrameEngine? _engine;             // the compute device's engine, or null for the CPU kernels
    private readonly AdmScaleGeometry[] _admGeometry = [];
    private readonly BlockingCollection<Slot>? _work;   // null with one thread
    private readonly NativeBuffer? _frames;             // the CPU slots' lumas (not on the GC heap: NativeBuffer says why)
    private readonly PsnrExtractor? _psnr;              // stateless: shared by every thread
    private readonly ApsnrAccumulator? _apsnr;
    private readonly Thread[] _workers = [];
    private readonly string?[] _workerTasks = [];       // each worker's /proc task folder (OsThread), set as it starts
    private Slot? _last;
    private int _nextIndex;
    private bool _completed;                            // disposed (or completed): workers drop what is still queued
    private bool _ended;                                // Complete has emitted every frame

    /// <summary>Creates a stream for frames of <paramref name="format"/> (reference and distorted alike).</summary>
    public FeatureStream(VideoFormat format, FeatureOptions? options = null)
    {
        if (format.Width < VideoFormat.MinimumDimension || format.Height < VideoFormat.MinimumDimension)
        {
            throw new VmafTinyException(
                $"frames of {format.Width}x{format.Height} are too small: vmaf needs at least " +
                $"{VideoFormat.MinimumDimension}x{VideoFormat.MinimumDimension} (libvmaf is undefined below that)");
        }

        if (VideoFormat.SizeProblem(format.Width, format.Height) is { } tooLarge)
        {
            throw new VmafTinyException(tooLarge);
        }

        _format = format;
        _options = options ?? new FeatureOptions();
        if (_options.Threads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Threads, $"FeatureOptions.Threads must be at least 0 (0: one per core), not {_options.Threads}");
        }

        if (_options.Subsample < 1)
        {
            throw new VmafTinyException($"subsample must be at least 1, not {_options.Subsample}");
        }

        if (_options.Window is { } window)
        {
            if (window.FirstIndex < 0 || window.ReportFrom < window.FirstIndex || window.ReportTo < window.ReportFrom)
            {
                throw new ArgumentException($"bad frame window {window}", nameof(options));
            }

            _nextIndex = window.FirstIndex;
        }

        // What a compute device does not compute is refused first, in one line, rather than left out of the results
        // (or given the default configuration's values).
        FeatureDevice device = _options.Device ?? FeatureDevice.Cpu;
        if (device != FeatureDevice.Cpu)
        {
            RefuseOnDevice(device);
        }

        // Built now, so a bad size, option or CPU path fails before any frame is read; with workers, the first takes it.
        _plan = new Plan(_options);

        // A device fails here too (no platform, a bad index, kernels that do not build, too little memory).
        _engine = device.Open(format);
        if (_engine is not null)
        {
            // Each frame in flight keeps both lumas, pinned so the device uploads straight from them.
            _admGeometry = AdmExtractor.Geometry(format.Width, format.Height);
            for (int i = 0; i < (2 * _engine.Depth) + 2; i++)
            {
                _free.Push(new Slot(
                    format,
                    _plan,
                    GC.AllocateUninitializedArray<byte>(format.LumaBytes, pinned: true),
                    GC.AllocateUninitializedArray<byte>(format.LumaBytes, pinned: true)));
            }

            return;
        }

        _inline = new Extractors(format, _options.Cpu, _plan);
        if (_options.ResolvedPsnr is { } psnr)
        {
            _psnr = new PsnrExtractor(format, psnr, _options.Cpu);
            _apsnr = psnr.EnableApsnr ? _psnr.CreateAccumulator() : null;
        }

        // Each buffer holds a frame's luma, and its chroma planes after it when PSNR reads them.
        int frameBytes = KeepsChroma ? _psnr!.FrameBytesRead : format.LumaBytes;
        int threads = _options.EffectiveThreads;

        // One thread: the frame being computed and the previous reference (for motion), one distorted buffer, which
        // is free again as soon as the frame is computed. N threads: N being computed, one being read, and the
        // reference before the oldest.
        int slots = threads == 1 ? 2 : threads + 2;
        int buffers = threads == 1 ? slots + 1 : 2 * slots;
        _frames = new NativeBuffer((long)buffers * frameBytes);
        for (int i = 0; i < slots; i++)
        {
            long distorted = threads == 1 ? slots : slots + i;
            _free.Push(new Slot(format, _plan, _frames, i * (long)frameBytes, distorted * frameBytes, frameBytes));
        }

        if (threads > 1)
        {
            _work = new BlockingCollection<Slot>();
            _workers = new Thread[threads];
            _workerTasks = new string?[threads];
            for (int i = 0; i < threads; i++)
            {
                Extractors? first = i == 0 ? _inline : null;
                int worker = i;
                _workers[i] = new Thread(() => Work(worker, first)) { IsBackground = true, Name = $"vmaf-tiny features {i}" };
                _workers[i].Start();
            }
        }
    }

    /// <summary>The environment variable a session reads when no device is named (see <c>OpenClDevices</c>).</summary>
    internal const string DeviceEnvironmentVariable = "VMAF_TINY_DEVICE";

    /// <summary>Where the features are computed, e.g. "cpu" or "opencl:0 (device name, platform)".</summary>
    public string DeviceDescription => _engine?.Description ?? FeatureDevice.Cpu.Description;

    /// <summary>
    /// True when the stream keeps each frame's chroma planes too (PSNR with chroma on video that has chroma): frames
    /// must then come whole, through <see cref="Push(YuvFrame, YuvFrame)"/>, and in the stream's chroma format.
    /// </summary>
    public bool KeepsChroma => _psnr is { ReadsChroma: true };

    /// <summary>
    /// libvmaf's aggregate PSNR (<c>apsnr_y/cb/cr</c>) of the frames emitted so far, the whole run once
    /// <see cref="Complete()"/> has returned; null unless <see cref="FeatureOptions.Psnr"/> enables APSNR.
    /// </summary>
    public ApsnrValues? Apsnr => _apsnr?.Result();

    /// <summary>The frames pushed so far.</summary>
    public int FramesPushed => _nextIndex - (_options.Window?.FirstIndex ?? 0);

    /// <summary>
    /// Adds the next frame pair and returns the frames that became final (possibly none), in order.
    /// The frames' lumas (and chroma planes, when <see cref="KeepsChroma"/>) are copied; the caller may reuse them
    /// at once. Blocks only while every buffer is in use.
    /// </summary>
    /// <exception cref="VmafTinyException">PSNR reads chroma and a frame has another chroma format than the stream's.</exception>
    public IReadOnlyList<FrameFeatures> Push(YuvFrame reference, YuvFrame distorted)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(distorted);
        ObjectDisposedException.ThrowIf(_completed, this);
        CheckFormat(reference.Format, "reference");
        CheckFormat(distorted.Format, "distorted");
        if (KeepsChroma && (reference.Format.Chroma != _format.Chroma || distorted.Format.Chroma != _format.Chroma))
        {
            VideoFormat other = reference.Format.Chroma != _format.Chroma ? reference.Format : distorted.Format;
            throw new VmafTinyException(
                $"PSNR with chroma needs both videos in {VideoFormat.ChromaName(_format.Chroma)}; one is {VideoFormat.ChromaName(other.Chroma)}");
        }

        var ready = new List<FrameFeatures>();
        PushFilled(
            (r, d) =>
            {
                // Luma is plane 0 at the start of a frame; the chroma planes follow it (the buffers' length says
                // whether they are kept).
                reference.Data.Slice(0, r.Length).CopyTo(r);
                distorted.Data.Slice(0, d.Length).CopyTo(d);
                return true;
            },
            ready);
        return ready;
    }

    /// <summary>
    /// Lets <paramref name="read"/> fill a free buffer pair with the next frame's lumas (no copy) and adds the frame;
    /// the frames that became final are appended to <paramref name="ready"/>, in order (waiting for a free buffer can
    /// finish some before <paramref name="read"/> is called: they are appended also when it returns false or throws).
    /// Returns false when <paramref name="read"/> does (the end of the input), pushing nothing. Blocks only while every
    /// buffer is in use.
    /// Allocates nothing per frame (unless frames carry <see cref="FrameFeatures.Extra"/> values).
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream <see cref="KeepsChroma"/>: lumas are not enough.</exception>
    public bool Push(LumaPairSource read, ICollection<FrameFeatures> ready)
    {
        if (KeepsChroma)
        {
            throw new InvalidOperationException("this stream computes PSNR with chroma: push whole frames (Push(YuvFrame, YuvFrame))");
        }

        return PushFilled(read, ready);
    }

    /// <summary>Lets <paramref name="fill"/> fill a free buffer pair (as long as the stream keeps of a frame) and adds the frame.</summary>
    private bool PushFilled(LumaPairSource fill, ICollection<FrameFeatures> ready)
    {
        ArgumentNullException.ThrowIfNull(fill);
        ArgumentNullException.ThrowIfNull(ready);
        ObjectDisposedException.ThrowIf(_completed, this);
        while (_free.Count == 0)
        {
            Drain(ready, block: true, final: false, untilFreed: true);
        }

        // The frame buffers stay allocated until this push is done, even if another thread disposes the stream meanwhile.
        using NativeBuffer.Lease held = NativeBuffer.Hold(_frames);
        return PushHeld(fill, ready);
    }

    /// <summary><see cref="PushFilled"/> with the frame buffers held.</summary>
    private bool PushHeld(LumaPairSource fill, ICollection<FrameFeatures> ready)
    {
        Slot slot = _free.Peek();
        if (!fill(slot.ReferenceBytes, slot.DistortedBytes))
        {
            return false;
        }

        // Disposed while fill ran (by fill itself, or by another thread cancelling the run): the frame is not pushed.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _completed), this);
        _free.Pop();
        slot.Load(_nextIndex++, _last);
        _inFlight.Add(slot);
        _last = slot;
        if (_engine is not null)
        {
            Submit(slot);
        }
        else if (_work is null)
        {
            Compute(slot, _inline!);
        }
        else
        {
            try
            {
                _work.Add(slot);
            }
            catch (InvalidOperationException) when (Volatile.Read(ref _completed))
            {
                // Disposed by another thread since the check above: the queue takes no more frames.
                throw new ObjectDisposedException(nameof(FeatureStream));
            }
        }

        Drain(ready, block: false, final: false, untilFreed: false);
        return true;
    }

    /// <summary>Ends the stream and returns the remaining frames, in order.</summary>
    public IReadOnlyList<FrameFeatures> Complete()
    {
        var ready = new List<FrameFeatures>();
        Complete(ready);
        return ready;
    }

    /// <summary>
    /// Ends the stream and appends the remaining frames to <paramref name="ready"/>, in order. A second call adds
    /// nothing.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The stream was disposed first: its remaining frames were dropped.</exception>
    public void Complete(ICollection<FrameFeatures> ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        if (_ended)
        {
            return;
        }

        // Disposed before completing: frames still in flight were dropped, and an empty end would pass for a whole run.
        ObjectDisposedException.ThrowIf(_completed, this);
        Drain(ready, block: true, final: true, untilFreed: false);
        _ended = true;
        Dispose();
    }

    /// <summary>
    /// Stops the worker threads: frames being computed finish, frames still queued are dropped, and the call returns
    /// once every worker has ended, in the operating system too (<see cref="OsThread"/>: as libvmaf's pthread_join; a
    /// forked child still must not use the runtime, which does not survive fork without exec). Pushing or completing
    /// afterwards throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        if (_completed)
        {
            return;
        }

        Volatile.Write(ref _completed, true);
        _work?.CompleteAdding();
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i].Join();
            OsThread.WaitUntilGone(Volatile.Read(ref _workerTasks[i]));
        }

        _work?.Dispose();
        _engine?.Dispose();
        _inline?.Dispose();   // VIF's planes: freed now, or when an extraction still running lets go of them
        _frames?.Dispose();   // freed now, or when a push another thread is still running lets go of it
    }

    /// <summary>
    /// Throws the one-line error for what a compute device does not compute: libvmaf's further outputs (AIM, adm3,
    /// the per-scale and SAD outputs), PSNR, and ADM or VIF with an enhancement-gain limit other than libvmaf's
    /// default (the device's kernels have the default built in, and <see cref="Submit"/> gives every configuration
    /// the same values).
    /// </summary>
    private void RefuseOnDevice(FeatureDevice device)
    {
        foreach (ExtractorOptions o in _options.ResolvedExtractors)
        {
            if (o is AdmOptions { EnhancementGainLimit: not AdmOptions.DefaultEnhancementGainLimit }
                or VifOptions { EnhancementGainLimit: not VifOptions.DefaultEnhancementGainLimit })
            {
                throw new VmafTinyException(
                    $"{o.Name} with an enhancement-gain limit other than 100 (the NEG models) is not computed on {device.Description}; " +
                    $"run on the CPU (--device cpu, or {DeviceEnvironmentVariable}=cpu)");
            }
        }

        string? what = _options.LibvmafOutputs ? "integer_aim and integer_adm3 (libvmaf's further outputs) are"
            : _options.ResolvedPsnr is not null ? "PSNR is"
            : null;
        if (what is not null)
        {
            throw new VmafTinyException(
                $"{what} not computed on {device.Description}; run on the CPU (--device cpu, or {DeviceEnvironmentVariable}=cpu)");
        }
    }

    private void CheckFormat(VideoFormat actual, string which)
    {
        if (actual.Width != _format.Width || actual.Height != _format.Height || actual.BitDepth != _format.BitDepth)
        {
            throw new ArgumentException($"{which} frame is {actual}, the stream expects {_format}");
        }
    }

    /// <summary>
    /// Emits the oldest frames whose results and whose successor's SAD are known (or, when final, the last
    /// frame without a successor), returning their buffers to the pool: a frame's reference luma is free once
    /// the next frame's SAD has read it.
    /// </summary>
    private void Drain(ICollection<FrameFeatures> ready, bool block, bool final, bool untilFreed)
    {
        while (_inFlight.Count > 0)
        {
            Slot head = _inFlight[0];
            Slot? next = _inFlight.Count > 1 ? _inFlight[1] : null;
            if (next is null && !final)
            {
                return;
            }

            if (!Finished(head, block) || (next is not null && !Finished(next, block)))
            {
                return;
            }

            Emit(ready, head, next?.Sad);
            _inFlight.RemoveAt(0);
            _free.Push(head);
            if (untilFreed)
            {
                return;
            }
        }
    }

    private static bool Finished(Slot slot, bool block)
    {
        if (block)
        {
            slot.Done.Wait();
        }

        if (!slot.Done.IsSet)
        {
            return false;
        }

        if (slot.Error is { } error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        return true;
    }

    /// <summary>True when frame <paramref name="index"/> gets ADM and VIF and is reported: every Nth frame, within the window.</summary>
    private bool Reports(int index) => index % _options.Subsample == 0 && (_options.Window?.Reports(index) ?? true);

    /// <summary>
    /// The frame pushed last, as far as it is known before the next one: every value but those that need the next
    /// frame's SAD (motion2 and motion3 are given as for the last frame of the input, and are final only once the frame
    /// is emitted). Null when no frame is waiting for its successor, when that frame is not reported, or while it is
    /// still being computed (worker threads, a device); one thread computes a frame inside its push, so there it is
    /// always known. Nothing is emitted and APSNR is unchanged: the frame still comes from a later push or
    /// <see cref="Complete()"/>.
    /// </summary>
    /// <exception cref="Exception">Computing that frame failed: its error, as the push or complete that emits it would throw.</exception>
    internal FrameFeatures? PeekLast()
    {
        if (_inFlight.Count == 0 || !Finished(_inFlight[^1], block: false))
        {
            return null;
        }

        return Frame(_inFlight[^1], nextSad: null);
    }

    private void Emit(ICollection<FrameFeatures> ready, Slot s, double? nextSad)
    {
        // PSNR is temporal in libvmaf: every frame counts towards APSNR, also those subsampling leaves out (not the
        // context frames around a window, which get no PSNR).
        if (s.Psnr is { } psnr)
        {
            _apsnr?.Add(psnr);
        }

        if (Frame(s, nextSad) is { } frame)
        {
            ready.Add(frame);
        }
    }

    /// <summary>The values of frame <paramref name="s"/> given its successor's SAD, or null for a frame that is not emitted.</summary>
    private FrameFeatures? Frame(Slot s, double? nextSad)
    {
        if (!Reports(s.Index))
        {
            return _options.EmitSubsampledFrames && (_options.Window?.Reports(s.Index) ?? true)
                ? TemporalOnly(s, nextSad)
                : null;
        }

        double motion2 = _plan.Motion ? Motion2.Of(s.Index, s.Sad, nextSad) : double.NaN;
        AdmScores adm = _plan.DefaultAdm >= 0 ? s.Adm[_plan.DefaultAdm] : new AdmScores(double.NaN, 0, 0, 0, 0, 0, 0, 0, 0);
        VifScores vif = _plan.DefaultVif >= 0 ? s.Vif[_plan.DefaultVif] : new VifScores(double.NaN, double.NaN, double.NaN, double.NaN);
        return new FrameFeatures(s.Index, adm.Adm2, vif.Scale0, vif.Scale1, vif.Scale2, vif.Scale3, motion2)
        {
            Extra = _plan.HasExtra ? Extra(s, motion2, nextSad) : null,
            Psnr = s.Psnr,
        };
    }

    /// <summary>A frame subsampling leaves out (<see cref="FeatureOptions.EmitSubsampledFrames"/>): motion and PSNR only.</summary>
    private FrameFeatures TemporalOnly(Slot s, double? nextSad)
    {
        double motion2 = _plan.Motion ? Motion2.Of(s.Index, s.Sad, nextSad) : double.NaN;
        Dictionary<string, double>? extra = null;
        if (_plan.Motion && _options.LibvmafOutputs)
        {
            extra = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["VMAF_integer_feature_motion_sad_score"] = s.Sad,
                ["integer_motion3"] = Math.Min(s.Index == 0 ? nextSad ?? 0.0 : motion2, MotionExtractor.MaxValue),
            };
        }

        return new FrameFeatures(s.Index, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, motion2)
        {
            Extra = extra,
            Psnr = s.Psnr,
        };
    }

    /// <summary>
    /// The values beyond the six: other ADM/VIF configurations, and with <see cref="FeatureOptions.LibvmafOutputs"/>
    /// the per-scale ADM ratios, motion's SAD score and motion3, keyed as libvmaf names them.
    /// </summary>
    private Dictionary<string, double> Extra(Slot s, double motion2, double? nextSad)
    {
        var extra = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < _plan.Adm.Length; i++)
        {
            AdmOptions o = _plan.Adm[i];
            AdmScores a = s.Adm[i];
            if (i != _plan.DefaultAdm)
            {
                extra[o.Key("VMAF_integer_feature_adm2_score")] = a.Adm2;
            }

            if (_options.LibvmafOutputs)
            {
                extra[o.Key("VMAF_integer_feature_aim_score")] = a.Aim;
                extra[o.Key("VMAF_integer_feature_adm3_score")] = a.Adm3;
                for (int scale = 0; scale < 4; scale++)
                {
                    extra[o.Key($"integer_adm_scale{scale}")] = a.Scale(scale);
                }
            }
        }

        for (int i = 0; i < _plan.Vif.Length; i++)
        {
            if (i != _plan.DefaultVif)
            {
                VifOptions o = _plan.Vif[i];
                VifScores v = s.Vif[i];
                extra[o.Key("VMAF_integer_feature_vif_scale0_score")] = v.Scale0;
                extra[o.Key("VMAF_integer_feature_vif_scale1_score")] = v.Scale1;
                extra[o.Key("VMAF_integer_feature_vif_scale2_score")] = v.Scale2;
                extra[o.Key("VMAF_integer_feature_vif_scale3_score")] = v.Scale3;
            }
        }

        if (_plan.Motion && _options.LibvmafOutputs)
        {
            // integer_motion.c: flush with the default blend (factor 1) and no moving average: motion3 is motion2
            // clipped to motion_max_val, except frame 0, which takes frame 1's SAD score when there is a frame 1.
            extra["VMAF_integer_feature_motion_sad_score"] = s.Sad;
            extra["integer_motion3"] = Math.Min(s.Index == 0 ? nextSad ?? 0.0 : motion2, MotionExtractor.MaxValue);
        }

        return extra;
    }

    private void Work(int worker, Extractors? extractors)
    {
        Volatile.Write(ref _workerTasks[worker], OsThread.CurrentTaskFolder());
        Extractors? own = null;   // made by this worker (all but the first, which has the stream's): freed when it ends
        try
        {
            foreach (Slot slot in _work!.GetConsumingEnumerable())
            {
                if (Volatile.Read(ref _completed))
                {
                    // Disposed in the middle of a run (cancelled): drop the frames still queued, so it ends within a frame. A
                    // dropped frame has no values: a push still waiting for it gets this error, never its zeros.
                    slot.Error = new ObjectDisposedException(nameof(FeatureStream), "the stream was disposed before this frame was computed");
                    slot.Done.Set();
                    continue;
                }

                extractors ??= own = new Extractors(_format, _options.Cpu, _plan);
                using NativeBuffer.Lease held = NativeBuffer.Hold(_frames);
                Compute(slot, extractors);
            }
        }
        finally
        {
            own?.Dispose();
        }
    }

    /// <summary>
    /// Queues a frame on the device; its callback finishes the sums into doubles (every ADM and VIF configuration of
    /// the plan has libvmaf's default gain limits, so all get the same values) and marks it done.
    /// </summary>
    private void Submit(Slot s)
    {
        bool motion = _plan.Motion && s.Previous is not null;
        bool full = Reports(s.Index);   // as on the CPU: subsampled frames and a segment's context frames get motion only
        bool adm = full && _plan.Adm.Length > 0, vif = full && _plan.Vif.Length > 0;
        _engine!.Submit(s.Index, s.ReferenceArray, s.DistortedArray, motion, adm, vif, (sums, error) =>
        {
            try
            {
                if (error is not null)
                {
                    s.Error = error;
                    return;
                }

                (double sad, AdmScores admScores, VifScores vifScores) = sums!.ToFeatures(_format.Width, _format.Height, _admGeometry);
                s.Sad = sad;
                Array.Fill(s.Adm, admScores);
                Array.Fill(s.Vif, vifScores);
            }
            catch (Exception e)
            {
                s.Error = e;
            }
            finally
            {
                s.Done.Set();
            }
        });
    }

    private void Compute(Slot s, Extractors ext)
    {
        try
        {
            // Motion reads only the reference lumas of this frame and the previous one (libvmaf's PREV_REF).
            if (ext.Motion is not null)
            {
                s.Sad = s.Previous is null ? 0.0 : ext.Motion.Sad(s.Previous.Reference, s.Reference);
            }

            if (Reports(s.Index))
            {
                for (int i = 0; i < ext.Adm.Length; i++)
                {
                    s.Adm[i] = ext.Adm[i].ExtractDetailed(s.Reference, s.Distorted);
                }

                for (int i = 0; i < ext.Vif.Length; i++)
                {
                    s.Vif[i] = ext.Vif[i].Extract(s.Reference, s.Distorted);
                }
            }

            s.Psnr = _options.Window?.Reports(s.Index) ?? true ? _psnr?.Extract(s.ReferenceBytes, s.DistortedBytes) : null;
        }
        catch (Exception e)
        {
            s.Error = e;
        }
        finally
        {
            s.Done.Set();
        }
    }

    /// <summary>What the stream computes: the ADM and VIF configurations, whether motion runs, which are the defaults.</summary>
    private sealed class Plan
    {
        public Plan(FeatureOptions options)
        {
            IReadOnlyList<ExtractorOptions> all = options.ResolvedExtractors;
            Adm = all.OfType<AdmOptions>().ToArray();
            Vif = all.OfType<VifOptions>().ToArray();
            Motion = all.OfType<MotionOptions>().Any();
            DefaultAdm = Array.FindIndex(Adm, o => o.Suffix.Length == 0);
            DefaultVif = Array.FindIndex(Vif, o => o.Suffix.Length == 0);
            HasExtra = options.LibvmafOutputs || Adm.Length > (DefaultAdm >= 0 ? 1 : 0) || Vif.Length > (DefaultVif >= 0 ? 1 : 0);
            Aim = options.LibvmafOutputs;
        }

        public AdmOptions[] Adm { get; }

        public VifOptions[] Vif { get; }

        public bool Motion { get; }

        /// <summary>The ADM configuration with libvmaf's defaults (FrameFeatures.Adm2), or −1.</summary>
        public int DefaultAdm { get; }

        /// <summary>The VIF configuration with libvmaf's defaults (FrameFeatures.VifScale0..3), or −1.</summary>
        public int DefaultVif { get; }

        /// <summary>True when frames carry values beyond the six.</summary>
        public bool HasExtra { get; }

        /// <summary>Measure AIM (libvmaf's full outputs): every ADM configuration but those with adm_skip_aim.</summary>
        public bool Aim { get; }
    }

    /// <summary>One thread's extractors, one per configuration of the plan.</summary>
    private sealed class Extractors(VideoFormat f, CpuPath cpu, Plan plan) : IDisposable
    {
        public AdmExtractor[] Adm { get; } = plan.Adm.Select(o => new AdmExtractor(f.Width, f.Height, f.BitDepth, cpu, plan.Aim && !o.SkipAim, o.EnhancementGainLimit)).ToArray();

        public VifExtractor[] Vif { get; } = plan.Vif.Select(o => new VifExtractor(f.Width, f.Height, f.BitDepth, cpu, o.EnhancementGainLimit)).ToArray();

        public MotionExtractor? Motion { get; } = plan.Motion ? new(f.Width, f.Height, f.BitDepth, cpu) : null;

        /// <summary>Frees the VIF extractors' planes (native memory).</summary>
        public void Dispose()
        {
            foreach (VifExtractor vif in Vif)
            {
                vif.Dispose();
            }
        }
    }

    /// <summary>
    /// One frame in flight: both lumas (followed by the chroma planes when PSNR reads them), the previous frame's
    /// slot (for the SAD) and the results. With one thread every slot shares one distorted buffer (a frame is
    /// computed before the next is read).
    /// </summary>
    private sealed class Slot
    {
        // On a device these are pinned arrays: it uploads straight from a frame's buffers while it is in flight. On the
        // CPU they are ranges of the stream's NativeBuffer, used while the stream holds it.
        private readonly VideoFormat _format;
        private readonly byte[]? _referenceArray, _distortedArray;
        private readonly NativeBuffer? _buffer;
        private readonly long _referenceAt, _distortedAt;
        private readonly int _bytes;

        public Slot(VideoFormat format, Plan plan, byte[] reference, byte[] distorted)
            : this(format, plan)
        {
            _referenceArray = reference;
            _distortedArray = distorted;
        }

        public Slot(VideoFormat format, Plan plan, NativeBuffer buffer, long referenceAt, long distortedAt, int bytes)
            : this(format, plan)
        {
            _buffer = buffer;
            _referenceAt = referenceAt;
            _distortedAt = distortedAt;
            _bytes = bytes;
        }

        private Slot(VideoFormat format, Plan plan)
        {
            _format = format;
            Adm = new AdmScores[plan.Adm.Length];
            Vif = new VifScores[plan.Vif.Length];
        }

        public ManualResetEventSlim Done { get; } = new();

        public int Index { get; private set; }

        public Slot? Previous { get; private set; }

        public double Sad { get; set; }

        public AdmScores[] Adm { get; }

        public VifScores[] Vif { get; }

        public PsnrValues? Psnr { get; set; }

        public Exception? Error { get; set; }

        public Span<byte> ReferenceBytes => _referenceArray ?? _buffer!.Slice(_referenceAt, _bytes);

        public Span<byte> DistortedBytes => _distortedArray ?? _buffer!.Slice(_distortedAt, _bytes);

        public byte[] ReferenceArray => _referenceArray!;

        public byte[] DistortedArray => _distortedArray!;

        public LumaPlane Reference => new(ReferenceBytes[.._format.LumaBytes], _format.Width, _format.Height, _format.Width, _format.BitDepth);

        public LumaPlane Distorted => new(DistortedBytes[.._format.LumaBytes], _format.Width, _format.Height, _format.Width, _format.BitDepth);

        /// <summary>Takes the frame whose lumas were just written into <see cref="ReferenceBytes"/> and <see cref="DistortedBytes"/>.</summary>
        public void Load(int index, Slot? previous)
        {
            Index = index;
            Previous = previous;
            Sad = 0;
            Array.Clear(Adm);
            Array.Clear(Vif);
            Psnr = null;
            Error = null;
            Done.Reset();
        }
    }
}
