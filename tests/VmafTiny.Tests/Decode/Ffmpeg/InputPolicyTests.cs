using VmafTiny.Tests.Cli;
using VmafTiny.Tests.Hardening;

namespace VmafTiny.Tests.Decode.Ffmpeg;

/// <summary>
/// Inputs are local files, never protocols or URLs (issue 10, item 2): FFmpeg reads each input through its file
/// protocol alone, and demuxers that open further files named inside the input are refused.
/// </summary>
public sealed class InputPolicyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Names that FFmpeg would read as protocols, given relative to the current folder as a user types them: each is
    /// a local file holding an mp4, and is scored as that file. A child process, for its own current folder.
    /// </summary>
    [Theory]
    [InlineData("pipe:0", "http://127.0.0.1:9/v.mp4")]
    [InlineData("concat:a.mp4|b.mp4", "data:,not-video")]
    public void Names_that_look_like_protocols_are_local_files(string reference, string distorted)
    {
        foreach (string name in new[] { reference, distorted })
        {
            string path = Path.Combine(_dir.FullPath, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(EncodedClips.File("h264_420p8.mp4"), path);
        }

        var r = CliProcess.Run(["features", reference, distorted, "-q"], workingDirectory: _dir.FullPath);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("integer_vif_scale0: 1.000000", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ffconcat_list_is_refused_naming_the_demuxer()
    {
        File.Copy(EncodedClips.File("h264_420p8.mp4"), _dir.File("a.mp4"));
        string list = _dir.File("list.ffconcat");
        File.WriteAllText(list, "ffconcat version 1.0\nfile a.mp4\n");
        AssertRefused(list, "concat");
    }

    [Fact]
    public void An_hls_playlist_is_refused_naming_the_demuxer()
    {
        File.Copy(EncodedClips.File("h264_420p8.mp4"), _dir.File("a.mp4"));
        string list = _dir.File("list.m3u8");
        File.WriteAllText(list, "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\na.mp4\n#EXT-X-ENDLIST\n");
        AssertRefused(list, "hls");
    }

    [Fact]
    public void A_session_description_is_refused_before_any_network_open()
    {
        string sdp = _dir.File("stream.sdp");
        File.WriteAllText(sdp, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 9 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");
        AssertRefused(sdp, "sdp");
    }

    [Fact]
    public void An_image_pattern_in_a_name_is_a_plain_file_name()
    {
        // "img%03d.png" would make FFmpeg's image2 demuxer read img001.png; it is this file, an mp4, instead.
        File.WriteAllBytes(_dir.File("img001.png"), [0x89, (byte)'P', (byte)'N', (byte)'G']);
        string pattern = _dir.File("img%03d.png");
        File.Copy(EncodedClips.File("h264_420p8.mp4"), pattern);
        var r = CliRunner.Run("features", pattern, EncodedClips.File("h264_420p8.mp4"), "-q");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("integer_vif_scale0: 1.000000", r.Stdout, StringComparison.Ordinal);
    }

    private static void AssertRefused(string path, string demuxer)
    {
        var r = CliRunner.Run("features", path, EncodedClips.File("h264_420p8.mp4"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            [$"vmaf-tiny: {path}: is a playlist, concat list, image sequence or other file that names further inputs (FFmpeg's {demuxer} demuxer); vmaf-tiny reads one self-contained local video file: give the video itself"],
            r.ErrorLines);
    }
}
