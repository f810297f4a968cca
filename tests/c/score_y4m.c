/*
 * score_y4m: scores a y4m pair through libvmaf's C API and prints every value with %.17g, for the test suite to
 * compare with libvmaf's golden logs (tests/VmafTiny.Tests/Native/CApiTests.cs).
 *
 *   score_y4m REF DIST [--model VERSION | --model-path PATH] [--pixfmt 400|420|422|444] [--threads N]
 *             [--subsample N] [--pool N] [--feature NAME] [--out PREFIX] [--debug 1]
 *
 * --pixfmt hands the pictures over in another pixel format than the files' (the luma copied, the chroma mid-grey);
 * --pool N takes the pictures from vmaf_preallocate_pictures' pool of N; --out PREFIX writes PREFIX.json, .xml,
 * .csv and .sub with vmaf_write_output; --feature NAME[=OPT=VAL:OPT=VAL...] also registers extractor NAME with those
 * options (vmaf_use_feature, e.g. psnr, which reads the chroma planes too); --debug 1 logs at VMAF_LOG_LEVEL_DEBUG (which build and kernels run). Output lines:
 *   startup_ms MS                 from main to a context with the model's features registered
 *   frame INDEX NAME VALUE        each feature found and the model's score ("vmaf"), per picture index
 *   missing INDEX                 an index with no score (subsampling; its motion values follow as frame lines)
 *   pooled METHOD VALUE           vmaf_score_pooled over every picture (min, max, mean, harmonic_mean)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvmaf/libvmaf.h>

#include "vt_y4m.h"

static const char *const features[] = {
    "integer_adm2", "integer_aim", "integer_adm3", "integer_adm_scale0", "integer_adm_scale1",
    "integer_adm_scale2", "integer_adm_scale3", "VMAF_integer_feature_motion_sad_score", "integer_vif_scale0",
    "integer_vif_scale1", "integer_vif_scale2", "integer_vif_scale3", "integer_motion2", "integer_motion3",
    "integer_adm2_egl_1", "integer_aim_egl_1", "integer_adm3_egl_1", "integer_adm_scale0_egl_1",
    "integer_adm_scale1_egl_1", "integer_adm_scale2_egl_1", "integer_adm_scale3_egl_1",
    "integer_vif_scale0_egl_1", "integer_vif_scale1_egl_1", "integer_vif_scale2_egl_1", "integer_vif_scale3_egl_1",
    "psnr_y", "psnr_cb", "psnr_cr", "mse_y", "mse_cb", "mse_cr",
};

#define CHECK(call)                                                                    \
    do {                                                                               \
        const int err_ = (call);                                                       \
        if (err_) {                                                                    \
            fprintf(stderr, "score_y4m: %s failed: %d (%s)\n", #call, err_, strerror(-err_)); \
            return 1;                                                                  \
        }                                                                              \
    } while (0)

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static enum VmafPixelFormat parse_pixfmt(const char *s)
{
    return !strcmp(s, "400") ? VMAF_PIX_FMT_YUV400P : !strcmp(s, "422") ? VMAF_PIX_FMT_YUV422P
         : !strcmp(s, "444") ? VMAF_PIX_FMT_YUV444P : !strcmp(s, "420") ? VMAF_PIX_FMT_YUV420P
         : VMAF_PIX_FMT_UNKNOWN;
}

static int get_picture(VmafContext *vmaf, int pool, VmafPicture *pic, enum VmafPixelFormat fmt, const vt_y4m *y)
{
    return pool ? vmaf_fetch_preallocated_picture(vmaf, pic) : vmaf_picture_alloc(pic, fmt, y->bpc, y->w, y->h);
}

int main(int argc, char **argv)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (argc < 3) {
        fprintf(stderr, "usage: score_y4m REF DIST [options]\n");
        return 2;
    }
    const char *version = "vmaf_v0.6.1", *path = NULL, *out = NULL, *pixfmt = NULL, *feature = NULL;
    unsigned threads = 0, subsample = 0, pool = 0, debug = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--model")) version = argv[i + 1];
        else if (!strcmp(argv[i], "--model-path")) path = argv[i + 1];
        else if (!strcmp(argv[i], "--pixfmt")) pixfmt = argv[i + 1];
        else if (!strcmp(argv[i], "--threads")) threads = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--subsample")) subsample = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--pool")) pool = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--out")) out = argv[i + 1];
        else if (!strcmp(argv[i], "--feature")) feature = argv[i + 1];
        else if (!strcmp(argv[i], "--debug")) debug = (unsigned)atoi(argv[i + 1]);
        else {
            fprintf(stderr, "score_y4m: unknown option %s\n", argv[i]);
            return 2;
        }
    }

    vt_y4m ry, dy;
    if (vt_y4m_open(&ry, argv[1]) || vt_y4m_open(&dy, argv[2])) return 1;
    const enum VmafPixelFormat fmt = pixfmt ? parse_pixfmt(pixfmt) : ry.pix_fmt;

    VmafConfiguration cfg = {.log_level = debug ? VMAF_LOG_LEVEL_DEBUG : VMAF_LOG_LEVEL_INFO, .n_threads = threads, .n_subsample = subsample};
    VmafContext *vmaf = NULL;
    CHECK(vmaf_init(&vmaf, cfg));
    VmafModel *model = NULL;
    VmafModelConfig model_cfg = {.name = "vmaf", .flags = VMAF_MODEL_FLAGS_DEFAULT};
    if (path) CHECK(vmaf_model_load_from_path(&model, &model_cfg, path));
    else CHECK(vmaf_model_load(&model, &model_cfg, version));
    CHECK(vmaf_use_features_from_model(vmaf, model));
    if (feature) {
        /* NAME=OPT=VAL:OPT=VAL, as libvmaf's --feature */
        static char spec[1024];
        snprintf(spec, sizeof(spec), "%s", feature);
        VmafFeatureDictionary *opts = NULL;
        char *eq = strchr(spec, '=');
        if (eq) {
            *eq = '\0';
            for (char *save = NULL, *kv = strtok_r(eq + 1, ":", &save); kv; kv = strtok_r(NULL, ":", &save)) {
                char *val = strchr(kv, '=');
                if (!val) {
                    fprintf(stderr, "score_y4m: bad option %s\n", kv);
                    return 2;
                }
                *val++ = '\0';
                CHECK(vmaf_feature_dictionary_set(&opts, kv, val));
            }
        }
        CHECK(vmaf_use_feature(vmaf, spec, opts));
    }
    printf("startup_ms %.3f\n", ms_since(&t0));
    if (pool) {
        VmafPictureConfiguration pic_cfg = {
            .pic_params = {.w = ry.w, .h = ry.h, .bpc = ry.bpc, .pix_fmt = fmt}, .pic_cnt = pool};
        CHECK(vmaf_preallocate_pictures(vmaf, pic_cfg));
    }

    unsigned n = 0;
    for (;; n++) {
        VmafPicture ref, dist;
        CHECK(get_picture(vmaf, pool, &ref, fmt, &ry));
        CHECK(get_picture(vmaf, pool, &dist, fmt, &dy));
        const int r = vt_y4m_read(&ry, &ref), d = vt_y4m_read(&dy, &dist);
        if (r <= 0 || d <= 0) {
            vmaf_picture_unref(&ref);
            vmaf_picture_unref(&dist);
            if (r < 0 || d < 0 || r != d) {
                fprintf(stderr, "score_y4m: a damaged frame or frame counts differ at %u\n", n);
                return 1;
            }
            break;
        }
        CHECK(vmaf_read_pictures(vmaf, &ref, &dist, n));
        if (ref.ref || dist.ref) {
            fprintf(stderr, "score_y4m: vmaf_read_pictures did not take the pictures at %u\n", n);
            return 1;
        }
    }
    CHECK(vmaf_read_pictures(vmaf, NULL, NULL, 0));

    for (unsigned i = 0; i < n; i++) {
        double score;
        if (vmaf_score_at_index(vmaf, model, &score, i)) {
            printf("missing %u\n", i);
            /* what the index has all the same (subsampling: motion, computed on every picture, as libvmaf) */
            for (size_t f = 0; f < sizeof(features) / sizeof(features[0]); f++) {
                double value;
                if (!vmaf_feature_score_at_index(vmaf, features[f], &value, i))
                    printf("frame %u %s %.17g\n", i, features[f], value);
            }
            continue;
        }
        for (size_t f = 0; f < sizeof(features) / sizeof(features[0]); f++) {
            double value;
            if (!vmaf_feature_score_at_index(vmaf, features[f], &value, i))
                printf("frame %u %s %.17g\n", i, features[f], value);
        }
        printf("frame %u vmaf %.17g\n", i, score);
    }
    static const char *const methods[] = {"", "min", "max", "mean", "harmonic_mean"};
    for (int m = VMAF_POOL_METHOD_MIN; m <= VMAF_POOL_METHOD_HARMONIC_MEAN; m++) {
        double pooled;
        CHECK(vmaf_score_pooled(vmaf, model, (enum VmafPoolingMethod)m, &pooled, 0, n - 1));
        printf("pooled %s %.17g\n", methods[m], pooled);
    }
    if (out) {
        static const struct { const char *ext; enum VmafOutputFormat fmt; } outputs[] = {
            {"json", VMAF_OUTPUT_FORMAT_JSON}, {"xml", VMAF_OUTPUT_FORMAT_XML},
            {"csv", VMAF_OUTPUT_FORMAT_CSV}, {"sub", VMAF_OUTPUT_FORMAT_SUB}};
        for (size_t o = 0; o < 4; o++) {
            char file[4096];
            snprintf(file, sizeof(file), "%s.%s", out, outputs[o].ext);
            CHECK(vmaf_write_output(vmaf, file, outputs[o].fmt));
        }
    }
    vmaf_model_destroy(model);
    CHECK(vmaf_close(vmaf));
    vt_y4m_close(&ry);
    vt_y4m_close(&dy);
    return 0;
}
