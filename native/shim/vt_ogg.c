/*
 * vt_ogg.c: the end of an Ogg file, which FFmpeg's demuxer does not check. Its page reader reports a page cut
 * short as a plain end of file and logs nothing, so a truncated Ogg file decodes as a shorter clip.
 *
 * A whole Ogg file is a run of whole pages (each "OggS", a 27-byte header, a segment table and a body, with a
 * CRC) up to its last byte, and every logical stream's last page carries the end-of-stream flag. So once the
 * demuxer reports the end, the file's tail is read (once per decoder, 2 pages' worth at most): its pages must
 * chain, whole and with good checksums, up to the last byte, and the decoded stream's last page among them must
 * be flagged end-of-stream. A file cut between pages fails the second test, one cut within a page the first.
 *
 * Not checked: an input that cannot seek (encoded input is always a regular file: pipes are refused before the
 * shim); the end-of-stream flag where the video's serial number cannot be told (a chained Ogg file, whose later
 * links replace the serials the demuxer numbered its streams by) or where the video's last page lies more than
 * the tail before the end (the other streams went on without it: it ended there, so it is whole); a whole page
 * missing from the middle of the file (the demuxer checks each page's CRC and logs a mismatch, which
 * vt_check_demuxer sees, but not the pages' sequence numbers).
 */
#include "vt_internal.h"

#include <string.h>

#include <libavutil/avstring.h>
#include <libavutil/crc.h>
#include <libavutil/intreadwrite.h>

#define OGG_HEADER 27
#define OGG_MAX_PAGE (OGG_HEADER + 255 + 255 * 255)
#define OGG_TAIL (2 * OGG_MAX_PAGE)         /* the last page, and the whole page before it */
#define OGG_FLAG_EOS 0x04
#define OGG_HEAD_PAGES 64                   /* pages read at the start to find the streams' serial numbers */

enum PageKind { PAGE_WHOLE, PAGE_NONE, PAGE_CUT, PAGE_BAD_CRC };

/* What the n bytes at p hold: a whole page (its length in *length), no page, a page cut short, a bad checksum. */
static enum PageKind ogg_page(const uint8_t* p, int64_t n, int64_t* length)
{
    static const uint8_t capture[4] = { 'O', 'g', 'g', 'S' };
    if (memcmp(p, capture, (size_t)(n < 4 ? n : 4)) != 0) {
        return PAGE_NONE;
    }

    if (n >= 5 && p[4] != 0) {
        return PAGE_NONE;      /* stream structure version 0 is the only one */
    }

    if (n < OGG_HEADER || n < OGG_HEADER + p[26]) {
        return PAGE_CUT;
    }

    int64_t size = OGG_HEADER + p[26];
    for (int i = 0; i < p[26]; i++) {
        size += p[OGG_HEADER + i];
    }

    *length = size;
    if (n < size) {
        return PAGE_CUT;
    }

    /* The CRC (polynomial 0x04c11db7, unreflected, initial 0) of the page with its own CRC field read as 0, stored
     * least significant byte first. av_crc's unreflected result comes byte-swapped: FFmpeg's Ogg muxer writes it
     * with avio_wb32. */
    static const uint8_t zero[4];
    const AVCRC* table = av_crc_get_table(AV_CRC_32_IEEE);
    uint32_t crc = av_crc(table, 0, p, 22);
    crc = av_crc(table, crc, zero, 4);
    crc = av_crc(table, crc, p + 26, (size_t)(size - 26));
    return crc == AV_RB32(p + 22) ? PAGE_WHOLE : PAGE_BAD_CRC;
}

/* Reads n bytes at pos into buffer: 0, or a negative AVERROR. */
static int read_at(AVIOContext* io, int64_t pos, uint8_t* buffer, int n)
{
    int64_t at = avio_seek(io, pos, SEEK_SET);
    if (at < 0) {
        return (int)at;
    }

    int ret = avio_read(io, buffer, n);
    return ret < 0 ? ret : ret < n ? AVERROR_EOF : 0;
}

/*
 * The serial number of the stream-th logical stream, in the order the streams' first pages come (the demuxer's
 * stream numbers); 0 with *serial set, or -1 when the first pages do not tell.
 */
static int serial_of(AVIOContext* io, int64_t size, int stream, uint32_t* serial)
{
    uint32_t seen[OGG_HEAD_PAGES];
    int distinct = 0;
    int64_t pos = 0;
    uint8_t header[OGG_HEADER + 255];
    for (int page = 0; page < OGG_HEAD_PAGES && pos + OGG_HEADER <= size; page++) {
        if (read_at(io, pos, header, OGG_HEADER) < 0 || memcmp(header, "OggS", 4) != 0
            || read_at(io, pos + OGG_HEADER, header + OGG_HEADER, header[26]) < 0) {
            return -1;
        }

        uint32_t s = AV_RL32(header + 14);
        int known = 0;
        for (int i = 0; i < distinct && !known; i++) {
            known = seen[i] == s;
        }

        if (!known) {
            if (distinct == stream) {
                *serial = s;
                return 0;
            }

            seen[distinct++] = s;
        }

        pos += OGG_HEADER + header[26];
        for (int i = 0; i < header[26]; i++) {
            pos += header[OGG_HEADER + i];
        }
    }

    return -1;
}

/* What is wrong with the end of the Ogg file in io, or NULL when it is whole or cannot be checked. */
static const char* ogg_end_problem(AVIOContext* io, int stream, int* averror)
{
    *averror = 0;
    int64_t size = avio_size(io);
    if (!(io->seekable & AVIO_SEEKABLE_NORMAL) || size < 0) {
        return NULL;
    }

    int64_t start = size > OGG_TAIL ? size - OGG_TAIL : 0;
    int n = (int)(size - start);
    uint8_t* tail = av_malloc(n ? (size_t)n : 1);
    if (!tail) {
        *averror = AVERROR(ENOMEM);
        return NULL;
    }

    int ret = read_at(io, start, tail, n);
    if (ret < 0) {
        av_free(tail);
        *averror = ret;
        return NULL;
    }

    /* The first whole page in the tail (a checksum makes a false "OggS" in a page's data no match), ... */
    int64_t pos = 0, length = 0;
    while (pos < n && ogg_page(tail + pos, n - pos, &length) != PAGE_WHOLE) {
        pos++;
    }

    /* ... and the pages after it, up to the end. */
    uint32_t serial = 0;
    int known = serial_of(io, size, stream, &serial) == 0;
    int video_pages = 0, video_flags = 0;
    enum PageKind kind = PAGE_NONE;
    int whole = 0;
    while (pos < n && (kind = ogg_page(tail + pos, n - pos, &length)) == PAGE_WHOLE) {
        whole++;
        if (known && AV_RL32(tail + pos + 14) == serial) {
            video_pages++;
            video_flags = tail[pos + 5];
        }

        pos += length;
    }

    av_free(tail);
    if (pos < n || whole == 0) {
        switch (kind) {
        case PAGE_CUT: return "its last Ogg page is cut short";
        case PAGE_BAD_CRC: return "an Ogg page near its end fails its checksum";
        default: return "it does not end with a whole Ogg page";
        }
    }

    if (video_pages > 0 && !(video_flags & OGG_FLAG_EOS)) {
        return "the video's last Ogg page is not marked as its end";
    }

    return NULL;
}

int vt_check_end(VtShimDecoder* d)
{
    if (!d->end_checked) {
        d->end_checked = 1;
        if (d->format && d->format->iformat && strcmp(d->format->iformat->name, "ogg") == 0) {
            AVDictionary* options = NULL;
            av_dict_set(&options, "protocol_whitelist", "file", 0);
            char* url = av_asprintf("file:%s", d->path);
            AVIOContext* io = NULL;
            int ret = url ? avio_open2(&io, url, AVIO_FLAG_READ, NULL, &options) : AVERROR(ENOMEM);
            av_dict_free(&options);
            av_free(url);
            if (ret >= 0) {
                d->end_problem = ogg_end_problem(io, d->stream, &ret);
                avio_closep(&io);
            }

            if (ret < 0) {
                d->end_checked = 0;     /* not checked: a later end tries again */
                vt_set_error(d, ret, "reading the end of the file failed");
                return ret == AVERROR(ENOMEM) ? VTSHIM_E_NO_MEMORY : VTSHIM_E_IO;
            }
        }
    }

    if (d->end_problem) {
        vt_set_error(d, 0, "the container is truncated or damaged: %s", d->end_problem);
        return VTSHIM_E_CORRUPT;
    }

    return VTSHIM_OK;
}
