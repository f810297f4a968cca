namespace VmafTiny.Score.Logs;

/// <summary>libvmaf's CSV log layout: per-frame values only, no pooled values.</summary>
/// <remarks>
/// Port of the layout of <c>output.c: vmaf_write_output_csv</c> (libvmaf f85a8536): a header
/// <c>Frame,key,...,</c> and one row <c>n,value,...,</c> per frame, every field followed by a comma, lines ended by
/// "\n". Frames without metrics are left out. One deliberate difference: libvmaf writes a frame's values one after
/// another, so a frame missing a metric shifts the later ones into the wrong columns; here each value goes in its
/// own column and a missing one leaves the field empty. For frames that have every metric the bytes are the same.
/// </remarks>
public static class CsvLogWriter
{
    /// <summary>Writes <paramref name="log"/> as CSV.</summary>
    public static void Write(VmafLog log, TextWriter writer, LogPrecision precision = default) =>
        LogWriter.Write(log, writer, LogFormat.Csv, precision);

    /// <summary>The CSV callbacks of the log walk: a frame's values are collected by column, then written as one row.</summary>
    internal sealed class Format(TextWriter writer, LogPrecision precision) : LogFormatWriter(writer, precision)
    {
        private Dictionary<string, int> _columns = [];
        private double[] _row = [];
        private bool[] _present = [];

        public override void BeginFrames(VmafLog log)
        {
            IReadOnlyList<string> keys = log.MetricKeys;
            _columns = new Dictionary<string, int>(keys.Count, StringComparer.Ordinal);
            Out.Write("Frame,");
            for (int i = 0; i < keys.Count; i++)
            {
                _columns[keys[i]] = i;
                Out.Write(keys[i]);
                Out.Write(',');
            }

            Out.Write('\n');
            _row = new double[keys.Count];
            _present = new bool[keys.Count];
        }

        public override void BeginFrame(LogFrame frame, bool first)
        {
            Int(frame.FrameNumber);
            Out.Write(',');
            Array.Clear(_present);
        }

        public override void Metric(LogMetric metric, int index, int count)
        {
            int column = _columns[metric.Key];
            _row[column] = metric.Value;
            _present[column] = true;
        }

        public override void EndFrame(LogFrame frame)
        {
            for (int c = 0; c < _row.Length; c++)
            {
                if (_present[c])
                {
                    Number(_row[c]);
                }

                Out.Write(',');
            }

            Out.Write('\n');
        }
    }
}
