namespace VmafTiny.Decode.Ffmpeg;

/// <summary>VtShimStatus of native/shim/vt_decode.h, value for value (a test reads the header and compares).</summary>
internal enum ShimStatus
{
    Frame = 1,
    Ok = 0,
    Internal = -1,
    NoFile = -2,
    NotMedia = -3,
    NoVideo = -4,
    UnsupportedCodec = -5,
    Corrupt = -6,
    Io = -7,
    UnsupportedFormat = -8,
    Argument = -9,
    NoMemory = -10,
    Permission = -11,
    SizeChange = -12,
    Refused = -13,
    TooLarge = -14,
    Orientation = -15,
}

/// <summary>VtShimOpenFlags of native/shim/vt_decode.h.</summary>
[Flags]
internal enum ShimOpenFlags
{
    None = 0,
    NoAutoRotate = 1,
}

/// <summary>VtShimFieldOrder of native/shim/vt_decode.h (FFmpeg's AVFieldOrder).</summary>
internal enum ShimFieldOrder
{
    Unknown = 0,
    Progressive = 1,
    Tt = 2,
    Bb = 3,
    Tb = 4,
    Bt = 5,
}

/// <summary>VtShimColorRange of native/shim/vt_decode.h (FFmpeg's AVColorRange).</summary>
internal enum ShimColorRange
{
    Unspecified = 0,
    Limited = 1,
    Full = 2,
}

/// <summary>VtShimScaler of native/shim/vt_decode.h.</summary>
internal enum ShimScaler
{
    None = 0,
    Bicubic = 1,
}

/// <summary>VtShimSeekMethod of native/shim/vt_decode.h: how a seek reached its frame.</summary>
public enum SeekMethod
{
    /// <summary>Decoded on from the current frame (no keyframe ahead of it, or packets without timestamps).</summary>
    Decoded = 0,

    /// <summary>The demuxer sought to the keyframe's own timestamp, checked packet by packet against a scan of the file.</summary>
    Timestamp = 1,

    /// <summary>The file was opened again and the packets before the keyframe skipped without decoding.</summary>
    Reopened = 2,

    /// <summary>The stream ends before the frame.</summary>
    End = 3,
}
