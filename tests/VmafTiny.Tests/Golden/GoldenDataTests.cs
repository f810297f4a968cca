namespace VmafTiny.Tests.Golden;

public class GoldenDataTests
{
    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Golden_clip_unpacks_and_has_per_frame_values(string name)
    {
        Assert.StartsWith("YUV4MPEG2 ", File.ReadLines(GoldenClips.ReferencePath(name)).First());
        Assert.StartsWith("YUV4MPEG2 ", File.ReadLines(GoldenClips.DistortedPath(name)).First());
        var frames = GoldenClips.Frames(name);
        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.True(f.ContainsKey("integer_adm2") && f.ContainsKey("vmaf")));
    }
}
