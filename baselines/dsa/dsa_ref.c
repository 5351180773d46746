/* dsa_ref.c - float64 oracle of `dsa` (definition: dsa.h), plain loops, one
 * (batch, query row, group) at a time, only the requested rows: the index
 * score of every visible token, a full sort (best first, ties: smaller id),
 * the first dsa_tokens ids sorted ascending, exact attention of each head of
 * the group over them.  O(N log N) per row, so sampled rows run at 1M. */
#include "common/spanattn.h"
#include "common/workspace.h"
#include "dsa/dsa.h"

#include <math.h>
#include <stdlib.h>

struct scored {
    double s;
    int32_t id;
};

struct dsa_ref_ctx {
    struct attn_shape s;
    struct attn_params p;
    int32_t width;
    struct scored *sc; /* [N] */
    double *scratch;   /* [width] */
    int32_t *selrow;   /* [width] */
    struct span *sp;   /* [width] */
};

static size_t ref_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct dsa_ref_ctx *c) {
    const size_t w = (size_t)dsa_sel_width(s, p);
    const size_t sz[] = {(size_t)s->seq_len * sizeof(struct scored), w * 8, w * 4,
                         w * sizeof(struct span)};
    void **dst[] = {(void **)&c->sc, (void **)&c->scratch, (void **)&c->selrow, (void **)&c->sp};
    return WS_CARVE(base, sz, dst);
}

static size_t ref_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct dsa_ref_ctx c;
    return ref_layout(s, p, NULL, &c);
}

static enum attn_status ref_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const enum attn_status st = ws_init_check("dsa ref", dsa_params_check(s, p), ws);
    if (st != ATTN_OK)
        return st;
    struct dsa_ref_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->width = dsa_sel_width(s, p);
    ref_layout(s, p, ws, c);
    *ctx = c;
    return ATTN_OK;
}

static int best_first(const void *a, const void *b) {
    const struct scored *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

static int ascending(const void *a, const void *b) {
    const int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void select_row(struct dsa_ref_ctx *c, const double *qidx, const double *kidx, int64_t b,
                       int64_t t, int64_t r, int32_t *row) {
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, di = s->index_dim;
    const int64_t nvis = s->causal ? attn_qpos(s, t) + 1 : N;
    const double *qr = qidx + ((b * s->q_len + t) * s->heads_kv + r) * di;
    int64_t n = 0;
    for (int64_t j = 0; j < nvis; j++) {
        double acc = 0;
        for (int64_t x = 0; x < di; x++)
            acc += qr[x] * kidx[(b * N + j) * di + x];
        if (!isnan(acc))
            c->sc[n++] = (struct scored){acc > 0 ? acc : 0, (int32_t)j};
    }
    qsort(c->sc, (size_t)n, sizeof *c->sc, best_first);
    int32_t m = 0;
    for (; m < c->width && m < n; m++)
        row[m] = c->sc[m].id;
    qsort(row, (size_t)m, sizeof *row, ascending);
    while (m < c->width)
        row[m++] = -1;
}

static enum attn_status ref_run(void *ctx, const struct attn_io *io) {
    struct dsa_ref_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t nr = io->rows ? io->n_rows : s->q_len, w = c->width, d = s->head_dim;
    const int64_t N = s->seq_len, Hkv = s->heads_kv, G = attn_group(s);
    if (!io->q || !io->k || !io->v || !io->o || !io->qidx || !io->kidx) {
        attn_set_error("dsa ref: q, k, v, o, qidx and kidx are all needed");
        return ATTN_ERR_INVALID;
    }
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t i = 0; i < nr; i++) {
            const int64_t t = io->rows ? io->rows[i] : i;
            if (t < 0 || t >= s->q_len) {
                attn_set_error("dsa ref: row %lld outside [0, %lld)", (long long)t,
                               (long long)s->q_len);
                return ATTN_ERR_INVALID;
            }
            for (int64_t r = 0; r < Hkv; r++) {
                int32_t *row = io->sel ? io->sel + ((b * Hkv + r) * s->q_len + t) * w : c->selrow;
                select_row(c, io->qidx, io->kidx, b, t, r, row);
                const int64_t nsp = spans_from_tokens(row, (int32_t)w, c->sp);
                const int64_t off = (b * N * Hkv + r) * d;
                for (int64_t h = r * G; h < (r + 1) * G; h++) {
                    const int64_t qo = ((b * s->q_len + t) * s->heads_q + h) * d;
                    spanattn_f64((const double *)io->q + qo, (const double *)io->k + off,
                                 (const double *)io->v + off, Hkv * d, d, 1.0 / sqrt((double)d),
                                 c->sp, nsp, c->scratch, (double *)io->o + qo);
                }
            }
        }
    return ATTN_OK;
}

static void ref_free(void *ctx) {
    free(ctx);
}

const struct attn_impl attn_dsa_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "dsa",
    .backend = "ref",
    .variant = "loops",
    .describe = "DSA oracle: lightning indexer (1 head, w = 1) top-k tokens per group, float64",
    .flags = ATTN_F_ORACLE | ATTN_F_INDEX | ATTN_F_SELECT,
    .supports = dsa_supports,
    .workspace_size = ref_workspace,
    .init = ref_init,
    .run = ref_run,
    .free = ref_free,
    .sel_width = dsa_sel_width,
};
