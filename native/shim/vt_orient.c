/*
 * vt_orient.c: the container's display matrix, applied to the decoded frames as FFmpeg's command line applies it by
 * default (its autorotate: `ffmpeg -i in.mp4 out.y4m` writes the frames turned the way a player shows them). Only
 * moves of samples: quarter turns, flips and their combinations, so the result equals FFmpeg's transpose, hflip and
 * vflip filters bit for bit.
 */
#include "vt_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libavutil/display.h>
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>

/* The display matrix FFmpeg's command line uses: the first frame's (an H.264/HEVC display orientation SEI), else the
 * stream's (the container's), else NULL. */
static const int32_t* display_matrix(const AVStream* st, const AVFrame* first)
{
    const AVFrameSideData* fsd = first ? av_frame_get_side_data(first, AV_FRAME_DATA_DISPLAYMATRIX) : NULL;
    if (fsd && fsd->size >= 9 * sizeof(int32_t)) {
        return (const int32_t*)fsd->data;
    }

#if LIBAVFORMAT_VERSION_MAJOR >= 61
    const AVPacketSideData* sd = av_packet_side_data_get(st->codecpar->coded_side_data, st->codecpar->nb_coded_side_data,
                                                         AV_PKT_DATA_DISPLAYMATRIX);
    return sd && sd->size >= 9 * sizeof(int32_t) ? (const int32_t*)sd->data : NULL;
#else
    size_t size = 0;
    const uint8_t* data = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
    return data && size >= 9 * sizeof(int32_t) ? (const int32_t*)data : NULL;
#endif
}

/*
 * What FFmpeg 5.1's command line inserts for a display matrix (fftools: get_rotation and the input filter set-up):
 * theta = -round(rotation), brought into [0, 360); within 1 degree of 90 a transpose (cclock_flip where m[3] > 0,
 * else clock), of 180 an hflip where m[0] < 0 and a vflip where m[4] < 0, of 270 a transpose (clock_flip where
 * m[3] < 0, else cclock), of 0 a vflip where m[4] < 0; any other angle its rotate filter, which we do not apply.
 * As sample moves: out[r][c] = in[y][x] with y, x = (c, r) when transposed, else (r, c), each reversed as flagged.
 * Returns 1 with *out set, 0 when there is no matrix (or it has no angle), -1 for an angle that is no quarter turn.
 */
int vt_orientation_from_stream(const AVStream* st, const AVFrame* first, VtOrientation* out)
{
    memset(out, 0, sizeof *out);
    const int32_t* m = display_matrix(st, first);
    if (!m) {
        return 0;
    }

    double theta = -round(av_display_rotation_get(m));
    theta -= 360 * floor(theta / 360 + 0.9 / 360);
    if (isnan(theta)) {
        return 0;
    }

    out->degrees = (int)lround(theta);
    if (fabs(theta - 90) < 1.0) {
        out->transpose = 1;
        out->reverse_y = m[3] > 0 ? 0 : 1;          /* cclock_flip: none reversed; clock: source rows reversed */
    } else if (fabs(theta - 180) < 1.0) {
        out->reverse_x = m[0] < 0;
        out->reverse_y = m[4] < 0;
    } else if (fabs(theta - 270) < 1.0) {
        out->transpose = 1;
        out->reverse_y = m[3] < 0;                  /* clock_flip: both reversed; cclock: source columns reversed */
        out->reverse_x = 1;
    } else if (fabs(theta) < 1.0) {
        out->reverse_y = m[4] < 0;
    } else {
        return -1;
    }

    out->active = out->transpose || out->reverse_x || out->reverse_y;
    return 1;
}

/* Writes one plane of w x h samples of `bps` bytes, oriented, into dst (its size: h x w when transposed). */
static void orient_plane(const uint8_t* src, ptrdiff_t src_stride, int w, int h, uint8_t* dst, ptrdiff_t dst_stride,
                         int bps, const VtOrientation* o)
{
    int out_w = o->transpose ? h : w, out_h = o->transpose ? w : h;
    if (!o->transpose) {
        for (int r = 0; r < out_h; r++) {
            const uint8_t* s = src + (ptrdiff_t)(o->reverse_y ? h - 1 - r : r) * src_stride;
            uint8_t* d = dst + (ptrdiff_t)r * dst_stride;
            if (!o->reverse_x) {
                memcpy(d, s, (size_t)w * bps);
            } else if (bps == 1) {
                for (int c = 0; c < w; c++) d[c] = s[w - 1 - c];
            } else {
                for (int c = 0; c < w; c++) memcpy(d + 2 * c, s + 2 * (w - 1 - c), 2);
            }
        }

        return;
    }

    /* Transposed: 32 x 32 tiles, so that the column walk of the source stays in cache. */
    for (int r0 = 0; r0 < out_h; r0 += 32) {
        for (int c0 = 0; c0 < out_w; c0 += 32) {
            int r1 = r0 + 32 < out_h ? r0 + 32 : out_h, c1 = c0 + 32 < out_w ? c0 + 32 : out_w;
            for (int r = r0; r < r1; r++) {
                int x = o->reverse_x ? w - 1 - r : r;
                uint8_t* d = dst + (ptrdiff_t)r * dst_stride;
                for (int c = c0; c < c1; c++) {
                    int y = o->reverse_y ? h - 1 - c : c;
                    const uint8_t* s = src + (ptrdiff_t)y * src_stride + (ptrdiff_t)x * bps;
                    if (bps == 1) {
                        d[c] = *s;
                    } else {
                        memcpy(d + 2 * c, s, 2);
                    }
                }
            }
        }
    }
}

const char* vt_orientation_filters(const VtOrientation* o)
{
    if (o->transpose) {
        return o->reverse_y ? (o->reverse_x ? "transpose=clock_flip" : "transpose=clock")
                            : (o->reverse_x ? "transpose=cclock" : "transpose=cclock_flip");
    }

    return o->reverse_x ? (o->reverse_y ? "hflip,vflip" : "hflip") : (o->reverse_y ? "vflip" : "");
}

int vt_orientation_check(const VtOrientation* o, enum AVPixelFormat format, char* why, size_t capacity)
{
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
    Planar planar;
    if (!desc || vt_classify(format, &planar) < 0 || !planar.pass) {
        snprintf(why, capacity, "its frames (%s) are not planar YUV", desc ? desc->name : "unknown");
        return -1;
    }

    if (o->transpose && planar.chroma != VTSHIM_CHROMA_MONO && desc->log2_chroma_w != desc->log2_chroma_h) {
        snprintf(why, capacity, "its chroma (%s) is subsampled in one direction only", desc->name);
        return -1;
    }

    return 0;
}

int vt_orient_frame(VtShimDecoder* d, const AVFrame* in, AVFrame** out)
{
    const VtOrientation* o = &d->orientation;
    int w = o->transpose ? in->height : in->width, h = o->transpose ? in->width : in->height;
    AVFrame* f = d->oriented;
    if (!f || f->format != in->format || f->width != w || f->height != h) {
        av_frame_free(&d->oriented);
        f = d->oriented = av_frame_alloc();
        if (!f) {
            return AVERROR(ENOMEM);
        }

        f->format = in->format;
        f->width = w;
        f->height = h;
        int ret = av_frame_get_buffer(f, 0);
        if (ret < 0) {
            av_frame_free(&d->oriented);
            return ret;
        }
    }

    int ret = av_frame_copy_props(f, in);
    if (ret < 0) {
        return ret;
    }

    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get((enum AVPixelFormat)in->format);
    int bps = vt_bytes_per_sample((enum AVPixelFormat)in->format);
    int planes = desc->nb_components >= 3 ? 3 : 1;
    for (int p = 0; p < planes; p++) {
        int pw = p == 0 ? in->width : AV_CEIL_RSHIFT(in->width, desc->log2_chroma_w);
        int ph = p == 0 ? in->height : AV_CEIL_RSHIFT(in->height, desc->log2_chroma_h);
        orient_plane(in->data[p], in->linesize[p], pw, ph, f->data[p], f->linesize[p], bps, o);
    }

    *out = f;
    return 0;
}
