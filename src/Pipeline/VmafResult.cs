using VmafTiny.Features;
using VmafTiny.Score;
using VmafTiny.Score.Logs;

namespace VmafTiny;

/// <summary>A finished run: every frame's features and score, and what the run did.</summary>
public sealed class VmafResult
{
    private VmafLog? _log;

    internal VmafResult(VmafRun run, IReadOnlyList<FrameResult> frames)
    {
        Frames = frames;
        Format = run.Format;
        ReferencePath = run.ReferencePath;
        DistortedPath = run.DistortedPath;
        Notes = run.Notes;
        Warning = run.Warning;
        FramesRead = run.FramesRead;
        Elapsed = run.Elapsed;
        ScoreKey = run.Scorer?.LogKey;
        ModelDescription = run.Scorer?.Description;
        Threads = run.FeatureOptions.EffectiveThreads;
        Cpu = run.FeatureOptions.Cpu;
    }

    /// <summary>The scored frames, in order (with subsampling, every Nth frame).</summary>
    public IReadOnlyList<FrameResult> Frames { get; }

    /// <summary>The format both inputs were scored in.</summary>
    public VideoFormat Format { get; }

    /// <summary>The reference's path.</summary>
    public string ReferencePath { get; }

    /// <summary>The distorted video's path.</summary>
    public string DistortedPath { get; }

    /// <summary>What was done to the inputs, one line each.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Set when the inputs had different frame counts (both are named), else null.</summary>
    public string? Warning { get; }

    /// <summary>Frame pairs read (with subsampling, more than <see cref="Frames"/>).</summary>
    public long FramesRead { get; }

    /// <summary>Time spent reading and computing.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Processing speed, frames read per second (libvmaf's <c>fps</c>).</summary>
    public double Fps => FramesRead / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>The model's log key (<c>vmaf</c> for vmaf_v0.6.1), or null when only features were computed.</summary>
    public string? ScoreKey { get; }

    /// <summary>The model as the console names it, or null.</summary>
    public string? ModelDescription { get; }

    /// <summary>Feature worker threads used.</summary>
    public int Threads { get; }

    /// <summary>The CPU path the kernels ran on (scalar, AVX2 or AVX-512; never Auto).</summary>
    public CpuPath Cpu { get; }

    /// <summary>Pooled values (min, max, mean, harmonic mean) of every metric, in log order.</summary>
    public IReadOnlyList<PooledMetric> Pooled => ToLog().Pooled;

    /// <summary>The pooled values of the score, or null when only features were computed.</summary>
    public PooledValues? PooledScore => ScoreKey is null ? null : Pooled.First(p => p.Key == ScoreKey).Values;

    /// <summary>
    /// Writes the run's log in one of libvmaf's layouts, byte for byte as libvmaf writes it: the format from the file
    /// name (<c>.xml</c>, <c>.csv</c>, else JSON) unless given. Written whole or not at all.
    /// </summary>
    /// <exception cref="VmafTinyException">The file cannot be written (the message says why).</exception>
    public void WriteLog(string path, LogFormat? format = null, LogPrecision precision = default) =>
        LogWriter.WriteFile(ToLog(), path, format ?? LogWriter.FormatFromPath(path), precision);

    /// <summary>The run as libvmaf's log model (per-frame metrics in libvmaf's order, pooled values, notes).</summary>
    public VmafLog ToLog()
    {
        return _log ??= new VmafLog(Vmaf.LogVersion, Fps, Format.Width, Format.Height, Frames.Select(ToLogFrame).ToArray(), notes: Notes);
    }

    private LogFrame ToLogFrame(FrameResult result)
    {
        if (ScoreKey is not null)
        {
            return LogFrame.FromFeatures(result.Features, ScoreKey, result.Score);
        }

        var full = LogFrame.FromFeatures(result.Features, "-", double.NaN);
        return new LogFrame(full.FrameNumber, full.Metrics.Take(FrameFeatures.LogKeys.Length).ToArray());
    }
}
