/* model.c - analytic FLOPs, bytes and memory (SPEC §3-4): the terms every method
 * shares and the dispatcher.  Each method's own formulas live in its folder
 * (<m>_method.c, the cost field of its declaration).  Counts loop over query rows
 * (O(q_len)) so they are exact for every shape, including N not a multiple of Bk. */
#include "model.h"

#include "method.h"

#include <string.h>

/* Visible keys of query row t. */
static double nvis(const struct attn_shape *s, int64_t t) {
    return s->causal ? (double)(attn_qpos(s, t) + 1) : (double)s->seq_len;
}

double model_visible_pairs(const struct attn_shape *s) {
    if (s->causal && s->mode == ATTN_PREFILL) /* N(N+1)/2 without the loop */
        return (double)s->seq_len * ((double)s->seq_len + 1) / 2;
    double pairs = 0;
    for (int64_t t = 0; t < s->q_len; t++)
        pairs += nvis(s, t);
    return pairs;
}

double model_paper_ratio(double n, double hq, double hkv, double d, double didx, double k,
                         double bk) {
    const double f_gqa = 2 * hq * d * n * n;
    const double f_msa = hkv * didx * n * n + 4 * hq * d * n * k * bk;
    return f_gqa / f_msa;
}

void model_begin(const struct attn_shape *s, size_t elem, struct attn_cost *out,
                 struct model_terms *t) {
    memset(out, 0, sizeof *out);
    t->B = (double)s->batch;
    t->Hq = (double)s->heads_q;
    t->Hkv = (double)s->heads_kv;
    t->d = (double)s->head_dim;
    t->di = (double)s->index_dim;
    t->N = (double)s->seq_len;
    t->L = (double)s->q_len;
    t->e = (double)elem;
    t->pairs = model_visible_pairs(s);
    t->qo = 2 * t->B * t->L * t->Hq * t->d * t->e;  /* Q read + O written */
    t->kv = 2 * t->B * t->N * t->Hkv * t->d * t->e; /* all of K and V */
    t->score_elem = elem == 8 ? 8 : 4;
    out->flops_dense = 4 * t->B * t->Hq * t->d * t->pairs;
}

enum attn_status model_cost(const char *method, const struct attn_shape *s,
                            const struct attn_params *p, size_t elem, struct attn_cost *out) {
    memset(out, 0, sizeof *out);
    const char *why = attn_shape_check(s, p);
    if (why) {
        attn_set_error("model: %s", why);
        return ATTN_ERR_INVALID;
    }
    const struct attn_method *m = attn_method_find(method);
    if (!m || !m->cost) {
        attn_set_error("model: unknown method '%s'", method);
        return ATTN_ERR_INVALID;
    }
    return m->cost(s, p, elem, out);
}
