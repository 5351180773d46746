/* dense_cublas.cu - textbook attention with the score tensor materialized, bf16.
 *
 * What `full` and `gqa` are on the GPU (variant "cublas"):
 *   1. S = Q K^T * scale: cublasGemmStridedBatchedEx, bf16 operands, fp32 compute,
 *      fp32 output, into the workspace S [B, Hq, q_len, N].  One call per
 *      (batch, head-in-group g) batches the Hkv groups (strides cannot express
 *      h -> h/G in one batch).
 *   2. softmax_rows: one CTA per score row; causal mask, max-subtracted softmax in
 *      fp32, and P written as bf16 IN PLACE over the row's own fp32 scores (row pitch
 *      2N bf16), so the workspace is exactly the fp32 score tensor.
 *   3. O = P V: the second strided-batched GEMM, bf16 P and V, fp32 compute, bf16 O.
 * Workspace: 4*B*Hq*q_len*N bytes of scores (+ 32 MiB cuBLAS workspace): this is the
 * method that hits the memory wall first, and the memory model skips it there.
 *
 * Measured on NVIDIA H100 80GB HBM3 (B=1, Hq=32, Hkv=4, d=128, causal): N=4K/8K/16K
 * 2.19/8.56/36.4 ms = 63/64/60 useful TFLOP/s (flash mma_v1: ~310; the GEMMs also do the
 * masked half, and the 32 GiB score tensor at 16K crosses memory three times).
 */
#include "alloc.h"
#include "common/cuda_check.h"
#include "device.h"
#include "gqa/dense_cublas.h"

#include <cuda_bf16.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

namespace {

constexpr int SM_THREADS = 256;
constexpr size_t CUBLAS_WS = (size_t)32 << 20;

/* Row r of S: t = r % q_len, visible keys j <= N - q_len + t (causal) or all. */
__global__ void __launch_bounds__(SM_THREADS)
    softmax_rows(float *S, long long N, long long q_len, int causal) {
    __shared__ float red_m[SM_THREADS / 32], red_l[SM_THREADS / 32];
    const long long row = blockIdx.x;
    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    const long long t = row % q_len, pos = N - q_len + t;
    const long long nvis = causal ? (pos + 1 < N ? pos + 1 : N) : N;
    float *srow = S + row * N;

    /* pass 1: running (max, sum) per thread, then combined across the block */
    float m = -INFINITY, l = 0.f;
    for (long long j = tid; j < nvis; j += SM_THREADS) {
        const float x = srow[j];
        if (x > m) {
            l = l * __expf(m - x) + 1.f;
            m = x;
        } else {
            l += __expf(x - m);
        }
    }
    for (int off = 16; off > 0; off >>= 1) {
        const float m2 = __shfl_xor_sync(0xffffffffu, m, off);
        const float l2 = __shfl_xor_sync(0xffffffffu, l, off);
        const float mn = fmaxf(m, m2);
        l = (m == -INFINITY ? 0.f : l * __expf(m - mn)) +
            (m2 == -INFINITY ? 0.f : l2 * __expf(m2 - mn));
        m = mn;
    }
    if (lane == 0) {
        red_m[warp] = m;
        red_l[warp] = l;
    }
    __syncthreads();
    m = -INFINITY;
    for (int w = 0; w < SM_THREADS / 32; w++)
        m = fmaxf(m, red_m[w]);
    l = 0.f;
    for (int w = 0; w < SM_THREADS / 32; w++)
        if (red_m[w] != -INFINITY)
            l += red_l[w] * __expf(red_m[w] - m);
    const float inv = l > 0.f ? 1.f / l : 0.f;

    /* pass 2: P = exp(s - m) / l as bf16 over the same bytes.  Chunk c0 writes bf16
     * elements [c0, c0+CH), i.e. fp32 slots [c0/2, c0/2 + CH/2): all read already
     * (earlier chunks, or this chunk before the barrier). */
    constexpr int PER = 4, CH = SM_THREADS * PER;
    __nv_bfloat16 *prow = reinterpret_cast<__nv_bfloat16 *>(srow);
    for (long long c0 = 0; c0 < N; c0 += CH) {
        float x[PER];
#pragma unroll
        for (int k = 0; k < PER; k++) {
            const long long j = c0 + tid + k * SM_THREADS;
            x[k] = j < nvis ? __expf(srow[j] - m) * inv : 0.f;
        }
        __syncthreads();
#pragma unroll
        for (int k = 0; k < PER; k++) {
            const long long j = c0 + tid + k * SM_THREADS;
            if (j < N)
                prow[j] = __float2bfloat16(x[k]);
        }
    }
}

struct dc_ctx {
    struct attn_shape s;
    cudaStream_t stream;
    cublasHandle_t h;
    float *scores;
};

size_t score_bytes(const struct attn_shape *s) {
    return (size_t)s->batch * (size_t)s->heads_q * (size_t)s->q_len * (size_t)s->seq_len *
           sizeof(float);
}

bool supports_common(const struct attn_shape *s, const char **why) {
    const char *w = attn_shape_check(s, NULL);
    if (!w && s->seq_len > (1LL << 30))
        w = "dense cublas: seq_len too large for int GEMM sizes";
    if (!w && s->heads_q * s->head_dim > (1LL << 30))
        w = "dense cublas: heads * head_dim too large";
    if (!w && (double)s->batch * s->heads_q * s->q_len * s->seq_len > 4.6e18 / 4)
        w = "dense cublas: score tensor size overflows";
    if (!w && (s->head_dim % 8) != 0)
        w = "dense cublas: head_dim must be a multiple of 8";
    if (w && why)
        *why = w;
    return w == NULL;
}

} /* namespace */

extern "C" bool dense_cublas_supports_mha(const struct attn_shape *s, const struct attn_params *p,
                                          const char **why) {
    (void)p;
    if (!supports_common(s, why))
        return false;
    if (s->heads_kv != s->heads_q) {
        if (why)
            *why = "full attention needs heads_kv == heads_q";
        return false;
    }
    return true;
}

extern "C" bool dense_cublas_supports_gqa(const struct attn_shape *s, const struct attn_params *p,
                                          const char **why) {
    (void)p;
    return supports_common(s, why);
}

extern "C" size_t dense_cublas_workspace(const struct attn_shape *s, const struct attn_params *p) {
    (void)p;
    return ((score_bytes(s) + 255) & ~(size_t)255) + CUBLAS_WS;
}

extern "C" enum attn_status dense_cublas_init(void **ctx, const struct attn_shape *s,
                                              const struct attn_params *p, void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    struct dc_ctx *c = NULL;
    const char *why = NULL;
    if (!supports_common(s, &why)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    (void)p;
    if (!ws) {
        attn_set_error("dense cublas: workspace missing");
        return ATTN_ERR_INVALID;
    }
    c = (struct dc_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->stream = (cudaStream_t)stream;
    c->scores = (float *)ws;
    CUBLAS_CHECK(cublasCreate(&c->h));
    CUBLAS_CHECK(cublasSetStream(c->h, c->stream));
    /* A fixed workspace: no allocation inside run, so graph capture works. */
    CUBLAS_CHECK(
        cublasSetWorkspace(c->h, (char *)ws + ((score_bytes(s) + 255) & ~(size_t)255), CUBLAS_WS));
    *ctx = c;
    c = NULL;
cleanup:
    if (c) {
        if (c->h)
            cublasDestroy(c->h);
        free(c);
    }
    return st;
}

extern "C" enum attn_status dense_cublas_run(void *ctx, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    const struct dc_ctx *c = (const struct dc_ctx *)ctx;
    const struct attn_shape *s = &c->s;
    const long long N = s->seq_len, Nq = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const long long d = s->head_dim, G = Hq / Hkv;
    const float scale = (float)(1.0 / sqrt((double)d)), one = 1.f, zero = 0.f;
    const __nv_bfloat16 *q = (const __nv_bfloat16 *)io->q, *k = (const __nv_bfloat16 *)io->k,
                        *v = (const __nv_bfloat16 *)io->v;
    __nv_bfloat16 *o = (__nv_bfloat16 *)io->o;

    /* S^T (column-major N x Nq per head) = K_h (d x N, ld Hkv*d)^T * Q_h (d x Nq, ld Hq*d) */
    for (long long b = 0; b < s->batch; b++)
        for (long long g = 0; g < G; g++)
            CUBLAS_CHECK(cublasGemmStridedBatchedEx(
                c->h, CUBLAS_OP_T, CUBLAS_OP_N, (int)N, (int)Nq, (int)d, &scale,
                k + b * N * Hkv * d, CUDA_R_16BF, (int)(Hkv * d), d, q + b * Nq * Hq * d + g * d,
                CUDA_R_16BF, (int)(Hq * d), G * d, &zero, c->scores + ((b * Hq + g) * Nq) * N,
                CUDA_R_32F, (int)N, G * Nq * N, (int)Hkv, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));

    softmax_rows<<<(unsigned)(s->batch * Hq * Nq), SM_THREADS, 0, c->stream>>>(c->scores, N, Nq,
                                                                               s->causal ? 1 : 0);
    CUDA_CHECK_LAUNCH();

    /* O_h^T (d x Nq, ld Hq*d) = V_h (d x N, ld Hkv*d) * P_h^T (N x Nq, ld 2N bf16) */
    for (long long b = 0; b < s->batch; b++)
        for (long long g = 0; g < G; g++)
            CUBLAS_CHECK(cublasGemmStridedBatchedEx(
                c->h, CUBLAS_OP_N, CUBLAS_OP_N, (int)d, (int)Nq, (int)N, &one, v + b * N * Hkv * d,
                CUDA_R_16BF, (int)(Hkv * d), d,
                (const __nv_bfloat16 *)(c->scores + ((b * Hq + g) * Nq) * N), CUDA_R_16BF,
                (int)(2 * N), 2 * G * Nq * N, &zero, o + b * Nq * Hq * d + g * d, CUDA_R_16BF,
                (int)(Hq * d), G * d, (int)Hkv, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
cleanup:
    return st;
}

extern "C" void dense_cublas_free(void *ctx) {
    struct dc_ctx *c = (struct dc_ctx *)ctx;
    if (!c)
        return;
    if (c->h)
        cublasDestroy(c->h);
    free(c);
}
