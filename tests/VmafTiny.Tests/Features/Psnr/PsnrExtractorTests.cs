using VmafTiny.Decode;
using VmafTiny.Features;
using VmafTiny.Features.Psnr;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Psnr;

/// <summary>The PSNR extractor's contract besides its values: options, geometry, what it reads, APSNR's C arithmetic.</summary>
public class PsnrExtractorTests
{
    private static readonly VideoFormat Yuv420 = new(64, 48, 8, ChromaFormat.Yuv420);

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Min_sse_outside_libvmaf_s_range_is_one_clear_error(double minSse)
    {
        var e = Assert.Throws<VmafTinyException>(() => new PsnrExtractor(Yuv420, new PsnrOptions { MinSse = minSse }));
        Assert.StartsWith("psnr option min_sse must be a number from 0 to ", e.Message);
    }

    [Theory]
    [InlineData(0, 10, 8)]
    [InlineData(10, 10, 7)]
    [InlineData(10, 10, 17)]
    public void Empty_frames_and_bit_depths_outside_8_to_16_are_rejected(int width, int height, int bitDepth) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PsnrExtractor(new VideoFormat(width, height, bitDepth, ChromaFormat.Yuv420)));

    [Fact]
    public void Reads_luma_only_unless_chroma_is_asked_for_and_present()
    {
        int luma = 64 * 48;
        Assert.Equal(luma * 3 / 2, new PsnrExtractor(Yuv420).FrameBytesRead);
        Assert.True(new PsnrExtractor(Yuv420).ReadsChroma);
        Assert.Equal(luma, new PsnrExtractor(Yuv420, new PsnrOptions { EnableChroma = false }).FrameBytesRead);
        Assert.Equal(luma * 2, new PsnrExtractor(Yuv420 with { Chroma = ChromaFormat.Mono, BitDepth = 10 }).FrameBytesRead);
        Assert.False(new PsnrExtractor(Yuv420 with { Chroma = ChromaFormat.Mono }).ReadsChroma);
    }

    [Fact]
    public void Frames_of_another_geometry_are_rejected_and_chroma_format_matters_only_when_read()
    {
        var psnr = new PsnrExtractor(Yuv420);
        var frame = new YuvFrame(Yuv420);
        Assert.Throws<ArgumentException>(() => psnr.Extract(frame, new YuvFrame(Yuv420 with { Height = 47 })));
        Assert.Throws<ArgumentException>(() => psnr.Extract(new YuvFrame(Yuv420 with { BitDepth = 10 }), frame));
        Assert.Throws<ArgumentException>(() => psnr.Extract(frame, new YuvFrame(Yuv420 with { Chroma = ChromaFormat.Yuv444 })));
        Assert.Throws<ArgumentException>(() => psnr.Extract(frame.Data, frame.Data[..^1]));

        var lumaOnly = new PsnrExtractor(Yuv420, new PsnrOptions { EnableChroma = false });
        Assert.Equal(60.0, lumaOnly.Extract(frame, new YuvFrame(Yuv420 with { Chroma = ChromaFormat.Yuv444 })).Y);
        Assert.Equal(60.0, lumaOnly.Extract(frame.Data[..(64 * 48)], frame.Data[..(64 * 48)]).Y);
    }

    /// <summary>
    /// libvmaf refuses 9, 11, 13, 14 and 15-bit pictures in this extractor; vmaf-tiny computes them with its
    /// high-bit-depth rules: peak 2^bpc − 1 (or 255·2^(bpc−8) reduced), ceiling 6·bpc + 12 dB.
    /// </summary>
    [Fact]
    public void Fourteen_bit_video_uses_libvmaf_s_high_bit_depth_rules()
    {
        var format = new VideoFormat(40, 34, 14, ChromaFormat.Mono);
        var reference = new YuvFrame(format);
        var distorted = new YuvFrame(format);
        distorted.Plane16(0)[5] = 1000;   // sse = 10^6 over 1360 pixels
        double mse = 1e6 / 1360;
        Assert.Equal(10.0 * Math.Log10(16383.0 * 16383.0 / mse), new PsnrExtractor(format).Extract(reference, distorted).Y);
        Assert.Equal(
            10.0 * Math.Log10(16320.0 * 16320.0 / mse),
            new PsnrExtractor(format, new PsnrOptions { ReducedHbdPeak = true }).Extract(reference, distorted).Y);
        Assert.Equal(96.0, new PsnrExtractor(format).Extract(reference, reference).Y);
    }

    /// <summary>
    /// C's <c>peak * peak * n_pixels * 2</c> is a uint64 product that wraps: a 65535x65535 16-bit frame of identical
    /// planes (APSNR +∞, so the cap decides) gives libvmaf's 193, not the 196 of exact arithmetic (checked with the
    /// same expression compiled by gcc).
    /// </summary>
    [Fact]
    public void Apsnr_cap_wraps_at_64_bits_as_libvmaf_s()
    {
        var apsnr = new ApsnrAccumulator(new VideoFormat(65535, 65535, 16, ChromaFormat.Mono), new PsnrOptions { EnableApsnr = true });
        apsnr.Add(new PsnrValues { SseY = 0 });
        ApsnrValues result = apsnr.Result();
        Assert.Equal(193.0, result.Y);
        Assert.True(double.IsNegativeInfinity(result.Cb) && double.IsNegativeInfinity(result.Cr));
        Assert.Equal(1, apsnr.Frames);
    }

    [Theory]
    [InlineData(0xFFFFFFFFFFFFFC01UL, 1.8446744073709552e+19)]
    [InlineData(0x8000000000000401UL, 9.2233720368547779e+18)]
    [InlineData(0x8000000000000C01UL, 9.2233720368547799e+18)]
    [InlineData(0x7FFFFFFFFFFFFDFFUL, 9.2233720368547748e+18)]
    public void Uint64_converts_to_double_as_gcc_converts_it(ulong value, double expected) =>
        Assert.Equal(expected, PsnrParameters.ToDouble(value));

    [Fact]
    public void Feature_stream_refuses_chroma_of_another_format_only_when_psnr_reads_chroma()
    {
        var other = new YuvFrame(Yuv420 with { Chroma = ChromaFormat.Yuv444 });
        using (var stream = new FeatureStream(Yuv420, new FeatureOptions { Threads = 1, Psnr = new PsnrOptions() }))
        {
            var e = Assert.Throws<VmafTinyException>(() => stream.Push(new YuvFrame(Yuv420), other));
            Assert.Equal("PSNR with chroma needs both videos in 4:2:0; one is 4:4:4", e.Message);
        }

        using (var stream = new FeatureStream(Yuv420, new FeatureOptions { Threads = 1, Psnr = new PsnrOptions { EnableChroma = false } }))
        {
            stream.Push(new YuvFrame(Yuv420), other);
            Assert.Equal(60.0, stream.Complete().Single().Psnr!.Value.Y);
        }
    }

    /// <summary>
    /// A stream keeps chroma only for PSNR with chroma on video that has it; then lumas alone (a LumaPairSource) are
    /// refused, while luma-only PSNR takes them straight from the reader like the six features.
    /// </summary>
    [Fact]
    public void Only_a_stream_that_keeps_chroma_needs_whole_frames()
    {
        using (var chroma = new FeatureStream(Yuv420, new FeatureOptions { Threads = 1, Psnr = new PsnrOptions() }))
        {
            Assert.True(chroma.KeepsChroma);
            Assert.Throws<InvalidOperationException>(() => chroma.Push((r, d) => true, new List<FrameFeatures>()));
        }

        using (var mono = new FeatureStream(Yuv420 with { Chroma = ChromaFormat.Mono }, new FeatureOptions { Psnr = new PsnrOptions() }))
        {
            Assert.False(mono.KeepsChroma);
        }

        const string name = "g09_scenecut_420p8_320x180";
        var expected = PsnrReference.Golden(name, "psnr");
        using var pairs = FramePairReader.Open(GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name));
        using var stream = new FeatureStream(pairs.Reference.Format, new FeatureOptions { Threads = 1, Psnr = new PsnrOptions { EnableChroma = false } });
        Assert.False(stream.KeepsChroma);
        var frames = new List<FrameFeatures>();
        LumaPairSource read = pairs.ReadLumaPair;
        while (stream.Push(read, frames))
        {
        }

        stream.Complete(frames);
        Assert.Equal(expected.Frames.Count, frames.Count);
        Assert.All(frames, f => Assert.Equal(expected.Frames[f.Index]["psnr_y"], f.Psnr!.Value.Y));
    }

    [Fact]
    public void Feature_stream_without_psnr_has_none_and_without_extractors_computes_psnr_only()
    {
        const string name = "g08_flat_420p8_192x108";
        var clip = FramePairs.Golden(name);
        var expected = PsnrReference.Golden(name, "psnr");
        using (var plain = new FeatureStream(clip.Format, new FeatureOptions { Threads = 1 }))
        {
            plain.Push(clip.Frame(0, reference: true), clip.Frame(0, reference: false));
            FrameFeatures f = plain.Complete().Single();
            Assert.Null(f.Psnr);
            Assert.Null(plain.Apsnr);
            Assert.Equal(GoldenClips.Frames(name)[0]["integer_adm2"], f.Adm2);
        }

        using var psnrOnly = new FeatureStream(clip.Format, new FeatureOptions { Threads = 2, Extractors = [], Psnr = new PsnrOptions() });
        var frames = new List<FrameFeatures>();
        for (int i = 0; i < clip.Reference.Count; i++)
        {
            frames.AddRange(psnrOnly.Push(clip.Frame(i, reference: true), clip.Frame(i, reference: false)));
        }

        frames.AddRange(psnrOnly.Complete());
        Assert.Equal(clip.Reference.Count, frames.Count);
        foreach (FrameFeatures f in frames)
        {
            expected.AssertFrame(f.Index, f.Psnr!.Value, name);
            Assert.True(double.IsNaN(f.Adm2) && double.IsNaN(f.VifScale0) && double.IsNaN(f.Motion2));
        }

        Assert.Null(psnrOnly.Apsnr);
    }
}
