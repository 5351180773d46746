/* model.c - analytic FLOPs, bytes and memory per method (SPEC §3-4).
 * The only file besides registry.c that knows methods by name: the formulas
 * are per method by definition.  Counts loop over query rows (O(q_len)) so
 * they are exact for every shape, including N not a multiple of Bk. */
#include "model.h"

#include "method.h"

#include <math.h>
#include <string.h>

static double dmin(double a, double b) { return a < b ? a : b; }

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

/* Visible tokens in MSA's selected blocks for query row t, every ranked block full. */
static double msa_row_tokens(const struct attn_shape *s, int64_t bk, int64_t k, int64_t t) {
    const int64_t pos = attn_qpos(s, t), bi = pos / bk, N = s->seq_len, nb = attn_nblocks(N, bk);
    if (s->causal)
        return (double)(dmin((double)(k - 1), (double)bi) * (double)bk + (double)(pos % bk) + 1);
    /* non-causal: the local block whole; ranked blocks assumed full (upper bound
     * when the short last block is picked); never more than N. */
    double local = dmin((double)bk, (double)(N - bi * bk));
    return dmin((double)N, local + dmin((double)(k - 1), (double)(nb - 1)) * (double)bk);
}

/* BigBird pattern tokens for query row t (block counts from SPEC §2 defaults). */
static double bigbird_row_tokens(const struct attn_shape *s, const struct attn_params *p,
                                 int64_t t) {
    const int64_t bk = p->block_size, pos = attn_qpos(s, t), bi = pos / bk;
    const int64_t nb = attn_nblocks(s->seq_len, bk);
    if (!s->causal) {
        if (bi < p->bb_global)
            return (double)s->seq_len;
        double blocks = dmin((double)nb, (double)(p->bb_window + p->bb_global + p->bb_random));
        return dmin((double)s->seq_len, blocks * (double)bk);
    }
    /* past blocks 0..bi-1 available besides the own one */
    double others = dmin((double)bi, (double)(p->bb_window - 1 + p->bb_global + p->bb_random));
    return others * (double)bk + (double)(pos % bk) + 1;
}

double model_paper_ratio(double n, double hq, double hkv, double d, double didx, double k,
                         double bk) {
    const double f_gqa = 2 * hq * d * n * n;
    const double f_msa = hkv * didx * n * n + 4 * hq * d * n * k * bk;
    return f_gqa / f_msa;
}

enum attn_status model_cost(const char *method, const struct attn_shape *s,
                            const struct attn_params *p, size_t elem, struct attn_cost *out) {
    memset(out, 0, sizeof *out);
    if (attn_shape_check(s, p)) {
        attn_set_error("model: %s", attn_shape_check(s, p));
        return ATTN_ERR_INVALID;
    }
    const double B = (double)s->batch, Hq = (double)s->heads_q, Hkv = (double)s->heads_kv;
    const double d = (double)s->head_dim, di = (double)s->index_dim;
    const double N = (double)s->seq_len, L = (double)s->q_len, e = (double)elem;
    const double pairs = model_visible_pairs(s);
    const double qo = 2 * B * L * Hq * d * e;      /* Q read + O written */
    const double kv = 2 * B * N * Hkv * d * e;     /* all of K and V */
    const double score_elem = elem == 8 ? 8 : 4;   /* scores are fp32 (f64 in ref) */
    out->flops_dense = 4 * B * Hq * d * pairs;

    if (!strcmp(method, "full") || !strcmp(method, "gqa")) {
        out->flops = out->flops_main = out->flops_dense;
        out->bytes_model = qo + kv;
        out->mem_model = qo + kv + B * Hq * L * N * score_elem;
    } else if (!strcmp(method, "flash")) {
        out->flops = out->flops_main = out->flops_dense;
        out->bytes_model = qo + kv;
        out->mem_model = qo + kv + 2 * B * Hq * L * 4;
    } else if (!strcmp(method, "msa")) {
        const int64_t bk = p->block_size, k = p->topk;
        const double nb = (double)attn_nblocks(s->seq_len, bk);
        double tok = 0;
        for (int64_t t = 0; t < s->q_len; t++)
            tok += msa_row_tokens(s, bk, k, t);
        out->flops_index = 2 * B * Hkv * di * pairs;
        out->flops_main = 4 * B * Hq * d * tok;
        out->flops = out->flops_index + out->flops_main;
        /* K/V of the selected blocks only: per group at most min(nb, q_len*k) distinct blocks */
        const double blocks = dmin(nb, L * (double)k);
        const double idx_in = (B * L * Hkv * di + B * N * di) * e;
        const double sel = 4 * B * Hkv * L * (double)k;
        out->bytes_kv = 2 * B * Hkv * dmin(N, blocks * (double)bk) * d * e;
        out->bytes_model = qo + idx_in + out->bytes_kv + sel;
        out->mem_model = qo + kv + idx_in + sel + B * Hkv * L * nb * 4;
    } else if (!strcmp(method, "bigbird")) {
        double tok = 0;
        for (int64_t t = 0; t < s->q_len; t++)
            tok += bigbird_row_tokens(s, p, t);
        out->flops = out->flops_main = 4 * B * Hq * d * tok;
        const double width = (double)(p->bb_window + p->bb_global + p->bb_random);
        const double nb = (double)attn_nblocks(s->seq_len, p->block_size);
        const double blocks = dmin(nb, dmin(nb, L / (double)p->block_size + 1) * width);
        out->bytes_kv = 2 * B * Hkv * dmin(N, blocks * (double)p->block_size) * d * e;
        out->bytes_model = qo + out->bytes_kv;
        out->mem_model = qo + kv + 4 * B * Hkv * L * (s->causal ? width : nb);
    } else if (!strcmp(method, "performer")) {
        const double m = p->pf_features > 0 ? (double)p->pf_features : round(d * log(d));
        /* feature maps of Q and K, K^T V (causal: the same work as prefix sums), numerator, denominator */
        out->flops = out->flops_main =
            B * Hq * (2 * L * m * d + 2 * N * m * d + 2 * N * m * d + 2 * L * m * d + 2 * L * m);
        out->bytes_model = qo + kv;
        out->mem_model = qo + kv + B * (L * Hq + N * Hkv) * m * e + B * Hq * m * (d + 1) * e;
    } else {
        /* Bridge until the method table (method.h) serves every cost: the
         * contemporaries carry their own cost function. */
        extern const struct attn_method attn_method_nsa, attn_method_moba, attn_method_quest,
            attn_method_dsa;
        const struct attn_method *const own[] = {&attn_method_nsa, &attn_method_moba,
                                                 &attn_method_quest, &attn_method_dsa};
        for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
            if (!strcmp(method, own[i]->name))
                return own[i]->cost(s, p, elem, out);
        attn_set_error("model: unknown method '%s'", method);
        return ATTN_ERR_INVALID;
    }
    return ATTN_OK;
}
