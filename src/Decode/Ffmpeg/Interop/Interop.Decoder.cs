using System.Runtime.InteropServices;

namespace VmafTiny.Decode.Ffmpeg;

internal static partial class Interop
{
    /// <summary>The VtShim_* exports of native/shim/vt_decode.h; each comment there is the contract.</summary>
    internal static unsafe partial class Decoder
    {
        /// <summary>VTSHIM_ABI_VERSION of the vt_decode.h this assembly was written against.</summary>
        internal const int AbiVersion = 5;

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_AbiVersion")]
        internal static partial int GetAbiVersion();

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_Open", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial ShimStatus Open(string path, int threads, ShimOpenFlags flags, out StreamInfo info, out SafeDecoderHandle decoder);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_SetOutputFormat")]
        internal static partial ShimStatus SetOutputFormat(SafeDecoderHandle decoder, int width, int height, int chroma, int bitDepth, ShimScaler scaler);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_ReadFrame")]
        internal static partial ShimStatus ReadFrame(SafeDecoderHandle decoder, byte** planes, int* strides);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_SeekFrame")]
        internal static partial ShimStatus SeekFrame(SafeDecoderHandle decoder, long target, out SeekInfo info);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_CountRemaining")]
        internal static partial ShimStatus CountRemaining(SafeDecoderHandle decoder, out long frames);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_LastError")]
        internal static partial int LastError(SafeDecoderHandle decoder, byte* buffer, int capacity);

        /// <summary>VtShim_LastError with a null decoder: the last failed open or scaler creation on this thread.</summary>
        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_LastError")]
        internal static partial int LastThreadError(nint zero, byte* buffer, int capacity);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_Close")]
        internal static partial void Close(nint decoder);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_ScalerCreate")]
        internal static partial ShimStatus ScalerCreate(
            int srcWidth, int srcHeight, int srcChroma, int srcBitDepth,
            int dstWidth, int dstHeight, int dstChroma, int dstBitDepth,
            ShimScaler scaler, out SafeScalerHandle handle);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_ScalerRun")]
        internal static partial ShimStatus ScalerRun(SafeScalerHandle scaler, byte** srcPlanes, int* srcStrides, byte** dstPlanes, int* dstStrides);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_ScalerClose")]
        internal static partial void ScalerClose(nint scaler);

        [LibraryImport(Libraries.Shim, EntryPoint = "VtShim_SetLogLevel")]
        internal static partial void SetLogLevel(int level);

        /// <summary>VtShimSeekInfo.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct SeekInfo
        {
            public long Position;
            public long Keyframe;
            public int Method;
            public int Reserved;
        }

        /// <summary>VtShimStreamInfo.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct StreamInfo
        {
            public int Width;
            public int Height;
            public int Chroma;
            public int BitDepth;
            public int PassThrough;
            public int FrameRateNum;
            public int FrameRateDen;
            public int VideoStreams;
            public long FrameCount;
            public fixed byte CodecName[32];
            public fixed byte DecoderName[32];
            public fixed byte PixelFormat[32];
            public fixed byte DeliveredFormat[32];
            public fixed byte ContainerName[64];
            public int FieldOrder;
            public int StreamIndex;
            public int Rotation;
            public int Oriented;
            public fixed byte Orientation[32];
            public int ColorRange;
            public int Reserved;
        }
    }
}
