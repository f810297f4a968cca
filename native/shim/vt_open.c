/*
 * vt_open.c: what an input may be, and VtShim_Open.
 *
 * An input is one local file, read through FFmpeg's file protocol only. The name is never parsed as a URL or a
 * protocol ("file:" is put in front of it), every open, nested ones included, is limited to the file protocol
 * (protocol_whitelist), and demuxers that open other files or URLs named inside the input are refused before
 * they run: playlists (hls, dash), concat lists, image sequences (image2 expands "%03d" patterns and globs),
 * session descriptions (sdp, rtsp, rtp, sap), scripts (avisynth, vapoursynth) and the like. The demuxer is
 * chosen by probing first; when the name alone chose a refused one (an image2 pattern such as "img%03d.png"),
 * the content decides.
 */
#include "vt_internal.h"

#include <stdio.h>
#include <string.h>

#include <libavutil/avstring.h>
#include <libavutil/dict.h>
#include <libavutil/pixdesc.h>

/* Demuxers that read other files or URLs named in the input, or run scripts: refused whatever the input holds. */
static const char* const refused_demuxers[] = {
    "concat", "hls", "dash", "image2", "imf", "sdp", "rtsp", "rtp", "sap", "avisynth", "vapoursynth",
    "webm_dash_manifest", "dvdvideo",
};

static int is_refused(const AVInputFormat* f)
{
    if (!f) {
        return 0;
    }

    for (size_t i = 0; i < sizeof refused_demuxers / sizeof refused_demuxers[0]; i++) {
        if (strcmp(f->name, refused_demuxers[i]) == 0) {
            return 1;
        }
    }

    return 0;
}

/*
 * Chooses the demuxer for url as avformat_open_input would (content and name), through a file-only I/O context.
 * When the name led nowhere or to a refused demuxer, the content alone decides: an image2 pattern in a name
 * ("img%03d.png") scores as high as real content and a tie chooses nothing.
 */
static int probe(VtShimDecoder* d, const char* url, const char* path, const AVInputFormat** out)
{
    AVDictionary* options = NULL;
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    AVIOContext* io = NULL;
    int ret = avio_open2(&io, url, AVIO_FLAG_READ, NULL, &options);
    av_dict_free(&options);
    if (ret < 0) {
        vt_set_error(d, ret, "%s", "");
        return ret;
    }

    *out = NULL;
    ret = av_probe_input_buffer2(io, out, path, NULL, 0, 0);
    if ((ret < 0 || is_refused(*out)) && avio_seek(io, 0, SEEK_SET) == 0) {
        const AVInputFormat* by_content = NULL;
        if (av_probe_input_buffer2(io, &by_content, "", NULL, 0, 0) >= 0 && by_content && !is_refused(by_content)) {
            *out = by_content;
            ret = 0;
        }
    }

    if (ret < 0) {
        vt_set_error(d, ret, "%s", "");
    }

    avio_closep(&io);
    return ret < 0 ? ret : 0;
}

static int open_fail(VtShimDecoder* d, int status)
{
    /* Keep the reason for VtShim_LastError(NULL, ...) on this thread. */
    if (d && d->error[0]) {
        memcpy(vt_open_error, d->error, sizeof vt_open_error);
    }

    VtShim_Close(d);
    return status;
}

int vt_open_container(VtShimDecoder* d, const char* path, AVFormatContext** out)
{
    *out = NULL;
    AVFormatContext* format = avformat_alloc_context();
    if (!format) {
        return VTSHIM_E_NO_MEMORY;
    }

    /* The path is a path: "file:" makes FFmpeg read it with the file protocol whatever it looks like
     * ("pipe:0", "http://...", "concat:a|b", "data:..."), and the whitelist keeps every open to that protocol. */
    char* url = av_asprintf("file:%s", path);
    if (!url) {
        avformat_free_context(format);
        return VTSHIM_E_NO_MEMORY;
    }

    const AVInputFormat* demuxer = NULL;
    int ret = probe(d, url, path, &demuxer);
    if (ret < 0) {
        av_free(url);
        avformat_free_context(format);
        int status = vt_status_from_averror(ret);
        return status == VTSHIM_E_CORRUPT ? VTSHIM_E_NOT_MEDIA : status;
    }

    if (is_refused(demuxer)) {
        av_free(url);
        avformat_free_context(format);
        vt_copy_name(d->error, sizeof d->error, demuxer->name);
        return VTSHIM_E_REFUSED;
    }

    AVDictionary* options = NULL;
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    av_dict_set(&options, "enable_drefs", "0", 0);          /* mov: never follow data references to other files */
    av_dict_set(&options, "use_absolute_path", "0", 0);
    format->opaque = d;
    ret = avformat_open_input(&format, url, demuxer, &options);
    av_dict_free(&options);
    av_free(url);
    if (ret == AVERROR_EOF) {
        /* The content chose a demuxer, and the file ended before the headers it reads (an Ogg file cut there). */
        vt_set_error(d, 0, "the container is truncated or damaged: the file ends before its first frame");
        return VTSHIM_E_CORRUPT;
    }

    if (ret < 0) {
        /* avformat_open_input frees the context on failure */
        vt_set_error(d, ret, "%s", "");
        int status = vt_status_from_averror(ret);
        return status == VTSHIM_E_CORRUPT ? VTSHIM_E_NOT_MEDIA : status;
    }

    ret = avformat_find_stream_info(format, NULL);
    if (ret < 0 && format->nb_streams == 0) {
        vt_set_error(d, ret, "%s", "");
        avformat_close_input(&format);
        return VTSHIM_E_NOT_MEDIA;
    }

    *out = format;
    return VTSHIM_OK;
}

int32_t VtShim_Open(const char* path, int32_t threads, int32_t flags, VtShimStreamInfo* info, VtShimDecoder** out)
{
    vt_open_error[0] = 0;
    if (!out) {
        return VTSHIM_E_ARGUMENT;
    }

    *out = NULL;
    if (!path || !info || threads < 0 || (flags & ~VTSHIM_OPEN_NO_AUTOROTATE)) {
        snprintf(vt_open_error, sizeof vt_open_error, "bad argument");
        return VTSHIM_E_ARGUMENT;
    }

    vt_install_log_callback_once();
    memset(info, 0, sizeof *info);
    VtShimDecoder* d = av_mallocz(sizeof *d);
    if (!d) {
        return VTSHIM_E_NO_MEMORY;
    }

    pthread_mutex_init(&d->log_lock, NULL);
    d->stream = -1;
    if (!vt_registry_add(d)) {
        pthread_mutex_destroy(&d->log_lock);
        av_free(d);
        return VTSHIM_E_NO_MEMORY;
    }

    d->packet = av_packet_alloc();
    d->frame = av_frame_alloc();
    if (!d->packet || !d->frame) {
        return open_fail(d, VTSHIM_E_NO_MEMORY);
    }

    d->path = av_strdup(path);
    if (!d->path) {
        return open_fail(d, VTSHIM_E_NO_MEMORY);
    }

    int ret = vt_open_container(d, path, &d->format);
    if (ret != VTSHIM_OK) {
        return open_fail(d, ret);
    }

    /* The video stream FFmpeg's command line maps by default (5.1's fftools/ffmpeg_opt.c, "video: highest resolution"),
     * among those that are no cover picture: the highest width x height + 5000000 for the default disposition
     * + 100000000 when probing read packets of it, the first of equal ones. FFmpeg fails when that stream has no
     * decoder, and so does this (another stream's score would be a score of the wrong video). */
    const AVCodec* codec = NULL;
    int video_streams = 0, best = -1;
    int64_t best_score = -1;
    for (unsigned i = 0; i < d->format->nb_streams; i++) {
        const AVStream* st = d->format->streams[i];
        if (st->codecpar->codec_type != AVMEDIA_TYPE_VIDEO || (st->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
            continue;
        }

        video_streams++;
        int64_t score = (int64_t)st->codecpar->width * st->codecpar->height
                        + 100000000 * !!(st->event_flags & AVSTREAM_EVENT_FLAG_NEW_PACKETS)
                        + 5000000 * !!(st->disposition & AV_DISPOSITION_DEFAULT);
        if (score > best_score) {
            best_score = score;
            best = (int)i;
        }
    }

    if (best < 0) {
        vt_set_error(d, 0, "%s", d->format->iformat ? d->format->iformat->name : "");
        return open_fail(d, VTSHIM_E_NO_VIDEO);
    }

    codec = avcodec_find_decoder(d->format->streams[best]->codecpar->codec_id);
    if (codec) {
        d->stream = best;
    } else {
        const AVCodecParameters* par = d->format->streams[best]->codecpar;
        char name[64];
        if (par->codec_id == AV_CODEC_ID_NONE) {
            char tag[AV_FOURCC_MAX_STRING_SIZE];
            av_fourcc_make_string(tag, par->codec_tag);
            snprintf(name, sizeof name, "unknown (fourcc %s)", tag);
        } else {
            snprintf(name, sizeof name, "%s", avcodec_get_name(par->codec_id));
        }

        if (video_streams > 1) {
            snprintf(d->error, sizeof d->error, "%s in video stream #%d (%dx%d), the one FFmpeg's command line maps by default",
                     name, best, par->width, par->height);
        } else {
            snprintf(d->error, sizeof d->error, "%s", name);
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
        vt_set_error(d, ret, "%s", "");
        return open_fail(d, VTSHIM_E_INTERNAL);
    }

    d->codec->opaque = d;
    d->codec->pkt_timebase = st->time_base;
    d->codec->thread_count = threads;
    d->codec->max_pixels = (int64_t)VT_MAX_DIMENSION * VT_MAX_DIMENSION;   /* no frame buffer beyond the size limit */
    d->codec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    ret = avcodec_open2(d->codec, codec, NULL);
    if (ret < 0) {
        vt_set_error(d, ret, "%s", codec->name);
        return open_fail(d, ret == AVERROR(ENOMEM) ? VTSHIM_E_NO_MEMORY : VTSHIM_E_UNSUPPORTED_CODEC);
    }

    /* Decode the first frame so that the geometry and pixel format are those of real frames. */
    ret = vt_decode_next(d);
    if (ret == 0) {
        vt_set_error(d, 0, "the video stream has no frames");
        return open_fail(d, VTSHIM_E_CORRUPT);
    }

    if (ret < 0) {
        return open_fail(d, ret);
    }

    d->pending = 1;
    Planar planar;
    if (vt_classify((enum AVPixelFormat)d->frame->format, &planar) < 0) {
        const char* name = av_get_pix_fmt_name((enum AVPixelFormat)d->frame->format);
        snprintf(d->error, sizeof d->error, "%s", name ? name : "unknown");
        return open_fail(d, VTSHIM_E_UNSUPPORTED_FORMAT);
    }

    if (d->frame->width > VT_MAX_DIMENSION || d->frame->height > VT_MAX_DIMENSION) {
        vt_set_error(d, 0, "%dx%d", d->frame->width, d->frame->height);
        return open_fail(d, VTSHIM_E_TOO_LARGE);
    }

    /* The display matrix, applied as FFmpeg's command line applies it unless the caller says not to. */
    VtOrientation turn;
    int matrix = vt_orientation_from_stream(st, d->frame, &turn);
    info->rotation = matrix == 0 ? -1 : turn.degrees;
    if (matrix > 0 && turn.active) {
        vt_copy_name(info->orientation, sizeof info->orientation, vt_orientation_filters(&turn));
    }

    if (!(flags & VTSHIM_OPEN_NO_AUTOROTATE)) {
        char why[128];
        if (matrix < 0) {
            vt_set_error(d, 0, "its display matrix turns it by %d degrees, not a quarter turn", turn.degrees);
            return open_fail(d, VTSHIM_E_ORIENTATION);
        }

        if (matrix > 0 && turn.active && vt_orientation_check(&turn, (enum AVPixelFormat)d->frame->format, why, sizeof why) < 0) {
            vt_set_error(d, 0, "its display matrix (%s) cannot be applied here: %s", vt_orientation_filters(&turn), why);
            return open_fail(d, VTSHIM_E_ORIENTATION);
        }

        if (matrix > 0 && turn.active) {
            d->orientation = turn;
            info->oriented = 1;
        }
    }

    d->native_w = d->out_w = d->orientation.transpose ? d->frame->height : d->frame->width;
    d->native_h = d->out_h = d->orientation.transpose ? d->frame->width : d->frame->height;
    d->out_chroma = planar.chroma;
    d->out_fmt = vt_planar_format(planar.chroma, planar.depth);
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
    info->videoStreams = video_streams;
    info->fieldOrder = st->codecpar->field_order >= AV_FIELD_UNKNOWN && st->codecpar->field_order <= AV_FIELD_BT
                       ? (int32_t)st->codecpar->field_order : VTSHIM_FIELD_UNKNOWN;
    info->streamIndex = d->stream;
    /* The frame's range as the decoder set it (what FFmpeg's filters see), else the container's or the codec
     * parameters' (a VP9 or AV1 stream tagged color_range=pc decodes to plain yuv420p: only the tag says full). */
    enum AVColorRange range = d->frame->color_range != AVCOL_RANGE_UNSPECIFIED ? d->frame->color_range : st->codecpar->color_range;
    if (d->frame->format == AV_PIX_FMT_YUVJ420P || d->frame->format == AV_PIX_FMT_YUVJ422P
        || d->frame->format == AV_PIX_FMT_YUVJ444P || d->frame->format == AV_PIX_FMT_YUVJ440P
        || d->frame->format == AV_PIX_FMT_YUVJ411P) {
        range = AVCOL_RANGE_JPEG;
    }

    info->colorRange = range == AVCOL_RANGE_JPEG ? VTSHIM_RANGE_FULL
                       : range == AVCOL_RANGE_MPEG ? VTSHIM_RANGE_LIMITED : VTSHIM_RANGE_UNSPECIFIED;
    vt_copy_name(info->codecName, sizeof info->codecName, avcodec_get_name(st->codecpar->codec_id));
    vt_copy_name(info->decoderName, sizeof info->decoderName, codec->name);
    vt_copy_name(info->pixelFormat, sizeof info->pixelFormat, av_get_pix_fmt_name((enum AVPixelFormat)d->frame->format));
    vt_copy_name(info->deliveredFormat, sizeof info->deliveredFormat, av_get_pix_fmt_name(d->out_fmt));
    vt_copy_name(info->containerName, sizeof info->containerName, d->format->iformat->name);
    *out = d;
    return VTSHIM_OK;
}
