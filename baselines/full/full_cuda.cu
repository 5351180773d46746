/* full_cuda.cu - `full` on the GPU: textbook multi-head attention (Hkv = Hq) with the
 * fp32 score tensor materialized (cuBLAS GEMM, softmax kernel, cuBLAS GEMM); the code
 * lives in baselines/gqa/dense_cublas.cu.  Measured on NVIDIA H100 80GB HBM3: same code
 * and speed as gqa/cuda (60-64 useful TFLOP/s at N=4K-16K; results/gpu/NOTES.md). */
#include "gqa/dense_cublas.h"

extern "C" const struct attn_impl attn_full_cuda = {
    ATTN_API_VERSION,
    "full",
    "cuda",
    "cublas",
    "textbook multi-head attention, materialized scores: cuBLAS bf16 GEMM, softmax, GEMM",
    ATTN_F_DEVICE | ATTN_F_MHA,
    dense_cublas_supports_mha,
    dense_cublas_workspace,
    dense_cublas_init,
    dense_cublas_run,
    dense_cublas_free,
    0,
    nullptr,
    nullptr,
    nullptr,
};
