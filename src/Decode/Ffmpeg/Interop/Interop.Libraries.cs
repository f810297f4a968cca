namespace VmafTiny.Decode.Ffmpeg;

/// <summary>Native imports, one nested class per group of functions (dotnet/runtime's interop layout).</summary>
internal static partial class Interop
{
    /// <summary>Names of the native libraries this assembly calls.</summary>
    internal static class Libraries
    {
        /// <summary>libvtshim.so: the thin C shim over FFmpeg built from native/shim.</summary>
        internal const string Shim = "vtshim";
    }
}
