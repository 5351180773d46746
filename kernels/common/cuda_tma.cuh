/* cuda_tma.cuh - Hopper (sm_90a) data-path pieces of the warp-specialized kernels
 * (flash_ws.cu, msa_index_ws.cu): mbarriers, TMA tensor copies into shared memory
 * that complete on an mbarrier, register reallocation between warpgroups, and the
 * host-side tensor-map encoder.  Device code only under MSABENCH_WGMMA_DEVICE. */
#ifndef MSABENCH_CUDA_TMA_CUH
#define MSABENCH_CUDA_TMA_CUH
#include "common/cuda_wgmma.cuh"

#include <cuda.h> /* CUtensorMap and the encoder's type (no libcuda link) */
#include <cuda_runtime.h>
#include <stdint.h>

namespace bstma {

#ifdef MSABENCH_WGMMA_DEVICE
__device__ __forceinline__ void mbar_init(uint32_t bar, int count) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(bar), "r"(count));
}
/* After the inits, before any other thread or the TMA unit uses the barriers. */
__device__ __forceinline__ void mbar_init_fence() {
    asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
}
__device__ __forceinline__ void mbar_expect_tx(uint32_t bar, uint32_t bytes) {
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(bar), "r"(bytes)
                 : "memory");
}
__device__ __forceinline__ void mbar_arrive(uint32_t bar) {
    asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(bar) : "memory");
}
__device__ __forceinline__ void mbar_wait(uint32_t bar, uint32_t parity) {
    uint32_t done = 0;
    while (!done)
        asm volatile("{\n.reg .pred p;\n"
                     "mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n"
                     "selp.u32 %0, 1, 0, p;\n}\n"
                     : "=r"(done)
                     : "r"(bar), "r"(parity)
                     : "memory");
}
/* One box of a 3-d / 4-d tensor map into shared memory at dst, completing on bar. */
__device__ __forceinline__ void tma_3d(uint32_t dst, const CUtensorMap *tm, int c0, int c1, int c2,
                                       uint32_t bar) {
    asm volatile("cp.async.bulk.tensor.3d.shared::cluster.global.mbarrier::complete_tx::bytes"
                 " [%0], [%1, {%2, %3, %4}], [%5];\n" ::"r"(dst),
                 "l"(reinterpret_cast<uint64_t>(tm)), "r"(c0), "r"(c1), "r"(c2), "r"(bar)
                 : "memory");
}
__device__ __forceinline__ void tma_4d(uint32_t dst, const CUtensorMap *tm, int c0, int c1, int c2,
                                       int c3, uint32_t bar) {
    asm volatile("cp.async.bulk.tensor.4d.shared::cluster.global.mbarrier::complete_tx::bytes"
                 " [%0], [%1, {%2, %3, %4, %5}], [%6];\n" ::"r"(dst),
                 "l"(reinterpret_cast<uint64_t>(tm)), "r"(c0), "r"(c1), "r"(c2), "r"(c3), "r"(bar)
                 : "memory");
}
/* Register reallocation between warpgroups (per SM sub-partition the registers of
 * its warps must fit 16K x 32-bit: e.g. 1 producer warp x 24 + 2 consumer warps x 240). */
template <int R> __device__ __forceinline__ void setmaxnreg_dec() {
    asm volatile("setmaxnreg.dec.sync.aligned.u32 %0;\n" ::"n"(R));
}
template <int R> __device__ __forceinline__ void setmaxnreg_inc() {
    asm volatile("setmaxnreg.inc.sync.aligned.u32 %0;\n" ::"n"(R));
}
#endif /* MSABENCH_WGMMA_DEVICE */

/* ---- host ---- */
typedef CUresult (*encode_fn)(CUtensorMap *, CUtensorMapDataType, cuuint32_t, void *,
                              const cuuint64_t *, const cuuint64_t *, const cuuint32_t *,
                              const cuuint32_t *, CUtensorMapInterleave, CUtensorMapSwizzle,
                              CUtensorMapL2promotion, CUtensorMapFloatOOBfill);

/* The driver's cuTensorMapEncodeTiled through the runtime (so no -lcuda); NULL if absent. */
static inline encode_fn encoder(void) {
    void *fn = NULL;
    cudaDriverEntryPointQueryResult q = cudaDriverEntryPointSymbolNotFound;
    if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &fn, 12000, cudaEnableDefault,
                                         &q) != cudaSuccess ||
        q != cudaDriverEntryPointSuccess) {
        cudaGetLastError();
        return NULL;
    }
    return (encode_fn)fn;
}

/* A bf16 tensor of `rank` dims (dims[0] contiguous; strides in bytes of dims 1..rank-1),
 * boxes of box[] elements, 128-byte swizzle, zeros read past the end. */
static inline bool map_bf16(encode_fn enc, CUtensorMap *m, const void *ptr, int rank,
                            const cuuint64_t *dims, const cuuint64_t *strides,
                            const cuuint32_t *box) {
    const cuuint32_t estr[5] = {1, 1, 1, 1, 1};
    return enc &&
           enc(m, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, (cuuint32_t)rank, const_cast<void *>(ptr), dims,
               strides, box, estr, CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
               CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
               CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) == CUDA_SUCCESS;
}

/* The same for bytes (e4m3): rows of 128 one-byte elements fill one 128-byte swizzle row. */
static inline bool map_u8(encode_fn enc, CUtensorMap *m, const void *ptr, int rank,
                          const cuuint64_t *dims, const cuuint64_t *strides,
                          const cuuint32_t *box) {
    const cuuint32_t estr[5] = {1, 1, 1, 1, 1};
    return enc && enc(m, CU_TENSOR_MAP_DATA_TYPE_UINT8, (cuuint32_t)rank, const_cast<void *>(ptr),
                      dims, strides, box, estr, CU_TENSOR_MAP_INTERLEAVE_NONE,
                      CU_TENSOR_MAP_SWIZZLE_128B, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
                      CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) == CUDA_SUCCESS;
}

} /* namespace bstma */
#endif
