/* cuda_mma.cuh - bf16 tensor-core building blocks shared by the block-sparse
 * CUDA kernels (msa, bigbird): mma.sync m16n8k16 (fp32 accumulate), ldmatrix,
 * cp.async and the XOR swizzle that keeps ldmatrix free of bank conflicts.
 *
 * Fragment layouts (PTX ISA, m16n8k16, g = lane / 4, c = lane % 4):
 *   A (16x16, row): a0 = (g, 2c..2c+1), a1 = (g+8, 2c..), a2 = (g, 2c+8..), a3 = (g+8, 2c+8..)
 *   B (16x8, col):  b0 = (k 2c..2c+1, n g), b1 = (k 2c+8.., n g)
 *   C (16x8):       c0,c1 = (g, 2c..2c+1), c2,c3 = (g+8, 2c..2c+1)
 * Two C tiles side by side are exactly one A fragment of the next product
 * (the FlashAttention-2 trick for P V without a trip through shared memory).
 *
 * Shared tiles: rows of D bf16 (D in {64, 128}), stored as 16-byte chunks with
 * chunk' = chunk ^ (row & 7): the 8 row addresses of one ldmatrix land in 8
 * different bank groups. */
#ifndef MSABENCH_CUDA_MMA_CUH
#define MSABENCH_CUDA_MMA_CUH
#include <cuda_bf16.h>
#include <stdint.h>

namespace bsmma {

typedef __nv_bfloat16 bf16;

__device__ __forceinline__ uint32_t smem_u32(const void *p) {
    return (uint32_t)__cvta_generic_to_shared(p);
}

/* 16-byte asynchronous copy global -> shared; with pred false nothing is read
 * and the 16 bytes are zero-filled (gmem must still be a valid address). */
__device__ __forceinline__ void cp_async16(void *smem, const void *gmem, bool pred) {
    const int n = pred ? 16 : 0;
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(smem_u32(smem)), "l"(gmem),
                 "r"(n)
                 : "memory");
}
__device__ __forceinline__ void cp_async_commit() {
    asm volatile("cp.async.commit_group;\n" ::: "memory");
}
template <int N> __device__ __forceinline__ void cp_async_wait() {
    asm volatile("cp.async.wait_group %0;\n" ::"n"(N) : "memory");
}

__device__ __forceinline__ void ldsm_x4(uint32_t &r0, uint32_t &r1, uint32_t &r2, uint32_t &r3,
                                        const void *smem) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3)
                 : "r"(smem_u32(smem))
                 : "memory");
}
__device__ __forceinline__ void ldsm_x4_t(uint32_t &r0, uint32_t &r1, uint32_t &r2, uint32_t &r3,
                                          const void *smem) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(r3)
                 : "r"(smem_u32(smem))
                 : "memory");
}

/* c += a * b, bf16 inputs, fp32 accumulators. */
__device__ __forceinline__ void mma16816(float (&c)[4], const uint32_t (&a)[4], uint32_t b0,
                                         uint32_t b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

/* Two floats -> packed bf16x2, lo in the low half (the smaller column). */
__device__ __forceinline__ uint32_t pack_bf16(float lo, float hi) {
    __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
    return *reinterpret_cast<uint32_t *>(&v);
}

/* The low and high bf16 of a packed pair as floats (exact: a bf16 is a float's top half). */
__device__ __forceinline__ float bf16_lo(uint32_t v) {
    return __uint_as_float(v << 16);
}
__device__ __forceinline__ float bf16_hi(uint32_t v) {
    return __uint_as_float(v & 0xffff0000u);
}

/* Element offset of 16-byte chunk `chunk` of row `row` in a swizzled tile of
 * D-element rows. */
template <int D> __device__ __forceinline__ int swz(int row, int chunk) {
    return (row * (D / 8) + (chunk ^ (row & 7))) * 8;
}

/* A fragments of 16 rows x D (row0 ..) of a swizzled tile: a[ks][0..3] for
 * k-steps ks = 0 .. D/16-1. */
template <int D>
__device__ __forceinline__ void load_a_frags(uint32_t (&a)[D / 16][4], const bf16 *tile, int row0,
                                             int lane) {
    const int row = row0 + (lane & 15);
#pragma unroll
    for (int ks = 0; ks < D / 16; ks++)
        ldsm_x4(a[ks][0], a[ks][1], a[ks][2], a[ks][3], tile + swz<D>(row, ks * 2 + (lane >> 4)));
}

/* s[nt] += A (16 x D) * K[key0 .. key0 + 8*NT)^T for a swizzled K tile. */
template <int D, int NT>
__device__ __forceinline__ void qk_tile(float (&s)[NT][4], const uint32_t (&a)[D / 16][4],
                                        const bf16 *ktile, int key0, int lane) {
    const int m = lane >> 3;
#pragma unroll
    for (int ks = 0; ks < D / 16; ks++)
#pragma unroll
        for (int np = 0; np < NT / 2; np++) {
            uint32_t b0, b1, b2, b3;
            const int key = key0 + np * 16 + (lane & 7) + (m >> 1) * 8;
            ldsm_x4(b0, b1, b2, b3, ktile + swz<D>(key, ks * 2 + (m & 1)));
            mma16816(s[2 * np], a[ks], b0, b1);
            mma16816(s[2 * np + 1], a[ks], b2, b3);
        }
}

/* o[nd] += P (16 x 8*NT, from the C fragments s) * V[key0 .. key0 + 8*NT) for a
 * swizzled V tile of D columns. */
template <int D, int NT>
__device__ __forceinline__ void pv_tile(float (&o)[D / 8][4], const float (&p)[NT][4],
                                        const bf16 *vtile, int key0, int lane) {
    const int m = lane >> 3;
#pragma unroll
    for (int j = 0; j < NT / 2; j++) {
        uint32_t a[4];
        a[0] = pack_bf16(p[2 * j][0], p[2 * j][1]);
        a[1] = pack_bf16(p[2 * j][2], p[2 * j][3]);
        a[2] = pack_bf16(p[2 * j + 1][0], p[2 * j + 1][1]);
        a[3] = pack_bf16(p[2 * j + 1][2], p[2 * j + 1][3]);
        const int key = key0 + j * 16 + (lane & 7) + (m & 1) * 8;
#pragma unroll
        for (int nd = 0; nd < D / 16; nd++) {
            uint32_t b0, b1, b2, b3;
            ldsm_x4_t(b0, b1, b2, b3, vtile + swz<D>(key, nd * 2 + (m >> 1)));
            mma16816(o[2 * nd], a, b0, b1);
            mma16816(o[2 * nd + 1], a, b2, b3);
        }
    }
}

/* Max / sum over the 4 threads (a quad) that share a C-fragment row. */
__device__ __forceinline__ float quad_max(float x) {
    x = fmaxf(x, __shfl_xor_sync(0xffffffffu, x, 1));
    return fmaxf(x, __shfl_xor_sync(0xffffffffu, x, 2));
}
__device__ __forceinline__ float quad_sum(float x) {
    x += __shfl_xor_sync(0xffffffffu, x, 1);
    return x + __shfl_xor_sync(0xffffffffu, x, 2);
}

} /* namespace bsmma */
#endif
