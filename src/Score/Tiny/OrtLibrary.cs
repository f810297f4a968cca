using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace VmafTiny.Score.Tiny;

/// <summary>
/// Where ONNX Runtime's native library comes from. Normally ORT's own resolver and the application's deps.json find
/// <c>libonnxruntime.so</c>; in the one-file native CLI it is loaded from the bundle (<see cref="NativeBundle"/>).
/// Called before any ORT type is touched, so ONNX Runtime is loaded only when an ONNX model is used.
/// </summary>
internal static class OrtLibrary
{
    private const string BundledFile = "libonnxruntime.so";
    private static int s_configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref s_configured, 1) == 1 || !NativeBundle.IsActive)
        {
            return;
        }

        OrtEnv.DisableDllImportResolver = true;
        NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, static (name, _, _) =>
            name is "onnxruntime" or "libonnxruntime" or BundledFile && NativeBundle.TryLoad(BundledFile, out nint handle) ? handle : nint.Zero);
    }
}
