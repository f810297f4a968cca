using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace VmafTiny.Decode.Ffmpeg;

/// <summary>
/// Finds and checks libvtshim.so once per process: <c>runtimes/linux-x64/native/</c> next to the application,
/// the application's deps.json (a package reference), or the file named by <c>VMAF_TINY_SHIM</c>; then compares its ABI version with ours.
/// </summary>
internal static class ShimLibrary
{
    /// <summary>Overrides the library location (a full path to libvtshim.so).</summary>
    public const string PathVariable = "VMAF_TINY_SHIM";

    private const string FileName = "libvtshim.so";
    private static readonly Lazy<string?> LoadError = new(Load);

    /// <summary>Loads and checks the library, or throws a one-line <see cref="VmafTinyException"/>.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error)
        {
            throw new VmafTinyException(error);
        }
    }

    /// <summary>The last error text of <paramref name="decoder"/>.</summary>
    public static unsafe string LastError(SafeDecoderHandle decoder)
    {
        byte* buffer = stackalloc byte[512];
        int n = Interop.Decoder.LastError(decoder, buffer, 512);
        return Encoding.UTF8.GetString(buffer, Math.Clamp(n, 0, 511));
    }

    /// <summary>The last failed open or scaler creation on this thread.</summary>
    public static unsafe string LastThreadError()
    {
        byte* buffer = stackalloc byte[512];
        int n = Interop.Decoder.LastThreadError(nint.Zero, buffer, 512);
        return Encoding.UTF8.GetString(buffer, Math.Clamp(n, 0, 511));
    }

    private static string? Load()
    {
        NativeLibrary.SetDllImportResolver(typeof(ShimLibrary).Assembly, Resolve);
        int version;
        try
        {
            version = Interop.Decoder.GetAbiVersion();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return $"cannot load {FileName}, the FFmpeg decoding shim ({FirstLine(e.Message)}); build it with ./build.sh, " +
                   "which installs FFmpeg's libraries";
        }

        return version == Interop.Decoder.AbiVersion
            ? null
            : $"{FileName} has ABI version {version}, this build expects {Interop.Decoder.AbiVersion}: rebuild with ./build.sh";
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Interop.Libraries.Shim)
        {
            return nint.Zero;
        }

        // The one-file native CLI carries the library inside itself.
        if (NativeBundle.TryLoad(FileName, out nint bundled))
        {
            return bundled;
        }

        foreach (string candidate in Candidates())
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out nint handle))
            {
                return handle;
            }
        }

        // Leave it to the default probing, whose exception names what went wrong.
        return nint.Zero;
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } overridePath)
        {
            yield return overridePath;
        }

        // The application's folder (also a tool's, a test host's, a single-file app's); an application that
        // references the package finds the library through its deps.json, by the default probing.
        string folder = AppContext.BaseDirectory;
        yield return Path.Combine(folder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", FileName);
        yield return Path.Combine(folder, "runtimes", "linux-x64", "native", FileName);
        yield return Path.Combine(folder, FileName);
    }

    private static string FirstLine(string s)
    {
        int end = s.IndexOfAny(['\r', '\n']);
        return (end < 0 ? s : s[..end]).TrimEnd('.', ' ');
    }
}
