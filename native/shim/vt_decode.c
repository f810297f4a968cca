/*
 * vt_decode.c: libvtshim, vmaf-tiny's thin C shim over FFmpeg (see vt_decode.h for the ABI).
 *
 * Written against FFmpeg 5.1 and kept to API that FFmpeg 6 and 7 still have: no avcodec_decode_video2,
 * av_init_packet, avcodec_close, AVFrame.pkt_duration/pkt_pos/key_frame/interlaced_frame,
 * AVCodecContext.ticks_per_frame or av_stream_get_r_frame_rate. Built with -Werror=deprecated-declarations.
 */
#include "vt_decode.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#define ERROR_CAPACITY 512
#define LOG_CAPACITY 160
#define LOG_KEPT 3

/* -------------------------------------------------------------------------------------------------- */
/* Formats                                                                                            */
/* -------------------------------------------------------------------------------------------------- */

/* The planar YUV layout a pixel format is delivered in, and whether its samples can be copied as they are. */
typedef struct Planar {
    int chroma;     /* VtShimChroma */
    int depth;      /* 8..16 */
    int pass;       /* 1: planes 0..2 (or 0 for mono) already hold our layout, little-endian */
} Planar;

static int chroma_from_log2(int log2w, int log2h, int* exact)
{
    *exact = 1;
    if (log2w == 1 && log2h == 1) return VTSHIM_CHROMA_420;
    if (log2w == 1 && log2h == 0) return VTSHIM_CHROMA_422;
    if (log2w == 0 && log2h == 0) return VTSHIM_CHROMA_444;
    *exact = 0;
    if (log2w == 2 && log2h == 2) return VTSHIM_CHROMA_420;   /* 4:1:0 */
    if (log2w == 2 && log2h == 0) return VTSHIM_CHROMA_422;   /* 4:1:1 */
    return VTSHIM_CHROMA_444;                                 /* 4:4:0 and anything else: keep all chroma */
}

/* Classifies `format`; returns 0, or -1 for formats swscale cannot read (hardware, bitstream, float...). */
static int classify(enum AVPixelFormat format, Planar* out)
{
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(format);
    if (!d || (d->flags & (AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BITSTREAM)) || !sws_isSupportedInput(format)) {
        return -1;
    }

    int depth = 0;
    for (int c = 0; c < d->nb_components; c++) {
        if (d->comp[c].depth > depth) depth = d->comp[c].depth;
    }

    out->depth = depth < 8 ? 8 : depth > 16 ? 16 : depth;
    out->pass = 0;
    if ((d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL)) || d->nb_components < 1) {
        out->chroma = VTSHIM_CHROMA_444;
        return 0;
    }

    int yuv_components = d->nb_components >= 3 ? 3 : 1;     /* gray+alpha counts as gray */
    int exact = 1;
    out->chroma = yuv_components == 1 ? VTSHIM_CHROMA_MONO : chroma_from_log2(d->log2_chroma_w, d->log2_chroma_h, &exact);
    int bytes = depth > 8 ? 2 : 1;
    int pass = exact && depth >= 8 && depth <= 16 && !(d->flags & AV_PIX_FMT_FLAG_FLOAT)
               && (bytes == 1 || !(d->flags & AV_PIX_FMT_FLAG_BE))
               && ((d->flags & AV_PIX_FMT_FLAG_PLANAR) || d->nb_components == 1);
    for (int c = 0; pass && c < yuv_components; c++) {
        const AVComponentDescriptor* comp = &d->comp[c];
        pass = comp->plane == c && comp->step == bytes && comp->offset == 0 && comp->shift == 0 && comp->depth == depth;
    }

    out->pass = pass;
    return 0;
}

/* The planar YUV (or gray) format for a chroma code and bit depth; depths FFmpeg lacks round up (11 -> 12). */
static enum AVPixelFormat planar_format(int chroma, int depth)
{
    static const char* const prefixes[] = { "yuv420p", "yuv422p", "yuv444p", "gray" };
    if (chroma < 0 || chroma > 3 || depth < 8 || depth > 16) {
        return AV_PIX_FMT_NONE;
    }

    for (int d = depth; d <= 16; d++) {
        char name[32];
        if (d == 8) {
            snprintf(name, sizeof name, "%s", prefixes[chroma]);
        } else {
            snprintf(name, sizeof name, "%s%dle", prefixes[chroma], d);
        }

        enum AVPixelFormat f = av_get_pix_fmt(name);
        if (f != AV_PIX_FMT_NONE) {
            return f;
        }
    }

    return AV_PIX_FMT_NONE;
}

static int bytes_per_sample(enum AVPixelFormat format)
{
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(format);
    return d && d->comp[0].depth > 8 ? 2 : 1;
}

static int plane_count(int chroma) { return chroma == VTSHIM_CHROMA_MONO ? 1 : 3; }

static int plane_width(int chroma, int width, int plane)
{
    return plane == 0 || chroma == VTSHIM_CHROMA_444 ? width : (width + 1) >> 1;
}

static int plane_height(int chroma, int height, int plane)
{
    return plane == 0 || chroma != VTSHIM_CHROMA_420 ? height : (height + 1) >> 1;
}

static void copy_name(char* dst, size_t capacity, const char* src)
{
    snprintf(dst, capacity, "%s", src ? src : "");
}

/* -------------------------------------------------------------------------------------------------- */
/* swscale, set up as FFmpeg 5.1's libavfilter/vf_scale.c sets it up                                  */
/* -------------------------------------------------------------------------------------------------- */

typedef struct Scaler {
    struct SwsContext* sws;
    int src_w, src_h, dst_w, dst_h, flags;
    enum AVPixelFormat src_fmt, dst_fmt;
    int colorspace, range;          /* the frame properties the colorspace details were last set for */
    AVFrame* out;                   /* aligned destination, as the filter's own output buffers are */
} Scaler;

static void scaler_free(Scaler* s)
{
    sws_freeContext(s->sws);
    av_frame_free(&s->out);
    memset(s, 0, sizeof *s);
}

/*
 * (Re)creates the context for the given conversion. The options are those vf_scale's config_props passes
 * for a progressive frame: sizes, formats, flags, one thread, MPEG-2 vertical chroma siting for exactly
 * yuv420p on either side, and every other position left to swscale (-513).
 */
static int scaler_setup(Scaler* s, int src_w, int src_h, enum AVPixelFormat src_fmt,
                        int dst_w, int dst_h, enum AVPixelFormat dst_fmt, int flags)
{
    if (s->sws && s->src_w == src_w && s->src_h == src_h && s->src_fmt == src_fmt
        && s->dst_w == dst_w && s->dst_h == dst_h && s->dst_fmt == dst_fmt && s->flags == flags) {
        return 0;
    }

    scaler_free(s);
    struct SwsContext* sws = sws_alloc_context();
    if (!sws) {
        return AVERROR(ENOMEM);
    }

    av_opt_set_int(sws, "srcw", src_w, 0);
    av_opt_set_int(sws, "srch", src_h, 0);
    av_opt_set_int(sws, "src_format", src_fmt, 0);
    av_opt_set_int(sws, "dstw", dst_w, 0);
    av_opt_set_int(sws, "dsth", dst_h, 0);
    av_opt_set_int(sws, "dst_format", dst_fmt, 0);
    av_opt_set_int(sws, "sws_flags", flags, 0);
    av_opt_set_int(sws, "threads", 1, 0);
    av_opt_set_int(sws, "src_h_chr_pos", -513, 0);
    av_opt_set_int(sws, "src_v_chr_pos", src_fmt == AV_PIX_FMT_YUV420P ? 128 : -513, 0);
    av_opt_set_int(sws, "dst_h_chr_pos", -513, 0);
    av_opt_set_int(sws, "dst_v_chr_pos", dst_fmt == AV_PIX_FMT_YUV420P ? 128 : -513, 0);
    int ret = sws_init_context(sws, NULL, NULL);
    if (ret < 0) {
        sws_freeContext(sws);
        return ret;
    }

    AVFrame* out = av_frame_alloc();
    if (!out) {
        sws_freeContext(sws);
        return AVERROR(ENOMEM);
    }

    out->format = dst_fmt;
    out->width = dst_w;
    out->height = dst_h;
    ret = av_frame_get_buffer(out, 0);
    if (ret < 0) {
        av_frame_free(&out);
        sws_freeContext(sws);
        return ret;
    }

    s->sws = sws;
    s->out = out;
    s->src_w = src_w;
    s->src_h = src_h;
    s->src_fmt = src_fmt;
    s->dst_w = dst_w;
    s->dst_h = dst_h;
    s->dst_fmt = dst_fmt;
    s->flags = flags;
    s->colorspace = -1;
    s->range = -1;
    return 0;
}

/* vf_scale's parse_yuv_type for its default in_color_matrix "auto": the frame's matrix, BT.601 if odd. */
static const int* auto_coefficients(int colorspace)
{
    if (colorspace < 1 || colorspace > 10 || colorspace == 8) {
        colorspace = AVCOL_SPC_BT470BG;
    }

    return sws_getCoefficients(colorspace);
}

/* Scales `in` into s->out, setting the colorspace details per frame as vf_scale's scale_frame does. */
static int scaler_run(Scaler* s, const AVFrame* in)
{
    if ((int)in->colorspace != s->colorspace || (int)in->color_range != s->range) {
        int *inv_table = NULL, *table = NULL;
        int in_full = 0, out_full = 0, brightness = 0, contrast = 0, saturation = 0;
        sws_getColorspaceDetails(s->sws, &inv_table, &in_full, &table, &out_full, &brightness, &contrast, &saturation);
        inv_table = (int*)auto_coefficients(in->colorspace);
        table = inv_table;
        if (in->color_range != AVCOL_RANGE_UNSPECIFIED) {
            in_full = in->color_range == AVCOL_RANGE_JPEG;
        }

        sws_setColorspaceDetails(s->sws, inv_table, in_full, table, out_full, brightness, contrast, saturation);
        s->colorspace = (int)in->colorspace;
        s->range = (int)in->color_range;
    }

    int ret = av_frame_make_writable(s->out);
    if (ret < 0) {
        return ret;
    }

    return sws_scale_frame(s->sws, s->out, in);
}

/* -------------------------------------------------------------------------------------------------- */
/* Errors and FFmpeg's log                                                                            */
/* -------------------------------------------------------------------------------------------------- */

struct VtShimDecoder {
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

    pthread_mutex_t log_lock;       /* FFmpeg logs from its decoder threads */
    /* The last LOG_KEPT distinct errors FFmpeg logged since the last error was reported (a ring): with frame
     * threads the message about a frame can come before the frames ahead of it are delivered. */
    char logged[LOG_KEPT][LOG_CAPACITY];
    int logged_count;
    char error[ERROR_CAPACITY];
};

struct VtShimScalerContext {
    Scaler scaler;
    AVFrame* in;
    int src_w, src_h, src_chroma, dst_w, dst_h, dst_chroma;
};

static _Thread_local char t_open_error[ERROR_CAPACITY];

static pthread_once_t g_log_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t g_registry_lock = PTHREAD_MUTEX_INITIALIZER;
static VtShimDecoder** g_registry;          /* live decoders, so that log messages find their owner */
static int g_registry_size;
static volatile int g_log_level = AV_LOG_QUIET;

/* The live decoder that owns an FFmpeg logging context, or NULL. Call with g_registry_lock held. */
static VtShimDecoder* owner_of(void* avcl)
{
    if (!avcl) {
        return NULL;
    }

    const AVClass* cls = *(const AVClass**)avcl;
    void* opaque = NULL;
    if (cls == avcodec_get_class()) {
        opaque = ((AVCodecContext*)avcl)->opaque;   /* decoder threads' context copies keep it */
    } else if (cls == avformat_get_class()) {
        opaque = ((AVFormatContext*)avcl)->opaque;
    }

    for (int i = 0; opaque && i < g_registry_size; i++) {
        if (g_registry[i] == opaque) {
            return g_registry[i];
        }
    }

    return NULL;
}

static void log_callback(void* avcl, int level, const char* fmt, va_list args)
{
    if (level <= g_log_level) {
        va_list copy;
        va_copy(copy, args);
        av_log_default_callback(avcl, level, fmt, copy);
        va_end(copy);
    }

    if (level > AV_LOG_ERROR) {
        return;
    }

    pthread_mutex_lock(&g_registry_lock);
    VtShimDecoder* d = owner_of(avcl);
    if (d) {
        pthread_mutex_lock(&d->log_lock);
        char line[LOG_CAPACITY];
        vsnprintf(line, sizeof line, fmt, args);
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' ' || line[n - 1] == '.')) {
            line[--n] = 0;
        }

        const char* previous = d->logged_count ? d->logged[(d->logged_count - 1) % LOG_KEPT] : "";
        if (n > 0 && strcmp(line, previous) != 0) {
            memcpy(d->logged[d->logged_count++ % LOG_KEPT], line, sizeof line);
        }

        pthread_mutex_unlock(&d->log_lock);
    }

    pthread_mutex_unlock(&g_registry_lock);
}

static void install_log_callback(void) { av_log_set_callback(log_callback); }

static int registry_add(VtShimDecoder* d)
{
    int ok = 0;
    pthread_mutex_lock(&g_registry_lock);
    for (int i = 0; i < g_registry_size && !ok; i++) {
        if (!g_registry[i]) {
            g_registry[i] = d;
            ok = 1;
        }
    }

    if (!ok) {
        int size = g_registry_size ? 2 * g_registry_size : 8;
        VtShimDecoder** grown = av_realloc_array(g_registry, (size_t)size, sizeof *grown);
        if (grown) {
            memset(grown + g_registry_size, 0, (size_t)(size - g_registry_size) * sizeof *grown);
            grown[g_registry_size] = d;
            g_registry = grown;
            g_registry_size = size;
            ok = 1;
        }
    }

    pthread_mutex_unlock(&g_registry_lock);
    return ok;
}

static void registry_remove(VtShimDecoder* d)
{
    pthread_mutex_lock(&g_registry_lock);
    for (int i = 0; i < g_registry_size; i++) {
        if (g_registry[i] == d) {
            g_registry[i] = NULL;
        }
    }

    pthread_mutex_unlock(&g_registry_lock);
}

static void clear_logged(VtShimDecoder* d)
{
    pthread_mutex_lock(&d->log_lock);
    d->logged_count = 0;
    pthread_mutex_unlock(&d->log_lock);
}

/* Sets the decoder's error text: "WHAT: FFmpeg's error string; the errors FFmpeg logged, oldest first". */
static void set_error(VtShimDecoder* d, int averror, const char* what, ...)
{
    char text[ERROR_CAPACITY] = "";
    va_list args;
    va_start(args, what);
    vsnprintf(text, sizeof text, what, args);
    va_end(args);

    char averr[AV_ERROR_MAX_STRING_SIZE] = "";
    if (averror < 0) {
        av_strerror(averror, averr, sizeof averr);
    }

    char logged[ERROR_CAPACITY] = "";
    if (d) {
        pthread_mutex_lock(&d->log_lock);
        int first = d->logged_count > LOG_KEPT ? d->logged_count - LOG_KEPT : 0;
        for (int i = first; i < d->logged_count; i++) {
            size_t used = strlen(logged);
            snprintf(logged + used, sizeof logged - used, "%s%s", used ? "; " : "", d->logged[i % LOG_KEPT]);
        }
        pthread_mutex_unlock(&d->log_lock);
    }

    if (d) {
        clear_logged(d);    /* reported now; with frame threads a message may come before its frame */
    }

    char* dst = d ? d->error : t_open_error;
    const char* sep1 = text[0] && (averr[0] || logged[0]) ? ": " : "";
    const char* sep2 = averr[0] && logged[0] ? "; " : "";
    snprintf(dst, ERROR_CAPACITY, "%s%s%s%s%s", text, sep1, averr, sep2, logged);
}

static int status_from_averror(int averror)
{
    switch (averror) {
    case AVERROR(ENOENT): return VTSHIM_E_NO_FILE;
    case AVERROR(EACCES): return VTSHIM_E_PERMISSION;
    case AVERROR(EPERM): return VTSHIM_E_PERMISSION;
    case AVERROR(ENOMEM): return VTSHIM_E_NO_MEMORY;
    case AVERROR(EIO): return VTSHIM_E_IO;
    case AVERROR_INVALIDDATA: return VTSHIM_E_CORRUPT;
    case AVERROR_PATCHWELCOME: return VTSHIM_E_UNSUPPORTED_CODEC;
    default: return VTSHIM_E_CORRUPT;
    }
}

/* -------------------------------------------------------------------------------------------------- */
/* Decoding                                                                                           */
/* -------------------------------------------------------------------------------------------------- */

int32_t VtShim_AbiVersion(void) { return VTSHIM_ABI_VERSION; }

void VtShim_SetLogLevel(int32_t level)
{
    pthread_once(&g_log_once, install_log_callback);
    g_log_level = level;
    av_log_set_level(level > AV_LOG_ERROR ? level : AV_LOG_ERROR);  /* av_log drops what is above this */
}

void VtShim_Close(VtShimDecoder* d)
{
    if (!d) {
        return;
    }

    registry_remove(d);
    avcodec_free_context(&d->codec);
    avformat_close_input(&d->format);
    av_packet_free(&d->packet);
    av_frame_free(&d->frame);
    scaler_free(&d->scaler);
    pthread_mutex_destroy(&d->log_lock);
    av_free(d);
}

/* A frame that a decoder marked as concealed or corrupt counts as corrupt data. */
static int frame_is_damaged(const AVFrame* f)
{
    return (f->flags & AV_FRAME_FLAG_CORRUPT) || f->decode_error_flags != 0;
}

/*
 * Decodes the next frame into d->frame: 1 with a frame, 0 at the end, or a negative VtShimStatus with
 * d->error set. Frame `d->delivered` is the one being decoded, which names it in the error.
 */
static int decode_next(VtShimDecoder* d)
{
    for (;;) {
        if (d->decoder_done) {
            return 0;
        }

        int ret = avcodec_receive_frame(d->codec, d->frame);
        if (ret >= 0) {
            if (frame_is_damaged(d->frame)) {
                av_frame_unref(d->frame);
                set_error(d, 0, "the decoder concealed damaged data");
                return VTSHIM_E_CORRUPT;
            }

            return 1;
        }

        if (ret == AVERROR_EOF) {
            d->decoder_done = 1;
            return 0;
        }

        if (ret != AVERROR(EAGAIN)) {
            set_error(d, ret, "decoding failed");
            return status_from_averror(ret);
        }

        if (d->demux_done) {
            /* The decoder wants input after being flushed: it has nothing more to give. */
            d->decoder_done = 1;
            return 0;
        }

        ret = av_read_frame(d->format, d->packet);
        if (ret == AVERROR_EOF) {
            d->demux_done = 1;
            ret = avcodec_send_packet(d->codec, NULL);
            if (ret < 0 && ret != AVERROR_EOF) {
                set_error(d, ret, "flushing the decoder failed");
                return status_from_averror(ret);
            }

            continue;
        }

        if (ret < 0) {
            set_error(d, ret, "reading the file failed");
            return ret == AVERROR(EIO) ? VTSHIM_E_IO : VTSHIM_E_CORRUPT;
        }

        if (d->packet->stream_index != d->stream) {
            av_packet_unref(d->packet);
            continue;
        }

        ret = avcodec_send_packet(d->codec, d->packet);
        av_packet_unref(d->packet);
        d->packets_sent++;
        if (ret < 0 && ret != AVERROR(EAGAIN)) {
            set_error(d, ret, "decoding failed");
            return status_from_averror(ret);
        }
    }
}

static int open_fail(VtShimDecoder* d, int status)
{
    /* Keep the reason for VtShim_LastError(NULL, ...) on this thread. */
    if (d && d->error[0]) {
        memcpy(t_open_error, d->error, sizeof t_open_error);
    }

    VtShim_Close(d);
    return status;
}

int32_t VtShim_Open(const char* path, int32_t threads, VtShimStreamInfo* info, VtShimDecoder** out)
{
    t_open_error[0] = 0;
    if (!out) {
        return VTSHIM_E_ARGUMENT;
    }

    *out = NULL;
    if (!path || !info || threads < 0) {
        snprintf(t_open_error, sizeof t_open_error, "bad argument");
        return VTSHIM_E_ARGUMENT;
    }

    pthread_once(&g_log_once, install_log_callback);
    memset(info, 0, sizeof *info);
    VtShimDecoder* d = av_mallocz(sizeof *d);
    if (!d) {
        return VTSHIM_E_NO_MEMORY;
    }

    pthread_mutex_init(&d->log_lock, NULL);
    d->stream = -1;
    if (!registry_add(d)) {
        pthread_mutex_destroy(&d->log_lock);
        av_free(d);
        return VTSHIM_E_NO_MEMORY;
    }

    d->packet = av_packet_alloc();
    d->frame = av_frame_alloc();
    d->format = avformat_alloc_context();
    if (!d->packet || !d->frame || !d->format) {
        return open_fail(d, VTSHIM_E_NO_MEMORY);
    }

    d->format->opaque = d;
    int ret = avformat_open_input(&d->format, path, NULL, NULL);
    if (ret < 0) {
        /* avformat_open_input frees the context on failure */
        set_error(d, ret, "");
        int status = status_from_averror(ret);
        return open_fail(d, status == VTSHIM_E_CORRUPT ? VTSHIM_E_NOT_MEDIA : status);
    }

    ret = avformat_find_stream_info(d->format, NULL);
    if (ret < 0 && d->format->nb_streams == 0) {
        set_error(d, ret, "");
        return open_fail(d, VTSHIM_E_NOT_MEDIA);
    }

    /* The first video stream that is not a cover picture and has a decoder; else the reason why not. */
    const AVCodec* codec = NULL;
    int first_video = -1;
    for (unsigned i = 0; i < d->format->nb_streams; i++) {
        const AVStream* st = d->format->streams[i];
        if (st->codecpar->codec_type != AVMEDIA_TYPE_VIDEO || (st->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
            continue;
        }

        if (first_video < 0) {
            first_video = (int)i;
        }

        codec = avcodec_find_decoder(st->codecpar->codec_id);
        if (codec) {
            d->stream = (int)i;
            break;
        }
    }

    if (first_video < 0) {
        set_error(d, 0, "%s", d->format->iformat ? d->format->iformat->name : "");
        return open_fail(d, VTSHIM_E_NO_VIDEO);
    }

    if (d->stream < 0) {
        const AVCodecParameters* par = d->format->streams[first_video]->codecpar;
        if (par->codec_id == AV_CODEC_ID_NONE) {
            char tag[AV_FOURCC_MAX_STRING_SIZE];
            av_fourcc_make_string(tag, par->codec_tag);
            snprintf(d->error, sizeof d->error, "unknown (fourcc %s)", tag);
        } else {
            snprintf(d->error, sizeof d->error, "%s", avcodec_get_name(par->codec_id));
        }

        return open_fail(d, VTSHIM_E_UNSUPPORTED_CODEC);
    }

    AVStream* st = d->format->streams[d->stream];
    for (unsigned i = 0; i < d->format->nb_streams; i++) {
        if ((int)i != d->stream) {
            d->format->streams[i]->discard = AVDISCARD_ALL;
        }
    }

    d->codec = avcodec_alloc_context3(codec);
    if (!d->codec) {
        return open_fail(d, VTSHIM_E_NO_MEMORY);
    }

    ret = avcodec_parameters_to_context(d->codec, st->codecpar);
    if (ret < 0) {
        set_error(d, ret, "");
        return open_fail(d, VTSHIM_E_INTERNAL);
    }

    d->codec->opaque = d;
    d->codec->pkt_timebase = st->time_base;
    d->codec->thread_count = threads;
    d->codec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    ret = avcodec_open2(d->codec, codec, NULL);
    if (ret < 0) {
        set_error(d, ret, "%s", codec->name);
        return open_fail(d, ret == AVERROR(ENOMEM) ? VTSHIM_E_NO_MEMORY : VTSHIM_E_UNSUPPORTED_CODEC);
    }

    /* Decode the first frame so that the geometry and pixel format are those of real frames. */
    ret = decode_next(d);
    if (ret == 0) {
        set_error(d, 0, "the video stream has no frames");
        return open_fail(d, VTSHIM_E_CORRUPT);
    }

    if (ret < 0) {
        return open_fail(d, ret);
    }

    d->pending = 1;
    Planar planar;
    if (classify((enum AVPixelFormat)d->frame->format, &planar) < 0) {
        const char* name = av_get_pix_fmt_name((enum AVPixelFormat)d->frame->format);
        snprintf(d->error, sizeof d->error, "%s", name ? name : "unknown");
        return open_fail(d, VTSHIM_E_UNSUPPORTED_FORMAT);
    }

    d->native_w = d->out_w = d->frame->width;
    d->native_h = d->out_h = d->frame->height;
    d->out_chroma = planar.chroma;
    d->out_fmt = planar_format(planar.chroma, planar.depth);
    d->out_depth = av_pix_fmt_desc_get(d->out_fmt)->comp[0].depth;
    d->scaler_kind = VTSHIM_SCALER_NONE;

    AVRational rate = st->avg_frame_rate;
    if (rate.num <= 0 || rate.den <= 0) {
        rate = st->r_frame_rate;
    }

    info->width = d->out_w;
    info->height = d->out_h;
    info->chroma = d->out_chroma;
    info->bitDepth = d->out_depth;
    info->passThrough = planar.pass && planar.depth == d->out_depth;
    info->frameRateNum = rate.num > 0 && rate.den > 0 ? rate.num : 0;
    info->frameRateDen = rate.num > 0 && rate.den > 0 ? rate.den : 0;
    info->frameCount = st->nb_frames > 0 ? st->nb_frames : -1;
    copy_name(info->codecName, sizeof info->codecName, avcodec_get_name(st->codecpar->codec_id));
    copy_name(info->decoderName, sizeof info->decoderName, codec->name);
    copy_name(info->pixelFormat, sizeof info->pixelFormat, av_get_pix_fmt_name((enum AVPixelFormat)d->frame->format));
    copy_name(info->deliveredFormat, sizeof info->deliveredFormat, av_get_pix_fmt_name(d->out_fmt));
    copy_name(info->containerName, sizeof info->containerName, d->format->iformat->name);
    *out = d;
    return VTSHIM_OK;
}

int32_t VtShim_SetOutputFormat(VtShimDecoder* d, int32_t width, int32_t height, int32_t chroma, int32_t bitDepth,
                               int32_t scaler)
{
    if (!d) {
        return VTSHIM_E_ARGUMENT;
    }

    enum AVPixelFormat fmt = planar_format(chroma, bitDepth);
    if (width <= 0 || height <= 0 || fmt == AV_PIX_FMT_NONE || (scaler != VTSHIM_SCALER_NONE && scaler != VTSHIM_SCALER_BICUBIC)) {
        set_error(d, 0, "bad output format %dx%d chroma %d depth %d scaler %d", width, height, chroma, bitDepth, scaler);
        return VTSHIM_E_ARGUMENT;
    }

    if (scaler == VTSHIM_SCALER_NONE && (width != d->native_w || height != d->native_h)) {
        set_error(d, 0, "a size change needs a scaler");
        return VTSHIM_E_ARGUMENT;
    }

    d->out_w = width;
    d->out_h = height;
    d->out_chroma = chroma;
    d->out_fmt = fmt;
    d->out_depth = av_pix_fmt_desc_get(fmt)->comp[0].depth;
    d->scaler_kind = scaler;
    return VTSHIM_OK;
}

static void copy_planes(const AVFrame* src, int chroma, int bps, uint8_t* const planes[3], const int32_t strides[3])
{
    for (int p = 0; p < plane_count(chroma); p++) {
        av_image_copy_plane(planes[p], strides[p], src->data[p], src->linesize[p],
                            plane_width(chroma, src->width, p) * bps, plane_height(chroma, src->height, p));
    }
}

/* Writes d->frame into the caller's planes in the output format: a plain copy, or swscale. */
static int deliver(VtShimDecoder* d, uint8_t* const planes[3], const int32_t strides[3])
{
    AVFrame* f = d->frame;
    int bps = bytes_per_sample(d->out_fmt);
    Planar planar;
    if (classify((enum AVPixelFormat)f->format, &planar) < 0) {
        const char* name = av_get_pix_fmt_name((enum AVPixelFormat)f->format);
        set_error(d, 0, "unsupported pixel format %s", name ? name : "unknown");
        return VTSHIM_E_UNSUPPORTED_FORMAT;
    }

    if (planar.pass && planar.chroma == d->out_chroma && planar.depth == d->out_depth
        && f->width == d->out_w && f->height == d->out_h) {
        copy_planes(f, d->out_chroma, bps, planes, strides);
        return VTSHIM_FRAME;
    }

    if (d->scaler_kind == VTSHIM_SCALER_NONE && (f->width != d->out_w || f->height != d->out_h)) {
        set_error(d, 0, "%dx%d to %dx%d", d->native_w, d->native_h, f->width, f->height);
        return VTSHIM_E_SIZE_CHANGE;
    }

    /* FFmpeg's command line converts formats with bicubic swscale too (its default sws_flags). */
    int ret = scaler_setup(&d->scaler, f->width, f->height, (enum AVPixelFormat)f->format,
                           d->out_w, d->out_h, d->out_fmt, SWS_BICUBIC);
    if (ret >= 0) {
        ret = scaler_run(&d->scaler, f);
    }

    if (ret < 0) {
        set_error(d, ret, "swscale failed");
        return ret == AVERROR(ENOMEM) ? VTSHIM_E_NO_MEMORY : VTSHIM_E_UNSUPPORTED_FORMAT;
    }

    copy_planes(d->scaler.out, d->out_chroma, bps, planes, strides);
    return VTSHIM_FRAME;
}

int32_t VtShim_ReadFrame(VtShimDecoder* d, uint8_t* const planes[3], const int32_t strides[3])
{
    if (!d || !planes || !strides || !planes[0] || (d->out_chroma != VTSHIM_CHROMA_MONO && (!planes[1] || !planes[2]))) {
        if (d) {
            set_error(d, 0, "bad argument");
        }

        return VTSHIM_E_ARGUMENT;
    }

    d->error[0] = 0;
    if (!d->pending) {
        int ret = decode_next(d);
        if (ret <= 0) {
            return ret;
        }
    }

    d->pending = 0;
    int ret = deliver(d, planes, strides);
    av_frame_unref(d->frame);
    if (ret == VTSHIM_FRAME) {
        d->delivered++;
    }

    return ret;
}

int32_t VtShim_CountRemaining(VtShimDecoder* d, int64_t* frames)
{
    if (!d || !frames) {
        return VTSHIM_E_ARGUMENT;
    }

    int64_t count = 0;
    if (d->pending) {
        av_frame_unref(d->frame);
        d->pending = 0;
        count++;
    }

    /* Packets still in the file, one frame each. */
    while (!d->demux_done) {
        int ret = av_read_frame(d->format, d->packet);
        if (ret < 0) {
            d->demux_done = 1;
            break;
        }

        if (d->packet->stream_index == d->stream) {
            count++;
        }

        av_packet_unref(d->packet);
    }

    /* Frames the decoder holds for packets already sent. */
    if (!d->decoder_done) {
        avcodec_send_packet(d->codec, NULL);
        for (;;) {
            int ret = avcodec_receive_frame(d->codec, d->frame);
            if (ret < 0) {
                break;
            }

            av_frame_unref(d->frame);
            count++;
        }

        d->decoder_done = 1;
    }

    *frames = count;
    return VTSHIM_OK;
}

int32_t VtShim_LastError(VtShimDecoder* d, char* buffer, int32_t capacity)
{
    if (!buffer || capacity <= 0) {
        return 0;
    }

    snprintf(buffer, (size_t)capacity, "%s", d ? d->error : t_open_error);
    return (int32_t)strlen(buffer);
}

/* -------------------------------------------------------------------------------------------------- */
/* Standalone scaler for frames from y4m or raw .yuv files                                            */
/* -------------------------------------------------------------------------------------------------- */

int32_t VtShim_ScalerCreate(int32_t srcWidth, int32_t srcHeight, int32_t srcChroma, int32_t srcBitDepth,
                            int32_t dstWidth, int32_t dstHeight, int32_t dstChroma, int32_t dstBitDepth,
                            int32_t scaler, VtShimScalerContext** out)
{
    t_open_error[0] = 0;
    if (!out) {
        return VTSHIM_E_ARGUMENT;
    }

    *out = NULL;
    pthread_once(&g_log_once, install_log_callback);
    enum AVPixelFormat src_fmt = planar_format(srcChroma, srcBitDepth);
    enum AVPixelFormat dst_fmt = planar_format(dstChroma, dstBitDepth);
    if (src_fmt == AV_PIX_FMT_NONE || dst_fmt == AV_PIX_FMT_NONE || srcWidth <= 0 || srcHeight <= 0
        || dstWidth <= 0 || dstHeight <= 0 || (scaler != VTSHIM_SCALER_NONE && scaler != VTSHIM_SCALER_BICUBIC)
        || (scaler == VTSHIM_SCALER_NONE && (srcWidth != dstWidth || srcHeight != dstHeight))) {
        snprintf(t_open_error, sizeof t_open_error, "bad scaler arguments");
        return VTSHIM_E_ARGUMENT;
    }

    VtShimScalerContext* s = av_mallocz(sizeof *s);
    if (!s) {
        return VTSHIM_E_NO_MEMORY;
    }

    s->in = av_frame_alloc();
    if (!s->in) {
        av_free(s);
        return VTSHIM_E_NO_MEMORY;
    }

    s->in->format = src_fmt;
    s->in->width = srcWidth;
    s->in->height = srcHeight;
    int ret = av_frame_get_buffer(s->in, 0);
    if (ret >= 0) {
        ret = scaler_setup(&s->scaler, srcWidth, srcHeight, src_fmt, dstWidth, dstHeight, dst_fmt, SWS_BICUBIC);
    }

    if (ret < 0) {
        char text[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(ret, text, sizeof text);
        snprintf(t_open_error, sizeof t_open_error, "swscale: %s", text);
        VtShim_ScalerClose(s);
        return ret == AVERROR(ENOMEM) ? VTSHIM_E_NO_MEMORY : VTSHIM_E_UNSUPPORTED_FORMAT;
    }

    s->src_w = srcWidth;
    s->src_h = srcHeight;
    s->src_chroma = srcChroma;
    s->dst_w = dstWidth;
    s->dst_h = dstHeight;
    s->dst_chroma = dstChroma;
    *out = s;
    return VTSHIM_OK;
}

int32_t VtShim_ScalerRun(VtShimScalerContext* s, const uint8_t* const srcPlanes[3], const int32_t srcStrides[3],
                         uint8_t* const dstPlanes[3], const int32_t dstStrides[3])
{
    if (!s || !srcPlanes || !srcStrides || !dstPlanes || !dstStrides) {
        return VTSHIM_E_ARGUMENT;
    }

    /* Copy into an aligned frame first: swscale then takes the code paths it takes inside FFmpeg. */
    int ret = av_frame_make_writable(s->in);
    if (ret < 0) {
        return VTSHIM_E_NO_MEMORY;
    }

    int src_bps = bytes_per_sample((enum AVPixelFormat)s->in->format);
    for (int p = 0; p < plane_count(s->src_chroma); p++) {
        if (!srcPlanes[p]) {
            return VTSHIM_E_ARGUMENT;
        }

        av_image_copy_plane(s->in->data[p], s->in->linesize[p], srcPlanes[p], srcStrides[p],
                            plane_width(s->src_chroma, s->src_w, p) * src_bps, plane_height(s->src_chroma, s->src_h, p));
    }

    for (int p = 0; p < plane_count(s->dst_chroma); p++) {
        if (!dstPlanes[p]) {
            return VTSHIM_E_ARGUMENT;
        }
    }

    ret = scaler_run(&s->scaler, s->in);
    if (ret < 0) {
        return VTSHIM_E_INTERNAL;
    }

    copy_planes(s->scaler.out, s->dst_chroma, bytes_per_sample(s->scaler.dst_fmt), dstPlanes, dstStrides);
    return VTSHIM_OK;
}

void VtShim_ScalerClose(VtShimScalerContext* s)
{
    if (!s) {
        return;
    }

    scaler_free(&s->scaler);
    av_frame_free(&s->in);
    av_free(s);
}
