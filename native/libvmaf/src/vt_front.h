/*
 * vt_front.h: the C front of vmaf-tiny's libvmaf (libvmaf.so). It picks the NativeAOT build of vmaf-tiny for the
 * x86-64 level this CPU runs (vmaf-tiny/libvmaf-tiny-x86-64-v4.so or -v3.so beside it), loads it once, and forwards
 * each of libvmaf's functions to that build's vt_<name> export. Structs libvmaf passes by value are passed by
 * pointer to the build.
 */
#ifndef VT_FRONT_H
#define VT_FRONT_H

#include "libvmaf/libvmaf.h"

/* The version of the interface between this front and the builds (Bridge.FrontAbi on the C# side). */
#define VT_FRONT_ABI 1

/* The functions of a build, as vt_load.c finds them. */
struct vt_api {
    int (*init)(VmafContext **vmaf, const VmafConfiguration *cfg);
    int (*close)(VmafContext *vmaf);
    const char *(*version)(void);
    int (*use_features_from_model)(VmafContext *vmaf, VmafModel *model);
    int (*use_features_from_model_collection)(VmafContext *vmaf, VmafModelCollection *mc);
    int (*use_feature)(VmafContext *vmaf, const char *name, VmafFeatureDictionary *opts);
    int (*import_feature_score)(VmafContext *vmaf, const char *name, double value, unsigned index);
    int (*read_pictures)(VmafContext *vmaf, VmafPicture *ref, VmafPicture *dist, unsigned index);
    int (*score_at_index)(VmafContext *vmaf, VmafModel *model, double *score, unsigned index);
    int (*score_at_index_model_collection)(VmafContext *vmaf, VmafModelCollection *mc,
                                           VmafModelCollectionScore *score, unsigned index);
    int (*feature_score_at_index)(VmafContext *vmaf, const char *name, double *score, unsigned index);
    int (*score_pooled)(VmafContext *vmaf, VmafModel *model, int method, double *score,
                        unsigned low, unsigned high);
    int (*score_pooled_model_collection)(VmafContext *vmaf, VmafModelCollection *mc, int method,
                                         VmafModelCollectionScore *score, unsigned low, unsigned high);
    int (*feature_score_pooled)(VmafContext *vmaf, const char *name, int method, double *score,
                                unsigned low, unsigned high);
    int (*preallocate_pictures)(VmafContext *vmaf, const VmafPictureConfiguration *cfg);
    int (*fetch_preallocated_picture)(VmafContext *vmaf, VmafPicture *pic);
    int (*write_output)(VmafContext *vmaf, const char *path, int fmt);
    int (*picture_alloc)(VmafPicture *pic, int pix_fmt, unsigned bpc, unsigned w, unsigned h);
    int (*picture_unref)(VmafPicture *pic);
    int (*model_load)(VmafModel **model, VmafModelConfig *cfg, const char *version);
    int (*model_load_from_path)(VmafModel **model, VmafModelConfig *cfg, const char *path);
    int (*model_feature_overload)(VmafModel *model, const char *name, VmafFeatureDictionary *opts);
    void (*model_destroy)(VmafModel *model);
    int (*model_collection_load)(VmafModel **model, VmafModelCollection **mc, VmafModelConfig *cfg,
                                 const char *version);
    int (*model_collection_load_from_path)(VmafModel **model, VmafModelCollection **mc,
                                           VmafModelConfig *cfg, const char *path);
    int (*model_collection_feature_overload)(VmafModel *model, VmafModelCollection **mc,
                                             const char *name, VmafFeatureDictionary *opts);
    void (*model_collection_destroy)(VmafModelCollection *mc);
    int (*feature_dictionary_set)(VmafFeatureDictionary **dict, const char *key, const char *val);
    int (*feature_dictionary_free)(VmafFeatureDictionary **dict);
};

/*
 * The loaded build's functions, loading it on the first call (thread-safe); NULL when it cannot be loaded (the
 * reason was printed once on stderr).
 */
const struct vt_api *vt_api(void);

/* The error every function returns when no build could be loaded. */
#define VT_UNAVAILABLE (-38) /* -ENOSYS */

#endif /* VT_FRONT_H */
