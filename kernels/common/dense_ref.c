/* dense_ref.c - float64 textbook attention, plain loops, written to be read.
 * Scores of one query row against every visible key, max-subtracted softmax,
 * then P V.  O(N) memory per row: the oracle runs on sampled rows at 1M. */
#include "dense_ref.h"

#include "alloc.h"

#include <math.h>
#include <stdlib.h>

struct dense_ref_ctx {
    struct attn_shape s;
};

enum attn_status dense_ref_rows(const struct attn_shape *s, const double *q, const double *k,
                                const double *v, double *o, const int64_t *rows, int64_t n_rows) {
    const int64_t N = s->seq_len, Hq = s->heads_q, Hkv = s->heads_kv, d = s->head_dim;
    const int64_t G = Hq / Hkv, nr = rows ? n_rows : s->q_len;
    const double scale = 1.0 / sqrt((double)d);
    double *p = attn_host_alloc((size_t)N * sizeof *p);
    if (!p)
        return ATTN_ERR_NOMEM;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < nr; r++) {
            const int64_t t = rows ? rows[r] : r;
            const int64_t pos = attn_qpos(s, t);
            const int64_t nvis = s->causal ? pos + 1 : N;
            for (int64_t h = 0; h < Hq; h++) {
                const double *qr = q + ((b * s->q_len + t) * Hq + h) * d;
                const int64_t hk = h / G;
                double m = -INFINITY, sum = 0;
                for (int64_t j = 0; j < nvis; j++) {
                    const double *kr = k + ((b * N + j) * Hkv + hk) * d;
                    double acc = 0;
                    for (int64_t c = 0; c < d; c++)
                        acc += qr[c] * kr[c];
                    p[j] = acc * scale;
                    if (p[j] > m)
                        m = p[j];
                }
                for (int64_t j = 0; j < nvis; j++) {
                    p[j] = exp(p[j] - m);
                    sum += p[j];
                }
                double *orow = o + ((b * s->q_len + t) * Hq + h) * d;
                for (int64_t c = 0; c < d; c++)
                    orow[c] = 0;
                for (int64_t j = 0; j < nvis; j++) {
                    const double *vr = v + ((b * N + j) * Hkv + hk) * d;
                    const double w = p[j] / sum;
                    for (int64_t c = 0; c < d; c++)
                        orow[c] += w * vr[c];
                }
            }
        }
    attn_host_free(p);
    return ATTN_OK;
}

bool dense_ref_supports(const struct attn_shape *s, const struct attn_params *p, const char **why) {
    (void)p;
    const char *w = attn_shape_check(s, NULL);
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t dense_ref_workspace(const struct attn_shape *s, const struct attn_params *p) {
    (void)p;
    return (size_t)s->seq_len * sizeof(double);
}

enum attn_status dense_ref_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                                void *ws, void *stream) {
    (void)p, (void)ws, (void)stream;
    struct dense_ref_ctx *c = malloc(sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    *ctx = c;
    return ATTN_OK;
}

enum attn_status dense_ref_run(void *ctx, const struct attn_io *io) {
    const struct dense_ref_ctx *c = ctx;
    return dense_ref_rows(&c->s, io->q, io->k, io->v, io->o, io->rows, io->n_rows);
}

void dense_ref_free(void *ctx) { free(ctx); }
