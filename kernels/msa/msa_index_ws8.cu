/* msa_index_ws8.cu - the MSA prefill index on fp8 (e4m3) tensor cores (sm_90a), variant
 * kv_outer_fp8idx: msa_index_ws.cu's block scores (SPEC §2.1 steps 1-2, the same output,
 * -inf and visibility rules) over the e4m3 index-key cache of decode_fp8 (msa_cuda.h: e4m3
 * bytes and an fp32 scale a key) and Qidx rows rounded to e4m3 here.
 *   - the producer warpgroup (one thread issues) loads the CTA's 256 bf16 Qidx rows once and
 *     streams 128-key e4m3 tiles (16 KB) by TMA into a ring of 6 slots;
 *   - each consumer thread rounds one Qidx row to e4m3 with a power-of-two scale 2^e
 *     (msa_fp8_round.h's rule, so the runner's float64 oracle reads the same rows) into a
 *     128-byte-swizzled tile, as the MMAs read it;
 *   - two consumer warpgroups of 128 rows: wgmma.m64n128k32 e4m3 (both operands from shared
 *     memory), S scaled by each key's scale, masked and block-maxed in registers with a
 *     key compare at every element (msa_index_ws.cu's plain ws form; version
 *     MSA_INDEX_WS8_UNI has its uni form, below); the block max times 2^e / sqrt(d_idx)
 *     is written.
 * Only d_idx 128 and blocks that are multiples of 128 keys (the paper point); the launcher
 * refuses others with the reason.  Hopper's fp8 MMA accumulates with less than fp32's
 * precision (DeepSeek-V3 reports ~14 bits), so near-ties may rank differently from the
 * float64 oracle: tests use SPEC 8's low-precision rule, as for decode_fp8.
 * Measured (H100, run17, paper point, chunks of 2 GiB, bf16 ws_rs_uni in the same call):
 * 1M 987 ms = 570 TFLOP/s against 882 ms = 639 (0.89x); 128K 15.1 against 12.2 ms (0.81x).
 * Predicted 1,100-1,300 TFLOP/s: missed.  ncu at 128K: the ALU pipe is the busiest (64%),
 * ~2.2x ws_rs_uni's instructions: the per-element mask select and key-scale multiply of the
 * epilogue, which the 2x faster MMAs no longer hide (NOTES "run17").  ptxas: 168 registers,
 * 0 spills; SASS: 8 QGMMA 64x128x32 E4M3 a tile, UTMALDG, F2FP.SATFINITE.E4M3.
 * ws8_uni (run18 call 2, H100, same call): 1M 846 ms = 665 TFLOP/s (1.17x ws8, 1.04x bf16
 * ws_rs_uni's 878 ms); 128K 12.5 against 11.7 ms (0.94x).  Predicted 700-800: missed. */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_tma.cuh"
#include "common/cuda_wgmma.cuh"
#include "msa/msa_cuda.h"
#include "msa/msa_index_rows.cuh"
#include "msa/msa_kernels.cuh"

#include <cuda_bf16.h>
#include <cuda_fp8.h>
#include <math.h>

namespace {

constexpr int X8_CONS = 256, X8_THREADS = X8_CONS + 128; /* + the producer warpgroup */
constexpr int X8_ROWS = 256, X8_RING = 6, KT = 128, DI = 128;
constexpr uint32_t QB_BYTES = X8_ROWS * DI * 2, Q8_BYTES = X8_ROWS * DI, K8_TILE = KT * DI;
constexpr size_t X8_SMEM = QB_BYTES + Q8_BYTES + X8_RING * K8_TILE + 1024; /* + alignment */

/* UNI (MSA_INDEX_WS8_UNI): msa_index_ws.cu's uni form, key compares only in tiles that reach
 * past one of the warp's rows (ws 503 -> ws_uni 584 TFLOP/s at 1M in bf16, run12) */
template <bool UNI>
__global__ void __launch_bounds__(X8_THREADS, 1)
    msa_index_ws8_kernel(const __grid_constant__ CUtensorMap tq,
                         const __grid_constant__ CUtensorMap tk, const msa_index_args a,
                         const float *__restrict__ kscale) {
#ifdef MSABENCH_WGMMA_DEVICE
    using namespace bswg;
    using namespace bstma;
    using bsmma::quad_max;
    using bsmma::smem_u32;
    extern __shared__ unsigned char smem_raw[];
    __shared__ __align__(8) uint64_t bars[2 * X8_RING + 1];
    __shared__ int qexp[X8_ROWS];            /* each row's power-of-two exponent */
    constexpr uint32_t QBLK = X8_ROWS * 128; /* bf16 Q: one block per 64 columns */
    const uint32_t base = (smem_u32(smem_raw) + 1023u) & ~1023u; /* swizzle atoms: 1 KB */
    const uint32_t sQ = base, sQ8 = base + QB_BYTES, sK0 = sQ8 + Q8_BYTES, b0 = smem_u32(bars);
    auto full = [&](int s) { return b0 + 8u * s; };
    auto empty = [&](int s) { return b0 + 8u * (X8_RING + s); };
    const uint32_t fullQ = b0 + 8u * 2 * X8_RING;
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;

    const int64_t bb = blockIdx.z, nrows = a.nt * a.Hkv;
    const int64_t nrt = (nrows + X8_ROWS - 1) / X8_ROWS;
    const int64_t row0 = (nrt - 1 - (int64_t)blockIdx.x) * X8_ROWS; /* latest rows first */
    const int64_t row_end = row0 + X8_ROWS < nrows ? row0 + X8_ROWS : nrows;
    /* positions and keys fit int32 (N < 2^31), output offsets uint32 (launcher) */
    const int pos_max = (int)(a.q_off + a.t0 + (row_end - 1) / a.Hkv);
    int k_hi = (int)a.N;
    if (a.causal && k_hi > pos_max + 1)
        k_hi = pos_max + 1;
    const int ntile = (k_hi + KT - 1) / KT;
    const int bk = (int)a.bk;

    if (tid == 0) {
        for (int s = 0; s < X8_RING; s++) {
            mbar_init(full(s), 1);
            mbar_init(empty(s), X8_CONS / 32); /* one arrival per consumer warp */
        }
        mbar_init(fullQ, 1);
        mbar_init_fence();
    }
    __syncthreads();

    if (warp >= X8_CONS / 32) { /* the producer: Q once, then the key tiles in order */
        setmaxnreg_dec<24>();
        if (warp == X8_CONS / 32 && lane == 0) {
            mbar_expect_tx(fullQ, QB_BYTES);
#pragma unroll
            for (int kb = 0; kb < DI / 64; kb++)
                tma_3d(sQ + kb * QBLK, &tq, kb * 64, (int)row0, (int)bb, fullQ);
            for (int t = 0; t < ntile; t++) {
                const int s = t % X8_RING;
                if (t >= X8_RING) /* the slot's previous tile read by every consumer warp */
                    mbar_wait(empty(s), (uint32_t)((t / X8_RING - 1) & 1));
                mbar_expect_tx(full(s), K8_TILE);
                tma_3d(sK0 + s * K8_TILE, &tk, 0, t * KT, (int)bb, full(s));
            }
        }
        return;
    }

    setmaxnreg_inc<240>();
    const int wg = warp >> 2, wi = warp & 3, g = lane >> 2, c = lane & 3;

    /* Round this thread's Qidx row (CTA row tid) to e4m3: e = ilogb(amax) - 8, plus one if
     * amax * 2^-e > 448 (amax 0: e 0); each value x -> e4m3_rn_satfinite(x * 2^-e).  The
     * row's 16-byte chunk j lies at chunk j ^ (r & 7), in both tiles. */
    mbar_wait(fullQ, 0);
    {
        const int r = tid;
        auto chunk = [&](int j) { /* bf16 values 8j .. 8j + 7 of the row */
                                  const uint32_t addr =
                                      sQ + (j >> 3) * QBLK + r * 128 + (((j & 7) ^ (r & 7)) << 4);
                                  uint4 v;
                                  asm volatile("ld.shared.v4.b32 {%0, %1, %2, %3}, [%4];\n"
                                               : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                                               : "r"(addr));
                                  return v;
        };
        float amax = 0.f;
#pragma unroll
        for (int j = 0; j < DI / 8; j++) {
            const uint4 v = chunk(j);
            const __nv_bfloat162 *h = reinterpret_cast<const __nv_bfloat162 *>(&v);
#pragma unroll
            for (int i = 0; i < 4; i++) {
                const float2 f = __bfloat1622float2(h[i]);
                amax = fmaxf(amax, fmaxf(fabsf(f.x), fabsf(f.y)));
            }
        }
        int e = 0;
        if (amax > 0.f) {
            e = ilogbf(amax) - 8;
            if (ldexpf(amax, -e) > 448.f)
                e++;
        }
        qexp[r] = e;
#pragma unroll
        for (int j = 0; j < DI / 16; j++) { /* 16 e4m3 values: bf16 chunks 2j and 2j + 1 */
            uint32_t out[4];
#pragma unroll
            for (int hf = 0; hf < 2; hf++) {
                const uint4 v = chunk(2 * j + hf);
                const __nv_bfloat162 *h = reinterpret_cast<const __nv_bfloat162 *>(&v);
#pragma unroll
                for (int i = 0; i < 2; i++) {
                    const float2 f0 = __bfloat1622float2(h[2 * i]);
                    const float2 f1 = __bfloat1622float2(h[2 * i + 1]);
                    const uint32_t lo = __nv_cvt_float2_to_fp8x2(
                        make_float2(ldexpf(f0.x, -e), ldexpf(f0.y, -e)), __NV_SATFINITE, __NV_E4M3);
                    const uint32_t hi = __nv_cvt_float2_to_fp8x2(
                        make_float2(ldexpf(f1.x, -e), ldexpf(f1.y, -e)), __NV_SATFINITE, __NV_E4M3);
                    out[hf * 2 + i] = lo | (hi << 16);
                }
            }
            const uint32_t dst = sQ8 + r * 128 + ((j ^ (r & 7)) << 4);
            asm volatile("st.shared.v4.b32 [%0], {%1, %2, %3, %4};\n" ::"r"(dst), "r"(out[0]),
                         "r"(out[1]), "r"(out[2]), "r"(out[3]));
        }
        fence_proxy_async(); /* the rounded rows, to the MMAs' async proxy */
        asm volatile("bar.sync %0, 128;\n" ::"r"(1 + wg) : "memory"); /* this warpgroup's rows */
    }

    /* This thread's rows, their key limits and score offsets (msa_index_rows.cuh) */
    const int64_t wgrow0 = row0 + wg * 128;
    bool rv[2][2];
    int klim[2][2], wlim[2];
    float fq[2][2];      /* the written score's factor: 2^e / sqrt(d_idx) */
    uint32_t ooff[2][2]; /* element offset of the row in a.scores */
    msa_index_rows(a, bb, wgrow0, row_end, k_hi, wi, g, rv, klim, wlim, ooff);
#pragma unroll
    for (int m = 0; m < 2; m++)
#pragma unroll
        for (int h = 0; h < 2; h++)
            fq[m][h] = ldexpf(a.scale, qexp[wg * 128 + m * 64 + wi * 16 + g + 8 * h]);

    const uint32_t qa = sQ8 + wg * 128 * 128;
    auto issue = [&](float(&acc)[64], int m, int s) {
        const uint32_t sa = qa + m * 64 * 128, sk = sK0 + s * K8_TILE;
        wg_fence_regs(acc);
        wg_fence();
#pragma unroll
        for (int ks = 0; ks < DI / 32; ks++)
            wgmma_m64n128k32_e4m3_ss(acc, desc_sw128(sa + ks * 32), desc_sw128(sk + ks * 32),
                                     ks > 0);
        wg_commit();
        wg_fence_regs(acc);
    };
    /* The key scales of a tile, staged in shared memory by the warpgroup (one a thread,
     * loaded a tile ahead), two slots; kept in registers across the MMAs they cost 32
     * registers and made ptxas spill. */
    __shared__ float ksm[2][2][KT]; /* [warpgroup][slot][key] */
    const float *ksb = kscale + bb * a.N;
    const int kl = tid & 127;
    auto scale_of = [&](int tile) {
        return tile * KT + kl < k_hi ? __ldg(ksb + tile * KT + kl) : 0.f;
    };
    float ks_next = scale_of(0);
    float runmax[2][2] = {{-INFINITY, -INFINITY}, {-INFINITY, -INFINITY}};
    /* Scale, mask, block max and (at block ends) write m-tile m's scores of `tile`. */
    auto epilogue = [&](float(&s)[64], const int m, int tile) {
        wg_fence_regs(s);
        const int key0 = tile * KT;
        const bool need = key0 + KT > wlim[m];
#pragma unroll
        for (int h = 0; h < 2; h++) {
            float pm[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
            if (UNI && !need) { /* warp-uniform: every key of the tile is visible */
#pragma unroll
                for (int nt = 0; nt < KT / 8; nt++)
#pragma unroll
                    for (int e = 0; e < 2; e++)
                        pm[(nt & 1) * 2 + e] =
                            fmaxf(pm[(nt & 1) * 2 + e],
                                  s[nt * 4 + 2 * h + e] * ksm[wg][tile & 1][nt * 8 + 2 * c + e]);
            } else {
#pragma unroll
                for (int nt = 0; nt < KT / 8; nt++)
#pragma unroll
                    for (int e = 0; e < 2; e++) {
                        const int key = key0 + nt * 8 + 2 * c + e;
                        const float v =
                            s[nt * 4 + 2 * h + e] * ksm[wg][tile & 1][nt * 8 + 2 * c + e];
                        pm[(nt & 1) * 2 + e] =
                            fmaxf(pm[(nt & 1) * 2 + e], need && key >= klim[m][h] ? -INFINITY : v);
                    }
            }
            const float mv = quad_max(fmaxf(fmaxf(pm[0], pm[1]), fmaxf(pm[2], pm[3])));
            runmax[m][h] = fmaxf(runmax[m][h], mv);
        }
        if ((key0 + KT) % bk == 0 || tile == ntile - 1) {
            const int blk = key0 / bk;
#pragma unroll
            for (int h = 0; h < 2; h++) {
                if (rv[m][h] && c == 0)
                    a.scores[(size_t)ooff[m][h] + blk] = runmax[m][h] * fq[m][h];
                runmax[m][h] = -INFINITY;
            }
        }
    };

    float acc0[64], acc1[64];
    for (int t = 0; t < ntile; t++) {
        /* slot t & 1: every thread of the warpgroup passed tile t - 1's barrier, so tile
         * t - 2's epilogues, the slot's last readers, are done */
        ksm[wg][t & 1][kl] = ks_next;
        asm volatile("bar.sync %0, 128;\n" ::"r"(1 + wg) : "memory");
        if (t + 1 < ntile)
            ks_next = scale_of(t + 1);
        mbar_wait(full(t % X8_RING), (uint32_t)((t / X8_RING) & 1));
        issue(acc0, 0, t % X8_RING);
        issue(acc1, 1, t % X8_RING);
        wg_wait<1>(); /* m-tile 0 done: its epilogue overlaps m-tile 1's MMAs */
        epilogue(acc0, 0, t);
        wg_wait<0>();
        __syncwarp(); /* both m-tiles' MMAs of tile t done: its slot may be refilled */
        if (lane == 0)
            mbar_arrive(empty(t % X8_RING));
        epilogue(acc1, 1, t);
    }
#else
    (void)tq, (void)tk, (void)a, (void)kscale;
    __trap(); /* never launched without sm_90a code (msa_index_ws8_available) */
#endif
}

bstma::encode_fn x8_encoder(void) {
    static bstma::encode_fn fn = bstma::encoder(); /* the process uses one device */
    return fn;
}

} /* namespace */

bool msa_index_ws8_available(void) {
    return msa_index_wgmma_available() && x8_encoder() != NULL;
}

bool msa_index_ws8_fits(int64_t di, int64_t bk, const char **why) {
    if (di != DI || bk < KT || bk % KT != 0) {
        if (why)
            *why = "fp8 prefill index: needs index_dim 128 and blocks of a multiple of 128 keys";
        return false;
    }
    return true;
}

enum attn_status msa_index_ws8_launch(const struct msa_index_args *a, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const char *why = NULL;
    if (!msa_index_ws8_fits(a->di, a->bk, &why)) {
        attn_set_error("msa index (ws8): %s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!msa_index_ws8_available()) {
        attn_set_error(
            "msa index (ws8): needs sm_90a code, a 9.0 device and cuTensorMapEncodeTiled");
        return ATTN_ERR_UNSUPPORTED;
    }
    const int64_t nrows = a->nt * a->Hkv, nrt = (nrows + X8_ROWS - 1) / X8_ROWS;
    if (nrt == 0)
        return ATTN_OK;
    if (a->N >= ((int64_t)1 << 31) || nrows >= ((int64_t)1 << 31) ||
        (double)a->B * a->Hkv * a->cq * a->nb >= 4294967296.0 || nrt > 0x7fffffff || a->B > 65535) {
        attn_set_error("msa index (ws8): N or index rows >= 2^31, more than 2^32 block scores, "
                       "or a batch above 65535");
        return ATTN_ERR_UNSUPPORTED;
    }
    {
        /* Qidx of the chunk: bf16 [B][nt * Hkv rows][DI] (batch stride q_len rows); the key
         * cache: e4m3 [B][N][DI], then the fp32 scales [B][N] */
        CUtensorMap tq, tk;
        const char *qb = static_cast<const char *>(a->qidx) + a->t0 * a->Hkv * DI * 2;
        const cuuint64_t qdims[3] = {(cuuint64_t)DI, (cuuint64_t)nrows, (cuuint64_t)a->B};
        const cuuint64_t qstr[2] = {(cuuint64_t)DI * 2, (cuuint64_t)(a->q_len * a->Hkv * DI * 2)};
        const cuuint32_t qbox[3] = {64, X8_ROWS, 1};
        const cuuint64_t kdims[3] = {(cuuint64_t)DI, (cuuint64_t)a->N, (cuuint64_t)a->B};
        const cuuint64_t kstr[2] = {(cuuint64_t)DI, (cuuint64_t)(a->N * DI)};
        const cuuint32_t kbox[3] = {DI, KT, 1};
        const float *kscale = reinterpret_cast<const float *>(
            static_cast<const char *>(a->kidx) + msa_fp8_kidx_scale_offset(a->B, a->N, DI));
        if (!bstma::map_bf16(x8_encoder(), &tq, qb, 3, qdims, qstr, qbox) ||
            !bstma::map_u8(x8_encoder(), &tk, a->kidx, 3, kdims, kstr, kbox)) {
            attn_set_error("msa index (ws8): cuTensorMapEncodeTiled refused the Qidx/Kidx layout");
            return ATTN_ERR_CUDA;
        }
        auto kern = a->version == MSA_INDEX_WS8_UNI ? msa_index_ws8_kernel<true>
                                                    : msa_index_ws8_kernel<false>;
        CUDA_CHECK(
            cudaFuncSetAttribute(kern, cudaFuncAttributeMaxDynamicSharedMemorySize, (int)X8_SMEM));
        kern<<<dim3((unsigned)nrt, 1, (unsigned)a->B), X8_THREADS, X8_SMEM, stream>>>(tq, tk, *a,
                                                                                      kscale);
        CUDA_CHECK_LAUNCH();
    }
cleanup:
    return st;
}
