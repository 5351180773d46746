/* msa_topk.cu - exp-free Top-k of MSA (SPEC §2.1 step 3) on raw block scores.
 *
 * Row (b, r, t): candidates are the visible blocks other than the local block
 * floor(pos / Bk) (causal: blocks 0 .. local - 1; else every other block).
 * Each candidate becomes one 64-bit key, (order-preserving bits of the score)
 * << 32 | (2^32 - 1 - block id), so a plain max picks the higher score and,
 * on ties, the smaller id; NaN never ranks.  k - 1 rounds each take the row
 * max over the NT threads of the row; only the thread that owned the winner
 * rescans its strided share, for its best key below the winner.  The output
 * row is the ranked blocks best first, the local block, then -1 padding.
 *
 * The row lives in registers (PER keys a thread): a warp per row (8 rows a
 * CTA) up to 256 and up to 1024 entries, a CTA of 128 threads up to 4096 and
 * of 256 up to 8192 (one barrier a round); beyond, a CTA of 256 whose owner
 * rescans its share from memory.  Cost: one pass over the row, then (k-1) x
 * (log2 NT shuffles + one register sweep).  v1 (global rescans, CTA per row
 * from 256 up): 4.67 ms at N = 128K (paper point, NVIDIA H100 80GB HBM3);
 * v2 (registers): 4.70 ms at 128K, 19.3 ms at 256K (v1 14.1), 174 ms at 1M
 * (v1 185), decode N = 1M 0.024 ms (v1 0.046).  The prediction (global
 * rescans dominate) was wrong at 128K: the floor is ~0.35 ms (1 GiB of scores
 * read); the cost is the latency chain of 15 rounds (64-bit shuffle trees and
 * the owner's serial sweep).  torch topk + bookkeeping, same call: 13.9 ms.
 *
 * v3 (threshold select, below; same output bit for bit): the K = k - 1 <= 16
 * best of a warp's chunk are among the entries whose word is >= the K-th best
 * of the 32 lane maxima (~K / ln 2 = 22 survivors for iid scores, whatever the
 * row length); they go through shared memory, one per lane, into a 32-lane
 * bitonic sort; chunks and warps are folded by bitonic merges.  No serial
 * rounds: one pass over the row, two sorts of 15 steps, a scan.  Versions at
 * run time (msa_cuda_set_topk_version): 2, 3 (16-byte loads, the default),
 * 4 (4-byte loads), 5 (as 4, 80-register cap).  NVIDIA H100 80GB HBM3, paper
 * point, all versions in one process (test_gpu_bench_msa topk), topk ms:
 *            v2       v3      v4      v5
 *   128K    4.891    0.734   0.822   0.734   (v3 6.7x; paper's H800 0.779)
 *   256K   19.29     2.357   2.661   2.452   (8.2x)
 *   1M    175.5     29.67   33.12   31.60    (5.9x)
 *   decode 1M q=1  0.0232 0.0097 0.0101 0.0098; q=8 0.0237 0.0104 0.0109 0.0105
 * Predicted 0.5-0.8 ms at 128K (~700 instructions a row, near the 0.32 ms
 * floor of 1 GiB read), ~20-25 ms at 1M (64 GiB: 20 ms).  The first cut gave
 * 1.17 ms / 68.6 ms (v3) and 1.17 / 52.3 (v4): ~20 instructions an entry
 * (range and NaN tests, argmax for the 64-bit lane keys), 128 registers, and
 * 14337 bisections at 128K for v3 alone: rows of 33..60 candidates fill fewer
 * than K lanes with 16-byte loads, so every entry survived.  Now: ~11 an entry
 * (causal rows test only the row end; NaN caught by the lane's min/max; a
 * 32-bit word threshold), a second batch of 32 survivors before bisecting,
 * one warp a row chunk after chunk in big launches: 0 bisections at the
 * paper point, 0.734 ms, 2.3x the floor; 1M 1.5x its floor.
 *
 * a.pdl (decode_fp8_pdl): launched by programmatic dependent launch, every
 * kernel lets its successor be scheduled and then waits (common/cuda_pdl.cuh)
 * as its first statements, before any read of the scores or write of sel; a
 * no-op branch for every other caller (same registers, no spills: -Xptxas -v).
 * Predicted at decode 1M, B = 1 (H100): ~2-3 us of the ~10 us stage is launch
 * and ramp that now overlaps the index's tail; not yet measured on a GPU. */
#include "common/cuda_check.h"
#include "common/cuda_pdl.cuh"
#include "msa/msa_cuda.h"
#include "msa/msa_kernels.cuh"

#include <limits.h>
#include <math.h>
#include <stdint.h>

namespace {

__device__ __forceinline__ unsigned long long cand_key(float v, int64_t blk) {
    if (v != v)
        return 0ull; /* NaN: never ranked */
    unsigned u = __float_as_uint(v);
    u = (u & 0x80000000u) ? ~u : (u | 0x80000000u);
    return ((unsigned long long)u << 32) | (unsigned long long)(0xffffffffu - (unsigned)blk);
}

__device__ __forceinline__ unsigned long long warp_max64(unsigned long long x) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) {
        const unsigned long long y = __shfl_xor_sync(0xffffffffu, x, o);
        x = y > x ? y : x;
    }
    return x;
}

/* NT threads per row; NT == 32: 8 rows per CTA of 256 threads, else 1 row per CTA of NT. */
template <int NT>
__global__ void __launch_bounds__(NT == 32 ? 256 : NT)
    msa_topk_kernel(msa_topk_args a, int64_t t_lo, int64_t t_n) {
    __shared__ unsigned long long red[2][NT == 32 ? 1 : NT / 32];
    if (a.pdl) { /* decode_fp8_pdl: before any read of the index grid's scores */
        pdl_launch_dependents();
        pdl_wait();
    }
    const int j = threadIdx.x % NT;
    const int64_t row = NT == 32 ? (int64_t)blockIdx.x * 8 + threadIdx.x / 32 : blockIdx.x;
    if (row >= a.B * a.Hkv * t_n)
        return; /* NT == 32: whole warps; NT > 32: whole CTAs */
    const int64_t t = t_lo + row % t_n, br = row / t_n;
    const float *sc = a.scores + (br * a.cq + (t - a.t0)) * a.nb;
    int32_t *out = a.sel + (br * a.q_len + t) * a.k;
    const int64_t pos = a.q_off + t, local = pos / a.bk;
    const int64_t cend = a.causal ? local : a.nb;

    unsigned long long best = 0ull;
    for (int64_t cb = j; cb < cend; cb += NT)
        if (cb != local) {
            const unsigned long long key = cand_key(sc[cb], cb);
            best = key > best ? key : best;
        }
    int n = 0;
    for (; n < a.k - 1; n++) {
        unsigned long long w = warp_max64(best);
        if (NT > 32) {
            if ((threadIdx.x & 31) == 0)
                red[n & 1][threadIdx.x >> 5] = w;
            __syncthreads(); /* red[n & 1] is rewritten two rounds later, after the next barrier */
#pragma unroll
            for (int i = 0; i < NT / 32; i++)
                w = red[n & 1][i] > w ? red[n & 1][i] : w;
        }
        if (w == 0ull)
            break; /* fewer candidates than k - 1 */
        const int64_t win = (int64_t)(0xffffffffu - (unsigned)(w & 0xffffffffull));
        if (j == 0)
            out[n] = (int32_t)win;
        if (win % NT == j) { /* the owner: its best key below the winner */
            best = 0ull;
            for (int64_t cb = j; cb < cend; cb += NT)
                if (cb != local) {
                    const unsigned long long key = cand_key(sc[cb], cb);
                    if (key < w && key > best)
                        best = key;
                }
        }
    }
    if (j == 0) {
        out[n] = (int32_t)local;
        for (int64_t i = n + 1; i < a.k; i++)
            out[i] = -1;
    }
}

/* Same contract with the row held in registers: PER keys per thread (compile-time
 * indexed), so a round costs the reduction plus one register sweep by the
 * owner, no memory traffic.  Keys are unique, so the owner is the thread whose
 * best equals the winner. */
template <int NT, int PER>
__global__ void __launch_bounds__(NT == 32 ? 256 : NT)
    msa_topk_reg_kernel(msa_topk_args a, int64_t t_lo, int64_t t_n) {
    __shared__ unsigned long long red[2][NT == 32 ? 1 : NT / 32];
    if (a.pdl) { /* as in msa_topk_kernel */
        pdl_launch_dependents();
        pdl_wait();
    }
    const int j = threadIdx.x % NT;
    const int64_t row = NT == 32 ? (int64_t)blockIdx.x * 8 + threadIdx.x / 32 : blockIdx.x;
    if (row >= a.B * a.Hkv * t_n)
        return;
    const int64_t t = t_lo + row % t_n, br = row / t_n;
    const float *sc = a.scores + (br * a.cq + (t - a.t0)) * a.nb;
    int32_t *out = a.sel + (br * a.q_len + t) * a.k;
    const int64_t pos = a.q_off + t, local = pos / a.bk;
    const int64_t cend = a.causal ? local : a.nb;

    unsigned long long key[PER], best = 0ull;
#pragma unroll
    for (int i = 0; i < PER; i++) {
        const int64_t cb = j + (int64_t)i * NT;
        key[i] = (cb < cend && cb != local) ? cand_key(sc[cb], cb) : 0ull;
        best = key[i] > best ? key[i] : best;
    }
    int n = 0;
    for (; n < a.k - 1; n++) {
        unsigned long long w = warp_max64(best);
        if (NT > 32) {
            if ((threadIdx.x & 31) == 0)
                red[n & 1][threadIdx.x >> 5] = w;
            __syncthreads();
#pragma unroll
            for (int i = 0; i < NT / 32; i++)
                w = red[n & 1][i] > w ? red[n & 1][i] : w;
        }
        if (w == 0ull)
            break;
        if (j == 0)
            out[n] = (int32_t)(0xffffffffu - (unsigned)(w & 0xffffffffull));
        if (best == w) {
            best = 0ull;
#pragma unroll
            for (int i = 0; i < PER; i++) {
                key[i] = key[i] == w ? 0ull : key[i];
                best = key[i] > best ? key[i] : best;
            }
        }
    }
    if (j == 0) {
        out[n] = (int32_t)local;
        for (int64_t i = n + 1; i < a.k; i++)
            out[i] = -1;
    }
}

template <int NT, int PER>
enum attn_status launch_reg(const msa_topk_args *a, int64_t t_lo, int64_t t_n,
                            cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t rows = a->B * a->Hkv * t_n;
    const int64_t grid = NT == 32 ? (rows + 7) / 8 : rows;
    if (rows <= 0)
        return ATTN_OK;
    if (grid > 0x7fffffff) {
        attn_set_error("msa topk: %lld rows is too many for one launch", (long long)rows);
        return ATTN_ERR_UNSUPPORTED;
    }
    CUDA_CHECK(pdl_launch(msa_topk_reg_kernel<NT, PER>, dim3((unsigned)grid),
                          dim3(NT == 32 ? 256 : NT), 0, stream, a->pdl, *a, t_lo, t_n));
cleanup:
    return st;
}

template <int NT>
enum attn_status launch_nt(const msa_topk_args *a, int64_t t_lo, int64_t t_n, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t rows = a->B * a->Hkv * t_n;
    const int64_t grid = NT == 32 ? (rows + 7) / 8 : rows;
    if (rows <= 0)
        return ATTN_OK;
    if (grid > 0x7fffffff) {
        attn_set_error("msa topk: %lld rows is too many for one launch", (long long)rows);
        return ATTN_ERR_UNSUPPORTED;
    }
    CUDA_CHECK(pdl_launch(msa_topk_kernel<NT>, dim3((unsigned)grid), dim3(NT == 32 ? 256 : NT), 0,
                          stream, a->pdl, *a, t_lo, t_n));
cleanup:
    return st;
}

/* ---- v3: threshold select ------------------------------------------------
 * K = k - 1 <= 16 ranked blocks.  A warp takes a chunk of 32 x PER entries of
 * the row (lane-strided; VEC = 4: 16-byte loads of 4 consecutive entries),
 * as 32-bit order-preserving score words in registers (0 = not a candidate).
 * tw = the K-th largest of the 32 lane maxima (raised to the running list's
 * K-th word): at least K words of the chunk are >= tw, so the top K of chunk
 * and list are among the "survivors" >= tw.  Survivors (<= 64; more, rare:
 * ties, a bisection on the 64-bit key finds a threshold with K..64) go
 * through shared memory to one lane each, a 32-lane bitonic sort (two and a
 * merge above 32) keeps the best, and a bitonic merge (5 steps) folds them
 * into the warp's running list.  Rows above 1024 entries: several chunks a
 * warp, and W warps a row in small launches (decode), merged in a tree. */
__device__ unsigned long long g_topk_overflow; /* chunks with > 32 survivors (diagnostic) */

typedef unsigned long long u64;

/* Order-preserving word of a score (larger score, larger word; cand_key's high
 * half) without its NaN test, done per lane in the kernel: -inf and +inf map to
 * WORD_NINF and WORD_PINF, NaN outside [WORD_NINF, WORD_PINF]. */
__device__ __forceinline__ unsigned raw_word(float v) {
    const unsigned b = __float_as_uint(v);
    return b ^ ((unsigned)((int)b >> 31) | 0x80000000u);
}
constexpr unsigned WORD_NINF = 0x007fffffu, WORD_PINF = 0xff800000u;

/* Bitonic sort of one word per lane, descending over the lane index. */
__device__ __forceinline__ unsigned sort32_desc_u32(unsigned x, int lane) {
#pragma unroll
    for (int size = 2; size <= 32; size <<= 1)
#pragma unroll
        for (int j = size >> 1; j > 0; j >>= 1) {
            const unsigned y = __shfl_xor_sync(0xffffffffu, x, j);
            const bool keep_max = ((lane & size) == 0) == ((lane & j) == 0);
            x = keep_max ? max(x, y) : min(x, y);
        }
    return x;
}

__device__ __forceinline__ u64 max64(u64 x, u64 y) {
    return x > y ? x : y;
}
__device__ __forceinline__ u64 min64(u64 x, u64 y) {
    return x < y ? x : y;
}

/* Bitonic sort of one key per lane, descending over the lane index. */
__device__ __forceinline__ u64 sort32_desc(u64 x, int lane) {
#pragma unroll
    for (int size = 2; size <= 32; size <<= 1)
#pragma unroll
        for (int j = size >> 1; j > 0; j >>= 1) {
            const u64 y = __shfl_xor_sync(0xffffffffu, x, j);
            const bool keep_max = ((lane & size) == 0) == ((lane & j) == 0);
            x = keep_max ? max64(x, y) : min64(x, y);
        }
    return x;
}

/* Lanes 0..15 of the result: the best 16 of a[0..15] and b[0..15], both sorted
 * descending (a[0..15] then b[15..0] is bitonic: one merge, 5 steps). */
__device__ __forceinline__ u64 merge_desc(u64 a, u64 b, int lane) {
    const u64 br = __shfl_sync(0xffffffffu, b, 31 - lane);
    u64 x = lane < 16 ? a : br;
#pragma unroll
    for (int j = 16; j > 0; j >>= 1) {
        const u64 y = __shfl_xor_sync(0xffffffffu, x, j);
        x = (lane & j) == 0 ? max64(x, y) : min64(x, y);
    }
    return x;
}

/* Entries of the lane with key >= th (key 0, no candidate, never counts). */
template <int PER, int VEC>
__device__ __forceinline__ int count_ge(const unsigned (&u)[PER], u64 th, int lb) {
    const unsigned tu = (unsigned)(th >> 32);
    const int to = tu ? (int)(0xffffffffu - (unsigned)(th & 0xffffffffull)) - lb : INT_MIN;
    int c = 0;
#pragma unroll
    for (int i = 0; i < PER; i++) {
        const int o = 32 * VEC * (i / VEC) + i % VEC;
        c += (u[i] > tu || (u[i] == tu && o <= to)) ? 1 : 0;
    }
    return c;
}

/* W warps per row (a CTA of 256 threads holds 8 / W rows), PER entries a lane
 * per chunk, VEC entries a load, MINB CTAs an SM (the register cap). */
template <int W, int PER, int VEC, int MINB>
__global__ void __launch_bounds__(256, MINB)
    msa_topk_v3_kernel(msa_topk_args a, int64_t t_lo, int64_t t_n) {
    constexpr int CH = 32 * PER;
    __shared__ uint2 buf[8][64]; /* survivor keys: low word, score word */
    __shared__ u64 mb[W > 1 ? 8 : 1][32];
    if (a.pdl) { /* as in msa_topk_kernel */
        pdl_launch_dependents();
        pdl_wait();
    }
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, w = warp % W;
    const int64_t row = (int64_t)blockIdx.x * (8 / W) + warp / W;
    const bool active = row < a.B * a.Hkv * t_n;
    if (W == 1 && !active)
        return; /* W > 1: every warp reaches the barriers below */
    const int K = (int)a.k - 1;
    int local = 0, cend = 0, mis = 0;
    const float *base = a.scores;
    int32_t *out = a.sel;
    if (active) {
        const int64_t t = t_lo + row % t_n, br = row / t_n;
        const int64_t off = (br * a.cq + (t - a.t0)) * a.nb;
        local = (int)((a.q_off + t) / a.bk);
        cend = a.causal ? local : (int)a.nb;
        mis = VEC == 4 ? (int)(off & 3) : 0; /* entries before the row in its first 16 bytes */
        base = a.scores + off - mis;
        out = a.sel + (br * a.q_len + t) * a.k;
    }
    const int span = active ? cend + mis : 0; /* positions from base */
    u64 list = 0ull;
    bool have = false;
    for (int c0 = w * CH; c0 < span; c0 += W * CH) {
        /* entry i of the lane is block lb + off(i), off(i) = 32 VEC (i / VEC) + i % VEC
         * a compile-time constant: per-entry tests compare it with per-lane bounds */
        const int lb = c0 + VEC * lane - mis;
        const int hi = cend - lb;
        /* all loads first (addresses clamped into the row: none is predicated, all
         * are in flight together) */
        float v[PER];
        const int last = VEC == 4 ? (span - 1) & ~3 : span - 1;
#pragma unroll
        for (int q = 0; q < PER / VEC; q++) {
            const int e = min(c0 + VEC * (lane + 32 * q), last);
            if constexpr (VEC == 4) { /* may read past the row end: inside the buffer */
                const float4 f = __ldg(reinterpret_cast<const float4 *>(base + e));
                v[4 * q] = f.x, v[4 * q + 1] = f.y, v[4 * q + 2] = f.z, v[4 * q + 3] = f.w;
            } else {
                v[q] = __ldg(base + e);
            }
        }
        /* words, 0 outside the candidates; m = the lane's best word */
        unsigned u[PER], m = 0u;
        if (c0 >= mis && a.causal) { /* usual: only the row end to mask (local == cend) */
            unsigned mn = 0xffffffffu;
#pragma unroll
            for (int i = 0; i < PER; i++) {
                const int o = 32 * VEC * (i / VEC) + i % VEC;
                const unsigned w0 = raw_word(v[i]);
                mn = min(mn, w0);
                u[i] = o < hi ? w0 : 0u;
                m = max(m, u[i]);
            }
            /* NaN maps above +inf or below -inf: a lane that saw one (or junk past
             * the row) masks its words one by one */
            if (m > WORD_PINF || mn < WORD_NINF) {
                m = 0u;
#pragma unroll
                for (int i = 0; i < PER; i++) {
                    u[i] = u[i] - WORD_NINF <= WORD_PINF - WORD_NINF ? u[i] : 0u;
                    m = max(m, u[i]);
                }
            }
        } else { /* the row's first 16 bytes, or non-causal (the local block inside) */
            const int lo = -lb, lc = local - lb;
#pragma unroll
            for (int i = 0; i < PER; i++) {
                const int o = 32 * VEC * (i / VEC) + i % VEC;
                const unsigned w0 = raw_word(v[i]);
                u[i] = (o >= lo && o < hi && o != lc && w0 - WORD_NINF <= WORD_PINF - WORD_NINF)
                           ? w0
                           : 0u;
                m = max(m, u[i]);
            }
        }
        /* Threshold word tw: the K-th best lane word (K lanes hold a word >= it),
         * raised to the list's K-th word.  Survivors u >= tw include the top K of
         * the chunk and the list; usually <= 32 (iid scores: ~K / ln 2).  Above 64,
         * a bisection on the 64-bit key finds th with K..64 survivors (rare). */
        const unsigned tk = __shfl_sync(0xffffffffu, sort32_desc_u32(m, lane), K - 1);
        const unsigned rk = have ? (unsigned)(__shfl_sync(0xffffffffu, list, K - 1) >> 32) : 0u;
        const unsigned tw = max(max(tk, rk), 1u);
        int cnt = 0;
#pragma unroll
        for (int i = 0; i < PER; i++)
            cnt += u[i] >= tw ? 1 : 0;
        int total = __reduce_add_sync(0xffffffffu, cnt);
        bool exact = false;
        u64 th = (u64)tw << 32; /* the same survivors as key >= th */
        if (total > 64) {
            if (lane == 0)
                atomicAdd(&g_topk_overflow, 1ull);
            const unsigned mw = __reduce_max_sync(0xffffffffu, m);
            u64 lo_k = th, hi_k = (((u64)mw << 32) | 0xffffffffull) + 1; /* count > 64, 0 */
            for (;;) {
                const u64 mid = lo_k + (hi_k - lo_k) / 2;
                cnt = count_ge<PER, VEC>(u, mid, lb);
                total = __reduce_add_sync(0xffffffffu, cnt);
                if (total > 64) {
                    lo_k = mid;
                } else if (total >= K) {
                    th = mid;
                    break;
                } else {
                    hi_k = mid;
                }
            }
            exact = true;
        }
        /* each survivor to a slot of shared memory, then one per lane */
        int slot = cnt;
#pragma unroll
        for (int o = 1; o < 32; o <<= 1) {
            const int y = __shfl_up_sync(0xffffffffu, slot, o);
            slot += lane >= o ? y : 0;
        }
        slot -= cnt;
        const unsigned kb = 0xffffffffu - (unsigned)lb; /* low key word of entry i: kb - off(i) */
        if (!exact) {
#pragma unroll
            for (int i = 0; i < PER; i++) {
                const bool p = u[i] >= tw;
                const unsigned o = 32 * VEC * (i / VEC) + i % VEC;
                if (p)
                    buf[warp][slot] = make_uint2(kb - o, u[i]);
                slot += p ? 1 : 0;
            }
        } else {
            const unsigned tu = (unsigned)(th >> 32);
            const int to = tu ? (int)(0xffffffffu - (unsigned)(th & 0xffffffffull)) - lb : INT_MIN;
#pragma unroll
            for (int i = 0; i < PER; i++) {
                const int o = 32 * VEC * (i / VEC) + i % VEC;
                const bool p = u[i] > tu || (u[i] == tu && o <= to);
                if (p)
                    buf[warp][slot] = make_uint2(kb - (unsigned)o, u[i]);
                slot += p ? 1 : 0;
            }
        }
        __syncwarp();
        uint2 y = lane < total ? buf[warp][lane] : make_uint2(0u, 0u);
        u64 x = sort32_desc(((u64)y.y << 32) | y.x, lane);
        if (total > 32) { /* a second batch of up to 32 */
            y = 32 + lane < total ? buf[warp][32 + lane] : make_uint2(0u, 0u);
            x = merge_desc(x, sort32_desc(((u64)y.y << 32) | y.x, lane), lane);
        }
        __syncwarp(); /* reads done before the next chunk writes */
        list = have ? merge_desc(list, x, lane) : x;
        have = true;
    }
    if (W > 1) { /* tree merge of the W lists of a row */
#pragma unroll
        for (int step = 1; step < W; step <<= 1) {
            if ((w & (2 * step - 1)) == step)
                mb[warp][lane] = list;
            __syncthreads(); /* each slot is written once, read once after this barrier */
            if ((w & (2 * step - 1)) == 0)
                list = merge_desc(list, mb[warp + step][lane], lane);
        }
    }
    if (!active || w != 0)
        return;
    const int nv = __popc(__ballot_sync(0xffffffffu, lane < K && list != 0ull));
    if (lane < (int)a.k)
        out[lane] = lane < nv    ? (int32_t)(0xffffffffu - (unsigned)(list & 0xffffffffull))
                    : lane == nv ? (int32_t)local
                                 : -1;
}

template <int W, int PER, int VEC, int MINB>
enum attn_status launch_v3(const msa_topk_args *a, int64_t t_lo, int64_t t_n, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int64_t rows = a->B * a->Hkv * t_n, per_cta = 8 / W;
    const int64_t grid = (rows + per_cta - 1) / per_cta;
    if (rows <= 0)
        return ATTN_OK;
    if (grid > 0x7fffffff) {
        attn_set_error("msa topk: %lld rows is too many for one launch", (long long)rows);
        return ATTN_ERR_UNSUPPORTED;
    }
    CUDA_CHECK(pdl_launch(msa_topk_v3_kernel<W, PER, VEC, MINB>, dim3((unsigned)grid), dim3(256), 0,
                          stream, a->pdl, *a, t_lo, t_n));
cleanup:
    return st;
}

/* Row classes by entries: 256, 512, 1024 (a warp, one chunk), 2048, 4096, more
 * (2, 4, 8 warps, several chunks each beyond 8192).  Launches of many rows
 * (prefill) keep one warp a row whatever its length, chunk after chunk: no
 * idle warps at the tail of a row and no barriers. */
template <int VEC, int MINB>
enum attn_status launch_v3_class(int cls, const msa_topk_args *a, int64_t t_lo, int64_t t_n,
                                 cudaStream_t stream) {
    if (cls > 2 && a->B * a->Hkv * t_n >= 16384)
        cls = 2;
    switch (cls) {
    case 0:
        return launch_v3<1, 8, VEC, MINB>(a, t_lo, t_n, stream);
    case 1:
        return launch_v3<1, 16, VEC, MINB>(a, t_lo, t_n, stream);
    case 2:
        return launch_v3<1, 32, VEC, MINB>(a, t_lo, t_n, stream);
    case 3:
        return launch_v3<2, 32, VEC, MINB>(a, t_lo, t_n, stream);
    case 4:
        return launch_v3<4, 32, VEC, MINB>(a, t_lo, t_n, stream);
    default:
        return launch_v3<8, 32, VEC, MINB>(a, t_lo, t_n, stream);
    }
}

enum attn_status launch_v2_class(int cls, const msa_topk_args *a, int64_t t_lo, int64_t t_n,
                                 cudaStream_t stream) {
    switch (cls) {
    case 0:
        return launch_reg<32, 8>(a, t_lo, t_n, stream);
    case 1:
        return launch_reg<32, 32>(a, t_lo, t_n, stream);
    case 2:
        return launch_reg<128, 32>(a, t_lo, t_n, stream);
    case 3:
        return launch_reg<256, 32>(a, t_lo, t_n, stream);
    default:
        return launch_nt<256>(a, t_lo, t_n, stream);
    }
}

/* Score entries a row scans (candidates, plus the local block when non-causal). */
int64_t n_elem(const msa_topk_args *a, int64_t t) {
    const int64_t local = (a->q_off + t) / a->bk;
    return a->causal ? local : a->nb;
}

int g_version = 3;

} /* namespace */

enum attn_status msa_topk_launch(const struct msa_topk_args *a, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    /* Rows whose scanned entries fall in (lim[i-1], lim[i]] use class i; causal
     * rows grow with t, so each class is one range of t. */
    static const int64_t lim2[5] = {256, 1024, 4096, 8192, INT64_MAX};
    static const int64_t lim3[6] = {256, 512, 1024, 2048, 4096, INT64_MAX};
    if (a->k < 1 || a->k > 0x7fffffff) {
        attn_set_error("msa topk: k = %lld out of range", (long long)a->k);
        return ATTN_ERR_INVALID;
    }
    const int ver = msa_topk_version_for(a->k, a->nb, ((uintptr_t)a->scores & 15) == 0);
    const int64_t *lim = ver == 2 ? lim2 : lim3;
    const int ncls = ver == 2 ? 5 : 6;
    int64_t t = a->t0;
    const int64_t t_end = a->t0 + a->nt;
    for (int i = 0; i < ncls && t < t_end; i++) {
        int64_t u = t;
        while (u < t_end && n_elem(a, u) <= lim[i]) {
            /* jump to the next query block: the count changes once per block */
            const int64_t next_block_row = ((a->q_off + u) / a->bk + 1) * a->bk - a->q_off;
            u = next_block_row > u + 1 ? next_block_row : u + 1;
        }
        if (u > t_end)
            u = t_end;
        if (u > t) {
            st = ver == 2   ? launch_v2_class(i, a, t, u - t, stream)
                 : ver == 3 ? launch_v3_class<4, 2>(i, a, t, u - t, stream)
                 : ver == 4 ? launch_v3_class<1, 2>(i, a, t, u - t, stream)
                            : launch_v3_class<1, 3>(i, a, t, u - t, stream);
            if (st != ATTN_OK)
                return st;
        }
        t = u;
    }
    return st;
}

int msa_topk_version_for(int64_t k, int64_t nb, bool aligned16) {
    /* v3 needs 1 <= k - 1 <= 16 (two lists of k - 1 in one warp) and int ids */
    if (k < 2 || k > 17 || nb > 0x3fffffff)
        return 2;
    if (g_version == 3 && !aligned16)
        return 4; /* 16-byte loads need 16-byte aligned rows' base */
    return g_version;
}

extern "C" enum attn_status msa_cuda_set_topk_version(int version) {
    if (version < 2 || version > 5) {
        attn_set_error("msa topk: no version %d (2 to 5)", version);
        return ATTN_ERR_INVALID;
    }
    g_version = version;
    return ATTN_OK;
}

extern "C" int msa_cuda_topk_version(void) {
    return g_version;
}

extern "C" enum attn_status msa_cuda_topk_overflows(unsigned long long *n) {
    enum attn_status st = ATTN_OK;
    const unsigned long long zero = 0;
    *n = 0;
    CUDA_CHECK(cudaDeviceSynchronize());
    CUDA_CHECK(cudaMemcpyFromSymbol(n, g_topk_overflow, sizeof *n));
    CUDA_CHECK(cudaMemcpyToSymbol(g_topk_overflow, &zero, sizeof zero));
cleanup:
    return st;
}
