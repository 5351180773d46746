/* nsa_cuda.cu - the NSA selected branch (definition: nsa.h) on CUDA, variants
 * "v1" (CUDA-core scores) and "tc" (tensor-core logits).
 *
 * Three steps per call: the mean-pooled keys of every complete block
 * (kernels/common/select_cuda.cu, kc [B, Hkv, N / Bk, d] fp32 in the
 * workspace); a selection kernel with one thread block per (KV group, query
 * row): for each of the G heads the logits q_h . kc / sqrt(d) over the
 * complete earlier blocks, their log-softmax, accumulated over the heads by
 * logaddexp into log score(c) (shared memory), then the best topk - forced
 * of the candidates 1..lo-1 by repeated block argmax (ties: smaller id) and
 * the ascending row 0, picks, lo..bi; then the shared block-sparse kernel
 * (kernels/common/blocksparse_cuda.cu) unchanged.  Query rows go in chunks
 * per batch so that the selection buffer ([Hkv, rows, topk] int32) stays
 * under 256 MiB; io->sel, when given, gets every row in nsa.h's layout
 * [B, Hkv, q_len, topk].
 * Stages {"index", "attn"} (cu_run_stage): "index" the whole selection (the
 * pooled keys and the fused score + top-k kernel, not split), "attn" the
 * block-sparse kernel, reading io->sel when given.
 * Speed (v1), H100 (run7, README's frontier table), 128K, Hq 64 / Hkv 4, d 128, Bk 128:
 * 2.18-2.30 s a call, nearly all of it "index" ("attn" ~37 ms).
 *
 * Variant "tc": the same selection with the logits from the tensor cores.  Per
 * (batch, chunk) one cuBLAS call writes every head's alpha * q . kc as fp32
 * [Hq, rows, nbc] (kernels/common/select_tc.cu: kc split exactly into three
 * bf16 pieces, so the logits are fp32-accurate like v1's; alpha = 1/sqrt(d)),
 * then the same kernel, its per-head scores read from those logits instead of
 * computed (the log-softmax, the logaddexp over the G heads and the picking are
 * v1's code).  Chunks also keep the logits under 1 GiB (Hq 64, 1M: 512 rows).
 * "index" = pooled keys + split + (GEMM, score + top-k) per chunk.
 * Measured (H200, run9, results/gpu/run9/frontier-*, structured data): "index"
 * 53 / 60 / 75 ms at 128K (topk 8 / 16 / 32; v1 2.1 s), 180 ms at 256K, 3.36 s at
 * 1M (topk 16), 1.5x and 1.3x the prediction below; "attn" = msa's q_outer attention
 * (71 ms at 128K, topk 16).
 * Predicted before it ran (H100, Hq 64 / Hkv 4, d 128, Bk 128): "index" at 128K ~40 ms (6.6 TFLOP
 * bf16 K = 3d at ~700 TF/s 9 ms; 34 GB of logits written + half read at ~2.5 TB/s 20 ms;
 * log-softmax + logaddexp ~5 ms), at 1M ~2.5 s (GEMM 0.6 s, 2.2 TB written + 1.1 TB read 1.3 s,
 * exp/log1p of 2.7e11 visible logits ~0.4 s).
 *
 * Variant "ws": tc's selection; in prefill the main branch runs on flash ws_v1's Hopper kernel
 * (flash/flash_ws.h, unions): a tile is 128 / G tokens x the G heads of a KV group, its key
 * blocks the union of its tokens' selections (ws_union_kernel), each token masked to its own.
 * "attn" = the union lists + the attention, WS_SUB rows a launch.  Bk 128, d 128, G 4..128
 * dividing 128, sm_90a; other shapes are refused with the reason (tc runs them).
 * Predicted (H100, 128K, Hq 64 / Hkv 4, topk 16, structured): flex's tiles of the same 8 tokens
 * x 16 heads hold 20.9 blocks for 15.5 useful (run9's export), so ~11.4 TFLOP at ~570 TFLOP/s,
 * ~20 ms.  Measured (run18 call 2, H100 80GB HBM3, same call): "attn" 20.02 ms (423 useful
 * TFLOP/s) against tc's 70.89 ms (3.54x) and FlexAttention's 53.68 ms on the identical
 * selection (2.68x); memcheck 0 errors; test_gpu_contemp nsaw 7/7 (run18 call 1). */
#include "common/blocksparse_cuda.h"
#include "common/cuda_check.h"
#include "common/select_cuda.cuh"
#include "common/select_tc.cuh"
#include "flash/flash_ws.h"
extern "C" {
#include "nsa/nsa.h"
}

#include <stdlib.h>
#include <string.h>

namespace {

const size_t NSA_SEL_CAP = (size_t)256 << 20;
const size_t NSA_SMEM_MAX = (size_t)200 << 10;

/* "index" is the whole selection (pooled keys + the fused score/top-k kernel). */
const char *const stage_names[2] = {"index", "attn"};

struct sel_args {
    const selk::bf16 *q;
    const float *kc;
    const float *lg; /* tc: the chunk's logits [Hq, nq, nbc] (kernels/common/select_tc.cuh) */
    int32_t *sel;    /* [Hkv, nq, k] */
    int64_t b, t0, nq, q_len, N, Hq, Hkv, d, bk, nbc;
    int32_t k, local;
};

/* tc keeps no query in shared memory */
size_t smem_bytes(bool tc, int64_t d, int64_t nb, int32_t k) {
    return (size_t)((tc ? 0 : d) + 2 * nb) * 4 + (size_t)k * 4 + 33 * 8 + 16;
}

/* Block-wide max and sum of exp(x - max) over v[0..n). */
__device__ float block_lse(const float *v, int64_t n, float *red) {
    const int tid = threadIdx.x, lane = tid & 31, wid = tid >> 5, nw = blockDim.x >> 5;
    float m = -INFINITY;
    for (int64_t i = tid; i < n; i += blockDim.x)
        m = fmaxf(m, v[i]);
    for (int off = 16; off > 0; off >>= 1)
        m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, off));
    if (lane == 0)
        red[wid] = m;
    __syncthreads();
    m = -INFINITY;
    for (int w = 0; w < nw; w++)
        m = fmaxf(m, red[w]);
    __syncthreads();
    float sum = 0.f;
    for (int64_t i = tid; i < n; i += blockDim.x)
        sum += expf(v[i] - m);
    for (int off = 16; off > 0; off >>= 1)
        sum += __shfl_xor_sync(0xffffffffu, sum, off);
    if (lane == 0)
        red[wid] = sum;
    __syncthreads();
    sum = 0.f;
    for (int w = 0; w < nw; w++)
        sum += red[w];
    __syncthreads();
    return m + logf(sum);
}

/* TC: head h's logits z come from a.lg (already scaled); else computed here. */
template <bool TC>
__global__ void __launch_bounds__(selk::SEL_THREADS) nsa_select_kernel(sel_args a) {
    extern __shared__ __align__(16) unsigned char smem_raw[];
    float *qs = reinterpret_cast<float *>(smem_raw), *z = qs + (TC ? 0 : a.d);
    float *lsc = z + a.nbc + 1;
    int32_t *picks = reinterpret_cast<int32_t *>(lsc + a.nbc + 1);
    float *red_s = reinterpret_cast<float *>(picks + a.k);
    int32_t *red_i = reinterpret_cast<int32_t *>(red_s + 33), *npick = red_i + 33;
    const int64_t tt = blockIdx.x % a.nq, r = blockIdx.x / a.nq, t = a.t0 + tt, G = a.Hq / a.Hkv;
    const int64_t pos = a.N - a.q_len + t, bi = pos / a.bk;
    const int32_t lo = (int32_t)(bi - a.local + 1 > 0 ? bi - a.local + 1 : 0);
    const int32_t forced = (int32_t)(bi - lo + 1) + (lo > 0);
    const float scale = rsqrtf((float)a.d);
    const float *kc = a.kc + (a.b * a.Hkv + r) * a.nbc * a.d;
    for (int64_t cb = threadIdx.x; cb < bi; cb += blockDim.x)
        lsc[cb] = -INFINITY;
    for (int64_t g = 0; g < G && bi > 0; g++) {
        if (TC) {
            const float *lr = a.lg + ((r * G + g) * a.nq + tt) * a.nbc;
            for (int64_t cb = threadIdx.x; cb < bi; cb += blockDim.x)
                z[cb] = lr[cb];
        } else {
            const selk::bf16 *qr = a.q + ((a.b * a.q_len + t) * a.Hq + r * G + g) * a.d;
            for (int64_t x = threadIdx.x; x < a.d; x += blockDim.x)
                qs[x] = __bfloat162float(qr[x]);
            __syncthreads();
            for (int64_t cb = threadIdx.x; cb < bi; cb += blockDim.x) {
                float acc = 0.f;
                for (int64_t x = 0; x < a.d; x++)
                    acc += qs[x] * kc[cb * a.d + x];
                z[cb] = acc * scale;
            }
        }
        __syncthreads();
        const float lse = block_lse(z, bi, red_s);
        for (int64_t cb = threadIdx.x; cb < bi; cb += blockDim.x) {
            const float x = z[cb] - lse, y = lsc[cb], m = fmaxf(x, y);
            lsc[cb] = m == -INFINITY ? m : m + log1pf(expf(-fabsf(x - y)));
        }
        __syncthreads(); /* qs and z are rewritten by the next head */
    }
    selk::block_best(lsc, 1, lo, a.k - forced, picks, npick, red_s, red_i);
    if (threadIdx.x == 0) {
        const int32_t n = *npick;
        selk::sort_asc(picks, n);
        int32_t *row = a.sel + (r * a.nq + tt) * a.k, m = 0;
        if (lo > 0)
            row[m++] = 0;
        for (int32_t i = 0; i < n; i++)
            row[m++] = picks[i];
        for (int32_t x = lo; x <= (int32_t)bi; x++)
            row[m++] = x;
        while (m < a.k)
            row[m++] = -1;
    }
}

typedef sel_ctx nsa_ctx; /* kernels/common/select_tc.cuh */

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
}

const char *why_not(const struct attn_shape *s, const struct attn_params *p, bool tc) {
    const char *w = nsa_params_check(s, p);
    if (w)
        return w;
    bs_attn_args a;
    fill_bs(&a, s, p);
    w = bs_attn_check(&a);
    if (w)
        return w;
    if (smem_bytes(tc, s->head_dim, attn_nblocks(s->seq_len, p->block_size), p->topk) >
        NSA_SMEM_MAX)
        return "nsa cuda: too many blocks for one row's scores in shared memory";
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

size_t cu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return sel_ctx_workspace(s, p, s->heads_kv, NSA_SEL_CAP, false);
}

size_t tc_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return sel_ctx_workspace(s, p, s->heads_kv, NSA_SEL_CAP, true);
}

enum attn_status cu_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    return sel_ctx_init(ctx, "nsa cuda", why_not(s, p, false), s, p, s->heads_kv, NSA_SEL_CAP,
                        false, ws, stream);
}

enum attn_status tc_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    return sel_ctx_init(ctx, "nsa cuda", why_not(s, p, true), s, p, s->heads_kv, NSA_SEL_CAP, true,
                        ws, stream);
}

/* One (batch, query chunk) of the selection: (tc: the logits GEMM, then) the
 * fused score + top-k kernel into the workspace's [Hkv, nq, k], copied to
 * io->sel when given. */
enum attn_status select_chunk(nsa_ctx *c, const struct attn_io *io, int64_t b, int64_t t0,
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
                   k,
                   c->p.nsa_local};
    const size_t smem = smem_bytes(c->tc, d, nbc + 1, k);
    if (c->tc) {
        ATTN_CHECK(sel_tc_logits(&c->t, io->q, b, t0, nq, 1.0f / sqrtf((float)d), c->stream));
        nsa_select_kernel<true><<<(unsigned)(Hkv * nq), selk::SEL_THREADS, smem, c->stream>>>(sa);
    } else {
        nsa_select_kernel<false><<<(unsigned)(Hkv * nq), selk::SEL_THREADS, smem, c->stream>>>(sa);
    }
    CUDA_CHECK_LAUNCH();
    if (io->sel)
        ATTN_CHECK(sel_chunk_copy(io->sel, c->sel, b, Hkv, L, t0, nq, k, c->stream));
cleanup:
    return st;
}

/* The block-sparse kernel on rows t0..t0+nq-1 of batch b, sel [Hkv, nq, k]. */
enum attn_status attn_rows(nsa_ctx *c, const struct attn_io *io, int64_t b, int64_t t0, int64_t nq,
                           const int32_t *sel) {
    bs_attn_args a;
    fill_bs(&a, &c->s, &c->p);
    return bs_attn_rows(&a, io, b, t0, nq, sel, c->stream);
}

/* Variant ws: tc's selection; the main branch on flash ws_v1's kernel over the union of each
 * tile's tokens' blocks (flash/flash_ws.h), `sub` query rows a launch (its union lists in
 * `scratch`). */
struct nsa_ws {
    nsa_ctx *sc;
    char *scratch;
    int64_t sub;
};

const int64_t WS_SUB = 65536; /* rows a union launch: a multiple of every tile's tokens */

/* ws's main branch on rows t0..t0+nq-1 of batch b, sel [Hkv, nq, k]. */
enum attn_status ws_attn_rows(const nsa_ws *w, const struct attn_io *io, int64_t b, int64_t t0,
                              int64_t nq, const int32_t *sel) {
    enum attn_status st = ATTN_OK;
    const struct attn_shape *s = &w->sc->s;
    const int64_t N = s->seq_len, L = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim;
    const size_t kv = (size_t)(b * N * Hkv * d) * 2;
    struct attn_io io1 = *io;
    io1.k = static_cast<const char *>(io->k) + kv;
    io1.v = static_cast<const char *>(io->v) + kv;
    for (int64_t u0 = 0; u0 < nq; u0 += w->sub) {
        struct attn_shape s1 = *s;
        s1.batch = 1;
        s1.q_len = nq - u0 < w->sub ? nq - u0 : w->sub;
        const size_t qo = (size_t)((b * L + t0 + u0) * Hq * d) * 2;
        io1.q = static_cast<const char *>(io->q) + qo;
        io1.o = static_cast<char *>(io->o) + qo;
        ATTN_CHECK(flash_ws_union_launch(&s1, &io1, N - L + t0 + u0, sel, nq, u0, w->sc->p.topk,
                                         w->scratch, w->sc->stream));
    }
cleanup:
    return st;
}

/* Stage 0 "index" (the whole selection: pooled keys (tc: and their split),
 * then per chunk (tc: the logits GEMM and) the fused score + top-k kernel);
 * stage 1 "attn" (the main branch).  With io->sel (the runner always passes
 * it) stage 1 reads the selection there, every row of a batch in one launch,
 * so each stage is exactly its kernels.  Without it the workspace holds one
 * chunk: stage 0 also runs the attention of every chunk but the last, stage 1
 * the last one's (msa_cuda.cu's rule).  Either way run() == the stages in
 * order, bit for bit. */
enum attn_status run_stage(nsa_ctx *c, const nsa_ws *w, int stage, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    if (!c || !io || !io->q || !io->k || !io->v || !io->o) {
        attn_set_error("nsa cuda: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, L = s->q_len, Hkv = s->heads_kv, B = s->batch;
    const int64_t d = s->head_dim, bk = c->p.block_size, nbc = N / bk;
    const int32_t k = c->p.topk;
    auto select = [&](int64_t b, int64_t t0, int64_t nq) { return select_chunk(c, io, b, t0, nq); };
    auto attn = [&](int64_t b, int64_t t0, int64_t nq, const int32_t *sel) {
        return w ? ws_attn_rows(w, io, b, t0, nq, sel) : attn_rows(c, io, b, t0, nq, sel);
    };
    switch (stage) {
    case 0:
        ATTN_CHECK(pool_mean_launch(io->k, c->kc, B, N, Hkv, d, bk, c->stream));
        if (c->tc)
            ATTN_CHECK(sel_tc_split(&c->t, c->kc, c->stream));
        CUDA_CHECK(cudaFuncSetAttribute(c->tc ? nsa_select_kernel<true> : nsa_select_kernel<false>,
                                        cudaFuncAttributeMaxDynamicSharedMemorySize,
                                        (int)smem_bytes(c->tc, d, nbc + 1, k)));
        ATTN_CHECK(sel_stage_select(io, B, L, c->cq, c->sel, select, attn));
        break;
    case 1:
        ATTN_CHECK(sel_stage_attn(io, B, L, c->cq, Hkv * L * k, c->sel, attn));
        break;
    default:
        attn_set_error("nsa cuda: no stage %d", stage);
        return ATTN_ERR_INVALID;
    }
cleanup:
    return st;
}

enum attn_status cu_run_stage(void *ctx, int stage, const struct attn_io *io) {
    return run_stage((nsa_ctx *)ctx, NULL, stage, io);
}

enum attn_status cu_run(void *ctx, const struct attn_io *io) {
    return sel_run_stages(ctx, io, 2, cu_run_stage);
}

/* ---- variant ws ---- */

const char *ws_why_not(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = why_not(s, p, true);
    if (w)
        return w;
    if (s->mode != ATTN_PREFILL)
        return "nsa ws: prefill only (tc runs decode)";
    if (p->block_size != 128)
        return "nsa ws: block_size must be 128 (flash ws_v1's key tile; tc runs others)";
    return flash_ws_union_check(s, p);
}

bool ws_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = ws_why_not(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

int64_t ws_sub(const struct attn_shape *s) {
    return s->q_len < WS_SUB ? s->q_len : WS_SUB;
}

size_t ws_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return sel_ctx_workspace(s, p, s->heads_kv, NSA_SEL_CAP, true) +
           flash_ws_union_scratch(ws_sub(s), s->heads_kv, attn_group(s), p->topk);
}

void ws_free(void *ctx) {
    nsa_ws *w = (nsa_ws *)ctx;
    if (w)
        sel_ctx_free(w->sc);
    free(w);
}

enum attn_status ws_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    nsa_ws *w = (nsa_ws *)calloc(1, sizeof *w);
    *ctx = NULL;
    if (!w)
        return ATTN_ERR_NOMEM;
    ATTN_CHECK(sel_ctx_init((void **)&w->sc, "nsa cuda ws", ws_why_not(s, p), s, p, s->heads_kv,
                            NSA_SEL_CAP, true, ws, stream));
    ATTN_CHECK(flash_ws_list_prepare());
    w->scratch = (char *)ws + sel_ctx_workspace(s, p, s->heads_kv, NSA_SEL_CAP, true);
    w->sub = ws_sub(s);
    *ctx = w;
    w = NULL;
cleanup:
    ws_free(w);
    return st;
}

enum attn_status ws_run_stage(void *ctx, int stage, const struct attn_io *io) {
    nsa_ws *w = (nsa_ws *)ctx;
    return run_stage(w ? w->sc : NULL, w, stage, io);
}

enum attn_status ws_run(void *ctx, const struct attn_io *io) {
    return sel_run_stages(ctx, io, 2, ws_run_stage);
}

} /* namespace */

extern "C" {
extern const struct attn_impl attn_nsa_cuda, attn_nsa_cuda_tc, attn_nsa_cuda_ws;
}

const struct attn_impl attn_nsa_cuda = {
    ATTN_API_VERSION,
    "nsa",
    "cuda",
    "v1",
    "NSA selected branch: pooled keys, group-summed softmax scores + top-n, block-sparse kernel",
    ATTN_F_DEVICE | ATTN_F_SELECT,
    cu_supports,
    cu_workspace,
    cu_init,
    cu_run,
    sel_ctx_free,
    2,
    stage_names,
    cu_run_stage,
    nsa_sel_width,
};

const struct attn_impl attn_nsa_cuda_tc = {
    ATTN_API_VERSION,
    "nsa",
    "cuda",
    "tc",
    "NSA selected branch: pooled keys, tensor-core logits (exact bf16x3 split), group-summed "
    "softmax scores + top-n, block-sparse kernel",
    ATTN_F_DEVICE | ATTN_F_SELECT,
    tc_supports,
    tc_workspace,
    tc_init,
    cu_run,
    sel_ctx_free,
    2,
    stage_names,
    cu_run_stage,
    nsa_sel_width,
};

const struct attn_impl attn_nsa_cuda_ws = {
    ATTN_API_VERSION,
    "nsa",
    "cuda",
    "ws",
    "NSA selected branch: tc's selection; main branch on flash ws_v1's Hopper kernel over the "
    "union of each tile's tokens' blocks (sm_90a, Bk 128, d 128 prefill; others skipped)",
    ATTN_F_DEVICE | ATTN_F_SELECT,
    ws_supports,
    ws_workspace,
    ws_init,
    ws_run,
    ws_free,
    2,
    stage_names,
    ws_run_stage,
    nsa_sel_width,
};
