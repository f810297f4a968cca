using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace VmafTiny.Decode.Ffmpeg;

/// <summary>
/// Finds and checks libvtshim.so once per process: <c>runtimes/linux-x64/native/</c> next to the application
/// or this assembly, or the file named by <c>VMAF_TINY_SHIM</c>; then compares its ABI version with ours.
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

        foreach (string candidate in Candidates(assembly))
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out nint handle))
            {
                return handle;
            }
        }

        // Leave it to the default probing, whose exception names what went wrong.
        return nint.Zero;
    }

    private static IEnumerable<string> Candidates(Assembly assembly)
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } overridePath)
        {
            yield return overridePath;
        }

        string rid = RuntimeInformation.RuntimeIdentifier;
        var folders = new List<string> { AppContext.BaseDirectory };
        if (Path.GetDirectoryName(assembly.Location) is { Length: > 0 } assemblyFolder)
        {
            folders.Add(assemblyFolder);
        }

        foreach (string folder in folders)
        {
            yield return Path.Combine(folder, "runtimes", rid, "native", FileName);
            yield return Path.Combine(folder, "runtimes", "linux-x64", "native", FileName);
            yield return Path.Combine(folder, FileName);
        }
    }

    private static string FirstLine(string s)
    {
        int end = s.IndexOfAny(['\r', '\n']);
        return (end < 0 ? s : s[..end]).TrimEnd('.', ' ');
    }
}
