using System.Runtime.InteropServices;

namespace VmafTiny.Native;

/// <summary>The C API: pictures (<c>libvmaf/picture.h</c>).</summary>
internal static unsafe partial class Exports
{
    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_picture_alloc")]
    public static int PictureAlloc(VmafPicture* pic, int pixelFormat, uint bitDepth, uint width, uint height)
    {
        const string F = "vmaf_picture_alloc";
        try
        {
            if (pic is null)
            {
                return Errors.Null;
            }

            if (PictureMemory.Problem(pixelFormat, bitDepth, width, height) is { } problem)
            {
                return Errors.Invalid(F, problem);
            }

            PictureMemory.Alloc(pic, pixelFormat, bitDepth, width, height);
            return 0;
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "vt_vmaf_picture_unref")]
    public static int PictureUnref(VmafPicture* pic)
    {
        const string F = "vmaf_picture_unref";
        try
        {
            if (pic is null || pic->Ref is null)
            {
                return Errors.Null;
            }

            return PictureMemory.Unref(pic) == 0 ? 0 : Errors.Invalid(F, "not a picture of vmaf_picture_alloc (or already released)");
        }
        catch (Exception e)
        {
            return Errors.From(F, e);
        }
    }
}
