/* msa_combine.cu - log-sum-exp merge of MSA's partial attention outputs.
 *
 * The KV-outer main branch (msa_attn.cu) leaves one partial (lse, O/l) per
 * (query row, head, selected slot), the decode split one per (row, head, slot,
 * key chunk); moba tc's per-head groups (sel_per_head) one per (row, head,
 * slot) too, each head checking its own selection row.  One warp per (batch,
 * row, head): LSE = log2 sum 2^lse_p over the partials whose slot holds a
 * block (and whose lse is finite), then O = sum_p 2^(lse_p - LSE) O_p, fp32,
 * written once as bf16.  Bytes: P partial rows of d fp32 read, one bf16 row
 * written; a pure streaming kernel.  v1 (one partial at a time, dependent
 * loads) ran at ~0.6 TB/s (27 ms at N = 128K, paper point, H100); v2 computes
 * the weights lane-parallel and streams the rows with independent loads: 24.0
 * ms at 128K (~0.72 TB/s), 193 ms at 1M, 8 us in decode at 1M (v1 15 us);
 * still far from the ~6 ms bandwidth floor at 128K.  bf16 partials (B16,
 * kv_outer_bf16 / _wgmma; run12, H100): 13.9 ms at 128K, 111 ms at 1M (fp32
 * 23.2 / 186 in the same process).
 * a.pdl (decode_fp8_pdl): launched by programmatic dependent launch, it waits
 * first thing for the partials (common/cuda_pdl.cuh; a no-op branch elsewhere).
 * Predicted at decode 1M, B = 1 (H100): ~2-3 us of the ~8 us stage overlaps
 * the attention's tail; not yet measured on a GPU. */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_pdl.cuh"
#include "msa/msa_kernels.cuh"

#include <math.h>

using namespace bsmma;

namespace {

constexpr int CB_WARPS = 8;

/* PH: sel_per_head (msa_kernels.cuh), a template flag so msa's instances are unchanged;
 * B16: bf16 partial rows (kv_outer_bf16) */
template <int D, bool PH, bool B16 = false>
__global__ void __launch_bounds__(CB_WARPS * 32) msa_combine_kernel(msa_combine_args a) {
    constexpr int PER = D / 32; /* elements per lane: 2 or 4 */
    if (a.pdl) /* decode_fp8_pdl: the partials (and, behind them, sel) are still being written */
        pdl_wait();
    const int lane = threadIdx.x & 31;
    int64_t w = (int64_t)blockIdx.x * CB_WARPS + (threadIdx.x >> 5);
    if (w >= a.B * a.nt * a.Hq)
        return;
    const int64_t h = w % a.Hq;
    w /= a.Hq;
    const int64_t i = w % a.nt, bb = w / a.nt, G = a.Hq / a.Hkv, r = PH ? h : h / G;
    const int32_t *selrow = a.sel + ((bb * (PH ? a.Hq : a.Hkv) + r) * a.q_len + a.t0 + i) * a.k;
    const float *lse = a.part_lse + ((bb * a.cq + i) * a.Hq + h) * a.P;
    const int64_t po = ((bb * a.cq + i) * a.Hq + h) * a.P * D;

    /* weights lane-parallel (partial p0 + lane), then the P rows streamed with
     * independent loads (the weight broadcast from its lane; 0 = skip) */
    float mx = -INFINITY;
    for (int64_t p = lane; p < a.P; p += 32)
        if (selrow[p / a.nch] >= 0)
            mx = fmaxf(mx, lse[p]);
#pragma unroll
    for (int o = 16; o > 0; o >>= 1)
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, o));
    float acc[PER], tot = 0.f;
#pragma unroll
    for (int e = 0; e < PER; e++)
        acc[e] = 0.f;
    if (mx != -INFINITY) {
        for (int64_t p0 = 0; p0 < a.P; p0 += 32) {
            const int64_t p = p0 + lane;
            float wl = 0.f;
            if (p < a.P && selrow[p / a.nch] >= 0) {
                const float l = lse[p];
                wl = l == -INFINITY ? 0.f : exp2f(l - mx);
            }
            tot += wl;
            const int nq = a.P - p0 < 32 ? (int)(a.P - p0) : 32;
#pragma unroll 8
            for (int q = 0; q < nq; q++) {
                const float wq = __shfl_sync(0xffffffffu, wl, q);
                const int64_t src = po + (p0 + q) * D + lane * PER;
                if (B16) { /* PER bf16 in 8 or 4 bytes */
                    const bf16 *b = static_cast<const bf16 *>(a.part_o) + src;
                    if (PER == 4) {
                        uint2 u = make_uint2(0u, 0u);
                        if (wq > 0.f)
                            u = __ldg(reinterpret_cast<const uint2 *>(b));
                        acc[0] += wq * bf16_lo(u.x);
                        acc[1] += wq * bf16_hi(u.x);
                        acc[2 % PER] += wq * bf16_lo(u.y);
                        acc[3 % PER] += wq * bf16_hi(u.y);
                    } else {
                        unsigned int u = 0u;
                        if (wq > 0.f)
                            u = __ldg(reinterpret_cast<const unsigned int *>(b));
                        acc[0] += wq * bf16_lo(u);
                        acc[1 % PER] += wq * bf16_hi(u);
                    }
                } else if (PER == 4) {
                    const float *f = static_cast<const float *>(a.part_o) + src;
                    float4 u = make_float4(0.f, 0.f, 0.f, 0.f);
                    if (wq > 0.f)
                        u = __ldg(reinterpret_cast<const float4 *>(f));
                    acc[0] += wq * u.x;
                    acc[1] += wq * u.y;
                    acc[2 % PER] += wq * u.z;
                    acc[3 % PER] += wq * u.w;
                } else {
                    const float *f = static_cast<const float *>(a.part_o) + src;
                    float2 u = make_float2(0.f, 0.f);
                    if (wq > 0.f)
                        u = __ldg(reinterpret_cast<const float2 *>(f));
                    acc[0] += wq * u.x;
                    acc[1 % PER] += wq * u.y;
                }
            }
        }
    }
#pragma unroll
    for (int o = 16; o > 0; o >>= 1)
        tot += __shfl_xor_sync(0xffffffffu, tot, o);
    const float inv = tot > 0.f ? 1.f / tot : 0.f;
    bf16 *dst = static_cast<bf16 *>(a.o) + ((bb * a.q_len + a.t0 + i) * a.Hq + h) * D + lane * PER;
    if (PER == 4) {
        uint2 u;
        u.x = pack_bf16(acc[0] * inv, acc[1] * inv);
        u.y = pack_bf16(acc[2 % PER] * inv, acc[3 % PER] * inv);
        *reinterpret_cast<uint2 *>(dst) = u;
    } else {
        *reinterpret_cast<uint32_t *>(dst) = pack_bf16(acc[0] * inv, acc[1 % PER] * inv);
    }
}

} /* namespace */

enum attn_status msa_combine_launch(const struct msa_combine_args *a, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t warps = a->B * a->nt * a->Hq, grid = (warps + CB_WARPS - 1) / CB_WARPS;
    if (a->d != 64 && a->d != 128) {
        attn_set_error("msa combine: head_dim must be 64 or 128");
        return ATTN_ERR_INVALID;
    }
    if (grid == 0)
        return ATTN_OK;
    if (grid > 0x7fffffff) {
        attn_set_error("msa combine: grid too large");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (a->part_bf16 && a->sel_per_head) {
        attn_set_error("msa combine: bf16 partials only for per-group selections");
        return ATTN_ERR_UNSUPPORTED;
    }
    {
        /* the instance: head_dim, per-head selections, bf16 partials */
        void (*kern)(msa_combine_args) = a->d == 128
                                             ? (a->part_bf16 ? msa_combine_kernel<128, false, true>
                                                : a->sel_per_head ? msa_combine_kernel<128, true>
                                                                  : msa_combine_kernel<128, false>)
                                             : (a->part_bf16 ? msa_combine_kernel<64, false, true>
                                                : a->sel_per_head ? msa_combine_kernel<64, true>
                                                                  : msa_combine_kernel<64, false>);
        CUDA_CHECK(
            pdl_launch(kern, dim3((unsigned)grid), dim3(CB_WARPS * 32), 0, stream, a->pdl, *a));
    }
cleanup:
    return st;
}
