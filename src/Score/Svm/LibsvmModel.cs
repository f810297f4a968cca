using System.Globalization;

namespace VmafTiny.Score.Svm;

/// <summary>
/// A libsvm epsilon/nu-SVR model with an RBF kernel, parsed from libsvm's text format (the <c>model</c> string
/// of a libvmaf model JSON). Support vectors are stored dense in file order; a missing sparse entry is 0,
/// which gives the same double as libsvm's sparse loop as long as sums run in index order.
/// </summary>
public sealed class LibsvmModel
{
    private LibsvmModel(double gamma, double rho, double[] coefficients, double[] vectors, int dimensions)
    {
        Gamma = gamma;
        Rho = rho;
        Coefficients = coefficients;
        Vectors = vectors;
        Dimensions = dimensions;
    }

    /// <summary>The RBF kernel's gamma.</summary>
    public double Gamma { get; }

    /// <summary>The decision function's offset (subtracted).</summary>
    public double Rho { get; }

    /// <summary>One coefficient per support vector, in file order.</summary>
    public double[] Coefficients { get; }

    /// <summary>Support vectors, dense, row-major: <see cref="Dimensions"/> values each.</summary>
    public double[] Vectors { get; }

    /// <summary>Feature dimensions (libsvm indices 1..Dimensions).</summary>
    public int Dimensions { get; }

    /// <summary>Parses libsvm's model text. Throws <see cref="FormatException"/> with a short reason.</summary>
    public static LibsvmModel Parse(string text, int dimensions)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        double? gamma = null, rho = null;
        int totalSv = -1;
        int i = 0;
        for (; i < lines.Length && lines[i] != "SV"; i++)
        {
            string[] kv = lines[i].Split(' ', 2, StringSplitOptions.TrimEntries);
            string value = kv.Length > 1 ? kv[1] : string.Empty;
            switch (kv[0])
            {
                case "svm_type" when value is not ("nu_svr" or "epsilon_svr"):
                    throw new FormatException($"svm_type '{value}' is not a regression model");
                case "kernel_type" when value != "rbf":
                    throw new FormatException($"kernel_type '{value}' is not supported (only rbf)");
                case "gamma":
                    gamma = Number(value);
                    break;
                case "rho":
                    rho = Number(value);
                    break;
                case "total_sv":
                    totalSv = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
            }
        }

        if (gamma is null || rho is null || totalSv < 0 || i == lines.Length)
        {
            throw new FormatException("libsvm model lacks gamma, rho, total_sv or its SV section");
        }

        var coefficients = new double[totalSv];
        var vectors = new double[totalSv * dimensions];
        int sv = 0;
        for (i++; i < lines.Length; i++, sv++)
        {
            if (sv == totalSv)
            {
                throw new FormatException($"more support vectors than total_sv {totalSv}");
            }

            string[] parts = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            coefficients[sv] = Number(parts[0]);
            for (int p = 1; p < parts.Length; p++)
            {
                int colon = parts[p].IndexOf(':', StringComparison.Ordinal);
                int index = colon > 0 ? int.Parse(parts[p].AsSpan(0, colon), CultureInfo.InvariantCulture) : -1;
                if (index < 1 || index > dimensions)
                {
                    throw new FormatException($"support vector {sv}: bad entry '{parts[p]}' for {dimensions} features");
                }

                vectors[(sv * dimensions) + index - 1] = Number(parts[p][(colon + 1)..]);
            }
        }

        if (sv != totalSv)
        {
            throw new FormatException($"found {sv} support vectors, total_sv says {totalSv}");
        }

        return new LibsvmModel(gamma.Value, rho.Value, coefficients, vectors, dimensions);
    }

    /// <summary>
    /// libsvm's svm_predict for regression: Σ coef·exp(−γ·|x − sv|²) − ρ, support vectors in file order and
    /// squared differences in index order, exactly as libsvm sums them.
    /// </summary>
    public double Predict(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int s = 0; s < Coefficients.Length; s++)
        {
            ReadOnlySpan<double> v = Vectors.AsSpan(s * Dimensions, Dimensions);
            double distance = 0;
            for (int k = 0; k < Dimensions; k++)
            {
                double d = x[k] - v[k];
                distance += d * d;
            }

            sum += Coefficients[s] * Math.Exp(-Gamma * distance);
        }

        return sum - Rho;
    }

    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
