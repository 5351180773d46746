/* dense_ref.c - float64 textbook attention, plain loops, written to be read.
 * Scores of one query row against every visible key, max-subtracted softmax,
 * then P V.  O(N) memory per row: the oracle runs on sampled rows at 1M. */
#include "dense_ref.h"

#include "alloc.h"
#include "parallel.h"

#include <math.h>
#include <stdlib.h>

struct dense_ref_ctx {
    struct attn_shape s;
};

struct rows_job {
    const struct attn_shape *s;
    const double *q, *k, *v;
    double *o, *p; /* p: one row of N scores per thread */
    const int64_t *rows;
    int64_t nr;
};

/* One (batch, query row, head): scores, max-subtracted softmax, then P V. */
static void one_row(void *ctx, int64_t item, int tid) {
    const struct rows_job *jb = ctx;
    const struct attn_shape *s = jb->s;
    const int64_t N = s->seq_len, Hq = s->heads_q, Hkv = s->heads_kv, d = s->head_dim;
    const int64_t G = Hq / Hkv;
    const int64_t h = item % Hq, r = (item / Hq) % jb->nr, b = item / (Hq * jb->nr);
    const int64_t t = jb->rows ? jb->rows[r] : r;
    const int64_t pos = attn_qpos(s, t);
    const int64_t nvis = s->causal ? pos + 1 : N;
    const double scale = 1.0 / sqrt((double)d);
    double *p = jb->p + (size_t)tid * (size_t)N;
    const double *qr = jb->q + ((b * s->q_len + t) * Hq + h) * d;
    const int64_t hk = h / G;
    double m = -INFINITY, sum = 0;
    for (int64_t j = 0; j < nvis; j++) {
        const double *kr = jb->k + ((b * N + j) * Hkv + hk) * d;
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
    double *orow = jb->o + ((b * s->q_len + t) * Hq + h) * d;
    for (int64_t c = 0; c < d; c++)
        orow[c] = 0;
    for (int64_t j = 0; j < nvis; j++) {
        const double *vr = jb->v + ((b * N + j) * Hkv + hk) * d;
        const double w = p[j] / sum;
        for (int64_t c = 0; c < d; c++)
            orow[c] += w * vr[c];
    }
}

enum attn_status dense_ref_rows(const struct attn_shape *s, const double *q, const double *k,
                                const double *v, double *o, const int64_t *rows, int64_t n_rows) {
    const int64_t nr = rows ? n_rows : s->q_len;
    const int64_t items = s->batch * nr * s->heads_q;
    /* threads only pay off on big rows; each item's result is independent of the thread */
    const int nt = s->seq_len * s->head_dim >= (1 << 16) ? attn_cpu_threads() : 1;
    struct rows_job jb = {s, q, k, v, o, NULL, rows, nr};
    jb.p = attn_host_alloc((size_t)nt * (size_t)s->seq_len * sizeof(double));
    if (!jb.p)
        return ATTN_ERR_NOMEM;
    attn_parallel_for(items, nt, one_row, &jb);
    attn_host_free(jb.p);
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

void dense_ref_free(void *ctx) {
    free(ctx);
}
