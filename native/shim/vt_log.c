/*
 * vt_log.c: FFmpeg's log, captured. A callback keeps each live decoder's last errors (FFmpeg logs from its decoder
 * threads, so decoders are found through a registry) for its error text, and passes on to stderr only what
 * VtShim_SetLogLevel asks for; error texts and the mapping of FFmpeg's errors to VtShimStatus.
 */
#include "vt_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libavutil/avutil.h>

_Thread_local char vt_open_error[ERROR_CAPACITY];

static pthread_once_t g_log_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t g_registry_lock = PTHREAD_MUTEX_INITIALIZER;
static VtShimDecoder** g_registry;          /* live decoders, so that log messages find their owner */
static int g_registry_size;
static volatile int g_log_level = AV_LOG_QUIET;

/* The live decoder that owns an FFmpeg logging context, or NULL. Call with g_registry_lock held. */
static VtShimDecoder* owner_of(void* avcl)
{
    if (!avcl) {
        return NULL;
    }

    const AVClass* cls = *(const AVClass**)avcl;
    void* opaque = NULL;
    if (cls == avcodec_get_class()) {
        opaque = ((AVCodecContext*)avcl)->opaque;   /* decoder threads' context copies keep it */
    } else if (cls == avformat_get_class()) {
        opaque = ((AVFormatContext*)avcl)->opaque;
    }

    for (int i = 0; opaque && i < g_registry_size; i++) {
        if (g_registry[i] == opaque) {
            return g_registry[i];
        }
    }

    return NULL;
}

static void log_callback(void* avcl, int level, const char* fmt, va_list args)
{
    if (level <= g_log_level) {
        va_list copy;
        va_copy(copy, args);
        av_log_default_callback(avcl, level, fmt, copy);
        va_end(copy);
    }

    if (level > AV_LOG_ERROR) {
        return;
    }

    pthread_mutex_lock(&g_registry_lock);
    VtShimDecoder* d = owner_of(avcl);
    if (d) {
        pthread_mutex_lock(&d->log_lock);
        if (*(const AVClass**)avcl == avformat_get_class()) {
            d->demux_errors++;
        }

        char line[LOG_CAPACITY];
        vsnprintf(line, sizeof line, fmt, args);
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' ' || line[n - 1] == '.')) {
            line[--n] = 0;
        }

        const char* previous = d->logged_count ? d->logged[(d->logged_count - 1) % LOG_KEPT] : "";
        if (n > 0 && strcmp(line, previous) != 0) {
            memcpy(d->logged[d->logged_count++ % LOG_KEPT], line, sizeof line);
        }

        pthread_mutex_unlock(&d->log_lock);
    }

    pthread_mutex_unlock(&g_registry_lock);
}

static void install_log_callback(void) { av_log_set_callback(log_callback); }

void vt_install_log_callback_once(void) { pthread_once(&g_log_once, install_log_callback); }

int vt_registry_add(VtShimDecoder* d)
{
    int ok = 0;
    pthread_mutex_lock(&g_registry_lock);
    for (int i = 0; i < g_registry_size && !ok; i++) {
        if (!g_registry[i]) {
            g_registry[i] = d;
            ok = 1;
        }
    }

    if (!ok) {
        int size = g_registry_size ? 2 * g_registry_size : 8;
        VtShimDecoder** grown = av_realloc_array(g_registry, (size_t)size, sizeof *grown);
        if (grown) {
            memset(grown + g_registry_size, 0, (size_t)(size - g_registry_size) * sizeof *grown);
            grown[g_registry_size] = d;
            g_registry = grown;
            g_registry_size = size;
            ok = 1;
        }
    }

    pthread_mutex_unlock(&g_registry_lock);
    return ok;
}

void vt_registry_remove(VtShimDecoder* d)
{
    pthread_mutex_lock(&g_registry_lock);
    for (int i = 0; i < g_registry_size; i++) {
        if (g_registry[i] == d) {
            g_registry[i] = NULL;
        }
    }

    pthread_mutex_unlock(&g_registry_lock);
}

void vt_clear_logged(VtShimDecoder* d)
{
    pthread_mutex_lock(&d->log_lock);
    d->logged_count = 0;
    pthread_mutex_unlock(&d->log_lock);
}

void vt_set_error(VtShimDecoder* d, int averror, const char* what, ...)
{
    char text[ERROR_CAPACITY] = "";
    va_list args;
    va_start(args, what);
    vsnprintf(text, sizeof text, what, args);
    va_end(args);

    char averr[AV_ERROR_MAX_STRING_SIZE] = "";
    if (averror < 0) {
        av_strerror(averror, averr, sizeof averr);
    }

    char logged[ERROR_CAPACITY] = "";
    if (d) {
        pthread_mutex_lock(&d->log_lock);
        int first = d->logged_count > LOG_KEPT ? d->logged_count - LOG_KEPT : 0;
        for (int i = first; i < d->logged_count; i++) {
            size_t used = strlen(logged);
            snprintf(logged + used, sizeof logged - used, "%s%s", used ? "; " : "", d->logged[i % LOG_KEPT]);
        }
        pthread_mutex_unlock(&d->log_lock);
    }

    if (d) {
        vt_clear_logged(d);    /* reported now; with frame threads a message may come before its frame */
    }

    char* dst = d ? d->error : vt_open_error;
    const char* sep1 = text[0] && (averr[0] || logged[0]) ? ": " : "";
    const char* sep2 = averr[0] && logged[0] ? "; " : "";
    snprintf(dst, ERROR_CAPACITY, "%s%s%s%s%s", text, sep1, averr, sep2, logged);
}

int vt_status_from_averror(int averror)
{
    switch (averror) {
    case AVERROR(ENOENT): return VTSHIM_E_NO_FILE;
    case AVERROR(EACCES): return VTSHIM_E_PERMISSION;
    case AVERROR(EPERM): return VTSHIM_E_PERMISSION;
    case AVERROR(ENOMEM): return VTSHIM_E_NO_MEMORY;
    case AVERROR(EIO): return VTSHIM_E_IO;
    case AVERROR_INVALIDDATA: return VTSHIM_E_CORRUPT;
    case AVERROR_PATCHWELCOME: return VTSHIM_E_UNSUPPORTED_CODEC;
    default: return VTSHIM_E_CORRUPT;
    }
}

void VtShim_SetLogLevel(int32_t level)
{
    pthread_once(&g_log_once, install_log_callback);
    g_log_level = level;
    av_log_set_level(level > AV_LOG_ERROR ? level : AV_LOG_ERROR);  /* av_log drops what is above this */
}

int32_t VtShim_LastError(VtShimDecoder* d, char* buffer, int32_t capacity)
{
    if (!buffer || capacity <= 0) {
        return 0;
    }

    snprintf(buffer, (size_t)capacity, "%s", d ? d->error : vt_open_error);
    return (int32_t)strlen(buffer);
}

int vt_check_demuxer(VtShimDecoder* d)
{
    pthread_mutex_lock(&d->log_lock);
    int errors = d->demux_errors;
    pthread_mutex_unlock(&d->log_lock);
    if (errors == 0) {
        return VTSHIM_OK;
    }

    vt_set_error(d, 0, "the container is truncated or damaged");
    return VTSHIM_E_CORRUPT;
}
