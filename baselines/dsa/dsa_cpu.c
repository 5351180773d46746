/* dsa_cpu.c - `dsa` in float32 on the CPU (definition: dsa.h): per (batch,
 * query row, group) the index score of every visible token packed with its
 * id into one 64-bit key (score bits high, ~id low: a larger key is a better
 * token, ties to the smaller id), a quickselect of the best dsa_tokens keys,
 * a heapsort of their ids, then exact attention of each head of the group
 * over the token spans (kernels/common/spanattn.c).  No allocation: the keys
 * of one row live in the workspace. */
#include "common/cpu_vec.h"
#include "common/spanattn.h"
#include "common/workspace.h"
#include "dsa/dsa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct dsa_cpu_ws {
    uint64_t *key;   /* [N] */
    float *score;    /* [N] */
    int32_t *row;    /* [width] when io->sel is NULL */
    struct span *sp; /* [width] */
    float *scratch;  /* [width] */
};

struct dsa_cpu_ctx {
    struct attn_shape s;
    struct attn_params p;
    int32_t width;
    struct dsa_cpu_ws w;
};

static size_t cpu_layout(const struct attn_shape *s, const struct attn_params *p, char *base,
                         struct dsa_cpu_ws *w) {
    const size_t n = (size_t)dsa_sel_width(s, p);
    const size_t sz[] = {(size_t)s->seq_len * 8, (size_t)s->seq_len * 4, n * 4,
                         n * sizeof(struct span), n * 4};
    void **dst[] = {(void **)&w->key, (void **)&w->score, (void **)&w->row, (void **)&w->sp,
                    (void **)&w->scratch};
    return WS_CARVE(base, sz, dst);
}

static size_t cpu_workspace(const struct attn_shape *s, const struct attn_params *p) {
    struct dsa_cpu_ws w;
    return cpu_layout(s, p, NULL, &w);
}

static enum attn_status cpu_init(void **ctx, const struct attn_shape *s,
                                 const struct attn_params *p, void *ws, void *stream) {
    (void)stream;
    const enum attn_status st = ws_init_check("dsa cpu", dsa_params_check(s, p), ws);
    if (st != ATTN_OK)
        return st;
    struct dsa_cpu_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->p = *p;
    c->width = dsa_sel_width(s, p);
    cpu_layout(s, p, ws, &c->w);
    *ctx = c;
    return ATTN_OK;
}

static void cpu_free(void *ctx) {
    free(ctx);
}

/* Reorders a[0..n) so that its m largest keys come first (any order). */
static void select_largest(uint64_t *a, int64_t n, int64_t m) {
    int64_t lo = 0, hi = n - 1;
    while (lo < hi) {
        const int64_t mid = lo + (hi - lo) / 2;
        uint64_t x = a[lo], y = a[mid], z = a[hi]; /* median of three */
        const uint64_t piv = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int64_t i = lo, j = hi;
        while (i <= j) { /* descending: keys > piv to the left */
            while (a[i] > piv)
                i++;
            while (a[j] < piv)
                j--;
            if (i <= j) {
                const uint64_t t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (m - 1 <= j)
            hi = j;
        else if (m - 1 >= i)
            lo = i;
        else
            return;
    }
}

static void sift(int32_t *a, int64_t i, int64_t n) {
    for (;;) {
        int64_t big = i, l = 2 * i + 1, r = l + 1;
        if (l < n && a[l] > a[big])
            big = l;
        if (r < n && a[r] > a[big])
            big = r;
        if (big == i)
            return;
        const int32_t t = a[i];
        a[i] = a[big];
        a[big] = t;
        i = big;
    }
}

static void heapsort_i32(int32_t *a, int64_t n) {
    for (int64_t i = n / 2 - 1; i >= 0; i--)
        sift(a, i, n);
    for (int64_t e = n - 1; e > 0; e--) {
        const int32_t t = a[0];
        a[0] = a[e];
        a[e] = t;
        sift(a, 0, e);
    }
}

/* out[j] = qr . kidx[j] for j < nvis: 8 lanes reduced in a fixed order, so
 * equal index keys score the same float wherever they sit (the ref's ties),
 * and the lanes vectorize. */
CPU_VEC_CLONES static void index_scores(const float *qr, const float *kidx, int64_t nvis,
                                        int64_t di, float *out) {
    for (int64_t j = 0; j < nvis; j++) {
        const float *kr = kidx + j * di;
        float a[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        int64_t x = 0;
        for (; x + 8 <= di; x += 8)
            for (int u = 0; u < 8; u++)
                a[u] += qr[x + u] * kr[x + u];
        for (; x < di; x++)
            a[0] += qr[x] * kr[x];
        out[j] = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
    }
}

static void select_row(struct dsa_cpu_ctx *c, const float *qidx, const float *kidx, int64_t b,
                       int64_t t, int64_t r, int32_t *row) {
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, di = s->index_dim;
    const int64_t nvis = s->causal ? attn_qpos(s, t) + 1 : N;
    const float *qr = qidx + ((b * s->q_len + t) * s->heads_kv + r) * di;
    uint64_t *key = c->w.key;
    int64_t n = 0;
    index_scores(qr, kidx + b * N * di, nvis, di, c->w.score);
    for (int64_t j = 0; j < nvis; j++) {
        float acc = c->w.score[j];
        if (isnan(acc))
            continue;
        acc = acc > 0 ? acc : 0.0f; /* +0: a non-negative float's bits order as its value */
        uint32_t bits;
        memcpy(&bits, &acc, sizeof bits);
        key[n++] = (uint64_t)bits << 32 | (uint64_t)(UINT32_MAX - (uint32_t)j);
    }
    const int64_t m = n < c->width ? n : c->width;
    if (m < n)
        select_largest(key, n, m);
    for (int64_t i = 0; i < m; i++)
        row[i] = (int32_t)(UINT32_MAX - (uint32_t)(key[i] & UINT32_MAX));
    heapsort_i32(row, m);
    for (int64_t i = m; i < c->width; i++)
        row[i] = -1;
}

static enum attn_status cpu_run(void *ctx, const struct attn_io *io) {
    struct dsa_cpu_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t N = s->seq_len, d = s->head_dim, Hkv = s->heads_kv, G = attn_group(s);
    const int64_t w = c->width;
    const float scale = (float)(1.0 / sqrt((double)d));
    const float *q = io->q, *k = io->k, *v = io->v;
    float *o = io->o;
    if (!q || !k || !v || !o || !io->qidx || !io->kidx) {
        attn_set_error("dsa cpu: q, k, v, o, qidx and kidx are all needed");
        return ATTN_ERR_INVALID;
    }
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t t = 0; t < s->q_len; t++)
            for (int64_t r = 0; r < Hkv; r++) {
                int32_t *row = io->sel ? io->sel + ((b * Hkv + r) * s->q_len + t) * w : c->w.row;
                select_row(c, io->qidx, io->kidx, b, t, r, row);
                const int64_t nsp = spans_from_tokens(row, (int32_t)w, c->w.sp);
                const int64_t off = (b * N * Hkv + r) * d;
                for (int64_t h = r * G; h < (r + 1) * G; h++) {
                    const int64_t qo = ((b * s->q_len + t) * s->heads_q + h) * d;
                    spanattn_f32(q + qo, k + off, v + off, Hkv * d, d, scale, c->w.sp, nsp,
                                 c->w.scratch, o + qo);
                }
            }
    return ATTN_OK;
}

const struct attn_impl attn_dsa_cpu = {
    .api_version = ATTN_API_VERSION,
    .method = "dsa",
    .backend = "cpu",
    .variant = "loops",
    .describe = "DSA, float32: lightning-indexer scores, quickselect top-k tokens, span attention",
    .flags = ATTN_F_INDEX | ATTN_F_SELECT,
    .supports = dsa_supports,
    .workspace_size = cpu_workspace,
    .init = cpu_init,
    .run = cpu_run,
    .free = cpu_free,
    .sel_width = dsa_sel_width,
};
