/* blocksparse_cuda.cu - query-outer block-sparse attention on tensor cores.
 *
 * One warp per (batch, query row, KV group, 16-head chunk): the G heads of a
 * group (up to 16 per warp, the rest of the m16 tile idle) share one pass
 * over the K/V of the row's selected blocks.  Keys stream through a private
 * two-stage cp.async buffer of KT keys (KT = min(32, Bk)); S = Q K^T and
 * O += P V are mma.sync m16n8k16 (bf16 in, fp32 accumulate) with an online
 * softmax in base 2.  Final mode writes O; partial mode (decode's split over
 * blocks) handles one key chunk of one selected block per warp and writes
 * (lse, O/l) for msa_combine.cu to merge.
 *
 * It is the simple baseline: FLOPs per byte of K/V ~ G, and with G < 16 the
 * m16 tile is partly empty.  kernels/msa/msa_attn.cu is the KV-outer design.
 *
 * Measured (NVIDIA H100 80GB HBM3, msa q_outer at the paper point Hq=64 Hkv=4
 * d=128 Bk=128 k=16): 8.6 ms at N = 16K (117 TFLOP/s), 117 ms at 128K, 1.27 s at
 * 1M.  ncu (16K): L2 throughput 82% (every warp re-reads its blocks from L2),
 * 4 warps/SM (128 KB of per-warp K/V buffers per CTA).
 *
 * a.pdl (msa decode_fp8_pdl's split): launched by programmatic dependent launch,
 * a warp loads its Q fragments (the caller's input), lets the combine be
 * scheduled, then waits for Top-k's selection (common/cuda_pdl.cuh) before
 * its first read of sel; false (a skipped branch) for every other caller.
 * Predicted at decode 1M, B = 1 (H100): ~2-3 us of the ~9 us stage (launch,
 * 128 CTAs of 128 KB shared memory placed, Q loaded) overlaps Top-k; not yet
 * measured on a GPU. */
#include "common/blocksparse_cuda.h"
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_pdl.cuh"

#include <math.h>

using namespace bsmma;

namespace {

constexpr int BS_WARPS = 4;

struct cursor {
    int s;           /* slot in the row */
    int64_t k0, end; /* current sub-tile start, end of this block's visible keys */
};

template <int D, int KT, bool PARTIAL>
__global__ void __launch_bounds__(BS_WARPS * 32) bs_attn_kernel(bs_attn_args a) {
    extern __shared__ __align__(16) unsigned char smem_raw[];
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int g = lane >> 2, c = lane & 3;
    /* Per-head mode: one selection row (and warp task) per query head. */
    const int64_t G = a.Hq / a.Hkv, GW = a.sel_per_head ? 1 : G, HC = (GW + 15) / 16;
    const int64_t NR = a.sel_per_head ? a.Hq : a.Hkv;
    int64_t task = (int64_t)blockIdx.x * BS_WARPS + warp;
    const int64_t ntask = a.B * a.q_len * NR * HC * (PARTIAL ? (int64_t)a.width * a.nch : 1);
    if (task >= ntask)
        return; /* whole warp leaves: the kernel has no CTA-wide barrier */
    int ch = 0, s_only = 0;
    if (PARTIAL) {
        ch = (int)(task % a.nch);
        task /= a.nch;
        s_only = (int)(task % a.width);
        task /= a.width;
    }
    const int64_t hc = task % HC;
    task /= HC;
    const int64_t sr = task % NR; /* selection row: KV group, or query head */
    task /= NR;
    const int64_t r = a.sel_per_head ? sr / G : sr, hbase = a.sel_per_head ? sr : sr * G;
    const int64_t t = task % a.q_len, bb = task / a.q_len;

    bf16 *wbase = reinterpret_cast<bf16 *>(smem_raw) + (size_t)warp * 4 * KT * D;
    const bf16 *kg = static_cast<const bf16 *>(a.k), *vg = static_cast<const bf16 *>(a.v);
    const int32_t *selrow = a.sel + ((bb * NR + sr) * a.q_len + t) * a.width;
    const int64_t pos = a.q_off + t;
    const int64_t vis_end = a.causal ? (pos + 1 < a.N ? pos + 1 : a.N) : a.N;

    /* Q fragments straight from global memory (once per warp). */
    const int64_t h0 = hc * 16 + g, h1 = h0 + 8;
    const bool v0 = h0 < GW, v1 = h1 < GW;
    const bf16 *q0 = static_cast<const bf16 *>(a.q) + ((bb * a.q_len + t) * a.Hq + hbase + h0) * D;
    const bf16 *q1 = q0 + 8 * D;
    uint32_t qa[D / 16][4];
#pragma unroll
    for (int ks = 0; ks < D / 16; ks++) {
        const int col = ks * 16 + 2 * c;
        qa[ks][0] = v0 ? *reinterpret_cast<const uint32_t *>(q0 + col) : 0u;
        qa[ks][1] = v1 ? *reinterpret_cast<const uint32_t *>(q1 + col) : 0u;
        qa[ks][2] = v0 ? *reinterpret_cast<const uint32_t *>(q0 + col + 8) : 0u;
        qa[ks][3] = v1 ? *reinterpret_cast<const uint32_t *>(q1 + col + 8) : 0u;
    }
    /* Launched programmatically (msa decode_fp8_pdl): Q is the caller's input,
     * loaded above while Top-k may still run; the selection is Top-k's output. */
    if (a.pdl) {
        pdl_launch_dependents();
        pdl_wait();
    }

    /* Next non-empty key range from slot s_from on (s = -1: none). */
    auto seek = [&](int s_from) -> cursor {
        const int s_last = PARTIAL ? s_only : a.width - 1;
        for (int s = s_from; s <= s_last; s++) {
            const int32_t blk = selrow[s];
            if (blk < 0)
                continue;
            int64_t lo = (int64_t)blk * a.bk, hi = lo + a.bk;
            if (PARTIAL) {
                hi = lo + (int64_t)(ch + 1) * a.ck < hi ? lo + (int64_t)(ch + 1) * a.ck : hi;
                lo += (int64_t)ch * a.ck;
            }
            hi = hi < vis_end ? hi : vis_end;
            if (lo < hi)
                return cursor{s, lo, hi};
        }
        return cursor{-1, 0, 0};
    };
    auto load = [&](const cursor &cu, int stage) {
        bf16 *ks_ = wbase + stage * 2 * KT * D, *vs_ = ks_ + KT * D;
        for (int i = lane; i < KT * (D / 8); i += 32) {
            const int row = i / (D / 8), chk = i % (D / 8);
            const int64_t key = cu.k0 + row;
            const bool ok = key < a.N;
            const int64_t off = ok ? ((bb * a.N + key) * a.Hkv + r) * D + chk * 8 : 0;
            cp_async16(ks_ + swz<D>(row, chk), kg + off, ok);
            cp_async16(vs_ + swz<D>(row, chk), vg + off, ok);
        }
    };

    const float sl2 = rsqrtf((float)D) * 1.4426950408889634f;
    float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.f, 0.f};
    float o[D / 8][4];
#pragma unroll
    for (int i = 0; i < D / 8; i++)
        o[i][0] = o[i][1] = o[i][2] = o[i][3] = 0.f;

    cursor cur = seek(PARTIAL ? s_only : 0);
    const bool any = cur.s >= 0;
    int stage = 0;
    if (any)
        load(cur, 0);
    cp_async_commit();
    while (cur.s >= 0) {
        cursor nxt = cur;
        nxt.k0 += KT;
        if (nxt.k0 >= nxt.end)
            nxt = PARTIAL ? cursor{-1, 0, 0} : seek(cur.s + 1);
        if (nxt.s >= 0)
            load(nxt, stage ^ 1);
        cp_async_commit();
        cp_async_wait<1>();
        __syncwarp();

        const bf16 *ks_ = wbase + stage * 2 * KT * D, *vs_ = ks_ + KT * D;
        float sc[KT / 8][4];
#pragma unroll
        for (int i = 0; i < KT / 8; i++)
            sc[i][0] = sc[i][1] = sc[i][2] = sc[i][3] = 0.f;
        qk_tile<D, KT / 8>(sc, qa, ks_, 0, lane);
        const bool need_mask = cur.k0 + KT > cur.end;
        float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
        for (int nt = 0; nt < KT / 8; nt++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                float x = sc[nt][e] * sl2;
                if (need_mask && cur.k0 + nt * 8 + 2 * c + (e & 1) >= cur.end)
                    x = -INFINITY;
                sc[nt][e] = x;
                mx[e >> 1] = fmaxf(mx[e >> 1], x);
            }
        float corr[2], mn[2];
#pragma unroll
        for (int h = 0; h < 2; h++) {
            mn[h] = fmaxf(m[h], quad_max(mx[h])); /* finite: the sub-tile has a visible key */
            corr[h] = exp2f(m[h] - mn[h]);
            m[h] = mn[h];
            l[h] *= corr[h];
        }
#pragma unroll
        for (int nt = 0; nt < KT / 8; nt++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                const float p = exp2f(sc[nt][e] - mn[e >> 1]);
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
        pv_tile<D, KT / 8>(o, sc, vs_, 0, lane);
        __syncwarp(); /* everyone is done with this stage before it is refilled */
        cur = nxt;
        stage ^= 1;
    }
    cp_async_wait<0>();
    l[0] = quad_sum(l[0]);
    l[1] = quad_sum(l[1]);
    const float inv0 = l[0] > 0.f ? 1.f / l[0] : 0.f, inv1 = l[1] > 0.f ? 1.f / l[1] : 0.f;

    if (!PARTIAL) {
        /* A row with no visible key at all gets zeros (blocksparse.h). */
        bf16 *o0 = static_cast<bf16 *>(a.o) + ((bb * a.q_len + t) * a.Hq + hbase + h0) * D;
        bf16 *o1 = o0 + 8 * D;
#pragma unroll
        for (int nd = 0; nd < D / 8; nd++) {
            const int col = nd * 8 + 2 * c;
            if (v0)
                *reinterpret_cast<uint32_t *>(o0 + col) =
                    pack_bf16(o[nd][0] * inv0, o[nd][1] * inv0);
            if (v1)
                *reinterpret_cast<uint32_t *>(o1 + col) =
                    pack_bf16(o[nd][2] * inv1, o[nd][3] * inv1);
        }
    } else {
        const int64_t P = (int64_t)a.width * a.nch, pi = (int64_t)s_only * a.nch + ch;
        const int64_t i0 = ((bb * a.q_len + t) * a.Hq + hbase + h0) * P + pi, i1 = i0 + 8 * P;
        if (c == 0) {
            if (v0)
                a.part_lse[i0] = any ? m[0] + __log2f(l[0]) : -INFINITY;
            if (v1)
                a.part_lse[i1] = any ? m[1] + __log2f(l[1]) : -INFINITY;
        }
        if (any) {
            float *o0 = a.part_o + i0 * D, *o1 = a.part_o + i1 * D;
#pragma unroll
            for (int nd = 0; nd < D / 8; nd++) {
                const int col = nd * 8 + 2 * c;
                if (v0)
                    *reinterpret_cast<float2 *>(o0 + col) =
                        make_float2(o[nd][0] * inv0, o[nd][1] * inv0);
                if (v1)
                    *reinterpret_cast<float2 *>(o1 + col) =
                        make_float2(o[nd][2] * inv1, o[nd][3] * inv1);
            }
        }
    }
}

template <int D, int KT, bool PARTIAL>
enum attn_status launch_t(const bs_attn_args *a, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t G = a->Hq / a->Hkv, HC = a->sel_per_head ? 1 : (G + 15) / 16;
    const int64_t NR = a->sel_per_head ? a->Hq : a->Hkv;
    const int64_t ntask = a->B * a->q_len * NR * HC * (PARTIAL ? (int64_t)a->width * a->nch : 1);
    const int64_t nblk = (ntask + BS_WARPS - 1) / BS_WARPS;
    const size_t smem = (size_t)BS_WARPS * 4 * KT * D * sizeof(bf16);
    if (nblk == 0)
        return ATTN_OK;
    CUDA_CHECK(cudaFuncSetAttribute(bs_attn_kernel<D, KT, PARTIAL>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem));
    CUDA_CHECK(pdl_launch(bs_attn_kernel<D, KT, PARTIAL>, dim3((unsigned)nblk), dim3(BS_WARPS * 32),
                          smem, stream, a->pdl, *a));
cleanup:
    return st;
}

template <int D> enum attn_status launch_d(const bs_attn_args *a, cudaStream_t stream) {
    if (a->bk >= 32)
        return a->partial ? launch_t<D, 32, true>(a, stream) : launch_t<D, 32, false>(a, stream);
    return a->partial ? launch_t<D, 16, true>(a, stream) : launch_t<D, 16, false>(a, stream);
}

} /* namespace */

const char *bs_attn_check(const struct bs_attn_args *a) {
    if (a->d != 64 && a->d != 128)
        return "block-sparse cuda: head_dim must be 64 or 128";
    if (a->bk < 16 || (a->bk & (a->bk - 1)) != 0)
        return "block-sparse cuda: block size must be a power of two >= 16";
    if (a->Hkv <= 0 || a->Hq % a->Hkv != 0)
        return "block-sparse cuda: heads_q must be a multiple of heads_kv";
    if (a->width <= 0)
        return "block-sparse cuda: selection width must be positive";
    if (a->partial) {
        const int64_t kt = a->bk >= 32 ? 32 : 16;
        if (a->nch <= 0 || a->ck <= 0 || a->ck % kt != 0 || (int64_t)a->nch * a->ck < a->bk)
            return "block-sparse cuda: key chunks must be multiples of the tile and cover a block";
    }
    return NULL;
}

enum attn_status bs_attn_launch(const struct bs_attn_args *a, cudaStream_t stream) {
    const char *why = bs_attn_check(a);
    if (why) {
        attn_set_error("%s", why);
        return ATTN_ERR_INVALID;
    }
    return a->d == 128 ? launch_d<128>(a, stream) : launch_d<64>(a, stream);
}

enum attn_status bs_attn_rows(const struct bs_attn_args *whole, const struct attn_io *io, int64_t b,
                              int64_t t0, int64_t nq, const int32_t *sel, cudaStream_t stream) {
    struct bs_attn_args a = *whole;
    const int64_t N = a.N, L = a.q_len, Hq = a.Hq, Hkv = a.Hkv, d = a.d;
    a.q = static_cast<const char *>(io->q) + (size_t)((b * L + t0) * Hq * d) * 2;
    a.o = static_cast<char *>(io->o) + (size_t)((b * L + t0) * Hq * d) * 2;
    a.k = static_cast<const char *>(io->k) + (size_t)(b * N * Hkv * d) * 2;
    a.v = static_cast<const char *>(io->v) + (size_t)(b * N * Hkv * d) * 2;
    a.sel = sel;
    a.q_len = nq;
    a.q_off = N - L + t0;
    return bs_attn_launch(&a, stream);
}
