/* msa_cuda_decl.cu - the nine registered MSA CUDA variants (their attn_impl
 * declarations) and the kernel names a row records.  The plans, stages and
 * runs they name are msa_cuda.cu's (namespace msa_host, msa_impl.cuh); that
 * file's top says what each variant runs and what it measured. */
#include "msa/msa_cuda.h"
#include "msa/msa_impl.cuh"

#include <stdio.h>
#include <string.h>

using namespace msa_host;

extern "C" {
extern const struct attn_impl attn_msa_cuda_qouter, attn_msa_cuda_kvouter,
    attn_msa_cuda_kvouter_bf16, attn_msa_cuda_kvouter_wgmma, attn_msa_cuda_kvouter_wgp,
    attn_msa_cuda_kvouter_fp8idx, attn_msa_cuda_ws, attn_msa_cuda_fp8, attn_msa_cuda_fp8_pdl;
}

/* The process-wide kernel versions a row of these variants ran (kernel_info). */
static const char *const index_names[MSA_INDEX_NVERSIONS] = {
    "mma",   "wgmma",   "wgmma64",    "wgmma_single", "ws",
    "ws_rs", "ws_pipe", "ws_rs_pipe", "ws_uni",       "ws_rs_uni"};
static const char *index_kernel_name(void) {
    const int v = msa_cuda_index_version();
    if (v != MSA_INDEX_MMA && !msa_cuda_index_wgmma_available())
        return "mma"; /* wgmma needs sm_90a code and a 9.0 device */
    if (v >= MSA_INDEX_WS && !msa_index_ws_available())
        return "mma"; /* and ws the driver's tensor-map encoder (msa_index_uses_wgmma) */
    return v >= 0 && v < MSA_INDEX_NVERSIONS ? index_names[v] : "?";
}
static void kernel_info(char *buf, size_t n) {
    snprintf(buf, n, "index=%s;topk=v%d", index_kernel_name(), msa_cuda_topk_version());
}
/* kv_outer_wgmma (wgp false), kv_outer_wgp and kv_outer_fp8idx (index ws8): the index kernel,
 * ";attn=" and the form set (one head a group: any form runs) */
static void info_wgmma(char *buf, size_t n, const char *index, bool wgp) {
    const char *f = msa_kv_wgmma_form_name(wgp, 1);
    snprintf(buf, n, "index=%s;topk=v%d%s%s", index, msa_cuda_topk_version(), *f ? ";attn=" : "",
             f);
}
static void kernel_info_kvw(char *buf, size_t n) {
    info_wgmma(buf, n, index_kernel_name(), false);
}
static void kernel_info_kvwp(char *buf, size_t n) {
    info_wgmma(buf, n, index_kernel_name(), true);
}
static void kernel_info_fp8i(char *buf, size_t n) {
    info_wgmma(buf, n, "ws8", false);
}
static void kernel_info_un(char *buf, size_t n) {
    snprintf(buf, n, "index=%s;topk=v%d;attn=ws_union", index_kernel_name(),
             msa_cuda_topk_version());
}
static void kernel_info_fp8(char *buf, size_t n) {
    snprintf(buf, n, "index=fp8_v%d;topk=v%d", msa_cuda_fp8_version(), msa_cuda_topk_version());
}
/* ";pdl" where decode launches run programmatically (msa_cuda_pdl_available) */
static void kernel_info_fp8_pdl(char *buf, size_t n) {
    snprintf(buf, n, "index=fp8_v%d;topk=v%d%s", msa_cuda_fp8_version(), msa_cuda_topk_version(),
             msa_cuda_pdl_available() ? ";pdl" : "");
}

/* The index kernel of a chunk of nt query rows: index_chunk's choice, by the
 * launchers' own rules (msa_index_decode_fits, msa_index_uses_wgmma). */
static void index_kernel_of(const msa_plan *P, bool fp8, int64_t nt, char *buf, size_t n) {
    if (fp8)
        snprintf(buf, n, "fp8_v%d", msa_cuda_fp8_version());
    else if (P->decode && msa_index_decode_fits(nt, P->Hkv, P->di))
        snprintf(buf, n, "decode");
    else if (msa_index_uses_wgmma(msa_cuda_index_version(), nt, P->Hkv))
        snprintf(buf, n, "%s", index_names[msa_cuda_index_version()]);
    else
        snprintf(buf, n, "mma");
}

/* Per shape (kernel_info_for): the index kernel of the first and, where it
 * differs, the last (shorter) chunk, and the Top-k version msa_topk_launch
 * runs (scores start the workspace; the runner's buffers are 16-byte aligned). */
static void kernels_of(const struct attn_shape *s, const struct attn_params *p, bool kv, bool fp8,
                       char *buf, size_t n) {
    msa_plan P;
    plan_make(&P, s, p, kv, fp8);
    char first[32], last[32];
    index_kernel_of(&P, fp8, P.cq_idx, first, sizeof first);
    index_kernel_of(&P, fp8, P.Nq - (P.n_idx - 1) * P.cq_idx, last, sizeof last);
    snprintf(buf, n, "index=%s%s%s;topk=v%d", first, strcmp(first, last) ? "+" : "",
             strcmp(first, last) ? last : "", msa_topk_version_for(P.k, P.nb, true));
}
static void kernels_q(const struct attn_shape *s, const struct attn_params *p, char *buf,
                      size_t n) {
    kernels_of(s, p, false, false, buf, n);
}
static void kernels_kv(const struct attn_shape *s, const struct attn_params *p, char *buf,
                       size_t n) {
    kernels_of(s, p, true, false, buf, n);
}
/* ";attn=wg", ";attn=wgp" or ";attn=wg2" appended where a prefill of kv_outer_wgmma (wgp
 * false) or kv_outer_wgp runs that form (msa_cuda_set_kv_wgmma_form, at most 64 heads per
 * group) */
static void append_form(const struct attn_shape *s, bool wgp, char *buf, size_t n) {
    const size_t len = strlen(buf);
    const char *f = s->mode != ATTN_DECODE && s->heads_kv > 0
                        ? msa_kv_wgmma_form_name(wgp, s->heads_q / s->heads_kv)
                        : "";
    if (*f && len < n)
        snprintf(buf + len, n - len, ";attn=%s", f);
}
static void kernels_kvw(const struct attn_shape *s, const struct attn_params *p, char *buf,
                        size_t n) {
    kernels_of(s, p, true, false, buf, n);
    append_form(s, false, buf, n);
}
static void kernels_kvwp(const struct attn_shape *s, const struct attn_params *p, char *buf,
                         size_t n) {
    kernels_of(s, p, true, false, buf, n);
    append_form(s, true, buf, n);
}
/* kv_outer_fp8idx: its one index kernel, whatever the process's index version */
static void kernels_fp8i(const struct attn_shape *s, const struct attn_params *p, char *buf,
                         size_t n) {
    msa_plan P;
    plan_make(&P, s, p, true);
    snprintf(buf, n, "index=ws8;topk=v%d", msa_topk_version_for(P.k, P.nb, true));
    append_form(s, false, buf, n);
}
static void kernels_un(const struct attn_shape *s, const struct attn_params *p, char *buf,
                       size_t n) {
    kernels_of(s, p, false, false, buf, n);
    const size_t len = strlen(buf);
    if (len < n)
        snprintf(buf + len, n - len, ";attn=ws_union");
}
static void kernels_fp8(const struct attn_shape *s, const struct attn_params *p, char *buf,
                        size_t n) {
    kernels_of(s, p, false, true, buf, n);
}
static void kernels_fp8_pdl(const struct attn_shape *s, const struct attn_params *p, char *buf,
                            size_t n) {
    kernels_of(s, p, false, true, buf, n);
    const size_t len = strlen(buf);
    if (s->mode == ATTN_DECODE && msa_cuda_pdl_available() && len < n)
        snprintf(buf + len, n - len, ";pdl");
}

const struct attn_impl attn_msa_cuda_qouter = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "q_outer",
    "MSA: tensor-core index + fused block max, warp Top-k, query-outer block-sparse attention",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT,
    supports_q,
    ws_q,
    init_q,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info,
    kernels_q,
};

const struct attn_impl attn_msa_cuda_kvouter = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "kv_outer",
    "MSA: tensor-core index, warp Top-k, KV-outer attention over a reverse index + LSE combine",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT,
    supports_kv,
    ws_kv,
    init_kv,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info,
    kernels_kv,
};

/* kv_outer with bf16 partials in prefill: half of the fp32 partials' traffic (written by
 * the attention, read by the combine; 550 GB of it at 1M, paper point) for a second
 * rounding of O / l per partial (relative 2^-9, below the output's own bf16 rounding
 * after the weights, which sum to 1). Decode as kv_outer (fp32 split partials). */
const struct attn_impl attn_msa_cuda_kvouter_bf16 = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "kv_outer_bf16",
    "MSA kv_outer with bf16 partials (half the partial traffic of attention and combine)",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT,
    supports_kv,
    ws_kvb,
    init_kvb,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info,
    kernels_kv,
};

/* kv_outer_bf16 with the attention on Hopper warpgroup MMAs (msa_attn_wgmma.cu): prefill
 * at d = 128, Bk = 128 on sm_90a; other prefill shapes skipped with the reason. */
const struct attn_impl attn_msa_cuda_kvouter_wgmma = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "kv_outer_wgmma",
    "MSA kv_outer_bf16 with the KV-outer attention on sm_90a wgmma (d 128, block 128)",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT,
    supports_kvw,
    ws_kvw,
    init_kvw,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info_kvw,
    kernels_kvw,
};

/* kv_outer_wgmma with its prefill attention always in the warp-specialized form wgp (a
 * producer warpgroup, two consumers; msa_attn_wgmma.cu), whatever the process's form;
 * decode as kv_outer.  Its own variant, so a sweep times both forms in one run. */
const struct attn_impl attn_msa_cuda_kvouter_wgp = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "kv_outer_wgp",
    "MSA kv_outer_wgmma with the warp-specialized attention (producer warpgroup, mbarrier ring)",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT,
    supports_kvwp,
    ws_kvw,
    init_kvwp,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info_kvwp,
    kernels_kvwp,
};

/* kv_outer_wgmma with the prefill index on e4m3 tensor cores (msa_index_ws8.cu) over the
 * decode_fp8 key cache, each Qidx row rounded to e4m3 with a power-of-two scale (the runner's
 * oracle reads the same rounded rows: ATTN_F_QIDX_FP8).  Prefill only. */
const struct attn_impl attn_msa_cuda_kvouter_fp8idx = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "kv_outer_fp8idx",
    "MSA kv_outer_wgmma with the prefill index on fp8 (e4m3) tensor cores over the fp8 key "
    "cache (index_dim 128)",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT | ATTN_F_KIDX_FP8 | ATTN_F_QIDX_FP8,
    supports_fp8i,
    ws_kvw,
    init_fp8i,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info_fp8i,
    kernels_fp8i,
};

/* q_outer's index and Top-k; the main branch on flash ws_v1's Hopper kernel over the union of
 * each tile's tokens' blocks (msa_ws.cu: no partials, no combine).  Prefill at Bk 128, d 128,
 * G 4..128 dividing 128, k <= 64, sm_90a; other shapes, decode among them, skipped with the
 * reason. */
const struct attn_impl attn_msa_cuda_ws = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "ws",
    "MSA: tensor-core index, warp Top-k; main branch on flash ws_v1's Hopper kernel over the "
    "union of each tile's tokens' blocks (sm_90a, Bk 128, d 128 prefill; others skipped)",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT,
    supports_un,
    ws_un,
    init_un,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info_un,
    kernels_un,
};

/* Decode over an fp8 (e4m3) index-key cache; Top-k, attention and combine as
 * above (decode's are the same for every variant; prefill up to 64K runs the
 * index in chunks of 8 / Hkv rows, then q_outer's attention). */
const struct attn_impl attn_msa_cuda_fp8 = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "decode_fp8",
    "MSA over fp8 (e4m3, per-key scale) index keys: CUDA-core index, warp Top-k, decode split "
    "attention",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT | ATTN_F_KIDX_FP8,
    supports_fp8,
    ws_fp8,
    init_fp8,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info_fp8,
    kernels_fp8,
};

/* decode_fp8 with programmatic dependent launch in decode (see the top); the
 * same shapes (supports_fp8, no hand-off), workspace, stages and results. */
const struct attn_impl attn_msa_cuda_fp8_pdl = {
    ATTN_API_VERSION,
    "msa",
    "cuda",
    "decode_fp8_pdl",
    "MSA decode_fp8 with Hopper programmatic dependent launch: Top-k, attention and combine "
    "launched behind their predecessor, each waiting at its top for the predecessor's output",
    ATTN_F_DEVICE | ATTN_F_INDEX | ATTN_F_SELECT | ATTN_F_KIDX_FP8,
    supports_fp8,
    ws_fp8,
    init_fp8_pdl,
    run_all,
    ctx_free,
    4,
    stage_names,
    run_stage,
    sel_width,
    kernel_info_fp8_pdl,
    kernels_fp8_pdl,
};
