/* VIF scale 0's horizontal pass as vmaf-tiny's FilterRowShared does it: per 32 pixels and word row, 9 loads at word
 * offsets 0, 2, .., 16 (each shared by the even and the odd pixels) and 18 multiply-adds; 8 word rows. Variants:
 * vpmaddwd + vpaddd (ours), AVX512-VNNI vpdpwssd (which .NET 10 does not expose), the same at 256 bits, a 2:1 mix of
 * vpdpwssd and vpmaddwd + vpaddd, and the loads alone. Cycles at the clock throughput.c measures (pass it as the first
 * argument). See run.sh. */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include "ports.h"

#define W 2048
#define ROWS 8
#define WS (W + 64)
static unsigned short words[ROWS * WS] __attribute__((aligned(64)));
static int out[6 * W] __attribute__((aligned(64)));

/* One variant: WIDTH-bit registers of STEP pixels; ACC(acc, x, w, i) adds the multiply-add of x and w to acc (i: the
 * multiply-add's number in the register's 18, 0-8 even pixels, 9-17 odd ones). */
#define FILTER(NAME, VEC, STEP, SET1, ZERO, LOAD, STORE, ADD, ACC)                                                 \
    __attribute__((noinline)) static void NAME(void) {                                                            \
        VEC e[9], o[9];                                                                                           \
        for (int k = 0; k < 9; k++) { e[k] = SET1(k * 3 + 1); o[k] = SET1(k * 5 + 2); }                            \
        for (int j = 0; j < W - 64; j += STEP)                                                                    \
            for (int r = 0; r < ROWS; r++) {                                                                      \
                const unsigned short *p = words + r * WS + j;                                                     \
                VEC ev = ZERO(), od = ev;                                                                         \
                for (int k = 0; k < 9; k++) {                                                                     \
                    VEC x = LOAD((const void *)(p + 2 * k));                                                      \
                    ev = ACC(ev, x, e[k], k);                                                                 \
                    od = ACC(od, x, o[k], k + 9);                                                              \
                }                                                                                                 \
                STORE((void *)(out + (r % 6) * W + j), ADD(ev, od));                                              \
            }                                                                                                     \
    }

#define MADD512(a, x, w, _) _mm512_add_epi32(a, _mm512_madd_epi16(x, w))
#define VNNI512(a, x, w, _) _mm512_dpwssd_epi32(a, x, w)
#define MADD256(a, x, w, _) _mm256_add_epi32(a, _mm256_madd_epi16(x, w))
#define VNNI256(a, x, w, _) _mm256_dpwssd_avx_epi32(a, x, w)
/* Two of three multiply-adds as vpdpwssd, the third as vpmaddwd + vpaddd (vpdpwssd issues on one port here, vpmaddwd
 * and vpaddd on two: the mix that loads both evenly). */
#define MIX512(a, x, w, i) ((i) % 3 != 0 ? VNNI512(a, x, w, i) : MADD512(a, x, w, i))
/* The loads alone: each register or-ed into one of the two sums. */
#define LOADS512(a, x, w, i) (((i) & 1) ? _mm512_or_si512(a, x) : (a))

FILTER(madd512, __m512i, 32, _mm512_set1_epi32, _mm512_setzero_si512, _mm512_loadu_si512, _mm512_storeu_si512, _mm512_add_epi32, MADD512)
FILTER(vnni512, __m512i, 32, _mm512_set1_epi32, _mm512_setzero_si512, _mm512_loadu_si512, _mm512_storeu_si512, _mm512_add_epi32, VNNI512)
FILTER(madd256, __m256i, 16, _mm256_set1_epi32, _mm256_setzero_si256, _mm256_loadu_si256, _mm256_storeu_si256, _mm256_add_epi32, MADD256)
FILTER(vnni256, __m256i, 16, _mm256_set1_epi32, _mm256_setzero_si256, _mm256_loadu_si256, _mm256_storeu_si256, _mm256_add_epi32, VNNI256)
FILTER(mix512, __m512i, 32, _mm512_set1_epi32, _mm512_setzero_si512, _mm512_loadu_si512, _mm512_storeu_si512, _mm512_add_epi32, MIX512)
FILTER(loads512, __m512i, 32, _mm512_set1_epi32, _mm512_setzero_si512, _mm512_loadu_si512, _mm512_storeu_si512, _mm512_add_epi32, LOADS512)

int main(int argc, char **argv) {
    double ghz = argc > 1 ? atof(argv[1]) : 2.25;
    for (int i = 0; i < ROWS * WS; i++) words[i] = (unsigned short)rand();
    struct { void (*f)(void); const char *name; } v[] = {
        {madd512, "512-bit vpmaddwd + vpaddd"}, {vnni512, "512-bit vpdpwssd"}, {madd256, "256-bit vpmaddwd + vpaddd"},
        {vnni256, "256-bit vpdpwssd (AVX-VNNI)"}, {mix512, "512-bit 2/3 vpdpwssd, 1/3 vpmaddwd"},
        {loads512, "512-bit loads alone"}};
    double best[6] = {1e9, 1e9, 1e9, 1e9, 1e9, 1e9};
    for (int rep = 0; rep < 5; rep++)
        for (int m = 0; m < 6; m++) {
            double t = now();
            for (int it = 0; it < 5000; it++) v[m].f();
            double cycles = (now() - t) / (5000.0 * ((W - 64) / 32)) * 1e9 * ghz;
            if (cycles < best[m]) best[m] = cycles;
        }
    printf("horizontal pass, 8 word rows, cycles per 32 pixels (best of 5, at %.2f GHz; bound: 144 for 2 ports):\n", ghz);
    for (int m = 0; m < 6; m++) printf("  %-30s %4.0f\n", v[m].name, best[m]);
    return 0;
}
