using VmafTiny.Decode.Y4m;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Decode;

public class Y4mGoldenReadTests
{
    [Theory]
    [MemberData(nameof(GoldenClips.All), MemberType = typeof(GoldenClips))]
    public void Reads_every_frame_of_every_golden_clip(string name)
    {
        string path = GoldenClips.ReferencePath(name);
        using var reader = new Y4mReader(path);
        var frame = new YuvFrame(reader.Format);
        int frames = 0;
        while (reader.ReadFrame(frame))
        {
            Assert.Equal(frames, frame.Index);
            frames++;
        }

        Assert.Equal(GoldenClips.Frames(name).Count, frames);
        Assert.Equal(frames, reader.FrameCount);

        // The name encodes the format, e.g. g02_zoom_420p10_352x288.
        string[] parts = name.Split('_');
        string[] size = parts[3].Split('x');
        Assert.Equal(int.Parse(size[0]), reader.Format.Width);
        Assert.Equal(int.Parse(size[1]), reader.Format.Height);
        Assert.Equal(int.Parse(parts[2][4..]), reader.Format.BitDepth);
        Assert.Equal(parts[2][..3] switch { "420" => ChromaFormat.Yuv420, "422" => ChromaFormat.Yuv422, _ => ChromaFormat.Yuv444 }, reader.Format.Chroma);
    }
}
