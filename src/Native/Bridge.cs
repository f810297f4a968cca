using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VmafTiny.Score.Tiny.Ort;

namespace VmafTiny.Native;

/// <summary>
/// The library as a whole: its version strings, the x86-64 level it was compiled for, and where it was loaded from,
/// which the C front (native/libvmaf) tells it once, right after loading it (<see cref="Exports.Attach"/>), so ONNX
/// Runtime is found beside it.
/// </summary>
internal static unsafe class Bridge
{
    /// <summary>The version of the interface between the C front and this library; both must agree.</summary>
    public const int FrontAbi = 1;

    /// <summary>The libvmaf API this library serves.</summary>
    public const string ApiVersion = "3.2.0";

    private static readonly object Gate = new();
    private static byte* s_versionUtf8;
    private static string? s_directory;

    /// <summary>What <c>vmaf_version()</c> returns and logs carry, e.g. "vmaf-tiny 0.1.0" (the CLI's logs say the same).</summary>
    public static string Version { get; } = $"vmaf-tiny {typeof(Bridge).Assembly.GetName().Version?.ToString(3) ?? "0"}";

    /// <summary>
    /// The build this code runs in: NativeAOT compiles the instruction-set checks as constants of its target level,
    /// so they say which of the per-level libraries this is.
    /// </summary>
    public static string BuildDescription =>
        Avx512BW.IsSupported && Vector512.IsHardwareAccelerated ? "x86-64-v4 build (AVX-512)"
        : Avx512BW.IsSupported ? "x86-64-v4 build (AVX-512, 512-bit vectors not preferred)"
        : Avx2.IsSupported ? "x86-64-v3 build (AVX2)"
        : "baseline build (no AVX2)";

    /// <summary><see cref="Version"/> as a NUL-terminated UTF-8 string that lives as long as the process.</summary>
    public static byte* VersionUtf8
    {
        get
        {
            if (s_versionUtf8 is null)
            {
                lock (Gate)
                {
                    if (s_versionUtf8 is null)
                    {
                        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(Version + "\0");
                        var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
                        bytes.CopyTo(new Span<byte>(p, bytes.Length));
                        s_versionUtf8 = p;
                    }
                }
            }

            return s_versionUtf8;
        }
    }

    /// <summary>
    /// Takes the folder the library was loaded from and points ONNX Runtime's loader at <c>libonnxruntime.so</c> in
    /// it (ORT is loaded only when an ONNX model is used).
    /// </summary>
    public static void Attach(string? directory)
    {
        lock (Gate)
        {
            if (s_directory is not null || string.IsNullOrEmpty(directory))
            {
                return;
            }

            s_directory = directory;
            OrtLibrary.UseDirectory(directory);
        }
    }
}
