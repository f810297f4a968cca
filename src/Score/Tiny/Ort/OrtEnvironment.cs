using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmafTiny.Score.Tiny.Ort;

/// <summary>
/// ONNX Runtime's process-wide state: its environment (<c>OrtEnv</c>), created once with a logging function, and the
/// CPU memory description that tensors over our buffers carry. Both live as long as the process (the environment
/// must outlive every session, and ONNX Runtime shares one per process anyway).
/// </summary>
/// <remarks>
/// Without a logging function ONNX Runtime writes its warnings and errors to stderr, colour-coded and multi-line. The
/// function here (<see cref="Log"/>) keeps the last message (<see cref="LastMessage"/>: the detail for an error whose
/// status says too little) and prints nothing.
/// </remarks>
internal static unsafe class OrtEnvironment
{
    private const string LogId = "vmaf-tiny";

    private static readonly object Gate = new();
    private static nint s_env;
    private static nint s_cpuMemory;
    private static volatile string? s_last;

    /// <summary>The last message ONNX Runtime logged at warning level or above, on one line, or null.</summary>
    public static string? LastMessage => s_last;

    /// <summary>The environment (<c>OrtEnv*</c>), created on first use.</summary>
    /// <exception cref="VmafTinyException">ONNX Runtime's library cannot be loaded.</exception>
    /// <exception cref="OrtException">ONNX Runtime refuses to create it.</exception>
    public static nint Handle
    {
        get
        {
            nint env = Volatile.Read(ref s_env);
            return env != nint.Zero ? env : Create();
        }
    }

    /// <summary>
    /// CPU memory (<c>OrtMemoryInfo*</c>: device allocator, CPU memory type, as ONNX Runtime's .NET API describes
    /// caller-owned buffers), created on first use.
    /// </summary>
    public static nint CpuMemory
    {
        get
        {
            nint info = Volatile.Read(ref s_cpuMemory);
            if (info != nint.Zero)
            {
                return info;
            }

            lock (Gate)
            {
                if (s_cpuMemory == nint.Zero)
                {
                    nint created;
                    OrtException.Check(OrtApi.CreateCpuMemoryInfo(OrtAllocatorType.Device, OrtMemType.Cpu, &created));
                    Volatile.Write(ref s_cpuMemory, created);
                }

                return s_cpuMemory;
            }
        }
    }

    /// <summary>The execution providers this ONNX Runtime build offers.</summary>
    public static string[] AvailableProviders()
    {
        _ = Handle;
        byte** names;
        int count;
        OrtException.Check(OrtApi.GetAvailableProviders(&names, &count));
        try
        {
            var providers = new string[count];
            for (var i = 0; i < count; i++)
            {
                providers[i] = OrtUtf8.ToString(names[i]) ?? string.Empty;
            }

            return providers;
        }
        finally
        {
            OrtException.Check(OrtApi.ReleaseAvailableProviders(names, count));
        }
    }

    private static nint Create()
    {
        lock (Gate)
        {
            if (s_env != nint.Zero)
            {
                return s_env;
            }

            OrtApi.EnsureLoaded();
            nint env;
            fixed (byte* logId = OrtUtf8.Z(LogId))
            {
                // If the process has an environment already (a host that uses ONNX Runtime itself), ONNX Runtime hands
                // back that one, with its own logger; it stands.
                OrtException.Check(OrtApi.CreateEnvWithCustomLogger(&Log, nint.Zero, OrtLoggingLevel.Warning, logId, &env));
            }

            Volatile.Write(ref s_env, env);
            return env;
        }
    }

    /// <summary>ONNX Runtime's <c>OrtLoggingFunction</c>; called on ONNX Runtime's threads, so it never throws.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Log(nint param, OrtLoggingLevel severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        try
        {
            if (severity >= OrtLoggingLevel.Warning && OrtUtf8.ToString(message) is { } text)
            {
                s_last = Printable.Escape(text.ReplaceLineEndings(" ").Trim());
            }
        }
        catch
        {
            // Nothing may unwind into ONNX Runtime; a message lost is only a detail lost.
        }
    }
}
