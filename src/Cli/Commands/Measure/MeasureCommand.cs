using System.Diagnostics;
using System.Globalization;
using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands.Measure;

/// <summary>Runs <c>score</c> and <c>features</c>: read both videos, extract, score, pool, write the log.</summary>
internal static class MeasureCommand
{
    /// <summary>The version written into logs.</summary>
    public static readonly string LogVersion =
        $"vmaf-tiny {typeof(MeasureCommand).Assembly.GetName().Version?.ToString(3) ?? "0"}";

    public static int Run(MeasureSettings settings, TextWriter stdout, TextWriter stderr)
    {
        if (!LogPrecision.TryParse(settings.Precision, out LogPrecision precision))
        {
            throw new VmafTinyException($"--precision must be 'libvmaf', 'max' or a number of decimals 0..17, not '{settings.Precision}'");
        }

        var pairOptions = new FramePairOptions(settings.Raw, settings.FrameSkipRef, settings.FrameSkipDist, settings.FrameCount);
        // Notes (scaling, conversions) go to stderr as they are decided, and into the log.
        using var sources = SourcePair.Open(settings.Reference, settings.Distorted, new SourcePairOptions
        {
            Raw = settings.Raw,
            Scale = settings.Scale,
            OnNote = settings.Quiet ? null : note => stderr.WriteLine($"vmaf-tiny: {note}"),
        });
        using FramePairReader pairs = sources.CreateReader(pairOptions);
        IFrameScorer? scorer = settings.Model is null ? null : ModelResolver.Resolve(settings.Model);
        var options = new FeatureOptions { Threads = settings.Threads, Subsample = settings.Subsample, Cpu = CpuDispatch.Resolve(settings.Cpu) };
        using var session = new VmafSession(pairs.Reference.Format, scorer, options);

        // The lumas are read straight into the session's buffers; chroma is skipped.
        var results = new List<FrameResult>();
        LumaPairSource read = pairs.ReadLumaPair;
        var clock = Stopwatch.StartNew();
        while (session.Push(read, results))
        {
        }

        session.Complete(results);
        clock.Stop();
        if (pairs.Warning is { } warning)
        {
            stderr.WriteLine($"vmaf-tiny: warning: {warning}");
        }

        double fps = pairs.PairsRead / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        if (!settings.Quiet)
        {
            string model = scorer is null ? string.Empty : $", scored by {scorer.Description}";
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"vmaf-tiny: {pairs.PairsRead} frames of {pairs.Reference.Format} in {clock.Elapsed.TotalSeconds:F2} s ({fps:F1} fps), {options.EffectiveThreads} threads, {CpuDispatch.Name(options.Cpu)} kernels{model}"));
        }

        string scoreKey = scorer?.LogKey ?? string.Empty;
        var log = new VmafLog(LogVersion, fps, pairs.Reference.Format.Width, pairs.Reference.Format.Height, results.Select(r => ToLogFrame(r, scoreKey)).ToArray(), notes: sources.Notes);
        if (settings.Output is not null)
        {
            LogWriter.WriteFile(log, settings.Output, ParseFormat(settings.EffectiveFormat), precision);
        }

        // The pooled result always ends stdout, even when a log file is written.
        foreach (var pooled in log.Pooled)
        {
            if (scorer is null || pooled.Key == scoreKey)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pooled.Key}: {pooled.Values.Mean:F6}"));
            }
        }

        return 0;
    }

    private static LogFrame ToLogFrame(FrameResult result, string scoreKey)
    {
        if (scoreKey.Length > 0)
        {
            return LogFrame.FromFeatures(result.Features, scoreKey, result.Score);
        }

        var full = LogFrame.FromFeatures(result.Features, "-", double.NaN);
        return new LogFrame(full.FrameNumber, full.Metrics.Take(FrameFeatures.LogKeys.Length).ToArray());
    }

    private static LogFormat ParseFormat(string format) => format switch
    {
        "xml" => LogFormat.Xml,
        "csv" => LogFormat.Csv,
        _ => LogFormat.Json,
    };
}
