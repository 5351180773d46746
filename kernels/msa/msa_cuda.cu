/* msa_cuda.cu - MiniMax Sparse Attention on CUDA: the plans, stages and runs of
 * the registered variants (their declarations and kernel names: msa_cuda_decl.cu).
 *
 *   attn_msa_cuda_qouter  (variant "q_outer"):  index -> topk -> query-outer
 *       block-sparse attention (kernels/common/blocksparse_cuda.cu) writing O;
 *       its combine stage is empty in prefill.
 *   attn_msa_cuda_kvouter (variant "kv_outer"): index -> topk -> reverse index
 *       + KV-outer attention writing partials (msa_attn.cu) -> log-sum-exp
 *       combine (msa_combine.cu): the paper's design.
 *   Decode (q_len 1..8) is the same for both: msa_decode.cu.
 *   attn_msa_cuda_fp8 (variant "decode_fp8"): fp8 index keys (msa_index_fp8.cu);
 *   attn_msa_cuda_fp8_pdl ("decode_fp8_pdl"): the same kernels, the same
 *       results; in decode Top-k, attention and combine are launched with
 *       programmatic dependent launch (common/cuda_pdl.cuh), each waiting at its
 *       top for its predecessor's output, so each launch and prologue overlaps
 *       the previous kernel's tail.  Prediction (H100, paper point, N = 1M,
 *       B = 1): ~2-3 us saved at each of the 3 dependent boundaries, decode_fp8's
 *       0.0844 ms -> ~0.077-0.080 ms (8.5x -> ~9.0-9.3x flash); not yet
 *       measured on a GPU.  Prefill runs as decode_fp8 (no PDL).
 *
 * Stages {"index", "topk", "attn", "combine"}; run() == the four in order.
 * Inputs bf16 on the device, fp32 accumulation, bf16 O; selection int32
 * [B, Hkv, q_len, k] to io->sel when given, else to the workspace.  All
 * buffers are in the workspace (its size is exact); run() allocates nothing
 * and never synchronizes.
 *
 * Long contexts go in query chunks so the workspace stays bounded: block scores
 * of cq_idx rows at a time (index then topk per chunk) and partials of cq_att
 * rows at a time (attn then combine per chunk).  With one chunk each stage is
 * exactly its kernels.  With several, stage "index" runs index+topk of every
 * chunk but the last and the index of the last, stage "topk" the last topk
 * (likewise attn/combine): run() == stages in order holds, and per-kernel
 * times come from msa_cuda_profile_begin/_end (CUDA events per kernel group).
 *
 * Measured (NVIDIA H100 80GB HBM3, paper point Hq=64 Hkv=4 d=d_idx=128
 * Bk=128 k=16, bf16, causal, B=1; results/gpu/NOTES.md has the tables):
 *   run2 (mma.sync index, Top-k v2, 2 GiB partials): prefill 16K kv_outer
 *   14.7 ms, q_outer 9.3 ms; 128K 142.7 / 150.8 ms; 1M kv_outer 3.08 s;
 *   decode q_len 1 at 1M 0.203 ms.
 *   run5 (wgmma index, Top-k v3, 8 GiB partials, CUDA-core decode index):
 *   16K 13.3 / 8.9 ms; 128K 130.9 / 134.9 ms; 1M kv_outer 2.05 s (index
 *   1.21 s, main branch 0.85 s), 18x torch cuDNN dense in the same call;
 *   decode 1M 0.142 ms (B=1), 3.51 ms (B=32). */
#include "alloc.h"
#include "common/blocksparse_cuda.h"
#include "common/cuda_check.h"
#include "device.h"
#include "flash/flash_ws.h"
#include "msa/msa_cuda.h"
#include "msa/msa_impl.cuh"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

namespace msa_host {

const size_t DEFAULT_CHUNK_BYTES = (size_t)2 << 30;
const int64_t UN_SUB = 65536; /* variant ws: query rows a union launch (32 MiB of lists) */
/* KV-outer partials: msa_kv_part_bytes(), 8 GiB chunks where the card has >= 64 GiB.
 * More queries per chunk share each K/V block load: attn at N = 1M 793 -> 637 ms on
 * the H100 (results/gpu/NOTES.md, run2), no change at 128K (one chunk either way). */
size_t g_cap_idx = DEFAULT_CHUNK_BYTES, g_cap_part = 0; /* 0: msa_kv_part_bytes() */
int g_index_version = MSA_INDEX_DEFAULT;

const char *const stage_names[4] = {"index", "topk", "attn", "combine"};

size_t align256(size_t x) {
    return (x + 255) & ~(size_t)255;
}
int64_t clamp64(int64_t x, int64_t lo, int64_t hi) {
    return x < lo ? lo : x > hi ? hi : x;
}

/* fp8: index/topk chunks of 8 / Hkv query rows, the fp8 index kernel's limit */
/* pb16: bf16 KV-outer partials; wg: and the attention on wgmma; wgp: in form wgp (all
 * prefill only) */
void plan_make(msa_plan *P, const struct attn_shape *s, const struct attn_params *p, bool kv,
               bool fp8, bool pb16, bool wg, bool wgp, bool un) {
    memset(P, 0, sizeof *P);
    P->B = s->batch;
    P->N = s->seq_len;
    P->Nq = s->q_len;
    P->Hq = s->heads_q;
    P->Hkv = s->heads_kv;
    P->G = s->heads_q / s->heads_kv;
    P->d = s->head_dim;
    P->di = s->index_dim;
    P->bk = p->block_size;
    P->k = p->topk;
    P->nb = attn_nblocks(P->N, P->bk);
    P->q_off = P->N - P->Nq;
    P->causal = s->causal;
    P->decode = s->mode == ATTN_DECODE;
    P->kv = kv && !P->decode;
    P->pb16 = (pb16 || wg) && P->kv; /* decode's split partials stay fp32 */
    P->wg = (wg || wgp) && P->kv;
    P->wgp = wgp && P->kv;
    P->un = un && !P->decode && !P->kv;
    const int64_t pel = P->pb16 ? 2 : 4; /* bytes of a partial's element */

    const int64_t bpq_idx = P->B * P->Hkv * P->nb * 4;
    P->cq_idx = clamp64(fp8 ? 8 / P->Hkv : (int64_t)(g_cap_idx / (size_t)bpq_idx), 1, P->Nq);
    P->n_idx = (P->Nq + P->cq_idx - 1) / P->cq_idx;
    if (P->decode) {
        P->ck = P->bk < 64 ? P->bk : 64;
        P->nch = P->bk / P->ck;
        P->P = P->k * P->nch;
        P->cq_att = P->Nq;
    } else if (P->kv) {
        P->ck = P->bk;
        P->nch = 1;
        P->P = P->k;
        const int64_t bpq = P->B * P->Hq * P->k * (P->d * pel + 4) + P->B * P->Hkv * P->k * 4;
        const size_t cap = g_cap_part ? g_cap_part : msa_kv_part_bytes();
        int64_t cq = clamp64((int64_t)(cap / (size_t)bpq), 1, P->Nq);
        const int64_t ent_max = ((int64_t)1 << 30) / (P->B * P->Hkv * P->k); /* int32 entries */
        P->cq_att = cq < ent_max ? cq : (ent_max > 0 ? ent_max : 1);
    } else {
        P->cq_att = P->Nq;
    }
    P->n_att = (P->Nq + P->cq_att - 1) / P->cq_att;

    size_t o = 0;
    P->o_scores = o;
    o += align256((size_t)(P->B * P->Hkv * P->cq_idx * P->nb) * 4);
    P->o_sel = o;
    o += align256((size_t)(P->B * P->Hkv * P->Nq * P->k) * 4);
    P->o_part_o = o;
    o += align256((size_t)(P->B * P->cq_att * P->Hq * P->P * P->d * pel));
    P->o_part_lse = o;
    o += align256((size_t)(P->B * P->cq_att * P->Hq * P->P) * 4);
    if (P->kv) {
        P->kvs = msa_kv_scratch_size(P->B, P->cq_att, P->Hq, P->Hkv, P->bk, P->nb, P->k);
        P->o_kvs = o;
        o += msa_kv_scratch_carve(&P->kvs, NULL, NULL);
    }
    if (P->un) { /* rows a union launch: a multiple of every tile's tokens (128 / G) */
        P->sub = P->Nq < UN_SUB ? P->Nq : UN_SUB;
        P->o_srt = o;
        o += align256((size_t)(P->B * P->Hkv * P->Nq * P->k) * 4);
        P->o_uni = o;
        o += align256(flash_ws_union_scratch(P->sub, P->Hkv, P->G, (int32_t)P->k));
    }
    P->total = o;
}

const char *why_not(const struct attn_shape *s, const struct attn_params *p, bool kv) {
    const char *w = attn_shape_check(s, p);
    if (w)
        return w;
    if (s->head_dim != 64 && s->head_dim != 128)
        return "msa cuda: head_dim must be 64 or 128";
    if (s->index_dim != 64 && s->index_dim != 128)
        return "msa cuda: index_dim must be 64 or 128";
    if (p->block_size < 16 || p->block_size > 256)
        return "msa cuda: block_size must be 16..256";
    if (s->batch > 65535)
        return "msa cuda: batch above 65535";
    if (p->topk > 4096)
        return "msa cuda: topk above 4096";
    if (kv && s->heads_q / s->heads_kv > 128)
        return "msa cuda kv_outer: group size above 128";
    if (kv && msa_kv_smem(s->head_dim, p->block_size) > (size_t)227 * 1024)
        return "msa cuda kv_outer: K/V block does not fit in shared memory";
    if (attn_nblocks(s->seq_len, p->block_size) * s->batch * s->heads_kv > 0x7fffffff)
        return "msa cuda: too many (batch, group, block) lists";
    return NULL;
}

bool supports_q(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = why_not(s, p, false);
    if (w && why)
        *why = w;
    return w == NULL;
}
bool supports_kv(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = why_not(s, p, true);
    if (w && why)
        *why = w;
    return w == NULL;
}

/* decode_fp8: its index kernel takes 8 index rows a launch.  Prefill runs in
 * chunks of 8 / Hkv query rows (then q_outer's attention): a way to measure
 * recall on fp8 keys, not a fast path, so only up to 64K. */
const int64_t FP8_PREFILL_MAX = 65536;
bool supports_fp8(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = why_not(s, p, false);
    if (!w && s->mode == ATTN_DECODE && s->q_len * s->heads_kv > 8)
        w = "msa cuda decode_fp8: q_len x heads_kv above 8 index rows";
    if (!w && s->heads_kv > 8)
        w = "msa cuda decode_fp8: heads_kv above 8 (8 index rows a launch)";
    if (!w && s->mode != ATTN_DECODE && s->seq_len > FP8_PREFILL_MAX)
        w = "msa cuda decode_fp8: prefill above 64K (index chunks of 8 / heads_kv query rows: "
            "a recall tool, not a fast path)";
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t ws_q(const struct attn_shape *s, const struct attn_params *p) {
    msa_plan P;
    plan_make(&P, s, p, false);
    return P.total;
}
size_t ws_fp8(const struct attn_shape *s, const struct attn_params *p) {
    msa_plan P;
    plan_make(&P, s, p, false, true);
    return P.total;
}
size_t ws_kv(const struct attn_shape *s, const struct attn_params *p) {
    msa_plan P;
    plan_make(&P, s, p, true);
    return P.total;
}
size_t ws_kvb(const struct attn_shape *s, const struct attn_params *p) {
    msa_plan P;
    plan_make(&P, s, p, true, false, true);
    return P.total;
}
size_t ws_kvw(const struct attn_shape *s, const struct attn_params *p) {
    msa_plan P;
    plan_make(&P, s, p, true, false, true, true);
    return P.total;
}
/* kv_outer_wgmma: prefill at the paper's d = 128, Bk = 128 on an sm_90a build and device;
 * decode as kv_outer (its split kernels) */
static bool supports_wgmma(const struct attn_shape *s, const struct attn_params *p,
                           const char **why, bool wgp) {
    const char *w = why_not(s, p, true);
    const bool pre = s->mode != ATTN_DECODE;
    if (!w && pre && (s->head_dim != 128 || p->block_size != 128))
        w = wgp ? "msa cuda kv_outer_wgp: prefill needs head_dim 128 and block_size 128"
                : "msa cuda kv_outer_wgmma: prefill needs head_dim 128 and block_size 128";
    else if (!w && pre && wgp && s->heads_q > 64 * s->heads_kv)
        w = "msa cuda kv_outer_wgp: prefill needs at most 64 query heads per KV head (a "
            "warpgroup's 64 rows)";
    else if (!w && pre && !msa_kv_wgmma_available())
        w = wgp ? "msa cuda kv_outer_wgp: needs an sm_90 device and sm_90a code in this build"
                : "msa cuda kv_outer_wgmma: needs an sm_90 device and sm_90a code in this build";
    if (w && why)
        *why = w;
    return w == NULL;
}
bool supports_kvw(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    return supports_wgmma(s, p, why, false);
}
/* kv_outer_wgp: as kv_outer_wgmma, its prefill attention always in form wgp, so at most 64
 * heads a group (more are skipped with the reason, not handed to the CTA form) */
bool supports_kvwp(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    return supports_wgmma(s, p, why, true);
}

/* kv_outer_fp8idx: kv_outer_wgmma's prefill with the index on e4m3 tensor cores over the
 * decode_fp8 key cache (index_dim 128, blocks of a multiple of 128 keys); decode is
 * decode_fp8's job (bf16 queries over the same cache), so it is skipped with that reason */
bool supports_fp8i(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = NULL; /* supports_wgmma and msa_index_ws8_fits set it where they refuse */
    if (s->mode == ATTN_DECODE)
        w = "msa cuda kv_outer_fp8idx: prefill only (decode over the fp8 key cache is "
            "decode_fp8's)";
    else if (supports_wgmma(s, p, &w, false) &&
             msa_index_ws8_fits(s->index_dim, p->block_size, &w) && !msa_index_ws8_available())
        w = "msa cuda kv_outer_fp8idx: needs an sm_90 device, sm_90a code and the driver's "
            "tensor-map encoder";
    if (w && why)
        *why = w;
    return w == NULL;
}

/* ws: prefill on flash ws_v1's unions (Bk 128, d 128, G 4..128 dividing 128, sm_90a, k up to
 * MSA_WS_KMAX); decode is q_outer's (the same kernels), so skipped here, not repeated */
bool supports_un(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = why_not(s, p, false);
    if (!w && s->mode == ATTN_DECODE)
        w = "msa cuda ws: prefill only (q_outer runs decode with the same kernels)";
    if (!w) {
        if (p->block_size != 128)
            w = "msa cuda ws: prefill needs block_size 128 (flash ws_v1's key tile)";
        else if (p->topk > MSA_WS_KMAX)
            w = "msa cuda ws: prefill needs topk <= 64 (rows sorted per thread)";
        else
            w = flash_ws_union_check(s, p);
    }
    if (w && why)
        *why = w;
    return w == NULL;
}
size_t ws_un(const struct attn_shape *s, const struct attn_params *p) {
    msa_plan P;
    plan_make(&P, s, p, false, false, false, false, false, true);
    return P.total;
}

enum attn_status init_common(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                             void *ws, void *stream, bool kv, bool fp8 = false, bool pdl = false,
                             bool pb16 = false, bool wg = false, bool wgp = false,
                             bool un = false) {
    enum attn_status st = ATTN_OK;
    msa_ctx *c = NULL;
    int dev = 0, occ = 0;
    const char *w = why_not(s, p, kv);
    *ctx = NULL;
    if (w) {
        attn_set_error("%s", w);
        return ATTN_ERR_UNSUPPORTED;
    }
    c = (msa_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    plan_make(&c->p, s, p, kv, fp8, pb16, wg, wgp, un);
    c->s = *s;
    c->fp8 = fp8;
    c->pdl = pdl && c->p.decode && msa_cuda_pdl_available();
    if (!ws && c->p.total) {
        attn_set_error("msa cuda: needs its workspace (%zu bytes)", c->p.total);
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    c->ws = (char *)ws;
    c->stream = (cudaStream_t)stream;
    CUDA_CHECK(cudaGetDevice(&dev));
    CUDA_CHECK(cudaDeviceGetAttribute(&c->n_sm, cudaDevAttrMultiProcessorCount, dev));
    if (c->p.kv) {
        ATTN_CHECK(msa_kv_occupancy(c->p.d, c->p.bk, false, &occ));
        if (occ < 1) {
            attn_set_error("msa cuda kv_outer: the kernel does not fit on an SM");
            st = ATTN_ERR_UNSUPPORTED;
            goto cleanup;
        }
        c->kv_grid = c->n_sm * occ;
    }
    *ctx = c;
    c = NULL;
cleanup:
    free(c);
    return st;
}
enum attn_status init_q(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                        void *ws, void *stream) {
    return init_common(ctx, s, p, ws, stream, false);
}
enum attn_status init_kv(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    return init_common(ctx, s, p, ws, stream, true);
}
enum attn_status init_kvb(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                          void *ws, void *stream) {
    return init_common(ctx, s, p, ws, stream, true, false, false, true);
}
/* kv_outer_wgmma (wgp false) and kv_outer_wgp: their shapes checked first */
enum attn_status init_wgmma(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                            void *ws, void *stream, bool wgp) {
    const char *why = NULL;
    if (!supports_wgmma(s, p, &why, wgp)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    return init_common(ctx, s, p, ws, stream, true, false, false, true, true, wgp);
}
enum attn_status init_kvw(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                          void *ws, void *stream) {
    return init_wgmma(ctx, s, p, ws, stream, false);
}
enum attn_status init_kvwp(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                           void *ws, void *stream) {
    return init_wgmma(ctx, s, p, ws, stream, true);
}
enum attn_status init_fp8i(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                           void *ws, void *stream) {
    const char *why = NULL;
    if (!supports_fp8i(s, p, &why)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    const enum attn_status st = init_common(ctx, s, p, ws, stream, true, false, false, true, true);
    if (st == ATTN_OK)
        ((msa_ctx *)*ctx)->fp8pre = true;
    return st;
}
enum attn_status init_un(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    const char *why = NULL;
    if (!supports_un(s, p, &why)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    ATTN_CHECK(flash_ws_list_prepare());
    st = init_common(ctx, s, p, ws, stream, false, false, false, false, false, false, true);
cleanup:
    return st;
}
enum attn_status init_fp8_as(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                             void *ws, void *stream, bool pdl) {
    const char *why = NULL;
    if (!supports_fp8(s, p, &why)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    return init_common(ctx, s, p, ws, stream, false, true, pdl);
}
enum attn_status init_fp8(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                          void *ws, void *stream) {
    return init_fp8_as(ctx, s, p, ws, stream, false);
}
enum attn_status init_fp8_pdl(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                              void *ws, void *stream) {
    return init_fp8_as(ctx, s, p, ws, stream, true);
}

void ctx_free(void *ctx) {
    msa_ctx *c = (msa_ctx *)ctx;
    if (!c)
        return;
    for (int i = 0; c->ev && i < c->maxev; i++)
        if (c->ev[i])
            cudaEventDestroy(c->ev[i]);
    free(c->ev);
    free(c->ev_stage);
    free(c);
}

/* Profiling mark: the work queued after it belongs to `stage`. */
enum attn_status mark(msa_ctx *c, int stage) {
    enum attn_status st = ATTN_OK;
    if (!c->prof)
        return ATTN_OK;
    if (c->nev >= c->maxev) {
        attn_set_error("msa cuda profile: more marks than events");
        return ATTN_ERR_INTERNAL;
    }
    CUDA_CHECK(cudaEventRecord(c->ev[c->nev], c->stream));
    c->ev_stage[c->nev++] = stage;
cleanup:
    return st;
}

int32_t *sel_of(msa_ctx *c, const struct attn_io *io) {
    return io->sel ? io->sel : (int32_t *)(c->ws + c->p.o_sel);
}

enum attn_status index_chunk(msa_ctx *c, const struct attn_io *io, int64_t ci) {
    const msa_plan *p = &c->p;
    msa_index_args a = {};
    a.qidx = io->qidx;
    a.kidx = io->kidx;
    a.scores = (float *)(c->ws + p->o_scores);
    a.B = p->B;
    a.N = p->N;
    a.q_len = p->Nq;
    a.Hkv = p->Hkv;
    a.di = p->di;
    a.bk = p->bk;
    a.nb = p->nb;
    a.q_off = p->q_off;
    a.t0 = ci * p->cq_idx;
    a.nt = p->Nq - a.t0 < p->cq_idx ? p->Nq - a.t0 : p->cq_idx;
    a.cq = p->cq_idx;
    a.scale = (float)(1.0 / sqrt((double)p->di));
    a.causal = p->causal;
    a.version = g_index_version;
    /* decode_fp8_pdl: launched as usual; it only lets Top-k be scheduled early */
    a.pdl = c->pdl;
    if (c->fp8) /* never another kernel: the others read bf16 keys */
        return msa_index_fp8_launch(&a, c->n_sm, c->stream);
    if (c->fp8pre) /* nor here: e4m3 keys, and queries it rounds as the oracle does */
        return msa_index_ws8_launch(&a, c->stream);
    if (p->decode) { /* few rows: the streaming kernel, else tensor cores */
        const enum attn_status st = msa_index_decode_launch(&a, c->n_sm, c->stream);
        if (st != ATTN_ERR_UNSUPPORTED)
            return st;
    }
    return msa_index_launch(&a, c->n_sm, c->stream);
}

enum attn_status topk_chunk(msa_ctx *c, const struct attn_io *io, int64_t ci) {
    const msa_plan *p = &c->p;
    msa_topk_args a = {};
    a.scores = (const float *)(c->ws + p->o_scores);
    a.sel = sel_of(c, io);
    a.B = p->B;
    a.q_len = p->Nq;
    a.Hkv = p->Hkv;
    a.bk = p->bk;
    a.nb = p->nb;
    a.q_off = p->q_off;
    a.k = p->k;
    a.t0 = ci * p->cq_idx;
    a.nt = p->Nq - a.t0 < p->cq_idx ? p->Nq - a.t0 : p->cq_idx;
    a.cq = p->cq_idx;
    a.causal = p->causal;
    a.pdl = c->pdl;
    return msa_topk_launch(&a, c->stream);
}

enum attn_status attn_chunk(msa_ctx *c, const struct attn_io *io, int64_t ci) {
    const msa_plan *p = &c->p;
    const int32_t *sel = sel_of(c, io);
    if (p->decode)
        return msa_decode_attn(c, io, sel);
    if (p->un)
        return msa_ws_attn(c, io, sel);
    if (!p->kv) {
        bs_attn_args a = {};
        a.q = io->q;
        a.k = io->k;
        a.v = io->v;
        a.o = io->o;
        a.sel = sel;
        a.partial = false;
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
        return bs_attn_launch(&a, c->stream);
    }
    msa_kv_args a = {};
    a.q = io->q;
    a.k = io->k;
    a.v = io->v;
    a.sel = sel;
    a.part_o = c->ws + p->o_part_o;
    a.part_bf16 = p->pb16;
    a.wgmma = p->wg;
    a.wgp = p->wgp;
    a.part_lse = (float *)(c->ws + p->o_part_lse);
    msa_kv_scratch_carve(&p->kvs, c->ws + p->o_kvs, &a);
    a.B = p->B;
    a.N = p->N;
    a.q_len = p->Nq;
    a.Hq = p->Hq;
    a.Hkv = p->Hkv;
    a.d = p->d;
    a.bk = p->bk;
    a.nb = p->nb;
    a.q_off = p->q_off;
    a.topk = p->k;
    a.t0 = ci * p->cq_att;
    a.nt = p->Nq - a.t0 < p->cq_att ? p->Nq - a.t0 : p->cq_att;
    a.cq = p->cq_att;
    a.causal = p->causal;
    a.grid = c->kv_grid;
    return msa_kv_launch(&a, c->stream);
}

enum attn_status combine_chunk(msa_ctx *c, const struct attn_io *io, int64_t ci) {
    const msa_plan *p = &c->p;
    if (!p->decode && !p->kv)
        return ATTN_OK; /* q_outer prefill wrote O already */
    msa_combine_args a = {};
    a.part_o = c->ws + p->o_part_o;
    a.part_bf16 = p->pb16;
    a.part_lse = (const float *)(c->ws + p->o_part_lse);
    a.sel = sel_of(c, io);
    a.o = io->o;
    a.B = p->B;
    a.q_len = p->Nq;
    a.Hq = p->Hq;
    a.Hkv = p->Hkv;
    a.d = p->d;
    a.k = p->k;
    a.P = p->P;
    a.nch = p->nch;
    a.t0 = ci * p->cq_att;
    a.nt = p->Nq - a.t0 < p->cq_att ? p->Nq - a.t0 : p->cq_att;
    a.cq = p->cq_att;
    a.pdl = c->pdl;
    return msa_combine_launch(&a, c->stream);
}

enum attn_status run_stage(void *ctx, int stage, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    msa_ctx *c = (msa_ctx *)ctx;
    if (!c || !io || !io->o || !io->q || !io->k || !io->v || !io->qidx || !io->kidx) {
        attn_set_error("msa cuda: q, k, v, qidx, kidx and o are all needed");
        return ATTN_ERR_INVALID;
    }
    const msa_plan *p = &c->p;
    switch (stage) {
    case 0:
        for (int64_t ci = 0; ci + 1 < p->n_idx; ci++) {
            ATTN_CHECK(mark(c, 0));
            ATTN_CHECK(index_chunk(c, io, ci));
            ATTN_CHECK(mark(c, 1));
            ATTN_CHECK(topk_chunk(c, io, ci));
        }
        ATTN_CHECK(mark(c, 0));
        ATTN_CHECK(index_chunk(c, io, p->n_idx - 1));
        break;
    case 1:
        ATTN_CHECK(mark(c, 1));
        ATTN_CHECK(topk_chunk(c, io, p->n_idx - 1));
        break;
    case 2:
        for (int64_t ci = 0; ci + 1 < p->n_att; ci++) {
            ATTN_CHECK(mark(c, 2));
            ATTN_CHECK(attn_chunk(c, io, ci));
            ATTN_CHECK(mark(c, 3));
            ATTN_CHECK(combine_chunk(c, io, ci));
        }
        ATTN_CHECK(mark(c, 2));
        ATTN_CHECK(attn_chunk(c, io, p->n_att - 1));
        break;
    case 3:
        ATTN_CHECK(mark(c, 3));
        ATTN_CHECK(combine_chunk(c, io, p->n_att - 1));
        break;
    default:
        attn_set_error("msa cuda: no stage %d", stage);
        return ATTN_ERR_INVALID;
    }
cleanup:
    return st;
}

enum attn_status run_all(void *ctx, const struct attn_io *io) {
    for (int s = 0; s < 4; s++) {
        const enum attn_status st = run_stage(ctx, s, io);
        if (st != ATTN_OK)
            return st;
    }
    return ATTN_OK;
}

int32_t sel_width(const struct attn_shape *s, const struct attn_params *p) {
    (void)s;
    return p->topk;
}

/* splitmix64 of (seed, i) -> two uniforms -> Box-Muller. */
__device__ __forceinline__ uint64_t mix64(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
__global__ void fill_normal_kernel(__nv_bfloat16 *dst, size_t n, uint64_t seed, float sd) {
    for (size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x) {
        const uint64_t h = mix64(seed * 0x100000001B3ull ^ mix64(i));
        const float u1 = ((float)(h >> 40) + 0.5f) * (1.0f / 16777216.0f);
        const float u2 = (float)((h >> 16) & 0xffffff) * (1.0f / 16777216.0f);
        dst[i] = __float2bfloat16(sd * sqrtf(-2.0f * logf(u1)) * cospif(2.0f * u2));
    }
}

} /* namespace msa_host */
using namespace msa_host;

extern "C" bool msa_cuda_kv_wgmma_available(void) {
    return msa_kv_wgmma_available();
}
extern "C" void msa_cuda_set_kv_wgmma_form(int form) {
    msa_kv_wgmma_set_form(form);
}
extern "C" int msa_cuda_kv_wgmma_form(void) {
    return msa_kv_wgmma_form();
}

extern "C" void msa_cuda_set_chunk_bytes(size_t index_bytes, size_t partial_bytes) {
    g_cap_idx = index_bytes ? index_bytes : DEFAULT_CHUNK_BYTES;
    g_cap_part = partial_bytes;
}

extern "C" void msa_cuda_set_index_version(int version) {
    g_index_version =
        version >= MSA_INDEX_MMA && version < MSA_INDEX_NVERSIONS ? version : MSA_INDEX_DEFAULT;
}
extern "C" int msa_cuda_index_version(void) {
    return g_index_version;
}
extern "C" bool msa_cuda_index_wgmma_available(void) {
    return msa_index_wgmma_available();
}
/* griddepcontrol needs compute capability 9.0 code (below it the kernels compile
 * without the wait, so a PDL launch would race) and a 9.x or newer device. */
extern "C" bool msa_cuda_pdl_available(void) {
#ifdef MSABENCH_CUDA_SM90A
    static int ok = -1; /* the process uses one device */
    if (ok < 0) {
        int dev = 0, major = 0;
        ok =
            cudaGetDevice(&dev) == cudaSuccess &&
            cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev) == cudaSuccess &&
            major >= 9;
    }
    return ok == 1;
#else
    return false;
#endif
}

extern "C" enum attn_status msa_cuda_index_scores(const struct msa_cuda_index_call *c,
                                                  void *stream) {
    enum attn_status st = ATTN_OK;
    int dev = 0, n_sm = 0;
    msa_index_args a = {};
    if (c->q_len > c->N || c->t0 < 0 || c->nt < 0 || c->t0 + c->nt > c->q_len || c->nt > c->cq) {
        attn_set_error("msa index scores: rows out of range");
        return ATTN_ERR_INVALID;
    }
    CUDA_CHECK(cudaGetDevice(&dev));
    CUDA_CHECK(cudaDeviceGetAttribute(&n_sm, cudaDevAttrMultiProcessorCount, dev));
    a.qidx = c->qidx;
    a.kidx = c->kidx;
    a.scores = c->scores;
    a.B = c->B;
    a.N = c->N;
    a.q_len = c->q_len;
    a.Hkv = c->Hkv;
    a.di = c->di;
    a.bk = c->bk;
    a.nb = (c->N + c->bk - 1) / c->bk;
    a.q_off = c->N - c->q_len;
    a.t0 = c->t0;
    a.nt = c->nt;
    a.cq = c->cq;
    a.scale = (float)(1.0 / sqrt((double)c->di));
    a.causal = c->causal;
    a.version = c->version;
    st = c->version == MSA_INDEX_WS8 || c->version == MSA_INDEX_WS8_UNI
             ? msa_index_ws8_launch(&a, (cudaStream_t)stream)
             : msa_index_launch(&a, n_sm, (cudaStream_t)stream);
cleanup:
    return st;
}

extern "C" enum attn_status msa_cuda_profile_begin(void *ctx) {
    enum attn_status st = ATTN_OK;
    msa_ctx *c = (msa_ctx *)ctx;
    if (!c->ev) {
        c->maxev = (int)(2 * (c->p.n_idx + c->p.n_att) + 8);
        c->ev = (cudaEvent_t *)calloc((size_t)c->maxev, sizeof *c->ev);
        c->ev_stage = (int *)calloc((size_t)c->maxev, sizeof *c->ev_stage);
        if (!c->ev || !c->ev_stage) {
            attn_set_error("msa cuda profile: no memory for events");
            return ATTN_ERR_NOMEM;
        }
        for (int i = 0; i < c->maxev; i++)
            CUDA_CHECK(cudaEventCreate(&c->ev[i]));
    }
    c->nev = 0;
    c->prof = true;
cleanup:
    return st;
}

extern "C" enum attn_status msa_cuda_profile_end(void *ctx, double ms[4]) {
    enum attn_status st = ATTN_OK;
    msa_ctx *c = (msa_ctx *)ctx;
    float t = 0;
    for (int i = 0; i < 4; i++)
        ms[i] = 0;
    if (!c->prof) {
        attn_set_error("msa cuda profile: end without begin");
        return ATTN_ERR_INVALID;
    }
    ATTN_CHECK(mark(c, -1));
    CUDA_CHECK(cudaEventSynchronize(c->ev[c->nev - 1]));
    for (int i = 0; i + 1 < c->nev; i++) {
        CUDA_CHECK(cudaEventElapsedTime(&t, c->ev[i], c->ev[i + 1]));
        if (c->ev_stage[i] >= 0 && c->ev_stage[i] < 4)
            ms[c->ev_stage[i]] += t;
    }
cleanup:
    c->prof = false;
    c->nev = 0;
    return st;
}

extern "C" enum attn_status msa_cuda_fill_normal_bf16(void *dst, size_t n, uint64_t seed,
                                                      float stddev, void *stream) {
    enum attn_status st = ATTN_OK;
    fill_normal_kernel<<<1024, 256, 0, (cudaStream_t)stream>>>((__nv_bfloat16 *)dst, n, seed,
                                                               stddev);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}
