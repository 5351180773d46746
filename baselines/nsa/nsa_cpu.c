/* nsa_cpu.c - `nsa` in float32 on the CPU (definition: nsa.h): the pooled
 * keys of every complete block once per call, then per (batch, group, query
 * row) the per-head log-domain softmax over the candidates, forced blocks, an
 * insertion-sorted best list (ties: smaller id), and the KV-outer sgemm
 * block-sparse core (kernels/common/blocksparse_cpu.c) over all rows.  Each
 * block's score is computed from its own keys in a fixed order, so equal
 * blocks tie exactly, as in the ref. */
#include "common/blocksparse.h"
#include "common/cpu_vec.h"
#include "common/pool_keys.h"
#include "common/workspace.h"
#include "nsa/nsa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct nsa_cpu_ws {
    float *kc;      /* [B, Hkv, nbc, d] pooled keys of the complete blocks */
    float *z;       /* [G, nb] */
    float *lsc;     /* [nb] */
    float *top_s;   /* [topk] */
    int32_t *top_i; /* [topk] */
    int32_t *sel;   /* [B, Hkv, q_len, topk] when io->sel is NULL */
    void *core;     /* blocksparse_cpu_workspace */
};

struct nsa_cpu_ctx {
    struct attn_shape s;
    struct attn_params p;
    int64_t nb, nbc;
    struct nsa_cpu_ws w;
};

static size_t cpu_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct nsa_cpu_ws *w) {
    const size_t nb = (size_t)attn_nblocks(s->seq_len, p->block_size);
    const size_t nbc = (size_t)(s->seq_len / p->block_size), k = (size_t)p->topk;
    const size_t sz[] = {(size_t)(s->batch * s->heads_kv) * nbc * (size_t)s->head_dim * 4,
                         (size_t)attn_group(s) * nb * 4,
                         nb * 4,
                         k * 4,
                         k * 4,
                         (size_t)(s->batch * s->heads_kv * s->q_len) * k * 4,
                         blocksparse_cpu_workspace(s, p->block_size, p->topk)};
    void **dst[] = {(void **)&w->kc,    (void **)&w->z,   (void **)&w->lsc, (void **)&w->top_s,
                    (void **)&w->top_i, (void **)&w->sel, (void **)&w->core};
    return WS_CARVE(base, sz, dst);
}

static size_t cpu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct nsa_cpu_ws w;
    return cpu_layout(s, p, NULL, &w);
}

static enum attn_status cpu_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const enum attn_status st = ws_init_check("nsa cpu", nsa_params_check(s, p), ws);
    if (st != ATTN_OK)
        return st;
    struct nsa_cpu_ctx *c = calloc(1, sizeof *c);
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

/* Log scores lsc[0..bi) of query row t, group r. */
static void score_row(struct nsa_cpu_ctx *c, const float *q, int64_t b, int64_t t, int64_t r,
                      int64_t bi) {
    const struct attn_shape *s = &c->s;
    const int64_t d = s->head_dim, G = attn_group(s);
    const float scale = (float)(1.0 / sqrt((double)d));
    const float *kc = c->w.kc + (b * s->heads_kv + r) * c->nbc * d;
    for (int64_t g = 0; g < G; g++) {
        const float *qh = q + ((b * s->q_len + t) * s->heads_q + r * G + g) * d;
        float *z = c->w.z + g * c->nb;
        for (int64_t cb = 0; cb < bi; cb++) {
            float acc = 0;
            for (int64_t x = 0; x < d; x++)
                acc += qh[x] * kc[cb * d + x];
            z[cb] = acc * scale;
        }
        const float m = cpu_row_max(z, bi);
        float sum = 0;
        for (int64_t cb = 0; cb < bi; cb++)
            sum += cpu_expf(z[cb] - m);
        const float lse = m + logf(sum);
        for (int64_t cb = 0; cb < bi; cb++)
            z[cb] -= lse;
    }
    for (int64_t cb = 0; cb < bi; cb++) {
        float m = -INFINITY, sum = 0;
        for (int64_t g = 0; g < G; g++)
            m = c->w.z[g * c->nb + cb] > m ? c->w.z[g * c->nb + cb] : m;
        for (int64_t g = 0; g < G; g++)
            sum += cpu_expf(c->w.z[g * c->nb + cb] - m);
        c->w.lsc[cb] = m + logf(sum);
    }
}

static inline bool ranks_before(float sa, int32_t ia, float sb, int32_t ib) {
    return sa > sb || (sa == sb && ia < ib);
}

static void select_row(struct nsa_cpu_ctx *c, int64_t pos, int32_t *out) {
    const int32_t k = c->p.topk, bi = (int32_t)(pos / c->p.block_size);
    const int32_t lo = bi - c->p.nsa_local + 1 > 0 ? bi - c->p.nsa_local + 1 : 0;
    const int32_t forced = (bi - lo + 1) + (lo > 0);
    const int32_t keep = k - forced;
    float *ts = c->w.top_s;
    int32_t *ti = c->w.top_i, n = 0;
    for (int32_t cb = 1; keep > 0 && cb < lo; cb++) { /* 0 and lo..bi are forced */
        const float x = c->w.lsc[cb];
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
    /* ascending: block 0, the picks sorted by id, then lo..bi */
    for (int32_t i = 1; i < n; i++)
        for (int32_t j = i; j > 0 && ti[j - 1] > ti[j]; j--) {
            const int32_t tmp = ti[j];
            ti[j] = ti[j - 1];
            ti[j - 1] = tmp;
        }
    int32_t m = 0;
    if (lo > 0)
        out[m++] = 0;
    for (int32_t i = 0; i < n; i++)
        out[m++] = ti[i];
    for (int32_t x = lo; x <= bi; x++)
        out[m++] = x;
    while (m < k)
        out[m++] = -1;
}

static enum attn_status cpu_run(void *ctx, const struct attn_io *io) {
    struct nsa_cpu_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    if (!io->q || !io->k || !io->v || !io->o) {
        attn_set_error("nsa cpu: q, k, v and o are all needed");
        return ATTN_ERR_INVALID;
    }
    int32_t *sel = io->sel ? io->sel : c->w.sel;
    pool_keys_f32(&c->s, c->p.block_size, c->nbc, io->k, c->w.kc);
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < s->heads_kv; r++)
            for (int64_t t = 0; t < s->q_len; t++) {
                const int64_t pos = attn_qpos(s, t);
                score_row(c, io->q, b, t, r, pos / c->p.block_size);
                select_row(c, pos, sel + ((b * s->heads_kv + r) * s->q_len + t) * c->p.topk);
            }
    return blocksparse_cpu(s, c->p.block_size, io->q, io->k, io->v, io->o, sel, c->p.topk,
                           c->w.core);
}

const struct attn_impl attn_nsa_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "nsa",
    .backend = "cpu",
    .variant = "blas",
    .describe = "NSA selected branch, float32: pooled keys, per-group scores, KV-outer sgemm core",
    .flags = ATTN_F_SELECT,
    .supports = nsa_supports,
    .workspace_size = cpu_workspace,
    .init = cpu_init,
    .run = cpu_run,
    .free = cpu_free,
    .sel_width = nsa_sel_width,
};
