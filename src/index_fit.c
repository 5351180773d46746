/* index_fit.c - KL training of MSA's index branch on one captured layer
 * (see index_fit.h for the parametrization and the objective).
 *
 * One batch of query rows costs, per KV group, three sgemms of
 * [rows x keys x d]: the target's G head scores, the index scores and the
 * two gradient products; keys stop at the batch's last row (causal). */
#include "index_fit.h"

#include "alloc.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Rotation of one vector by position-dependent angles (c, s per pair);
 * inverse = rotate by the negative angle. */
static void rot(float *x, int64_t dim, const float *c, const float *s, int halves, int inverse) {
    const int64_t h = dim / 2;
    for (int64_t p = 0; p < h; p++) {
        const int64_t i0 = halves ? p : 2 * p, i1 = halves ? p + h : 2 * p + 1;
        const float x0 = x[i0], x1 = x[i1], sn = inverse ? -s[p] : s[p];
        x[i0] = x0 * c[p] - x1 * sn;
        x[i1] = x0 * sn + x1 * c[p];
    }
}

/* Angles pos * theta^(-2p/dim) into c/s [n, dim/2]; identity when theta == 0. */
static void rope_tables(float *c, float *s, int64_t n, int64_t dim, double theta) {
    const int64_t h = dim / 2;
    for (int64_t i = 0; i < n; i++)
        for (int64_t p = 0; p < h; p++) {
            const double a = theta > 0 ? (double)i * pow(theta, -2.0 * (double)p / (double)dim) : 0;
            c[i * h + p] = (float)cos(a);
            s[i * h + p] = (float)sin(a);
        }
}

void ifit_free(struct ifit_state *st) {
    if (!st)
        return;
    attn_host_free(st->uq);
    attn_host_free(st->uk);
    attn_host_free(st->wq);
    attn_host_free(st->wk);
    attn_host_free(st->cos_i);
    attn_host_free(st->sin_i);
    memset(st, 0, sizeof *st);
}

enum attn_status ifit_init(struct ifit_state *st, const float *q, const float *k, int64_t n,
                           int64_t hq, int64_t hkv, int64_t d, const struct ifit_config *cfg) {
    enum attn_status rc = ATTN_OK;
    float *ct = NULL, *stb = NULL;
    memset(st, 0, sizeof *st);
    if (n < 1 || hq < 1 || hkv < 1 || hq % hkv || d < 2 || d % 2 || cfg->d_idx < 2 ||
        cfg->d_idx % 2 || cfg->block_size < 1 || cfg->topk < 1) {
        attn_set_error("fit-index: bad shape n=%lld hq=%lld hkv=%lld d=%lld d_idx=%lld bk=%d k=%d",
                       (long long)n, (long long)hq, (long long)hkv, (long long)d,
                       (long long)cfg->d_idx, cfg->block_size, cfg->topk);
        return ATTN_ERR_INVALID;
    }
    st->cfg = *cfg;
    st->n = n, st->hq = hq, st->hkv = hkv, st->d = d, st->g = hq / hkv;
    st->in_q = st->g * d, st->in_k = hkv * d;
    st->q = q, st->k = k;
    const int64_t di = cfg->d_idx;
    st->uq = attn_host_alloc((size_t)(n * hq * d) * sizeof(float));
    st->uk = attn_host_alloc((size_t)(n * hkv * d) * sizeof(float));
    st->wq = attn_host_calloc((size_t)(hkv * st->in_q * di) * sizeof(float));
    st->wk = attn_host_calloc((size_t)(st->in_k * di) * sizeof(float));
    st->cos_i = attn_host_alloc((size_t)(n * di / 2) * sizeof(float));
    st->sin_i = attn_host_alloc((size_t)(n * di / 2) * sizeof(float));
    ct = attn_host_alloc((size_t)(n * d / 2) * sizeof(float));
    stb = attn_host_alloc((size_t)(n * d / 2) * sizeof(float));
    if (!st->uq || !st->uk || !st->wq || !st->wk || !st->cos_i || !st->sin_i || !ct || !stb) {
        attn_set_error("fit-index: out of memory (n=%lld)", (long long)n);
        rc = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    rope_tables(st->cos_i, st->sin_i, n, di, cfg->rope_theta);
    rope_tables(ct, stb, n, d, cfg->rope_theta);
    memcpy(st->uq, q, (size_t)(n * hq * d) * sizeof(float));
    memcpy(st->uk, k, (size_t)(n * hkv * d) * sizeof(float));
    if (cfg->rope_theta > 0)
        for (int64_t i = 0; i < n; i++) {
            for (int64_t h = 0; h < hq; h++)
                rot(st->uq + (i * hq + h) * d, d, ct + i * d / 2, stb + i * d / 2, cfg->rope_halves,
                    1);
            for (int64_t h = 0; h < hkv; h++)
                rot(st->uk + (i * hkv + h) * d, d, ct + i * d / 2, stb + i * d / 2,
                    cfg->rope_halves, 1);
        }
cleanup:
    attn_host_free(ct);
    attn_host_free(stb);
    if (rc != ATTN_OK)
        ifit_free(st);
    return rc;
}

enum attn_status ifit_weights_free(struct ifit_state *st) {
    const int64_t di = st->cfg.d_idx;
    if (di != st->d) {
        attn_set_error("fit-index: the training-free start needs d_idx == d (%lld != %lld)",
                       (long long)di, (long long)st->d);
        return ATTN_ERR_INVALID;
    }
    memset(st->wq, 0, (size_t)(st->hkv * st->in_q * di) * sizeof(float));
    memset(st->wk, 0, (size_t)(st->in_k * di) * sizeof(float));
    for (int64_t r = 0; r < st->hkv; r++)
        for (int64_t h = 0; h < st->g; h++)
            for (int64_t e = 0; e < di; e++)
                st->wq[(r * st->in_q + h * st->d + e) * di + e] = 1.0f / (float)st->g;
    for (int64_t h = 0; h < st->hkv; h++)
        for (int64_t e = 0; e < di; e++)
            st->wk[(h * st->d + e) * di + e] = 1.0f / (float)st->hkv;
    return ATTN_OK;
}

void ifit_weights_random(struct ifit_state *st, uint64_t seed) {
    uint64_t s = seed * 0x2545f4914f6cdd1dull + 1;
    const int64_t di = st->cfg.d_idx;
    const int64_t nq = st->hkv * st->in_q * di, nk = st->in_k * di;
    for (int64_t i = 0; i < nq + nk; i++) {
        /* Box-Muller */
        const double u1 = ((double)(splitmix(&s) >> 11) + 1.0) / 9007199254740993.0;
        const double u2 = (double)(splitmix(&s) >> 11) / 9007199254740992.0;
        const double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
        if (i < nq)
            st->wq[i] = (float)(z / sqrt((double)st->in_q));
        else
            st->wk[i - nq] = (float)(z / sqrt((double)st->in_k));
    }
}

/* Kidx for keys 0..nk-1 into ki [nk, d_idx]. */
static void project_k(const struct ifit_state *st, int64_t nk, float *ki) {
    const int64_t di = st->cfg.d_idx;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nk, (int)di, (int)st->in_k, 1.0f,
                st->uk, (int)st->in_k, st->wk, (int)di, 0.0f, ki, (int)di);
    for (int64_t j = 0; j < nk; j++)
        rot(ki + j * di, di, st->cos_i + j * di / 2, st->sin_i + j * di / 2, st->cfg.rope_halves,
            0);
}

/* Qidx of group r for rows[0..b) into qi [b, d_idx]; uqr [b, in_q] gets the inputs. */
static void project_q(const struct ifit_state *st, int64_t r, const int64_t *rows, int64_t b,
                      float *uqr, float *qi) {
    const int64_t di = st->cfg.d_idx, w = st->hq * st->d;
    for (int64_t t = 0; t < b; t++)
        memcpy(uqr + t * st->in_q, st->uq + rows[t] * w + r * st->in_q,
               (size_t)st->in_q * sizeof(float));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)b, (int)di, (int)st->in_q, 1.0f,
                uqr, (int)st->in_q, st->wq + r * st->in_q * di, (int)di, 0.0f, qi, (int)di);
    for (int64_t t = 0; t < b; t++)
        rot(qi + t * di, di, st->cos_i + rows[t] * di / 2, st->sin_i + rows[t] * di / 2,
            st->cfg.rope_halves, 0);
}

/* Target T [b, nk]: group r's G heads' causal softmax, averaged.  qg [b*G, d], lg [b*G, nk]. */
static void target(const struct ifit_state *st, int64_t r, const int64_t *rows, int64_t b,
                   int64_t nk, float *qg, float *lg, float *t_out) {
    const int64_t d = st->d, g = st->g;
    for (int64_t t = 0; t < b; t++)
        memcpy(qg + t * g * d, st->q + (rows[t] * st->hq + r * g) * d,
               (size_t)(g * d) * sizeof(float));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)(b * g), (int)nk, (int)d,
                (float)(1.0 / sqrt((double)d)), qg, (int)d, st->k + r * d, (int)(st->hkv * d), 0.0f,
                lg, (int)nk);
    for (int64_t t = 0; t < b; t++) {
        const int64_t vis = rows[t] + 1;
        float *tr = t_out + t * nk;
        memset(tr, 0, (size_t)nk * sizeof(float));
        for (int64_t h = 0; h < g; h++) {
            const float *l = lg + (t * g + h) * nk;
            float m = -INFINITY;
            for (int64_t j = 0; j < vis; j++)
                m = l[j] > m ? l[j] : m;
            double z = 0;
            for (int64_t j = 0; j < vis; j++)
                z += exp((double)(l[j] - m));
            const double f = 1.0 / (z * (double)g);
            for (int64_t j = 0; j < vis; j++)
                tr[j] += (float)(exp((double)(l[j] - m)) * f);
        }
    }
}

/* Top-`want` of vals[0..nb) (skipping `skip`, -1 = none), larger first, ties to the smaller id. */
static int32_t top_blocks(const double *vals, int64_t nb, int64_t skip, int32_t want, int32_t *out,
                          unsigned char *taken) {
    memset(taken, 0, (size_t)nb);
    int32_t c = 0;
    for (; c < want; c++) {
        int64_t best = -1;
        for (int64_t b = 0; b < nb; b++)
            if (b != skip && !taken[b] && (best < 0 || vals[b] > vals[best]))
                best = b;
        if (best < 0)
            break;
        taken[best] = 1;
        out[c] = (int32_t)best;
    }
    return c;
}

/* MSA selection (SPEC §2.1) of a query at pos from its token scores s[0..pos]:
 * writes the blocks (local last) and returns their count. */
static int32_t select_row(const float *s, int64_t pos, int64_t bk, int32_t k, double *bmax,
                          int32_t *sel, unsigned char *taken) {
    const int64_t local = pos / bk;
    for (int64_t b = 0; b < local; b++) {
        float m = -INFINITY;
        for (int64_t j = b * bk; j < (b + 1) * bk; j++)
            m = s[j] > m ? s[j] : m;
        bmax[b] = m;
    }
    int32_t c = top_blocks(bmax, local, -1, k - 1, sel, taken);
    sel[c++] = (int32_t)local;
    return c;
}

struct batch_ws {
    float *ki, *dki, *qi, *dqi, *uqr, *qg, *lg, *tt, *ss, *gg, *cg, *ksel, *ssel;
    double *bval, *bmass;
    int32_t *sel, *star;
    unsigned char *taken, *mask;
};

static void ws_free(struct batch_ws *w) {
    float **f[] = {&w->ki, &w->dki, &w->qi, &w->dqi, &w->uqr,  &w->qg,  &w->lg,
                   &w->tt, &w->ss,  &w->gg, &w->cg,  &w->ksel, &w->ssel};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        attn_host_free(*f[i]);
    attn_host_free(w->bval);
    attn_host_free(w->bmass);
    attn_host_free(w->sel);
    attn_host_free(w->star);
    attn_host_free(w->taken);
    attn_host_free(w->mask);
    memset(w, 0, sizeof *w);
}

static enum attn_status ws_alloc(struct batch_ws *w, const struct ifit_state *st, int64_t b,
                                 int64_t nk) {
    const int64_t di = st->cfg.d_idx, nb = attn_nblocks(nk, st->cfg.block_size);
    const int32_t k = st->cfg.topk;
    memset(w, 0, sizeof *w);
#define A(p, cnt) (p = attn_host_alloc((size_t)(cnt) * sizeof *(p)))
    A(w->ki, nk * di), A(w->dki, nk * di), A(w->qi, b * di), A(w->dqi, b * di);
    A(w->uqr, b * st->in_q), A(w->qg, b * st->g * st->d), A(w->lg, b * st->g * nk);
    A(w->tt, b * nk), A(w->ss, b * nk), A(w->gg, b * nk), A(w->cg, st->in_k * di);
    A(w->bval, nb + 1), A(w->bmass, nb + 1), A(w->sel, k + 1), A(w->star, k + 1);
    A(w->taken, nb + 1), A(w->mask, nk);
    if (st->sel_wq && st->sel_wk)
        A(w->ksel, nk * di), A(w->ssel, b * nk);
#undef A
    if (!w->ki || !w->dki || !w->qi || !w->dqi || !w->uqr || !w->qg || !w->lg || !w->tt || !w->ss ||
        !w->gg || !w->cg || !w->bval || !w->bmass || !w->sel || !w->star || !w->taken || !w->mask ||
        (st->sel_wq && st->sel_wk && (!w->ksel || !w->ssel))) {
        ws_free(w);
        attn_set_error("fit-index: out of memory (batch %lld x %lld keys)", (long long)b,
                       (long long)nk);
        return ATTN_ERR_NOMEM;
    }
    return ATTN_OK;
}

static int cmp_i64(const void *a, const void *b) {
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static enum attn_status check_rows(const struct ifit_state *st, const int64_t *rows, int64_t nr,
                                   int64_t *max_row) {
    *max_row = -1;
    for (int64_t t = 0; t < nr; t++) {
        if (rows[t] < 0 || rows[t] >= st->n) {
            attn_set_error("fit-index: row %lld out of range [0, %lld)", (long long)rows[t],
                           (long long)st->n);
            return ATTN_ERR_INVALID;
        }
        *max_row = rows[t] > *max_row ? rows[t] : *max_row;
    }
    if (nr < 1) {
        attn_set_error("fit-index: no rows");
        return ATTN_ERR_INVALID;
    }
    return ATTN_OK;
}

/* Marks mask[0..pos] for the support of one (row, group): all visible, or the selection. */
static void support(const struct ifit_state *st, const float *s, int64_t pos, int sparse,
                    struct batch_ws *w) {
    const int64_t bk = st->cfg.block_size;
    if (!sparse) {
        memset(w->mask, 1, (size_t)(pos + 1));
        return;
    }
    memset(w->mask, 0, (size_t)(pos + 1));
    const int32_t c = select_row(s, pos, bk, st->cfg.topk, w->bval, w->sel, w->taken);
    for (int32_t e = 0; e < c; e++) {
        const int64_t j0 = (int64_t)w->sel[e] * bk;
        int64_t j1 = j0 + bk;
        j1 = j1 > pos + 1 ? pos + 1 : j1;
        memset(w->mask + j0, 1, (size_t)(j1 - j0));
    }
}

enum attn_status ifit_loss_grad(struct ifit_state *st, const int64_t *rows_in, int64_t nr,
                                int sparse, double *loss, float *gwq, float *gwk) {
    int64_t max_row, *rows = NULL;
    struct batch_ws w;
    enum attn_status rc = check_rows(st, rows_in, nr, &max_row);
    if (rc != ATTN_OK)
        return rc;
    memset(&w, 0, sizeof w);
    const int64_t nk = max_row + 1, di = st->cfg.d_idx, hkv = st->hkv;
    const float isd = (float)(1.0 / sqrt((double)di));
    const double inv_cnt = 1.0 / ((double)nr * (double)hkv);
    const int grad = gwq && gwk;
    rows = attn_host_alloc((size_t)nr * sizeof *rows);
    if (!rows) {
        attn_set_error("fit-index: out of memory");
        return ATTN_ERR_NOMEM;
    }
    memcpy(rows, rows_in, (size_t)nr * sizeof *rows);
    qsort(rows, (size_t)nr, sizeof *rows, cmp_i64);
    if ((rc = ws_alloc(&w, st, nr, nk)) != ATTN_OK)
        goto cleanup;
    project_k(st, nk, w.ki);
    struct ifit_state frozen = *st;
    const int use_frozen = sparse && st->sel_wq && st->sel_wk;
    if (use_frozen) {
        frozen.wq = (float *)st->sel_wq, frozen.wk = (float *)st->sel_wk;
        project_k(&frozen, nk, w.ksel);
    }
    if (grad) {
        memset(gwq, 0, (size_t)(hkv * st->in_q * di) * sizeof(float));
        memset(w.dki, 0, (size_t)(nk * di) * sizeof(float));
    }
    double total = 0;
    for (int64_t r = 0; r < hkv; r++) {
        if (use_frozen) {
            project_q(&frozen, r, rows, nr, w.uqr, w.qi);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nr, (int)nk, (int)di, isd,
                        w.qi, (int)di, w.ksel, (int)di, 0.0f, w.ssel, (int)nk);
        }
        project_q(st, r, rows, nr, w.uqr, w.qi);
        target(st, r, rows, nr, nk, w.qg, w.lg, w.tt);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nr, (int)nk, (int)di, isd, w.qi,
                    (int)di, w.ki, (int)di, 0.0f, w.ss, (int)nk);
        for (int64_t t = 0; t < nr; t++) {
            const int64_t pos = rows[t];
            const float *s = w.ss + t * nk, *p = w.tt + t * nk;
            float *gr = w.gg + t * nk;
            support(st, use_frozen ? w.ssel + t * nk : s, pos, sparse, &w);
            double m = -INFINITY, zs = 0, zp = 0;
            for (int64_t j = 0; j <= pos; j++)
                if (w.mask[j]) {
                    m = s[j] > m ? s[j] : m;
                    zp += p[j];
                }
            for (int64_t j = 0; j <= pos; j++)
                if (w.mask[j])
                    zs += exp((double)s[j] - m);
            const double lzs = log(zs) + m;
            double kl = 0;
            memset(gr, 0, (size_t)nk * sizeof(float));
            for (int64_t j = 0; j <= pos; j++) {
                if (!w.mask[j])
                    continue;
                const double pj = zp > 0 ? p[j] / zp : 0, lq = (double)s[j] - lzs;
                if (pj > 0)
                    kl += pj * (log(pj) - lq);
                gr[j] = (float)((exp(lq) - pj) * inv_cnt);
            }
            total += kl;
        }
        if (!grad)
            continue;
        /* dS -> dQidx = G Kidx / sqrt(di), dKidx += G^T Qidx / sqrt(di) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)nr, (int)di, (int)nk, isd, w.gg,
                    (int)nk, w.ki, (int)di, 0.0f, w.dqi, (int)di);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)nk, (int)di, (int)nr, isd, w.gg,
                    (int)nk, w.qi, (int)di, 1.0f, w.dki, (int)di);
        for (int64_t t = 0; t < nr; t++)
            rot(w.dqi + t * di, di, st->cos_i + rows[t] * di / 2, st->sin_i + rows[t] * di / 2,
                st->cfg.rope_halves, 1);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)st->in_q, (int)di, (int)nr, 1.0f,
                    w.uqr, (int)st->in_q, w.dqi, (int)di, 0.0f, gwq + r * st->in_q * di, (int)di);
    }
    if (grad) {
        for (int64_t j = 0; j < nk; j++)
            rot(w.dki + j * di, di, st->cos_i + j * di / 2, st->sin_i + j * di / 2,
                st->cfg.rope_halves, 1);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)st->in_k, (int)di, (int)nk, 1.0f,
                    st->uk, (int)st->in_k, w.dki, (int)di, 0.0f, gwk, (int)di);
    }
    *loss = total * inv_cnt;
cleanup:
    ws_free(&w);
    attn_host_free(rows);
    return rc;
}

enum attn_status ifit_project(const struct ifit_state *st, float *qidx, float *kidx) {
    const int64_t di = st->cfg.d_idx, n = st->n, hkv = st->hkv;
    float *qi = NULL, *uqr = NULL;
    int64_t *rows = NULL;
    enum attn_status rc = ATTN_OK;
    const int64_t chunk = 1024;
    qi = attn_host_alloc((size_t)(chunk * di) * sizeof(float));
    uqr = attn_host_alloc((size_t)(chunk * st->in_q) * sizeof(float));
    rows = attn_host_alloc((size_t)chunk * sizeof *rows);
    if (!qi || !uqr || !rows) {
        attn_set_error("fit-index: out of memory");
        rc = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    project_k(st, n, kidx);
    for (int64_t i0 = 0; i0 < n; i0 += chunk) {
        const int64_t b = n - i0 < chunk ? n - i0 : chunk;
        for (int64_t t = 0; t < b; t++)
            rows[t] = i0 + t;
        for (int64_t r = 0; r < hkv; r++) {
            project_q(st, r, rows, b, uqr, qi);
            for (int64_t t = 0; t < b; t++)
                memcpy(qidx + ((i0 + t) * hkv + r) * di, qi + t * di, (size_t)di * sizeof(float));
        }
    }
cleanup:
    attn_host_free(qi);
    attn_host_free(uqr);
    attn_host_free(rows);
    return rc;
}

enum attn_status ifit_evaluate(const struct ifit_state *st, const int64_t *rows_in, int64_t nr,
                               struct ifit_eval *out) {
    int64_t max_row, *rows = NULL;
    struct batch_ws w;
    enum attn_status rc = check_rows(st, rows_in, nr, &max_row);
    if (rc != ATTN_OK)
        return rc;
    memset(&w, 0, sizeof w);
    memset(out, 0, sizeof *out);
    const int64_t di = st->cfg.d_idx, hkv = st->hkv, bk = st->cfg.block_size, chunk = 128;
    const int32_t k = st->cfg.topk;
    const float isd = (float)(1.0 / sqrt((double)di));
    rows = attn_host_alloc((size_t)nr * sizeof *rows);
    if (!rows) {
        attn_set_error("fit-index: out of memory");
        return ATTN_ERR_NOMEM;
    }
    memcpy(rows, rows_in, (size_t)nr * sizeof *rows);
    qsort(rows, (size_t)nr, sizeof *rows, cmp_i64);
    if ((rc = ws_alloc(&w, st, chunk < nr ? chunk : nr, max_row + 1)) != ATTN_OK)
        goto cleanup;
    project_k(st, max_row + 1, w.ki);
    double kl = 0, br = 0, sr = 0, mc = 0;
    for (int64_t t0 = 0; t0 < nr; t0 += chunk) {
        const int64_t b = nr - t0 < chunk ? nr - t0 : chunk, *rw = rows + t0;
        const int64_t nk = rw[b - 1] + 1;
        for (int64_t r = 0; r < hkv; r++) {
            project_q(st, r, rw, b, w.uqr, w.qi);
            target(st, r, rw, b, nk, w.qg, w.lg, w.tt);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)b, (int)nk, (int)di, isd,
                        w.qi, (int)di, w.ki, (int)di, 0.0f, w.ss, (int)nk);
            for (int64_t t = 0; t < b; t++) {
                const int64_t pos = rw[t], nbv = pos / bk + 1;
                const float *s = w.ss + t * nk, *p = w.tt + t * nk;
                double m = -INFINITY, z = 0;
                for (int64_t j = 0; j <= pos; j++)
                    m = s[j] > m ? s[j] : m;
                for (int64_t j = 0; j <= pos; j++)
                    z += exp((double)s[j] - m);
                const double lz = log(z) + m;
                for (int64_t j = 0; j <= pos; j++)
                    if (p[j] > 0)
                        kl += p[j] * (log((double)p[j]) - ((double)s[j] - lz));
                for (int64_t bb = 0; bb < nbv; bb++) {
                    double a = 0;
                    const int64_t j1 = (bb + 1) * bk > pos + 1 ? pos + 1 : (bb + 1) * bk;
                    for (int64_t j = bb * bk; j < j1; j++)
                        a += p[j];
                    w.bmass[bb] = a;
                }
                const int32_t ns = select_row(s, pos, bk, k, w.bval, w.sel, w.taken);
                const int32_t nstar = top_blocks(w.bmass, nbv, -1, k, w.star, w.taken);
                memset(w.taken, 0, (size_t)nbv);
                double cov = 0, hit_mass = 0, star_mass = 0;
                int32_t hits = 0;
                for (int32_t e = 0; e < ns; e++) {
                    w.taken[w.sel[e]] = 1;
                    cov += w.bmass[w.sel[e]];
                }
                for (int32_t e = 0; e < nstar; e++) {
                    star_mass += w.bmass[w.star[e]];
                    if (w.taken[w.star[e]]) {
                        hits++;
                        hit_mass += w.bmass[w.star[e]];
                    }
                }
                br += (double)hits / (double)nstar;
                sr += star_mass > 0 ? hit_mass / star_mass : 1.0;
                mc += cov;
            }
        }
    }
    const double cnt = (double)nr * (double)hkv;
    out->rows = nr;
    out->kl = kl / cnt;
    out->block_recall = br / cnt;
    out->score_recall = sr / cnt;
    out->mass_coverage = mc / cnt;
cleanup:
    ws_free(&w);
    attn_host_free(rows);
    return rc;
}

enum attn_status ifit_adam_init(struct ifit_adam *a, int64_t n, double lr) {
    memset(a, 0, sizeof *a);
    a->lr = lr, a->b1 = 0.9, a->b2 = 0.999, a->eps = 1e-8, a->n = n;
    a->m = attn_host_calloc((size_t)n * sizeof(float));
    a->v = attn_host_calloc((size_t)n * sizeof(float));
    if (!a->m || !a->v) {
        ifit_adam_free(a);
        attn_set_error("fit-index: out of memory (Adam state)");
        return ATTN_ERR_NOMEM;
    }
    return ATTN_OK;
}

void ifit_adam_step(struct ifit_adam *a, float *w, const float *g) {
    a->t++;
    const double c1 = 1.0 - pow(a->b1, (double)a->t), c2 = 1.0 - pow(a->b2, (double)a->t);
    for (int64_t i = 0; i < a->n; i++) {
        a->m[i] = (float)(a->b1 * a->m[i] + (1 - a->b1) * g[i]);
        a->v[i] = (float)(a->b2 * a->v[i] + (1 - a->b2) * (double)g[i] * g[i]);
        w[i] -= (float)(a->lr * (a->m[i] / c1) / (sqrt(a->v[i] / c2) + a->eps));
    }
}

void ifit_adam_free(struct ifit_adam *a) {
    attn_host_free(a->m);
    attn_host_free(a->v);
    memset(a, 0, sizeof *a);
}
