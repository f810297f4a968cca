namespace VmafTiny.Score.Logs;

/// <summary>libvmaf's XML log layout.</summary>
/// <remarks>
/// Port of the layout of <c>output.c: vmaf_write_output_xml</c> (libvmaf f85a8536): version, frame size
/// (<c>params</c>), fps (<c>fyi</c>, always <c>%.2f</c>), one <c>frame</c> element per frame with the metrics as
/// attributes, one <c>metric</c> element per pooled metric, and the aggregate metrics as attributes. Non-finite
/// numbers are written as glibc prints them (nan, inf). Frames without metrics are left out.
/// </remarks>
public static class XmlLogWriter
{
    /// <summary>Writes <paramref name="log"/> as XML.</summary>
    public static void Write(VmafLog log, TextWriter writer, LogPrecision precision = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(writer);
        char[] buffer = new char[LogNumber.MaxLength];

        writer.Write("<VMAF version=\"");
        WriteEscaped(writer, log.Version);
        writer.Write("\">\n  <params qualityWidth=\"");
        LogWriter.WriteInt(writer, log.Width, buffer);
        writer.Write("\" qualityHeight=\"");
        LogWriter.WriteInt(writer, log.Height, buffer);
        writer.Write("\" />\n  <fyi fps=\"");
        LogWriter.WriteFps(writer, log.Fps, buffer);
        writer.Write("\" />\n");

        if (log.Notes.Count > 0)
        {
            writer.Write("  <notes>\n");
            foreach (string note in log.Notes)
            {
                writer.Write("    <note>");
                WriteEscaped(writer, note);
                writer.Write("</note>\n");
            }

            writer.Write("  </notes>\n");
        }

        writer.Write("  <frames>\n");
        foreach (LogFrame frame in log.Frames)
        {
            if (frame.Metrics.Count == 0)
            {
                continue;
            }

            writer.Write("    <frame frameNum=\"");
            LogWriter.WriteInt(writer, frame.FrameNumber, buffer);
            writer.Write("\" ");
            foreach (LogMetric metric in frame.Metrics)
            {
                WriteAttribute(writer, metric.Key, metric.Value, precision, buffer);
            }

            writer.Write("/>\n");
        }

        writer.Write("  </frames>\n");

        writer.Write("  <pooled_metrics>\n");
        foreach (PooledMetric pooled in log.Pooled)
        {
            writer.Write("    <metric name=\"");
            WriteEscaped(writer, pooled.Key);
            writer.Write("\" ");
            WriteAttribute(writer, "min", pooled.Values.Min, precision, buffer);
            WriteAttribute(writer, "max", pooled.Values.Max, precision, buffer);
            WriteAttribute(writer, "mean", pooled.Values.Mean, precision, buffer);
            WriteAttribute(writer, "harmonic_mean", pooled.Values.HarmonicMean, precision, buffer);
            foreach (LogMetric extra in pooled.Extra)
            {
                WriteAttribute(writer, extra.Key, extra.Value, precision, buffer);
            }

            writer.Write("/>\n");
        }

        writer.Write("  </pooled_metrics>\n");

        writer.Write("  <aggregate_metrics ");
        foreach (LogMetric metric in log.Aggregate)
        {
            WriteAttribute(writer, metric.Key, metric.Value, precision, buffer);
        }

        writer.Write("/>\n</VMAF>\n");
    }

    /// <summary>Writes <c>name="value" </c> (with the trailing space libvmaf writes).</summary>
    private static void WriteAttribute(TextWriter writer, string name, double value, LogPrecision precision, char[] buffer)
    {
        WriteEscaped(writer, name);
        writer.Write("=\"");
        LogWriter.WriteNumber(writer, value, precision, buffer);
        writer.Write("\" ");
    }

    /// <summary>Writes text with XML's special characters escaped; libvmaf's names contain none, so the bytes agree.</summary>
    private static void WriteEscaped(TextWriter writer, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '&':
                    writer.Write("&amp;");
                    break;
                case '<':
                    writer.Write("&lt;");
                    break;
                case '>':
                    writer.Write("&gt;");
                    break;
                case '"':
                    writer.Write("&quot;");
                    break;
                default:
                    writer.Write(c);
                    break;
            }
        }
    }
}
