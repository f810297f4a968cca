/*
 * vt_decode.h: the C ABI of libvtshim, vmaf-tiny's thin shim over FFmpeg's libavformat, libavcodec,
 * libswscale and libavutil.
 *
 * Rules (the style of dotnet/runtime's System.*.Native shims):
 *  - every export is prefixed VtShim_ and returns an int32_t status (VtShimStatus) unless it is a query;
 *  - only fixed-width types cross the boundary: int32_t, int64_t, uint8_t* for pixels, char* for UTF-8;
 *  - the caller owns every plane buffer and the shim writes into them; no FFmpeg memory escapes and
 *    there are no callbacks;
 *  - a decoder or scaler is used by one thread at a time (FFmpeg's own decoder threads run inside it).
 *
 * Bump VTSHIM_ABI_VERSION whenever a signature, a struct layout or a status value changes; the managed
 * side refuses to load a library with another version.
 */
#ifndef VT_DECODE_H
#define VT_DECODE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VTSHIM_ABI_VERSION 5

#if defined(__GNUC__)
#define VTSHIM_EXPORT __attribute__((visibility("default")))
#else
#define VTSHIM_EXPORT
#endif

/* Status codes. Mirrored by the managed enum VmafTiny.Decode.Ffmpeg.ShimStatus (a test checks both agree). */
typedef enum VtShimStatus {
    VTSHIM_FRAME = 1,                     /* VtShim_ReadFrame: a frame was written */
    VTSHIM_OK = 0,                        /* success; VtShim_ReadFrame: clean end of the stream */
    VTSHIM_E_INTERNAL = -1,               /* a bug or an FFmpeg failure with no better category */
    VTSHIM_E_NO_FILE = -2,                /* the file does not exist */
    VTSHIM_E_NOT_MEDIA = -3,              /* FFmpeg recognises no container or stream in it */
    VTSHIM_E_NO_VIDEO = -4,               /* the container has no video stream */
    VTSHIM_E_UNSUPPORTED_CODEC = -5,      /* no decoder for the video stream's codec */
    VTSHIM_E_CORRUPT = -6,                /* the decoder or demuxer met invalid data */
    VTSHIM_E_IO = -7,                     /* the operating system failed a read */
    VTSHIM_E_UNSUPPORTED_FORMAT = -8,     /* a pixel format swscale cannot convert */
    VTSHIM_E_ARGUMENT = -9,               /* a bad argument (null pointer, bad size or code) */
    VTSHIM_E_NO_MEMORY = -10,             /* an allocation failed */
    VTSHIM_E_PERMISSION = -11,            /* the file cannot be read: permission denied */
    VTSHIM_E_SIZE_CHANGE = -12,           /* the frame size changed mid-stream and scaling is off */
    VTSHIM_E_REFUSED = -13,               /* a demuxer that opens other files (playlist, concat list, image sequence...) */
    VTSHIM_E_TOO_LARGE = -14,             /* frames above 16384 in width or height */
    VTSHIM_E_ORIENTATION = -15,           /* a display matrix that cannot be applied (not a quarter turn, or such frames) */
} VtShimStatus;

/* VtShim_Open's flags. */
typedef enum VtShimOpenFlags {
    VTSHIM_OPEN_NO_AUTOROTATE = 1,        /* deliver frames as stored, ignoring the display matrix (ffmpeg -noautorotate) */
} VtShimOpenFlags;

/* Chroma layout codes; they equal the managed enum VmafTiny.ChromaFormat. */
typedef enum VtShimChroma {
    VTSHIM_CHROMA_420 = 0,
    VTSHIM_CHROMA_422 = 1,
    VTSHIM_CHROMA_444 = 2,
    VTSHIM_CHROMA_MONO = 3,
} VtShimChroma;

/* Scaling algorithms for a size change. */
typedef enum VtShimScaler {
    VTSHIM_SCALER_NONE = 0,               /* refuse a size change (VTSHIM_E_ARGUMENT) */
    VTSHIM_SCALER_BICUBIC = 1,            /* SWS_BICUBIC, as FFmpeg's scale=W:H:flags=bicubic */
} VtShimScaler;

/* Field order of the video stream; the values equal FFmpeg's AVFieldOrder. */
typedef enum VtShimFieldOrder {
    VTSHIM_FIELD_UNKNOWN = 0,
    VTSHIM_FIELD_PROGRESSIVE = 1,
    VTSHIM_FIELD_TT = 2,                  /* interlaced, top field coded and displayed first */
    VTSHIM_FIELD_BB = 3,                  /* interlaced, bottom field coded and displayed first */
    VTSHIM_FIELD_TB = 4,                  /* interlaced, top coded first, bottom displayed first */
    VTSHIM_FIELD_BT = 5,                  /* interlaced, bottom coded first, top displayed first */
} VtShimFieldOrder;

/* Sample range of the decoded frames; the values equal FFmpeg's AVColorRange. */
typedef enum VtShimColorRange {
    VTSHIM_RANGE_UNSPECIFIED = 0,         /* nothing says (treated as limited, as FFmpeg treats it) */
    VTSHIM_RANGE_LIMITED = 1,             /* MPEG/TV range: 16-235 luma at 8 bits */
    VTSHIM_RANGE_FULL = 2,                /* JPEG/PC range: 0-255 at 8 bits (yuvj formats, color_range=pc) */
} VtShimColorRange;

/* What VtShim_Open learned about the video stream; the geometry is that of its first decoded frame. */
typedef struct VtShimStreamInfo {
    int32_t width;                        /* luma width of the first frame */
    int32_t height;                       /* luma height of the first frame */
    int32_t chroma;                       /* VtShimChroma of the planar YUV format frames are delivered in */
    int32_t bitDepth;                     /* bits per sample of that format, 8..16 */
    int32_t passThrough;                  /* 1 when the decoder's own format is that planar YUV format */
    int32_t frameRateNum;                 /* frames per second as a fraction; 0/0 when unknown */
    int32_t frameRateDen;
    int32_t videoStreams;                 /* video streams in the file (cover pictures not counted); one is decoded,
                                             the one FFmpeg's command line maps by default (streamIndex) */
    int64_t frameCount;                   /* frames according to the container, -1 when it does not say */
    char codecName[32];                   /* NUL-terminated, e.g. "h264", "hevc", "vp9", "av1", "ffv1" */
    char decoderName[32];                 /* the decoder FFmpeg picked, e.g. "h264", "libdav1d" */
    char pixelFormat[32];                 /* the decoder's pixel format, e.g. "yuv420p10le", "nv12" */
    char deliveredFormat[32];             /* the planar format delivered, e.g. "yuv420p10le" */
    char containerName[64];               /* the demuxer, e.g. "matroska,webm" */
    int32_t fieldOrder;                   /* VtShimFieldOrder of the decoded stream */
    int32_t streamIndex;                  /* the decoded stream's index in the file */
    int32_t rotation;                     /* the display matrix's angle as FFmpeg's command line reads it, in [0, 360); -1: none */
    int32_t oriented;                     /* 1 when frames are turned or flipped as the display matrix says */
    char orientation[32];                 /* FFmpeg's filters for the matrix, e.g. "transpose=clock" or "hflip,vflip"; "" for
                                             none (no matrix, an identity, or an angle that is no quarter turn) */
    int32_t colorRange;                   /* VtShimColorRange of the first decoded frame (else the stream's parameters);
                                             FULL for the yuvj formats */
    int32_t reserved;                     /* 0; keeps the size a multiple of 8 */
} VtShimStreamInfo;

/* How VtShim_SeekFrame reached the frame. */
typedef enum VtShimSeekMethod {
    VTSHIM_SEEK_DECODED = 0,              /* decoded on from the current frame (no keyframe ahead, or no timestamps) */
    VTSHIM_SEEK_TIMESTAMP = 1,            /* the demuxer sought to the keyframe's own timestamp, checked packet by packet */
    VTSHIM_SEEK_REOPENED = 2,             /* the file was opened again and the packets before the keyframe skipped */
    VTSHIM_SEEK_END = 3,                  /* the stream ends before the frame */
} VtShimSeekMethod;

/* What VtShim_SeekFrame did. */
typedef struct VtShimSeekInfo {
    int64_t position;                     /* the frame the next VtShim_ReadFrame delivers (the frame count at the end) */
    int64_t keyframe;                     /* the frame number of the keyframe decoding restarted from, or -1 */
    int32_t method;                       /* VtShimSeekMethod */
    int32_t reserved;
} VtShimSeekInfo;

typedef struct VtShimDecoder VtShimDecoder;
typedef struct VtShimScalerContext VtShimScalerContext;

/* Returns VTSHIM_ABI_VERSION of the library; the caller checks it once before any other call. */
VTSHIM_EXPORT int32_t VtShim_AbiVersion(void);

/*
 * Opens the file at path (UTF-8), finds its best video stream (as FFmpeg's command line picks one by default: the
 * largest, a default-disposition stream ahead, among those it can decode), opens a decoder with `threads` decoder
 * threads (0: FFmpeg's choice, one per core) and decodes the first frame, so that `info` describes real
 * frames. As FFmpeg's command line does by default, frames are turned and flipped as the container's display
 * matrix says (a phone's portrait video comes out upright; info's size is the turned one); flags
 * VTSHIM_OPEN_NO_AUTOROTATE delivers them as stored. A matrix that is no quarter turn, or frames that cannot be
 * turned here (not planar YUV, or chroma subsampled in one direction only, turned a quarter), fail with
 * VTSHIM_E_ORIENTATION. On success *out receives the decoder; on failure *out is NULL and VtShim_LastError(NULL, ...)
 * on the same thread gives FFmpeg's reason.
 *
 * The path is a local file's path, never a URL: it is read through FFmpeg's file protocol only, also for any
 * nested open, and demuxers that would open other files named inside it (playlists, concat lists, image
 * sequences, session descriptions, scripts) are refused with VTSHIM_E_REFUSED (LastError: the demuxer's name).
 * Frames wider or taller than 16384 fail with VTSHIM_E_TOO_LARGE (LastError: "WxH").
 */
VTSHIM_EXPORT int32_t VtShim_Open(const char* path, int32_t threads, int32_t flags, VtShimStreamInfo* info, VtShimDecoder** out);

/*
 * Sets the format frames are delivered in from now on: width x height, a VtShimChroma and a bit depth
 * (8..16, rounded up to a depth FFmpeg has a planar format for). Anything other than the stream's own
 * planar format goes through swscale with the given VtShimScaler and the same options as FFmpeg 5.1's
 * scale filter, so the samples equal `ffmpeg -vf scale=W:H:flags=bicubic,format=F` bit for bit.
 * A size change with VTSHIM_SCALER_NONE fails with VTSHIM_E_ARGUMENT. Until this is called the scaler is
 * VTSHIM_SCALER_NONE: a frame whose size differs from the first frame's fails with VTSHIM_E_SIZE_CHANGE;
 * with VTSHIM_SCALER_BICUBIC such frames are scaled to the output size like any other.
 */
VTSHIM_EXPORT int32_t VtShim_SetOutputFormat(VtShimDecoder* decoder, int32_t width, int32_t height,
                                             int32_t chroma, int32_t bitDepth, int32_t scaler);

/*
 * Decodes the next frame into the caller's planes (Y, U, V; U and V NULL for mono), each plane `strides`
 * bytes per row. Samples above 8 bits are little-endian 16-bit words. Returns VTSHIM_FRAME, VTSHIM_OK at
 * the clean end of the stream, or a negative status (details from VtShim_LastError).
 */
VTSHIM_EXPORT int32_t VtShim_ReadFrame(VtShimDecoder* decoder, uint8_t* const planes[3], const int32_t strides[3]);

/*
 * Moves forward so that the next VtShim_ReadFrame delivers frame `target` (0-based, in the order decoding from the
 * start delivers frames), decoding only from the keyframe before it. Frames are placed by counting, never by
 * timestamp arithmetic: the file is opened a second time and its video packets are read, not decoded, from the
 * start to 64 packets past the target; frame n is the packet with the n-th smallest presentation timestamp.
 * Decoding restarts at the last clean keyframe shown at or before the target (one that no earlier packet follows
 * in display order), reached by seeking to its own timestamp and checking each packet against the scan (or, where
 * that fails, by opening the file again and skipping packets); the frames before the target are dropped by their
 * exact timestamps, an open GOP's leading pictures unseen. Packets without timestamps, or no keyframe ahead of
 * the current frame, decode on from the current frame instead. A target before the next frame is
 * VTSHIM_E_ARGUMENT; one past the end leaves the stream at its end (info->position = the frame count).
 */
VTSHIM_EXPORT int32_t VtShim_SeekFrame(VtShimDecoder* decoder, int64_t target, VtShimSeekInfo* info);

/*
 * Counts the frames left without decoding them: the frames the decoder holds plus one per video packet
 * still in the file. Used to report the length of the longer input; it consumes the stream. Where the
 * container is truncated or damaged (as VtShim_ReadFrame would find it), VTSHIM_E_CORRUPT with the error
 * text set and *frames the frames before the damage.
 */
VTSHIM_EXPORT int32_t VtShim_CountRemaining(VtShimDecoder* decoder, int64_t* frames);

/*
 * Copies the text of the last error (UTF-8, NUL-terminated, truncated to capacity) of `decoder`, or,
 * with a NULL decoder, of the last failed VtShim_Open or VtShim_ScalerCreate on this thread.
 * Returns the length copied.
 */
VTSHIM_EXPORT int32_t VtShim_LastError(VtShimDecoder* decoder, char* buffer, int32_t capacity);

/* Closes the decoder and frees everything it holds. NULL is ignored. */
VTSHIM_EXPORT void VtShim_Close(VtShimDecoder* decoder);

/*
 * Creates a scaler from one planar YUV format and size to another with the given VtShimScaler, set up
 * as FFmpeg 5.1's scale filter sets up swscale (for frames that come from y4m or raw .yuv files).
 */
VTSHIM_EXPORT int32_t VtShim_ScalerCreate(int32_t srcWidth, int32_t srcHeight, int32_t srcChroma, int32_t srcBitDepth,
                                          int32_t dstWidth, int32_t dstHeight, int32_t dstChroma, int32_t dstBitDepth,
                                          int32_t scaler, VtShimScalerContext** out);

/* Converts one frame from the caller's source planes into the caller's destination planes. */
VTSHIM_EXPORT int32_t VtShim_ScalerRun(VtShimScalerContext* scaler,
                                       const uint8_t* const srcPlanes[3], const int32_t srcStrides[3],
                                       uint8_t* const dstPlanes[3], const int32_t dstStrides[3]);

/* Frees the scaler. NULL is ignored. */
VTSHIM_EXPORT void VtShim_ScalerClose(VtShimScalerContext* scaler);

/*
 * Sets the most verbose FFmpeg log level (AV_LOG_* values: -8 quiet ... 48 debug) that is passed on to
 * FFmpeg's default stderr logger, process-wide. The default is quiet; errors are always kept for
 * VtShim_LastError.
 */
VTSHIM_EXPORT void VtShim_SetLogLevel(int32_t level);

#ifdef __cplusplus
}
#endif

#endif /* VT_DECODE_H */
