using VmafTiny.Features;
using VmafTiny.Score;

namespace VmafTiny.Tests.Score;

public class FrameResultTests
{
    [Fact]
    public void A_default_result_has_no_scores_and_compares_and_hashes()
    {
        // Before: a default FrameResult (an array's fresh slot) had Scores null, so Equals threw ArgumentNullException and
        // GetHashCode NullReferenceException (List.Contains, HashSet, ==).
        FrameResult empty = default;
        Assert.Empty(empty.Scores);
        Assert.True(empty.Equals(default));
        Assert.True(empty == (new FrameResult[1])[0]);
        Assert.Contains(empty, new List<FrameResult> { default });
        Assert.Single(new HashSet<FrameResult> { empty, default });

        var frame = new FrameFeatures(3, 0.9, 0.5, 0.6, 0.7, 0.8, 1.5);
        var scored = new FrameResult(frame, 80.0) { Scores = [80.0] };
        Assert.NotEqual(empty, scored);
        Assert.Equal(scored, new FrameResult(frame, 80.0) { Scores = [80.0] });
        Assert.Empty(new FrameResult(frame, double.NaN) { Scores = null! }.Scores);
    }
}
