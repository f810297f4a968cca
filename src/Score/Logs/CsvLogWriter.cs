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
    public static void Write(VmafLog log, TextWriter writer, LogPrecision precision = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(writer);
        char[] buffer = new char[LogNumber.MaxLength];
        IReadOnlyList<string> keys = log.MetricKeys;

        writer.Write("Frame,");
        foreach (string key in keys)
        {
            writer.Write(key);
            writer.Write(',');
        }

        writer.Write('\n');

        Dictionary<string, int>? columns = null;
        double[]? row = null;
        bool[]? present = null;
        foreach (LogFrame frame in log.Frames)
        {
            IReadOnlyList<LogMetric> metrics = frame.Metrics;
            if (metrics.Count == 0)
            {
                continue;
            }

            LogWriter.WriteInt(writer, frame.FrameNumber, buffer);
            writer.Write(',');
            if (InColumnOrder(metrics, keys))
            {
                foreach (LogMetric metric in metrics)
                {
                    LogWriter.WriteNumber(writer, metric.Value, precision, buffer);
                    writer.Write(',');
                }
            }
            else
            {
                // A frame with fewer metrics or another order: put each value in its own column.
                columns ??= keys.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
                row ??= new double[keys.Count];
                present ??= new bool[keys.Count];
                Array.Clear(present);
                foreach (LogMetric metric in metrics)
                {
                    int c = columns[metric.Key];
                    row[c] = metric.Value;
                    present[c] = true;
                }

                for (int c = 0; c < keys.Count; c++)
                {
                    if (present[c])
                    {
                        LogWriter.WriteNumber(writer, row[c], precision, buffer);
                    }

                    writer.Write(',');
                }
            }

            writer.Write('\n');
        }
    }

    private static bool InColumnOrder(IReadOnlyList<LogMetric> metrics, IReadOnlyList<string> keys)
    {
        if (metrics.Count != keys.Count)
        {
            return false;
        }

        for (int i = 0; i < metrics.Count; i++)
        {
            if (!string.Equals(metrics[i].Key, keys[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
