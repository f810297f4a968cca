// Integer VIF (integer_vif.c: vif_statistic_8/16, subsample_rd_8/16, libvmaf f85a8536), ported from VifScalar.
// Each stage is two passes: a vertical filter into planes of uint, then a horizontal pass over those planes
// with the reflect-101 column mirror (PADDING_SQ_DATA). The statistic's four integer sums go to
// sums[SUM_VIF + 4 * scale + k]; the host turns them into the score with VifSums.Score.

inline __constant const ushort* vif_filter(int scale)
{
    return scale == 0 ? VIF_FILTER0 : (scale == 1 ? VIF_FILTER1 : (scale == 2 ? VIF_FILTER2 : VIF_FILTER3));
}

inline int vif_taps(int scale)
{
    return scale == 0 ? VIF_TAPS0 : (scale == 1 ? VIF_TAPS1 : (scale == 2 ? VIF_TAPS2 : VIF_TAPS3));
}

/* 2048 * log2(x) from the table, x truncated to its 16 leading bits (integer_vif.h: log2_32); x >= 2^16. */
inline int vif_log2_32(__global const ushort* table, uint x)
{
    int k = 16 - (int)clz(x);
    return (int)table[x >> k] + 2048 * k;
}

/* As vif_log2_32 for 64-bit x (integer_vif.h: log2_64). */
inline int vif_log2_64(__global const ushort* table, ulong x)
{
    int k = 48 - (int)clz(x);
    return (int)table[x >> k] + 2048 * k;
}

/*
 * Vertical pass of the statistic at one scale (VifScalar.VerticalStatistic16): for every pixel of 16-bit samples,
 * the filtered means (rounded by shift_mu, kept to 16 bits) and the filtered squares and product (64-bit sums rounded
 * by shift_sq). Writes five planes of width * height: mu1, mu2, ref^2, dis^2, ref*dis. Global size (>= width,
 * >= height).
 */
__kernel void vif_stat_vertical16(
    __global const ushort* reference, __global const ushort* distorted, int width, int height, int scale,
    int shift_mu, int shift_sq, __global uint* planes)
{
    int j = get_global_id(0);
    int i = get_global_id(1);
    if (j >= width || i >= height)
    {
        return;
    }

    __constant const ushort* f = vif_filter(scale);
    int taps = vif_taps(scale);
    int radius = taps / 2;
    uint acc_mu1 = 0, acc_mu2 = 0;
    ulong acc_xx = 0, acc_yy = 0, acc_xy = 0;
    for (int k = 0; k < taps; k++)
    {
        uint c = f[k];
        int at = mirror101(i - radius + k, height) * width + j;
        uint p = reference[at];
        uint q = distorted[at];
        uint cp = c * p;
        uint cq = c * q;
        acc_mu1 += cp;
        acc_mu2 += cq;
        acc_xx += (ulong)cp * p;
        acc_yy += (ulong)cq * q;
        acc_xy += (ulong)cp * q;
    }

    uint round_mu = 1u << (shift_mu - 1);
    ulong round_sq = shift_sq == 0 ? 0 : 1ul << (shift_sq - 1);
    long n = (long)width * height;
    long o = (long)i * width + j;
    planes[o] = (ushort)((acc_mu1 + round_mu) >> shift_mu);
    planes[n + o] = (ushort)((acc_mu2 + round_mu) >> shift_mu);
    planes[2 * n + o] = (uint)((acc_xx + round_sq) >> shift_sq);
    planes[3 * n + o] = (uint)((acc_yy + round_sq) >> shift_sq);
    planes[4 * n + o] = (uint)((acc_xy + round_sq) >> shift_sq);
}

/*
 * Vertical pass of the statistic of 8-bit luma, scale 0 (VifScalar.VerticalStatistic8): the means rounded to 8.8,
 * the squares unshifted. Everything fits 32 bits (a square sum is at most 65536 * 255^2 < 2^32), so no 64-bit
 * arithmetic: the same values as vif_stat_vertical16 would give with shifts 8 and 0, faster.
 */
__kernel void vif_stat_vertical8(
    __global const uchar* reference, __global const uchar* distorted, int width, int height, __global uint* planes)
{
    int j = get_global_id(0);
    int i = get_global_id(1);
    if (j >= width || i >= height)
    {
        return;
    }

    uint acc_mu1 = 0, acc_mu2 = 0, acc_xx = 0, acc_yy = 0, acc_xy = 0;
    for (int k = 0; k < VIF_TAPS0; k++)
    {
        uint c = VIF_FILTER0[k];
        int at = mirror101(i - VIF_TAPS0 / 2 + k, height) * width + j;
        uint p = reference[at];
        uint q = distorted[at];
        uint cp = c * p;
        uint cq = c * q;
        acc_mu1 += cp;
        acc_mu2 += cq;
        acc_xx += cp * p;
        acc_yy += cq * q;
        acc_xy += cp * q;
    }

    long n = (long)width * height;
    long o = (long)i * width + j;
    planes[o] = (acc_mu1 + 128) >> 8;
    planes[n + o] = (acc_mu2 + 128) >> 8;
    planes[2 * n + o] = acc_xx;
    planes[3 * n + o] = acc_yy;
    planes[4 * n + o] = acc_xy;
}

/*
 * Horizontal pass of the statistic and each pixel's VIF terms (VifScalar.HorizontalStatistic, Accumulate,
 * AccumulateSigmas): one work-item per pixel, work-groups of WG pixels of one row (global (width rounded up to WG,
 * height), local (WG, 1)); each group's four sums are added to sums[SUM_VIF + 4 * scale ..]: num_log, den_log,
 * num_non_log, den_non_log.
 */
__kernel void vif_stat_horizontal(
    __global const uint* planes, int width, int height, int scale, double gain_limit,
    __global const ushort* log2_table, __global ulong* sums)
{
    __local ulong4 scratch[WG];
    int j = get_global_id(0);
    int i = get_global_id(1);
    long num_log = 0, den_log = 0, num_non_log = 0, den_non_log = 0;
    if (j < width)
    {
        __constant const ushort* f = vif_filter(scale);
        int taps = vif_taps(scale);
        int radius = taps / 2;
        long n = (long)width * height;
        __global const uint* mu1 = planes + (long)i * width;
        __global const uint* mu2 = mu1 + n;
        __global const uint* xx = mu1 + 2 * n;
        __global const uint* yy = mu1 + 3 * n;
        __global const uint* xy = mu1 + 4 * n;
        uint m1 = 0, m2 = 0;
        ulong s11 = 0, s22 = 0, s12 = 0;
        if (j >= radius && j < width - radius)
        {
            // Inside the image: contiguous taps (the common case; vectorises).
            for (int k = 0; k < taps; k++)
            {
                uint c = f[k];
                int at = j - radius + k;
                m1 += c * mu1[at];
                m2 += c * mu2[at];
                s11 += (ulong)c * xx[at];
                s22 += (ulong)c * yy[at];
                s12 += (ulong)c * xy[at];
            }
        }
        else
        {
            for (int k = 0; k < taps; k++)
            {
                uint c = f[k];
                int at = mirror101(j - radius + k, width);
                m1 += c * mu1[at];
                m2 += c * mu2[at];
                s11 += (ulong)c * xx[at];
                s22 += (ulong)c * yy[at];
                s12 += (ulong)c * xy[at];
            }
        }

        uint xx_filt = (uint)((s11 + 32768) >> 16);
        uint yy_filt = (uint)((s22 + 32768) >> 16);
        uint xy_filt = (uint)((s12 + 32768) >> 16);
        uint mu1_sq = (uint)(((ulong)m1 * m1 + 2147483648ul) >> 32);
        uint mu2_sq = (uint)(((ulong)m2 * m2 + 2147483648ul) >> 32);
        uint mu1_mu2 = (uint)(((ulong)m1 * m2 + 2147483648ul) >> 32);

        // C subtracts in uint32 and reads the result as int32.
        int sigma1_sq = as_int(xx_filt - mu1_sq);
        int sigma2_sq = as_int(yy_filt - mu2_sq);
        int sigma12 = as_int(xy_filt - mu1_mu2);
        sigma2_sq = max(sigma2_sq, 0);
        if (sigma1_sq >= VIF_SIGMA_NSQ)
        {
            den_log = vif_log2_32(log2_table, (uint)VIF_SIGMA_NSQ + (uint)sigma1_sq) - VIF_LOG2_SIGMA_NSQ;
            if (sigma12 > 0 && sigma2_sq > 0)
            {
                double g = sigma12 / (sigma1_sq + VIF_EPS);

                // C truncates to int32; below zero (or below INT_MIN) it ends as 0 after the max. The product is a
                // statement of its own: besides FP_CONTRACT OFF, C's contraction rules then forbid fusing it into an fma.
                double product = g * sigma12;
                double sv = sigma2_sq - product;
                int sv_sq = sv > 0.0 ? (int)sv : 0;
                g = g < gain_limit ? g : gain_limit;
                uint numer1 = (uint)sv_sq + VIF_SIGMA_NSQ;
                long numer1_tmp = (long)(g * g * sigma1_sq) + numer1;
                num_log = vif_log2_64(log2_table, (ulong)numer1_tmp) - vif_log2_64(log2_table, numer1);
            }
        }
        else
        {
            num_non_log = sigma2_sq;
            den_non_log = 1;
        }
    }

    ulong4 total = wg_sum4((ulong4)((ulong)num_log, (ulong)den_log, (ulong)num_non_log, (ulong)den_non_log), scratch);
    if (get_local_id(0) == 0)
    {
        __global ulong* out = sums + SUM_VIF + 4 * scale;
        atom_add(out, total.s0);
        atom_add(out + 1, total.s1);
        atom_add(out + 2, total.s2);
        atom_add(out + 3, total.s3);
    }
}

/*
 * Vertical pass of subsampling (VifScalar.VerticalSubsample8/16) at the kept rows only: output row oi filters
 * input row 2 * oi with the filter of to_scale, rounded by shift (8 for 8-bit luma, the bit depth for deeper
 * luma, 16 from a subsampled image) and kept to 16 bits. Writes two planes (reference, distorted) of
 * (height / 2) * width. Global size (>= width, >= height / 2). T is the sample type.
 */
#define VIF_SUB_VERTICAL(NAME, T)                                                                                 \
__kernel void NAME(                                                                                              \
    __global const T* reference, __global const T* distorted, int width, int height, int to_scale, int shift,    \
    __global uint* planes)                                                                                       \
{                                                                                                                \
    int j = get_global_id(0);                                                                                    \
    int oi = get_global_id(1);                                                                                   \
    int rows = height / 2;                                                                                       \
    if (j >= width || oi >= rows)                                                                                \
    {                                                                                                            \
        return;                                                                                                  \
    }                                                                                                            \
                                                                                                                 \
    __constant const ushort* f = vif_filter(to_scale);                                                          \
    int taps = vif_taps(to_scale);                                                                               \
    int radius = taps / 2;                                                                                       \
    uint acc_ref = 0, acc_dis = 0;                                                                               \
    for (int k = 0; k < taps; k++)                                                                               \
    {                                                                                                            \
        uint c = f[k];                                                                                           \
        int at = mirror101(2 * oi - radius + k, height) * width + j;                                             \
        acc_ref += c * reference[at];                                                                            \
        acc_dis += c * distorted[at];                                                                            \
    }                                                                                                            \
                                                                                                                 \
    uint round = 1u << (shift - 1);                                                                              \
    long o = (long)oi * width + j;                                                                               \
    planes[o] = (ushort)((acc_ref + round) >> shift);                                                            \
    planes[(long)rows * width + o] = (ushort)((acc_dis + round) >> shift);                                       \
}

VIF_SUB_VERTICAL(vif_sub_vertical8, uchar)
VIF_SUB_VERTICAL(vif_sub_vertical16, ushort)

/*
 * Horizontal pass of subsampling at even columns (VifScalar.DecimateRow): the (width / 2) x (height / 2)
 * images of the next scale, 16-bit. Global size (>= width / 2, >= height / 2).
 */
__kernel void vif_sub_horizontal(
    __global const uint* planes, int width, int height, int to_scale,
    __global ushort* reference_out, __global ushort* distorted_out)
{
    int oj = get_global_id(0);
    int oi = get_global_id(1);
    int rows = height / 2;
    int columns = width / 2;
    if (oj >= columns || oi >= rows)
    {
        return;
    }

    __constant const ushort* f = vif_filter(to_scale);
    int taps = vif_taps(to_scale);
    int radius = taps / 2;
    __global const uint* ref_row = planes + (long)oi * width;
    __global const uint* dis_row = ref_row + (long)rows * width;
    uint acc_ref = 0, acc_dis = 0;
    int first = 2 * oj - radius;
    if (first >= 0 && first + taps <= width)
    {
        for (int k = 0; k < taps; k++)
        {
            uint c = f[k];
            acc_ref += c * ref_row[first + k];
            acc_dis += c * dis_row[first + k];
        }
    }
    else
    {
        for (int k = 0; k < taps; k++)
        {
            uint c = f[k];
            int at = mirror101(first + k, width);
            acc_ref += c * ref_row[at];
            acc_dis += c * dis_row[at];
        }
    }

    long o = (long)oi * columns + oj;
    reference_out[o] = (ushort)((acc_ref + 32768) >> 16);
    distorted_out[o] = (ushort)((acc_dis + 32768) >> 16);
}
