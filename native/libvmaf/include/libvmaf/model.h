/*
 * vmaf-tiny's libvmaf-compatible C library: models (libvmaf 3.2.0's model.h interface).
 *
 * Built in: vmaf_v0.6.1, vmaf_v0.6.1neg, vmaf_4k_v0.6.1, vmaf_4k_v0.6.1neg (libvmaf's integer SVM models) and
 * vmaf_tiny_v2 (vmaf-tiny's ONNX model). From a path: a libvmaf model .json of the same kind (LIBSVMNUSVR over the
 * integer ADM, VIF and motion features), or an .onnx model of vmaf-tiny's contract with its sidecar .json.
 * Model collections (bootstrap models) are not supported: their functions return -EINVAL and log one line.
 */
#ifndef __VMAF_MODEL_H__
#define __VMAF_MODEL_H__

#include <stdint.h>

#include "feature.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded model. Opaque. */
typedef struct VmafModel VmafModel;

enum VmafModelFlags {
    VMAF_MODEL_FLAGS_DEFAULT = 0,
    VMAF_MODEL_FLAG_DISABLE_CLIP = (1 << 0),
    VMAF_MODEL_FLAG_ENABLE_TRANSFORM = (1 << 1),
    VMAF_MODEL_FLAG_DISABLE_TRANSFORM = (1 << 2),
};

/* name: the key of the model's scores in results and logs (NULL: "vmaf"); flags: enum VmafModelFlags. */
typedef struct VmafModelConfig {
    const char *name;
    uint64_t flags;
} VmafModelConfig;

/* Loads the built-in model `version` into *model. Returns 0 or a negative errno (reason logged). */
int vmaf_model_load(VmafModel **model, VmafModelConfig *cfg,
                    const char *version);

/* Loads a model file (.json or .onnx) into *model. Returns 0 or a negative errno (reason logged). */
int vmaf_model_load_from_path(VmafModel **model, VmafModelConfig *cfg,
                              const char *path);

/*
 * Sets the options of opts_dict on the model's features computed by extractor feature_name ("adm", "vif",
 * "motion"), e.g. adm_enhn_gain_limit. Takes opts_dict in every case. Returns 0 or a negative errno.
 */
int vmaf_model_feature_overload(VmafModel *model, const char *feature_name,
                                VmafFeatureDictionary *opts_dict);

/* Frees a model (NULL is allowed). */
void vmaf_model_destroy(VmafModel *model);

/* A bootstrap model collection. Opaque; never handed out by vmaf-tiny. */
typedef struct VmafModelCollection VmafModelCollection;

enum VmafModelCollectionScoreType {
    VMAF_MODEL_COLLECTION_SCORE_UNKNOWN = 0,
    VMAF_MODEL_COLLECTION_SCORE_BOOTSTRAP,
};

typedef struct VmafModelCollectionScore {
    enum VmafModelCollectionScoreType type;
    struct {
        double bagging_score;
        double stddev;
        struct {
            struct { double lo, hi; } p95;
        } ci;
    } bootstrap;
} VmafModelCollectionScore;

/* Not supported: -EINVAL. */
int vmaf_model_collection_load(VmafModel **model,
                               VmafModelCollection **model_collection,
                               VmafModelConfig *cfg,
                               const char *version);

/* Not supported: -EINVAL. */
int vmaf_model_collection_load_from_path(VmafModel **model,
                                         VmafModelCollection **model_collection,
                                         VmafModelConfig *cfg,
                                         const char *path);

/* Not supported: -EINVAL. */
int vmaf_model_collection_feature_overload(VmafModel *model,
                                           VmafModelCollection **model_collection,
                                           const char *feature_name,
                                           VmafFeatureDictionary *opts_dict);

/* Nothing to free (no collection is ever loaded). */
void vmaf_model_collection_destroy(VmafModelCollection *model_collection);

#ifdef __cplusplus
}
#endif

#endif /* __VMAF_MODEL_H__ */
