/*
 * vt_scale.c: swscale, set up as FFmpeg 5.1's libavfilter/vf_scale.c sets it up, for decoded frames (vt_decode.c)
 * and, through the VtShim_Scaler* exports, for frames that come from y4m or raw .yuv files.
 */
#include "vt_internal.h"

#include <string.h>

#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

void vt_scaler_free(Scaler* s)
{
    sws_freeContext(s->sws);
    av_frame_free(&s->out);
    memset(s, 0, sizeof *s);
}

/*
 * (Re)creates the context for the given conversion. The options are those vf_scale's config_props passes
 * for a progressive frame: sizes, formats, flags, one thread, MPEG-2 vertical chroma siting for exactly
 * yuv420p on either side, and every other position left to swscale (-513); src_full 1 creates it for full-range input
 * (src_range), as FFmpeg's conversion of a frame tagged color_range=pc is created: swscale's per-frame colour details
 * (vt_scaler_run) set up a range conversion for 8-bit sources only, so a 10-bit full-range frame kept 0-1023 otherwise.
 */
int vt_scaler_setup(Scaler* s, int src_w, int src_h, enum AVPixelFormat src_fmt,
                        int dst_w, int dst_h, enum AVPixelFormat dst_fmt, int flags, int src_full)
{
    if (s->sws && s->src_w == src_w && s->src_h == src_h && s->src_fmt == src_fmt
        && s->dst_w == dst_w && s->dst_h == dst_h && s->dst_fmt == dst_fmt && s->flags == flags && s->src_full == src_full) {
        return 0;
    }

    vt_scaler_free(s);
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
    if (src_full > 0) {
        av_opt_set_int(sws, "src_range", 1, 0);
    }
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
    s->src_full = src_full;
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
int vt_scaler_run(Scaler* s, const AVFrame* in)
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

struct VtShimScalerContext {
    Scaler scaler;
    AVFrame* in;
    int src_w, src_h, src_chroma, dst_w, dst_h, dst_chroma;
};

/* -- the standalone scaler exports ------------------------------------------------------------ */

int32_t VtShim_ScalerCreate(int32_t srcWidth, int32_t srcHeight, int32_t srcChroma, int32_t srcBitDepth,
                            int32_t dstWidth, int32_t dstHeight, int32_t dstChroma, int32_t dstBitDepth,
                            int32_t scaler, VtShimScalerContext** out)
{
    vt_open_error[0] = 0;
    if (!out) {
        return VTSHIM_E_ARGUMENT;
    }

    *out = NULL;
    vt_install_log_callback_once();
    enum AVPixelFormat src_fmt = vt_planar_format(srcChroma, srcBitDepth);
    enum AVPixelFormat dst_fmt = vt_planar_format(dstChroma, dstBitDepth);
    if (src_fmt == AV_PIX_FMT_NONE || dst_fmt == AV_PIX_FMT_NONE || srcWidth <= 0 || srcHeight <= 0
        || dstWidth <= 0 || dstHeight <= 0 || srcWidth > VT_MAX_DIMENSION || srcHeight > VT_MAX_DIMENSION
        || dstWidth > VT_MAX_DIMENSION || dstHeight > VT_MAX_DIMENSION
        || (scaler != VTSHIM_SCALER_NONE && scaler != VTSHIM_SCALER_BICUBIC)
        || (scaler == VTSHIM_SCALER_NONE && (srcWidth != dstWidth || srcHeight != dstHeight))) {
        snprintf(vt_open_error, sizeof vt_open_error, "bad scaler arguments");
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
        ret = vt_scaler_setup(&s->scaler, srcWidth, srcHeight, src_fmt, dstWidth, dstHeight, dst_fmt, SWS_BICUBIC, 0);
    }

    if (ret < 0) {
        char text[AV_ERROR_MAX_STRING_SIZE];
        av_strerror(ret, text, sizeof text);
        snprintf(vt_open_error, sizeof vt_open_error, "swscale: %s", text);
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

    int src_bps = vt_bytes_per_sample((enum AVPixelFormat)s->in->format);
    for (int p = 0; p < vt_plane_count(s->src_chroma); p++) {
        if (!srcPlanes[p]) {
            return VTSHIM_E_ARGUMENT;
        }

        av_image_copy_plane(s->in->data[p], s->in->linesize[p], srcPlanes[p], srcStrides[p],
                            vt_plane_width(s->src_chroma, s->src_w, p) * src_bps, vt_plane_height(s->src_chroma, s->src_h, p));
    }

    for (int p = 0; p < vt_plane_count(s->dst_chroma); p++) {
        if (!dstPlanes[p]) {
            return VTSHIM_E_ARGUMENT;
        }
    }

    ret = vt_scaler_run(&s->scaler, s->in);
    if (ret < 0) {
        return VTSHIM_E_INTERNAL;
    }

    vt_copy_planes(s->scaler.out, s->dst_chroma, vt_bytes_per_sample(s->scaler.dst_fmt), dstPlanes, dstStrides);
    return VTSHIM_OK;
}

void VtShim_ScalerClose(VtShimScalerContext* s)
{
    if (!s) {
        return;
    }

    vt_scaler_free(&s->scaler);
    av_frame_free(&s->in);
    av_free(s);
}
