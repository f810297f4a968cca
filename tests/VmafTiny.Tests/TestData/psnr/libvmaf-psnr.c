/* Reference maker for vmaf-tiny's PSNR edge cases (make-references.sh builds and runs it; the project never
 * does): feeds raw planar frames, laid out as vmaf-tiny's YuvFrame (chroma (w+1)/2 wide), into libvmaf's psnr
 * extractor through its public API, copying w[i] x h[i] samples of each plane as FFmpeg's libvmaf filter does,
 * and writes libvmaf's JSON log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvmaf/libvmaf.h>
#include <libvmaf/feature.h>
#include <libvmaf/picture.h>

int main(int argc, char **argv) {
    if (argc < 9) { fprintf(stderr, "usage: ref dist w h 420|422|444|400 bpc opts out.json\n"); return 2; }
    unsigned w = atoi(argv[3]), h = atoi(argv[4]), bpc = atoi(argv[6]);
    enum VmafPixelFormat fmt = !strcmp(argv[5], "420") ? VMAF_PIX_FMT_YUV420P : !strcmp(argv[5], "422") ? VMAF_PIX_FMT_YUV422P
        : !strcmp(argv[5], "444") ? VMAF_PIX_FMT_YUV444P : VMAF_PIX_FMT_YUV400P;
    unsigned cw = fmt == VMAF_PIX_FMT_YUV444P ? w : (w + 1) / 2, ch = fmt == VMAF_PIX_FMT_YUV420P ? (h + 1) / 2 : h;
    if (fmt == VMAF_PIX_FMT_YUV400P) cw = ch = 0;
    size_t bps = bpc > 8 ? 2 : 1;
    size_t pw[3] = { w, cw, cw }, ph[3] = { h, ch, ch };
    size_t frame = (w * h + 2 * cw * ch) * bps;
    FILE *fr = fopen(argv[1], "rb"), *fd = fopen(argv[2], "rb");
    if (!fr || !fd) { perror("open"); return 1; }
    VmafConfiguration cfg = { .log_level = VMAF_LOG_LEVEL_INFO, .n_threads = 0, .n_subsample = 1, .cpumask = 24 };
    VmafContext *vmaf;
    if (vmaf_init(&vmaf, cfg)) return 1;
    VmafFeatureDictionary *d = NULL;
    char *opts = strdup(argv[7]);
    for (char *kv = strtok(opts, ":"); kv; kv = strtok(NULL, ":")) {
        char *eq = strchr(kv, '=');
        if (!eq) continue;
        *eq = 0;
        vmaf_feature_dictionary_set(&d, kv, eq + 1);
    }
    if (vmaf_use_feature(vmaf, "psnr", d)) { fprintf(stderr, "use_feature failed\n"); return 1; }
    unsigned char *br = malloc(frame), *bd = malloc(frame);
    unsigned index = 0;
    while (fread(br, 1, frame, fr) == frame && fread(bd, 1, frame, fd) == frame) {
        VmafPicture pr, pd;
        if (vmaf_picture_alloc(&pr, fmt, bpc, w, h) || vmaf_picture_alloc(&pd, fmt, bpc, w, h)) return 1;
        size_t off = 0;
        for (int p = 0; p < 3; p++) {
            for (unsigned y = 0; y < pr.h[p]; y++) {
                memcpy((unsigned char *)pr.data[p] + y * pr.stride[p], br + off + y * pw[p] * bps, pr.w[p] * bps);
                memcpy((unsigned char *)pd.data[p] + y * pd.stride[p], bd + off + y * pw[p] * bps, pd.w[p] * bps);
            }
            off += pw[p] * ph[p] * bps;
        }
        int err = vmaf_read_pictures(vmaf, &pr, &pd, index++);
        if (err) { fprintf(stderr, "read_pictures failed: %d\n", err); return 3; }
    }
    if (vmaf_read_pictures(vmaf, NULL, NULL, 0)) { fprintf(stderr, "flush failed\n"); return 1; }
    if (vmaf_write_output(vmaf, argv[8], VMAF_OUTPUT_FORMAT_JSON)) { fprintf(stderr, "write failed\n"); return 1; }
    vmaf_close(vmaf);
    return 0;
}
