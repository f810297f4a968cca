using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VmafTiny.Features;

/// <summary>
/// Which instruction-set path the feature kernels run: the CPU's and runtime's support, a ceiling from the
/// caller (API option, then the CLI's <c>--cpu</c>), then the environment variable <c>VMAF_TINY_CPU</c>.
/// Asking for a path the CPU lacks is an error, never a silent fallback; <see cref="CpuPath.Auto"/> takes the
/// best supported path.
/// </summary>
public static class CpuDispatch
{
    /// <summary>The environment variable read when no explicit path is given.</summary>
    public const string EnvironmentVariable = "VMAF_TINY_CPU";

    /// <summary>
    /// The best path this process can run. AVX-512 only when the runtime also prefers 512-bit vectors
    /// (<see cref="Vector512.IsHardwareAccelerated"/>), as ImageSharp checks; a forced avx512 needs only the ISA bits.
    /// </summary>
    public static CpuPath Best =>
        IsSupported(CpuPath.Avx512) && Vector512.IsHardwareAccelerated ? CpuPath.Avx512
        : IsSupported(CpuPath.Avx2) ? CpuPath.Avx2
        : CpuPath.Scalar;

    /// <summary>
    /// True on an AMD CPU (CPUID vendor "AuthenticAMD"): a kernel whose faster instruction mix differs between AMD's and
    /// Intel's cores picks by it (both mixes give the same values).
    /// </summary>
    internal static bool IsAmd { get; } = X86Base.IsSupported && Vendor() == "AuthenticAMD";

    /// <summary>True when this CPU and runtime can run <paramref name="path"/>.</summary>
    public static bool IsSupported(CpuPath path) => path switch
    {
        CpuPath.Auto or CpuPath.Scalar => true,
        CpuPath.Avx2 => Avx2.IsSupported,
        CpuPath.Avx512 => Avx512F.IsSupported && Avx512BW.IsSupported,
        _ => false,
    };

    /// <summary>
    /// Resolves a requested ceiling to a concrete path (never <see cref="CpuPath.Auto"/>): an explicit request is
    /// checked; Auto consults <see cref="EnvironmentVariable"/>, then takes <see cref="Best"/>.
    /// </summary>
    /// <exception cref="VmafTinyException">The path (or the environment's) is unknown or unsupported here.</exception>
    public static CpuPath Resolve(CpuPath requested)
    {
        string source = "requested";
        if (requested == CpuPath.Auto)
        {
            string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(env))
            {
                return Best;
            }

            requested = Parse(env, $"{EnvironmentVariable}={env}");
            source = $"{EnvironmentVariable}={env} asks for";
            if (requested == CpuPath.Auto)
            {
                return Best;
            }
        }

        return IsSupported(requested)
            ? requested
            : throw new VmafTinyException($"{source} the {Name(requested)} path, which this CPU or runtime does not support (best here: {Name(Best)})");
    }

    /// <summary>Parses "auto", "scalar", "avx2" or "avx512" (case-insensitive).</summary>
    /// <exception cref="VmafTinyException">Anything else; <paramref name="what"/> names the setting in the message.</exception>
    public static CpuPath Parse(string text, string what) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => CpuPath.Auto,
        "scalar" => CpuPath.Scalar,
        "avx2" => CpuPath.Avx2,
        "avx512" => CpuPath.Avx512,
        _ => throw new VmafTinyException($"{what}: unknown CPU path (use auto, scalar, avx2 or avx512)"),
    };

    /// <summary>
    /// The ceiling libvmaf's <c>--cpumask</c> (<c>VmafConfiguration.cpumask</c>) sets: each set bit switches an x86
    /// instruction set off (libvmaf's <c>x86/cpu.h</c>: 1 SSE2, 2 SSSE3, 4 SSE4.1, 8 AVX2, 16 AVX-512, 32 AVX-512 ICL).
    /// The AVX2 bit (8) leaves the scalar path (libvmaf's plain C: <c>--cpumask 24</c> is how its references are made);
    /// the AVX-512 bit (16) leaves AVX2 at most; the other bits touch no path vmaf-tiny has and change nothing.
    /// </summary>
    /// <remarks>A mask only switches paths off, as libvmaf's does: on a CPU without AVX2, the AVX-512 bit leaves scalar.</remarks>
    public static CpuPath FromLibvmafCpuMask(uint mask) =>
        (mask & 8) != 0 ? CpuPath.Scalar
        : (mask & 16) != 0 ? (IsSupported(CpuPath.Avx2) ? CpuPath.Avx2 : CpuPath.Scalar)
        : CpuPath.Auto;

    /// <summary>The path's name as the CLI spells it.</summary>
    public static string Name(CpuPath path) => path.ToString().ToLowerInvariant();

    /// <summary>The CPUID vendor string (leaf 0: EBX, EDX, ECX).</summary>
    private static string Vendor()
    {
        (_, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
        Span<byte> text = stackalloc byte[12];
        BitConverter.TryWriteBytes(text, ebx);
        BitConverter.TryWriteBytes(text[4..], edx);
        BitConverter.TryWriteBytes(text[8..], ecx);
        return System.Text.Encoding.ASCII.GetString(text);
    }
}
