/* dsa_tc.cu - DSA (definition: dsa.h) on tensor cores, variants "tc" (bf16
 * index keys) and "tc_fp8" (the e4m3 key cache, one fp32 scale per token):
 * the indexer and the token attention.  Chunking, stages and registration
 * are dsa_cuda.cu's; the top-k is dsa_topk.cu's (v1's selection in ~2 reads
 * of the scores; tc_fp8's scale applied as it reads them).
 *
 * How it differs from v1 (dsa_cuda.cu, CUDA cores only):
 *  - indexer: per batch and chunk of query rows, one cuBLAS GEMM per group r,
 *    sc[r] [rows, cols] = qidx_r [rows, di] kidx [cols, di]^T, bf16 inputs,
 *    fp32 accumulation and output, written in the layout v1's top-k reads
 *    ([Hkv, rows, N]); cols = the tokens the chunk's last row sees (causal)
 *    or N.  tc_fp8: the batch's e4m3 keys are first converted to bf16 (exact:
 *    every e4m3 value is a bf16 value), the GEMM is unscaled, and the top-k
 *    reads score = dot * scale_j, v1 fp8's product in v1's order;
 *  - attention: one thread block (4 warps) per (query row, group, 16 heads of
 *    the group): the G heads sharing the row's token list are the M = 16 rows
 *    of mma.sync m16n8k16 (rows past G zero and never written; G > 16: one
 *    block per 16 heads, the gather repeated).  Tiles of 64 selected tokens:
 *    their K and V rows gathered into shared memory by cp.async (double
 *    buffered, -1 slots zero-filled and masked), each warp 16 tokens of the
 *    tile: S = Q K^T, online softmax in fp32 (log2 domain), O += P V (P in
 *    bf16, kernels/common/cuda_mma.cuh); the 4 warps' partial (m, l, O) are
 *    merged through shared memory at the end.
 * Exactness: on index inputs on the tests' 1/8 grid every product is a
 * multiple of 1/64 and every partial sum of d_idx <= 1024 of them fits fp32's
 * 24 bits, so the GEMM's scores equal v1's and the ref's bit for bit whatever
 * the summation order, ties included.  tc_fp8: dot * scale_j is the same two
 * operands v1 fp8 multiplies (acc * ks[j]).
 *
 * Measured (H200, run9, paper shape, structured data, 2048 tokens): "index"
 * (indexer GEMM + the top-k of every 512-row chunk but the last) 379 ms at
 * 128K, 1505 ms at 256K; "attn" 51 / 108 / 250 ms at 128K (1024 / 2048 / 4096
 * tokens, predicted 0.1-0.2 s at 2048), 222 ms at 256K.  tc_fp8 the same within
 * 0.5%.  Of the 379 ms, the top-k's share is estimated at ~320 ms (dsa_topk.cu:
 * the last chunk's alone 2.5 ms, 256 chunks of 512 rows, half the columns on
 * average), which leaves ~60 ms for the GEMM, as predicted.
 * Predicted before it ran, on an H100 at the paper shape
 * (Hq 64, Hkv 4, d = d_idx = 128, causal prefill, dsa_tokens 2048):
 *   indexer, 128K: 2 * rows * N/2 * 128 * Hkv = 8.8 TFLOP at ~600 TF/s = 15 ms,
 *     but the fp32 logits (Hkv * rows * N/2 * 4 B = 137 GB) written at ~2.5 TB/s
 *     take ~55 ms: ~60-70 ms (v1: 3.0 s).  1M: 563 TFLOP = 0.94 s, 8.8 TB of
 *     logits = 3.5 s: ~3.5-4 s.
 *   top-k (dsa_topk.cu): each logit read ~2 times (v1's kernel: ~6): ~0.1 s
 *     at 128K, ~6-7 s at 1M (v1's ~0.33 s and ~21 s), still the largest
 *     stage at 1M; see that file.
 *   attention: 4 * rows * Hq * d * tokens = 8.8 TFLOP at 128K / 2048 tokens
 *     (4.4 / 17.6 at 1024 / 4096), 70 TFLOP at 1M; ~25 ms at 128K if it ran at
 *     ~35% of ~990 TF/s, but each (row, group) gathers tokens * 2 * d * 2 B =
 *     1 MiB of K / V for 16.8 MFLOP (16 flop/B): ~550 GB of gathers at 128K,
 *     ~0.1-0.2 s at 2.5-5 TB/s (L2 hits from neighbouring rows' shared
 *     tokens decide where), ~1-1.8 s at 1M (v1: 0.86-3.4 s at 128K). */
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "dsa/dsa_cuda.cuh"

#include <cuda_fp8.h>
#include <math.h>

namespace dsak {
namespace {

using namespace bsmma;

const int TC_WARPS = 4;
const int TC_KT = 16 * TC_WARPS; /* tokens per tile: 16 per warp, one k-step of P V */

/* y [n8 * 8] bf16 = the e4m3 bytes x, exactly. */
__global__ void e4m3_to_bf16_kernel(const uint8_t *x, bf16 *y, int64_t n8) {
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n8;
         i += (int64_t)gridDim.x * blockDim.x) {
        const uint2 u = reinterpret_cast<const uint2 *>(x)[i];
        const uint8_t *e = reinterpret_cast<const uint8_t *>(&u);
        __align__(16) bf16 out[8];
#pragma unroll
        for (int k = 0; k < 8; k++) {
            __nv_fp8_e4m3 f;
            f.__x = e[k];
            out[k] = __float2bfloat16((float)f);
        }
        reinterpret_cast<uint4 *>(y)[i] = *reinterpret_cast<const uint4 *>(out);
    }
}

/* The selected tokens of a row (-1 only trails it), block-wide. */
__device__ int32_t count_valid(const int32_t *row, int32_t T) {
    int32_t n = 0;
    for (int32_t i0 = 0; i0 < T; i0 += blockDim.x) {
        const int32_t i = i0 + (int32_t)threadIdx.x;
        n += __syncthreads_count(i < T && row[i] >= 0);
    }
    return n;
}

/* cp.async of the K and V rows (group r) of row slots p0 .. p0 + TC_KT - 1 into
 * swizzled tiles; slots >= nv are zero-filled. */
template <int D>
__device__ __forceinline__ void gather_tile(bf16 *kt, bf16 *vt, const dsa_args &a,
                                            const int32_t *row, int64_t r, int32_t p0, int32_t nv) {
    for (int x = threadIdx.x; x < TC_KT * D / 8; x += blockDim.x) {
        const int i = x / (D / 8), ch = x % (D / 8);
        const bool ok = p0 + i < nv;
        const int64_t off = ((ok ? (int64_t)row[p0 + i] : 0) * a.Hkv + r) * D + ch * 8;
        cp_async16(kt + swz<D>(i, ch), a.k + off, ok);
        cp_async16(vt + swz<D>(i, ch), a.v + off, ok);
    }
}

/* grid (Hkv * nq, ceil(G / 16)), TC_WARPS warps: O of heads h0 .. h0 + nh - 1
 * of group r at row tt over the row's selected tokens. */
template <int D> __global__ void __launch_bounds__(TC_WARPS * 32) dsa_tc_attn_kernel(dsa_args a) {
    extern __shared__ __align__(128) unsigned char smem_raw[];
    bf16 *qs = reinterpret_cast<bf16 *>(smem_raw); /* [16][D] */
    bf16 *ks = qs + 16 * D;                        /* [2][TC_KT][D] */
    bf16 *vs = ks + 2 * TC_KT * D;                 /* [2][TC_KT][D] */
    const int tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    const int64_t r = blockIdx.x / a.nq, tt = blockIdx.x % a.nq, t = a.t0 + tt;
    const int64_t G = a.Hq / a.Hkv, h0 = r * G + (int64_t)blockIdx.y * 16;
    const int nh = (int)(G - (int64_t)blockIdx.y * 16 < 16 ? G - (int64_t)blockIdx.y * 16 : 16);
    const int32_t *row = a.sel + (r * a.nq + tt) * a.T;
    const int32_t nv = count_valid(row, a.T);
    for (int x = tid; x < 16 * D / 8; x += blockDim.x) {
        const int i = x / (D / 8), ch = x % (D / 8);
        cp_async16(qs + swz<D>(i, ch), a.q + (t * a.Hq + h0 + (i < nh ? i : 0)) * D + ch * 8,
                   i < nh);
    }
    const int ntiles = (nv + TC_KT - 1) / TC_KT;
    if (ntiles > 0)
        gather_tile<D>(ks, vs, a, row, r, 0, nv);
    cp_async_commit();

    /* per thread: C-fragment rows g and g + 8 (g = lane / 4) of its warp's 16 */
    float o[D / 8][4];
#pragma unroll
    for (int nd = 0; nd < D / 8; nd++)
        o[nd][0] = o[nd][1] = o[nd][2] = o[nd][3] = 0.f;
    float mrow[2] = {-INFINITY, -INFINITY}, lrow[2] = {0.f, 0.f};
    const float sl2 = rsqrtf((float)D) * 1.4426950408889634f; /* softmax scale, log2 domain */
    uint32_t qa[D / 16][4];
    for (int it = 0; it < ntiles; it++) {
        const int buf = it & 1;
        if (it + 1 < ntiles) {
            gather_tile<D>(ks + (buf ^ 1) * TC_KT * D, vs + (buf ^ 1) * TC_KT * D, a, row, r,
                           (it + 1) * TC_KT, nv);
            cp_async_commit();
            cp_async_wait<1>();
        } else {
            cp_async_wait<0>();
        }
        __syncthreads();
        if (it == 0)
            load_a_frags<D>(qa, qs, 0, lane);
        const bf16 *kt = ks + buf * TC_KT * D, *vt = vs + buf * TC_KT * D;
        float s[2][4] = {{0.f, 0.f, 0.f, 0.f}, {0.f, 0.f, 0.f, 0.f}};
        qk_tile<D, 2>(s, qa, kt, warp * 16, lane);
        const int32_t p0 = it * TC_KT + warp * 16;
        float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
        for (int nt = 0; nt < 2; nt++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                const int col = nt * 8 + 2 * (lane & 3) + (e & 1);
                s[nt][e] = p0 + col < nv ? s[nt][e] * sl2 : -INFINITY;
                mx[e >> 1] = fmaxf(mx[e >> 1], s[nt][e]);
            }
        float corr[2], mu[2], ps[2] = {0.f, 0.f};
#pragma unroll
        for (int i = 0; i < 2; i++) {
            const float mn = fmaxf(mrow[i], quad_max(mx[i]));
            mu[i] = mn == -INFINITY ? 0.f : mn; /* nothing seen yet: exp2(-inf) = 0, no NaN */
            corr[i] = exp2f(mrow[i] - mu[i]);
            mrow[i] = mn;
        }
#pragma unroll
        for (int nt = 0; nt < 2; nt++)
#pragma unroll
            for (int e = 0; e < 4; e++) {
                s[nt][e] = exp2f(s[nt][e] - mu[e >> 1]);
                ps[e >> 1] += s[nt][e];
            }
#pragma unroll
        for (int i = 0; i < 2; i++)
            lrow[i] = lrow[i] * corr[i] + ps[i];
#pragma unroll
        for (int nd = 0; nd < D / 8; nd++) {
            o[nd][0] *= corr[0];
            o[nd][1] *= corr[0];
            o[nd][2] *= corr[1];
            o[nd][3] *= corr[1];
        }
        pv_tile<D, 2>(o, s, vt, warp * 16, lane);
        __syncthreads(); /* the next iteration refills this buffer */
    }
    cp_async_wait<0>(); /* nv == 0: the Q copy is still in flight */
    __syncthreads();

    /* merge the warps' (m, l, O): the K / V tiles' space holds them now */
    float *om = reinterpret_cast<float *>(ks); /* [TC_WARPS][16][D] */
    float *mm = om + TC_WARPS * 16 * D, *lm = mm + TC_WARPS * 16;
    const int g = lane >> 2, c = lane & 3;
#pragma unroll
    for (int i = 0; i < 2; i++) {
        const float l = quad_sum(lrow[i]);
        if (c == 0) {
            mm[warp * 16 + g + 8 * i] = mrow[i];
            lm[warp * 16 + g + 8 * i] = l;
        }
    }
#pragma unroll
    for (int nd = 0; nd < D / 8; nd++)
#pragma unroll
        for (int e = 0; e < 4; e++)
            om[(warp * 16 + g + 8 * (e >> 1)) * D + nd * 8 + 2 * c + (e & 1)] = o[nd][e];
    __syncthreads();
    for (int x = tid; x < nh * (D / 2); x += blockDim.x) {
        const int i = x / (D / 2), cc = (x % (D / 2)) * 2;
        float M = -INFINITY;
        for (int w = 0; w < TC_WARPS; w++)
            M = fmaxf(M, mm[w * 16 + i]);
        const float mu = M == -INFINITY ? 0.f : M;
        float L = 0.f, y0 = 0.f, y1 = 0.f;
        for (int w = 0; w < TC_WARPS; w++) {
            const float f = exp2f(mm[w * 16 + i] - mu);
            L += lm[w * 16 + i] * f;
            y0 += om[(w * 16 + i) * D + cc] * f;
            y1 += om[(w * 16 + i) * D + cc + 1] * f;
        }
        const float inv = L > 0.f ? 1.f / L : 0.f; /* no token: O = 0, as v1 */
        *reinterpret_cast<__nv_bfloat162 *>(a.o + (t * a.Hq + h0 + i) * D + cc) =
            __floats2bfloat162_rn(y0 * inv, y1 * inv);
    }
}

template <int D> enum attn_status attn_launch_d(const dsa_ctx *c, const dsa_args &a) {
    enum attn_status st = ATTN_OK;
    const size_t smem = (size_t)(16 + 4 * TC_KT) * D * sizeof(bf16);
    const dim3 grid((unsigned)(a.Hkv * a.nq), (unsigned)((a.Hq / a.Hkv + 15) / 16));
    CUDA_CHECK(cudaFuncSetAttribute(dsa_tc_attn_kernel<D>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)smem));
    dsa_tc_attn_kernel<D><<<grid, TC_WARPS * 32, smem, c->stream>>>(a);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

} /* namespace */

enum attn_status tc_attn_launch(const dsa_ctx *c, const dsa_args &a) {
    if (a.d == 64)
        return attn_launch_d<64>(c, a);
    if (a.d == 128)
        return attn_launch_d<128>(c, a);
    return attn_launch_d<256>(c, a);
}

enum attn_status tc_index_launch(const dsa_ctx *c, const dsa_args &a) {
    enum attn_status st = ATTN_OK;
    const bf16 *kb = c->fp8 ? c->kb : a.ki;
    /* the chunk's last row sees the most tokens; top-k reads no further */
    const int64_t cols = a.causal ? a.N - a.q_len + a.t0 + a.nq : a.N;
    const float one = 1.f, zero = 0.f;
    if (c->fp8 && a.t0 == 0) { /* a batch's first chunk: its keys, once */
        const int64_t n8 = a.N * a.di / 8;
        const unsigned blocks = (unsigned)(n8 / 256 + 1 < 4096 ? n8 / 256 + 1 : 4096);
        e4m3_to_bf16_kernel<<<blocks, 256, 0, c->stream>>>(a.ki8, c->kb, n8);
        CUDA_CHECK_LAUNCH();
    }
    /* column-major view: sc[r]^T [cols, nq] (ld N) = kidx [di, cols]^T qidx_r [di, nq] */
    for (int64_t r = 0; r < a.Hkv; r++)
        CUBLAS_CHECK(cublasGemmEx(
            c->h, CUBLAS_OP_T, CUBLAS_OP_N, (int)cols, (int)a.nq, (int)a.di, &one, kb, CUDA_R_16BF,
            (int)a.di, a.qi + (a.t0 * a.Hkv + r) * a.di, CUDA_R_16BF, (int)(a.Hkv * a.di), &zero,
            a.sc + r * a.nq * a.N, CUDA_R_32F, (int)a.N, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
cleanup:
    return st;
}

} /* namespace dsak */
