/* moba_cpu.c - `moba` in float32 on the CPU (definition: moba.h): the pooled
 * keys of every complete block once per call (sum in key order, times 1/Bk,
 * exact), then per (batch, query row, head) the gate scores, an insertion-
 * sorted best list (ties: smaller id) and exact attention over the spans of
 * the selected blocks (kernels/common/spanattn.c).  Every row is computed. */
#include "common/pool_keys.h"
#include "common/spanattn.h"
#include "common/workspace.h"
#include "moba/moba.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct moba_cpu_ws {
    float *kc;       /* [B, Hkv, nbc, d] pooled keys of the complete blocks */
    float *score;    /* [nb] */
    float *top_s;    /* [topk] */
    int32_t *top_i;  /* [topk] */
    int32_t *row;    /* [topk] when io->sel is NULL */
    struct span *sp; /* [topk] */
    float *scratch;  /* [topk * Bk] */
};

struct moba_cpu_ctx {
    struct attn_shape s;
    struct attn_params p;
    int64_t nb, nbc;
    struct moba_cpu_ws w;
};

static size_t cpu_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct moba_cpu_ws *w) {
    const size_t nb = (size_t)attn_nblocks(s->seq_len, p->block_size);
    const size_t nbc = (size_t)(s->seq_len / p->block_size), k = (size_t)p->topk;
    const size_t sz[] = {(size_t)(s->batch * s->heads_kv) * nbc * (size_t)s->head_dim * 4,
                         nb * 4,
                         k * 4,
                         k * 4,
                         k * 4,
                         k * sizeof(struct span),
                         k * (size_t)p->block_size * 4};
    void **dst[] = {(void **)&w->kc,  (void **)&w->score, (void **)&w->top_s,  (void **)&w->top_i,
                    (void **)&w->row, (void **)&w->sp,    (void **)&w->scratch};
    return WS_CARVE(base, sz, dst);
}

static size_t cpu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct moba_cpu_ws w;
    return cpu_layout(s, p, NULL, &w);
}

static enum attn_status cpu_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const enum attn_status st = ws_init_check("moba cpu", moba_params_check(s, p), ws);
    if (st != ATTN_OK)
        return st;
    struct moba_cpu_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->nb = attn_nblocks(s->seq_len, p->block_size);
    c->nbc = s->seq_len / p->block_size;
    cpu_layout(s, p, ws, &c->w);
    *ctx = c;
    return ATTN_OK;
}

static void cpu_free(void *ctx) {
    free(ctx);
}

static inline bool ranks_before(float sa, int32_t ia, float sb, int32_t ib) {
    return sa > sb || (sa == sb && ia < ib);
}

/* Selection row of head h (query vector qh, pooled keys kc of its KV head). */
static void select_row(struct moba_cpu_ctx *c, const float *qh, const float *kc, int64_t bi,
                       int32_t *out) {
    const int64_t d = c->s.head_dim;
    const int32_t k = c->p.topk, keep = k - 1;
    float *ts = c->w.top_s;
    int32_t *ti = c->w.top_i, n = 0;
    for (int32_t cb = 0; keep > 0 && cb < bi; cb++) {
        float x = 0;
        for (int64_t y = 0; y < d; y++)
            x += qh[y] * kc[cb * d + y];
        if (isnan(x) || (n == keep && !ranks_before(x, cb, ts[n - 1], ti[n - 1])))
            continue;
        int32_t at = n < keep ? n++ : n - 1;
        while (at > 0 && ranks_before(x, cb, ts[at - 1], ti[at - 1])) {
            ts[at] = ts[at - 1];
            ti[at] = ti[at - 1];
            at--;
        }
        ts[at] = x;
        ti[at] = cb;
    }
    for (int32_t i = 1; i < n; i++) /* ascending ids; all below bi */
        for (int32_t j = i; j > 0 && ti[j - 1] > ti[j]; j--) {
            const int32_t tmp = ti[j];
            ti[j] = ti[j - 1];
            ti[j - 1] = tmp;
        }
    memcpy(out, ti, (size_t)n * sizeof *out);
    out[n++] = (int32_t)bi;
    while (n < k)
        out[n++] = -1;
}

static enum attn_status cpu_run(void *ctx, const struct attn_io *io) {
    struct moba_cpu_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, d = s->head_dim, Hkv = s->heads_kv, G = attn_group(s);
    const int64_t w = c->p.topk, bk = c->p.block_size;
    const float scale = (float)(1.0 / sqrt((double)d));
    const float *q = io->q, *k = io->k, *v = io->v;
    float *o = io->o;
    if (!q || !k || !v || !o) {
        attn_set_error("moba cpu: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    pool_keys_f32(&c->s, c->p.block_size, c->nbc, k, c->w.kc);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++) {
            const int64_t pos = attn_qpos(s, t);
            for (int64_t h = 0; h < s->heads_q; h++) {
                const int64_t r = h / G, qo = ((b * s->q_len + t) * s->heads_q + h) * d;
                int32_t *row =
                    io->sel ? io->sel + ((b * s->heads_q + h) * s->q_len + t) * w : c->w.row;
                select_row(c, q + qo, c->w.kc + (b * Hkv + r) * c->nbc * d, pos / bk, row);
                const int64_t nsp = spans_from_blocks(row, (int32_t)w, bk, N, pos + 1, c->w.sp);
                const int64_t off = (b * N * Hkv + r) * d;
                spanattn_f32(q + qo, k + off, v + off, Hkv * d, d, scale, c->w.sp, nsp,
                             c->w.scratch, o + qo);
            }
        }
    return ATTN_OK;
}

const struct attn_impl attn_moba_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "moba",
    .backend = "cpu",
    .variant = "loops",
    .describe = "MoBA, float32: pooled keys once, per-head gate, top-k, span attention",
    .flags = ATTN_F_SELECT,
    .supports = moba_supports,
    .workspace_size = cpu_workspace,
    .init = cpu_init,
    .run = cpu_run,
    .free = cpu_free,
    .sel_width = moba_sel_width,
};
