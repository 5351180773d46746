/* performer_method.c - the declaration of "performer": FAVOR+ linear attention
 * with positive random features (Choromanski et al. 2021).  Knobs: the number of
 * features m and the causal chunk length (params.seed draws the features; it is
 * the sweep's seed axis, not a knob). */
#include "method.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

extern const struct attn_impl attn_performer_ref, attn_performer_cpu;
#ifdef MSABENCH_HAVE_CUDA
extern const struct attn_impl attn_performer_cuda;
#endif

static const struct attn_knob performer_knobs[] = {
    {"pf_features", ATTN_KNOB_I32, offsetof(struct attn_params, pf_features), 0, 0, INT32_MAX,
     "random features m; 0 = round(d ln d)", 0},
    {"pf_chunk", ATTN_KNOB_I32, offsetof(struct attn_params, pf_chunk), 64, 1, INT32_MAX,
     "causal prefix-sum chunk length", 0},
};

static enum attn_status performer_cost(const struct attn_shape *s, const struct attn_params *p,
                                       size_t elem, struct attn_cost *out) {
    struct model_terms t;
    model_begin(s, elem, out, &t);
    const double m = p->pf_features > 0 ? (double)p->pf_features : round(t.d * log(t.d));
    const double B = t.B, L = t.L, N = t.N, d = t.d;
    /* feature maps of Q and K, K^T V (causal: the same work as prefix sums), numerator, denominator
     */
    out->flops = out->flops_main =
        B * t.Hq * (2 * L * m * d + 2 * N * m * d + 2 * N * m * d + 2 * L * m * d + 2 * L * m);
    out->bytes_model = t.qo + t.kv;
    out->mem_model =
        t.qo + t.kv + B * (L * t.Hq + N * t.Hkv) * m * t.e + B * t.Hq * m * (d + 1) * t.e;
    return ATTN_OK;
}

static const struct attn_impl *const performer_impls[] = {
    &attn_performer_ref,
    &attn_performer_cpu,
#ifdef MSABENCH_HAVE_CUDA
    &attn_performer_cuda,
#endif
};

const struct attn_method attn_method_performer = {
    .api_version = ATTN_METHOD_API_VERSION,
    .name = "performer",
    .doc = "FAVOR+ linear attention, positive random features (Choromanski et al. 2021)",
    .knobs = performer_knobs,
    .n_knobs = (int)(sizeof performer_knobs / sizeof performer_knobs[0]),
    .cost = performer_cost,
    .tol_f32 = 1e-5,
    .tol_bf16 = 1e-2,
    .plot_style = "lc rgb '#ff7f0e' pt 15",
    .flags = ATTN_F_APPROX,
    .impls = performer_impls,
    .n_impls = (int)(sizeof performer_impls / sizeof performer_impls[0]),
};
