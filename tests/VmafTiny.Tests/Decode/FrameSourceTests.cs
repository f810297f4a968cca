using System.Runtime.InteropServices;
using VmafTiny.Decode;
using VmafTiny.Decode.Raw;
using VmafTiny.Decode.Y4m;

namespace VmafTiny.Tests.Decode;

/// <summary>The factory picks the reader by content, also for pipes.</summary>
public partial class FrameSourceTests
{
    [Fact]
    public void Y4m_content_wins_over_the_extension_and_over_matching_raw_options()
    {
        var format = new VideoFormat(64, 36, 10, ChromaFormat.Yuv422);
        using var dir = new TempDirectory();
        string path = dir.File("really-y4m.yuv");
        TestVideo.WriteY4m(path, format, 2);

        using (IFrameSource source = FrameSource.Open(path))
        {
            Assert.IsType<Y4mReader>(source);
        }

        // Options that agree on size and depth (the chroma format may differ: only luma is scored).
        using (IFrameSource source = FrameSource.Open(path, new RawVideoOptions(64, 36, ChromaFormat.Yuv420, 10)))
        {
            Assert.IsType<Y4mReader>(source);
            Assert.Equal(format, source.Format);
            Assert.Equal(2, TestVideo.ReadAll(source).Count);
        }
    }

    [Fact]
    public void Raw_options_that_contradict_a_y4m_header_are_an_error()
    {
        using var dir = new TempDirectory();
        string path = dir.File("clip.y4m");
        TestVideo.WriteY4m(path, new VideoFormat(64, 36, 8, ChromaFormat.Yuv420), 1);
        var e = Assert.Throws<InputException>(() => FrameSource.Open(path, new RawVideoOptions(1920, 1080, ChromaFormat.Yuv420, 8)));
        Assert.Equal(
            $"{path}: is a YUV4MPEG2 file of 64x36 4:2:0 8-bit, but the raw video options say 1920x1080 4:2:0 8-bit; " +
            "y4m files are read by their header, so leave out the raw options or make them match",
            e.Message);
    }

    [Fact]
    public void Raw_content_with_a_y4m_extension_is_read_raw_when_options_are_given()
    {
        var format = new VideoFormat(64, 36, 8, ChromaFormat.Yuv444);
        using var dir = new TempDirectory();
        string path = dir.File("raw.y4m");
        TestVideo.WriteRaw(path, format, 2);
        using IFrameSource source = FrameSource.Open(path, new RawVideoOptions(64, 36, ChromaFormat.Yuv444, 8));
        Assert.IsType<RawYuvReader>(source);
        Assert.Equal(2, TestVideo.ReadAll(source).Count);
    }

    [Fact]
    public async Task Y4m_from_a_pipe()
    {
        var format = new VideoFormat(48, 36, 10, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string file = dir.File("clip.y4m");
        TestVideo.WriteY4m(file, format, 3);
        string fifo = MakeFifo(dir.File("pipe"));
        Task writer = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(file)));

        using (IFrameSource source = FrameSource.Open(fifo))
        {
            Assert.IsType<Y4mReader>(source);
            Assert.Null(source.FrameCount);
            Assert.Equal(Enumerable.Range(0, 3).Select(i => TestVideo.FrameBytes(format, i)).ToList(), TestVideo.ReadAll(source));
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Raw_from_a_pipe_finds_a_truncated_last_frame_when_it_gets_there()
    {
        var format = new VideoFormat(48, 36, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string fifo = MakeFifo(dir.File("pipe"));
        byte[] data = Enumerable.Range(0, 2).SelectMany(i => TestVideo.FrameBytes(format, i)).Concat(new byte[10]).ToArray();
        Task writer = Task.Run(() => File.WriteAllBytes(fifo, data));

        using (IFrameSource source = FrameSource.Open(fifo, new RawVideoOptions(48, 36, ChromaFormat.Yuv420, 8)))
        {
            Assert.IsType<RawYuvReader>(source);
            Assert.Null(source.FrameCount);
            var frame = new YuvFrame(format);
            Assert.True(source.ReadFrame(frame));
            Assert.True(source.ReadFrame(frame));
            Assert.Equal(
                $"{fifo}: frame 2 is truncated: 10 of 2592 bytes (48x36 4:2:0 8-bit frames)",
                Assert.Throws<InputException>(() => source.ReadFrame(frame)).Message);
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Raw_truncated_last_frame_of_a_file_is_refused_at_open()
    {
        // A file's size is known, so a short last frame is reported before any frame is read.
        var format = new VideoFormat(48, 36, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string path = dir.File("cut.yuv");
        TestVideo.WriteRaw(path, format, 3);
        using (var f = new FileStream(path, FileMode.Open))
        {
            f.SetLength(f.Length - 1);
        }

        var e = Assert.Throws<InputException>(() => FrameSource.Open(path, new RawVideoOptions(48, 36, ChromaFormat.Yuv420, 8)));
        Assert.Contains("(2 frames and 2591 bytes left over)", e.Message);
    }

    private static string MakeFifo(string path)
    {
        Assert.Equal(0, MkFifo(path, Convert.ToUInt32("600", 8)));
        return path;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
