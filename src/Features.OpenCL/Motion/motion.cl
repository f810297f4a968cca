// Integer motion (integer_motion.c: motion_score_pipeline_8/16, libvmaf f85a8536), ported from MotionScalar.
// Two passes over the frame: the vertical blur of prev - cur into a plane of ints, then the horizontal blur, |.|
// summed into the frame's uint64 SAD.

/*
 * y[i][j] = (sum_k f[k] * (prev - cur)[mirror(i - 2 + k)][j] + 2^(shift-1)) >> shift, shift 8 for 8-bit luma,
 * the bit depth above. Global size (>= width, >= height). 8-bit sums fit an int (|.| < 65536 * 255); deeper
 * ones need a long (< 65536 * 65535), as MotionScalar.VerticalRow8/16.
 */
#define MOTION_VERTICAL(NAME, T, ACC)                                                                             \
__kernel void NAME(                                                                                              \
    __global const T* previous, __global const T* current, int width, int height, int shift, __global int* y)   \
{                                                                                                                \
    int j = get_global_id(0);                                                                                    \
    int i = get_global_id(1);                                                                                    \
    if (j >= width || i >= height)                                                                               \
    {                                                                                                            \
        return;                                                                                                  \
    }                                                                                                            \
                                                                                                                 \
    ACC acc = 0;                                                                                                 \
    for (int k = 0; k < MOTION_TAPS; k++)                                                                        \
    {                                                                                                            \
        int at = mirror101(i - MOTION_HALF + k, height) * width + j;                                             \
        acc += (ACC)MOTION_FILTER[k] * ((int)previous[at] - (int)current[at]);                                   \
    }                                                                                                            \
                                                                                                                 \
    y[i * width + j] = (int)((acc + ((ACC)1 << (shift - 1))) >> shift);                                          \
}

MOTION_VERTICAL(motion_vertical8, uchar, int)
MOTION_VERTICAL(motion_vertical16, ushort, long)

/*
 * The horizontal blur of the vertical pass, |(sum + 2^15) >> 16| summed and added to sums[0]: one work-item per
 * pixel, work-groups of WG pixels of one row (global (width rounded up to WG, height), local (WG, 1)). libvmaf sums
 * each row in uint32, which cannot wrap below 65537 columns (|val| <= 65535), so the device adds the values
 * straight into the uint64 total (MotionOpenCl refuses wider frames).
 */
__kernel void motion_sad(__global const int* y, int width, __global ulong* sums)
{
    __local ulong scratch[WG];
    int j = get_global_id(0);
    ulong value = 0;
    if (j < width)
    {
        __global const int* row = y + (long)get_global_id(1) * width;
        long acc = 0;
        if (j >= MOTION_HALF && j < width - MOTION_HALF)
        {
            for (int k = 0; k < MOTION_TAPS; k++)
            {
                acc += (long)MOTION_FILTER[k] * row[j - MOTION_HALF + k];
            }
        }
        else
        {
            for (int k = 0; k < MOTION_TAPS; k++)
            {
                acc += (long)MOTION_FILTER[k] * row[mirror101(j - MOTION_HALF + k, width)];
            }
        }

        value = (uint)abs((int)((acc + 32768) >> 16));
    }

    wg_add(&sums[SUM_MOTION], value, scratch);
}
