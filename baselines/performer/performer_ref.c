/* performer_ref.c - float64 oracle of `performer` (FAVOR+, SPEC §2), plain loops.
 *
 *   phi(x) = exp(w^T x' - |x'|^2/2) / sqrt(m),  x' = x * d^(-1/4)
 *   O_i = sum_{j visible} (phi(q_i).phi(k_j)) v_j / sum_{j visible} phi(q_i).phi(k_j)
 *
 * computed token by token: the state S = sum phi(k_j) v_j^T, z = sum phi(k_j)
 * grows one key at a time, and each evaluated row reads it when the keys it
 * sees are in (all N keys when not causal).  No chunks: the cpu backend's
 * chunked form (exact masked products inside a chunk) is checked against it.
 * Stabilization: phi(q) uses its own row max over features (cancels between
 * numerator and denominator); phi(k) uses one max over every key and feature
 * of the (batch, KV head), constant across the keys any query sees.
 * Only io->rows are computed (all rows when NULL); cost O(N*m*d) per
 * (batch, KV head) plus O(m*d) per row and head, memory O(m*d).
 */
#include "performer_features.h"

#include "alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pf_ref_ctx {
    struct attn_shape s;
    int64_t m;
    double *w;      /* [Hkv, m, d] */
    double *S;      /* [m, d] */
    double *z;      /* [m] */
    double *u;      /* [m] */
    int64_t *order; /* [q_len] rows sorted by position */
};

static size_t pf_ref_workspace(const struct attn_shape *s, const struct attn_params *p) {
    const int64_t m = performer_num_features(s, p), d = s->head_dim;
    return (size_t)(s->heads_kv * m * d + m * d + 2 * m) * sizeof(double) +
           (size_t)s->q_len * sizeof(int64_t);
}

static void pf_ref_free(void *ctx) {
    struct pf_ref_ctx *c = ctx;
    if (!c)
        return;
    attn_host_free(c->w);
    attn_host_free(c->S);
    attn_host_free(c->z);
    attn_host_free(c->u);
    attn_host_free(c->order);
    free(c);
}

static enum attn_status pf_ref_init(void **ctx, const struct attn_shape *s,
                                    const struct attn_params *p, void *ws, void *stream) {
    (void)ws, (void)stream;
    const char *why = NULL;
    if (!performer_supports(s, p, &why)) {
        attn_set_error("performer ref: %s", why);
        return ATTN_ERR_UNSUPPORTED;
    }
    struct pf_ref_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    const int64_t m = performer_num_features(s, p), d = s->head_dim;
    c->s = *s;
    c->m = m;
    c->w = attn_host_alloc((size_t)(s->heads_kv * m * d) * sizeof(double));
    c->S = attn_host_alloc((size_t)(m * d) * sizeof(double));
    c->z = attn_host_alloc((size_t)m * sizeof(double));
    c->u = attn_host_alloc((size_t)m * sizeof(double));
    c->order = attn_host_alloc((size_t)s->q_len * sizeof(int64_t));
    if (!c->w || !c->S || !c->z || !c->u || !c->order) {
        pf_ref_free(c);
        return ATTN_ERR_NOMEM;
    }
    for (int64_t h = 0; h < s->heads_kv; h++)
        performer_features(d, m, p->seed, h, c->w + h * m * d);
    *ctx = c;
    return ATTN_OK;
}

/* u[l] = w_l . x - |x|^2 / (2 sqrt(d)) = w_l^T x' - |x'|^2 / 2 */
static void feature_logits(const double *w, int64_t m, int64_t d, const double *x, double *u) {
    double nn = 0;
    for (int64_t c = 0; c < d; c++)
        nn += x[c] * x[c];
    const double half = nn / (2.0 * sqrt((double)d));
    for (int64_t l = 0; l < m; l++) {
        double a = 0;
        for (int64_t c = 0; c < d; c++)
            a += w[l * d + c] * x[c];
        u[l] = a - half;
    }
}

static int cmp_i64(const void *a, const void *b) {
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static enum attn_status pf_ref_run(void *ctx, const struct attn_io *io) {
    struct pf_ref_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, T = s->q_len, Hq = s->heads_q, Hkv = s->heads_kv;
    const int64_t d = s->head_dim, G = Hq / Hkv, m = c->m;
    const double *q = io->q, *k = io->k, *v = io->v;
    double *o = io->o;
    const int64_t nr = io->rows ? io->n_rows : T;
    const double inv_sqrt_m = 1.0 / sqrt((double)m);
    for (int64_t i = 0; i < nr; i++)
        c->order[i] = io->rows ? io->rows[i] : i;
    qsort(c->order, (size_t)nr, sizeof *c->order, cmp_i64); /* position order */

    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t hk = 0; hk < Hkv; hk++) {
            const double *w = c->w + hk * m * d;
            /* key stabilizer: one max over all keys and features */
            double mk = -INFINITY;
            for (int64_t j = 0; j < N; j++) {
                feature_logits(w, m, d, k + ((b * N + j) * Hkv + hk) * d, c->u);
                for (int64_t l = 0; l < m; l++)
                    mk = c->u[l] > mk ? c->u[l] : mk;
            }
            memset(c->S, 0, (size_t)(m * d) * sizeof(double));
            memset(c->z, 0, (size_t)m * sizeof(double));
            int64_t seen = 0; /* keys 0..seen-1 are in S, z */
            for (int64_t r = 0; r < nr; r++) {
                const int64_t t = c->order[r];
                const int64_t lim = s->causal ? attn_qpos(s, t) + 1 : N;
                for (; seen < lim; seen++) {
                    const double *kr = k + ((b * N + seen) * Hkv + hk) * d;
                    const double *vr = v + ((b * N + seen) * Hkv + hk) * d;
                    feature_logits(w, m, d, kr, c->u);
                    for (int64_t l = 0; l < m; l++) {
                        const double ph = exp(c->u[l] - mk) * inv_sqrt_m;
                        c->z[l] += ph;
                        for (int64_t e = 0; e < d; e++)
                            c->S[l * d + e] += ph * vr[e];
                    }
                }
                for (int64_t h = hk * G; h < (hk + 1) * G; h++) {
                    feature_logits(w, m, d, q + ((b * T + t) * Hq + h) * d, c->u);
                    double mq = -INFINITY;
                    for (int64_t l = 0; l < m; l++)
                        mq = c->u[l] > mq ? c->u[l] : mq;
                    double *orow = o + ((b * T + t) * Hq + h) * d;
                    double den = 0;
                    for (int64_t e = 0; e < d; e++)
                        orow[e] = 0;
                    for (int64_t l = 0; l < m; l++) {
                        const double ph = exp(c->u[l] - mq) * inv_sqrt_m;
                        den += ph * c->z[l];
                        for (int64_t e = 0; e < d; e++)
                            orow[e] += ph * c->S[l * d + e];
                    }
                    for (int64_t e = 0; e < d; e++)
                        orow[e] /= den;
                }
            }
        }
    return ATTN_OK;
}

const struct attn_impl attn_performer_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "performer",
    .backend = "ref",
    .variant = "loops",
    .describe = "FAVOR+ linear attention (orthogonal positive features), float64 loops",
    .flags = ATTN_F_ORACLE | ATTN_F_APPROX,
    .supports = performer_supports,
    .workspace_size = pf_ref_workspace,
    .init = pf_ref_init,
    .run = pf_ref_run,
    .free = pf_ref_free,
};
