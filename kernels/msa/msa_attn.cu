/* msa_attn.cu - MSA main branch, KV-outer (the paper's design, SPEC §2.1).
 *
 * 1. Reverse index of one query chunk (CSR, KV block -> the (query, slot)
 *    entries that selected it), per (batch, KV group): count (atomics), one
 *    CTA scans counts and emits the work list, scatter fills the entries.
 *    A list is cut into work items of at most chunk_entries entries
 *    (= ~2*k*Bk query-head rows), so a hot block (a sink every query picks)
 *    spreads over many CTAs.  Each entry carries its slot s in the query's
 *    selection row, which is where its partial goes: no atomics on outputs.
 * 2. A persistent grid walks the work items.  A CTA loads the block's K and V
 *    (Bk x d each) into shared memory once, then for each tile of 128/G
 *    queries gathers their G heads (contiguous in Q) into one 128-row tile
 *    (double-buffered cp.async), and its 8 warps (16 rows each) compute
 *    S = Q K^T over the block in 64-key steps with an online softmax and
 *    O += P V (mma.sync m16n8k16, fp32 accumulate).  The causal mask only
 *    touches the local block.  Each row's (lse, O/l) goes out as an fp32
 *    partial, or bf16 (B16: kv_outer_bf16; a second rounding of the output's
 *    size: run12's worst max-abs 1.46x a naive bf16 computation against the
 *    2x budget, SPEC §8; the attention's time unchanged, 642 vs 635 ms at 1M,
 *    the combine's 111 vs 186 ms, H100).
 * 3. msa_combine.cu merges the k partials of each (query, head).
 * Per-head selections (sel_per_head, moba's tc variant): every query head is
 * a selection group of one head reading KV head h / G, so a tile gathers 128
 * queries of one head; a template flag, msa's instances are unchanged.
 *
 * FLOPs per byte: per 128-row tile 4*128*Bk*d FLOPs against Q in, partial out
 * and the block's K/V shared by the whole work item: ~(2/3)*Bk at G = 16
 * against ~G for query-outer loops.
 * Measured (NVIDIA H100 80GB HBM3, paper point Hq=64 Hkv=4 d=128 Bk=128 k=16,
 * results/gpu/cudamsa/run2): reverse index + attention 11.0 ms at N = 16K, 84.7 ms
 * at 128K, 793 ms at 1M (637 ms with 8 GiB partial chunks); with the combine,
 * 78 TFLOP/s useful at 128K against ~10.6 ms of FLOPs at 798 TFLOP/s and ~11.5 ms
 * of fp32 partial traffic.  Faster than q_outer from 128K on (1M: 793 vs 1272 ms),
 * slower below.  ncu (16K): 8 warps/SM (231 registers, 129 KB smem), SM active
 * 82% of the time (tail of the persistent grid), compute 33%, DRAM 33%: latency. */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "device.h"
#include "msa/msa_kernels.cuh"

#include <limits.h>
#include <math.h>

using namespace bsmma;

namespace {

constexpr int KV_WARPS = 8, KV_ROWS = 128;

/* Selection groups (msa_kernels.cuh): PH (per head) is a template flag, so
 * msa's instances compile to the code they had before it existed. */
template <bool PH> __host__ __device__ __forceinline__ int64_t kv_nsel(const msa_kv_args &a) {
    return PH ? a.Hq : a.Hkv;
}

/* The list of (batch * group br, block blk).  PH: the G heads of a KV group sit
 * next to each other per block, so neighbouring work items of the persistent
 * grid load the same K/V block (from L2 after the first, not 16x from DRAM). */
template <bool PH>
__device__ __forceinline__ int64_t kv_list(const msa_kv_args &a, int64_t br, int64_t blk) {
    if (!PH)
        return br * a.nb + blk;
    const int64_t G = a.Hq / a.Hkv;
    return ((br / G) * a.nb + blk) * G + br % G;
}

/* Entry e of the chunk's selection: (batch*group br, row tl, slot s). */
struct sel_pos {
    int64_t br, tl, s;
};
__device__ __forceinline__ sel_pos sel_entry(const msa_kv_args &a, int64_t e) {
    sel_pos p;
    p.s = e % a.topk;
    e /= a.topk;
    p.tl = e % a.nt;
    p.br = e / a.nt;
    return p;
}

template <bool PH> __global__ void msa_kv_count_kernel(msa_kv_args a) {
    const int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (e >= a.B * kv_nsel<PH>(a) * a.nt * a.topk)
        return;
    const sel_pos p = sel_entry(a, e);
    const int32_t blk = a.sel[(p.br * a.q_len + a.t0 + p.tl) * a.topk + p.s];
    if (blk >= 0)
        atomicAdd(&a.cnt[kv_list<PH>(a, p.br, blk)], 1);
}

template <bool PH> __global__ void msa_kv_scatter_kernel(msa_kv_args a) {
    const int64_t e = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (e >= a.B * kv_nsel<PH>(a) * a.nt * a.topk)
        return;
    const sel_pos p = sel_entry(a, e);
    const int32_t blk = a.sel[(p.br * a.q_len + a.t0 + p.tl) * a.topk + p.s];
    if (blk >= 0) {
        const int32_t at = atomicAdd(&a.cursor[kv_list<PH>(a, p.br, blk)], 1);
        a.entries[at] = (int32_t)(p.tl * a.topk + p.s);
    }
}

/* One CTA: exclusive scan of the list counts (-> off, cursor) and of their
 * work-item counts (-> the work list), each thread a contiguous run of lists. */
template <bool PH> __global__ void __launch_bounds__(1024) msa_kv_scan_kernel(msa_kv_args a) {
    __shared__ long long se[1024], sw[1024];
    const int tid = threadIdx.x;
    const int64_t L = a.B * kv_nsel<PH>(a) * a.nb, per = (L + 1023) / 1024, CH = a.chunk_entries;
    const int64_t lo = tid * per < L ? tid * per : L, hi = lo + per < L ? lo + per : L;
    long long me = 0, mw = 0;
    for (int64_t i = lo; i < hi; i++) {
        const int32_t c = a.cnt[i];
        me += c;
        mw += (c + CH - 1) / CH;
    }
    se[tid] = me;
    sw[tid] = mw;
    __syncthreads();
    for (int o = 1; o < 1024; o <<= 1) {
        const long long ve = tid >= o ? se[tid - o] : 0, vw = tid >= o ? sw[tid - o] : 0;
        __syncthreads();
        se[tid] += ve;
        sw[tid] += vw;
        __syncthreads();
    }
    long long be = se[tid] - me, bw = sw[tid] - mw;
    for (int64_t i = lo; i < hi; i++) {
        const int32_t c = a.cnt[i];
        a.off[i] = (int32_t)be;
        a.cursor[i] = (int32_t)be;
        const long long nw = (c + CH - 1) / CH;
        for (long long j = 0; j < nw; j++)
            a.work[bw + j] = make_int2((int)i, (int)j);
        be += c;
        bw += nw;
    }
    if (tid == 1023) {
        a.off[L] = (int32_t)se[1023];
        *a.work_total = (int32_t)sw[1023];
    }
}

template <int D> constexpr size_t kv_smem_bytes(int64_t bk) {
    return (size_t)2 * bk * D * 2 + (size_t)2 * KV_ROWS * D * 2 + 2 * KV_ROWS * sizeof(int32_t);
}

/* B16: bf16 partials (kv_outer_bf16), half the bytes written here and read by the combine */
template <int D, int KT, bool PH, bool B16 = false>
__global__ void __launch_bounds__(KV_WARPS * 32, 1) msa_kv_kernel(msa_kv_args a) {
    extern __shared__ __align__(16) unsigned char smem_raw[];
    const int bk = (int)a.bk;
    bf16 *ks = reinterpret_cast<bf16 *>(smem_raw), *vs = ks + bk * D;
    bf16 *qs = vs + bk * D;                                            /* [2][KV_ROWS][D] */
    int32_t *sent = reinterpret_cast<int32_t *>(qs + 2 * KV_ROWS * D); /* [2][KV_ROWS] */
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    /* G: heads per selection group (PH: 1, so a tile holds 128 queries of one head) */
    const int G = PH ? 1 : (int)(a.Hq / a.Hkv), TQ = KV_ROWS / G, rows_used = TQ * G;
    const int k = (int)a.topk;
    const bf16 *qg = static_cast<const bf16 *>(a.q), *kg = static_cast<const bf16 *>(a.k),
               *vg = static_cast<const bf16 *>(a.v);
    const float sl2 = 1.4426950408889634f / sqrtf((float)D);
    const int nwork = *a.work_total;

    for (int w = blockIdx.x; w < nwork; w += gridDim.x) {
        const int2 wk = a.work[w];
        const int64_t list = wk.x;
        const int e_begin = a.off[list] + wk.y * (int)a.chunk_entries;
        const int e_lim = e_begin + (int)a.chunk_entries;
        const int e_end = a.off[list + 1] < e_lim ? a.off[list + 1] : e_lim;
        /* block kb, batch bb, selection group r, its KV head rkv (kv_list inverted) */
        int64_t kb, r, bb, rkv;
        if (PH) {
            const int64_t Gq = a.Hq / a.Hkv, bkv = list / Gq / a.nb;
            kb = list / Gq % a.nb;
            bb = bkv / a.Hkv;
            r = bkv % a.Hkv * Gq + list % Gq;
            rkv = r / Gq;
        } else {
            const int64_t br = list / a.nb;
            kb = list % a.nb;
            r = rkv = br % a.Hkv;
            bb = br / a.Hkv;
        }
        const int ntl = (e_end - e_begin + TQ - 1) / TQ;

        auto load_q = [&](int it, int buf) {
            const int eb = e_begin + it * TQ;
            bf16 *dst = qs + buf * KV_ROWS * D;
            for (int i = tid; i < KV_ROWS * (D / 8); i += KV_WARPS * 32) {
                const int row = i / (D / 8), ch = i % (D / 8), qi = row / G, gg = row % G;
                const int e = eb + qi;
                const bool ok = row < rows_used && e < e_end;
                int64_t src = 0;
                if (ok) {
                    const int64_t tl = a.entries[e] / k;
                    src = ((bb * a.q_len + a.t0 + tl) * a.Hq + r * G + gg) * D + ch * 8;
                }
                cp_async16(dst + swz<D>(row, ch), qg + src, ok);
            }
            if (tid < TQ)
                sent[buf * KV_ROWS + tid] = eb + tid < e_end ? a.entries[eb + tid] : -1;
        };

        __syncthreads(); /* the previous item is done with K, V, Q and sent */
        for (int i = tid; i < bk * (D / 8); i += KV_WARPS * 32) {
            const int row = i / (D / 8), ch = i % (D / 8);
            const int64_t key = kb * a.bk + row;
            const bool ok = key < a.N;
            const int64_t src = ok ? ((bb * a.N + key) * a.Hkv + rkv) * D + ch * 8 : 0;
            cp_async16(ks + swz<D>(row, ch), kg + src, ok);
            cp_async16(vs + swz<D>(row, ch), vg + src, ok);
        }
        load_q(0, 0);
        cp_async_commit();

        for (int it = 0; it < ntl; it++) {
            const int buf = it & 1;
            if (it + 1 < ntl)
                load_q(it + 1, buf ^ 1);
            cp_async_commit();
            cp_async_wait<1>();
            __syncthreads();

            const int nvalid = (e_end - e_begin - it * TQ) < TQ ? (e_end - e_begin - it * TQ) : TQ;
            const int wr0 = warp * 16;
            bf16 *qt = qs + buf * KV_ROWS * D;
            if (wr0 < nvalid * G) {
                /* rows wr0 + g and wr0 + g + 8: entry and position */
                int ent[2], pmask[2], pmax = -1, pmin = INT_MAX;
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    const int row = wr0 + g + 8 * h;
                    ent[h] = row < nvalid * G ? sent[buf * KV_ROWS + row / G] : -1;
                    const int p = ent[h] >= 0 ? (int)(a.q_off + a.t0 + ent[h] / k) : -1;
                    pmask[h] = ent[h] >= 0 ? p : INT_MAX;
                    pmax = p > pmax ? p : pmax;
                    if (ent[h] >= 0)
                        pmin = p < pmin ? p : pmin;
                }
                pmax = __reduce_max_sync(0xffffffffu, pmax);
                pmin = __reduce_min_sync(0xffffffffu, pmin);

                uint32_t qa[D / 16][4];
                load_a_frags<D>(qa, qt, wr0, lane);
                float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.f, 0.f};
                float o[D / 8][4];
#pragma unroll
                for (int i = 0; i < D / 8; i++)
                    o[i][0] = o[i][1] = o[i][2] = o[i][3] = 0.f;
                for (int kt = 0; kt < bk / KT; kt++) {
                    const int64_t key0 = kb * a.bk + kt * KT;
                    if (key0 >= a.N || (a.causal && key0 > pmax))
                        break; /* no row of this warp sees further keys */
                    float sc[KT / 8][4];
#pragma unroll
                    for (int i = 0; i < KT / 8; i++)
                        sc[i][0] = sc[i][1] = sc[i][2] = sc[i][3] = 0.f;
                    qk_tile<D, KT / 8>(sc, qa, ks, kt * KT, lane);
                    const bool need = key0 + KT > a.N || (a.causal && key0 + KT - 1 > pmin);
                    float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
                    for (int nt = 0; nt < KT / 8; nt++)
#pragma unroll
                        for (int e = 0; e < 4; e++) {
                            float x = sc[nt][e] * sl2;
                            if (need) {
                                const int64_t key = key0 + nt * 8 + 2 * c + (e & 1);
                                if (key >= a.N || (a.causal && key > pmask[e >> 1]))
                                    x = -INFINITY;
                            }
                            sc[nt][e] = x;
                            mx[e >> 1] = fmaxf(mx[e >> 1], x);
                        }
                    float corr[2], mref[2];
#pragma unroll
                    for (int h = 0; h < 2; h++) {
                        const float mn = fmaxf(m[h], quad_max(mx[h]));
                        mref[h] = mn == -INFINITY ? 0.f : mn; /* a row with nothing yet */
                        corr[h] = exp2f(m[h] - mref[h]);
                        m[h] = mn;
                        l[h] *= corr[h];
                    }
#pragma unroll
                    for (int nt = 0; nt < KT / 8; nt++)
#pragma unroll
                        for (int e = 0; e < 4; e++) {
                            const float p = exp2f(sc[nt][e] - mref[e >> 1]);
                            sc[nt][e] = p;
                            l[e >> 1] += p;
                        }
#pragma unroll
                    for (int i = 0; i < D / 8; i++) {
                        o[i][0] *= corr[0];
                        o[i][1] *= corr[0];
                        o[i][2] *= corr[1];
                        o[i][3] *= corr[1];
                    }
                    pv_tile<D, KT / 8>(o, sc, vs, kt * KT, lane);
                }
                float inv[2], lse[2];
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    l[h] = quad_sum(l[h]);
                    inv[h] = l[h] > 0.f ? 1.f / l[h] : 0.f;
                    lse[h] = m[h] + __log2f(l[h]);
                }
                /* partials straight from the C fragments: a quad writes 32 (fp32) or
                 * 16 (bf16, the next n-tile fills the sector) contiguous bytes of a row
                 * per n-tile. */
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    if (ent[h] < 0)
                        continue;
                    const int row = wr0 + g + 8 * h;
                    const int64_t tl = ent[h] / k, s = ent[h] % k, gg = row % G;
                    const int64_t at = (((bb * a.cq + tl) * a.Hq + r * G + gg) * a.topk + s) * D;
#pragma unroll
                    for (int nd = 0; nd < D / 8; nd++)
                        if (B16)
                            *reinterpret_cast<uint32_t *>(static_cast<bf16 *>(a.part_o) + at +
                                                          nd * 8 + 2 * c) =
                                pack_bf16(o[nd][2 * h] * inv[h], o[nd][2 * h + 1] * inv[h]);
                        else
                            *reinterpret_cast<float2 *>(static_cast<float *>(a.part_o) + at +
                                                        nd * 8 + 2 * c) =
                                make_float2(o[nd][2 * h] * inv[h], o[nd][2 * h + 1] * inv[h]);
                }
                if (c == 0) {
#pragma unroll
                    for (int h = 0; h < 2; h++)
                        if (ent[h] >= 0) {
                            const int row = wr0 + g + 8 * h;
                            const int64_t tl = ent[h] / k, s = ent[h] % k, gg = row % G;
                            a.part_lse[((bb * a.cq + tl) * a.Hq + r * G + gg) * a.topk + s] =
                                lse[h];
                        }
                }
            }
            __syncthreads(); /* buf is refilled by the next iteration's prefetch */
        }
        cp_async_wait<0>();
    }
}

template <int D, int KT, bool PH, bool B16>
enum attn_status kv_launch_t(const msa_kv_args *a, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const size_t smem = kv_smem_bytes<D>(a->bk);
    CUDA_CHECK(cudaFuncSetAttribute(msa_kv_kernel<D, KT, PH, B16>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem));
    msa_kv_kernel<D, KT, PH, B16><<<a->grid, KV_WARPS * 32, smem, stream>>>(*a);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

template <int D, bool PH, bool B16>
enum attn_status kv_launch_d(const msa_kv_args *a, cudaStream_t stream) {
    if (a->bk >= 64)
        return kv_launch_t<D, 64, PH, B16>(a, stream);
    if (a->bk == 32)
        return kv_launch_t<D, 32, PH, B16>(a, stream);
    return kv_launch_t<D, 16, PH, B16>(a, stream);
}

/* The reverse index (count, scan, scatter) and the attention of one chunk. */
template <bool PH, bool B16>
enum attn_status kv_launch_all(const msa_kv_args *a, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t n_ent = a->B * kv_nsel<PH>(*a) * a->nt * a->topk;
    const int64_t L = a->B * kv_nsel<PH>(*a) * a->nb;
    const unsigned eg = (unsigned)((n_ent + 255) / 256);
    if (n_ent == 0)
        return ATTN_OK;
    CUDA_CHECK(cudaMemsetAsync(a->cnt, 0, (size_t)L * sizeof(int32_t), stream));
    msa_kv_count_kernel<PH><<<eg, 256, 0, stream>>>(*a);
    CUDA_CHECK_LAUNCH();
    msa_kv_scan_kernel<PH><<<1, 1024, 0, stream>>>(*a);
    CUDA_CHECK_LAUNCH();
    msa_kv_scatter_kernel<PH><<<eg, 256, 0, stream>>>(*a);
    CUDA_CHECK_LAUNCH();
    if (!PH && a->wgmma)
        st = msa_kv_wgmma_launch(a, stream);
    else
        st = a->d == 128 ? kv_launch_d<128, PH, B16>(a, stream)
                         : kv_launch_d<64, PH, B16>(a, stream);
cleanup:
    return st;
}

template <int D, int KT, bool PH> enum attn_status kv_occ_t(int64_t bk, int *n) {
    enum attn_status st = ATTN_OK;
    const size_t smem = kv_smem_bytes<D>(bk);
    CUDA_CHECK(cudaFuncSetAttribute(msa_kv_kernel<D, KT, PH>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem));
    CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(n, msa_kv_kernel<D, KT, PH>,
                                                             KV_WARPS * 32, smem));
cleanup:
    return st;
}

template <int D, bool PH> enum attn_status kv_occ_d(int64_t bk, int *n) {
    return bk >= 64   ? kv_occ_t<D, 64, PH>(bk, n)
           : bk == 32 ? kv_occ_t<D, 32, PH>(bk, n)
                      : kv_occ_t<D, 16, PH>(bk, n);
}

size_t align256(size_t x) {
    return (x + 255) & ~(size_t)255;
}

} /* namespace */

struct msa_kv_scratch msa_kv_scratch_size(int64_t B, int64_t cq, int64_t Hq, int64_t Hsel,
                                          int64_t bk, int64_t nb, int64_t k) {
    struct msa_kv_scratch s;
    const int64_t G = Hq / Hsel, tq = KV_ROWS / (G > 0 ? G : 1);
    const int64_t tiles = k * bk / 64 > 1 ? k * bk / 64 : 1;
    s.lists = B * Hsel * nb;
    s.entries = B * Hsel * cq * k;
    s.chunk_entries = (tq > 0 ? tq : 1) * tiles;
    s.work = s.entries / s.chunk_entries + s.lists + 1;
    return s;
}

size_t msa_kv_scratch_carve(const struct msa_kv_scratch *s, char *base, struct msa_kv_args *a) {
    /* cnt, off (lists + 1), cursor, entries, work (int2), work_total */
    const size_t sz[6] = {align256((size_t)s->lists * 4), align256((size_t)(s->lists + 1) * 4),
                          align256((size_t)s->lists * 4), align256((size_t)s->entries * 4),
                          align256((size_t)s->work * 8),  256};
    size_t o = 0;
    char *at[6];
    for (int i = 0; i < 6; i++) {
        at[i] = base ? base + o : NULL;
        o += sz[i];
    }
    if (base) {
        a->cnt = (int32_t *)at[0];
        a->off = (int32_t *)at[1];
        a->cursor = (int32_t *)at[2];
        a->entries = (int32_t *)at[3];
        a->work = (int2 *)at[4];
        a->work_total = (int32_t *)at[5];
        a->chunk_entries = s->chunk_entries;
    }
    return o;
}

size_t msa_kv_part_bytes(void) {
    return attn_device_mem_total() >= ((size_t)64 << 30) ? (size_t)8 << 30 : (size_t)2 << 30;
}

size_t msa_kv_smem(int64_t d, int64_t bk) {
    return d == 128 ? kv_smem_bytes<128>(bk) : kv_smem_bytes<64>(bk);
}

enum attn_status msa_kv_occupancy(int64_t d, int64_t bk, bool sel_per_head, int *n) {
    *n = 0;
    if (d == 128)
        return sel_per_head ? kv_occ_d<128, true>(bk, n) : kv_occ_d<128, false>(bk, n);
    return sel_per_head ? kv_occ_d<64, true>(bk, n) : kv_occ_d<64, false>(bk, n);
}

enum attn_status msa_kv_launch(const struct msa_kv_args *a, cudaStream_t stream) {
    if (a->d != 64 && a->d != 128) {
        attn_set_error("msa kv_outer: head_dim must be 64 or 128");
        return ATTN_ERR_INVALID;
    }
    if (!a->sel_per_head && a->Hq / a->Hkv > KV_ROWS) {
        attn_set_error("msa kv_outer: group size above %d", KV_ROWS);
        return ATTN_ERR_UNSUPPORTED;
    }
    if (a->sel_per_head && a->part_bf16) {
        attn_set_error("msa kv_outer: bf16 partials only for per-group selections");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (a->sel_per_head)
        return kv_launch_all<true, false>(a, stream);
    return a->part_bf16 ? kv_launch_all<false, true>(a, stream)
                        : kv_launch_all<false, false>(a, stream);
}
