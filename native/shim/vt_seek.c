/*
 * vt_seek.c: frame-accurate seeking (VtShim_SeekFrame).
 *
 * A frame's number is its place in display order among the frames decoding from the start delivers, so it is
 * found by counting, never computed from a timestamp and a frame rate: the video packets are read (not decoded)
 * from the start, and frame n is the packet with the n-th smallest presentation timestamp. Decoding then starts at
 * the keyframe before the frame, as a player's exact seek does, and the frames before the wanted one are dropped
 * by comparing timestamps exactly (integers in the stream's time base).
 *
 * The keyframe K must be a clean random access point: no packet before it in decoding order may come after it in
 * display order. Then every frame from K on in display order is decoded from K on in decoding order and is whole;
 * the only other frames decoding from K gives are K's leading pictures of an open GOP (HEVC's RASL, H.264's
 * B-frames before an open-GOP I-frame), which come before K in display order and are dropped unseen, damaged or not.
 * VP9 and AV1 bundle hidden frames with a shown one, one packet per displayed frame; AV1's forward keyframes are
 * not sync samples, so an open-GOP AV1 stream has its keyframes only where the encoder closed the GOP.
 */
#include "vt_internal.h"

#include <stdlib.h>
#include <string.h>

/* Packets read past the target: more than any decoder's reordering (H.264 and HEVC reorder at most 16 frames). */
#define SCAN_MARGIN 64

typedef struct Packet {
    int64_t pts;
    int64_t dts;
    int key;
    int discard;                    /* AV_PKT_FLAG_DISCARD (an edit list's trimmed start): decoded, never shown */
} Packet;

typedef struct Scan {
    Packet* packets;                /* the video packets in decoding order */
    int64_t count;
    int ended;                      /* the stream ended within the scan */
    int timed;                      /* every shown packet has a presentation timestamp */
    int64_t* shown;                 /* the shown packets' timestamps, sorted: frame n is at shown[n] */
    int64_t shown_count;
    int64_t* order;                 /* packet indexes sorted by pts, to find a packet by its timestamp */
} Scan;

static void scan_free(Scan* s)
{
    av_freep(&s->packets);
    av_freep(&s->shown);
    av_freep(&s->order);
}

static int compare_times(const void* a, const void* b)
{
    int64_t x = *(const int64_t*)a, y = *(const int64_t*)b;
    return (x > y) - (x < y);
}

static const Packet* g_sort_packets;    /* qsort has no context argument; guarded by g_sort_lock */
static pthread_mutex_t g_sort_lock = PTHREAD_MUTEX_INITIALIZER;

static int compare_by_pts(const void* a, const void* b)
{
    int64_t x = g_sort_packets[*(const int64_t*)a].pts, y = g_sort_packets[*(const int64_t*)b].pts;
    return (x > y) - (x < y);
}

/* Opens the file again and reads the stream's packets from the start, up to `limit` of them or the end. */
static int scan_packets(VtShimDecoder* d, int64_t limit, Scan* s)
{
    memset(s, 0, sizeof *s);
    AVFormatContext* format = NULL;
    int status = vt_open_container(d, d->path, &format);
    if (status != VTSHIM_OK) {
        return status;
    }

    for (unsigned i = 0; i < format->nb_streams; i++) {
        format->streams[i]->discard = (int)i == d->stream ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    }

    int64_t capacity = limit < 4096 ? limit : 4096;
    s->packets = av_malloc_array((size_t)capacity, sizeof *s->packets);
    AVPacket* packet = av_packet_alloc();
    status = s->packets && packet ? VTSHIM_OK : VTSHIM_E_NO_MEMORY;
    while (status == VTSHIM_OK && s->count < limit) {
        int ret = av_read_frame(format, packet);
        if ((ret >= 0 || ret == AVERROR_EOF) && vt_check_demuxer(d) != VTSHIM_OK) {
            av_packet_unref(packet);
            status = VTSHIM_E_CORRUPT;
            break;
        }

        if (ret == AVERROR_EOF) {
            status = vt_check_end(d);
            s->ended = 1;
            break;
        }

        if (ret < 0) {
            vt_set_error(d, ret, "reading the file failed");
            status = ret == AVERROR(EIO) ? VTSHIM_E_IO : VTSHIM_E_CORRUPT;
            break;
        }

        if (packet->stream_index == d->stream) {
            if (s->count == capacity) {
                capacity *= 2;
                Packet* grown = av_realloc_array(s->packets, (size_t)capacity, sizeof *grown);
                if (!grown) {
                    status = VTSHIM_E_NO_MEMORY;
                    av_packet_unref(packet);
                    break;
                }

                s->packets = grown;
            }

            s->packets[s->count++] = (Packet){
                .pts = packet->pts,
                .dts = packet->dts,
                .key = (packet->flags & AV_PKT_FLAG_KEY) != 0,
                .discard = (packet->flags & AV_PKT_FLAG_DISCARD) != 0,
            };
        }

        av_packet_unref(packet);
    }

    av_packet_free(&packet);
    avformat_close_input(&format);
    if (status != VTSHIM_OK) {
        scan_free(s);
        return status;
    }

    s->timed = 1;
    s->shown = av_malloc_array((size_t)(s->count ? s->count : 1), sizeof *s->shown);
    s->order = av_malloc_array((size_t)(s->count ? s->count : 1), sizeof *s->order);
    if (!s->shown || !s->order) {
        scan_free(s);
        return VTSHIM_E_NO_MEMORY;
    }

    for (int64_t i = 0; i < s->count; i++) {
        s->order[i] = i;
        if (s->packets[i].discard) {
            continue;
        }

        if (s->packets[i].pts == AV_NOPTS_VALUE) {
            s->timed = 0;
        }

        s->shown[s->shown_count++] = s->packets[i].pts;
    }

    qsort(s->shown, (size_t)s->shown_count, sizeof *s->shown, compare_times);
    pthread_mutex_lock(&g_sort_lock);
    g_sort_packets = s->packets;
    qsort(s->order, (size_t)s->count, sizeof *s->order, compare_by_pts);
    g_sort_packets = NULL;
    pthread_mutex_unlock(&g_sort_lock);
    for (int64_t i = 1; i < s->shown_count && s->timed; i++) {
        if (s->shown[i] == s->shown[i - 1]) {
            s->timed = 0;       /* two frames at one time: timestamps cannot tell them apart */
        }
    }

    return VTSHIM_OK;
}

/* The frames shown before time t: the number of the frame at t. */
static int64_t frames_before(const Scan* s, int64_t t)
{
    int64_t lo = 0, hi = s->shown_count;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (s->shown[mid] < t) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }

    return lo;
}

/* The decoding-order index of the scanned packet with presentation time t, or -1. */
static int64_t packet_at(const Scan* s, int64_t t)
{
    int64_t lo = 0, hi = s->count;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (s->packets[s->order[mid]].pts < t) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }

    return lo < s->count && s->packets[s->order[lo]].pts == t ? s->order[lo] : -1;
}

/*
 * The clean keyframe to decode from for a frame shown at time t: the last keyframe in decoding order shown at or
 * before t that no earlier packet follows in display order. -1 when there is none.
 */
static int64_t keyframe_for(const Scan* s, int64_t t)
{
    int64_t best = -1, latest = INT64_MIN;
    for (int64_t i = 0; i < s->count; i++) {
        const Packet* p = &s->packets[i];
        if (p->key && !p->discard && p->pts <= t && latest < p->pts) {
            best = i;
        }

        if (p->pts > latest) {
            latest = p->pts;
        }
    }

    return best;
}

/* Reads the next packet of the decoded stream into d->packet: 1, 0 at the end, or a negative status. */
static int next_packet(VtShimDecoder* d, AVFormatContext* format)
{
    for (;;) {
        int ret = av_read_frame(format, d->packet);
        if ((ret >= 0 || ret == AVERROR_EOF) && vt_check_demuxer(d) != VTSHIM_OK) {
            av_packet_unref(d->packet);
            return VTSHIM_E_CORRUPT;
        }

        if (ret == AVERROR_EOF) {
            return 0;
        }

        if (ret < 0) {
            vt_set_error(d, ret, "reading the file failed");
            return ret == AVERROR(EIO) ? VTSHIM_E_IO : VTSHIM_E_CORRUPT;
        }

        if (d->packet->stream_index == d->stream) {
            return 1;
        }

        av_packet_unref(d->packet);
    }
}

/*
 * Puts the demuxer on packet `key` by seeking to its timestamp; the packets read after the seek must be the scanned
 * ones, in order, up to it. On success d->packet holds packet `key`. Returns 1, or 0 when the seek did not land
 * on a scanned packet at or before `key` (the caller then opens the file again), or a negative status.
 */
static int position_by_seek(VtShimDecoder* d, const Scan* s, int64_t key)
{
    const Packet* k = &s->packets[key];
    int64_t ts = k->dts != AV_NOPTS_VALUE && k->dts < k->pts ? k->dts : k->pts;
    if (av_seek_frame(d->format, d->stream, ts, AVSEEK_FLAG_BACKWARD) < 0) {
        return 0;
    }

    int ret = next_packet(d, d->format);
    if (ret <= 0) {
        return ret;
    }

    int64_t at = d->packet->pts == AV_NOPTS_VALUE ? -1 : packet_at(s, d->packet->pts);
    if (at < 0 || at > key) {
        av_packet_unref(d->packet);
        return 0;
    }

    while (at < key) {
        av_packet_unref(d->packet);
        ret = next_packet(d, d->format);
        if (ret <= 0) {
            return ret;
        }

        at++;
        if (d->packet->pts != s->packets[at].pts) {
            av_packet_unref(d->packet);
            return 0;
        }
    }

    return 1;
}

/* Opens the file again and skips `key` packets of the stream (reading, not decoding): d->packet holds packet `key`. */
static int position_by_reopening(VtShimDecoder* d, const Scan* s, int64_t key)
{
    AVFormatContext* format = NULL;
    int status = vt_open_container(d, d->path, &format);
    if (status != VTSHIM_OK) {
        return status;
    }

    for (unsigned i = 0; i < format->nb_streams; i++) {
        format->streams[i]->discard = (int)i == d->stream ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    }

    for (int64_t i = 0; i <= key; i++) {
        int ret = next_packet(d, format);
        if (ret <= 0 || d->packet->pts != s->packets[i].pts) {
            if (ret > 0) {
                av_packet_unref(d->packet);
                vt_set_error(d, 0, "the file reads differently the second time");
            }

            avformat_close_input(&format);
            return ret < 0 ? ret : VTSHIM_E_CORRUPT;
        }

        if (i < key) {
            av_packet_unref(d->packet);
        }
    }

    avformat_close_input(&d->format);
    d->format = format;
    return 1;
}

/* Decodes forward from the current position, dropping frames until `target` is the next to deliver. */
static int decode_forward(VtShimDecoder* d, int64_t target, int64_t* position)
{
    while (d->delivered < target) {
        int ret = d->pending ? 1 : vt_decode_next(d);
        if (ret < 0) {
            return ret;
        }

        d->pending = 0;
        av_frame_unref(d->frame);
        if (ret == 0) {
            break;
        }

        d->delivered++;
    }

    *position = d->delivered;
    return VTSHIM_OK;
}

int32_t VtShim_SeekFrame(VtShimDecoder* d, int64_t target, VtShimSeekInfo* info)
{
    if (!d || !info || target < d->delivered) {
        if (d) {
            vt_set_error(d, 0, "bad seek: frame %lld, the next frame is %lld", (long long)target, (long long)d->delivered);
        }

        return VTSHIM_E_ARGUMENT;
    }

    memset(info, 0, sizeof *info);
    info->keyframe = -1;
    d->error[0] = 0;
    if (target == d->delivered || d->decoder_done) {
        info->position = d->delivered;
        return VTSHIM_OK;
    }

    Scan s;
    int status = scan_packets(d, target + SCAN_MARGIN, &s);
    if (status != VTSHIM_OK) {
        return status;
    }

    if (s.ended && s.shown_count <= target) {
        /* The stream ends before the frame: nothing is left to deliver. */
        scan_free(&s);
        av_frame_unref(d->frame);
        d->pending = 0;
        d->demux_done = d->decoder_done = 1;
        d->delivered = info->position = s.shown_count;
        info->method = VTSHIM_SEEK_END;
        return VTSHIM_OK;
    }

    int64_t key = s.timed ? keyframe_for(&s, s.shown[target]) : -1;
    int64_t key_frame = key >= 0 ? frames_before(&s, s.packets[key].pts) : -1;
    if (key < 0 || key_frame <= d->delivered) {
        /* No timestamps to place frames by, or no keyframe ahead of where decoding is: decode on from here. */
        scan_free(&s);
        info->method = VTSHIM_SEEK_DECODED;
        return decode_forward(d, target, &info->position);
    }

    int64_t key_time = s.packets[key].pts, target_time = s.shown[target];
    int ret = position_by_seek(d, &s, key);
    info->method = VTSHIM_SEEK_TIMESTAMP;
    if (ret == 0) {
        ret = position_by_reopening(d, &s, key);
        info->method = VTSHIM_SEEK_REOPENED;
    }

    scan_free(&s);
    if (ret < 0) {
        return ret;
    }

    /* Decode from the keyframe: its leading pictures (shown before it) are dropped unseen; the frames from it to the
     * target are dropped too, but must be whole. */
    avcodec_flush_buffers(d->codec);
    av_frame_unref(d->frame);
    d->pending = 0;
    d->demux_done = d->decoder_done = 0;
    ret = avcodec_send_packet(d->codec, d->packet);
    av_packet_unref(d->packet);
    if (ret < 0) {
        vt_set_error(d, ret, "decoding failed");
        return vt_status_from_averror(ret);
    }

    for (;;) {
        ret = vt_decode_any(d);
        if (ret <= 0) {
            if (ret == 0) {
                vt_set_error(d, 0, "frame %lld was not found after its keyframe", (long long)target);
            }

            return ret < 0 ? ret : VTSHIM_E_CORRUPT;
        }

        int64_t t = vt_frame_time(d->frame);
        if (t < key_time) {
            av_frame_unref(d->frame);
            continue;
        }

        if (d->frame->decode_error_flags || (d->frame->flags & AV_FRAME_FLAG_CORRUPT)) {
            av_frame_unref(d->frame);
            vt_set_error(d, 0, "the decoder concealed damaged data");
            return VTSHIM_E_CORRUPT;
        }

        if (t < target_time) {
            av_frame_unref(d->frame);
            continue;
        }

        if (t > target_time) {
            av_frame_unref(d->frame);
            vt_set_error(d, 0, "frame %lld was not delivered after its keyframe", (long long)target);
            return VTSHIM_E_CORRUPT;
        }

        break;
    }

    vt_clear_logged(d);     /* what FFmpeg said about dropped leading pictures is no error of the frames delivered */
    d->pending = 1;
    d->delivered = target;
    info->position = target;
    info->keyframe = key_frame;
    return VTSHIM_OK;
}
