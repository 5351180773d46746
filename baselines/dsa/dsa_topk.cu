/* dsa_topk.cu - DSA's token top-k (definition: dsa.h) for variants "tc" and
 * "tc_fp8": the same selection as v1's dsa_topk_kernel (dsa_cuda.cu, kept for
 * v1 and fp8), bit for bit, in about two reads of each score instead of ~six.
 *
 * One block (256 threads) per (group, query row); key of a score = the bits
 * of ReLU(score) (tc_fp8: score * the token's scale first, v1's product), which
 * order as the values (all non-negative), 0xffffffff for NaN (never selected).
 *  1. read 1 (skipped when the row has <= T visible tokens): a histogram of
 *     key bits 30..19 (4096 buckets, shared memory); the bucket B holding the
 *     T-th largest key, A = the count above B (< T), C = B's count.  At most
 *     T valid keys: take them all (no B).
 *  2. read 2, in token order (one barrier per 1024 tokens, warp ballots and a
 *     warp scan of the tile's 32 per-warp counts): keys above B appended to
 *     list X (shared memory, ascending ids, A <= T - 1 entries); keys in B to
 *     the candidate buffer (ids and keys, ascending ids, 4096 in shared memory).
 *  3. the threshold among the C candidates: two radix rounds (key bits 18..9,
 *     then 8..0) over the buffer; selected are the keys above it and the
 *     smallest ids of those equal to it (v1's and the ref's tie rule), list S.
 *  4. X and S merged (each element's rank in the other list by binary search)
 *     into the row: ascending ids, -1 padded, v1's output.
 * Worst case: B holds more than the buffer (C > 4096: e.g. exact ties, such as
 * ReLU's zeros when fewer than T scores are positive, or a heavy bucket at
 * N = 1M).  Then step 2 is skipped and the two rounds of step 3 read the row
 * (filtered to B), and one more ordered read collects X = keys above the
 * threshold and S = the first ids equal to it: 4 reads in all, still < v1's
 * 6, however many ties.  T <= 4096 (lists X and S in shared memory): tc and
 * tc_fp8 refuse larger dsa_tokens in supports(), with the reason.
 * Shared memory ~53 KB: 4 blocks per SM on an H100.
 *
 * Measured (H200, run9, paper shape, structured data, 2048 tokens, 128K): the
 * last 512-row chunk's top-k 2.5 ms for its 1 GiB of scores read ~twice: ~0.86
 * TB/s, a fifth of the card's copy rate, so an estimated ~320 ms over the 256
 * chunks of 128K (3x the prediction below).  Why, not yet measured: read 1 kept 4
 * scalar loads (16 B) in flight per thread between histogram atomics, ~16 KB an SM
 * at 4 blocks, about half what the card's latency needs.  Since: TK_HIST_ITEMS = 16
 * (SASS: 16 LDG, 32 with tc_fp8's scales, ahead of the loop's first ATOMS, were 4 /
 * 8; 64 registers, still 4 blocks an SM).  Predicted: read 1 ~3x faster, the top-k
 * ~1.3x (read 2 unchanged), dsa tc at 128K / 2048 tokens ~490 -> ~400 ms; not yet
 * measured.  Decode (one row per
 * group, 4 blocks on 132 SMs) 0.47 ms at 128K: one block per row is the limit.
 * Predicted before it ran, on an H100 at the paper shape
 * (Hkv 4, causal prefill, dsa_tokens 2048): the scores are Hkv * N^2 / 2 * 4 B
 * = 137 GB at 128K, 8.8 TB at 1M; read twice at ~2.5-3 TB/s: ~0.1 s at 128K
 * (v1's kernel ~0.33 s), ~6-7 s at 1M (v1 ~21 s); ~3 s at 1M if a row stayed
 * in L2 between the two reads (it does not at ~500 rows in flight * 2 MB).
 * Rows whose threshold bucket overflows the buffer cost 4 reads.  Measured on the
 * CPU (msabench_dsa_bound, structured data, 32 sampled rows x groups): the T-th
 * score's bucket (12 bits = 8 of exponent and 4 of mantissa) holds 782 tokens at
 * 1M / T 2048 (max 1912 at T 4096), so no row took the overflow path.  Unknown
 * until measured: the histogram's shared atomics (a warp's lanes in the same
 * bucket add once). */
#include "common/cuda_check.h"
#include "dsa/dsa_cuda.cuh"
extern "C" {
#include "dsa/dsa.h"
}

namespace dsak {
namespace {

const int TK_THREADS = 256, TK_WARPS = TK_THREADS / 32;
const int TK_ITEMS = 4;                    /* tokens per thread per ordered tile */
const int TK_TILE = TK_THREADS * TK_ITEMS; /* 1024: TK_ITEMS * TK_WARPS = 32 counts */
const int TK_SHIFT = 19, TK_BINS = 4096;   /* bucket = key bits 30..19 */
const int TK_CAP = 4096;                   /* candidate buffer; also T's limit */
/* tokens a thread loads ahead of its histogram adds in the unordered reads: 4 (run9's
 * build) kept ~16 KB an SM in flight, about half of what the latency needs */
const int TK_HIST_ITEMS = 16;
const uint32_t NAN_KEY = 0xffffffffu;
const uint32_t FULL = 0xffffffffu;

int32_t g_cand_cap = 0; /* test hook: a smaller candidate buffer (0: TK_CAP) */

struct tk_smem {
    int32_t hist[TK_BINS];  /* read 1's histogram, then list X */
    int32_t cid[TK_CAP];    /* candidate ids (the overflow path: list S) */
    uint32_t ckey[TK_CAP];  /* their keys, then list S */
    int32_t bins[1024];     /* the rounds of step 3 */
    int32_t cnt[2][2][32];  /* ordered tiles: [parity][X, Y][item * warps + warp] */
    int32_t wtot[TK_WARPS]; /* block scans */
    int32_t res[2];         /* find_bin: bin, still needed in it */
};

static_assert(TK_ITEMS * TK_WARPS == 32, "one count per lane in the tile scan");

__device__ __forceinline__ uint32_t tk_key(const float *sc, const float *tks, int64_t j) {
    float x = tks ? sc[j] * tks[j] : sc[j];
    if (isnan(x))
        return NAN_KEY;
    x = x > 0.f ? x : 0.f;
    return __float_as_uint(x);
}

/* h[bin] += 1 for the lanes with ok; the lanes sharing the first ok lane's bin
 * add once (exact ties: one atomic a warp).  The whole warp calls it. */
__device__ __forceinline__ void tk_hist_add(int32_t *h, bool ok, uint32_t bin) {
    const int lane = threadIdx.x & 31;
    const uint32_t m = __ballot_sync(FULL, ok);
    if (!m)
        return;
    const uint32_t lead = __shfl_sync(FULL, bin, __ffs(m) - 1);
    const bool same = ok && bin == lead;
    const uint32_t sm = __ballot_sync(FULL, same);
    if (same) {
        if (lane == __ffs(sm) - 1)
            atomicAdd(&h[bin], __popc(sm));
    } else if (ok) {
        atomicAdd(&h[bin], 1);
    }
}

/* Block-wide exclusive prefix sum; *total = the sum. */
__device__ int32_t tk_scan(int32_t v, int32_t *wtot, int32_t *total) {
    const int lane = threadIdx.x & 31, wid = threadIdx.x >> 5;
    int32_t x = v;
    for (int o = 1; o < 32; o <<= 1) {
        const int32_t y = __shfl_up_sync(FULL, x, o);
        x += lane >= o ? y : 0;
    }
    if (lane == 31)
        wtot[wid] = x;
    __syncthreads();
    int32_t before = 0, all = 0;
    for (int w = 0; w < TK_WARPS; w++) {
        before += w < wid ? wtot[w] : 0;
        all += wtot[w];
    }
    __syncthreads();
    *total = all;
    return before + x - v;
}

/* The largest bin b of bins[0..nb) (nb a multiple of TK_THREADS) with
 * count(bins >= b) >= need: sm.res = {b, need - count(bins > b)}; returns the
 * total (res unset when it is < need). */
__device__ int32_t tk_find_bin(tk_smem &sm, const int32_t *bins, int nb, int32_t need) {
    const int per = nb / TK_THREADS, lo = threadIdx.x * per;
    int32_t s = 0, total = 0;
    for (int i = 0; i < per; i++)
        s += bins[lo + i];
    const int32_t ex = tk_scan(s, sm.wtot, &total);
    int32_t acc = total - ex - s; /* in the bins above this thread's */
    if (acc < need && acc + s >= need)
        for (int b = lo + per - 1; b >= lo; b--) {
            if (acc + bins[b] >= need) {
                sm.res[0] = b;
                sm.res[1] = need - acc;
                break;
            }
            acc += bins[b];
        }
    __syncthreads();
    return total;
}

/* bins[0..nb) = histogram of (key >> bsh) & bmask over the row's keys with
 * key >> msh == mval (a NaN key never matches: mval < 2^(32 - msh) - 1). */
__device__ void tk_row_hist(const float *sc, const float *tks, int64_t n, int32_t *bins, int nb,
                            int msh, uint32_t mval, int bsh, uint32_t bmask) {
    for (int i = threadIdx.x; i < nb; i += TK_THREADS)
        bins[i] = 0;
    __syncthreads();
    for (int64_t base = 0; base < n; base += (int64_t)TK_THREADS * TK_HIST_ITEMS) {
        uint32_t k[TK_HIST_ITEMS];
#pragma unroll
        for (int it = 0; it < TK_HIST_ITEMS; it++) {
            const int64_t j = base + it * TK_THREADS + threadIdx.x;
            k[it] = j < n ? tk_key(sc, tks, j) : NAN_KEY;
        }
#pragma unroll
        for (int it = 0; it < TK_HIST_ITEMS; it++)
            tk_hist_add(bins, k[it] != NAN_KEY && k[it] >> msh == mval, (k[it] >> bsh) & bmask);
    }
    __syncthreads();
}

/* The same over the candidate buffer's c keys. */
__device__ void tk_cand_hist(const uint32_t *ck, int32_t c, int32_t *bins, int nb, int msh,
                             uint32_t mval, int bsh, uint32_t bmask) {
    for (int i = threadIdx.x; i < nb; i += TK_THREADS)
        bins[i] = 0;
    __syncthreads();
    for (int32_t base = 0; base < c; base += TK_THREADS) {
        const int32_t i = base + (int32_t)threadIdx.x;
        const uint32_t k = i < c ? ck[i] : NAN_KEY;
        tk_hist_add(bins, i < c && k >> msh == mval, (k >> bsh) & bmask);
    }
    __syncthreads();
}

/* One ordered read of the row: valid keys >= xlo appended to xl (ids), other
 * valid keys with key >> ysh == yval to yid (and their keys to yk when given),
 * only the first ycap of them; both in ascending ids.  *nx, *ny = the counts
 * (ny may exceed ycap). */
__device__ void tk_partition(tk_smem &sm, const float *sc, const float *tks, int64_t n,
                             uint32_t xlo, int ysh, uint32_t yval, int32_t ycap, int32_t *xl,
                             int32_t *yid, uint32_t *yk, int32_t *nx, int32_t *ny) {
    const int lane = threadIdx.x & 31, wid = threadIdx.x >> 5;
    const uint32_t lt = (1u << lane) - 1u;
    uint32_t cur[TK_ITEMS], nxt[TK_ITEMS];
#pragma unroll
    for (int it = 0; it < TK_ITEMS; it++) {
        const int64_t j = it * TK_THREADS + threadIdx.x;
        cur[it] = j < n ? tk_key(sc, tks, j) : NAN_KEY;
        nxt[it] = NAN_KEY;
    }
    int32_t offx = 0, offy = 0;
    int p = 0;
    for (int64_t base = 0; base < n; base += TK_TILE, p ^= 1) {
        if (base + TK_TILE < n) /* the next tile's loads fly across this one's barrier */
#pragma unroll
            for (int it = 0; it < TK_ITEMS; it++) {
                const int64_t j = base + TK_TILE + it * TK_THREADS + threadIdx.x;
                nxt[it] = j < n ? tk_key(sc, tks, j) : NAN_KEY;
            }
        uint32_t bx[TK_ITEMS], by[TK_ITEMS];
#pragma unroll
        for (int it = 0; it < TK_ITEMS; it++) {
            const bool v = cur[it] != NAN_KEY, isx = v && cur[it] >= xlo;
            const bool isy = v && !isx && cur[it] >> ysh == yval;
            bx[it] = __ballot_sync(FULL, isx);
            by[it] = __ballot_sync(FULL, isy);
            if (lane == 0) {
                sm.cnt[p][0][it * TK_WARPS + wid] = __popc(bx[it]);
                sm.cnt[p][1][it * TK_WARPS + wid] = __popc(by[it]);
            }
        }
        __syncthreads(); /* cnt[p] is rewritten two tiles on, after the next barrier */
        const int32_t cx = sm.cnt[p][0][lane], cy = sm.cnt[p][1][lane];
        int32_t ix = cx, iy = cy; /* inclusive scans over (item, warp) = token order */
        for (int o = 1; o < 32; o <<= 1) {
            const int32_t ux = __shfl_up_sync(FULL, ix, o), uy = __shfl_up_sync(FULL, iy, o);
            ix += lane >= o ? ux : 0;
            iy += lane >= o ? uy : 0;
        }
        const int32_t ex = ix - cx, ey = iy - cy;
#pragma unroll
        for (int it = 0; it < TK_ITEMS; it++) {
            const int slot = it * TK_WARPS + wid;
            const int32_t bxo = __shfl_sync(FULL, ex, slot), byo = __shfl_sync(FULL, ey, slot);
            const int32_t j = (int32_t)(base + it * TK_THREADS + threadIdx.x);
            if ((bx[it] >> lane) & 1u) {
                const int32_t at = offx + bxo + __popc(bx[it] & lt);
                if (at < TK_BINS)
                    xl[at] = j;
            }
            if ((by[it] >> lane) & 1u) {
                const int32_t at = offy + byo + __popc(by[it] & lt);
                if (at < ycap) {
                    yid[at] = j;
                    if (yk)
                        yk[at] = cur[it];
                }
            }
        }
        offx += __shfl_sync(FULL, ix, 31);
        offy += __shfl_sync(FULL, iy, 31);
#pragma unroll
        for (int it = 0; it < TK_ITEMS; it++)
            cur[it] = nxt[it];
    }
    __syncthreads();
    *nx = offx;
    *ny = offy;
}

/* Count of l[0..n) (ascending) below x. */
__device__ __forceinline__ int32_t tk_rank(const int32_t *l, int32_t n, int32_t x) {
    int32_t lo = 0, hi = n;
    while (lo < hi) {
        const int32_t mid = (lo + hi) >> 1;
        if (l[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* One block (TK_THREADS) per (row tt, group r): sel row = the T best tokens. */
__global__ void __launch_bounds__(TK_THREADS) dsa_topk2_kernel(dsa_args a, int32_t cap) {
    extern __shared__ __align__(16) unsigned char smem_raw[];
    tk_smem &sm = *reinterpret_cast<tk_smem *>(smem_raw);
    const int tid = threadIdx.x;
    const int64_t tt = blockIdx.x % a.nq, r = blockIdx.x / a.nq, t = a.t0 + tt;
    const int64_t n = a.causal ? a.N - a.q_len + t + 1 : a.N;
    const float *sc = a.sc + (r * a.nq + tt) * a.N;
    int32_t *row = a.sel + (r * a.nq + tt) * a.T;
    const int32_t T = a.T;
    int32_t nx = 0, ny = 0, ns = 0;
    const int32_t *sl = sm.cid; /* list S */
    bool take_all = n <= T;
    int32_t bk = 0, need = 0, cnt_b = 0;
    if (!take_all) { /* read 1 */
        tk_row_hist(sc, a.tks, n, sm.hist, TK_BINS, 31, 0u, TK_SHIFT, TK_BINS - 1);
        const int32_t nvalid = tk_find_bin(sm, sm.hist, TK_BINS, T);
        take_all = nvalid <= T;
        if (!take_all) {
            bk = sm.res[0];
            need = sm.res[1];
            cnt_b = sm.hist[bk];
        }
        __syncthreads(); /* hist becomes list X */
    }
    if (take_all) {
        tk_partition(sm, sc, a.tks, n, 0u, 0, NAN_KEY, 0, sm.hist, sm.cid, NULL, &nx, &ny);
    } else if (cnt_b <= cap) { /* read 2, the candidates in shared memory */
        const uint32_t b = (uint32_t)bk;
        tk_partition(sm, sc, a.tks, n, (b + 1u) << TK_SHIFT, TK_SHIFT, b, cap, sm.hist, sm.cid,
                     sm.ckey, &nx, &ny);
        const int32_t c = ny; /* == cnt_b */
        tk_cand_hist(sm.ckey, c, sm.bins, 1024, TK_SHIFT, b, 9, 1023u);
        tk_find_bin(sm, sm.bins, 1024, need);
        const uint32_t b1 = (uint32_t)sm.res[0];
        const int32_t need1 = sm.res[1];
        __syncthreads();
        tk_cand_hist(sm.ckey, c, sm.bins, 512, 9, (b << 10) | b1, 0, 511u);
        tk_find_bin(sm, sm.bins, 512, need1);
        const uint32_t thr = (b << TK_SHIFT) | (b1 << 9) | (uint32_t)sm.res[0];
        const int32_t need_eq = sm.res[1];
        /* S: keys above thr, and the first need_eq equal to it; each thread a
         * contiguous run of <= 16 candidates */
        const int32_t per = (c + TK_THREADS - 1) / TK_THREADS, lo = tid * per;
        const int32_t hi = lo + per < c ? lo + per : c;
        int32_t neq = 0, tot = 0;
        for (int32_t i = lo; i < hi; i++)
            neq += sm.ckey[i] == thr;
        int32_t eq = tk_scan(neq, sm.wtot, &tot);
        uint32_t keep = 0;
        int32_t nk = 0;
        for (int32_t i = lo; i < hi; i++) {
            const uint32_t k = sm.ckey[i];
            const bool e = k == thr, kp = k > thr || (e && eq < need_eq);
            eq += e;
            keep |= (uint32_t)kp << (i - lo);
            nk += kp;
        }
        const int32_t at = tk_scan(nk, sm.wtot, &ns); /* its barriers: ckey read by all */
        int32_t *s_out = reinterpret_cast<int32_t *>(sm.ckey);
        for (int32_t i = lo, w = at; i < hi; i++)
            if ((keep >> (i - lo)) & 1u)
                s_out[w++] = sm.cid[i];
        __syncthreads();
        sl = s_out;
    } else { /* overflow: the two rounds and the final read over the row */
        const uint32_t b = (uint32_t)bk;
        tk_row_hist(sc, a.tks, n, sm.bins, 1024, TK_SHIFT, b, 9, 1023u);
        tk_find_bin(sm, sm.bins, 1024, need);
        const uint32_t b1 = (uint32_t)sm.res[0];
        const int32_t need1 = sm.res[1];
        __syncthreads();
        tk_row_hist(sc, a.tks, n, sm.bins, 512, 9, (b << 10) | b1, 0, 511u);
        tk_find_bin(sm, sm.bins, 512, need1);
        const uint32_t thr = (b << TK_SHIFT) | (b1 << 9) | (uint32_t)sm.res[0];
        const int32_t need_eq = sm.res[1];
        __syncthreads();
        tk_partition(sm, sc, a.tks, n, thr + 1u, 0, thr, need_eq, sm.hist, sm.cid, NULL, &nx, &ny);
        ns = need_eq;
    }
    /* merge X and S: ascending ids, then -1 */
    const int32_t *xl = sm.hist;
    for (int32_t i = tid; i < nx; i += TK_THREADS)
        row[i + tk_rank(sl, ns, xl[i])] = xl[i];
    for (int32_t i = tid; i < ns; i += TK_THREADS)
        row[i + tk_rank(xl, nx, sl[i])] = sl[i];
    for (int32_t i = nx + ns + tid; i < T; i += TK_THREADS)
        row[i] = -1;
}

} /* namespace */

enum attn_status tc_topk_launch(const dsa_ctx *c, const dsa_args &a) {
    enum attn_status st = ATTN_OK;
    const int32_t cap = g_cand_cap > 0 && g_cand_cap < TK_CAP ? g_cand_cap : TK_CAP;
    const size_t smem = sizeof(tk_smem);
    CUDA_CHECK(cudaFuncSetAttribute(dsa_topk2_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                    (int)smem));
    dsa_topk2_kernel<<<(unsigned)(a.Hkv * a.nq), TK_THREADS, smem, c->stream>>>(a, cap);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

int32_t tc_topk_max_tokens(void) {
    return TK_CAP;
}

} /* namespace dsak */

extern "C" void dsa_cuda_set_cand_cap(int32_t n) {
    dsak::g_cand_cap = n;
}
