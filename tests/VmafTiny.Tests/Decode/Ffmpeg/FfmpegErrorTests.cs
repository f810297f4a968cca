using System.Runtime.InteropServices;
using VmafTiny.Decode;
using VmafTiny.Decode.Ffmpeg;

namespace VmafTiny.Tests.Decode.Ffmpeg;

/// <summary>Every broken input gives one clear line, "PATH: PROBLEM", as an <see cref="InputException"/>.</summary>
public partial class FfmpegErrorTests
{
    [Fact]
    public void Missing_file()
    {
        string path = EncodedClips.File("there-is-no-such-clip.mp4");
        var e = Assert.Throws<InputException>(() => FfmpegSource.Open(path));
        Assert.Equal($"{path}: no such file", e.Message);
    }

    [Fact]
    public void Directory()
    {
        string path = EncodedClips.DataDirectory;
        var e = Assert.Throws<InputException>(() => FfmpegSource.Open(path));
        Assert.Equal($"{path}: is a directory, not a video file", e.Message);
    }

    [Fact]
    public void Not_a_video_file()
    {
        string path = EncodedClips.File("not-video.txt");
        var e = Assert.Throws<InputException>(() => FfmpegSource.Open(path));
        Assert.Equal($"{path}: not a video file (Invalid data found when processing input)", e.Message);
    }

    [Fact]
    public void Empty_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-empty-{Environment.ProcessId}.mp4");
        File.WriteAllBytes(path, []);
        try
        {
            var e = Assert.Throws<InputException>(() => FfmpegSource.Open(path));
            Assert.StartsWith($"{path}: not a video file (", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void No_video_stream()
    {
        string path = EncodedClips.File("audio-only.wav");
        var e = Assert.Throws<InputException>(() => FfmpegSource.Open(path));
        Assert.Equal($"{path}: no video stream", e.Message);
    }

    [Fact]
    public void Unsupported_codec()
    {
        string path = EncodedClips.File("unknown-codec.avi");
        var e = Assert.Throws<InputException>(() => FfmpegSource.Open(path));
        Assert.Equal($"{path}: unsupported codec unknown (fourcc VTZZ)", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void Corrupt_stream_names_the_frame(int threads)
    {
        string path = EncodedClips.File("corrupt-frame5.mp4");
        using var source = FfmpegSource.Open(path, new FfmpegOptions { Threads = threads });
        var frame = new YuvFrame(source.Format);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(source.ReadFrame(frame));
        }

        var e = Assert.Throws<InputException>(() => source.ReadFrame(frame));
        Assert.StartsWith($"{path}: corrupt data at frame 5 (the decoder concealed damaged data", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(source.ReadFrame(frame), "a source that failed stays ended");
    }

    [Theory]
    [InlineData("ref_160x90.mkv", 30)]
    [InlineData("ref_160x90.mkv", 60)]
    [InlineData("ref_160x90.mkv", 99)]
    [InlineData("vp9_420p8.webm", 50)]
    [InlineData("vp9_420p8.webm", 95)]
    public void Truncated_matroska_is_an_error_not_a_shorter_clip(string clip, int percent)
    {
        // Matroska's demuxer logs "File ended prematurely" and reports a plain end of file: the frames before the
        // cut decoded fine, so only the demuxer's error tells a truncated file from a short one.
        byte[] whole = File.ReadAllBytes(EncodedClips.File(clip));
        string path = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-cut-{Environment.ProcessId}-{percent}-{clip}");
        File.WriteAllBytes(path, whole.AsSpan(0, whole.Length * percent / 100).ToArray());
        try
        {
            var e = Assert.Throws<InputException>(() =>
            {
                using var source = FfmpegSource.Open(path);
                var frame = new YuvFrame(source.Format);
                while (source.ReadFrame(frame))
                {
                }
            });
            Assert.StartsWith($"{path}: corrupt data at frame ", e.Message);
            Assert.Contains("the container is truncated or damaged", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const string OggClip = "theora_vorbis.ogg";

    /// <summary>
    /// Where the Ogg clip is cut: at each page boundary after the first video frame's page (the file's first four
    /// pages hold the two streams' headers), right after the audio's last page among them, and within pages.
    /// </summary>
    public static TheoryData<int> OggCuts()
    {
        List<int> pages = OggPages(out int length);
        var cuts = new TheoryData<int>();
        foreach (int page in pages.Skip(5))
        {
            cuts.Add(page);
        }

        cuts.Add(length * 3 / 4);
        cuts.Add(length - 100);
        cuts.Add(length - 1);
        return cuts;
    }

    /// <summary>Where the Ogg clip is cut before its first frame: within and after each header page, within the first frame's.</summary>
    public static TheoryData<int> OggHeaderCuts()
    {
        List<int> pages = OggPages(out _);
        var cuts = new TheoryData<int> { 4, 30 };
        for (int i = 1; i <= 4; i++)
        {
            cuts.Add(pages[i]);
            cuts.Add((pages[i] + pages[i + 1]) / 2);
        }

        return cuts;
    }

    /// <summary>The offsets of the Ogg clip's pages.</summary>
    private static List<int> OggPages(out int length)
    {
        byte[] ogg = File.ReadAllBytes(EncodedClips.File(OggClip));
        length = ogg.Length;
        var pages = new List<int>();
        for (int i = 0; i + 4 <= ogg.Length; i++)
        {
            if (ogg.AsSpan(i, 4).SequenceEqual("OggS"u8))
            {
                pages.Add(i);
            }
        }

        return pages;
    }

    [Theory]
    [MemberData(nameof(OggHeaderCuts))]
    public void Ogg_cut_before_its_first_frame_is_truncated_not_a_file_of_another_kind(int length)
    {
        // The demuxer reads up to the first frame's packet before it opens: a cut before it ended the open with a
        // plain end of file, which read as "not a video file (End of file); for raw .yuv give --width...".
        byte[] whole = File.ReadAllBytes(EncodedClips.File(OggClip));
        string path = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-head-{Environment.ProcessId}-{length}-{OggClip}");
        File.WriteAllBytes(path, whole.AsSpan(0, length).ToArray());
        try
        {
            var e = Assert.Throws<InputException>(() => FrameSource.Open(path));
            Assert.Equal($"{path}: corrupt data at frame 0 (the container is truncated or damaged: the file ends before its first frame)", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(OggCuts))]
    public void Truncated_ogg_is_an_error_not_a_shorter_clip(int length)
    {
        // FFmpeg's Ogg demuxer reports a page cut short, or a file ending between pages, as a plain end of file and
        // logs nothing: only the file's end (whole pages up to the last byte, the video's last flagged as its end)
        // tells it from a short clip. The frames before the cut are delivered; the error names the first one missing.
        byte[] whole = File.ReadAllBytes(EncodedClips.File(OggClip));
        string path = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-cut-{Environment.ProcessId}-{length}-{OggClip}");
        File.WriteAllBytes(path, whole.AsSpan(0, length).ToArray());
        try
        {
            int read = 0;
            var e = Assert.Throws<InputException>(() =>
            {
                using var source = FfmpegSource.Open(path);
                var frame = new YuvFrame(source.Format);
                while (source.ReadFrame(frame))
                {
                    read++;
                }
            });
            Assert.InRange(read, 1, 7);
            Assert.StartsWith($"{path}: corrupt data at frame {read} (the container is truncated or damaged: ", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Whole_ogg_reads_to_its_end_and_seeks()
    {
        using (var source = FfmpegSource.Open(EncodedClips.File(OggClip)))
        {
            Assert.Equal("theora", source.CodecName);
            Assert.Equal("ogg", source.ContainerName);
            Assert.Equal(8, EncodedClips.ReadAll(source).Count);
        }

        using (var source = FfmpegSource.Open(EncodedClips.File(OggClip)))
        {
            Assert.Equal(5, source.SkipFrames(5));
            var frame = new YuvFrame(source.Format);
            int read = 0;
            while (source.ReadFrame(frame))
            {
                read++;
            }

            Assert.Equal(3, read);
        }
    }

    [Fact]
    public void Ogg_with_bytes_after_its_last_page_or_cut_before_a_seek_target_is_an_error()
    {
        byte[] whole = File.ReadAllBytes(EncodedClips.File(OggClip));
        string path = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-tail-{Environment.ProcessId}-{OggClip}");
        try
        {
            File.WriteAllBytes(path, [.. whole, .. "not an Ogg page"u8]);
            var e = Assert.Throws<InputException>(() =>
            {
                using var source = FfmpegSource.Open(path);
                EncodedClips.ReadAll(source);
            });
            Assert.Equal($"{path}: corrupt data at frame 8 (the container is truncated or damaged: it does not end with a whole Ogg page)", e.Message);

            // Seeking reads the packets to the end first (the frame may not be there): the cut shows there too.
            File.WriteAllBytes(path, whole.AsSpan(0, whole.Length - 1).ToArray());
            e = Assert.Throws<InputException>(() =>
            {
                using var source = FfmpegSource.Open(path);
                source.SkipFrames(20);
            });
            Assert.StartsWith($"{path}: corrupt data at frame ", e.Message);
            Assert.EndsWith(" (the container is truncated or damaged: its last Ogg page is cut short)", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Wrong_destination_format_is_a_programming_error()
    {
        using var source = FfmpegSource.Open(EncodedClips.File("h264_420p8.mp4"));
        Assert.Throws<ArgumentException>(() => source.ReadFrame(new YuvFrame(new VideoFormat(160, 90, 10, ChromaFormat.Yuv420))));
    }

    [Fact]
    public async Task Encoded_video_through_a_pipe_is_refused_clearly()
    {
        string fifo = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-fifo-{Environment.ProcessId}");
        File.Delete(fifo);
        Assert.Equal(0, MkFifo(fifo, Convert.ToUInt32("600", 8)));
        try
        {
            byte[] mp4 = File.ReadAllBytes(EncodedClips.File("h264_420p8.mp4"));
            Task writer = Task.Run(() => File.WriteAllBytes(fifo, mp4));
            var e = Assert.Throws<InputException>(() => FrameSource.Open(fifo));
            Assert.Equal($"{fifo}: is a pipe: only y4m and raw .yuv can be piped, give encoded video as a file", e.Message);
            try
            {
                await writer.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (IOException)
            {
                // the reader went away: a broken pipe
            }
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
