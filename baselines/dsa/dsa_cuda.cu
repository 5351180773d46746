/* dsa_cuda.cu - DSA (definition: dsa.h) on CUDA, variant "v1": the
 * lightning indexer, token top-k and token-sparse attention.
 *
 * Per batch and chunk of query rows:
 *  - indexer: sc [Hkv, rows, N] fp32 (workspace) = qidx_r(t) . kidx(j) for
 *    every visible token j, one thread per (row, group, token), q^I in shared
 *    memory, fp32 accumulation in dimension order (bf16 inputs; dsa.h: H_I = 1,
 *    w = 1, so sum_h w_h ReLU(q_h . k) is ReLU(q . k));
 *  - top-k: one thread block per (group, row): ReLU (NaN never selected),
 *    a 4-pass 8-bit radix select of the dsa_tokens-th largest score, then one
 *    ordered pass that keeps the tokens above it and the smallest ids among
 *    those equal to it (the ref's ties), written ascending, -1 padded;
 *  - attention: one warp per (row, query head): 32 selected tokens at a time,
 *    one lane per token for the logits, online softmax in fp32, each lane
 *    owning d / 32 output dimensions for P V.
 * Rows go in chunks so that the scores stay under 1 GiB; io->sel, when
 * given, gets every row in dsa.h's layout [B, Hkv, q_len, width].
 * Variant "fp8" (DeepSeek runs its indexer in fp8; flag ATTN_F_KIDX_FP8):
 * io->kidx is the runner's e4m3 key cache with one fp32 scale per token
 * (kernels/msa/msa_cuda.h: bytes [B, N, di], scales at
 * msa_fp8_kidx_scale_offset; the cache a decode step appends to), and the
 * indexer reads it: score = scale * sum(q * e4m3) in fp32 (the e4m3 -> fp32
 * conversion is exact), queries stay bf16; the ref sees the same keys'
 * float64 values.  Everything after the scores is v1's.
 * Stages {"index", "topk", "attn"} (cu_run_stage, both variants): the
 * indexer, the top-k and the attention, each its own kernel; with io->sel
 * the attention runs after every chunk's selection, over all rows of a batch
 * at once, reading io->sel (cu_run_stage says when a stage holds more).
 * Variants "tc" and "tc_fp8" (dsa_tc.cu) run the indexer and the attention
 * on tensor cores, and their top-k is dsa_topk.cu's (the same selection in
 * ~2 reads of the scores instead of ~6; dsa_tokens <= 4096; for tc_fp8 it
 * multiplies each score by its token's scale as it reads it, dsa_args.tks);
 * everything else is here: chunking, stages, registration; dsa_cuda.cuh is
 * what the files share.
 * Speed (H100, frontier run at 128K, Hq 64, Hkv 4, d = d_idx = 128,
 * 1024..4096 tokens): indexer 3.0 s (fp8 the same: the scalar dot limits
 * both), attention 0.86-3.4 s; dense cuDNN ~0.5 s.  No tensor cores anywhere
 * here, hence tc. */
#include "common/cuda_check.h"
#include "common/select_cuda.cuh"
#include "common/workspace.h"
#include "dsa/dsa_cuda.cuh"
#include "msa/msa_cuda.h"
extern "C" {
#include "dsa/dsa.h"
}

#include <cuda_fp8.h>
#include <stdlib.h>
#include <string.h>

namespace {

using dsak::bf16;
using dsak::dsa_args;
using dsak::dsa_ctx;

const size_t DSA_SCORE_CAP = (size_t)1 << 30;
const size_t CUBLAS_WS = (size_t)32 << 20; /* tc: the indexer GEMMs' workspace */
const int ATT_WARPS = 4;

const char *const stage_names[3] = {"index", "topk", "attn"};

size_t align256(size_t x) {
    return (x + 255) & ~(size_t)255;
}

__device__ __forceinline__ int64_t vis_end(const dsa_args &a, int64_t t) {
    const int64_t pos = a.N - a.q_len + t;
    return a.causal ? pos + 1 : a.N;
}

/* grid (token tiles, nq, Hkv), 256 threads: sc = qidx . kidx (FP8: the
 * e4m3 keys times their scales). */
template <bool FP8> __global__ void __launch_bounds__(256) dsa_index_kernel(dsa_args a) {
    extern __shared__ __align__(16) unsigned char smem_raw[];
    float *qs = reinterpret_cast<float *>(smem_raw);
    const int64_t tt = blockIdx.y, r = blockIdx.z, t = a.t0 + tt;
    const int64_t ve = vis_end(a, t), j = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    if ((int64_t)blockIdx.x * blockDim.x >= ve)
        return; /* the whole block: no barrier after this */
    const bf16 *qr = a.qi + (t * a.Hkv + r) * a.di;
    for (int64_t x = threadIdx.x; x < a.di; x += blockDim.x)
        qs[x] = __bfloat162float(qr[x]);
    __syncthreads();
    if (j >= ve)
        return;
    float acc = 0.f;
    if (FP8) {
        const uint2 *kr = reinterpret_cast<const uint2 *>(a.ki8 + j * a.di);
        for (int64_t c = 0; c < a.di / 8; c++) {
            const uint2 u = kr[c];
            const uint8_t *e = reinterpret_cast<const uint8_t *>(&u);
#pragma unroll
            for (int i = 0; i < 8; i++) {
                __nv_fp8_e4m3 f;
                f.__x = e[i];
                acc += qs[c * 8 + i] * (float)f;
            }
        }
        acc *= a.ks[j];
    } else {
        const uint4 *kr = reinterpret_cast<const uint4 *>(a.ki + j * a.di);
        for (int64_t c = 0; c < a.di / 8; c++) {
            const uint4 u = kr[c];
            const bf16 *e = reinterpret_cast<const bf16 *>(&u);
#pragma unroll
            for (int i = 0; i < 8; i++)
                acc += qs[c * 8 + i] * __bfloat162float(e[i]);
        }
    }
    a.sc[(r * a.nq + tt) * a.N + j] = acc;
}

/* ReLU'd key of a score: its bits order as its value (non-negative);
 * 0xffffffff = NaN, never selected.  Score j of a row: sc[j], times tks[j]
 * when given (tc_fp8: the GEMM's dot times the key's scale, v1 fp8's product). */
__device__ __forceinline__ uint32_t score_key(const float *sc, const float *tks, int64_t j) {
    float x = tks ? sc[j] * tks[j] : sc[j];
    if (isnan(x))
        return 0xffffffffu;
    x = x > 0.f ? x : 0.f;
    return __float_as_uint(x);
}

/* Block-wide exclusive prefix sum of one flag per thread; *total = the sum. */
__device__ int32_t block_excl_scan(bool f, int32_t *warp_tot, int32_t *total) {
    const int tid = threadIdx.x, lane = tid & 31, wid = tid >> 5, nw = blockDim.x >> 5;
    const uint32_t bal = __ballot_sync(0xffffffffu, f);
    const int32_t in_warp = __popc(bal & ((1u << lane) - 1u));
    if (lane == 0)
        warp_tot[wid] = __popc(bal);
    __syncthreads();
    int32_t before = 0, all = 0;
    for (int w = 0; w < nw; w++) {
        before += w < wid ? warp_tot[w] : 0;
        all += warp_tot[w];
    }
    __syncthreads(); /* warp_tot is rewritten by the next call */
    *total = all;
    return before + in_warp;
}

/* One block (256 threads) per (row tt, group r): sel row = the T best tokens. */
__global__ void __launch_bounds__(256) dsa_topk_kernel(dsa_args a) {
    __shared__ int32_t hist[256];
    __shared__ int32_t warp_tot[8];
    __shared__ uint32_t sh_prefix;
    __shared__ int32_t sh_need, sh_nvalid;
    const int tid = threadIdx.x;
    const int64_t tt = blockIdx.x % a.nq, r = blockIdx.x / a.nq, t = a.t0 + tt;
    const int64_t n = vis_end(a, t);
    const float *sc = a.sc + (r * a.nq + tt) * a.N;
    int32_t *row = a.sel + (r * a.nq + tt) * a.T;
    /* valid (non-NaN) count */
    int32_t cnt = 0;
    for (int64_t j = tid; j < n; j += blockDim.x)
        cnt += score_key(sc, a.tks, j) != 0xffffffffu;
    cnt = __reduce_add_sync(0xffffffffu, cnt);
    if (tid == 0)
        sh_nvalid = 0;
    __syncthreads();
    if ((tid & 31) == 0)
        atomicAdd(&sh_nvalid, cnt);
    __syncthreads();
    const int32_t nvalid = sh_nvalid;
    const bool take_all = nvalid <= a.T;
    uint32_t prefix = 0, mask = 0;
    int32_t need = take_all ? 0 : a.T; /* how many still to take at the threshold */
    if (!take_all) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            hist[tid] = 0;
            __syncthreads();
            for (int64_t j = tid; j < n; j += blockDim.x) {
                const uint32_t u = score_key(sc, a.tks, j);
                if (u != 0xffffffffu && (u & mask) == prefix)
                    atomicAdd(&hist[(u >> shift) & 255u], 1);
            }
            __syncthreads();
            if (tid == 0) {
                int32_t above = 0, bin = 255;
                for (; bin > 0 && above + hist[bin] < need; bin--)
                    above += hist[bin];
                sh_need = need - above;
                sh_prefix = prefix | ((uint32_t)bin << shift);
            }
            __syncthreads();
            need = sh_need;
            prefix = sh_prefix;
            mask |= 255u << shift;
            __syncthreads();
        }
    }
    /* ordered pass: tokens above the threshold, and the first `need` equal to it */
    int32_t out = 0, ties = 0;
    for (int64_t base = 0; base < n; base += blockDim.x) {
        const int64_t j = base + tid;
        const uint32_t u = j < n ? score_key(sc, a.tks, j) : 0xffffffffu;
        const bool valid = u != 0xffffffffu;
        const bool eq = !take_all && valid && u == prefix;
        int32_t neq = 0, nkeep = 0;
        const int32_t eq_before = block_excl_scan(eq, warp_tot, &neq);
        const bool keep = valid && (take_all || u > prefix || (eq && ties + eq_before < need));
        const int32_t at = block_excl_scan(keep, warp_tot, &nkeep);
        if (keep)
            row[out + at] = (int32_t)j;
        out += nkeep;
        ties += neq;
    }
    for (int64_t i = out + tid; i < a.T; i += blockDim.x)
        row[i] = -1;
}

/* One warp per (row tt, query head h): softmax attention over the row's
 * selected tokens of group h / G. */
template <int D> __global__ void __launch_bounds__(ATT_WARPS * 32) dsa_attn_kernel(dsa_args a) {
    __shared__ float qs_all[ATT_WARPS][D];
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int64_t task = (int64_t)blockIdx.x * ATT_WARPS + warp;
    if (task >= a.nq * a.Hq)
        return; /* whole warp; no block barrier below */
    const int64_t tt = task / a.Hq, h = task % a.Hq, r = h / (a.Hq / a.Hkv), t = a.t0 + tt;
    float *qs = qs_all[warp];
    const bf16 *qr = a.q + (t * a.Hq + h) * D;
    for (int x = lane; x < D; x += 32)
        qs[x] = __bfloat162float(qr[x]);
    __syncwarp();
    const int32_t *row = a.sel + (r * a.nq + tt) * a.T;
    const float scale = rsqrtf((float)D);
    constexpr int DL = D / 32; /* dims per lane: lane*2 + 64*u, two at a time */
    float acc[DL];
#pragma unroll
    for (int i = 0; i < DL; i++)
        acc[i] = 0.f;
    float m = -INFINITY, l = 0.f;
    for (int32_t c0 = 0; c0 < a.T; c0 += 32) {
        const int32_t tok = c0 + lane < a.T ? row[c0 + lane] : -1;
        if (__all_sync(0xffffffffu, tok < 0))
            break; /* -1 only trails the row */
        float s = -INFINITY;
        if (tok >= 0) {
            const uint4 *kr = reinterpret_cast<const uint4 *>(a.k + ((int64_t)tok * a.Hkv + r) * D);
            float dot = 0.f;
#pragma unroll 4
            for (int c = 0; c < D / 8; c++) {
                const uint4 u = kr[c];
                const bf16 *e = reinterpret_cast<const bf16 *>(&u);
#pragma unroll
                for (int i = 0; i < 8; i++)
                    dot += qs[c * 8 + i] * __bfloat162float(e[i]);
            }
            s = dot * scale;
        }
        float mc = s;
        for (int off = 16; off > 0; off >>= 1)
            mc = fmaxf(mc, __shfl_xor_sync(0xffffffffu, mc, off));
        const float mn = fmaxf(m, mc), corr = expf(m - mn);
        const float p = tok >= 0 ? expf(s - mn) : 0.f;
        float ps = p;
        for (int off = 16; off > 0; off >>= 1)
            ps += __shfl_xor_sync(0xffffffffu, ps, off);
        l = l * corr + ps;
        m = mn;
#pragma unroll
        for (int i = 0; i < DL; i++)
            acc[i] *= corr;
        for (int i = 0; i < 32; i++) {
            const float pi = __shfl_sync(0xffffffffu, p, i);
            const int32_t ti = __shfl_sync(0xffffffffu, tok, i);
            if (ti < 0)
                continue;
            const bf16 *vr = a.v + ((int64_t)ti * a.Hkv + r) * D;
#pragma unroll
            for (int u = 0; u < DL / 2; u++) {
                const __nv_bfloat162 w =
                    *reinterpret_cast<const __nv_bfloat162 *>(vr + 64 * u + 2 * lane);
                acc[2 * u] += pi * __low2float(w);
                acc[2 * u + 1] += pi * __high2float(w);
            }
        }
    }
    const float inv = l > 0.f ? 1.f / l : 0.f;
    bf16 *orow = a.o + (t * a.Hq + h) * D;
#pragma unroll
    for (int u = 0; u < DL / 2; u++)
        *reinterpret_cast<__nv_bfloat162 *>(orow + 64 * u + 2 * lane) =
            __floats2bfloat162_rn(acc[2 * u] * inv, acc[2 * u + 1] * inv);
}

int64_t chunk_rows(const struct attn_shape *s, const struct attn_params *p) {
    (void)p;
    const int64_t per = s->heads_kv * s->seq_len * 4;
    int64_t cq = (int64_t)(contemp_chunk_cap(DSA_SCORE_CAP) / (size_t)per);
    cq = cq < 1 ? 1 : cq > 65535 ? 65535 : cq;
    return cq < s->q_len ? cq : s->q_len;
}

const char *why_not(const struct attn_shape *s, const struct attn_params *p, bool tc) {
    const char *w = dsa_params_check(s, p);
    if (w)
        return w;
    if (s->head_dim != 64 && s->head_dim != 128 && s->head_dim != 256)
        return "dsa cuda: head_dim must be 64, 128 or 256";
    if (s->index_dim % 8 != 0 || s->index_dim > 1024)
        return "dsa cuda: index_dim must be a multiple of 8, at most 1024";
    if (s->seq_len >= INT32_MAX)
        return "dsa cuda: seq_len must fit int32 token ids";
    if (tc && dsa_sel_width(s, p) > dsak::tc_topk_max_tokens())
        return "dsa cuda tc: dsa_tokens above 4096 (its top-k keeps the selection in shared "
               "memory; v1 and fp8 take any)";
    return NULL;
}

template <bool TC>
bool cu_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = why_not(s, p, TC);
    if (w && why)
        *why = w;
    return w == NULL;
}

/* The workspace, sized (c NULL) or carved into c: the scores of one chunk,
 * its selection, and for tc the GEMMs' cuBLAS workspace and (tc_fp8) one
 * batch's index keys as bf16.  Every piece 256-byte aligned. */
size_t layout(const struct attn_shape *s, const struct attn_params *p, bool tc, bool fp8, char *ws,
              dsa_ctx *c) {
    const int64_t cq = chunk_rows(s, p);
    const size_t n[4] = {(size_t)(s->heads_kv * cq * s->seq_len) * 4,
                         (size_t)(s->heads_kv * cq * dsa_sel_width(s, p)) * 4, tc ? CUBLAS_WS : 0,
                         tc && fp8 ? (size_t)(s->seq_len * s->index_dim) * 2 : 0};
    size_t off[4], o = 0;
    for (int i = 0; i < 4; i++) {
        off[i] = o;
        o += align256(n[i]);
    }
    if (c) {
        c->sc = (float *)ws;
        c->sel = (int32_t *)(ws + off[1]);
        c->blas_ws = tc ? ws + off[2] : NULL;
        c->kb = fp8 && tc ? (bf16 *)(ws + off[3]) : NULL;
    }
    return o;
}

/* The workspace size and the init of each variant (vtable entries). */
template <bool FP8, bool TC>
size_t workspace_of(const struct attn_shape *s, const struct attn_params *p) {
    return layout(s, p, TC, FP8, NULL, NULL);
}

void cu_free(void *ctx) {
    dsa_ctx *c = (dsa_ctx *)ctx;
    if (c && c->h)
        cublasDestroy(c->h);
    free(c);
}

enum attn_status init_common(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                             void *ws, void *stream, bool fp8, bool tc) {
    *ctx = NULL;
    enum attn_status st = ws_init_check("dsa cuda", why_not(s, p, tc), ws);
    if (st != ATTN_OK)
        return st;
    dsa_ctx *c = (dsa_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->cq = chunk_rows(s, p);
    c->T = dsa_sel_width(s, p);
    c->fp8 = fp8;
    c->tc = tc;
    c->stream = (cudaStream_t)stream;
    layout(s, p, tc, fp8, (char *)ws, c);
    if (tc) { /* one handle per ctx, on its stream, its GEMM workspace carved from ours */
        CUBLAS_CHECK(cublasCreate(&c->h));
        CUBLAS_CHECK(cublasSetStream(c->h, c->stream));
        CUBLAS_CHECK(cublasSetWorkspace(c->h, c->blas_ws, CUBLAS_WS));
    }
    *ctx = c;
    c = NULL;
cleanup:
    cu_free(c);
    return st;
}

template <bool FP8, bool TC>
enum attn_status init_of(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    return init_common(ctx, s, p, ws, stream, FP8, TC);
}

/* The kernel arguments of rows t0..t0+nq-1 of batch b, scores and selection
 * in the workspace. */
dsa_args chunk_args(const dsa_ctx *c, const struct attn_io *io, int64_t b, int64_t t0, int64_t nq) {
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, L = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, di = s->index_dim;
    const uint8_t *ki8 = static_cast<const uint8_t *>(io->kidx); /* fp8: the cache */
    const float *ks =
        reinterpret_cast<const float *>(ki8 + msa_fp8_kidx_scale_offset(s->batch, N, di));
    dsa_args a;
    memset(&a, 0, sizeof a);
    a.q = static_cast<const bf16 *>(io->q) + b * L * Hq * d;
    a.k = static_cast<const bf16 *>(io->k) + b * N * Hkv * d;
    a.v = static_cast<const bf16 *>(io->v) + b * N * Hkv * d;
    a.qi = static_cast<const bf16 *>(io->qidx) + b * L * Hkv * di;
    a.ki = c->fp8 ? NULL : static_cast<const bf16 *>(io->kidx) + b * N * di;
    a.ki8 = c->fp8 ? ki8 + b * N * di : NULL;
    a.ks = c->fp8 ? ks + b * N : NULL;
    a.tks = c->fp8 && c->tc ? a.ks : NULL; /* tc_fp8's GEMM leaves the scale to the top-k */
    a.o = static_cast<bf16 *>(io->o) + b * L * Hq * d;
    a.sc = c->sc;
    a.sel = c->sel;
    a.t0 = t0;
    a.nq = nq;
    a.q_len = L;
    a.N = N;
    a.Hq = Hq;
    a.Hkv = Hkv;
    a.d = d;
    a.di = di;
    a.T = c->T;
    a.causal = s->causal;
    return a;
}

enum attn_status index_launch(const dsa_ctx *c, const dsa_args &a) {
    if (c->tc)
        return dsak::tc_index_launch(c, a);
    enum attn_status st = ATTN_OK;
    const dim3 ig((unsigned)((a.N + 255) / 256), (unsigned)a.nq, (unsigned)a.Hkv);
    if (c->fp8)
        dsa_index_kernel<true><<<ig, 256, (size_t)a.di * 4, c->stream>>>(a);
    else
        dsa_index_kernel<false><<<ig, 256, (size_t)a.di * 4, c->stream>>>(a);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

/* The top-k of a's rows, copied to io->sel (batch b) when given. */
enum attn_status topk_launch(const dsa_ctx *c, const struct attn_io *io, int64_t b,
                             const dsa_args &a) {
    enum attn_status st = ATTN_OK;
    const int64_t L = a.q_len, Hkv = a.Hkv, t0 = a.t0, nq = a.nq;
    const int32_t T = a.T;
    if (c->tc) {
        ATTN_CHECK(dsak::tc_topk_launch(c, a));
    } else {
        dsa_topk_kernel<<<(unsigned)(Hkv * nq), 256, 0, c->stream>>>(a);
        CUDA_CHECK_LAUNCH();
    }
    if (io->sel)
        ATTN_CHECK(sel_chunk_copy(io->sel, c->sel, b, Hkv, L, t0, nq, T, c->stream));
cleanup:
    return st;
}

enum attn_status attn_launch(const dsa_ctx *c, const dsa_args &a) {
    if (c->tc)
        return dsak::tc_attn_launch(c, a);
    enum attn_status st = ATTN_OK;
    const unsigned ag = (unsigned)((a.nq * a.Hq + ATT_WARPS - 1) / ATT_WARPS);
    if (a.d == 64)
        dsa_attn_kernel<64><<<ag, ATT_WARPS * 32, 0, c->stream>>>(a);
    else if (a.d == 128)
        dsa_attn_kernel<128><<<ag, ATT_WARPS * 32, 0, c->stream>>>(a);
    else
        dsa_attn_kernel<256><<<ag, ATT_WARPS * 32, 0, c->stream>>>(a);
    CUDA_CHECK_LAUNCH();
cleanup:
    return st;
}

/* Stages "index" (the lightning indexer), "topk" (the radix select; tc:
 * dsa_topk.cu's), "attn"
 * (the token-sparse attention, the main branch).  The scores hold one chunk
 * of one batch, so index and top-k go chunk by chunk: with one chunk (B = 1
 * and q_len <= cq, e.g. decode at B = 1) each stage is exactly its kernels; with
 * several, "index" also runs the top-k of every chunk but the last and
 * "topk" the last one's (msa_cuda.cu's rule).  With io->sel (the runner
 * always passes it) "attn" reads the selection there, every row of a batch
 * in one launch, so it is exact at any length; without it the workspace
 * holds one chunk and "index" also runs the attention of every chunk but the
 * last, "attn" the last one's.  Either way run() == the stages in order, bit
 * for bit. */
enum attn_status cu_run_stage(void *ctx, int stage, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    dsa_ctx *c = (dsa_ctx *)ctx;
    if (!c || !io || !io->q || !io->k || !io->v || !io->o || !io->qidx || !io->kidx) {
        attn_set_error("dsa cuda: q, k, v, o, qidx and kidx are all needed");
        return ATTN_ERR_INVALID;
    }
    const int64_t L = c->s.q_len, Hkv = c->s.heads_kv, B = c->s.batch;
    const int64_t last_t0 = (L - 1) / c->cq * c->cq; /* the last chunk of the last batch */
    const dsa_args last = chunk_args(c, io, B - 1, last_t0, L - last_t0);
    switch (stage) {
    case 0:
        for (int64_t b = 0; b < B; b++)
            for (int64_t t0 = 0; t0 < L; t0 += c->cq) {
                const dsa_args a = chunk_args(c, io, b, t0, L - t0 < c->cq ? L - t0 : c->cq);
                ATTN_CHECK(index_launch(c, a));
                if (b + 1 == B && t0 == last_t0)
                    continue; /* its top-k is stage 1 */
                ATTN_CHECK(topk_launch(c, io, b, a));
                if (!io->sel)
                    ATTN_CHECK(attn_launch(c, a));
            }
        break;
    case 1:
        ATTN_CHECK(topk_launch(c, io, B - 1, last));
        break;
    case 2:
        if (io->sel) {
            for (int64_t b = 0; b < B; b++) {
                dsa_args a = chunk_args(c, io, b, 0, L);
                a.sel = io->sel + b * Hkv * L * c->T;
                ATTN_CHECK(attn_launch(c, a));
            }
        } else {
            ATTN_CHECK(attn_launch(c, last));
        }
        break;
    default:
        attn_set_error("dsa cuda: no stage %d", stage);
        return ATTN_ERR_INVALID;
    }
cleanup:
    return st;
}

enum attn_status cu_run(void *ctx, const struct attn_io *io) {
    for (int s = 0; s < 3; s++) {
        const enum attn_status st = cu_run_stage(ctx, s, io);
        if (st != ATTN_OK)
            return st;
    }
    return ATTN_OK;
}

} /* namespace */

extern "C" {
extern const struct attn_impl attn_dsa_cuda, attn_dsa_cuda_fp8, attn_dsa_cuda_tc,
    attn_dsa_cuda_tc_fp8;
}

const struct attn_impl attn_dsa_cuda = {
    ATTN_API_VERSION,
    "dsa",
    "cuda",
    "v1",
    "DSA: bf16 lightning indexer, radix-select token top-k, gathered token attention",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT,
    cu_supports<false>,
    workspace_of<false, false>,
    init_of<false, false>,
    cu_run,
    cu_free,
    3,
    stage_names,
    cu_run_stage,
    dsa_sel_width,
};

const struct attn_impl attn_dsa_cuda_fp8 = {
    ATTN_API_VERSION,
    "dsa",
    "cuda",
    "fp8",
    "DSA: fp8 (e4m3 key cache, per-token scale) lightning indexer, token top-k, token attention",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_KIDX_FP8 | ATTN_F_SELECT,
    cu_supports<false>,
    workspace_of<true, false>,
    init_of<true, false>,
    cu_run,
    cu_free,
    3,
    stage_names,
    cu_run_stage,
    dsa_sel_width,
};

const struct attn_impl attn_dsa_cuda_tc = {
    ATTN_API_VERSION,
    "dsa",
    "cuda",
    "tc",
    "DSA on tensor cores: cuBLAS bf16 indexer GEMM, radix-select top-k, mma.sync token attention",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT,
    cu_supports<true>,
    workspace_of<false, true>,
    init_of<false, true>,
    cu_run,
    cu_free,
    3,
    stage_names,
    cu_run_stage,
    dsa_sel_width,
};

const struct attn_impl attn_dsa_cuda_tc_fp8 = {
    ATTN_API_VERSION,
    "dsa",
    "cuda",
    "tc_fp8",
    "DSA on tensor cores, e4m3 key cache: keys to bf16, indexer GEMM, scale in the top-k",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_KIDX_FP8 | ATTN_F_SELECT,
    cu_supports<true>,
    workspace_of<true, true>,
    init_of<true, true>,
    cu_run,
    cu_free,
    3,
    stage_names,
    cu_run_stage,
    dsa_sel_width,
};
