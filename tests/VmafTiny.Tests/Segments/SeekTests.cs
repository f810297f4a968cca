using VmafTiny.Decode;
using VmafTiny.Decode.Ffmpeg;
using VmafTiny.Tests.Decode.Ffmpeg;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Segments;

/// <summary>
/// Frame-accurate seeking (<see cref="IFrameSource.SkipFrames"/>): after skipping to any frame, every source delivers
/// exactly the frames reading from the start delivers from there; encoded video decodes from the keyframe before the
/// frame (H.264 with B-frames and open GOPs in MP4 and Matroska, HEVC with CRA/RASL, VP9, AV1 open and closed).
/// </summary>
public class SeekTests
{
    [Theory]
    [MemberData(nameof(SegmentClips.Names), MemberType = typeof(SegmentClips))]
    public void Encoded_video_seeks_to_every_frame_from_the_keyframe_before_it(string name)
    {
        string path = SegmentClips.File(name);
        List<byte[]> all;
        using (var whole = FfmpegSource.Open(path))
        {
            all = EncodedClips.ReadAll(whole);
        }

        Assert.Equal(SegmentClips.Frames, all.Count);
        int[] keyframes = SegmentClips.Keyframes(name);
        for (int target = 1; target <= all.Count; target++)
        {
            using var source = FfmpegSource.Open(path);
            Assert.Equal(target, source.SkipFrames(target));
            FfmpegSeek seek = source.LastSeek!;
            int key = keyframes.Last(k => k <= target);
            if (target == all.Count)
            {
                Assert.Equal(SeekMethod.End, seek.Method);
            }
            else if (key > 0)
            {
                // Decoding restarted at the keyframe before the target: the frames before it were never decoded.
                Assert.Equal(SeekMethod.Timestamp, seek.Method);
                Assert.Equal(key, seek.Keyframe);
            }
            else
            {
                Assert.Equal(SeekMethod.Decoded, seek.Method);
            }

            var frame = new YuvFrame(source.Format);
            for (int i = target; i < all.Count; i++)
            {
                Assert.True(source.ReadFrame(frame), $"{name}: frame {i} after seeking to {target}");
                Assert.True(all[i].AsSpan().SequenceEqual(frame.Data), $"{name}: frame {i} after seeking to {target} differs from a read from the start");
            }

            Assert.False(source.ReadFrame(frame));
        }
    }

    [Fact]
    public void Seeking_past_the_end_skips_what_there_is_and_ends()
    {
        using var source = FfmpegSource.Open(SegmentClips.File("h264-open.mp4"));
        Assert.Equal(SegmentClips.Frames, source.SkipFrames(1000));
        Assert.Equal(SeekMethod.End, source.LastSeek!.Method);
        Assert.False(source.ReadFrame(new YuvFrame(source.Format)));
        Assert.Equal(0, source.SkipFrames(1));
    }

    [Fact]
    public void Y4m_and_raw_seek_straight_to_the_frame_and_pipes_read_on()
    {
        string y4m = GoldenClips.DistortedPath("g02_zoom_420p10_352x288");
        List<byte[]> all;
        using (var whole = FrameSource.Open(y4m))
        {
            all = EncodedClips.ReadAll(whole);
        }

        string raw = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-seek-{Guid.NewGuid():N}.yuv");
        File.WriteAllBytes(raw, all.SelectMany(f => f).ToArray());
        try
        {
            VideoFormat format;
            using (var probe = FrameSource.Open(y4m))
            {
                format = probe.Format;
            }

            var rawOptions = new RawVideoOptions(format.Width, format.Height, format.Chroma, format.BitDepth);
            foreach (Func<IFrameSource> open in new Func<IFrameSource>[]
                     {
                         () => FrameSource.Open(y4m),
                         () => FrameSource.Open(raw, rawOptions),
                         () => new VmafTiny.Decode.Y4m.Y4mReader(y4m, new NonSeekableStream(File.OpenRead(y4m))),
                     })
            {
                for (int target = 0; target <= all.Count + 1; target++)
                {
                    using IFrameSource source = open();
                    Assert.Equal(Math.Min(target, all.Count), source.SkipFrames(target));
                    var frame = new YuvFrame(source.Format);
                    for (int i = target; i < all.Count; i++)
                    {
                        Assert.True(source.ReadFrame(frame));
                        Assert.True(all[i].AsSpan().SequenceEqual(frame.Data), $"frame {i} after skipping {target}");
                    }

                    Assert.False(source.ReadFrame(frame));
                }
            }
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>A read-only stream that cannot seek, as a pipe.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
