using System.Security.Cryptography;
using VmafTiny.Score.Tiny;
using VmafTiny.Train;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>Helpers that write small models with sidecars into temporary folders.</summary>
internal static class TinyModels
{
    /// <summary>The folder holding the upstream fixture (vmaf_tiny_v2.onnx, .json, .expected.csv).</summary>
    public static string UpstreamDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "upstream");

    /// <summary>The small training corpus (4 sources, 336 frames).</summary>
    public static string SmallCorpus => Path.Combine(AppContext.BaseDirectory, "TestData", "train", "corpus_small.csv.gz");

    /// <summary>
    /// A hand-made [inputs, 4, 1] model: deterministic weights, scaler mean 0.5 and std 2, last bias
    /// <paramref name="outputBias"/>.
    /// </summary>
    public static MlpModel HandMade(int inputs = 6, float outputBias = 50f)
    {
        var w1 = new float[4 * inputs];
        for (var i = 0; i < w1.Length; i++)
        {
            w1[i] = ((i * 37 % 11) - 5) / 7f;
        }

        float[] b1 = [0.1f, -0.2f, 0.3f, 0.05f];
        float[] w2 = [3f, -2f, 1.5f, 4f];
        return new MlpModel(
            [inputs, 4, 1], [w1, w2], [b1, [outputBias]],
            Enumerable.Repeat(0.5f, inputs).ToArray(), Enumerable.Repeat(2f, inputs).ToArray());
    }

    /// <summary>
    /// Writes <c>ID.onnx</c> and <c>ID.json</c> into <paramref name="dir"/>: a sidecar with the file's true
    /// sha256 and the contract, then passed through <paramref name="edit"/>.
    /// </summary>
    public static string Write(string dir, string id, MlpModel model, Func<ModelManifest, ModelManifest>? edit = null)
    {
        var bytes = OnnxExporter.Export(model, id);
        var path = Path.Combine(dir, id + ".onnx");
        File.WriteAllBytes(path, bytes);
        var manifest = Manifest(id, bytes, model);
        File.WriteAllBytes(Path.Combine(dir, id + ".json"), (edit?.Invoke(manifest) ?? manifest).ToSidecarBytes());
        return path;
    }

    /// <summary>A sidecar for <paramref name="bytes"/> declaring the contract.</summary>
    public static ModelManifest Manifest(string id, byte[] bytes, MlpModel model) => new()
    {
        Id = id,
        Kind = ModelContract.Kind,
        Onnx = id + ".onnx",
        Opset = ModelContract.Opset,
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        InputName = ModelContract.InputName,
        InputShape = ModelContract.InputShape,
        OutputName = ModelContract.OutputName,
        OutputShape = ModelContract.OutputShape,
        Features = ModelContract.Features,
        InputMean = model.Mean.Select(v => (double)v).ToArray(),
        InputStd = model.Std.Select(v => (double)v).ToArray(),
        Notes = "test model",
    };

    /// <summary>Rows of realistic raw features (the upstream fixture's 30 rows) and that model's expected output.</summary>
    public static (float[] Features, double[] Expected) UpstreamRows()
    {
        var lines = File.ReadAllLines(Path.Combine(UpstreamDirectory, "vmaf_tiny_v2.expected.csv")).Skip(1).Where(l => l.Length > 0).ToArray();
        var features = new float[lines.Length * 6];
        var expected = new double[lines.Length];
        for (var r = 0; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',').Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            for (var j = 0; j < 6; j++)
            {
                features[(r * 6) + j] = (float)cells[j];
            }

            expected[r] = cells[6];
        }

        return (features, expected);
    }
}

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vmaf-tiny-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Creates and returns a sub-folder.</summary>
    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
