// Integer motion (integer_motion.c: motion_score_pipeline_8/16, libvmaf f85a8536), ported from MotionScalar.
// Two passes over the frame: the vertical blur of prev - cur into a plane of ints, then per row the horizontal
// blur, |.| summed (uint32 per row, as libvmaf's row_sad) and added to the frame's uint64 SAD.

/*
 * y[i][j] = (sum_k f[k] * (prev - cur)[mirror(i - 2 + k)][j] + 2^(shift-1)) >> shift, shift 8 for 8-bit luma,
 * the bit depth above. The sum fits a long (|.| < 65536 * 65535); the shifted value fits an int.
 * Global size (>= width, >= height).
 */
__kernel void motion_vertical(
    __global const uchar* previous, __global const uchar* current, int bytes, int width, int height, int shift,
    __global int* y)
{
    int j = get_global_id(0);
    int i = get_global_id(1);
    if (j >= width || i >= height)
    {
        return;
    }

    long acc = 0;
    for (int k = 0; k < MOTION_TAPS; k++)
    {
        int at = mirror101(i - MOTION_HALF + k, height) * width + j;
        int d = (int)load_sample(previous, bytes, at) - (int)load_sample(current, bytes, at);
        acc += (long)MOTION_FILTER[k] * d;
    }

    y[i * width + j] = (int)((acc + (1L << (shift - 1))) >> shift);
}

/*
 * One work-group per row (global (WG, height), local (WG, 1)): the horizontal blur of the vertical pass,
 * |(sum + 2^15) >> 16| summed over the row in uint32 (libvmaf's row_sad), added to sums[0].
 */
__kernel void motion_sad(__global const int* y, int width, __global ulong* sums)
{
    __local ulong scratch[WG];
    int i = get_global_id(1);
    __global const int* row = y + (long)i * width;
    ulong rowSad = 0;
    for (int j = get_local_id(0); j < width; j += WG)
    {
        long acc = 0;
        for (int k = 0; k < MOTION_TAPS; k++)
        {
            acc += (long)MOTION_FILTER[k] * row[mirror101(j - MOTION_HALF + k, width)];
        }

        int val = (int)((acc + 32768) >> 16);
        rowSad += (uint)abs(val);
    }

    ulong total = wg_sum(rowSad, scratch);
    if (get_local_id(0) == 0 && (uint)total != 0)
    {
        atom_add(&sums[SUM_MOTION], (ulong)(uint)total);
    }
}
