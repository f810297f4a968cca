using System.Text;
using VmafTiny.Decode;

namespace VmafTiny.Tests.Decode;

/// <summary>Every kind of bad input gives an exception of the right type with a message that names the problem.</summary>
public class BadInputTests
{
    private static readonly RawVideoOptions Raw420 = new(64, 36, ChromaFormat.Yuv420, 8);

    [Fact]
    public void Missing_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("missing.y4m");
        var e = Assert.Throws<InputException>(() => FrameSource.Open(path));
        Assert.Equal($"{path}: no such file", e.Message);
        e = Assert.Throws<InputException>(() => FrameSource.Open(dir.File("nodir/missing.yuv"), Raw420));
        Assert.EndsWith(": no such file", e.Message);

        string good = dir.File("good.y4m");
        TestVideo.WriteY4m(good, new VideoFormat(64, 36, 8, ChromaFormat.Yuv420), 1);
        Assert.Equal($"{path}: no such file", Assert.Throws<InputException>(() => FramePairReader.Open(good, path)).Message);
        Assert.Equal($"{path}: no such file", Assert.Throws<InputException>(() => FramePairReader.Open(path, good)).Message);
    }

    [Fact]
    public void Directory_instead_of_a_file()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<InputException>(() => FrameSource.Open(dir.FullPath));
        Assert.Equal($"{dir.FullPath}: is a directory, not a video file", e.Message);
    }

    [Fact]
    public void Unreadable_file()
    {
        // Tests usually run as root, which may read any ordinary file whatever its mode. Linux's sysctl
        // files are an exception: a write-only one (mode 0200) cannot be opened for reading even by root.
        using var dir = new TempDirectory();
        string path;
        if (Environment.UserName != "root" && !OperatingSystem.IsWindows())
        {
            path = dir.File("secret.y4m");
            TestVideo.WriteY4m(path, new VideoFormat(64, 36, 8, ChromaFormat.Yuv420), 1);
            File.SetUnixFileMode(path, UnixFileMode.None);
        }
        else if (File.Exists("/proc/sys/vm/compact_memory"))
        {
            path = "/proc/sys/vm/compact_memory";
        }
        else
        {
            return; // no file this process cannot read: nothing to test here
        }

        var e = Assert.Throws<InputException>(() => FrameSource.Open(path));
        Assert.Equal($"{path}: permission denied", e.Message);
        e = Assert.Throws<InputException>(() => FramePairReader.Open(path, path));
        Assert.Equal($"{path}: permission denied", e.Message);
    }

    [Fact]
    public void Empty_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("empty.y4m");
        File.WriteAllBytes(path, []);
        Assert.Equal($"{path}: empty file", Assert.Throws<InputException>(() => FrameSource.Open(path)).Message);
        Assert.Equal($"{path}: empty file", Assert.Throws<InputException>(() => FrameSource.Open(path, Raw420)).Message);
    }

    [Theory]
    [InlineData("clip.y4m")]
    [InlineData("clip.mp4")]
    [InlineData("clip")]
    public void A_file_that_is_not_y4m_without_raw_options(string name)
    {
        using var dir = new TempDirectory();
        string path = dir.File(name);
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("\0\0\0 ftypisom some mp4 bytes"));
        var e = Assert.Throws<InputException>(() => FrameSource.Open(path));

        // Neither y4m nor anything FFmpeg decodes: FFmpeg's reason, and the hint for raw input.
        Assert.StartsWith($"{path}: not a video file (", e.Message);
        Assert.EndsWith("); for raw .yuv give --width/--height/--pixel-format/--bitdepth", e.Message);
        Assert.Equal(path, e.FilePath);
    }

    [Theory]
    [InlineData("W64 H36 C411 XYSCSS=411", "unsupported colour space 'C411'")]
    [InlineData("W64 H36 Cfoo", "unsupported colour space 'Cfoo'")]
    [InlineData("W64 H36 C444alpha", "unsupported colour space 'C444alpha'")]
    [InlineData("W64 H36 C420p11", "unsupported colour space 'C420p11'")]
    [InlineData("W64 H36 C", "unsupported colour space 'C'")]
    [InlineData("Wabc H36", "bad width 'abc'")]
    [InlineData("W-5 H36", "bad width '-5'")]
    [InlineData("W0 H36", "bad width '0'")]
    [InlineData("W64 H", "bad height ''")]
    [InlineData("H36 C420jpeg", "header has no width (W tag)")]
    [InlineData("W64 C420jpeg", "header has no height (H tag)")]
    [InlineData("W64 H36 F25", "bad frame rate '25'")]
    [InlineData("W64 H36 Fx:1", "bad frame rate 'x:1'")]
    [InlineData("W64 H36 A1", "bad pixel aspect ratio '1'")]
    [InlineData("W64 H36 Iq", "bad interlacing tag 'Iq'")]
    [InlineData("W64 H36 Zfoo", "unknown header tag 'Zfoo'")]
    public void Bad_or_unknown_header_tag(string header, string problem)
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.y4m");
        File.WriteAllText(path, $"YUV4MPEG2 {header}\nFRAME\n");
        var e = Assert.Throws<InputException>(() => FrameSource.Open(path));
        Assert.Equal($"{path}: bad y4m header: {problem}", e.Message);

        // The same through the pair reader, for either file.
        string good = dir.File("good.y4m");
        TestVideo.WriteY4m(good, new VideoFormat(64, 36, 8, ChromaFormat.Yuv420), 1);
        Assert.Equal(e.Message, Assert.Throws<InputException>(() => FramePairReader.Open(good, path)).Message);
        Assert.Equal(e.Message, Assert.Throws<InputException>(() => FramePairReader.Open(path, good)).Message);
    }

    [Fact]
    public void Header_without_newline()
    {
        using var dir = new TempDirectory();
        string path = dir.File("noline.y4m");
        File.WriteAllText(path, "YUV4MPEG2 W64 H36");
        Assert.Equal(
            $"{path}: y4m header line is not terminated (the file ends inside it)",
            Assert.Throws<InputException>(() => FrameSource.Open(path)).Message);
    }

    [Fact]
    public void Truncated_last_frame_of_a_y4m_names_the_frame()
    {
        var format = new VideoFormat(64, 36, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string path = dir.File("cut.y4m");
        TestVideo.WriteY4m(path, format, 3);
        using (var f = new FileStream(path, FileMode.Open))
        {
            f.SetLength(f.Length - 1000);
        }

        using IFrameSource source = FrameSource.Open(path);
        Assert.Null(source.FrameCount);
        var frame = new YuvFrame(format);
        Assert.True(source.ReadFrame(frame));
        Assert.True(source.ReadFrame(frame));
        var e = Assert.Throws<InputException>(() => source.ReadFrame(frame));
        Assert.Equal($"{path}: frame 2 is truncated: {format.FrameBytes - 1000} of {format.FrameBytes} bytes", e.Message);
    }

    [Fact]
    public void Y4m_that_ends_inside_a_frame_header_or_has_a_bad_one()
    {
        var format = new VideoFormat(64, 36, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string path = dir.File("cut.y4m");
        TestVideo.WriteY4m(path, format, 2);
        File.AppendAllText(path, "FRAME");
        using (IFrameSource source = FrameSource.Open(path))
        {
            var frame = new YuvFrame(format);
            Assert.True(source.ReadFrame(frame) && source.ReadFrame(frame));
            Assert.Equal(
                $"{path}: frame 2 is truncated (the file ends inside its FRAME header)",
                Assert.Throws<InputException>(() => source.ReadFrame(frame)).Message);
        }

        TestVideo.WriteY4m(path, format, 1);
        File.AppendAllText(path, "FRAMX\n");
        using (IFrameSource source = FrameSource.Open(path))
        {
            var frame = new YuvFrame(format);
            Assert.True(source.ReadFrame(frame));
            Assert.Equal(
                $"{path}: frame 1: expected a FRAME header, found 'FRAMX'",
                Assert.Throws<InputException>(() => source.ReadFrame(frame)).Message);
        }
    }

    [Fact]
    public void Truncated_frame_stops_the_pair_reader_with_the_frame_named()
    {
        var format = new VideoFormat(64, 36, 8, ChromaFormat.Yuv420);
        using var dir = new TempDirectory();
        string reference = dir.File("ref.y4m");
        string distorted = dir.File("dist.y4m");
        TestVideo.WriteY4m(reference, format, 3);
        TestVideo.WriteY4m(distorted, format, 3);
        using (var f = new FileStream(distorted, FileMode.Open))
        {
            f.SetLength(f.Length - 1);
        }

        using var pair = FramePairReader.Open(reference, distorted);
        var (r, d) = pair.CreateFrames();
        Assert.True(pair.ReadPair(r, d));
        Assert.True(pair.ReadPair(r, d));
        var e = Assert.Throws<InputException>(() => pair.ReadPair(r, d));
        Assert.Equal($"{distorted}: frame 2 is truncated: {format.FrameBytes - 1} of {format.FrameBytes} bytes", e.Message);
    }

    [Fact]
    public void Raw_file_that_is_not_a_whole_number_of_frames_is_refused_at_open()
    {
        var format = Raw420.Format;
        using var dir = new TempDirectory();
        string path = dir.File("clip.yuv");
        TestVideo.WriteRaw(path, format, 3);
        File.AppendAllBytes(path, new byte[100]);
        long size = 3 * format.FrameBytes + 100;

        var e = Assert.Throws<InputException>(() => FrameSource.Open(path, Raw420));
        Assert.Equal(
            $"{path}: size {size} bytes is not a whole number of 64x36 4:2:0 8-bit frames of 3456 bytes " +
            "(3 frames and 100 bytes left over); check the width, height, pixel format and bit depth",
            e.Message);
        Assert.Equal(e.Message, Assert.Throws<InputException>(() => FramePairReader.Open(path, path, new(Raw420))).Message);
    }

    [Fact]
    public void Raw_options_libvmaf_does_not_take_are_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("clip.yuv");
        File.WriteAllBytes(path, new byte[64 * 36 * 3]);
        Assert.Equal(
            "raw video bit depth 9 is not supported (8, 10, 12 or 16)",
            Assert.Throws<VmafTinyException>(() => FrameSource.Open(path, new RawVideoOptions(64, 36, ChromaFormat.Yuv420, 9))).Message);
        Assert.Equal(
            "raw video pixel format 7 is not supported (420, 422, 444 or 400)",
            Assert.Throws<VmafTinyException>(() => FrameSource.Open(path, new RawVideoOptions(64, 36, (ChromaFormat)7, 8))).Message);
        Assert.Equal(
            "raw video size 0x36 is not a valid size",
            Assert.Throws<VmafTinyException>(() => FrameSource.Open(path, new RawVideoOptions(0, 36, ChromaFormat.Yuv444, 8))).Message);
    }

    [Fact]
    public void Different_size_or_bit_depth_names_both_files_and_formats()
    {
        using var dir = new TempDirectory();
        string a = dir.File("a.y4m"), b = dir.File("b.y4m"), c = dir.File("c.y4m"), d = dir.File("d.y4m");
        TestVideo.WriteY4m(a, new VideoFormat(64, 36, 8, ChromaFormat.Yuv420), 1);
        TestVideo.WriteY4m(b, new VideoFormat(64, 40, 8, ChromaFormat.Yuv420), 1);
        TestVideo.WriteY4m(c, new VideoFormat(64, 36, 10, ChromaFormat.Yuv420), 1);
        TestVideo.WriteY4m(d, new VideoFormat(48, 36, 10, ChromaFormat.Yuv444), 1);

        var e = Assert.Throws<VmafTinyException>(() => FramePairReader.Open(a, b));
        Assert.Equal($"reference and distorted differ in size: {a} is 64x36 4:2:0 8-bit, {b} is 64x40 4:2:0 8-bit", e.Message);
        e = Assert.Throws<VmafTinyException>(() => FramePairReader.Open(a, c));
        Assert.Equal($"reference and distorted differ in bit depth: {a} is 64x36 4:2:0 8-bit, {c} is 64x36 4:2:0 10-bit", e.Message);
        e = Assert.Throws<VmafTinyException>(() => FramePairReader.Open(a, d));
        Assert.Equal(
            $"reference and distorted differ in size and bit depth: {a} is 64x36 4:2:0 8-bit, {d} is 48x36 4:4:4 10-bit", e.Message);
    }

    [Theory]
    [InlineData(32, 40)]
    [InlineData(40, 32)]
    [InlineData(16, 16)]
    public void Frames_smaller_than_33x33_are_refused(int width, int height)
    {
        using var dir = new TempDirectory();
        string reference = dir.File("ref.y4m"), distorted = dir.File("dist.y4m");
        var format = new VideoFormat(width, height, 8, ChromaFormat.Yuv420);
        TestVideo.WriteY4m(reference, format, 1);
        TestVideo.WriteY4m(distorted, format, 1);
        var e = Assert.Throws<InputException>(() => FramePairReader.Open(reference, distorted));
        Assert.Equal($"{reference}: frames of {width}x{height} are too small: vmaf needs at least 33x33", e.Message);
    }

    [Fact]
    public void Frames_of_exactly_33x33_are_accepted()
    {
        using var dir = new TempDirectory();
        string reference = dir.File("ref.y4m"), distorted = dir.File("dist.y4m");
        var format = new VideoFormat(33, 33, 8, ChromaFormat.Yuv420);
        TestVideo.WriteY4m(reference, format, 1);
        TestVideo.WriteY4m(distorted, format, 1);
        using var pair = FramePairReader.Open(reference, distorted);
        var (r, d) = pair.CreateFrames();
        Assert.True(pair.ReadPair(r, d));
        Assert.False(pair.ReadPair(r, d));
        Assert.Null(pair.Warning);
    }
}
