/* select_tc.cuh - the tensor-core block logits of the contemporaries' "tc"
 * variants (nsa, moba): for one (batch, chunk of query rows) every query head's
 * q . kc against the pooled keys of its KV group, one cuBLAS call.  C++ only.
 *
 * Precision: kc (fp32, kernels/common/select_cuda.cu) is split into three bf16
 * pieces hi + lo + lo2 whose sum is kc exactly (each residual of a
 * round-to-nearest fits the next 8 bits), q is bf16 already, so with K = 3d
 * every product is exact and the tensor cores' fp32 accumulator carries the
 * only error: logits as accurate as v1's fp32 dot products (another order).
 * TF32 would round kc to 11 bits and move near-tie picks; SGEMM would run at
 * ~50 TF/s.  The GEMM writes the full [Hq, nq, nbc] rectangle; the score
 * kernel reads the visible blocks only.
 * Speed: not yet measured on a GPU. */
#ifndef MSABENCH_SELECT_TC_CUH
#define MSABENCH_SELECT_TC_CUH
#include "attn.h"
#include "common/select_cuda.cuh"

#include <cublas_v2.h>

/* Why the logits GEMM cannot do the shape (NULL: it can). */
const char *sel_tc_check(const struct attn_shape *s, int64_t bk);

struct sel_tc {
    cublasHandle_t h;
    selk::bf16 *kc3; /* [B, Hkv, nbc, 3d]: hi, lo, lo2 of kc */
    selk::bf16 *q3;  /* [Hq, nq, 3d]: the chunk's queries, three times */
    float *lg;       /* [Hq, nq, nbc]: the chunk's logits times alpha */
    int64_t B, L, Hq, Hkv, d, nbc;
};

/* The host state of nsa and moba on CUDA (v1 and tc alike) and its
 * workspace: kc, the selection rows of one chunk and, tc, the pieces above;
 * every piece a multiple of 256 bytes, so each starts 256-byte aligned. */
struct sel_ctx {
    struct attn_shape s;
    struct attn_params p;
    float *kc;       /* [B, Hkv, nbc, d] pooled keys */
    int32_t *sel;    /* [R, cq, topk]: one chunk's selection rows */
    int64_t cq;      /* query rows per chunk */
    bool tc;         /* variant tc: the logits come from t */
    struct sel_tc t; /* tc: the cuBLAS handle and the logits pieces */
    void *blas;      /* tc: cuBLAS's workspace */
    cudaStream_t stream;
};

/* Query rows per chunk: the selection ([R, rows, topk] int32; R = Hkv for nsa,
 * Hq for moba) under sel_cap (or the test cap) and, tc, the logits too. */
int64_t sel_ctx_rows(const struct attn_shape *s, const struct attn_params *p, int64_t R,
                     size_t sel_cap, bool tc);
size_t sel_ctx_workspace(const struct attn_shape *s, const struct attn_params *p, int64_t R,
                         size_t sel_cap, bool tc);
/* why: the method's refusal (NULL: none), reported as "who: why". */
enum attn_status sel_ctx_init(void **ctx, const char *who, const char *why,
                              const struct attn_shape *s, const struct attn_params *p, int64_t R,
                              size_t sel_cap, bool tc, void *ws, void *stream);
void sel_ctx_free(void *ctx);

/* kc3 from kc [B, Hkv, nbc, d] (after pool_mean_launch). */
enum attn_status sel_tc_split(struct sel_tc *t, const float *kc, cudaStream_t stream);

/* lg [h, tt, c] = alpha * q[b, t0 + tt, h] . kc[b, h / G, c] for the nq rows. */
enum attn_status sel_tc_logits(struct sel_tc *t, const void *q, int64_t b, int64_t t0, int64_t nq,
                               float alpha, cudaStream_t stream);
#endif
