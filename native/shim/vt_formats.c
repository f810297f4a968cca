/*
 * vt_formats.c: pixel formats. Which planar YUV layout (chroma code, bit depth) a decoder's pixel format is
 * delivered in, whether its samples can be copied as they are, and the sizes of planes.
 */
#include "vt_internal.h"

#include <stdio.h>

#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

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
int vt_classify(enum AVPixelFormat format, Planar* out)
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
enum AVPixelFormat vt_planar_format(int chroma, int depth)
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

int vt_bytes_per_sample(enum AVPixelFormat format)
{
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(format);
    return d && d->comp[0].depth > 8 ? 2 : 1;
}

int vt_plane_count(int chroma) { return chroma == VTSHIM_CHROMA_MONO ? 1 : 3; }

int vt_plane_width(int chroma, int width, int plane)
{
    return plane == 0 || chroma == VTSHIM_CHROMA_444 ? width : (width + 1) >> 1;
}

int vt_plane_height(int chroma, int height, int plane)
{
    return plane == 0 || chroma != VTSHIM_CHROMA_420 ? height : (height + 1) >> 1;
}

void vt_copy_name(char* dst, size_t capacity, const char* src)
{
    snprintf(dst, capacity, "%s", src ? src : "");
}

void vt_copy_planes(const AVFrame* src, int chroma, int bps, uint8_t* const planes[3], const int32_t strides[3])
{
    for (int p = 0; p < vt_plane_count(chroma); p++) {
        av_image_copy_plane(planes[p], strides[p], src->data[p], src->linesize[p],
                            vt_plane_width(chroma, src->width, p) * bps, vt_plane_height(chroma, src->height, p));
    }
}
