using VmafTiny.Features;

namespace VmafTiny.Score.Tiny;

/// <summary>
/// The fixed interface every vmaf_tiny-style full-reference model must have: one float32 input
/// <c>features</c> [N, 6] with the raw feature values in <see cref="FrameFeatures.Names"/> order, one float32
/// output <c>vmaf</c> [N], unclamped. The scaler lives inside the graph, so the runtime feeds raw values.
/// </summary>
/// <remarks>ADR-0244. The sidecar must declare exactly this, and the ONNX graph must have exactly this.</remarks>
public static class ModelContract
{
    /// <summary>The model kind: full reference.</summary>
    public const string Kind = "fr";

    /// <summary>The graph's one input.</summary>
    public const string InputName = "features";

    /// <summary>The graph's one output.</summary>
    public const string OutputName = "vmaf";

    /// <summary>The ONNX opset our exporter writes.</summary>
    public const int Opset = 17;

    /// <summary>Number of features per frame.</summary>
    public const int FeatureCount = 6;

    /// <summary>The input shape; -1 is the symbolic batch dimension N.</summary>
    public static IReadOnlyList<long> InputShape { get; } = [-1, FeatureCount];

    /// <summary>The output shape; -1 is the symbolic batch dimension N.</summary>
    public static IReadOnlyList<long> OutputShape { get; } = [-1];

    /// <summary>True when <paramref name="shape"/> has exactly the dimensions of <paramref name="expected"/> (-1 included).</summary>
    /// <remarks>A loop rather than LINQ's SequenceEqual: the precompiled CLI would JIT-compile that instantiation over long.</remarks>
    internal static bool SameShape(IReadOnlyList<long> shape, IReadOnlyList<long> expected)
    {
        if (shape.Count != expected.Count)
        {
            return false;
        }

        for (int i = 0; i < shape.Count; i++)
        {
            if (shape[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The feature order of the input's second dimension.</summary>
    public static IReadOnlyList<string> Features => FrameFeatures.Names;

    /// <summary>Largest model file the loader reads (a 257-parameter model is about 2 KiB); larger files are refused before reading.</summary>
    public const long MaxModelBytes = 4L << 20;

    /// <summary>Largest sidecar or registry file the loader reads.</summary>
    public const long MaxManifestBytes = 1L << 20;
}
