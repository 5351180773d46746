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
 * Floor (1M, paper point, H100): 69 TFLOP useful (~115 ms at 600 TFLOP/s); Q in and bf16
 * partials out are 550 GB (~180 ms at ~3 TB/s).  Forms, attention at 1M (H100, run16 call 1,
 * one process; each form's history and SASS in results/gpu/NOTES.md run12, run15, run16):
 *   cta (form 0, 126 registers)             479.4 ms
 *   wg  (form 1, NQB 2, 134)                441.1 ms  each warpgroup its own half-tiles
 *   wgp (form 2, kv_outer_wgp, 159)         445.1 ms  warp-specialized gather: 0.99x wg
 *   wg2 (form 3, NQB 1, 128, default)       348.4 ms  two CTAs an SM: 1.27x wg (predicted 1.3-1.6x)
 * All 0 spills; tests, plants and memcheck pass on the card.  wg2's main branch: 147 useful
 * TFLOP/s (issue 16 target 3: 250). */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_tma.cuh"
#include "common/cuda_wgmma.cuh"
#include "common/wgmma_tile.cuh"
#include "msa/msa_cuda.h"
#include "msa/msa_kernels.cuh"

#include <limits.h>
#include <math.h>

namespace {

constexpr int XD = 128, XB = 128; /* head_dim and block size of this kernel */
constexpr int XROWS = 128, XTHREADS = 256;
constexpr uint32_t XTILE = XROWS * XD * 2, XHALF = XROWS * 128; /* a tile; a 64-column half */
constexpr size_t XSMEM = 4 * (size_t)XTILE + 1024;              /* K, V, Q x 2; alignment */
constexpr size_t XSMEM1 = 3 * (size_t)XTILE + 1024; /* form wg2: K, V, one 64-row Q a warpgroup */

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

/* Once S is issued: wait, softmax over the block's 128 keys in one pass (no online
 * rescaling: a partial is one block), O = P V into o; st holds the rows' max and the
 * thread's part of their sums.  Rows at pos -1 are fully masked. */
__device__ __forceinline__ void attend(const msa_kv_args &a, float (&s)[64], float (&o)[64],
                                       fwtile::rows2 &st, const int (&pos)[2], uint32_t sV,
                                       int64_t kb, int lane, float sl) {
    uint32_t p[8][4];
    wg_wait<0>();
    wg_fence_regs(s);
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
}

/* The rest of a warpgroup's tile once S is issued: attend, then each row's (lse, O / l) as
 * a bf16 partial (a quad writes 16 contiguous bytes per n-tile).  The thread's rows r0 and
 * r0 + 8 of the tile's first nrows hold the entries tsent[row / G]; the rest hold none
 * (pos -1: fully masked, not written). */
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
    fwtile::rows2 st = {{-INFINITY, -INFINITY}, {0.f, 0.f}};
    attend(a, s, o, st, pos, sV, kb, lane, sl);
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

/* The item's K and V block (keys past N zero-filled), by threads t, t + step, ... */
__device__ __forceinline__ void load_kv(const msa_kv_args &a, const kv_item &it, uint32_t sK,
                                        uint32_t sV, int t, int step) {
    const bf16 *kg = static_cast<const bf16 *>(a.k), *vg = static_cast<const bf16 *>(a.v);
    for (int i = t; i < XB * 16; i += step) {
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
        load_kv(a, item, sK, sV, tid, XTHREADS);
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

/* Form "wg" (msa_cuda_set_kv_wgmma_form(1), NQB 2): the two warpgroups walk their own 64-row
 * half-tiles (64 / G queries; half-tiles wg, wg + 2, ...), each with its own double-buffered
 * Q and entries, synchronized by named barriers only, so they drift into ping-pong; the next
 * half-tile's gather is issued right after the warpgroup's S MMA.  The CTA meets only at work
 * items (K, V).  G <= 64.
 * Form "wg2" (form 3, NQB 1): the same with one Q buffer a warpgroup, gathered before its S,
 * so the CTA takes 97 KB and 128 registers and two fit an SM: twice the warps to hide the
 * half-tile's latency chain (run15: wgp showed the gather was not the bound). */
template <int NQB>
__global__ void __launch_bounds__(XTHREADS, 3 - NQB) msa_kv_wgmma_wg_kernel(const msa_kv_args a) {
#ifdef MSABENCH_WGMMA_DEVICE
    extern __shared__ unsigned char smem_raw[];
    __shared__ int32_t sent[2][NQB][64]; /* [warpgroup][buffer][query of the half-tile] */
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
            gather_q(a, item, eb, 64, rows_used, G, sQ0 + (wg * NQB + buf) * QH, wt, 128);
            if (wt < TQ)
                sent[wg][buf][wt] = eb + wt < e_end ? a.entries[eb + wt] : -1;
        };

        __syncthreads(); /* both warpgroups are done with the previous item's K and V */
        load_kv(a, item, sK, sV, tid, XTHREADS);
        if (wg < nht)
            load_q(wg, 0);
        cp_commit();
        cp_wait<0>();
        fence_proxy_async();
        __syncthreads(); /* K and V (copied by both warpgroups) and the first Q landed */

        for (int ht = wg, j = 0; ht < nht; ht += 2, j++) {
            const int buf = NQB == 2 ? j & 1 : 0;
            if (NQB == 1 && j > 0) { /* one buffer: refill it once every thread is done */
                wg_sync();
                load_q(ht, 0);
                cp_commit();
            }
            if (j > 0) { /* this half-tile's gather (NQB 2: issued during the previous one) */
                cp_wait<0>();
                fence_proxy_async();
            }
            wg_sync(); /* Q and sent[buf] visible; every thread done with buf ^ 1 */
            const int nrows = (e_end - e_begin - ht * TQ < TQ ? e_end - e_begin - ht * TQ : TQ) * G;
            float s[64];
            issue_s(s, sQ0 + (wg * NQB + buf) * QH, QHALF, sK);
            if (NQB == 2 && ht + 2 < nht) /* sent[wg][buf ^ 1]; finish_tile reads sent[wg][buf] */
                load_q(ht + 2, (buf ^ 1) & (NQB - 1));
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

/* Form "wgp" (msa_cuda_set_kv_wgmma_form(2)): warp-specialized.  A producer warpgroup
 * gathers the 64-row half-tiles into a ring of WP_NS Q stages and the items' K / V into two
 * buffers (cp.async; it waits on its own copies WP_LAG groups late, fences them for the
 * tensor cores and arrives on the stage's mbarrier), and writes each stage's per-query rows
 * (Q row, partial row, position) once, so no consumer divides.  Two consumer warpgroups take
 * the half-tiles alternately: S, softmax, P V, then O staged in the Q stage they are done
 * with and written out in coalesced 16-byte rows before the stage goes back.  G <= 64. */
constexpr int WP_NS = 4, WP_LAG = WP_NS - 1, WP_THREADS = 384;
constexpr uint32_t WP_QH = 64 * XD * 2, WP_QHALF = 64 * 128; /* a half-tile; its 64-col half */
constexpr size_t WP_SMEM = 4 * (size_t)XTILE + WP_NS * (size_t)WP_QH + 1024; /* K, V x 2 */

#ifdef MSABENCH_WGMMA_DEVICE
struct wp_meta { /* per query of a stage's half-tile; obase -1: no entry */
    int64_t qrow[64], obase[64];
    int32_t pos[64];
};
/* WP_LAG copy groups in flight: after each commit the oldest beyond that is waited for,
 * fenced for the async proxy and arrived on its barrier. */
struct wp_pending {
    uint32_t bar[WP_LAG];
    int n;
    __device__ __forceinline__ void retire_oldest() {
        fence_proxy_async();
        bstma::mbar_arrive(bar[0]);
#pragma unroll
        for (int i = 0; i + 1 < WP_LAG; i++)
            bar[i] = bar[i + 1];
        n--;
    }
    __device__ __forceinline__ void push(uint32_t b) {
        cp_commit();
        if (n == WP_LAG) {
            cp_wait<WP_LAG>();
            retire_oldest();
        }
#pragma unroll
        for (int i = 0; i < WP_LAG; i++) /* bar[n] = b, unrolled so bar stays in registers */
            if (i == n)
                bar[i] = b;
        n++;
    }
    __device__ __forceinline__ void flush() {
        cp_wait<0>();
        while (n > 0)
            retire_oldest();
    }
};
#endif

#ifdef MSABENCH_WGMMA_DEVICE
/* The rows (wt >> 4) + 8j of a 64-row half-tile that thread wt of a warpgroup copies, 16
 * bytes each (the gather in, the partials out): their query q[j] in the half-tile (-1 past
 * rows_used) and head g[j] in the group. */
__device__ __forceinline__ void half_rows(int wt, int G, int rows_used, int (&q)[8], int (&g)[8]) {
#pragma unroll
    for (int j = 0; j < 8; j++) {
        const int row = (wt >> 4) + 8 * j;
        q[j] = row < rows_used ? row / G : -1;
        g[j] = row % G;
    }
}
#endif

__global__ void __launch_bounds__(WP_THREADS, 1) msa_kv_wgmma_wgp_kernel(const msa_kv_args a) {
#ifdef MSABENCH_WGMMA_DEVICE
    extern __shared__ unsigned char smem_raw[];
    __shared__ wp_meta meta[WP_NS];
    __shared__ __align__(8) uint64_t bars[2 * WP_NS + 4]; /* full, empty; kv full, kv empty */
    const uint32_t base = (smem_u32(smem_raw) + 1023u) & ~1023u;
    const uint32_t sKV = base, sQ0 = base + 4 * XTILE; /* K_b at sKV + 2b XTILE, V_b after it */
    const uint32_t full0 = smem_u32(bars), empty0 = full0 + 8 * WP_NS;
    const uint32_t kvfull0 = full0 + 16 * WP_NS, kvempty0 = kvfull0 + 16;
    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5, wg = warp >> 2;
    const int wt = tid & 127;
    const int G = (int)(a.Hq / a.Hkv), TQ = 64 / G, rows_used = TQ * G;
    const int nwork = *a.work_total;
    if (tid == 0) {
        for (int i = 0; i < WP_NS; i++) {
            bstma::mbar_init(full0 + 8 * i, 128);
            bstma::mbar_init(empty0 + 8 * i, 128);
        }
        for (int b = 0; b < 2; b++) {
            bstma::mbar_init(kvfull0 + 8 * b, 128);
            bstma::mbar_init(kvempty0 + 8 * b, 256);
        }
        bstma::mbar_init_fence();
    }
    __syncthreads();

    if (wg == 2) { /* the producer */
        int qj[8], gj[8];
        half_rows(wt, G, rows_used, qj, gj);
        const int C = wt & 15, k = (int)a.topk;
        const bf16 *qg = static_cast<const bf16 *>(a.q);
        wp_pending pend;
        pend.n = 0;
        uint32_t g = 0;
        for (int w = blockIdx.x, n = 0; w < nwork; w += gridDim.x, n++) {
            const kv_item item = item_of(a, w);
            const int nht = (item.e_end - item.e_begin + TQ - 1) / TQ;
            const int b = n & 1;
            pend.flush(); /* the consumers may wait on any of them before freeing K / V */
            bstma::mbar_wait(kvempty0 + 8 * b, ((n >> 1) & 1) ^ 1);
            load_kv(a, item, sKV + 2 * b * XTILE, sKV + (2 * b + 1) * XTILE, wt, 128);
            pend.push(kvfull0 + 8 * b);
            for (int ht = 0; ht < nht; ht++, g++) {
                const int st = (int)(g % WP_NS);
                bstma::mbar_wait(empty0 + 8 * st, ((g / WP_NS) & 1) ^ 1);
                const int eb = item.e_begin + ht * TQ;
                if (wt < TQ) {
                    const bool ok = eb + wt < item.e_end;
                    const int ent = ok ? a.entries[eb + wt] : 0, tl = ent / k;
                    meta[st].qrow[wt] = (item.bb * a.q_len + a.t0 + tl) * a.Hq + item.r * G;
                    meta[st].obase[wt] =
                        ok ? ((item.bb * a.cq + tl) * a.Hq + item.r * G) * a.topk + ent % k : -1;
                    meta[st].pos[wt] = ok ? (int)(a.q_off + a.t0 + tl) : -1;
                }
                asm volatile("bar.sync 3, 128;\n" ::: "memory"); /* meta -> the gather */
                const uint32_t dst = sQ0 + st * WP_QH;
#pragma unroll
                for (int j = 0; j < 8; j++) {
                    const bool ok = qj[j] >= 0 && meta[st].obase[qj[j] < 0 ? 0 : qj[j]] >= 0;
                    const int64_t src = ok ? (meta[st].qrow[qj[j]] + gj[j]) * XD + C * 8 : 0;
                    cp_async16(dst + sw128(64, (wt >> 4) + 8 * j, C), qg + src, ok);
                }
                pend.push(full0 + 8 * st);
            }
        }
        pend.flush();
    } else { /* consumer wg: half-tiles g with g % 2 == wg */
        const float sl = 1.4426950408889634f / sqrtf((float)XD);
        const int r0 = (warp & 3) * 16 + (lane >> 2); /* this thread's rows r0, r0 + 8 */
        int rq[2], rg[2];
#pragma unroll
        for (int h = 0; h < 2; h++) {
            rq[h] = r0 + 8 * h < rows_used ? (r0 + 8 * h) / G : -1;
            rg[h] = (r0 + 8 * h) % G;
        }
        int oq[8], og[8]; /* the copy-out's rows */
        half_rows(wt, G, rows_used, oq, og);
        bf16 *part = static_cast<bf16 *>(a.part_o);
        const int c = lane & 3;
        uint32_t g = 0;
        for (int w = blockIdx.x, n = 0; w < nwork; w += gridDim.x, n++) {
            const kv_item item = item_of(a, w);
            const int nht = (item.e_end - item.e_begin + TQ - 1) / TQ;
            const int b = n & 1;
            const uint32_t sK = sKV + 2 * b * XTILE, sV = sK + XTILE;
            bstma::mbar_wait(kvfull0 + 8 * b, (n >> 1) & 1);
            for (int ht = 0; ht < nht; ht++, g++) {
                if ((int)(g & 1) != wg)
                    continue;
                const int st = (int)(g % WP_NS);
                const uint32_t sQ = sQ0 + st * WP_QH;
                bstma::mbar_wait(full0 + 8 * st, (g / WP_NS) & 1);
                float s[64];
                issue_s(s, sQ, WP_QHALF, sK);
                int pos[2];
                int64_t ob[2];
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    ob[h] = rq[h] >= 0 ? meta[st].obase[rq[h]] : -1;
                    pos[h] = ob[h] >= 0 ? meta[st].pos[rq[h]] : -1;
                }
                float o[64];
                fwtile::rows2 rs = {{-INFINITY, -INFINITY}, {0.f, 0.f}};
                attend(a, s, o, rs, pos, sV, item.kb, lane, sl);
                /* O / l into the stage (its S products are done), lse straight out */
                float inv[2];
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    float l = rs.l[h];
                    l += __shfl_xor_sync(0xffffffffu, l, 1);
                    l += __shfl_xor_sync(0xffffffffu, l, 2);
                    inv[h] = l > 0.f ? 1.f / l : 0.f;
                    if (ob[h] >= 0 && c == 0)
                        a.part_lse[ob[h] + rg[h] * a.topk] =
                            l > 0.f ? rs.m[h] + __log2f(l) : -INFINITY;
                }
#pragma unroll
                for (int nn = 0; nn < 16; nn++)
#pragma unroll
                    for (int h = 0; h < 2; h++)
                        asm volatile("st.shared.b32 [%0], %1;\n" ::"r"(
                                         sQ + sw128(64, r0 + 8 * h, nn) + 4 * c),
                                     "r"(bsmma::pack_bf16(o[4 * nn + 2 * h] * inv[h],
                                                          o[4 * nn + 2 * h + 1] * inv[h])));
                asm volatile("bar.sync %0, 128;\n" ::"r"(1 + wg) : "memory");
#pragma unroll
                for (int j = 0; j < 8; j++) {
                    if (oq[j] < 0)
                        continue;
                    const int64_t obj = meta[st].obase[oq[j]];
                    if (obj < 0)
                        continue;
                    uint4 v;
                    asm volatile("ld.shared.v4.b32 {%0, %1, %2, %3}, [%4];\n"
                                 : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                                 : "r"(sQ + sw128(64, (wt >> 4) + 8 * j, wt & 15)));
                    *reinterpret_cast<uint4 *>(part + (obj + og[j] * a.topk) * XD + (wt & 15) * 8) =
                        v;
                }
                bstma::mbar_arrive(empty0 + 8 * st); /* Q, O and meta of the stage read */
            }
            bstma::mbar_arrive(kvempty0 + 8 * b);
        }
    }
#else
    (void)a;
    __trap(); /* the host never launches this without sm_90a code (msa_kv_wgmma_available) */
#endif
}

} /* namespace */

namespace {
/* 0: CTA tiles; 1: warpgroup half-tiles; 2: warp-specialized; 3: half-tiles, two CTAs an
 * SM (MSA_KV_WGMMA_FORM_DEFAULT) */
int g_kv_wgmma_form = MSA_KV_WGMMA_FORM_DEFAULT;
} // namespace
void msa_kv_wgmma_set_form(int form) {
    g_kv_wgmma_form = form >= 1 && form <= 3 ? form : 0;
}
int msa_kv_wgmma_form(void) {
    return g_kv_wgmma_form;
}
/* The form a launch runs for G heads per group: the process's, or wgp (kv_outer_wgp); forms
 * wg, wgp and wg2 hold 64 rows a warpgroup, so G > 64 runs the CTA form. */
static int form_for(bool wgp, int64_t G) {
    return G > 64 ? 0 : wgp ? 2 : g_kv_wgmma_form;
}
const char *msa_kv_wgmma_form_name(bool wgp, int64_t G) {
    static const char *const names[4] = {"", "wg", "wgp", "wg2"};
    return names[form_for(wgp, G)];
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
    const int form = form_for(a->wgp, a->Hq / a->Hkv);
    if (form == 2) {
        CUDA_CHECK(cudaFuncSetAttribute(msa_kv_wgmma_wgp_kernel,
                                        cudaFuncAttributeMaxDynamicSharedMemorySize, (int)WP_SMEM));
        msa_kv_wgmma_wgp_kernel<<<a->grid, WP_THREADS, WP_SMEM, stream>>>(*a);
    } else if (form == 1) {
        CUDA_CHECK(cudaFuncSetAttribute(msa_kv_wgmma_wg_kernel<2>,
                                        cudaFuncAttributeMaxDynamicSharedMemorySize, (int)XSMEM));
        msa_kv_wgmma_wg_kernel<2><<<a->grid, XTHREADS, XSMEM, stream>>>(*a);
    } else if (form == 3) {   /* as many CTAs as fit (two an SM), over a->grid's one an SM */
        static int grid1 = 0; /* the process uses one device: found at the first launch */
        if (!grid1) {
            int dev = 0, nsm = 0, occ = 0;
            CUDA_CHECK(cudaFuncSetAttribute(msa_kv_wgmma_wg_kernel<1>,
                                            cudaFuncAttributeMaxDynamicSharedMemorySize,
                                            (int)XSMEM1));
            CUDA_CHECK(cudaGetDevice(&dev));
            CUDA_CHECK(cudaDeviceGetAttribute(&nsm, cudaDevAttrMultiProcessorCount, dev));
            CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(
                &occ, msa_kv_wgmma_wg_kernel<1>, XTHREADS, XSMEM1));
            grid1 = nsm * (occ > 0 ? occ : 1);
        }
        msa_kv_wgmma_wg_kernel<1><<<grid1, XTHREADS, XSMEM1, stream>>>(*a);
    } else {
        CUDA_CHECK(cudaFuncSetAttribute(msa_kv_wgmma_kernel,
                                        cudaFuncAttributeMaxDynamicSharedMemorySize, (int)XSMEM));
        msa_kv_wgmma_kernel<<<a->grid, XTHREADS, XSMEM, stream>>>(*a);
    }
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}
