/* moba_method.c - the declaration of `moba` (method.h): knobs, cost,
 * tolerances, selection layout, plot style, impls.  Definition: moba.h. */
#include "method.h"
#include "moba/moba.h"

#include <stddef.h>
#include <stdint.h>

#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_moba_cuda_tc, attn_moba_cuda;
#endif

const char *moba_params_check(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = attn_shape_check(s, p);
    if (w)
        return w;
    if (!s->causal)
        return "moba gates earlier blocks: causal only";
    return NULL;
}

int32_t moba_sel_width(const struct attn_shape *s, const struct attn_params *p) {
    (void)s;
    return p->topk;
}

bool moba_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = moba_params_check(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

static double dmin(double a, double b) {
    return a < b ? a : b;
}

/* SPEC §3-4 style.  The pooled keys are a cache beside the KV cache: built in
 * flops_index, read in bytes_model.  Per KV head, the K/V read is the union of
 * its G heads' and q_len rows' blocks (worst case), selected blocks full
 * except the own one. */
static enum attn_status moba_cost(const struct attn_shape *s, const struct attn_params *p,
                                  size_t elem, struct attn_cost *out) {
    *out = (struct attn_cost){0};
    const char *w = attn_shape_check(s, p); /* scope is supports()'s call */
    if (w) {
        attn_set_error("moba cost: %s", w);
        return ATTN_ERR_INVALID;
    }
    const double B = (double)s->batch, Hq = (double)s->heads_q, Hkv = (double)s->heads_kv;
    const double d = (double)s->head_dim, N = (double)s->seq_len, L = (double)s->q_len;
    const double e = (double)elem, bk = p->block_size, G = (double)attn_group(s);
    const double nb = (double)attn_nblocks(s->seq_len, p->block_size);
    double cand = 0, tok = 0;
    for (int64_t t = 0; t < s->q_len; t++) {
        const int64_t pos = attn_qpos(s, t), bi = pos / p->block_size;
        cand += (double)bi;
        tok += (dmin((double)p->topk, (double)bi + 1) - 1) * bk + (double)(pos % p->block_size) + 1;
    }
    out->flops_dense = 4 * B * Hq * d * model_visible_pairs(s);
    out->flops_index = B * Hkv * N * d + 2 * B * Hq * d * cand;
    out->flops_main = 4 * B * Hq * d * tok;
    out->flops = out->flops_index + out->flops_main;
    const double qo = 2 * B * L * Hq * d * e, kcmp = B * Hkv * nb * d * e;
    const double sel = 4 * B * Hq * L * p->topk;
    out->bytes_kv = 2 * B * Hkv * dmin(N, dmin(nb, G * L * p->topk) * bk) * d * e;
    out->bytes_model = qo + kcmp + out->bytes_kv + sel;
    out->mem_model = qo + 2 * B * N * Hkv * d * e + kcmp + sel + 4 * B * Hq * L * nb;
    return ATTN_OK;
}

static const struct attn_knob moba_knobs[] = {
    {"block_size", ATTN_KNOB_I32, offsetof(struct attn_params, block_size), 64, 1,
     (double)(1 << 30), "MoBA block size (a power of two)", ATTN_KNOB_POW2},
    {"topk", ATTN_KNOB_I32, offsetof(struct attn_params, topk), 8, 1, INT32_MAX,
     "MoBA blocks per (query, head), the own block included", 0},
};

/* The stages the cuda backend times ("index" is the whole selection: pooled keys and one fused
 * score + top-k kernel, after tc's logits GEMM per chunk); ref and cpu time none (n_stages 0: the
 * runner leaves their stage columns empty). */
static const char *const moba_stages[] = {"index", "attn"};

static const struct attn_impl *const moba_impls[] = {
    &attn_moba_ref,
    &attn_moba_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_moba_cuda_tc, /* the fast one first: attn_registry_find(..., "cuda", NULL) picks it */
    &attn_moba_cuda,
#endif
};

const struct attn_method attn_method_moba = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "moba",
    .doc = "MoBA (Lu et al. 2025): per-head top-k blocks by q . mean(K_block), plus the own block",
    .knobs = moba_knobs,
    .n_knobs = (int)(sizeof moba_knobs / sizeof moba_knobs[0]),
    .cost = moba_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .stages = moba_stages,
    .n_stages = (int)(sizeof moba_stages / sizeof moba_stages[0]),
    .sel_layout = ATTN_SEL_HEAD_BLOCKS,
    .plot_style = "lc rgb '#e377c2' pt 7",
    .flags = ATTN_F_SELECT,
    .impls = moba_impls,
    .n_impls = (int)(sizeof moba_impls / sizeof moba_impls[0]),
};
