/*
 * vt_decode.c: decoding. Frames come out of the decoder opened by VtShim_Open (vt_open.c) and are delivered into
 * the caller's planes as they are or through swscale (vt_scale.c).
 *
 * Written against FFmpeg 5.1 and kept to API that FFmpeg 6 and 7 still have: no avcodec_decode_video2,
 * av_init_packet, avcodec_close, AVFrame.pkt_duration/pkt_pos/key_frame/interlaced_frame,
 * AVCodecContext.ticks_per_frame or av_stream_get_r_frame_rate. Built with -Werror=deprecated-declarations.
 */
#include "vt_internal.h"

#include <string.h>

#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

int32_t VtShim_AbiVersion(void) { return VTSHIM_ABI_VERSION; }

void VtShim_Close(VtShimDecoder* d)
{
    if (!d) {
        return;
    }

    vt_registry_remove(d);
    av_freep(&d->path);
    avcodec_free_context(&d->codec);
    avformat_close_input(&d->format);
    av_packet_free(&d->packet);
    av_frame_free(&d->frame);
    av_frame_free(&d->oriented);
    vt_scaler_free(&d->scaler);
    pthread_mutex_destroy(&d->log_lock);
    av_free(d);
}

/* A frame that a decoder marked as concealed or corrupt counts as corrupt data. */
static int frame_is_damaged(const AVFrame* f)
{
    return (f->flags & AV_FRAME_FLAG_CORRUPT) || f->decode_error_flags != 0;
}

int64_t vt_frame_time(const AVFrame* f)
{
    return f->pts != AV_NOPTS_VALUE ? f->pts : f->best_effort_timestamp;
}

/* Frame `d->delivered` is the one being decoded, which names it in the error. */
int vt_decode_next(VtShimDecoder* d)
{
    int ret = vt_decode_any(d);
    if (ret == 1 && frame_is_damaged(d->frame)) {
        av_frame_unref(d->frame);
        vt_set_error(d, 0, "the decoder concealed damaged data");
        return VTSHIM_E_CORRUPT;
    }

    return ret;
}

int vt_decode_any(VtShimDecoder* d)
{
    for (;;) {
        if (d->decoder_done) {
            /* The end of the file is judged once every frame before it is out: an error names the first one missing. */
            return d->demux_done ? vt_check_end(d) : 0;
        }

        int ret = avcodec_receive_frame(d->codec, d->frame);
        if (ret >= 0) {
            return 1;
        }

        if (ret == AVERROR_EOF) {
            d->decoder_done = 1;
            continue;
        }

        if (ret != AVERROR(EAGAIN)) {
            vt_set_error(d, ret, "decoding failed");
            return vt_status_from_averror(ret);
        }

        if (d->demux_done) {
            /* The decoder wants input after being flushed: it has nothing more to give. */
            d->decoder_done = 1;
            continue;
        }

        ret = av_read_frame(d->format, d->packet);
        if ((ret >= 0 || ret == AVERROR_EOF) && vt_check_demuxer(d) != VTSHIM_OK) {
            av_packet_unref(d->packet);
            return VTSHIM_E_CORRUPT;
        }

        if (ret == AVERROR_EOF) {
            d->demux_done = 1;
            ret = avcodec_send_packet(d->codec, NULL);
            if (ret < 0 && ret != AVERROR_EOF) {
                vt_set_error(d, ret, "flushing the decoder failed");
                return vt_status_from_averror(ret);
            }

            continue;
        }

        if (ret < 0) {
            vt_set_error(d, ret, "reading the file failed");
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
            vt_set_error(d, ret, "decoding failed");
            return vt_status_from_averror(ret);
        }
    }
}

int32_t VtShim_SetOutputFormat(VtShimDecoder* d, int32_t width, int32_t height, int32_t chroma, int32_t bitDepth,
                               int32_t scaler)
{
    if (!d) {
        return VTSHIM_E_ARGUMENT;
    }

    enum AVPixelFormat fmt = vt_planar_format(chroma, bitDepth);
    if (width <= 0 || height <= 0 || width > VT_MAX_DIMENSION || height > VT_MAX_DIMENSION || fmt == AV_PIX_FMT_NONE
        || (scaler != VTSHIM_SCALER_NONE && scaler != VTSHIM_SCALER_BICUBIC)) {
        vt_set_error(d, 0, "bad output format %dx%d chroma %d depth %d scaler %d", width, height, chroma, bitDepth, scaler);
        return VTSHIM_E_ARGUMENT;
    }

    if (scaler == VTSHIM_SCALER_NONE && (width != d->native_w || height != d->native_h)) {
        vt_set_error(d, 0, "a size change needs a scaler");
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

/* Writes d->frame into the caller's planes in the output format: a plain copy, or swscale. */
static int deliver(VtShimDecoder* d, uint8_t* const planes[3], const int32_t strides[3])
{
    AVFrame* f = d->frame;
    int bps = vt_bytes_per_sample(d->out_fmt);
    Planar planar;
    if (vt_classify((enum AVPixelFormat)f->format, &planar) < 0) {
        const char* name = av_get_pix_fmt_name((enum AVPixelFormat)f->format);
        vt_set_error(d, 0, "unsupported pixel format %s", name ? name : "unknown");
        return VTSHIM_E_UNSUPPORTED_FORMAT;
    }

    if (d->orientation.active) {
        char why[128];
        if (vt_orientation_check(&d->orientation, (enum AVPixelFormat)f->format, why, sizeof why) < 0) {
            vt_set_error(d, 0, "cannot turn the frames as the display matrix says (%d degrees): %s", d->orientation.degrees, why);
            return VTSHIM_E_ORIENTATION;
        }

        int ret = vt_orient_frame(d, f, &f);
        if (ret < 0) {
            vt_set_error(d, ret, "orienting a frame");
            return ret == AVERROR(ENOMEM) ? VTSHIM_E_NO_MEMORY : VTSHIM_E_INTERNAL;
        }
    }

    if (planar.pass && planar.chroma == d->out_chroma && planar.depth == d->out_depth
        && f->width == d->out_w && f->height == d->out_h) {
        vt_copy_planes(f, d->out_chroma, bps, planes, strides);
        return VTSHIM_FRAME;
    }

    if (d->scaler_kind == VTSHIM_SCALER_NONE && (f->width != d->out_w || f->height != d->out_h)) {
        vt_set_error(d, 0, "%dx%d to %dx%d", d->native_w, d->native_h, f->width, f->height);
        return VTSHIM_E_SIZE_CHANGE;
    }

    /* FFmpeg's command line converts formats with bicubic swscale too (its default sws_flags). */
    int ret = vt_scaler_setup(&d->scaler, f->width, f->height, (enum AVPixelFormat)f->format,
                           d->out_w, d->out_h, d->out_fmt, SWS_BICUBIC, f->color_range == AVCOL_RANGE_JPEG);
    if (ret >= 0) {
        ret = vt_scaler_run(&d->scaler, f);
    }

    if (ret < 0) {
        vt_set_error(d, ret, "swscale failed");
        return ret == AVERROR(ENOMEM) ? VTSHIM_E_NO_MEMORY : VTSHIM_E_UNSUPPORTED_FORMAT;
    }

    vt_copy_planes(d->scaler.out, d->out_chroma, bps, planes, strides);
    return VTSHIM_FRAME;
}

int32_t VtShim_ReadFrame(VtShimDecoder* d, uint8_t* const planes[3], const int32_t strides[3])
{
    if (!d || !planes || !strides || !planes[0] || (d->out_chroma != VTSHIM_CHROMA_MONO && (!planes[1] || !planes[2]))) {
        if (d) {
            vt_set_error(d, 0, "bad argument");
        }

        return VTSHIM_E_ARGUMENT;
    }

    d->error[0] = 0;
    if (!d->pending) {
        int ret = vt_decode_next(d);
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

    /* Packets still in the file, one frame each, up to the end or to where the container is found damaged. */
    int status = VTSHIM_OK;
    int ended = d->demux_done;
    while (!d->demux_done) {
        int ret = av_read_frame(d->format, d->packet);
        status = ret >= 0 || ret == AVERROR_EOF ? vt_check_demuxer(d) : VTSHIM_OK;
        if (ret < 0 || status != VTSHIM_OK) {
            av_packet_unref(d->packet);
            d->demux_done = 1;
            ended = ret == AVERROR_EOF;
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

    if (status == VTSHIM_OK && ended) {
        status = vt_check_end(d);
    }

    *frames = count;
    return status;
}
