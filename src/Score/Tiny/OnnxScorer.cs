using System.Runtime.InteropServices;
using VmafTiny.Features;
using VmafTiny.Score.Tiny.Ort;

namespace VmafTiny.Score.Tiny;

/// <summary>
/// Scores frames with a vmaf_tiny-contract ONNX model (<see cref="ModelContract"/>) through ONNX Runtime on the CPU.
/// </summary>
/// <remarks>
/// Loading checks, in order: the directory jail (<see cref="ModelJail"/>), the sidecar and registry entry, the
/// file's sha256 against the trusted entry, the declared contract, and then, with the session built from the
/// very bytes that were hashed, the graph's real input/output names, element types and shapes (loaded with
/// <c>inBackground</c>, this last step and ONNX Runtime's start run on a thread-pool thread, and their errors come from
/// the first <see cref="Score"/> or <see cref="WaitLoaded"/>; disposing waits for that thread). The graph has
/// no clip; <see cref="Score"/> clamps to [0, 100] and <see cref="Predict"/> does not. ONNX Runtime is called through
/// this project's own binding of its C API (<see cref="OrtApi"/>), which needs no code generated at run time.
/// </remarks>
public sealed class OnnxScorer : IFrameScorer
{
    /// <summary>The id of the model this build ships (embedded in this assembly).</summary>
    public const string BundledId = "vmaf_tiny_v2";

    /// <summary>The only execution provider this scorer registers.</summary>
    public const string CpuExecutionProvider = "CPUExecutionProvider";

    /// <summary>Frames per ONNX Runtime call; larger spans are scored in chunks of this size.</summary>
    public const int MaxBatch = 4096;

    /// <summary>
    /// Frames per call this scorer prefers (<see cref="IFrameScorer.PreferredBatch"/>): each ONNX Runtime call costs about
    /// 0.07-0.13 ms on the project's machine beyond the graph's own work (the tensors, the run's set-up; two measurements),
    /// 7-12 ms over a 96-frame clip scored frame by frame; in calls of 16 frames the clip takes 6.
    /// </summary>
    public const int PreferredBatchSize = 16;

    private static readonly byte[] InputName = OrtUtf8.Z(ModelContract.InputName);
    private static readonly byte[] OutputName = OrtUtf8.Z(ModelContract.OutputName);

    private static long s_live;

    private readonly Task<OrtSession>? _loading;   // the session being created in the background, or null
    private readonly object _gate = new();         // guards _active and _disposed against Dispose (Monitor.Wait)
    private OrtSession? _session;
    private int _disposed;
    private int _active;                           // Score and Predict calls in flight, under _gate

    private OnnxScorer(TrustedModel model, bool inBackground)
    {
        Manifest = model.Manifest;
        Origin = model.Origin;
        if (inBackground)
        {
            // The bytes were checked (sha256, sidecar, contract) above; only ONNX Runtime's own work waits.
            OrtLibrary.DisableTelemetry();
            _loading = Task.Run(() => CreateSession(model.OnnxBytes));
        }
        else
        {
            // In a process that owns its heap, ONNX Runtime's start on the main thread draws from huge pages (OrtHeap).
            _session = TuneProcessHeap ? OrtHeap.WithHugePages(() => CreateSession(model.OnnxBytes)) : CreateSession(model.OnnxBytes);
        }
    }

    /// <summary>
    /// Set by an application that owns its process (the CLI sets it first thing): a session created in the foreground
    /// on the process's main thread then grows glibc's main heap once, by 16 MiB advised for transparent huge pages,
    /// for ONNX Runtime's start (its ~8.5 MiB of tables in a handful of page faults rather than ~2000: about 30 ms less
    /// CPU), and leaves glibc's mmap and trim thresholds at 32 and 64 MiB. Off by default: a library must not retune
    /// its host's malloc.
    /// </summary>
    public static bool TuneProcessHeap { get; set; }

    /// <summary>The trusted manifest the model was loaded through.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The model's path as given, or "bundled model ID".</summary>
    public string Origin { get; }

    /// <summary>The model's id.</summary>
    public string Id => Manifest.Id;

    /// <inheritdoc/>
    public string LogKey => Manifest.Id;

    /// <summary>The execution provider that runs the graph: always <see cref="CpuExecutionProvider"/>.</summary>
    public string ExecutionProvider => CpuExecutionProvider;

    /// <inheritdoc/>
    public string Description => $"{Manifest.Id} (ONNX Runtime, {ExecutionProvider})";

    /// <summary>The providers this ONNX Runtime build offers (only the CPU one is used).</summary>
    public static IReadOnlyList<string> AvailableProviders
    {
        get
        {
            return OrtEnvironment.AvailableProviders();
        }
    }

    /// <summary>Loads the model this build ships (<see cref="BundledId"/>, embedded with its registry).</summary>
    /// <exception cref="VmafTinyException">The embedded files are missing or fail their checks.</exception>
    public static OnnxScorer LoadBundled() => LoadBundled(inBackground: false);

    /// <summary>
    /// As <see cref="LoadBundled()"/>; with <paramref name="inBackground"/> the checks of the model's bytes run now and
    /// ONNX Runtime's own start (its library, environment and session: about 0.1 s) on a thread-pool thread, so that
    /// it overlaps whatever the caller does next; the first <see cref="Score"/> (or <see cref="WaitLoaded"/>) waits
    /// for it and throws its error.
    /// </summary>
    /// <exception cref="VmafTinyException">The embedded files are missing or fail their checks.</exception>
    public static OnnxScorer LoadBundled(bool inBackground) => new(ModelLoader.FromBundle(BundledId), inBackground);

    /// <summary>
    /// Loads <paramref name="onnxPath"/> through its sidecar (<c>NAME.json</c> beside it) and, when the directory
    /// has one, <c>registry.json</c>; the jail is <c>VMAF_TINY_MODEL_DIR</c> when that is set.
    /// </summary>
    /// <exception cref="VmafTinyException">Any check fails; the message is one line naming the file and the problem.</exception>
    public static OnnxScorer Load(string onnxPath) => Load(onnxPath, ModelJail.FromEnvironment());

    /// <summary>As <see cref="Load(string)"/>, with an explicit jail directory (null: no jail).</summary>
    public static OnnxScorer Load(string onnxPath, string? jailDirectory) => Load(onnxPath, jailDirectory, inBackground: false);

    /// <summary>
    /// As <see cref="Load(string, string)"/>; with <paramref name="inBackground"/>, ONNX Runtime's session is created on a
    /// thread-pool thread, as <see cref="LoadBundled(bool)"/> does: the file's own checks (jail, sidecar, registry,
    /// sha256, declared contract) still throw here, the graph's check and ONNX Runtime's errors at the first
    /// <see cref="Score"/> or <see cref="WaitLoaded"/>.
    /// </summary>
    /// <exception cref="VmafTinyException">Any check of the file fails; the message is one line naming the file and the problem.</exception>
    public static OnnxScorer Load(string onnxPath, string? jailDirectory, bool inBackground) =>
        new(ModelLoader.FromPath(onnxPath, jailDirectory), inBackground);

    /// <summary>
    /// False while ONNX Runtime's session is still being created in the background (<c>inBackground</c>): a
    /// <see cref="Score"/> now would wait for it. True once it exists or its creation failed (the next score throws).
    /// </summary>
    public bool IsReady => _loading is null || _loading.IsCompleted;

    /// <inheritdoc/>
    public int PreferredBatch => PreferredBatchSize;

    /// <inheritdoc/>
    public unsafe void Score(ReadOnlySpan<FrameFeatures> frames, Span<double> scores)
    {
        if (scores.Length < frames.Length)
        {
            throw new ArgumentException("one score slot per frame is needed", nameof(scores));
        }

        if (frames.IsEmpty)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            return;
        }

        Enter();
        try
        {
            ScoreEntered?.Invoke();
            ScoreBatches(frames, scores);
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Test hook: runs inside <see cref="Score"/>, after it has entered the guard that <see cref="Dispose"/> waits for.</summary>
    internal Action? ScoreEntered { get; set; }

    private unsafe void ScoreBatches(ReadOnlySpan<FrameFeatures> frames, Span<double> scores)
    {
        // One native block for a batch's rows and its scores: ONNX Runtime reads and writes it in place.
        var n = Math.Min(frames.Length, MaxBatch);
        var input = (float*)NativeMemory.Alloc((nuint)(n * (ModelContract.FeatureCount + 1)), sizeof(float));
        float* output = input + (n * ModelContract.FeatureCount);
        try
        {
            Span<double> row = stackalloc double[ModelContract.FeatureCount];
            for (var start = 0; start < frames.Length; start += MaxBatch)
            {
                var count = Math.Min(MaxBatch, frames.Length - start);
                for (var i = 0; i < count; i++)
                {
                    frames[start + i].CopyTo(row);
                    for (var j = 0; j < ModelContract.FeatureCount; j++)
                    {
                        input[(i * ModelContract.FeatureCount) + j] = (float)row[j];
                    }
                }

                Run(input, output, count, frames[start].Index);
                for (var i = 0; i < count; i++)
                {
                    float value = output[i];
                    if (!float.IsFinite(value))
                    {
                        // A clamp would turn NaN into NaN and infinity into 0 or 100: either way a wrong score.
                        throw new VmafTinyException(
                            $"{Origin}: the model's score for frame {frames[start + i].Index} is {value}; refusing a non-finite score");
                    }

                    scores[start + i] = Math.Clamp((double)value, 0.0, 100.0);
                }
            }
        }
        finally
        {
            NativeMemory.Free(input);
        }
    }

    /// <summary>
    /// Runs the graph as it is, without the clamp: <paramref name="features"/> holds N rows of six raw values
    /// (row-major, <see cref="FrameFeatures.Names"/> order) and <paramref name="output"/> receives N values.
    /// </summary>
    public unsafe void Predict(ReadOnlySpan<float> features, Span<float> output)
    {
        if (features.Length != output.Length * ModelContract.FeatureCount)
        {
            throw new ArgumentException($"features must hold {ModelContract.FeatureCount} values per output", nameof(features));
        }

        // The caller's memory, pinned, is the tensors' (ONNX Runtime only reads the input).
        Enter();
        try
        {
            fixed (float* x = features)
            fixed (float* y = output)
            {
                for (var start = 0; start < output.Length; start += MaxBatch)
                {
                    Run(x + (start * ModelContract.FeatureCount), y + start, Math.Min(MaxBatch, output.Length - start), start);
                }
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Counts a <see cref="Score"/> or <see cref="Predict"/> in; after <see cref="Dispose"/> began, throws instead.</summary>
    private void Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed == 1, this);
            _active++;
        }
    }

    /// <summary>Counts a call out, waking a <see cref="Dispose"/> that waits for the last one.</summary>
    private void Exit()
    {
        lock (_gate)
        {
            if (--_active == 0 && _disposed == 1)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Safe while other threads score: calls already inside <see cref="Score"/> or <see cref="Predict"/> finish first (this
    /// waits for them), later ones throw <see cref="ObjectDisposedException"/>; the session is freed after the last.
    /// </remarks>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed == 1)
            {
                return;
            }

            Volatile.Write(ref _disposed, 1);
            while (_active > 0)
            {
                Monitor.Wait(_gate);
            }
        }

        if (_session is null && _loading is not null)
        {
            // A session still being created is waited for and freed; a failed creation left nothing to free (its error
            // is the first Score's or WaitLoaded's, and a scorer disposed unused has nothing to report).
            try
            {
                _session = _loading.GetAwaiter().GetResult();
            }
            catch (VmafTinyException)
            {
            }
        }

        if (_session is not null)
        {
            _session.Dispose();
            Interlocked.Decrement(ref s_live);
        }
    }

    /// <summary>
    /// Waits until ONNX Runtime's session exists: at once for a scorer loaded in the foreground; for one loaded with
    /// <c>inBackground</c>, until its creation ends, throwing its error (as the first <see cref="Score"/> would).
    /// </summary>
    /// <exception cref="VmafTinyException">ONNX Runtime cannot be loaded, or cannot load the model, or the graph breaks the contract.</exception>
    public void WaitLoaded()
    {
        Enter();
        try
        {
            _ = Session;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// The session, once created (the first call after a background load waits for it and rethrows its error). Read only
    /// between <see cref="Enter"/> and <see cref="Exit"/>, so that <see cref="Dispose"/> cannot free it meanwhile.
    /// </summary>
    private OrtSession Session => _session ??= _loading!.GetAwaiter().GetResult();

    /// <summary>Sessions created and not yet disposed (tests check that a run frees every one).</summary>
    internal static long LiveSessions => Interlocked.Read(ref s_live);

    /// <summary>Runs one batch; a failure inside ONNX Runtime becomes one line naming the model and the first frame.</summary>
    private unsafe void Run(float* input, float* output, int count, int firstFrame)
    {
        nint x = nint.Zero, y = nint.Zero;
        try
        {
            x = OrtValue.CreateTensor(input, [count, ModelContract.FeatureCount]);
            y = OrtValue.CreateTensor(output, [count]);
            fixed (byte* inputName = InputName)
            fixed (byte* outputName = OutputName)
            {
                Session.Run(inputName, x, outputName, y);
            }
        }
        catch (OrtException ex)
        {
            string detail = ModelManifest.OneLine(ex.Message);
            string frames = count == 1 ? $"frame {firstFrame}" : $"frames {firstFrame}..{firstFrame + count - 1}";
            throw new VmafTinyException(
                $"{Origin}: ONNX Runtime failed scoring {frames} ({(detail.Length > 0 ? detail : OrtEnvironment.LastMessage ?? "no detail")})", ex);
        }
        finally
        {
            OrtValue.Release(y);
            OrtValue.Release(x);
        }
    }

    /// <summary>
    /// ONNX Runtime's session for the checked bytes (loading the library and creating its environment first, once per
    /// process), with the graph it actually loaded checked against the contract.
    /// </summary>
    private OrtSession CreateSession(byte[] onnx)
    {
        OrtSession session;
        try
        {
            using var options = OrtSessionOptions.Create()

                // A 257-parameter graph: threads would cost more than they save, and one thread keeps results stable.
                .IntraOpThreads(1)
                .InterOpThreads(1)
                .Execution(ExecutionMode.Sequential)
                .Optimization(GraphOptimizationLevel.EnableAll)
                .LogSeverity(OrtLoggingLevel.Error)
                .LogId("vmaf-tiny")

                // Tensors of a few KB: an arena or planned memory patterns only cost start-up time and resident memory.
                .NoCpuMemArena()
                .NoMemPattern()

                // No spinning thread pools: with one intra-op thread ORT runs on the caller's thread, and nothing may
                // spin on a core the feature kernels need.
                .ConfigEntry("session.intra_op.allow_spinning", "0")
                .ConfigEntry("session.inter_op.allow_spinning", "0");
            session = OrtSession.Create(onnx, options);
        }
        catch (OrtException ex)
        {
            throw new VmafTinyException($"{Origin}: ONNX Runtime cannot load the model ({ModelManifest.OneLine(ex.Message)})", ex);
        }

        try
        {
            CheckGraph(session);
            Interlocked.Increment(ref s_live);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Checks the graph ONNX Runtime actually loaded against the contract (the sidecar already declared it).</summary>
    private void CheckGraph(OrtSession session)
    {
        try
        {
            CheckSide("input", session.Inputs(), ModelContract.InputName, ModelContract.InputShape);
            CheckSide("output", session.Outputs(), ModelContract.OutputName, ModelContract.OutputShape);
        }
        catch (OrtException ex)
        {
            throw new VmafTinyException($"{Origin}: ONNX Runtime cannot describe the model's graph ({ModelManifest.OneLine(ex.Message)})", ex);
        }
    }

    private void CheckSide(string side, OrtNodeInfo[] nodes, string name, IReadOnlyList<long> shape)
    {
        string Fail(string problem) => $"{Origin}: graph does not match the vmaf_tiny contract: {problem}";
        if (nodes.Length != 1 || nodes[0].Name != name)
        {
            throw new VmafTinyException(Fail($"{side}s are [{string.Join(", ", Array.ConvertAll(nodes, static n => n.Name))}], expected exactly [{name}]"));
        }

        var m = nodes[0];
        if (!m.IsTensor || m.ElementType != TensorElementType.Float)
        {
            throw new VmafTinyException(Fail($"{side} '{name}' is {(m.IsTensor ? m.ElementType.ToString() : m.Type.ToString())}, expected a float32 tensor"));
        }

        if (!ModelContract.SameShape(m.Dimensions, shape))
        {
            throw new VmafTinyException(Fail($"{side} '{name}' has shape {ModelManifest.ShapeText(m.Dimensions)}, expected {ModelManifest.ShapeText(shape)}"));
        }
    }
}
