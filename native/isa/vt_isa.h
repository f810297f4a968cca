/*
 * vt_isa.h: which x86-64 micro-architecture level this CPU and OS can run (the x86-64 psABI levels that
 * .NET's NativeAOT compiler takes as IlcInstructionSet: x86-64-v2, x86-64-v3, x86-64-v4).
 *
 * NativeAOT compiles every Isa.IsSupported / VectorN.IsHardwareAccelerated check as a constant of its target
 * level, so one native binary per level is built (build/NativeAot.props) and a native entry point picks the
 * highest level that runs here: the one-file CLI's front (native/start/vt_front.c) does it before main, and runs
 * itself or executes the binary for that level; a library dispatcher can do the same before it loads the library
 * for that level.
 * Header-only, no dependencies beyond the compiler's <cpuid.h>.
 *
 * A level counts only when the OS also saves the registers it needs (XCR0: YMM for v3, opmask and ZMM for v4),
 * as the runtimes check.
 */
#ifndef VT_ISA_H
#define VT_ISA_H

#include <cpuid.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Levels, numbered as the psABI names them (x86-64 = 1). */
enum { VT_ISA_V1 = 1, VT_ISA_V2 = 2, VT_ISA_V3 = 3, VT_ISA_V4 = 4 };

/* The level's name as NativeAOT's IlcInstructionSet and the bundle's payload names spell it. */
static inline const char *vt_isa_name(int level)
{
    switch (level) {
    case VT_ISA_V4: return "x86-64-v4";
    case VT_ISA_V3: return "x86-64-v3";
    case VT_ISA_V2: return "x86-64-v2";
    default: return "x86-64";
    }
}

/* Parses "x86-64-v3", "v3" or "3" (and so on); 0 when the text names no level. */
static inline int vt_isa_parse(const char *text)
{
    if (text == 0) return 0;
    const char *p = text;
    if (p[0] == 'x' && p[1] == '8' && p[2] == '6' && p[3] == '-' && p[4] == '6' && p[5] == '4') {
        p += 6;
        if (*p == 0) return VT_ISA_V1;
        if (*p++ != '-') return 0;
    }
    if (*p == 'v' || *p == 'V') p++;
    if (p[0] >= '1' && p[0] <= '4' && p[1] == 0) return p[0] - '0';
    return 0;
}

static inline uint64_t vt_isa_xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

/* The highest level this CPU and OS support (1 to 4). */
static inline int vt_isa_level(void)
{
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return VT_ISA_V1;
    const unsigned int c1 = c;

    /* v2: SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT, CMPXCHG16B; LAHF/SAHF in 0x80000001 ECX bit 0. */
    const int v2 = (c1 & bit_SSE3) && (c1 & bit_SSSE3) && (c1 & bit_SSE4_1) && (c1 & bit_SSE4_2) &&
                   (c1 & bit_POPCNT) && (c1 & bit_CMPXCHG16B);
    unsigned int ea = 0, eb = 0, ec = 0, ed = 0;
    __get_cpuid(0x80000001, &ea, &eb, &ec, &ed);
    if (!v2 || !(ec & bit_LAHF_LM)) return VT_ISA_V1;

    /* v3: AVX, AVX2, BMI1, BMI2, F16C, FMA, LZCNT, MOVBE, with the OS saving SSE and AVX state. */
    if (!(c1 & bit_OSXSAVE) || !(c1 & bit_AVX) || !(c1 & bit_F16C) || !(c1 & bit_FMA) || !(c1 & bit_MOVBE))
        return VT_ISA_V2;
    const uint64_t xcr0 = vt_isa_xgetbv0();
    if ((xcr0 & 0x6) != 0x6) return VT_ISA_V2;
    unsigned int s7a, s7b, s7c, s7d;
    if (!__get_cpuid_count(7, 0, &s7a, &s7b, &s7c, &s7d)) return VT_ISA_V2;
    if (!(s7b & bit_AVX2) || !(s7b & bit_BMI) || !(s7b & bit_BMI2) || !(ec & bit_ABM)) return VT_ISA_V2;

    /* v4: AVX512F, BW, CD, DQ, VL, with the OS saving opmask and ZMM state. */
    if ((xcr0 & 0xe6) != 0xe6) return VT_ISA_V3;
    if (!(s7b & bit_AVX512F) || !(s7b & bit_AVX512BW) || !(s7b & bit_AVX512CD) || !(s7b & bit_AVX512DQ) ||
        !(s7b & bit_AVX512VL))
        return VT_ISA_V3;
    return VT_ISA_V4;
}

#ifdef __cplusplus
}
#endif

#endif /* VT_ISA_H */
