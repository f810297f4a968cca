namespace VmafTiny.Train;

/// <summary>The training recipe (ADR-0244 defaults: 6-16-8-1, Adam 1e-3, MSE, 90 epochs, batch 256).</summary>
public sealed record TrainSettings
{
    /// <summary>Hidden layer sizes.</summary>
    public int[] Hidden { get; init; } = [16, 8];

    /// <summary>Passes over the training rows.</summary>
    public int Epochs { get; init; } = 90;

    /// <summary>Rows per Adam step (the last batch of an epoch may be smaller).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed of the initialisation and of the per-epoch shuffles.</summary>
    public ulong Seed { get; init; }
}

/// <summary>
/// Fits the MLP with mini-batch Adam on the MSE loss, in double precision, single-threaded and in a fixed
/// order, so a given (rows, settings, stream) always yields the same bits on any x64 machine.
/// </summary>
/// <remarks>
/// Determinism rests on: the hand-written <see cref="Rng"/>; no vectorised reductions (their order would
/// depend on the vector width); no <see cref="Math.Pow"/> or other libm calls whose last bit may differ between
/// C libraries (Adam's bias corrections are running products; <see cref="Math.Sqrt"/> is IEEE-exact); and
/// .NET not contracting a*b+c into FMA.
/// </remarks>
internal static class MlpTrainer
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private const double MinStd = 1e-8;

    /// <summary>Trains on <paramref name="rows"/> of <paramref name="corpus"/>; <paramref name="stream"/> picks the RNG stream.</summary>
    public static MlpModel Fit(Corpus corpus, int[] rows, TrainSettings s, ulong stream)
    {
        const int F = Score.Tiny.ModelContract.FeatureCount;
        var n = rows.Length;

        // StandardScaler: mean and population std of the training rows, rounded to float32 because the graph
        // computes (x - mean) / std with float32 constants; training sees the same constants.
        var mean = new float[F];
        var std = new float[F];
        for (var j = 0; j < F; j++)
        {
            var sum = 0.0;
            foreach (var r in rows)
            {
                sum += corpus.Features[(r * F) + j];
            }

            var mu = sum / n;
            var ss = 0.0;
            foreach (var r in rows)
            {
                var d = corpus.Features[(r * F) + j] - mu;
                ss += d * d;
            }

            var sd = Math.Sqrt(ss / n);
            mean[j] = (float)mu;
            std[j] = sd < MinStd ? 1f : (float)sd;
        }

        var x = new double[n * F];
        var y = new double[n];
        for (var k = 0; k < n; k++)
        {
            var r = rows[k];
            for (var j = 0; j < F; j++)
            {
                x[(k * F) + j] = (corpus.Features[(r * F) + j] - mean[j]) / std[j];
            }

            y[k] = corpus.Target[r];
        }

        int[] sizes = [F, .. s.Hidden, 1];
        var layers = sizes.Length - 1;
        var wOff = new int[layers];
        var bOff = new int[layers];
        var count = 0;
        for (var l = 0; l < layers; l++)
        {
            wOff[l] = count;
            count += sizes[l] * sizes[l + 1];
            bOff[l] = count;
            count += sizes[l + 1];
        }

        var p = new double[count];
        var g = new double[count];
        var m1 = new double[count];
        var m2 = new double[count];

        // He (Kaiming) uniform weights for ReLU, U(-sqrt(6 / fan_in), +sqrt(6 / fan_in)); zero biases.
        var rng = new Rng(s.Seed, stream);
        for (var l = 0; l < layers; l++)
        {
            var bound = Math.Sqrt(6.0 / sizes[l]);
            for (var i = 0; i < sizes[l] * sizes[l + 1]; i++)
            {
                p[wOff[l] + i] = ((2.0 * rng.NextDouble()) - 1.0) * bound;
            }
        }

        // act[l]: layer l's output after ReLU (act[0]: the standardised input); delta[l]: dLoss/d(pre-activation).
        var act = new double[sizes.Length][];
        var delta = new double[sizes.Length][];
        for (var l = 0; l < sizes.Length; l++)
        {
            act[l] = new double[sizes[l]];
            delta[l] = new double[sizes[l]];
        }

        var order = new int[n];
        for (var k = 0; k < n; k++)
        {
            order[k] = k;
        }

        double beta1Power = 1.0, beta2Power = 1.0;
        for (var epoch = 0; epoch < s.Epochs; epoch++)
        {
            rng.Shuffle(order);
            for (var start = 0; start < n; start += s.BatchSize)
            {
                var batch = Math.Min(s.BatchSize, n - start);
                Array.Clear(g);
                for (var k = 0; k < batch; k++)
                {
                    var row = order[start + k];
                    Array.Copy(x, row * F, act[0], 0, F);
                    var output = Forward(p, sizes, wOff, bOff, act);

                    // d(mean squared error)/d(output) for this row.
                    delta[layers][0] = 2.0 * (output - y[row]) / batch;
                    Backward(p, g, sizes, wOff, bOff, act, delta);
                }

                beta1Power *= Beta1;
                beta2Power *= Beta2;
                var stepSize = s.LearningRate / (1.0 - beta1Power);
                var sqrtCorrection2 = Math.Sqrt(1.0 - beta2Power);
                for (var i = 0; i < count; i++)
                {
                    var gi = g[i];
                    m1[i] = (Beta1 * m1[i]) + ((1.0 - Beta1) * gi);
                    m2[i] = (Beta2 * m2[i]) + ((1.0 - Beta2) * gi * gi);
                    p[i] -= stepSize * m1[i] / ((Math.Sqrt(m2[i]) / sqrtCorrection2) + Epsilon);
                }
            }
        }

        var weights = new float[layers][];
        var biases = new float[layers][];
        for (var l = 0; l < layers; l++)
        {
            weights[l] = new float[sizes[l] * sizes[l + 1]];
            biases[l] = new float[sizes[l + 1]];
            for (var i = 0; i < weights[l].Length; i++)
            {
                weights[l][i] = (float)p[wOff[l] + i];
            }

            for (var i = 0; i < biases[l].Length; i++)
            {
                biases[l][i] = (float)p[bOff[l] + i];
            }
        }

        return new MlpModel(sizes, weights, biases, mean, std);
    }

    private static double Forward(double[] p, int[] sizes, int[] wOff, int[] bOff, double[][] act)
    {
        var last = sizes.Length - 2;
        for (var l = 0; l <= last; l++)
        {
            int nIn = sizes[l], nOut = sizes[l + 1];
            var a = act[l];
            var z = act[l + 1];
            for (var o = 0; o < nOut; o++)
            {
                var s = p[bOff[l] + o];
                var w = wOff[l] + (o * nIn);
                for (var i = 0; i < nIn; i++)
                {
                    s += p[w + i] * a[i];
                }

                z[o] = l < last && s < 0.0 ? 0.0 : s;
            }
        }

        return act[^1][0];
    }

    private static void Backward(double[] p, double[] g, int[] sizes, int[] wOff, int[] bOff, double[][] act, double[][] delta)
    {
        for (var l = sizes.Length - 2; l >= 0; l--)
        {
            int nIn = sizes[l], nOut = sizes[l + 1];
            var a = act[l];
            var d = delta[l + 1];
            for (var o = 0; o < nOut; o++)
            {
                var dz = d[o];
                g[bOff[l] + o] += dz;
                var w = wOff[l] + (o * nIn);
                for (var i = 0; i < nIn; i++)
                {
                    g[w + i] += dz * a[i];
                }
            }

            if (l == 0)
            {
                break;
            }

            // Through the ReLU of layer l: its derivative is 1 where the output was positive, else 0.
            var prev = delta[l];
            for (var i = 0; i < nIn; i++)
            {
                var s = 0.0;
                if (a[i] > 0.0)
                {
                    for (var o = 0; o < nOut; o++)
                    {
                        s += p[wOff[l] + (o * nIn) + i] * d[o];
                    }
                }

                prev[i] = s;
            }
        }
    }
}
