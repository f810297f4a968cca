/* VIF scale 0's 8-bit vertical pass as vmaf-tiny's VerticalStatistic8 does it (centred samples, mirrored-row pairs
 * summed in 16 bits, one vpmaddwd per pair of pairs; means, squares and cross products; stores of the biased word
 * rows), 32 columns a call, over a 1080-row frame pair. Cycles per 32 pixels at the clock throughput.c measures (pass
 * it as the first argument). See run.sh. */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include "ports.h"

#define W 1920
#define H 1080
static unsigned char ref[(H + 20) * W], dis[(H + 20) * W];
static unsigned short words[10 * W];
static const unsigned short f[17] = {489, 935, 1640, 2640, 3896, 5274, 6547, 7455, 7784, 7455, 6547, 5274, 3896, 2640, 1640, 935, 489};

static inline __m512i row8(const unsigned char *p) { return _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)p)); }
/* a·c + b·d − 1 in 16 bits */
static inline __m512i mirrored(__m512i a, __m512i b, __m512i c, __m512i d, __m512i one) {
    return _mm512_sub_epi16(_mm512_add_epi16(_mm512_mullo_epi16(a, c), _mm512_mullo_epi16(b, d)), one);
}
static inline void pairs(__m512i w0, __m512i w1, __m512i pair, __m512i *lo, __m512i *hi) {
    *lo = _mm512_add_epi32(*lo, _mm512_madd_epi16(_mm512_unpacklo_epi16(w0, w1), pair));
    *hi = _mm512_add_epi32(*hi, _mm512_madd_epi16(_mm512_unpackhi_epi16(w0, w1), pair));
}
static inline void store(__m512i v, int row, int column) { _mm512_storeu_si512((void *)(words + row * W + column), v); }

__attribute__((noinline)) static void vertical(const int *rows, int column) {
    __m512i c128 = _mm512_set1_epi16(128), one = _mm512_set1_epi16(1), zero = _mm512_setzero_si512();
    __m512i mu1l = _mm512_set1_epi32(1 << 23), mu1h = mu1l, mu2l = mu1l, mu2h = mu1l;
    __m512i xxl = _mm512_set1_epi32(28876 - (1 << 30)), xxh = xxl, yyl = xxl, yyh = xxl, xyl = xxl, xyh = xxl;
    for (int k = 0; k < 8; k += 2) {
        int a0 = rows[k] + column, b0 = rows[16 - k] + column, a1 = rows[k + 1] + column, b1 = rows[15 - k] + column;
        __m512i ra0 = _mm512_sub_epi16(row8(ref + a0), c128), rb0 = _mm512_sub_epi16(row8(ref + b0), c128);
        __m512i ra1 = _mm512_sub_epi16(row8(ref + a1), c128), rb1 = _mm512_sub_epi16(row8(ref + b1), c128);
        __m512i qa0 = _mm512_sub_epi16(row8(dis + a0), c128), qb0 = _mm512_sub_epi16(row8(dis + b0), c128);
        __m512i qa1 = _mm512_sub_epi16(row8(dis + a1), c128), qb1 = _mm512_sub_epi16(row8(dis + b1), c128);
        __m512i pair = _mm512_set1_epi32(f[k] | (f[k + 1] << 16));
        pairs(_mm512_add_epi16(ra0, rb0), _mm512_add_epi16(ra1, rb1), pair, &mu1l, &mu1h);
        pairs(_mm512_add_epi16(qa0, qb0), _mm512_add_epi16(qa1, qb1), pair, &mu2l, &mu2h);
        pairs(mirrored(ra0, rb0, ra0, rb0, one), mirrored(ra1, rb1, ra1, rb1, one), pair, &xxl, &xxh);
        pairs(mirrored(qa0, qb0, qa0, qb0, one), mirrored(qa1, qb1, qa1, qb1, one), pair, &yyl, &yyh);
        pairs(mirrored(ra0, rb0, qa0, qb0, one), mirrored(ra1, rb1, qa1, qb1, one), pair, &xyl, &xyh);
    }
    int c = rows[8] + column;
    __m512i r = _mm512_sub_epi16(row8(ref + c), c128), q = _mm512_sub_epi16(row8(dis + c), c128), pair = _mm512_set1_epi32(f[8]);
    pairs(r, zero, pair, &mu1l, &mu1h);
    pairs(q, zero, pair, &mu2l, &mu2h);
    pairs(_mm512_mullo_epi16(r, r), zero, pair, &xxl, &xxh);
    pairs(_mm512_mullo_epi16(q, q), zero, pair, &yyl, &yyh);
    pairs(_mm512_mullo_epi16(r, q), zero, pair, &xyl, &xyh);
    xxl = _mm512_add_epi32(xxl, _mm512_slli_epi32(mu1l, 8)); xxh = _mm512_add_epi32(xxh, _mm512_slli_epi32(mu1h, 8));
    yyl = _mm512_add_epi32(yyl, _mm512_slli_epi32(mu2l, 8)); yyh = _mm512_add_epi32(yyh, _mm512_slli_epi32(mu2h, 8));
    xyl = _mm512_add_epi32(xyl, _mm512_slli_epi32(_mm512_add_epi32(mu1l, mu2l), 7));
    xyh = _mm512_add_epi32(xyh, _mm512_slli_epi32(_mm512_add_epi32(mu1h, mu2h), 7));
    __m512i rnd = _mm512_set1_epi32(128), bias = _mm512_set1_epi16(-32768), low16 = _mm512_set1_epi32(0xFFFF);
    store(_mm512_xor_si512(_mm512_packus_epi32(_mm512_srli_epi32(_mm512_add_epi32(mu1l, rnd), 8), _mm512_srli_epi32(_mm512_add_epi32(mu1h, rnd), 8)), bias), 0, column);
    store(_mm512_xor_si512(_mm512_packus_epi32(_mm512_srli_epi32(_mm512_add_epi32(mu2l, rnd), 8), _mm512_srli_epi32(_mm512_add_epi32(mu2h, rnd), 8)), bias), 1, column);
    __m512i lo[3] = {xxl, yyl, xyl}, hi[3] = {xxh, yyh, xyh};
    for (int s = 0; s < 3; s++) {
        store(_mm512_xor_si512(_mm512_packus_epi32(_mm512_srli_epi32(lo[s], 16), _mm512_srli_epi32(hi[s], 16)), bias), 2 + 2 * s, column);
        store(_mm512_xor_si512(_mm512_packus_epi32(_mm512_and_si512(lo[s], low16), _mm512_and_si512(hi[s], low16)), bias), 3 + 2 * s, column);
    }
}

int main(int argc, char **argv) {
    double ghz = argc > 1 ? atof(argv[1]) : 2.25;
    for (int i = 0; i < (H + 20) * W; i++) { ref[i] = (unsigned char)rand(); dis[i] = (unsigned char)rand(); }
    int rows[17];
    double best = 1e9;
    for (int rep = 0; rep < 5; rep++) {
        double t = now();
        long blocks = 0;
        for (int it = 0; it < 3; it++)
            for (int r = 0; r < H; r++) {
                for (int k = 0; k < 17; k++) rows[k] = (r + k) * W;
                for (int c = 0; c + 32 <= W; c += 32, blocks++) vertical(rows, c);
            }
        double cycles = (now() - t) / blocks * 1e9 * ghz;
        if (cycles < best) best = cycles;
    }
    printf("vertical pass, cycles per 32 pixels (best of 5, at %.2f GHz; about 190 operations on 2 ports): %.0f\n", ghz, best);
    return 0;
}
