/* nsa_method.c - the declaration of `nsa` (method.h): knobs, cost, tolerances,
 * selection layout, plot style, impls.  Definition and scope: nsa.h. */
#include "method.h"
#include "nsa/nsa.h"

#include <stddef.h>
#include <stdint.h>

#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_nsa_cuda_tc, attn_nsa_cuda, attn_nsa_cuda_ws;
#endif

const char *nsa_params_check(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = attn_shape_check(s, p);
    if (w)
        return w;
    if (!s->causal)
        return "nsa ranks earlier blocks: causal only";
    if (p->nsa_local < 1)
        return "nsa_local must be at least 1 (the own block)";
    if (p->topk < p->nsa_local + 1)
        return "nsa needs topk >= nsa_local + 1 (block 0 and the local blocks are always kept)";
    return NULL;
}

int32_t nsa_sel_width(const struct attn_shape *s, const struct attn_params *p) {
    (void)s;
    return p->topk;
}

bool nsa_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = nsa_params_check(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

static double dmin(double a, double b) {
    return a < b ? a : b;
}

/* SPEC §3-4 style.  The pooled keys are a cache kept beside the KV cache
 * (NSA's compressed keys): building them is counted in flops_index, reading
 * them in bytes_model.  Selected blocks assumed full except the own one. */
static enum attn_status nsa_cost(const struct attn_shape *s, const struct attn_params *p,
                                 size_t elem, struct attn_cost *out) {
    *out = (struct attn_cost){0};
    const char *w = attn_shape_check(s, p); /* scope is supports()'s call */
    if (w) {
        attn_set_error("nsa cost: %s", w);
        return ATTN_ERR_INVALID;
    }
    const double B = (double)s->batch, Hq = (double)s->heads_q, Hkv = (double)s->heads_kv;
    const double d = (double)s->head_dim, N = (double)s->seq_len, L = (double)s->q_len;
    const double e = (double)elem, bk = p->block_size;
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
    const double sel = 4 * B * Hkv * L * p->topk;
    out->bytes_kv = 2 * B * Hkv * dmin(N, dmin(nb, L * p->topk) * bk) * d * e;
    out->bytes_model = qo + kcmp + out->bytes_kv + sel;
    out->mem_model = qo + 2 * B * N * Hkv * d * e + kcmp + sel + 4 * B * Hkv * L * nb;
    return ATTN_OK;
}

static const struct attn_knob nsa_knobs[] = {
    {"block_size", ATTN_KNOB_I32, offsetof(struct attn_params, block_size), 64, 1,
     (double)(1 << 30), "NSA selection block size l' (a power of two)", ATTN_KNOB_POW2},
    {"topk", ATTN_KNOB_I32, offsetof(struct attn_params, topk), 8, 1, INT32_MAX,
     "NSA selected blocks n per (query, group), block 0 and the local blocks included", 0},
    {"nsa_local", ATTN_KNOB_I32, offsetof(struct attn_params, nsa_local), 1, 1, 1 << 20,
     "NSA local blocks always kept (1 = the own block only)", 0},
};

/* The stages the cuda backend times ("index" is the whole selection: pooled keys and one fused
 * score + top-k kernel, after tc's logits GEMM per chunk); ref and cpu time none (n_stages 0: the
 * runner leaves their stage columns empty). */
static const char *const nsa_stages[] = {"index", "attn"};

static const struct attn_impl *const nsa_impls[] = {
    &attn_nsa_ref,     &attn_nsa_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_nsa_cuda_tc, /* the fast one first: attn_registry_find(..., "cuda", NULL) picks it */
    &attn_nsa_cuda,    &attn_nsa_cuda_ws, /* sm_90a prefill at Bk 128, d 128 only */
#endif
};

const struct attn_method attn_method_nsa = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "nsa",
    .doc = "NSA selected branch (Yuan et al. 2025): mean-pooled block scores summed over the "
           "group, top-n blocks + block 0 + local",
    .knobs = nsa_knobs,
    .n_knobs = (int)(sizeof nsa_knobs / sizeof nsa_knobs[0]),
    .cost = nsa_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .stages = nsa_stages,
    .n_stages = (int)(sizeof nsa_stages / sizeof nsa_stages[0]),
    .sel_layout = ATTN_SEL_GROUP_BLOCKS,
    .plot_style = "lc rgb '#8c564b' pt 5",
    .flags = ATTN_F_SELECT,
    .impls = nsa_impls,
    .n_impls = (int)(sizeof nsa_impls / sizeof nsa_impls[0]),
};
