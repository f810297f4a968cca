/*
 * vmaf-tiny's libvmaf-compatible C library: pictures (libvmaf 3.2.0's picture.h interface).
 */
#ifndef __VMAF_PICTURE_H__
#define __VMAF_PICTURE_H__

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum VmafPixelFormat {
    VMAF_PIX_FMT_UNKNOWN,
    VMAF_PIX_FMT_YUV420P,
    VMAF_PIX_FMT_YUV422P,
    VMAF_PIX_FMT_YUV444P,
    VMAF_PIX_FMT_YUV400P,
};

/* A picture's reference count and owner. Opaque. */
typedef struct VmafRef VmafRef;

/*
 * Up to three planes in one buffer. Samples are bytes up to 8 bits, native-endian uint16_t above. stride[] is in
 * bytes. Chroma planes are w >> 1 (4:2:0, 4:2:2) by h >> 1 (4:2:0); 4:0:0 has none (data[1], data[2] are NULL).
 * ADM, VIF and motion read the luma plane only; PSNR reads the chroma planes too (unless enable_chroma=false).
 */
typedef struct VmafPicture {
    enum VmafPixelFormat pix_fmt;
    unsigned bpc;
    unsigned w[3], h[3];
    ptrdiff_t stride[3];
    void *data[3];
    VmafRef *ref;
    void *priv;
} VmafPicture;

/*
 * Allocates a zeroed picture: pix_fmt one of the formats above, bpc 8 to 16, w and h 1 to 16384. Rows are padded to
 * 32 samples. The picture holds one reference; vmaf_picture_unref() releases it. Returns 0 or a negative errno.
 */
int vmaf_picture_alloc(VmafPicture *pic, enum VmafPixelFormat pix_fmt,
                       unsigned bpc, unsigned w, unsigned h);

/*
 * Drops one reference; the last one frees the samples (or returns a pooled picture to its pool). The struct is
 * zeroed. Returns 0, or -EINVAL for a picture that holds no reference.
 */
int vmaf_picture_unref(VmafPicture *pic);

#ifdef __cplusplus
}
#endif

#endif /* __VMAF_PICTURE_H__ */
