using VmafTiny.Decode;
using VmafTiny.Features;

namespace VmafTiny.Tests.Decode.Ffmpeg;

/// <summary>
/// The acceptance check: the features of an encoded distorted file decoded in process equal, exactly, the
/// features of the same frames read from y4m (FFmpeg's own decode), for every codec and for a scaled pair.
/// </summary>
public class DecodedFeaturesTests
{
    /// <summary>Reference file, its y4m, distorted file, its y4m (FFmpeg's decode).</summary>
    public static TheoryData<string, string, string, string> Pairs => new()
    {
        { "ref_160x90.mkv", "ref_160x90.y4m", "h264_420p8.mp4", "h264_420p8.y4m" },
        { "ref_160x90.mkv", "ref_160x90.y4m", "vp9_420p8.webm", "vp9_420p8.y4m" },
        { "ref_160x90.mkv", "ref_160x90.y4m", "av1_420p8.mkv", "av1_420p8.y4m" },
        // 10-bit and 4:2:2 distorted files are converted to the 8-bit 4:2:0 reference: inside the decoder for
        // the encoded file, by ScalingSource for the y4m; both must give the same features.
        { "ref_160x90.mkv", "ref_160x90.y4m", "hevc_420p10.mp4", "hevc_420p10.y4m" },
        { "ref_160x90.mkv", "ref_160x90.y4m", "ffv1_422p10.mkv", "ffv1_422p10.y4m" },
        // 160x90 distorted against a 320x180 reference (the 540p-against-1080p case in small).
        { "ref_320x180.mkv", "ref_320x180.mkv", "h264_420p8.mp4", "h264_420p8.y4m" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Features_of_the_decoded_file_equal_those_of_its_y4m(string reference, string referenceY4m, string distorted, string distortedY4m)
    {
        string Resolve(string name) => name.EndsWith(".y4m", StringComparison.Ordinal) ? EncodedClips.Unpacked(name) : EncodedClips.File(name);

        var fromFiles = Features(SourcePair.Open(EncodedClips.File(reference), EncodedClips.File(distorted)));
        var fromY4m = Features(SourcePair.Open(Resolve(referenceY4m), Resolve(distortedY4m)));

        Assert.Equal(8, fromFiles.Count);
        Assert.Equal(fromY4m, fromFiles);
    }

    private static List<FrameFeatures> Features(SourcePair pair)
    {
        using (pair)
        using (FramePairReader reader = pair.CreateReader())
        {
            using var stream = new FeatureStream(pair.Format, new FeatureOptions { Threads = 1 });
            var (reference, distorted) = reader.CreateFrames();
            var features = new List<FrameFeatures>();
            while (reader.ReadPair(reference, distorted))
            {
                features.AddRange(stream.Push(reference, distorted));
            }

            features.AddRange(stream.Complete());
            return features;
        }
    }
}
