using VmafTiny.Features;
using VmafTiny.Features.Motion;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Motion;

/// <summary>
/// The SAD score (VMAF_integer_feature_motion_sad_score) and integer_motion2 of every frame of every golden pair,
/// compared with libvmaf's C path exactly, through every kernel path this CPU runs.
/// </summary>
[Trait("Category", TestCategories.Isa)]
public class MotionGoldenTests
{
    /// <summary>xunit MemberData: every golden clip at every explicit kernel path.</summary>
    public static IEnumerable<object[]> ClipsAndPaths() =>
        from name in GoldenClips.Names
        from path in new[] { CpuPath.Scalar, CpuPath.Avx2, CpuPath.Avx512 }
        select new object[] { name, path };

    [SkippableTheory]
    [MemberData(nameof(ClipsAndPaths))]
    public void Sad_and_motion2_of_every_frame_equal_libvmaf(string name, CpuPath path)
    {
        Skip.IfNot(CpuDispatch.IsSupported(path), $"{path} not supported on this CPU");
        var clip = LumaClip.Load(name);
        var golden = GoldenClips.Frames(name);
        Assert.Equal(golden.Count, clip.Count);
        double[] sad = Sads(clip, path);

        var expectedSad = new List<double>();
        var actualSad = new List<double>();
        var expectedMotion2 = new double[clip.Count];
        for (int i = 0; i < clip.Count; i++)
        {
            if (golden[i].TryGetValue("VMAF_integer_feature_motion_sad_score", out double e))
            {
                expectedSad.Add(e);
                actualSad.Add(sad[i]);
            }

            expectedMotion2[i] = golden[i]["integer_motion2"];
        }

        Assert.Equal(clip.Count, expectedSad.Count);
        Assert.Equal(expectedSad, actualSad);
        Assert.Equal(expectedMotion2, Motion2s(sad));
    }

    /// <summary>The SAD score of every frame: 0 for frame 0, then frame i against frame i − 1 (reference lumas only).</summary>
    internal static double[] Sads(LumaClip clip, CpuPath path = CpuPath.Auto)
    {
        var motion = new MotionExtractor(clip.Width, clip.Height, clip.BitDepth, path);
        var sad = new double[clip.Count];
        for (int i = 1; i < clip.Count; i++)
        {
            sad[i] = motion.Sad(clip.Reference(i - 1), clip.Reference(i));
        }

        return sad;
    }

    /// <summary>motion2 of every frame from the SADs, through <see cref="Motion2.Of"/>.</summary>
    internal static double[] Motion2s(double[] sad)
    {
        var result = new double[sad.Length];
        for (int i = 0; i < sad.Length; i++)
        {
            result[i] = Motion2.Of(i, sad[i], i + 1 < sad.Length ? sad[i + 1] : null);
        }

        return result;
    }
}
