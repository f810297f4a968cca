/*
 * api_test: every function of libvmaf's C API as vmaf-tiny serves it, checked from C: the struct layouts, the
 * context, pictures and their ownership, the picture pool, models, feature dictionaries, feature registration,
 * imported scores, flush, scores and pooling, the outputs, and the error returns (-EINVAL for NULL pointers,
 * bad sizes and wrong use). Values against libvmaf's golden logs: score_y4m.c.
 *
 *   api_test MODEL_JSON OUT_DIR      (MODEL_JSON: libvmaf's vmaf_v0.6.1.json; OUT_DIR: a writable folder)
 *
 * Prints "ok N checks" and exits 0, or the first failed check and exits 1.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libvmaf/libvmaf.h>
#include <libvmaf/version.h>

static int checks;

#define EXPECT(cond)                                                                     \
    do {                                                                                 \
        checks++;                                                                        \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "api_test: %s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
            exit(1);                                                                     \
        }                                                                                \
    } while (0)

static const char *out_dir;

static void test_abi(void)
{
    /* libvmaf 3.2.0's layouts on x86-64 (the C# side mirrors them in src/Native/Abi.cs). */
    EXPECT(sizeof(VmafPicture) == 96);
    EXPECT(offsetof(VmafPicture, stride) == 32);
    EXPECT(offsetof(VmafPicture, data) == 56);
    EXPECT(offsetof(VmafPicture, ref) == 80);
    EXPECT(sizeof(VmafConfiguration) == 32);
    EXPECT(offsetof(VmafConfiguration, cpumask) == 16);
    EXPECT(sizeof(VmafModelConfig) == 16);
    EXPECT(sizeof(VmafPictureConfiguration) == 20);
    EXPECT(sizeof(VmafModelCollectionScore) == 40);
    EXPECT(VMAF_PIX_FMT_YUV400P == 4 && VMAF_OUTPUT_FORMAT_SUB == 4 && VMAF_POOL_METHOD_HARMONIC_MEAN == 4);
    EXPECT(VMAF_LOG_LEVEL_DEBUG == 4 && VMAF_MODEL_FLAG_DISABLE_TRANSFORM == 4);
    EXPECT(VMAF_API_VERSION_MAJOR == 3 && VMAF_API_VERSION_MINOR == 2);
}

static VmafContext *open_context(unsigned threads, unsigned subsample)
{
    VmafConfiguration cfg = {.log_level = VMAF_LOG_LEVEL_ERROR, .n_threads = threads, .n_subsample = subsample};
    VmafContext *vmaf = NULL;
    EXPECT(vmaf_init(&vmaf, cfg) == 0);
    EXPECT(vmaf != NULL);
    return vmaf;
}

static void test_context(void)
{
    const char *version = vmaf_version();
    EXPECT(version != NULL && !strncmp(version, "vmaf-tiny ", 10));
    VmafConfiguration cfg = {.log_level = VMAF_LOG_LEVEL_NONE};
    EXPECT(vmaf_init(NULL, cfg) == -EINVAL);
    VmafContext *vmaf = open_context(0, 0);
    EXPECT(vmaf_close(vmaf) == 0);
    EXPECT(vmaf_close(NULL) == -EINVAL);
    /* Several contexts at once. */
    VmafContext *a = open_context(2, 0), *b = open_context(0, 3);
    EXPECT(a != b);
    EXPECT(vmaf_close(b) == 0 && vmaf_close(a) == 0);
}

static void fill(VmafPicture *pic, unsigned seed)
{
    for (unsigned y = 0; y < pic->h[0]; y++) {
        char *row = (char *)pic->data[0] + (ptrdiff_t)y * pic->stride[0];
        for (unsigned x = 0; x < pic->w[0]; x++) {
            const unsigned v = (x * 7 + y * 3 + seed * 5 + ((x * y + seed) % 13)) & 0xff;
            if (pic->bpc > 8) ((unsigned short *)row)[x] = (unsigned short)(v << (pic->bpc - 8));
            else ((unsigned char *)row)[x] = (unsigned char)v;
        }
    }
}

static void test_pictures(void)
{
    VmafPicture pic;
    EXPECT(vmaf_picture_alloc(NULL, VMAF_PIX_FMT_YUV420P, 8, 64, 64) == -EINVAL);
    EXPECT(vmaf_picture_alloc(&pic, VMAF_PIX_FMT_UNKNOWN, 8, 64, 64) == -EINVAL);
    EXPECT(vmaf_picture_alloc(&pic, (enum VmafPixelFormat)9, 8, 64, 64) == -EINVAL);
    EXPECT(vmaf_picture_alloc(&pic, VMAF_PIX_FMT_YUV420P, 7, 64, 64) == -EINVAL);
    EXPECT(vmaf_picture_alloc(&pic, VMAF_PIX_FMT_YUV420P, 17, 64, 64) == -EINVAL);
    EXPECT(vmaf_picture_alloc(&pic, VMAF_PIX_FMT_YUV420P, 8, 0, 64) == -EINVAL);
    EXPECT(vmaf_picture_unref(NULL) == -EINVAL);

    static const enum VmafPixelFormat formats[] = {VMAF_PIX_FMT_YUV420P, VMAF_PIX_FMT_YUV422P,
                                                   VMAF_PIX_FMT_YUV444P, VMAF_PIX_FMT_YUV400P};
    static const unsigned depths[] = {8, 10, 12, 16};
    for (int f = 0; f < 4; f++) {
        for (int d = 0; d < 4; d++) {
            const enum VmafPixelFormat fmt = formats[f];
            EXPECT(vmaf_picture_alloc(&pic, fmt, depths[d], 33, 17) == 0);
            const unsigned cw = fmt == VMAF_PIX_FMT_YUV400P ? 0 : fmt == VMAF_PIX_FMT_YUV444P ? 33 : 16;
            const unsigned ch = fmt == VMAF_PIX_FMT_YUV400P ? 0 : fmt == VMAF_PIX_FMT_YUV420P ? 8 : 17;
            const ptrdiff_t bytes = depths[d] > 8 ? 2 : 1;
            EXPECT(pic.pix_fmt == fmt && pic.bpc == depths[d]);
            EXPECT(pic.w[0] == 33 && pic.h[0] == 17 && pic.w[1] == cw && pic.h[2] == ch);
            /* libvmaf's strides: rows padded to 32 samples. */
            EXPECT(pic.stride[0] == 64 * bytes);
            EXPECT(pic.stride[1] == (cw ? ((cw + 31) / 32) * 32 * bytes : 0));
            EXPECT(pic.data[0] != NULL && pic.ref != NULL);
            EXPECT((fmt == VMAF_PIX_FMT_YUV400P) == (pic.data[1] == NULL));
            fill(&pic, 1);
            EXPECT(vmaf_picture_unref(&pic) == 0);
            EXPECT(pic.ref == NULL && pic.data[0] == NULL);
            EXPECT(vmaf_picture_unref(&pic) == -EINVAL); /* already released */
        }
    }
}

static void test_models(const char *model_json)
{
    VmafModel *model = NULL;
    VmafModelConfig cfg = {.name = "vmaf"};
    static const char *const versions[] = {"vmaf_v0.6.1", "vmaf_v0.6.1neg", "vmaf_4k_v0.6.1", "vmaf_tiny_v2"};
    for (int i = 0; i < 4; i++) {
        EXPECT(vmaf_model_load(&model, &cfg, versions[i]) == 0 && model != NULL);
        vmaf_model_destroy(model);
        model = NULL;
    }
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v9_nonexistent") < 0 && model == NULL);
    EXPECT(vmaf_model_load(NULL, &cfg, "vmaf_v0.6.1") == -EINVAL);
    EXPECT(vmaf_model_load(&model, NULL, "vmaf_v0.6.1") == -EINVAL);
    EXPECT(vmaf_model_load(&model, &cfg, NULL) == -EINVAL);
    EXPECT(vmaf_model_load_from_path(&model, &cfg, model_json) == 0 && model != NULL);
    vmaf_model_destroy(model);
    model = NULL;
    EXPECT(vmaf_model_load_from_path(&model, &cfg, "/nonexistent/model.json") < 0 && model == NULL);
    VmafModelConfig flags = {.name = "clipless", .flags = VMAF_MODEL_FLAG_DISABLE_CLIP | VMAF_MODEL_FLAG_ENABLE_TRANSFORM};
    EXPECT(vmaf_model_load(&model, &flags, "vmaf_v0.6.1") == 0);
    vmaf_model_destroy(model);
    model = NULL;

    /* Model collections (bootstrap models) are not served: an error, never a crash. */
    VmafModelCollection *collection = NULL;
    EXPECT(vmaf_model_collection_load(&model, &collection, &cfg, "vmaf_b_v0.6.3") == -EINVAL);
    EXPECT(model == NULL && collection == NULL);

    /* Feature dictionaries and overloads. */
    VmafFeatureDictionary *dict = NULL;
    EXPECT(vmaf_feature_dictionary_set(NULL, "k", "v") == -EINVAL);
    EXPECT(vmaf_feature_dictionary_set(&dict, NULL, "v") == -EINVAL);
    EXPECT(vmaf_feature_dictionary_set(&dict, "adm_enhn_gain_limit", "1.0") == 0 && dict != NULL);
    EXPECT(vmaf_feature_dictionary_free(&dict) == 0 && dict == NULL);
    EXPECT(vmaf_feature_dictionary_free(NULL) == -EINVAL);
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v0.6.1") == 0);
    EXPECT(vmaf_feature_dictionary_set(&dict, "adm_enhn_gain_limit", "1.0") == 0);
    EXPECT(vmaf_model_feature_overload(model, "adm", dict) == 0); /* takes the dictionary */
    vmaf_model_destroy(model);
}

/* Reads n synthetic pairs of w x h into vmaf, checking that each read takes the pictures. */
static void read_pairs(VmafContext *vmaf, enum VmafPixelFormat fmt, unsigned bpc, unsigned w, unsigned h, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        VmafPicture ref, dist;
        EXPECT(vmaf_picture_alloc(&ref, fmt, bpc, w, h) == 0);
        EXPECT(vmaf_picture_alloc(&dist, fmt, bpc, w, h) == 0);
        fill(&ref, i);
        fill(&dist, i * 3 + 1);
        EXPECT(vmaf_read_pictures(vmaf, &ref, &dist, i) == 0);
        EXPECT(ref.ref == NULL && dist.ref == NULL); /* ownership went to the context */
        EXPECT(vmaf_picture_unref(&ref) == -EINVAL);
    }
}

static void test_scoring(void)
{
    VmafContext *vmaf = open_context(0, 0);
    VmafModel *model = NULL;
    VmafModelConfig cfg = {.name = "vmaf"};
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v0.6.1") == 0);
    EXPECT(vmaf_use_features_from_model(NULL, model) == -EINVAL);
    EXPECT(vmaf_use_features_from_model(vmaf, NULL) == -EINVAL);
    EXPECT(vmaf_use_features_from_model(vmaf, model) == 0);
    EXPECT(vmaf_use_feature(vmaf, "cambi", NULL) < 0);        /* not computed by vmaf-tiny */
    EXPECT(vmaf_use_feature(vmaf, NULL, NULL) == -EINVAL);

    /* Mismatched pictures are refused and stay the caller's. */
    VmafPicture a, b;
    EXPECT(vmaf_picture_alloc(&a, VMAF_PIX_FMT_YUV420P, 8, 64, 48) == 0);
    EXPECT(vmaf_picture_alloc(&b, VMAF_PIX_FMT_YUV444P, 8, 64, 48) == 0);
    EXPECT(vmaf_read_pictures(vmaf, &a, &b, 0) == -EINVAL);
    EXPECT(vmaf_read_pictures(vmaf, &a, NULL, 0) == -EINVAL);
    EXPECT(vmaf_picture_unref(&a) == 0 && vmaf_picture_unref(&b) == 0);
    VmafPicture bogus;
    memset(&bogus, 0, sizeof(bogus));
    EXPECT(vmaf_read_pictures(vmaf, &bogus, &bogus, 0) == -EINVAL);

    const unsigned n = 5;
    read_pairs(vmaf, VMAF_PIX_FMT_YUV420P, 8, 64, 48, n);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);  /* flush */
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == -EINVAL);
    VmafPicture late_ref, late_dist;
    EXPECT(vmaf_picture_alloc(&late_ref, VMAF_PIX_FMT_YUV420P, 8, 64, 48) == 0);
    EXPECT(vmaf_picture_alloc(&late_dist, VMAF_PIX_FMT_YUV420P, 8, 64, 48) == 0);
    EXPECT(vmaf_read_pictures(vmaf, &late_ref, &late_dist, n) == -EINVAL); /* after the flush */
    EXPECT(vmaf_picture_unref(&late_ref) == 0 && vmaf_picture_unref(&late_dist) == 0);

    double scores[5], sum = 0, min = 1e300, max = -1e300, inverse = 0, score;
    for (unsigned i = 0; i < n; i++) {
        EXPECT(vmaf_score_at_index(vmaf, model, &scores[i], i) == 0);
        EXPECT(isfinite(scores[i]) && scores[i] >= 0 && scores[i] <= 100);
        sum += scores[i];
        inverse += 1.0 / (scores[i] + 1.0);
        min = scores[i] < min ? scores[i] : min;
        max = scores[i] > max ? scores[i] : max;
        double adm, alias;
        EXPECT(vmaf_feature_score_at_index(vmaf, "integer_adm2", &adm, i) == 0);
        EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_adm2_score", &alias, i) == 0);
        EXPECT(adm == alias && adm > 0 && adm <= 1);
    }
    EXPECT(vmaf_score_at_index(vmaf, model, &score, n) == -EINVAL);
    EXPECT(vmaf_score_at_index(vmaf, model, NULL, 0) == -EINVAL);
    EXPECT(vmaf_score_at_index(NULL, model, &score, 0) == -EINVAL);
    EXPECT(vmaf_feature_score_at_index(vmaf, "no_such_feature", &score, 0) == -EINVAL);
    EXPECT(vmaf_feature_score_at_index(vmaf, NULL, &score, 0) == -EINVAL);

    EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MEAN, &score, 0, n - 1) == 0 && score == sum / n);
    EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MIN, &score, 0, n - 1) == 0 && score == min);
    EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MAX, &score, 0, n - 1) == 0 && score == max);
    EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_HARMONIC_MEAN, &score, 0, n - 1) == 0 &&
           score == n / inverse - 1.0);
    EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MEAN, &score, 3, 1) == -EINVAL);
    EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_UNKNOWN, &score, 0, 1) == -EINVAL);
    EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MEAN, NULL, 0, 1) == -EINVAL);
    EXPECT(vmaf_feature_score_pooled(vmaf, "integer_motion2", VMAF_POOL_METHOD_MAX, &score, 0, n - 1) == 0);
    EXPECT(score >= 0);

    /* Imported scores: written once per index, read back, pooled. */
    EXPECT(vmaf_import_feature_score(vmaf, "my_feature", 2.5, 0) == 0);
    EXPECT(vmaf_import_feature_score(vmaf, "my_feature", 3.5, 1) == 0);
    EXPECT(vmaf_import_feature_score(vmaf, "my_feature", 9.0, 1) == -EINVAL);
    EXPECT(vmaf_import_feature_score(vmaf, NULL, 1.0, 1) == -EINVAL);
    EXPECT(vmaf_feature_score_at_index(vmaf, "my_feature", &score, 1) == 0 && score == 3.5);
    EXPECT(vmaf_feature_score_pooled(vmaf, "my_feature", VMAF_POOL_METHOD_MEAN, &score, 0, 1) == 0 && score == 3.0);

    /* Outputs. */
    static const enum VmafOutputFormat formats[] = {VMAF_OUTPUT_FORMAT_XML, VMAF_OUTPUT_FORMAT_JSON,
                                                    VMAF_OUTPUT_FORMAT_CSV, VMAF_OUTPUT_FORMAT_SUB};
    for (int f = 0; f < 4; f++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof(path), "%s/api_test.%d", out_dir, f);
        EXPECT(vmaf_write_output(vmaf, path, formats[f]) == 0);
        EXPECT(stat(path, &st) == 0 && st.st_size > 0);
    }
    EXPECT(vmaf_write_output(vmaf, NULL, VMAF_OUTPUT_FORMAT_JSON) == -EINVAL);
    EXPECT(vmaf_write_output(vmaf, "x.json", VMAF_OUTPUT_FORMAT_NONE) == -EINVAL);
    EXPECT(vmaf_write_output(vmaf, out_dir, VMAF_OUTPUT_FORMAT_JSON) < 0); /* a folder */

    vmaf_model_destroy(model);
    EXPECT(vmaf_close(vmaf) == 0);
}

static void test_pool(void)
{
    VmafContext *vmaf = open_context(0, 0);
    VmafPicture pic;
    EXPECT(vmaf_fetch_preallocated_picture(vmaf, &pic) == -EINVAL); /* no pool yet */
    VmafPictureConfiguration cfg = {.pic_params = {.w = 64, .h = 48, .bpc = 10, .pix_fmt = VMAF_PIX_FMT_YUV422P},
                                    .pic_cnt = 0};
    EXPECT(vmaf_preallocate_pictures(vmaf, cfg) == -EINVAL);
    cfg.pic_cnt = 2;
    cfg.pic_params.bpc = 20;
    EXPECT(vmaf_preallocate_pictures(vmaf, cfg) == -EINVAL);
    cfg.pic_params.bpc = 10;
    EXPECT(vmaf_preallocate_pictures(NULL, cfg) == -EINVAL);
    EXPECT(vmaf_preallocate_pictures(vmaf, cfg) == 0);
    EXPECT(vmaf_preallocate_pictures(vmaf, cfg) == -EINVAL); /* once per context */
    EXPECT(vmaf_fetch_preallocated_picture(vmaf, NULL) == -EINVAL);
    EXPECT(vmaf_use_feature(vmaf, "motion", NULL) == 0);

    /* Two pictures in the pool, six pairs read: each read hands the pair back to the pool. */
    for (unsigned i = 0; i < 6; i++) {
        VmafPicture ref, dist;
        EXPECT(vmaf_fetch_preallocated_picture(vmaf, &ref) == 0);
        EXPECT(vmaf_fetch_preallocated_picture(vmaf, &dist) == 0);
        EXPECT(ref.pix_fmt == VMAF_PIX_FMT_YUV422P && ref.bpc == 10 && ref.w[0] == 64 && ref.w[1] == 32);
        EXPECT(ref.data[0] != dist.data[0]);
        fill(&ref, i);
        fill(&dist, i + 7);
        EXPECT(vmaf_read_pictures(vmaf, &ref, &dist, i) == 0);
        EXPECT(ref.ref == NULL);
    }
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
    double motion;
    EXPECT(vmaf_feature_score_at_index(vmaf, "integer_motion2", &motion, 5) == 0 && motion > 0);
    /* A pooled picture held past the close is freed at its unref. */
    EXPECT(vmaf_fetch_preallocated_picture(vmaf, &pic) == 0);
    EXPECT(vmaf_close(vmaf) == 0);
    EXPECT(vmaf_picture_unref(&pic) == 0);
}

struct fetch_waiter {
    VmafContext *vmaf;
    VmafPicture pic;
    int rc;
};

static void *fetch_waiting(void *arg)
{
    struct fetch_waiter *w = arg;
    w->rc = vmaf_fetch_preallocated_picture(w->vmaf, &w->pic);
    return NULL;
}

/* True once some thread of this process named after it (a thread the test started) sleeps. */
static int a_test_thread_sleeps(void)
{
    DIR *tasks = opendir("/proc/self/task");
    int found = 0;
    for (struct dirent *e; tasks && (e = readdir(tasks)) && !found;) {
        char path[300], stat[512];
        snprintf(path, sizeof(path), "/proc/self/task/%s/stat", e->d_name);
        FILE *f = e->d_name[0] == '.' ? NULL : fopen(path, "r");
        if (f && fgets(stat, sizeof(stat), f)) {
            const char *name = strchr(stat, '('), *end = strrchr(stat, ')');
            found = name && end && !strncmp(name + 1, "api_test", 8) && end[2] == 'S';
        }
        if (f) fclose(f);
    }
    if (tasks) closedir(tasks);
    return found;
}

static void pause_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "api_test: hung (a fetch waiting on a closed context's pool never returned)\n";
    if (write(2, msg, sizeof(msg) - 1) < 0) _exit(1);
    _exit(1);
}

static void test_pool_closed_while_waiting(void)
{
    /* A thread waiting for a pooled picture when the context is closed gets an error instead of waiting for good. */
    VmafContext *vmaf = open_context(0, 0);
    VmafPictureConfiguration cfg = {.pic_params = {.w = 64, .h = 48, .bpc = 8, .pix_fmt = VMAF_PIX_FMT_YUV420P},
                                    .pic_cnt = 1};
    EXPECT(vmaf_preallocate_pictures(vmaf, cfg) == 0);
    VmafPicture held;
    EXPECT(vmaf_fetch_preallocated_picture(vmaf, &held) == 0);
    struct fetch_waiter w = {.vmaf = vmaf, .rc = 1};
    pthread_t thread;
    EXPECT(pthread_create(&thread, NULL, fetch_waiting, &w) == 0);
    for (int i = 0; i < 2000 && !a_test_thread_sleeps(); i++) pause_ms(1);
    pause_ms(50); /* the thread is waiting in the fetch (or about to): either way the close must end its wait */
    EXPECT(vmaf_close(vmaf) == 0);
    signal(SIGALRM, on_alarm);
    alarm(20);
    EXPECT(pthread_join(thread, NULL) == 0);
    alarm(0);
    EXPECT(w.rc == -EINVAL && w.pic.ref == NULL);
    EXPECT(vmaf_picture_unref(&held) == 0);
}

static void test_formats_and_subsample(void)
{
    static const enum VmafPixelFormat formats[] = {VMAF_PIX_FMT_YUV420P, VMAF_PIX_FMT_YUV422P,
                                                   VMAF_PIX_FMT_YUV444P, VMAF_PIX_FMT_YUV400P};
    VmafModelConfig cfg = {.name = "vmaf"};
    VmafModel *model = NULL;
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v0.6.1") == 0);
    for (int f = 0; f < 4; f++) {
        for (unsigned bpc = 8; bpc <= 16; bpc += 2) {
            VmafContext *vmaf = open_context(bpc == 10 ? 2 : 0, 2);
            EXPECT(vmaf_use_features_from_model(vmaf, model) == 0);
            read_pairs(vmaf, formats[f], bpc, 48, 40, 4);
            EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
            double score;
            EXPECT(vmaf_score_at_index(vmaf, model, &score, 0) == 0);
            EXPECT(vmaf_score_at_index(vmaf, model, &score, 2) == 0);
            EXPECT(vmaf_score_at_index(vmaf, model, &score, 1) == -EINVAL); /* subsampled out */
            EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MEAN, &score, 0, 3) == 0);
            EXPECT(vmaf_close(vmaf) == 0);
        }
    }
    vmaf_model_destroy(model);
}

static int starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

static void test_csv_columns(void)
{
    /* libvmaf's CSV header lists the features in the order they were first written, whatever the frame: a score
     * imported for picture 1 before any picture is read comes first (libvmaf 3.2.0 writes "Frame,my_feature,..."). */
    VmafContext *vmaf = open_context(0, 0);
    EXPECT(vmaf_import_feature_score(vmaf, "my_feature", 0.5, 1) == 0);
    EXPECT(vmaf_use_feature(vmaf, "motion", NULL) == 0);
    read_pairs(vmaf, VMAF_PIX_FMT_YUV420P, 8, 48, 40, 3);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
    char path[4096], line[512];
    snprintf(path, sizeof(path), "%s/api_test_columns.csv", out_dir);
    EXPECT(vmaf_write_output(vmaf, path, VMAF_OUTPUT_FORMAT_CSV) == 0);
    FILE *csv = fopen(path, "r");
    EXPECT(csv != NULL);
    EXPECT(fgets(line, sizeof(line), csv) != NULL);
    EXPECT(starts_with(line, "Frame,my_feature,VMAF_integer_feature_motion_sad_score,"));
    EXPECT(fgets(line, sizeof(line), csv) != NULL);
    EXPECT(starts_with(line, "0,,")); /* picture 0 has no imported value: its cell stays empty, the columns aligned */
    EXPECT(fgets(line, sizeof(line), csv) != NULL);
    EXPECT(starts_with(line, "1,0.500000,"));
    fclose(csv);
    EXPECT(vmaf_close(vmaf) == 0);
}

static void test_psnr_bit_depths(void)
{
    /* libvmaf's psnr computes 8, 10, 12 and 16-bit pictures; at 9, 11, 13, 14 and 15 bits vmaf_read_pictures returns
     * -EINVAL (at any n_threads: psnr runs in the calling thread), the pictures stay the caller's, and the flush that
     * follows succeeds with no PSNR stored. */
    for (unsigned bpc = 8; bpc <= 16; bpc++) {
        const int computed = bpc == 8 || bpc == 10 || bpc == 12 || bpc == 16;
        for (unsigned threads = 0; threads <= 2; threads += 2) {
            VmafContext *vmaf = open_context(threads, 0);
            EXPECT(vmaf_use_feature(vmaf, "psnr", NULL) == 0);
            VmafPicture ref, dist;
            EXPECT(vmaf_picture_alloc(&ref, VMAF_PIX_FMT_YUV420P, bpc, 48, 40) == 0);
            EXPECT(vmaf_picture_alloc(&dist, VMAF_PIX_FMT_YUV420P, bpc, 48, 40) == 0);
            fill(&ref, 1);
            fill(&dist, 2);
            const int err = vmaf_read_pictures(vmaf, &ref, &dist, 0);
            if (computed) {
                EXPECT(err == 0);
            } else {
                EXPECT(err == -EINVAL);
                EXPECT(vmaf_picture_unref(&ref) == 0 && vmaf_picture_unref(&dist) == 0);
            }
            EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
            double psnr;
            EXPECT((vmaf_feature_score_at_index(vmaf, "psnr_y", &psnr, 0) == 0) == computed);
            EXPECT(vmaf_close(vmaf) == 0);
        }
    }
}

static void test_flush_without_pictures(void)
{
    /* libvmaf's flush of a context that no picture has reached is -EINVAL where it flushes an extractor only a picture
     * initialises (every one at n_threads 0; psnr, which runs in the calling thread, with worker threads) and the
     * context still reads pictures; with none such it flushes (reading is then -EINVAL). */
    VmafModelConfig cfg = {.name = "vmaf"};
    VmafModel *model = NULL;
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v0.6.1") == 0);
    double score;

    VmafContext *vmaf = open_context(0, 0);
    EXPECT(vmaf_use_features_from_model(vmaf, model) == 0);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == -EINVAL);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == -EINVAL);
    read_pairs(vmaf, VMAF_PIX_FMT_YUV420P, 8, 48, 40, 2);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
    EXPECT(vmaf_score_at_index(vmaf, model, &score, 1) == 0);
    EXPECT(vmaf_close(vmaf) == 0);

    vmaf = open_context(2, 0);
    EXPECT(vmaf_use_feature(vmaf, "psnr", NULL) == 0);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == -EINVAL);
    EXPECT(vmaf_close(vmaf) == 0);

    static const unsigned thread_counts[] = {0, 2};
    for (int t = 0; t < 2; t++) {
        vmaf = open_context(thread_counts[t], 0);
        if (thread_counts[t]) EXPECT(vmaf_use_features_from_model(vmaf, model) == 0); /* no psnr: flushed */
        EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
        EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == -EINVAL);
        EXPECT(vmaf_close(vmaf) == 0);
    }
    vmaf_model_destroy(model);
}

/* The first line of vmaf_write_output's CSV of vmaf into line. */
static void csv_header(VmafContext *vmaf, char *line, int size)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/api_test_header.csv", out_dir);
    EXPECT(vmaf_write_output(vmaf, path, VMAF_OUTPUT_FORMAT_CSV) == 0);
    FILE *csv = fopen(path, "r");
    EXPECT(csv != NULL);
    EXPECT(fgets(line, size, csv) != NULL);
    fclose(csv);
}

static void test_before_the_flush(void)
{
    /* libvmaf's motion writes motion2 and motion3 at the flush: before it no picture has a model score (-EINVAL),
     * those two features are -EINVAL, and the log has neither them nor a score; ADM is already there. */
    VmafModelConfig cfg = {.name = "vmaf"};
    VmafModel *model = NULL;
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v0.6.1") == 0);
    VmafContext *vmaf = open_context(0, 0);
    EXPECT(vmaf_use_features_from_model(vmaf, model) == 0);
    const unsigned n = 4;
    read_pairs(vmaf, VMAF_PIX_FMT_YUV420P, 8, 48, 40, n);
    double score;
    for (unsigned i = 0; i < n; i++) {
        EXPECT(vmaf_score_at_index(vmaf, model, &score, i) == -EINVAL);
        EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion2_score", &score, i) == -EINVAL);
        EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion3_score", &score, i) == -EINVAL);
    }
    EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_adm2_score", &score, 0) == 0);
    EXPECT(vmaf_score_pooled(vmaf, model, VMAF_POOL_METHOD_MEAN, &score, 0, n - 1) == -EINVAL);
    EXPECT(vmaf_feature_score_pooled(vmaf, "VMAF_integer_feature_motion2_score", VMAF_POOL_METHOD_MEAN, &score, 0, 0) == -EINVAL);
    char line[1024];
    csv_header(vmaf, line, sizeof(line));
    EXPECT(strstr(line, "integer_adm2,") != NULL && strstr(line, "motion2") == NULL && strstr(line, "vmaf,") == NULL);

    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
    for (unsigned i = 0; i < n; i++) EXPECT(vmaf_score_at_index(vmaf, model, &score, i) == 0);
    csv_header(vmaf, line, sizeof(line));
    EXPECT(strstr(line, "integer_motion2,integer_motion3,") != NULL && strstr(line, "vmaf,") != NULL);
    EXPECT(vmaf_close(vmaf) == 0);
    vmaf_model_destroy(model);
}

static volatile int zero_divisor;

/* The signal a child of this process (the runtime started: its handlers installed) ends with after fault(). */
static int child_fault_signal(void (*fault)(void))
{
    const pid_t child = fork();
    EXPECT(child >= 0);
    if (child == 0) {
        const struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        fault();
        _exit(0);
    }
    int status = 0;
    EXPECT(waitpid(child, &status, 0) == child);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void null_write(void)
{
    *(volatile int *)(uintptr_t)zero_divisor = 1;
}

static void divide_by_zero(void)
{
    volatile int seven = 7;
    volatile int quotient = seven / zero_divisor;
    (void)quotient;
}

static void test_program_faults_keep_their_signals(void)
{
    /* The runtime's SIGSEGV and SIGFPE handlers pass a fault in the program's own code to the default action (the
     * README says so): it still ends the program with that signal. Those handlers are in place by now. */
    struct sigaction segv, fpe;
    EXPECT(sigaction(SIGSEGV, NULL, &segv) == 0 && (segv.sa_flags & SA_SIGINFO));
    EXPECT(sigaction(SIGFPE, NULL, &fpe) == 0 && (fpe.sa_flags & SA_SIGINFO));
    EXPECT(child_fault_signal(null_write) == SIGSEGV);
    EXPECT(child_fault_signal(divide_by_zero) == SIGFPE);
}

/* The threads of this process named "vmaf-tiny..." (the feature workers), from /proc. */
static int worker_threads(void)
{
    DIR *tasks = opendir("/proc/self/task");
    EXPECT(tasks != NULL);
    int n = 0;
    for (struct dirent *e; (e = readdir(tasks));) {
        char path[300], comm[64];
        snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
        FILE *f = e->d_name[0] == '.' ? NULL : fopen(path, "r");
        if (f && fgets(comm, sizeof(comm), f) && !strncmp(comm, "vmaf-tiny", 9)) n++;
        if (f) fclose(f);
    }
    closedir(tasks);
    return n;
}

/* A context with worker threads, a few pairs read, flushed and closed. */
static void threaded_run(VmafModel *model)
{
    VmafContext *vmaf = open_context(2, 0);
    EXPECT(vmaf_use_features_from_model(vmaf, model) == 0);
    read_pairs(vmaf, VMAF_PIX_FMT_YUV420P, 8, 48, 40, 3);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
    EXPECT(vmaf_close(vmaf) == 0);
}

static void test_close_ends_threads(void)
{
    /* vmaf_close returns with the context's threads gone, as libvmaf's pthread_join leaves them. (A forked child may
     * not call the library, threads or none: the .NET runtime does not survive fork without exec; a child that scored
     * aborted in about half the runs on a loaded machine. The README says so.) */
    VmafModelConfig cfg = {.name = "vmaf"};
    VmafModel *model = NULL;
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v0.6.1") == 0);
    for (int i = 0; i < 60; i++) {
        threaded_run(model);
        EXPECT(worker_threads() == 0);
    }
    vmaf_model_destroy(model);
}

/* Reads picture pair i (the fill pattern of read_pairs) and returns vmaf_read_pictures' answer; the pictures are
 * released whether or not the context took them, *taken telling which. */
static int read_pair(VmafContext *vmaf, unsigned bpc, unsigned i, int *taken)
{
    VmafPicture ref, dist;
    EXPECT(vmaf_picture_alloc(&ref, VMAF_PIX_FMT_YUV420P, bpc, 48, 40) == 0);
    EXPECT(vmaf_picture_alloc(&dist, VMAF_PIX_FMT_YUV420P, bpc, 48, 40) == 0);
    fill(&ref, i);
    fill(&dist, i * 3 + 1);
    const int err = vmaf_read_pictures(vmaf, &ref, &dist, i);
    *taken = ref.ref == NULL;
    if (ref.ref) EXPECT(vmaf_picture_unref(&ref) == 0 && vmaf_picture_unref(&dist) == 0);
    return err;
}

static int has_score(VmafContext *vmaf, const char *name, unsigned index)
{
    double score;
    return vmaf_feature_score_at_index(vmaf, name, &score, index) == 0;
}

static void test_values_as_read(void)
{
    /* libvmaf's ADM, VIF and motion SAD (n_threads 0) write a picture's values as it is read: each picture read can be
     * looked up and pooled before the next one and before the flush, which then leaves them as they were. motion2
     * (written at the flush) is -EINVAL until then. */
    static const char *const features[] = {"VMAF_integer_feature_adm2_score", "VMAF_integer_feature_vif_scale0_score",
                                           "VMAF_integer_feature_motion_sad_score", "integer_adm_scale0"};
    VmafModelConfig cfg = {.name = "vmaf"};
    VmafModel *model = NULL;
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v0.6.1") == 0);
    VmafContext *vmaf = open_context(0, 0);
    EXPECT(vmaf_use_features_from_model(vmaf, model) == 0);
    enum { n = 3 };
    double read[n][4], score;
    int taken;
    for (unsigned i = 0; i < n; i++) {
        EXPECT(read_pair(vmaf, 8, i, &taken) == 0 && taken);
        for (int f = 0; f < 4; f++) {
            EXPECT(vmaf_feature_score_at_index(vmaf, features[f], &read[i][f], i) == 0);
            EXPECT(vmaf_feature_score_pooled(vmaf, features[f], VMAF_POOL_METHOD_MEAN, &score, 0, i) == 0);
        }
        EXPECT(!has_score(vmaf, "VMAF_integer_feature_motion2_score", i));
        EXPECT(vmaf_score_at_index(vmaf, model, &score, i) == -EINVAL);
    }
    EXPECT(read[0][2] == 0 && read[1][2] > 0);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
    for (unsigned i = 0; i < n; i++) {
        for (int f = 0; f < 4; f++) EXPECT(vmaf_feature_score_at_index(vmaf, features[f], &score, i) == 0 && score == read[i][f]);
        EXPECT(vmaf_score_at_index(vmaf, model, &score, i) == 0);
    }
    EXPECT(vmaf_close(vmaf) == 0);
    vmaf_model_destroy(model);
}

static void test_motion2_imported_before_the_flush(void)
{
    /* libvmaf's motion flush ignores what its appends return: a motion2 imported before it stays (the collector warns)
     * and the flush succeeds, at any n_threads; motion3 is the computed motion2's. */
    VmafModelConfig cfg = {.name = "vmaf"};
    VmafModel *model = NULL;
    EXPECT(vmaf_model_load(&model, &cfg, "vmaf_v0.6.1") == 0);
    for (unsigned threads = 0; threads <= 2; threads += 2) {
        VmafContext *vmaf = open_context(threads, 0);
        EXPECT(vmaf_use_features_from_model(vmaf, model) == 0);
        EXPECT(vmaf_import_feature_score(vmaf, "VMAF_integer_feature_motion2_score", 42.0, 1) == 0);
        int taken;
        for (unsigned i = 0; i < 3; i++) EXPECT(read_pair(vmaf, 8, i, &taken) == 0);
        EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
        double motion2, motion3, sad1, sad2;
        EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion2_score", &motion2, 1) == 0 && motion2 == 42.0);
        EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion_sad_score", &sad1, 1) == 0);
        EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion_sad_score", &sad2, 2) == 0);
        EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion3_score", &motion3, 1) == 0);
        EXPECT(motion3 == (sad1 < sad2 ? sad1 : sad2));
        EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion2_score", &motion2, 2) == 0 && motion2 == sad2);
        EXPECT(vmaf_score_at_index(vmaf, model, &motion2, 1) == 0);
        EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == -EINVAL);
        EXPECT(vmaf_close(vmaf) == 0);
    }
    vmaf_model_destroy(model);
}

static void test_psnr_refusal_keeps_earlier_extractors(void)
{
    /* libvmaf's read runs the extractors in the order registered and returns the first error: where psnr refuses the
     * bit depth (9 bits) at n_threads 0, those registered before it keep their values of the picture, which is counted
     * and stays the caller's. motion among them computes picture 0 only (a refused read leaves it no previous picture)
     * and stops those after it from picture 1 on. The flush fails (-EINVAL, not flushed) where extractors registered
     * after psnr computed nothing. With worker threads psnr runs first and nothing is kept. */
    int taken;
    double score;
    VmafContext *vmaf = open_context(0, 0);
    EXPECT(vmaf_use_feature(vmaf, "adm", NULL) == 0 && vmaf_use_feature(vmaf, "vif", NULL) == 0);
    EXPECT(vmaf_use_feature(vmaf, "psnr", NULL) == 0);
    for (unsigned i = 0; i < 3; i++) {
        EXPECT(read_pair(vmaf, 9, i, &taken) == -EINVAL && !taken);
        EXPECT(has_score(vmaf, "VMAF_integer_feature_adm2_score", i));
        EXPECT(has_score(vmaf, "VMAF_integer_feature_vif_scale3_score", i));
        EXPECT(!has_score(vmaf, "psnr_y", i));
    }
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
    EXPECT(vmaf_feature_score_pooled(vmaf, "VMAF_integer_feature_adm2_score", VMAF_POOL_METHOD_MEAN, &score, 0, 2) == 0);
    EXPECT(vmaf_close(vmaf) == 0);

    vmaf = open_context(0, 0);
    EXPECT(vmaf_use_feature(vmaf, "motion", NULL) == 0 && vmaf_use_feature(vmaf, "adm", NULL) == 0);
    EXPECT(vmaf_use_feature(vmaf, "psnr", NULL) == 0 && vmaf_use_feature(vmaf, "vif", NULL) == 0);
    for (unsigned i = 0; i < 3; i++) EXPECT(read_pair(vmaf, 9, i, &taken) == -EINVAL && !taken);
    EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion_sad_score", &score, 0) == 0 && score == 0);
    EXPECT(has_score(vmaf, "VMAF_integer_feature_adm2_score", 0));
    EXPECT(!has_score(vmaf, "VMAF_integer_feature_adm2_score", 1) && !has_score(vmaf, "VMAF_integer_feature_motion_sad_score", 1));
    EXPECT(!has_score(vmaf, "VMAF_integer_feature_vif_scale0_score", 0));
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == -EINVAL);
    EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion2_score", &score, 0) == 0 && score == 0);
    EXPECT(vmaf_feature_score_at_index(vmaf, "VMAF_integer_feature_motion3_score", &score, 0) == 0 && score == 0);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == -EINVAL);
    EXPECT(vmaf_close(vmaf) == 0);

    vmaf = open_context(2, 0);
    EXPECT(vmaf_use_feature(vmaf, "adm", NULL) == 0 && vmaf_use_feature(vmaf, "psnr", NULL) == 0);
    EXPECT(read_pair(vmaf, 9, 0, &taken) == -EINVAL && !taken);
    EXPECT(vmaf_read_pictures(vmaf, NULL, NULL, 0) == 0);
    EXPECT(!has_score(vmaf, "VMAF_integer_feature_adm2_score", 0));
    EXPECT(vmaf_close(vmaf) == 0);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: api_test MODEL_JSON OUT_DIR\n");
        return 2;
    }
    out_dir = argv[2];
    /* Loading the library leaves SIGPIPE as the process had it (the .NET runtime's start sets SIG_IGN process-wide,
     * which libvmaf never does): a C program writing into a closed pipe still ends. Set here, checked at the end. */
    signal(SIGPIPE, SIG_DFL);
    test_abi();
    test_context();
    test_pictures();
    test_models(argv[1]);
    test_scoring();
    test_pool();
    test_pool_closed_while_waiting();
    test_formats_and_subsample();
    test_csv_columns();
    test_psnr_bit_depths();
    test_flush_without_pictures();
    test_before_the_flush();
    test_values_as_read();
    test_motion2_imported_before_the_flush();
    test_psnr_refusal_keeps_earlier_extractors();
    test_program_faults_keep_their_signals();
    test_close_ends_threads();
    struct sigaction pipe_now;
    EXPECT(sigaction(SIGPIPE, NULL, &pipe_now) == 0 && pipe_now.sa_handler == SIG_DFL);
    printf("ok %d checks\n", checks);
    return 0;
}
