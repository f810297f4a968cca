namespace VmafTiny.Score.Logs;

/// <summary>libvmaf's JSON log layout.</summary>
/// <remarks>
/// Port of the layout of <c>output.c: vmaf_write_output_json</c> (libvmaf f85a8536), including its quirks: a
/// non-finite metric is written <c>null</c> without the newline that follows every other metric (still valid
/// JSON); a non-finite fps is <c>null</c>; frames without metrics are left out. One deliberate difference: libvmaf
/// puts a comma before the first frame whose number is not 0 (invalid JSON); here the first frame written never
/// gets one.
/// </remarks>
public static class JsonLogWriter
{
    /// <summary>Writes <paramref name="log"/> as JSON.</summary>
    public static void Write(VmafLog log, TextWriter writer, LogPrecision precision = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(writer);
        char[] buffer = new char[LogNumber.MaxLength];

        writer.Write("{\n  \"version\": ");
        WriteString(writer, log.Version);
        writer.Write(",\n");
        if (double.IsFinite(log.Fps))
        {
            writer.Write("  \"fps\": ");
            LogWriter.WriteFps(writer, log.Fps, buffer);
            writer.Write(",\n");
        }
        else
        {
            writer.Write("  \"fps\": null,\n");
        }

        if (log.Notes.Count > 0)
        {
            writer.Write("  \"notes\": [");
            for (int i = 0; i < log.Notes.Count; i++)
            {
                writer.Write(i == 0 ? "\n    " : ",\n    ");
                WriteString(writer, log.Notes[i]);
            }

            writer.Write("\n  ],\n");
        }

        writer.Write("  \"frames\": [");
        bool first = true;
        foreach (LogFrame frame in log.Frames)
        {
            int count = frame.Metrics.Count;
            if (count == 0)
            {
                continue;
            }

            writer.Write(first ? "\n" : ",\n");
            first = false;
            writer.Write("    {\n      \"frameNum\": ");
            LogWriter.WriteInt(writer, frame.FrameNumber, buffer);
            writer.Write(",\n      \"metrics\": {\n");
            for (int j = 0; j < count; j++)
            {
                LogMetric metric = frame.Metrics[j];
                writer.Write("        ");
                WriteString(writer, metric.Key);
                writer.Write(": ");
                string comma = j < count - 1 ? "," : string.Empty;
                if (double.IsFinite(metric.Value))
                {
                    LogWriter.WriteNumber(writer, metric.Value, precision, buffer);
                    writer.Write(comma);
                    writer.Write('\n');
                }
                else
                {
                    writer.Write("null");
                    writer.Write(comma); // libvmaf writes no newline after null
                }
            }

            writer.Write("      }\n    }");
        }

        writer.Write("\n  ],\n");

        writer.Write("  \"pooled_metrics\": {");
        for (int i = 0; i < log.Pooled.Count; i++)
        {
            PooledMetric pooled = log.Pooled[i];
            writer.Write(i > 0 ? ",\n" : "\n");
            writer.Write("    ");
            WriteString(writer, pooled.Key);
            writer.Write(": {\n");
            WritePooled(writer, "min", pooled.Values.Min, precision, buffer);
            writer.Write(",\n");
            WritePooled(writer, "max", pooled.Values.Max, precision, buffer);
            writer.Write(",\n");
            WritePooled(writer, "mean", pooled.Values.Mean, precision, buffer);
            writer.Write(",\n");
            WritePooled(writer, "harmonic_mean", pooled.Values.HarmonicMean, precision, buffer);
            foreach (LogMetric extra in pooled.Extra)
            {
                writer.Write(",\n");
                WritePooled(writer, extra.Key, extra.Value, precision, buffer);
            }

            writer.Write("\n    }");
        }

        writer.Write("\n  },\n");

        writer.Write("  \"aggregate_metrics\": {");
        for (int i = 0; i < log.Aggregate.Count; i++)
        {
            LogMetric metric = log.Aggregate[i];
            writer.Write("\n    ");
            WriteString(writer, metric.Key);
            writer.Write(": ");
            WriteValue(writer, metric.Value, precision, buffer);
            if (i < log.Aggregate.Count - 1)
            {
                writer.Write(',');
            }
        }

        writer.Write("\n  }\n}\n");
    }

    private static void WritePooled(TextWriter writer, string name, double value, LogPrecision precision, char[] buffer)
    {
        writer.Write("      \"");
        writer.Write(name);
        writer.Write("\": ");
        WriteValue(writer, value, precision, buffer);
    }

    private static void WriteValue(TextWriter writer, double value, LogPrecision precision, char[] buffer)
    {
        if (double.IsFinite(value))
        {
            LogWriter.WriteNumber(writer, value, precision, buffer);
        }
        else
        {
            writer.Write("null");
        }
    }

    /// <summary>Writes a JSON string. libvmaf does not escape; its names never need it, so the bytes agree.</summary>
    private static void WriteString(TextWriter writer, string value)
    {
        writer.Write('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    writer.Write("\\\"");
                    break;
                case '\\':
                    writer.Write("\\\\");
                    break;
                case < ' ':
                    writer.Write("\\u");
                    writer.Write(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    writer.Write(c);
                    break;
            }
        }

        writer.Write('"');
    }
}
