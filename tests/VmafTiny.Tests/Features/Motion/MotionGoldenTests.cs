using VmafTiny.Features.Motion;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Motion;

/// <summary>
/// The SAD score (VMAF_integer_feature_motion_sad_score) and integer_motion2 of every frame of every golden pair,
/// compared with libvmaf's C path exactly.
/// </summary>
public class MotionGoldenTests
{
    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Sad_and_motion2_of_every_frame_equal_libvmaf(string name)
    {
        var clip = LumaClip.Load(name);
        var golden = GoldenClips.Frames(name);
        Assert.Equal(golden.Count, clip.Count);
        double[] sad = Sads(clip);

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
    internal static double[] Sads(LumaClip clip)
    {
        var motion = new MotionExtractor(clip.Width, clip.Height, clip.BitDepth);
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
