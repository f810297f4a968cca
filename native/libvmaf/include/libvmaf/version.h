/*
 * vmaf-tiny's libvmaf-compatible C library: the libvmaf API version it implements.
 * vmaf_version() names the implementation ("vmaf-tiny X.Y.Z"); these macros name the interface.
 */
#ifndef VMAF_VERSION_H
#define VMAF_VERSION_H

#define VMAF_API_VERSION_MAJOR 3
#define VMAF_API_VERSION_MINOR 2
#define VMAF_API_VERSION_PATCH 0

#endif /* VMAF_VERSION_H */
