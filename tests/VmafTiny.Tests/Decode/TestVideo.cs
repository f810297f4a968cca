using System.Runtime.InteropServices;
using System.Text;
using VmafTiny.Decode.Y4m;

namespace VmafTiny.Tests.Decode;

/// <summary>A temporary folder for synthetic test files, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        FullPath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vmaf-tiny-tests", "io-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string File(string name) => System.IO.Path.Combine(FullPath, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Synthetic video content and writers for y4m and raw files.</summary>
public static class TestVideo
{
    /// <summary>Frame <paramref name="index"/> of a deterministic pseudo-random clip (every byte depends on both).</summary>
    public static byte[] FrameBytes(VideoFormat format, int index, int seed = 1)
    {
        var bytes = new byte[format.FrameBytes];
        new Random(seed * 7919 + index).NextBytes(bytes);
        if (format.BitDepth > 8)
        {
            // Keep samples within the bit depth, as real video does.
            Span<ushort> samples = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan());
            ushort mask = (ushort)((1 << format.BitDepth) - 1);
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] &= mask;
            }
        }

        return bytes;
    }

    /// <summary>Writes a y4m file with <paramref name="header"/> (without "YUV4MPEG2 " and newline) and the given frames.</summary>
    public static void WriteY4m(string path, string header, IEnumerable<byte[]> frames, string frameLine = "FRAME")
    {
        using var file = System.IO.File.Create(path);
        file.Write(Encoding.ASCII.GetBytes(Y4mHeader.Magic + header + "\n"));
        foreach (byte[] frame in frames)
        {
            file.Write(Encoding.ASCII.GetBytes(frameLine + "\n"));
            file.Write(frame);
        }
    }

    /// <summary>Writes a y4m file as FFmpeg would for <paramref name="format"/>, with <paramref name="count"/> synthetic frames.</summary>
    public static void WriteY4m(string path, VideoFormat format, int count, int seed = 1)
    {
        using var file = System.IO.File.Create(path);
        file.Write(Encoding.ASCII.GetBytes(Y4mHeader.ToHeaderLine(format, 25, 1)));
        for (int i = 0; i < count; i++)
        {
            file.Write("FRAME\n"u8);
            file.Write(FrameBytes(format, i, seed));
        }
    }

    /// <summary>Writes a raw .yuv file of <paramref name="count"/> synthetic frames.</summary>
    public static void WriteRaw(string path, VideoFormat format, int count, int seed = 1)
    {
        using var file = System.IO.File.Create(path);
        for (int i = 0; i < count; i++)
        {
            file.Write(FrameBytes(format, i, seed));
        }
    }

    /// <summary>Reads every frame of <paramref name="source"/> as byte arrays.</summary>
    public static List<byte[]> ReadAll(VmafTiny.Decode.IFrameSource source)
    {
        var frames = new List<byte[]>();
        var frame = new YuvFrame(source.Format);
        while (source.ReadFrame(frame))
        {
            Assert.Equal(frames.Count, frame.Index);
            frames.Add(frame.Data.ToArray());
        }

        return frames;
    }
}
