/* msa_cuda.h - extras of the MSA CUDA backend for tests and the GPU bench
 * (plain C; the implementations themselves are reached through the registry:
 * attn_msa_cuda_qouter, attn_msa_cuda_kvouter). */
#ifndef MSABENCH_MSA_CUDA_H
#define MSABENCH_MSA_CUDA_H
#include "attn.h"

#include <math.h>
#ifdef __cplusplus
extern "C" {
#endif

/* Query-chunk budgets in bytes: the block scores of one index/topk chunk
 * (default 2 GiB) and the partials of one KV-outer attention chunk (default
 * 8 GiB on a card of >= 64 GiB, else 2 GiB).  Long contexts are processed
 * chunk by chunk (run() == the stages in order still holds; with several
 * chunks a stage also runs the other stage of the earlier chunks: see
 * msa_cuda.cu).  0 restores a default.  Tests lower them
 * to exercise chunking; set before workspace_size/init, process-wide. */
void msa_cuda_set_chunk_bytes(size_t index_bytes, size_t partial_bytes);

/* Per-stage GPU time of the runs between begin and end: CUDA events around
 * each kernel group, summed per stage (index, topk, attn, combine) over the
 * chunks; ms[4] in milliseconds.  ctx is an msa cuda context. */
enum attn_status msa_cuda_profile_begin(void *ctx);
enum attn_status msa_cuda_profile_end(void *ctx, double ms[4]);

/* Top-k kernel version (msa_topk.cu): 2 = k - 1 max rounds over registers;
 * 3 = threshold select, 16-byte loads; 4 = the same, 4-byte loads; 5 = as 4
 * with a register cap of 3 CTAs an SM.  3..5 take k = 2..17 and run 2
 * otherwise.  Process-wide, read at each launch; the default is the fastest
 * measured. */
enum attn_status msa_cuda_set_topk_version(int version);
int msa_cuda_topk_version(void);
/* Diagnostic of versions 3..5: warp chunks whose survivors exceeded 64 (the
 * bisection path) since the last call; synchronizes the device. */
enum attn_status msa_cuda_topk_overflows(unsigned long long *n);
/* Index-branch kernel, process-wide (set before run; default MSA_INDEX_DEFAULT):
 * mma.sync (msa_index.cu) or sm_90a wgmma (msa_index_wgmma.cu) with 128-key
 * tiles pipelined in pairs, 64-key tiles, or 128-key tiles one at a time, or the
 * warp-specialized wgmma kernel (msa_index_ws.cu: TMA producer, mbarriers).
 * wgmma runs only where built for sm_90a on a 9.0 device, and for chunks of
 * >= 128 index rows; elsewhere mma.sync does. */
enum msa_index_version {
    MSA_INDEX_MMA = 0,
    MSA_INDEX_WGMMA = 1,
    MSA_INDEX_WGMMA64 = 2,
    MSA_INDEX_WGMMA_SINGLE = 3,
    MSA_INDEX_WS = 4,
    MSA_INDEX_WS_RS = 5,      /* ws with the Qidx fragments in registers */
    MSA_INDEX_WS_PIPE = 6,    /* ws with tiles in pairs (next MMAs queued during epilogues) */
    MSA_INDEX_WS_RS_PIPE = 7, /* both */
    MSA_INDEX_WS_UNI = 8,     /* ws with the key compares only in tiles that reach past a row */
    MSA_INDEX_WS_RS_UNI = 9,  /* ws_uni with the Qidx fragments in registers */
    MSA_INDEX_NVERSIONS = 10,
    /* not a process-wide version: msa_cuda_index_scores only, kidx the e4m3 key cache below
     * (variant kv_outer_fp8idx's index, msa_index_ws8.cu: index_dim 128, Bk 128k) */
    MSA_INDEX_WS8 = 10,
    /* ws8 with ws_uni's warp-uniform key compares; msa_cuda_index_scores only (bench and
     * tests): 1.17x ws8 at 1M (run18); kv_outer_fp8idx moves to it after an end-to-end run */
    MSA_INDEX_WS8_UNI = 11
};
/* ws_rs_uni: the fastest form (H100 1.08-1.11x ws_uni, 608-648 TFLOP/s), every MSA case of
 * test_gpu_msa passed with it (results/gpu/NOTES.md run12 call 4) */
#define MSA_INDEX_DEFAULT MSA_INDEX_WS_RS_UNI
void msa_cuda_set_index_version(int version); /* out of range: the default */
int msa_cuda_index_version(void);
/* True when MSA_INDEX_WGMMA* would run wgmma on this build and device. */
bool msa_cuda_index_wgmma_available(void);
/* True when kv_outer_wgmma's attention kernel runs on this build and device (sm_90a). */
bool msa_cuda_kv_wgmma_available(void);
/* kv_outer_wgmma's attention kernel, process-wide (tests, bench): 0 CTA tiles of 128 rows;
 * 1 "wg", each warpgroup its own 64-row half-tiles (1.08x the CTA form at 1M, run12 call 4);
 * 2 "wgp", the same half-tiles warp-specialized (a producer warpgroup gathers, two consumers
 * compute; 0.99x wg at 1M on an H100, run15; variant kv_outer_wgp runs it whatever this
 * setting); 3 "wg2" (default), wg with one Q buffer a warpgroup so two CTAs fit an SM
 * (1.27x wg's attention at 1M on an H100, run16 call 1).  wg, wgp and wg2 need heads per
 * group <= 64 (above that the CTA form runs; `kernels` names the one that ran). */
#define MSA_KV_WGMMA_FORM_DEFAULT 3
void msa_cuda_set_kv_wgmma_form(int form);
int msa_cuda_kv_wgmma_form(void);

/* The index stage alone (tests, bench): block scores [B, Hkv, cq, nb] fp32 of
 * query rows t0 .. t0 + nt - 1 (positions N - q_len + t), on device buffers,
 * queued on `stream`; row t holds blocks 0 .. its local block (causal) or all
 * nb.  version as above. */
struct msa_cuda_index_call {
    const void *qidx, *kidx; /* bf16 [B, q_len, Hkv, di], [B, N, 1, di] */
    float *scores;
    int64_t B, N, q_len, Hkv, di, bk, t0, nt, cq;
    bool causal;
    int version;
};
enum attn_status msa_cuda_index_scores(const struct msa_cuda_index_call *c, void *stream);

/* fp8 index keys (variant decode_fp8, flag ATTN_F_KIDX_FP8): e4m3 bytes
 * [B, N, di], then at msa_fp8_kidx_scale_offset fp32 scales [B, N]; key value
 * = e4m3 value * scale (msa_index_fp8.cu).  msa_cuda_kidx_to_fp8 makes that
 * buffer (msa_fp8_kidx_bytes) from bf16 Kidx on the device, queued on stream. */
static inline size_t msa_fp8_kidx_scale_offset(int64_t B, int64_t N, int64_t di) {
    return ((size_t)(B * N * di) + 255) & ~(size_t)255;
}
static inline size_t msa_fp8_kidx_bytes(int64_t B, int64_t N, int64_t di) {
    return msa_fp8_kidx_scale_offset(B, N, di) + (size_t)(B * N) * sizeof(float);
}
/* The value of one e4m3 byte (NaN for 0x7f / 0xff). */
static inline double msa_e4m3_value(uint8_t v) {
    const int e = (v >> 3) & 15, m = v & 7;
    const double sign = (v & 0x80) ? -1.0 : 1.0;
    if (e == 15 && m == 7)
        return NAN;
    return sign * (e ? ldexp(1.0 + m / 8.0, e - 7) : ldexp(m / 8.0, -6));
}
enum attn_status msa_cuda_kidx_to_fp8(const void *kidx_bf16, void *kidx_fp8, int64_t B, int64_t N,
                                      int64_t di, void *stream);
/* Keys [key0, key0 + nkeys) of the cache, from src_bf16 = those keys' rows. */
enum attn_status msa_cuda_kidx_to_fp8_part(const void *src_bf16, void *kidx_fp8, int64_t B,
                                           int64_t N, int64_t di, int64_t key0, int64_t nkeys,
                                           void *stream);
/* fp8 index kernel, process-wide (tests, bench): 1 = CUDA cores (16 e4m3
 * values a lane, shuffle-summed), 2 = m16n8k16 f16 tensor cores (default). */
void msa_cuda_set_fp8_version(int version);
int msa_cuda_fp8_version(void);
/* The runner's helpers: *out = a new device buffer (attn_dev_alloc) holding the
 * fp8 cache of the bf16 Kidx (synchronized); out[B * N * di] = the float64
 * values of an fp8 cache (e4m3 value * scale), for the ref. */
enum attn_status msa_cuda_fp8_kidx_alloc(const void *kidx_bf16, int64_t B, int64_t N, int64_t di,
                                         void **out);
enum attn_status msa_cuda_fp8_kidx_f64(const void *kidx_fp8, int64_t B, int64_t N, int64_t di,
                                       double *out);

/* Variant decode_fp8_pdl: decode_fp8 with Top-k, attention and combine launched
 * by Hopper programmatic dependent launch.  True when this build and device run
 * it so (sm_90a code, compute capability 9.x); elsewhere the variant launches as
 * decode_fp8 does. */
bool msa_cuda_pdl_available(void);

/* n bf16 values N(0, stddev^2) from a counter-based generator (seed, index):
 * device-side inputs for large benchmarks.  Queued on `stream`. */
enum attn_status msa_cuda_fill_normal_bf16(void *dst, size_t n, uint64_t seed, float stddev,
                                           void *stream);
#ifdef __cplusplus
}
#endif
#endif
