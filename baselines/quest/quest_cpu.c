/* quest_cpu.c - `quest` in float32 on the CPU (definition: quest.h): the
 * min/max of every complete page once per call, the partly visible last page
 * of a row once per (row, KV head), then per head the bounds, an insertion-
 * sorted best list (ties: smaller id) and exact attention over the spans of
 * the selected pages (kernels/common/spanattn.c).  Every row is computed. */
#include "common/spanattn.h"
#include "common/workspace.h"
#include "quest/quest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct quest_cpu_ws {
    float *mm;       /* [B, Hkv, nbc, 2, d] min then max of each complete page */
    float *tail;     /* [2, d] the last, partly visible page of the current row */
    float *top_s;    /* [topk] */
    int32_t *top_i;  /* [topk] */
    int32_t *row;    /* [topk] when io->sel is NULL */
    struct span *sp; /* [topk] */
    float *scratch;  /* [topk * Bk] */
};

struct quest_cpu_ctx {
    struct attn_shape s;
    struct attn_params p;
    int64_t nbc;
    struct quest_cpu_ws w;
};

static size_t cpu_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct quest_cpu_ws *w) {
    const size_t nbc = (size_t)(s->seq_len / p->block_size), k = (size_t)p->topk;
    const size_t d = (size_t)s->head_dim;
    const size_t sz[] = {(size_t)(s->batch * s->heads_kv) * nbc * 2 * d * 4,
                         2 * d * 4,
                         k * 4,
                         k * 4,
                         k * 4,
                         k * sizeof(struct span),
                         k * (size_t)p->block_size * 4};
    void **dst[] = {(void **)&w->mm,  (void **)&w->tail, (void **)&w->top_s,  (void **)&w->top_i,
                    (void **)&w->row, (void **)&w->sp,   (void **)&w->scratch};
    return WS_CARVE(base, sz, dst);
}

static size_t cpu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct quest_cpu_ws w;
    return cpu_layout(s, p, NULL, &w);
}

static enum attn_status cpu_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const enum attn_status st = ws_init_check("quest cpu", quest_params_check(s, p), ws);
    if (st != ATTN_OK)
        return st;
    struct quest_cpu_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->nbc = s->seq_len / p->block_size;
    cpu_layout(s, p, ws, &c->w);
    *ctx = c;
    return ATTN_OK;
}

static void cpu_free(void *ctx) {
    free(ctx);
}

/* Elementwise min / max of keys [lo, hi) of KV head r into mm[0..d), mm[d..2d). */
static void page_minmax(const struct quest_cpu_ctx *c, const float *k, int64_t b, int64_t r,
                        int64_t lo, int64_t hi, float *mm) {
    const int64_t N = c->s.seq_len, d = c->s.head_dim, Hkv = c->s.heads_kv;
    for (int64_t x = 0; x < d; x++)
        mm[x] = INFINITY, mm[d + x] = -INFINITY;
    for (int64_t j = lo; j < hi; j++) {
        const float *kr = k + ((b * N + j) * Hkv + r) * d;
        for (int64_t x = 0; x < d; x++) {
            mm[x] = kr[x] < mm[x] ? kr[x] : mm[x];
            mm[d + x] = kr[x] > mm[d + x] ? kr[x] : mm[d + x];
        }
    }
}

static float bound(const float *qh, const float *mm, int64_t d) {
    float acc = 0;
    for (int64_t x = 0; x < d; x++) {
        const float a = qh[x] * mm[x], z = qh[x] * mm[d + x];
        acc += a > z ? a : z;
    }
    return acc;
}

static inline bool ranks_before(float sa, int32_t ia, float sb, int32_t ib) {
    return sa > sb || (sa == sb && ia < ib);
}

/* Selection row of head h: nfull complete pages from mm, then the tail page. */
static void select_row(struct quest_cpu_ctx *c, const float *qh, const float *mm, int64_t nfull,
                       bool tail, int32_t *out) {
    const int64_t d = c->s.head_dim;
    const int32_t k = c->p.topk;
    float *ts = c->w.top_s;
    int32_t *ti = c->w.top_i, n = 0;
    for (int32_t pg = 0; pg < nfull + tail; pg++) {
        const float x = bound(qh, pg < nfull ? mm + pg * 2 * d : c->w.tail, d);
        if (isnan(x) || (n == k && !ranks_before(x, pg, ts[n - 1], ti[n - 1])))
            continue;
        int32_t at = n < k ? n++ : n - 1;
        while (at > 0 && ranks_before(x, pg, ts[at - 1], ti[at - 1])) {
            ts[at] = ts[at - 1];
            ti[at] = ti[at - 1];
            at--;
        }
        ts[at] = x;
        ti[at] = pg;
    }
    for (int32_t i = 1; i < n; i++)
        for (int32_t j = i; j > 0 && ti[j - 1] > ti[j]; j--) {
            const int32_t tmp = ti[j];
            ti[j] = ti[j - 1];
            ti[j - 1] = tmp;
        }
    memcpy(out, ti, (size_t)n * sizeof *out);
    while (n < k)
        out[n++] = -1;
}

static enum attn_status cpu_run(void *ctx, const struct attn_io *io) {
    struct quest_cpu_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, d = s->head_dim, Hkv = s->heads_kv, G = attn_group(s);
    const int64_t w = c->p.topk, bk = c->p.block_size;
    const float scale = (float)(1.0 / sqrt((double)d));
    const float *q = io->q, *k = io->k, *v = io->v;
    float *o = io->o;
    if (!q || !k || !v || !o) {
        attn_set_error("quest cpu: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < Hkv; r++)
            for (int64_t pg = 0; pg < c->nbc; pg++)
                page_minmax(c, k, b, r, pg * bk, (pg + 1) * bk,
                            c->w.mm + ((b * Hkv + r) * c->nbc + pg) * 2 * d);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++) {
            const int64_t vis_end = s->causal ? attn_qpos(s, t) + 1 : N;
            const int64_t nfull = vis_end / bk;
            const bool tail = vis_end % bk != 0;
            for (int64_t r = 0; r < Hkv; r++) {
                if (tail)
                    page_minmax(c, k, b, r, nfull * bk, vis_end, c->w.tail);
                for (int64_t h = r * G; h < (r + 1) * G; h++) {
                    const int64_t qo = ((b * s->q_len + t) * s->heads_q + h) * d;
                    int32_t *row =
                        io->sel ? io->sel + ((b * s->heads_q + h) * s->q_len + t) * w : c->w.row;
                    select_row(c, q + qo, c->w.mm + (b * Hkv + r) * c->nbc * 2 * d, nfull, tail,
                               row);
                    const int64_t nsp = spans_from_blocks(row, (int32_t)w, bk, N, vis_end, c->w.sp);
                    const int64_t off = (b * N * Hkv + r) * d;
                    spanattn_f32(q + qo, k + off, v + off, Hkv * d, d, scale, c->w.sp, nsp,
                                 c->w.scratch, o + qo);
                }
            }
        }
    return ATTN_OK;
}

const struct attn_impl attn_quest_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "quest",
    .backend = "cpu",
    .variant = "loops",
    .describe = "Quest (decode), float32: page min/max once, per-head bounds, span attention",
    .flags = ATTN_F_SELECT,
    .supports = quest_supports,
    .workspace_size = cpu_workspace,
    .init = cpu_init,
    .run = cpu_run,
    .free = cpu_free,
    .sel_width = quest_sel_width,
};
