using Microsoft.Win32.SafeHandles;

namespace VmafTiny.Score.Tiny.Ort;

/// <summary>
/// An <c>OrtSessionOptions*</c>: how a session is built. ONNX Runtime copies the options into the session it creates,
/// so they can be released right after (<see cref="OrtSession.Create"/>).
/// </summary>
internal sealed unsafe class OrtSessionOptions : SafeHandleZeroOrMinusOneIsInvalid
{
    private OrtSessionOptions()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Options with ONNX Runtime's defaults.</summary>
    public static OrtSessionOptions Create()
    {
        OrtApi.EnsureLoaded();
        var options = new OrtSessionOptions();
        nint created;
        OrtException.Check(OrtApi.CreateSessionOptions(&created));
        options.SetHandle(created);
        return options;
    }

    /// <summary>Threads of the intra-op pool (1: the caller's thread only).</summary>
    public OrtSessionOptions IntraOpThreads(int threads) => Apply(OrtApi.SetIntraOpNumThreads(handle, threads));

    /// <summary>Threads of the inter-op pool (used by <see cref="ExecutionMode.Parallel"/> only).</summary>
    public OrtSessionOptions InterOpThreads(int threads) => Apply(OrtApi.SetInterOpNumThreads(handle, threads));

    /// <summary>Sequential or parallel execution of the graph's nodes.</summary>
    public OrtSessionOptions Execution(ExecutionMode mode) => Apply(OrtApi.SetSessionExecutionMode(handle, mode));

    /// <summary>The graph optimisations ONNX Runtime applies when it loads the model.</summary>
    public OrtSessionOptions Optimization(GraphOptimizationLevel level) => Apply(OrtApi.SetSessionGraphOptimizationLevel(handle, level));

    /// <summary>The least severe level the session logs.</summary>
    public OrtSessionOptions LogSeverity(OrtLoggingLevel level) => Apply(OrtApi.SetSessionLogSeverityLevel(handle, (int)level));

    /// <summary>The session's name in ONNX Runtime's log.</summary>
    public OrtSessionOptions LogId(string id)
    {
        fixed (byte* p = OrtUtf8.Z(id))
        {
            return Apply(OrtApi.SetSessionLogId(handle, p));
        }
    }

    /// <summary>No arena for CPU memory: allocations go straight to the allocator and are freed when done.</summary>
    public OrtSessionOptions NoCpuMemArena() => Apply(OrtApi.DisableCpuMemArena(handle));

    /// <summary>No memory pattern: no planned, pre-allocated block per input shape.</summary>
    public OrtSessionOptions NoMemPattern() => Apply(OrtApi.DisableMemPattern(handle));

    /// <summary>A session configuration entry (onnxruntime_session_options_config_keys.h).</summary>
    public OrtSessionOptions ConfigEntry(string key, string value)
    {
        fixed (byte* k = OrtUtf8.Z(key))
        fixed (byte* v = OrtUtf8.Z(value))
        {
            return Apply(OrtApi.AddSessionConfigEntry(handle, k, v));
        }
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseSessionOptions(handle);
        return true;
    }

    private OrtSessionOptions Apply(nint status)
    {
        OrtException.Check(status);
        return this;
    }
}
