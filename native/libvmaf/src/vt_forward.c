/*
 * vt_forward.c: libvmaf 3.2.0's public functions, each forwarded to the loaded build (vt_load.c). These are the
 * only symbols the library exports (libvmaf.map). Structs passed by value are handed on by pointer.
 */
#include "vt_front.h"

#define API_OR(missing)                          \
    const struct vt_api *const api = vt_api();   \
    if (!api)                                    \
        return missing

int vmaf_init(VmafContext **vmaf, VmafConfiguration cfg)
{
    API_OR(VT_UNAVAILABLE);
    return api->init(vmaf, &cfg);
}

int vmaf_close(VmafContext *vmaf)
{
    API_OR(VT_UNAVAILABLE);
    return api->close(vmaf);
}

const char *vmaf_version(void)
{
    API_OR("vmaf-tiny (not loaded)");
    return api->version();
}

int vmaf_use_features_from_model(VmafContext *vmaf, VmafModel *model)
{
    API_OR(VT_UNAVAILABLE);
    return api->use_features_from_model(vmaf, model);
}

int vmaf_use_features_from_model_collection(VmafContext *vmaf, VmafModelCollection *model_collection)
{
    API_OR(VT_UNAVAILABLE);
    return api->use_features_from_model_collection(vmaf, model_collection);
}

int vmaf_use_feature(VmafContext *vmaf, const char *feature_name, VmafFeatureDictionary *opts_dict)
{
    API_OR(VT_UNAVAILABLE);
    return api->use_feature(vmaf, feature_name, opts_dict);
}

int vmaf_import_feature_score(VmafContext *vmaf, const char *feature_name, double value, unsigned index)
{
    API_OR(VT_UNAVAILABLE);
    return api->import_feature_score(vmaf, feature_name, value, index);
}

int vmaf_read_pictures(VmafContext *vmaf, VmafPicture *ref, VmafPicture *dist, unsigned index)
{
    API_OR(VT_UNAVAILABLE);
    return api->read_pictures(vmaf, ref, dist, index);
}

int vmaf_score_at_index(VmafContext *vmaf, VmafModel *model, double *score, unsigned index)
{
    API_OR(VT_UNAVAILABLE);
    return api->score_at_index(vmaf, model, score, index);
}

int vmaf_score_at_index_model_collection(VmafContext *vmaf, VmafModelCollection *model_collection,
                                         VmafModelCollectionScore *score, unsigned index)
{
    API_OR(VT_UNAVAILABLE);
    return api->score_at_index_model_collection(vmaf, model_collection, score, index);
}

int vmaf_feature_score_at_index(VmafContext *vmaf, const char *feature_name, double *score, unsigned index)
{
    API_OR(VT_UNAVAILABLE);
    return api->feature_score_at_index(vmaf, feature_name, score, index);
}

int vmaf_score_pooled(VmafContext *vmaf, VmafModel *model, enum VmafPoolingMethod pool_method, double *score,
                      unsigned index_low, unsigned index_high)
{
    API_OR(VT_UNAVAILABLE);
    return api->score_pooled(vmaf, model, pool_method, score, index_low, index_high);
}

int vmaf_score_pooled_model_collection(VmafContext *vmaf, VmafModelCollection *model_collection,
                                       enum VmafPoolingMethod pool_method, VmafModelCollectionScore *score,
                                       unsigned index_low, unsigned index_high)
{
    API_OR(VT_UNAVAILABLE);
    return api->score_pooled_model_collection(vmaf, model_collection, pool_method, score, index_low, index_high);
}

int vmaf_feature_score_pooled(VmafContext *vmaf, const char *feature_name, enum VmafPoolingMethod pool_method,
                              double *score, unsigned index_low, unsigned index_high)
{
    API_OR(VT_UNAVAILABLE);
    return api->feature_score_pooled(vmaf, feature_name, pool_method, score, index_low, index_high);
}

int vmaf_preallocate_pictures(VmafContext *vmaf, VmafPictureConfiguration cfg)
{
    API_OR(VT_UNAVAILABLE);
    return api->preallocate_pictures(vmaf, &cfg);
}

int vmaf_fetch_preallocated_picture(VmafContext *vmaf, VmafPicture *pic)
{
    API_OR(VT_UNAVAILABLE);
    return api->fetch_preallocated_picture(vmaf, pic);
}

int vmaf_write_output(VmafContext *vmaf, const char *output_path, enum VmafOutputFormat fmt)
{
    API_OR(VT_UNAVAILABLE);
    return api->write_output(vmaf, output_path, fmt);
}

int vmaf_picture_alloc(VmafPicture *pic, enum VmafPixelFormat pix_fmt, unsigned bpc, unsigned w, unsigned h)
{
    API_OR(VT_UNAVAILABLE);
    return api->picture_alloc(pic, pix_fmt, bpc, w, h);
}

int vmaf_picture_unref(VmafPicture *pic)
{
    API_OR(VT_UNAVAILABLE);
    return api->picture_unref(pic);
}

int vmaf_model_load(VmafModel **model, VmafModelConfig *cfg, const char *version)
{
    API_OR(VT_UNAVAILABLE);
    return api->model_load(model, cfg, version);
}

int vmaf_model_load_from_path(VmafModel **model, VmafModelConfig *cfg, const char *path)
{
    API_OR(VT_UNAVAILABLE);
    return api->model_load_from_path(model, cfg, path);
}

int vmaf_model_feature_overload(VmafModel *model, const char *feature_name, VmafFeatureDictionary *opts_dict)
{
    API_OR(VT_UNAVAILABLE);
    return api->model_feature_overload(model, feature_name, opts_dict);
}

void vmaf_model_destroy(VmafModel *model)
{
    API_OR();
    api->model_destroy(model);
}

int vmaf_model_collection_load(VmafModel **model, VmafModelCollection **model_collection, VmafModelConfig *cfg,
                               const char *version)
{
    API_OR(VT_UNAVAILABLE);
    return api->model_collection_load(model, model_collection, cfg, version);
}

int vmaf_model_collection_load_from_path(VmafModel **model, VmafModelCollection **model_collection,
                                         VmafModelConfig *cfg, const char *path)
{
    API_OR(VT_UNAVAILABLE);
    return api->model_collection_load_from_path(model, model_collection, cfg, path);
}

int vmaf_model_collection_feature_overload(VmafModel *model, VmafModelCollection **model_collection,
                                           const char *feature_name, VmafFeatureDictionary *opts_dict)
{
    API_OR(VT_UNAVAILABLE);
    return api->model_collection_feature_overload(model, model_collection, feature_name, opts_dict);
}

void vmaf_model_collection_destroy(VmafModelCollection *model_collection)
{
    API_OR();
    api->model_collection_destroy(model_collection);
}

int vmaf_feature_dictionary_set(VmafFeatureDictionary **dict, const char *key, const char *val)
{
    API_OR(VT_UNAVAILABLE);
    return api->feature_dictionary_set(dict, key, val);
}

int vmaf_feature_dictionary_free(VmafFeatureDictionary **dict)
{
    API_OR(VT_UNAVAILABLE);
    return api->feature_dictionary_free(dict);
}
