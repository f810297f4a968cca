// vmaf-tiny OpenCL kernels: shared helpers. The host prepends the generated tables (filters, shifts) as
// #defines and constant arrays taken from VifTables/AdmTables/MotionTables, and defines WG (the reduction
// work-group size, a power of two).
//
// Exactness rules, kept by every kernel here:
// - FP_CONTRACT OFF: no a*b+c is fused into an fma (OpenCL C's default is ON), so every double step is the
//   same IEEE operation, in the same order, as the C# oracle and libvmaf's C.
// - Narrowing is done through unsigned types and as_int/as_short, which wrap modulo 2^n by definition,
//   exactly as C# `unchecked` casts do; wrapping int64 products go through ulong.
// - Sums are integers, added in any order (64-bit atomics after a work-group reduction): integer addition
//   does not depend on order, so the totals equal the CPU's.
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#pragma OPENCL FP_CONTRACT OFF

#define WRAP32(x) as_int((uint)(x))
#define WRAP16(x) as_short((ushort)(x))

/* C's abs on int32 as gcc compiles it: abs(INT_MIN) stays INT_MIN. */
inline int cabs32(int x) { return as_int(abs(x)); }

/* Reflect-101 of x into [0, n): -k -> k, n-1+k -> n-1-k. */
inline int mirror101(int x, int n) { return x < 0 ? -x : (x >= n ? 2 * (n - 1) - x : x); }

/*
 * Work-group sums over the first dimension (local size WG, a power of two), modulo 2^64: a tree down to
 * REDUCE_TAIL partial sums, which item 0 then adds in a row. REDUCE_TAIL (a power of two, at most WG) is set per
 * device: 32 on GPUs (a short tree, a warp-sized tail), WG on CPU devices, where each tree level costs a loop over
 * the whole work-group. Only item 0's result is the total. scratch holds WG values.
 */
#define WG_SUM(NAME, T)                                                                                           \
inline T NAME(T v, __local T* scratch)                                                                           \
{                                                                                                                \
    int l = get_local_id(0);                                                                                     \
    scratch[l] = v;                                                                                              \
    barrier(CLK_LOCAL_MEM_FENCE);                                                                                \
    for (int s = WG / 2; s >= REDUCE_TAIL; s >>= 1)                                                              \
    {                                                                                                            \
        if (l < s)                                                                                               \
        {                                                                                                        \
            scratch[l] += scratch[l + s];                                                                        \
        }                                                                                                        \
                                                                                                                 \
        barrier(CLK_LOCAL_MEM_FENCE);                                                                            \
    }                                                                                                            \
                                                                                                                 \
    T total = 0;                                                                                                 \
    if (l == 0)                                                                                                  \
    {                                                                                                            \
        for (int k = 0; k < min(REDUCE_TAIL, WG); k++)                                                           \
        {                                                                                                        \
            total += scratch[k];                                                                                 \
        }                                                                                                        \
    }                                                                                                            \
                                                                                                                 \
    return total;                                                                                                \
}

WG_SUM(wg_sum, ulong)
WG_SUM(wg_sum4, ulong4)
WG_SUM(wg_sum8, ulong8)

/* Adds the work-group total of v to *sum once (item 0), modulo 2^64 (signed sums wrap the same way). */
inline void wg_add(__global ulong* sum, ulong v, __local ulong* scratch)
{
    ulong total = wg_sum(v, scratch);
    if (get_local_id(0) == 0 && total != 0)
    {
        atom_add(sum, total);
    }
}
