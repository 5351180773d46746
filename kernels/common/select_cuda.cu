/* select_cuda.cu - the host side of kernels/common/select_cuda.cuh: the key pooling (one
 * thread per pooled element, summing its block's Bk keys in key order) and the copy of a
 * chunk's selection rows into io->sel.
 * Speed: not yet measured on a GPU. */
#include "common/cuda_check.h"
#include "common/select_cuda.cuh"
#include "common/select_cuda.h"

namespace {

__global__ void pool_mean_kernel(const selk::bf16 *__restrict__ k, float *__restrict__ kc,
                                 int64_t B, int64_t N, int64_t Hkv, int64_t d, int64_t bk,
                                 int64_t nbc) {
    const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= B * Hkv * nbc * d)
        return;
    const int64_t x = i % d, cb = (i / d) % nbc, r = (i / (d * nbc)) % Hkv, b = i / (d * nbc * Hkv);
    float acc = 0.f;
    for (int64_t j = cb * bk; j < (cb + 1) * bk; j++)
        acc += __bfloat162float(k[((b * N + j) * Hkv + r) * d + x]);
    kc[i] = acc * (1.0f / (float)bk);
}

} /* namespace */

enum attn_status pool_mean_launch(const void *k, float *kc, int64_t B, int64_t N, int64_t Hkv,
                                  int64_t d, int64_t bk, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t nbc = N / bk, n = B * Hkv * nbc * d;
    if (n > 0) {
        pool_mean_kernel<<<(unsigned)((n + 255) / 256), 256, 0, stream>>>(
            static_cast<const selk::bf16 *>(k), kc, B, N, Hkv, d, bk, nbc);
        CUDA_CHECK_LAUNCH();
    }
cleanup:
    return st;
}

namespace {
size_t g_chunk_cap = 0;
}

void contemp_cuda_set_chunk_cap(size_t bytes) {
    g_chunk_cap = bytes;
}

size_t contemp_chunk_cap(size_t dflt) {
    return g_chunk_cap ? g_chunk_cap : dflt;
}

enum attn_status sel_chunk_copy(int32_t *sel, const int32_t *chunk, int64_t b, int64_t R, int64_t L,
                                int64_t t0, int64_t nq, int64_t w, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    CUDA_CHECK(cudaMemcpy2DAsync(sel + (b * R * L + t0) * w, (size_t)(L * w) * 4, chunk,
                                 (size_t)(nq * w) * 4, (size_t)(nq * w) * 4, (size_t)R,
                                 cudaMemcpyDeviceToDevice, stream));
cleanup:
    return st;
}
