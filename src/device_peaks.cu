/* device_peaks.cu - the GPU's UUID and the peak rates a run measures for
 * meta.json (issue 18): cuBLAS bf16 GEMM and a device-to-device copy.  Run
 * once per meta_begin, on their own stream and buffers (raw cudaMalloc: not
 * harness memory, like the L2 flush buffer), before any row is timed. */
#include "common/cuda_check.h"
#include "device.h"

#include <cuda_bf16.h>
#include <math.h>
#include <stdio.h>

extern "C" enum attn_status attn_device_uuid(char *buf, size_t n) {
    enum attn_status st = ATTN_OK;
    cudaDeviceProp p;
    if (n)
        buf[0] = '\0';
    if (!attn_device_available()) {
        attn_set_error("no CUDA device available");
        return ATTN_ERR_CUDA;
    }
    CUDA_CHECK(cudaGetDeviceProperties(&p, 0));
    {
        const unsigned char *u = (const unsigned char *)p.uuid.bytes;
        snprintf(buf, n, "GPU-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
                 u[13], u[14], u[15]);
    }
cleanup:
    return st;
}

/* ms of the fastest of `reps` timed repetitions of `what` after one warm-up */
#define TIME_BEST(reps, best, what)                                                                \
    do {                                                                                           \
        what;                                                                                      \
        CUDA_CHECK(cudaStreamSynchronize(s));                                                      \
        for (int r_ = 0; r_ < (reps); r_++) {                                                      \
            float ms_ = 0;                                                                         \
            CUDA_CHECK(cudaEventRecord(e0, s));                                                    \
            what;                                                                                  \
            CUDA_CHECK(cudaEventRecord(e1, s));                                                    \
            CUDA_CHECK(cudaEventSynchronize(e1));                                                  \
            CUDA_CHECK(cudaEventElapsedTime(&ms_, e0, e1));                                        \
            if (ms_ > 0 && (best <= 0 || ms_ < best))                                              \
                best = ms_;                                                                        \
        }                                                                                          \
    } while (0)

extern "C" enum attn_status attn_device_peaks(double *bf16_tflops, double *copy_gbps) {
    enum attn_status st = ATTN_OK;
    const int M = 8192;
    const size_t mat = (size_t)M * M * sizeof(__nv_bfloat16), copy = (size_t)1 << 30;
    void *a = NULL, *b = NULL, *c = NULL, *src = NULL, *dst = NULL;
    cudaStream_t s = NULL;
    cudaEvent_t e0 = NULL, e1 = NULL;
    cublasHandle_t h = NULL;
    const float one = 1.0f, zero = 0.0f;
    float gemm_ms = 0, copy_ms = 0;
    *bf16_tflops = *copy_gbps = NAN;
    if (!attn_device_available()) {
        attn_set_error("no CUDA device available");
        return ATTN_ERR_CUDA;
    }
    CUDA_CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    CUDA_CHECK(cudaEventCreate(&e0));
    CUDA_CHECK(cudaEventCreate(&e1));
    CUDA_CHECK(cudaMalloc(&a, mat));
    CUDA_CHECK(cudaMalloc(&b, mat));
    CUDA_CHECK(cudaMalloc(&c, mat));
    /* 0x3c: small finite bf16 values, so no NaN/denormal slow path */
    CUDA_CHECK(cudaMemsetAsync(a, 0x3c, mat, s));
    CUDA_CHECK(cudaMemsetAsync(b, 0x3c, mat, s));
    CUBLAS_CHECK(cublasCreate(&h));
    CUBLAS_CHECK(cublasSetStream(h, s));
    TIME_BEST(5, gemm_ms,
              CUBLAS_CHECK(cublasGemmEx(h, CUBLAS_OP_N, CUBLAS_OP_N, M, M, M, &one, a, CUDA_R_16BF,
                                        M, b, CUDA_R_16BF, M, &zero, c, CUDA_R_16BF, M,
                                        CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT)));
    CUDA_CHECK(cudaFree(a));
    CUDA_CHECK(cudaFree(b));
    CUDA_CHECK(cudaFree(c));
    a = b = c = NULL;
    CUDA_CHECK(cudaMalloc(&src, copy));
    CUDA_CHECK(cudaMalloc(&dst, copy));
    CUDA_CHECK(cudaMemsetAsync(src, 1, copy, s));
    TIME_BEST(5, copy_ms, CUDA_CHECK(cudaMemcpyAsync(dst, src, copy, cudaMemcpyDeviceToDevice, s)));
    if (gemm_ms > 0)
        *bf16_tflops = 2.0 * M * (double)M * M / (gemm_ms * 1e-3) / 1e12;
    if (copy_ms > 0)
        *copy_gbps = 2.0 * (double)copy / (copy_ms * 1e-3) / 1e9;
cleanup:
    if (h)
        cublasDestroy(h);
    cudaFree(a);
    cudaFree(b);
    cudaFree(c);
    cudaFree(src);
    cudaFree(dst);
    if (e0)
        cudaEventDestroy(e0);
    if (e1)
        cudaEventDestroy(e1);
    if (s)
        cudaStreamDestroy(s);
    return st;
}
