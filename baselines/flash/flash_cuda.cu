/* flash_cuda.cu - exact dense attention, fused (FlashAttention-2 style), bf16.
 *
 * variant "mma_v1": one kernel template, mma.sync.m16n8k16 bf16 tensor-core MMAs with
 * fp32 accumulation and online softmax (exp2 domain, max-subtracted), P rounded to
 * bf16 for the P.V product, output normalized at the end and stored as bf16.
 *   - CTA = 4 warps, BM = 128 query rows, BN = 64 keys per tile, d in {64, 128}.
 *     Prefill: each warp owns 32 query rows (two 16-row MMA tiles), so every K/V
 *     fragment read from shared memory feeds two MMAs.
 *   - K/V tiles stream through shared memory with cp.async (16-byte copies, zero-fill
 *     past the end), double-buffered in prefill, 4 stages deep in decode; rows are
 *     XOR-swizzled in 16-byte chunks so ldmatrix reads are bank-conflict free.
 *   - Q is re-read from shared memory every tile (no room left in registers next to
 *     the 32x128 fp32 accumulator); the output goes through shared memory to 16-byte
 *     coalesced stores.
 *   - Prefill: one CTA per (batch, query block of 128, query head), the grid ordered
 *     heads fastest and heaviest (latest) causal blocks first, so CTAs that run
 *     together share K/V in L2.  Causal masking only on tiles that cross the diagonal.
 *   - Decode (q_len 1..8): split-KV flash-decoding.  A CTA takes the G query heads of
 *     one KV group times the q_len queries as its rows (G*q_len <= 128) and a chunk of
 *     the keys (one wave of CTAs), so K/V are read from memory once per group; with
 *     <= 64 rows the four warps also split each tile's keys and merge their softmax
 *     states in shared memory; each split writes an fp32 partial output and its
 *     log-sum-exp, and a merge kernel combines the splits.
 * Difference from the previous version (v1 of run 1): decode warps split keys instead of
 * one warp doing all the MMAs for <= 32 rows (1.16 -> 0.72 ms at 1M).
 *
 * Measured on NVIDIA H100 80GB HBM3 (results/gpu/NOTES.md, torch 2.11 in the same call),
 * B=1, Hq=32, Hkv=4, d=128, causal:
 *   prefill N=16K/32K/64K/128K: 309/315/316/313 TFLOP/s
 *                   torch FA2:  337/355/326/325 (ours 0.89-0.97x);  cuDNN: 573-630
 *   prefill N=32K d=64: 279 TFLOP/s (FA2 312)
 *   decode N=1M q_len=1: 0.718 ms = 2.99 TB/s (FA2 0.797 ms, cuDNN 0.744 ms); q_len=8: 0.755 ms
 */
#include "alloc.h"
#include "common/cuda_check.h"
#include "device.h"

#include <cuda_bf16.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

namespace {

constexpr int NW = 4;            /* warps per CTA */
constexpr int MT = 2;            /* 16-row MMA tiles per warp */
constexpr int BM = NW * 16 * MT; /* query rows per CTA */
constexpr int BN = 64;           /* keys per tile */
constexpr int NTHREADS = NW * 32;
constexpr int PREFILL_STAGES = 2, DECODE_STAGES = 4;

struct fl_args {
    const __nv_bfloat16 *q, *k, *v;
    __nv_bfloat16 *o;
    float *part_o, *part_lse; /* decode: [B*q_len*Hq, splits, d] and [B*q_len*Hq, splits] */
    long long N, q_len;
    int Hq, Hkv, G, causal;
    float scale_log2; /* log2(e) / sqrt(d) */
    int num_mb;       /* prefill: query blocks */
    int splits, tiles_per_split;
};

__device__ __forceinline__ uint32_t smem_u32(const void *p) {
    return (uint32_t)__cvta_generic_to_shared(p);
}

/* 16-byte async copy global->shared; zero-fills when !valid (src is not read). */
__device__ __forceinline__ void cp_async16(uint32_t dst, const void *src, bool valid) {
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(dst), "l"(src),
                 "r"(valid ? 16 : 0));
}
__device__ __forceinline__ void cp_commit() {
    asm volatile("cp.async.commit_group;\n" ::);
}
template <int N> __device__ __forceinline__ void cp_wait() {
    asm volatile("cp.async.wait_group %0;\n" ::"n"(N));
}

__device__ __forceinline__ void ldsm_x4(uint32_t (&r)[4], uint32_t addr) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                 : "r"(addr));
}
__device__ __forceinline__ void ldsm_x4_t(uint32_t (&r)[4], uint32_t addr) {
    asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
                 : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
                 : "r"(addr));
}

/* d[4] += a(16x16, row) * b(16x8, col), bf16 in, fp32 accumulate. */
__device__ __forceinline__ void mma16816(float (&d)[4], const uint32_t (&a)[4], uint32_t b0,
                                         uint32_t b1) {
    asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                 "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                 : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                 : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

__device__ __forceinline__ uint32_t pack_bf16(float lo, float hi) {
    __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
    return *reinterpret_cast<uint32_t *>(&v);
}

/* Byte offset of 16-byte chunk `ch` of row `row` in a tile of D-element rows. */
template <int D> __device__ __forceinline__ uint32_t swz(int row, int ch) {
    return (uint32_t)(row * (D * 2) + ((ch ^ (row & 7)) << 4));
}

/* Copies BN rows of K or V (rows j0.., KV head hk) into a swizzled tile. */
template <int D>
__device__ __forceinline__ void load_kv_tile(uint32_t s, const __nv_bfloat16 *base, long long j0,
                                             long long N, int Hkv, int tid) {
    constexpr int CH = D / 8;
    for (int i = tid; i < BN * CH; i += NTHREADS) {
        const int r = i / CH, c = i % CH;
        const long long j = j0 + r;
        const bool ok = j < N;
        cp_async16(s + swz<D>(r, c), base + (ok ? j : 0) * Hkv * D + c * 8, ok);
    }
}

/* Query row r of this CTA -> (query index t, query head h). */
struct row_map {
    long long m0; /* prefill: first query index */
    int h;        /* prefill: the head */
    int hk, G;    /* decode: the group */
    __device__ __forceinline__ void get(bool decode, int r, long long &t, int &hh) const {
        if (decode) {
            t = r / G;
            hh = hk * G + r % G;
        } else {
            t = m0 + r;
            hh = h;
        }
    }
};

/* Work split of one CTA: the 4 warps form RG row groups x KG = 4/RG key groups.  Warp w
 * holds rows (w % RG)*16*MTT .. +16*MTT-1 and, of each 64-key tile, keys
 * (w / RG)*KW .. +KW-1 (KW = 64/KG).
 *   prefill: rows = 128 query positions of one head; RG = 4, MTT = 2 (32 rows a warp).
 *   decode : rows = G*q_len of one KV group (<= 128).  Few rows: RG = 1 or 2, so the
 *            warps share each tile's keys; their partial softmax states are merged
 *            through shared memory at the end (the MMA work per tile is what limits a
 *            decode CTA: a single warp on a whole tile cannot keep up with memory). */
template <int D, bool DECODE, int MTT, int RG, int STAGES>
__global__ void __launch_bounds__(NTHREADS, DECODE ? 1 : 2) flash_fwd(const fl_args a) {
    constexpr int KG = NW / RG;
    constexpr int CH = D / 8;
    constexpr int KVB = BN * D * 2; /* bytes of one K or V tile */
    constexpr int KW = BN / KG;     /* keys per warp per tile */
    static_assert(KW % 16 == 0 && RG * KG == NW, "warp split");
    extern __shared__ __align__(128) unsigned char smem[];
    const uint32_t sQ = smem_u32(smem);
    const uint32_t sKV = sQ + BM * D * 2; /* stage s: K at +2*s*KVB, V at +(2*s+1)*KVB */
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int N = (int)a.N, q_len = (int)a.q_len; /* <= 2^24 (attn_shape_check) */
    const int rbase = (warp % RG) * 16 * MTT;     /* this warp's first row */
    const int koff = (warp / RG) * KW;            /* this warp's first key in a tile */

    /* ---- which rows and which keys this CTA owns ---- */
    row_map rm;
    long long b;
    int hk, t_begin, t_end, split = 0, min_pos, n_rows;
    if (!DECODE) {
        long long idx = blockIdx.x;
        rm.h = (int)(idx % a.Hq);
        idx /= a.Hq;
        const int mb = a.num_mb - 1 - (int)(idx % a.num_mb);
        b = idx / a.num_mb;
        rm.m0 = (long long)mb * BM;
        hk = rm.h / a.G;
        n_rows = q_len - (int)rm.m0 < BM ? q_len - (int)rm.m0 : BM;
        min_pos = N - q_len + (int)rm.m0;
        const int max_pos = min_pos + n_rows - 1;
        const int key_end = a.causal ? (max_pos + 1 < N ? max_pos + 1 : N) : N;
        t_begin = 0;
        t_end = (key_end + BN - 1) / BN;
    } else {
        split = blockIdx.x;
        hk = blockIdx.y;
        b = blockIdx.z;
        rm.m0 = 0;
        rm.h = 0;
        n_rows = a.G * q_len;
        min_pos = N - q_len;
        const int n_tiles = (N + BN - 1) / BN;
        t_begin = split * a.tiles_per_split;
        t_end = t_begin + a.tiles_per_split < n_tiles ? t_begin + a.tiles_per_split : n_tiles;
    }
    rm.hk = hk;
    rm.G = a.G;
    const __nv_bfloat16 *kb = a.k + (b * N * a.Hkv + hk) * D;
    const __nv_bfloat16 *vb = a.v + (b * N * a.Hkv + hk) * D;

    /* ---- prologue: Q tile and the first STAGES-1 K/V tiles ---- */
    for (int i = tid; i < BM * CH; i += NTHREADS) {
        const int r = i / CH, c = i % CH;
        long long t;
        int hh;
        rm.get(DECODE, r, t, hh);
        const bool ok = r < n_rows;
        const __nv_bfloat16 *src = a.q + (ok ? ((b * q_len + t) * a.Hq + hh) * D + c * 8 : 0);
        cp_async16(sQ + swz<D>(r, c), src, ok);
    }
#pragma unroll
    for (int s = 0; s < STAGES - 1; s++) {
        if (t_begin + s < t_end) {
            load_kv_tile<D>(sKV + 2 * s * KVB, kb, (long long)(t_begin + s) * BN, N, a.Hkv, tid);
            load_kv_tile<D>(sKV + (2 * s + 1) * KVB, vb, (long long)(t_begin + s) * BN, N, a.Hkv,
                            tid);
        }
        cp_commit();
    }

    /* ---- per-thread state: rows rbase + mi*16 + (lane>>2) + 8*hi ---- */
    float o[MTT][D / 8][4];
    float m_i[MTT][2], l_i[MTT][2];
    int pos[MTT][2];
#pragma unroll
    for (int mi = 0; mi < MTT; mi++) {
#pragma unroll
        for (int n = 0; n < D / 8; n++)
            o[mi][n][0] = o[mi][n][1] = o[mi][n][2] = o[mi][n][3] = 0.f;
#pragma unroll
        for (int hi = 0; hi < 2; hi++) {
            m_i[mi][hi] = -INFINITY;
            l_i[mi][hi] = 0.f;
            long long t;
            int hh;
            rm.get(DECODE, rbase + mi * 16 + (lane >> 2) + 8 * hi, t, hh);
            pos[mi][hi] = N - q_len + (int)t;
        }
    }
    const bool warp_active = rbase < n_rows;
    const float sl = a.scale_log2;
    /* ldmatrix offsets at k-step 0; the swizzle makes chunk 2*kc+x land at
     * (2*kc) ^ (x ^ row&7), so step kc is offset ^ (kc << 5): one XOR, no register
     * per step (tile rows are 128 or 256 bytes, stage bases 256-byte multiples). */
    const uint32_t q_off = swz<D>(rbase + (lane & 15), lane >> 4);
    const uint32_t k_off = swz<D>(koff + (lane & 7) + ((lane >> 4) << 3), (lane >> 3) & 1);
    const uint32_t v_off = swz<D>(koff + (lane & 7) + (((lane >> 3) & 1) << 3), lane >> 4);

    for (int it = t_begin; it < t_end; it++) {
        cp_wait<STAGES - 2>();
        __syncthreads(); /* tile `it` landed for all; stage of tile it-1 is free */
        {
            const int nt = it + STAGES - 1;
            if (nt < t_end) {
                const int st = (nt - t_begin) % STAGES;
                load_kv_tile<D>(sKV + 2 * st * KVB, kb, (long long)nt * BN, N, a.Hkv, tid);
                load_kv_tile<D>(sKV + (2 * st + 1) * KVB, vb, (long long)nt * BN, N, a.Hkv, tid);
            }
            cp_commit();
        }
        if (!warp_active)
            continue;
        const int st = (it - t_begin) % STAGES;
        const uint32_t sK = sKV + 2 * st * KVB, sV = sK + KVB;

        /* S = Q K^T over this warp's rows and keys */
        float s[MTT][KW / 8][4];
#pragma unroll
        for (int mi = 0; mi < MTT; mi++)
#pragma unroll
            for (int n = 0; n < KW / 8; n++)
                s[mi][n][0] = s[mi][n][1] = s[mi][n][2] = s[mi][n][3] = 0.f;
#pragma unroll
        for (int kc = 0; kc < D / 16; kc++) {
            uint32_t qa[MTT][4];
#pragma unroll
            for (int mi = 0; mi < MTT; mi++)
                ldsm_x4(qa[mi], sQ + ((q_off + mi * 16 * D * 2) ^ (kc << 5)));
#pragma unroll
            for (int np = 0; np < KW / 16; np++) {
                uint32_t kf[4];
                ldsm_x4(kf, sK + ((k_off + np * 16 * D * 2) ^ (kc << 5)));
#pragma unroll
                for (int mi = 0; mi < MTT; mi++) {
                    mma16816(s[mi][2 * np], qa[mi], kf[0], kf[1]);
                    mma16816(s[mi][2 * np + 1], qa[mi], kf[2], kf[3]);
                }
            }
        }

        /* mask: keys past the end, and (causal) keys after the query's position */
        const int j0 = it * BN;
        if (j0 + BN > N || (a.causal && j0 + BN - 1 > min_pos)) {
#pragma unroll
            for (int mi = 0; mi < MTT; mi++)
#pragma unroll
                for (int n = 0; n < KW / 8; n++)
#pragma unroll
                    for (int e = 0; e < 4; e++) {
                        const int j = j0 + koff + n * 8 + 2 * (lane & 3) + (e & 1);
                        if (j >= N || (a.causal && j > pos[mi][e >> 1]))
                            s[mi][n][e] = -INFINITY;
                    }
        }

        /* online softmax (log2 domain) */
#pragma unroll
        for (int mi = 0; mi < MTT; mi++)
#pragma unroll
            for (int hi = 0; hi < 2; hi++) {
                float mx = -INFINITY;
#pragma unroll
                for (int n = 0; n < KW / 8; n++)
                    mx = fmaxf(mx, fmaxf(s[mi][n][2 * hi], s[mi][n][2 * hi + 1]));
                mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
                mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
                const float m_new = fmaxf(m_i[mi][hi], mx * sl);
                const float m_use = m_new == -INFINITY ? 0.f : m_new; /* fully masked row */
                const float corr = exp2f(m_i[mi][hi] - m_use);
                m_i[mi][hi] = m_new;
                float sum = 0.f;
#pragma unroll
                for (int n = 0; n < KW / 8; n++) {
                    const float p0 = exp2f(fmaf(s[mi][n][2 * hi], sl, -m_use));
                    const float p1 = exp2f(fmaf(s[mi][n][2 * hi + 1], sl, -m_use));
                    s[mi][n][2 * hi] = p0;
                    s[mi][n][2 * hi + 1] = p1;
                    sum += p0 + p1;
                }
                l_i[mi][hi] = l_i[mi][hi] * corr + sum;
#pragma unroll
                for (int n = 0; n < D / 8; n++) {
                    o[mi][n][2 * hi] *= corr;
                    o[mi][n][2 * hi + 1] *= corr;
                }
            }

            /* O += P V; P's accumulator layout is the A-operand layout of the next MMA */
#pragma unroll
        for (int kk = 0; kk < KW / 16; kk++) {
            uint32_t pa[MTT][4];
#pragma unroll
            for (int mi = 0; mi < MTT; mi++) {
                pa[mi][0] = pack_bf16(s[mi][2 * kk][0], s[mi][2 * kk][1]);
                pa[mi][1] = pack_bf16(s[mi][2 * kk][2], s[mi][2 * kk][3]);
                pa[mi][2] = pack_bf16(s[mi][2 * kk + 1][0], s[mi][2 * kk + 1][1]);
                pa[mi][3] = pack_bf16(s[mi][2 * kk + 1][2], s[mi][2 * kk + 1][3]);
            }
#pragma unroll
            for (int dp = 0; dp < D / 16; dp++) {
                uint32_t vf[4];
                ldsm_x4_t(vf, sV + ((v_off + kk * 16 * D * 2) ^ (dp << 5)));
#pragma unroll
                for (int mi = 0; mi < MTT; mi++) {
                    mma16816(o[mi][2 * dp], pa[mi], vf[0], vf[1]);
                    mma16816(o[mi][2 * dp + 1], pa[mi], vf[2], vf[3]);
                }
            }
        }
    }
    cp_wait<0>();

    /* ---- epilogue ---- */
#pragma unroll
    for (int mi = 0; mi < MTT; mi++)
#pragma unroll
        for (int hi = 0; hi < 2; hi++) {
            l_i[mi][hi] += __shfl_xor_sync(0xffffffffu, l_i[mi][hi], 1);
            l_i[mi][hi] += __shfl_xor_sync(0xffffffffu, l_i[mi][hi], 2);
        }
    if (!DECODE) {
        /* normalize, stage the bf16 tile in the Q buffer (each warp only ever read
         * its own Q rows), then 16-byte coalesced stores */
        if (warp_active) {
#pragma unroll
            for (int mi = 0; mi < MTT; mi++)
#pragma unroll
                for (int hi = 0; hi < 2; hi++) {
                    const float inv = l_i[mi][hi] > 0.f ? 1.f / l_i[mi][hi] : 0.f;
                    const int r = rbase + mi * 16 + (lane >> 2) + 8 * hi;
#pragma unroll
                    for (int n = 0; n < D / 8; n++) {
                        const uint32_t v =
                            pack_bf16(o[mi][n][2 * hi] * inv, o[mi][n][2 * hi + 1] * inv);
                        asm volatile(
                            "st.shared.b32 [%0], %1;\n" ::"r"(sQ + swz<D>(r, n) + 4 * (lane & 3)),
                            "r"(v));
                    }
                }
        }
        __syncthreads();
        for (int i = tid; i < BM * CH; i += NTHREADS) {
            const int r = i / CH, c = i % CH;
            if (r >= n_rows)
                continue;
            uint4 v;
            asm volatile("ld.shared.v4.b32 {%0,%1,%2,%3}, [%4];\n"
                         : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                         : "r"(sQ + swz<D>(r, c)));
            *reinterpret_cast<uint4 *>(a.o + ((b * q_len + rm.m0 + r) * a.Hq + rm.h) * D + c * 8) =
                v;
        }
    } else if (KG == 1) {
        if (!warp_active)
            return;
#pragma unroll
        for (int mi = 0; mi < MTT; mi++)
#pragma unroll
            for (int hi = 0; hi < 2; hi++) {
                const int r = rbase + mi * 16 + (lane >> 2) + 8 * hi;
                if (r >= n_rows)
                    continue;
                long long t;
                int hh;
                rm.get(true, r, t, hh);
                const long long row = (b * q_len + t) * a.Hq + hh;
                const float l = l_i[mi][hi];
                const float inv = l > 0.f ? 1.f / l : 0.f;
                float *po = a.part_o + (row * a.splits + split) * D;
#pragma unroll
                for (int n = 0; n < D / 8; n++)
                    *reinterpret_cast<float2 *>(po + n * 8 + 2 * (lane & 3)) =
                        make_float2(o[mi][n][2 * hi] * inv, o[mi][n][2 * hi + 1] * inv);
                if ((lane & 3) == 0)
                    a.part_lse[row * a.splits + split] =
                        l > 0.f ? m_i[mi][hi] + log2f(l) : -INFINITY;
            }
    } else {
        /* KG > 1: merge the key groups' (m, l, O) of each row through shared memory:
         * m and l in the Q buffer, unnormalized O [warp][row][D] fp32 over the K/V stages. */
        constexpr int R = 16 * MTT;
        static_assert(NW * R * D * 4 <= STAGES * 2 * KVB, "merge scratch must fit the stages");
        float *sm_m = reinterpret_cast<float *>(smem);
        float *sm_l = sm_m + NW * R;
        float *sm_o = reinterpret_cast<float *>(smem + BM * D * 2);
        __syncthreads(); /* every warp is done with Q and the K/V stages */
#pragma unroll
        for (int mi = 0; mi < MTT; mi++)
#pragma unroll
            for (int hi = 0; hi < 2; hi++) {
                const int r = mi * 16 + (lane >> 2) + 8 * hi; /* within the warp's rows */
                if ((lane & 3) == 0) {
                    sm_m[warp * R + r] = m_i[mi][hi];
                    sm_l[warp * R + r] = l_i[mi][hi];
                }
#pragma unroll
                for (int n = 0; n < D / 8; n++)
                    *reinterpret_cast<float2 *>(sm_o + (warp * R + r) * D + n * 8 +
                                                2 * (lane & 3)) =
                        make_float2(o[mi][n][2 * hi], o[mi][n][2 * hi + 1]);
            }
        __syncthreads();
        for (int i = tid; i < n_rows * D; i += NTHREADS) {
            const int r = i / D, c = i % D;
            const int rg = r / R, rr = r % R; /* warps rg, rg+RG, ... hold row r */
            float mx = -INFINITY;
#pragma unroll
            for (int kg = 0; kg < KG; kg++)
                mx = fmaxf(mx, sm_m[(rg + kg * RG) * R + rr]);
            float l = 0.f, acc = 0.f;
            if (mx != -INFINITY)
#pragma unroll
                for (int kg = 0; kg < KG; kg++) {
                    const int w = rg + kg * RG;
                    const float f = exp2f(sm_m[w * R + rr] - mx);
                    l += sm_l[w * R + rr] * f;
                    acc += sm_o[(w * R + rr) * D + c] * f;
                }
            long long t;
            int hh;
            rm.get(true, r, t, hh);
            const long long row = (b * q_len + t) * a.Hq + hh;
            a.part_o[(row * a.splits + split) * D + c] = l > 0.f ? acc / l : 0.f;
            if (c == 0)
                a.part_lse[row * a.splits + split] = l > 0.f ? mx + log2f(l) : -INFINITY;
        }
    }
}

/* Combines the splits of one output row: weights 2^(lse_s - max lse). */
template <int D>
__global__ void __launch_bounds__(D)
    flash_merge(const float *part_o, const float *part_lse, __nv_bfloat16 *o, int splits) {
    const long long row = blockIdx.x;
    const int c = threadIdx.x;
    const float *lse = part_lse + row * splits;
    float mx = -INFINITY;
    for (int s = 0; s < splits; s++)
        mx = fmaxf(mx, lse[s]);
    float wsum = 0.f, acc = 0.f;
    if (mx != -INFINITY)
        for (int s = 0; s < splits; s++) {
            const float w = exp2f(lse[s] - mx);
            if (w > 0.f) { /* a split with no visible key wrote no meaningful output */
                wsum += w;
                acc += w * part_o[(row * splits + s) * D + c];
            }
        }
    o[row * D + c] = __float2bfloat16(wsum > 0.f ? acc / wsum : 0.f);
}

/* ---- host side ---- */

struct flash_ctx {
    struct attn_shape s;
    cudaStream_t stream;
    float *part_o, *part_lse;
    int splits, tiles_per_split;
};

template <int D, int STAGES> constexpr size_t smem_bytes() {
    return (size_t)BM * D * 2 + (size_t)STAGES * 2 * BN * D * 2;
}

int sm_count(void) {
    int n = 0;
    if (cudaDeviceGetAttribute(&n, cudaDevAttrMultiProcessorCount, 0) != cudaSuccess || n <= 0) {
        cudaGetLastError();
        n = 132;
    }
    return n;
}

/* Decode split: one full wave of CTAs (decode CTAs per SM: 227 KB / their shared
 * memory), each at least one tile. */
void decode_split(const struct attn_shape *s, int *splits, int *tps) {
    const long long n_tiles = (s->seq_len + BN - 1) / BN;
    const long long ctas = s->batch * s->heads_kv;
    const long long per_sm = s->head_dim == 64 ? 2 : 1;
    long long want = per_sm * sm_count() / ctas;
    if (want < 1)
        want = 1;
    if (want > n_tiles)
        want = n_tiles;
    *tps = (int)((n_tiles + want - 1) / want);
    *splits = (int)((n_tiles + *tps - 1) / *tps);
}

bool fl_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    (void)p;
    const char *w = attn_shape_check(s, NULL);
    if (!w && s->head_dim != 64 && s->head_dim != 128)
        w = "flash cuda: head_dim must be 64 or 128";
    if (!w && s->mode == ATTN_DECODE && attn_group(s) * s->q_len > BM)
        w = "flash cuda decode: heads per group times q_len must be <= 128";
    if (!w && s->seq_len * s->heads_kv * s->head_dim > (1LL << 40))
        w = "flash cuda: tensor too large";
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t fl_workspace(const struct attn_shape *s, const struct attn_params *p) {
    (void)p;
    if (s->mode != ATTN_DECODE)
        return 0;
    int splits, tps;
    decode_split(s, &splits, &tps);
    const size_t rows = (size_t)(s->batch * s->q_len * s->heads_q);
    return rows * (size_t)splits * ((size_t)s->head_dim + 1) * sizeof(float) + 256;
}

template <int D, bool DECODE, int MTT, int RG, int STAGES> cudaError_t set_attr(void) {
    return cudaFuncSetAttribute(flash_fwd<D, DECODE, MTT, RG, STAGES>,
                                cudaFuncAttributeMaxDynamicSharedMemorySize,
                                (int)smem_bytes<D, STAGES>());
}

template <int D> cudaError_t set_smem_attrs(void) {
    cudaError_t e = set_attr<D, false, 2, NW, PREFILL_STAGES>();
    if (e == cudaSuccess)
        e = set_attr<D, true, 1, 1, DECODE_STAGES>();
    if (e == cudaSuccess)
        e = set_attr<D, true, 2, 1, DECODE_STAGES>();
    if (e == cudaSuccess)
        e = set_attr<D, true, 2, 2, DECODE_STAGES>();
    if (e == cudaSuccess)
        e = set_attr<D, true, 2, 4, DECODE_STAGES>();
    return e;
}

enum attn_status fl_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    struct flash_ctx *c = NULL;
    const char *why = NULL;
    if (!fl_supports(s, p, &why)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    c = (struct flash_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->stream = (cudaStream_t)stream;
    if (s->mode == ATTN_DECODE) {
        if (!ws) {
            attn_set_error("flash cuda decode: workspace missing");
            st = ATTN_ERR_INVALID;
            goto cleanup;
        }
        decode_split(s, &c->splits, &c->tiles_per_split);
        c->part_lse = (float *)ws;
        /* partial outputs after the lse array, 256-byte aligned */
        c->part_o =
            (float *)(((uintptr_t)((float *)ws + s->batch * s->q_len * s->heads_q * c->splits) +
                       255) &
                      ~(uintptr_t)255);
    }
    CUDA_CHECK(s->head_dim == 64 ? set_smem_attrs<64>() : set_smem_attrs<128>());
    *ctx = c;
    c = NULL;
cleanup:
    free(c);
    return st;
}

template <int D> cudaError_t launch(const struct flash_ctx *c, const struct attn_io *io) {
    const struct attn_shape *s = &c->s;
    fl_args a;
    a.q = (const __nv_bfloat16 *)io->q;
    a.k = (const __nv_bfloat16 *)io->k;
    a.v = (const __nv_bfloat16 *)io->v;
    a.o = (__nv_bfloat16 *)io->o;
    a.part_o = c->part_o;
    a.part_lse = c->part_lse;
    a.N = s->seq_len;
    a.q_len = s->q_len;
    a.Hq = (int)s->heads_q;
    a.Hkv = (int)s->heads_kv;
    a.G = (int)attn_group(s);
    a.causal = s->causal ? 1 : 0;
    a.scale_log2 = (float)(1.4426950408889634 / sqrt((double)D));
    a.num_mb = (int)((s->q_len + BM - 1) / BM);
    a.splits = c->splits;
    a.tiles_per_split = c->tiles_per_split;
    if (s->mode != ATTN_DECODE) {
        const long long grid = s->batch * a.num_mb * s->heads_q;
        flash_fwd<D, false, 2, NW, PREFILL_STAGES>
            <<<(unsigned)grid, NTHREADS, smem_bytes<D, PREFILL_STAGES>(), c->stream>>>(a);
        return cudaGetLastError();
    }
    /* decode: the fewer the rows, the more ways the warps split each tile's keys */
    const long long rows = s->q_len * a.G;
    const size_t sm = smem_bytes<D, DECODE_STAGES>();
    dim3 grid((unsigned)c->splits, (unsigned)s->heads_kv, (unsigned)s->batch);
    if (rows <= 16)
        flash_fwd<D, true, 1, 1, DECODE_STAGES><<<grid, NTHREADS, sm, c->stream>>>(a);
    else if (rows <= 32)
        flash_fwd<D, true, 2, 1, DECODE_STAGES><<<grid, NTHREADS, sm, c->stream>>>(a);
    else if (rows <= 64)
        flash_fwd<D, true, 2, 2, DECODE_STAGES><<<grid, NTHREADS, sm, c->stream>>>(a);
    else
        flash_fwd<D, true, 2, 4, DECODE_STAGES><<<grid, NTHREADS, sm, c->stream>>>(a);
    cudaError_t e = cudaGetLastError();
    if (e != cudaSuccess)
        return e;
    flash_merge<D><<<(unsigned)(s->batch * s->q_len * s->heads_q), D, 0, c->stream>>>(
        c->part_o, c->part_lse, a.o, c->splits);
    return cudaGetLastError();
}

enum attn_status fl_run(void *ctx, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    const struct flash_ctx *c = (const struct flash_ctx *)ctx;
    CUDA_CHECK(c->s.head_dim == 64 ? launch<64>(c, io) : launch<128>(c, io));
cleanup:
    return st;
}

void fl_free(void *ctx) {
    free(ctx);
}

} /* namespace */

extern "C" const struct attn_impl attn_flash_cuda = {
    ATTN_API_VERSION,
    "flash",
    "cuda",
    "mma_v1",
    "fused dense attention: mma.sync bf16, online softmax, cp.async, split-KV decode",
    ATTN_F_DEVICE,
    fl_supports,
    fl_workspace,
    fl_init,
    fl_run,
    fl_free,
    0,
    nullptr,
    nullptr,
    nullptr,
};
