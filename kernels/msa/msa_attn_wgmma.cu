/* msa_attn_wgmma.cu - MSA's KV-outer attention on Hopper warpgroup MMAs (sm_90a), the
 * attention of variant kv_outer_wgmma (bf16 partials, as kv_outer_bf16).
 *
 * The same work as msa_attn.cu's kernel (its reverse index and work items; one persistent
 * CTA per SM walks them): a CTA loads one selected K/V block (128 keys x d 128, 128-byte
 * swizzled) once, then for each tile of 128 / G queries gathers their G heads into a
 * 128-row Q tile (cp.async, double-buffered).  Each of its two warpgroups owns 64 rows:
 *   S = Q K^T    wgmma.m64n128k16, Q and K from shared memory;
 *   softmax over the block's 128 keys in one pass (no online rescaling: a partial is one
 *                block), masked only where the block crosses a row's position or N;
 *   O = P V      wgmma.m64n128k16, P from registers, V transposed from shared memory;
 *   (lse, O / l) written as a bf16 partial row and an fp32 lse (msa_combine.cu merges).
 * Only d = 128 and Bk = 128 (the paper point); other shapes are skipped with the reason.
 * Floor (1M, paper point, H100): 69 TFLOP useful, ~115 ms at 600 TFLOP/s; Q gathered in
 * and bf16 partials out are 550 GB, ~180 ms at ~3 TB/s, so memory-bound.  Predicted
 * ~250-300 ms.  Measured (run12, test_gpu_bench_msa main, one process): H100 1M 492 ms
 * (msa_attn.cu's mma.sync kernel 635 ms, 642 with bf16 partials); H200 128K 63.4 ms vs
 * 82.9, 1M 499 vs 638: 1.28-1.31x, the prediction missed by ~2x (7.7 us a tile against
 * ~1.1 us of MMAs and ~2.6 us of DRAM: latency).  ptxas: 127 registers, 0 spills, 16 HGMMA.
 * memcheck clean (test_gpu_msa small).  Form "wg" (msa_kv_wgmma_wg_kernel, the default:
 * each warpgroup its own half-tiles and Q buffers; 134 registers, 0 spills): run12 call 4,
 * H100, attention 1M 443.6 ms vs the CTA form's 480.1 (1.08x; predicted 1.3-1.6x), 122
 * useful TFLOP/s for the main branch (issue 16 target 3: 250). */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_wgmma.cuh"
#include "common/wgmma_tile.cuh"
#include "msa/msa_kernels.cuh"

#include <limits.h>
#include <math.h>

namespace {

constexpr int XD = 128, XB = 128; /* head_dim and block size of this kernel */
constexpr int XROWS = 128, XTHREADS = 256;
constexpr uint32_t XTILE = XROWS * XD * 2, XHALF = XROWS * 128; /* a tile; a 64-column half */
constexpr size_t XSMEM = 4 * (size_t)XTILE + 1024;              /* K, V, Q x 2; alignment */

#ifdef MSABENCH_WGMMA_DEVICE
using namespace bswg;
using bsmma::bf16;
using bsmma::smem_u32;
using fwtile::sw128;

/* S = Q K^T for a warpgroup's 64 rows, issued: Q at sQ with its 64-column halves qhalf bytes
 * apart, K the 128-row block tile. */
__device__ __forceinline__ void issue_s(float (&s)[64], uint32_t sQ, uint32_t qhalf, uint32_t sK) {
    wg_fence();
#pragma unroll
    for (int kc = 0; kc < XD / 16; kc++)
        wgmma_m64n128k16_ss<0>(s, desc_sw128(sQ + (kc >> 2) * qhalf + (kc & 3) * 32),
                               desc_sw128(sK + (kc >> 2) * XHALF + (kc & 3) * 32), kc > 0);
    wg_commit();
}

/* The rest of a warpgroup's tile once S is issued: wait, softmax over the block's 128 keys
 * in one pass (no online rescaling: a partial is one block), O = P V, and each row's
 * (lse, O / l) as a bf16 partial (a quad writes 16 contiguous bytes per n-tile).  The
 * thread's rows r0 and r0 + 8 of the tile's first nrows hold the entries tsent[row / G];
 * the rest hold none (pos -1: fully masked, not written). */
__device__ __forceinline__ void finish_tile(const msa_kv_args &a, float (&s)[64],
                                            const int32_t *tsent, int r0, int nrows, uint32_t sV,
                                            int64_t bb, int64_t r, int64_t kb, int G, int lane,
                                            float sl) {
    const int k = (int)a.topk;
    int ent[2], pos[2], gg[2];
#pragma unroll
    for (int h = 0; h < 2; h++) {
        const int row = r0 + 8 * h;
        ent[h] = row < nrows ? tsent[row / G] : -1;
        pos[h] = ent[h] >= 0 ? (int)(a.q_off + a.t0 + ent[h] / k) : -1;
        gg[h] = row % G;
    }
    float o[64];
    uint32_t p[8][4];
    wg_wait<0>();
    wg_fence_regs(s);
    fwtile::rows2 st = {{-INFINITY, -INFINITY}, {0.f, 0.f}};
    float corr[2];
    fwtile::softmax(s, st, corr, (int)(kb * XB), (int)a.N, a.causal ? 1 : 0,
                    pos[0] < pos[1] ? pos[0] : pos[1], pos[0], pos[1], lane, sl);
#pragma unroll
    for (int i = 0; i < 64; i++)
        o[i] = 0.f;
    fwtile::rescale_pack(o, p, s, corr);
    wg_fence();
#pragma unroll
    for (int kk = 0; kk < XB / 16; kk++)
        wgmma_m64n128k16_rs<1>(o, p[kk], desc_sw128(sV + kk * 16 * 128, XHALF, 1024), 1);
    wg_commit();
    wg_wait<0>();
    wg_fence_regs(o);
    bf16 *part = static_cast<bf16 *>(a.part_o);
    const int c = lane & 3;
#pragma unroll
    for (int h = 0; h < 2; h++) {
        float l = st.l[h];
        l += __shfl_xor_sync(0xffffffffu, l, 1);
        l += __shfl_xor_sync(0xffffffffu, l, 2);
        if (ent[h] < 0)
            continue;
        const float inv = l > 0.f ? 1.f / l : 0.f;
        const int64_t tl = ent[h] / k, slot = ent[h] % k;
        const int64_t idx = ((bb * a.cq + tl) * a.Hq + r * G + gg[h]) * a.topk + slot;
#pragma unroll
        for (int n = 0; n < 16; n++)
            *reinterpret_cast<uint32_t *>(part + idx * XD + 8 * n + 2 * c) =
                bsmma::pack_bf16(o[4 * n + 2 * h] * inv, o[4 * n + 2 * h + 1] * inv);
        if (c == 0)
            a.part_lse[idx] = l > 0.f ? st.m[h] + __log2f(l) : -INFINITY;
    }
}

/* Work item w: block kb of KV head r in batch bb, and its entries [e_begin, e_end). */
struct kv_item {
    int64_t kb, r, bb;
    int e_begin, e_end;
};
__device__ __forceinline__ kv_item item_of(const msa_kv_args &a, int w) {
    const int2 wk = a.work[w];
    const int64_t list = wk.x, br = list / a.nb;
    kv_item it;
    it.kb = list % a.nb;
    it.r = br % a.Hkv;
    it.bb = br / a.Hkv;
    it.e_begin = a.off[list] + wk.y * (int)a.chunk_entries;
    const int e_lim = it.e_begin + (int)a.chunk_entries;
    it.e_end = a.off[list + 1] < e_lim ? a.off[list + 1] : e_lim;
    return it;
}

/* The item's K and V block (keys past N zero-filled), by the CTA's threads. */
__device__ __forceinline__ void load_kv(const msa_kv_args &a, const kv_item &it, uint32_t sK,
                                        uint32_t sV, int tid) {
    const bf16 *kg = static_cast<const bf16 *>(a.k), *vg = static_cast<const bf16 *>(a.v);
    for (int i = tid; i < XB * 16; i += XTHREADS) {
        const int row = i >> 4, C = i & 15;
        const int64_t key = it.kb * XB + row;
        const bool ok = key < a.N;
        const int64_t src = ok ? ((it.bb * a.N + key) * a.Hkv + it.r) * XD + C * 8 : 0;
        cp_async16(sK + sw128(XB, row, C), kg + src, ok);
        cp_async16(sV + sw128(XB, row, C), vg + src, ok);
    }
}

/* The G heads of the queries of entries eb.. (rows >= rows_used or past e_end zero-filled)
 * into a swizzled tile of `rows` rows at dst, by threads t, t + step, ... */
__device__ __forceinline__ void gather_q(const msa_kv_args &a, const kv_item &it, int eb, int rows,
                                         int rows_used, int G, uint32_t dst, int t, int step) {
    const bf16 *qg = static_cast<const bf16 *>(a.q);
    const int k = (int)a.topk;
    for (int i = t; i < rows * 16; i += step) {
        const int row = i >> 4, C = i & 15, e = eb + row / G;
        const bool ok = row < rows_used && e < it.e_end;
        int64_t src = 0;
        if (ok) {
            const int64_t tl = a.entries[e] / k;
            src = ((it.bb * a.q_len + a.t0 + tl) * a.Hq + it.r * G + row % G) * XD + C * 8;
        }
        cp_async16(dst + sw128(rows, row, C), qg + src, ok);
    }
}
#endif

__global__ void __launch_bounds__(XTHREADS, 1) msa_kv_wgmma_kernel(const msa_kv_args a) {
#ifdef MSABENCH_WGMMA_DEVICE
    extern __shared__ unsigned char smem_raw[];
    __shared__ int32_t sent[2][XROWS]; /* the tile's entries (query row * k + slot), -1 past */
    const uint32_t base = (smem_u32(smem_raw) + 1023u) & ~1023u; /* swizzle atoms: 1 KB */
    const uint32_t sK = base, sV = base + XTILE, sQ0 = base + 2 * XTILE;
    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5, wg = warp >> 2;
    const int G = (int)(a.Hq / a.Hkv), TQ = XROWS / G, rows_used = TQ * G;
    const float sl = 1.4426950408889634f / sqrtf((float)XD);
    const int r0 = wg * 64 + (warp & 3) * 16 + (lane >> 2); /* this thread's rows r0, r0 + 8 */
    const int nwork = *a.work_total;

    for (int w = blockIdx.x; w < nwork; w += gridDim.x) {
        const kv_item item = item_of(a, w);
        const int64_t kb = item.kb, r = item.r, bb = item.bb;
        const int e_begin = item.e_begin, e_end = item.e_end;
        const int ntl = (e_end - e_begin + TQ - 1) / TQ;

        auto load_q = [&](int it, int buf) {
            const int eb = e_begin + it * TQ;
            gather_q(a, item, eb, XROWS, rows_used, G, sQ0 + buf * XTILE, tid, XTHREADS);
            if (tid < TQ)
                sent[buf][tid] = eb + tid < e_end ? a.entries[eb + tid] : -1;
        };

        __syncthreads(); /* the previous item is done with K, V, Q and sent */
        load_kv(a, item, sK, sV, tid);
        load_q(0, 0);
        cp_commit();

        for (int it = 0; it < ntl; it++) {
            const int buf = it & 1;
            if (it + 1 < ntl)
                load_q(it + 1, buf ^ 1);
            cp_commit();
            cp_wait<1>();
            fence_proxy_async(); /* cp.async writes -> the tensor cores' reads */
            __syncthreads();
            const int nrows = (e_end - e_begin - it * TQ < TQ ? e_end - e_begin - it * TQ : TQ) * G;
            if (wg * 64 < nrows) { /* warpgroup-uniform: wgmma needs all 128 threads */
                float s[64];
                issue_s(s, sQ0 + buf * XTILE + wg * 64 * 128, XHALF, sK);
                finish_tile(a, s, sent[buf], r0, nrows, sV, bb, r, kb, G, lane, sl);
            }
            __syncthreads(); /* buf is refilled by the next iteration's prefetch */
        }
        cp_wait<0>();
    }
#else
    (void)a;
    __trap(); /* the host never launches this without sm_90a code (msa_kv_wgmma_available) */
#endif
}

/* Form "wg" (msa_cuda_set_kv_wgmma_form(1)): the two warpgroups walk their own 64-row
 * half-tiles (64 / G queries; half-tiles wg, wg + 2, ...), each with its own double-buffered
 * Q and entries, synchronized by named barriers only, so they drift into ping-pong; the next
 * half-tile's gather is issued right after the warpgroup's S MMA.  The CTA meets only at work
 * items (K, V).  G <= 64. */
__global__ void __launch_bounds__(XTHREADS, 1) msa_kv_wgmma_wg_kernel(const msa_kv_args a) {
#ifdef MSABENCH_WGMMA_DEVICE
    extern __shared__ unsigned char smem_raw[];
    __shared__ int32_t sent[2][2][64]; /* [warpgroup][buffer][query of the half-tile] */
    constexpr uint32_t QH = 64 * XD * 2, QHALF = 64 * 128; /* a half-tile; its 64-col half */
    const uint32_t base = (smem_u32(smem_raw) + 1023u) & ~1023u;
    const uint32_t sK = base, sV = base + XTILE, sQ0 = base + 2 * XTILE;
    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5, wg = warp >> 2;
    const int wt = tid & 127; /* thread within the warpgroup */
    const int G = (int)(a.Hq / a.Hkv), TQ = 64 / G, rows_used = TQ * G;
    const float sl = 1.4426950408889634f / sqrtf((float)XD);
    const int r0 = (warp & 3) * 16 + (lane >> 2); /* this thread's rows r0, r0 + 8 */
    const int nwork = *a.work_total;
    auto wg_sync = [&] { asm volatile("bar.sync %0, 128;\n" ::"r"(1 + wg) : "memory"); };

    for (int w = blockIdx.x; w < nwork; w += gridDim.x) {
        const kv_item item = item_of(a, w);
        const int64_t kb = item.kb, r = item.r, bb = item.bb;
        const int e_begin = item.e_begin, e_end = item.e_end;
        const int nht = (e_end - e_begin + TQ - 1) / TQ; /* half-tiles of the item */

        /* by this warpgroup's 128 threads */
        auto load_q = [&](int ht, int buf) {
            const int eb = e_begin + ht * TQ;
            gather_q(a, item, eb, 64, rows_used, G, sQ0 + (wg * 2 + buf) * QH, wt, 128);
            if (wt < TQ)
                sent[wg][buf][wt] = eb + wt < e_end ? a.entries[eb + wt] : -1;
        };

        __syncthreads(); /* both warpgroups are done with the previous item's K and V */
        load_kv(a, item, sK, sV, tid);
        if (wg < nht)
            load_q(wg, 0);
        cp_commit();
        cp_wait<0>();
        fence_proxy_async();
        __syncthreads(); /* K and V (copied by both warpgroups) and the first Q landed */

        for (int ht = wg, j = 0; ht < nht; ht += 2, j++) {
            const int buf = j & 1;
            if (j > 0) { /* this half-tile's gather, issued during the previous one */
                cp_wait<0>();
                fence_proxy_async();
            }
            wg_sync(); /* Q and sent[buf] visible; every thread done with buf ^ 1 */
            const int nrows = (e_end - e_begin - ht * TQ < TQ ? e_end - e_begin - ht * TQ : TQ) * G;
            float s[64];
            issue_s(s, sQ0 + (wg * 2 + buf) * QH, QHALF, sK);
            if (ht + 2 < nht) /* sent[wg][buf ^ 1]; finish_tile reads sent[wg][buf] */
                load_q(ht + 2, buf ^ 1);
            cp_commit();
            finish_tile(a, s, sent[wg][buf], r0, nrows, sV, bb, r, kb, G, lane, sl);
        }
        cp_wait<0>();
    }
#else
    (void)a;
    __trap(); /* the host never launches this without sm_90a code (msa_kv_wgmma_available) */
#endif
}

} /* namespace */

namespace {
int g_kv_wgmma_form = 1; /* 0: CTA tiles; 1: warpgroup half-tiles (MSA_KV_WGMMA_FORM_DEFAULT) */
}
void msa_kv_wgmma_set_form(int form) {
    g_kv_wgmma_form = form == 1 ? 1 : 0;
}
int msa_kv_wgmma_form(void) {
    return g_kv_wgmma_form;
}
/* form wg holds 64 rows a warpgroup: more heads per group than that run the CTA form */
bool msa_kv_wgmma_runs_wg(int64_t G) {
    return g_kv_wgmma_form == 1 && G <= 64;
}

bool msa_kv_wgmma_available(void) {
    return fwtile::sm90a_ok((const void *)msa_kv_wgmma_kernel);
}

enum attn_status msa_kv_wgmma_launch(const struct msa_kv_args *a, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    if (a->d != XD || a->bk != XB || a->sel_per_head || !a->part_bf16 || a->Hq / a->Hkv > XROWS) {
        attn_set_error("msa kv_outer_wgmma: needs head_dim 128, block 128, per-group "
                       "selections of at most 128 heads and bf16 partials");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!msa_kv_wgmma_available()) {
        attn_set_error("msa kv_outer_wgmma: needs an sm_90 device and sm_90a code");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (msa_kv_wgmma_runs_wg(a->Hq / a->Hkv)) {
        CUDA_CHECK(cudaFuncSetAttribute(msa_kv_wgmma_wg_kernel,
                                        cudaFuncAttributeMaxDynamicSharedMemorySize, (int)XSMEM));
        msa_kv_wgmma_wg_kernel<<<a->grid, XTHREADS, XSMEM, stream>>>(*a);
    } else {
        CUDA_CHECK(cudaFuncSetAttribute(msa_kv_wgmma_kernel,
                                        cudaFuncAttributeMaxDynamicSharedMemorySize, (int)XSMEM));
        msa_kv_wgmma_kernel<<<a->grid, XTHREADS, XSMEM, stream>>>(*a);
    }
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}
