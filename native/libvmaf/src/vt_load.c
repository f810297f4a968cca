/*
 * vt_load.c: finds, loads and checks the NativeAOT build of vmaf-tiny for this CPU, once per process.
 *
 * The builds sit in vmaf-tiny/ beside the real file of this library (symlinks resolved): libvmaf-tiny-x86-64-v4.so
 * (AVX-512 kernels) and libvmaf-tiny-x86-64-v3.so (AVX2). NativeAOT compiles every instruction-set check as a
 * constant of its target level, so the level is chosen here, by cpuid (native/isa/vt_isa.h): the highest the CPU and
 * OS run. VMAF_TINY_ISA=x86-64-v3 forces the lower one (tests; a level above the CPU's is refused, never emulated).
 * CPUs below x86-64-v3 are not served: every function then returns -ENOSYS, and the reason is printed once.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../isa/vt_isa.h"
#include "vt_front.h"

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static struct vt_api api;
static int loaded;

static void fail(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fputs("libvmaf ERROR vmaf-tiny: ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
}

/* The folder holding the real file of this library. */
static int own_folder(char *folder, size_t size)
{
    Dl_info info;
    char real[PATH_MAX];
    if (!dladdr((void *)&vt_api, &info) || !info.dli_fname || !realpath(info.dli_fname, real))
        return -1;
    char *slash = strrchr(real, '/');
    if (!slash)
        return -1;
    *slash = 0;
    if ((size_t)snprintf(folder, size, "%s", real) >= size)
        return -1;
    return 0;
}

static int chosen_level(void)
{
    const int cpu = vt_isa_level();
    int level = cpu > VT_ISA_V4 ? VT_ISA_V4 : cpu;
    const char *forced = getenv("VMAF_TINY_ISA");
    if (forced && *forced) {
        const int wanted = vt_isa_parse(forced);
        if (!wanted) {
            fail("VMAF_TINY_ISA=%s names no x86-64 level (use x86-64-v3 or x86-64-v4)", forced);
            return 0;
        }
        if (wanted > cpu) {
            fail("VMAF_TINY_ISA=%s asks for %s, which this CPU does not run (it runs %s)", forced,
                 vt_isa_name(wanted), vt_isa_name(cpu));
            return 0;
        }
        level = wanted;
    }
    if (level < VT_ISA_V3) {
        fail("this CPU runs %s; vmaf-tiny's library needs x86-64-v3 (AVX2, FMA, BMI2) or later",
             vt_isa_name(level));
        return 0;
    }
    return level;
}

#define RESOLVE(field, name)                                                    \
    do {                                                                        \
        *(void **)&api.field = dlsym(handle, "vt_" name);                       \
        if (!api.field) {                                                       \
            fail("%s has no vt_" name " (a build of another version?)", path); \
            return;                                                             \
        }                                                                       \
    } while (0)

static void load_build(void);

/*
 * Loads the build with SIGPIPE as the process had it: the .NET runtime sets SIGPIPE to SIG_IGN for the whole process
 * when it starts, a change libvmaf never makes (a C program writing into a closed pipe would go on instead of
 * ending). A disposition the process set itself (SIG_IGN or a handler) is kept as it is.
 */
static void load(void)
{
    struct sigaction before, now;
    const int saved = sigaction(SIGPIPE, NULL, &before) == 0;
    load_build();
    if (saved && before.sa_handler != SIG_IGN && sigaction(SIGPIPE, NULL, &now) == 0 && now.sa_handler == SIG_IGN)
        sigaction(SIGPIPE, &before, NULL);
}

static void load_build(void)
{
    char folder[PATH_MAX], builds[PATH_MAX], path[PATH_MAX];
    const int level = chosen_level();
    if (!level)
        return;
    if (own_folder(folder, sizeof(folder))) {
        fail("cannot find the folder this library was loaded from");
        return;
    }
    if ((size_t)snprintf(builds, sizeof(builds), "%s/vmaf-tiny", folder) >= sizeof(builds) ||
        (size_t)snprintf(path, sizeof(path), "%s/libvmaf-tiny-%s.so", builds, vt_isa_name(level)) >= sizeof(path)) {
        fail("the path of %s is too long", folder);
        return;
    }

    /* Never closed: a NativeAOT library cannot be unloaded. */
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        fail("cannot load %s: %s", path, dlerror());
        return;
    }

    int (*attach)(const char *, int) = NULL;
    *(void **)&attach = dlsym(handle, "vt_bridge_attach");
    if (!attach) {
        fail("%s is not a build of vmaf-tiny's library", path);
        return;
    }
    const int abi = attach(builds, VT_FRONT_ABI);
    if (abi != VT_FRONT_ABI) {
        fail("%s speaks interface %d, this front %d: install both from one build", path, abi, VT_FRONT_ABI);
        return;
    }

    RESOLVE(init, "vmaf_init");
    RESOLVE(close, "vmaf_close");
    RESOLVE(version, "vmaf_version");
    RESOLVE(use_features_from_model, "vmaf_use_features_from_model");
    RESOLVE(use_features_from_model_collection, "vmaf_use_features_from_model_collection");
    RESOLVE(use_feature, "vmaf_use_feature");
    RESOLVE(import_feature_score, "vmaf_import_feature_score");
    RESOLVE(read_pictures, "vmaf_read_pictures");
    RESOLVE(score_at_index, "vmaf_score_at_index");
    RESOLVE(score_at_index_model_collection, "vmaf_score_at_index_model_collection");
    RESOLVE(feature_score_at_index, "vmaf_feature_score_at_index");
    RESOLVE(score_pooled, "vmaf_score_pooled");
    RESOLVE(score_pooled_model_collection, "vmaf_score_pooled_model_collection");
    RESOLVE(feature_score_pooled, "vmaf_feature_score_pooled");
    RESOLVE(preallocate_pictures, "vmaf_preallocate_pictures");
    RESOLVE(fetch_preallocated_picture, "vmaf_fetch_preallocated_picture");
    RESOLVE(write_output, "vmaf_write_output");
    RESOLVE(picture_alloc, "vmaf_picture_alloc");
    RESOLVE(picture_unref, "vmaf_picture_unref");
    RESOLVE(model_load, "vmaf_model_load");
    RESOLVE(model_load_from_path, "vmaf_model_load_from_path");
    RESOLVE(model_feature_overload, "vmaf_model_feature_overload");
    RESOLVE(model_destroy, "vmaf_model_destroy");
    RESOLVE(model_collection_load, "vmaf_model_collection_load");
    RESOLVE(model_collection_load_from_path, "vmaf_model_collection_load_from_path");
    RESOLVE(model_collection_feature_overload, "vmaf_model_collection_feature_overload");
    RESOLVE(model_collection_destroy, "vmaf_model_collection_destroy");
    RESOLVE(feature_dictionary_set, "vmaf_feature_dictionary_set");
    RESOLVE(feature_dictionary_free, "vmaf_feature_dictionary_free");
    loaded = 1;
}

const struct vt_api *vt_api(void)
{
    pthread_once(&load_once, load);
    return loaded ? &api : NULL;
}
