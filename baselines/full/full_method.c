/* full_method.c - the declaration of "full": textbook multi-head attention
 * (Vaswani et al. 2017), Hkv = Hq, scores materialized.  It reads no knob. */
#include "method.h"

extern const struct attn_impl attn_full_ref, attn_full_cpu;
#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_full_cuda;
#endif

/* Materialized: the B x Hq x L x N score matrix besides the inputs. */
static enum attn_status full_cost(const struct attn_shape *s, const struct attn_params *p,
                                  size_t elem, struct attn_cost *out) {
    struct model_terms t;
    (void)p;
    model_begin(s, elem, out, &t);
    out->flops = out->flops_main = out->flops_dense;
    out->bytes_model = t.qo + t.kv;
    out->mem_model = t.qo + t.kv + t.B * t.Hq * t.L * t.N * t.score_elem;
    return ATTN_OK;
}

static const struct attn_impl *const full_impls[] = {
    &attn_full_ref,
    &attn_full_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_full_cuda,
#endif
};

const struct attn_method attn_method_full = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "full",
    .doc = "textbook multi-head attention, Hkv = Hq (Vaswani et al. 2017)",
    .cost = full_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .plot_style = "lc rgb '#7f7f7f' pt 11",
    .flags = ATTN_F_MHA,
    .impls = full_impls,
    .n_impls = (int)(sizeof full_impls / sizeof full_impls[0]),
};
