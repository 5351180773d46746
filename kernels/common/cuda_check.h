/* cuda_check.h - CUDA / cuBLAS error checks for the single-exit style.
 *
 * Each macro expects, in the calling function, an `enum attn_status st` and a
 * `cleanup:` label.  On failure it records "call: error at file:line" with
 * attn_set_error, sets st = ATTN_ERR_CUDA and jumps to cleanup. */
#ifndef MSABENCH_CUDA_CHECK_H
#define MSABENCH_CUDA_CHECK_H
#include "attn.h"

#include <cublas_v2.h>
#include <cuda_runtime.h>

#define CUDA_CHECK(call)                                                                           \
    do {                                                                                           \
        cudaError_t e_ = (call);                                                                   \
        if (e_ != cudaSuccess) {                                                                   \
            attn_set_error("%s: %s at %s:%d", #call, cudaGetErrorString(e_), __FILE__, __LINE__);  \
            st = ATTN_ERR_CUDA;                                                                    \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

#define CUBLAS_CHECK(call)                                                                         \
    do {                                                                                           \
        cublasStatus_t e_ = (call);                                                                \
        if (e_ != CUBLAS_STATUS_SUCCESS) {                                                         \
            attn_set_error("%s: %s at %s:%d", #call, cublasGetStatusString(e_), __FILE__,          \
                           __LINE__);                                                              \
            st = ATTN_ERR_CUDA;                                                                    \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

/* After a kernel launch: launch-configuration errors show up here. */
#define CUDA_CHECK_LAUNCH() CUDA_CHECK(cudaGetLastError())

/* Propagates a non-OK attn_status from a helper (its error text is already set). */
#define ATTN_CHECK(call)                                                                           \
    do {                                                                                           \
        enum attn_status s_ = (call);                                                              \
        if (s_ != ATTN_OK) {                                                                       \
            st = s_;                                                                               \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)
#endif
