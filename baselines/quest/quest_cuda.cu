/* quest_cuda.cu - Quest (definition: quest.h) on CUDA, decode only, variant
 * "v1".
 *
 * Three steps per call: the elementwise min/max of the keys of every complete
 * page (mm [B, Hkv, N / Bk, 2, d] fp32 in the workspace, one thread per
 * element); a selection kernel with one thread block per (query head, query
 * row) that builds the min/max of the row's partly visible last page, the
 * bounds sum_c max(q_c kmin_c, q_c kmax_c) of every visible page (fp32, in
 * dimension order like quest_cpu.c) into shared memory, keeps the best topk
 * by repeated block argmax (ties: smaller id), ascending; then the shared
 * block-sparse kernel (kernels/common/blocksparse_cuda.cu) in its per-head
 * mode.  io->sel, when given, gets every row in quest.h's layout
 * [B, Hq, q_len, topk].
 * Stages {"index", "attn"} (cu_run_stage): "index" the whole selection (the
 * page min/max and quest_select_kernel, whose bounds and top-k are one
 * kernel, not split), "attn" the block-sparse kernel, reading io->sel when
 * given.
 * Speed: not yet measured on a GPU (the attention runs one head per warp: 1
 * of the mma tile's 16 rows busy). */
#include "common/blocksparse_cuda.h"
#include "common/cuda_check.h"
#include "common/select_cuda.cuh"
#include "common/workspace.h"
extern "C" {
#include "quest/quest.h"
}

#include <stdlib.h>
#include <string.h>

namespace {

const size_t QUEST_SEL_CAP = (size_t)256 << 20;
const size_t QUEST_SMEM_MAX = (size_t)200 << 10;

/* "index" is the whole selection (page min/max + the fused bound/top-k kernel). */
const char *const stage_names[2] = {"index", "attn"};

struct sel_args {
    const selk::bf16 *q, *kv; /* kv: the keys */
    const float *mm;
    int32_t *sel; /* [Hq, nq, k] */
    int64_t b, t0, nq, q_len, N, Hq, Hkv, d, bk, nbc;
    int32_t k;
    bool causal;
};

size_t align256(size_t x) {
    return (x + 255) & ~(size_t)255;
}

size_t smem_bytes(int64_t d, int64_t nb, int32_t k) {
    return (size_t)(3 * d + nb) * 4 + (size_t)k * 4 + 33 * 8 + 16;
}

/* mm[b, r, pg, 0|1, x] = min | max of K[b, j, r, x] over the Bk keys of
 * complete page pg: one thread per (b, r, pg, x). */
__global__ void quest_minmax_kernel(const selk::bf16 *__restrict__ k, float *__restrict__ mm,
                                    int64_t B, int64_t N, int64_t Hkv, int64_t d, int64_t bk,
                                    int64_t nbc) {
    const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= B * Hkv * nbc * d)
        return;
    const int64_t x = i % d, pg = (i / d) % nbc, r = (i / (d * nbc)) % Hkv, b = i / (d * nbc * Hkv);
    float lo = INFINITY, hi = -INFINITY;
    for (int64_t j = pg * bk; j < (pg + 1) * bk; j++) {
        const float v = __bfloat162float(k[((b * N + j) * Hkv + r) * d + x]);
        lo = fminf(lo, v);
        hi = fmaxf(hi, v);
    }
    float *o = mm + (((b * Hkv + r) * nbc + pg) * 2) * d;
    o[x] = lo;
    o[d + x] = hi;
}

/* One thread block per (query head, query row): the tail page's min/max, the
 * bounds of every visible page, the best topk, ascending. */
__global__ void __launch_bounds__(selk::SEL_THREADS) quest_select_kernel(sel_args a) {
    extern __shared__ __align__(16) unsigned char smem_raw[];
    float *qs = reinterpret_cast<float *>(smem_raw), *tail = qs + a.d, *sc = tail + 2 * a.d;
    int32_t *picks = reinterpret_cast<int32_t *>(sc + a.nbc + 1);
    float *red_s = reinterpret_cast<float *>(picks + a.k);
    int32_t *red_i = reinterpret_cast<int32_t *>(red_s + 33), *npick = red_i + 33;
    const int64_t tt = blockIdx.x % a.nq, h = blockIdx.x / a.nq, t = a.t0 + tt;
    const int64_t pos = a.N - a.q_len + t, r = h / (a.Hq / a.Hkv);
    const int64_t vis_end = a.causal ? pos + 1 : a.N, nfull = vis_end / a.bk;
    const int64_t npg = nfull + (vis_end % a.bk != 0);
    const selk::bf16 *qr = a.q + ((a.b * a.q_len + t) * a.Hq + h) * a.d;
    const selk::bf16 *kr = a.kv + (a.b * a.N * a.Hkv + r) * a.d;
    for (int64_t x = threadIdx.x; x < a.d; x += blockDim.x) {
        qs[x] = __bfloat162float(qr[x]);
        float lo = INFINITY, hi = -INFINITY;
        for (int64_t j = nfull * a.bk; j < vis_end; j++) {
            const float v = __bfloat162float(kr[j * a.Hkv * a.d + x]);
            lo = fminf(lo, v);
            hi = fmaxf(hi, v);
        }
        tail[x] = lo;
        tail[a.d + x] = hi;
    }
    __syncthreads();
    const float *mm = a.mm + (a.b * a.Hkv + r) * a.nbc * 2 * a.d;
    for (int64_t pg = threadIdx.x; pg < npg; pg += blockDim.x) {
        const float *m = pg < nfull ? mm + pg * 2 * a.d : tail;
        float acc = 0.f;
        for (int64_t x = 0; x < a.d; x++)
            acc += fmaxf(qs[x] * m[x], qs[x] * m[a.d + x]);
        sc[pg] = acc;
    }
    __syncthreads();
    selk::block_best(sc, 0, (int32_t)npg, a.k, picks, npick, red_s, red_i);
    if (threadIdx.x == 0) {
        int32_t n = *npick;
        selk::sort_asc(picks, n);
        int32_t *row = a.sel + (h * a.nq + tt) * a.k;
        for (int32_t i = 0; i < n; i++)
            row[i] = picks[i];
        while (n < a.k)
            row[n++] = -1;
    }
}

struct quest_ctx {
    struct attn_shape s;
    struct attn_params p;
    float *mm;
    int32_t *sel;
    int64_t cq;
    cudaStream_t stream;
};

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
    a->causal = s->causal;
    a->sel_per_head = true;
}

const char *why_not(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = quest_params_check(s, p);
    if (w)
        return w;
    bs_attn_args a;
    fill_bs(&a, s, p);
    w = bs_attn_check(&a);
    if (w)
        return w;
    if (smem_bytes(s->head_dim, attn_nblocks(s->seq_len, p->block_size), p->topk) > QUEST_SMEM_MAX)
        return "quest cuda: too many blocks for one row's scores in shared memory";
    return NULL;
}

bool cu_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = why_not(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t kc_bytes(const struct attn_shape *s, const struct attn_params *p) {
    return (size_t)(s->batch * s->heads_kv * (s->seq_len / p->block_size) * 2 * s->head_dim) * 4;
}

int64_t chunk_rows(const struct attn_shape *s, const struct attn_params *p) {
    return sel_chunk_rows(s->q_len, s->heads_q, p->topk, contemp_chunk_cap(QUEST_SEL_CAP));
}

size_t cu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    return align256(kc_bytes(s, p)) +
           (size_t)(s->heads_q * chunk_rows(s, p) * p->topk) * sizeof(int32_t);
}

enum attn_status cu_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    *ctx = NULL;
    const enum attn_status st = ws_init_check("quest cuda", why_not(s, p), ws);
    if (st != ATTN_OK)
        return st;
    quest_ctx *c = (quest_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->mm = (float *)ws;
    c->sel = (int32_t *)((char *)ws + align256(kc_bytes(s, p)));
    c->cq = chunk_rows(s, p);
    c->stream = (cudaStream_t)stream;
    *ctx = c;
    return ATTN_OK;
}

/* One (batch, query chunk) of the selection: the fused score + top-k kernel
 * into the workspace's [Hq, nq, k], copied to io->sel when given. */
enum attn_status select_chunk(quest_ctx *c, const struct attn_io *io, int64_t b, int64_t t0,
                              int64_t nq) {
    enum attn_status st = ATTN_OK;
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, L = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, bk = c->p.block_size, nbc = N / bk;
    const int32_t k = c->p.topk;
    sel_args sa = {static_cast<const selk::bf16 *>(io->q),
                   static_cast<const selk::bf16 *>(io->k),
                   c->mm,
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
                   s->causal};
    quest_select_kernel<<<(unsigned)(Hq * nq), selk::SEL_THREADS, smem_bytes(d, nbc + 1, k),
                          c->stream>>>(sa);
    CUDA_CHECK_LAUNCH();
    if (io->sel)
        ATTN_CHECK(sel_chunk_copy(io->sel, c->sel, b, Hq, L, t0, nq, k, c->stream));
cleanup:
    return st;
}

/* The block-sparse kernel on rows t0..t0+nq-1 of batch b, sel [Hq, nq, k]. */
enum attn_status attn_rows(quest_ctx *c, const struct attn_io *io, int64_t b, int64_t t0,
                           int64_t nq, const int32_t *sel) {
    bs_attn_args a;
    fill_bs(&a, &c->s, &c->p);
    return bs_attn_rows(&a, io, b, t0, nq, sel, c->stream);
}

/* Stage 0 "index" (the whole selection: page min/max, then the fused bound +
 * top-k kernel of every chunk, one stage since that kernel is not split);
 * stage 1 "attn" (the main branch).  With io->sel (the runner always passes
 * it) stage 1 reads the selection there, every row of a batch in one launch,
 * so each stage is exactly its kernels.  Without it the workspace holds one
 * chunk: stage 0 also runs the attention of every chunk but the last, stage 1
 * the last one's (msa_cuda.cu's rule).  Either way run() == the stages in
 * order, bit for bit. */
enum attn_status cu_run_stage(void *ctx, int stage, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    quest_ctx *c = (quest_ctx *)ctx;
    if (!c || !io || !io->q || !io->k || !io->v || !io->o) {
        attn_set_error("quest cuda: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, L = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv, B = s->batch;
    const int64_t d = s->head_dim, bk = c->p.block_size, nbc = N / bk;
    const int32_t k = c->p.topk;
    auto select = [&](int64_t b, int64_t t0, int64_t nq) { return select_chunk(c, io, b, t0, nq); };
    auto attn = [&](int64_t b, int64_t t0, int64_t nq, const int32_t *sel) {
        return attn_rows(c, io, b, t0, nq, sel);
    };
    switch (stage) {
    case 0:
        if (B * Hkv * nbc * d > 0) {
            const int64_t n = B * Hkv * nbc * d;
            quest_minmax_kernel<<<(unsigned)((n + 255) / 256), 256, 0, c->stream>>>(
                static_cast<const selk::bf16 *>(io->k), c->mm, B, N, Hkv, d, bk, nbc);
            CUDA_CHECK_LAUNCH();
        }
        CUDA_CHECK(cudaFuncSetAttribute(quest_select_kernel,
                                        cudaFuncAttributeMaxDynamicSharedMemorySize,
                                        (int)smem_bytes(d, nbc + 1, k)));
        ATTN_CHECK(sel_stage_select(io, B, L, c->cq, c->sel, select, attn));
        break;
    case 1:
        ATTN_CHECK(sel_stage_attn(io, B, L, c->cq, Hq * L * k, c->sel, attn));
        break;
    default:
        attn_set_error("quest cuda: no stage %d", stage);
        return ATTN_ERR_INVALID;
    }
cleanup:
    return st;
}

enum attn_status cu_run(void *ctx, const struct attn_io *io) {
    return sel_run_stages(ctx, io, 2, cu_run_stage);
}

void cu_free(void *ctx) {
    free(ctx);
}

} /* namespace */

extern "C" {
extern const struct attn_impl attn_quest_cuda;
}

const struct attn_impl attn_quest_cuda = {
    ATTN_API_VERSION,
    "quest",
    "cuda",
    "v1",
    "Quest (decode): page min/max, per-head bounds + top-k, block-sparse kernel in per-head mode",
    ATTN_F_DEVICE | ATTN_F_SELECT,
    cu_supports,
    cu_workspace,
    cu_init,
    cu_run,
    cu_free,
    2,
    stage_names,
    cu_run_stage,
    quest_sel_width,
};
