using VmafTiny.Features;
using VmafTiny.Features.Motion;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Motion;

/// <summary>Motion properties beyond the golden values: bit-depth shifts, chroma formats, small and odd sizes.</summary>
[Trait("Category", TestCategories.Isa)]
public class MotionInvarianceTests
{
    public static IEnumerable<object[]> ShiftCases()
    {
        foreach (string name in new[] { "g01_pan_420p8_320x180", "g05_odd_444p8_333x197", "g09_scenecut_420p8_320x180" })
        {
            foreach (int bits in new[] { 9, 10, 12, 13, 16 })
            {
                yield return [name, bits];
            }
        }
    }

    [Theory]
    [MemberData(nameof(ShiftCases))]
    public void An_8_bit_clip_shifted_left_gives_the_8_bit_values(string name, int bitDepth)
    {
        var clip = LumaClip.Load(name);
        double[] expected = MotionGoldenTests.Sads(clip);
        double[] actual = MotionGoldenTests.Sads(clip.ShiftedTo(bitDepth));
        Assert.Equal(expected, actual);
        var golden = GoldenClips.Frames(name);
        double[] motion2 = MotionGoldenTests.Motion2s(actual);
        for (int i = 0; i < clip.Count; i++)
        {
            Assert.Equal(golden[i]["integer_motion2"], motion2[i]);
        }
    }

    [Fact]
    public void Chroma_format_and_content_do_not_matter()
    {
        var clip = LumaClip.Load("g04_noise_422p10_320x240");
        var sads = new List<double>[2];
        ChromaFormat[] formats = [ChromaFormat.Yuv420, ChromaFormat.Yuv444];
        for (int f = 0; f < formats.Length; f++)
        {
            var format = new VideoFormat(clip.Width, clip.Height, clip.BitDepth, formats[f]);
            var previous = new YuvFrame(format);
            var current = new YuvFrame(format);
            var motion = new MotionExtractor(clip.Width, clip.Height, clip.BitDepth);
            var random = new Random(99 + f);
            sads[f] = [];
            for (int i = 1; i < clip.Count; i++)
            {
                random.NextBytes(previous.Data);
                random.NextBytes(current.Data);
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(clip.Reference(i - 1).Samples16).CopyTo(previous.PlaneBytes(0));
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(clip.Reference(i).Samples16).CopyTo(current.PlaneBytes(0));
                sads[f].Add(motion.Sad(previous.Luma, current.Luma));
            }
        }

        Assert.Equal(sads[1], sads[0]);
        Assert.Equal(MotionGoldenTests.Sads(clip).Skip(1), sads[0]);
    }

    /// <summary>libvmaf's SADs (C path, reproduced by the digest's verified reference) for crops of golden frames.</summary>
    public static IEnumerable<object[]> CropCases() =>
    [
        // clip, x, y, w, h, frame, SAD of frame against frame − 1
        ["g01_pan_420p8_320x180", 140, 70, 33, 33, 1, 4.4738292011019283],
        ["g01_pan_420p8_320x180", 140, 70, 33, 33, 2, 0.0],
        ["g01_pan_420p8_320x180", 140, 70, 33, 33, 3, 4.5448411673553721],
        ["g02_zoom_420p10_352x288", 200, 100, 33, 33, 1, 0.43198318411386594],
        ["g02_zoom_420p10_352x288", 200, 100, 33, 33, 2, 0.10707214187327824],
        ["g02_zoom_420p10_352x288", 200, 100, 33, 33, 3, 0.56305957300275478],
        ["g05_odd_444p8_333x197", 10, 20, 35, 41, 1, 2.4029698388501743],
        ["g05_odd_444p8_333x197", 10, 20, 35, 41, 3, 2.8087080792682926],
    ];

    [Theory]
    [MemberData(nameof(CropCases))]
    public void Small_crops_give_libvmafs_values(string name, int x, int y, int w, int h, int frame, double expected)
    {
        var crop = LumaClip.Load(name).Crop(x, y, w, h);
        var motion = new MotionExtractor(w, h, crop.BitDepth);
        Assert.Equal(expected, motion.Sad(crop.Reference(frame - 1), crop.Reference(frame)));
    }

    [Fact]
    public void The_minimum_size_gives_finite_values()
    {
        var clip = LumaClip.Load("g09_scenecut_420p8_320x180");
        var motion = new MotionExtractor(33, 33, 8);
        for (int x = 0; x + 33 <= clip.Width; x += 41)
        {
            var crop = clip.Crop(x, clip.Height - 33, 33, 33);
            for (int i = 1; i < crop.Count; i++)
            {
                double sad = motion.Sad(crop.Reference(i - 1), crop.Reference(i));
                Assert.True(double.IsFinite(sad) && sad >= 0, $"x={x} frame {i}: {sad}");
            }
        }
    }

    [Fact]
    public void The_same_frame_twice_scores_zero_and_order_does_not_matter()
    {
        var clip = LumaClip.Load("g09_scenecut_420p8_320x180");
        var motion = new MotionExtractor(clip.Width, clip.Height, 8);
        Assert.Equal(0.0, motion.Sad(clip.Reference(4), clip.Reference(4)));

        // |blur(a − b)| = |blur(b − a)| exactly, since the rounding shifts are symmetric only up to ties; check
        // that swapping is at least close, and that the scene cut stands out.
        double forward = motion.Sad(clip.Reference(4), clip.Reference(5));
        double backward = motion.Sad(clip.Reference(5), clip.Reference(4));
        Assert.InRange(backward, forward * 0.99, forward * 1.01);
    }

    [Fact]
    public void Planes_with_different_strides_give_the_same_values()
    {
        var clip = LumaClip.Load("g05_odd_444p8_333x197");
        int stride = clip.Width + 5;
        var padded = new byte[stride * clip.Height];
        LumaPlane current = clip.Reference(2);
        for (int y = 0; y < clip.Height; y++)
        {
            current.Row8(y).CopyTo(padded.AsSpan(y * stride));
        }

        var motion = new MotionExtractor(clip.Width, clip.Height, 8);
        Assert.Equal(
            motion.Sad(clip.Reference(1), clip.Reference(2)),
            motion.Sad(clip.Reference(1), new LumaPlane(padded, clip.Width, clip.Height, stride, 8)));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionExtractor(32, 100, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionExtractor(100, 32, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MotionExtractor(100, 100, 17));
        Assert.Equal("scalar", new MotionExtractor(100, 100, 8, CpuPath.Scalar).KernelName);

        var motion = new MotionExtractor(40, 40, 8);
        var plane = new byte[40 * 40 * 2];
        Assert.Throws<ArgumentException>(() => motion.Sad(new LumaPlane(plane, 40, 40, 40, 8), new LumaPlane(plane, 40, 40, 40, 10)));
    }
}
