using VmafTiny.Features;
using VmafTiny.Score.Tiny;
using VmafTiny.Tests.Pipeline;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>
/// A model loaded with <c>inBackground</c> (as <c>VmafRun</c> loads its models): the file's checks throw at once, ONNX
/// Runtime's own and the graph's at the first score; disposing waits for the session and frees it, used or not. In the
/// native-resource collection: it counts live sessions, which other tests running at the same time would change.
/// </summary>
[Collection(NativeResourceCollection.Name)]
public sealed class BackgroundLoadTests
{
    [Fact]
    public void Loaded_in_the_background_the_graph_check_fails_at_the_first_score_and_dispose_frees_the_session()
    {
        using var dir = new TempDir();
        var path = TinyModels.Write(dir.Path, "five", TinyModels.HandMade(inputs: 5), m => m with
        {
            InputMean = [0, 0, 0, 0, 0, 0],
            InputStd = [1, 1, 1, 1, 1, 1],
        });
        long live = OnnxScorer.LiveSessions;

        // The file's own checks passed: loading returns; ONNX Runtime's part and the graph's check wait for a score.
        var scorer = OnnxScorer.Load(path, null, inBackground: true);
        var first = Assert.Throws<VmafTinyException>(() => scorer.Score([new FrameFeatures(0, 1, 1, 1, 1, 1, 1)], new double[1]));
        Assert.Contains("graph does not match the vmaf_tiny contract", first.Message);
        Assert.Contains("[-1, 5]", first.Message);
        Assert.Equal(first.Message, Assert.Throws<VmafTinyException>(scorer.WaitLoaded).Message);
        scorer.Dispose();
        Assert.Equal(live, OnnxScorer.LiveSessions);

        // A good model loaded in the background scores as one loaded in the foreground, and is freed unused as well.
        var good = TinyModels.Write(dir.Path, "good", TinyModels.HandMade());
        using var foreground = OnnxScorer.Load(good, null);
        using var background = OnnxScorer.Load(good, null, inBackground: true);
        FrameFeatures[] frames = [new(0, 0.9, 0.2, 0.5, 0.7, 0.8, 3.0), new(1, 0.5, 0.1, 0.3, 0.4, 0.6, 9.0)];
        double[] expected = new double[2], actual = new double[2];
        foreground.Score(frames, expected);
        background.Score(frames, actual);
        Assert.Equal(expected, actual);
        OnnxScorer.Load(good, null, inBackground: true).Dispose();
        Assert.Equal(live + 2, OnnxScorer.LiveSessions);

        // Still so once a session left behind would have been created (about 20 ms).
        Thread.Sleep(500);
        Assert.Equal(live + 2, OnnxScorer.LiveSessions);
    }
}
