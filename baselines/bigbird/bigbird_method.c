/* bigbird_method.c - the declaration of "bigbird": a fixed block pattern of
 * window, global and random blocks with exact softmax over it (Zaheer et al. 2020).
 * Its selection is the pattern, shared by a GQA group; every backend must
 * reproduce the ref's byte for byte (no check_selection). */
#include "method.h"

#include <stddef.h>
#include <stdint.h>

extern const struct attn_impl attn_bigbird_ref, attn_bigbird_cpu;
#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_bigbird_cuda, attn_bigbird_cuda_ws;
#endif

static const struct attn_knob bigbird_knobs[] = {
    {"block_size", ATTN_KNOB_I32, offsetof(struct attn_params, block_size), 64, 1,
     (double)(1 << 30), "block size Bk (tokens, a power of two)", ATTN_KNOB_POW2},
    {"bb_window", ATTN_KNOB_I32, offsetof(struct attn_params, bb_window), 3, 1, INT32_MAX,
     "window blocks (own block and neighbours)", 0},
    {"bb_global", ATTN_KNOB_I32, offsetof(struct attn_params, bb_global), 2, 0, INT32_MAX,
     "global blocks", 0},
    {"bb_random", ATTN_KNOB_I32, offsetof(struct attn_params, bb_random), 3, 0, INT32_MAX,
     "random blocks per (query block, KV group)", 0},
};

/* Pattern tokens of query row t (block counts from SPEC §2 defaults). */
static double bigbird_row_tokens(const struct attn_shape *s, const struct attn_params *p,
                                 int64_t t) {
    const int64_t bk = p->block_size, pos = attn_qpos(s, t), bi = pos / bk;
    const int64_t nb = attn_nblocks(s->seq_len, bk);
    if (!s->causal) {
        if (bi < p->bb_global)
            return (double)s->seq_len;
        double blocks = model_min((double)nb, (double)(p->bb_window + p->bb_global + p->bb_random));
        return model_min((double)s->seq_len, blocks * (double)bk);
    }
    /* past blocks 0..bi-1 available besides the own one */
    double others = model_min((double)bi, (double)(p->bb_window - 1 + p->bb_global + p->bb_random));
    return others * (double)bk + (double)(pos % bk) + 1;
}

static enum attn_status bigbird_cost(const struct attn_shape *s, const struct attn_params *p,
                                     size_t elem, struct attn_cost *out) {
    struct model_terms t;
    model_begin(s, elem, out, &t);
    double tok = 0;
    for (int64_t r = 0; r < s->q_len; r++)
        tok += bigbird_row_tokens(s, p, r);
    out->flops = out->flops_main = 4 * t.B * t.Hq * t.d * tok;
    const double width = (double)(p->bb_window + p->bb_global + p->bb_random);
    const double nb = (double)attn_nblocks(s->seq_len, p->block_size);
    const double blocks = model_min(nb, model_min(nb, t.L / (double)p->block_size + 1) * width);
    out->bytes_kv = 2 * t.B * t.Hkv * model_min(t.N, blocks * (double)p->block_size) * t.d * t.e;
    out->bytes_model = t.qo + out->bytes_kv;
    out->mem_model = t.qo + t.kv + 4 * t.B * t.Hkv * t.L * (s->causal ? width : nb);
    return ATTN_OK;
}

static const struct attn_impl *const bigbird_impls[] = {
    &attn_bigbird_ref,
    &attn_bigbird_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_bigbird_cuda, /* q_outer first: it runs every shape */
    &attn_bigbird_cuda_ws,
#endif
};

const struct attn_method attn_method_bigbird = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "bigbird",
    .doc = "block pattern of window, global and random blocks (Zaheer et al. 2020)",
    .knobs = bigbird_knobs,
    .n_knobs = (int)(sizeof bigbird_knobs / sizeof bigbird_knobs[0]),
    .cost = bigbird_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .sel_layout = ATTN_SEL_GROUP_BLOCKS,
    .plot_style = "lc rgb '#9467bd' pt 13",
    .flags = ATTN_F_SELECT | ATTN_F_FIT_PEER,
    .impls = bigbird_impls,
    .n_impls = (int)(sizeof bigbird_impls / sizeof bigbird_impls[0]),
};
