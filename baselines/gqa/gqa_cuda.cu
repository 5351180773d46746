/* gqa_cuda.cu - `gqa` on the GPU: grouped-query textbook attention with the fp32
 * score tensor materialized (cuBLAS GEMM, softmax kernel, cuBLAS GEMM); the code
 * lives in dense_cublas.cu.  Measured on NVIDIA H100 80GB HBM3: 60-64 useful TFLOP/s at
 * N=4K-16K, Hq=32, Hkv=4, d=128, causal (results/gpu/NOTES.md). */
#include "gqa/dense_cublas.h"

extern "C" const struct attn_impl attn_gqa_cuda = {
    ATTN_API_VERSION,
    "gqa",
    "cuda",
    "cublas",
    "grouped-query attention, materialized scores: cuBLAS bf16 GEMM, softmax, GEMM",
    ATTN_F_DEVICE,
    dense_cublas_supports_gqa,
    dense_cublas_workspace,
    dense_cublas_init,
    dense_cublas_run,
    dense_cublas_free,
    0,
    nullptr,
    nullptr,
    nullptr,
};
