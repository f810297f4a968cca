namespace VmafTiny.Score.Logs;

/// <summary>
/// One log format as a set of callbacks that <see cref="LogWriter.Write"/> calls in a single walk over a
/// <see cref="VmafLog"/>: the header, each frame that has metrics and each of its metrics, each pooled metric,
/// each aggregate metric, the end. A format overrides only the parts it writes (CSV and SUB have no pooled
/// section), so a new metric or a new section never means editing several writers.
/// </summary>
/// <remarks>
/// The walk follows the traversal of libvmaf's <c>output.c</c> (libvmaf f85a8536): frames without any metric are
/// left out; metrics and pooled values come in the log's order.
/// </remarks>
internal abstract class LogFormatWriter(TextWriter writer, LogPrecision precision)
{
    private readonly char[] _buffer = new char[LogNumber.MaxLength];

    /// <summary>Where the log goes.</summary>
    protected TextWriter Out { get; } = writer;

    /// <summary>How numbers are printed.</summary>
    protected LogPrecision Precision { get; } = precision;

    /// <summary>Before everything: version, frame size, fps.</summary>
    public virtual void Begin(VmafLog log)
    {
    }

    /// <summary>Before the first frame (called even when there are none).</summary>
    public virtual void BeginFrames(VmafLog log)
    {
    }

    /// <summary>A frame that has at least one metric; <paramref name="first"/> for the first frame written.</summary>
    public virtual void BeginFrame(LogFrame frame, bool first)
    {
    }

    /// <summary>Metric <paramref name="index"/> of <paramref name="count"/> of the current frame.</summary>
    public virtual void Metric(LogMetric metric, int index, int count)
    {
    }

    /// <summary>After the current frame's metrics.</summary>
    public virtual void EndFrame(LogFrame frame)
    {
    }

    /// <summary>After the last frame.</summary>
    public virtual void EndFrames()
    {
    }

    /// <summary>Before the pooled metrics (called even when there are none).</summary>
    public virtual void BeginPooled()
    {
    }

    /// <summary>Pooled metric <paramref name="index"/>.</summary>
    public virtual void Pooled(PooledMetric pooled, int index)
    {
    }

    /// <summary>After the pooled metrics.</summary>
    public virtual void EndPooled()
    {
    }

    /// <summary>Before the aggregate metrics (called even when there are none).</summary>
    public virtual void BeginAggregate()
    {
    }

    /// <summary>Aggregate metric <paramref name="index"/> of <paramref name="count"/>.</summary>
    public virtual void Aggregate(LogMetric metric, int index, int count)
    {
    }

    /// <summary>After the aggregate metrics.</summary>
    public virtual void EndAggregate()
    {
    }

    /// <summary>After everything.</summary>
    public virtual void End()
    {
    }

    /// <summary>Writes a number (see <see cref="LogNumber.Format"/>).</summary>
    protected void Number(double value)
    {
        int n = LogNumber.Format(value, Precision, _buffer);
        Out.Write(_buffer, 0, n);
    }

    /// <summary>Writes <c>%.2f</c>, the format of libvmaf's fps at every precision.</summary>
    protected void Fps(double value)
    {
        int n = LogNumber.FormatFixed(value, 2, _buffer);
        Out.Write(_buffer, 0, n);
    }

    /// <summary>Writes an integer in invariant digits.</summary>
    protected void Int(long value)
    {
        value.TryFormat(_buffer, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        Out.Write(_buffer, 0, n);
    }
}
