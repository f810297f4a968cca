/*
 * vt_internal.h: what the files of libvtshim share; nothing here is exported (see vt_decode.h for the ABI).
 *
 *   vt_formats.c  pixel formats: which planar YUV layout a format is delivered in, plane sizes
 *   vt_scale.c    swscale set up as FFmpeg 5.1's scale filter, and the standalone scaler exports
 *   vt_log.c      FFmpeg's log captured per decoder, error texts, status codes
 *   vt_open.c     the input policy (one local file, no protocols, no nested opens) and VtShim_Open
 *   vt_decode.c   decoding and delivering frames, counting, closing
 *   vt_seek.c     frame-accurate seeking: the keyframe before a frame, found by counting packets
 *   vt_orient.c   the display matrix applied as FFmpeg's command line applies it (quarter turns and flips)
 *   vt_ogg.c      the end of an Ogg file, which FFmpeg's demuxer does not check
 */
#ifndef VT_INTERNAL_H
#define VT_INTERNAL_H

#include "vt_decode.h"

#include <pthread.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixfmt.h>

#define ERROR_CAPACITY 512
#define LOG_CAPACITY 160
#define LOG_KEPT 3

/* The largest width and height accepted, as the managed VideoFormat.MaximumDimension (16K). */
#define VT_MAX_DIMENSION 16384

/* -- vt_formats.c ------------------------------------------------------------------------------- */

/* The planar YUV layout a pixel format is delivered in, and whether its samples can be copied as they are. */
typedef struct Planar {
    int chroma;     /* VtShimChroma */
    int depth;      /* 8..16 */
    int pass;       /* 1: planes 0..2 (or 0 for mono) already hold our layout, little-endian */
} Planar;

int vt_classify(enum AVPixelFormat format, Planar* out);
enum AVPixelFormat vt_planar_format(int chroma, int depth);
int vt_bytes_per_sample(enum AVPixelFormat format);
int vt_plane_count(int chroma);
int vt_plane_width(int chroma, int width, int plane);
int vt_plane_height(int chroma, int height, int plane);
void vt_copy_name(char* dst, size_t capacity, const char* src);
void vt_copy_planes(const AVFrame* src, int chroma, int bps, uint8_t* const planes[3], const int32_t strides[3]);

/* -- vt_scale.c --------------------------------------------------------------------------------- */

typedef struct Scaler {
    struct SwsContext* sws;
    int src_w, src_h, dst_w, dst_h, flags;
    int src_full;                   /* 1: the context was created for full-range input (src_range) */
    enum AVPixelFormat src_fmt, dst_fmt;
    int colorspace, range;          /* the frame properties the colorspace details were last set for */
    AVFrame* out;                   /* aligned destination, as the filter's own output buffers are */
} Scaler;

void vt_scaler_free(Scaler* s);
int vt_scaler_setup(Scaler* s, int src_w, int src_h, enum AVPixelFormat src_fmt,
                    int dst_w, int dst_h, enum AVPixelFormat dst_fmt, int flags, int src_full);
int vt_scaler_run(Scaler* s, const AVFrame* in);

/* -- vt_orient.c -------------------------------------------------------------------------------- */

/* Where a delivered sample comes from: out[r][c] = in[y][x], (y, x) = (c, r) when transposed, else (r, c), each
 * counted from the far edge when reversed. */
typedef struct VtOrientation {
    int active;                     /* any of the three below */
    int transpose, reverse_y, reverse_x;
    int degrees;                    /* FFmpeg's angle for it: 0, 90, 180 or 270 (0 with a flip alone) */
} VtOrientation;

/* The orientation FFmpeg's command line gives the stream's frames (by the first frame's display matrix, else the stream's): 1, or 0 without a display matrix, or -1 for an angle
 * that is no quarter turn (out->degrees set). */
int vt_orientation_from_stream(const AVStream* st, const AVFrame* first, VtOrientation* out);
/* FFmpeg's filters for it, e.g. "transpose=clock" or "hflip,vflip"; "" for none. */
const char* vt_orientation_filters(const VtOrientation* o);
/* 0 when frames of `format` can be oriented here, else -1 with the reason in `why`. */
int vt_orientation_check(const VtOrientation* o, enum AVPixelFormat format, char* why, size_t capacity);

/* -- the decoder, shared by vt_open.c, vt_decode.c and vt_log.c ------------------------------------ */

struct VtShimDecoder {
    char* path;                     /* the file, for opening it again (seeking) */
    AVFormatContext* format;
    AVCodecContext* codec;
    int stream;
    AVPacket* packet;
    AVFrame* frame;
    int pending;                    /* frame holds a decoded frame not yet delivered (the first one) */
    int demux_done;                 /* the demuxer reached its end and the decoder was told */
    int decoder_done;               /* the decoder returned AVERROR_EOF */
    int64_t delivered;
    int64_t packets_sent;

    int native_w, native_h;         /* size of the first frame */
    int out_w, out_h, out_chroma, out_depth, scaler_kind;
    enum AVPixelFormat out_fmt;
    Scaler scaler;
    VtOrientation orientation;      /* applied to every frame before it is delivered (VtShim_Open's flags) */
    AVFrame* oriented;              /* the oriented frame, reused */

    pthread_mutex_t log_lock;       /* FFmpeg logs from its decoder threads */
    /* The last LOG_KEPT distinct errors FFmpeg logged since the last error was reported (a ring): with frame
     * threads the message about a frame can come before the frames ahead of it are delivered. */
    char logged[LOG_KEPT][LOG_CAPACITY];
    int logged_count;
    /* Errors the demuxer logged: a demuxer that meets a truncated or damaged container (Matroska's "File ended
     * prematurely") often logs it and returns the end of the file instead of an error. */
    int demux_errors;               /* under log_lock */
    int end_checked;                /* vt_check_end has read the file's end: end_problem holds what it found */
    const char* end_problem;        /* NULL: the end is whole, or is not checked */
    char error[ERROR_CAPACITY];
};

/* -- vt_log.c ----------------------------------------------------------------------------------- */

/* The reason of the last failed VtShim_Open or VtShim_ScalerCreate on this thread. */
extern _Thread_local char vt_open_error[ERROR_CAPACITY];

void vt_install_log_callback_once(void);
int vt_registry_add(VtShimDecoder* d);
void vt_registry_remove(VtShimDecoder* d);
/* Forgets the errors FFmpeg logged so far (those of frames that were decoded only to be dropped). */
void vt_clear_logged(VtShimDecoder* d);
/* Sets the decoder's error text: "WHAT: FFmpeg's error string; the errors FFmpeg logged, oldest first". */
void vt_set_error(VtShimDecoder* d, int averror, const char* what, ...) __attribute__((format(printf, 3, 4)));
int vt_status_from_averror(int averror);
/* After av_read_frame: VTSHIM_E_CORRUPT with d->error set when the demuxer has logged an error (the container is
 * truncated or damaged, even where the demuxer went on or reported the end), else VTSHIM_OK. */
int vt_check_demuxer(VtShimDecoder* d);

/* -- vt_ogg.c ----------------------------------------------------------------------------------- */

/* Once the demuxer has reported the end of the file: VTSHIM_OK, or VTSHIM_E_CORRUPT with d->error set when the
 * file is cut short or damaged at its end where the demuxer does not say so (Ogg; other containers pass), or
 * VTSHIM_E_IO / VTSHIM_E_NO_MEMORY when its end could not be read. The file is read once per decoder. */
int vt_check_end(VtShimDecoder* d);

/* -- vt_open.c ---------------------------------------------------------------------------------- */

/*
 * Opens the container at path under the input policy (one local file, no protocols, no demuxer that opens other
 * files) and reads its stream info into *out; returns a VtShimStatus with d->error set on failure.
 */
int vt_open_container(VtShimDecoder* d, const char* path, AVFormatContext** out);

/* -- vt_decode.c -------------------------------------------------------------------------------- */

/* Decodes the next frame into d->frame: 1 with a frame, 0 at the end, or a negative VtShimStatus with d->error set. */
int vt_decode_next(VtShimDecoder* d);

/* As vt_decode_next, without refusing a frame the decoder marked as damaged. */
int vt_decode_any(VtShimDecoder* d);

/* Orients `in` by d->orientation into d->oriented (allocated as needed) and points *out at it; an AVERROR on failure. */
int vt_orient_frame(VtShimDecoder* d, const AVFrame* in, AVFrame** out);

/* The presentation time of the frame in d->frame: its pts, else FFmpeg's best guess. */
int64_t vt_frame_time(const AVFrame* f);

#endif /* VT_INTERNAL_H */
