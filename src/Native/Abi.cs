using System.Runtime.InteropServices;

namespace VmafTiny.Native;

/// <summary>
/// libvmaf 3.2.0's public structs and enums as C lays them out on x86-64 (include/libvmaf/*.h of this repository).
/// The C tests check every size and offset against the headers (<c>tests/c/test_abi.c</c>).
/// </summary>
internal static class Abi
{
    /// <summary>errno values libvmaf returns negated.</summary>
    public const int EINVAL = 22;

    /// <summary>Out of memory.</summary>
    public const int ENOMEM = 12;

    /// <summary>An output that could not be written.</summary>
    public const int EIO = 5;

    /// <summary><c>enum VmafLogLevel</c>.</summary>
    public const int LogNone = 0, LogError = 1, LogWarning = 2, LogInfo = 3, LogDebug = 4;

    /// <summary><c>enum VmafOutputFormat</c>.</summary>
    public const int OutputNone = 0, OutputXml = 1, OutputJson = 2, OutputCsv = 3, OutputSub = 4;

    /// <summary><c>enum VmafPoolingMethod</c>.</summary>
    public const int PoolUnknown = 0, PoolMin = 1, PoolMax = 2, PoolMean = 3, PoolHarmonicMean = 4, PoolCount = 5;

    /// <summary><c>enum VmafPixelFormat</c>.</summary>
    public const int PixUnknown = 0, Pix420 = 1, Pix422 = 2, Pix444 = 3, Pix400 = 4;

    /// <summary><c>enum VmafModelFlags</c>.</summary>
    public const ulong ModelDisableClip = 1, ModelEnableTransform = 2, ModelDisableTransform = 4;
}

/// <summary><c>VmafConfiguration</c> (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VmafConfiguration
{
    public int LogLevel;
    public uint Threads;
    public uint Subsample;
    public ulong CpuMask;
    public ulong GpuMask;
}

/// <summary><c>VmafPicture</c> (96 bytes): three planes, the reference count and the private part.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VmafPicture
{
    public int PixelFormat;
    public uint BitDepth;
    public fixed uint Width[3];
    public fixed uint Height[3];
    public fixed long Stride[3];
    public Planes Data;
    public PictureBlock* Ref;
    public void* Priv;

    /// <summary>The three plane pointers (<c>void *data[3]</c>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Planes
    {
        public void* Y;
        public void* U;
        public void* V;

        public void* this[int plane] => plane switch
        {
            0 => Y,
            1 => U,
            _ => V,
        };
    }
}

/// <summary><c>VmafModelConfig</c> (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct VmafModelConfig
{
    public byte* Name;
    public ulong Flags;
}

/// <summary><c>VmafPictureConfiguration</c> (20 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VmafPictureConfiguration
{
    public uint Width;
    public uint Height;
    public uint BitDepth;
    public int PixelFormat;
    public uint Count;
}

/// <summary><c>VmafModelCollectionScore</c> (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct VmafModelCollectionScore
{
    public int Type;
    public double BaggingScore;
    public double Stddev;
    public double Low;
    public double High;
}
