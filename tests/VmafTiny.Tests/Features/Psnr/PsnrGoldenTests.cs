using VmafTiny.Features;
using VmafTiny.Features.Psnr;
using VmafTiny.Tests.Golden;
using Xunit.Abstractions;

namespace VmafTiny.Tests.Features.Psnr;

/// <summary>
/// psnr_y, psnr_cb, psnr_cr (and mse_*, apsnr_*) of every frame of every golden pair, compared with libvmaf 3.2.0's
/// values exactly (its %.17g logs of <c>--feature psnr</c> and <c>--feature psnr=enable_apsnr=true:enable_mse=true</c>),
/// through every kernel path this CPU runs.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class PsnrGoldenTests(ITestOutputHelper output)
{
    /// <summary>The clips libvmaf's APSNR/MSE run covers.</summary>
    public static readonly string[] ApsnrClips = ["g01_pan_420p8_320x180", "g02_zoom_420p10_352x288", "g04_noise_422p10_320x240"];

    /// <summary>xunit MemberData: every golden clip at every explicit kernel path.</summary>
    public static IEnumerable<object[]> ClipsAndPaths() =>
        from name in GoldenClips.Names
        from path in new[] { CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }
        select new object[] { name, path };

    /// <summary>xunit MemberData: the APSNR/MSE clips at every explicit kernel path.</summary>
    public static IEnumerable<object[]> ApsnrClipsAndPaths() =>
        from name in ApsnrClips
        from path in new[] { CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }
        select new object[] { name, path };

    [SkippableTheory]
    [MemberData(nameof(ClipsAndPaths))]
    public void Psnr_of_every_frame_equals_libvmaf(string name, CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        var clip = FramePairs.Golden(name);
        var psnr = new PsnrExtractor(clip.Format, new PsnrOptions(), path);
        Assert.Equal(CpuDispatch.Name(path), psnr.KernelName);
        int compared = PsnrReference.Golden(name, "psnr").AssertRun(psnr, clip, $"{name} {path}");
        Assert.Equal(3 * clip.Reference.Count, compared);
        output.WriteLine($"{name} {path}: {clip.Reference.Count} frames, {compared} values equal");
    }

    [SkippableTheory]
    [MemberData(nameof(ApsnrClipsAndPaths))]
    public void Mse_and_apsnr_equal_libvmaf(string name, CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        var clip = FramePairs.Golden(name);
        var psnr = new PsnrExtractor(clip.Format, new PsnrOptions { EnableApsnr = true, EnableMse = true }, path);
        int compared = PsnrReference.Golden(name, "psnr-apsnr-mse").AssertRun(psnr, clip, $"{name} {path}");
        Assert.Equal((6 * clip.Reference.Count) + 3, compared);
        output.WriteLine($"{name} {path}: {clip.Reference.Count} frames, {compared} values equal");
    }

    /// <summary>
    /// Through <see cref="FeatureStream"/>: PSNR rides along the six features (which stay libvmaf's), at one and three
    /// threads and with subsampling; APSNR counts every frame, also those subsampling leaves out, as libvmaf's
    /// temporal PSNR extractor does (checked with libvmaf's own <c>--subsample 3</c>: the same aggregate).
    /// </summary>
    [Theory]
    [InlineData("g04_noise_422p10_320x240", 1, 1)]
    [InlineData("g04_noise_422p10_320x240", 3, 1)]
    [InlineData("g01_pan_420p8_320x180", 3, 3)]
    public void Feature_stream_carries_psnr_at_any_thread_count_and_subsampling(string name, int threads, int subsample)
    {
        var clip = FramePairs.Golden(name);
        var expected = PsnrReference.Golden(name, "psnr-apsnr-mse");
        var vmaf = GoldenClips.Frames(name);
        var options = new FeatureOptions
        {
            Threads = threads,
            Subsample = subsample,
            Psnr = new PsnrOptions { EnableApsnr = true, EnableMse = true },
        };
        using var stream = new FeatureStream(clip.Format, options);
        var frames = new List<FrameFeatures>();
        for (int i = 0; i < clip.Reference.Count; i++)
        {
            frames.AddRange(stream.Push(clip.Frame(i, reference: true), clip.Frame(i, reference: false)));
        }

        frames.AddRange(stream.Complete());
        Assert.Equal(Enumerable.Range(0, clip.Reference.Count).Where(i => i % subsample == 0), frames.Select(f => f.Index));
        foreach (FrameFeatures f in frames)
        {
            expected.AssertFrame(f.Index, f.Psnr!.Value, $"{name} threads={threads} subsample={subsample}");
            Assert.Equal(vmaf[f.Index]["integer_adm2"], f.Adm2);
            Assert.Equal(vmaf[f.Index]["integer_vif_scale0"], f.VifScale0);
            Assert.Equal(vmaf[f.Index]["integer_motion2"], f.Motion2);
        }

        expected.AssertAggregate(stream.Apsnr!.Value, $"{name} threads={threads} subsample={subsample}");
    }
}
