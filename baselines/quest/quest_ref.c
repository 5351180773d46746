/* quest_ref.c - float64 oracle of `quest` (definition: quest.h), plain loops,
 * one (batch, query row, head) at a time, only the requested rows: page
 * min/max over the visible keys, bounds, repeated arg-max (ties: smaller id),
 * exact attention over the spans of the selected pages. */
#include "common/spanattn.h"
#include "common/workspace.h"
#include "quest/quest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct quest_ref_ctx {
    struct attn_shape s;
    struct attn_params p;
    int64_t nb;
    double *mm; /* [nb, 2, d] min then max of each visible page of one (row, KV head) */
    double *bound, *scratch;
    unsigned char *chosen;
    int32_t *selrow;
    struct span *sp;
};

static size_t ref_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct quest_ref_ctx *c) {
    const size_t nb = (size_t)attn_nblocks(s->seq_len, p->block_size), k = (size_t)p->topk;
    const size_t sz[] = {
        nb * 2 * (size_t)s->head_dim * 8, nb * 8, k * (size_t)p->block_size * 8, nb, k * 4,
        k * sizeof(struct span)};
    void **dst[] = {(void **)&c->mm,     (void **)&c->bound,  (void **)&c->scratch,
                    (void **)&c->chosen, (void **)&c->selrow, (void **)&c->sp};
    return WS_CARVE(base, sz, dst);
}

static size_t ref_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct quest_ref_ctx c;
    return ref_layout(s, p, NULL, &c);
}

static enum attn_status ref_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const enum attn_status st = ws_init_check("quest ref", quest_params_check(s, p), ws);
    if (st != ATTN_OK)
        return st;
    struct quest_ref_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->nb = attn_nblocks(s->seq_len, p->block_size);
    ref_layout(s, p, ws, c);
    *ctx = c;
    return ATTN_OK;
}

/* Page min / max of KV head r over the keys before vis_end (once per row and
 * KV head: the G heads of the group share them). */
static void page_minmax(struct quest_ref_ctx *c, const double *k, int64_t b, int64_t r,
                        int64_t vis_end) {
    const int64_t N = c->s.seq_len, d = c->s.head_dim, Hkv = c->s.heads_kv;
    const int64_t bk = c->p.block_size, np = attn_nblocks(vis_end, bk);
    for (int64_t pg = 0; pg < np; pg++) {
        double *mn = c->mm + pg * 2 * d, *mx = mn + d;
        for (int64_t x = 0; x < d; x++)
            mn[x] = INFINITY, mx[x] = -INFINITY;
        for (int64_t j = pg * bk; j < (pg + 1) * bk && j < vis_end; j++)
            for (int64_t x = 0; x < d; x++) {
                const double kv = k[((b * N + j) * Hkv + r) * d + x];
                mn[x] = kv < mn[x] ? kv : mn[x];
                mx[x] = kv > mx[x] ? kv : mx[x];
            }
    }
}

/* Selection row of head h at row t from the pages' min / max. */
static void select_row(struct quest_ref_ctx *c, const double *q, int64_t b, int64_t t, int64_t h,
                       int64_t vis_end, int32_t *row) {
    const struct attn_shape *s = &c->s;
    const int64_t d = s->head_dim, np = attn_nblocks(vis_end, c->p.block_size);
    const double *qh = q + ((b * s->q_len + t) * s->heads_q + h) * d;
    for (int64_t pg = 0; pg < np; pg++) {
        const double *mn = c->mm + pg * 2 * d, *mx = mn + d;
        double acc = 0;
        for (int64_t x = 0; x < d; x++)
            acc += fmax(qh[x] * mn[x], qh[x] * mx[x]);
        c->bound[pg] = acc;
    }
    memset(c->chosen, 0, (size_t)c->nb);
    for (int32_t n = 0; n < c->p.topk; n++) {
        int64_t best = -1;
        for (int64_t pg = 0; pg < np; pg++)
            if (!c->chosen[pg] && !isnan(c->bound[pg]) &&
                (best < 0 || c->bound[pg] > c->bound[best]))
                best = pg;
        if (best < 0)
            break;
        c->chosen[best] = 1;
    }
    int32_t n = 0;
    for (int64_t pg = 0; pg < np; pg++)
        if (c->chosen[pg])
            row[n++] = (int32_t)pg;
    while (n < c->p.topk)
        row[n++] = -1;
}

static enum attn_status ref_run(void *ctx, const struct attn_io *io) {
    struct quest_ref_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t nr = io->rows ? io->n_rows : s->q_len, w = c->p.topk, d = s->head_dim;
    const int64_t N = s->seq_len, Hkv = s->heads_kv, G = attn_group(s);
    if (!io->q || !io->k || !io->v || !io->o) {
        attn_set_error("quest ref: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t i = 0; i < nr; i++) {
            const int64_t t = io->rows ? io->rows[i] : i;
            if (t < 0 || t >= s->q_len) {
                attn_set_error("quest ref: row %lld outside [0, %lld)", (long long)t,
                               (long long)s->q_len);
                return ATTN_ERR_INVALID;
            }
            const int64_t vis_end = s->causal ? attn_qpos(s, t) + 1 : N;
            for (int64_t r = 0; r < Hkv; r++) {
                page_minmax(c, io->k, b, r, vis_end);
                for (int64_t h = r * G; h < (r + 1) * G; h++) {
                    int32_t *row =
                        io->sel ? io->sel + ((b * s->heads_q + h) * s->q_len + t) * w : c->selrow;
                    select_row(c, io->q, b, t, h, vis_end, row);
                    const int64_t nsp =
                        spans_from_blocks(row, (int32_t)w, c->p.block_size, N, vis_end, c->sp);
                    const int64_t off = (b * N * Hkv + r) * d;
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

const struct attn_impl attn_quest_ref = {
    .api_version = ATTN_API_VERSION,
    .method = "quest",
    .backend = "ref",
    .variant = "loops",
    .describe = "Quest oracle (decode): per-head top-k pages by the min/max bound, float64",
    .flags = ATTN_F_ORACLE | ATTN_F_SELECT,
    .supports = quest_supports,
    .workspace_size = ref_workspace,
    .init = ref_init,
    .run = ref_run,
    .free = ref_free,
    .sel_width = quest_sel_width,
};
