using System.Globalization;
using VmafTiny.Cli.Progress;
using VmafTiny.Features;
using VmafTiny.Report;
using VmafTiny.Score;
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
        if (settings.Report is not null && settings.Output is not null && !logToStdout && SamePath(settings.Output, settings.Report))
        {
            // One would silently replace the other: the user asked for both.
            throw new VmafTinyException($"{settings.Report}: -o and --report name the same file; give each its own");
        }

        LogTarget? report = settings.Report is null
            ? null
            : LogTarget.Open(settings.Report, [settings.Reference, settings.Distorted, .. settings.Models], "the report");
        if (report is not null && output?.TargetPath is string logFile && logFile == report.TargetPath)
        {
            // Links followed to where each is written: a link to a report not written yet, or the reverse.
            throw new VmafTinyException($"{settings.Report}: -o and --report name the same file; give each its own");
        }
        using VmafRun run = VmafRun.Open(settings.Reference, settings.Distorted, settings.ToOptions());
        LogFormat format = LogWriter.ParseFormat(settings.EffectiveFormat) ?? LogFormat.Json;
        if (output is not null)
        {
            LogOutput.CheckKeys(run.Models.Select(m => m.Spec.LogKey), format);
        }

        if (!settings.Quiet)
        {
            foreach (string note in run.Notes)
            {
                stderr.WriteLine($"vmaf-tiny: {note}");
            }
        }

        VmafResult result;
        using (ProgressLine? progress = CreateProgress(settings, stderr, run.Models.Count > 0 ? run.Models[0].Label : null))
        {
            result = run.Run(progress); // the line is erased before anything else is printed, also on an error
        }

        foreach (string warning in result.Warnings)
        {
            stderr.WriteLine($"vmaf-tiny: warning: {warning}");
        }

        if (!settings.Quiet)
        {
            string model = result.Models.Count == 0 ? string.Empty : $", scored by {string.Join(" and ", result.Models.Select(m => m.Description))}";

            // The frames in the log; --frames reads motion's neighbours and --subsample skips frames, so the frames read
            // (which the speed counts) are said too where they differ.
            int reported = result.Frames.Count;
            string read = result.FramesRead == reported ? string.Empty : $" ({result.FramesRead} read)";
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"vmaf-tiny: {reported} frame{(reported == 1 ? "" : "s")}{read} of {result.Format} in {result.Elapsed.TotalSeconds:F2} s ({result.Fps:F1} fps), {Where(result)}{model}"));
        }

        VmafLog log = result.ToLog().WithPooling(settings.Pool);
        output?.Write(log, format, precision, stdout);

        report?.Write(writer => HtmlReport.Write(ReportModel.FromResult(result, settings.Pool), writer));

        // The pooled result ends stdout (or goes to stderr when stdout carries the log): each model's mean score,
        // named as libvmaf's summary names it (the model, not the log key), or the pooled features; --pool picks
        // other pooled values instead of the mean.
        TextWriter pooledTo = logToStdout ? stderr : stdout;
        IReadOnlyList<PoolMethod> methods = settings.Pool.Count > 0 ? settings.Pool : [new PoolMethod(PoolKind.Mean)];
        if (result.Models.Count == 0)
        {
            foreach (var pooled in log.Pooled)
            {
                WritePooled(pooledTo, pooled.Key, log.Values(pooled.Key), methods);
            }
        }

        foreach (ModelInfo model in result.Models)
        {
            WritePooled(pooledTo, model.Label, log.Values(model.Name), methods);
        }

        stdout.Flush();
        return 0;
    }

    /// <summary>True when two output paths name one file: the same path once made absolute, or the same file already there (links followed).</summary>
    private static bool SamePath(string a, string b)
    {
        if (Path.GetFullPath(a) == Path.GetFullPath(b))
        {
            return true;
        }

        VmafTiny.IO.FileStatus first = VmafTiny.IO.FileProbe.Stat(a), second = VmafTiny.IO.FileProbe.Stat(b);
        return first.Exists && first.IsSameFile(second);
    }

    /// <summary>The CPU's threads and kernels, or the device the features ran on.</summary>
    private static string Where(VmafResult result) => result.Device == FeatureDevice.Cpu.Name
        ? string.Create(CultureInfo.InvariantCulture, $"{result.Threads} thread{(result.Threads == 1 ? "" : "s")}, {CpuDispatch.Name(result.Cpu)} kernels")
        : $"on {result.Device}";

    /// <summary>One line per method: <c>key: mean</c> (the line scripts read) or <c>key method: value</c>.</summary>
    private static void WritePooled(TextWriter writer, string key, double[] values, IReadOnlyList<PoolMethod> methods)
    {
        double[] pooled = Pooling.Pool(values, methods);
        for (int i = 0; i < methods.Count; i++)
        {
            string label = methods[i].Kind == PoolKind.Mean ? key : $"{key} {methods[i].Name}";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {pooled[i]:F6}"));
        }
    }

    /// <summary>A progress line on a terminal unless -q, or anywhere with --progress; else null.</summary>
    private static ProgressLine? CreateProgress(MeasureSettings settings, TextWriter stderr, string? scoreLabel)
    {
        bool terminal = ProgressLine.IsTerminal(stderr);
        if (!settings.Progress && (settings.Quiet || !terminal))
        {
            return null;
        }

        TextWriter line = ProgressLine.Unescaped(stderr);
        return terminal ? ProgressLine.ForConsole(line, scoreLabel) : new ProgressLine(line, scoreLabel);
    }
}
