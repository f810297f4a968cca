namespace VmafTiny.Tests.Segments;

/// <summary>The encoded clips of TestData/segments (made once by make-clips.sh there): 24 frames, keyframes every 8.</summary>
public static class SegmentClips
{
    /// <summary>Frames in every clip.</summary>
    public const int Frames = 24;

    /// <summary>The clips, with the frames of the keyframes a seek may restart from (their sync samples).</summary>
    public static readonly (string Name, int[] Keyframes)[] All =
    [
        ("h264-open.mp4", [0, 8, 16]),      // x264, 3 B-frames, open GOPs
        ("h264-open.mkv", [0, 8, 16]),      // the same stream in Matroska (no decoding timestamps)
        ("hevc-open.mp4", [0, 8, 16]),      // x265, 3 B-frames, CRA pictures with RASL leading pictures
        ("vp9.webm", [0, 8, 16]),           // hidden alt-ref frames
        ("av1-open.mkv", [0]),              // SVT-AV1 forward keyframes: not sync samples
        ("av1-closed.webm", [0, 8, 16]),    // libaom, a keyframe every 8 frames
    ];

    /// <summary>xunit MemberData: one row per clip name.</summary>
    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    /// <summary>The folder holding the clips.</summary>
    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "segments");

    /// <summary>Path of a clip.</summary>
    public static string File(string name) => Path.Combine(DataDirectory, name);

    /// <summary>The lossless source of every clip (unpacked once per run).</summary>
    public static string Source => TestDataFiles.Unpacked(File("source.y4m.gz"), "segments");

    /// <summary>The keyframes of <paramref name="name"/>.</summary>
    public static int[] Keyframes(string name) => All.Single(c => c.Name == name).Keyframes;
}
