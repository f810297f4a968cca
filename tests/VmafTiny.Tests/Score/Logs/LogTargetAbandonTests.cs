using VmafTiny.Score.Logs;
using VmafTiny.Tests.Decode;
using VmafTiny.Tests.Score.Tiny;

namespace VmafTiny.Tests.Score.Logs;

/// <summary>
/// <see cref="LogTarget.AbandonWrites"/>, what the CLI calls on SIGINT and SIGTERM. It acts on every write of the
/// process, so these tests run alone (no other test's log is written meanwhile).
/// </summary>
[Collection(EnvironmentCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LogTargetAbandonTests : IDisposable
{
    private static readonly VmafLog Log = new("vmaf-tiny test", 1.0, 64, 48, [new LogFrame(0, [new LogMetric("integer_adm2", 0.5)])]);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_abandoned_write_leaves_no_temporary_file_and_the_target_as_it_was(bool targetExists)
    {
        string path = _dir.File("log.json");
        if (targetExists)
        {
            File.WriteAllText(path, "old");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        IReadOnlyList<string> abandoned = [];
        string[] during = [];
        var e = Assert.Throws<VmafTinyException>(() => LogTarget.Open(path).Write(writer =>
        {
            writer.Write("half a log");
            abandoned = LogTarget.AbandonWrites();
            during = Directory.GetFiles(_dir.FullPath);
            writer.Write(" and the rest");
        }));

        Assert.Equal([path], abandoned);
        Assert.Equal(targetExists ? [path] : [], during);    // the temporary file is gone at once
        Assert.Equal($"{path}: cannot write the log: interrupted; it was left as it was", e.Message);
        Assert.Equal(targetExists ? [path] : [], Directory.GetFiles(_dir.FullPath));
        Assert.Equal(targetExists ? "old" : null, targetExists ? File.ReadAllText(path) : null);

        // Only the writes in progress are abandoned: the next one writes, and nothing is left in flight.
        LogWriter.WriteFile(Log, path, LogFormat.Json);
        Assert.StartsWith("{", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Empty(LogTarget.AbandonWrites());
    }
}
