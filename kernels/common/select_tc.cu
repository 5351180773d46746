/* select_tc.cu - the tensor-core block logits of kernels/common/select_tc.cuh:
 * the exact three-way bf16 split of the pooled keys, the queries of a chunk
 * packed per head (three times along d), and one strided-batched bf16 GEMM per
 * chunk (batch: the KV groups; rows: the group's G heads x the chunk's rows).
 * Measured (H200, run9, paper shape, 128K, topk 16): nsa's whole "index" stage
 * 60 ms and moba's 230 ms (v1: 2.1 s and 2.2 s); at 1M 3.4 s and 5.6 s
 * (baselines/nsa, baselines/moba headers). */
#include "common/cuda_check.h"
#include "common/select_tc.cuh"
#include "common/workspace.h"

#include <limits.h>
#include <stdlib.h>

namespace {

const size_t LG_CAP = (size_t)1 << 30;   /* one chunk's logits */
const size_t BLAS_WS = (size_t)32 << 20; /* cuBLAS's suggestion for Hopper */

size_t up256(size_t x) {
    return (x + 255) & ~(size_t)255;
}

/* kc3[i / d][j * d + i % d] = piece j of kc[i]: hi = rn(x), lo = rn(x - hi),
 * lo2 = x - hi - lo (exact in bf16, see the header). */
__global__ void split3_kernel(const float *__restrict__ kc, selk::bf16 *__restrict__ kc3, int64_t n,
                              int64_t d) {
    const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    const float x = kc[i];
    const selk::bf16 hi = __float2bfloat16_rn(x);
    const float r1 = x - __bfloat162float(hi);
    const selk::bf16 lo = __float2bfloat16_rn(r1);
    selk::bf16 *o = kc3 + (i / d) * 3 * d + i % d;
    o[0] = hi;
    o[d] = lo;
    o[2 * d] = __float2bfloat16_rn(r1 - __bfloat162float(lo));
}

/* q3[(h * nq + tt) * 3d + j * d + x] = q[b, t0 + tt, h, x] for j = 0, 1, 2. */
__global__ void pack_q3_kernel(const selk::bf16 *__restrict__ q, selk::bf16 *__restrict__ q3,
                               int64_t b, int64_t t0, int64_t nq, int64_t L, int64_t Hq,
                               int64_t d) {
    const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= Hq * nq * d)
        return;
    const int64_t x = i % d, tt = (i / d) % nq, h = i / (d * nq);
    const selk::bf16 v = q[((b * L + t0 + tt) * Hq + h) * d + x];
    selk::bf16 *o = q3 + (h * nq + tt) * 3 * d + x;
    o[0] = v;
    o[d] = v;
    o[2 * d] = v;
}

} /* namespace */

const char *sel_tc_check(const struct attn_shape *s, int64_t bk) {
    const int64_t nbc = s->seq_len / bk;
    if (nbc > INT_MAX / 4)
        return "tc: too many blocks for one GEMM dimension";
    if ((size_t)(s->heads_q * nbc) * 4 > LG_CAP)
        return "tc: one query row's logits (heads_q x blocks fp32) exceed the 1 GiB buffer";
    return NULL;
}

int64_t sel_ctx_rows(const struct attn_shape *s, const struct attn_params *p, int64_t R,
                     size_t sel_cap, bool tc) {
    const int64_t cq = sel_chunk_rows(s->q_len, R, p->topk, contemp_chunk_cap(sel_cap));
    const int64_t cl = tc ? sel_chunk_rows(s->q_len, s->heads_q, s->seq_len / p->block_size,
                                           contemp_chunk_cap(LG_CAP))
                          : cq;
    return cl < cq ? cl : cq;
}

/* Sizes the workspace (base NULL) or also points c's pieces into it. */
static size_t layout(const struct attn_shape *s, const struct attn_params *p, int64_t R,
                     size_t sel_cap, bool tc, char *base, sel_ctx *c) {
    const int64_t cq = sel_ctx_rows(s, p, R, sel_cap, tc), d = s->head_dim;
    const int64_t nbc = s->seq_len / p->block_size, n3 = tc ? 3 * d : 0;
    const size_t sz[6] = {
        up256((size_t)(s->batch * s->heads_kv * nbc * d) * 4),  /* kc */
        up256((size_t)(R * cq * p->topk) * 4),                  /* sel */
        up256((size_t)(s->batch * s->heads_kv * nbc * n3) * 2), /* kc3 */
        up256((size_t)(s->heads_q * cq * n3) * 2),              /* q3 */
        tc ? up256((size_t)(s->heads_q * cq * nbc) * 4) : 0,    /* logits */
        tc ? BLAS_WS : 0,                                       /* cuBLAS's workspace */
    };
    void *blas = NULL;
    void **const dst[6] = {(void **)&c->kc,   (void **)&c->sel,  (void **)&c->t.kc3,
                           (void **)&c->t.q3, (void **)&c->t.lg, &blas};
    const size_t total = WS_CARVE(base, sz, dst);
    if (base && tc)
        c->blas = blas;
    return total;
}

size_t sel_ctx_workspace(const struct attn_shape *s, const struct attn_params *p, int64_t R,
                         size_t sel_cap, bool tc) {
    sel_ctx c;
    return layout(s, p, R, sel_cap, tc, NULL, &c);
}

void sel_ctx_free(void *ctx) {
    sel_ctx *c = (sel_ctx *)ctx;
    if (c && c->t.h)
        cublasDestroy(c->t.h);
    free(c);
}

enum attn_status sel_ctx_init(void **ctx, const char *who, const char *why,
                              const struct attn_shape *s, const struct attn_params *p, int64_t R,
                              size_t sel_cap, bool tc, void *ws, void *stream) {
    *ctx = NULL;
    enum attn_status st = ws_init_check(who, why, ws);
    if (st != ATTN_OK)
        return st;
    sel_ctx *c = (sel_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    layout(s, p, R, sel_cap, tc, (char *)ws, c);
    c->s = *s;
    c->p = *p;
    c->cq = sel_ctx_rows(s, p, R, sel_cap, tc);
    c->tc = tc;
    c->stream = (cudaStream_t)stream;
    c->t.B = s->batch;
    c->t.L = s->q_len;
    c->t.Hq = s->heads_q;
    c->t.Hkv = s->heads_kv;
    c->t.d = s->head_dim;
    c->t.nbc = s->seq_len / p->block_size;
    if (tc) {
        CUBLAS_CHECK(cublasCreate(&c->t.h));
        CUBLAS_CHECK(cublasSetStream(c->t.h, c->stream));
        CUBLAS_CHECK(cublasSetWorkspace(c->t.h, c->blas, BLAS_WS));
        /* bf16 in, CUBLAS_COMPUTE_32F: tensor cores with an fp32 accumulator */
        CUBLAS_CHECK(cublasSetMathMode(c->t.h, CUBLAS_DEFAULT_MATH));
    }
    *ctx = c;
    c = NULL;
cleanup:
    sel_ctx_free(c);
    return st;
}

enum attn_status sel_tc_split(struct sel_tc *t, const float *kc, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t n = t->B * t->Hkv * t->nbc * t->d;
    if (n > 0) {
        split3_kernel<<<(unsigned)((n + 255) / 256), 256, 0, stream>>>(kc, t->kc3, n, t->d);
        CUDA_CHECK_LAUNCH();
    }
cleanup:
    return st;
}

enum attn_status sel_tc_logits(struct sel_tc *t, const void *q, int64_t b, int64_t t0, int64_t nq,
                               float alpha, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t G = t->Hq / t->Hkv, d = t->d, nbc = t->nbc, n = t->Hq * nq * d;
    const float beta = 0.f;
    if (nbc == 0 || nq == 0) /* no complete block: nothing is read */
        return ATTN_OK;
    pack_q3_kernel<<<(unsigned)((n + 255) / 256), 256, 0, stream>>>(
        static_cast<const selk::bf16 *>(q), t->q3, b, t0, nq, t->L, t->Hq, d);
    CUDA_CHECK_LAUNCH();
    /* column-major: C_r (nbc x G*nq) = kc3_r^T (nbc x 3d) . q3_r (3d x G*nq), per group r;
     * C_r's column g * nq + tt is row (r * G + g, tt) of lg [Hq, nq, nbc] */
    CUBLAS_CHECK(cublasGemmStridedBatchedEx(
        t->h, CUBLAS_OP_T, CUBLAS_OP_N, (int)nbc, (int)(G * nq), (int)(3 * d), &alpha,
        t->kc3 + b * t->Hkv * nbc * 3 * d, CUDA_R_16BF, (int)(3 * d), (long long)(nbc * 3 * d),
        t->q3, CUDA_R_16BF, (int)(3 * d), (long long)(G * nq * 3 * d), &beta, t->lg, CUDA_R_32F,
        (int)nbc, (long long)(G * nq * nbc), (int)t->Hkv, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
cleanup:
    return st;
}
