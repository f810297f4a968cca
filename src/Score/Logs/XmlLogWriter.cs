namespace VmafTiny.Score.Logs;

/// <summary>libvmaf's XML log layout.</summary>
/// <remarks>
/// Port of the layout of <c>output.c: vmaf_write_output_xml</c> (libvmaf f85a8536): version, frame size
/// (<c>params</c>), fps (<c>fyi</c>, always <c>%.2f</c>), one <c>frame</c> element per frame with the metrics as
/// attributes, one <c>metric</c> element per pooled metric, and the aggregate metrics as attributes. Non-finite
/// numbers are written as glibc prints them (nan, inf). Frames without metrics are left out. A <c>notes</c>
/// element (not in libvmaf's layout) is written only when the log has notes.
/// </remarks>
public static class XmlLogWriter
{
    /// <summary>Writes <paramref name="log"/> as XML.</summary>
    public static void Write(VmafLog log, TextWriter writer, LogPrecision precision = default) =>
        LogWriter.Write(log, writer, LogFormat.Xml, precision);

    /// <summary>The XML callbacks of the log walk.</summary>
    internal sealed class Format(TextWriter writer, LogPrecision precision) : LogFormatWriter(writer, precision)
    {
        public override void Begin(VmafLog log)
        {
            Out.Write("<VMAF version=\"");
            Escaped(log.Version);
            Out.Write("\">\n  <params qualityWidth=\"");
            Int(log.Width);
            Out.Write("\" qualityHeight=\"");
            Int(log.Height);
            Out.Write("\" />\n  <fyi fps=\"");
            Fps(log.Fps);
            Out.Write("\" />\n");
            if (log.Segment is { } segment)
            {
                Segment(segment);
            }

            if (log.Notes.Count > 0)
            {
                Out.Write("  <notes>\n");
                foreach (string note in log.Notes)
                {
                    Out.Write("    <note>");
                    Escaped(note);
                    Out.Write("</note>\n");
                }

                Out.Write("  </notes>\n");
            }
        }

        public override void BeginFrames(VmafLog log) => Out.Write("  <frames>\n");

        public override void BeginFrame(LogFrame frame, bool first)
        {
            Out.Write("    <frame frameNum=\"");
            Int(frame.FrameNumber);
            Out.Write("\" ");
        }

        public override void Metric(LogMetric metric, int index, int count) => Attribute(metric.Key, metric.Value);

        public override void EndFrame(LogFrame frame) => Out.Write("/>\n");

        public override void EndFrames() => Out.Write("  </frames>\n");

        public override void BeginPooled() => Out.Write("  <pooled_metrics>\n");

        public override void Pooled(PooledMetric pooled, int index)
        {
            Out.Write("    <metric name=\"");
            Escaped(pooled.Key);
            Out.Write("\" ");
            if (!pooled.HasValues)
            {
                Out.Write("/>\n");
                return;
            }

            Attribute("min", pooled.Values.Min);
            Attribute("max", pooled.Values.Max);
            Attribute("mean", pooled.Values.Mean);
            Attribute("harmonic_mean", pooled.Values.HarmonicMean);
            foreach (LogMetric extra in pooled.Extra)
            {
                Attribute(extra.Key, extra.Value);
            }

            Out.Write("/>\n");
        }

        public override void EndPooled() => Out.Write("  </pooled_metrics>\n");

        public override void BeginAggregate() => Out.Write("  <aggregate_metrics ");

        public override void Aggregate(LogMetric metric, int index, int count) => Attribute(metric.Key, metric.Value);

        public override void EndAggregate() => Out.Write("/>\n");

        public override void End() => Out.Write("</VMAF>\n");

        /// <summary>A segment log's <c>segment</c> element (see <see cref="LogSegment"/>), its models as children.</summary>
        private void Segment(LogSegment segment)
        {
            Out.Write("  <segment start=\"");
            Int(segment.Start);
            Out.Write("\" end=\"");
            Int(segment.End);
            Out.Write("\" last=\"");
            Out.Write(segment.Last ? "true" : "false");
            Out.Write("\" width=\"");
            Int(segment.Width);
            Out.Write("\" height=\"");
            Int(segment.Height);
            Out.Write("\" precision=\"");
            Escaped(Precision.ToString());
            Out.Write("\" reference=\"");
            Escaped(segment.Reference);
            Out.Write("\" distorted=\"");
            Escaped(segment.Distorted);
            if (segment.ReferenceFile is { } referenceFile)
            {
                Out.Write("\" reference_file=\"");
                Escaped(referenceFile.ToString());
            }

            if (segment.DistortedFile is { } distortedFile)
            {
                Out.Write("\" distorted_file=\"");
                Escaped(distortedFile.ToString());
            }

            Out.Write("\" settings=\"");
            Escaped(segment.Settings);
            Out.Write("\">\n");
            foreach (LogSegmentModel model in segment.Models)
            {
                Out.Write("    <model key=\"");
                Escaped(model.Key);
                Out.Write("\" label=\"");
                Escaped(model.Label);
                Out.Write("\" />\n");
            }

            Out.Write("  </segment>\n");
        }

        /// <summary>Writes <c>name="value" </c> (with the trailing space libvmaf writes).</summary>
        private void Attribute(string name, double value)
        {
            Escaped(name);
            Out.Write("=\"");
            Number(value);
            Out.Write("\" ");
        }

        /// <summary>Writes text with XML's special characters escaped; libvmaf's names contain none, so the bytes agree.</summary>
        private void Escaped(string value)
        {
            foreach (char c in value)
            {
                switch (c)
                {
                    case '&':
                        Out.Write("&amp;");
                        break;
                    case '<':
                        Out.Write("&lt;");
                        break;
                    case '>':
                        Out.Write("&gt;");
                        break;
                    case '"':
                        Out.Write("&quot;");
                        break;
                    case '\n' or '\r' or '\t':
                        Out.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"&#{(int)c};")); // kept through attribute normalisation
                        break;
                    case < ' ' or '\uFFFE' or '\uFFFF':
                        // No XML 1.0 character (a file name may hold one): a reference, which LogReader reads back.
                        Out.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"&#{(int)c};"));
                        break;
                    default:
                        Out.Write(c);
                        break;
                }
            }
        }
    }
}
