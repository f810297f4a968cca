using VmafTiny.Decode;

namespace VmafTiny.Cli.Commands.Measure;

/// <summary>Everything a <c>score</c> or <c>features</c> run needs, parsed from the command line (libvmaf's CLISettings).</summary>
internal sealed record MeasureSettings
{
    public required string Reference { get; init; }

    public required string Distorted { get; init; }

    /// <summary>The models to score with (model names, paths or libvmaf model strings); empty for features only.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Extra feature extractors (libvmaf's --feature strings), e.g. psnr.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public string? Output { get; init; }

    public string? Format { get; init; }

    public string Precision { get; init; } = "libvmaf";

    public RawVideoOptions? Raw { get; init; }

    public int Threads { get; init; }

    public int? FrameCount { get; init; }

    public int FrameSkipRef { get; init; }

    public int FrameSkipDist { get; init; }

    public int Subsample { get; init; } = 1;

    /// <summary>The segment to score (<c>--frames A:B</c>), or null for the whole pair.</summary>
    public FrameRange? Frames { get; init; }

    public ScaleMode Scale { get; init; } = ScaleMode.Bicubic;

    /// <summary>Turn encoded inputs as their display matrix says (false with <c>--no-autorotate</c>).</summary>
    public bool AutoRotate { get; init; } = true;

    public VmafTiny.Features.CpuPath Cpu { get; init; }

    /// <summary>--device as given (cpu, opencl, opencl:N), or null for VMAF_TINY_DEVICE, else the CPU.</summary>
    public string? Device { get; init; }

    public bool Quiet { get; init; }

    /// <summary>The HTML report to write, or null.</summary>
    public string? Report { get; init; }

    /// <summary>Show progress even when stderr is not a terminal, or with <see cref="Quiet"/>.</summary>
    public bool Progress { get; init; }

    /// <summary>The <c>--pool</c> methods, or empty when not given (the mean alone, and libvmaf's log layout).</summary>
    public IReadOnlyList<VmafTiny.Score.PoolMethod> Pool { get; init; } = [];

    /// <summary>The library options these settings describe.</summary>
    public VmafOptions ToOptions() => new()
    {
        Models = Models,
        Features = Features,
        Raw = Raw,
        Scale = Scale,
        AutoRotate = AutoRotate,
        FrameSkipReference = FrameSkipRef,
        FrameSkipDistorted = FrameSkipDist,
        FrameCount = FrameCount,
        Frames = Frames,
        Threads = Threads,
        Subsample = Subsample,
        Cpu = Cpu,
        Device = Device,
    };

    /// <summary>The log format: explicit, else from the output's extension, else json.</summary>
    public string EffectiveFormat => Format
        ?? Path.GetExtension(Output ?? string.Empty).TrimStart('.').ToLowerInvariant() switch
        {
            "xml" => "xml",
            "csv" => "csv",
            "sub" => "sub",
            _ => "json",
        };
}
