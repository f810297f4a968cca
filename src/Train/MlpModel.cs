namespace VmafTiny.Train;

/// <summary>
/// A trained (or hand-made) MLP in its exported form: float32 scaler and weights. Layers are fully connected,
/// ReLU between them, none after the last: sizes [6, 16, 8, 1] for vmaf_tiny_v2.
/// </summary>
public sealed class MlpModel
{
    /// <summary>Creates a model; <paramref name="weights"/>[l] is row-major [out, in] (PyTorch's Linear layout).</summary>
    /// <exception cref="ArgumentException">Sizes do not fit together.</exception>
    public MlpModel(int[] layerSizes, float[][] weights, float[][] biases, float[] mean, float[] std)
    {
        if (layerSizes.Length < 2 || weights.Length != layerSizes.Length - 1 || biases.Length != weights.Length
            || mean.Length != layerSizes[0] || std.Length != layerSizes[0])
        {
            throw new ArgumentException("layer sizes, weights, biases and scaler do not fit together");
        }

        for (var l = 0; l < weights.Length; l++)
        {
            if (weights[l].Length != layerSizes[l] * layerSizes[l + 1] || biases[l].Length != layerSizes[l + 1])
            {
                throw new ArgumentException($"layer {l}: expected {layerSizes[l + 1]}x{layerSizes[l]} weights and {layerSizes[l + 1]} biases");
            }
        }

        LayerSizes = layerSizes;
        Weights = weights;
        Biases = biases;
        Mean = mean;
        Std = std;
    }

    /// <summary>Units per layer, input first.</summary>
    public int[] LayerSizes { get; }

    /// <summary>Per layer, row-major [out, in].</summary>
    public float[][] Weights { get; }

    /// <summary>Per layer, [out].</summary>
    public float[][] Biases { get; }

    /// <summary>The scaler's mean per input.</summary>
    public float[] Mean { get; }

    /// <summary>The scaler's standard deviation per input (never below 1e-8).</summary>
    public float[] Std { get; }

    /// <summary>Weights and biases (the scaler is not counted): 257 for [6, 16, 8, 1].</summary>
    public int ParameterCount => Weights.Sum(w => w.Length) + Biases.Sum(b => b.Length);

    /// <summary>
    /// The plain forward pass in double precision over the float32 parameters, without a clamp: what the
    /// exported graph computes, up to float32 rounding.
    /// </summary>
    public double Predict(ReadOnlySpan<double> raw)
    {
        var width = LayerSizes.Max();
        Span<double> a = stackalloc double[width];
        Span<double> b = stackalloc double[width];
        for (var j = 0; j < LayerSizes[0]; j++)
        {
            a[j] = (raw[j] - Mean[j]) / Std[j];
        }

        for (var l = 0; l < Weights.Length; l++)
        {
            int nIn = LayerSizes[l], nOut = LayerSizes[l + 1];
            var w = Weights[l];
            for (var o = 0; o < nOut; o++)
            {
                double s = Biases[l][o];
                for (var i = 0; i < nIn; i++)
                {
                    s += w[(o * nIn) + i] * a[i];
                }

                b[o] = l < Weights.Length - 1 ? Math.Max(s, 0.0) : s;
            }

            var t = a;
            a = b;
            b = t;
        }

        return a[0];
    }
}
