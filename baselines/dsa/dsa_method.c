/* dsa_method.c - the declaration of `dsa` (method.h): knobs, cost,
 * tolerances, selection layout, plot style, impls.  Definition: dsa.h. */
#include "dsa/dsa.h"
#include "method.h"

#include <stddef.h>
#include <stdint.h>

#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_dsa_cuda, attn_dsa_cuda_fp8, attn_dsa_cuda_tc,
    attn_dsa_cuda_tc_fp8;
#endif

const char *dsa_params_check(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = attn_shape_check(s, p);
    if (w)
        return w;
    if (p->dsa_tokens < 1)
        return "dsa_tokens must be at least 1";
    return NULL;
}

int32_t dsa_sel_width(const struct attn_shape *s, const struct attn_params *p) {
    return s->seq_len < p->dsa_tokens ? (int32_t)s->seq_len : p->dsa_tokens;
}

bool dsa_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = dsa_params_check(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

static double dmin(double a, double b) {
    return a < b ? a : b;
}

/* SPEC §3-4 style.  Index: one d_idx dot product per visible (row, group,
 * token), as MSA's index branch.  Main: the selected tokens of each head.
 * Bytes: index inputs once, K/V of the union of a group's selections (worst
 * case min(N, q_len * tokens)).  Memory adds the token scores of a tile of up
 * to 128 query rows. */
static enum attn_status dsa_cost(const struct attn_shape *s, const struct attn_params *p,
                                 size_t elem, struct attn_cost *out) {
    *out = (struct attn_cost){0};
    const char *w = attn_shape_check(s, p); /* scope is supports()'s call */
    if (w) {
        attn_set_error("dsa cost: %s", w);
        return ATTN_ERR_INVALID;
    }
    const double B = (double)s->batch, Hq = (double)s->heads_q, Hkv = (double)s->heads_kv;
    const double d = (double)s->head_dim, di = (double)s->index_dim, N = (double)s->seq_len;
    const double L = (double)s->q_len, e = (double)elem, T = (double)dsa_sel_width(s, p);
    const double pairs = model_visible_pairs(s);
    double tok = 0;
    for (int64_t t = 0; t < s->q_len; t++)
        tok += dmin(s->causal ? (double)(attn_qpos(s, t) + 1) : N, T);
    out->flops_dense = 4 * B * Hq * d * pairs;
    out->flops_index = 2 * B * Hkv * di * pairs;
    out->flops_main = 4 * B * Hq * d * tok;
    out->flops = out->flops_index + out->flops_main;
    const double qo = 2 * B * L * Hq * d * e, idx_in = (B * L * Hkv * di + B * N * di) * e;
    const double sel = 4 * B * Hkv * L * T;
    out->bytes_kv = 2 * B * Hkv * dmin(N, L * T) * d * e;
    out->bytes_model = qo + idx_in + out->bytes_kv + sel;
    out->mem_model = qo + 2 * B * N * Hkv * d * e + idx_in + sel + 4 * B * Hkv * dmin(L, 128) * N;
    return ATTN_OK;
}

static const struct attn_knob dsa_knobs[] = {
    {"dsa_tokens", ATTN_KNOB_I32, offsetof(struct attn_params, dsa_tokens), 2048, 1, INT32_MAX,
     "DSA tokens selected per (query, group) by the lightning indexer", 0},
};

/* The stages the cuda backend times (the lightning indexer, the token top-k, the token attention);
 * ref and cpu time none (n_stages 0: the runner leaves their stage columns empty). */
static const char *const dsa_stages[] = {"index", "topk", "attn"};

static const struct attn_impl *const dsa_impls[] = {
    &attn_dsa_ref,  &attn_dsa_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_dsa_cuda, &attn_dsa_cuda_fp8, &attn_dsa_cuda_tc, &attn_dsa_cuda_tc_fp8,
#endif
};

const struct attn_method attn_method_dsa = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "dsa",
    .doc = "DSA (DeepSeek-V3.2): lightning indexer ReLU(qidx . kidx), top-k tokens per group",
    .knobs = dsa_knobs,
    .n_knobs = (int)(sizeof dsa_knobs / sizeof dsa_knobs[0]),
    .cost = dsa_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .stages = dsa_stages,
    .n_stages = (int)(sizeof dsa_stages / sizeof dsa_stages[0]),
    .sel_layout = ATTN_SEL_GROUP_TOKENS,
    .plot_style = "lc rgb '#17becf' pt 9",
    .flags = ATTN_F_INDEX | ATTN_F_SELECT,
    .impls = dsa_impls,
    .n_impls = (int)(sizeof dsa_impls / sizeof dsa_impls[0]),
};
