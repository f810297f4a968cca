/*
 * vt_front.c: linked into each NativeAOT build of the CLI; makes the highest-level build the front of the one-file
 * native CLI (artifacts/publish/vmaf-tiny, native/bundle/vt_bundle.h).
 *
 * The file is that build itself (an ordinary executable, so the kernel runs it straight from the file) followed by
 * payloads: the builds for lower x86-64 levels and the native libraries (libonnxruntime.so, libvtshim.so). Before main
 * (so before the .NET runtime starts), this constructor checks whether its own file is such a bundle. If it is:
 *   - it opens the file for the program (VMAF_TINY_BUNDLE_FD: NativeBundle loads the native libraries from it);
 *   - it picks the level to run: the best this CPU has (native/isa/vt_isa.h), or the one VMAF_TINY_ISA names (never
 *     above the CPU's). When that is this build's own level it returns and the program runs; otherwise it copies the
 *     chosen build into an anonymous in-memory file (memfd, nothing written to disk) and executes it with the same
 *     arguments and environment. On a CPU without this build's level only this constructor runs (the runtime and the
 *     program start in main), and it is compiled for plain x86-64.
 * In a build run on its own (no payloads after it) or in a payload run from memory it does nothing.
 *
 * Before, a separate 15 KB launcher always copied the chosen 10 MB build into a memfd and executed it: about 7.3 ms
 * of a 52 ms start on the project's VM, which the best level no longer pays.
 *
 * Errors are one line on stderr and exit code 1, like the CLI's own.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../bundle/vt_bundle.h"
#include "../isa/vt_isa.h"

#ifndef VT_BUILD_ISA
#error "VT_BUILD_ISA: the x86-64 level of the build this is linked into (native/start/Start.targets defines it)"
#endif

static const char *self_name = "vmaf-tiny";

__attribute__((format(printf, 1, 2), noreturn)) static void fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s: ", self_name);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    _exit(1);
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

/* Copies [offset, offset + size) of in into out: kernel-side (copy_file_range, then sendfile between file systems,
 * as from overlayfs or ext4 to the memfd's tmpfs), else through a buffer. Each writes at out's position. */
static int copy_range(int in, off_t offset, uint64_t size, int out)
{
    loff_t from = offset;
    while (size > 0) {
        ssize_t n = copy_file_range(in, &from, out, NULL, size, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        size -= (uint64_t)n;
    }
    off_t at = from;
    while (size > 0) {
        ssize_t n = sendfile(out, in, &at, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        size -= (uint64_t)n;
    }
    static char buffer[1 << 16];
    while (size > 0) {
        size_t chunk = size < sizeof buffer ? (size_t)size : sizeof buffer;
        if (read_exact(in, buffer, chunk, at) != 0) return -1;
        for (size_t done = 0; done < chunk;) {
            ssize_t w = write(out, buffer + done, chunk - done);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return -1;
            done += (size_t)w;
        }
        at += (off_t)chunk;
        size -= chunk;
    }
    return 0;
}

/* Where the ELF image ends in the file (its section headers come last); 0 when the header cannot be read. */
static uint64_t elf_end(int fd)
{
    Elf64_Ehdr header;
    if (read_exact(fd, &header, sizeof header, 0) != 0 || memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) return 0;
    return header.e_shoff + (uint64_t)header.e_shnum * header.e_shentsize;
}

/* Runs first among the constructors (before vt_prefault's: a build that hands over to another skips that work). */
__attribute__((constructor(200))) static void vt_front(int argc, char **argv, char **envp)
{
    (void)argc;
    if (argv != NULL && argv[0] != NULL && argv[0][0] != 0) {
        const char *slash = strrchr(argv[0], '/');
        self_name = slash ? slash + 1 : argv[0];
    }

    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (self < 0) return; /* cannot tell: run as this build */
    struct stat st;
    uint64_t image = elf_end(self);
    if (fstat(self, &st) != 0 || image == 0 || (uint64_t)st.st_size <= image) {
        close(self); /* a build on its own, or a payload run from memory */
        return;
    }

    /* Payloads follow the image: this is a bundle's front. Never on 0, 1 or 2: with a standard stream closed (>&-)
     * the bundle would take its number, and the program would read it as stdin or write its results into it. */
    if (self <= 2) {
        int moved = fcntl(self, F_DUPFD_CLOEXEC, 3);
        if (moved < 0) fail("cannot open its own file (/proc/self/exe): %s", strerror(errno));
        close(self);
        self = moved;
    }

    VtBundleTrailer trailer;
    VtBundleEntry entries[VT_BUNDLE_MAX_ENTRIES];
    if (st.st_size < (off_t)sizeof trailer ||
        read_exact(self, &trailer, sizeof trailer, st.st_size - (off_t)sizeof trailer) != 0 ||
        memcmp(trailer.magic, VT_BUNDLE_MAGIC, 8) != 0 || trailer.file_size != (uint64_t)st.st_size ||
        trailer.count == 0 || trailer.count > VT_BUNDLE_MAX_ENTRIES || trailer.index_offset < image ||
        trailer.index_offset + trailer.count * sizeof(VtBundleEntry) + sizeof trailer != (uint64_t)st.st_size ||
        read_exact(self, entries, trailer.count * sizeof(VtBundleEntry), (off_t)trailer.index_offset) != 0)
        fail("this file is not a complete vmaf-tiny bundle (truncated or damaged): rebuild it with "
             "./build.sh --target=Publish");

    /* The level to run: the best here, or the one VMAF_TINY_ISA asks for (never above the CPU's). */
    const int own = vt_isa_parse(VT_BUILD_ISA);
    const int cpu = vt_isa_level();
    int wanted = cpu;
    const char *forced = getenv(VT_BUNDLE_ISA_VARIABLE);
    if (forced != NULL && forced[0] != 0) {
        wanted = vt_isa_parse(forced);
        if (wanted == 0)
            fail(VT_BUNDLE_ISA_VARIABLE "=%s is not an x86-64 level (use x86-64-v3 or x86-64-v4)", forced);
        if (wanted > cpu) fail(VT_BUNDLE_ISA_VARIABLE "=%s asks for more than this CPU has (%s)", forced, vt_isa_name(cpu));
    }

    /* This build, or the best payload build at or below the wanted level. */
    const VtBundleEntry *chosen = NULL;
    int chosen_level = own <= wanted ? own : 0;
    int lowest = own;
    for (int level = VT_ISA_V4; level >= VT_ISA_V1; level--) {
        char name[VT_BUNDLE_NAME_MAX];
        snprintf(name, sizeof name, "vmaf-tiny.%s", vt_isa_name(level));
        for (uint32_t i = 0; i < trailer.count; i++) {
            if (strncmp(entries[i].name, name, VT_BUNDLE_NAME_MAX) != 0) continue;
            if (level < lowest) lowest = level;
            if (level <= wanted && level > chosen_level) {
                chosen = &entries[i];
                chosen_level = level;
            }
        }
    }
    if (chosen_level == 0) {
        if (forced != NULL && forced[0] != 0)
            fail("this bundle has no build for %s or below (it starts at %s)", vt_isa_name(wanted), vt_isa_name(lowest));
        fail("this CPU is %s; the native vmaf-tiny needs %s (AVX2, FMA, BMI2). The .NET tool runs on any x86-64 CPU: "
             "dotnet tool install -g vmaf-tiny",
             vt_isa_name(cpu), vt_isa_name(lowest));
    }

    /* The program reads its native libraries from the bundle through this descriptor (so does a payload executed
     * below, which inherits it: hence not close-on-exec). */
    int flags = fcntl(self, F_GETFD);
    if (flags < 0 || fcntl(self, F_SETFD, flags & ~FD_CLOEXEC) != 0) fail("cannot pass the bundle on: %s", strerror(errno));
    char fd_text[16];
    snprintf(fd_text, sizeof fd_text, "%d", self);
    if (setenv(VT_BUNDLE_FD_VARIABLE, fd_text, 1) != 0) fail("cannot set the environment: %s", strerror(errno));
    if (chosen == NULL) return; /* this build: the program starts in main */

    if (chosen->offset % VT_BUNDLE_ALIGN != 0 || chosen->offset < image || chosen->offset + chosen->size > trailer.index_offset)
        fail("this file is not a complete vmaf-tiny bundle (damaged index): rebuild it with ./build.sh --target=Publish");
    int program = (int)syscall(SYS_memfd_create, chosen->name, MFD_CLOEXEC);
    if (program < 0) fail("cannot create an in-memory file (memfd_create): %s", strerror(errno));
    if (copy_range(self, (off_t)chosen->offset, chosen->size, program) != 0)
        fail("cannot copy %s out of the bundle: %s", chosen->name, strerror(errno));
    (void)envp; /* setenv may have moved the environment: environ is the current one */
    fexecve(program, argv, environ);
    fail("cannot execute %s: %s", chosen->name, strerror(errno));
}
