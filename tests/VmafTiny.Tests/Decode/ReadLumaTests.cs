using System.Runtime.InteropServices;
using VmafTiny.Decode;
using VmafTiny.Decode.Ffmpeg;
using VmafTiny.Decode.Raw;
using VmafTiny.Decode.Y4m;
using VmafTiny.Tests.Decode.Ffmpeg;

namespace VmafTiny.Tests.Decode;

/// <summary>
/// <see cref="IFrameSource.ReadLuma"/> of every reader gives exactly the luma plane <see cref="IFrameSource.ReadFrame"/>
/// gives, ends where it ends, and refuses a truncated frame (luma or chroma cut short) with the same message.
/// </summary>
public partial class ReadLumaTests
{
    public static TheoryData<int, ChromaFormat> Formats => new()
    {
        { 8, ChromaFormat.Yuv420 },
        { 10, ChromaFormat.Yuv422 },
        { 8, ChromaFormat.Mono },
        { 12, ChromaFormat.Yuv444 },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Y4m_and_raw_files_give_the_luma_of_each_frame(int bitDepth, ChromaFormat chroma)
    {
        var format = new VideoFormat(50, 36, bitDepth, chroma);
        using var dir = new TempDirectory();
        TestVideo.WriteY4m(dir.File("clip.y4m"), format, 3);
        TestVideo.WriteRaw(dir.File("clip.yuv"), format, 3);
        AssertSameLuma(() => FrameSource.Open(dir.File("clip.y4m")), format);
        if (chroma != ChromaFormat.Mono)
        {
            // Raw input is 4:2:0, 4:2:2 or 4:4:4, as libvmaf's.
            AssertSameLuma(() => FrameSource.Open(dir.File("clip.yuv"), new RawVideoOptions(50, 36, chroma, bitDepth)), format);
        }
    }

    [Fact]
    public void Y4m_frame_headers_with_parameters_are_read_as_before()
    {
        var format = new VideoFormat(40, 34, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string path = dir.File("params.y4m");
        TestVideo.WriteY4m(path, "W40 H34 F25:1 C420jpeg", Enumerable.Range(0, 2).Select(i => TestVideo.FrameBytes(format, i)), "FRAME Ixyz");
        AssertSameLuma(() => FrameSource.Open(path), format);
    }

    [Theory]
    [InlineData(1)]      // inside the chroma of the last frame
    [InlineData(500)]
    [InlineData(1700)]   // inside its luma
    public void A_truncated_last_y4m_frame_is_refused_as_ReadFrame_refuses_it(int cut)
    {
        var format = new VideoFormat(48, 36, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string path = dir.File("cut.y4m");
        TestVideo.WriteY4m(path, format, 2);
        using (var f = new FileStream(path, FileMode.Open))
        {
            f.SetLength(f.Length - cut);
        }

        string expected = ErrorOf(path, s => s.ReadFrame(new YuvFrame(format)));
        Assert.Equal($"{path}: frame 1 is truncated: {format.FrameBytes - cut} of {format.FrameBytes} bytes", expected);
        Assert.Equal(expected, ErrorOf(path, s => s.ReadLuma(new byte[format.LumaBytes])));
    }

    [Theory]
    [InlineData(10)]     // inside the luma
    [InlineData(1800)]   // inside the chroma
    public async Task A_truncated_raw_frame_from_a_pipe_is_refused_as_ReadFrame_refuses_it(int tail)
    {
        var format = new VideoFormat(48, 36, 8, ChromaFormat.Yuv420);
        var raw = new RawVideoOptions(48, 36, ChromaFormat.Yuv420, 8);
        byte[] data = TestVideo.FrameBytes(format, 0).Concat(new byte[tail]).ToArray();
        using var dir = new TempDirectory();
        string fifo = MakeFifo(dir.File("pipe"));
        Task writer = Task.Run(() => File.WriteAllBytes(fifo, data));
        using (IFrameSource source = FrameSource.Open(fifo, raw))
        {
            var luma = new byte[format.LumaBytes];
            Assert.True(source.ReadLuma(luma));
            Assert.Equal(TestVideo.FrameBytes(format, 0).AsSpan(0, format.LumaBytes).ToArray(), luma);
            Assert.Equal(
                $"{fifo}: frame 1 is truncated: {tail} of 2592 bytes (48x36 4:2:0 8-bit frames)",
                Assert.Throws<InputException>(() => source.ReadLuma(luma)).Message);
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Y4m_from_a_pipe_skips_the_chroma_by_reading_it()
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
            Assert.Equal(Enumerable.Range(0, 3).Select(i => Luma(TestVideo.FrameBytes(format, i), format)).ToList(), ReadAllLuma(source));
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Ffmpeg_and_scaling_sources_give_the_luma_of_each_frame()
    {
        AssertSameLuma(() => FfmpegSource.Open(EncodedClips.File("h264_420p8.mp4")), null);
        AssertSameLuma(() => FfmpegSource.Open(EncodedClips.File("ffv1_422p10.mkv")), null);
        var to = new VideoFormat(123, 71, 10, ChromaFormat.Yuv444);
        AssertSameLuma(() => new ScalingSource(new Y4mReader(EncodedClips.Unpacked("ffv1_422p10.y4m")), to), to);
    }

    [Fact]
    public void A_pair_reads_the_same_lumas_and_ends_with_the_same_warning()
    {
        var format = new VideoFormat(40, 34, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        TestVideo.WriteY4m(dir.File("ref.y4m"), format, 5, seed: 1);
        TestVideo.WriteY4m(dir.File("dist.y4m"), format, 3, seed: 2);
        var options = new FramePairOptions(SkipReference: 1);
        using var frames = FramePairReader.Open(dir.File("ref.y4m"), dir.File("dist.y4m"), options);
        using var lumas = FramePairReader.Open(dir.File("ref.y4m"), dir.File("dist.y4m"), options);
        var (r, d) = frames.CreateFrames();
        byte[] rl = new byte[format.LumaBytes], dl = new byte[format.LumaBytes];
        int pairs = 0;
        while (frames.ReadPair(r, d))
        {
            Assert.True(lumas.ReadLumaPair(rl, dl));
            Assert.Equal(r.PlaneBytes(0).ToArray(), rl);
            Assert.Equal(d.PlaneBytes(0).ToArray(), dl);
            pairs++;
        }

        Assert.False(lumas.ReadLumaPair(rl, dl));
        Assert.Equal(3, pairs);
        Assert.Equal(frames.PairsRead, lumas.PairsRead);
        Assert.NotNull(frames.Warning);
        Assert.Equal(frames.Warning, lumas.Warning);
    }

    private static void AssertSameLuma(Func<IFrameSource> open, VideoFormat? expectedFormat)
    {
        List<byte[]> whole, luma;
        VideoFormat format;
        using (IFrameSource source = open())
        {
            format = source.Format;
            whole = TestVideo.ReadAll(source).Select(f => Luma(f, format)).ToList();
        }

        using (IFrameSource source = open())
        {
            luma = ReadAllLuma(source);
            Assert.False(source.ReadLuma(new byte[format.LumaBytes]), "a source that ended stays ended");
        }

        if (expectedFormat is { } f)
        {
            Assert.Equal(f, format);
        }

        Assert.True(whole.Count > 1);
        EncodedClips.AssertSameFrames(whole, luma, $"{format} luma");
    }

    private static List<byte[]> ReadAllLuma(IFrameSource source)
    {
        var frames = new List<byte[]>();
        var luma = new byte[source.Format.LumaBytes];
        while (source.ReadLuma(luma))
        {
            frames.Add(luma.ToArray());
        }

        return frames;
    }

    private static byte[] Luma(byte[] frame, VideoFormat format) => frame.AsSpan(0, format.LumaBytes).ToArray();

    private static string ErrorOf(string path, Func<IFrameSource, bool> read)
    {
        using IFrameSource source = FrameSource.Open(path);
        Assert.True(read(source));
        return Assert.Throws<InputException>(() => read(source)).Message;
    }

    private static string MakeFifo(string path)
    {
        Assert.Equal(0, MkFifo(path, Convert.ToUInt32("600", 8)));
        return path;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
