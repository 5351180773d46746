/* nsa_ref.c - float64 oracle of `nsa` (definition: nsa.h), plain loops, one
 * (batch, query row, group) at a time, only the requested rows: pooled keys
 * of the candidates, per-head softmax in the log domain, forced blocks, then
 * the best other candidates by repeated arg-max (ties: smaller id), and the
 * shared float64 block-sparse core for the attention. */
#include "common/blocksparse.h"
#include "common/workspace.h"
#include "nsa/nsa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct nsa_ref_ctx {
    struct attn_shape s;
    struct attn_params p;
    int64_t nb;
    double *kc;            /* [nb, d] pooled keys of one (batch, group) */
    double *z;             /* [G, nb] l(h, c) - lse_h */
    double *lsc;           /* [nb] log score */
    unsigned char *chosen; /* [nb] */
    int32_t *selrow;       /* [topk] when io->sel is NULL */
    double *scratch;       /* blocksparse_ref_scratch */
};

static size_t ref_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct nsa_ref_ctx *c) {
    const size_t nb = (size_t)attn_nblocks(s->seq_len, p->block_size);
    const size_t G = (size_t)attn_group(s);
    const size_t sz[] = {nb * (size_t)s->head_dim * 8,
                         G * nb * 8,
                         nb * 8,
                         nb,
                         (size_t)p->topk * 4,
                         blocksparse_ref_scratch(p->block_size, p->topk) * 8};
    void **dst[] = {(void **)&c->kc,     (void **)&c->z,      (void **)&c->lsc,
                    (void **)&c->chosen, (void **)&c->selrow, (void **)&c->scratch};
    return WS_CARVE(base, sz, dst);
}

static size_t ref_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct nsa_ref_ctx c;
    return ref_layout(s, p, NULL, &c);
}

static enum attn_status ref_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const enum attn_status st = ws_init_check("nsa ref", nsa_params_check(s, p), ws);
    if (st != ATTN_OK)
        return st;
    struct nsa_ref_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->nb = attn_nblocks(s->seq_len, p->block_size);
    ref_layout(s, p, ws, c);
    *ctx = c;
    return ATTN_OK;
}

/* Selection row of query row t, group r. */
static void select_row(struct nsa_ref_ctx *c, const double *q, const double *k, int64_t b,
                       int64_t t, int64_t r, int32_t *row) {
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, d = s->head_dim, Hkv = s->heads_kv, G = attn_group(s);
    const int64_t bk = c->p.block_size, pos = attn_qpos(s, t), bi = pos / bk;
    const double scale = 1.0 / sqrt((double)d);
    for (int64_t cb = 0; cb < bi; cb++) { /* pooled keys of the candidates */
        double *kc = c->kc + cb * d;
        for (int64_t x = 0; x < d; x++)
            kc[x] = 0;
        for (int64_t j = cb * bk; j < (cb + 1) * bk; j++)
            for (int64_t x = 0; x < d; x++)
                kc[x] += k[((b * N + j) * Hkv + r) * d + x];
        for (int64_t x = 0; x < d; x++)
            kc[x] /= (double)bk;
    }
    for (int64_t g = 0; g < G && bi > 0; g++) { /* z = l - logsumexp(l) per head */
        const double *qh = q + ((b * s->q_len + t) * s->heads_q + r * G + g) * d;
        double *z = c->z + g * c->nb, m = -INFINITY, sum = 0;
        for (int64_t cb = 0; cb < bi; cb++) {
            double acc = 0;
            for (int64_t x = 0; x < d; x++)
                acc += qh[x] * c->kc[cb * d + x];
            z[cb] = acc * scale;
            m = z[cb] > m ? z[cb] : m;
        }
        for (int64_t cb = 0; cb < bi; cb++)
            sum += exp(z[cb] - m);
        const double lse = m + log(sum);
        for (int64_t cb = 0; cb < bi; cb++)
            z[cb] -= lse;
    }
    for (int64_t cb = 0; cb < bi; cb++) { /* log sum_h p(h, cb) */
        double m = -INFINITY, sum = 0;
        for (int64_t g = 0; g < G; g++)
            m = c->z[g * c->nb + cb] > m ? c->z[g * c->nb + cb] : m;
        for (int64_t g = 0; g < G; g++)
            sum += exp(c->z[g * c->nb + cb] - m);
        c->lsc[cb] = m + log(sum);
    }
    memset(c->chosen, 0, (size_t)(bi + 1));
    int32_t n = 0;
    const int64_t lo = bi - c->p.nsa_local + 1 > 0 ? bi - c->p.nsa_local + 1 : 0;
    c->chosen[0] = 1;
    for (int64_t x = lo; x <= bi; x++)
        c->chosen[x] = 1;
    for (int64_t x = 0; x <= bi; x++)
        n += c->chosen[x];
    while (n < c->p.topk) {
        int64_t best = -1;
        for (int64_t cb = 0; cb < bi; cb++)
            if (!c->chosen[cb] && !isnan(c->lsc[cb]) && (best < 0 || c->lsc[cb] > c->lsc[best]))
                best = cb;
        if (best < 0)
            break;
        c->chosen[best] = 1;
        n++;
    }
    n = 0;
    for (int64_t x = 0; x <= bi; x++)
        if (c->chosen[x])
            row[n++] = (int32_t)x;
    while (n < c->p.topk)
        row[n++] = -1;
}

static enum attn_status ref_run(void *ctx, const struct attn_io *io) {
    struct nsa_ref_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t nr = io->rows ? io->n_rows : s->q_len, w = c->p.topk;
    enum attn_status st = ATTN_OK;
    if (!io->q || !io->k || !io->v || !io->o) {
        attn_set_error("nsa ref: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    for (int64_t b = 0; st == ATTN_OK && b < s->batch; b++)
        for (int64_t i = 0; st == ATTN_OK && i < nr; i++) {
            const int64_t t = io->rows ? io->rows[i] : i;
            if (t < 0 || t >= s->q_len) {
                attn_set_error("nsa ref: row %lld outside [0, %lld)", (long long)t,
                               (long long)s->q_len);
                return ATTN_ERR_INVALID;
            }
            for (int64_t r = 0; st == ATTN_OK && r < s->heads_kv; r++) {
                int32_t *row =
                    io->sel ? io->sel + ((b * s->heads_kv + r) * s->q_len + t) * w : c->selrow;
                select_row(c, io->q, io->k, b, t, r, row);
                st = blocksparse_ref_row(s, c->p.block_size, io->q, io->k, io->v, io->o, b, t, r,
                                         row, (int32_t)w, c->scratch);
            }
        }
    return st;
}

static void ref_free(void *ctx) {
    free(ctx);
}

const struct attn_impl attn_nsa_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "nsa",
    .backend = "ref",
    .variant = "loops",
    .describe = "NSA selected branch oracle: pooled-key softmax scores per group, float64",
    .flags = ATTN_F_ORACLE | ATTN_F_SELECT,
    .supports = nsa_supports,
    .workspace_size = ref_workspace,
    .init = ref_init,
    .run = ref_run,
    .free = ref_free,
    .sel_width = nsa_sel_width,
};
