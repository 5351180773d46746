/* cuda_wgmma.cuh - Hopper (sm_90a) warpgroup MMA building blocks: wgmma
 * m64nNk16 (bf16 in, fp32 accumulate) with A in registers or in shared memory
 * and B in shared memory through a 128-byte-swizzle descriptor, its fence /
 * commit / wait, and the async-proxy fence after cp.async.  Used by the MSA
 * index kernel (msa_index_wgmma.cu) and the dense flash kernel (flash_wgmma.cu).
 * Only for code compiled under MSABENCH_WGMMA_DEVICE (sm_90a device passes).
 *
 * Layouts (PTX ISA, wgmma .m64nNk16, warp w of the warpgroup, g = lane / 4,
 * c = lane % 4): A rows 16w .. 16w+15 in the m16n8k16 A layout of mma.sync
 * (a0 = (g, 2c..), a1 = (g+8, 2c..), a2 = (g, 2c+8..), a3 = (g+8, 2c+8..));
 * D: d[4i + 0/1] = (16w + g, 8i + 2c + 0/1), d[4i + 2/3] = (16w + g + 8, same).
 * B (N x K, K-major) in shared memory, 128B swizzle: rows of 64 bf16 (128 B),
 * 16-byte chunk j of row n stored at chunk j ^ (n & 7); 8-row atoms of 1024 B
 * (1024-byte aligned), one block of rows per 64 columns of K.  With TRANS_B = 1
 * B is MN-major instead (K x N stored as K rows of N, e.g. V in O += P V): the
 * same 128-byte rows, one block per 64 columns of N, the descriptor's leading
 * byte offset the step between those blocks. */
#ifndef MSABENCH_CUDA_WGMMA_CUH
#define MSABENCH_CUDA_WGMMA_CUH
#include <stdint.h>

#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900 && defined(__CUDA_ARCH_FEAT_SM90_ALL)
#define MSABENCH_WGMMA_DEVICE 1
#endif

namespace bswg {

#ifdef MSABENCH_WGMMA_DEVICE
/* Descriptor of a 128B-swizzled operand at shared address `saddr`: leading
 * byte offset `lbo` (MN-major operands: the step between 64-element blocks),
 * stride byte offset `sbo` (the step between 8-row atoms). */
__device__ __forceinline__ uint64_t desc_sw128(uint32_t saddr, uint32_t lbo, uint32_t sbo) {
    return (uint64_t)((saddr & 0x3FFFFu) >> 4) | ((uint64_t)(lbo >> 4) << 16) |
           ((uint64_t)(sbo >> 4) << 32) | ((uint64_t)1 << 62);
}
/* K-major operand: atoms 1024 B apart; the leading offset is unused (16 K
 * columns lie inside one 128-byte row) and set to 16 B. */
__device__ __forceinline__ uint64_t desc_sw128(uint32_t saddr) {
    return desc_sw128(saddr, 16, 1024);
}

__device__ __forceinline__ void wg_fence() {
    asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
}
__device__ __forceinline__ void wg_commit() {
    asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
}
template <int N> __device__ __forceinline__ void wg_wait() {
    asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(N) : "memory");
}
/* Keeps the compiler from moving accesses of d across a wgmma fence / wait. */
template <int N> __device__ __forceinline__ void wg_fence_regs(float (&d)[N]) {
#pragma unroll
    for (int i = 0; i < N; i++)
        asm volatile("" : "+f"(d[i])::"memory");
}
/* cp.async on a 32-bit shared address and without a memory clobber (bsmma's takes a
 * generic pointer and clobbers memory): the wgmma kernels' shared accesses are all asm
 * volatile, so program order holds (flash_wgmma.cu's form, as measured). */
__device__ __forceinline__ void cp_async16(uint32_t dst, const void *src, bool valid) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(dst), "l"(src),
                 "r"(valid ? 16 : 0));
}
__device__ __forceinline__ void cp_commit() {
    asm volatile("cp.async.commit_group;\n" ::);
}
template <int N> __device__ __forceinline__ void cp_wait() {
    asm volatile("cp.async.wait_group %0;\n" ::"n"(N));
}

/* Ordinary / cp.async writes to shared memory made visible to the async proxy
 * (wgmma reads); each writing thread, before the barrier. */
__device__ __forceinline__ void fence_proxy_async() {
    asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
}

/* d[0..32) (+)= A (regs, m64k16) * B (desc, n64k16), fp32 accumulate; scale_d 0 zeroes d. */
__device__ __forceinline__ void wgmma_m64n64k16_rs(float (&d)[32], const uint32_t (&a)[4],
                                                   uint64_t desc, int scale_d) {
    asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %37, 0;\n"
                 "wgmma.mma_async.sync.aligned.m64n64k16.f32.bf16.bf16 {"
                 "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, "
                 "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31"
                 "}, {%32, %33, %34, %35}, %36, p, 1, 1, 0;\n}\n"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]),
                   "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]),
                   "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]),
                   "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]),
                   "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]),
                   "+f"(d[30]), "+f"(d[31])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(desc), "r"(scale_d));
}

/* The 64 fp32 accumulators of an n128 wgmma: their operand names %0..%63 in the asm string
 * and their in-out operands. */
#define WG_D64_NAMES                                                                               \
    "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, "                       \
    "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, "             \
    "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, "             \
    "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63"
#define WG_D64_OUT(d)                                                                              \
    "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]),            \
        "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]),    \
        "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), \
        "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), \
        "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), \
        "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), \
        "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), \
        "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), \
        "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), \
        "+f"(d[63])

/* d[0..64) (+)= A (regs, m64k16) * B (desc, n128k16), fp32 accumulate; scale_d 0 zeroes d;
 * TRANS_B 1: B is MN-major. */
template <int TRANS_B = 0>
__device__ __forceinline__ void wgmma_m64n128k16_rs(float (&d)[64], const uint32_t (&a)[4],
                                                    uint64_t desc, int scale_d) {
    asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %69, 0;\n"
                 "wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {" WG_D64_NAMES
                 "}, {%64, %65, %66, %67}, %68, p, 1, 1, %70;\n}\n"
                 : WG_D64_OUT(d)
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(desc), "r"(scale_d),
                   "n"(TRANS_B));
}

/* d[0..64) (+)= A (desc, m64k16) * B (desc, n128k16), both from shared memory, fp32
 * accumulate; scale_d 0 zeroes d; TRANS_B 1: B is MN-major. */
template <int TRANS_B = 0>
__device__ __forceinline__ void wgmma_m64n128k16_ss(float (&d)[64], uint64_t desc_a,
                                                    uint64_t desc_b, int scale_d) {
    asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
                 "wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {" WG_D64_NAMES
                 "}, %64, %65, p, 1, 1, 0, %67;\n}\n"
                 : WG_D64_OUT(d)
                 : "l"(desc_a), "l"(desc_b), "r"(scale_d), "n"(TRANS_B));
}

/* d[0..64) (+)= A (desc, m64k32) * B (desc, n128k32), both e4m3 from shared memory and
 * K-major (fp8 has no transposed form), fp32 accumulate; scale_d 0 zeroes d.  A 32-byte
 * K step, as bf16's k16: the same 128-byte swizzled rows and descriptors. */
__device__ __forceinline__ void wgmma_m64n128k32_e4m3_ss(float (&d)[64], uint64_t desc_a,
                                                         uint64_t desc_b, int scale_d) {
    asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
                 "wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3 {" WG_D64_NAMES
                 "}, %64, %65, p, 1, 1;\n}\n"
                 : WG_D64_OUT(d)
                 : "l"(desc_a), "l"(desc_b), "r"(scale_d));
}
#endif /* MSABENCH_WGMMA_DEVICE */

} /* namespace bswg */
#endif
