/*
 * vmaf_score: the VMAF score of two y4m files (8-16 bit 4:2:0, 4:2:2, 4:4:4) through libvmaf's C API. The same
 * source builds against libvmaf 3.x and against vmaf-tiny's libvmaf (artifacts/native):
 *
 *   export PKG_CONFIG_PATH=$PWD/artifacts/native/lib/pkgconfig
 *   cc samples/c/vmaf_score.c -o vmaf_score $(pkg-config --cflags --libs libvmaf) \
 *      -Wl,-rpath,$(pkg-config --variable=libdir libvmaf)
 *   ./vmaf_score ref.y4m dist.y4m [model]          (model: vmaf_v0.6.1 by default)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvmaf/libvmaf.h>

typedef struct { FILE *f; unsigned w, h, bpc; enum VmafPixelFormat fmt; } Y4m;

static int y4m_open(Y4m *y, const char *path)
{
    char line[512];
    *y = (Y4m){.f = fopen(path, "rb"), .bpc = 8, .fmt = VMAF_PIX_FMT_YUV420P};
    if (!y->f || !fgets(line, sizeof(line), y->f) || strncmp(line, "YUV4MPEG2 ", 10)) return -1;
    for (char *t = strtok(line + 10, " \n"); t; t = strtok(NULL, " \n")) {
        if (*t == 'W') y->w = (unsigned)atoi(t + 1);
        if (*t == 'H') y->h = (unsigned)atoi(t + 1);
        if (*t == 'C') {
            if (!strncmp(t + 1, "422", 3)) y->fmt = VMAF_PIX_FMT_YUV422P;
            if (!strncmp(t + 1, "444", 3)) y->fmt = VMAF_PIX_FMT_YUV444P;
            const char *p = strchr(t, 'p');
            if (p && p[1] >= '0' && p[1] <= '9') y->bpc = (unsigned)atoi(p + 1);
        }
    }
    return y->w && y->h ? 0 : -1;
}

/* The next frame into a new picture: 1, 0 at the end, -1 on an error. */
static int y4m_read(Y4m *y, VmafPicture *pic)
{
    char line[256];
    if (!fgets(line, sizeof(line), y->f)) return 0;
    if (strncmp(line, "FRAME", 5) || vmaf_picture_alloc(pic, y->fmt, y->bpc, y->w, y->h)) return -1;
    const size_t bytes = y->bpc > 8 ? 2 : 1;
    for (int p = 0; p < 3; p++)
        for (unsigned row = 0; row < pic->h[p]; row++)
            if (fread((char *)pic->data[p] + row * pic->stride[p], bytes, pic->w[p], y->f) != pic->w[p]) {
                vmaf_picture_unref(pic);
                return -1;
            }
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s REF.y4m DIST.y4m [MODEL]\n", argv[0]);
        return 2;
    }
    Y4m ref, dist;
    if (y4m_open(&ref, argv[1])) return fprintf(stderr, "%s: not a y4m file\n", argv[1]), 1;
    if (y4m_open(&dist, argv[2])) return fprintf(stderr, "%s: not a y4m file\n", argv[2]), 1;

    VmafContext *vmaf;
    VmafConfiguration cfg = {.log_level = VMAF_LOG_LEVEL_INFO, .n_threads = 2};
    VmafModel *model;
    VmafModelConfig model_cfg = {.name = "vmaf"};
    const char *version = argc > 3 ? argv[3] : "vmaf_v0.6.1";
    if (vmaf_init(&vmaf, cfg) || vmaf_model_load(&model, &model_cfg, version) ||
        vmaf_use_features_from_model(vmaf, model)) {
        fprintf(stderr, "cannot set up libvmaf with model %s\n", version);
        return 1;
    }
    printf("%s, model %s\n", vmaf_version(), version);

    unsigned n = 0;
    for (;; n++) {
        VmafPicture r, d;
        const int got_ref = y4m_read(&ref, &r);
        const int got_dist = got_ref > 0 ? y4m_read(&dist, &d) : 0;
        if (got_ref <= 0 || got_dist <= 0) {
            if (got_ref > 0) vmaf_picture_unref(&r);
            if (got_ref < 0 || got_dist < 0) return fprintf(stderr, "damaged frame %u\n", n), 1;
            break;
        }
        /* The context takes both pictures (it unrefs them when done). */
        if (vmaf_read_pictures(vmaf, &r, &d, n)) return fprintf(stderr, "frame %u refused\n", n), 1;
    }
    if (n == 0 || vmaf_read_pictures(vmaf, NULL, NULL, 0)) return fprintf(stderr, "no frames\n"), 1;

    for (unsigned i = 0; i < n; i++) {
        double score;
        if (!vmaf_score_at_index(vmaf, model, &score, i)) printf("frame %3u  vmaf %9.6f\n", i, score);
    }
    double mean, min, hmean;
    vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MEAN, &mean, 0, n - 1);
    vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MIN, &min, 0, n - 1);
    vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_HARMONIC_MEAN, &hmean, 0, n - 1);
    printf("%u frames %ux%u: vmaf mean %.6f, min %.6f, harmonic mean %.6f\n", n, ref.w, ref.h, mean, min, hmean);

    vmaf_model_destroy(model);
    vmaf_close(vmaf);
    fclose(ref.f);
    fclose(dist.f);
    return 0;
}
