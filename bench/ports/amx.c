/* What AMX's int8 tile multiply (TDPBUUD) and tile loads and stores cost on this CPU: the one instruction-set route
 * with many more multiply-adds per cycle than AVX-512 (README, "On an Intel Xeon"). Six independent accumulator tiles
 * and one chain, for M x K = 16 x 64 (a full tile: 16 384 multiply-adds), 16 x 32 (a 17-tap band of 32 input rows),
 * 4 x 64 and 1 x 64; then 16-row tile loads and stores. Needs Linux >= 5.16 (arch_prctl ARCH_REQ_XCOMP_PERM) and a CPU
 * with AMX-TILE and AMX-INT8; run.sh skips it elsewhere. Nanoseconds (the clock under AMX is not measured). */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "ports.h"

#define ARCH_REQ_XCOMP_PERM 0x1023
#define XFEATURE_XTILEDATA 18

typedef struct {
    uint8_t palette, start_row, reserved[14];
    uint16_t colsb[16];
    uint8_t rows[16];
} __attribute__((packed)) tile_config;

static uint8_t a[16 * 64] __attribute__((aligned(64))), b[16 * 64] __attribute__((aligned(64)));
static uint8_t buffer[16 * 1024] __attribute__((aligned(64)));

/* The tile configuration, static (the same code with it on the stack crashed at -O2 here; cause not pinned down).
 * Tiles 0-5: M x 16 int32 accumulators; 6: A (M x K bytes); 7: B (K/4 rows of 64 bytes). */
static tile_config c __attribute__((aligned(64)));

static void configure(int m, int k) {
    memset(&c, 0, sizeof c);
    c.palette = 1;
    for (int t = 0; t < 6; t++) { c.rows[t] = m; c.colsb[t] = 64; }
    c.rows[6] = m; c.colsb[6] = k;
    c.rows[7] = k / 4; c.colsb[7] = 64;
    _tile_loadconfig(&c);
    _tile_loadd(6, a, 64);
    _tile_loadd(7, b, 64);
    _tile_zero(0); _tile_zero(1); _tile_zero(2); _tile_zero(3); _tile_zero(4); _tile_zero(5);
}

static void multiply(int m, int k) {
    const long n = 500000;
    double best6 = 1e9, best1 = 1e9;
    configure(m, k);
    for (int rep = 0; rep < 3; rep++) {
        double t = now();
        for (long i = 0; i < n; i++) {
            _tile_dpbuud(0, 6, 7); _tile_dpbuud(1, 6, 7); _tile_dpbuud(2, 6, 7);
            _tile_dpbuud(3, 6, 7); _tile_dpbuud(4, 6, 7); _tile_dpbuud(5, 6, 7);
        }
        t = (now() - t) / (6.0 * n) * 1e9;
        if (t < best6) best6 = t;
        t = now();
        for (long i = 0; i < n; i++) _tile_dpbuud(0, 6, 7);
        t = (now() - t) / n * 1e9;
        if (t < best1) best1 = t;
    }
    printf("  tdpbuud %2d x %2d: %5.1f ns (6 chains), %5.1f ns (1 chain); %4.0f multiply-adds per ns\n", m, k, best6,
           best1, m * 16.0 * k / best6);
}

int main(void) {
    if (syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)) { perror("amx: arch_prctl"); return 1; }
    for (int i = 0; i < (int)sizeof a; i++) { a[i] = (uint8_t)(i * 7); b[i] = (uint8_t)(i * 3); }
    printf("AMX (best of 3):\n");
    multiply(16, 64);
    multiply(16, 32);
    multiply(4, 64);
    multiply(1, 64);
    configure(16, 64);
    const long n = 500000;
    double t = now();
    for (long i = 0; i < n; i++) {
        _tile_loadd(6, buffer + (i & 15) * 1024, 64);
        _tile_loadd(7, buffer + ((i + 3) & 15) * 1024, 64);
    }
    printf("  tileloadd 16 x 64 bytes:  %5.1f ns\n", (now() - t) / (2.0 * n) * 1e9);
    t = now();
    for (long i = 0; i < n; i++) {
        _tile_stored(0, buffer + (i & 15) * 1024, 64);
        _tile_stored(1, buffer + ((i + 8) & 15) * 1024, 64);
    }
    printf("  tilestored 16 x 64 bytes: %5.1f ns\n", (now() - t) / (2.0 * n) * 1e9);
    _tile_release();
    return 0;
}
