using VmafTiny.Features;
using VmafTiny.Score.Logs;

namespace VmafTiny.Native;

/// <summary>
/// <c>VmafContext</c>: the extractors registered (by models and by name), a <see cref="FeatureStream"/> started at the
/// first picture, the feature collector every computed, imported and predicted value goes into, the picture pool,
/// and the state libvmaf's functions check (pictures read, flushed). One lock per context: calls on one context from
/// several threads are serialised; <see cref="PicturePool.Fetch"/> waits outside it, so a thread may wait for a
/// pooled picture while another reads pictures, as libvmaf's pool allows.
/// </summary>
/// <remarks>
/// What libvmaf does and vmaf-tiny does the same way: <c>n_threads</c> 0 computes in the calling thread, N on N worker
/// threads; <c>n_subsample</c> N computes ADM and VIF on pictures whose index is a multiple of N (motion on every
/// picture); <c>cpumask</c> bits 8 (no AVX2) and 16 (no AVX-512) cap the kernels' path; every output libvmaf's
/// integer extractors write is computed, so a log is libvmaf's byte for byte. Where vmaf-tiny is stricter: pictures
/// are read with indices 0, 1, 2, ... (libvmaf's motion assumes it too), reference and distorted pictures must agree
/// in bit depth, and extractors are registered before the first picture.
/// </remarks>
internal sealed unsafe class Context : IDisposable
{
    private readonly object _gate = new();
    private readonly List<ExtractorOptions> _extractors = new();
    private readonly List<FrameFeatures> _ready = new();
    private readonly LumaPairSource _fill;
    private FeatureStream? _stream;
    private string[] _keys = [];
    private string[] _flushKeys = [];
    private readonly List<(uint Index, string Key, double Value)> _held = new();
    private int _storedEarly; // pictures below this index had their per-picture values stored when they were read
    private FeatureStream? _refusedStream; // the extractors before psnr, for pictures 1, 2, ... psnr refused (n_threads 0)
    private bool _unreachedAfterPsnr; // psnr refused pictures, and extractors registered after it computed none
    private bool _extractorsReached;
    private VmafPicture* _reference;
    private VmafPicture* _distorted;
    private PictureFormat? _format;
    private YuvFrame? _referenceFrame;
    private YuvFrame? _distortedFrame;
    private Features.Psnr.ApsnrValues? _apsnr;

    public Context(VmafConfiguration config)
    {
        NativeLog.SetLevel(config.LogLevel);
        Config = config;
        Threads = config.Threads == 0 ? 1 : (int)Math.Min(config.Threads, (uint)FeatureOptions.MaxThreads);
        Subsample = config.Subsample <= 1 ? 1 : config.Subsample;
        Cpu = CpuDispatch.FromLibvmafCpuMask((uint)config.CpuMask);
        _fill = Fill;
        if (NativeLog.Enabled(Abi.LogDebug))
        {
            NativeLog.Debug(
                $"{Bridge.Version} (libvmaf {Bridge.ApiVersion} API): {Bridge.BuildDescription}, feature kernels " +
                $"{CpuDispatch.Name(CpuDispatch.Resolve(Cpu))} (cpumask 0x{config.CpuMask:x}), " +
                $"{(config.Threads == 0 ? "the calling thread" : $"{Threads} worker threads")}, subsample {Subsample}");
        }
    }

    /// <summary>The configuration given to <c>vmaf_init</c>.</summary>
    public VmafConfiguration Config { get; }

    /// <summary>Feature worker threads (<c>n_threads</c> 0 means computing in the caller's thread: 1 here).</summary>
    public int Threads { get; }

    /// <summary><c>n_subsample</c>, at least 1.</summary>
    public uint Subsample { get; }

    /// <summary>The kernels' ceiling from <c>cpumask</c>.</summary>
    public CpuPath Cpu { get; }

    /// <summary>Every value computed, imported or predicted.</summary>
    public FeatureCollector Collector { get; } = new();

    /// <summary>Pictures read so far (libvmaf's <c>pic_cnt</c>).</summary>
    public uint PicturesRead { get; private set; }

    /// <summary>True once <c>vmaf_read_pictures(NULL, NULL)</c> has flushed the extractors.</summary>
    public bool Flushed { get; private set; }

    /// <summary>The pool of <c>vmaf_preallocate_pictures</c>, or null.</summary>
    public PicturePool? Pool { get; private set; }

    /// <summary>Serialises calls on this context.</summary>
    public object Gate => _gate;

    /// <summary>
    /// Whether libvmaf's flush goes through registered extractors that a picture must have initialised (else it is
    /// −EINVAL): every extractor in the calling thread (<c>n_threads</c> 0), the temporal ones (PSNR) with its
    /// thread pool, whose other extractors it flushes without that check.
    /// </summary>
    private bool FlushesThroughExtractors => Config.Threads == 0 ? _extractors.Count > 0 : _extractors.Any(e => e.Temporal);

    /// <summary><c>vmaf_use_features_from_model</c>: registers the extractors the model reads.</summary>
    public int UseFeatures(NativeModel model, string function)
    {
        if (_format is not null)
        {
            return Errors.Invalid(function, "extractors are registered before the first picture is read");
        }

        _extractors.AddRange(model.Extractors);
        return 0;
    }

    /// <summary><c>vmaf_use_feature</c>: registers extractor <paramref name="name"/> with <paramref name="options"/>.</summary>
    /// <exception cref="VmafTinyException">An extractor or option vmaf-tiny does not compute.</exception>
    public int UseFeature(string name, IReadOnlyList<KeyValuePair<string, string>> options, string function)
    {
        if (_format is not null)
        {
            return Errors.Invalid(function, "extractors are registered before the first picture is read");
        }

        _extractors.Add(ExtractorOptions.Create(name, options));
        return 0;
    }

    /// <summary><c>vmaf_import_feature_score</c>.</summary>
    public int Import(string name, double value, uint index, string function) => Append(name, value, index, function);

    /// <summary><c>vmaf_read_pictures</c> with two pictures: checks them, computes (or queues) the pair, unrefs both.</summary>
    public int Read(VmafPicture* reference, VmafPicture* distorted, uint index, string function)
    {
        if (Flushed)
        {
            return Errors.Invalid(function, "the context has been flushed: no more pictures can be read");
        }

        if (PictureMemory.Check(reference, "reference") is { } badReference)
        {
            return Errors.Invalid(function, badReference);
        }

        if (PictureMemory.Check(distorted, "distorted") is { } badDistorted)
        {
            return Errors.Invalid(function, badDistorted);
        }

        var format = PictureFormat.Of(reference);
        if (PictureFormat.Of(distorted) != format)
        {
            return Errors.Invalid(function, $"the reference picture is {format} and the distorted one {PictureFormat.Of(distorted)}: they must agree");
        }

        if (_format is { } first && format != first)
        {
            return Errors.Invalid(function, $"picture {index} is {format}, the first picture was {first}");
        }

        if (index != PicturesRead)
        {
            return Errors.Invalid(function, $"pictures are read in order: expected index {PicturesRead}, got {index}");
        }

        // libvmaf initialises its extractors here (a flush no longer refuses), then its psnr refuses the bit depth.
        _extractorsReached = true;
        if (!PsnrExtractorOptions.ComputesBitDepth((int)format.BitDepth) && _extractors.Any(e => e is PsnrExtractorOptions))
        {
            return RefuseBitDepth(reference, distorted, format, index, function);
        }

        if (_format is null)
        {
            Start(format);
            _format = format;
        }

        if (_referenceFrame is not null && _distortedFrame is not null)
        {
            // PSNR with chroma reads whole frames: the pictures' planes are copied into the stream's frame layout.
            PictureMemory.CopyPlanes(reference, _referenceFrame);
            PictureMemory.CopyPlanes(distorted, _distortedFrame);
            foreach (FrameFeatures frame in _stream!.Push(_referenceFrame, _distortedFrame))
            {
                _ready.Add(frame);
            }
        }
        else if (_stream is not null)
        {
            _reference = reference;
            _distorted = distorted;
            try
            {
                _stream.Push(_fill, _ready);
            }
            finally
            {
                _reference = null;
                _distorted = null;
            }
        }

        PicturesRead++;
        PictureMemory.Unref(reference);
        PictureMemory.Unref(distorted);
        return Collect(function);
    }

    /// <summary><c>vmaf_read_pictures(NULL, NULL)</c>: computes what is still in flight and ends the stream.</summary>
    public int Flush(string function)
    {
        if (Flushed)
        {
            return Errors.Invalid(function, "the context has already been flushed");
        }

        if (!_extractorsReached && FlushesThroughExtractors)
        {
            return Errors.Invalid(function, "no pictures have been read: the extractors have nothing to flush");
        }

        if (_unreachedAfterPsnr)
        {
            // libvmaf flushes the extractors a picture initialised (motion's values of picture 0 among them), fails on
            // those registered after psnr, which none did, and leaves the context unflushed.
            AppendHeld(function);
            return Errors.Invalid(function, "psnr refused every picture read: the extractors registered after it computed none");
        }

        _stream?.Complete(_ready);
        _apsnr = _stream?.Apsnr;
        Flushed = true;
        return Collect(function);
    }

    /// <summary><c>vmaf_score_at_index</c>: the model's stored score, else a prediction from the collector, stored.</summary>
    public int Score(NativeModel model, uint index, out double score, string function)
    {
        if (Collector.TryGet(model.Name, index, out score))
        {
            return 0;
        }

        IReadOnlyList<string> inputs = model.Inputs;
        Span<double> six = stackalloc double[6];
        six.Fill(double.NaN);
        Dictionary<string, double>? extra = null;
        foreach (string key in inputs)
        {
            if (!Collector.TryGet(key, index, out double value))
            {
                return Errors.Invalid(function, $"no feature '{key}' at index {index}");
            }

            int six_ = Array.IndexOf(FrameFeatures.LogKeys, key);
            if (six_ >= 0)
            {
                six[six_] = value;
            }
            else
            {
                (extra ??= new(StringComparer.Ordinal))[key] = value;
            }
        }

        var frame = new FrameFeatures((int)index, six[0], six[1], six[2], six[3], six[4], six[5]) { Extra = extra };
        Span<double> result = stackalloc double[1];
        model.Model.Scorer.Score(new ReadOnlySpan<FrameFeatures>(in frame), result);
        score = result[0];
        if (!double.IsFinite(score))
        {
            return Errors.Invalid(function, $"model {model.Name}: the score at index {index} is {score}; refusing a non-finite score");
        }

        if (Collector.Append(model.Name, score, index) is { } problem)
        {
            return Errors.Invalid(function, problem);
        }

        return 0;
    }

    /// <summary><c>vmaf_feature_score_pooled</c>, step for step as libvmaf pools (its order of operations and its quirks).</summary>
    public int PoolFeature(string name, int method, uint low, uint high, out double score, string function, bool quiet = false)
    {
        score = 0;
        if (low > high || method is <= Abi.PoolUnknown or >= Abi.PoolCount)
        {
            return quiet ? -Abi.EINVAL : Errors.Invalid(function, low > high ? $"index_low {low} is above index_high {high}" : $"unknown pooling method {method}");
        }

        uint count = 0;
        double min = 0, max = 0, sum = 0, inverseSum = 0;
        for (long i = low; i <= high; i++)
        {
            if (Subsample > 1 && i % Subsample != 0)
            {
                continue;
            }

            count++;
            if (!Collector.TryGet(name, (uint)i, out double s))
            {
                return quiet ? -Abi.EINVAL : Errors.Invalid(function, $"no feature '{LibvmafNames.Alias(name)}' at index {i}");
            }

            sum += s;
            inverseSum += 1.0 / (s + 1.0);
            if (i == low || s < min)
            {
                min = s;
            }

            if (i == low || s > max)
            {
                max = s;
            }
        }

        score = method switch
        {
            Abi.PoolMean => sum / count,
            Abi.PoolMin => min,
            Abi.PoolMax => max,
            _ => count / inverseSum - 1.0,
        };
        return 0;
    }

    /// <summary><c>vmaf_score_pooled</c>: scores every index of the interval (as libvmaf does, storing them), then pools.</summary>
    public int ScorePooled(NativeModel model, int method, uint low, uint high, out double score, string function)
    {
        score = 0;
        if (low > high || method is <= Abi.PoolUnknown or >= Abi.PoolCount)
        {
            return Errors.Invalid(function, low > high ? $"index_low {low} is above index_high {high}" : $"unknown pooling method {method}");
        }

        for (long i = low; i <= high; i++)
        {
            if (Subsample > 1 && i % Subsample != 0)
            {
                continue;
            }

            int err = Score(model, (uint)i, out _, function);
            if (err != 0)
            {
                return err;
            }
        }

        return PoolFeature(model.Name, method, low, high, out score, function);
    }

    /// <summary>
    /// The collector as libvmaf's log: pictures whose index is a multiple of <c>n_subsample</c> with every value they
    /// have, each feature pooled over pictures 0 .. pic_cnt − 1 (no pooled values where one is missing, as libvmaf).
    /// </summary>
    public VmafLog ToLog()
    {
        var frames = new List<LogFrame>();
        uint end = Collector.End;
        for (uint i = 0; i < end; i++)
        {
            if (Subsample > 1 && i % Subsample != 0)
            {
                continue;
            }

            var metrics = new List<LogMetric>();
            foreach (FeatureCollector.Feature feature in Collector.Features)
            {
                if (feature.TryGet(i, out double value))
                {
                    metrics.Add(new LogMetric(feature.Name, value));
                }
            }

            if (metrics.Count > 0)
            {
                frames.Add(new LogFrame((int)i, metrics));
            }
        }

        var pooled = new List<PooledMetric>();
        uint high = PicturesRead - 1; // libvmaf's unsigned pic_cnt - 1
        Span<double> values = stackalloc double[4];
        foreach (FeatureCollector.Feature feature in Collector.Features)
        {
            bool ok = true;
            for (int m = 0; m < 4 && ok; m++)
            {
                ok = PoolFeature(feature.Name, Abi.PoolMin + m, 0, high, out values[m], "vmaf_write_output", quiet: true) == 0;
            }

            pooled.Add(ok
                ? new PooledMetric(feature.Name, new Score.PooledValues(values[0], values[1], values[2], values[3]))
                : PooledMetric.Unavailable(feature.Name));
        }

        double seconds = Collector.Seconds;
        double fps = PicturesRead / seconds;
        // libvmaf's aggregate metrics: PSNR's apsnr_y/cb/cr with enable_apsnr, once flushed.
        LogMetric[]? aggregate = _apsnr?.Metrics().Select(m => new LogMetric(m.Key, m.Value)).ToArray();
        // libvmaf's CSV header lists every feature of the collector in the order first written, whatever the frame.
        string[] keys = Collector.Features.Select(f => f.Name).ToArray();
        return new VmafLog(Bridge.Version, fps, (int)(_format?.Width ?? 0), (int)(_format?.Height ?? 0), frames, pooled, aggregate, metricKeys: keys);
    }

    /// <summary><c>vmaf_preallocate_pictures</c>.</summary>
    public int Preallocate(in VmafPictureConfiguration config, string function)
    {
        if (Pool is not null)
        {
            return Errors.Invalid(function, "pictures have already been preallocated for this context");
        }

        if (PicturePool.Create(config, function, out PicturePool? pool) is var err && err != 0)
        {
            return err;
        }

        Pool = pool;
        return 0;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
        _refusedStream?.Dispose();
        _refusedStream = null;
        Pool?.Close();
        Pool = null;
    }

    private void Start(PictureFormat format)
    {
        if (_extractors.Count == 0)
        {
            return;
        }

        VideoFormat video = Video(format);
        FeatureOptions options = Options(_extractors, null) with { Threads = Threads };
        _stream = new FeatureStream(video, options);
        if (_stream.KeepsChroma)
        {
            _referenceFrame = new YuvFrame(video);
            _distortedFrame = new YuvFrame(video);
        }

        // libvmaf's order of first storage: each extractor's per-picture outputs, then those written at the next
        // picture or the flush (motion2, motion3); with its thread pool (n_threads >= 1) temporal extractors first.
        IReadOnlyList<ExtractorOptions> extractors = options.ResolvedExtractors;
        if (Config.Threads > 0)
        {
            extractors = extractors.Where(e => e.Temporal).Concat(extractors.Where(e => !e.Temporal)).ToArray();
        }

        _keys = extractors.SelectMany(e => e.FrameKeys(true)).ToArray();
        _flushKeys = extractors.SelectMany(e => e.FlushKeys(true)).ToArray();
        if (NativeLog.Enabled(Abi.LogDebug))
        {
            NativeLog.Debug(
                $"computing {string.Join(", ", extractors.Select(e => e.Identity))} on {video} pictures, " +
                $"{CpuDispatch.Name(CpuDispatch.Resolve(Cpu))} kernels, {options.EffectiveThreads} thread(s)");
        }
    }

    /// <summary>The stream format of pictures of <paramref name="format"/>.</summary>
    private static VideoFormat Video(PictureFormat format) => new((int)format.Width, (int)format.Height, (int)format.BitDepth, format.Chroma);

    /// <summary>The stream options computing <paramref name="extractors"/> in the calling thread, as libvmaf stores them.</summary>
    private FeatureOptions Options(IReadOnlyList<ExtractorOptions> extractors, FrameWindow? window) => new()
    {
        Threads = 1,
        Subsample = (int)Math.Min(Subsample, int.MaxValue),
        Cpu = Cpu,
        Extractors = extractors.ToArray(),
        LibvmafOutputs = true,
        EmitSubsampledFrames = true, // libvmaf keeps motion and PSNR at every index, subsampled or not
        Window = window,
    };

    /// <summary>
    /// Moves the frames the stream finished into the collector, each value under its log key. The values libvmaf's
    /// motion writes only at the flush (motion2, motion3) are held until then, so that before the flush a model's
    /// score, those features and the log are missing as with libvmaf. Computing in the calling thread, the picture
    /// just read has its other values stored at once (<see cref="StoreLast"/>), as libvmaf's extractors write them.
    /// </summary>
    private int Collect(string function)
    {
        int err = 0;
        foreach (FrameFeatures frame in _ready)
        {
            if (frame.Index >= _storedEarly)
            {
                err |= StoreKeys(frame, function);
            }

            foreach (string key in _flushKeys)
            {
                if (frame.TryGet(key, out double value))
                {
                    _held.Add(((uint)frame.Index, key, value));
                }
            }
        }

        _ready.Clear();
        err |= StoreLast(function);
        if (Flushed)
        {
            AppendHeld(function);
        }

        return err;
    }

    /// <summary>
    /// Appends the values held for the flush. libvmaf's motion flush ignores what its appends return: a value already
    /// imported at that index stays, with the collector's warning, and the flush succeeds.
    /// </summary>
    private void AppendHeld(string function)
    {
        foreach (var (index, key, value) in _held)
        {
            _ = Append(key, value, index, function);
        }

        _held.Clear();
    }

    /// <summary>
    /// psnr refuses the pictures' bit depth. libvmaf's read runs the extractors in the order registered and returns
    /// the first one's error: the picture is counted (<c>pic_cnt</c>) and stays the caller's. In the calling thread
    /// (<c>n_threads</c> 0) the extractors registered before psnr keep their values of the picture, but motion computes
    /// only picture 0 (a refused read leaves it no previous picture) and stops those after it at the next ones; with
    /// worker threads psnr runs first and nothing is kept. Every picture of the context is refused alike (one format).
    /// </summary>
    private int RefuseBitDepth(VmafPicture* reference, VmafPicture* distorted, PictureFormat format, uint index, string function)
    {
        _format ??= format;
        PicturesRead++;
        if (Config.Threads == 0)
        {
            List<ExtractorOptions> before = _extractors.TakeWhile(e => e is not PsnrExtractorOptions).ToList();
            _unreachedAfterPsnr |= before.Count + 1 < _extractors.Count;
            if (index > 0)
            {
                before = before.TakeWhile(e => e is not MotionOptions).ToList();
            }

            if (before.Count > 0)
            {
                ComputeRefused(reference, distorted, format, before, index, function);
            }
        }

        return Errors.Invalid(function, $"psnr computes 8, 10, 12 and 16-bit pictures (as libvmaf's), not {format.BitDepth}-bit ones");
    }

    /// <summary>
    /// Computes the picture psnr refused with <paramref name="extractors"/> (those libvmaf runs before psnr) and stores
    /// their values: picture 0 in a stream of its own, completed at once, whose values for the flush (motion's) are
    /// held; the later ones, which have no motion, in one stream starting at picture 1.
    /// </summary>
    private void ComputeRefused(VmafPicture* reference, VmafPicture* distorted, PictureFormat format, List<ExtractorOptions> extractors, uint index, string function)
    {
        FeatureStream stream;
        if (index == 0)
        {
            stream = new FeatureStream(Video(format), Options(extractors, null));
        }
        else
        {
            _refusedStream ??= new FeatureStream(Video(format), Options(extractors, new FrameWindow((int)index, (int)index, int.MaxValue)));
            stream = _refusedStream;
        }

        _reference = reference;
        _distorted = distorted;
        var frames = new List<FrameFeatures>();
        try
        {
            stream.Push(_fill, frames);
        }
        finally
        {
            _reference = null;
            _distorted = null;
        }

        IReadOnlyList<ExtractorOptions> resolved = Options(extractors, null).ResolvedExtractors;
        if (stream.PeekLast() is { } frame)
        {
            foreach (string key in resolved.SelectMany(e => e.FrameKeys(true)))
            {
                _ = Store(frame, key, function); // a value already there (imported) stays, with the collector's warning
            }
        }

        if (index == 0)
        {
            string[] flushKeys = resolved.SelectMany(e => e.FlushKeys(true)).ToArray();
            foreach (FrameFeatures last in stream.Complete())
            {
                foreach (string key in flushKeys)
                {
                    if (last.TryGet(key, out double value))
                    {
                        _held.Add(((uint)last.Index, key, value));
                    }
                }
            }
        }
    }

    /// <summary>
    /// With <c>n_threads</c> 0 (or 1: the stream computes in the calling thread) stores the per-picture values of the
    /// picture read last, which the stream emits only with its successor's SAD: libvmaf's ADM, VIF, motion SAD and
    /// PSNR write them as the picture is read, so every picture read can be looked up and pooled before the flush.
    /// </summary>
    private int StoreLast(string function)
    {
        if (Threads != 1 || Flushed || _stream?.PeekLast() is not { } last || last.Index < _storedEarly)
        {
            return 0;
        }

        _storedEarly = last.Index + 1;
        return StoreKeys(last, function);
    }

    /// <summary>Stores <paramref name="frame"/>'s per-picture values (every key but those written at the flush).</summary>
    private int StoreKeys(FrameFeatures frame, string function)
    {
        int err = 0;
        foreach (string key in _keys)
        {
            err |= Store(frame, key, function);
        }

        return err;
    }

    /// <summary>Stores <paramref name="frame"/>'s value of <paramref name="key"/>, when it has one.</summary>
    private int Store(FrameFeatures frame, string key, string function) =>
        frame.TryGet(key, out double value) ? Append(key, value, (uint)frame.Index, function) : 0;

    /// <summary>Appends one value to the collector; a refusal is a warning and −EINVAL.</summary>
    private int Append(string key, double value, uint index, string function)
    {
        if (Collector.Append(key, value, index) is not { } problem)
        {
            return 0;
        }

        NativeLog.Warning($"{function}: {problem}");
        return -Abi.EINVAL;
    }

    /// <summary>Copies the current pair's lumas into the stream's buffers (tightly packed rows).</summary>
    private bool Fill(Span<byte> reference, Span<byte> distorted)
    {
        PictureMemory.CopyLuma(_reference, reference);
        PictureMemory.CopyLuma(_distorted, distorted);
        return true;
    }
}

/// <summary>What the pictures of a context must share: size, bit depth, pixel format.</summary>
internal readonly record struct PictureFormat(uint Width, uint Height, uint BitDepth, int PixelFormat)
{
    public ChromaFormat Chroma => PixelFormat switch
    {
        Abi.Pix420 => ChromaFormat.Yuv420,
        Abi.Pix422 => ChromaFormat.Yuv422,
        Abi.Pix444 => ChromaFormat.Yuv444,
        _ => ChromaFormat.Mono,
    };

    public static unsafe PictureFormat Of(VmafPicture* p) => new(p->Width[0], p->Height[0], p->BitDepth, p->PixelFormat);

    public override string ToString() => $"{Width}x{Height} {VideoFormat.ChromaName(Chroma)} {BitDepth}-bit";
}
