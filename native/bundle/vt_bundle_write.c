/*
 * vt_bundle_write.c: writes a one-file bundle (vt_bundle.h): the front (the highest level's NativeAOT build), then
 * each payload at a 4096-aligned offset, then the index and the trailer.
 *
 *   vt_bundle_write OUT FRONT NAME=FILE [NAME=FILE ...]
 *
 * OUT is written to OUT.tmp beside it and renamed into place (mode 0755) only when complete, so a failed run never
 * leaves a half-written binary; OUT.tmp is removed on failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vt_bundle.h"

static char temp_path[4096];

__attribute__((format(printf, 1, 2))) static int fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("vt_bundle_write: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    if (temp_path[0] != 0) unlink(temp_path);
    return 1;
}

static int write_all(int fd, const void *data, size_t size)
{
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        size -= (size_t)n;
    }
    return 0;
}

/* Appends the file at path; returns its size, or -1. */
static long long append_file(int out, const char *path)
{
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    static char buffer[1 << 16];
    long long total = 0;
    for (;;) {
        ssize_t n = read(in, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            close(in);
            return -1;
        }
        if (n == 0) break;
        if (write_all(out, buffer, (size_t)n) != 0) {
            close(in);
            return -1;
        }
        total += n;
    }
    close(in);
    return total;
}

static int pad_to(int out, uint64_t *position, uint64_t alignment)
{
    static const char zeros[VT_BUNDLE_ALIGN];
    uint64_t pad = (alignment - *position % alignment) % alignment;
    if (pad > 0 && write_all(out, zeros, (size_t)pad) != 0) return -1;
    *position += pad;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: vt_bundle_write OUT FRONT NAME=FILE [NAME=FILE ...]\n", stderr);
        return 2;
    }
    const char *out_path = argv[1];
    const int count = argc - 3;
    if (count > VT_BUNDLE_MAX_ENTRIES) return fail("at most %d payloads", VT_BUNDLE_MAX_ENTRIES);

    if (snprintf(temp_path, sizeof temp_path, "%s.tmp", out_path) >= (int)sizeof temp_path) {
        temp_path[0] = 0;
        return fail("%s: path too long", out_path);
    }
    int out = open(temp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
    if (out < 0) {
        temp_path[0] = 0;
        return fail("%s: %s", temp_path, strerror(errno));
    }

    long long front = append_file(out, argv[2]);
    if (front <= 0) return fail("%s: %s", argv[2], front == 0 ? "empty" : strerror(errno));
    uint64_t position = (uint64_t)front;

    VtBundleEntry entries[VT_BUNDLE_MAX_ENTRIES];
    memset(entries, 0, sizeof entries);
    for (int i = 0; i < count; i++) {
        const char *spec = argv[3 + i];
        const char *equals = strchr(spec, '=');
        if (equals == NULL || equals == spec || (size_t)(equals - spec) >= VT_BUNDLE_NAME_MAX)
            return fail("'%s' is not NAME=FILE (NAME under %d characters)", spec, VT_BUNDLE_NAME_MAX);
        for (int j = 0; j < i; j++)
            if (strncmp(entries[j].name, spec, (size_t)(equals - spec)) == 0 &&
                entries[j].name[equals - spec] == 0)
                return fail("payload '%.*s' given twice", (int)(equals - spec), spec);
        memcpy(entries[i].name, spec, (size_t)(equals - spec));
        if (pad_to(out, &position, VT_BUNDLE_ALIGN) != 0) return fail("%s: %s", temp_path, strerror(errno));
        long long size = append_file(out, equals + 1);
        if (size <= 0) return fail("%s: %s", equals + 1, size == 0 ? "empty" : strerror(errno));
        entries[i].offset = position;
        entries[i].size = (uint64_t)size;
        position += (uint64_t)size;
    }

    if (pad_to(out, &position, 8) != 0) return fail("%s: %s", temp_path, strerror(errno));
    VtBundleTrailer trailer;
    memset(&trailer, 0, sizeof trailer);
    memcpy(trailer.magic, VT_BUNDLE_MAGIC, 8);
    trailer.index_offset = position;
    trailer.count = (uint32_t)count;
    trailer.file_size = position + (uint64_t)count * sizeof(VtBundleEntry) + sizeof trailer;
    if (write_all(out, entries, (size_t)count * sizeof(VtBundleEntry)) != 0 ||
        write_all(out, &trailer, sizeof trailer) != 0 || fsync(out) != 0 || close(out) != 0)
        return fail("%s: %s", temp_path, strerror(errno));
    if (rename(temp_path, out_path) != 0) return fail("%s: %s", out_path, strerror(errno));
    return 0;
}
