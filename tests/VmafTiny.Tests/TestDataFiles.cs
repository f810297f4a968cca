using System.IO.Compression;

namespace VmafTiny.Tests;

/// <summary>Carried test data is gzipped; this unpacks a file once per test run (and per version of it) into a temp folder.</summary>
public static class TestDataFiles
{
    private static readonly object Gate = new();

    /// <summary>Path of the unpacked copy of <paramref name="packedPath"/> ("NAME.gz"), cached under <paramref name="area"/>.</summary>
    public static string Unpacked(string packedPath, string area)
    {
        var packed = new FileInfo(packedPath);
        string version = $"{packed.Length:x}-{packed.LastWriteTimeUtc.Ticks:x}";
        string dir = Path.Combine(Path.GetTempPath(), "vmaf-tiny-tests", area, version);
        string target = Path.Combine(dir, Path.GetFileNameWithoutExtension(packedPath));
        lock (Gate)
        {
            if (!File.Exists(target))
            {
                Directory.CreateDirectory(dir);
                string temp = target + $".{Environment.ProcessId}.tmp";
                using (var input = new GZipStream(packed.OpenRead(), CompressionMode.Decompress))
                using (var output = File.Create(temp))
                {
                    input.CopyTo(output);
                }

                File.Move(temp, target, overwrite: true);
            }
        }

        return target;
    }
}
