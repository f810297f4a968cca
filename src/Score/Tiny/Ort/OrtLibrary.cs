using System.Runtime.InteropServices;

namespace VmafTiny.Score.Tiny.Ort;

/// <summary>
/// Finds and loads ONNX Runtime's native library, <c>libonnxruntime.so</c>, once per process and only when an ONNX
/// model is used. Where from, in order: the folder the NativeAOT C library was loaded from (<see cref="UseDirectory"/>);
/// the one-file native CLI's bundle (<see cref="NativeBundle"/>); <c>runtimes/linux-x64/native/</c> in the
/// application's folder (the CLI, the .NET tool, the tests); the application's deps.json and the default probing (an
/// application that references the VmafTiny package).
/// </summary>
/// <remarks>
/// The library is loaded explicitly and its one entry point, <c>OrtGetApiBase</c>, read with
/// <see cref="NativeLibrary.GetExport"/> (<see cref="OrtApi"/>): there is no P/Invoke declaration, hence no import
/// resolver and no marshalling stub.
/// </remarks>
internal static class OrtLibrary
{
    /// <summary>The file name of ONNX Runtime's library.</summary>
    public const string FileName = "libonnxruntime.so";

    private static readonly object Gate = new();
    private static string? s_directory;
    private static nint s_handle;
    private static bool s_telemetryChecked;

    /// <summary>
    /// Makes <paramref name="directory"/> the first place to look (the NativeAOT C library ships ONNX Runtime beside
    /// itself); takes effect if the library is not loaded yet.
    /// </summary>
    public static void UseDirectory(string directory)
    {
        lock (Gate)
        {
            s_directory ??= directory;
        }
    }

    /// <summary>Whether this process has loaded the library (an ONNX model was used).</summary>
    public static bool IsLoaded => Volatile.Read(ref s_handle) != nint.Zero;

    /// <summary>The loaded library's handle (loaded on first use; never unloaded).</summary>
    /// <exception cref="VmafTinyException">The library is nowhere to be found or cannot be loaded.</exception>
    public static nint Handle
    {
        get
        {
            nint handle = Volatile.Read(ref s_handle);
            return handle != nint.Zero ? handle : Load();
        }
    }

    private static nint Load()
    {
        lock (Gate)
        {
            if (s_handle != nint.Zero)
            {
                return s_handle;
            }

            DisableTelemetry();
            nint handle = Find(out string? error);
            if (handle == nint.Zero)
            {
                throw new VmafTinyException($"cannot load {FileName}, ONNX Runtime's library, which .onnx models need ({error})");
            }

            Volatile.Write(ref s_handle, handle);
            return handle;
        }
    }

    /// <summary>The environment variable that switches off ONNX Runtime's telemetry on Linux (read when it starts).</summary>
    public const string TelemetryVariable = "ORT_DISABLE_TELEMETRY";

    /// <summary>
    /// Sets <see cref="TelemetryVariable"/> to 1 in the process's C environment unless it is set already (a value the user
    /// chose is kept). ONNX Runtime 1.31's Linux build has telemetry on by default: its first environment writes a device
    /// identifier and an event cache (a SQLite database that grows with every run) under
    /// <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c> and uploads events to Microsoft. A quality-metric tool must
    /// neither write files it was not asked to write nor send anything anywhere. The variable has to be in the C
    /// environment (<c>setenv</c>: .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/> keeps its own
    /// copy on Linux) before ONNX Runtime's environment is created; this runs once, before the library is loaded.
    /// </summary>
    /// <remarks>
    /// Runs at most once. <c>setenv</c> must not race another thread's <c>getenv</c> (glibc), so a caller about to load
    /// the library on another thread calls this first, on its own thread (<c>OnnxScorer</c>'s background load does).
    /// </remarks>
    internal static unsafe void DisableTelemetry()
    {
        lock (Gate)
        {
            if (s_telemetryChecked)
            {
                return;
            }

            s_telemetryChecked = true;
            if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "setenv", out nint setenv))
            {
                return;
            }

            fixed (byte* name = "ORT_DISABLE_TELEMETRY\0"u8, value = "1\0"u8)
            {
                _ = ((delegate* unmanaged[Cdecl]<byte*, byte*, int, int>)setenv)(name, value, 0);
            }
        }
    }

    private static nint Find(out string? error)
    {
        error = null;
        if (s_directory is { } directory)
        {
            string path = Path.Combine(directory, FileName);
            if (TryLoad(path, ref error, out nint beside))
            {
                return beside;
            }
        }

        // The one-file native CLI carries the library inside itself.
        if (NativeBundle.TryLoad(FileName, out nint bundled))
        {
            return bundled;
        }

        // Where this project's outputs put it: the application's folder (also a tool's or a test host's).
        string folder = AppContext.BaseDirectory;
        if (TryLoadFile(Path.Combine(folder, "runtimes/linux-x64/native", FileName), ref error, out nint handle)
            || TryLoadFile(Path.Combine(folder, FileName), ref error, out handle))
        {
            return handle;
        }

        // A package reference: the application's deps.json lists it, and the default probing finds it.
        if (NativeLibrary.TryLoad("onnxruntime", typeof(OrtLibrary).Assembly, null, out nint probed))
        {
            return probed;
        }

        error ??= $"not in {Path.Combine(folder, "runtimes/linux-x64/native")}, beside the application or on the library path";
        return nint.Zero;
    }

    private static bool TryLoadFile(string path, ref string? error, out nint handle)
    {
        handle = nint.Zero;
        return File.Exists(path) && TryLoad(path, ref error, out handle);
    }

    private static bool TryLoad(string path, ref string? error, out nint handle)
    {
        try
        {
            handle = NativeLibrary.Load(path);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            error ??= Reason(e.Message);
            handle = nint.Zero;
            return false;
        }
    }

    /// <summary>The loader's own reason: the last line of the runtime's message (the first is generic advice).</summary>
    private static string Reason(string message)
    {
        string[] lines = message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no reason given" : Printable.Escape(lines[^1].TrimEnd('.', ' '));
    }
}
