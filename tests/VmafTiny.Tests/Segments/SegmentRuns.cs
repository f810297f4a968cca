using System.Text.RegularExpressions;
using VmafTiny.Score.Logs;
using VmafTiny.Segments;

namespace VmafTiny.Tests.Segments;

/// <summary>Runs a pair whole and in segments through the library, and compares the logs as files.</summary>
public static partial class SegmentRuns
{
    /// <summary>The log of one run over the whole pair, as <paramref name="format"/> text at libvmaf's precision.</summary>
    public static string Whole(string reference, string distorted, VmafOptions options, LogFormat format = LogFormat.Json) =>
        Text(Vmaf.Score(reference, distorted, options).ToLog(), format, LogPrecision.Libvmaf);

    /// <summary>
    /// Each range scored on its own and written as a segment log (JSON, --precision max), read back as a file would
    /// be, in reverse order (merge sorts them).
    /// </summary>
    public static SegmentLog[] Segments(string reference, string distorted, VmafOptions options, IEnumerable<FrameRange> ranges) =>
        ranges.Select(r =>
        {
            VmafLog log = Vmaf.Score(reference, distorted, options with { Frames = r }).ToLog();
            Assert.NotNull(log.Segment);
            string text = Text(log, LogFormat.Json, LogPrecision.Max);
            return new SegmentLog($"segment {r}", LogReader.Read(text, $"segment {r}", out _));
        }).Reverse().ToArray();

    /// <summary>The merged log as <paramref name="format"/> text at libvmaf's precision.</summary>
    public static string Merged(IReadOnlyList<SegmentLog> segments, LogFormat format = LogFormat.Json) =>
        Text(SegmentMerge.Merge(segments), format, LogPrecision.Libvmaf);

    /// <summary>Frames [0, k) and [k, end).</summary>
    public static FrameRange[] SplitAt(int k) => [new FrameRange(0, k), new FrameRange(k, null)];

    /// <summary>One segment per frame, the last one open-ended.</summary>
    public static FrameRange[] EveryFrame(int frames) =>
        Enumerable.Range(0, frames).Select(i => new FrameRange(i, i == frames - 1 ? null : i + 1)).ToArray();

    /// <summary>Asserts two logs are the same bytes but for the processing speed (fps), which no two runs share.</summary>
    public static void AssertSameLog(string expected, string actual, string what)
    {
        string a = WithoutFps(expected), b = WithoutFps(actual);
        if (a != b)
        {
            int at = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i]);
            Assert.Fail($"{what}: the merged log differs from the whole run's at character {at}: " +
                        $"'{a.Substring(Math.Max(0, at - 60), Math.Min(120, a.Length - Math.Max(0, at - 60)))}' vs " +
                        $"'{b.Substring(Math.Max(0, at - 60), Math.Min(120, b.Length - Math.Max(0, at - 60)))}'");
        }
    }

    /// <summary>Rewrites a file with <paramref name="change"/> applied and a last-write time a second later, as an encoder writing it again would.</summary>
    public static void Touch(string path, Action<byte[]> change)
    {
        DateTime before = File.GetLastWriteTimeUtc(path);
        byte[] bytes = File.ReadAllBytes(path);
        change(bytes);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, before.AddSeconds(1));
    }

    public static string Text(VmafLog log, LogFormat format, LogPrecision precision)
    {
        var writer = new StringWriter { NewLine = "\n" };
        LogWriter.Write(log, writer, format, precision);
        return writer.ToString();
    }

    private static string WithoutFps(string log) => Fps().Replace(log, "fps=?");

    [GeneratedRegex("\"fps\": [^,\n]*|fps=\"[^\"]*\"")]
    private static partial Regex Fps();
}
