/* VIF scale 0's horizontal pass as vmaf-tiny's FilterRowShared does it: per 32 pixels and word row, 9 loads at word
 * offsets 0, 2, .., 16 (each shared by the even and the odd pixels) and 18 multiply-adds; 8 word rows. Variants:
 * vpmaddwd + vpaddd (ours), AVX512-VNNI vpdpwssd (which .NET 10 does not expose), the same at 256 bits, and the
 * loads alone. Cycles at the clock throughput.c measures (pass it as the first argument). See run.sh. */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define W 2048
#define ROWS 8
#define WS (W + 64)
static unsigned short words[ROWS * WS] __attribute__((aligned(64)));
static int out[6 * W] __attribute__((aligned(64)));

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

#define ROW_LOOP(STEP, ...)                                                                                       \
    for (int j = 0; j < W - 64; j += STEP)                                                                        \
        for (int r = 0; r < ROWS; r++) {                                                                          \
            const unsigned short *p = words + r * WS + j;                                                         \
            __VA_ARGS__                                                                                           \
        }

__attribute__((noinline)) static void madd512(void) {
    __m512i e[9], o[9];
    for (int k = 0; k < 9; k++) { e[k] = _mm512_set1_epi32(k * 3 + 1); o[k] = _mm512_set1_epi32(k * 5 + 2); }
    ROW_LOOP(32, {
        __m512i ev = _mm512_setzero_si512(), od = ev;
        for (int k = 0; k < 9; k++) {
            __m512i x = _mm512_loadu_si512((const void *)(p + 2 * k));
            ev = _mm512_add_epi32(ev, _mm512_madd_epi16(x, e[k]));
            od = _mm512_add_epi32(od, _mm512_madd_epi16(x, o[k]));
        }
        _mm512_storeu_si512(out + (r % 6) * W + j, _mm512_add_epi32(ev, od));
    })
}

__attribute__((noinline)) static void vnni512(void) {
    __m512i e[9], o[9];
    for (int k = 0; k < 9; k++) { e[k] = _mm512_set1_epi32(k * 3 + 1); o[k] = _mm512_set1_epi32(k * 5 + 2); }
    ROW_LOOP(32, {
        __m512i ev = _mm512_setzero_si512(), od = ev;
        for (int k = 0; k < 9; k++) {
            __m512i x = _mm512_loadu_si512((const void *)(p + 2 * k));
            ev = _mm512_dpwssd_epi32(ev, x, e[k]);
            od = _mm512_dpwssd_epi32(od, x, o[k]);
        }
        _mm512_storeu_si512(out + (r % 6) * W + j, _mm512_add_epi32(ev, od));
    })
}

__attribute__((noinline)) static void madd256(void) {
    __m256i e[9], o[9];
    for (int k = 0; k < 9; k++) { e[k] = _mm256_set1_epi32(k * 3 + 1); o[k] = _mm256_set1_epi32(k * 5 + 2); }
    ROW_LOOP(16, {
        __m256i ev = _mm256_setzero_si256(), od = ev;
        for (int k = 0; k < 9; k++) {
            __m256i x = _mm256_loadu_si256((const void *)(p + 2 * k));
            ev = _mm256_add_epi32(ev, _mm256_madd_epi16(x, e[k]));
            od = _mm256_add_epi32(od, _mm256_madd_epi16(x, o[k]));
        }
        _mm256_storeu_si256((void *)(out + (r % 6) * W + j), _mm256_add_epi32(ev, od));
    })
}

__attribute__((noinline)) static void vnni256(void) {
    __m256i e[9], o[9];
    for (int k = 0; k < 9; k++) { e[k] = _mm256_set1_epi32(k * 3 + 1); o[k] = _mm256_set1_epi32(k * 5 + 2); }
    ROW_LOOP(16, {
        __m256i ev = _mm256_setzero_si256(), od = ev;
        for (int k = 0; k < 9; k++) {
            __m256i x = _mm256_loadu_si256((const void *)(p + 2 * k));
            ev = _mm256_dpwssd_avx_epi32(ev, x, e[k]);
            od = _mm256_dpwssd_avx_epi32(od, x, o[k]);
        }
        _mm256_storeu_si256((void *)(out + (r % 6) * W + j), _mm256_add_epi32(ev, od));
    })
}

__attribute__((noinline)) static void loads512(void) {
    ROW_LOOP(32, {
        __m512i ev = _mm512_setzero_si512(), od = ev;
        for (int k = 0; k < 9; k++) {
            __m512i x = _mm512_loadu_si512((const void *)(p + 2 * k));
            if (k & 1) ev = _mm512_or_si512(ev, x); else od = _mm512_or_si512(od, x);
        }
        _mm512_storeu_si512(out + (r % 6) * W + j, _mm512_add_epi32(ev, od));
    })
}

int main(int argc, char **argv) {
    double ghz = argc > 1 ? atof(argv[1]) : 2.25;
    for (int i = 0; i < ROWS * WS; i++) words[i] = (unsigned short)rand();
    struct { void (*f)(void); const char *name; } v[] = {
        {madd512, "512-bit vpmaddwd + vpaddd"}, {vnni512, "512-bit vpdpwssd"}, {madd256, "256-bit vpmaddwd + vpaddd"},
        {vnni256, "256-bit vpdpwssd (AVX-VNNI)"}, {loads512, "512-bit loads alone"}};
    double best[5] = {1e9, 1e9, 1e9, 1e9, 1e9};
    for (int rep = 0; rep < 5; rep++)
        for (int m = 0; m < 5; m++) {
            double t = now();
            for (int it = 0; it < 5000; it++) v[m].f();
            double cycles = (now() - t) / (5000.0 * ((W - 64) / 32)) * 1e9 * ghz;
            if (cycles < best[m]) best[m] = cycles;
        }
    printf("horizontal pass, 8 word rows, cycles per 32 pixels (best of 5, at %.2f GHz; bound: 144 for 2 ports):\n", ghz);
    for (int m = 0; m < 5; m++) printf("  %-30s %4.0f\n", v[m].name, best[m]);
    return 0;
}
