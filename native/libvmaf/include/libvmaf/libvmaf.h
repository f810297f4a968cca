/*
 * vmaf-tiny's libvmaf-compatible C library (libvmaf 3.2.0's libvmaf.h interface).
 *
 * Every function returns 0 or a negative errno (-EINVAL for a bad argument or input, -ENOMEM, -EIO for an output
 * that cannot be written); the reason goes to stderr as one line, "libvmaf ERROR ...", at the context's log level.
 * A NULL pointer argument is -EINVAL. One context per thread of the caller, as with libvmaf; several contexts may
 * run at once.
 *
 * Features computed: libvmaf's integer extractors "adm", "vif" and "motion", and "psnr" (bit for bit the same
 * doubles as libvmaf's C code), with every output libvmaf writes for them. Other extractors return -EINVAL.
 *
 * Signals: the first call starts the .NET runtime, which installs handlers for SIGSEGV and SIGFPE (a fault in its
 * own code becomes an error return) and SIGRTMIN (it stops its threads for garbage collection with it). Each passes
 * what is not its own to the handler the process had before, or to the default action: a fault in the program still
 * ends it as before. A handler the program sets for one of these after the first call should chain to the one it
 * replaces (sigaction's old action), as crash reporters do.
 */
#ifndef __VMAF_H__
#define __VMAF_H__

#include <stdint.h>
#include <stdio.h>

#include "libvmaf/model.h"
#include "libvmaf/picture.h"
#include "libvmaf/feature.h"

#ifdef __cplusplus
extern "C" {
#endif

enum VmafLogLevel {
    VMAF_LOG_LEVEL_NONE = 0,
    VMAF_LOG_LEVEL_ERROR,
    VMAF_LOG_LEVEL_WARNING,
    VMAF_LOG_LEVEL_INFO,
    VMAF_LOG_LEVEL_DEBUG,
};

enum VmafOutputFormat {
    VMAF_OUTPUT_FORMAT_NONE = 0,
    VMAF_OUTPUT_FORMAT_XML,
    VMAF_OUTPUT_FORMAT_JSON,
    VMAF_OUTPUT_FORMAT_CSV,
    VMAF_OUTPUT_FORMAT_SUB,
};

enum VmafPoolingMethod {
    VMAF_POOL_METHOD_UNKNOWN = 0,
    VMAF_POOL_METHOD_MIN,
    VMAF_POOL_METHOD_MAX,
    VMAF_POOL_METHOD_MEAN,
    VMAF_POOL_METHOD_HARMONIC_MEAN,
    VMAF_POOL_METHOD_NB
};

/*
 * log_level:   messages up to this level go to stderr (process-wide: the last vmaf_init sets it). DEBUG also says
 *              which build (x86-64-v3 or v4) and which kernels (scalar, avx2, avx512) run.
 * n_threads:   0 computes in the calling thread; N on N worker threads. The values do not depend on it.
 * n_subsample: compute ADM and VIF on pictures whose index is a multiple of N (motion on every picture).
 * cpumask:     bits that switch instruction sets off: 8 (AVX2) leaves the scalar path, 16 (AVX-512) leaves AVX2
 *              at most; the other bits change nothing. Every path gives the same values.
 * gpumask:     ignored (no GPU path).
 */
typedef struct VmafConfiguration {
    enum VmafLogLevel log_level;
    unsigned n_threads;
    unsigned n_subsample;
    uint64_t cpumask;
    uint64_t gpumask;
} VmafConfiguration;

/* A scoring session. Opaque. */
typedef struct VmafContext VmafContext;

/* Opens a context into *vmaf; vmaf_close() frees it. */
int vmaf_init(VmafContext **vmaf, VmafConfiguration cfg);

/* Registers the extractors the model reads (a set: each extractor and option set runs once). */
int vmaf_use_features_from_model(VmafContext *vmaf, VmafModel *model);

/* Not supported (model collections): -EINVAL. */
int vmaf_use_features_from_model_collection(VmafContext *vmaf,
                                            VmafModelCollection *model_collection);

/*
 * Registers extractor feature_name ("adm", "vif", "motion", "psnr") with the options of opts_dict (NULL: defaults),
 * before the first picture. On success the context owns opts_dict; on failure the caller still does. "psnr", as
 * libvmaf's, computes 8, 10, 12 and 16-bit pictures: vmaf_read_pictures() of other depths is then -EINVAL.
 */
int vmaf_use_feature(VmafContext *vmaf, const char *feature_name,
                     VmafFeatureDictionary *opts_dict);

/* Stores a value of feature feature_name for picture index (a value is written once). */
int vmaf_import_feature_score(VmafContext *vmaf, const char *feature_name,
                              double value, unsigned index);

/*
 * Reads the next pair of pictures; index counts from 0 in steps of 1. Both pictures must have the same size, pixel
 * format and bit depth as every other. On success the context takes both pictures (and unrefs them); on failure
 * the caller still owns them. ref and dist both NULL flushes: every value is then final. As with libvmaf, motion2
 * and motion3 (so every model score) exist only after the flush, and flushing before any picture is -EINVAL where
 * extractors are registered (with n_threads >= 1: where "psnr" is), the context still open to pictures.
 */
int vmaf_read_pictures(VmafContext *vmaf, VmafPicture *ref, VmafPicture *dist,
                       unsigned index);

/*
 * The model's score of picture index (predicted from the features and stored under the model's name); -EINVAL
 * before the flush (no motion2 yet), as with libvmaf.
 */
int vmaf_score_at_index(VmafContext *vmaf, VmafModel *model, double *score,
                        unsigned index);

/* Not supported (model collections): -EINVAL. */
int vmaf_score_at_index_model_collection(VmafContext *vmaf,
                                         VmafModelCollection *model_collection,
                                         VmafModelCollectionScore *score,
                                         unsigned index);

/*
 * The value of a feature at picture index, by libvmaf's name ("VMAF_integer_feature_adm2_score") or the log's
 * ("integer_adm2"); -EINVAL when there is none.
 */
int vmaf_feature_score_at_index(VmafContext *vmaf, const char *feature_name,
                                double *score, unsigned index);

/* The model's scores of pictures index_low..index_high (every n_subsample-th), pooled. */
int vmaf_score_pooled(VmafContext *vmaf, VmafModel *model,
                      enum VmafPoolingMethod pool_method, double *score,
                      unsigned index_low, unsigned index_high);

/* Not supported (model collections): -EINVAL. */
int vmaf_score_pooled_model_collection(VmafContext *vmaf,
                                       VmafModelCollection *model_collection,
                                       enum VmafPoolingMethod pool_method,
                                       VmafModelCollectionScore *score,
                                       unsigned index_low, unsigned index_high);

/* A feature's values of pictures index_low..index_high (every n_subsample-th), pooled. */
int vmaf_feature_score_pooled(VmafContext *vmaf, const char *feature_name,
                              enum VmafPoolingMethod pool_method, double *score,
                              unsigned index_low, unsigned index_high);

/* A picture pool: pic_cnt pictures of one geometry, allocated once. */
typedef struct VmafPictureConfiguration {
    struct {
        unsigned w, h;
        unsigned bpc;
        enum VmafPixelFormat pix_fmt;
    } pic_params;
    unsigned pic_cnt;
} VmafPictureConfiguration;

/* Allocates the context's picture pool (once per context). */
int vmaf_preallocate_pictures(VmafContext *vmaf,
                              VmafPictureConfiguration cfg);

/*
 * Takes a picture from the pool, waiting while all are out (a wait ends with -EINVAL when another thread closes the
 * context). Its last vmaf_picture_unref() (or vmaf_read_pictures) returns it to the pool.
 */
int vmaf_fetch_preallocated_picture(VmafContext *vmaf, VmafPicture *pic);

/* Frees the context (and its pool: a pooled picture still held is freed when it is unref'd). */
int vmaf_close(VmafContext *vmaf);

/*
 * Writes the log of everything stored in the context, in libvmaf's layout byte for byte (version and fps aside).
 * A regular file is replaced whole, never half-written; a FIFO or device is written in place.
 */
int vmaf_write_output(VmafContext *vmaf, const char *output_path,
                      enum VmafOutputFormat fmt);

/* The implementation's name and version, e.g. "vmaf-tiny 0.1.0" (the API version is in libvmaf/version.h). */
const char *vmaf_version(void);

#ifdef __cplusplus
}
#endif

#endif /* __VMAF_H__ */
