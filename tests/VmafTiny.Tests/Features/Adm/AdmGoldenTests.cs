using System.Globalization;
using VmafTiny.Decode.Y4m;
using VmafTiny.Features.Adm;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Features.Adm;

/// <summary>Integer ADM against libvmaf 3.2.0's C path on every golden clip: exact doubles, every frame.</summary>
[Trait("Category", TestCategories.Isa)]
public class AdmGoldenTests
{
    private static readonly string[] ScaleKeys = ["integer_adm_scale0", "integer_adm_scale1", "integer_adm_scale2", "integer_adm_scale3"];

    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Adm2_and_every_scale_equal_libvmaf_on_every_frame(string name)
    {
        var expected = GoldenClips.Frames(name);
        var scores = AdmGoldenRun.Scores(name);
        Assert.Equal(expected.Count, scores.Count);

        // Per-scale values first, so a failure names the scale that drifted.
        var mismatches = new List<string>();
        for (int i = 0; i < scores.Count; i++)
        {
            for (int s = 0; s < 4; s++)
            {
                double want = expected[i][ScaleKeys[s]];
                double got = scores[i].Scale(s);
                if (!want.Equals(got))
                {
                    mismatches.Add(string.Create(CultureInfo.InvariantCulture, $"{name} frame {i} {ScaleKeys[s]}: libvmaf {want:R}, ours {got:R}"));
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        for (int i = 0; i < scores.Count; i++)
        {
            Assert.Equal(expected[i]["integer_adm2"], scores[i].Adm2);
        }
    }

    [Fact]
    public void Identical_frames_give_adm2_slightly_above_one()
    {
        // Undistorted: num equals den except for the enhancement rule and the noise floor, so adm2 sits a hair above 1.
        var scores = AdmGoldenRun.Scores("g07_identical_420p8_320x180");
        Assert.All(scores, s => Assert.InRange(s.Adm2, 1.0 + 1e-12, 1.01));
    }

    [Fact]
    public void Flat_frames_give_finite_scores_that_match_libvmaf()
    {
        const string name = "g08_flat_420p8_192x108";
        var expected = GoldenClips.Frames(name);
        var scores = AdmGoldenRun.Scores(name);
        for (int i = 0; i < scores.Count; i++)
        {
            Assert.True(double.IsFinite(scores[i].Adm2));
            for (int s = 0; s < 4; s++)
            {
                Assert.True(double.IsFinite(scores[i].Scale(s)));
            }

            Assert.Equal(expected[i]["integer_adm2"], scores[i].Adm2);
        }
    }
}

/// <summary>Runs <see cref="AdmExtractor"/> over a golden pair (cached per clip: several tests read the same run).</summary>
internal static class AdmGoldenRun
{
    private static readonly Dictionary<string, IReadOnlyList<AdmScores>> Cache = new();
    private static readonly object Gate = new();

    public static IReadOnlyList<AdmScores> Scores(string name)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(name, out var scores))
            {
                scores = Run(GoldenClips.ReferencePath(name), GoldenClips.DistortedPath(name));
                Cache[name] = scores;
            }

            return scores;
        }
    }

    public static IReadOnlyList<AdmScores> Run(string referencePath, string distortedPath, Func<YuvFrame, LumaPlane>? luma = null, Func<VideoFormat, AdmExtractor>? create = null)
    {
        using var refReader = new Y4mReader(referencePath);
        using var disReader = new Y4mReader(distortedPath);
        VideoFormat format = refReader.Format;
        var refFrame = new YuvFrame(format);
        var disFrame = new YuvFrame(disReader.Format);
        var adm = create?.Invoke(format) ?? new AdmExtractor(format.Width, format.Height, format.BitDepth);
        var scores = new List<AdmScores>();
        while (refReader.ReadFrame(refFrame))
        {
            Assert.True(disReader.ReadFrame(disFrame), "distorted clip ends early");
            scores.Add(luma is null
                ? adm.ExtractDetailed(refFrame.Luma, disFrame.Luma)
                : adm.ExtractDetailed(luma(refFrame), luma(disFrame)));
        }

        return scores;
    }
}
