/* msa_index_wgmma.cu - the MSA index branch on Hopper warpgroup MMA (sm_90a):
 * the same block scores as msa_index.cu,
 * M_r(t, b) = max over visible keys j of block b of <Qidx[t, r], Kidx[j]> / sqrt(d_idx),
 * the same output layout and -inf / visibility semantics (SPEC §2.1 steps 1-2).
 *
 * A CTA (2 warpgroups) takes 256 consecutive index rows (query x group, the
 * Qidx layout, so one Kidx tile serves every group): each warpgroup 128 rows
 * as two m64 tiles whose A fragments (Qidx rows) stay in registers.  Kidx
 * streams through a 4-stage cp.async ring (2 tiles ahead) of KT-key tiles in the
 * 128-byte-swizzle layout wgmma reads through a descriptor.  Per tile and
 * m-tile, wgmma.m64nKTk16 (d_idx/16 of them) accumulates the scores in fp32;
 * both m-tiles are issued back to back so that one wgmma group is still in
 * flight while the warpgroup masks and block-maxes m-tile 0 (quad shuffles,
 * written once per block like msa_index.cu).  Default (PAIRS): two tiles per
 * iteration, so m-tile 1's epilogue of the first overlaps the second's MMAs;
 * every group retires inside the iteration (a wgmma group in flight across
 * the loop's back edge makes ptxas serialize every wgmma, C7514).  256 rows
 * per CTA keep Kidx traffic from L2 at 1 byte per 256 FLOP (128-row tiles
 * would need ~6 TB/s at the GEMM rate).  Registers 250-255, no spills; SASS
 * HGMMA only (no HMMA, no local memory).
 *
 * Built only for sm_90a device passes (MSABENCH_WGMMA_DEVICE); the host side
 * dispatches here only when the build has sm_90a (MSABENCH_CUDA_SM90A) and the
 * device is compute capability 9.0.  Measured figures: msa_index.cu's header. */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_wgmma.cuh"
#include "msa/msa_kernels.cuh"

#include <math.h>

using namespace bsmma;

namespace {

#ifdef MSABENCH_WGMMA_DEVICE
/* m64nKTk16 by the accumulator's size (KT / 2 floats per thread). */
__device__ __forceinline__ void wgmma_rs(float (&d)[64], const uint32_t (&a)[4], uint64_t desc,
                                         int scale_d) {
    bswg::wgmma_m64n128k16_rs(d, a, desc, scale_d);
}
__device__ __forceinline__ void wgmma_rs(float (&d)[32], const uint32_t (&a)[4], uint64_t desc,
                                         int scale_d) {
    bswg::wgmma_m64n64k16_rs(d, a, desc, scale_d);
}
#endif

constexpr int IW_THREADS = 256, IW_ROWS = 256, IW_STAGES = 4;

template <int DI, int KT> constexpr size_t iw_smem() {
    return (size_t)IW_STAGES * KT * DI * 2 + 1024; /* + alignment slack */
}

template <int DI, int KT, int BKS, bool PAIRS>
__global__ void __launch_bounds__(IW_THREADS, 1)
    msa_index_wg_kernel(msa_index_args a, int64_t bps) {
#ifdef MSABENCH_WGMMA_DEVICE
    using namespace bswg;
    extern __shared__ __align__(16) unsigned char smem_raw[];
    const uint32_t sraw = smem_u32(smem_raw), sbase = (sraw + 1023u) & ~1023u;
    unsigned char *sgen = smem_raw + (sbase - sraw);
    constexpr int STAGE_BYTES = KT * DI * 2, NA = KT / 2;
    constexpr int IW_PD = 2; /* tiles loaded ahead */
    const int tid = threadIdx.x, wg = tid >> 7, wi = (tid >> 5) & 3, lane = tid & 31;
    const int g = lane >> 2, c = lane & 3;
    const int64_t bb = blockIdx.z, nrows = a.nt * a.Hkv;
    const int64_t nrt = (nrows + IW_ROWS - 1) / IW_ROWS;
    const int64_t row0 = (nrt - 1 - (int64_t)blockIdx.x) * IW_ROWS; /* latest rows first */
    const int64_t row_end = row0 + IW_ROWS < nrows ? row0 + IW_ROWS : nrows;
    /* positions and keys fit int32 (N < 2^31), output offsets uint32 (launcher) */
    const int pos_max = (int)(a.q_off + a.t0 + (row_end - 1) / a.Hkv);
    const int bk = (int)a.bk;
    const int blk_lo = (int)(blockIdx.y * bps);
    int blk_hi = (int)(blk_lo + bps < a.nb ? blk_lo + bps : a.nb);
    if (a.causal && blk_hi > pos_max / bk + 1)
        blk_hi = pos_max / bk + 1;
    if (blk_lo >= blk_hi)
        return; /* uniform over the CTA */
    const int k_lo = blk_lo * bk;
    int k_hi = (int64_t)blk_hi * bk < a.N ? blk_hi * bk : (int)a.N;
    if (a.causal && k_hi > pos_max + 1)
        k_hi = pos_max + 1;
    const int ntile = (k_hi - k_lo + KT - 1) / KT;
    const bf16 *kidx = static_cast<const bf16 *>(a.kidx) + bb * a.N * DI;

    /* This thread's rows: m-tile m (64 rows), warp wi (16), rows g and g + 8.
     * Key j is visible to row (m, h) iff j < klim[m][h]; every row of the warp's
     * m-tile sees every key below wlim[m]. */
    const int64_t wgrow0 = row0 + wg * 128;
    bool rv[2][2];
    int klim[2][2], wlim[2];
    uint32_t ooff[2][2]; /* element offset of the row in a.scores */
    uint32_t qa0[DI / 16][4], qa1[DI / 16][4];
    const bf16 *qbase = static_cast<const bf16 *>(a.qidx) + ((bb * a.q_len + a.t0) * a.Hkv) * DI;
#pragma unroll
    for (int m = 0; m < 2; m++) {
        const int64_t wr = wgrow0 + m * 64 + wi * 16;
        const int wpos = (int)(a.q_off + a.t0 + wr / a.Hkv);
        wlim[m] = a.causal && wpos + 1 < k_hi ? wpos + 1 : k_hi;
#pragma unroll
        for (int h = 0; h < 2; h++) {
            const int64_t row = wr + g + 8 * h;
            rv[m][h] = row < row_end;
            const int64_t tl = rv[m][h] ? row / a.Hkv : 0, r = rv[m][h] ? row % a.Hkv : 0;
            const int pos = (int)(a.q_off + a.t0 + tl);
            klim[m][h] = a.causal && pos + 1 < k_hi ? pos + 1 : k_hi;
            ooff[m][h] = (uint32_t)(((bb * a.Hkv + r) * a.cq + tl) * a.nb);
        }
        uint32_t(&qa)[DI / 16][4] = m == 0 ? qa0 : qa1;
#pragma unroll
        for (int ks = 0; ks < DI / 16; ks++) {
            const int col = ks * 16 + 2 * c;
            const bf16 *p0 = qbase + (wr + g) * DI + col, *p1 = p0 + 8 * DI;
            qa[ks][0] = rv[m][0] ? *reinterpret_cast<const uint32_t *>(p0) : 0u;
            qa[ks][1] = rv[m][1] ? *reinterpret_cast<const uint32_t *>(p1) : 0u;
            qa[ks][2] = rv[m][0] ? *reinterpret_cast<const uint32_t *>(p0 + 8) : 0u;
            qa[ks][3] = rv[m][1] ? *reinterpret_cast<const uint32_t *>(p1 + 8) : 0u;
        }
    }

    /* Tile layout: DI/64 blocks of KT rows x 128 B, chunk j of key n at j ^ (n & 7). */
    auto load_tile = [&](int tile, int stage) {
        const int key0 = k_lo + tile * KT;
        unsigned char *dst = sgen + stage * STAGE_BYTES;
#pragma unroll
        for (int i = tid; i < KT * (DI / 8); i += IW_THREADS) {
            const int n = i / (DI / 8), ch = i % (DI / 8), kb = ch >> 3, j = ch & 7;
            const int key = key0 + n;
            const bool ok = key < k_hi;
            cp_async16(dst + kb * KT * 128 + n * 128 + ((j ^ (n & 7)) << 4),
                       kidx + (ok ? (int64_t)key * DI + ch * 8 : 0), ok);
        }
    };
    /* Every warpgroup issues (rows past the end compute on zero A, never
     * written): wgmma stays out of divergent code. */
    auto issue = [&](float(&acc)[NA], const uint32_t(&qa)[DI / 16][4], int stage) {
        const uint32_t s = sbase + stage * STAGE_BYTES;
        wg_fence_regs(acc);
        wg_fence();
#pragma unroll
        for (int ks = 0; ks < DI / 16; ks++)
            wgmma_rs(acc, qa[ks], desc_sw128(s + (ks >> 2) * KT * 128 + (ks & 3) * 32), ks > 0);
        wg_commit();
        wg_fence_regs(acc);
    };
    float runmax[2][2] = {{-INFINITY, -INFINITY}, {-INFINITY, -INFINITY}};
    /* Mask, block max and (at block ends) write m-tile m's scores of `tile`;
     * reads the accumulators only. */
    auto epilogue = [&](float(&s)[NA], const int m, int tile) {
        wg_fence_regs(s);
        const int key0 = k_lo + tile * KT;
        const bool need = key0 + KT > wlim[m];
#pragma unroll
        for (int seg = 0; seg < KT / BKS; seg++)
#pragma unroll
            for (int h = 0; h < 2; h++) {
                /* 4 independent max chains, then a tree (short dependency chains) */
                float pm[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
#pragma unroll
                for (int nt = seg * (BKS / 8); nt < (seg + 1) * (BKS / 8); nt++)
#pragma unroll
                    for (int e = 0; e < 2; e++) {
                        const int key = key0 + nt * 8 + 2 * c + e;
                        const float v = s[nt * 4 + 2 * h + e];
                        pm[(nt & 1) * 2 + e] =
                            fmaxf(pm[(nt & 1) * 2 + e], need && key >= klim[m][h] ? -INFINITY : v);
                    }
                float mv = fmaxf(fmaxf(pm[0], pm[1]), fmaxf(pm[2], pm[3]));
                mv = quad_max(mv);
                if (BKS == KT) {
                    runmax[m][h] = fmaxf(runmax[m][h], mv);
                } else {
                    const int blk = key0 / bk + seg;
                    if (blk < blk_hi && rv[m][h] && c == 0)
                        a.scores[(size_t)ooff[m][h] + blk] = mv * a.scale;
                }
            }
        if (BKS == KT && ((key0 + KT) % bk == 0 || tile == ntile - 1)) {
            const int blk = key0 / bk;
#pragma unroll
            for (int h = 0; h < 2; h++) {
                if (rv[m][h] && c == 0)
                    a.scores[(size_t)ooff[m][h] + blk] = runmax[m][h] * a.scale;
                runmax[m][h] = -INFINITY;
            }
        }
    };

#pragma unroll
    for (int s = 0; s < IW_PD; s++) {
        if (s < ntile)
            load_tile(s, s);
        cp_async_commit();
    }
    float acc0[NA], acc1[NA];
    /* Tile top: tile t landed for everyone; load tile t + IW_PD into the
     * stage of tile t - 2 (no wgmma of it in flight: every group retires
     * within its iteration).  Issuing these loads after the tile's first wgmma
     * group instead measured 1-5% slower (H100, 256K..1M). */
    auto top = [&](int t) {
        cp_async_wait<IW_PD - 1>();
        fence_proxy_async();
        __syncthreads();
        if (t + IW_PD < ntile)
            load_tile(t + IW_PD, (t + IW_PD) % IW_STAGES);
        cp_async_commit();
    };
    if (PAIRS) {
        /* Two tiles per iteration, straight-line: m-tile 1's epilogue of the
         * first tile overlaps the second tile's MMAs; only the last epilogue of
         * the pair is exposed.  Every wgmma group retires inside the iteration
         * (one in flight across the back edge makes ptxas serialize them). */
        int tile = 0;
        for (; tile + 1 < ntile; tile += 2) {
            top(tile);
            issue(acc0, qa0, tile % IW_STAGES);
            issue(acc1, qa1, tile % IW_STAGES);
            wg_wait<1>();
            epilogue(acc0, 0, tile);
            top(tile + 1);
            issue(acc0, qa0, (tile + 1) % IW_STAGES);
            wg_wait<1>(); /* m-tile 1 of tile */
            epilogue(acc1, 1, tile);
            issue(acc1, qa1, (tile + 1) % IW_STAGES);
            wg_wait<1>();
            epilogue(acc0, 0, tile + 1);
            wg_wait<0>();
            epilogue(acc1, 1, tile + 1);
        }
        if (tile < ntile) {
            top(tile);
            issue(acc0, qa0, tile % IW_STAGES);
            issue(acc1, qa1, tile % IW_STAGES);
            wg_wait<1>();
            epilogue(acc0, 0, tile);
            wg_wait<0>();
            epilogue(acc1, 1, tile);
        }
    } else {
        for (int tile = 0; tile < ntile; tile++) {
            top(tile);
            const int stage = tile % IW_STAGES;
            issue(acc0, qa0, stage);
            issue(acc1, qa1, stage);
            wg_wait<1>(); /* m-tile 0 done: its epilogue overlaps m-tile 1's MMA */
            epilogue(acc0, 0, tile);
            wg_wait<0>();
            epilogue(acc1, 1, tile);
        }
    }
    cp_async_wait<0>();
#else
    (void)a;
    (void)bps;
#endif
}

template <int DI, int KT, int BKS, bool PAIRS>
enum attn_status launch_t(const msa_index_args *a, int n_sm, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const size_t smem = iw_smem<DI, KT>();
    /* splits start on the kernel's key tiles */
    const msa_index_grid gr = msa_index_grid_of(a, n_sm, IW_ROWS, KT / BKS);
    const int64_t nrt = gr.nrt, splits = gr.splits, bps = gr.bps;
    if (nrt == 0)
        return ATTN_OK;
    if (a->N >= ((int64_t)1 << 31) || (double)a->B * a->Hkv * a->cq * a->nb >= 4294967296.0) {
        attn_set_error("msa index (wgmma): N >= 2^31 or more than 2^32 block scores");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (nrt > 0x7fffffff || splits > 65535 || a->B > 65535) {
        attn_set_error("msa index: grid too large (%lld row tiles, %lld splits, batch %lld)",
                       (long long)nrt, (long long)splits, (long long)a->B);
        return ATTN_ERR_UNSUPPORTED;
    }
    CUDA_CHECK(cudaFuncSetAttribute(msa_index_wg_kernel<DI, KT, BKS, PAIRS>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem));
    msa_index_wg_kernel<DI, KT, BKS, PAIRS>
        <<<dim3((unsigned)nrt, (unsigned)splits, (unsigned)a->B), IW_THREADS, smem, stream>>>(*a,
                                                                                              bps);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

template <int DI, int KT, bool PAIRS>
enum attn_status launch_kt(const msa_index_args *a, int n_sm, cudaStream_t stream) {
    if (a->bk >= KT)
        return launch_t<DI, KT, KT, PAIRS>(a, n_sm, stream);
    if (a->bk == 64)
        return launch_t<DI, KT, 64, PAIRS>(a, n_sm, stream);
    if (a->bk == 32)
        return launch_t<DI, KT, 32, PAIRS>(a, n_sm, stream);
    return launch_t<DI, KT, 16, PAIRS>(a, n_sm, stream);
}

} /* namespace */

bool msa_index_wgmma_available(void) {
#ifdef MSABENCH_CUDA_SM90A
    static int ok = -1; /* device 0 .. n: the process uses one device */
    if (ok < 0) {
        int dev = 0, major = 0, minor = 0;
        ok =
            cudaGetDevice(&dev) == cudaSuccess &&
            cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev) == cudaSuccess &&
            cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev) == cudaSuccess &&
            major == 9 && minor == 0;
    }
    return ok == 1;
#else
    return false;
#endif
}

enum attn_status msa_index_wgmma_launch(const struct msa_index_args *a, int kt, bool pairs,
                                        int n_sm, cudaStream_t stream) {
    if ((a->di != 64 && a->di != 128) || a->bk < 16 || (a->bk & (a->bk - 1)) != 0 ||
        (kt != 64 && kt != 128)) {
        attn_set_error("msa index (wgmma): needs index_dim 64 or 128, a power-of-two block >= 16 "
                       "and 64- or 128-key tiles");
        return ATTN_ERR_INVALID;
    }
    if (kt == 64) /* the 64-key kernel only in its measured form (single tiles) */
        return a->di == 128 ? launch_kt<128, 64, false>(a, n_sm, stream)
                            : launch_kt<64, 64, false>(a, n_sm, stream);
    if (pairs)
        return a->di == 128 ? launch_kt<128, 128, true>(a, n_sm, stream)
                            : launch_kt<64, 128, true>(a, n_sm, stream);
    return a->di == 128 ? launch_kt<128, 128, false>(a, n_sm, stream)
                        : launch_kt<64, 128, false>(a, n_sm, stream);
}
