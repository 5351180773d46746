/* flash_ws.cu - exact dense attention, fused, bf16, Hopper warp-specialized (sm_90a).
 *
 * variant "ws_v1": wgmma_v1's math (flash_wgmma.cu, shared in common/wgmma_tile.cuh: two consumer
 * warpgroups of 64 query rows, wgmma.m64n128k16, S_j overlapping P_{j-1} V_{j-1}) on the
 * data path of cuDNN and FlashAttention-3:
 *   - a producer warpgroup (warps 8-11; one thread issues) of TMA tensor copies (128-byte
 *     swizzle, zero fill past the end) into rings of 3 K / V slots, each guarded by a
 *     "full" mbarrier (transaction bytes) and an "empty" one (one arrival per consumer warp);
 *   - no CTA-wide barrier in the main loop: the two consumer warpgroups run out of step;
 *   - setmaxnreg 24 / 240 (384 threads; ptxas: 168 at the launch bound, 0 spills).
 * Shapes as wgmma_v1 (prefill, d = 128, sm_90 with sm_90a code); the rest is refused.
 * Predicted (H100): 1.05-1.15x wgmma_v1, ~0.8x cuDNN.
 * Measured (run10, NVIDIA H100 80GB HBM3, targets.sh's peer stage, wgmma_v1 / mma_v1 and
 * torch SDPA in the same call), B=1, Hkv=4, d=128, bf16, causal, prefill 16K/32K/64K/128K:
 *   Hq=32: 672/647/653/628 TFLOP/s = 1.01/1.06/1.06/1.09x cuDNN, 1.43-1.50x wgmma_v1
 *   Hq=64: 636/648/640/629 TFLOP/s = 1.02/1.06/1.05/1.10x cuDNN, 1.44-1.45x wgmma_v1
 * (1.78-1.92x torch FA2): 3x the predicted gain; the decoupled warpgroups were worth more
 * than the copies' issue slots.  compute-sanitizer memcheck: 0 errors (run10).
 * The LIST and UNION instances (flash_ws.h; bigbird/cuda/ws, nsa/cuda/ws) take tile j's keys
 * from a block list; the dense instance's SASS is unchanged by them (cuobjdump, 2,192
 * instructions).  run18 (H100, 128K paper shape, same call as FlexAttention on the identical
 * selection): LIST 543 useful TFLOP/s (1.54x flex), UNION ~570 done / 423 useful (2.68x). */
#include "alloc.h"
#include "common/cuda_check.h"
#include "common/cuda_mma.cuh"
#include "common/cuda_tma.cuh"
#include "common/cuda_wgmma.cuh"
#include "common/union_rows.h"
#include "common/wgmma_tile.cuh"
#include "device.h"
#include "flash/flash_ws.h"

#include <cuda_bf16.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

extern "C" const struct attn_impl attn_flash_cuda; /* mma_v1: its shape rules hold here */

namespace {

constexpr int D = 128;
constexpr int BM = 128, BN = 128;
constexpr int NCONS = 256;            /* 2 consumer warpgroups */
constexpr int NTHREADS = NCONS + 128; /* + the producer warpgroup */
constexpr int RING = 3;
constexpr int TILE = BN * D * 2; /* one K or V tile (= the Q tile): 32 KB */
constexpr int HALF = BN * 128;   /* one 64-column half: one TMA box */
constexpr size_t SMEM = (size_t)(1 + 2 * RING) * TILE + 1024; /* + alignment slack */

struct ws_args {
    __nv_bfloat16 *o;
    int N, q_len, Hq, G, causal, num_mb;
    float scale_log2;
    /* LIST and UNION kernels (flash_ws.h): the key blocks of query tile mb and KV head hk are
     * list[(mb * Hkv + hk) * list_w ..] (UNION: row (b * num_mb + mb) * Hkv + hk), -1 after the
     * last; unused by the dense kernel */
    const int32_t *list;
    int list_w, Hkv;
    /* UNION: per list entry the tokens of the tile that chose the block (bit i: token m0 + i),
     * and the position of query row 0 */
    const uint32_t *tmask;
    int pos_off;
};

/* The kernel's forms: dense flash; LIST, 128-row tiles of one head over a block list shared by
 * the tile (bigbird/ws); UNION, tiles of 128 / G tokens x the G heads of a KV group over the
 * union of the tokens' blocks, each token masked to its own (nsa/ws). */
enum { WS_DENSE = 0, WS_LIST = 1, WS_UNION = 2 };

#ifdef MSABENCH_WGMMA_DEVICE
using namespace bswg;
using namespace bstma;
using bsmma::smem_u32;

/* A whole 128-row tile of a [B][rows][heads][128] bf16 tensor: both 64-column boxes, on
 * one barrier. */
__device__ __forceinline__ void tma_tile(uint32_t dst, const CUtensorMap *tm, int head, int row,
                                         int b, uint32_t bar) {
    mbar_expect_tx(bar, TILE);
    tma_4d(dst, tm, 0, head, row, b, bar);
    tma_4d(dst + HALF, tm, 64, head, row, b, bar);
}
/* A named barrier of one consumer warpgroup (ids 1, 2; 0 is __syncthreads). */
__device__ __forceinline__ void wg_bar(int wg) {
    asm volatile("bar.sync %0, 128;\n" ::"r"(wg + 1) : "memory");
}
#endif /* MSABENCH_WGMMA_DEVICE */

/* LIST and UNION: key tile j is block list[j] of the query tile's row (whole 128-key blocks),
 * else tile j itself, up to the causal end. */
template <int MODE>
__global__ void __launch_bounds__(NTHREADS, 1)
    flash_ws_fwd(const __grid_constant__ CUtensorMap tq, const __grid_constant__ CUtensorMap tk,
                 const __grid_constant__ CUtensorMap tv, const ws_args a) {
#ifdef MSABENCH_WGMMA_DEVICE
    extern __shared__ unsigned char smem_raw[];
    /* full / empty barriers of the K and V slots, and Q's */
    __shared__ __align__(8) uint64_t bars[4 * RING + 1];
    const uint32_t base = (smem_u32(smem_raw) + 1023u) & ~1023u; /* swizzle atoms: 1 KB */
    const uint32_t sQ = base, sK0 = base + TILE, sV0 = base + (1 + RING) * TILE;
    const uint32_t b0 = smem_u32(bars);
    auto fullK = [&](int s) { return b0 + 8u * s; };
    auto fullV = [&](int s) { return b0 + 8u * (RING + s); };
    auto emptyK = [&](int s) { return b0 + 8u * (2 * RING + s); };
    auto emptyV = [&](int s) { return b0 + 8u * (3 * RING + s); };
    const uint32_t fullQ = b0 + 8u * 4 * RING;
    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;

    constexpr bool LIST = MODE != WS_DENSE, UN = MODE == WS_UNION;
    int idx = blockIdx.x;
    const int h = idx % (UN ? a.Hkv : a.Hq); /* UNION: the KV group */
    idx /= UN ? a.Hkv : a.Hq;
    const int mb = a.num_mb - 1 - idx % a.num_mb; /* heaviest causal blocks first */
    const int b = idx / a.num_mb;
    const int tt = UN ? BM / a.G : BM; /* query rows (UNION: tokens) of a tile */
    const int m0 = mb * tt;
    const int hk = UN ? h : h / a.G;
    const int N = a.N, q_len = a.q_len;
    const int n_rows =
        UN ? (q_len - m0 < tt ? q_len - m0 : tt) * a.G : (q_len - m0 < BM ? q_len - m0 : BM);
    const int min_pos = (UN ? a.pos_off : N - q_len) + m0;
    const int key_end = a.causal ? (min_pos + n_rows < N ? min_pos + n_rows : N) : N;
    const long long lrow = ((long long)(UN ? b * a.num_mb + mb : mb) * a.Hkv + hk) * a.list_w;
    const int32_t *lst = LIST ? a.list + lrow : nullptr;
    const uint32_t *tmk = UN ? a.tmask + lrow : nullptr;
    int T = (key_end + BN - 1) / BN;
    if (LIST) {
        for (T = 0; T < a.list_w && lst[T] >= 0;)
            T++;
        if (T == 0)
            __trap(); /* an empty list would leave the consumers waiting (hosts refuse it) */
    }
    /* first key of tile j */
    auto kj = [&](int j) { return LIST ? __ldg(lst + j) * BN : j * BN; };

    if (tid == 0) {
        for (int s = 0; s < RING; s++) {
            mbar_init(fullK(s), 1);
            mbar_init(fullV(s), 1);
            mbar_init(emptyK(s), NCONS / 32); /* one arrival per consumer warp */
            mbar_init(emptyV(s), NCONS / 32);
        }
        mbar_init(fullQ, 1);
        mbar_init_fence();
    }
    __syncthreads();

    if (warp >= NCONS / 32) { /* the producer: K_0, then {K_{j+1}, V_j} in consumption order */
        setmaxnreg_dec<24>(); /* its registers go to the consumers */
        if (warp == NCONS / 32 && lane == 0) {
            tma_tile(sQ, &tq, UN ? hk * a.G : h, m0, b, fullQ); /* UNION: G heads x tq tokens */
            for (int t = 0; t <= 2 * T; t++) {
                /* t = 0: K_0; odd t: K_{(t+1)/2}; even t > 0: V_{t/2 - 1} */
                const bool isK = t == 0 || (t & 1);
                const int j = t == 0 ? 0 : (isK ? (t + 1) / 2 : t / 2 - 1);
                if (j >= T)
                    continue;
                const int s = j % RING;
                if (j >= RING) /* the slot's previous tile read by every consumer warp */
                    mbar_wait(isK ? emptyK(s) : emptyV(s), (uint32_t)((j / RING - 1) & 1));
                tma_tile((isK ? sK0 : sV0) + s * TILE, isK ? &tk : &tv, hk, kj(j), b,
                         isK ? fullK(s) : fullV(s));
            }
        }
        return;
    }

    setmaxnreg_inc<240>();
    const int wg = warp >> 2, wq = warp & 3;
    const int r0 = wg * 64 + wq * 16 + (lane >> 2);
    /* UNION: row r is token m0 + r / G, head hk * G + r % G */
    const int pos0 = UN ? min_pos + r0 / a.G : min_pos + r0;
    const int pos1 = UN ? min_pos + (r0 + 8) / a.G : pos0 + 8;
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
    const uint32_t qa = sQ + wg * 64 * 128;

    auto issue_s = [&](int j) {
        const uint32_t sK = sK0 + (j % RING) * TILE;
        mbar_wait(fullK(j % RING), (uint32_t)((j / RING) & 1));
        wg_fence();
#pragma unroll
        for (int kc = 0; kc < D / 16; kc++) {
            const uint32_t off = (kc >> 2) * HALF + (kc & 3) * 32;
            wgmma_m64n128k16_ss<0>(s, desc_sw128(qa + off), desc_sw128(sK + off), kc > 0);
        }
        wg_commit();
    };
    auto issue_pv = [&](int j) { /* P_{j-1} V_{j-1} */
                                 const int jv = j - 1;
                                 const uint32_t sV = sV0 + (jv % RING) * TILE;
                                 mbar_wait(fullV(jv % RING), (uint32_t)((jv / RING) & 1));
#pragma unroll
                                 for (int kk = 0; kk < BN / 16; kk++)
                                     wgmma_m64n128k16_rs<1>(
                                         o, p[kk], desc_sw128(sV + kk * 16 * 128, HALF, 1024), 1);
                                 wg_commit();
    };
    auto release = [&](uint32_t bar) { /* this warp's wgmma reads of the slot are done */
                                       __syncwarp();
                                       if (lane == 0)
                                           mbar_arrive(bar);
    };
    auto token_mask = [&](int j) { /* UNION: rows whose token did not choose block list[j] */
                                   if (UN) {
                                       const uint32_t tm = __ldg(tmk + j);
                                       const bool in0 = (tm >> (r0 / a.G)) & 1u,
                                                  in1 = (tm >> ((r0 + 8) / a.G)) & 1u;
                                       if (!(in0 && in1)) {
#pragma unroll
                                           for (int i = 0; i < 64; i++)
                                               if (!((i & 2) ? in1 : in0))
                                                   s[i] = -INFINITY;
                                       }
                                   }
    };
    float corr[2];
    mbar_wait(fullQ, 0);
    issue_s(0);
    wg_wait<0>();
    wg_fence_regs(s);
    release(emptyK(0));
    token_mask(0);
    fwtile::softmax(s, rs, corr, kj(0), N, a.causal, min_pos, pos0, pos1, lane, sl);
    fwtile::rescale_pack(o, p, s, corr);
    for (int j = 1; j < T; j++) {
        issue_s(j);
        issue_pv(j);
        wg_wait<1>(); /* S_j done: K_j's slot may be refilled */
        wg_fence_regs(s);
        release(emptyK(j % RING));
        token_mask(j);
        fwtile::softmax(s, rs, corr, kj(j), N, a.causal, min_pos, pos0, pos1, lane, sl);
        wg_wait<0>(); /* P_{j-1} V_{j-1} done: O and P may change, V_{j-1}'s slot is free */
        wg_fence_regs(o);
        release(emptyV((j - 1) % RING));
        fwtile::rescale_pack(o, p, s, corr);
    }
    wg_fence();
    issue_pv(T);
    wg_wait<0>();
    wg_fence_regs(o);

    /* epilogue: normalize, stage this warpgroup's 64 rows in its own part of the Q buffer
     * (only it read them, and its S products are done), store 16-byte rows */
    fwtile::stage_out(o, rs, sQ, r0, lane);
    wg_bar(wg);
    const int t128 = tid & 127;
    for (int i = t128; i < 64 * 16; i += 128) {
        const int r = wg * 64 + (i >> 4), C = i & 15;
        if (r >= n_rows)
            continue;
        uint4 v;
        asm volatile("ld.shared.v4.b32 {%0,%1,%2,%3}, [%4];\n"
                     : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                     : "r"(sQ + fwtile::sw128(BM, r, C)));
        const long long orow =
            UN ? ((long long)b * q_len + m0 + r / a.G) * a.Hq + hk * a.G + r % a.G
               : ((long long)b * q_len + m0 + r) * a.Hq + h;
        *reinterpret_cast<uint4 *>(a.o + orow * D + C * 8) = v;
    }
#else
    (void)tq, (void)tk, (void)tv, (void)a;
    __trap(); /* never launched without sm_90a code (ws_device_ok) */
#endif
}

/* ---- host side ---- */

using bstma::encode_fn;

struct ws_ctx {
    struct attn_shape s;
    cudaStream_t stream;
    encode_fn encode;
};

bool ws_device_ok(void) {
    return fwtile::sm90a_ok((const void *)flash_ws_fwd<WS_DENSE>);
}

encode_fn ws_encoder(void) {
    return bstma::encoder();
}

bool ws_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = NULL;
    /* wgmma_v1's rules (mma_v1's shapes, prefill, d 128), named for this kernel */
    if (!attn_flash_cuda.supports(s, p, &w))
        w = w ? w : "flash ws_v1: unsupported shape";
    else if (s->mode != ATTN_PREFILL)
        w = "flash ws_v1: prefill only (decode runs on mma_v1)";
    else if (s->head_dim != 128)
        w = "flash ws_v1: head_dim must be 128 (other sizes run on mma_v1)";
    else if (!ws_device_ok())
        w = "flash ws_v1: needs an sm_90 device and sm_90a code in this build";
    else if (!ws_encoder())
        w = "flash ws_v1: the driver has no cuTensorMapEncodeTiled";
    else if (s->batch > INT32_MAX || s->seq_len > INT32_MAX)
        w = "flash ws_v1: TMA coordinates are 32-bit";
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t ws_workspace(const struct attn_shape *s, const struct attn_params *p) {
    (void)s, (void)p;
    return 0;
}

enum attn_status ws_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                         void *ws, void *stream) {
    enum attn_status st = ATTN_OK;
    const char *why = NULL;
    struct ws_ctx *c = NULL;
    if (!ws_supports(s, p, &why)) {
        attn_set_error("%s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    c = (struct ws_ctx *)calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    (void)ws;
    c->s = *s;
    c->stream = (cudaStream_t)stream;
    c->encode = ws_encoder();
    CUDA_CHECK(cudaFuncSetAttribute(flash_ws_fwd<WS_DENSE>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)SMEM));
    *ctx = c;
    c = NULL;
cleanup:
    free(c);
    return st;
}

/* [B][rows][heads][128] bf16 as a 4-d tensor (128 columns, heads, rows, B), boxes of
 * 64 columns x bh heads x 128 / bh rows in the 128-byte swizzle (smem row = row * bh + head);
 * out of range reads zeros. */
bool ws_map(encode_fn enc, CUtensorMap *m, const void *ptr, long long B, long long rows,
            long long heads, int bh = 1) {
    const cuuint64_t dims[4] = {(cuuint64_t)D, (cuuint64_t)heads, (cuuint64_t)rows, (cuuint64_t)B};
    const cuuint64_t strides[3] = {(cuuint64_t)D * 2, (cuuint64_t)(heads * D * 2),
                                   (cuuint64_t)(rows * heads * D * 2)};
    const cuuint32_t box[4] = {64, (cuuint32_t)bh, (cuuint32_t)(BN / bh), 1};
    return bstma::map_bf16(enc, m, ptr, 4, dims, strides, box);
}

/* One launch on io's q, k, v and o in form `mode`; list (LIST, UNION), tmask and pos_off
 * (UNION) as ws_args. */
enum attn_status ws_launch(encode_fn enc, const struct attn_shape *s, const struct attn_io *io,
                           int mode, const int32_t *list, const uint32_t *tmask, int list_w,
                           int64_t pos_off, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const int G = (int)attn_group(s), bh = mode == WS_UNION ? G : 1;
    CUtensorMap tq, tk, tv;
    if (!ws_map(enc, &tq, io->q, s->batch, s->q_len, s->heads_q, bh) ||
        !ws_map(enc, &tk, io->k, s->batch, s->seq_len, s->heads_kv) ||
        !ws_map(enc, &tv, io->v, s->batch, s->seq_len, s->heads_kv)) {
        attn_set_error("flash ws_v1: cuTensorMapEncodeTiled refused the q/k/v layout");
        return ATTN_ERR_CUDA;
    }
    {
        ws_args a;
        a.o = (__nv_bfloat16 *)io->o;
        a.N = (int)s->seq_len;
        a.q_len = (int)s->q_len;
        a.Hq = (int)s->heads_q;
        a.G = G;
        a.causal = s->causal ? 1 : 0;
        a.num_mb = (int)((s->q_len + BM / bh - 1) / (BM / bh));
        a.scale_log2 = (float)(1.4426950408889634 / sqrt((double)D));
        a.list = list;
        a.list_w = list_w;
        a.Hkv = (int)s->heads_kv;
        a.tmask = tmask;
        a.pos_off = (int)pos_off;
        const long long grid = s->batch * a.num_mb * (mode == WS_UNION ? s->heads_kv : s->heads_q);
        if (mode == WS_UNION)
            flash_ws_fwd<WS_UNION><<<(unsigned)grid, NTHREADS, SMEM, stream>>>(tq, tk, tv, a);
        else if (mode == WS_LIST)
            flash_ws_fwd<WS_LIST><<<(unsigned)grid, NTHREADS, SMEM, stream>>>(tq, tk, tv, a);
        else
            flash_ws_fwd<WS_DENSE><<<(unsigned)grid, NTHREADS, SMEM, stream>>>(tq, tk, tv, a);
        CUDA_CHECK_LAUNCH();
    }
cleanup:
    return st;
}

enum attn_status ws_run(void *ctx, const struct attn_io *io) {
    const struct ws_ctx *c = (const struct ws_ctx *)ctx;
    return ws_launch(c->encode, &c->s, io, WS_DENSE, NULL, NULL, 0, 0, c->stream);
}

void ws_free(void *ctx) {
    free(ctx);
}

/* One thread per (tile of tq tokens, KV group): common/union_rows.h over the tile's rows of
 * sel [Hkv, stride, k] from row u0, into W = tq * k entries of list / tmask. */
__global__ void ws_union_kernel(const int32_t *sel, int64_t stride, int64_t u0, int rows, int Hkv,
                                int k, int tq, int32_t *list, uint32_t *tmask) {
    const long long u = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    const int ntiles = (rows + tq - 1) / tq, W = tq * k;
    if (u >= (long long)ntiles * Hkv)
        return;
    const int r = (int)(u % Hkv), m = (int)(u / Hkv);
    const int nt = rows - m * tq < tq ? rows - m * tq : tq;
    union_rows(sel + ((long long)r * stride + u0 + (long long)m * tq) * k, k, nt, list + u * W,
               tmask + u * W, W);
}

} /* namespace */

const char *flash_ws_list_check(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = NULL;
    if (!ws_supports(s, p, &w))
        return w;
    if ((s->seq_len - s->q_len) % BM != 0)
        return "flash ws_v1 lists: the query offset N - q_len must be a multiple of 128";
    return NULL;
}

enum attn_status flash_ws_list_prepare(void) {
    enum attn_status st = ATTN_OK;
    CUDA_CHECK(cudaFuncSetAttribute(flash_ws_fwd<WS_LIST>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)SMEM));
    CUDA_CHECK(cudaFuncSetAttribute(flash_ws_fwd<WS_UNION>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize, (int)SMEM));
cleanup:
    return st;
}

enum attn_status flash_ws_list_launch(const struct attn_shape *s, const struct attn_io *io,
                                      const int32_t *list, int width, cudaStream_t stream) {
    const encode_fn enc = ws_encoder();
    if (!enc || !list || width < 1) {
        attn_set_error("flash ws_v1 lists: no tensor-map encoder, list or width");
        return ATTN_ERR_INVALID;
    }
    return ws_launch(enc, s, io, WS_LIST, list, NULL, width, 0, stream);
}

const char *flash_ws_union_check(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = NULL;
    const int64_t G = attn_group(s);
    if (!ws_supports(s, p, &w))
        return w;
    if (G < 4 || BM % G != 0)
        return "flash ws_v1 unions: heads per group must divide 128 and be >= 4 (at most 32 "
               "tokens a tile, one bit each)";
    if (s->seq_len + BM > INT32_MAX / 2)
        return "flash ws_v1 unions: positions are 32-bit";
    return NULL;
}

size_t flash_ws_union_scratch(int64_t rows, int64_t Hkv, int64_t G, int32_t k) {
    const int64_t tq = BM / G, ntiles = (rows + tq - 1) / tq;
    const size_t n = (size_t)(ntiles * Hkv * tq * k);
    return ((n * 4 + 255) & ~(size_t)255) * 2;
}

enum attn_status flash_ws_union_launch(const struct attn_shape *s, const struct attn_io *io,
                                       int64_t pos_off, const int32_t *sel, int64_t stride,
                                       int64_t u0, int32_t k, void *scratch, cudaStream_t stream) {
    enum attn_status st = ATTN_OK;
    const encode_fn enc = ws_encoder();
    const int64_t G = attn_group(s), tq = BM / G, rows = s->q_len;
    const int64_t units = (rows + tq - 1) / tq * s->heads_kv;
    const size_t half = flash_ws_union_scratch(rows, s->heads_kv, G, k) / 2;
    int32_t *list = (int32_t *)scratch;
    uint32_t *tmask = (uint32_t *)((char *)scratch + half);
    if (!enc || !sel || !scratch || s->batch != 1 || k < 1) {
        attn_set_error(
            "flash ws_v1 unions: no tensor-map encoder, selection or scratch, or B != 1");
        return ATTN_ERR_INVALID;
    }
    ws_union_kernel<<<(unsigned)((units + 127) / 128), 128, 0, stream>>>(
        sel, stride, u0, (int)rows, (int)s->heads_kv, k, (int)tq, list, tmask);
    CUDA_CHECK_LAUNCH();
    ATTN_CHECK(ws_launch(enc, s, io, WS_UNION, list, tmask, (int)(tq * k), pos_off, stream));
cleanup:
    return st;
}

extern "C" const struct attn_impl attn_flash_cuda_ws = {
    ATTN_API_VERSION,
    "flash",
    "cuda",
    "ws_v1",
    "fused dense attention: sm_90a warp-specialized prefill (TMA producer warp, mbarrier "
    "rings, d=128); other shapes skipped (mma_v1 runs them)",
    ATTN_F_DEVICE,
    ws_supports,
    ws_workspace,
    ws_init,
    ws_run,
    ws_free,
    0,
    nullptr,
    nullptr,
    nullptr,
};
