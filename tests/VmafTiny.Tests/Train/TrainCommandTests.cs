using System.Text;
using System.Text.Json;
using VmafTiny.Score.Tiny;
using VmafTiny.Tests.Score.Tiny;
using VmafTiny.Train;

namespace VmafTiny.Tests.Train;

/// <summary>The trainer on a 336-frame, 4-source corpus with a few epochs: determinism and what it writes.</summary>
public sealed class TrainCommandTests
{
    private static readonly string[] Outputs = ["tiny.onnx", "tiny.json", "registry.json", "tiny.report.md"];

    [Fact]
    public void Same_seed_gives_identical_bytes_whatever_the_parallelism()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        using var c = new TempDir();
        var ra = Train(a.Path, seed: 5, parallelism: 1);
        var rb = Train(b.Path, seed: 5, parallelism: 4);
        var rc = Train(c.Path, seed: 6, parallelism: 2);

        foreach (var f in Outputs)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, f)), File.ReadAllBytes(Path.Combine(b.Path, f)));
        }

        Assert.Equal(ra.Sha256, rb.Sha256);
        Assert.NotEqual(ra.Sha256, rc.Sha256);
    }

    [Fact]
    public void Writes_a_loadable_model_with_sidecar_registry_entry_and_report()
    {
        using var dir = new TempDir();
        var log = new StringWriter();
        var result = Train(dir.Path, seed: 1, parallelism: 2, log);

        Assert.Equal("tiny", result.Id);
        Assert.Equal(4, result.Folds.Count);
        Assert.NotNull(result.Pooled);
        Assert.Equal(257, result.Model.ParameterCount);
        Assert.Contains("leave-one-source-out over 4 folds", log.ToString());

        var sidecar = ModelManifest.ParseSidecar(File.ReadAllBytes(result.SidecarPath), result.SidecarPath);
        var registry = ModelRegistry.Parse(File.ReadAllBytes(result.RegistryPath), result.RegistryPath);
        Assert.Equal(result.Sha256, sidecar.Sha256);
        Assert.Equal(result.Sha256, registry.Find("tiny")!.Sha256);
        Assert.Equal("tiny.onnx", sidecar.Onnx);
        Assert.Equal(17, sidecar.Opset);
        // The sidecar holds the graph's float32 constants, written as the shortest text that reads back as them.
        Assert.Equal(result.Model.Mean, sidecar.InputMean.Select(v => (float)v));
        Assert.Equal(result.Model.Std, sidecar.InputStd.Select(v => (float)v));
        sidecar.CheckContract("sidecar");

        var report = File.ReadAllText(result.ReportPath);
        Assert.Contains("## Leave-one-source-out validation", report);
        Assert.Contains("s009_40dc7d", report);

        using var scorer = OnnxScorer.Load(result.OnnxPath, null);
        Assert.Equal(result.Sha256, scorer.Manifest.Sha256);
    }

    [Fact]
    public void Retraining_into_a_registry_keeps_other_entries()
    {
        using var dir = new TempDir();
        var other = TinyModels.Manifest("aaa_other", [1, 2, 3], TinyModels.HandMade());
        var registryPath = Path.Combine(dir.Path, "registry.json");
        File.WriteAllBytes(registryPath, ModelRegistry.Upsert([], other, registryPath));

        var first = Train(dir.Path, seed: 2, parallelism: 2, validate: false);
        var bytes = File.ReadAllBytes(registryPath);
        var registry = ModelRegistry.Parse(bytes, registryPath);
        Assert.Equal(["aaa_other", "tiny"], registry.Models.Select(m => m.Id));
        Assert.Equal(first.Sha256, registry.Find("tiny")!.Sha256);

        Train(dir.Path, seed: 2, parallelism: 2, validate: false);
        Assert.Equal(bytes, File.ReadAllBytes(registryPath));
    }

    [Fact]
    public void Bad_options_and_bad_corpora_are_one_line_errors()
    {
        using var dir = new TempDir();
        var csv = Path.Combine(dir.Path, "c.csv");

        File.WriteAllText(csv, "source,adm2,vif_scale0,vif_scale1,vif_scale2,vmaf\ns,1,1,1,1,50\n");
        Assert.Contains("'vif_scale3'", Run(csv).Message);

        File.WriteAllText(csv, "source,adm2,vif_scale0,vif_scale1,vif_scale2,vif_scale3,motion2,vmaf\ns,1,1,1,1,x,0,50\n");
        Assert.Contains("line 2: 'x' in column 'vif_scale3'", Run(csv).Message);

        // Finite in double but not in float32, where the model computes: refused before training.
        File.WriteAllText(csv, "source,adm2,vif_scale0,vif_scale1,vif_scale2,vif_scale3,motion2,vmaf\ns,1,1,1,1,1,0,50\nt,1e308,1,1,1,1,0,50\n");
        Assert.Contains("line 3: '1e308' in column 'adm2' is out of range", Run(csv).Message);

        File.WriteAllText(csv, "source,adm2,vif_scale0,vif_scale1,vif_scale2,vif_scale3,motion2,vmaf\ns,1,1,1,1,1,0,50\n");
        Assert.Contains("at least 2 sources", Run(csv).Message);

        Assert.Contains("no such file", Run(Path.Combine(dir.Path, "missing.csv")).Message);
        Assert.Contains(".onnx", Assert.Throws<VmafTinyException>(() => TrainCommand.Run(
            new TrainOptions { CorpusPath = csv, OutPath = Path.Combine(dir.Path, "m.bin") }, TextWriter.Null)).Message);

        VmafTinyException Run(string corpus) => Assert.ThrowsAny<VmafTinyException>(() => TrainCommand.Run(
            new TrainOptions { CorpusPath = corpus, OutPath = Path.Combine(dir.Path, "m.onnx"), Epochs = 1 }, TextWriter.Null));
    }

    [Fact]
    public void Plain_and_gzip_corpora_read_the_same()
    {
        using var dir = new TempDir();
        var gz = Corpus.Load(TinyModels.SmallCorpus);
        using var unzip = new System.IO.Compression.GZipStream(File.OpenRead(TinyModels.SmallCorpus), System.IO.Compression.CompressionMode.Decompress);
        var plainPath = Path.Combine(dir.Path, "plain.csv");
        using (var f = File.Create(plainPath))
        {
            unzip.CopyTo(f);
        }

        var plain = Corpus.Load(plainPath);
        Assert.Equal(336, gz.Count);
        Assert.Equal(["s000_92f5e1", "s003_93a9fa", "s009_40dc7d", "s017_8a1c70"], gz.Sources);
        Assert.Equal(gz.Features, plain.Features);
        Assert.Equal(gz.Target, plain.Target);
        Assert.Equal(gz.SourceOf, plain.SourceOf);
    }

    [Fact]
    public void Sidecar_bytes_round_trip_and_use_float32_scaler_values()
    {
        var m = TinyModels.Manifest("rt", [0], TinyModels.HandMade()) with { InputMean = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 6.25f] };
        var bytes = m.ToSidecarBytes();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"input_mean\": [\n    0.1,\n    0.2,", text);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain('\r', text);
        var back = ModelManifest.ParseSidecar(bytes, "rt.json");
        Assert.Equal(bytes, back.ToSidecarBytes());
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal("rt", doc.RootElement.GetProperty("id").GetString());
    }

    private static TrainResult Train(string dir, ulong seed, int parallelism, TextWriter? log = null, bool validate = true) =>
        TrainCommand.Run(
            new TrainOptions
            {
                CorpusPath = TinyModels.SmallCorpus,
                OutPath = Path.Combine(dir, "tiny.onnx"),
                Seed = seed,
                Epochs = 4,
                BatchSize = 32,
                MaxParallelism = parallelism,
                Validate = validate,
            },
            log ?? TextWriter.Null);
}
