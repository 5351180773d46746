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
 * the owner's serial sweep).  torch topk + bookkeeping, same call: 13.9 ms. */
#include "common/cuda_check.h"
#include "msa/msa_kernels.cuh"

#include <math.h>

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
__global__ void __launch_bounds__(NT == 32 ? 256 : NT) msa_topk_kernel(msa_topk_args a, int64_t t_lo,
                                                                    int64_t t_n) {
    __shared__ unsigned long long red[2][NT == 32 ? 1 : NT / 32];
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
    msa_topk_reg_kernel<NT, PER><<<(unsigned)grid, NT == 32 ? 256 : NT, 0, stream>>>(*a, t_lo, t_n);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

template <int NT>
enum attn_status launch_nt(const msa_topk_args *a, int64_t t_lo, int64_t t_n,
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
    msa_topk_kernel<NT><<<(unsigned)grid, NT == 32 ? 256 : NT, 0, stream>>>(*a, t_lo, t_n);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

/* Score entries a row scans (candidates, plus the local block when non-causal). */
int64_t n_elem(const msa_topk_args *a, int64_t t) {
    const int64_t local = (a->q_off + t) / a->bk;
    return a->causal ? local : a->nb;
}

} /* namespace */

enum attn_status msa_topk_launch(const struct msa_topk_args *a, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    /* Rows whose scanned entries fall in (lim[i-1], lim[i]] use kernel i; causal
     * rows grow with t, so each class is one range of t. */
    static const int64_t lim[5] = {256, 1024, 4096, 8192, INT64_MAX};
    int64_t t = a->t0;
    const int64_t t_end = a->t0 + a->nt;
    if (a->k < 1 || a->k > 0x7fffffff) {
        attn_set_error("msa topk: k = %lld out of range", (long long)a->k);
        return ATTN_ERR_INVALID;
    }
    for (int i = 0; i < 5 && t < t_end; i++) {
        int64_t u = t;
        while (u < t_end && n_elem(a, u) <= lim[i]) {
            /* jump to the next query block: the count changes once per block */
            const int64_t next_block_row = ((a->q_off + u) / a->bk + 1) * a->bk - a->q_off;
            u = next_block_row > u + 1 ? next_block_row : u + 1;
        }
        if (u > t_end)
            u = t_end;
        if (u > t) {
            switch (i) {
            case 0: st = launch_reg<32, 8>(a, t, u - t, stream); break;
            case 1: st = launch_reg<32, 32>(a, t, u - t, stream); break;
            case 2: st = launch_reg<128, 32>(a, t, u - t, stream); break;
            case 3: st = launch_reg<256, 32>(a, t, u - t, stream); break;
            default: st = launch_nt<256>(a, t, u - t, stream); break;
            }
            if (st != ATTN_OK)
                return st;
        }
        t = u;
    }
    return st;
}
