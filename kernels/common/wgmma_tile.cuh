/* wgmma_tile.cuh - the per-warpgroup softmax math of the sm_90a attention kernels (flash
 * wgmma_v1 in flash_wgmma.cu, ws_v1 in flash_ws.cu; MSA's KV-outer attention in
 * msa/msa_attn_wgmma.cu): a warpgroup owns 64 query rows, a thread rows
 * r0 and r0 + 8, and S / O are wgmma.m64n128 accumulators (d[4n + e]: row r0 for e 0,1,
 * r0 + 8 for e 2,3; column 8n + 2(lane % 4) + e % 2).  Only the data paths differ. */
#ifndef MSABENCH_WGMMA_TILE_CUH
#define MSABENCH_WGMMA_TILE_CUH
#include "common/cuda_mma.cuh"

#include <cuda_runtime.h>

#include <math.h>
#include <stdint.h>

namespace fwtile {

constexpr int BN = 128; /* keys per tile */

/* Online-softmax state of a thread's two rows (exp2 domain, scale folded in). */
struct rows2 {
    float m[2], l[2];
};

/* Masks S_j (keys j0.. past N, or past the row's position when causal) and exponentiates
 * it in place; corr = the factors that rescale O. */
__device__ __forceinline__ void softmax(float (&s)[64], rows2 &st, float (&corr)[2], int j0, int N,
                                        int causal, int min_pos, int pos0, int pos1, int lane,
                                        float sl) {
    if (j0 + BN > N || (causal && j0 + BN - 1 > min_pos)) {
#pragma unroll
        for (int n = 0; n < 16; n++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                const int key = j0 + n * 8 + 2 * (lane & 3) + (e & 1);
                if (key >= N || (causal && key > (e < 2 ? pos0 : pos1)))
                    s[4 * n + e] = -INFINITY;
            }
    }
#pragma unroll
    for (int hi = 0; hi < 2; hi++) { /* rows r0 (e 0,1) and r0 + 8 (e 2,3) */
        float mx = -INFINITY;
#pragma unroll
        for (int n = 0; n < 16; n++)
            mx = fmaxf(mx, fmaxf(s[4 * n + 2 * hi], s[4 * n + 2 * hi + 1]));
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
        const float m_new = fmaxf(st.m[hi], mx * sl);
        const float m_use = m_new == -INFINITY ? 0.f : m_new; /* fully masked row */
        corr[hi] = exp2f(st.m[hi] - m_use);
        st.m[hi] = m_new;
        float sum = 0.f;
#pragma unroll
        for (int n = 0; n < 16; n++) {
            const float p0 = exp2f(fmaf(s[4 * n + 2 * hi], sl, -m_use));
            const float p1 = exp2f(fmaf(s[4 * n + 2 * hi + 1], sl, -m_use));
            s[4 * n + 2 * hi] = p0;
            s[4 * n + 2 * hi + 1] = p1;
            sum += p0 + p1;
        }
        st.l[hi] = st.l[hi] * corr[hi] + sum;
    }
}

/* O *= corr, then P_j in the A-fragment layout (keys 16kk.. = S columns 2kk, 2kk+1). */
__device__ __forceinline__ void rescale_pack(float (&o)[64], uint32_t (&p)[8][4],
                                             const float (&s)[64], const float (&corr)[2]) {
#pragma unroll
    for (int n = 0; n < 16; n++) {
        o[4 * n] *= corr[0];
        o[4 * n + 1] *= corr[0];
        o[4 * n + 2] *= corr[1];
        o[4 * n + 3] *= corr[1];
    }
#pragma unroll
    for (int kk = 0; kk < 8; kk++) {
        p[kk][0] = bsmma::pack_bf16(s[8 * kk], s[8 * kk + 1]);
        p[kk][1] = bsmma::pack_bf16(s[8 * kk + 2], s[8 * kk + 3]);
        p[kk][2] = bsmma::pack_bf16(s[8 * kk + 4], s[8 * kk + 5]);
        p[kk][3] = bsmma::pack_bf16(s[8 * kk + 6], s[8 * kk + 7]);
    }
}

/* Byte offset of 16-byte chunk C (0..15) of row r in a 128B-swizzled tile of `rows` rows. */
__device__ __forceinline__ uint32_t sw128(int rows, int r, int C) {
    return (uint32_t)((C >> 3) * rows * 128 + r * 128 + (((C & 7) ^ (r & 7)) << 4));
}

/* Normalizes O by the row sums and writes the two rows as bf16 into a 128-row swizzled
 * tile at shared address sO (the kernel's Q buffer, free once its S products are done). */
__device__ __forceinline__ void stage_out(const float (&o)[64], rows2 &st, uint32_t sO, int r0,
                                          int lane) {
#pragma unroll
    for (int hi = 0; hi < 2; hi++) {
        st.l[hi] += __shfl_xor_sync(0xffffffffu, st.l[hi], 1);
        st.l[hi] += __shfl_xor_sync(0xffffffffu, st.l[hi], 2);
    }
    const float inv0 = st.l[0] > 0.f ? 1.f / st.l[0] : 0.f;
    const float inv1 = st.l[1] > 0.f ? 1.f / st.l[1] : 0.f;
#pragma unroll
    for (int n = 0; n < 16; n++) {
        const uint32_t c4 = 4 * (lane & 3);
        asm volatile("st.shared.b32 [%0], %1;\n" ::"r"(sO + sw128(128, r0, n) + c4),
                     "r"(bsmma::pack_bf16(o[4 * n] * inv0, o[4 * n + 1] * inv0)));
        asm volatile("st.shared.b32 [%0], %1;\n" ::"r"(sO + sw128(128, r0 + 8, n) + c4),
                     "r"(bsmma::pack_bf16(o[4 * n + 2] * inv1, o[4 * n + 3] * inv1)));
    }
}

/* An sm_90 device, and this build holds sm_90a code for `kernel` (binary version 90). */
static inline bool sm90a_ok(const void *kernel) {
    int dev = 0, major = 0, minor = 0;
    struct cudaFuncAttributes fa;
    if (cudaGetDevice(&dev) != cudaSuccess ||
        cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev) != cudaSuccess ||
        cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev) != cudaSuccess ||
        cudaFuncGetAttributes(&fa, kernel) != cudaSuccess) {
        cudaGetLastError();
        return false;
    }
    return major == 9 && minor == 0 && fa.binaryVersion == 90;
}

} /* namespace fwtile */
#endif
