using VmafTiny.Features;

namespace VmafTiny.Tests.Kernels;

/// <summary>
/// The one path selection every extractor uses (<see cref="KernelLadder"/>): the highest level at or under the
/// resolved ceiling whose kernels this CPU runs; a level that cannot run falls back to the one below.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class KernelLadderTests
{
    [Fact]
    public void Scalar_ceiling_takes_the_scalar_kernels_whatever_the_others_support() =>
        Assert.Equal("scalar", KernelLadder.Select(CpuPath.Scalar, "scalar", ("avx2", true), ("avx512", true)));

    [Fact]
    public void Auto_takes_the_best_level_this_process_runs()
    {
        string expected = CpuDispatch.Best switch
        {
            CpuPath.Avx512 => "avx512",
            CpuPath.Avx2 => "avx2",
            _ => "scalar",
        };
        Assert.Equal(expected, KernelLadder.Select(CpuPath.Auto, "scalar", ("avx2", true), ("avx512", true)));
    }

    [SkippableFact]
    public void A_level_whose_kernels_cannot_run_falls_back_to_the_one_below()
    {
        Skip.IfNot(CpuDispatch.IsSupported(CpuPath.Avx512), "needs an AVX-512 ceiling");
        Assert.Equal("avx512", KernelLadder.Select(CpuPath.Avx512, "scalar", ("avx2", true), ("avx512", true)));
        Assert.Equal("avx2", KernelLadder.Select(CpuPath.Avx512, "scalar", ("avx2", true), ("avx512", false)));
        Assert.Equal("scalar", KernelLadder.Select(CpuPath.Avx512, "scalar", ("avx2", false), ("avx512", false)));
    }

    [SkippableFact]
    public void A_ceiling_below_a_level_never_takes_it()
    {
        Skip.IfNot(CpuDispatch.IsSupported(CpuPath.Avx2), "needs an AVX2 ceiling");
        Assert.Equal("avx2", KernelLadder.Select(CpuPath.Avx2, "scalar", ("avx2", true), ("avx512", true)));
    }

    [Fact]
    public void Every_extractor_refuses_small_frames_and_bad_depths_with_the_same_exception()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VmafTiny.Features.Adm.AdmExtractor(32, 64, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VmafTiny.Features.Vif.VifExtractor(32, 64, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VmafTiny.Features.Motion.MotionExtractor(32, 64, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VmafTiny.Features.Adm.AdmExtractor(64, 64, 17));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VmafTiny.Features.Vif.VifExtractor(64, 64, 17));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VmafTiny.Features.Motion.MotionExtractor(64, 64, 17));
    }
}
