using VmafTiny.Decode;

namespace VmafTiny.Tests.Decode.Ffmpeg;

/// <summary>
/// The encoded clips in TestData/encoded (made once by make-clips.sh there) and FFmpeg's own decodes of them,
/// gzipped; the decodes are unpacked once per test run into a temp folder.
/// </summary>
public static class EncodedClips
{
    /// <summary>The folder holding the carried clips.</summary>
    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "TestData", "encoded");

    /// <summary>Path of a carried file, e.g. "h264_420p8.mp4".</summary>
    public static string File(string name) => Path.Combine(DataDirectory, name);

    /// <summary>Path of the unpacked copy of the carried "<paramref name="name"/>.gz" (one per version of it).</summary>
    public static string Unpacked(string name) => TestDataFiles.Unpacked(File(name + ".gz"), "encoded");

    /// <summary>Every frame of <paramref name="source"/>, checking the indices it sets.</summary>
    public static List<byte[]> ReadAll(IFrameSource source)
    {
        var frames = new List<byte[]>();
        var frame = new YuvFrame(source.Format);
        while (source.ReadFrame(frame))
        {
            Assert.Equal(frames.Count, frame.Index);
            frames.Add(frame.Data.ToArray());
        }

        Assert.False(source.ReadFrame(frame), "a source that ended stays ended");
        return frames;
    }

    /// <summary>The frames of a raw planar file of <paramref name="format"/>.</summary>
    public static List<byte[]> ReadRaw(string path, VideoFormat format)
    {
        byte[] all = System.IO.File.ReadAllBytes(path);
        Assert.Equal(0, all.Length % format.FrameBytes);
        return all.Chunk((int)format.FrameBytes).ToList();
    }

    /// <summary>Asserts two frame lists are identical, naming the first frame and byte that differ.</summary>
    public static void AssertSameFrames(IReadOnlyList<byte[]> expected, IReadOnlyList<byte[]> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} frames, expected {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Length == actual[i].Length, $"{what}: frame {i} is {actual[i].Length} bytes, expected {expected[i].Length}");
            int at = expected[i].AsSpan().CommonPrefixLength(actual[i]);
            Assert.True(at == expected[i].Length, $"{what}: frame {i} differs first at byte {at}");
        }
    }
}
