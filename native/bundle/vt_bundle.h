/*
 * vt_bundle.h: the payload index at the end of a one-file bundle (the front, the NativeAOT build of the highest
 * x86-64 level, followed by payloads: the other levels' builds and the native libraries). Read by the front
 * (native/start/vt_front.c) and, from the file descriptor it opens, by the managed side (VmafTiny.NativeBundle);
 * written by vt_bundle_write.c. All numbers little-endian.
 *
 *   [front ELF] [payload 0] [payload 1] ... (each at a 4096-aligned offset)
 *   [index: count x VtBundleEntry] [VtBundleTrailer]  <- end of file
 */
#ifndef VT_BUNDLE_H
#define VT_BUNDLE_H

#include <stdint.h>

#define VT_BUNDLE_MAGIC "VTBNDL01"
#define VT_BUNDLE_NAME_MAX 64
#define VT_BUNDLE_MAX_ENTRIES 16
#define VT_BUNDLE_ALIGN 4096

/* Environment variables: the first set by the front for the program (itself or the build it executes). */
#define VT_BUNDLE_FD_VARIABLE "VMAF_TINY_BUNDLE_FD"   /* the bundle file, open for reading */
#define VT_BUNDLE_ISA_VARIABLE "VMAF_TINY_ISA"        /* set by the user: run this level, not the best */

typedef struct VtBundleEntry {
    char name[VT_BUNDLE_NAME_MAX];   /* NUL-terminated, e.g. "vmaf-tiny.x86-64-v4", "libonnxruntime.so" */
    uint64_t offset;                 /* from the start of the file */
    uint64_t size;
} VtBundleEntry;

typedef struct VtBundleTrailer {
    char magic[8];                   /* VT_BUNDLE_MAGIC */
    uint64_t index_offset;           /* where the entries start */
    uint32_t count;                  /* number of entries */
    uint32_t reserved;               /* 0 */
    uint64_t file_size;              /* the whole bundle, to spot a truncated or appended file */
} VtBundleTrailer;

_Static_assert(sizeof(VtBundleEntry) == 80, "VtBundleEntry layout");
_Static_assert(sizeof(VtBundleTrailer) == 32, "VtBundleTrailer layout");

#endif /* VT_BUNDLE_H */
