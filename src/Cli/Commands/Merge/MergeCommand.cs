using System.Globalization;
using VmafTiny.Score;
using VmafTiny.Score.Logs;
using VmafTiny.Segments;

namespace VmafTiny.Cli.Commands.Merge;

/// <summary>Runs <c>merge</c>: reads the segment logs, joins them (<see cref="SegmentMerge"/>), writes the log, prints the pooled line.</summary>
internal static class MergeCommand
{
    public static int Run(
        IReadOnlyList<string> paths, string? outputPath, string? formatName, string precisionText, IReadOnlyList<PoolMethod> pool,
        bool quiet, TextWriter stdout, TextWriter stderr)
    {
        if (!LogPrecision.TryParse(precisionText, out LogPrecision precision))
        {
            throw new VmafTinyException($"--precision must be 'libvmaf', 'max' or a number of decimals 0..17, not '{precisionText}'");
        }

        LogOutput? output = LogOutput.Open(outputPath, paths);
        var logs = LogReader.ReadFiles(paths);
        SegmentLog[] segments = paths.Select((p, i) => new SegmentLog(p, logs[i].Log)).ToArray();
        VmafLog log = SegmentMerge.Merge(segments).WithPooling(pool);
        LogFormat format = LogWriter.ParseFormat(formatName ?? Path.GetExtension(outputPath ?? string.Empty).TrimStart('.')) ?? LogFormat.Json;
        output?.Write(log, format, precision, stdout);
        if (!quiet)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vmaf-tiny: merged {segments.Length} segment logs, {log.Frames.Count} frames"));
        }

        // As score ends: each model's pooled score named as the console names the model, or every pooled feature.
        TextWriter pooledTo = output is { IsStdout: true } ? stderr : stdout;
        IReadOnlyList<PoolMethod> methods = pool.Count > 0 ? pool : [new PoolMethod(PoolKind.Mean)];
        IReadOnlyList<LogSegmentModel> models = segments[0].Log.Segment!.Models;
        IEnumerable<(string Label, string Key)> lines = models.Count > 0
            ? models.Select(m => (m.Label, m.Key))
            : log.Pooled.Select(p => (p.Key, p.Key));
        foreach (var (label, key) in lines)
        {
            double[] values = log.Values(key);
            if (values.Length == 0)
            {
                continue;
            }

            double[] pooled = Pooling.Pool(values, methods);
            for (int i = 0; i < methods.Count; i++)
            {
                string name = methods[i].Kind == PoolKind.Mean ? label : $"{label} {methods[i].Name}";
                pooledTo.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {pooled[i]:F6}"));
            }
        }

        stdout.Flush();
        return 0;
    }
}
