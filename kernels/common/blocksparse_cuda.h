/* blocksparse_cuda.h - the query-outer block-sparse attention kernel on CUDA
 * (kernels/common/blocksparse_cuda.cu), shared by msa (q_outer prefill and the
 * decode split) and bigbird.  C++ only: included by .cu files.
 *
 * Layouts: q, o [B, q_len, Hq, d]; k, v [B, N, Hkv, d] (bf16, device);
 * sel [B, Hkv, q_len, width] int32 (-1 = none); query row t sits at position
 * q_off + t.  Every head of group r = h / G attends over the visible keys of
 * the blocks of its row (causal: key <= position; always key < N).
 *
 * Per-head mode (sel_per_head, added for moba and quest, default false so msa
 * and bigbird are unchanged): sel is [B, Hq, q_len, width] and the row of
 * query head h is sel[b, h, t, :]; each warp then serves one head (1 of the
 * m16 tile's 16 rows busy: correct, not fast). */
#ifndef MSABENCH_BLOCKSPARSE_CUDA_H
#define MSABENCH_BLOCKSPARSE_CUDA_H
#include "attn.h"

#include <cuda_runtime.h>
#include <stdint.h>

struct bs_attn_args {
    const void *q, *k, *v; /* bf16 */
    void *o;               /* bf16; final mode */
    const int32_t *sel;
    /* Partial mode: one (lse, o/l) per (row, head, slot s, key chunk ch) into
     * part_lse [B, q_len, Hq, P] (log2 units; -inf = nothing visible) and
     * part_o [B, q_len, Hq, P, d] fp32, P = width * nch, partial s * nch + ch
     * covering keys [ch * ck, (ch + 1) * ck) of block sel[s]. */
    bool partial;
    float *part_o;
    float *part_lse;
    int32_t nch, ck;
    int64_t B, N, q_len, Hq, Hkv, d, bk, q_off;
    int32_t width;
    bool causal;
    bool sel_per_head; /* rows per query head, see above (false: per KV group) */
    /* launched programmatically (common/cuda_pdl.cuh, msa decode_fp8_pdl): Q is
     * loaded, then the kernel waits for the selection; false everywhere else */
    bool pdl;
};

/* Checks the arguments the kernel relies on; NULL when fine. */
const char *bs_attn_check(const struct bs_attn_args *a);
/* Launches on `stream` (no allocation, no synchronization). */
enum attn_status bs_attn_launch(const struct bs_attn_args *a, cudaStream_t stream);
/* Final mode on query rows t0..t0+nq-1 of batch element b of io: *whole holds the
 * B = 1 shape of one element (N, q_len, Hq, Hkv, d and the rest), the pointers
 * are offset here; sel covers those nq rows.  The contemporaries' attention stage. */
enum attn_status bs_attn_rows(const struct bs_attn_args *whole, const struct attn_io *io, int64_t b,
                              int64_t t0, int64_t nq, const int32_t *sel, cudaStream_t stream);
#endif
