/*
 * startup: how long the C library takes to be ready to score, in one fresh process: vmaf_init (the first call also
 * loads the NativeAOT build for this CPU and starts its runtime) and vmaf_model_load + vmaf_use_features_from_model.
 * Prints "init_ms MS model_ms MS cpu_ms MS" (wall, wall, user + sys of the whole process so far). Run by
 * bench/capi/startup.sh, which takes medians over fresh processes.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include <libvmaf/libvmaf.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    const char *version = argc > 1 ? argv[1] : "vmaf_v0.6.1";
    const double t0 = now_ms();
    VmafContext *vmaf;
    VmafConfiguration cfg = {.log_level = VMAF_LOG_LEVEL_ERROR};
    if (vmaf_init(&vmaf, cfg)) return 1;
    const double t1 = now_ms();
    VmafModel *model;
    VmafModelConfig model_cfg = {.name = "vmaf"};
    if (vmaf_model_load(&model, &model_cfg, version) || vmaf_use_features_from_model(vmaf, model)) return 1;
    const double t2 = now_ms();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    const double cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    printf("init_ms %.2f model_ms %.2f cpu_ms %.2f\n", t1 - t0, t2 - t1, cpu);
    vmaf_model_destroy(model);
    vmaf_close(vmaf);
    return 0;
}
