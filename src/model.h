/* model.h - analytic FLOPs, bytes and memory per method (SPEC §3-4). */
#ifndef MSABENCH_MODEL_H
#define MSABENCH_MODEL_H
#include "attn.h"
#ifdef __cplusplus
extern "C" {
#endif
struct attn_cost {
    double flops;       /* counted: 2 per multiply-add; softmax not counted */
    double flops_index; /* MSA index branch (incl. nothing for Top-k) */
    double flops_main;  /* main branch */
    double flops_dense; /* dense causal (or full) FLOPs of the same point: the dense-equivalent */
    double bytes_model; /* fewest bytes to move (inputs read once, output written once) */
    double mem_model;   /* bytes of every buffer the method allocates */
    double bytes_kv;    /* msa, bigbird: the K/V part of bytes_model, worst case (the
                         * runner swaps it for the union of the blocks selected) */
};
/* elem = bytes per element of the backend (8 ref, 4 cpu, 2 cuda).  Checks the shape,
 * then calls the cost function of the method's declaration (method.h). */
enum attn_status model_cost(const char *method, const struct attn_shape *s,
                            const struct attn_params *p, size_t elem, struct attn_cost *out);
/* Terms every method's cost starts from. */
struct model_terms {
    double B, Hq, Hkv, d, di, N, L, e; /* sizes; e = bytes per element */
    double pairs;                      /* visible (query, key) pairs */
    double qo, kv;                     /* bytes of Q read + O written; of all of K and V */
    double score_elem;                 /* bytes of a score: fp32 (f64 in ref) */
};
/* Zeroes out, fills t and sets out->flops_dense (the dense causal or full count). */
void model_begin(const struct attn_shape *s, size_t elem, struct attn_cost *out,
                 struct model_terms *t);
static inline double model_min(double a, double b) {
    return a < b ? a : b;
}
/* Visible keys of a query at absolute position i (causal: i+1, else N). */
double model_visible_pairs(const struct attn_shape *s);
/* Paper eq. 12 per-token ratio F_GQA / F_MSA. */
double model_paper_ratio(double n, double hq, double hkv, double d, double didx, double k,
                         double bk);
#ifdef __cplusplus
}
#endif
#endif
