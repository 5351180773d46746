/* msa_index_decode.cu - MSA index branch for decode: block scores of a few
 * index rows (q_len x Hkv <= 8) against the whole Kidx, on CUDA cores.
 *
 * Decode reads Kidx once and does 2 * rows FLOPs per byte: it is a streaming
 * kernel, not a GEMM.  The tensor-core kernel (msa_index.cu) gives such a
 * chunk one 256-row tile of which 4 rows are real, so one warp of eight does
 * all the MMAs and the others only load: 1.3-1.56 TB/s over Kidx at N = 1M
 * (0.172 ms at B = 1; 7.05 ms of MSA's 7.05 at B = 32 is mostly this).
 * Here every warp streams whole KV blocks: a key's d_idx bf16 values are split
 * over DI/8 lanes (one 16-byte load each, coalesced), each lane dots its 8
 * values with its slice of every query row (held in registers), the partial
 * dots are summed across those lanes with shuffles, and a running max per row
 * gives the block score at the block's end.  8 loads in flight per lane;
 * enough CTAs for several waves.
 * Floor at the paper point (N = 2^20, d_idx = 128): 256 MiB of Kidx per batch
 * element -> 0.09 ms at 3 TB/s.
 * Predicted: the index at ~2.8 TB/s, 0.172 -> ~0.095 ms at B = 1.
 * Measured (NVIDIA H100 80GB HBM3, paper point, N = 2^20, tests/gpu/
 * test_gpu_bench_decode full, results/gpu/run5/decode): index stage 0.129 ms
 * at B = 1 (2.1 TB/s over Kidx; the tensor-core kernel: 0.172 ms), 3.43 ms
 * at B = 32 (2.5 TB/s; MSA total 7.05 -> 3.51 ms).  First version: 4 loads in
 * flight and a 64-bit division per row and key: 0.20 ms at B = 1 (slower than
 * tensor cores); 8 loads, the row limits hoisted, one wave of CTAs: above. */
#include "common/cuda_check.h"
#include "msa/msa_kernels.cuh"

#include <cuda_bf16.h>
#include <math.h>

namespace {

constexpr int DX_WARPS = 8, DX_UNROLL = 8, DX_MAX_ROWS = 8;

template <int DI, int R>
__global__ void __launch_bounds__(DX_WARPS * 32)
    msa_index_decode_kernel(msa_index_args a, int64_t bps) {
    constexpr int LPK = DI / 8;   /* lanes per key: one 16-byte chunk each */
    constexpr int KPI = 32 / LPK; /* keys per warp step */
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int sub = lane / LPK, ch = lane % LPK;
    const int64_t b = blockIdx.y;
    const int nr = (int)(a.nt * a.Hkv);
    const int64_t pos0 = a.q_off + a.t0, pos_max = pos0 + a.nt - 1;

    /* this lane's slice (8 values) of every row; rows past nr are zero */
    float q[R][8];
    const __nv_bfloat16 *qb =
        static_cast<const __nv_bfloat16 *>(a.qidx) + ((b * a.q_len + a.t0) * a.Hkv) * DI;
#pragma unroll
    for (int r = 0; r < R; r++) {
        uint4 raw = make_uint4(0, 0, 0, 0);
        if (r < nr)
            raw = *reinterpret_cast<const uint4 *>(qb + (int64_t)r * DI + ch * 8);
        const __nv_bfloat162 *h = reinterpret_cast<const __nv_bfloat162 *>(&raw);
#pragma unroll
        for (int i = 0; i < 4; i++) {
            const float2 f = __bfloat1622float2(h[i]);
            q[r][2 * i] = f.x;
            q[r][2 * i + 1] = f.y;
        }
    }
    int64_t lim[R]; /* row r = t * Hkv + g sees keys <= pos0 + t (no division in the loop) */
#pragma unroll
    for (int r = 0; r < R; r++)
        lim[r] = a.causal ? pos0 + r / a.Hkv : a.N;
    const __nv_bfloat16 *kb = static_cast<const __nv_bfloat16 *>(a.kidx) + b * a.N * DI;
    const int64_t blk_lo = (int64_t)blockIdx.x * bps;
    int64_t blk_hi = blk_lo + bps < a.nb ? blk_lo + bps : a.nb;
    if (a.causal && blk_hi > pos_max / a.bk + 1)
        blk_hi = pos_max / a.bk + 1;
    for (int64_t blk = blk_lo + warp; blk < blk_hi; blk += DX_WARPS) {
        float mx[R];
#pragma unroll
        for (int r = 0; r < R; r++)
            mx[r] = -INFINITY;
        const int64_t k0 = blk * a.bk;
        int64_t k1 = k0 + a.bk < a.N ? k0 + a.bk : a.N;
        if (a.causal && k1 > pos_max + 1)
            k1 = pos_max + 1;
        for (int64_t kk = k0; kk < k1; kk += KPI * DX_UNROLL) {
            uint4 raw[DX_UNROLL];
#pragma unroll
            for (int u = 0; u < DX_UNROLL; u++) {
                const int64_t key = kk + u * KPI + sub;
                raw[u] = key < k1 ? __ldg(reinterpret_cast<const uint4 *>(kb + key * DI + ch * 8))
                                  : make_uint4(0, 0, 0, 0);
            }
#pragma unroll
            for (int u = 0; u < DX_UNROLL; u++) {
                const int64_t key = kk + u * KPI + sub;
                const __nv_bfloat162 *h = reinterpret_cast<const __nv_bfloat162 *>(&raw[u]);
                float x[8];
#pragma unroll
                for (int i = 0; i < 4; i++) {
                    const float2 f = __bfloat1622float2(h[i]);
                    x[2 * i] = f.x;
                    x[2 * i + 1] = f.y;
                }
#pragma unroll
                for (int r = 0; r < R; r++) {
                    float s = 0.f;
#pragma unroll
                    for (int i = 0; i < 8; i++)
                        s = fmaf(q[r][i], x[i], s);
#pragma unroll
                    for (int o = LPK / 2; o > 0; o >>= 1)
                        s += __shfl_xor_sync(0xffffffffu, s, o);
                    if (key < k1 && key <= lim[r])
                        mx[r] = fmaxf(mx[r], s);
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

template <int DI, int R>
enum attn_status launch(const msa_index_args *a, int n_sm, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    /* One wave: as many CTAs as fit the SMs at once, the blocks dealt evenly
     * (a second, partial wave would leave most SMs idle at its end). */
    int per_sm = 0;
    int64_t splits, bps;
    CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(
        &per_sm, msa_index_decode_kernel<DI, R>, DX_WARPS * 32, 0));
    splits = (int64_t)(per_sm > 0 ? per_sm : 1) * n_sm / a->B;
    splits = splits < 1 ? 1 : splits;
    bps = (a->nb + splits - 1) / splits;
    bps = bps < DX_WARPS ? DX_WARPS : bps;
    splits = (a->nb + bps - 1) / bps;
    if (splits > 0x7fffffff || a->B > 65535) {
        attn_set_error("msa index decode: grid too large (%lld splits, batch %lld)",
                       (long long)splits, (long long)a->B);
        st = ATTN_ERR_INVALID; /* not UNSUPPORTED: that means "use the other kernel" */
        goto cleanup;
    }
    msa_index_decode_kernel<DI, R>
        <<<dim3((unsigned)splits, (unsigned)a->B), DX_WARPS * 32, 0, stream>>>(*a, bps);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

template <int DI>
enum attn_status launch_di(const msa_index_args *a, int n_sm, cudaStream_t stream) {
    const int64_t nr = a->nt * a->Hkv;
    return nr <= 4 ? launch<DI, 4>(a, n_sm, stream) : launch<DI, 8>(a, n_sm, stream);
}

} /* namespace */

bool msa_index_decode_fits(int64_t nt, int64_t Hkv, int64_t di) {
    return nt * Hkv <= DX_MAX_ROWS && (di == 64 || di == 128);
}

enum attn_status msa_index_decode_launch(const struct msa_index_args *a, int n_sm,
                                         cudaStream_t stream) {
    if (!msa_index_decode_fits(a->nt, a->Hkv, a->di))
        return ATTN_ERR_UNSUPPORTED; /* the caller uses the tensor-core kernel */
    if (a->nt <= 0)
        return ATTN_OK;
    return a->di == 128 ? launch_di<128>(a, n_sm, stream) : launch_di<64>(a, n_sm, stream);
}
