using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VmafTiny.Native;

/// <summary>
/// The C API, one <see cref="UnmanagedCallersOnlyAttribute"/> export per libvmaf function, named <c>vt_</c> + libvmaf's name:
/// the C front (native/libvmaf/src/vt_forward.c) forwards libvmaf's symbol to it, passing structs by pointer. Every export
/// catches every exception (<see cref="Errors"/>): a failure is a negative errno and one log line, never an unwinding
/// into C. This part: the library and the context.
/// </summary>
internal static unsafe partial class Exports
{
    /// <summary>
    /// Called by the C front right after it loads this library: the folder it is in (for ONNX Runtime) and the
    /// front's ABI version. Returns this library's ABI version, which the front checks.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "vt_bridge_attach")]
    public static int Attach(byte* directory, int frontAbi)
    {
        try
        {
            if (frontAbi == Bridge.FrontAbi)
            {
                Bridge.Attach(Utf8(directory));
            }

            return Bridge.FrontAbi;
        }
        catch (Exception e)
        {
            return Errors.From("vmaf-tiny", e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_version")]
    public static byte* Version()
    {
        try
        {
            return Bridge.VersionUtf8;
        }
        catch (Exception)
        {
            return null;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_init")]
    public static int Init(nint* vmaf, VmafConfiguration* cfg)
    {
        const string F = "vmaf_init";
        try
        {
            if (vmaf is null || cfg is null)
            {
                return Errors.Null;
            }

            *vmaf = 0;
            *vmaf = Handles.Contexts.Add(new Context(*cfg));
            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_close")]
    public static int Close(nint vmaf)
    {
        const string F = "vmaf_close";
        try
        {
            if (Handles.Contexts.Remove(vmaf) is not { } context)
            {
                return vmaf == 0 ? Errors.Null : Errors.Invalid(F, "not an open VmafContext (closed twice?)");
            }

            lock (context.Gate)
            {
                context.Dispose();
            }

            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_read_pictures")]
    public static int ReadPictures(nint vmaf, VmafPicture* reference, VmafPicture* distorted, uint index)
    {
        const string F = "vmaf_read_pictures";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            lock (context.Gate)
            {
                if (reference is null && distorted is null)
                {
                    return context.Flush(F);
                }

                if (reference is null || distorted is null)
                {
                    return Errors.Invalid(F, "a reference picture without a distorted one, or the reverse (both NULL flushes)");
                }

                return context.Read(reference, distorted, index, F);
            }
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_preallocate_pictures")]
    public static int PreallocatePictures(nint vmaf, VmafPictureConfiguration* cfg)
    {
        const string F = "vmaf_preallocate_pictures";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            if (cfg is null)
            {
                return Errors.Null;
            }

            lock (context.Gate)
            {
                return context.Preallocate(*cfg, F);
            }
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_fetch_preallocated_picture")]
    public static int FetchPreallocatedPicture(nint vmaf, VmafPicture* pic)
    {
        const string F = "vmaf_fetch_preallocated_picture";
        try
        {
            if (Handles.Contexts.Get(vmaf) is not { } context)
            {
                return NoContext(F, vmaf);
            }

            if (pic is null)
            {
                return Errors.Null;
            }

            if (context.Pool is not { } pool)
            {
                return Errors.Invalid(F, "no pictures were preallocated (call vmaf_preallocate_pictures first)");
            }

            pool.Fetch(pic);
            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    /// <summary>−EINVAL for a context pointer that is not live: silent for NULL (as libvmaf), logged otherwise.</summary>
    private static int NoContext(string function, nint vmaf) =>
        vmaf == 0 ? Errors.Null : Errors.Invalid(function, "not an open VmafContext");

    /// <summary>A NUL-terminated UTF-8 string, or null.</summary>
    private static string? Utf8(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);
}
