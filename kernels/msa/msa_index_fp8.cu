/* msa_index_fp8.cu - MSA decode index over fp8 (e4m3) index keys, and the
 * bf16 -> e4m3 key quantizer (issue 16, target 5).
 *
 * Key cache layout (msa_fp8_kidx_bytes): e4m3 [B, N, di] bytes, then at
 * msa_fp8_kidx_scale_offset one fp32 scale per key [B, N]: key value =
 * e4m3 value * scale, scale = max|key| / 448 (the e4m3 maximum), so every key
 * uses the format's whole range.  A decode cache would quantize each key once,
 * when it is appended; the index reads 128 + 4 B a token at d_idx = 128
 * instead of 256 B in bf16.
 *
 * Kernel: msa_index_decode.cu's streaming design with 16 e4m3 values per lane
 * (one 16-byte load): DI/16 lanes per key, 32/(DI/16) keys per warp step, 8
 * loads in flight per lane, a running block max per row; the scale multiplies
 * the lane-summed dot, so a score is scale * sum(q * e4m3) in fp32 (the e4m3
 * -> fp32 conversion is exact).  Query rows stay bf16.
 * Floor at the paper point (N = 2^20, d_idx = 128): 132 MiB a batch element
 * -> 0.046 ms at 3.0 TB/s (bf16: 0.089 ms).
 *
 * decode_fp8_pdl (a.pdl): both kernels first let the next grid be scheduled
 * (common/cuda_pdl.cuh; launched as usual themselves), so Top-k's CTAs take SM
 * slots as index CTAs exit and wait there for this grid's scores instead of
 * being launched after it drains.  Predicted (H100, paper point, B = 1): the
 * index -> Top-k gap ~3-4 us -> ~1 us.  Measured (H200, run9, test_gpu_bench_decode
 * full, 1M): B = 1 0.0684 -> 0.0633 ms (-5.1 us), flash / msa 8.00x -> 8.65x
 * (graphs 8.73x); B = 32 1.2637 -> 1.1322 ms, 13.7x -> 15.3x; outputs bit-equal. */
#include "alloc.h"
#include "common/cuda_check.h"
#include "common/cuda_pdl.cuh"
#include "device.h"
#include "msa/msa_cuda.h"
#include "msa/msa_kernels.cuh"

#include <cuda_bf16.h>
#include <cuda_fp8.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

namespace {

constexpr int FX_WARPS = 8, FX_UNROLL = 8, FX_MAX_ROWS = 8;

__device__ __forceinline__ void e4m3x2_to_f32(unsigned short v, float &lo, float &hi) {
    const __half2_raw h = __nv_cvt_fp8x2_to_halfraw2((__nv_fp8x2_storage_t)v, __NV_E4M3);
    const float2 f = __half22float2(*reinterpret_cast<const __half2 *>(&h));
    lo = f.x;
    hi = f.y;
}

template <int DI, int R>
__global__ void __launch_bounds__(FX_WARPS * 32)
    msa_index_fp8_kernel(msa_index_args a, const float *__restrict__ kscale, int64_t bps) {
    if (a.pdl) /* decode_fp8_pdl: Top-k may be scheduled now; it waits for this grid */
        pdl_launch_dependents();
    constexpr int LPK = DI / 16;  /* lanes per key: 16 e4m3 values each */
    constexpr int KPI = 32 / LPK; /* keys per warp step */
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int sub = lane / LPK, ch = lane % LPK;
    const int64_t b = blockIdx.y;
    const int nr = (int)(a.nt * a.Hkv);
    const int64_t pos0 = a.q_off + a.t0, pos_max = pos0 + a.nt - 1;

    float q[R][16]; /* this lane's 16 values of every row; rows past nr are zero */
    const __nv_bfloat16 *qb =
        static_cast<const __nv_bfloat16 *>(a.qidx) + ((b * a.q_len + a.t0) * a.Hkv) * DI;
#pragma unroll
    for (int r = 0; r < R; r++)
#pragma unroll
        for (int half = 0; half < 2; half++) {
            uint4 raw = make_uint4(0, 0, 0, 0);
            if (r < nr)
                raw = *reinterpret_cast<const uint4 *>(qb + (int64_t)r * DI + ch * 16 + half * 8);
            const __nv_bfloat162 *h = reinterpret_cast<const __nv_bfloat162 *>(&raw);
#pragma unroll
            for (int i = 0; i < 4; i++) {
                const float2 f = __bfloat1622float2(h[i]);
                q[r][half * 8 + 2 * i] = f.x;
                q[r][half * 8 + 2 * i + 1] = f.y;
            }
        }
    int64_t lim[R]; /* row r = t * Hkv + g sees keys <= pos0 + t */
#pragma unroll
    for (int r = 0; r < R; r++)
        lim[r] = a.causal ? pos0 + r / a.Hkv : a.N;
    const uint8_t *kb = static_cast<const uint8_t *>(a.kidx) + b * a.N * DI;
    const float *sb = kscale + b * a.N;
    const int64_t blk_lo = (int64_t)blockIdx.x * bps;
    int64_t blk_hi = blk_lo + bps < a.nb ? blk_lo + bps : a.nb;
    if (a.causal && blk_hi > pos_max / a.bk + 1)
        blk_hi = pos_max / a.bk + 1;
    for (int64_t blk = blk_lo + warp; blk < blk_hi; blk += FX_WARPS) {
        float mx[R];
#pragma unroll
        for (int r = 0; r < R; r++)
            mx[r] = -INFINITY;
        const int64_t k0 = blk * a.bk;
        int64_t k1 = k0 + a.bk < a.N ? k0 + a.bk : a.N;
        if (a.causal && k1 > pos_max + 1)
            k1 = pos_max + 1;
        for (int64_t kk = k0; kk < k1; kk += KPI * FX_UNROLL) {
            uint4 raw[FX_UNROLL];
            float sc[FX_UNROLL];
#pragma unroll
            for (int u = 0; u < FX_UNROLL; u++) {
                const int64_t key = kk + u * KPI + sub;
                const bool in = key < k1;
                raw[u] = in ? __ldg(reinterpret_cast<const uint4 *>(kb + key * DI + ch * 16))
                            : make_uint4(0, 0, 0, 0);
                sc[u] = in ? __ldg(sb + key) : 0.f;
            }
#pragma unroll
            for (int u = 0; u < FX_UNROLL; u++) {
                const int64_t key = kk + u * KPI + sub;
                const unsigned short *h = reinterpret_cast<const unsigned short *>(&raw[u]);
                float x[16];
#pragma unroll
                for (int i = 0; i < 8; i++)
                    e4m3x2_to_f32(h[i], x[2 * i], x[2 * i + 1]);
#pragma unroll
                for (int r = 0; r < R; r++) {
                    float s = 0.f;
#pragma unroll
                    for (int i = 0; i < 16; i++)
                        s = fmaf(q[r][i], x[i], s);
#pragma unroll
                    for (int o = LPK / 2; o > 0; o >>= 1)
                        s += __shfl_xor_sync(0xffffffffu, s, o);
                    if (key < k1 && key <= lim[r])
                        mx[r] = fmaxf(mx[r], s * sc[u]);
                }
            }
        }
#pragma unroll
        for (int r = 0; r < R; r++) {
#pragma unroll
            for (int o = 16; o >= LPK; o >>= 1)
                mx[r] = fmaxf(mx[r], __shfl_xor_sync(0xffffffffu, mx[r], o));
            if (lane == 0 && r < nr) {
                const int64_t g = r % a.Hkv, t = r / a.Hkv;
                a.scores[((b * a.Hkv + g) * a.cq + t) * a.nb + blk] = mx[r] * a.scale;
            }
        }
    }
}

/* v2: tensor cores.  One m16n8k16 f16 MMA (fp32 accumulate) takes 8 keys x
 * 16 dims against the <= 8 index rows (A rows 8..15 are zero).  e4m3 -> f16 is
 * exact (one cvt per pair); Qidx goes to f16 times a power of two per row
 * (exact for bf16 values above 2^-14 of the row's max), undone on the score.
 * Lane (g, t) loads 16 contiguous bytes of key g (dims c*64 + t*16 ..): the
 * dot product does not care which dim sits in which k slot, so that chunk is
 * its B fragment for 4 k-steps as loaded, and Q's A fragment is gathered once
 * in the same order: k-step (c, j), slot k -> dim c*64 + (k%8)/2*16 + 4j +
 * 2*(k/8) + k%2.  C gives row g, keys 2t and 2t+1: scaled, masked, max'd.
 * Per 8 keys a warp issues DI/64 16-byte loads, DI/16 MMAs and DI/8 cvts per
 * lane, against ~60 instructions per key and row group in v1. */
constexpr int F2_WARPS = 8, F2_TILES = 4; /* 8-key tiles per step: 32 keys */

__device__ __forceinline__ void mma_f16(float c[4], const uint32_t a[4], uint32_t b0, uint32_t b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, "
                 "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                 : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
/* volatile, like mma_f16: the compiler keeps a step's loads ahead of its MMAs
 * (with plain __ldg it sank each load to its first use: ~2 in flight a lane) */
__device__ __forceinline__ uint4 ld_nc_v4(const void *p) {
    uint4 r;
    asm volatile("ld.global.nc.v4.u32 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r.x), "=r"(r.y), "=r"(r.z), "=r"(r.w)
                 : "l"(p));
    return r;
}
__device__ __forceinline__ float ld_nc_f32(const float *p) {
    float r;
    asm volatile("ld.global.nc.f32 %0, [%1];\n" : "=f"(r) : "l"(p));
    return r;
}
__device__ __forceinline__ uint32_t e4m3x2_to_f16x2(uint32_t v16) {
    const __half2_raw h = __nv_cvt_fp8x2_to_halfraw2((__nv_fp8x2_storage_t)v16, __NV_E4M3);
    return (uint32_t)h.x | ((uint32_t)h.y << 16);
}
__device__ __forceinline__ uint32_t pack_f16x2(float lo, float hi) {
    const __half2 h = __floats2half2_rn(lo, hi);
    return *reinterpret_cast<const uint32_t *>(&h);
}

template <int DI>
__global__ void __launch_bounds__(F2_WARPS * 32, 2)
    msa_index_fp8_mma_kernel(msa_index_args a, const float *__restrict__ kscale, int64_t bps) {
    if (a.pdl) /* as in v1 */
        pdl_launch_dependents();
    constexpr int NC = DI / 64; /* 16-byte chunks per lane and key */
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int g = lane >> 2, t = lane & 3;
    const int64_t b = blockIdx.y;
    const int nr = (int)(a.nt * a.Hkv);
    const int64_t pos0 = a.q_off + a.t0, pos_max = pos0 + a.nt - 1;

    /* A fragments of row g (zero past nr): per (c, j) a0a1 = dims base+0,1 and
     * a4a5 (A reg 2) = base+2,3, base = c*64 + t*16 + 4j; regs 1 and 3 (rows
     * 8..15) stay zero. */
    float qv[NC][16];
    float qmax = 0.f;
    const __nv_bfloat16 *qb =
        static_cast<const __nv_bfloat16 *>(a.qidx) + ((b * a.q_len + a.t0) * a.Hkv + g) * DI;
#pragma unroll
    for (int c = 0; c < NC; c++)
#pragma unroll
        for (int h2 = 0; h2 < 2; h2++) {
            uint4 raw = make_uint4(0, 0, 0, 0);
            if (g < nr)
                raw = *reinterpret_cast<const uint4 *>(qb + c * 64 + t * 16 + h2 * 8);
            const __nv_bfloat162 *h = reinterpret_cast<const __nv_bfloat162 *>(&raw);
#pragma unroll
            for (int i = 0; i < 4; i++) {
                const float2 f = __bfloat1622float2(h[i]);
                qv[c][h2 * 8 + 2 * i] = f.x;
                qv[c][h2 * 8 + 2 * i + 1] = f.y;
                qmax = fmaxf(qmax, fmaxf(fabsf(f.x), fabsf(f.y)));
            }
        }
    qmax = fmaxf(qmax, __shfl_xor_sync(0xffffffffu, qmax, 1));
    qmax = fmaxf(qmax, __shfl_xor_sync(0xffffffffu, qmax, 2));
    int ex = 0;
    (void)frexpf(qmax, &ex);                 /* qmax < 2^ex */
    const int sh = qmax > 0.f ? 15 - ex : 0; /* row max scaled below 2^15 */
    const float unscale = ldexpf(a.scale, -sh);
    uint32_t afr[NC][4][4];
#pragma unroll
    for (int c = 0; c < NC; c++)
#pragma unroll
        for (int j = 0; j < 4; j++) {
            afr[c][j][0] = pack_f16x2(ldexpf(qv[c][4 * j], sh), ldexpf(qv[c][4 * j + 1], sh));
            afr[c][j][1] = 0;
            afr[c][j][2] = pack_f16x2(ldexpf(qv[c][4 * j + 2], sh), ldexpf(qv[c][4 * j + 3], sh));
            afr[c][j][3] = 0;
        }
    const int64_t lim = a.causal ? pos0 + g / a.Hkv : a.N; /* row g sees keys <= lim */

    const uint8_t *kb = static_cast<const uint8_t *>(a.kidx) + b * a.N * DI;
    const float *sb = kscale + b * a.N;
    const int64_t blk_lo = (int64_t)blockIdx.x * bps;
    int64_t blk_hi = blk_lo + bps < a.nb ? blk_lo + bps : a.nb;
    if (a.causal && blk_hi > pos_max / a.bk + 1)
        blk_hi = pos_max / a.bk + 1;
    for (int64_t blk = blk_lo + warp; blk < blk_hi; blk += F2_WARPS) {
        float mx = -INFINITY;
        const int64_t k0 = blk * a.bk;
        int64_t k1 = k0 + a.bk < a.N ? k0 + a.bk : a.N;
        if (a.causal && k1 > pos_max + 1)
            k1 = pos_max + 1;
        for (int64_t kk = k0; kk < k1; kk += 8 * F2_TILES) {
            uint4 raw[F2_TILES][NC];
            float2 sc[F2_TILES];
#pragma unroll
            for (int u = 0; u < F2_TILES; u++) { /* keys past k1 read key k1 - 1, masked below */
                int64_t key = kk + u * 8 + g, ks = kk + u * 8 + 2 * t;
                key = key < k1 ? key : k1 - 1;
#pragma unroll
                for (int c = 0; c < NC; c++)
                    raw[u][c] = ld_nc_v4(kb + key * DI + c * 64 + t * 16);
                sc[u].x = ld_nc_f32(sb + (ks < k1 ? ks : k1 - 1));
                sc[u].y = ld_nc_f32(sb + (ks + 1 < k1 ? ks + 1 : k1 - 1));
            }
#pragma unroll
            for (int u = 0; u < F2_TILES; u++) {
                float acc[4] = {0.f, 0.f, 0.f, 0.f};
#pragma unroll
                for (int c = 0; c < NC; c++) {
                    const uint32_t w[4] = {raw[u][c].x, raw[u][c].y, raw[u][c].z, raw[u][c].w};
#pragma unroll
                    for (int j = 0; j < 4; j++) /* word j: dims 4j..4j+3 of the chunk */
                        mma_f16(acc, afr[c][j], e4m3x2_to_f16x2(w[j] & 0xffffu),
                                e4m3x2_to_f16x2(w[j] >> 16));
                }
                const int64_t ks = kk + u * 8 + 2 * t;
                if (ks < k1 && ks <= lim)
                    mx = fmaxf(mx, acc[0] * sc[u].x);
                if (ks + 1 < k1 && ks + 1 <= lim)
                    mx = fmaxf(mx, acc[1] * sc[u].y);
            }
        }
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
        if (t == 0 && g < nr) {
            const int64_t gg = g % a.Hkv, tt = g / a.Hkv;
            a.scores[((b * a.Hkv + gg) * a.cq + tt) * a.nb + blk] = mx * unscale;
        }
    }
}

template <int DI>
enum attn_status launch_mma(const msa_index_args *a, const float *kscale, int n_sm,
                            cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    int per_sm = 0;
    int64_t splits, bps;
    CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, msa_index_fp8_mma_kernel<DI>,
                                                             F2_WARPS * 32, 0));
    splits = (int64_t)(per_sm > 0 ? per_sm : 1) * n_sm / a->B;
    splits = splits < 1 ? 1 : splits;
    bps = (a->nb + splits - 1) / splits;
    bps = bps < F2_WARPS ? F2_WARPS : bps;
    splits = (a->nb + bps - 1) / bps;
    if (splits > 0x7fffffff || a->B > 65535) {
        attn_set_error("msa fp8 index: grid too large (%lld splits, batch %lld)", (long long)splits,
                       (long long)a->B);
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    msa_index_fp8_mma_kernel<DI>
        <<<dim3((unsigned)splits, (unsigned)a->B), F2_WARPS * 32, 0, stream>>>(*a, kscale, bps);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

int g_fp8_version = 2;

template <int DI, int R>
enum attn_status launch(const msa_index_args *a, const float *kscale, int n_sm,
                        cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    int per_sm = 0; /* one wave of CTAs, blocks dealt evenly (as msa_index_decode.cu) */
    int64_t splits, bps;
    CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, msa_index_fp8_kernel<DI, R>,
                                                             FX_WARPS * 32, 0));
    splits = (int64_t)(per_sm > 0 ? per_sm : 1) * n_sm / a->B;
    splits = splits < 1 ? 1 : splits;
    bps = (a->nb + splits - 1) / splits;
    bps = bps < FX_WARPS ? FX_WARPS : bps;
    splits = (a->nb + bps - 1) / bps;
    if (splits > 0x7fffffff || a->B > 65535) {
        attn_set_error("msa fp8 index: grid too large (%lld splits, batch %lld)", (long long)splits,
                       (long long)a->B);
        st = ATTN_ERR_INVALID;
        goto cleanup;
    }
    msa_index_fp8_kernel<DI, R>
        <<<dim3((unsigned)splits, (unsigned)a->B), FX_WARPS * 32, 0, stream>>>(*a, kscale, bps);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

template <int DI>
enum attn_status launch_di(const msa_index_args *a, const float *kscale, int n_sm,
                           cudaStream_t stream) {
    return a->nt * a->Hkv <= 4 ? launch<DI, 4>(a, kscale, n_sm, stream)
                               : launch<DI, 8>(a, kscale, n_sm, stream);
}

/* One warp per key: max|x| over the key, scale = max / 448, e4m3 of x / scale
 * (round to nearest even, saturating). */
template <int DI>
__global__ void quant_kernel(const __nv_bfloat16 *__restrict__ src, uint8_t *__restrict__ dst,
                             float *__restrict__ scale, int64_t keys) {
    constexpr int PER = DI / 32; /* values per lane: 4 or 2 */
    const int lane = threadIdx.x & 31;
    const int64_t warps = (int64_t)gridDim.x * (blockDim.x >> 5);
    for (int64_t key = (int64_t)blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5); key < keys;
         key += warps) {
        float x[PER], m = 0.f;
#pragma unroll
        for (int i = 0; i < PER; i++) {
            x[i] = __bfloat162float(src[key * DI + lane * PER + i]);
            m = fmaxf(m, fabsf(x[i]));
        }
#pragma unroll
        for (int o = 16; o > 0; o >>= 1)
            m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, o));
        const float s = m > 0.f ? m / 448.f : 1.f;
#pragma unroll
        for (int i = 0; i < PER; i += 2) {
            const __nv_fp8x2_storage_t v = __nv_cvt_float2_to_fp8x2(
                make_float2(x[i] / s, x[i + 1] / s), __NV_SATFINITE, __NV_E4M3);
            *reinterpret_cast<__nv_fp8x2_storage_t *>(dst + key * DI + lane * PER + i) = v;
        }
        if (lane == 0)
            scale[key] = s;
    }
}

} /* namespace */

enum attn_status msa_index_fp8_launch(const struct msa_index_args *a, int n_sm,
                                      cudaStream_t stream) {
    if (a->nt * a->Hkv > FX_MAX_ROWS || (a->di != 64 && a->di != 128)) {
        attn_set_error("msa fp8 index: %lld index rows (at most %d), d_idx %lld (64 or 128)",
                       (long long)(a->nt * a->Hkv), FX_MAX_ROWS, (long long)a->di);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (a->nt <= 0)
        return ATTN_OK;
    const float *kscale = reinterpret_cast<const float *>(
        static_cast<const char *>(a->kidx) + msa_fp8_kidx_scale_offset(a->B, a->N, a->di));
    if (g_fp8_version == 2)
        return a->di == 128 ? launch_mma<128>(a, kscale, n_sm, stream)
                            : launch_mma<64>(a, kscale, n_sm, stream);
    return a->di == 128 ? launch_di<128>(a, kscale, n_sm, stream)
                        : launch_di<64>(a, kscale, n_sm, stream);
}

extern "C" void msa_cuda_set_fp8_version(int version) {
    g_fp8_version = version == 1 ? 1 : 2;
}
extern "C" int msa_cuda_fp8_version(void) {
    return g_fp8_version;
}

/* Keys [key0, key0 + nkeys) of the [B, N] cache from src (those keys' bf16
 * rows only), so a cache can be made a slice at a time where the whole bf16
 * Kidx does not fit beside it (B = 32 at 1M on 80 GB). */
extern "C" enum attn_status msa_cuda_kidx_to_fp8_part(const void *src_bf16, void *kidx_fp8,
                                                      int64_t B, int64_t N, int64_t di,
                                                      int64_t key0, int64_t nkeys, void *stream) {
    enum attn_status st = ATTN_OK;
    uint8_t *dst = static_cast<uint8_t *>(kidx_fp8) + key0 * di;
    float *scale = reinterpret_cast<float *>(static_cast<uint8_t *>(kidx_fp8) +
                                             msa_fp8_kidx_scale_offset(B, N, di)) +
                   key0;
    if (di != 64 && di != 128) {
        attn_set_error("msa fp8 keys: d_idx %lld (64 or 128)", (long long)di);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (key0 < 0 || nkeys < 0 || key0 + nkeys > B * N) {
        attn_set_error("msa fp8 keys: keys [%lld, %lld) outside the %lld of the cache",
                       (long long)key0, (long long)(key0 + nkeys), (long long)(B * N));
        return ATTN_ERR_INVALID;
    }
    if (di == 128)
        quant_kernel<128><<<1024, 256, 0, (cudaStream_t)stream>>>(
            static_cast<const __nv_bfloat16 *>(src_bf16), dst, scale, nkeys);
    else
        quant_kernel<64><<<1024, 256, 0, (cudaStream_t)stream>>>(
            static_cast<const __nv_bfloat16 *>(src_bf16), dst, scale, nkeys);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

extern "C" enum attn_status msa_cuda_kidx_to_fp8(const void *kidx_bf16, void *kidx_fp8, int64_t B,
                                                 int64_t N, int64_t di, void *stream) {
    return msa_cuda_kidx_to_fp8_part(kidx_bf16, kidx_fp8, B, N, di, 0, B * N, stream);
}

extern "C" enum attn_status msa_cuda_fp8_kidx_alloc(const void *kidx_bf16, int64_t B, int64_t N,
                                                    int64_t di, void **out) {
    enum attn_status st = ATTN_OK;
    void *p = attn_dev_alloc(msa_fp8_kidx_bytes(B, N, di));
    *out = NULL;
    if (!p) {
        attn_set_error("fp8 index keys: %zu bytes of device memory", msa_fp8_kidx_bytes(B, N, di));
        return ATTN_ERR_NOMEM;
    }
    ATTN_CHECK(msa_cuda_kidx_to_fp8(kidx_bf16, p, B, N, di, attn_device_stream()));
    CUDA_CHECK(cudaStreamSynchronize((cudaStream_t)attn_device_stream()));
    *out = p;
    p = NULL;
cleanup:
    attn_dev_free(p);
    return st;
}

extern "C" enum attn_status msa_cuda_fp8_kidx_f64(const void *kidx_fp8, int64_t B, int64_t N,
                                                  int64_t di, double *out) {
    enum attn_status st = ATTN_OK;
    const size_t bytes = msa_fp8_kidx_bytes(B, N, di), off = msa_fp8_kidx_scale_offset(B, N, di);
    uint8_t *h = static_cast<uint8_t *>(malloc(bytes));
    if (!h) {
        attn_set_error("fp8 index keys: %zu bytes of host memory", bytes);
        return ATTN_ERR_NOMEM;
    }
    CUDA_CHECK(cudaMemcpy(h, kidx_fp8, bytes, cudaMemcpyDeviceToHost));
    for (int64_t key = 0; key < B * N; key++) {
        float s;
        memcpy(&s, h + off + (size_t)key * sizeof s, sizeof s);
        for (int64_t c = 0; c < di; c++)
            out[key * di + c] = msa_e4m3_value(h[key * di + c]) * (double)s;
    }
cleanup:
    free(h);
    return st;
}
