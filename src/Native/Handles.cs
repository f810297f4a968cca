using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace VmafTiny.Native;

/// <summary>
/// The opaque pointers the C API hands out (<c>VmafContext *</c>, <c>VmafModel *</c>, <c>VmafFeatureDictionary *</c>,
/// a picture pool): each is a small native allocation that C code never reads, mapped to the managed object it
/// stands for. A pointer that is not in the table (NULL, freed, or never ours) is found to be so instead of being
/// dereferenced, so a double close or a stale pointer is an error, not a crash. Being malloc'ed, a handle the caller
/// never closes shows up in valgrind's and ASan's leak reports, as libvmaf's own would.
/// </summary>
/// <typeparam name="T">The managed object behind each handle.</typeparam>
internal sealed unsafe class HandleTable<T>
    where T : class
{
    private readonly ConcurrentDictionary<nint, T> _objects = new();

    /// <summary>A new handle for <paramref name="value"/>.</summary>
    public nint Add(T value)
    {
        nint handle = (nint)NativeMemory.AllocZeroed(16);
        _objects[handle] = value;
        return handle;
    }

    /// <summary>The object behind <paramref name="handle"/>, or null when it is not a live handle of this table.</summary>
    public T? Get(nint handle) => handle != 0 && _objects.TryGetValue(handle, out T? value) ? value : null;

    /// <summary>Ends <paramref name="handle"/> (freeing its allocation) and returns its object, or null when it was not live.</summary>
    public T? Remove(nint handle)
    {
        if (handle == 0 || !_objects.TryRemove(handle, out T? value))
        {
            return null;
        }

        NativeMemory.Free((void*)handle);
        return value;
    }
}

/// <summary>The handle tables of the C API.</summary>
internal static class Handles
{
    /// <summary><c>VmafContext *</c>.</summary>
    public static readonly HandleTable<Context> Contexts = new();

    /// <summary><c>VmafModel *</c>.</summary>
    public static readonly HandleTable<NativeModel> Models = new();

    /// <summary><c>VmafFeatureDictionary *</c>.</summary>
    public static readonly HandleTable<FeatureDictionary> Dictionaries = new();

    /// <summary>Picture pools (<c>vmaf_preallocate_pictures</c>); a pooled picture's block names its pool.</summary>
    public static readonly HandleTable<PicturePool> Pools = new();
}
