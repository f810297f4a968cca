using System.Runtime.InteropServices;
using VmafTiny.Features;
using VmafTiny.Features.Adm;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Adm;

/// <summary>Properties of integer ADM that need no reference values, and its argument checks.</summary>
[Trait("Category", TestCategories.Isa)]
public class AdmPropertyTests
{
    /// <summary>
    /// libvmaf's rounding constants make a high-bit-depth frame that is a lower-depth frame shifted left give
    /// exactly the lower-depth result (digest §2): adm2 and every scale's num and den.
    /// </summary>
    [Theory]
    [InlineData("g01_pan_420p8_320x180", 10)]
    [InlineData("g01_pan_420p8_320x180", 12)]
    [InlineData("g01_pan_420p8_320x180", 16)]
    [InlineData("g05_odd_444p8_333x197", 16)]
    [InlineData("g02_zoom_420p10_352x288", 16)]
    [InlineData("g10_blurnoise_420p12_160x90", 16)]
    public void Shifting_to_a_higher_bit_depth_changes_nothing(string clip, int bitDepth)
    {
        var expected = AdmGoldenRun.Scores(clip);
        int shift = -1;
        var shifted = AdmGoldenRun.Run(
            GoldenClips.ReferencePath(clip),
            GoldenClips.DistortedPath(clip),
            frame =>
            {
                shift = bitDepth - frame.Format.BitDepth;
                return Shift(frame, shift, bitDepth);
            },
            format => new AdmExtractor(format.Width, format.Height, bitDepth));
        Assert.True(shift > 0);
        Assert.Equal(expected, shifted);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(16)]
    public void The_33x33_minimum_runs_and_gives_finite_scores(int bitDepth)
    {
        var random = new Random(33 + bitDepth);
        int max = (1 << bitDepth) - 1;
        byte[] reference = RandomPlane(random, 33, 33, bitDepth, max);
        byte[] distorted = RandomPlane(random, 33, 33, bitDepth, max);
        var adm = new AdmExtractor(33, 33, bitDepth);
        AdmScores scores = adm.ExtractDetailed(new LumaPlane(reference, 33, 33, 33, bitDepth), new LumaPlane(distorted, 33, 33, 33, bitDepth));
        Assert.True(double.IsFinite(scores.Adm2));
        Assert.True(scores.Adm2 > 0);
        for (int s = 0; s < 4; s++)
        {
            Assert.True(double.IsFinite(scores.Scale(s)));
        }

        // And identical input is the no-distortion case, a hair above 1.
        AdmScores same = adm.ExtractDetailed(new LumaPlane(reference, 33, 33, 33, bitDepth), new LumaPlane(reference, 33, 33, 33, bitDepth));
        Assert.InRange(same.Adm2, 1.0, 1.01);
    }

    [Fact]
    public void Extreme_16_bit_content_runs()
    {
        // Full-range 0/65535 checkerboards push the int32 DWT accumulator through its wrap-around.
        const int w = 64, h = 48;
        var reference = new ushort[w * h];
        var distorted = new ushort[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                reference[y * w + x] = ((x ^ y) & 1) == 0 ? (ushort)65535 : (ushort)0;
                distorted[y * w + x] = ((x + y) % 3) == 0 ? (ushort)65535 : (ushort)0;
            }
        }

        var adm = new AdmExtractor(w, h, 16);
        double adm2 = adm.Extract(Plane(reference, w, h, 16), Plane(distorted, w, h, 16));
        Assert.True(double.IsFinite(adm2));
    }

    [Fact]
    public void Repeated_calls_give_the_same_result()
    {
        var expected = AdmGoldenRun.Scores("g05_odd_444p8_333x197");
        var again = AdmGoldenRun.Run(GoldenClips.ReferencePath("g05_odd_444p8_333x197"), GoldenClips.DistortedPath("g05_odd_444p8_333x197"));
        Assert.Equal(expected, again);
    }

    [Theory]
    [InlineData(32, 33)]
    [InlineData(33, 32)]
    [InlineData(1, 1)]
    public void Frames_under_33x33_are_rejected(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdmExtractor(width, height, 8));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(17)]
    public void Bit_depths_outside_8_to_16_are_rejected(int bitDepth)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdmExtractor(64, 64, bitDepth));
    }

    [Fact]
    public void A_plane_of_another_geometry_is_rejected()
    {
        var adm = new AdmExtractor(64, 64, 8);
        var small = new byte[64 * 63];
        var full = new byte[64 * 64];
        Assert.Throws<ArgumentException>(() => adm.Extract(new LumaPlane(small, 64, 63, 64, 8), new LumaPlane(small, 64, 63, 64, 8)));
        var deep = new byte[64 * 64 * 2];
        Assert.Throws<ArgumentException>(() => adm.Extract(new LumaPlane(full, 64, 64, 64, 8), new LumaPlane(deep, 64, 64, 64, 10)));
    }

    [Fact]
    public void Scalar_path_selects_the_scalar_kernels()
    {
        Assert.Equal("scalar", new AdmExtractor(64, 64, 8, CpuPath.Scalar).KernelName);
    }

    private static LumaPlane Shift(YuvFrame frame, int shift, int bitDepth)
    {
        VideoFormat f = frame.Format;
        var samples = new ushort[f.Width * f.Height];
        if (f.BitDepth == 8)
        {
            ReadOnlySpan<byte> src = frame.Plane8(0);
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = (ushort)(src[i] << shift);
            }
        }
        else
        {
            ReadOnlySpan<ushort> src = frame.Plane16(0);
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = (ushort)(src[i] << shift);
            }
        }

        return Plane(samples, f.Width, f.Height, bitDepth);
    }

    private static LumaPlane Plane(ushort[] samples, int width, int height, int bitDepth) =>
        new(MemoryMarshal.AsBytes(samples.AsSpan()), width, height, width, bitDepth);

    private static byte[] RandomPlane(Random random, int width, int height, int bitDepth, int max)
    {
        if (bitDepth == 8)
        {
            var bytes = new byte[width * height];
            random.NextBytes(bytes);
            return bytes;
        }

        var samples = new ushort[width * height];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (ushort)random.Next(max + 1);
        }

        return MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();
    }
}
