/* msa_impl.cuh - the MSA CUDA context shared by msa_cuda.cu (prefill, the
 * vtables) and msa_decode.cu (decode's attention split).  C++ only. */
#ifndef MSABENCH_MSA_IMPL_CUH
#define MSABENCH_MSA_IMPL_CUH
#include "attn.h"
#include "msa/msa_kernels.cuh"

#include <cuda_runtime.h>

/* Sizes, query chunks and workspace layout of one (shape, params, variant). */
struct msa_plan {
    int64_t B, N, Nq, Hq, Hkv, G, d, di, bk, k, nb, q_off;
    bool causal, decode, kv; /* kv: KV-outer prefill */
    bool pb16;               /* KV-outer prefill partials in bf16 (kv_outer_bf16, _wgmma) */
    bool wg;                 /* KV-outer prefill attention on wgmma (kv_outer_wgmma) */
    bool wgp;                /* and in form wgp (kv_outer_wgp) */
    bool un;                 /* prefill main branch on flash ws_v1's unions (variant ws) */
    int64_t cq_idx, n_idx;   /* index/topk query chunks */
    int64_t cq_att, n_att;   /* attention query chunks (partial buffers) */
    int64_t P, nch, ck;      /* partials per (row, head): slots x key chunks of ck keys */
    struct msa_kv_scratch kvs;
    size_t o_scores, o_sel, o_part_o, o_part_lse, o_kvs, total; /* o_kvs: msa_kv_scratch_carve */
    /* un: query rows a union launch; the sorted selection, the union lists of `sub` rows */
    int64_t sub;
    size_t o_srt, o_uni;
};
/* variant ws: a thread sorts each row of k ids in a local array, so k is bounded */
#define MSA_WS_KMAX 64

struct msa_ctx {
    struct msa_plan p;
    struct attn_shape s; /* as given to init (variant ws hands it to flash ws_v1's unions) */
    cudaStream_t stream;
    char *ws;
    int n_sm, kv_grid;
    bool fp8; /* variant decode_fp8: io->kidx is the e4m3 key cache */
    /* variant kv_outer_fp8idx: the prefill index on e4m3 tensor cores (msa_index_ws8.cu) */
    bool fp8pre;
    /* variant decode_fp8_pdl in decode: Top-k, attention and combine are launched
     * programmatically behind the index (common/cuda_pdl.cuh) */
    bool pdl;
    /* profiling (msa_cuda_profile_begin / _end) */
    bool prof;
    int nev, maxev;
    cudaEvent_t *ev;
    int *ev_stage;
};

/* Decode's attention stage: one warp per (row, group, 16 heads, selected
 * block, key chunk) writes a partial; msa_combine merges them. */
enum attn_status msa_decode_attn(struct msa_ctx *c, const struct attn_io *io, const int32_t *sel);
/* Variant ws's prefill attention (msa_ws.cu): sel sorted, then flash ws_v1 over unions. */
enum attn_status msa_ws_attn(struct msa_ctx *c, const struct attn_io *io, const int32_t *sel);
/* msa_cuda.cu's plan and the functions its variants' declarations (msa_cuda_decl.cu) name:
 * supports, workspace, init, run, stages and free of each variant. */
namespace msa_host {
#define MSA_HOST_SHAPE const struct attn_shape *s, const struct attn_params *p
void plan_make(msa_plan *P, MSA_HOST_SHAPE, bool kv, bool fp8 = false, bool pb16 = false,
               bool wg = false, bool wgp = false, bool un = false);
extern const char *const stage_names[4];
bool supports_q(MSA_HOST_SHAPE, const char **why);
bool supports_kv(MSA_HOST_SHAPE, const char **why);
bool supports_kvw(MSA_HOST_SHAPE, const char **why);
bool supports_kvwp(MSA_HOST_SHAPE, const char **why);
bool supports_fp8i(MSA_HOST_SHAPE, const char **why);
bool supports_un(MSA_HOST_SHAPE, const char **why);
bool supports_fp8(MSA_HOST_SHAPE, const char **why);
size_t ws_q(MSA_HOST_SHAPE);
size_t ws_kv(MSA_HOST_SHAPE);
size_t ws_kvb(MSA_HOST_SHAPE);
size_t ws_kvw(MSA_HOST_SHAPE);
size_t ws_fp8(MSA_HOST_SHAPE);
size_t ws_un(MSA_HOST_SHAPE);
#define MSA_HOST_INIT(name)                                                                        \
    enum attn_status name(void **ctx, MSA_HOST_SHAPE, void *ws, void *stream)
MSA_HOST_INIT(init_q);
MSA_HOST_INIT(init_kv);
MSA_HOST_INIT(init_kvb);
MSA_HOST_INIT(init_kvw);
MSA_HOST_INIT(init_kvwp);
MSA_HOST_INIT(init_fp8i);
MSA_HOST_INIT(init_un);
MSA_HOST_INIT(init_fp8);
MSA_HOST_INIT(init_fp8_pdl);
#undef MSA_HOST_INIT
#undef MSA_HOST_SHAPE
enum attn_status run_stage(void *ctx, int stage, const struct attn_io *io);
enum attn_status run_all(void *ctx, const struct attn_io *io);
void ctx_free(void *ctx);
int32_t sel_width(const struct attn_shape *s, const struct attn_params *p);
} /* namespace msa_host */
#endif
