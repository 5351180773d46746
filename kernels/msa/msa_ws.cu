/* msa_ws.cu - variant "ws"'s prefill main branch: MSA's selection (index + Top-k as
 * kv_outer_wgmma) attended by flash ws_v1's Hopper kernel over unions
 * (baselines/flash/flash_ws.h), as nsa/cuda/ws does.  A tile is 128 / G tokens x the G heads
 * of a KV group; its key blocks are the union of its tokens' selections, each token masked to
 * its own, so no partials are written and no combine runs.
 *
 * Why: kv_outer writes an fp32/bf16 partial per (query, head, slot) and reads it back (275 GB
 * at 1M in bf16), which caps its main branch near 139 useful TFLOP/s (run16/17).  Here the
 * cost is the union: on structured data (index_noise 0.5, 16K, Hq 64 / Hkv 4) 8 tokens'
 * selections of 16 blocks make a union of ~30 (useful / visited 0.50), on normal data ~51 at
 * 16K and up to ~121 at 1M, so this is the structured-data form, not kv_outer's replacement.
 *
 * The union kernel merges rows in ascending block order; Top-k writes them ranked (best first,
 * local block, -1 padding: the order the runner checks), so each row is sorted into scratch
 * first.  The sort is for speed only: union_rows emits each id of a row once whatever the
 * order, so unsorted rows give the same attention through a longer list with repeated blocks
 * (run19's plant msa_ws_sort left the error against the oracle unchanged, rel L2 1.43e-3).
 *
 * Measured (H100, run19, frontier at 1M, structured, k 16, cuDNN 36.75 s in the same call):
 * 1413 ms end to end (26.0x cuDNN), main branch 510 ms = 138 useful TFLOP/s.  Predicted ~250
 * ms from 16K's unions: missed.  The selection is less coherent at 1M: 128-token tiles hold 368
 * distinct blocks there against 57 at 16K (tile_distinct; adjacent_overlap 0.48 against 0.73),
 * so an 8-token union is likely ~60-80 blocks, 0.2-0.27 useful, which at nsa ws's ~550 visited
 * TFLOP/s gives the 138 measured.  Not yet profiled. */
#include "common/cuda_check.h"
#include "flash/flash_ws.h"
#include "msa/msa_impl.cuh"

namespace {

/* rows of k (<= MSA_WS_KMAX) block ids, ascending into out (-1 padding first) */
__global__ void msa_ws_sort_kernel(const int32_t *__restrict__ sel, int32_t *__restrict__ out,
                                   int64_t rows, int k) {
    const int64_t r = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows)
        return;
    int32_t v[MSA_WS_KMAX];
    const int32_t *src = sel + r * k;
    for (int i = 0; i < k; i++) { /* insertion sort: k is small, rows are independent */
        const int32_t x = src[i];
        int j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
    int32_t *dst = out + r * k;
    for (int i = 0; i < k; i++)
        dst[i] = v[i];
}

} /* namespace */

enum attn_status msa_ws_attn(struct msa_ctx *c, const struct attn_io *io, const int32_t *sel) {
    enum attn_status st = ATTN_OK;
    const struct msa_plan *p = &c->p;
    const int64_t rows = p->B * p->Hkv * p->Nq;
    int32_t *srt = (int32_t *)(c->ws + p->o_srt);
    msa_ws_sort_kernel<<<(unsigned)((rows + 255) / 256), 256, 0, c->stream>>>(sel, srt, rows,
                                                                              (int)p->k);
    CUDA_CHECK_LAUNCH();
    for (int64_t b = 0; b < p->B; b++) {
        const size_t kv = (size_t)(b * p->N * p->Hkv * p->d) * 2;
        struct attn_io io1 = *io;
        io1.k = static_cast<const char *>(io->k) + kv;
        io1.v = static_cast<const char *>(io->v) + kv;
        const int32_t *sb = srt + b * p->Hkv * p->Nq * p->k;
        for (int64_t u0 = 0; u0 < p->Nq; u0 += p->sub) {
            struct attn_shape s1 = c->s; /* one batch element, `sub` rows from u0 */
            s1.batch = 1;
            s1.q_len = p->Nq - u0 < p->sub ? p->Nq - u0 : p->sub;
            const size_t qo = (size_t)((b * p->Nq + u0) * p->Hq * p->d) * 2;
            io1.q = static_cast<const char *>(io->q) + qo;
            io1.o = static_cast<char *>(io->o) + qo;
            ATTN_CHECK(flash_ws_union_launch(&s1, &io1, p->q_off + u0, sb, p->Nq, u0, (int32_t)p->k,
                                             c->ws + p->o_uni, c->stream));
        }
    }
cleanup:
    return st;
}
