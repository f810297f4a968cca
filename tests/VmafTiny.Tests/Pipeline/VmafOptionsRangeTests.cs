using VmafTiny.Features;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Pipeline;

/// <summary>The library refuses the counts the CLI refuses, naming the option, before anything is opened.</summary>
public class VmafOptionsRangeTests
{
    public static TheoryData<string, VmafOptions> BadCounts => new()
    {
        { "Threads", new VmafOptions { Threads = -1 } },
        { "DecoderThreads", new VmafOptions { DecoderThreads = -2 } },
        { "FrameSkipReference", new VmafOptions { FrameSkipReference = -1 } },
        { "FrameSkipDistorted", new VmafOptions { FrameSkipDistorted = -1 } },
        { "FrameCount", new VmafOptions { FrameCount = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadCounts))]
    public void A_count_out_of_range_is_refused_naming_the_option(string option, VmafOptions options)
    {
        // Before: Threads -1 ran on every core, DecoderThreads -2 was ignored for y4m, and the others were refused as the
        // reader's SkipReference/MaxFrames.
        const string clip = "g10_blurnoise_420p12_160x90";
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => VmafRun.Open(GoldenClips.ReferencePath(clip), GoldenClips.DistortedPath(clip), options with { Model = "vmaf_v0.6.1" }).Dispose());
        Assert.Contains($"VmafOptions.{option} must be at least", e.Message);
    }

    [Fact]
    public void A_negative_thread_count_is_refused_by_the_stream()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new FeatureStream(new VideoFormat(64, 48, 8, ChromaFormat.Yuv420), new FeatureOptions { Threads = -4 }).Dispose());
        Assert.Contains("FeatureOptions.Threads must be at least 0", e.Message);
    }
}
