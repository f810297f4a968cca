using System.Diagnostics;
using VmafTiny.Tests.Golden;

namespace VmafTiny.Tests.Cli;

/// <summary>
/// A libvmaf script's log destinations, through a real shell and a real vmaf-tiny process: <c>-o /dev/stdout</c>,
/// <c>-o -</c>, a process substitution (<c>-o &gt;(gzip &gt; log.gz)</c>, a <c>/dev/fd</c> pipe) and a FIFO all get
/// libvmaf's log, the same bytes as libvmaf's own file (version and fps aside), and stdout carries nothing else.
/// </summary>
public class LibvmafLogPathsTests
{
    [SkippableFact]
    public void Stdout_a_process_substitution_and_a_fifo_all_get_libvmafs_log()
    {
        Skip.IfNot(File.Exists("/bin/bash"), "needs bash for the process substitution");
        const string clip = "g01_pan_420p8_320x180";
        string dir = Path.Combine(Path.GetTempPath(), $"vmaf-tiny-log-paths-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string tool = $"dotnet '{Path.Combine(AppContext.BaseDirectory, "vmaf-tiny.dll")}' -r '{GoldenClips.ReferencePath(clip)}' -d '{GoldenClips.DistortedPath(clip)}' --json -q";
            string script = $"""
                set -e
                cd '{dir}'
                {tool} -o /dev/stdout > stdout.json
                {tool} -o - > dash.json
                {tool} -o >(gzip > substituted.json.gz)
                mkfifo fifo
                cat fifo > fifo.json &
                {tool} -o fifo
                wait
                sleep 0.2
                gunzip substituted.json.gz
                """;
            var start = new ProcessStartInfo("/bin/bash") { RedirectStandardError = true, RedirectStandardInput = true };
            using var bash = Process.Start(start)!;
            bash.StandardInput.Write(script);
            bash.StandardInput.Close();
            string stderr = bash.StandardError.ReadToEnd();
            Assert.True(bash.WaitForExit(240_000), "the script did not finish in 240 s");
            Assert.True(bash.ExitCode == 0, stderr);

            string want = LibvmafCommandLineTableTests.WithoutVersionAndFps(File.ReadAllText(Path.Combine(LibvmafCommandLineTableTests.Folder, "02-json.json")));
            foreach (string name in new[] { "stdout.json", "dash.json", "substituted.json", "fifo.json" })
            {
                Assert.Equal(want, LibvmafCommandLineTableTests.WithoutVersionAndFps(File.ReadAllText(Path.Combine(dir, name))));
            }

            Assert.Equal("fifo", new FileInfo(Path.Combine(dir, "fifo")).Name); // still there: written in place, not replaced
            Assert.True(File.GetAttributes(Path.Combine(dir, "fifo")).HasFlag(FileAttributes.Device) || new FileInfo(Path.Combine(dir, "fifo")).Length == 0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
