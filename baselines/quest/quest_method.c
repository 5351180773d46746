/* quest_method.c - the declaration of `quest` (method.h): knobs, cost,
 * tolerances, selection layout, plot style, impls.  Definition: quest.h. */
#include "method.h"
#include "quest/quest.h"

#include <stddef.h>
#include <stdint.h>

#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_quest_cuda;
#endif

const char *quest_params_check(const struct attn_shape *s, const struct attn_params *p) {
    const char *w = attn_shape_check(s, p);
    if (w)
        return w;
    if (s->mode != ATTN_DECODE)
        return "quest is a decode method: prefill is not in scope";
    return NULL;
}

int32_t quest_sel_width(const struct attn_shape *s, const struct attn_params *p) {
    (void)s;
    return p->topk;
}

bool quest_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    const char *w = quest_params_check(s, p);
    if (w && why)
        *why = w;
    return w == NULL;
}

static double dmin(double a, double b) {
    return a < b ? a : b;
}

/* SPEC §3-4 style.  The page min/max are a cache beside the KV cache: built
 * in flops_index (2 compares per key element), read in bytes_model (both
 * tensors); the bound is 2 products, a max and an add per page element. */
static enum attn_status quest_cost(const struct attn_shape *s, const struct attn_params *p,
                                   size_t elem, struct attn_cost *out) {
    *out = (struct attn_cost){0};
    const char *w = attn_shape_check(s, p); /* scope is supports()'s call */
    if (w) {
        attn_set_error("quest cost: %s", w);
        return ATTN_ERR_INVALID;
    }
    const double B = (double)s->batch, Hq = (double)s->heads_q, Hkv = (double)s->heads_kv;
    const double d = (double)s->head_dim, N = (double)s->seq_len, L = (double)s->q_len;
    const double e = (double)elem, bk = p->block_size, G = (double)attn_group(s);
    const double nb = (double)attn_nblocks(s->seq_len, p->block_size);
    double pages = 0, tok = 0;
    for (int64_t t = 0; t < s->q_len; t++) {
        const double vis = s->causal ? (double)(attn_qpos(s, t) + 1) : N;
        pages += (double)attn_nblocks((int64_t)vis, p->block_size);
        tok += dmin(vis, (double)p->topk * bk);
    }
    out->flops_dense = 4 * B * Hq * d * model_visible_pairs(s);
    out->flops_index = 2 * B * Hkv * N * d + 4 * B * Hq * d * pages;
    out->flops_main = 4 * B * Hq * d * tok;
    out->flops = out->flops_index + out->flops_main;
    const double qo = 2 * B * L * Hq * d * e, minmax = 2 * B * Hkv * nb * d * e;
    const double sel = 4 * B * Hq * L * p->topk;
    out->bytes_kv = 2 * B * Hkv * dmin(N, dmin(nb, G * L * p->topk) * bk) * d * e;
    out->bytes_model = qo + minmax + out->bytes_kv + sel;
    out->mem_model = qo + 2 * B * N * Hkv * d * e + minmax + sel + 4 * B * Hq * L * nb;
    return ATTN_OK;
}

static const struct attn_knob quest_knobs[] = {
    {"block_size", ATTN_KNOB_I32, offsetof(struct attn_params, block_size), 64, 1,
     (double)(1 << 30), "Quest page size (a power of two)", ATTN_KNOB_POW2},
    {"topk", ATTN_KNOB_I32, offsetof(struct attn_params, topk), 8, 1, INT32_MAX,
     "Quest pages per (query, head)", 0},
};

/* The stages the cuda backend times ("index" is the whole selection: page min/max and one fused
 * bound + top-k kernel); ref and cpu time none (n_stages 0: the runner leaves their stage columns
 * empty). */
static const char *const quest_stages[] = {"index", "attn"};

static const struct attn_impl *const quest_impls[] = {
    &attn_quest_ref,
    &attn_quest_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_quest_cuda,
#endif
};

const struct attn_method attn_method_quest = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "quest",
    .doc = "Quest (Tang et al. 2024), decode: per-head top-k pages by the min/max upper bound",
    .knobs = quest_knobs,
    .n_knobs = (int)(sizeof quest_knobs / sizeof quest_knobs[0]),
    .cost = quest_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .stages = quest_stages,
    .n_stages = (int)(sizeof quest_stages / sizeof quest_stages[0]),
    .sel_layout = ATTN_SEL_HEAD_BLOCKS,
    .plot_style = "lc rgb '#bcbd22' pt 13",
    .flags = ATTN_F_SELECT,
    .impls = quest_impls,
    .n_impls = (int)(sizeof quest_impls / sizeof quest_impls[0]),
};
