/* msa_index_ws.cu - the MSA index branch, Hopper warp-specialized (sm_90a), version "ws":
 * the block scores of msa_index.cu / msa_index_wgmma.cu (SPEC §2.1 steps 1-2, the same
 * output, -inf and visibility rules) on the data path of flash_ws.cu:
 *   - a producer warpgroup (one thread issues) loads the CTA's 256 Qidx rows once and
 *     streams 128-key Kidx tiles by TMA (128-byte swizzle, zeros past N) into a ring of 4
 *     slots, each with a "full" mbarrier (transaction bytes) and an "empty" one (one
 *     arrival per consumer warp);
 *   - two consumer warpgroups of 128 rows (two m64 tiles each, both operands from shared
 *     memory: wgmma.m64n128k16 ss; version ws_rs: Qidx fragments in registers, read once)
 *     mask and block-max in registers as msa_index_wgmma.cu; no CTA barrier in the loop,
 *     so one's epilogue overlaps the other's MMAs;
 *   - setmaxnreg 24 / 240 (384 threads).
 * Forms (template FORM bits): ss (ws), rs (Qidx fragments in registers), pipe (tiles in
 * pairs), uni (key compares only in tiles that reach past a row); ws_rs_uni is the default.
 * Floor at the paper point (Hkv 4, d_idx 128, causal, 1M): 0.55 PFLOP, ~0.7 s at the
 * H100's ~790 TFLOP/s dense GEMM rate.  Measured (test_gpu_bench_msa index, one process,
 * median TFLOP/s at 128K / 256K / 1M): run12 call 4 H100 ws_rs_uni 608 / 640 / 648, ws_uni
 * 535 / 582 / 584, ws_rs 560 / 556 / 547, ws 539 / 506 / 503; run12 H200 ws_rs_uni
 * 646 / 658 / 653.  Issue 16 target 2 (680) not reached: 95% on the H100 at 1M.
 * 168 registers, 0 spills (but ws_rs_pipe: 24 B at Bk < 128); memcheck clean. */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_tma.cuh"
#include "common/cuda_wgmma.cuh"
#include "msa/msa_index_rows.cuh"
#include "msa/msa_kernels.cuh"

#include <math.h>

namespace {

constexpr int XW_CONS = 256, XW_THREADS = XW_CONS + 128; /* + the producer warpgroup */
constexpr int XW_ROWS = 256, XW_RING = 4, KT = 128;

template <int DI> constexpr size_t xw_smem() {
    return (size_t)(XW_ROWS + XW_RING * KT) * DI * 2 + 1024; /* + alignment slack */
}

/* FORM bits: XW_RS, the consumers' Qidx fragments in registers (wgmma rs, read from
 * shared memory once; else both operands from shared memory at every MMA, ss); XW_PIPE,
 * tiles in pairs so that a warpgroup's next MMAs are queued during its own epilogues. */
constexpr int XW_RS = 1, XW_PIPE = 2, XW_UNI = 4;
template <int DI, int BKS, int FORM>
__global__ void __launch_bounds__(XW_THREADS, 1)
    msa_index_ws_kernel(const __grid_constant__ CUtensorMap tq,
                        const __grid_constant__ CUtensorMap tk, const msa_index_args a,
                        const int64_t bps) {
#ifdef MSABENCH_WGMMA_DEVICE
    using namespace bswg;
    using namespace bstma;
    using bsmma::quad_max;
    using bsmma::smem_u32;
    extern __shared__ unsigned char smem_raw[];
    __shared__ __align__(8) uint64_t bars[2 * XW_RING + 1];
    constexpr uint32_t TILE = KT * DI * 2, QBLK = XW_ROWS * 128; /* Q: one block per 64 cols */
    const uint32_t base = (smem_u32(smem_raw) + 1023u) & ~1023u; /* swizzle atoms: 1 KB */
    const uint32_t sQ = base, sK0 = base + XW_ROWS * DI * 2, b0 = smem_u32(bars);
    auto full = [&](int s) { return b0 + 8u * s; };
    auto empty = [&](int s) { return b0 + 8u * (XW_RING + s); };
    const uint32_t fullQ = b0 + 8u * 2 * XW_RING;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;

    const int64_t bb = blockIdx.z, nrows = a.nt * a.Hkv;
    const int64_t nrt = (nrows + XW_ROWS - 1) / XW_ROWS;
    const int64_t row0 = (nrt - 1 - (int64_t)blockIdx.x) * XW_ROWS; /* latest rows first */
    const int64_t row_end = row0 + XW_ROWS < nrows ? row0 + XW_ROWS : nrows;
    /* positions and keys fit int32 (N < 2^31), output offsets uint32 (launcher) */
    const int pos_max = (int)(a.q_off + a.t0 + (row_end - 1) / a.Hkv);
    const int bk = (int)a.bk;
    const int blk_lo = (int)(blockIdx.y * bps);
    int blk_hi = (int)(blk_lo + bps < a.nb ? blk_lo + bps : a.nb);
    if (a.causal && blk_hi > pos_max / bk + 1)
        blk_hi = pos_max / bk + 1;
    if (blk_lo >= blk_hi)
        return; /* uniform over the CTA, before any barrier */
    const int k_lo = blk_lo * bk;
    int k_hi = (int64_t)blk_hi * bk < a.N ? blk_hi * bk : (int)a.N;
    if (a.causal && k_hi > pos_max + 1)
        k_hi = pos_max + 1;
    const int ntile = (k_hi - k_lo + KT - 1) / KT;

    if (tid == 0) {
        for (int s = 0; s < XW_RING; s++) {
            mbar_init(full(s), 1);
            mbar_init(empty(s), XW_CONS / 32); /* one arrival per consumer warp */
        }
        mbar_init(fullQ, 1);
        mbar_init_fence();
    }
    __syncthreads();

    if (warp >= XW_CONS / 32) { /* the producer: Q once, then the key tiles in order */
        setmaxnreg_dec<24>();   /* its registers go to the consumers */
        if (warp == XW_CONS / 32 && lane == 0) {
            mbar_expect_tx(fullQ, XW_ROWS * DI * 2);
#pragma unroll
            for (int kb = 0; kb < DI / 64; kb++)
                tma_3d(sQ + kb * QBLK, &tq, kb * 64, (int)row0, (int)bb, fullQ);
            for (int t = 0; t < ntile; t++) {
                const int s = t % XW_RING;
                if (t >= XW_RING) /* the slot's previous tile read by every consumer warp */
                    mbar_wait(empty(s), (uint32_t)((t / XW_RING - 1) & 1));
                mbar_expect_tx(full(s), TILE);
#pragma unroll
                for (int kb = 0; kb < DI / 64; kb++)
                    tma_3d(sK0 + s * TILE + kb * KT * 128, &tk, kb * 64, k_lo + t * KT, (int)bb,
                           full(s));
            }
        }
        return;
    }

    setmaxnreg_inc<240>();
    const int wg = warp >> 2, wi = warp & 3, g = lane >> 2, c = lane & 3;
    /* This thread's rows, their key limits and score offsets (msa_index_rows.cuh) */
    const int64_t wgrow0 = row0 + wg * 128;
    bool rv[2][2];
    int klim[2][2], wlim[2];
    uint32_t ooff[2][2]; /* element offset of the row in a.scores */
    msa_index_rows(a, bb, wgrow0, row_end, k_hi, wi, g, rv, klim, wlim, ooff);

    const uint32_t qa = sQ + wg * 128 * 128;
    /* RS: this thread's A fragments (m16n8k16 layout) out of the 128-byte-swizzled tile:
     * row r's 16-byte chunk j lies at chunk j ^ (r & 7) */
    constexpr bool RS = (FORM & XW_RS) != 0;
    uint32_t qf[2][RS ? DI / 16 : 1][4];
    mbar_wait(fullQ, 0);
    if (RS) {
#pragma unroll
        for (int m = 0; m < 2; m++)
#pragma unroll
            for (int ks = 0; ks < (RS ? DI / 16 : 1); ks++)
#pragma unroll
                for (int i = 0; i < 4; i++) {
                    const int r = wg * 128 + m * 64 + wi * 16 + g + 8 * (i & 1);
                    const int j = (ks & 3) * 2 + (i >> 1);
                    const uint32_t addr =
                        sQ + (ks >> 2) * QBLK + r * 128 + ((j ^ (r & 7)) << 4) + 4 * c;
                    asm volatile("ld.shared.b32 %0, [%1];\n" : "=r"(qf[m][ks][i]) : "r"(addr));
                }
    }
    auto issue = [&](float(&acc)[64], int m, int s) {
        const uint32_t sa = qa + m * 64 * 128, sk = sK0 + s * TILE;
        wg_fence_regs(acc);
        wg_fence();
#pragma unroll
        for (int ks = 0; ks < DI / 16; ks++) {
            const uint64_t db = desc_sw128(sk + (ks >> 2) * KT * 128 + (ks & 3) * 32);
            if (RS)
                wgmma_m64n128k16_rs<0>(acc, qf[m][RS ? ks : 0], db, ks > 0);
            else
                wgmma_m64n128k16_ss<0>(acc, desc_sw128(sa + (ks >> 2) * QBLK + (ks & 3) * 32), db,
                                       ks > 0);
        }
        wg_commit();
        wg_fence_regs(acc);
    };
    float runmax[2][2] = {{-INFINITY, -INFINITY}, {-INFINITY, -INFINITY}};
    /* Mask, block max and (at block ends) write m-tile m's scores of `tile`; reads the
     * accumulators only (msa_index_wgmma.cu's epilogue). */
    auto epilogue = [&](float(&s)[64], const int m, int tile) {
        wg_fence_regs(s);
        const int key0 = k_lo + tile * KT;
        const bool need = key0 + KT > wlim[m];
#pragma unroll
        for (int seg = 0; seg < KT / BKS; seg++)
#pragma unroll
            for (int h = 0; h < 2; h++) {
                float pm[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
                if ((FORM & XW_UNI) && !need) { /* warp-uniform: no key compares */
#pragma unroll
                    for (int nt = seg * (BKS / 8); nt < (seg + 1) * (BKS / 8); nt++)
#pragma unroll
                        for (int e = 0; e < 2; e++)
                            pm[(nt & 1) * 2 + e] =
                                fmaxf(pm[(nt & 1) * 2 + e], s[nt * 4 + 2 * h + e]);
                } else {
#pragma unroll
                    for (int nt = seg * (BKS / 8); nt < (seg + 1) * (BKS / 8); nt++)
#pragma unroll
                        for (int e = 0; e < 2; e++) {
                            const int key = key0 + nt * 8 + 2 * c + e;
                            const float v = s[nt * 4 + 2 * h + e];
                            pm[(nt & 1) * 2 + e] = fmaxf(pm[(nt & 1) * 2 + e],
                                                         need && key >= klim[m][h] ? -INFINITY : v);
                        }
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

    float acc0[64], acc1[64];
    auto wait_full = [&](int t) { mbar_wait(full(t % XW_RING), (uint32_t)((t / XW_RING) & 1)); };
    auto release = [&](int t) { /* both m-tiles' MMAs of tile t done: its slot may be refilled */
                                __syncwarp();
                                if (lane == 0)
                                    mbar_arrive(empty(t % XW_RING));
    };
    int t = 0;
    if (FORM & XW_PIPE) {
        /* straight-line pairs (a wgmma group in flight across the loop's back edge makes
         * ptxas serialize them); groups retire in order, so wait<1> is "all but the last" */
        for (; t + 1 < ntile; t += 2) {
            wait_full(t);
            issue(acc0, 0, t % XW_RING);
            issue(acc1, 1, t % XW_RING);
            wg_wait<1>();
            epilogue(acc0, 0, t);
            wait_full(t + 1);
            issue(acc0, 0, (t + 1) % XW_RING);
            wg_wait<1>(); /* m-tile 1 of tile t */
            release(t);
            epilogue(acc1, 1, t);
            issue(acc1, 1, (t + 1) % XW_RING);
            wg_wait<1>();
            epilogue(acc0, 0, t + 1);
            wg_wait<0>();
            release(t + 1);
            epilogue(acc1, 1, t + 1);
        }
    }
    for (; t < ntile; t++) {
        wait_full(t);
        issue(acc0, 0, t % XW_RING);
        issue(acc1, 1, t % XW_RING);
        wg_wait<1>(); /* m-tile 0 done: its epilogue overlaps m-tile 1's MMAs */
        epilogue(acc0, 0, t);
        wg_wait<0>();
        release(t);
        epilogue(acc1, 1, t);
    }
#else
    (void)tq, (void)tk, (void)a, (void)bps;
    __trap(); /* never launched without sm_90a code (msa_index_ws_available) */
#endif
}

bstma::encode_fn xw_encoder(void) {
    static bstma::encode_fn fn = bstma::encoder(); /* the process uses one device */
    return fn;
}

template <int DI, int BKS, int FORM>
enum attn_status launch_t(const msa_index_args *a, int n_sm, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t nrows = a->nt * a->Hkv;
    const size_t smem = xw_smem<DI>();
    /* splits start on the kernel's key tiles */
    const msa_index_grid gr = msa_index_grid_of(a, n_sm, XW_ROWS, KT / BKS);
    const int64_t nrt = gr.nrt, splits = gr.splits, bps = gr.bps;
    if (nrt == 0)
        return ATTN_OK;
    if (a->N >= ((int64_t)1 << 31) || nrows >= ((int64_t)1 << 31) ||
        (double)a->B * a->Hkv * a->cq * a->nb >= 4294967296.0) {
        attn_set_error("msa index (ws): N or index rows >= 2^31, or more than 2^32 block scores");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (nrt > 0x7fffffff || splits > 65535 || a->B > 65535) {
        attn_set_error("msa index (ws): grid too large (%lld row tiles, %lld splits, batch %lld)",
                       (long long)nrt, (long long)splits, (long long)a->B);
        return ATTN_ERR_UNSUPPORTED;
    }
    {
        /* Qidx of the chunk: [B][nt * Hkv rows][DI] (batch stride q_len rows); Kidx [B][N][DI] */
        CUtensorMap tq, tk;
        const char *qb = static_cast<const char *>(a->qidx) + a->t0 * a->Hkv * DI * 2;
        const cuuint64_t qdims[3] = {(cuuint64_t)DI, (cuuint64_t)nrows, (cuuint64_t)a->B};
        const cuuint64_t qstr[2] = {(cuuint64_t)DI * 2, (cuuint64_t)(a->q_len * a->Hkv * DI * 2)};
        const cuuint32_t qbox[3] = {64, XW_ROWS, 1};
        const cuuint64_t kdims[3] = {(cuuint64_t)DI, (cuuint64_t)a->N, (cuuint64_t)a->B};
        const cuuint64_t kstr[2] = {(cuuint64_t)DI * 2, (cuuint64_t)(a->N * DI * 2)};
        const cuuint32_t kbox[3] = {64, KT, 1};
        if (!bstma::map_bf16(xw_encoder(), &tq, qb, 3, qdims, qstr, qbox) ||
            !bstma::map_bf16(xw_encoder(), &tk, a->kidx, 3, kdims, kstr, kbox)) {
            attn_set_error("msa index (ws): cuTensorMapEncodeTiled refused the Qidx/Kidx layout");
            return ATTN_ERR_CUDA;
        }
        CUDA_CHECK(cudaFuncSetAttribute(msa_index_ws_kernel<DI, BKS, FORM>,
                                        cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem));
        msa_index_ws_kernel<DI, BKS, FORM>
            <<<dim3((unsigned)nrt, (unsigned)splits, (unsigned)a->B), XW_THREADS, smem, stream>>>(
                tq, tk, *a, bps);
        CUDA_CHECK_LAUNCH();
    }
cleanup:
    return st;
}

template <int DI, int FORM>
enum attn_status launch_di(const msa_index_args *a, int n_sm, cudaStream_t s) {
    if (a->bk >= KT)
        return launch_t<DI, KT, FORM>(a, n_sm, s);
    if (a->bk == 64)
        return launch_t<DI, 64, FORM>(a, n_sm, s);
    if (a->bk == 32)
        return launch_t<DI, 32, FORM>(a, n_sm, s);
    return launch_t<DI, 16, FORM>(a, n_sm, s);
}
template <int FORM>
enum attn_status launch_form(const msa_index_args *a, int n_sm, cudaStream_t s) {
    return a->di == 128 ? launch_di<128, FORM>(a, n_sm, s) : launch_di<64, FORM>(a, n_sm, s);
}

} /* namespace */

bool msa_index_ws_available(void) {
    return msa_index_wgmma_available() && xw_encoder() != NULL;
}

enum attn_status msa_index_ws_launch(const struct msa_index_args *a, bool rs, bool pipe, bool uni,
                                     int n_sm, cudaStream_t stream) {
    if ((a->di != 64 && a->di != 128) || a->bk < 16 || (a->bk & (a->bk - 1)) != 0) {
        attn_set_error("msa index (ws): needs index_dim 64 or 128 and a power-of-two block >= 16");
        return ATTN_ERR_INVALID;
    }
    if (!msa_index_ws_available()) {
        attn_set_error(
            "msa index (ws): needs sm_90a code, a 9.0 device and cuTensorMapEncodeTiled");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (uni) /* uni alone, or with rs (run12: the two fastest changes) */
        return rs ? launch_form<XW_RS | XW_UNI>(a, n_sm, stream)
                  : launch_form<XW_UNI>(a, n_sm, stream);
    if (rs)
        return pipe ? launch_form<XW_RS | XW_PIPE>(a, n_sm, stream)
                    : launch_form<XW_RS>(a, n_sm, stream);
    return pipe ? launch_form<XW_PIPE>(a, n_sm, stream) : launch_form<0>(a, n_sm, stream);
}
