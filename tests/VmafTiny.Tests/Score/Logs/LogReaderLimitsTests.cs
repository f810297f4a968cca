using VmafTiny.Score.Logs;
using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Hardening;

namespace VmafTiny.Tests.Score.Logs;

/// <summary>
/// What <see cref="LogReader"/> refuses before it could use memory without bound or pair the wrong frames (the logs
/// of <c>compare</c> and <c>merge</c>): endless devices and pipes, logs over the size limit, folders, frame numbers
/// given twice or below zero, JSON numbers beyond a double.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LogReaderLimitsTests : IDisposable
{
    private const string OneFrame = "{\"frames\":[{\"frameNum\":0,\"metrics\":{\"vmaf\":1}}]}";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void An_endless_device_of_zeros_is_refused_at_its_first_bytes()
    {
        Skip.IfNot(Posix.IsRoot, "making a device node (mknod) needs root");
        string node = _dir.File("zero");
        Posix.MakeDevice(node, 1, 5);      // /dev/zero's device, in a temporary folder
        var e = Assert.Throws<InputException>(() => LogReader.ReadFile(node, out _));
        Assert.Equal($"{node}: not a vmaf log (neither libvmaf's JSON, XML, CSV nor subtitle layout)", e.Message);
    }

    [Fact]
    public async Task A_pipe_longer_than_the_limit_is_refused_after_reading_the_limit()
    {
        string fifo = _dir.File("log.fifo");
        Posix.MakeFifo(fifo);
        Task writer = Task.Run(() =>
        {
            try
            {
                using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                byte[] braces = new byte[64 * 1024];
                Array.Fill(braces, (byte)'{');
                for (int i = 0; i < 64; i++)     // 4 MiB, four times the limit
                {
                    w.Write(braces);
                }
            }
            catch (IOException)
            {
                // the reader stopped reading: a broken pipe
            }
        });
        var e = Assert.Throws<InputException>(() => LogReader.ReadFile(fifo, out _, maxBytes: 1 << 20));
        Assert.Equal($"{fifo}: is over the 1048576 bytes a log may have", e.Message);
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_by_its_size()
    {
        string path = _dir.File("big.json");
        File.WriteAllText(path, OneFrame + new string(' ', 2000));
        var e = Assert.Throws<InputException>(() => LogReader.ReadFile(path, out _, maxBytes: 1000));
        Assert.Equal($"{path}: is {new FileInfo(path).Length} bytes, over the 1000 bytes a log may have", e.Message);
        Assert.Single(LogReader.ReadFile(path, out _, maxBytes: 1 << 20).Frames);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]      // Windows PowerShell 5's '>' and Out-File save text so
    [InlineData("utf-16BE")]
    public void A_log_with_a_byte_order_mark_still_reads(string encoding)
    {
        string path = _dir.File("bom.json");
        File.WriteAllText(path, OneFrame, encoding == "utf-8" ? new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true) : System.Text.Encoding.GetEncoding(encoding));
        Assert.Equal(1.0, Assert.Single(LogReader.ReadFile(path, out LogFormat format).Frames).Metrics[0].Value);
        Assert.Equal(LogFormat.Json, format);

        string csv = _dir.File("bom.csv");
        File.WriteAllText(csv, "Frame,vmaf,\r\n0,1.000000,\r\n", System.Text.Encoding.GetEncoding(encoding == "utf-8" ? "utf-8" : encoding));
        Assert.Equal(1.0, Assert.Single(LogReader.ReadFile(csv, out format).Frames).Metrics[0].Value);
        Assert.Equal(LogFormat.Csv, format);
    }

    [Theory]
    [InlineData("g01.libvmaf-format.json")]
    [InlineData("g01.libvmaf-format.sub")]
    [InlineData("g01.libvmaf-format.csv")]
    [InlineData("g01.libvmaf-format.xml")]
    public void Every_frame_of_a_log_shares_its_key_strings(string file)
    {
        // A 300,000-frame log held each frame's keys as strings of its own (JSON, subtitles): about 40 bytes a value.
        VmafLog log = LogReader.ReadFile(Path.Combine(VmafTiny.Tests.Golden.GoldenClips.DataDirectory, file), out _);
        Assert.True(log.Frames.Count > 2);
        LogFrame first = log.Frames[0];
        foreach (LogFrame frame in log.Frames.Skip(1))
        {
            Assert.Equal(first.Metrics.Count, frame.Metrics.Count);
            for (int k = 0; k < first.Metrics.Count; k++)
            {
                Assert.Same(first.Metrics[k].Key, frame.Metrics[k].Key);
            }
        }
    }

    [Fact]
    public void A_folder_is_named_as_a_folder()
    {
        var e = Assert.Throws<InputException>(() => LogReader.ReadFile(_dir.FullPath, out _));
        Assert.Equal($"{_dir.FullPath}: is a folder, not a log", e.Message);
    }

    [Theory]
    [InlineData("{\"frames\":[{\"frameNum\":0,\"metrics\":{\"vmaf\":1}},{\"frameNum\":0,\"metrics\":{\"vmaf\":2}}]}", "frame 0 appears twice")]
    [InlineData("{\"frames\":[{\"frameNum\":-1,\"metrics\":{\"vmaf\":1}}]}", "frameNum -1 is not a frame number")]
    [InlineData("Frame,vmaf,\n0,1.000000,\n0,2.000000,\n", "frame 0 appears twice")]
    [InlineData("{\"frames\":[{\"frameNum\":0,\"metrics\":{\"vmaf\":1e400}}]}", "frame 0: vmaf is out of range")]
    [InlineData("<VMAF version=\"3.2.0\"><frames><frame frameNum=\"3\" vmaf=\"1\" /><frame frameNum=\"3\" vmaf=\"2\" /></frames></VMAF>", "frame 3 appears twice")]
    public void A_frame_numbered_twice_or_below_zero_or_a_number_out_of_range_is_refused(string text, string problem)
    {
        var e = Assert.Throws<InputException>(() => LogReader.Read(text, "a.log", out _));
        Assert.Equal($"a.log: not a vmaf log: {problem}", e.Message);
    }
}
