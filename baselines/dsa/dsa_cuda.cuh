/* dsa_cuda.cuh - what the two DSA CUDA files share: the kernel arguments of
 * one chunk of query rows and the context.  dsa_cuda.cu holds the host side
 * of every variant (v1, fp8, tc, tc_fp8: chunking, stages, registration) and
 * the CUDA-core kernels; dsa_tc.cu the tensor-core indexer and attention,
 * dsa_topk.cu tc's top-k, reached through the three launchers below. */
#ifndef MSABENCH_DSA_CUDA_CUH
#define MSABENCH_DSA_CUDA_CUH
#include "attn.h"

#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_runtime.h>
#include <stdint.h>

namespace dsak {

typedef __nv_bfloat16 bf16;

struct dsa_args {
    const bf16 *q, *k, *v, *qi, *ki; /* batch b's rows start at these */
    const uint8_t *ki8;              /* fp8: e4m3 index keys [N, di] */
    const float *ks;                 /* fp8: their scales [N] */
    const float *tks; /* the top-k's per-token factor of a score (tc_fp8: ks), or NULL */
    bf16 *o;
    float *sc;    /* [Hkv, nq, N] */
    int32_t *sel; /* [Hkv, nq, T] */
    int64_t t0, nq, q_len, N, Hq, Hkv, d, di;
    int32_t T;
    bool causal;
};

struct dsa_ctx {
    struct attn_shape s;
    struct attn_params p;
    float *sc;
    int32_t *sel;
    int64_t cq;
    int32_t T;
    bool fp8, tc;
    cudaStream_t stream;
    cublasHandle_t h; /* tc: the indexer's GEMMs, on stream, workspace in the method's */
    void *blas_ws;    /* tc: that workspace */
    bf16 *kb;         /* tc_fp8: one batch's e4m3 index keys as bf16 [N, di] */
};

/* tc (dsa_tc.cu): the scores of a's rows into a.sc by cuBLAS (tc_fp8: the
 * first chunk of a batch converts its keys to c->kb first), and the
 * attention of a's rows over a.sel. */
enum attn_status tc_index_launch(const dsa_ctx *c, const dsa_args &a);
enum attn_status tc_attn_launch(const dsa_ctx *c, const dsa_args &a);

/* tc (dsa_topk.cu): the top-k of a's rows into a.sel, v1's selection in ~2
 * reads of the scores; T at most tc_topk_max_tokens(). */
enum attn_status tc_topk_launch(const dsa_ctx *c, const dsa_args &a);
int32_t tc_topk_max_tokens(void);

} /* namespace dsak */
#endif
