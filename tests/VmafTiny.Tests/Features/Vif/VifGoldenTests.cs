using VmafTiny.Features;
using VmafTiny.Features.Vif;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Vif;

/// <summary>
/// integer_vif_scale0..3 of every frame of every golden pair, compared with libvmaf's C path exactly, at every
/// kernel path (an unsupported path shows as skipped).
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class VifGoldenTests
{
    private static readonly string[] Keys = ["integer_vif_scale0", "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3"];

    /// <summary>Every golden clip at every explicit path and Auto.</summary>
    public static IEnumerable<object[]> ClipsAndPaths =>
        from name in GoldenClips.Names
        from path in new[] { CpuPath.Auto, CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }
        select new object[] { name, path };

    [SkippableTheory]
    [MemberData(nameof(ClipsAndPaths))]
    public void Every_scale_of_every_frame_equals_libvmaf(string name, CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        var clip = LumaClip.Load(name);
        var golden = GoldenClips.Frames(name);
        Assert.Equal(golden.Count, clip.Count);
        double[][] actual = Compute(clip, path);
        for (int s = 0; s < 4; s++)
        {
            double[] expected = new double[clip.Count];
            for (int i = 0; i < clip.Count; i++)
            {
                expected[i] = golden[i][Keys[s]];
            }

            // Exact double equality; a mismatch names the frame (the index) and the scale.
            Assert.Equal(expected, actual[s]);
        }
    }

    /// <summary>vif_scale0..3 of every frame: result[scale][frame].</summary>
    internal static double[][] Compute(LumaClip clip, CpuPath path = CpuPath.Auto)
    {
        var vif = new VifExtractor(clip.Width, clip.Height, clip.BitDepth, path);
        double[][] result = [new double[clip.Count], new double[clip.Count], new double[clip.Count], new double[clip.Count]];
        for (int i = 0; i < clip.Count; i++)
        {
            VifScores s = vif.Extract(clip.Reference(i), clip.Distorted(i));
            result[0][i] = s.Scale0;
            result[1][i] = s.Scale1;
            result[2][i] = s.Scale2;
            result[3][i] = s.Scale3;
        }

        return result;
    }
}
