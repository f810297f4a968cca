using System.Text.RegularExpressions;
using VmafTiny.Decode.Y4m;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// libvmaf 3.2.0 command lines (TestData/libvmaf-cli/cases.tsv: from libvmaf's README and docs, and the lines
/// scripts use) run as <c>vmaf-tiny ARGS</c>, only the program name changed: each writes the same log bytes as
/// libvmaf's own tool (the references, made by make-references.sh), version and fps aside; where vmaf-tiny does
/// not compute what libvmaf would, it says so in one line and writes nothing.
/// </summary>
public partial class LibvmafCommandLineTableTests
{
    /// <summary>The table and libvmaf's reference logs.</summary>
    internal static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "libvmaf-cli");

    /// <summary>Every case: name, clip, expected, arguments.</summary>
    public static IEnumerable<object[]> Cases => File.ReadAllLines(Path.Combine(Folder, "cases.tsv"))
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => l.Split('\t'))
        .Select(c => new object[] { c[0], c[1], c[2], c[3] });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Libvmaf_command_line_runs_unchanged(string name, string clip, string expected, string arguments)
    {
        string output = Path.Combine(Temp, $"{name}-{Guid.NewGuid():N}{Path.GetExtension(expected)}");
        string[] args = arguments.Split(' ').Select(a => a
            .Replace("{ref}", GoldenClips.ReferencePath(clip), StringComparison.Ordinal)
            .Replace("{dist}", GoldenClips.DistortedPath(clip), StringComparison.Ordinal)
            .Replace("{yuvref}", Raw(GoldenClips.ReferencePath(clip)), StringComparison.Ordinal)
            .Replace("{yuvdist}", Raw(GoldenClips.DistortedPath(clip)), StringComparison.Ordinal)
            .Replace("{model}", ModelFile, StringComparison.Ordinal)
            .Replace("{out}", output, StringComparison.Ordinal)).ToArray();
        try
        {
            var r = CliRunner.Run(args);
            if (expected.StartsWith("refuse: ", StringComparison.Ordinal))
            {
                Assert.NotEqual(0, r.ExitCode);
                Assert.Contains(expected["refuse: ".Length..], r.ErrorLines[0]);
                Assert.True(r.ErrorLines.Length == 1, r.Stderr);
                Assert.False(File.Exists(output), "a refused run wrote a log");
                return;
            }

            Assert.True(r.ExitCode == 0, $"{name}: {r.Stderr}");
            Assert.Equal(string.Empty, r.Stdout);
            string want = WithoutVersionAndFps(File.ReadAllText(Path.Combine(Folder, expected)));
            string got = WithoutVersionAndFps(File.ReadAllText(output));
            Assert.Equal(want, got);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void The_table_has_at_least_twenty_libvmaf_logs_and_every_reference_is_used()
    {
        var expected = Cases.Select(c => (string)c[2]).Where(e => !e.StartsWith("refuse", StringComparison.Ordinal)).ToArray();
        Assert.True(expected.Length >= 20, $"{expected.Length} cases");
        var references = Directory.GetFiles(Folder).Select(Path.GetFileName).Where(f => f is not ("cases.tsv" or "make-references.sh"));
        Assert.Equal(references.Order(), expected.Order());
    }

    private static string Temp
    {
        get
        {
            string dir = Path.Combine(Path.GetTempPath(), "vmaf-tiny-libvmaf-cli");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>libvmaf's model/vmaf_v0.6.1.json (vmaf-tiny embeds it unchanged), written once.</summary>
    private static string ModelFile
    {
        get
        {
            string path = Path.Combine(Temp, "vmaf_v0.6.1.json");
            if (!File.Exists(path))
            {
                using Stream s = typeof(VmafTiny.Score.Svm.VmafSvmModel).Assembly.GetManifestResourceStream("VmafTiny.Score.Models.vmaf_v0.6.1.json")!;
                using var file = File.Create(path + ".tmp");
                s.CopyTo(file);
                file.Close();
                File.Move(path + ".tmp", path, overwrite: true);
            }

            return path;
        }
    }

    /// <summary>The frames of a y4m file as raw planar .yuv, written once next to it.</summary>
    private static string Raw(string y4m)
    {
        string raw = Path.ChangeExtension(y4m, ".yuv");
        lock (Folder)
        {
            if (!File.Exists(raw))
            {
                using var reader = new Y4mReader(y4m);
                using (var output = File.Create(raw + ".tmp"))
                {
                    var frame = new YuvFrame(reader.Format);
                    while (reader.ReadFrame(frame))
                    {
                        output.Write(frame.Data);
                    }
                }

                File.Move(raw + ".tmp", raw, overwrite: true);
            }
        }

        return raw;
    }

    /// <summary>The log with its version and fps values replaced by placeholders (they differ from libvmaf's by design).</summary>
    internal static string WithoutVersionAndFps(string log) =>
        Fps().Replace(Version().Replace(log, "${1}\"VERSION\""), "${1}FPS");

    [GeneratedRegex("(\"version\": |<VMAF version=)\"[^\"]*\"")]
    private static partial Regex Version();

    [GeneratedRegex("(\"fps\": |<fyi fps=)(\"[^\"]*\"|[^,\\n]*)")]
    private static partial Regex Fps();
}
