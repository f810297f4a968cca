namespace VmafTiny.Decode.Ffmpeg;

/// <summary>FFmpeg's log levels (AV_LOG_*), for <see cref="FfmpegSource.SetLogLevel"/>.</summary>
public enum FfmpegLogLevel
{
    /// <summary>Nothing.</summary>
    Quiet = -8,

    /// <summary>Errors.</summary>
    Error = 16,

    /// <summary>Errors and warnings.</summary>
    Warning = 24,

    /// <summary>Also informational messages.</summary>
    Info = 32,

    /// <summary>Also detailed messages.</summary>
    Verbose = 40,

    /// <summary>Everything, including debugging output.</summary>
    Debug = 48,
}
