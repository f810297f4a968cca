/*
 * vmaf-tiny's libvmaf-compatible C library: feature extractor options (libvmaf 3.2.0's feature.h interface).
 */
#ifndef __VMAF_FEATURE_H__
#define __VMAF_FEATURE_H__

#ifdef __cplusplus
extern "C" {
#endif

/* Options for one feature extractor, as key/value strings. Opaque. */
typedef struct VmafFeatureDictionary VmafFeatureDictionary;

/*
 * Sets key to val in *dict, creating the dictionary when *dict is NULL. A key set again is overwritten; a numeric
 * value is stored as libvmaf stores it (read as a float, printed with %g). Returns 0 or a negative errno.
 */
int vmaf_feature_dictionary_set(VmafFeatureDictionary **dict, const char *key,
                                const char *val);

/* Frees *dict and sets it to NULL (NULL is allowed). Returns 0 or a negative errno. */
int vmaf_feature_dictionary_free(VmafFeatureDictionary **dict);

#ifdef __cplusplus
}
#endif

#endif /* __VMAF_FEATURE_H__ */
