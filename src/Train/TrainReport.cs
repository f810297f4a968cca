using System.Globalization;
using System.Text;

namespace VmafTiny.Train;

/// <summary>Renders <c>NAME.report.md</c>: the recipe, the leave-one-source-out figures per fold and overall, the whole-corpus fit.</summary>
/// <remarks>Contains no timings, paths or host details, so a rerun writes the same bytes.</remarks>
internal static class TrainReport
{
    /// <summary>Acceptance thresholds from the issue: mean PLCC, mean RMSE, every fold's PLCC.</summary>
    internal const double MinMeanPlcc = 0.999, MaxMeanRmse = 0.8, MinFoldPlcc = 0.995;

    public static string Render(
        string id, string sha256, MlpModel model, TrainSettings s, Corpus corpus, IReadOnlyList<FoldResult> folds, FitMetrics? pooled, FitMetrics whole)
    {
        var b = new StringBuilder();
        void Line(FormattableString text) => b.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"# {id} training report");
        Line($"");
        Line($"Written by `vmaf-tiny train`. Deterministic: the same corpus, seed and recipe give the same bytes (this report included).");
        Line($"");
        Line($"| item | value |");
        Line($"| --- | --- |");
        Line($"| model | `{id}.onnx`, sha256 `{sha256}` |");
        Line($"| corpus | `{corpus.FileName}`, sha256 `{corpus.Sha256}`, {corpus.Count} frames, {corpus.Sources.Length} sources |");
        Line($"| teacher | libvmaf `vmaf_v0.6.1` score per frame (`vmaf` column) |");
        Line($"| inputs | {string.Join(", ", Score.Tiny.ModelContract.Features)} (raw values; the graph standardises them) |");
        Line($"| scaler | mean and population std of the training rows (std < 1e-8 becomes 1), float32, baked in as Sub/Div |");
        Line($"| network | {string.Join(" -> ", model.LayerSizes)} fully connected, ReLU between layers, {model.ParameterCount} parameters |");
        Line($"| training | Adam (lr {s.LearningRate:R}, betas 0.9/0.999, eps 1e-8), MSE loss, {s.Epochs} epochs, batch {s.BatchSize}, He-uniform init, seed {s.Seed}, double precision |");
        Line($"| export | ONNX IR {OnnxExporter.IrVersion}, opset {Score.Tiny.ModelContract.Opset}, float32 weights inline; output unclamped (the runtime clamps to [0, 100]) |");
        Line($"");

        if (folds.Count > 0)
        {
            var plcc = TrainCommand.Summarise(folds, f => f.Metrics.Plcc, correlation: true);
            var srocc = TrainCommand.Summarise(folds, f => f.Metrics.Srocc, correlation: true);
            var rmse = TrainCommand.Summarise(folds, f => f.Metrics.Rmse);
            var maxErr = TrainCommand.Summarise(folds, f => f.Metrics.MaxAbsError);
            var correlated = folds.Where(f => !f.Metrics.TeacherConstant).ToList();
            var constant = folds.Where(f => f.Metrics.TeacherConstant).ToList();
            var worstPlcc = correlated.MinBy(f => f.Metrics.Plcc)!;
            var worstRmse = folds.MaxBy(f => f.Metrics.Rmse)!;

            Line($"## Leave-one-source-out validation");
            Line($"");
            Line($"{folds.Count} folds. Fold k trains the same recipe on every source but source k (its own RNG stream) and scores source k's frames, clamped to [0, 100] as the runtime does, against the teacher. std is the sample standard deviation over folds.");
            Line($"");
            if (constant.Count > 0)
            {
                var names = string.Join(", ", constant.Select(f => $"{f.Fold} `{f.Source}` ({f.Image})"));
                Line($"PLCC and SROCC are undefined for a fold whose teacher score is constant (std below 1e-9 VMAF points: the same score on every frame, up to double rounding), so {constant.Count} fold(s) are left out of their summary: {names}. RMSE and max abs error cover all {folds.Count} folds.");
                Line($"");
            }

            Line($"| metric | mean | std | min | max |");
            Line($"| --- | ---: | ---: | ---: | ---: |");
            Line($"| PLCC | {plcc.Mean:F5} | {plcc.Std:F5} | {plcc.Min:F5} | {plcc.Max:F5} |");
            Line($"| SROCC | {srocc.Mean:F5} | {srocc.Std:F5} | {srocc.Min:F5} | {srocc.Max:F5} |");
            Line($"| RMSE | {rmse.Mean:F4} | {rmse.Std:F4} | {rmse.Min:F4} | {rmse.Max:F4} |");
            Line($"| max abs error | {maxErr.Mean:F3} | {maxErr.Std:F3} | {maxErr.Min:F3} | {maxErr.Max:F3} |");
            Line($"");
            if (pooled is not null)
            {
                Line($"Pooled out-of-fold predictions (every frame scored by the fold that did not see its source), {corpus.Count} frames: PLCC {pooled.Plcc:F5}, SROCC {pooled.Srocc:F5}, RMSE {pooled.Rmse:F4}, max abs error {pooled.MaxAbsError:F3}.");
                Line($"");
            }

            Line($"Worst fold by PLCC: {worstPlcc.Fold} `{worstPlcc.Source}` ({worstPlcc.Image}), PLCC {worstPlcc.Metrics.Plcc:F5}, RMSE {worstPlcc.Metrics.Rmse:F4}.");
            Line($"Worst fold by RMSE: {worstRmse.Fold} `{worstRmse.Source}` ({worstRmse.Image}), PLCC {worstRmse.Metrics.Plcc:F5}, RMSE {worstRmse.Metrics.Rmse:F4}.");
            Line($"");
            Line($"| acceptance | required | measured | |");
            Line($"| --- | --- | ---: | --- |");
            Line($"| mean PLCC | >= {MinMeanPlcc} | {plcc.Mean:F5} | {Pass(plcc.Mean >= MinMeanPlcc)} |");
            Line($"| mean RMSE | <= {MaxMeanRmse} | {rmse.Mean:F4} | {Pass(rmse.Mean <= MaxMeanRmse)} |");
            Line($"| every fold's PLCC{(constant.Count > 0 ? " (where defined)" : "")} | >= {MinFoldPlcc} | {plcc.Min:F5} | {Pass(plcc.Min >= MinFoldPlcc)} |");
            Line($"");
        }

        Line($"## Shipped model");
        Line($"");
        Line($"Trained on the whole corpus (RNG stream 0). In-sample agreement with the teacher over all {corpus.Count} frames: PLCC {whole.Plcc:F5}, SROCC {whole.Srocc:F5}, RMSE {whole.Rmse:F4}, max abs error {whole.MaxAbsError:F3}.");
        Line($"");

        if (folds.Count > 0)
        {
            Line($"## Per fold");
            Line($"");
            Line($"| fold | source | image | frames | PLCC | SROCC | RMSE | max abs error |");
            Line($"| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var f in folds)
            {
                Line($"| {f.Fold} | `{f.Source}` | {f.Image} | {f.Frames} | {Corr(f.Metrics, f.Metrics.Plcc)} | {Corr(f.Metrics, f.Metrics.Srocc)} | {f.Metrics.Rmse:F4} | {f.Metrics.MaxAbsError:F3} |");
            }
        }

        return b.ToString();
    }

    private static string Pass(bool ok) => ok ? "pass" : "FAIL";

    private static string Corr(FitMetrics m, double value) =>
        m.TeacherConstant ? "n/a" : value.ToString("F5", CultureInfo.InvariantCulture);
}
