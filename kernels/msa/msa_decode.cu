/* msa_decode.cu - MSA decode (q_len 1..8 queries at the end of the context).
 *
 * index: msa_index.cu with the key range split over the grid (few rows, ~2
 *        waves of CTAs over the blocks); at N = 2^20 it is one pass over Kidx
 *        (256 MiB at d_idx = 128): bandwidth-bound.
 * topk:  msa_topk.cu, a CTA per (row, group) beyond 256 candidate blocks.
 * attn:  split over the selection: one warp per (row, group, 16 heads,
 *        selected block, chunk of min(Bk, 64) keys) (kernels/common/
 *        blocksparse_cuda.cu in partial mode), so the k*Bk keys of a row are
 *        read by k*Bk/64 warps in parallel instead of one.
 * combine: msa_combine.cu merges the k*Bk/64 partials per (row, head).
 * K/V bytes of the selection: q_len*Hkv*k*Bk*d*2*2 = 4 MiB at the paper point
 * for one query: the index pass dominates decode.
 * Measured (NVIDIA H100 80GB HBM3, paper point, N = 2^20): q_len 1 0.203 ms
 * (index 0.172, topk 0.024, attn 0.009, combine 0.008), q_len 8 0.225 ms.  The
 * dense floor at this shape (K+V = 2 GiB at 3 TB/s) is 0.7 ms.
 * decode_fp8_pdl (c->pdl): Top-k, this split and combine are launched by
 * programmatic dependent launch behind the index (msa_cuda.cu has the
 * prediction; not yet measured on a GPU). */
#include "common/blocksparse_cuda.h"
#include "msa/msa_impl.cuh"

enum attn_status msa_decode_attn(struct msa_ctx *c, const struct attn_io *io, const int32_t *sel) {
    const struct msa_plan *p = &c->p;
    struct bs_attn_args a = {};
    a.q = io->q;
    a.k = io->k;
    a.v = io->v;
    a.o = NULL;
    a.sel = sel;
    a.partial = true;
    a.part_o = (float *)(c->ws + p->o_part_o);
    a.part_lse = (float *)(c->ws + p->o_part_lse);
    a.nch = (int32_t)p->nch;
    a.ck = (int32_t)p->ck;
    a.B = p->B;
    a.N = p->N;
    a.q_len = p->Nq;
    a.Hq = p->Hq;
    a.Hkv = p->Hkv;
    a.d = p->d;
    a.bk = p->bk;
    a.q_off = p->q_off;
    a.width = (int32_t)p->k;
    a.causal = p->causal;
    a.pdl = c->pdl;
    return bs_attn_launch(&a, c->stream);
}
