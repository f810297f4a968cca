using System.Globalization;
using VmafTiny.Features;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands.Measure;

/// <summary>Runs <c>score</c> and <c>features</c>: a <see cref="VmafRun"/>, its notes and summary on stderr, the log, the pooled line.</summary>
internal static class MeasureCommand
{
    public static int Run(MeasureSettings settings, TextWriter stdout, TextWriter stderr)
    {
        if (!LogPrecision.TryParse(settings.Precision, out LogPrecision precision))
        {
            throw new VmafTinyException($"--precision must be 'libvmaf', 'max' or a number of decimals 0..17, not '{settings.Precision}'");
        }

        // Everything that can refuse the run does so before any frame is computed, and before any note is printed.
        LogOutput? output = LogOutput.Open(settings.Output, [settings.Reference, settings.Distorted, .. settings.Models]);
        bool logToStdout = output is { IsStdout: true };
        using VmafRun run = VmafRun.Open(settings.Reference, settings.Distorted, settings.ToOptions());
        if (!settings.Quiet)
        {
            foreach (string note in run.Notes)
            {
                stderr.WriteLine($"vmaf-tiny: {note}");
            }
        }

        VmafResult result = run.Run();
        foreach (string warning in result.Warnings)
        {
            stderr.WriteLine($"vmaf-tiny: warning: {warning}");
        }

        if (!settings.Quiet)
        {
            string model = result.Models.Count == 0 ? string.Empty : $", scored by {string.Join(" and ", result.Models.Select(m => m.Description))}";
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"vmaf-tiny: {result.FramesRead} frames of {result.Format} in {result.Elapsed.TotalSeconds:F2} s ({result.Fps:F1} fps), {result.Threads} threads, {CpuDispatch.Name(result.Cpu)} kernels{model}"));
        }

        VmafLog log = result.ToLog();
        LogFormat format = LogWriter.ParseFormat(settings.EffectiveFormat) ?? LogFormat.Json;
        output?.Write(log, format, precision, stdout);

        // The pooled result ends stdout (or goes to stderr when stdout carries the log): each model's mean score,
        // named as libvmaf's summary names it (the model, not the log key), or the pooled features.
        TextWriter pooledTo = logToStdout ? stderr : stdout;
        if (result.Models.Count == 0)
        {
            foreach (var pooled in log.Pooled)
            {
                pooledTo.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pooled.Key}: {pooled.Values.Mean:F6}"));
            }
        }

        for (int m = 0; m < result.Models.Count; m++)
        {
            pooledTo.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Models[m].Label}: {result.PooledScores[m].Mean:F6}"));
        }

        stdout.Flush();
        return 0;
    }
}
