/* msa_index.cu - MSA index branch on tensor cores: block scores
 * M_r(t, b) = max over visible keys j of block b of <Qidx[t, r], Kidx[j]> / sqrt(d_idx)
 * (SPEC §2.1 steps 1-2), the causal block max fused into the GEMM epilogue:
 * token scores live only in registers.
 *
 * A CTA (8 warps) takes 256 consecutive index rows (rows = query x group, the
 * layout of Qidx, so the one shared Kidx tile serves every group), each warp 32
 * rows as two m16 tiles held in registers.  Kidx streams through a 3-stage
 * cp.async ring of 64-key tiles; every ldmatrix'd B fragment feeds both m16
 * tiles.  Per 64-key tile each row's max over each block segment is reduced
 * inside the quad and written once per block (Bk >= 64: a running max across
 * tiles).  Row tiles run latest-first (the causal range grows with the row);
 * decode (few rows) splits the key range over the grid instead.
 *
 * Floors at the paper point (Hkv = 4, d_idx = 128, causal): 2 * 4 * 128 * N^2 / 2
 * FLOPs = 0.55 PFLOP at N = 2^20 -> ~0.7 s at the H100's ~800 TFLOP/s dense
 * bf16 (mma.sync reaches ~2/3 of that).  Decode at N = 2^20 reads Kidx
 * (256 MiB): ~85 us at 3 TB/s.
 * Measured (NVIDIA H100 80GB HBM3, paper point, results/gpu/cudamsa/run2): 0.52 ms at
 * N = 16K, 29.0 ms at 128K (303 TFLOP/s, 2.6x the 11 ms floor at the 798 TFLOP/s
 * GEMM rate), 1.93 s at 1M (292 TFLOP/s); torch matmul+amax+mask at 128K: 123.7 ms
 * in the same call.  ncu: 8 warps/SM (212 registers, 48 KB smem), 5.6 cycles per
 * issued instruction: latency-bound on mma.sync.  Decode N = 1M: 0.172 ms
 * (1.56 TB/s over Kidx, 2x the floor).
 *
 * Since then the default on sm_90a is msa_index_wgmma.cu (warpgroup MMA, the
 * same output); this kernel stays for decode, other targets and comparison
 * (msa_cuda_set_index_version).  Index stage alone, one process
 * (test_gpu_bench_msa index, NVIDIA H100 80GB HBM3, paper point, TFLOP/s =
 * 2*Hkv*d_idx*N(N+1)/2 / time, median of 5 / 3):
 *               mma.sync (this)     wgmma n128 pairs    wgmma single / n64
 *   N = 128K     29.33 ms  300      17.48 ms  503       493 / 403
 *       256K    120.0 ms   293      72.88 ms  483       467 / 387
 *       512K    480.2 ms   293     298.6 ms   471       458 / 392
 *       1M     1931.8 ms   291     1195.7 ms  471       455 / 389
 * MSA kv_outer prefill at 1M, same process: 2.33 s with wgmma (index 1.17 s,
 * topk 0.18, attn 0.79, combine 0.19) against 3.08 s with this kernel.
 * Predicted for wgmma: ~550 TFLOP/s (tensor cores busy ~85% of the time at a
 * ~650 TFLOP/s wgmma rate, the rest the exposed epilogue); outcome 471-503.
 * Pipelining tiles in pairs (every second epilogue exposed) was predicted
 * +12% and gave +2-3%: the exposed epilogue is not the main loss.  ncu (128K,
 * clocks at 1.45 GHz under ncu): SM throughput 51%, L2 26%, DRAM 3%, 8 warps
 * per SM, 6.2 cycles per issued instruction, 37% of stalls on fixed-latency
 * dependencies: still latency-bound in the non-MMA work (cp.async issue,
 * epilogue, barrier) with one CTA of two warpgroups per SM.  The fall from
 * 128K to 1M (Kidx 32 MiB -> 256 MiB, over the 50 MB L2) points at Kidx
 * re-reads from DRAM as CTAs drift apart in key position.  Next: a TMA
 * producer warp with mbarriers (setmaxnreg) so the two consumer warpgroups
 * drift into ping-pong instead of meeting at a barrier every tile. */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "msa/msa_cuda.h"
#include "msa/msa_kernels.cuh"

#include <math.h>

using namespace bsmma;

namespace {

constexpr int IX_WARPS = 8, IX_ROWS = IX_WARPS * 32, IX_KT = 64, IX_STAGES = 3;

template <int DI, int BKS>
__global__ void __launch_bounds__(IX_WARPS * 32, 1)
    msa_index_kernel(msa_index_args a, int64_t bps) {
    extern __shared__ __align__(16) unsigned char smem_raw[];
    bf16 *ksm = reinterpret_cast<bf16 *>(smem_raw); /* [IX_STAGES][IX_KT][DI] swizzled */
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    const int64_t bb = blockIdx.z, nrows = a.nt * a.Hkv;
    const int64_t nrt = (nrows + IX_ROWS - 1) / IX_ROWS;
    const int64_t row0 = (nrt - 1 - (int64_t)blockIdx.x) * IX_ROWS; /* latest rows first */
    const int64_t row_end = row0 + IX_ROWS < nrows ? row0 + IX_ROWS : nrows;
    const int64_t pos_max = a.q_off + a.t0 + (row_end - 1) / a.Hkv;
    const int64_t blk_lo = (int64_t)blockIdx.y * bps;
    int64_t blk_hi = blk_lo + bps < a.nb ? blk_lo + bps : a.nb;
    if (a.causal && blk_hi > pos_max / a.bk + 1)
        blk_hi = pos_max / a.bk + 1;
    if (blk_lo >= blk_hi)
        return; /* uniform over the CTA */
    const int64_t k_lo = blk_lo * a.bk;
    int64_t k_hi = blk_hi * a.bk < a.N ? blk_hi * a.bk : a.N;
    if (a.causal && k_hi > pos_max + 1)
        k_hi = pos_max + 1;
    const int ntile = (int)((k_hi - k_lo + IX_KT - 1) / IX_KT);
    const bf16 *kidx = static_cast<const bf16 *>(a.kidx) + bb * a.N * DI;

    /* This thread's 4 rows (2 m-tiles x rows g, g+8): validity, position, output row. */
    const int64_t wrow0 = row0 + warp * 32;
    const bool wactive = wrow0 < row_end;
    const int64_t wpos_min = a.q_off + a.t0 + wrow0 / a.Hkv;
    bool rv[2][2];
    int64_t rpos[2][2];
    float *orow[2][2];
    uint32_t qa[2][DI / 16][4];
    const bf16 *qbase = static_cast<const bf16 *>(a.qidx) + ((bb * a.q_len + a.t0) * a.Hkv) * DI;
#pragma unroll
    for (int mt = 0; mt < 2; mt++) {
#pragma unroll
        for (int h = 0; h < 2; h++) {
            const int64_t row = wrow0 + mt * 16 + g + 8 * h;
            rv[mt][h] = row < row_end;
            const int64_t tl = rv[mt][h] ? row / a.Hkv : 0, r = rv[mt][h] ? row % a.Hkv : 0;
            rpos[mt][h] = a.q_off + a.t0 + tl;
            orow[mt][h] = a.scores + ((bb * a.Hkv + r) * a.cq + tl) * a.nb;
        }
#pragma unroll
        for (int ks = 0; ks < DI / 16; ks++) {
            const int col = ks * 16 + 2 * c;
            const bf16 *p0 = qbase + (wrow0 + mt * 16 + g) * DI + col, *p1 = p0 + 8 * DI;
            qa[mt][ks][0] = rv[mt][0] ? *reinterpret_cast<const uint32_t *>(p0) : 0u;
            qa[mt][ks][1] = rv[mt][1] ? *reinterpret_cast<const uint32_t *>(p1) : 0u;
            qa[mt][ks][2] = rv[mt][0] ? *reinterpret_cast<const uint32_t *>(p0 + 8) : 0u;
            qa[mt][ks][3] = rv[mt][1] ? *reinterpret_cast<const uint32_t *>(p1 + 8) : 0u;
        }
    }

    auto load_tile = [&](int tile, int stage) {
        const int64_t key0 = k_lo + (int64_t)tile * IX_KT;
        bf16 *dst = ksm + stage * IX_KT * DI;
        for (int i = tid; i < IX_KT * (DI / 8); i += IX_WARPS * 32) {
            const int row = i / (DI / 8), ch = i % (DI / 8);
            const int64_t key = key0 + row;
            const bool ok = key < k_hi;
            cp_async16(dst + swz<DI>(row, ch), kidx + (ok ? key * DI + ch * 8 : 0), ok);
        }
    };

#pragma unroll
    for (int s = 0; s < IX_STAGES - 1; s++) {
        if (s < ntile)
            load_tile(s, s);
        cp_async_commit();
    }
    float runmax[2][2] = {{-INFINITY, -INFINITY}, {-INFINITY, -INFINITY}};
    const int m = lane >> 3;
    for (int tile = 0; tile < ntile; tile++) {
        cp_async_wait<IX_STAGES - 2>();
        __syncthreads(); /* tile landed for all; everyone is past tile - 1's stage */
        if (tile + IX_STAGES - 1 < ntile)
            load_tile(tile + IX_STAGES - 1, (tile + IX_STAGES - 1) % IX_STAGES);
        cp_async_commit();
        if (!wactive)
            continue;
        const bf16 *kt = ksm + (tile % IX_STAGES) * IX_KT * DI;
        float s[2][IX_KT / 8][4];
#pragma unroll
        for (int mt = 0; mt < 2; mt++)
#pragma unroll
            for (int nt = 0; nt < IX_KT / 8; nt++)
                s[mt][nt][0] = s[mt][nt][1] = s[mt][nt][2] = s[mt][nt][3] = 0.f;
#pragma unroll
        for (int ks = 0; ks < DI / 16; ks++)
#pragma unroll
            for (int np = 0; np < IX_KT / 16; np++) {
                uint32_t b0, b1, b2, b3;
                ldsm_x4(b0, b1, b2, b3,
                        kt + swz<DI>(np * 16 + (lane & 7) + (m >> 1) * 8, ks * 2 + (m & 1)));
#pragma unroll
                for (int mt = 0; mt < 2; mt++) {
                    mma16816(s[mt][2 * np], qa[mt][ks], b0, b1);
                    mma16816(s[mt][2 * np + 1], qa[mt][ks], b2, b3);
                }
            }
        const int64_t key0 = k_lo + (int64_t)tile * IX_KT;
        if (key0 + IX_KT > k_hi || (a.causal && key0 + IX_KT - 1 > wpos_min)) {
#pragma unroll
            for (int mt = 0; mt < 2; mt++)
#pragma unroll
                for (int nt = 0; nt < IX_KT / 8; nt++)
#pragma unroll
                    for (int e = 0; e < 4; e++) {
                        const int64_t key = key0 + nt * 8 + 2 * c + (e & 1);
                        if (key >= k_hi || (a.causal && key > rpos[mt][e >> 1]))
                            s[mt][nt][e] = -INFINITY;
                    }
        }
#pragma unroll
        for (int seg = 0; seg < IX_KT / BKS; seg++) {
#pragma unroll
            for (int mt = 0; mt < 2; mt++)
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    float mv = -INFINITY;
#pragma unroll
                    for (int nt = seg * (BKS / 8); nt < (seg + 1) * (BKS / 8); nt++)
                        mv = fmaxf(mv, fmaxf(s[mt][nt][2 * h], s[mt][nt][2 * h + 1]));
                    mv = quad_max(mv);
                    if (BKS == IX_KT) {
                        runmax[mt][h] = fmaxf(runmax[mt][h], mv);
                    } else {
                        const int64_t blk = key0 / a.bk + seg;
                        if (blk < blk_hi && rv[mt][h] && c == 0)
                            orow[mt][h][blk] = mv * a.scale;
                    }
                }
        }
        if (BKS == IX_KT && ((key0 + IX_KT) % a.bk == 0 || tile == ntile - 1)) {
            const int64_t blk = key0 / a.bk;
#pragma unroll
            for (int mt = 0; mt < 2; mt++)
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    if (rv[mt][h] && c == 0)
                        orow[mt][h][blk] = runmax[mt][h] * a.scale;
                    runmax[mt][h] = -INFINITY;
                }
        }
    }
    cp_async_wait<0>();
}

template <int DI, int BKS>
enum attn_status launch_t(const msa_index_args *a, int n_sm, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const size_t smem = (size_t)IX_STAGES * IX_KT * DI * sizeof(bf16);
    /* splits start on the kernel's key tiles */
    const msa_index_grid gr = msa_index_grid_of(a, n_sm, IX_ROWS, IX_KT / BKS);
    const int64_t nrt = gr.nrt, splits = gr.splits, bps = gr.bps;
    if (nrt == 0)
        return ATTN_OK;
    if (nrt > 0x7fffffff || splits > 65535 || a->B > 65535) {
        attn_set_error("msa index: grid too large (%lld row tiles, %lld splits, batch %lld)",
                       (long long)nrt, (long long)splits, (long long)a->B);
        return ATTN_ERR_UNSUPPORTED;
    }
    CUDA_CHECK(cudaFuncSetAttribute(msa_index_kernel<DI, BKS>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem));
    msa_index_kernel<DI, BKS>
        <<<dim3((unsigned)nrt, (unsigned)splits, (unsigned)a->B), IX_WARPS * 32, smem, stream>>>(
            *a, bps);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

template <int DI>
enum attn_status launch_di(const msa_index_args *a, int n_sm, cudaStream_t stream) {
    if (a->bk >= 64)
        return launch_t<DI, 64>(a, n_sm, stream);
    if (a->bk == 32)
        return launch_t<DI, 32>(a, n_sm, stream);
    return launch_t<DI, 16>(a, n_sm, stream);
}

} /* namespace */

struct msa_index_grid msa_index_grid_of(const struct msa_index_args *a, int n_sm, int64_t rows,
                                        int64_t align) {
    struct msa_index_grid gr = {(a->nt * a->Hkv + rows - 1) / rows, 1, a->nb};
    if (gr.nrt > 0 && gr.nrt * a->B < n_sm) {
        gr.splits = (2 * (int64_t)n_sm + gr.nrt * a->B - 1) / (gr.nrt * a->B);
        gr.bps = (a->nb + gr.splits - 1) / gr.splits;
        gr.bps = (gr.bps + align - 1) / align * align;
        gr.splits = (a->nb + gr.bps - 1) / gr.bps;
    }
    return gr;
}

bool msa_index_uses_wgmma(int version, int64_t nt, int64_t Hkv) {
    return version != MSA_INDEX_MMA && nt * Hkv >= 128 && msa_index_wgmma_available() &&
           (version < MSA_INDEX_WS || msa_index_ws_available()); /* the ws forms: TMA maps */
}

enum attn_status msa_index_launch(const struct msa_index_args *a, int n_sm, cudaStream_t stream) {
    if ((a->di != 64 && a->di != 128) || a->bk < 16 || (a->bk & (a->bk - 1)) != 0) {
        attn_set_error("msa index: needs index_dim 64 or 128 and a power-of-two block >= 16");
        return ATTN_ERR_INVALID;
    }
    /* wgmma for prefill-sized chunks; decode (fewer than 128 rows: mostly idle
     * 256-row tiles) keeps this kernel, which skips idle warps. */
    if (msa_index_uses_wgmma(a->version, a->nt, a->Hkv) && a->version >= MSA_INDEX_WS)
        return msa_index_ws_launch(
            a,
            a->version == MSA_INDEX_WS_RS || a->version == MSA_INDEX_WS_RS_PIPE ||
                a->version == MSA_INDEX_WS_RS_UNI,
            a->version == MSA_INDEX_WS_PIPE || a->version == MSA_INDEX_WS_RS_PIPE,
            a->version == MSA_INDEX_WS_UNI || a->version == MSA_INDEX_WS_RS_UNI, n_sm, stream);
    if (msa_index_uses_wgmma(a->version, a->nt, a->Hkv))
        return msa_index_wgmma_launch(a, a->version == MSA_INDEX_WGMMA64 ? 64 : 128,
                                      a->version == MSA_INDEX_WGMMA, n_sm, stream);
    return a->di == 128 ? launch_di<128>(a, n_sm, stream) : launch_di<64>(a, n_sm, stream);
}
