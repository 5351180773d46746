/* moba_ref.c - float64 oracle of `moba` (definition: moba.h), plain loops,
 * one (batch, query row, head) at a time, only the requested rows: pooled
 * keys of the earlier blocks, scores, repeated arg-max (ties: smaller id),
 * then exact attention over the spans of the selected blocks. */
#include "common/spanattn.h"
#include "common/workspace.h"
#include "moba/moba.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct moba_ref_ctx {
    struct attn_shape s;
    struct attn_params p;
    int64_t nb;
    int64_t kc_for; /* (b * q_len + t) * Hkv + r whose pooled keys kc holds; -1: none */
    double *kc, *score, *scratch;
    unsigned char *chosen;
    int32_t *selrow;
    struct span *sp;
};

static size_t ref_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct moba_ref_ctx *c) {
    const size_t nb = (size_t)attn_nblocks(s->seq_len, p->block_size), k = (size_t)p->topk;
    const size_t sz[] = {
        nb * (size_t)s->head_dim * 8, nb * 8, k * (size_t)p->block_size * 8, nb, k * 4,
        k * sizeof(struct span)};
    void **dst[] = {(void **)&c->kc,     (void **)&c->score,  (void **)&c->scratch,
                    (void **)&c->chosen, (void **)&c->selrow, (void **)&c->sp};
    return WS_CARVE(base, sz, dst);
}

static size_t ref_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct moba_ref_ctx c;
    return ref_layout(s, p, NULL, &c);
}

static enum attn_status ref_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const enum attn_status st = ws_init_check("moba ref", moba_params_check(s, p), ws);
    if (st != ATTN_OK)
        return st;
    struct moba_ref_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->nb = attn_nblocks(s->seq_len, p->block_size);
    ref_layout(s, p, ws, c);
    *ctx = c;
    return ATTN_OK;
}

static void select_row(struct moba_ref_ctx *c, const double *q, const double *k, int64_t b,
                       int64_t t, int64_t h, int32_t *row) {
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, d = s->head_dim, Hkv = s->heads_kv, r = h / attn_group(s);
    const int64_t bk = c->p.block_size, bi = attn_qpos(s, t) / bk;
    const double *qh = q + ((b * s->q_len + t) * s->heads_q + h) * d;
    const int64_t key = (b * s->q_len + t) * Hkv + r;
    for (int64_t cb = 0; cb < bi && c->kc_for != key; cb++) { /* once per group */
        double *kc = c->kc + cb * d;
        for (int64_t x = 0; x < d; x++)
            kc[x] = 0;
        for (int64_t j = cb * bk; j < (cb + 1) * bk; j++)
            for (int64_t x = 0; x < d; x++)
                kc[x] += k[((b * N + j) * Hkv + r) * d + x];
    }
    c->kc_for = key;
    for (int64_t cb = 0; cb < bi; cb++) {
        const double *kc = c->kc + cb * d;
        double acc = 0;
        for (int64_t x = 0; x < d; x++)
            acc += qh[x] * (kc[x] / (double)bk);
        c->score[cb] = acc;
    }
    memset(c->chosen, 0, (size_t)(bi + 1));
    c->chosen[bi] = 1;
    for (int32_t n = 1; n < c->p.topk; n++) {
        int64_t best = -1;
        for (int64_t cb = 0; cb < bi; cb++)
            if (!c->chosen[cb] && !isnan(c->score[cb]) &&
                (best < 0 || c->score[cb] > c->score[best]))
                best = cb;
        if (best < 0)
            break;
        c->chosen[best] = 1;
    }
    int32_t n = 0;
    for (int64_t x = 0; x <= bi; x++)
        if (c->chosen[x])
            row[n++] = (int32_t)x;
    while (n < c->p.topk)
        row[n++] = -1;
}

static enum attn_status ref_run(void *ctx, const struct attn_io *io) {
    struct moba_ref_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t nr = io->rows ? io->n_rows : s->q_len, w = c->p.topk, d = s->head_dim;
    const int64_t N = s->seq_len, Hkv = s->heads_kv, G = attn_group(s);
    if (!io->q || !io->k || !io->v || !io->o) {
        attn_set_error("moba ref: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    c->kc_for = -1; /* k may differ from the last call's */
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t i = 0; i < nr; i++) {
            const int64_t t = io->rows ? io->rows[i] : i, pos = attn_qpos(s, t);
            if (t < 0 || t >= s->q_len) {
                attn_set_error("moba ref: row %lld outside [0, %lld)", (long long)t,
                               (long long)s->q_len);
                return ATTN_ERR_INVALID;
            }
            for (int64_t h = 0; h < s->heads_q; h++) {
                int32_t *row =
                    io->sel ? io->sel + ((b * s->heads_q + h) * s->q_len + t) * w : c->selrow;
                select_row(c, io->q, io->k, b, t, h, row);
                const int64_t nsp =
                    spans_from_blocks(row, (int32_t)w, c->p.block_size, N, pos + 1, c->sp);
                const int64_t off = (b * N * Hkv + h / G) * d;
                spanattn_f64((const double *)io->q + ((b * s->q_len + t) * s->heads_q + h) * d,
                             (const double *)io->k + off, (const double *)io->v + off, Hkv * d, d,
                             1.0 / sqrt((double)d), c->sp, nsp, c->scratch,
                             (double *)io->o + ((b * s->q_len + t) * s->heads_q + h) * d);
            }
        }
    return ATTN_OK;
}

static void ref_free(void *ctx) {
    free(ctx);
}

const struct attn_impl attn_moba_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "moba",
    .backend = "ref",
    .variant = "loops",
    .describe = "MoBA oracle: per-head q . mean(K_block) gate, own block + top-k, float64",
    .flags = ATTN_F_ORACLE | ATTN_F_SELECT,
    .supports = moba_supports,
    .workspace_size = ref_workspace,
    .init = ref_init,
    .run = ref_run,
    .free = ref_free,
    .sel_width = moba_sel_width,
};
