/* frontier.c - the points of issue 15's frontier (frontier.h): each selection row of a
 * run with its token budget, its recall and its speedup over the cuDNN peer of its point. */
#include "frontier.h"

#include "fmt.h"
#include "method.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CANON = 1024 };

static bool has_col(const struct csv_table *t, const char *c) {
    return csv_col(t, c) >= 0;
}

/* The knob's value for row i: its CSV column, else ",name=value" in the key, else the
 * default.  NaN when malformed. */
static double knob_of(const struct csv_table *t, size_t i, const struct attn_knob *k) {
    if (has_col(t, k->name) && csv_get(t, i, k->name)[0])
        return csv_num(t, i, k->name);
    char tok[80];
    snprintf(tok, sizeof tok, ",%s=", k->name);
    const char *p = strstr(csv_get(t, i, "key"), tok);
    if (!p)
        return k->def;
    char *end;
    const double v = strtod(p + strlen(tok), &end);
    return end == p + strlen(tok) ? NAN : v;
}

double frontier_row_tokens(const struct csv_table *t, size_t i, double *width) {
    const struct attn_method *m = attn_method_find(csv_get(t, i, "method"));
    if (width)
        *width = NAN;
    if (!m || m->sel_layout == ATTN_SEL_NONE)
        return NAN;
    struct attn_shape s = {.batch = (int64_t)csv_num(t, i, "batch"),
                           .seq_len = (int64_t)csv_num(t, i, "seq_len"),
                           .q_len = (int64_t)csv_num(t, i, "q_len"),
                           .heads_q = (int64_t)csv_num(t, i, "heads_q"),
                           .heads_kv = (int64_t)csv_num(t, i, "heads_kv"),
                           .head_dim = (int64_t)csv_num(t, i, "head_dim"),
                           .index_dim = (int64_t)csv_num(t, i, "index_dim"),
                           .mode =
                               strcmp(csv_get(t, i, "mode"), "decode") ? ATTN_PREFILL : ATTN_DECODE,
                           .causal = csv_num(t, i, "causal") != 0};
    struct attn_params p;
    attn_params_defaults(&p);
    for (int k = 0; k < m->n_knobs; k++) {
        const double v = knob_of(t, i, &m->knobs[k]);
        if (!(v >= m->knobs[k].lo && v <= m->knobs[k].hi))
            return NAN;
        attn_knob_set(&m->knobs[k], &p, (int64_t)v);
    }
    /* the row's implementation, else any of the method's: the width is the declaration's */
    const struct attn_impl *im =
        attn_registry_find(m->name, csv_get(t, i, "backend"), csv_get(t, i, "variant"));
    for (int k = 0; (!im || !im->sel_width) && k < m->n_impls; k++)
        im = m->impls[k];
    if (!im || !im->sel_width || attn_shape_check(&s, &p))
        return NAN;
    const double w = im->sel_width(&s, &p);
    if (width)
        *width = w;
    return m->sel_layout == ATTN_SEL_GROUP_TOKENS ? w : w * (double)p.block_size;
}

const char *frontier_base_name(enum frontier_base b, char *buf, size_t n) {
    if (b == FRONTIER_BASE_CUDNN)
        snprintf(buf, n, "cuDNN (%s %s)", FRONTIER_CUDNN_BACKEND, FRONTIER_CUDNN_VARIANT);
    else if (b == FRONTIER_BASE_DENSE)
        snprintf(buf, n, "the fastest %s", attn_role_name(ATTN_F_DENSE_REF));
    else
        snprintf(buf, n, "none");
    return buf;
}

/* The group of row i said as a title: mode, N and the configuration, index_noise always. */
static void group_title(const struct csv_table *t, size_t i, char *b, size_t n) {
    char nb[24], extra[96] = "";
    fmt_count_exact(nb, sizeof nb, (long)csv_num(t, i, "seq_len"));
    const char *mode = csv_get(t, i, "mode"), *fn = strstr(csv_get(t, i, "key"), ",file=");
    if (!strcmp(mode, "decode"))
        snprintf(extra, sizeof extra, " q_len=%.32s", csv_get(t, i, "q_len"));
    const char *noise = csv_get(t, i, "index_noise");
    snprintf(b, n,
             "%.16s%s, N=%s, B=%.8s, Hq=%.8s/Hkv=%.8s, d=%.8s, d_idx=%.8s, Bk=%.8s, %.16s, %.16s",
             mode, extra, nb, csv_get(t, i, "batch"), csv_get(t, i, "heads_q"),
             csv_get(t, i, "heads_kv"), csv_get(t, i, "head_dim"), csv_get(t, i, "index_dim"),
             csv_get(t, i, "block_size"), csv_get(t, i, "dtype"), csv_get(t, i, "data"));
    size_t l = strlen(b);
    if (fn && l < n)
        snprintf(b + l, n - l, " %.*s", (int)strcspn(fn + 6, ","), fn + 6);
    l = strlen(b);
    if (l < n)
        snprintf(b + l, n - l, ", index_noise %.16s", noise[0] ? noise : "n/a");
    fmt_keep(b, " .,=_-/"); /* CSV text into a title */
}

static bool row_ok(const struct csv_table *t, size_t i, double *ms) {
    *ms = csv_num(t, i, "median_ms");
    return !strcmp(csv_get(t, i, "status"), "ok") && *ms > 0 && isfinite(*ms);
}

/* A budget token of a key: k<n>, BigBird's bbw/bbg/bbr<n>, or a method knob's
 * "name=value" (dsa_tokens=, nsa_local=); an input such as file= stays. */
static bool budget_token(const char *t, size_t len) {
    static const char *const core[] = {"k", "bbw", "bbg", "bbr"};
    for (size_t c = 0; c < sizeof core / sizeof core[0]; c++) {
        const size_t n = strlen(core[c]);
        if (len > n && !strncmp(t, core[c], n) && isdigit((unsigned char)t[n]))
            return true;
    }
    const char *eq = memchr(t, '=', len);
    if (!eq)
        return false;
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(eq - t), t);
    for (size_t m = 0; m < attn_method_count(); m++)
        if (attn_method_knob(attn_method_get(m), name))
            return true;
    return false;
}

/* Every row's key without its budget tokens: the dense base does not depend on the
 * budget, so every budget of a shape shares the fastest dense row of that shape (run7
 * timed cuDNN once per budget at 128K: 815, 492 and 495 ms, the first one cold).
 * NULL when out of memory. */
static char *canon_keys(const struct csv_table *t) {
    char *k = malloc((t->nrow + 1) * (size_t)CANON);
    for (size_t i = 0; k && i < t->nrow; i++)
        frontier_shape_key(csv_get(t, i, "key"), k + i * CANON, CANON);
    return k;
}

void frontier_shape_key(const char *key, char *o, size_t n) {
    char c[CANON];
    size_t w = 0;
    attn_key_canonical(key, c, sizeof c);
    for (const char *tk = c; *tk;) {
        const size_t len = strcspn(tk, ",");
        if (!budget_token(tk, len) && w + len + 2 < n) {
            if (w)
                o[w++] = ',';
            memcpy(o + w, tk, len);
            w += len;
        }
        tk += len + (tk[len] == ',');
    }
    if (n)
        o[w < n ? w : n - 1] = '\0';
}

/* The fastest ok base of `pass` for key in table t (NaN: none). */
static double base_in(const struct csv_table *t, const char *keys, const char *key,
                      const char *backend, int pass) {
    double best = NAN, ms;
    const char *dense = attn_role_name(ATTN_F_DENSE_REF);
    if (!t || !has_col(t, "key"))
        return NAN;
    for (size_t j = 0; j < t->nrow; j++) {
        const char *b = csv_get(t, j, "backend");
        const bool cudnn = !strcmp(b, FRONTIER_CUDNN_BACKEND) &&
                           !strcmp(csv_get(t, j, "variant"), FRONTIER_CUDNN_VARIANT);
        if (strcmp(csv_get(t, j, "method"), dense) || !row_ok(t, j, &ms) ||
            strcmp(keys + j * CANON, key))
            continue;
        if (pass == 0 ? !cudnn : pass == 1 ? strcmp(b, backend) : !strcmp(b, "ref"))
            continue;
        if (!(ms >= best))
            best = ms;
    }
    return best;
}

static int cmp_pt(const void *a, const void *b) {
    const struct frontier_pt *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->method != y->method)
        return x->method < y->method ? -1 : 1;
    if (x->tokens != y->tokens) /* NaN (unknown budget) last */
        return isnan(x->tokens) ? 1 : isnan(y->tokens) ? -1 : x->tokens < y->tokens ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

static double col_num(const struct csv_table *t, size_t i, const char *c) {
    return has_col(t, c) ? csv_num(t, i, c) : NAN;
}

enum attn_status frontier_collect(const struct csv_table *res, const struct csv_table *peers,
                                  struct frontier_pt **out, size_t *n) {
    enum attn_status st = ATTN_ERR_NOMEM;
    char *rk = NULL, *pk = NULL;
    struct frontier_pt *pt = NULL;
    size_t np = 0, ng = 0;
    *out = NULL;
    *n = 0;
    rk = canon_keys(res);
    pk = peers ? canon_keys(peers) : NULL;
    pt = malloc((res->nrow + 1) * sizeof *pt);
    if (!rk || (peers && !pk) || !pt)
        goto cleanup;
    for (size_t i = 0; i < res->nrow; i++) {
        const struct attn_method *m = attn_method_find(csv_get(res, i, "method"));
        if (!m || !(m->flags & ATTN_F_SELECT) || m->sel_layout == ATTN_SEL_NONE ||
            !(csv_num(res, i, "seq_len") > 0))
            continue;
        struct frontier_pt *p = &pt[np];
        memset(p, 0, sizeof *p);
        p->row = i;
        for (size_t k = 0; k < attn_method_count(); k++)
            if (attn_method_get(k) == m)
                p->method = k;
        p->status = csv_get(res, i, "status");
        p->n = csv_num(res, i, "seq_len");
        snprintf(p->mode, sizeof p->mode, "%s",
                 strcmp(csv_get(res, i, "mode"), "decode") ? "prefill" : "decode");
        snprintf(p->impl, sizeof p->impl, "%.24s %.24s/%.40s", m->name, csv_get(res, i, "backend"),
                 csv_get(res, i, "variant"));
        for (char *s = p->impl; *s; s++)
            if (*s == '|' || (unsigned char)*s < 0x20)
                *s = '?';
        double width;
        p->tokens = frontier_row_tokens(res, i, &width);
        if (isnan(p->tokens))
            snprintf(p->budget, sizeof p->budget, "?");
        else if (m->sel_layout == ATTN_SEL_GROUP_TOKENS)
            snprintf(p->budget, sizeof p->budget, "%.0f tok", p->tokens);
        else
            snprintf(p->budget, sizeof p->budget, "k=%.0f", width);
        p->block_recall = col_num(res, i, "block_recall");
        p->score_recall = col_num(res, i, "score_recall");
        p->mass = col_num(res, i, "mass_coverage");
        p->ok = row_ok(res, i, &p->ms);
        if (!p->ok)
            p->ms = NAN;
        p->base_ms = p->speedup = NAN;
        /* a row without recall that ran fine is not a selection measurement (a peer's index
         * timing): not on the frontier, nor in its table */
        if (p->ok && !isfinite(p->block_recall) && !isfinite(p->mass))
            continue;
        const char *key = rk + i * CANON, *be = csv_get(res, i, "backend");
        for (int pass = 0; pass < 3 && isnan(p->base_ms); pass++) {
            const double a = base_in(peers, pk, key, be, pass);
            const double b = base_in(res, rk, key, be, pass);
            p->base_ms = isnan(a) || b < a ? b : a;
            p->base = isnan(p->base_ms) ? FRONTIER_BASE_NONE
                      : pass == 0       ? FRONTIER_BASE_CUDNN
                                        : FRONTIER_BASE_DENSE;
        }
        if (p->ok && !isnan(p->base_ms))
            p->speedup = p->base_ms / p->ms;
        p->drawable = p->ok && p->speedup > 0 && isfinite(p->speedup) &&
                      (isfinite(p->block_recall) || isfinite(p->mass));
        group_title(res, i, p->title, sizeof p->title);
        p->group = ng;
        for (size_t j = 0; j < np; j++)
            if (!strcmp(pt[j].title, p->title)) {
                p->group = pt[j].group;
                break;
            }
        ng += p->group == ng;
        np++;
    }
    qsort(pt, np, sizeof *pt, cmp_pt);
    *out = pt;
    *n = np;
    pt = NULL;
    st = ATTN_OK;
cleanup:
    if (st != ATTN_OK)
        attn_set_error("frontier: out of memory");
    free(pt);
    free(rk);
    free(pk);
    return st;
}
