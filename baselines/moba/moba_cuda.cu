/* moba_cuda.cu - MoBA (definition: moba.h) on CUDA, variants "v1" (CUDA-core
 * scores) and "tc" (tensor-core logits).
 *
 * Three steps per call: the mean-pooled keys of every complete block
 * (kernels/common/select_cuda.cu, kc [B, Hkv, N / Bk, d] fp32 in the
 * workspace); a selection kernel with one thread block per (query head, query
 * row) that scores q . kc over the complete earlier blocks (fp32, in key
 * order like moba_cpu.c) into shared memory, keeps the best topk-1 by
 * repeated block argmax (ties: smaller id) and writes the ascending row plus
 * the own block; then the shared block-sparse kernel
 * (kernels/common/blocksparse_cuda.cu) in its per-head mode.  Query rows go in
 * chunks per batch so that the selection buffer ([Hq, rows, topk] int32)
 * stays under 256 MiB; io->sel, when given, gets every row in moba.h's layout
 * [B, Hq, q_len, topk].
 * Stages {"index", "attn"} (cu_run_stage): "index" the whole selection (the
 * pooled keys and moba_select_kernel, whose scores and top-k are one kernel,
 * not split), "attn" the block-sparse kernel, reading io->sel when given.
 * Speed (v1), H100 (run7, README's frontier table), 128K, Hq 64 / Hkv 4, d 128, Bk 128:
 * 2.7-4.6 s a call (topk 8-32), most of it "index".
 *
 * Variant "tc": the same selection with the scores from the tensor cores, and
 * in prefill the KV-outer main branch (below).  Per
 * (batch, chunk) one cuBLAS call writes every head's q . kc as fp32 [Hq, rows,
 * nbc] (kernels/common/select_tc.cu: kc split exactly into three bf16 pieces,
 * so the scores are fp32-accurate like v1's), then the same kernel, its
 * scores copied from there instead of computed (the picking is v1's code).
 * Chunks also keep the logits under 1 GiB (Hq 64, 1M: 512 rows).  "index" =
 * pooled keys + split + (GEMM, top-k) per chunk.
 * Measured (H200, run9, structured data): "index" 122 / 230 / 455 ms at 128K
 * (topk 8 / 16 / 32), 587 ms at 256K, 5.58 s at 1M (topk 16): 5.7x the prediction
 * below at 128K, 1.9x at 1M; its split into GEMM, scores and argmax rounds is not
 * yet measured (one stage).
 * Predicted before it ran (H100, Hq 64 / Hkv 4, d 128, Bk 128, topk 16): "index" at 128K ~40 ms
 * (6.6 TFLOP bf16 K = 3d at ~700 TF/s 9 ms; 34 GB of scores written + half read at ~2.5 TB/s 20 ms;
 * 15 argmax rounds over ~512 visible blocks per (row, head) ~10 ms), at 1M ~3 s (GEMM 0.6 s, 2.2 TB
 * written + 1.1 TB read 1.3 s, argmax rounds over ~4096 blocks ~1 s).
 *
 * tc's main branch (prefill): msa's KV-outer kernel (kernels/msa/msa_attn.cu)
 * with per-head selection groups (msa_kv_args.sel_per_head): each query head
 * is a group of one head reading KV head h / G; per chunk of rows the reverse
 * index lists, per (head, block), the rows that chose it (the G heads of a KV
 * group adjacent per block, so their K/V loads hit L2), a CTA loads the block's
 * K/V once and runs tiles of 128 distinct queries of that head against it
 * (causal mask in the own block, the -1 slots skipped), and msa_combine.cu
 * merges each (row, head)'s topk fp32 partials: exact softmax over the union,
 * as v1's per-head kernel computes in one pass (which fills 1 of 16 mma rows).
 * Partials of kv_rows() query rows at a time (Hq x topk x (d + 2) x 4 bytes a
 * row under msa's 8 GiB / 2 GiB cap: ~16K rows at Hq 64, topk 16, d 128, so at
 * 1M 65 chunks; the inverted lists are Hq x rows x topk int32 = 4 KiB a row).
 * Decode (q_len <= 8: at most 8 entries per list, and the scan over Hq x N / Bk
 * lists costs more than the whole kernel) and blocks too large for shared
 * memory (Bk 512 at d 128) keep the per-head kernel, inside tc.  "attn" = the
 * reverse index + attention + combine.
 * Measured (tc attn, H200, run9, structured data): 71 / 140 / 267 ms at 128K
 * (topk 8 / 16 / 32), 291 ms at 256K, 1.55 s at 1M (topk 16); FlexAttention on the
 * identical selection 279 ms at 128K (2.0x ours, same call).
 * Predicted before it ran (H100, Hq 64 / Hkv 4, d 128, Bk 128, topk 16): 128K ~130 ms (8.5 TFLOP
 * useful; msa's kv_outer runs a same-sized selection in 85 ms + 24 ms combine, 78 useful TFLOP/s;
 * here with 16x the selection rows of one head each, a chunk's ~250 rows per (head, block) list
 * fill ~80% of the tiles, +~5 ms for 16x the index entries) against 0.56-2.2 s (topk 8-32) in the
 * per-head kernel; 1M ~2.7 s (~32 rows per list under random selections: a quarter-full tile costs
 * about a full one's latency, so ~4x msa's 0.64 s, + 0.19 s combine), less with coherent
 * selections; topk scales both about linearly. */
#include "common/blocksparse_cuda.h"
#include "common/cuda_check.h"
#include "common/select_cuda.cuh"
#include "common/select_tc.cuh"
#include "common/workspace.h"
#include "msa/msa_kernels.cuh"
extern "C" {
#include "moba/moba.h"
}

#include <stdlib.h>
#include <string.h>

namespace {

const size_t MOBA_SEL_CAP = (size_t)256 << 20;
const size_t MOBA_SMEM_MAX = (size_t)200 << 10;

/* "index" is the whole selection (pooled keys + the fused score/top-k kernel). */
const char *const stage_names[2] = {"index", "attn"};

struct sel_args {
    const selk::bf16 *q;
    const float *kc;
    const float *lg; /* tc: the chunk's scores [Hq, nq, nbc] (kernels/common/select_tc.cuh) */
    int32_t *sel;    /* [Hq, nq, k] */
    int64_t b, t0, nq, q_len, N, Hq, Hkv, d, bk, nbc;
    int32_t k;
};

/* tc keeps no query in shared memory */
size_t smem_bytes(bool tc, int64_t d, int64_t nb, int32_t k) {
    return (size_t)((tc ? 0 : d) + nb) * 4 + (size_t)k * 4 + 33 * 8 + 16;
}

/* TC: the scores sc come from a.lg; else computed here. */
template <bool TC>
__global__ void __launch_bounds__(selk::SEL_THREADS) moba_select_kernel(sel_args a) {
    extern __shared__ __align__(16) unsigned char smem_raw[];
    float *qs = reinterpret_cast<float *>(smem_raw), *sc = qs + (TC ? 0 : a.d);
    int32_t *picks = reinterpret_cast<int32_t *>(sc + a.nbc + 1);
    float *red_s = reinterpret_cast<float *>(picks + a.k);
    int32_t *red_i = reinterpret_cast<int32_t *>(red_s + 33), *npick = red_i + 33;
    const int64_t tt = blockIdx.x % a.nq, h = blockIdx.x / a.nq, t = a.t0 + tt;
    const int64_t pos = a.N - a.q_len + t, bi = pos / a.bk, r = h / (a.Hq / a.Hkv);
    if (TC) {
        const float *lr = a.lg + (h * a.nq + tt) * a.nbc;
        for (int64_t cb = threadIdx.x; cb < bi; cb += blockDim.x)
            sc[cb] = lr[cb];
    } else {
        const selk::bf16 *qr = a.q + ((a.b * a.q_len + t) * a.Hq + h) * a.d;
        for (int64_t x = threadIdx.x; x < a.d; x += blockDim.x)
            qs[x] = __bfloat162float(qr[x]);
        __syncthreads();
        const float *kc = a.kc + (a.b * a.Hkv + r) * a.nbc * a.d;
        for (int64_t cb = threadIdx.x; cb < bi; cb += blockDim.x) {
            float acc = 0.f;
            for (int64_t x = 0; x < a.d; x++)
                acc += qs[x] * kc[cb * a.d + x];
            sc[cb] = acc;
        }
    }
    __syncthreads();
    selk::block_best(sc, 0, (int32_t)bi, a.k - 1, picks, npick, red_s, red_i);
    if (threadIdx.x == 0) {
        int32_t n = *npick;
        selk::sort_asc(picks, n);
        int32_t *row = a.sel + (h * a.nq + tt) * a.k;
        for (int32_t i = 0; i < n; i++)
            row[i] = picks[i];
        row[n++] = (int32_t)bi;
        while (n < a.k)
            row[n++] = -1;
    }
}

/* The selection's state (kernels/common/select_tc.cuh) and, tc prefill, the
 * KV-outer main branch's: its fixed arguments and workspace pointers. */
struct moba_ctx {
    sel_ctx *sc;
    bool kv;       /* attention: msa_kv_launch + msa_combine_launch, else bs_attn_rows */
    msa_kv_args a; /* kv: B = 1, per-head selections, partials of a.cq query rows */
};

/* tc's KV-outer main branch in prefill.  Decode keeps the per-head kernel: a
 * (head, block) list has at most q_len <= 8 entries there (a tile can't fill),
 * and the reverse index's single-CTA scan over Hq x N / Bk lists (~0.5 M at
 * 1M) would cost more than that whole kernel.  Blocks whose K/V do not fit in
 * shared memory (Bk 512 at d 128) also keep it. */
bool uses_kv(const struct attn_shape *s, const struct attn_params *p, bool tc) {
    return tc && s->mode != ATTN_DECODE &&
           msa_kv_smem(s->head_dim, p->block_size) <= (size_t)227 * 1024;
}

/* Query rows per KV-outer chunk: its partials (Hq x topk x (d + 1) fp32) and
 * reverse-index entries (Hq x topk int32) under msa's partials cap, and the
 * int32 entry ids below 2^30 (msa_cuda.cu's bound). */
int64_t kv_rows(const struct attn_shape *s, const struct attn_params *p) {
    const int64_t hk = s->heads_q * p->topk, per = hk * (s->head_dim * 4 + 8);
    int64_t cq = (int64_t)(contemp_chunk_cap(msa_kv_part_bytes()) / (size_t)per);
    cq = cq < ((int64_t)1 << 30) / hk ? cq : ((int64_t)1 << 30) / hk;
    cq = cq < s->q_len ? cq : s->q_len;
    return cq > 1 ? cq : 1;
}

/* Bytes of the KV-outer pieces (partials of kv_rows rows, the reverse-index
 * scratch), after the selection's; with base, also a's pointers into them. */
size_t kv_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                 msa_kv_args *a) {
    const int64_t cq = kv_rows(s, p), Hq = s->heads_q, k = p->topk;
    const msa_kv_scratch kvs = msa_kv_scratch_size(1, cq, Hq, Hq, p->block_size,
                                                   attn_nblocks(s->seq_len, p->block_size), k);
    const size_t sz[3] = {(size_t)(cq * Hq * k * s->head_dim) * 4, (size_t)(cq * Hq * k) * 4,
                          msa_kv_scratch_carve(&kvs, NULL, NULL)};
    void *po = NULL, *pl = NULL, *scr = NULL;
    void **const dst[3] = {&po, &pl, &scr};
    const size_t total = WS_CARVE(base, sz, dst);
    if (base) {
        a->part_o = (float *)po;
        a->part_lse = (float *)pl;
        msa_kv_scratch_carve(&kvs, (char *)scr, a);
        a->cq = cq;
    }
    return total;
}

void fill_bs(bs_attn_args *a, const struct attn_shape *s, const struct attn_params *p) {
    memset(a, 0, sizeof *a);
    a->B = 1;
    a->N = s->seq_len;
    a->q_len = s->q_len;
    a->Hq = s->heads_q;
    a->Hkv = s->heads_kv;
    a->d = s->head_dim;
    a->bk = p->block_size;
    a->width = p->topk;
    a->causal = true;
    a->sel_per_head = true;
}

const char *why_not(const struct attn_shape *s, const struct attn_params *p, bool tc) {
    const char *w = moba_params_check(s, p);
    if (w)
        return w;
    bs_attn_args a;
    fill_bs(&a, s, p);
    w = bs_attn_check(&a);
    if (w)
        return w;
    if (smem_bytes(tc, s->head_dim, attn_nblocks(s->seq_len, p->block_size), p->topk) >
        MOBA_SMEM_MAX)
        return "moba cuda: too many blocks for one row's scores in shared memory";
    return tc ? sel_tc_check(s, p->block_size) : NULL;
}

bool supports_common(const struct attn_shape *s, const struct attn_params *p, const char **why,
                     bool tc) {
    const char *w = why_not(s, p, tc);
    if (w && why)
        *why = w;
    return w == NULL;
}

bool cu_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    return supports_common(s, p, why, false);
}

bool tc_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    return supports_common(s, p, why, true);
}

size_t workspace_common(const struct attn_shape *s, const struct attn_params *p, bool tc) {
    return sel_ctx_workspace(s, p, s->heads_q, MOBA_SEL_CAP, tc) +
           (uses_kv(s, p, tc) ? kv_layout(s, p, NULL, NULL) : 0);
}

size_t cu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return workspace_common(s, p, false);
}

size_t tc_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return workspace_common(s, p, true);
}

void moba_free(void *ctx) {
    moba_ctx *c = (moba_ctx *)ctx;
    if (c)
        sel_ctx_free(c->sc);
    free(c);
}

enum attn_status init_common(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                             void *ws, void *stream, bool tc) {
    enum attn_status st = ATTN_OK;
    int dev = 0, n_sm = 0, occ = 0;
    moba_ctx *c = (moba_ctx *)calloc(1, sizeof *c);
    *ctx = NULL;
    if (!c)
        return ATTN_ERR_NOMEM;
    ATTN_CHECK(sel_ctx_init((void **)&c->sc, "moba cuda", why_not(s, p, tc), s, p, s->heads_q,
                            MOBA_SEL_CAP, tc, ws, stream));
    c->kv = uses_kv(s, p, tc);
    if (c->kv) {
        msa_kv_args *a = &c->a;
        kv_layout(s, p, (char *)ws + sel_ctx_workspace(s, p, s->heads_q, MOBA_SEL_CAP, tc), a);
        ATTN_CHECK(msa_kv_occupancy(s->head_dim, p->block_size, true, &occ));
        if (occ < 1) {
            attn_set_error("moba cuda tc: the KV-outer kernel does not fit on an SM");
            st = ATTN_ERR_UNSUPPORTED;
            goto cleanup;
        }
        CUDA_CHECK(cudaGetDevice(&dev));
        CUDA_CHECK(cudaDeviceGetAttribute(&n_sm, cudaDevAttrMultiProcessorCount, dev));
        a->grid = n_sm * occ;
        a->B = 1;
        a->N = s->seq_len;
        a->Hq = s->heads_q;
        a->Hkv = s->heads_kv;
        a->d = s->head_dim;
        a->bk = p->block_size;
        a->nb = attn_nblocks(s->seq_len, p->block_size);
        a->topk = p->topk;
        a->causal = true;
        a->sel_per_head = true;
    }
    *ctx = c;
    c = NULL;
cleanup:
    moba_free(c);
    return st;
}

enum attn_status cu_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    return init_common(ctx, s, p, ws, stream, false);
}

enum attn_status tc_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    return init_common(ctx, s, p, ws, stream, true);
}

/* One (batch, query chunk) of the selection: (tc: the scores GEMM, then) the
 * fused score + top-k kernel into the workspace's [Hq, nq, k], copied to
 * io->sel when given. */
enum attn_status select_chunk(sel_ctx *c, const struct attn_io *io, int64_t b, int64_t t0,
                              int64_t nq) {
    enum attn_status st = ATTN_OK;
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, L = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, bk = c->p.block_size, nbc = N / bk;
    const int32_t k = c->p.topk;
    sel_args sa = {static_cast<const selk::bf16 *>(io->q),
                   c->kc,
                   c->t.lg,
                   c->sel,
                   b,
                   t0,
                   nq,
                   L,
                   N,
                   Hq,
                   Hkv,
                   d,
                   bk,
                   nbc,
                   k};
    const size_t smem = smem_bytes(c->tc, d, nbc + 1, k);
    if (c->tc) {
        ATTN_CHECK(sel_tc_logits(&c->t, io->q, b, t0, nq, 1.0f, c->stream));
        moba_select_kernel<true><<<(unsigned)(Hq * nq), selk::SEL_THREADS, smem, c->stream>>>(sa);
    } else {
        moba_select_kernel<false><<<(unsigned)(Hq * nq), selk::SEL_THREADS, smem, c->stream>>>(sa);
    }
    CUDA_CHECK_LAUNCH();
    if (io->sel)
        ATTN_CHECK(sel_chunk_copy(io->sel, c->sel, b, Hq, L, t0, nq, k, c->stream));
cleanup:
    return st;
}

/* tc prefill: rows t0..t0+nq-1 of batch b through msa's KV-outer kernel with
 * per-head selection groups (sel [Hq, nq, k]; q, o and K/V offset to the rows
 * and the batch, B = 1), a.cq rows at a time: reverse index + attention into
 * the partials, then the combine writes those rows of O. */
enum attn_status kv_attn_rows(moba_ctx *c, const struct attn_io *io, int64_t b, int64_t t0,
                              int64_t nq, const int32_t *sel) {
    enum attn_status st = ATTN_OK;
    const struct attn_shape *s = &c->sc->s;
    const int64_t N = s->seq_len, L = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim;
    const size_t qo = (size_t)((b * L + t0) * Hq * d) * 2, kv = (size_t)(b * N * Hkv * d) * 2;
    msa_kv_args a = c->a;
    a.q = static_cast<const char *>(io->q) + qo;
    a.k = static_cast<const char *>(io->k) + kv;
    a.v = static_cast<const char *>(io->v) + kv;
    a.sel = sel;
    a.q_len = nq;
    a.q_off = N - L + t0;
    msa_combine_args m = {};
    m.part_o = a.part_o;
    m.part_lse = a.part_lse;
    m.sel = sel;
    m.o = static_cast<char *>(io->o) + qo;
    m.B = 1;
    m.q_len = nq;
    m.Hq = Hq;
    m.Hkv = Hkv;
    m.d = d;
    m.k = m.P = a.topk;
    m.nch = 1;
    m.cq = a.cq;
    m.sel_per_head = true;
    for (int64_t u = 0; u < nq; u += a.cq) {
        a.t0 = m.t0 = u;
        a.nt = m.nt = nq - u < a.cq ? nq - u : a.cq;
        ATTN_CHECK(msa_kv_launch(&a, c->sc->stream));
        ATTN_CHECK(msa_combine_launch(&m, c->sc->stream));
    }
cleanup:
    return st;
}

/* The main branch on rows t0..t0+nq-1 of batch b, sel [Hq, nq, k]: the
 * KV-outer one above, or the block-sparse kernel in per-head mode. */
enum attn_status attn_rows(moba_ctx *c, const struct attn_io *io, int64_t b, int64_t t0, int64_t nq,
                           const int32_t *sel) {
    if (c->kv)
        return kv_attn_rows(c, io, b, t0, nq, sel);
    bs_attn_args a;
    fill_bs(&a, &c->sc->s, &c->sc->p);
    return bs_attn_rows(&a, io, b, t0, nq, sel, c->sc->stream);
}

/* Stage 0 "index" (the whole selection: pooled keys (tc: and their split),
 * then per chunk (tc: the scores GEMM and) the fused score + top-k kernel);
 * stage 1 "attn" (the main branch).  With io->sel (the runner always passes
 * it) stage 1 reads the selection there, every row of a batch in one launch,
 * so each stage is exactly its kernels.  Without it the workspace holds one
 * chunk: stage 0 also runs the attention of every chunk but the last, stage 1
 * the last one's (msa_cuda.cu's rule).  Either way run() == the stages in
 * order, bit for bit. */
enum attn_status cu_run_stage(void *ctx, int stage, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    moba_ctx *mc = (moba_ctx *)ctx;
    if (!mc || !io || !io->q || !io->k || !io->v || !io->o) {
        attn_set_error("moba cuda: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    sel_ctx *c = mc->sc;
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, L = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv, B = s->batch;
    const int64_t d = s->head_dim, bk = c->p.block_size, nbc = N / bk;
    const int32_t k = c->p.topk;
    auto select = [&](int64_t b, int64_t t0, int64_t nq) { return select_chunk(c, io, b, t0, nq); };
    auto attn = [&](int64_t b, int64_t t0, int64_t nq, const int32_t *sel) {
        return attn_rows(mc, io, b, t0, nq, sel);
    };
    switch (stage) {
    case 0:
        ATTN_CHECK(pool_mean_launch(io->k, c->kc, B, N, Hkv, d, bk, c->stream));
        if (c->tc)
            ATTN_CHECK(sel_tc_split(&c->t, c->kc, c->stream));
        CUDA_CHECK(cudaFuncSetAttribute(
            c->tc ? moba_select_kernel<true> : moba_select_kernel<false>,
            cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem_bytes(c->tc, d, nbc + 1, k)));
        ATTN_CHECK(sel_stage_select(io, B, L, c->cq, c->sel, select, attn));
        break;
    case 1:
        ATTN_CHECK(sel_stage_attn(io, B, L, c->cq, Hq * L * k, c->sel, attn));
        break;
    default:
        attn_set_error("moba cuda: no stage %d", stage);
        return ATTN_ERR_INVALID;
    }
cleanup:
    return st;
}

enum attn_status cu_run(void *ctx, const struct attn_io *io) {
    return sel_run_stages(ctx, io, 2, cu_run_stage);
}

} /* namespace */

extern "C" {
extern const struct attn_impl attn_moba_cuda, attn_moba_cuda_tc;
}

const struct attn_impl attn_moba_cuda = {
    ATTN_API_VERSION,
    "moba",
    "cuda",
    "v1",
    "MoBA: pooled keys, per-head block scores + top-k, block-sparse kernel in per-head mode",
    ATTN_F_DEVICE | ATTN_F_SELECT,
    cu_supports,
    cu_workspace,
    cu_init,
    cu_run,
    moba_free,
    2,
    stage_names,
    cu_run_stage,
    moba_sel_width,
};

const struct attn_impl attn_moba_cuda_tc = {
    ATTN_API_VERSION,
    "moba",
    "cuda",
    "tc",
    "MoBA: pooled keys, tensor-core block scores (exact bf16x3 split) + per-head top-k, "
    "KV-outer attention over per-head reverse lists + LSE combine (decode: per-head kernel)",
    ATTN_F_DEVICE | ATTN_F_SELECT,
    tc_supports,
    tc_workspace,
    tc_init,
    cu_run,
    moba_free,
    2,
    stage_names,
    cu_run_stage,
    moba_sel_width,
};
