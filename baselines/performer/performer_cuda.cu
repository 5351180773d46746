/* performer_cuda.cu - FAVOR+ linear attention (SPEC section 2) on the GPU, variant "cublas".
 *
 * phi(x)_l = exp(w_l . x - |x|^2 / (2 sqrt d) - c) with the features w [m, d] of the KV
 * head (already scaled by d^(-1/4), the SAME values as the CPU performer: filled from
 * performer_features() per KV head), O = phi(Q) (phi(K)^T [V 1]) then divided by its last
 * column.  The stabilizer c cancels exactly between numerator and denominator: per query
 * row its own max over features, per (batch, KV head) one max over all keys and features.
 * The 1/sqrt(m) factor cancels too and is left out.
 *
 * Everything past the bf16 inputs is fp32 (fp32 SGEMMs, no TF32): the feature logits
 * w.x reach +-100 at large inputs, where bf16 or TF32 logits would cost percent-level
 * errors in exp.  Per (batch, KV head):
 *   1. K and [V 1] of the head to fp32 rows (padded to whole chunks), |k|^2 terms;
 *   2. U = K W^T (SGEMM), row maxima, one max, phi(K) = exp(U - ...) in place;
 *   3. causal prefill, chunks of C = pf_chunk keys: T_c = phi(K_c)^T [V_c 1] (batched
 *      SGEMM), exclusive prefix sum over chunks (S_c = sum of T before c);
 *      non-causal or decode: one S = phi(K)^T [V 1] over the visible prefix;
 *   then for each of the G query heads of the group:
 *   4. Q to fp32, U = Q W^T, phi(Q) with per-row max;
 *   5. O = phi(Q_c) S_c (batched SGEMM) + tril(phi(Q_c) phi(K_c)^T) [V_c 1] (intra-chunk);
 *      decode causal: the q_len newest keys are the one partial "chunk";
 *   6. o = O[:, :d] / O[:, d] -> bf16.
 * Workspace: O((N + chunks*m) * (d + m)) floats for one head at a time.
 *
 * Measured on NVIDIA H100 80GB HBM3 (B=1, Hq=32, Hkv=4, d=128, causal, m=621, chunk 64):
 * N=16K/32K/64K/128K 15.4/29.7/57.8/108.9 ms, 21.6-24.5 TFLOP/s by SPEC's 8*N*m*d per head
 * (linear in N; 4.1x faster than flash mma_v1 at 128K).  First version.
 */
#include "alloc.h"
#include "common/cuda_check.h"
#include "device.h"
extern "C" { /* a C header without C++ guards */
#include "performer/performer_features.h"
}

#include <cuda_bf16.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* init with features given by the caller (the bench uses random ones). */
extern "C" enum attn_status performer_cuda_init_features(void **ctx, const struct attn_shape *s,
                                                         const struct attn_params *p, void *ws,
                                                         void *stream, const double *w);

namespace {

constexpr size_t CUBLAS_WS = (size_t)32 << 20;

/* x [rows_valid, H, d] (one batch element) head h -> out [rows_pad, ld] fp32; rows past
 * rows_valid are zero.  ones: column d = 1 (the denominator column).  nrm[j] = |x_j|^2 * ns. */
__global__ void head_to_f32(const __nv_bfloat16 *x, long long rows_valid, long long rows_pad, int H,
                            int h, int d, int ld, float *out, float *nrm, int ones, float ns) {
    const long long row = (long long)blockIdx.x * (blockDim.x / 32) + threadIdx.x / 32;
    const int lane = threadIdx.x & 31;
    if (row >= rows_pad)
        return;
    float *o = out + row * ld;
    float acc = 0.f;
    if (row < rows_valid) {
        const __nv_bfloat16 *src = x + (row * H + h) * d;
        for (int c = lane; c < d; c += 32) {
            const float v = __bfloat162float(src[c]);
            o[c] = v;
            acc += v * v;
        }
        for (int c = d + lane; c < ld; c += 32)
            o[c] = (ones && c == d) ? 1.f : 0.f;
    } else {
        for (int c = lane; c < ld; c += 32)
            o[c] = 0.f;
    }
    if (nrm) {
        for (int off = 16; off > 0; off >>= 1)
            acc += __shfl_xor_sync(0xffffffffu, acc, off);
        if (lane == 0)
            nrm[row] = acc * ns;
    }
}

__device__ float block_max(float v, float *red) {
    for (int off = 16; off > 0; off >>= 1)
        v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, off));
    if ((threadIdx.x & 31) == 0)
        red[threadIdx.x / 32] = v;
    __syncthreads();
    float r = -INFINITY;
    for (int w = 0; w < (int)(blockDim.x / 32); w++)
        r = fmaxf(r, red[w]);
    __syncthreads();
    return r;
}

/* One block per row of U [rows_pad, m] (row-major).  MODE 0 (queries): phi with the
 * row's own max.  MODE 1 (keys, pass 1): the row max of U - nrm into rowmax.  MODE 2
 * (keys, pass 2): phi with the one max *gmax.  Rows past rows_valid become zero. */
template <int MODE>
__global__ void feat_rows(float *U, const float *nrm, long long rows_valid, int m, float *rowmax,
                          const float *gmax) {
    __shared__ float red[32];
    const long long i = blockIdx.x;
    float *u = U + i * m;
    if (i >= rows_valid) {
        if (MODE == 1) {
            if (threadIdx.x == 0)
                rowmax[i] = -INFINITY;
        } else {
            for (int l = threadIdx.x; l < m; l += blockDim.x)
                u[l] = 0.f;
        }
        return;
    }
    const float nr = nrm[i];
    if (MODE == 2) {
        const float c = *gmax;
        for (int l = threadIdx.x; l < m; l += blockDim.x)
            u[l] = __expf(u[l] - nr - c);
        return;
    }
    float mx = -INFINITY;
    for (int l = threadIdx.x; l < m; l += blockDim.x)
        mx = fmaxf(mx, u[l] - nr);
    mx = block_max(mx, red);
    if (MODE == 1) {
        if (threadIdx.x == 0)
            rowmax[i] = mx;
    } else {
        for (int l = threadIdx.x; l < m; l += blockDim.x)
            u[l] = __expf(u[l] - nr - mx);
    }
}

__global__ void reduce_max(const float *v, long long n, float *out) {
    __shared__ float red[32];
    float mx = -INFINITY;
    for (long long i = threadIdx.x; i < n; i += blockDim.x)
        mx = fmaxf(mx, v[i]);
    mx = block_max(mx, red);
    if (threadIdx.x == 0)
        *out = mx;
}

/* T [nc, e_n]: T[c] := sum of T[c'] for c' < c (exclusive scan over chunks). */
__global__ void scan_chunks(float *T, long long nc, long long e_n) {
    const long long e = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (e >= e_n)
        return;
    float run = 0.f;
    for (long long c = 0; c < nc; c++) {
        const float t = T[c * e_n + e];
        T[c * e_n + e] = run;
        run += t;
    }
}

/* A [nb, C, C] row-major: zero above the diagonal (key j after query i in the chunk). */
__global__ void tril(float *A, long long nb, int C) {
    const long long n = nb * C * C;
    for (long long x = (long long)blockIdx.x * blockDim.x + threadIdx.x; x < n;
         x += (long long)gridDim.x * blockDim.x) {
        const int j = (int)(x % C), i = (int)((x / C) % C);
        if (j > i)
            A[x] = 0.f;
    }
}

/* o[b, t, h, :] = Ob[t, :d] / Ob[t, d] in bf16. */
__global__ void finalize(const float *Ob, int ld, long long nq, int H, int h, int d,
                         __nv_bfloat16 *o) {
    const long long t = blockIdx.x;
    if (t >= nq)
        return;
    const float *r = Ob + t * ld;
    const float inv = 1.f / r[d];
    for (int c = threadIdx.x; c < d; c += blockDim.x)
        o[(t * H + h) * d + c] = __float2bfloat16(r[c] * inv);
}

struct pf_ctx {
    struct attn_shape s;
    int64_t m, C, nc, Np, Nqp; /* features, chunk, chunks, padded key / query rows */
    int ld;                    /* row pitch of [V 1] and of the outputs: d + 4 */
    bool chunked;              /* causal prefill */
    cudaStream_t stream;
    cublasHandle_t h;
    float *W; /* [Hkv, m, d] */
    float *Kf, *Vf, *Qf, *nk, *nq, *Uk, *Uq, *T, *S, *A, *Ob, *rowmax, *gmax;
};

int64_t num_features(const struct attn_shape *s, const struct attn_params *p) {
    return performer_num_features(s, p);
}

/* Workspace carving: every piece 256-byte aligned, in floats. */
struct layout {
    size_t off[14], total;
};

void make_layout(const struct attn_shape *s, const struct attn_params *p, layout *L) {
    const int64_t d = s->head_dim, m = num_features(s, p), C = p->pf_chunk;
    const int64_t nc = (s->seq_len + C - 1) / C, Np = nc * C;
    const bool chunked = s->causal && s->mode == ATTN_PREFILL;
    const int64_t Nqp = chunked ? Np : s->q_len, ld = d + 4;
    const size_t n[14] = {
        (size_t)(s->heads_kv * m * d),                                  /* W */
        (size_t)(Np * d),                                               /* Kf */
        (size_t)(Np * ld),                                              /* Vf */
        (size_t)(Nqp * d),                                              /* Qf */
        (size_t)Np,                                                     /* nk */
        (size_t)Nqp,                                                    /* nq */
        (size_t)(Np * m),                                               /* Uk */
        (size_t)(Nqp * m),                                              /* Uq */
        chunked ? (size_t)(nc * m * ld) : 0,                            /* T */
        (size_t)(m * ld),                                               /* S */
        chunked ? (size_t)(nc * C * C) : (size_t)(s->q_len * s->q_len), /* A */
        (size_t)(Nqp * ld),                                             /* Ob */
        (size_t)Np,                                                     /* rowmax */
        1,                                                              /* gmax */
    };
    size_t o = 0;
    for (int i = 0; i < 14; i++) {
        L->off[i] = o;
        o += (n[i] * sizeof(float) + 255) & ~(size_t)255;
    }
    L->total = o + CUBLAS_WS;
}

bool pf_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = NULL;
    if (performer_supports(s, p, &w) &&
        (s->seq_len + p->pf_chunk) * num_features(s, p) > (1LL << 31) - 1)
        w = "performer cuda: seq_len * features too large for one SGEMM";
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t pf_workspace(const struct attn_shape *s, const struct attn_params *p) {
    layout L;
    make_layout(s, p, &L);
    return L.total;
}

void pf_free(void *ctx) {
    struct pf_ctx *c = (struct pf_ctx *)ctx;
    if (!c)
        return;
    if (c->h)
        cublasDestroy(c->h);
    free(c);
}

/* U [rows, m] (row-major) = X [rows, d] (row pitch d) W^T, W [m, d]. */
cublasStatus_t feat_gemm(cublasHandle_t h, const float *W, const float *X, float *U, int64_t rows,
                         int64_t m, int64_t d) {
    const float one = 1.f, zero = 0.f;
    return cublasSgemm(h, CUBLAS_OP_T, CUBLAS_OP_N, (int)m, (int)rows, (int)d, &one, W, (int)d, X,
                       (int)d, &zero, U, (int)m);
}

enum attn_status pf_run(void *ctx, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    struct pf_ctx *c = (struct pf_ctx *)ctx;
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, Nq = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, G = Hq / Hkv, m = c->m, C = c->C, nc = c->nc;
    const int ld = c->ld, DV = (int)d + 1;
    const float ns = (float)(0.5 / sqrt((double)d)), one = 1.f, zero = 0.f;
    const __nv_bfloat16 *q = (const __nv_bfloat16 *)io->q, *k = (const __nv_bfloat16 *)io->k,
                        *v = (const __nv_bfloat16 *)io->v;
    __nv_bfloat16 *o = (__nv_bfloat16 *)io->o;
    const unsigned rows_blocks = (unsigned)((c->Np + 7) / 8),
                   qrow_blocks = (unsigned)((c->Nqp + 7) / 8);
    /* keys folded into S directly: all (non-causal), those before the q_len newest
     * (causal decode); causal prefill uses chunks instead */
    const int64_t n_pre = c->chunked ? 0 : (s->causal ? N - Nq : N);

    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t hk = 0; hk < Hkv; hk++) {
            const float *W = c->W + hk * m * d;
            const __nv_bfloat16 *kb = k + b * N * Hkv * d, *vb = v + b * N * Hkv * d;
            /* 1-2: phi(K) and [V 1] of this KV head */
            head_to_f32<<<rows_blocks, 256, 0, c->stream>>>(kb, N, c->Np, (int)Hkv, (int)hk, (int)d,
                                                            (int)d, c->Kf, c->nk, 0, ns);
            CUDA_CHECK_LAUNCH();
            head_to_f32<<<rows_blocks, 256, 0, c->stream>>>(vb, N, c->Np, (int)Hkv, (int)hk, (int)d,
                                                            ld, c->Vf, NULL, 1, 0.f);
            CUDA_CHECK_LAUNCH();
            CUBLAS_CHECK(feat_gemm(c->h, W, c->Kf, c->Uk, c->Np, m, d));
            feat_rows<1>
                <<<(unsigned)c->Np, 128, 0, c->stream>>>(c->Uk, c->nk, N, (int)m, c->rowmax, NULL);
            CUDA_CHECK_LAUNCH();
            reduce_max<<<1, 1024, 0, c->stream>>>(c->rowmax, c->Np, c->gmax);
            CUDA_CHECK_LAUNCH();
            feat_rows<2>
                <<<(unsigned)c->Np, 128, 0, c->stream>>>(c->Uk, c->nk, N, (int)m, NULL, c->gmax);
            CUDA_CHECK_LAUNCH();
            /* 3: the key-side state */
            if (c->chunked) {
                /* T_c^T (DV x m) = [V_c 1]^T phi(K_c) */
                CUBLAS_CHECK(cublasSgemmStridedBatched(
                    c->h, CUBLAS_OP_N, CUBLAS_OP_T, DV, (int)m, (int)C, &one, c->Vf, ld, C * ld,
                    c->Uk, (int)m, C * m, &zero, c->T, ld, m * ld, (int)nc));
                const long long e_n = m * ld;
                scan_chunks<<<(unsigned)((e_n + 255) / 256), 256, 0, c->stream>>>(c->T, nc, e_n);
                CUDA_CHECK_LAUNCH();
            } else if (n_pre > 0) {
                CUBLAS_CHECK(cublasSgemm(c->h, CUBLAS_OP_N, CUBLAS_OP_T, DV, (int)m, (int)n_pre,
                                         &one, c->Vf, ld, c->Uk, (int)m, &zero, c->S, ld));
            } else {
                CUDA_CHECK(cudaMemsetAsync(c->S, 0, (size_t)(m * ld) * sizeof(float), c->stream));
            }
            for (int64_t g = 0; g < G; g++) {
                const int64_t h = hk * G + g;
                /* 4: phi(Q) */
                head_to_f32<<<qrow_blocks, 256, 0, c->stream>>>(q + b * Nq * Hq * d, Nq, c->Nqp,
                                                                (int)Hq, (int)h, (int)d, (int)d,
                                                                c->Qf, c->nq, 0, ns);
                CUDA_CHECK_LAUNCH();
                CUBLAS_CHECK(feat_gemm(c->h, W, c->Qf, c->Uq, c->Nqp, m, d));
                feat_rows<0>
                    <<<(unsigned)c->Nqp, 128, 0, c->stream>>>(c->Uq, c->nq, Nq, (int)m, NULL, NULL);
                CUDA_CHECK_LAUNCH();
                /* 5: O = phi(Q) S + intra-block part */
                if (c->chunked) {
                    /* Ob_c^T (DV x C) = S_c^T phi(Q_c)^T */
                    CUBLAS_CHECK(cublasSgemmStridedBatched(
                        c->h, CUBLAS_OP_N, CUBLAS_OP_N, DV, (int)C, (int)m, &one, c->T, ld, m * ld,
                        c->Uq, (int)m, C * m, &zero, c->Ob, ld, C * ld, (int)nc));
                    /* A_c (C x C, row-major: query i, key j) = phi(Q_c) phi(K_c)^T */
                    CUBLAS_CHECK(cublasSgemmStridedBatched(
                        c->h, CUBLAS_OP_T, CUBLAS_OP_N, (int)C, (int)C, (int)m, &one, c->Uk, (int)m,
                        C * m, c->Uq, (int)m, C * m, &zero, c->A, (int)C, C * C, (int)nc));
                    tril<<<1024, 256, 0, c->stream>>>(c->A, nc, (int)C);
                    CUDA_CHECK_LAUNCH();
                    /* Ob_c^T += [V_c 1]^T A_c^T */
                    CUBLAS_CHECK(cublasSgemmStridedBatched(
                        c->h, CUBLAS_OP_N, CUBLAS_OP_N, DV, (int)C, (int)C, &one, c->Vf, ld, C * ld,
                        c->A, (int)C, C * C, &one, c->Ob, ld, C * ld, (int)nc));
                } else {
                    CUBLAS_CHECK(cublasSgemm(c->h, CUBLAS_OP_N, CUBLAS_OP_N, DV, (int)Nq, (int)m,
                                             &one, c->S, ld, c->Uq, (int)m, &zero, c->Ob, ld));
                    if (s->causal) { /* the q_len newest keys, query t sees j <= t of them */
                        const float *uk_new = c->Uk + (N - Nq) * m, *vf_new = c->Vf + (N - Nq) * ld;
                        CUBLAS_CHECK(cublasSgemm(c->h, CUBLAS_OP_T, CUBLAS_OP_N, (int)Nq, (int)Nq,
                                                 (int)m, &one, uk_new, (int)m, c->Uq, (int)m, &zero,
                                                 c->A, (int)Nq));
                        tril<<<1, 64, 0, c->stream>>>(c->A, 1, (int)Nq);
                        CUDA_CHECK_LAUNCH();
                        CUBLAS_CHECK(cublasSgemm(c->h, CUBLAS_OP_N, CUBLAS_OP_N, DV, (int)Nq,
                                                 (int)Nq, &one, vf_new, ld, c->A, (int)Nq, &one,
                                                 c->Ob, ld));
                    }
                }
                /* 6 */
                finalize<<<(unsigned)Nq, 128, 0, c->stream>>>(c->Ob, ld, Nq, (int)Hq, (int)h,
                                                              (int)d, o + b * Nq * Hq * d);
                CUDA_CHECK_LAUNCH();
            }
        }
cleanup:
    return st;
}

enum attn_status pf_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    double *w = NULL;
    const char *why = NULL;
    int64_t m = 0;
    if (!pf_supports(s, p, &why)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    m = num_features(s, p);
    w = (double *)malloc((size_t)(s->heads_kv * m * s->head_dim) * sizeof *w);
    if (!w)
        return ATTN_ERR_NOMEM;
    for (int64_t hk = 0; hk < s->heads_kv; hk++)
        performer_features(s->head_dim, m, p->seed, hk, w + hk * m * s->head_dim);
    st = performer_cuda_init_features(ctx, s, p, ws, stream, w);
    free(w);
    return st;
}

} /* namespace */

/* init with the features given: w [Hkv, m, d] (float values stored as double). */
extern "C" enum attn_status performer_cuda_init_features(void **ctx, const struct attn_shape *s,
                                                         const struct attn_params *p, void *ws,
                                                         void *stream, const double *w) {
    enum attn_status st = ATTN_OK;
    struct pf_ctx *c = NULL;
    float *wf = NULL;
    layout L;
    size_t nw = 0;
    const char *why = attn_shape_check(s, p);
    if (why) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("performer cuda: workspace missing");
        return ATTN_ERR_INVALID;
    }
    make_layout(s, p, &L);
    c = (struct pf_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->m = num_features(s, p);
    c->C = p->pf_chunk;
    c->nc = (s->seq_len + c->C - 1) / c->C;
    c->Np = c->nc * c->C;
    c->chunked = s->causal && s->mode == ATTN_PREFILL;
    c->Nqp = c->chunked ? c->Np : s->q_len;
    c->ld = (int)s->head_dim + 4;
    c->stream = (cudaStream_t)stream;
    {
        float **ptrs[14] = {&c->W,  &c->Kf, &c->Vf, &c->Qf, &c->nk, &c->nq,     &c->Uk,
                            &c->Uq, &c->T,  &c->S,  &c->A,  &c->Ob, &c->rowmax, &c->gmax};
        for (int i = 0; i < 14; i++)
            *ptrs[i] = (float *)((char *)ws + L.off[i]);
    }
    nw = (size_t)(s->heads_kv * c->m * s->head_dim);
    wf = (float *)malloc(nw * sizeof *wf);
    if (!wf) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < nw; i++)
        wf[i] = (float)w[i];
    CUDA_CHECK(cudaMemcpyAsync(c->W, wf, nw * sizeof *wf, cudaMemcpyHostToDevice, c->stream));
    CUDA_CHECK(cudaStreamSynchronize(c->stream));
    CUBLAS_CHECK(cublasCreate(&c->h));
    CUBLAS_CHECK(cublasSetStream(c->h, c->stream));
    CUBLAS_CHECK(cublasSetWorkspace(c->h, (char *)ws + (L.total - CUBLAS_WS), CUBLAS_WS));
    CUBLAS_CHECK(cublasSetMathMode(c->h, CUBLAS_DEFAULT_MATH)); /* true fp32, never TF32 */
    *ctx = c;
    c = NULL;
cleanup:
    free(wf);
    pf_free(c);
    return st;
}

extern "C" const struct attn_impl attn_performer_cuda = {
    ATTN_API_VERSION,
    "performer",
    "cuda",
    "cublas",
    "FAVOR+ linear attention: fp32 feature maps and SGEMMs, chunked causal prefix sums",
    ATTN_F_DEVICE | ATTN_F_APPROX,
    pf_supports,
    pf_workspace,
    pf_init,
    pf_run,
    pf_free,
    0,
    nullptr,
    nullptr,
    nullptr,
};
