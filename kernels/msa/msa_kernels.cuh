/* msa_kernels.cuh - launchers of the MSA CUDA kernels, shared by the files of
 * kernels/msa (C++ only).  Every launcher queues work on `stream` and returns;
 * none allocates or synchronizes.
 *
 * Index rows: query rows t of a chunk [t0, t0 + nt) times KV groups r,
 * flattened as row = (t - t0) * Hkv + r (the layout of Qidx).  Block scores of
 * a chunk: scores [B, Hkv, cq, nb] fp32 (cq >= nt: the buffer's capacity). */
#ifndef MSABENCH_MSA_KERNELS_CUH
#define MSABENCH_MSA_KERNELS_CUH
#include "attn.h"

#include <cuda_runtime.h>
#include <stdint.h>

struct msa_index_args {
    const void *qidx, *kidx; /* bf16 [B, q_len, Hkv, di], [B, N, 1, di] */
    float *scores;           /* [B, Hkv, cq, nb]; row t: blocks 0 .. its local block written */
    int64_t B, N, q_len, Hkv, di, bk, nb, q_off; /* position of row t = q_off + t */
    int64_t t0, nt, cq;
    float scale; /* 1 / sqrt(di) */
    bool causal;
    int version; /* MSA_INDEX_* (msa_cuda.h): which kernel */
    /* fp8 kernels only: the next launch on the stream is programmatic
     * (common/cuda_pdl.cuh), let it be scheduled from this grid's start */
    bool pdl;
};
/* The grid of an index kernel with `rows` index rows per CTA: nrt row tiles, and where they
 * are few (decode, short chunks) the blocks split so the grid covers ~2 waves, bps blocks a
 * split (a multiple of `align`, so splits start on the kernel's key tiles). */
struct msa_index_grid {
    int64_t nrt, splits, bps;
};
struct msa_index_grid msa_index_grid_of(const struct msa_index_args *a, int n_sm, int64_t rows,
                                        int64_t align);
/* Block max of the index scores, tensor cores, nothing per token in memory:
 * dispatches on a->version (falls back to mma.sync where wgmma does not run). */
enum attn_status msa_index_launch(const struct msa_index_args *a, int n_sm, cudaStream_t stream);
/* Whether msa_index_launch runs a chunk of nt rows on wgmma (else mma.sync): the
 * launch's own rule, also read by the results column `kernels`. */
bool msa_index_uses_wgmma(int version, int64_t nt, int64_t Hkv);
/* Decode chunks of at most 8 index rows (q_len x Hkv), on CUDA cores
 * (msa_index_decode.cu); ATTN_ERR_UNSUPPORTED (no error set) for others. */
enum attn_status msa_index_decode_launch(const struct msa_index_args *a, int n_sm,
                                         cudaStream_t stream);
/* Whether msa_index_decode_launch takes a chunk of nt rows (its own rule). */
bool msa_index_decode_fits(int64_t nt, int64_t Hkv, int64_t di);
/* The same over fp8 keys: a->kidx is the e4m3 key cache of msa_cuda.h
 * (msa_fp8_kidx_bytes), at most 8 index rows (msa_index_fp8.cu); others
 * ATTN_ERR_UNSUPPORTED with the reason set. */
enum attn_status msa_index_fp8_launch(const struct msa_index_args *a, int n_sm,
                                      cudaStream_t stream);
/* The sm_90a warpgroup-MMA kernel (msa_index_wgmma.cu), kt = 64 or 128 keys per
 * tile, pairs: two tiles per pipelined iteration (kt 128 only); available =
 * built for sm_90a and running on a 9.0 device. */
bool msa_index_wgmma_available(void);
enum attn_status msa_index_wgmma_launch(const struct msa_index_args *a, int kt, bool pairs,
                                        int n_sm, cudaStream_t stream);
/* The sm_90a warp-specialized kernel (msa_index_ws.cu: TMA producer, mbarrier ring),
 * rs: Qidx fragments in registers (else read from shared memory by every wgmma); pipe:
 * tiles in pairs, a warpgroup's next MMAs queued during its own epilogues;
 * available = msa_index_wgmma_available() and the driver's tensor-map encoder. */
bool msa_index_ws_available(void);
enum attn_status msa_index_ws_launch(const struct msa_index_args *a, bool rs, bool pipe, bool uni,
                                     int n_sm, cudaStream_t stream);

/* The sm_90a fp8 prefill index (msa_index_ws8.cu, variant kv_outer_fp8idx): a->kidx is the
 * e4m3 key cache of msa_cuda.h, a->qidx bf16 rows it rounds to e4m3 (msa_fp8_round.h's
 * rule).  fits: index_dim 128 and blocks of a multiple of 128 keys (else *why). */
bool msa_index_ws8_available(void);
bool msa_index_ws8_fits(int64_t di, int64_t bk, const char **why);
enum attn_status msa_index_ws8_launch(const struct msa_index_args *a, cudaStream_t stream);

struct msa_topk_args {
    const float *scores; /* as msa_index_args */
    int32_t *sel;        /* [B, Hkv, q_len, k] */
    int64_t B, q_len, Hkv, bk, nb, q_off, k;
    int64_t t0, nt, cq;
    bool causal;
    bool pdl; /* launched programmatically (common/cuda_pdl.cuh): waits for the scores */
};
/* Exp-free Top-k of SPEC §2.1 for rows t0 .. t0 + nt - 1. */
enum attn_status msa_topk_launch(const struct msa_topk_args *a, cudaStream_t stream);
/* The Top-k version msa_topk_launch runs for k, nb and a 16-byte aligned (or not)
 * scores base, under the process-wide setting (its own rule). */
int msa_topk_version_for(int64_t k, int64_t nb, bool aligned16);

/* KV-outer main branch of one query chunk [t0, t0 + nt) (msa_attn.cu).
 * Selection groups: MSA's are the KV groups (sel [B, Hkv, q_len, k], the G
 * heads of group r share its row and read KV head r).  sel_per_head (moba;
 * false for msa) makes every query head h its own group of one head: sel
 * [B, Hq, q_len, k], K/V of KV head h / (Hq / Hkv). */
struct msa_kv_args {
    const void *q, *k, *v; /* bf16 */
    const int32_t *sel;    /* [B, Hsel, q_len, k]; Hsel = Hkv, or Hq when sel_per_head */
    void *part_o;    /* fp32 (bf16: part_bf16) [B, cq, Hq, k, d]: O / l of (row, head, slot) */
    float *part_lse; /* [B, cq, Hq, k], log2 units */
    /* reverse index scratch (sizes from msa_kv_scratch) */
    int32_t *cnt, *off, *cursor, *entries, *work_total;
    int2 *work;
    int64_t B, N, q_len, Hq, Hkv, d, bk, nb, q_off, topk;
    int64_t t0, nt, cq;
    int64_t chunk_entries; /* most (query, slot) entries of one work item */
    bool causal;
    int grid;          /* persistent CTAs */
    bool sel_per_head; /* see above */
    bool part_bf16;    /* partials in bf16 (kv_outer_bf16; per-group selections only) */
    bool wgmma;        /* the attention on msa_attn_wgmma.cu's kernel (kv_outer_wgmma) */
    bool wgp;          /* and in form wgp whatever the process's form (kv_outer_wgp) */
};
/* Element counts of the reverse-index scratch for a chunk capacity cq; Hsel:
 * the selection groups (Hkv for msa, Hq for per-head selections). */
struct msa_kv_scratch {
    int64_t lists, entries, work, chunk_entries;
};
struct msa_kv_scratch msa_kv_scratch_size(int64_t B, int64_t cq, int64_t Hq, int64_t Hsel,
                                          int64_t bk, int64_t nb, int64_t k);
/* Bytes of that scratch (pieces 256-byte aligned from base); with base, also
 * points a's cnt, off, cursor, entries, work, work_total there and sets
 * a->chunk_entries. */
size_t msa_kv_scratch_carve(const struct msa_kv_scratch *s, char *base, struct msa_kv_args *a);
/* The default byte cap of one chunk's partials: 8 GiB on a card with >= 64 GiB
 * (more queries per chunk share each K/V block load), else 2 GiB. */
size_t msa_kv_part_bytes(void);
/* Dynamic shared memory of the KV-outer kernel, and its CTAs per SM. */
size_t msa_kv_smem(int64_t d, int64_t bk);
enum attn_status msa_kv_occupancy(int64_t d, int64_t bk, bool sel_per_head, int *ctas_per_sm);
enum attn_status msa_kv_launch(const struct msa_kv_args *a, cudaStream_t stream);
/* msa_attn_wgmma.cu: the attention of one chunk on sm_90a warpgroup MMAs (d = 128, Bk =
 * 128, bf16 partials), after msa_kv_launch's reverse index; available: an sm_90 device
 * and sm_90a code in this build. */
bool msa_kv_wgmma_available(void);
/* Its kernel form, process-wide: 0 CTA tiles of 128 rows, 1 warpgroup half-tiles, 2 the
 * same warp-specialized (a producer warpgroup, two consumers), 3 half-tiles with one Q
 * buffer a warpgroup, two CTAs an SM. */
void msa_kv_wgmma_set_form(int form);
int msa_kv_wgmma_form(void);
/* The form a launch of kv_outer_wgmma (wgp false) or kv_outer_wgp runs for G heads per
 * group: "wg", "wgp", "wg2", or "" (the CTA form, which G > 64 always runs). */
const char *msa_kv_wgmma_form_name(bool wgp, int64_t G);
enum attn_status msa_kv_wgmma_launch(const struct msa_kv_args *a, cudaStream_t stream);

/* Log-sum-exp merge of partials (msa_combine.cu):
 * o[b, t0 + i, h] = sum_p 2^(lse_p - LSE) o_p over the partials p of
 * (b, i, h) whose slot p / nch holds a block and whose lse is finite. */
struct msa_combine_args {
    const void *part_o;    /* fp32 (bf16: part_bf16) [B, cq, Hq, P, d] */
    const float *part_lse; /* [B, cq, Hq, P] */
    const int32_t *sel;    /* [B, Hkv, q_len, k]; sel_per_head: [B, Hq, q_len, k] */
    void *o;               /* bf16 [B, q_len, Hq, d] */
    int64_t B, q_len, Hq, Hkv, d, k, P, nch;
    int64_t t0, nt, cq;
    bool pdl;          /* launched programmatically (common/cuda_pdl.cuh): waits for the partials */
    bool sel_per_head; /* as msa_kv_args (false for msa) */
    bool part_bf16;    /* as msa_kv_args */
};
enum attn_status msa_combine_launch(const struct msa_combine_args *a, cudaStream_t stream);
#endif
