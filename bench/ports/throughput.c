/* The clock (a dependent imul chain: 3 cycles a step) and the throughput of independent 512-bit vector operations
 * (12 independent chains each), as a C compiler emits them. See run.sh. */
#include <immintrin.h>
#include <stdio.h>
#include "ports.h"

#define CHAINS(OP, NAME)                                                                                           \
    {                                                                                                              \
        __m512i a[12];                                                                                             \
        for (int k = 0; k < 12; k++) a[k] = _mm512_set1_epi32(k + 1);                                              \
        __m512i b = _mm512_set1_epi32(3);                                                                          \
        double t = now();                                                                                          \
        for (long i = 0; i < steps; i++) {                                                                         \
            a[0] = OP(a[0]); a[1] = OP(a[1]); a[2] = OP(a[2]); a[3] = OP(a[3]); a[4] = OP(a[4]); a[5] = OP(a[5]);   \
            a[6] = OP(a[6]); a[7] = OP(a[7]); a[8] = OP(a[8]); a[9] = OP(a[9]); a[10] = OP(a[10]); a[11] = OP(a[11]); \
        }                                                                                                          \
        double dt = now() - t;                                                                                     \
        __m512i s = a[0];                                                                                          \
        for (int k = 1; k < 12; k++) s = _mm512_add_epi32(s, a[k]);                                                \
        printf("%-12s %.2f per ns (%.2f a cycle at that clock)  [%d]\n", NAME, steps * 12.0 / dt / 1e9,             \
               steps * 12.0 / dt / 1e9 / ghz, _mm512_reduce_add_epi32(s));                                          \
    }

#define MADD(x) _mm512_madd_epi16(x, b)
#define ADD(x) _mm512_add_epi32(x, b)
#define MULLW(x) _mm512_mullo_epi16(x, b)
#define UNPACK(x) _mm512_unpacklo_epi16(x, b)
#define DPWSSD(x) _mm512_dpwssd_epi32(x, b, b)

int main(void) {
    long n = 300000000, x = 3;
    double t = now();
    for (long i = 0; i < n; i++) __asm__ volatile("imul %0, %0\n\timul %0, %0" : "+r"(x));
    double ghz = 6.0 * n / (now() - t) / 1e9;
    printf("clock        %.2f GHz (dependent imul chain)\n", ghz);
    long steps = 50000000;
    CHAINS(MADD, "vpmaddwd") CHAINS(ADD, "vpaddd") CHAINS(MULLW, "vpmullw") CHAINS(UNPACK, "vpunpcklwd") CHAINS(DPWSSD, "vpdpwssd")
    return 0;
}
