namespace VmafTiny.Score.Logs;

/// <summary>libvmaf's JSON log layout.</summary>
/// <remarks>
/// Port of the layout of <c>output.c: vmaf_write_output_json</c> (libvmaf f85a8536), including its quirks: a
/// non-finite metric is written <c>null</c> without the newline that follows every other metric (still valid
/// JSON); a non-finite fps is <c>null</c>; frames without metrics are left out. One deliberate difference: libvmaf
/// puts a comma before the first frame whose number is not 0 (invalid JSON); here the first frame written never
/// gets one. A <c>notes</c> array (not in libvmaf's layout) is written only when the log has notes.
/// </remarks>
public static class JsonLogWriter
{
    /// <summary>Writes <paramref name="log"/> as JSON.</summary>
    public static void Write(VmafLog log, TextWriter writer, LogPrecision precision = default) =>
        LogWriter.Write(log, writer, LogFormat.Json, precision);

    /// <summary>The JSON callbacks of the log walk.</summary>
    internal sealed class Format(TextWriter writer, LogPrecision precision) : LogFormatWriter(writer, precision)
    {
        public override void Begin(VmafLog log)
        {
            Out.Write("{\n  \"version\": ");
            String(log.Version);
            Out.Write(",\n");
            if (double.IsFinite(log.Fps))
            {
                Out.Write("  \"fps\": ");
                Fps(log.Fps);
                Out.Write(",\n");
            }
            else
            {
                Out.Write("  \"fps\": null,\n");
            }

            if (log.Segment is { } segment)
            {
                Segment(segment);
            }

            if (log.Notes.Count > 0)
            {
                Out.Write("  \"notes\": [");
                for (int i = 0; i < log.Notes.Count; i++)
                {
                    Out.Write(i == 0 ? "\n    " : ",\n    ");
                    String(log.Notes[i]);
                }

                Out.Write("\n  ],\n");
            }
        }

        public override void BeginFrames(VmafLog log) => Out.Write("  \"frames\": [");

        public override void BeginFrame(LogFrame frame, bool first)
        {
            Out.Write(first ? "\n" : ",\n");
            Out.Write("    {\n      \"frameNum\": ");
            Int(frame.FrameNumber);
            Out.Write(",\n      \"metrics\": {\n");
        }

        public override void Metric(LogMetric metric, int index, int count)
        {
            Out.Write("        ");
            String(metric.Key);
            Out.Write(": ");
            string comma = index < count - 1 ? "," : string.Empty;
            if (double.IsFinite(metric.Value))
            {
                Number(metric.Value);
                Out.Write(comma);
                Out.Write('\n');
            }
            else
            {
                Out.Write("null");
                Out.Write(comma); // libvmaf writes no newline after null
            }
        }

        public override void EndFrame(LogFrame frame) => Out.Write("      }\n    }");

        public override void EndFrames() => Out.Write("\n  ],\n");

        public override void BeginPooled() => Out.Write("  \"pooled_metrics\": {");

        public override void Pooled(PooledMetric pooled, int index)
        {
            Out.Write(index > 0 ? ",\n" : "\n");
            Out.Write("    ");
            String(pooled.Key);
            if (!pooled.HasValues)
            {
                Out.Write(": {\n    }");
                return;
            }

            Out.Write(": {\n");
            Statistic("min", pooled.Values.Min);
            Out.Write(",\n");
            Statistic("max", pooled.Values.Max);
            Out.Write(",\n");
            Statistic("mean", pooled.Values.Mean);
            Out.Write(",\n");
            Statistic("harmonic_mean", pooled.Values.HarmonicMean);
            foreach (LogMetric extra in pooled.Extra)
            {
                Out.Write(",\n");
                Statistic(extra.Key, extra.Value);
            }

            Out.Write("\n    }");
        }

        public override void EndPooled() => Out.Write("\n  },\n");

        public override void BeginAggregate() => Out.Write("  \"aggregate_metrics\": {");

        public override void Aggregate(LogMetric metric, int index, int count)
        {
            Out.Write("\n    ");
            String(metric.Key);
            Out.Write(": ");
            Value(metric.Value);
            if (index < count - 1)
            {
                Out.Write(',');
            }
        }

        public override void EndAggregate() => Out.Write("\n  }\n");

        public override void End() => Out.Write("}\n");

        /// <summary>A segment log's <c>segment</c> object (see <see cref="LogSegment"/>), one member per line.</summary>
        private void Segment(LogSegment segment)
        {
            Out.Write("  \"segment\": {\n    \"start\": ");
            Int(segment.Start);
            Out.Write(",\n    \"end\": ");
            Int(segment.End);
            Out.Write(",\n    \"last\": ");
            Out.Write(segment.Last ? "true" : "false");
            Out.Write(",\n    \"width\": ");
            Int(segment.Width);
            Out.Write(",\n    \"height\": ");
            Int(segment.Height);
            Out.Write(",\n    \"precision\": ");
            String(Precision.ToString());
            Out.Write(",\n    \"reference\": ");
            String(segment.Reference);
            Out.Write(",\n    \"distorted\": ");
            String(segment.Distorted);
            if (segment.ReferenceFile is { } referenceFile)
            {
                Out.Write(",\n    \"reference_file\": ");
                String(referenceFile.ToString());
            }

            if (segment.DistortedFile is { } distortedFile)
            {
                Out.Write(",\n    \"distorted_file\": ");
                String(distortedFile.ToString());
            }

            Out.Write(",\n    \"settings\": ");
            String(segment.Settings);
            Out.Write(",\n    \"models\": [");
            for (int i = 0; i < segment.Models.Count; i++)
            {
                Out.Write(i == 0 ? "\n      {\"key\": " : ",\n      {\"key\": ");
                String(segment.Models[i].Key);
                Out.Write(", \"label\": ");
                String(segment.Models[i].Label);
                Out.Write('}');
            }

            Out.Write(segment.Models.Count > 0 ? "\n    ]\n  },\n" : "]\n  },\n");
        }

        private void Statistic(string name, double value)
        {
            Out.Write("      \"");
            Out.Write(name);
            Out.Write("\": ");
            Value(value);
        }

        private void Value(double value)
        {
            if (double.IsFinite(value))
            {
                Number(value);
            }
            else
            {
                Out.Write("null");
            }
        }

        /// <summary>Writes a JSON string. libvmaf does not escape; its names never need it, so the bytes agree.</summary>
        private void String(string value)
        {
            Out.Write('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"':
                        Out.Write("\\\"");
                        break;
                    case '\\':
                        Out.Write("\\\\");
                        break;
                    case < ' ':
                        Out.Write("\\u");
                        Out.Write(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    default:
                        Out.Write(c);
                        break;
                }
            }

            Out.Write('"');
        }
    }
}
