/* gqa_method.c - the declaration of "gqa": grouped-query attention (Ainslie et
 * al. 2023), scores materialized.  It reads no knob. */
#include "method.h"

extern const struct attn_impl attn_gqa_ref, attn_gqa_cpu;
#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_gqa_cuda;
#endif

/* Materialized: the B x Hq x L x N score matrix besides the inputs. */
static enum attn_status gqa_cost(const struct attn_shape *s, const struct attn_params *p,
                                 size_t elem, struct attn_cost *out) {
    struct model_terms t;
    (void)p;
    model_begin(s, elem, out, &t);
    out->flops = out->flops_main = out->flops_dense;
    out->bytes_model = t.qo + t.kv;
    out->mem_model = t.qo + t.kv + t.B * t.Hq * t.L * t.N * t.score_elem;
    return ATTN_OK;
}

static const struct attn_impl *const gqa_impls[] = {
    &attn_gqa_ref,
    &attn_gqa_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_gqa_cuda,
#endif
};

const struct attn_method attn_method_gqa = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "gqa",
    .doc = "grouped-query attention, scores materialized (Ainslie et al. 2023)",
    .cost = gqa_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .plot_style = "lc rgb '#2ca02c' pt 9",
    .flags = ATTN_F_GQA_REF,
    .impls = gqa_impls,
    .n_impls = (int)(sizeof gqa_impls / sizeof gqa_impls[0]),
};
