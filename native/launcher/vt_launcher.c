/*
 * vt_launcher.c: the front of the one-file native vmaf-tiny (artifacts/publish/vmaf-tiny).
 *
 * The file is this small launcher followed by payloads (vt_bundle.h): one NativeAOT build of the CLI per x86-64
 * level (vmaf-tiny.x86-64-v3, vmaf-tiny.x86-64-v4), and the native libraries they load on demand
 * (libonnxruntime.so, libvtshim.so). The launcher picks the highest level this CPU runs (vt_isa.h), or the level
 * VMAF_TINY_ISA names, copies that build into an anonymous in-memory file (memfd: nothing is written to disk) and
 * executes it with the same arguments and environment, plus VMAF_TINY_BUNDLE_FD: the bundle, open for reading,
 * from which the program loads a native library the same way when it first needs it.
 *
 * Errors are one line on stderr and exit code 1, like the CLI's own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../isa/vt_isa.h"
#include "vt_bundle.h"

extern char **environ;

static const char *self_name = "vmaf-tiny";

__attribute__((format(printf, 1, 2))) static int fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s: ", self_name);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    return 1;
}

static int read_exact(int fd, void *buffer, size_t size, off_t offset)
{
    char *p = buffer;
    while (size > 0) {
        ssize_t n = pread(fd, p, size, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        size -= (size_t)n;
        offset += n;
    }
    return 0;
}

/* Copies [offset, offset + size) of in into out (kernel-side when it can). */
static int copy_range(int in, off_t offset, uint64_t size, int out)
{
    loff_t from = offset;
    while (size > 0) {
        ssize_t n = copy_file_range(in, &from, out, NULL, size, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        size -= (uint64_t)n;
    }
    if (size == 0) return 0;

    /* Between file systems (EXDEV: the bundle on overlayfs or ext4, the memfd on tmpfs): sendfile, one copy from the
     * page cache, where the buffer below copies twice (10 MB: 2.1-2.4 ms against 3.2-4.5 ms). Like copy_file_range
     * above (no output offset) and write below, it writes at the memfd's position. */
    off_t at = from;
    while (size > 0) {
        ssize_t n = sendfile(out, in, &at, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        size -= (uint64_t)n;
    }
    from = at;
    if (size == 0) return 0;

    /* Older kernels: copy through a buffer from where the kernel-side copies stopped. */
    static char buffer[1 << 16];
    while (size > 0) {
        size_t chunk = size < sizeof buffer ? (size_t)size : sizeof buffer;
        if (read_exact(in, buffer, chunk, from) != 0) return -1;
        for (size_t done = 0; done < chunk;) {
            ssize_t w = write(out, buffer + done, chunk - done);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return -1;
            done += (size_t)w;
        }
        from += (off_t)chunk;
        size -= chunk;
    }
    return 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    if (argv[0] != NULL && argv[0][0] != 0) {
        const char *slash = strrchr(argv[0], '/');
        self_name = slash ? slash + 1 : argv[0];
    }

    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (self < 0) return fail("cannot open its own file (/proc/self/exe): %s", strerror(errno));
    /* Never on 0, 1 or 2: with a standard stream closed (>&-) the bundle would take its number, and the program
     * would read it as stdin or write its results into it, where a closed stream must stay closed. */
    if (self <= 2) {
        int moved = fcntl(self, F_DUPFD_CLOEXEC, 3);
        if (moved < 0) return fail("cannot open its own file (/proc/self/exe): %s", strerror(errno));
        close(self);
        self = moved;
    }

    struct stat st;
    VtBundleTrailer trailer;
    VtBundleEntry entries[VT_BUNDLE_MAX_ENTRIES];
    if (fstat(self, &st) != 0 || st.st_size < (off_t)sizeof trailer ||
        read_exact(self, &trailer, sizeof trailer, st.st_size - (off_t)sizeof trailer) != 0 ||
        memcmp(trailer.magic, VT_BUNDLE_MAGIC, 8) != 0 || trailer.file_size != (uint64_t)st.st_size ||
        trailer.count == 0 || trailer.count > VT_BUNDLE_MAX_ENTRIES ||
        trailer.index_offset + trailer.count * sizeof(VtBundleEntry) + sizeof trailer != (uint64_t)st.st_size ||
        read_exact(self, entries, trailer.count * sizeof(VtBundleEntry), (off_t)trailer.index_offset) != 0)
        return fail("this file is not a complete vmaf-tiny bundle (truncated or damaged): rebuild it with "
                    "./build.sh --target=Publish");

    /* The level to run: the best here, or the one VMAF_TINY_ISA asks for (never above the CPU's). */
    const int cpu = vt_isa_level();
    int wanted = cpu;
    const char *forced = getenv(VT_BUNDLE_ISA_VARIABLE);
    if (forced != NULL && forced[0] != 0) {
        wanted = vt_isa_parse(forced);
        if (wanted == 0)
            return fail(VT_BUNDLE_ISA_VARIABLE "=%s is not an x86-64 level (use x86-64-v3 or x86-64-v4)", forced);
        if (wanted > cpu)
            return fail(VT_BUNDLE_ISA_VARIABLE "=%s asks for more than this CPU has (%s)", forced, vt_isa_name(cpu));
    }

    const VtBundleEntry *chosen = NULL;
    int lowest = 0;
    for (int level = VT_ISA_V4; level >= VT_ISA_V1; level--) {
        char name[VT_BUNDLE_NAME_MAX];
        snprintf(name, sizeof name, "vmaf-tiny.%s", vt_isa_name(level));
        for (uint32_t i = 0; i < trailer.count; i++) {
            if (strncmp(entries[i].name, name, VT_BUNDLE_NAME_MAX) != 0) continue;
            lowest = level;
            if (chosen == NULL && level <= wanted) chosen = &entries[i];
        }
    }
    if (chosen == NULL) {
        if (lowest == 0) return fail("this bundle holds no vmaf-tiny build");
        if (forced != NULL && forced[0] != 0)
            return fail("this bundle has no build for %s or below (it starts at %s)", vt_isa_name(wanted),
                        vt_isa_name(lowest));
        return fail("this CPU is %s; the native vmaf-tiny needs %s (AVX2, FMA, BMI2). The .NET tool runs on any "
                    "x86-64 CPU: dotnet tool install -g vmaf-tiny",
                    vt_isa_name(cpu), vt_isa_name(lowest));
    }
    if (chosen->offset % VT_BUNDLE_ALIGN != 0 || chosen->offset + chosen->size > trailer.index_offset)
        return fail("this file is not a complete vmaf-tiny bundle (damaged index): rebuild it with "
                    "./build.sh --target=Publish");

    int program = (int)syscall(SYS_memfd_create, chosen->name, MFD_CLOEXEC);
    if (program < 0) return fail("cannot create an in-memory file (memfd_create): %s", strerror(errno));
    if (copy_range(self, (off_t)chosen->offset, chosen->size, program) != 0)
        return fail("cannot copy %s out of the bundle: %s", chosen->name, strerror(errno));

    /* The program reads its native libraries from the bundle through this descriptor. */
    int flags = fcntl(self, F_GETFD);
    if (flags < 0 || fcntl(self, F_SETFD, flags & ~FD_CLOEXEC) != 0)
        return fail("cannot pass the bundle on: %s", strerror(errno));
    char fd_text[16];
    snprintf(fd_text, sizeof fd_text, "%d", self);
    if (setenv(VT_BUNDLE_FD_VARIABLE, fd_text, 1) != 0) return fail("cannot set the environment: %s", strerror(errno));

    fexecve(program, argv, environ);
    return fail("cannot execute %s: %s", chosen->name, strerror(errno));
}
