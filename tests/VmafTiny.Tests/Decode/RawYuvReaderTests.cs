using VmafTiny.Decode;
using VmafTiny.Decode.Raw;
using VmafTiny.Decode.Y4m;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Decode;

public class RawYuvReaderTests
{
    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Golden_clip_written_as_raw_reads_back_byte_for_byte(string name)
    {
        using var dir = new TempDirectory();
        string raw = dir.File(name + ".yuv");
        List<byte[]> frames;
        VideoFormat format;
        using (var y4m = new Y4mReader(GoldenClips.DistortedPath(name)))
        {
            format = y4m.Format;
            frames = TestVideo.ReadAll(y4m);
        }

        using (var file = File.Create(raw))
        {
            frames.ForEach(f => file.Write(f));
        }

        var options = new RawVideoOptions(format.Width, format.Height, format.Chroma, format.BitDepth);
        using IFrameSource source = FrameSource.Open(raw, options);
        Assert.IsType<RawYuvReader>(source);
        Assert.Equal(format, source.Format);
        Assert.Equal(frames.Count, source.FrameCount);
        Assert.Equal(0.0, source.FrameRate);
        Assert.Equal(frames, TestVideo.ReadAll(source));
    }

    [Theory]
    [InlineData(ChromaFormat.Yuv420, 8)]
    [InlineData(ChromaFormat.Yuv422, 10)]
    [InlineData(ChromaFormat.Yuv444, 12)]
    [InlineData(ChromaFormat.Yuv420, 16)]
    public void Odd_sizes_round_chroma_up_like_ffmpeg(ChromaFormat chroma, int depth)
    {
        var format = new VideoFormat(35, 37, depth, chroma);
        using var dir = new TempDirectory();
        string path = dir.File("odd.yuv");
        TestVideo.WriteRaw(path, format, 3);
        using var reader = new RawYuvReader(path, new RawVideoOptions(35, 37, chroma, depth));
        Assert.Equal(3, reader.FrameCount);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => TestVideo.FrameBytes(format, i)).ToList(), TestVideo.ReadAll(reader));
        Assert.False(reader.ReadFrame(new YuvFrame(format))); // stays at the end
    }

    [Fact]
    public void Destination_of_another_format_is_a_programming_error()
    {
        var format = new VideoFormat(40, 40, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string path = dir.File("clip.yuv");
        TestVideo.WriteRaw(path, format, 1);
        using var reader = new RawYuvReader(path, new RawVideoOptions(40, 40, ChromaFormat.Yuv420, 8));
        Assert.Throws<ArgumentException>(() => reader.ReadFrame(new YuvFrame(format with { Chroma = ChromaFormat.Yuv444 })));
    }
}
