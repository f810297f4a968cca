using VmafTiny.IO;
using VmafTiny.Score.Logs;
using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Hardening;

namespace VmafTiny.Tests.Score.Logs;

/// <summary>
/// The output-path rules of <see cref="LogTarget"/> (and so of <see cref="LogWriter.WriteFile"/>): a regular file is
/// replaced whole, anything else at the path is written in place or refused, never replaced by a regular file.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LogTargetTests : IDisposable
{
    private static readonly VmafLog Log = new("vmaf-tiny test", 1.0, 64, 48, [new LogFrame(0, [new LogMetric("integer_adm2", 0.5)])]);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_regular_file_is_replaced_whole_and_keeps_its_permissions()
    {
        string path = _dir.File("log.json");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        LogWriter.WriteFile(Log, path, LogFormat.Json);
        Assert.StartsWith("{", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal(["log.json"], Directory.GetFiles(_dir.FullPath).Select(Path.GetFileName));
    }

    [Fact]
    public void A_symlink_is_followed_and_stays_a_link()
    {
        string target = _dir.File("real.json");
        File.WriteAllText(target, "old");
        string link = _dir.File("link.json");
        File.CreateSymbolicLink(link, "real.json");
        LogWriter.WriteFile(Log, link, LogFormat.Json);
        Assert.Equal("real.json", new FileInfo(link).LinkTarget);
        Assert.StartsWith("{", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_is_written_in_place_and_stays_a_fifo()
    {
        string fifo = _dir.File("log.fifo");
        Posix.MakeFifo(fifo);
        Task<string> reader = Task.Run(() => File.ReadAllText(fifo));
        LogWriter.WriteFile(Log, fifo, LogFormat.Csv);
        string text = await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("Frame,", text, StringComparison.Ordinal);
        Assert.Equal(FileKind.Fifo, FileProbe.Stat(fifo).Kind);
    }

    [SkippableFact]
    public void A_character_device_is_written_in_place_and_stays_a_device()
    {
        Skip.IfNot(Posix.IsRoot, "making a device node (mknod) needs root");
        string node = _dir.File("null");
        Posix.MakeDevice(node, 1, 3);      // the same device as /dev/null, in a temporary folder
        LogWriter.WriteFile(Log, node, LogFormat.Json);
        Assert.Equal(FileKind.CharacterDevice, FileProbe.Stat(node).Kind);
        Assert.Equal(["null"], Directory.GetFileSystemEntries(_dir.FullPath).Select(Path.GetFileName));
    }

    [SkippableFact]
    public void A_full_device_fails_naming_the_path_given_and_stays_a_device()
    {
        Skip.IfNot(Posix.IsRoot, "making a device node (mknod) needs root");
        string node = _dir.File("full");
        Posix.MakeDevice(node, 1, 7);      // /dev/full's device
        var e = Assert.Throws<VmafTinyException>(() => LogWriter.WriteFile(Log, node, LogFormat.Json));
        Assert.Equal($"{node}: cannot write the log: No space left on device", e.Message);
        Assert.Equal(FileKind.CharacterDevice, FileProbe.Stat(node).Kind);
    }

    [SkippableFact]
    public void A_block_device_is_refused_before_it_is_opened()
    {
        Skip.IfNot(Posix.IsRoot, "making a device node (mknod) needs root");
        string node = _dir.File("disk");
        Posix.MakeDevice(node, 7, 200, block: true);    // a loop device number; the node is never opened
        var e = Assert.Throws<VmafTinyException>(() => LogTarget.Open(node));
        Assert.Contains("is a block device", e.Message, StringComparison.Ordinal);
        Assert.Equal(FileKind.BlockDevice, FileProbe.Stat(node).Kind);
    }

    [Theory]
    [InlineData("sub/", "ends in '/', which names a folder")]
    [InlineData("sub", "is a folder")]
    [InlineData("missing/log.json", "the folder")]
    public void Folders_and_missing_folders_are_refused(string name, string problem)
    {
        Directory.CreateDirectory(_dir.File("sub"));
        string path = _dir.File(name);
        var e = Assert.Throws<VmafTinyException>(() => LogTarget.Open(path));
        Assert.StartsWith($"{path}: cannot write the log: {problem}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_is_refused_as_the_log_also_through_a_link()
    {
        string input = _dir.File("ref.y4m");
        File.WriteAllText(input, "YUV4MPEG2 video");
        string link = _dir.File("log.json");
        File.CreateSymbolicLink(link, input);
        foreach (string path in new[] { input, link })
        {
            var e = Assert.Throws<VmafTinyException>(() => LogTarget.Open(path, ["other.y4m", input]));
            Assert.Equal($"{path}: cannot write the log: is the same file as the input {input}; refusing to overwrite an input with the log", e.Message);
        }

        Assert.Equal("YUV4MPEG2 video", File.ReadAllText(input));
    }

    [SkippableFact]
    public void A_read_only_file_is_not_replaced()
    {
        Skip.If(Posix.IsRoot, "root may write any file");
        string path = _dir.File("kept.json");
        File.WriteAllText(path, "kept");
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        Assert.Throws<VmafTinyException>(() => LogTarget.Open(path));
        Assert.Equal("kept", File.ReadAllText(path));
    }

    [Fact]
    public void A_failed_write_leaves_no_file_and_no_temporary_name_in_the_message()
    {
        string path = _dir.File("log.json");
        var e = Assert.Throws<VmafTinyException>(() => LogTarget.Open(path).Write(_ => throw new IOException("disk on fire")));
        Assert.Equal($"{path}: cannot write the log: disk on fire", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.FullPath));
    }

    [Fact]
    public void Nothing_is_created_under_dev()
    {
        var e = Assert.Throws<VmafTinyException>(() => LogTarget.Open("/dev/vmaf-tiny-no-such-node"));
        Assert.Contains("refusing to create the log under /dev", e.Message, StringComparison.Ordinal);
    }
}
