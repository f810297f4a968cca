using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using VmafTiny.Score;
using VmafTiny.Score.Tiny;

namespace VmafTiny.Train;

/// <summary>What <c>vmaf-tiny train</c> was asked to do.</summary>
public sealed record TrainOptions
{
    /// <summary>The corpus CSV (gzip or plain), e.g. model/corpus/train.csv.gz.</summary>
    public required string CorpusPath { get; init; }

    /// <summary>The ONNX file to write, e.g. model/vmaf_tiny_v2.onnx; its name (without .onnx) is the model id.</summary>
    public required string OutPath { get; init; }

    /// <summary>The training seed.</summary>
    public ulong Seed { get; init; }

    /// <summary>Epochs per fit (the design's 90 unless a test asks for fewer).</summary>
    public int Epochs { get; init; } = 90;

    /// <summary>Batch size.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Run leave-one-source-out validation (one extra fit per source) and report it.</summary>
    public bool Validate { get; init; } = true;

    /// <summary>Fits run at once (each fit is single-threaded); 0: one per CPU. Results do not depend on it.</summary>
    public int MaxParallelism { get; init; }
}

/// <summary>One leave-one-source-out fold: trained without <see cref="Source"/>, scored on it.</summary>
public sealed record FoldResult(int Fold, string Source, string Image, int Frames, FitMetrics Metrics);

/// <summary>Agreement with the teacher over a set of frames (predictions clamped to [0, 100], as the runtime does).</summary>
/// <param name="Plcc">Pearson correlation; NaN when <paramref name="TeacherConstant"/>.</param>
/// <param name="Srocc">Spearman correlation; NaN when <paramref name="TeacherConstant"/>.</param>
/// <param name="Rmse">Root mean squared error in VMAF points.</param>
/// <param name="MaxAbsError">Largest absolute error in VMAF points.</param>
/// <param name="TeacherConstant">
/// The teacher's score does not vary over these frames (std below <see cref="TrainCommand.ConstantTeacherStd"/>,
/// i.e. only double rounding noise), so a correlation is undefined; such folds are left out of the PLCC/SROCC summaries.
/// </param>
public sealed record FitMetrics(double Plcc, double Srocc, double Rmse, double MaxAbsError, bool TeacherConstant);

/// <summary>Mean and sample standard deviation of a metric over the folds.</summary>
public sealed record MeanStd(double Mean, double Std, double Min, double Max);

/// <summary>What <c>vmaf-tiny train</c> produced.</summary>
public sealed record TrainResult
{
    /// <summary>The model id (the output file's name without .onnx).</summary>
    public required string Id { get; init; }

    /// <summary>The written ONNX file.</summary>
    public required string OnnxPath { get; init; }

    /// <summary>The written sidecar (NAME.json beside the model).</summary>
    public required string SidecarPath { get; init; }

    /// <summary>The written or updated registry.json beside the model.</summary>
    public required string RegistryPath { get; init; }

    /// <summary>The written validation report (NAME.report.md beside the model).</summary>
    public required string ReportPath { get; init; }

    /// <summary>sha256 of the ONNX file.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The shipped model (trained on the whole corpus).</summary>
    public required MlpModel Model { get; init; }

    /// <summary>The shipped model against the teacher on the whole corpus (in-sample).</summary>
    public required FitMetrics WholeCorpus { get; init; }

    /// <summary>Per-fold results (empty without validation).</summary>
    public required IReadOnlyList<FoldResult> Folds { get; init; }

    /// <summary>Every frame's out-of-fold prediction against the teacher, pooled (null without validation).</summary>
    public required FitMetrics? Pooled { get; init; }

    /// <summary>Wall time of the whole command.</summary>
    public required TimeSpan Elapsed { get; init; }
}

/// <summary>
/// <c>vmaf-tiny train --corpus FILE --out model/vmaf_tiny_v2.onnx [--seed N]</c>: leave-one-source-out
/// validation, then the shipped fit on the whole corpus, then the ONNX file, its sidecar, the registry entry
/// and the report, all beside <see cref="TrainOptions.OutPath"/>.
/// </summary>
/// <remarks>
/// Deterministic: every fit is single-threaded with its own RNG stream (stream 0: the shipped fit; stream
/// k: fold k), so the files depend on the corpus, the seed and the recipe only, not on scheduling or the
/// number of CPUs. Timings go to the log, never into the files.
/// </remarks>
public static class TrainCommand
{
    /// <summary>Runs the command; progress goes to <paramref name="log"/>.</summary>
    /// <exception cref="VmafTinyException">Bad corpus, bad options or unwritable output.</exception>
    public static TrainResult Run(TrainOptions o, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        if (o.Epochs < 1 || o.BatchSize < 1 || !(o.LearningRate > 0))
        {
            throw new VmafTinyException("train: epochs, batch size and learning rate must be positive");
        }

        if (!o.OutPath.EndsWith(".onnx", StringComparison.Ordinal))
        {
            throw new VmafTinyException($"{o.OutPath}: the output must be a .onnx file name");
        }

        var id = Path.GetFileNameWithoutExtension(o.OutPath);
        var outDir = Path.GetDirectoryName(Path.GetFullPath(o.OutPath))!;
        var onnxPath = Path.Combine(outDir, id + ".onnx");
        var sidecarPath = Path.Combine(outDir, id + ".json");
        var registryPath = Path.Combine(outDir, ModelRegistry.FileName);
        var reportPath = Path.Combine(outDir, id + ".report.md");

        var corpus = Corpus.Load(o.CorpusPath);
        var settings = new TrainSettings
        {
            Epochs = o.Epochs,
            BatchSize = o.BatchSize,
            LearningRate = o.LearningRate,
            Seed = o.Seed,
        };
        log.WriteLine(Invariant($"train: {corpus.FileName}: {corpus.Count} frames from {corpus.Sources.Length} sources; ")
            + Invariant($"{settings.Epochs} epochs, batch {settings.BatchSize}, lr {settings.LearningRate:R}, seed {settings.Seed}"));

        var sources = corpus.Sources.Length;
        if (o.Validate && sources < 2)
        {
            throw new VmafTinyException($"{o.CorpusPath}: leave-one-source-out needs at least 2 sources, the corpus has {sources}");
        }

        // Job 0: the shipped fit on every row. Job k (1..S): fold k, without source k-1.
        var jobs = o.Validate ? sources + 1 : 1;
        var models = new MlpModel[jobs];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.MaxParallelism > 0 ? o.MaxParallelism : Environment.ProcessorCount };
        Parallel.For(0, jobs, parallel, job =>
        {
            var rows = Rows(corpus, s => job == 0 || s != job - 1);
            models[job] = MlpTrainer.Fit(corpus, rows, settings, (ulong)job);
            lock (log)
            {
                done++;
                var what = job == 0 ? "whole corpus" : $"fold {job}/{sources} (without {corpus.Sources[job - 1]})";
                log.WriteLine(Invariant($"train: [{done}/{jobs}] {what} fitted, {clock.Elapsed.TotalSeconds:F1} s"));
            }
        });

        var folds = new List<FoldResult>();
        var outOfFold = new double[corpus.Count];
        for (var s = 0; s < sources && o.Validate; s++)
        {
            var rows = Rows(corpus, x => x == s);
            var predicted = Predict(models[s + 1], corpus, rows);
            for (var k = 0; k < rows.Length; k++)
            {
                outOfFold[rows[k]] = predicted[k];
            }

            var teacher = rows.Select(r => corpus.Target[r]).ToArray();
            folds.Add(new FoldResult(s + 1, corpus.Sources[s], corpus.SourceImages[s], rows.Length, Compare(predicted, teacher)));
        }

        var pooled = o.Validate ? Compare(outOfFold, corpus.Target) : null;

        var model = models[0];
        var all = Rows(corpus, _ => true);
        var whole = Compare(Predict(model, corpus, all), corpus.Target);

        var onnx = OnnxExporter.Export(model, id, $"{id}: predicts vmaf_v0.6.1 from adm2, vif_scale0..3, motion2 (vmaf-tiny train)");
        var sha = Convert.ToHexStringLower(SHA256.HashData(onnx));
        var manifest = new ModelManifest
        {
            Id = id,
            Kind = ModelContract.Kind,
            Onnx = Path.GetFileName(onnxPath),
            Opset = ModelContract.Opset,
            Sha256 = sha,
            InputName = ModelContract.InputName,
            InputShape = ModelContract.InputShape,
            OutputName = ModelContract.OutputName,
            OutputShape = ModelContract.OutputShape,
            Features = ModelContract.Features,
            InputMean = model.Mean.Select(v => (double)v).ToArray(),
            InputStd = model.Std.Select(v => (double)v).ToArray(),
            Notes = Notes(id, model, settings, corpus, folds),
        };

        try
        {
            Directory.CreateDirectory(outDir);
            var existingRegistry = File.Exists(registryPath) ? File.ReadAllBytes(registryPath) : [];
            var registry = ModelRegistry.Upsert(existingRegistry, manifest, registryPath);
            File.WriteAllBytes(onnxPath, onnx);
            File.WriteAllBytes(sidecarPath, manifest.ToSidecarBytes());
            File.WriteAllBytes(registryPath, registry);
            File.WriteAllText(reportPath, TrainReport.Render(id, sha, model, settings, corpus, folds, pooled, whole));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VmafTinyException($"{o.OutPath}: cannot write the model ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }

        if (folds.Count > 0)
        {
            var plcc = Summarise(folds, f => f.Metrics.Plcc, correlation: true);
            var rmse = Summarise(folds, f => f.Metrics.Rmse);
            log.WriteLine(Invariant($"train: leave-one-source-out over {folds.Count} folds: PLCC {plcc.Mean:F5} +- {plcc.Std:F5} (min {plcc.Min:F5}), RMSE {rmse.Mean:F3} +- {rmse.Std:F3} (max {rmse.Max:F3})"));
        }

        log.WriteLine(Invariant($"train: whole-corpus fit: PLCC {whole.Plcc:F5}, RMSE {whole.Rmse:F3}"));
        log.WriteLine(Invariant($"train: wrote {onnxPath} (sha256 {sha}), {Path.GetFileName(sidecarPath)}, {ModelRegistry.FileName}, {Path.GetFileName(reportPath)} in {clock.Elapsed.TotalSeconds:F1} s"));
        return new TrainResult
        {
            Id = id,
            OnnxPath = onnxPath,
            SidecarPath = sidecarPath,
            RegistryPath = registryPath,
            ReportPath = reportPath,
            Sha256 = sha,
            Model = model,
            WholeCorpus = whole,
            Folds = folds,
            Pooled = pooled,
            Elapsed = clock.Elapsed,
        };
    }

    /// <summary>
    /// Below this standard deviation (VMAF points) a teacher series counts as constant: 1e-9 is ten thousand
    /// times the rounding noise of a double near 100 and a million times below the 6 decimals libvmaf prints.
    /// </summary>
    public const double ConstantTeacherStd = 1e-9;

    /// <summary>Mean, sample standard deviation, min and max of a per-fold figure over the folds where it is defined.</summary>
    /// <param name="folds">The folds.</param>
    /// <param name="metric">The figure.</param>
    /// <param name="correlation">PLCC or SROCC: leave out folds whose teacher is constant (<see cref="FitMetrics.TeacherConstant"/>).</param>
    public static MeanStd Summarise(IReadOnlyList<FoldResult> folds, Func<FoldResult, double> metric, bool correlation = false)
    {
        var v = folds.Where(f => !correlation || !f.Metrics.TeacherConstant).Select(metric).ToArray();
        if (v.Length == 0)
        {
            return new MeanStd(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var mean = v.Sum() / v.Length;
        var ss = v.Sum(x => (x - mean) * (x - mean));
        var std = v.Length > 1 ? Math.Sqrt(ss / (v.Length - 1)) : 0.0;
        return new MeanStd(mean, std, v.Min(), v.Max());
    }

    /// <summary>Scores <paramref name="rows"/>, clamped to [0, 100] as the runtime does.</summary>
    internal static double[] Predict(MlpModel model, Corpus corpus, int[] rows)
    {
        const int F = ModelContract.FeatureCount;
        var predicted = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            predicted[k] = Math.Clamp(model.Predict(corpus.Features.AsSpan(rows[k] * F, F)), 0.0, 100.0);
        }

        return predicted;
    }

    /// <summary>The metrics of <paramref name="predicted"/> against <paramref name="teacher"/>.</summary>
    internal static FitMetrics Compare(double[] predicted, double[] teacher)
    {
        var mean = teacher.Average();
        var std = Math.Sqrt(teacher.Sum(t => (t - mean) * (t - mean)) / teacher.Length);
        var constant = std < ConstantTeacherStd;
        return new FitMetrics(
            constant ? double.NaN : Agreement.Plcc(predicted, teacher),
            constant ? double.NaN : Agreement.Srocc(predicted, teacher),
            Agreement.Rmse(predicted, teacher),
            Agreement.MaxAbsError(predicted, teacher),
            constant);
    }

    private static int[] Rows(Corpus corpus, Func<int, bool> keepSource)
    {
        var rows = new List<int>(corpus.Count);
        for (var r = 0; r < corpus.Count; r++)
        {
            if (keepSource(corpus.SourceOf[r]))
            {
                rows.Add(r);
            }
        }

        return [.. rows];
    }

    private static string Notes(string id, MlpModel model, TrainSettings s, Corpus corpus, IReadOnlyList<FoldResult> folds)
    {
        var arch = string.Join("-", model.LayerSizes);
        var notes = Invariant($"{id} - trained by vmaf-tiny train: StandardScaler (baked into the graph as Sub/Div) + MLP {arch} with ReLU ")
            + Invariant($"({model.ParameterCount} params), Adam lr {s.LearningRate:R}, MSE, {s.Epochs} epochs, batch {s.BatchSize}, seed {s.Seed}; ")
            + Invariant($"corpus {corpus.FileName} (sha256 {corpus.Sha256}, {corpus.Count} frames, {corpus.Sources.Length} sources), teacher vmaf_v0.6.1.");
        if (folds.Count > 0)
        {
            var plcc = Summarise(folds, f => f.Metrics.Plcc, correlation: true);
            var srocc = Summarise(folds, f => f.Metrics.Srocc, correlation: true);
            var rmse = Summarise(folds, f => f.Metrics.Rmse);
            notes += Invariant($" Leave-one-source-out ({folds.Count} folds): PLCC {plcc.Mean:F4} +- {plcc.Std:F4}, SROCC {srocc.Mean:F4} +- {srocc.Std:F4}, ")
                + Invariant($"RMSE {rmse.Mean:F3} +- {rmse.Std:F3}.");
        }

        return notes;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
