/*
 * vt_y4m.h: a small YUV4MPEG2 reader for the C tests (header-only): the frame size, chroma format and bit depth
 * from the stream header, then one frame at a time into a VmafPicture of any pixel format (the luma always; the
 * chroma planes when the picture has the file's format, else mid-grey: libvmaf's integer features read only luma).
 */
#ifndef VT_Y4M_H
#define VT_Y4M_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvmaf/libvmaf.h>

typedef struct vt_y4m {
    FILE *file;
    unsigned w, h, bpc;
    enum VmafPixelFormat pix_fmt;
} vt_y4m;

/* Opens PATH and reads its header; 0, or -1 with a message on stderr. */
static int vt_y4m_open(vt_y4m *y, const char *path)
{
    char line[512];
    memset(y, 0, sizeof(*y));
    y->file = fopen(path, "rb");
    if (!y->file || !fgets(line, sizeof(line), y->file) || strncmp(line, "YUV4MPEG2 ", 10)) {
        fprintf(stderr, "%s: not a y4m file\n", path);
        return -1;
    }
    y->bpc = 8;
    y->pix_fmt = VMAF_PIX_FMT_YUV420P;
    for (char *tok = strtok(line + 10, " \n"); tok; tok = strtok(NULL, " \n")) {
        if (tok[0] == 'W') y->w = (unsigned)atoi(tok + 1);
        else if (tok[0] == 'H') y->h = (unsigned)atoi(tok + 1);
        else if (tok[0] == 'C') {
            const char *c = tok + 1;
            if (!strncmp(c, "mono", 4)) y->pix_fmt = VMAF_PIX_FMT_YUV400P;
            else if (!strncmp(c, "444", 3)) y->pix_fmt = VMAF_PIX_FMT_YUV444P;
            else if (!strncmp(c, "422", 3)) y->pix_fmt = VMAF_PIX_FMT_YUV422P;
            const char *p = strchr(c, 'p');
            if (p && p[1] >= '0' && p[1] <= '9') y->bpc = (unsigned)atoi(p + 1);
            else if (!strncmp(c, "mono", 4) && c[4]) y->bpc = (unsigned)atoi(c + 4);
        }
    }
    if (!y->w || !y->h) {
        fprintf(stderr, "%s: no frame size in the header\n", path);
        return -1;
    }
    return 0;
}

static void vt_y4m_close(vt_y4m *y)
{
    if (y->file) fclose(y->file);
    y->file = NULL;
}

/* Reads one plane of w x h samples into data with stride (bytes); 0, or -1 at the end or on a short read. */
static int vt_y4m_plane(vt_y4m *y, unsigned w, unsigned h, void *data, ptrdiff_t stride)
{
    const size_t row = (size_t)w * (y->bpc > 8 ? 2 : 1);
    for (unsigned i = 0; i < h; i++)
        if (fread((char *)data + (ptrdiff_t)i * stride, 1, row, y->file) != row) return -1;
    return 0;
}

static int vt_y4m_skip(vt_y4m *y, size_t bytes)
{
    return fseek(y->file, (long)bytes, SEEK_CUR) ? -1 : 0;
}

static void vt_fill_grey(VmafPicture *pic, int plane)
{
    const unsigned mid = 1u << (pic->bpc - 1);
    for (unsigned i = 0; i < pic->h[plane]; i++) {
        char *row = (char *)pic->data[plane] + (ptrdiff_t)i * pic->stride[plane];
        for (unsigned x = 0; x < pic->w[plane]; x++) {
            if (pic->bpc > 8) ((unsigned short *)row)[x] = (unsigned short)mid;
            else ((unsigned char *)row)[x] = (unsigned char)mid;
        }
    }
}

/*
 * Reads the next frame into pic (allocated by the caller with the file's size and bit depth, any pixel format).
 * 1 when a frame was read, 0 at the end of the file, -1 on an error.
 */
static int vt_y4m_read(vt_y4m *y, VmafPicture *pic)
{
    char line[256];
    if (!fgets(line, sizeof(line), y->file)) return 0;
    if (strncmp(line, "FRAME", 5)) return -1;
    const int ss_hor = y->pix_fmt != VMAF_PIX_FMT_YUV444P, ss_ver = y->pix_fmt == VMAF_PIX_FMT_YUV420P;
    const unsigned cw = y->pix_fmt == VMAF_PIX_FMT_YUV400P ? 0 : (y->w + ss_hor) >> ss_hor;
    const unsigned ch = y->pix_fmt == VMAF_PIX_FMT_YUV400P ? 0 : (y->h + ss_ver) >> ss_ver;
    const size_t sample = y->bpc > 8 ? 2 : 1;
    if (vt_y4m_plane(y, y->w, y->h, pic->data[0], pic->stride[0])) return -1;
    if (pic->pix_fmt == y->pix_fmt && cw == pic->w[1] && ch == pic->h[1]) {
        for (int p = 1; p < 3; p++)
            if (cw && vt_y4m_plane(y, cw, ch, pic->data[p], pic->stride[p])) return -1;
        return 1;
    }
    if (vt_y4m_skip(y, 2 * (size_t)cw * ch * sample)) return -1;
    if (pic->pix_fmt != VMAF_PIX_FMT_YUV400P) {
        vt_fill_grey(pic, 1);
        vt_fill_grey(pic, 2);
    }
    return 1;
}

#endif /* VT_Y4M_H */
