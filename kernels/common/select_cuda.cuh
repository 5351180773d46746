/* select_cuda.cuh - small device helpers shared by the selection kernels of the
 * contemporaries on CUDA (baselines/<method>/<method>_cuda.cu): block
 * pooling of keys, a block-wide "best few" by repeated argmax, and the query
 * chunking of a selection buffer.  C++ only: included by .cu files.
 *
 * Everything here is the simple version (correctness first): one thread block
 * per selection row, scores in shared memory, k rounds of a block argmax.
 * Speed: not yet measured on a GPU. */
#ifndef MSABENCH_SELECT_CUDA_CUH
#define MSABENCH_SELECT_CUDA_CUH
#include "attn.h"

#include <cuda_bf16.h>
#include <cuda_runtime.h>
#include <math.h>
#include <stdint.h>

namespace selk {

typedef __nv_bfloat16 bf16;

constexpr int SEL_THREADS = 256;

/* Ranking of the refs: larger score first, ties to the smaller id; NaN never
 * ranks (callers skip it). */
__device__ __forceinline__ bool ranks_before(float sa, int32_t ia, float sb, int32_t ib) {
    return sa > sb || (sa == sb && ia < ib);
}

/* Block-wide: the best `keep` of sc[lo..hi) (shared memory; picked entries are
 * overwritten with NaN) into picks[0..*npick), best first.  Every thread of
 * the block calls it; red_s/red_i are >= 32 floats/ints of shared scratch. */
__device__ inline void block_best(float *sc, int32_t lo, int32_t hi, int32_t keep, int32_t *picks,
                                  int32_t *npick, float *red_s, int32_t *red_i) {
    const int tid = threadIdx.x, lane = tid & 31, wid = tid >> 5, nw = blockDim.x >> 5;
    int32_t n = 0;
    for (; n < keep; n++) {
        float bs = NAN;
        int32_t bi = -1;
        for (int32_t c = lo + tid; c < hi; c += blockDim.x) {
            const float x = sc[c];
            if (!isnan(x) && (bi < 0 || ranks_before(x, c, bs, bi))) {
                bs = x;
                bi = c;
            }
        }
        for (int off = 16; off > 0; off >>= 1) {
            const float os = __shfl_xor_sync(0xffffffffu, bs, off);
            const int32_t oi = __shfl_xor_sync(0xffffffffu, bi, off);
            if (oi >= 0 && (bi < 0 || ranks_before(os, oi, bs, bi))) {
                bs = os;
                bi = oi;
            }
        }
        if (lane == 0) {
            red_s[wid] = bs;
            red_i[wid] = bi;
        }
        __syncthreads();
        if (tid == 0) {
            float s0 = NAN;
            int32_t i0 = -1;
            for (int w = 0; w < nw; w++)
                if (red_i[w] >= 0 && (i0 < 0 || ranks_before(red_s[w], red_i[w], s0, i0))) {
                    s0 = red_s[w];
                    i0 = red_i[w];
                }
            red_i[32] = i0;
            if (i0 >= 0) {
                picks[n] = i0;
                sc[i0] = NAN;
            }
        }
        __syncthreads();
        const int32_t got = red_i[32];
        __syncthreads(); /* red_* are rewritten by the next round */
        if (got < 0)
            break;
    }
    if (tid == 0)
        *npick = n;
    __syncthreads();
}

/* Thread 0: ascending insertion sort of a short list. */
__device__ inline void sort_asc(int32_t *x, int32_t n) {
    for (int32_t i = 1; i < n; i++)
        for (int32_t j = i; j > 0 && x[j - 1] > x[j]; j--) {
            const int32_t t = x[j];
            x[j] = x[j - 1];
            x[j - 1] = t;
        }
}

} /* namespace selk */

/* kc [B, Hkv, nbc, d] fp32 = the mean of the Bk keys of each complete block
 * (k [B, N, Hkv, d] bf16; summed in key order, times 1/Bk), on `stream`. */
enum attn_status pool_mean_launch(const void *k, float *kc, int64_t B, int64_t N, int64_t Hkv,
                                  int64_t d, int64_t bk, cudaStream_t stream);

/* The byte cap of a method's per-chunk buffers: `dflt`, or the test override
 * (contemp_cuda_set_chunk_cap in kernels/common/select_cuda.h). */
size_t contemp_chunk_cap(size_t dflt);

/* Query rows per chunk so that rows_per_t * width int32 per query row stay
 * under cap bytes (at least 1). */
static inline int64_t sel_chunk_rows(int64_t q_len, int64_t rows_per_t, int64_t width, size_t cap) {
    const int64_t per = rows_per_t * width * 4;
    int64_t cq = per > 0 ? (int64_t)(cap / (size_t)per) : q_len;
    if (cq < 1)
        cq = 1;
    return cq < q_len ? cq : q_len;
}
#endif
