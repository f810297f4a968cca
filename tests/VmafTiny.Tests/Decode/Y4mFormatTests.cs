using VmafTiny.Decode;
using VmafTiny.Decode.Y4m;

namespace VmafTiny.Tests.Decode;

/// <summary>Synthetic y4m files: every colour space FFmpeg writes, every header tag, FRAME lines with parameters.</summary>
public class Y4mFormatTests
{
    public static IEnumerable<object[]> ColorSpaces =>
    [
        ["420jpeg", ChromaFormat.Yuv420, 8],
        ["420paldv", ChromaFormat.Yuv420, 8],
        ["420mpeg2", ChromaFormat.Yuv420, 8],
        ["420", ChromaFormat.Yuv420, 8],
        ["422", ChromaFormat.Yuv422, 8],
        ["444", ChromaFormat.Yuv444, 8],
        ["mono", ChromaFormat.Mono, 8],
        ["420p9", ChromaFormat.Yuv420, 9],
        ["420p10", ChromaFormat.Yuv420, 10],
        ["420p12", ChromaFormat.Yuv420, 12],
        ["420p14", ChromaFormat.Yuv420, 14],
        ["420p16", ChromaFormat.Yuv420, 16],
        ["422p9", ChromaFormat.Yuv422, 9],
        ["422p10", ChromaFormat.Yuv422, 10],
        ["422p12", ChromaFormat.Yuv422, 12],
        ["422p14", ChromaFormat.Yuv422, 14],
        ["422p16", ChromaFormat.Yuv422, 16],
        ["444p9", ChromaFormat.Yuv444, 9],
        ["444p10", ChromaFormat.Yuv444, 10],
        ["444p12", ChromaFormat.Yuv444, 12],
        ["444p14", ChromaFormat.Yuv444, 14],
        ["444p16", ChromaFormat.Yuv444, 16],
        ["mono9", ChromaFormat.Mono, 9],
        ["mono10", ChromaFormat.Mono, 10],
        ["mono12", ChromaFormat.Mono, 12],
        ["mono14", ChromaFormat.Mono, 14],
        ["mono16", ChromaFormat.Mono, 16],
    ];

    [Theory]
    [MemberData(nameof(ColorSpaces))]
    public void Reads_every_colour_space_ffmpeg_writes(string tag, ChromaFormat chroma, int depth)
    {
        // Odd width and height: chroma planes round up, as FFmpeg writes them.
        var format = new VideoFormat(35, 21, depth, chroma);
        using var dir = new TempDirectory();
        string path = dir.File("clip.y4m");
        var frames = Enumerable.Range(0, 3).Select(i => TestVideo.FrameBytes(format, i)).ToList();
        string xyscss = tag.StartsWith("mono", StringComparison.Ordinal) ? string.Empty : $" XYSCSS={tag.ToUpperInvariant()}";
        TestVideo.WriteY4m(path, $"W35 H21 F25:1 Ip A1:1 C{tag}{xyscss} XCOLORRANGE=LIMITED", frames);

        using IFrameSource source = FrameSource.Open(path);
        Assert.IsType<Y4mReader>(source);
        Assert.Equal(format, source.Format);
        Assert.Equal(25.0, source.FrameRate);
        Assert.Equal(3, source.FrameCount);
        List<byte[]> read = TestVideo.ReadAll(source);
        Assert.Equal(frames, read);
    }

    [Fact]
    public void No_colour_space_tag_means_420_8bit()
    {
        using var dir = new TempDirectory();
        string path = dir.File("plain.y4m");
        var format = new VideoFormat(40, 34, 8, ChromaFormat.Yuv420);
        TestVideo.WriteY4m(path, "W40 H34", [TestVideo.FrameBytes(format, 0)]);
        using IFrameSource source = FrameSource.Open(path);
        Assert.Equal(format, source.Format);
        Assert.Equal(0.0, source.FrameRate);
        Assert.Single(TestVideo.ReadAll(source));
    }

    [Theory]
    [InlineData("W48 H36 F30000:1001 It A0:0 C420p10", 30000.0 / 1001, 't')]
    [InlineData("W48 H36 F24:1 Ib A128:117 C420p10", 24.0, 'b')]
    [InlineData("W48 H36 F0:0 Im A1:1 C420p10 XYSCSS=420P10", 0.0, 'm')]
    [InlineData("C420p10 Ip H36 W48 F50:1 X", 50.0, 'p')]
    [InlineData("W48  H36 F50:1   C420p10 XCOLORRANGE=FULL Xfoo=bar", 50.0, 'p')]
    [InlineData("W48 H36 I? C420p10", 0.0, '?')]
    public void Understands_every_header_tag(string header, double fps, char interlacing)
    {
        using var dir = new TempDirectory();
        string path = dir.File("tags.y4m");
        var format = new VideoFormat(48, 36, 10, ChromaFormat.Yuv420);
        var frames = new[] { TestVideo.FrameBytes(format, 0), TestVideo.FrameBytes(format, 1) };
        TestVideo.WriteY4m(path, header, frames);
        Y4mHeader parsed = Y4mHeader.Parse(Y4mHeader.Magic + header);
        Assert.Equal(interlacing, parsed.Interlacing);
        if (parsed.IsInterlaced)
        {
            // Understood, and refused as libvmaf refuses it (issue 10): vmaf is defined on progressive frames.
            Assert.Contains("is interlaced", Assert.Throws<InputException>(() => FrameSource.Open(path)).Message, StringComparison.Ordinal);
            return;
        }

        using var reader = (Y4mReader)FrameSource.Open(path);
        Assert.Equal(format, reader.Format);
        Assert.Equal(fps, reader.FrameRate, 12);
        Assert.Equal(interlacing, reader.Header.Interlacing);
        Assert.Equal(frames, TestVideo.ReadAll(reader));
    }

    [Theory]
    [InlineData("FRAME Ip")]
    [InlineData("FRAME Ib XFOO=1 A1:1")]
    [InlineData("FRAME ")]
    public void Reads_frame_lines_with_parameters(string frameLine)
    {
        using var dir = new TempDirectory();
        string path = dir.File("params.y4m");
        var format = new VideoFormat(36, 36, 8, ChromaFormat.Yuv444);
        var frames = Enumerable.Range(0, 4).Select(i => TestVideo.FrameBytes(format, i)).ToList();
        TestVideo.WriteY4m(path, "W36 H36 F25:1 C444", frames, frameLine);

        using IFrameSource source = FrameSource.Open(path);
        Assert.Null(source.FrameCount); // the size no longer tells the count
        Assert.Equal(frames, TestVideo.ReadAll(source));
    }

    [Fact]
    public void Frame_count_is_not_guessed_when_parameterised_frame_lines_make_the_size_divide_evenly()
    {
        var format = new VideoFormat(36, 36, 8, ChromaFormat.Yuv444);
        long bare = "FRAME\n".Length + format.FrameBytes;
        // A frame line of FrameBytes + 11 characters makes each frame record exactly two bare records long.
        string frameLine = "FRAME X" + new string('a', (int)format.FrameBytes + 4);
        Assert.Equal(2 * bare, frameLine.Length + 1 + format.FrameBytes);
        using var dir = new TempDirectory();
        string path = dir.File("divides.y4m");
        var frames = Enumerable.Range(0, 2).Select(i => TestVideo.FrameBytes(format, i)).ToList();
        TestVideo.WriteY4m(path, "W36 H36 C444", frames, frameLine);
        Assert.Equal(0, (new FileInfo(path).Length - "YUV4MPEG2 W36 H36 C444\n".Length) % bare);

        using IFrameSource source = FrameSource.Open(path);
        Assert.Null(source.FrameCount);
        Assert.Equal(frames, TestVideo.ReadAll(source));
    }
}
