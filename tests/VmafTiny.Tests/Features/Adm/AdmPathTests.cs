using System.Globalization;
using VmafTiny.Features;
using VmafTiny.Features.Adm;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Adm;

/// <summary>
/// ADM at every CPU path: the golden clips give libvmaf's exact doubles through each kernel set, and the
/// selection ladder picks the kernel set each path names.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class AdmPathTests
{
    private static readonly string[] ScaleKeys = ["integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3"];

    /// <summary>Every golden clip × Scalar, Avx2, Avx512.</summary>
    public static IEnumerable<object[]> ClipsAndPaths =>
        from name in GoldenClips.Names
        from path in new[] { CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }
        select new object[] { name, path };

    [SkippableTheory]
    [MemberData(nameof(ClipsAndPaths))]
    public void Golden_clips_give_libvmaf_adm2_at_every_path(string name, CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        var expected = GoldenClips.Frames(name);
        var scores = AdmGoldenRun.Run(
            GoldenClips.ReferencePath(name),
            GoldenClips.DistortedPath(name),
            create: f => new AdmExtractor(f.Width, f.Height, f.BitDepth, path));
        Assert.Equal(expected.Count, scores.Count);
        var mismatches = new List<string>();
        for (int i = 0; i < scores.Count; i++)
        {
            for (int s = 0; s < 4; s++)
            {
                if (!expected[i][ScaleKeys[s]].Equals(scores[i].Scale(s)))
                {
                    mismatches.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {path} frame {i} {ScaleKeys[s]}: libvmaf {expected[i][ScaleKeys[s]]:R}, ours {scores[i].Scale(s):R}"));
                }
            }

            if (!expected[i]["integer_adm2"].Equals(scores[i].Adm2))
            {
                mismatches.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {path} frame {i} integer_adm2: libvmaf {expected[i]["integer_adm2"]:R}, ours {scores[i].Adm2:R}"));
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [SkippableTheory]
    [InlineData(CpuPath.Scalar, "scalar")]
    [InlineData(CpuPath.Avx2, "avx2")]
    [InlineData(CpuPath.Avx512, "avx512")]
    public void Each_path_selects_its_kernels(CpuPath path, string kernels)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        Assert.Equal(kernels, new AdmExtractor(64, 64, 8, path).KernelName);
    }

    [Fact]
    public void Auto_selects_the_best_path_kernels()
    {
        string expected = CpuDispatch.Resolve(CpuPath.Auto) switch
        {
            CpuPath.Avx512 => "avx512",
            CpuPath.Avx2 => "avx2",
            _ => "scalar",
        };
        Assert.Equal(expected, new AdmExtractor(64, 64, 10, CpuPath.Auto).KernelName);
    }
}
