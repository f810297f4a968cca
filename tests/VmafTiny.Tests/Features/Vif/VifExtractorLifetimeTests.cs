using VmafTiny.Features.Vif;
using Xunit;

namespace VmafTiny.Tests.Features.Vif;

/// <summary>VifExtractor's planes are native memory: disposing frees them, and a disposed extractor refuses work.</summary>
public sealed class VifExtractorLifetimeTests
{
    [Fact]
    public void The_same_scores_from_a_fresh_extractor_and_none_after_dispose()
    {
        const int width = 96, height = 64;
        var random = new Random(5);
        byte[] reference = new byte[width * height], distorted = new byte[width * height];
        random.NextBytes(reference);
        for (int i = 0; i < distorted.Length; i++)
        {
            distorted[i] = (byte)Math.Clamp(reference[i] + random.Next(-9, 10), 0, 255);
        }

        var first = new VifExtractor(width, height, 8);
        VifScores expected = first.Extract(new LumaPlane(reference, width, height, width, 8), new LumaPlane(distorted, width, height, width, 8));
        using (var second = new VifExtractor(width, height, 8))
        {
            Assert.Equal(expected, second.Extract(new LumaPlane(reference, width, height, width, 8), new LumaPlane(distorted, width, height, width, 8)));
        }

        first.Dispose();
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => first.Extract(new LumaPlane(reference, width, height, width, 8), new LumaPlane(distorted, width, height, width, 8)));
    }
}
