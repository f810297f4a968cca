using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VmafTiny.Features;

namespace VmafTiny.Score.Tiny;

/// <summary>
/// Scores frames with a vmaf_tiny-contract ONNX model (<see cref="ModelContract"/>) through ONNX Runtime on the CPU.
/// </summary>
/// <remarks>
/// Loading checks, in order: the directory jail (<see cref="ModelJail"/>), the sidecar and registry entry, the
/// file's sha256 against the trusted entry, the declared contract, and then, with the session built from the
/// very bytes that were hashed, the graph's real input/output names, element types and shapes. The graph has
/// no clip; <see cref="Score"/> clamps to [0, 100] and <see cref="Predict"/> does not.
/// </remarks>
public sealed class OnnxScorer : IFrameScorer
{
    /// <summary>The id of the model this build ships (embedded in this assembly).</summary>
    public const string BundledId = "vmaf_tiny_v2";

    /// <summary>The only execution provider this scorer registers.</summary>
    public const string CpuExecutionProvider = "CPUExecutionProvider";

    /// <summary>Frames per ONNX Runtime call; larger spans are scored in chunks of this size.</summary>
    public const int MaxBatch = 4096;

    private static readonly string[] InputNames = [ModelContract.InputName];
    private static readonly string[] OutputNames = [ModelContract.OutputName];

    private static long s_live;

    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly RunOptions _runOptions = new();
    private int _disposed;

    static OnnxScorer() => OrtLibrary.Configure();

    private OnnxScorer(TrustedModel model)
    {
        Manifest = model.Manifest;
        Origin = model.Origin;
        OrtLog.EnsureEnvironment();
        _options = new SessionOptions
        {
            // A 257-parameter graph: threads would cost more than they save, and one thread keeps results stable.
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            LogId = "vmaf-tiny",

            // Tensors of a few KB: an arena or planned memory patterns only cost start-up time and resident memory.
            EnableCpuMemArena = false,
            EnableMemoryPattern = false,
        };

        // No spinning thread pools: with one intra-op thread ORT runs on the caller's thread, and nothing may spin
        // on a core the feature kernels need.
        _options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        try
        {
            _session = new InferenceSession(model.OnnxBytes, _options);
        }
        catch (OnnxRuntimeException ex)
        {
            _options.Dispose();
            _runOptions.Dispose();
            throw new VmafTinyException($"{Origin}: ONNX Runtime cannot load the model ({ModelManifest.OneLine(ex.Message)})", ex);
        }

        Interlocked.Increment(ref s_live);

        try
        {
            CheckGraph();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

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
            OrtLog.EnsureEnvironment();
            return OrtEnv.Instance().GetAvailableProviders();
        }
    }

    /// <summary>Loads the model this build ships (<see cref="BundledId"/>, embedded with its registry).</summary>
    /// <exception cref="VmafTinyException">The embedded files are missing or fail their checks.</exception>
    public static OnnxScorer LoadBundled() => new(ModelLoader.FromBundle(BundledId));

    /// <summary>
    /// Loads <paramref name="onnxPath"/> through its sidecar (<c>NAME.json</c> beside it) and, when the directory
    /// has one, <c>registry.json</c>; the jail is <c>VMAF_TINY_MODEL_DIR</c> when that is set.
    /// </summary>
    /// <exception cref="VmafTinyException">Any check fails; the message is one line naming the file and the problem.</exception>
    public static OnnxScorer Load(string onnxPath) => Load(onnxPath, ModelJail.FromEnvironment());

    /// <summary>As <see cref="Load(string)"/>, with an explicit jail directory (null: no jail).</summary>
    public static OnnxScorer Load(string onnxPath, string? jailDirectory) => new(ModelLoader.FromPath(onnxPath, jailDirectory));

    /// <inheritdoc/>
    public void Score(ReadOnlySpan<FrameFeatures> frames, Span<double> scores)
    {
        if (scores.Length < frames.Length)
        {
            throw new ArgumentException("one score slot per frame is needed", nameof(scores));
        }

        var n = Math.Min(frames.Length, MaxBatch);
        var input = ArrayPool<float>.Shared.Rent(Math.Max(n, 1) * ModelContract.FeatureCount);
        var output = ArrayPool<float>.Shared.Rent(Math.Max(n, 1));
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
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(output);
        }
    }

    /// <summary>
    /// Runs the graph as it is, without the clamp: <paramref name="features"/> holds N rows of six raw values
    /// (row-major, <see cref="FrameFeatures.Names"/> order) and <paramref name="output"/> receives N values.
    /// </summary>
    public void Predict(ReadOnlySpan<float> features, Span<float> output)
    {
        if (features.Length != output.Length * ModelContract.FeatureCount)
        {
            throw new ArgumentException($"features must hold {ModelContract.FeatureCount} values per output", nameof(features));
        }

        var n = Math.Min(output.Length, MaxBatch);
        var input = ArrayPool<float>.Shared.Rent(Math.Max(n, 1) * ModelContract.FeatureCount);
        var result = ArrayPool<float>.Shared.Rent(Math.Max(n, 1));
        try
        {
            for (var start = 0; start < output.Length; start += MaxBatch)
            {
                var count = Math.Min(MaxBatch, output.Length - start);
                features.Slice(start * ModelContract.FeatureCount, count * ModelContract.FeatureCount).CopyTo(input);
                Run(input, result, count, start);
                result.AsSpan(0, count).CopyTo(output[start..]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(result);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _session.Dispose();
        _runOptions.Dispose();
        _options.Dispose();
        Interlocked.Decrement(ref s_live);
    }

    /// <summary>Sessions created and not yet disposed (tests check that a run frees every one).</summary>
    internal static long LiveSessions => Interlocked.Read(ref s_live);

    /// <summary>Runs one batch; a failure inside ONNX Runtime becomes one line naming the model and the first frame.</summary>
    private void Run(float[] input, float[] output, int count, int firstFrame)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * ModelContract.FeatureCount), [count, ModelContract.FeatureCount]);
        using var y = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output.AsMemory(0, count), [count]);
        try
        {
            _session.Run(_runOptions, InputNames, [x], OutputNames, [y]);
        }
        catch (OnnxRuntimeException ex)
        {
            string detail = ModelManifest.OneLine(ex.Message);
            string frames = count == 1 ? $"frame {firstFrame}" : $"frames {firstFrame}..{firstFrame + count - 1}";
            throw new VmafTinyException(
                $"{Origin}: ONNX Runtime failed scoring {frames} ({(detail.Length > 0 ? detail : OrtLog.Last ?? "no detail")})", ex);
        }
    }

    /// <summary>Checks the graph ONNX Runtime actually loaded against the contract (the sidecar already declared it).</summary>
    private void CheckGraph()
    {
        CheckSide("input", _session.InputMetadata, ModelContract.InputName, ModelContract.InputShape);
        CheckSide("output", _session.OutputMetadata, ModelContract.OutputName, ModelContract.OutputShape);
    }

    private void CheckSide(string side, IReadOnlyDictionary<string, NodeMetadata> metadata, string name, IReadOnlyList<long> shape)
    {
        string Fail(string problem) => $"{Origin}: graph does not match the vmaf_tiny contract: {problem}";
        if (metadata.Count != 1 || !metadata.TryGetValue(name, out var m))
        {
            throw new VmafTinyException(Fail($"{side}s are [{string.Join(", ", metadata.Keys)}], expected exactly [{name}]"));
        }

        if (!m.IsTensor || m.ElementDataType != TensorElementType.Float)
        {
            throw new VmafTinyException(Fail($"{side} '{name}' is {(m.IsTensor ? m.ElementDataType.ToString() : m.OnnxValueType.ToString())}, expected a float32 tensor"));
        }

        var dims = m.Dimensions.Select(d => (long)d).ToArray();
        if (!dims.SequenceEqual(shape))
        {
            throw new VmafTinyException(Fail($"{side} '{name}' has shape {ModelManifest.ShapeText(dims)}, expected {ModelManifest.ShapeText(shape)}"));
        }
    }
}
