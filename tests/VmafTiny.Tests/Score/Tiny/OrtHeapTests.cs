using System.Text.Json;
using VmafTiny.Score.Tiny.Ort;
using VmafTiny.Tests.Golden;
using VmafTiny.Tests.Hardening;

namespace VmafTiny.Tests.Score.Tiny;

/// <summary>
/// <see cref="OrtHeap"/>: ONNX Runtime's start on huge pages, which only the CLI's own process (its main thread, one
/// thread) asks for. The test host never does: off the main thread it only runs the start.
/// </summary>
public sealed class OrtHeapTests
{
    [Fact]
    public async Task Off_the_main_thread_it_only_runs_the_start()
    {
        Assert.Equal(42, await Task.Run(() => OrtHeap.WithHugePages(() => 42)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() => OrtHeap.WithHugePages<int>(() => throw new InvalidOperationException())));
    }

    [Fact]
    public void The_cli_process_scores_the_default_model_at_one_thread_as_the_library_does()
    {
        const string clip = "g01_pan_420p8_320x180";
        using var dir = new TempDir();
        string log = Path.Combine(dir.Path, "cli.json");
        var r = CliProcess.Run(
            ["score", GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), "--threads", "1", "--precision", "max", "-q", "-o", log]);
        Assert.True(r.ExitCode == 0, r.Stderr);

        VmafResult expected = Vmaf.Score(GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), new VmafOptions { Threads = 1 });
        using var json = JsonDocument.Parse(File.ReadAllText(log));
        double[] scores = json.RootElement.GetProperty("frames").EnumerateArray()
            .Select(f => f.GetProperty("metrics").GetProperty("vmaf").GetDouble()).ToArray();
        Assert.Equal(expected.Frames.Select(f => f.Score), scores);
    }
}
