/* msa_index_rows.cuh - one consumer thread's query rows in the warp-specialized index
 * kernels (msa_index_ws.cu, msa_index_ws8.cu): a warpgroup's 128 rows from wgrow0, m-tile m
 * (64 rows), warp wi (16), rows g and g + 8.  msa_index_wgmma.cu keeps its own copy, woven
 * with its A-fragment loads (moving it changed that measured kernel's SASS).  C++ device
 * code only. */
#ifndef MSABENCH_MSA_INDEX_ROWS_CUH
#define MSABENCH_MSA_INDEX_ROWS_CUH
#include "msa/msa_kernels.cuh"

/* Key j is visible to row (m, h) iff j < klim[m][h]; every row of the warp's m-tile sees
 * every key below wlim[m] (the warp-uniform test of the uni forms).  rv: the row exists
 * (rows past row_end compute on zeros and are never written); ooff: its element offset in
 * a.scores. */
__device__ __forceinline__ void msa_index_rows(const msa_index_args &a, int64_t bb, int64_t wgrow0,
                                               int64_t row_end, int k_hi, int wi, int g,
                                               bool (&rv)[2][2], int (&klim)[2][2], int (&wlim)[2],
                                               uint32_t (&ooff)[2][2]) {
#pragma unroll
    for (int m = 0; m < 2; m++) {
        const int64_t wr = wgrow0 + m * 64 + wi * 16;
        const int wpos = (int)(a.q_off + a.t0 + wr / a.Hkv);
        wlim[m] = a.causal && wpos + 1 < k_hi ? wpos + 1 : k_hi;
#pragma unroll
        for (int h = 0; h < 2; h++) {
            const int64_t row = wr + g + 8 * h;
            rv[m][h] = row < row_end;
            const int64_t tl = rv[m][h] ? row / a.Hkv : 0, r = rv[m][h] ? row % a.Hkv : 0;
            const int pos = (int)(a.q_off + a.t0 + tl);
            klim[m][h] = a.causal && pos + 1 < k_hi ? pos + 1 : k_hi;
            ooff[m][h] = (uint32_t)(((bb * a.Hkv + r) * a.cq + tl) * a.nb);
        }
    }
}
#endif
