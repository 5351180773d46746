/* kidx_fp8.h - the fp8 (e4m3, per-key scale) index-key cache that an
 * ATTN_F_KIDX_FP8 implementation reads as io->kidx, for the runner: made from
 * the bf16 Kidx on the device, and its float64 values for validation.  Today the
 * msa kernels build it (msa_index_fp8.cu); the runner names no method. */
#ifndef MSABENCH_KIDX_FP8_H
#define MSABENCH_KIDX_FP8_H
#include "msa/msa_cuda.h"

#ifdef MSABENCH_HAVE_CUDA
static inline enum attn_status attn_kidx_fp8_alloc(const void *kidx_bf16, int64_t B, int64_t N,
                                                   int64_t di, void **out) {
    return msa_cuda_fp8_kidx_alloc(kidx_bf16, B, N, di, out);
}
static inline enum attn_status attn_kidx_fp8_f64(const void *kidx_fp8, int64_t B, int64_t N,
                                                 int64_t di, double *out) {
    return msa_cuda_fp8_kidx_f64(kidx_fp8, B, N, di, out);
}
#endif
#endif
