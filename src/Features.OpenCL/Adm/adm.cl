// Integer ADM (integer_adm.c, libvmaf f85a8536), ported from AdmScalar: the DWT of each scale, decouple and CSF
// fused into one pass over the CSF region, and the masking (numerator) and denominator sums of the pooling
// region, one work-group per band row. Band planes are stored a, h, v, d, each width * height, row stride the
// band width. The row-rounded sums go to sums[SUM_ADM_DEN + 3 * scale + theta] and
// sums[SUM_ADM_NUM + 3 * scale + theta]; the host finishes them with AdmExtractor's float code.

/* Input index read by output i at tap k (integer_adm.c: dwt2_src_indices_filt): output 0 reads [1, 0, 1, 2]. */
inline int adm_tap(int i, int k, int n)
{
    if (i == 0)
    {
        return k == 1 ? 0 : (k == 3 ? 2 : 1);
    }

    int index = 2 * i - 1 + k;
    return index >= n ? 2 * n - index - 1 : index;
}

/*
 * Scale 0 DWT of both lumas (AdmScalar.Dwt2_8/16: VerticalS0 then HorizontalS0): global (>= band width,
 * >= band height, 2), z = 0 for the reference, 1 for the distorted. The vertical filters run in int32 with
 * wrap-around (as libvmaf's int accumulator), recentred, shifted by the bit depth and stored as int16; the
 * horizontal ones round by 2^15 and shift 16. T is the sample type (uchar for 8-bit luma, ushort above).
 */
#define ADM_DWT_S0(NAME, T)                                                                                       \
__kernel void NAME(                                                                                              \
    __global const T* reference, __global const T* distorted, int bpc, int in_width, int in_height, int width,   \
    int height, __global short* ref_bands, __global short* dis_bands)                                           \
{                                                                                                                \
    int j = get_global_id(0);                                                                                    \
    int i = get_global_id(1);                                                                                    \
    if (j >= width || i >= height)                                                                               \
    {                                                                                                            \
        return;                                                                                                  \
    }                                                                                                            \
                                                                                                                 \
    __global const T* src = get_global_id(2) == 0 ? reference : distorted;                                      \
    __global short* bands = get_global_id(2) == 0 ? ref_bands : dis_bands;                                      \
    int r0 = adm_tap(i, 0, in_height) * in_width;                                                                \
    int r1 = adm_tap(i, 1, in_height) * in_width;                                                                \
    int r2 = adm_tap(i, 2, in_height) * in_width;                                                                \
    int r3 = adm_tap(i, 3, in_height) * in_width;                                                                \
    uint round = 1u << (bpc - 1);                                                                                \
    uint centre = (uint)ADM_DWT_LO_SUM * round;                                                                  \
    int lo[4], hi[4];                                                                                            \
    bool inside = j > 0 && 2 * j + 2 < in_width;                                                                 \
    for (int c = 0; c < 4; c++)                                                                                  \
    {                                                                                                            \
        int col = inside ? 2 * j - 1 + c : adm_tap(j, c, in_width);                                              \
        uint p0 = src[r0 + col], p1 = src[r1 + col], p2 = src[r2 + col], p3 = src[r3 + col];                    \
        uint l = (uint)ADM_LO0 * p0 + (uint)ADM_LO1 * p1 + (uint)ADM_LO2 * p2 + (uint)ADM_LO3 * p3 - centre + round; \
        uint h = (uint)ADM_HI0 * p0 + (uint)ADM_HI1 * p1 + (uint)ADM_HI2 * p2 + (uint)ADM_HI3 * p3 + round;      \
        lo[c] = WRAP16(as_int(l) >> bpc);                                                                        \
        hi[c] = WRAP16(as_int(h) >> bpc);                                                                        \
    }                                                                                                            \
                                                                                                                 \
    long n = (long)width * height;                                                                               \
    long o = (long)i * width + j;                                                                                \
    bands[o] = WRAP16((ADM_LO0 * lo[0] + ADM_LO1 * lo[1] + ADM_LO2 * lo[2] + ADM_LO3 * lo[3] + 32768) >> 16);     \
    bands[n + o] = WRAP16((ADM_LO0 * hi[0] + ADM_LO1 * hi[1] + ADM_LO2 * hi[2] + ADM_LO3 * hi[3] + 32768) >> 16); \
    bands[2 * n + o] = WRAP16((ADM_HI0 * lo[0] + ADM_HI1 * lo[1] + ADM_HI2 * lo[2] + ADM_HI3 * lo[3] + 32768) >> 16); \
    bands[3 * n + o] = WRAP16((ADM_HI0 * hi[0] + ADM_HI1 * hi[1] + ADM_HI2 * hi[2] + ADM_HI3 * hi[3] + 32768) >> 16); \
}

ADM_DWT_S0(adm_dwt_s0_8, uchar)
ADM_DWT_S0(adm_dwt_s0_16, ushort)

/*
 * Scales 1-3 DWT of both previous bands a (AdmScalar.Dwt2S123: VerticalS123 then HorizontalS123), int64 sums
 * narrowed to int32 as C's casts do. T is short for scale 1 (scale 0's band a, widened exactly) and int after.
 */
#define ADM_DWT_S123(NAME, T)                                                                                     \
__kernel void NAME(                                                                                              \
    __global const T* reference, __global const T* distorted, int in_width, int in_height, int width, int height, \
    int v_add, int v_shift, int h_add, int h_shift, __global int* ref_bands, __global int* dis_bands)            \
{                                                                                                                \
    int j = get_global_id(0);                                                                                    \
    int i = get_global_id(1);                                                                                    \
    if (j >= width || i >= height)                                                                               \
    {                                                                                                            \
        return;                                                                                                  \
    }                                                                                                            \
                                                                                                                 \
    __global const T* src = get_global_id(2) == 0 ? reference : distorted;                                      \
    __global int* bands = get_global_id(2) == 0 ? ref_bands : dis_bands;                                        \
    int r0 = adm_tap(i, 0, in_height) * in_width;                                                                \
    int r1 = adm_tap(i, 1, in_height) * in_width;                                                                \
    int r2 = adm_tap(i, 2, in_height) * in_width;                                                                \
    int r3 = adm_tap(i, 3, in_height) * in_width;                                                                \
    long lo[4], hi[4];                                                                                           \
    bool inside = j > 0 && 2 * j + 2 < in_width;                                                                 \
    for (int c = 0; c < 4; c++)                                                                                  \
    {                                                                                                            \
        int col = inside ? 2 * j - 1 + c : adm_tap(j, c, in_width);                                              \
        long p0 = src[r0 + col], p1 = src[r1 + col], p2 = src[r2 + col], p3 = src[r3 + col];                    \
        lo[c] = WRAP32((ADM_LO0 * p0 + ADM_LO1 * p1 + ADM_LO2 * p2 + ADM_LO3 * p3 + v_add) >> v_shift);          \
        hi[c] = WRAP32((ADM_HI0 * p0 + ADM_HI1 * p1 + ADM_HI2 * p2 + ADM_HI3 * p3 + v_add) >> v_shift);          \
    }                                                                                                            \
                                                                                                                 \
    long n = (long)width * height;                                                                               \
    long o = (long)i * width + j;                                                                                \
    bands[o] = WRAP32((ADM_LO0 * lo[0] + ADM_LO1 * lo[1] + ADM_LO2 * lo[2] + ADM_LO3 * lo[3] + h_add) >> h_shift); \
    bands[n + o] = WRAP32((ADM_LO0 * hi[0] + ADM_LO1 * hi[1] + ADM_LO2 * hi[2] + ADM_LO3 * hi[3] + h_add) >> h_shift); \
    bands[2 * n + o] = WRAP32((ADM_HI0 * lo[0] + ADM_HI1 * lo[1] + ADM_HI2 * lo[2] + ADM_HI3 * lo[3] + h_add) >> h_shift); \
    bands[3 * n + o] = WRAP32((ADM_HI0 * hi[0] + ADM_HI1 * hi[1] + ADM_HI2 * hi[2] + ADM_HI3 * hi[3] + h_add) >> h_shift); \
}

ADM_DWT_S123(adm_dwt_s1, short)
ADM_DWT_S123(adm_dwt_s23, int)

/* a + b modulo 2^64 (C's int64 sums, which can pass 2^63 at scales 1-3). */
inline long wrap_add64(long a, long b) { return as_long((ulong)a + (ulong)b); }

/* a * b modulo 2^64. */
inline long wrap_mul64(long a, long b) { return as_long((ulong)a * (ulong)b); }

/*
 * The 1 degree angle test (AdmScalar.AngleFlag): each int64 rounded to float, divided by 4096 in double, the
 * products in double and in C's order.
 */
inline bool adm_angle(int oh, int ov, int th, int tv)
{
    long dot = wrap_add64((long)oh * th, (long)ov * tv);
    long oo = wrap_add64((long)oh * oh, (long)ov * ov);
    long tt = wrap_add64((long)th * th, (long)tv * tv);
    double dot_f = (double)(float)dot / 4096.0;
    return dot_f >= 0.0 &&
        dot_f * dot_f >= (double)ADM_COS_1DEG_SQ * ((double)(float)oo / 4096.0) * ((double)(float)tt / 4096.0);
}

/* Scale 0 restored coefficient (AdmScalar.RestoreS0). */
inline short adm_restore_s0(int o, int t, bool angle, __global const int* div_lookup)
{
    int k = o == 0 ? 32768 : WRAP32(((long)div_lookup[o + 32768] * t + 16384) >> 15);
    k = clamp(k, 0, 32768);
    short r = WRAP16((k * o + 16384) >> 15);
    if (angle && k > 0)
    {
        double gained = r * ADM_ENHN_GAIN_LIMIT;
        if (o > 0)
        {
            r = (short)(gained < t ? gained : (double)t);
        }
        else if (o < 0)
        {
            r = (short)(gained > t ? gained : (double)t);
        }
    }

    return r;
}

/* Scales 1-3 restored coefficient (AdmScalar.RestoreS123), with get_best15_from32. */
inline int adm_restore_s123(int o, int t, bool angle, __global const int* div_lookup)
{
    long k;
    if (o == 0)
    {
        k = 32768;
    }
    else
    {
        uint magnitude = (uint)cabs32(o);
        int shift = 0;
        uint top15 = magnitude & 0xFFFF;
        if (magnitude >= 32768)
        {
            shift = 17 - (int)clz(magnitude);
            top15 = ((magnitude + (1u << (shift - 1))) >> shift) & 0xFFFF;
        }

        long sign = o < 0 ? -1 : 1;

        // C's rounding term is the int (1 << (14 + shift)): INT_MIN when the shift is 17.
        k = ((long)div_lookup[top15 + 32768] * t * sign + (long)as_int(1u << (14 + shift))) >> (15 + shift);
    }

    k = clamp(k, 0L, 32768L);
    int r = WRAP32((k * o + 16384) >> 15);
    if (angle && k > 0)
    {
        double gained = r * ADM_ENHN_GAIN_LIMIT;
        if (o > 0)
        {
            r = (int)(gained < t ? gained : (double)t);
        }
        else if (o < 0)
        {
            r = (int)(gained > t ? gained : (double)t);
        }
    }

    return r;
}

/*
 * Scale 0 decouple and CSF over the CSF region (AdmScalar.Decouple and Csf, fused: each coefficient's values
 * depend only on that coefficient). Global (>= region width, >= region height) from the region's top-left.
 * Writes the restored bands h, v, d and, for the masking threshold, per coefficient the sum over the three
 * orientations of the CSF'd 1/30 term (fsum, read at the 8 neighbours) and of the 1/15 centre term (csum):
 * libvmaf adds the same int32 terms in another grouping, and int32 addition wraps the same in any order.
 */
__kernel void adm_dcsf_s0(
    __global const short* ref_bands, __global const short* dis_bands, int width, int height, int left, int top,
    int right, int bottom, __global const int* div_lookup, __global short* restored, __global int* fsum,
    __global int* csum)
{
    int j = left + get_global_id(0);
    int i = top + get_global_id(1);
    if (j >= right || i >= bottom)
    {
        return;
    }

    long n = (long)width * height;
    long o = (long)i * width + j;
    int oh = ref_bands[n + o], ov = ref_bands[2 * n + o], od = ref_bands[3 * n + o];
    int th = dis_bands[n + o], tv = dis_bands[2 * n + o], td = dis_bands[3 * n + o];
    bool angle = adm_angle(oh, ov, th, tv);
    short rh = adm_restore_s0(oh, th, angle, div_lookup);
    short rv = adm_restore_s0(ov, tv, angle, div_lookup);
    short rd = adm_restore_s0(od, td, angle, div_lookup);
    restored[o] = rh;
    restored[n + o] = rv;
    restored[2 * n + o] = rd;
    int additive[3] = { WRAP16(th - rh), WRAP16(tv - rv), WRAP16(td - rd) };
    uint f = 0, centre = 0;
    for (int theta = 0; theta < 3; theta++)
    {
        int c = WRAP16((ADM_IRF_S0[theta] * additive[theta] + ADM_CSF_S0_ADD[theta]) >> ADM_CSF_S0_SHIFT[theta]);
        f += (uint)WRAP16((ADM_ONE_BY_30_Q17 * cabs32(c) + 2048) >> 12);
        centre += (uint)WRAP16((ADM_ONE_BY_15_Q17 * cabs32(c) + 2048) >> 12);
    }

    fsum[o] = as_int(f);
    csum[o] = as_int(centre);
}

/* Scales 1-3 decouple and CSF (AdmScalar.DecoupleS123 and CsfS123, fused as adm_dcsf_s0). */
__kernel void adm_dcsf_s123(
    __global const int* ref_bands, __global const int* dis_bands, int width, int height, int left, int top,
    int right, int bottom, int scale, __global const int* div_lookup, __global int* restored, __global int* fsum,
    __global int* csum)
{
    int j = left + get_global_id(0);
    int i = top + get_global_id(1);
    if (j >= right || i >= bottom)
    {
        return;
    }

    long n = (long)width * height;
    long o = (long)i * width + j;
    int oh = ref_bands[n + o], ov = ref_bands[2 * n + o], od = ref_bands[3 * n + o];
    int th = dis_bands[n + o], tv = dis_bands[2 * n + o], td = dis_bands[3 * n + o];
    bool angle = adm_angle(oh, ov, th, tv);
    int rh = adm_restore_s123(oh, th, angle, div_lookup);
    int rv = adm_restore_s123(ov, tv, angle, div_lookup);
    int rd = adm_restore_s123(od, td, angle, div_lookup);
    restored[o] = rh;
    restored[n + o] = rv;
    restored[2 * n + o] = rd;
    int additive[3] = { WRAP32((uint)th - (uint)rh), WRAP32((uint)tv - (uint)rv), WRAP32((uint)td - (uint)rd) };
    uint f = 0, centre = 0;
    for (int theta = 0; theta < 3; theta++)
    {
        long factor = ADM_IRF_S123[3 * (scale - 1) + theta];
        int c = WRAP32(wrap_add64(wrap_mul64(factor, additive[theta]), 1L << 27) >> 28);
        long magnitude = cabs32(c);
        f += (uint)WRAP32((ADM_ONE_BY_30_Q32 * magnitude + ADM_MINUS_HALF_Q32) >> 32);
        centre += (uint)WRAP32((ADM_ONE_BY_15_Q32 * magnitude + ADM_MINUS_HALF_Q32) >> 32);
    }

    fsum[o] = as_int(f);
    csum[o] = as_int(centre);
}

/* The masking threshold at (i, j): fsum over the 8 neighbours (mirrored at the top and left, replicated at the
 * bottom and right: the ADM_CM_THRESH_S_* macros) plus csum at the centre, in int32 with wrap-around. */
inline int adm_threshold(__global const int* fsum, __global const int* csum, int width, int height, int i, int j)
{
    int up = (i == 0 ? 1 : i - 1) * width;
    int mid = i * width;
    int down = (i == height - 1 ? height - 1 : i + 1) * width;
    int l = j == 0 ? 1 : j - 1;
    int r = j == width - 1 ? width - 1 : j + 1;
    uint t = (uint)fsum[up + l] + (uint)fsum[up + j] + (uint)fsum[up + r] + (uint)fsum[mid + l] + (uint)fsum[mid + r]
        + (uint)fsum[down + l] + (uint)fsum[down + j] + (uint)fsum[down + r] + (uint)csum[mid + j];
    return as_int(t);
}

/* Scale 0 ADM_CM_ACCUM_ROUND (AdmScalar.MaskedCubeS0). */
inline long adm_masked_cube_s0(int scaled, int thr, int thr_shift, int sq_shift, long cube_add, int cube_shift)
{
    int x = as_int((uint)cabs32(scaled) - ((uint)thr << thr_shift));
    x = max(x, 0);
    int square = WRAP32(((long)x * x + (1L << (sq_shift - 1))) >> sq_shift);
    return ((long)square * x + cube_add) >> cube_shift;
}

/* Scales 1-3 I4_ADM_CM_ACCUM_ROUND (AdmScalar.MaskedCubeS123). */
inline long adm_masked_cube_s123(int restored, long irf, int thr, long cube_add, int cube_shift)
{
    int scaled = WRAP32(wrap_add64(wrap_mul64(restored, irf), 1L << 27) >> 28);
    int x = as_int((uint)cabs32(scaled) - (uint)thr);
    x = max(x, 0);
    int square = WRAP32(((long)x * x + (1L << 29)) >> 30);
    return ((long)square * x + cube_add) >> cube_shift;
}

/* (uint64)(x + round) >> shift, the per-row rounding of the denominators (round 0 for a zero shift). */
inline ulong adm_round_u(ulong x, int shift) { return (x + (shift > 0 ? 1ul << (shift - 1) : 0)) >> shift; }

/* (int64)(x + round) >> shift, the per-row rounding of the numerators. */
inline long adm_round_s(long x, int shift) { return wrap_add64(x, shift > 0 ? 1L << (shift - 1) : 0) >> shift; }

/*
 * Scale 0 denominator and masking sums over the pooling region (AdmScalar.CsfDen and Cm): one work-item per
 * coefficient, work-groups of WG coefficients of one band row (global (region width rounded up to WG, region
 * rows), local (WG, 1)). Each group adds its six partial sums (den h, v, d, num h, v, d) to its row's accumulators
 * (rows[6 * (i - top) + k], zeroed beforehand); adm_rows then rounds each row's totals by the row shifts.
 */
__kernel void adm_sums_s0(
    __global const short* ref_bands, __global const short* restored, __global const int* fsum,
    __global const int* csum, int width, int height, int left, int top, int right, int cube_shift_hv,
    int cube_shift_d, __global ulong* rows)
{
    __local ulong8 scratch[WG];
    int j = left + get_global_id(0);
    int i = top + get_global_id(1);
    ulong8 terms = 0;
    if (j < right)
    {
        long n = (long)width * height;
        long o = (long)i * width + j;
        long cube_add_hv = cube_shift_hv > 0 ? 1L << (cube_shift_hv - 1) : 0;
        long cube_add_d = cube_shift_d > 0 ? 1L << (cube_shift_d - 1) : 0;
        ulong h = (ushort)cabs32(ref_bands[n + o]);
        ulong v = (ushort)cabs32(ref_bands[2 * n + o]);
        ulong d = (ushort)cabs32(ref_bands[3 * n + o]);
        int thr = adm_threshold(fsum, csum, width, height, i, j);
        terms.s0 = h * h * h;
        terms.s1 = v * v * v;
        terms.s2 = d * d * d;
        terms.s3 = (ulong)adm_masked_cube_s0(restored[o] * ADM_IRF_S0[0], thr, ADM_CM_S0_THR_SHIFT[0], ADM_CM_S0_SQ_SHIFT[0], cube_add_hv, cube_shift_hv);
        terms.s4 = (ulong)adm_masked_cube_s0(restored[n + o] * ADM_IRF_S0[1], thr, ADM_CM_S0_THR_SHIFT[1], ADM_CM_S0_SQ_SHIFT[1], cube_add_hv, cube_shift_hv);
        terms.s5 = (ulong)adm_masked_cube_s0(restored[2 * n + o] * ADM_IRF_S0[2], thr, ADM_CM_S0_THR_SHIFT[2], ADM_CM_S0_SQ_SHIFT[2], cube_add_d, cube_shift_d);
    }

    ulong8 total = wg_sum8(terms, scratch);
    if (get_local_id(0) == 0)
    {
        __global ulong* row = rows + 6 * (long)(i - top);
        atom_add(row, total.s0);
        atom_add(row + 1, total.s1);
        atom_add(row + 2, total.s2);
        atom_add(row + 3, total.s3);
        atom_add(row + 4, total.s4);
        atom_add(row + 5, total.s5);
    }
}

/* Scales 1-3 denominator and masking sums (AdmScalar.CsfDenS123 and CmS123), as adm_sums_s0. */
__kernel void adm_sums_s123(
    __global const int* ref_bands, __global const int* restored, __global const int* fsum, __global const int* csum,
    int width, int height, int left, int top, int right, int scale, int den_cube_shift, int cube_shift,
    __global ulong* rows)
{
    __local ulong8 scratch[WG];
    int j = left + get_global_id(0);
    int i = top + get_global_id(1);
    ulong8 terms = 0;
    if (j < right)
    {
        long n = (long)width * height;
        long o = (long)i * width + j;
        int sq_shift = ADM_DEN_S123_SQ_SHIFT[scale - 1];
        ulong sq_add = 1ul << sq_shift;
        ulong den_cube_add = den_cube_shift > 0 ? 1ul << (den_cube_shift - 1) : 0;
        long cube_add = cube_shift > 0 ? 1L << (cube_shift - 1) : 0;
        ulong h = (uint)cabs32(ref_bands[n + o]);
        ulong v = (uint)cabs32(ref_bands[2 * n + o]);
        ulong d = (uint)cabs32(ref_bands[3 * n + o]);
        terms.s0 = ((((h * h) + sq_add) >> sq_shift) * h + den_cube_add) >> den_cube_shift;
        terms.s1 = ((((v * v) + sq_add) >> sq_shift) * v + den_cube_add) >> den_cube_shift;
        terms.s2 = ((((d * d) + sq_add) >> sq_shift) * d + den_cube_add) >> den_cube_shift;
        int thr = adm_threshold(fsum, csum, width, height, i, j);
        __constant const long* irf = ADM_IRF_S123 + 3 * (scale - 1);
        terms.s3 = (ulong)adm_masked_cube_s123(restored[o], irf[0], thr, cube_add, cube_shift);
        terms.s4 = (ulong)adm_masked_cube_s123(restored[n + o], irf[1], thr, cube_add, cube_shift);
        terms.s5 = (ulong)adm_masked_cube_s123(restored[2 * n + o], irf[2], thr, cube_add, cube_shift);
    }

    ulong8 total = wg_sum8(terms, scratch);
    if (get_local_id(0) == 0)
    {
        __global ulong* row = rows + 6 * (long)(i - top);
        atom_add(row, total.s0);
        atom_add(row + 1, total.s1);
        atom_add(row + 2, total.s2);
        atom_add(row + 3, total.s3);
        atom_add(row + 4, total.s4);
        atom_add(row + 5, total.s5);
    }
}

/*
 * Each band row's totals rounded by its row shift, added to the scale's sums (the accumulation of adm_csf_den_*
 * and adm_cm: uint64 rows for the denominators, int64 for the numerators). Global (>= row count).
 */
__kernel void adm_rows(
    __global const ulong* rows, int count, int scale, int den_row_shift, int cm_row_shift, __global ulong* sums)
{
    int r = get_global_id(0);
    if (r >= count)
    {
        return;
    }

    __global const ulong* row = rows + 6 * (long)r;
    __global ulong* den = sums + SUM_ADM_DEN + 3 * scale;
    __global ulong* num = sums + SUM_ADM_NUM + 3 * scale;
    for (int k = 0; k < 3; k++)
    {
        atom_add(&den[k], adm_round_u(row[k], den_row_shift));
        atom_add(&num[k], (ulong)adm_round_s(as_long(row[3 + k]), cm_row_shift));
    }
}
