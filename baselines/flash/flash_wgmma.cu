/* flash_wgmma.cu - exact dense attention, fused, bf16, Hopper warpgroup MMAs (sm_90a).
 *
 * variant "wgmma_v1": prefill with head_dim 128 on an sm_90 device runs the kernel below.
 * Every other shape (decode, d=64, another GPU or a build without sm_90a code) is refused
 * by supports() with the reason, so the runner records a skipped row: a row of this
 * variant is always this kernel's number (mma_v1, flash_cuda.cu, runs those shapes).
 *   - CTA = 2 warpgroups (8 warps), BM = 128 query rows (64 per warpgroup), BN = 128 keys
 *     per tile.  S = Q K^T is wgmma.m64n128k16 with Q and K in shared memory; O += P V
 *     is wgmma.m64n128k16 with P from registers (the S accumulator layout is the A
 *     fragment layout) and V in shared memory (transposed operand).
 *   - Q/K/V tiles are stored in the 128-byte swizzled layout wgmma reads: each 64-column
 *     half of a tile is [rows][128 B], 16-byte chunk c of row r at (c ^ (r & 7)).  The
 *     tiles arrive by cp.async (16-byte copies, zero-fill past the end); a generic->async
 *     proxy fence precedes the barrier that publishes them to the tensor cores.
 *   - Software pipeline inside a warpgroup (FlashAttention-3's intra-warpgroup overlap):
 *     iteration j issues S_j = Q K_j^T and O += P_{j-1} V_{j-1} together, then does the
 *     softmax of S_j while the P.V product runs.  K and V live in rings of 3 tiles; the
 *     copies of K_{j+2} and V_{j+1} are issued at iteration j, right after the MMAs
 *     (two tiles of lookahead; their issue cost hides behind the tensor cores).
 *   - Online softmax in the exp2 domain with the scale folded into one FFMA; masking only
 *     on tiles that cross the diagonal or the end; P rounded to bf16; the output is
 *     normalized, staged in the Q buffer and written with 16-byte coalesced stores.
 *   - Grid: one CTA per (batch, query block, head), heads fastest and the heaviest causal
 *     blocks first (as mma_v1).
 *   - The wgmma wrappers (descriptors, issue, fence/commit/wait) are common/cuda_wgmma.cuh,
 *     shared with the MSA index kernel.
 * ptxas (sm_90a): 215 registers, no spill, no wgmma serialization warning.
 *
 * Measured on NVIDIA H100 80GB HBM3 (results/gpu/NOTES.md "flash/cuda/wgmma_v1", run 2;
 * mma_v1 and torch SDPA in the same call), B=1, Hq=32, Hkv=4, d=128, bf16, causal, cold L2:
 *   prefill N=16K/32K/64K/128K: 4.89/19.6/77.7/305 ms = 450/449/453/461 TFLOP/s
 *                     mma_v1:  309/315/292/317  (wgmma_v1 1.43-1.55x)
 *                  torch FA2:  341/353/336/320  (wgmma_v1 1.27-1.44x)
 *                torch cuDNN:  650/606/601/559  (wgmma_v1 0.69-0.82x)
 * run10 (H100, same call): ws_v1 (flash_ws.cu, this kernel's math on TMA + mbarriers) is
 * 1.43-1.50x this one at Hq 32 and 64, 16K..128K.
 */
#include "alloc.h"
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_wgmma.cuh"
#include "common/wgmma_tile.cuh"
#include "device.h"

#include <cuda_bf16.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

extern "C" const struct attn_impl attn_flash_cuda; /* mma_v1: its shape rules come first */

namespace {

constexpr int D = 128;            /* head_dim of the wgmma path */
constexpr int BM = 128, BN = 128; /* query rows per CTA, keys per tile */
constexpr int NTHREADS = 256;     /* 2 warpgroups */
constexpr int RING = 3;           /* K and V tiles in flight */
constexpr int TILE = BN * D * 2;  /* bytes of one K or V tile (= the Q tile) */
constexpr size_t SMEM = (size_t)(1 + 2 * RING) * TILE + 1024; /* + alignment slack */

struct fw_args {
    const __nv_bfloat16 *q, *k, *v;
    __nv_bfloat16 *o;
    int N, q_len, Hq, Hkv, G, causal, num_mb;
    float scale_log2; /* log2(e) / sqrt(d) */
};

/* the wgmma code exists only in sm_90a device passes (MSABENCH_WGMMA_DEVICE) */
#ifdef MSABENCH_WGMMA_DEVICE
using namespace bswg;
using bsmma::smem_u32;

constexpr int HALF = BN * 128; /* bytes of one 64-column half of a tile */

using fwtile::sw128;

/* Copies 128 rows (j0.., rows >= N zero-filled) of K or V of one KV head into a tile. */
__device__ __forceinline__ void load_tile(uint32_t s, const __nv_bfloat16 *base, int j0, int N,
                                          int Hkv, int tid) {
#pragma unroll
    for (int it = 0; it < BN * 16 / NTHREADS; it++) {
        const int i = tid + it * NTHREADS, r = i >> 4, C = i & 15;
        const int j = j0 + r;
        const bool ok = j < N;
        cp_async16(s + sw128(BN, r, C), base + (long long)(ok ? j : 0) * Hkv * D + C * 8, ok);
    }
}

#endif /* MSABENCH_WGMMA_DEVICE */

/* One CTA: 128 query rows of one head against all visible keys of its KV head. */
__global__ void __launch_bounds__(NTHREADS, 1) flash_wgmma_fwd(const fw_args a) {
#ifdef MSABENCH_WGMMA_DEVICE
    extern __shared__ unsigned char smem_raw[];
    const uint32_t base = (smem_u32(smem_raw) + 1023u) & ~1023u; /* swizzle atoms: 1 KB */
    const uint32_t sQ = base;
    const uint32_t sK0 = base + TILE, sV0 = base + (1 + RING) * TILE;
    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    const int wg = warp >> 2, wq = warp & 3; /* warpgroup, warp within it */
    const int N = a.N, q_len = a.q_len;

    int idx = blockIdx.x;
    const int h = idx % a.Hq;
    idx /= a.Hq;
    const int mb = a.num_mb - 1 - idx % a.num_mb;
    const long long b = idx / a.num_mb;
    const int m0 = mb * BM;
    const int hk = h / a.G;
    const int n_rows = q_len - m0 < BM ? q_len - m0 : BM;
    const int min_pos = N - q_len + m0;
    const int key_end = a.causal ? (min_pos + n_rows < N ? min_pos + n_rows : N) : N;
    const int T = (key_end + BN - 1) / BN; /* key tiles */
    const __nv_bfloat16 *kb = a.k + (b * N * a.Hkv + hk) * D;
    const __nv_bfloat16 *vb = a.v + (b * N * a.Hkv + hk) * D;

    /* cp.async groups: step i = {K_i, V_{i-1}} (step 0 also Q); iteration j needs step j */
#pragma unroll
    for (int it = 0; it < BM * 16 / NTHREADS; it++) {
        const int i = tid + it * NTHREADS, r = i >> 4, C = i & 15;
        const bool ok = r < n_rows;
        cp_async16(sQ + sw128(BM, r, C),
                   a.q + (ok ? ((b * q_len + m0 + r) * a.Hq + h) * D + C * 8 : 0), ok);
    }
    load_tile(sK0, kb, 0, N, a.Hkv, tid);
    cp_commit();
    if (T > 1)
        load_tile(sK0 + TILE, kb, BN, N, a.Hkv, tid);
    load_tile(sV0, vb, 0, N, a.Hkv, tid);
    cp_commit();

    /* this thread's rows: r0 = wg*64 + wq*16 + lane/4 and r0 + 8 */
    const int r0 = wg * 64 + wq * 16 + (lane >> 2);
    const int pos0 = min_pos + r0, pos1 = pos0 + 8;
    float o[64], s[64];
    uint32_t p[8][4];
#pragma unroll
    for (int i = 0; i < 64; i++)
        o[i] = 0.f;
#pragma unroll
    for (int i = 0; i < 8; i++)
        p[i][0] = p[i][1] = p[i][2] = p[i][3] = 0u;
    fwtile::rows2 rs = {{-INFINITY, -INFINITY}, {0.f, 0.f}};
    const float sl = a.scale_log2;
    const uint32_t qa = sQ + wg * 64 * 128; /* this warpgroup's 64 rows in each half */

    /* iteration j: barrier (K_j, V_{j-1} landed), S_j = Q K_j^T and O += P_{j-1} V_{j-1}
     * issued together, the copies of step j+2, then the softmax of S_j overlapping P.V */
    auto sync = [] {
        cp_wait<1>();
        fence_proxy_async();
        __syncthreads(); /* slots of K_{j-1} and V_{j-2} are free */
    };
    /* issued after the MMAs of iteration j, so the copies' issue hides behind them */
    auto prefetch = [&](int j) {
        const int nk = j + 2, nv = j + 1;
        if (nk < T)
            load_tile(sK0 + (nk % RING) * TILE, kb, nk * BN, N, a.Hkv, tid);
        if (nv < T)
            load_tile(sV0 + (nv % RING) * TILE, vb, nv * BN, N, a.Hkv, tid);
        cp_commit();
    };
    auto issue_s = [&](int j) {
        const uint32_t sK = sK0 + (j % RING) * TILE;
#pragma unroll
        for (int kc = 0; kc < D / 16; kc++) {
            const uint32_t off = (kc >> 2) * HALF + (kc & 3) * 32;
            wgmma_m64n128k16_ss<0>(s, desc_sw128(qa + off), desc_sw128(sK + off), kc > 0);
        }
        wg_commit();
    };
    auto issue_pv = [&](int j) { /* P_{j-1} V_{j-1} */
                                 const uint32_t sV = sV0 + ((j - 1) % RING) * TILE;
#pragma unroll
                                 for (int kk = 0; kk < BN / 16; kk++)
                                     wgmma_m64n128k16_rs<1>(
                                         o, p[kk], desc_sw128(sV + kk * 16 * 128, HALF, 1024), 1);
                                 wg_commit();
    };
    float corr[2];
    sync();
    wg_fence();
    issue_s(0);
    prefetch(0);
    wg_wait<0>();
    wg_fence_regs(s);
    fwtile::softmax(s, rs, corr, 0, N, a.causal, min_pos, pos0, pos1, lane, sl);
    fwtile::rescale_pack(o, p, s, corr);
    for (int j = 1; j < T; j++) {
        sync();
        wg_fence();
        issue_s(j);
        issue_pv(j);
        prefetch(j);
        wg_wait<1>();
        wg_fence_regs(s);
        fwtile::softmax(s, rs, corr, j * BN, N, a.causal, min_pos, pos0, pos1, lane, sl);
        wg_wait<0>(); /* P_{j-1} V_{j-1} done: O and P may change */
        wg_fence_regs(o);
        fwtile::rescale_pack(o, p, s, corr);
    }
    sync();
    wg_fence();
    issue_pv(T);
    wg_wait<0>();
    wg_fence_regs(o);
    cp_wait<0>();

    /* epilogue: normalize, stage bf16 rows in the Q buffer (each warpgroup only read its
     * own Q rows, and every S product finished before the last barrier), store */
    fwtile::stage_out(o, rs, sQ, r0, lane);
    __syncthreads();
    for (int i = tid; i < BM * 16; i += NTHREADS) {
        const int r = i >> 4, C = i & 15;
        if (r >= n_rows)
            continue;
        uint4 v;
        asm volatile("ld.shared.v4.b32 {%0,%1,%2,%3}, [%4];\n"
                     : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                     : "r"(sQ + sw128(BM, r, C)));
        *reinterpret_cast<uint4 *>(a.o + ((b * q_len + m0 + r) * a.Hq + h) * D + C * 8) = v;
    }
#else
    (void)a;
    __trap(); /* the host never launches this without sm_90a code (fw_device_ok) */
#endif
}

/* ---- host side ---- */

struct fw_ctx {
    struct attn_shape s;
    cudaStream_t stream;
};

/* An sm_90 device, and this build holds sm_90a code for the kernel (binary version 90). */
bool fw_device_ok(void) {
    return fwtile::sm90a_ok((const void *)flash_wgmma_fwd);
}

bool fw_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = NULL;
    if (!attn_flash_cuda.supports(s, p, &w)) /* mma_v1's shape rules hold here too */
        w = w ? w : "flash wgmma_v1: unsupported shape";
    else if (s->mode != ATTN_PREFILL)
        w = "flash wgmma_v1: prefill only (decode runs on mma_v1)";
    else if (s->head_dim != D)
        w = "flash wgmma_v1: head_dim must be 128 (other sizes run on mma_v1)";
    else if (!fw_device_ok())
        w = "flash wgmma_v1: needs an sm_90 device and sm_90a code in this build";
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t fw_workspace(const struct attn_shape *s, const struct attn_params *p) {
    (void)s, (void)p;
    return 0;
}

enum attn_status fw_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    const char *why = NULL;
    struct fw_ctx *c = NULL;
    if (!fw_supports(s, p, &why)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    c = (struct fw_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    (void)ws;
    c->s = *s;
    c->stream = (cudaStream_t)stream;
    CUDA_CHECK(cudaFuncSetAttribute(flash_wgmma_fwd, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                    (int)SMEM));
    *ctx = c;
    c = NULL;
cleanup:
    free(c);
    return st;
}

enum attn_status fw_run(void *ctx, const struct attn_io *io) {
    enum attn_status st = ATTN_OK;
    const struct fw_ctx *c = (const struct fw_ctx *)ctx;
    const struct attn_shape *s = &c->s;
    {
        fw_args a;
        a.q = (const __nv_bfloat16 *)io->q;
        a.k = (const __nv_bfloat16 *)io->k;
        a.v = (const __nv_bfloat16 *)io->v;
        a.o = (__nv_bfloat16 *)io->o;
        a.N = (int)s->seq_len;
        a.q_len = (int)s->q_len;
        a.Hq = (int)s->heads_q;
        a.Hkv = (int)s->heads_kv;
        a.G = (int)attn_group(s);
        a.causal = s->causal ? 1 : 0;
        a.num_mb = (int)((s->q_len + BM - 1) / BM);
        a.scale_log2 = (float)(1.4426950408889634 / sqrt((double)D));
        const long long grid = s->batch * a.num_mb * s->heads_q;
        flash_wgmma_fwd<<<(unsigned)grid, NTHREADS, SMEM, c->stream>>>(a);
        CUDA_CHECK_LAUNCH();
    }
cleanup:
    return st;
}

void fw_free(void *ctx) {
    struct fw_ctx *c = (struct fw_ctx *)ctx;
    if (!c)
        return;
    free(c);
}

} /* namespace */

extern "C" const struct attn_impl attn_flash_cuda_wgmma = {
    ATTN_API_VERSION,
    "flash",
    "cuda",
    "wgmma_v1",
    "fused dense attention: sm_90a wgmma prefill (d=128); other shapes skipped (mma_v1 runs them)",
    ATTN_F_DEVICE,
    fw_supports,
    fw_workspace,
    fw_init,
    fw_run,
    fw_free,
    0,
    nullptr,
    nullptr,
    nullptr,
};
