using VmafTiny.Features;
using VmafTiny.Score.Tiny;
using VmafTiny.Tests.Pipeline;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>
/// Disposing an <see cref="OnnxScorer"/> while another thread scores: the score in flight finishes, later ones throw
/// <see cref="ObjectDisposedException"/>. In the native-resource collection: it creates and frees a session, which the
/// live-session counts of its neighbours would see.
/// </summary>
[Collection(NativeResourceCollection.Name)]
public sealed class OnnxScorerDisposeTests
{
    private static readonly FrameFeatures[] Frames = [new(0, 0.9, 0.2, 0.5, 0.7, 0.8, 3.0), new(1, 0.5, 0.1, 0.3, 0.4, 0.6, 9.0)];

    [Fact]
    public async Task Dispose_waits_for_a_score_in_flight_and_later_calls_throw_object_disposed()
    {
        var scorer = OnnxScorer.LoadBundled();
        double[] expected = new double[2], during = new double[2];
        scorer.Score(Frames, expected);

        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        scorer.ScoreEntered = () =>
        {
            inside.Set();
            release.Wait();
        };
        var scoring = Task.Factory.StartNew(() => scorer.Score(Frames, during), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        inside.Wait();
        scorer.ScoreEntered = null;
        var disposing = Task.Factory.StartNew(scorer.Dispose, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        // Unguarded, Dispose freed the session at once under the score, which then failed halfway ("Safe handle has been
        // closed"). Guarded, it cannot return before the score leaves (this only bounds how long the check looks).
        Assert.False(await Task.WhenAny(disposing, Task.Delay(500)) == disposing, "Dispose returned while a Score was in flight");
        release.Set();
        await scoring;
        await disposing;
        Assert.Equal(expected, during);

        var afterScore = Assert.Throws<ObjectDisposedException>(() => scorer.Score(Frames, during));
        Assert.Equal(typeof(OnnxScorer).FullName, afterScore.ObjectName);
        var afterPredict = Assert.Throws<ObjectDisposedException>(() => scorer.Predict(new float[6], new float[1]));
        Assert.Equal(typeof(OnnxScorer).FullName, afterPredict.ObjectName);
        Assert.Throws<ObjectDisposedException>(() => scorer.Score([], []));
        scorer.Dispose();
    }
}
