using VmafTiny.Features;
using VmafTiny.Features.Vif;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Vif;

/// <summary>VIF properties beyond the golden values: bit-depth shifts, chroma formats, small and odd sizes.</summary>
[Trait("Category", TestCategories.Isa)]
public class VifInvarianceTests
{
    public static IEnumerable<object[]> ShiftCases()
    {
        foreach (string name in new[] { "g01_pan_420p8_320x180", "g05_odd_444p8_333x197", "g08_flat_420p8_192x108" })
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
        // libvmaf's rounding constants make luma·2^(bpc−8) exactly equivalent to the 8-bit luma (digest §2).
        var clip = LumaClip.Load(name);
        double[][] expected = VifGoldenTests.Compute(clip);
        double[][] actual = VifGoldenTests.Compute(clip.ShiftedTo(bitDepth));
        for (int s = 0; s < 4; s++)
        {
            Assert.Equal(expected[s], actual[s]);
        }

        Assert.Equal(GoldenClips.Frames(name)[0]["integer_vif_scale0"], actual[0][0]);
    }

    [Theory]
    [InlineData("g03_blur_444p8_256x144")]
    [InlineData("g04_noise_422p10_320x240")]
    public void Chroma_format_and_content_do_not_matter(string name)
    {
        var clip = LumaClip.Load(name);
        var scores = new List<VifScores>[3];
        ChromaFormat[] formats = [ChromaFormat.Yuv420, ChromaFormat.Yuv422, ChromaFormat.Yuv444];
        for (int f = 0; f < formats.Length; f++)
        {
            var format = new VideoFormat(clip.Width, clip.Height, clip.BitDepth, formats[f]);
            var reference = new YuvFrame(format);
            var distorted = new YuvFrame(format);
            var vif = new VifExtractor(clip.Width, clip.Height, clip.BitDepth);
            var random = new Random(1234 + f);
            scores[f] = new List<VifScores>();
            for (int i = 0; i < clip.Count; i++)
            {
                // Same luma, different (random) chroma in every format.
                random.NextBytes(reference.Data);
                random.NextBytes(distorted.Data);
                Fill(reference, clip.Reference(i));
                Fill(distorted, clip.Distorted(i));
                scores[f].Add(vif.Extract(reference.Luma, distorted.Luma));
            }
        }

        Assert.Equal(scores[2], scores[0]);
        Assert.Equal(scores[2], scores[1]);
        var golden = GoldenClips.Frames(name);
        for (int i = 0; i < clip.Count; i++)
        {
            Assert.Equal(golden[i]["integer_vif_scale3"], scores[0][i].Scale3);
        }
    }

    /// <summary>libvmaf's values (C path, reproduced by the digest's verified reference) for crops of golden frames.</summary>
    public static IEnumerable<object[]> CropCases() =>
    [
        // clip, x, y, w, h, frame, scale0..3
        ["g01_pan_420p8_320x180", 140, 70, 33, 33, 0, 0.67996019124984741, 0.83615463972091675, 0.90885454416275024, 0.95753413438796997],
        ["g01_pan_420p8_320x180", 140, 70, 33, 33, 1, 0.64004111289978027, 0.77019482851028442, 0.81466865539550781, 0.8695063591003418],
        ["g01_pan_420p8_320x180", 140, 70, 33, 33, 3, 0.64157575368881226, 0.75222742557525635, 0.78350424766540527, 0.82694178819656372],
        ["g02_zoom_420p10_352x288", 200, 100, 33, 33, 0, 0.53038090467453003, 0.79573196172714233, 0.87100768089294434, 0.86338430643081665],
        ["g02_zoom_420p10_352x288", 200, 100, 33, 33, 3, 0.42868119478225708, 0.68270492553710938, 0.75770246982574463, 0.75421392917633057],
        ["g05_odd_444p8_333x197", 10, 20, 35, 41, 2, 0.56995153427124023, 0.99349170923233032, 1.0011782646179199, 1.0035139322280884],
    ];

    [Theory]
    [MemberData(nameof(CropCases))]
    public void Small_crops_give_libvmafs_values(string name, int x, int y, int w, int h, int frame, double s0, double s1, double s2, double s3)
    {
        // Expected values come from the digest's Python reference (refimpl.py, verified bit-exact against
        // libvmaf's C path at 33x33), run on the same crops.
        var crop = LumaClip.Load(name).Crop(x, y, w, h);
        var vif = new VifExtractor(w, h, crop.BitDepth);
        VifScores scores = vif.Extract(crop.Reference(frame), crop.Distorted(frame));
        Assert.Equal(new VifScores(s0, s1, s2, s3), scores);
    }

    [Fact]
    public void The_minimum_size_gives_finite_values_everywhere_in_a_frame()
    {
        var clip = LumaClip.Load("g06_vp9_420p8_1280x720");
        var vif = new VifExtractor(33, 33, 8);
        for (int y = 0; y + 33 <= clip.Height; y += 229)
        {
            for (int x = 0; x + 33 <= clip.Width; x += 311)
            {
                var crop = clip.Crop(x, y, 33, 33);
                VifScores s = vif.Extract(crop.Reference(0), crop.Distorted(0));
                foreach (double v in new[] { s.Scale0, s.Scale1, s.Scale2, s.Scale3 })
                {
                    Assert.True(double.IsFinite(v) && v >= 0, $"({x},{y}): {s}");
                }
            }
        }
    }

    [Fact]
    public void Identical_frames_score_just_below_one_as_in_libvmaf()
    {
        // The fixed-point terms do not cancel exactly: libvmaf reports 0.999999... for dist = ref, and so do we.
        var clip = LumaClip.Load("g07_identical_420p8_320x180");
        var vif = new VifExtractor(clip.Width, clip.Height, clip.BitDepth);
        VifScores s = vif.Extract(clip.Reference(3), clip.Reference(3));
        var golden = GoldenClips.Frames("g07_identical_420p8_320x180")[3];
        Assert.Equal(new VifScores(golden["integer_vif_scale0"], golden["integer_vif_scale1"], golden["integer_vif_scale2"], golden["integer_vif_scale3"]), s);
        foreach (double v in new[] { s.Scale0, s.Scale1, s.Scale2, s.Scale3 })
        {
            Assert.InRange(v, 0.99999, 1.0);
        }
    }

    [Fact]
    public void Planes_with_different_strides_give_the_same_values()
    {
        var clip = LumaClip.Load("g05_odd_444p8_333x197");
        int stride = clip.Width + 7;
        LumaPlane Padded(LumaPlane plane)
        {
            var padded = new byte[stride * plane.Height];
            for (int y = 0; y < plane.Height; y++)
            {
                plane.Row8(y).CopyTo(padded.AsSpan(y * stride));
            }

            return new LumaPlane(padded, plane.Width, plane.Height, stride, plane.BitDepth);
        }

        var vif = new VifExtractor(clip.Width, clip.Height, 8);
        VifScores expected = vif.Extract(clip.Reference(1), clip.Distorted(1));
        Assert.Equal(expected, vif.Extract(clip.Reference(1), Padded(clip.Distorted(1))));
        Assert.Equal(expected, vif.Extract(Padded(clip.Reference(1)), clip.Distorted(1)));
        Assert.Equal(expected, vif.Extract(Padded(clip.Reference(1)), Padded(clip.Distorted(1))));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VifExtractor(32, 100, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VifExtractor(100, 32, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VifExtractor(100, 100, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VifExtractor(100, 100, 17));
        Assert.Equal("scalar", new VifExtractor(100, 100, 8, CpuPath.Scalar).KernelName);

        var vif = new VifExtractor(40, 40, 8);
        var plane = new byte[41 * 40];
        Assert.Throws<ArgumentException>(() => vif.Extract(new LumaPlane(plane, 41, 40, 41, 8), new LumaPlane(plane, 41, 40, 41, 8)));
    }

    private static void Fill(YuvFrame frame, LumaPlane luma)
    {
        Span<byte> y = frame.PlaneBytes(0);
        int bps = frame.Format.BytesPerSample;
        for (int row = 0; row < luma.Height; row++)
        {
            ReadOnlySpan<byte> src = luma.Is8Bit
                ? luma.Row8(row)
                : System.Runtime.InteropServices.MemoryMarshal.AsBytes(luma.Row16(row));
            src.CopyTo(y.Slice(row * luma.Width * bps));
        }
    }
}
