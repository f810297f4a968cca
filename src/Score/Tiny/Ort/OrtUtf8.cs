using System.Runtime.InteropServices;
using System.Text;

namespace VmafTiny.Score.Tiny.Ort;

/// <summary>Strings across the C API: NUL-terminated UTF-8 both ways.</summary>
internal static unsafe class OrtUtf8
{
    /// <summary><paramref name="s"/> as UTF-8 with a terminating NUL, for a <c>const char*</c> argument (pin it with <c>fixed</c>).</summary>
    public static byte[] Z(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    /// <summary>The NUL-terminated UTF-8 string at <paramref name="p"/>, or null for a null pointer.</summary>
    public static string? ToString(byte* p) =>
        p == null ? null : Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p));
}
