using VmafTiny.Score.Logs;

namespace VmafTiny.Cli.Commands.Libvmaf;

/// <summary>What libvmaf's command line asks for (its <c>CLISettings</c>), as <see cref="LibvmafCommandLine"/> reads it.</summary>
internal sealed record LibvmafSettings
{
    public string? Reference { get; init; }

    public string? Distorted { get; init; }

    public uint Width { get; init; }

    public uint Height { get; init; }

    /// <summary>420, 422, 444 (libvmaf) or 400 (vmaf-tiny's extension), or null.</summary>
    public ChromaFormat? PixelFormat { get; init; }

    public uint BitDepth { get; init; }

    /// <summary>True once any of -w/-h/-p/-b is given: the inputs are raw .yuv.</summary>
    public bool UseYuv { get; init; }

    public string? Output { get; init; }

    /// <summary>The log format: libvmaf's default is XML.</summary>
    public LogFormat Format { get; init; } = LogFormat.Xml;

    /// <summary>Model strings in the order given (libvmaf's default vmaf_v0.6.1 is added after parsing when none is).</summary>
    public List<string> Models { get; init; } = [];

    /// <summary>Feature strings in the order given.</summary>
    public List<string> Features { get; init; } = [];

    /// <summary>libvmaf's n_threads, or null when --threads is not given (vmaf-tiny then uses every core).</summary>
    public uint? Threads { get; init; }

    public uint Subsample { get; init; }

    public uint CpuMask { get; init; }

    public uint FrameCount { get; init; }

    public uint FrameSkipReference { get; init; }

    public uint FrameSkipDistorted { get; init; }

    public bool NoPrediction { get; init; }

    public bool Quiet { get; init; }

    /// <summary>vmaf-tiny's <c>--precision</c> (libvmaf, N or max), or null for libvmaf's.</summary>
    public string? Precision { get; init; }

    /// <summary>-v/--version was given: print the version and stop (libvmaf does so the moment it reads it).</summary>
    public bool Version { get; init; }

    /// <summary>--help was given.</summary>
    public bool Help { get; init; }
}
