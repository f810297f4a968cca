namespace VmafTiny.Score.Logs;

/// <summary>libvmaf's subtitle log layout (<c>--sub</c>): one MicroDVD line per frame, no pooled values.</summary>
/// <remarks>
/// Port of the layout of <c>output.c: vmaf_write_output_sub</c> (libvmaf f85a8536): each frame with metrics
/// becomes <c>{n}{n+1}frame: n|key: value|...|</c> and a "\n", so a player shows each frame's scores while it is
/// on screen. Numbers are printed as in the other logs (NaN and infinities as glibc prints them).
/// </remarks>
public static class SubLogWriter
{
    /// <summary>Writes <paramref name="log"/> in libvmaf's subtitle format.</summary>
    public static void Write(VmafLog log, TextWriter writer, LogPrecision precision = default) =>
        LogWriter.Write(log, writer, LogFormat.Sub, precision);

    /// <summary>The subtitle callbacks of the log walk.</summary>
    internal sealed class Format(TextWriter writer, LogPrecision precision) : LogFormatWriter(writer, precision)
    {
        public override void BeginFrame(LogFrame frame, bool first)
        {
            Out.Write('{');
            Int(frame.FrameNumber);
            Out.Write("}{");
            Int(frame.FrameNumber + 1L);
            Out.Write("}frame: ");
            Int(frame.FrameNumber);
            Out.Write('|');
        }

        public override void Metric(LogMetric metric, int index, int count)
        {
            Out.Write(metric.Key);
            Out.Write(": ");
            Number(metric.Value);
            Out.Write('|');
        }

        public override void EndFrame(LogFrame frame) => Out.Write('\n');
    }
}
