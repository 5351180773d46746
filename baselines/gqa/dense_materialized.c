/* dense_materialized.c - textbook attention, float32 on OpenBLAS, the way an
 * eager framework runs it: three separate passes over a score tensor that
 * holds ALL B*Hq*q_len*N scores (so it hits the memory wall first, and
 * workspace_size says so):
 *   1. S = Q K^T * scale   one cblas_sgemm per (batch, query head)
 *   2. causal mask + max-subtracted softmax, row by row, in place (S -> P)
 *   3. O = P V             one cblas_sgemm per (batch, query head)
 * Causal masking is done on the full square, as the textbook does: the masked
 * half is computed and thrown away (flash skips it).  GQA reads K/V head h/G
 * in place through the sgemm leading dimension; no copy of K/V is made.
 * Speed: see baselines/gqa/gqa_cpu.c. */
#include "gqa/dense_materialized.h"

#include "common/softmax_f32.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct dense_mat_ctx {
    struct attn_shape s;
    float *scores; /* [B, Hq, q_len, N] in the caller's workspace */
};

/* Number of score floats, false on size_t overflow. */
static bool score_count(const struct attn_shape *s, size_t *out) {
    const int64_t f[4] = {s->batch, s->heads_q, s->q_len, s->seq_len};
    size_t n = sizeof(float);
    for (int i = 0; i < 4; i++) {
        if (f[i] <= 0 || (uint64_t)f[i] > SIZE_MAX / n)
            return false;
        n *= (size_t)f[i];
    }
    *out = n / sizeof(float);
    return true;
}

bool dense_mat_check(const struct attn_shape *s, bool need_mha, const char **why) {
    const char *w = attn_shape_check(s, NULL);
    size_t n;
    if (!w && need_mha && s->heads_kv != s->heads_q)
        w = "full attention needs heads_kv == heads_q (textbook MHA)";
    if (!w && !score_count(s, &n))
        w = "the B*Hq*q_len*N score tensor overflows size_t";
    /* cblas takes int sizes and leading dimensions */
    if (!w && (s->seq_len > INT_MAX || s->heads_q * s->head_dim > INT_MAX))
        w = "seq_len or heads_q*head_dim exceeds the BLAS int range";
    if (w && why)
        *why = w;
    return w == NULL;
}

size_t dense_mat_workspace(const struct attn_shape *s, const struct attn_params *p) {
    (void)p;
    size_t n;
    return score_count(s, &n) ? n * sizeof(float) : 0;
}

enum attn_status dense_mat_init(void **ctx, const struct attn_shape *s, const struct attn_params *p,
                                void *ws, void *stream) {
    (void)p, (void)stream;
    if (!dense_mat_check(s, false, NULL)) {
        attn_set_error("dense_mat_init: unsupported shape");
        return ATTN_ERR_UNSUPPORTED;
    }
    if (!ws) {
        attn_set_error("dense_mat_init: no workspace");
        return ATTN_ERR_INVALID;
    }
    struct dense_mat_ctx *c = malloc(sizeof *c);
    if (!c)
        return ATTN_ERR_NOMEM;
    c->s = *s;
    c->scores = ws;
    *ctx = c;
    return ATTN_OK;
}

/* One row of scores -> probabilities: keys >= nvis are masked to 0. */
static void softmax_row(float *row, int64_t nvis, int64_t n) {
    const float m = attn_max_f32(row, nvis, -INFINITY);
    const float inv = 1.0f / attn_exp_sum_f32(row, nvis, m);
    for (int64_t j = 0; j < nvis; j++)
        row[j] *= inv;
    if (nvis < n)
        memset(row + nvis, 0, (size_t)(n - nvis) * sizeof *row);
}

enum attn_status dense_mat_run(void *ctx, const struct attn_io *io) {
    const struct dense_mat_ctx *c = ctx;
    const struct attn_shape *s = &c->s;
    const int64_t B = s->batch, N = s->seq_len, T = s->q_len, Hq = s->heads_q;
    const int64_t Hkv = s->heads_kv, d = s->head_dim, G = Hq / Hkv;
    const float *q = io->q, *k = io->k, *v = io->v;
    float *o = io->o;
    if (!q || !k || !v || !o) {
        attn_set_error("dense_mat_run: q, k, v and o are required");
        return ATTN_ERR_INVALID;
    }
    const float scale = (float)(1.0 / sqrt((double)d));
    const int ldq = (int)(Hq * d), ldkv = (int)(Hkv * d);

    /* 1. every score */
    for (int64_t b = 0; b < B; b++)
        for (int64_t h = 0; h < Hq; h++)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)T, (int)N, (int)d, scale,
                        q + (b * T * Hq + h) * d, ldq, k + (b * N * Hkv + h / G) * d, ldkv, 0.0f,
                        c->scores + (b * Hq + h) * T * N, (int)N);
    /* 2. mask + softmax */
    for (int64_t bh = 0; bh < B * Hq; bh++)
        for (int64_t t = 0; t < T; t++)
            softmax_row(c->scores + (bh * T + t) * N, s->causal ? attn_qpos(s, t) + 1 : N, N);
    /* 3. O = P V */
    for (int64_t b = 0; b < B; b++)
        for (int64_t h = 0; h < Hq; h++)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)T, (int)d, (int)N, 1.0f,
                        c->scores + (b * Hq + h) * T * N, (int)N, v + (b * N * Hkv + h / G) * d,
                        ldkv, 0.0f, o + (b * T * Hq + h) * d, ldq);
    return ATTN_OK;
}

void dense_mat_free(void *ctx) {
    free(ctx);
}
