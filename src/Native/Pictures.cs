using System.Runtime.InteropServices;

namespace VmafTiny.Native;

/// <summary>
/// What <c>VmafPicture.ref</c> (and <c>.priv</c>) point to for a picture of this library: a reference count and who
/// owns the samples (the picture's own aligned buffer, or a slot of a pool). The magic number lets
/// <c>vmaf_read_pictures</c> and <c>vmaf_picture_unref</c> refuse a struct that <c>vmaf_picture_alloc</c> did not fill.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PictureBlock
{
    /// <summary>"VTPICREF" in little-endian bytes.</summary>
    public const ulong Live = 0x4645524349505456;

    public ulong Magic;
    public long Count;
    public void* Buffer;
    public nint Pool;
    public int Slot;
}

/// <summary>
/// libvmaf's pictures (<c>src/picture.c</c>): planes in one buffer, rows padded to 32 samples exactly as libvmaf pads
/// them (so strides and plane sizes are libvmaf's), chroma planes of <c>w &gt;&gt; ss_hor</c> by <c>h &gt;&gt; ss_ver</c>,
/// zeroed; reference counted, released when the count reaches zero.
/// </summary>
internal static unsafe class PictureMemory
{
    /// <summary>libvmaf's row alignment, in samples.</summary>
    public const int RowAlign = 32;

    /// <summary>The buffer's alignment (a cache line; libvmaf's is 32 bytes).</summary>
    public const int BufferAlign = 64;

    /// <summary>Why a picture of this geometry cannot be allocated, or null.</summary>
    public static string? Problem(int pixelFormat, uint bitDepth, uint width, uint height)
    {
        if (pixelFormat is < Abi.Pix420 or > Abi.Pix400)
        {
            return $"unknown pixel format {pixelFormat} (use VMAF_PIX_FMT_YUV420P, 422P, 444P or 400P)";
        }

        if (bitDepth is < 8 or > 16)
        {
            return $"bit depth {bitDepth} is not 8 to 16";
        }

        if (width == 0 || height == 0)
        {
            return $"a picture of {width}x{height} has no samples";
        }

        return VideoFormat.SizeProblem(width, height);
    }

    /// <summary>
    /// <c>vmaf_picture_alloc</c>'s layout into <paramref name="pic"/>, with its planes at <paramref name="buffer"/> (null:
    /// only computes the size). Returns the buffer's size in bytes.
    /// </summary>
    public static long Layout(VmafPicture* pic, int pixelFormat, uint bitDepth, uint width, uint height, byte* buffer)
    {
        int ssHor = pixelFormat != Abi.Pix444 ? 1 : 0;
        int ssVer = pixelFormat == Abi.Pix420 ? 1 : 0;
        uint cw = pixelFormat == Abi.Pix400 ? 0 : width >> ssHor;
        uint ch = pixelFormat == Abi.Pix400 ? 0 : height >> ssVer;
        int hbd = bitDepth > 8 ? 1 : 0;
        long strideY = (long)((width + RowAlign - 1) & ~(uint)(RowAlign - 1)) << hbd;
        long strideC = (long)((cw + RowAlign - 1) & ~(uint)(RowAlign - 1)) << hbd;
        long ySize = strideY * height;
        long cSize = strideC * ch;
        if (pic is not null)
        {
            *pic = default;
            pic->PixelFormat = pixelFormat;
            pic->BitDepth = bitDepth;
            pic->Width[0] = width;
            pic->Height[0] = height;
            pic->Width[1] = pic->Width[2] = cw;
            pic->Height[1] = pic->Height[2] = ch;
            pic->Stride[0] = strideY;
            pic->Stride[1] = pic->Stride[2] = strideC;
            pic->Data.Y = buffer;
            if (pixelFormat != Abi.Pix400)
            {
                pic->Data.U = buffer + ySize;
                pic->Data.V = buffer + ySize + cSize;
            }
        }

        return ySize + (2 * cSize);
    }

    /// <summary>A zeroed buffer for a picture of <paramref name="size"/> bytes (freed with <see cref="Free"/>).</summary>
    public static byte* AllocBuffer(long size)
    {
        var buffer = (byte*)NativeMemory.AlignedAlloc((nuint)size, BufferAlign);
        NativeMemory.Clear(buffer, (nuint)size);
        return buffer;
    }

    /// <summary>Frees a buffer of <see cref="AllocBuffer"/>.</summary>
    public static void Free(void* buffer) => NativeMemory.AlignedFree(buffer);

    /// <summary>Gives <paramref name="pic"/> a new block with count 1, owning <paramref name="buffer"/> or pool slot <paramref name="slot"/>.</summary>
    public static void Attach(VmafPicture* pic, void* buffer, nint pool, int slot)
    {
        var block = (PictureBlock*)NativeMemory.AllocZeroed((nuint)sizeof(PictureBlock));
        block->Magic = PictureBlock.Live;
        block->Count = 1;
        block->Buffer = buffer;
        block->Pool = pool;
        block->Slot = slot;
        pic->Ref = block;
        pic->Priv = block;
    }

    /// <summary><c>vmaf_picture_alloc</c>.</summary>
    public static void Alloc(VmafPicture* pic, int pixelFormat, uint bitDepth, uint width, uint height)
    {
        long size = Layout(null, pixelFormat, bitDepth, width, height, null);
        byte* buffer = AllocBuffer(size);
        Layout(pic, pixelFormat, bitDepth, width, height, buffer);
        Attach(pic, buffer, 0, 0);
    }

    /// <summary>Why <paramref name="pic"/> is not a live picture of this library with usable planes, or null.</summary>
    public static string? Check(VmafPicture* pic, string which)
    {
        if (pic->Ref is null || pic->Ref->Magic != PictureBlock.Live || pic->Priv != pic->Ref)
        {
            return $"the {which} picture was not made by vmaf_picture_alloc or vmaf_fetch_preallocated_picture (or was already unref'd)";
        }

        if (Problem(pic->PixelFormat, pic->BitDepth, pic->Width[0], pic->Height[0]) is { } problem)
        {
            return $"the {which} picture: {problem}";
        }

        long row = (long)pic->Width[0] * (pic->BitDepth > 8 ? 2 : 1);
        if (pic->Data.Y is null || pic->Stride[0] < row)
        {
            return $"the {which} picture has no luma plane or a stride below its width";
        }

        for (int p = 1; p < 3 && pic->PixelFormat != Abi.Pix400; p++)
        {
            if (pic->Data[p] is null || pic->Stride[p] < (long)pic->Width[p] * (pic->BitDepth > 8 ? 2 : 1))
            {
                return $"the {which} picture has no chroma plane {p} or a stride below its width";
            }
        }

        return null;
    }

    /// <summary>
    /// <c>vmaf_picture_unref</c>: drops one reference; the last one frees the buffer (or returns the slot to its pool)
    /// and the block. The struct is zeroed, as libvmaf zeroes it. Returns 0, or −EINVAL for a picture that is not live.
    /// </summary>
    public static int Unref(VmafPicture* pic)
    {
        PictureBlock* block = pic->Ref;
        if (block is null || block->Magic != PictureBlock.Live)
        {
            return -Abi.EINVAL;
        }

        if (Interlocked.Decrement(ref block->Count) == 0)
        {
            block->Magic = 0;
            if (block->Pool != 0)
            {
                Handles.Pools.Get(block->Pool)?.Return(block->Slot);
            }
            else
            {
                Free(block->Buffer);
            }

            NativeMemory.Free(block);
        }

        *pic = default;
        return 0;
    }

    /// <summary>
    /// Copies every plane of <paramref name="pic"/> into <paramref name="frame"/> (same size, depth and chroma format).
    /// libvmaf's chroma planes of an odd size are <c>w &gt;&gt; 1</c> by <c>h &gt;&gt; 1</c>, the frame's a sample more: that last
    /// column or row stays zero (PSNR reads libvmaf's floored size).
    /// </summary>
    public static void CopyPlanes(VmafPicture* pic, YuvFrame frame)
    {
        int bytes = frame.Format.BytesPerSample;
        for (int p = 0; p < frame.Format.PlaneCount; p++)
        {
            int frameRow = frame.Format.PlaneWidth(p) * bytes;
            CopyRows(pic, p, Math.Min((int)pic->Width[p] * bytes, frameRow), Math.Min((int)pic->Height[p], frame.Format.PlaneHeight(p)), frame.PlaneBytes(p), frameRow);
        }
    }

    /// <summary>Copies the luma plane of <paramref name="pic"/> into <paramref name="destination"/>, rows tightly packed.</summary>
    public static void CopyLuma(VmafPicture* pic, Span<byte> destination)
    {
        int row = (int)pic->Width[0] * (pic->BitDepth > 8 ? 2 : 1);
        CopyRows(pic, 0, row, (int)pic->Height[0], destination, row);
    }

    /// <summary>
    /// Copies <paramref name="rows"/> rows of <paramref name="row"/> bytes of plane <paramref name="plane"/> into
    /// <paramref name="destination"/>, whose rows are <paramref name="destinationRow"/> bytes apart.
    /// </summary>
    private static void CopyRows(VmafPicture* pic, int plane, int row, int rows, Span<byte> destination, int destinationRow)
    {
        var source = (byte*)pic->Data[plane];
        long stride = pic->Stride[plane];
        for (int y = 0; y < rows; y++)
        {
            new ReadOnlySpan<byte>(source + (y * stride), row).CopyTo(destination.Slice(y * destinationRow, row));
        }
    }
}

/// <summary>
/// libvmaf's picture pool (<c>src/picture_pool.c</c>): <c>pic_cnt</c> pictures allocated once; fetching one waits
/// while all are out; the last unref of a fetched picture returns it. Closing the context frees the pictures that are
/// in; one still held by the caller is freed when it comes back (libvmaf's close waits for it instead).
/// </summary>
internal sealed unsafe class PicturePool
{
    /// <summary>The most pictures one pool holds.</summary>
    public const uint MaxPictures = 4096;

    private readonly object _gate = new();
    private readonly VmafPicture[] _pictures;
    private readonly Stack<int> _free = new();
    private readonly nint _handle;
    private int _out;
    private bool _closed;

    private PicturePool(VmafPicture[] pictures)
    {
        _pictures = pictures;
        for (int i = pictures.Length - 1; i >= 0; i--)
        {
            _free.Push(i);
        }

        _handle = Handles.Pools.Add(this);
    }

    /// <summary>Allocates the pool of <paramref name="config"/>; 0 or a negative errno (logged).</summary>
    public static int Create(in VmafPictureConfiguration config, string function, out PicturePool? pool)
    {
        pool = null;
        if (config.Count == 0 || config.Count > MaxPictures)
        {
            return Errors.Invalid(function, $"pic_cnt {config.Count} is not 1 to {MaxPictures}");
        }

        if (PictureMemory.Problem(config.PixelFormat, config.BitDepth, config.Width, config.Height) is { } problem)
        {
            return Errors.Invalid(function, problem);
        }

        var pictures = new VmafPicture[config.Count];
        long size = PictureMemory.Layout(null, config.PixelFormat, config.BitDepth, config.Width, config.Height, null);
        int made = 0;
        try
        {
            for (; made < pictures.Length; made++)
            {
                fixed (VmafPicture* p = &pictures[made])
                {
                    PictureMemory.Layout(p, config.PixelFormat, config.BitDepth, config.Width, config.Height, PictureMemory.AllocBuffer(size));
                }
            }
        }
        catch (OutOfMemoryException)
        {
            for (int i = 0; i < made; i++)
            {
                PictureMemory.Free(pictures[i].Data.Y);
            }

            throw;
        }

        pool = new PicturePool(pictures);
        return 0;
    }

    /// <summary><c>vmaf_fetch_preallocated_picture</c>: waits for a free picture and hands it out with count 1.</summary>
    /// <exception cref="VmafTinyException">The context was closed (before or while waiting): there will be no free picture.</exception>
    public void Fetch(VmafPicture* pic)
    {
        int slot;
        lock (_gate)
        {
            while (_free.Count == 0)
            {
                if (_closed)
                {
                    throw new VmafTinyException("the context was closed while waiting for a preallocated picture");
                }

                Monitor.Wait(_gate);
            }

            slot = _free.Pop();
            _out++;
        }

        *pic = _pictures[slot];
        PictureMemory.Attach(pic, _pictures[slot].Data.Y, _handle, slot);
    }

    /// <summary>The last unref of a fetched picture: back into the pool (or freed, once the pool is closed).</summary>
    public void Return(int slot)
    {
        lock (_gate)
        {
            _out--;
            if (_closed)
            {
                PictureMemory.Free(_pictures[slot].Data.Y);
                if (_out == 0)
                {
                    Handles.Pools.Remove(_handle);
                }

                return;
            }

            _free.Push(slot);
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Frees the pictures in the pool (those still out are freed as they come back) and wakes any waiting fetch.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (int slot in _free)
            {
                PictureMemory.Free(_pictures[slot].Data.Y);
            }

            _free.Clear();
            if (_out == 0)
            {
                Handles.Pools.Remove(_handle);
            }

            // A thread waiting in Fetch gets an error instead of waiting for good.
            Monitor.PulseAll(_gate);
        }
    }
}
