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

/* Rows t0..t0+nq-1 of batch b of a chunk's selection chunk [R, nq, w] into the full selection
 * sel [B, R, L, w] (io->sel), on `stream`. */
enum attn_status sel_chunk_copy(int32_t *sel, const int32_t *chunk, int64_t b, int64_t R, int64_t L,
                                int64_t t0, int64_t nq, int64_t w, cudaStream_t stream);

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

/* The stage rule that moba, nsa and quest share (msa_cuda.cu's).  Stage 0 selects chunk by
 * chunk of cq query rows per batch (select(b, t0, nq)); without io->sel the workspace holds one
 * chunk (chunk_sel), so stage 0 also runs the attention of every chunk but the last of the last
 * batch, and stage 1 that one.  With io->sel, stage 1 runs every row of a batch at once, reading
 * io->sel (sel_batch ids a batch).  Either way the stages in order are run(), bit for bit. */
template <class Select, class Attn>
enum attn_status sel_stage_select(const struct attn_io *io, int64_t B, int64_t L, int64_t cq,
                                  const int32_t *chunk_sel, Select select, Attn attn) {
    const int64_t last_t0 = (L - 1) / cq * cq;
    for (int64_t b = 0; b < B; b++)
        for (int64_t t0 = 0; t0 < L; t0 += cq) {
            const int64_t nq = L - t0 < cq ? L - t0 : cq;
            enum attn_status st = select(b, t0, nq);
            if (st == ATTN_OK && !io->sel && (b + 1 < B || t0 != last_t0))
                st = attn(b, t0, nq, chunk_sel);
            if (st != ATTN_OK)
                return st;
        }
    return ATTN_OK;
}

/* run() of moba, nsa and quest: stages 0 .. n - 1 in order (so run() == the stages). */
static inline enum attn_status sel_run_stages(void *ctx, const struct attn_io *io, int n,
                                              enum attn_status (*stage)(void *, int,
                                                                        const struct attn_io *)) {
    for (int s = 0; s < n; s++) {
        const enum attn_status st = stage(ctx, s, io);
        if (st != ATTN_OK)
            return st;
    }
    return ATTN_OK;
}

template <class Attn>
enum attn_status sel_stage_attn(const struct attn_io *io, int64_t B, int64_t L, int64_t cq,
                                int64_t sel_batch, const int32_t *chunk_sel, Attn attn) {
    if (!io->sel) {
        const int64_t last_t0 = (L - 1) / cq * cq;
        return attn(B - 1, last_t0, L - last_t0, chunk_sel);
    }
    for (int64_t b = 0; b < B; b++) {
        const enum attn_status st = attn(b, 0, L, io->sel + b * sel_batch);
        if (st != ATTN_OK)
            return st;
    }
    return ATTN_OK;
}
#endif
