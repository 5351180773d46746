/* compare.c - msabench compare: regression verdicts between two result sets
 * (rules in compare.h).  A slowdown must be both significant (Mann-Whitney on
 * the raw samples) and larger than the noise the base run itself showed. */
#include "compare.h"

#include "fmt.h"
#include "meta_read.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const required_cols[] = {"key",     "method", "backend",
                                            "variant", "status", "median_ms"};

const char *cmp_verdict_str(enum cmp_verdict v) {
    switch (v) {
    case CMP_OK:
        return "ok";
    case CMP_SLOW:
        return "SLOW";
    case CMP_FAST:
        return "FAST";
    case CMP_NOISY:
        return "NOISY";
    case CMP_SLOW_UNPROVEN:
        return "slow?";
    case CMP_FAST_UNPROVEN:
        return "fast?";
    case CMP_FAILED:
        return "FAILED";
    case CMP_FIXED:
        return "FIXED";
    case CMP_GONE:
        return "GONE";
    case CMP_NOT_RUN:
        return "n/a";
    case CMP_MISSING:
        return "MISSING";
    case CMP_NEW:
        return "NEW";
    case CMP_NVERDICTS:
        break;
    }
    return "?";
}

void cmp_opts_default(struct cmp_opts *o) {
    o->threshold = 0.05;
    o->alpha = 0.01;
    o->max_noise = 0.03;
    o->normalize = false;
    o->force = false;
    o->base_runs = false;
}

/* ---- row identity: (key, method, backend, variant) ---- */

struct ident {
    const char *f[4];
    size_t row;
};

static int cmp_ident(const void *pa, const void *pb) {
    const struct ident *a = pa, *b = pb;
    for (int i = 0; i < 4; i++) {
        int c = strcmp(a->f[i], b->f[i]);
        if (c)
            return c;
    }
    return a->row < b->row ? -1 : a->row > b->row;
}

static int same_ident(const struct ident *a, const struct ident *b) {
    for (int i = 0; i < 4; i++)
        if (strcmp(a->f[i], b->f[i]))
            return 0;
    return 1;
}

/* Sorted identities of t; *dups counts rows shadowed by a later duplicate. */
static struct ident *index_rows(const struct csv_table *t, size_t *dups) {
    struct ident *ix = malloc((t->nrow + 1) * sizeof *ix);
    if (!ix)
        return NULL;
    int c[4] = {csv_col(t, "key"), csv_col(t, "method"), csv_col(t, "backend"),
                csv_col(t, "variant")};
    for (size_t r = 0; r < t->nrow; r++) {
        for (int i = 0; i < 4; i++)
            ix[r].f[i] = t->cell[r][c[i]];
        ix[r].row = r;
    }
    qsort(ix, t->nrow, sizeof *ix, cmp_ident);
    *dups = 0;
    for (size_t i = 0; i + 1 < t->nrow; i++)
        *dups += same_ident(&ix[i], &ix[i + 1]);
    return ix;
}

/* The row holding this identity (the last one when duplicated), or SIZE_MAX. */
static size_t lookup(const struct ident *ix, size_t n, const struct ident *q) {
    size_t lo = 0, hi = n;
    struct ident probe = *q;
    probe.row = SIZE_MAX; /* sorts after every row of this identity */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_ident(&ix[mid], &probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && same_ident(&ix[lo - 1], q))
        return ix[lo - 1].row;
    return SIZE_MAX;
}

/* The rows holding this identity, in file order: *first indexes ix, *n counts. */
static void lookup_all(const struct ident *ix, size_t n, const struct ident *q, size_t *first,
                       size_t *count) {
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first entry not below q's identity */
        size_t mid = lo + (hi - lo) / 2;
        struct ident probe = *q;
        probe.row = 0;
        if (cmp_ident(&ix[mid], &probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    *count = 0;
    while (lo + *count < n && same_ident(&ix[lo + *count], q))
        (*count)++;
}

/* ---- samples ---- */

/* Parses "1.2;1.3;..." into a malloc'd array scaled by 1/scale. */
static double *parse_samples(const char *s, double scale, size_t *n) {
    size_t cap = 1;
    for (const char *c = s; *c; c++)
        cap += *c == ';';
    double *x = malloc(cap * sizeof *x);
    *n = 0;
    if (!x)
        return NULL;
    while (*s) {
        char *end;
        double v = strtod(s, &end);
        if (end != s && isfinite(v))
            x[(*n)++] = v / scale;
        s = end;
        while (*s && *s != ';')
            s++;
        if (*s == ';')
            s++;
    }
    return x;
}

static double sample_cv(const double *x, size_t n) {
    if (n < 2)
        return NAN;
    double m = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - m) * (x[i] - m);
    return m > 0 ? sqrt(ss / (double)(n - 1)) / m : NAN;
}

/* ---- the comparison ---- */

static enum attn_status check_columns(const struct csv_table *t, const char *path) {
    for (size_t i = 0; i < sizeof required_cols / sizeof *required_cols; i++)
        if (csv_col(t, required_cols[i]) < 0) {
            attn_set_error("%s: required column '%s' is missing", path, required_cols[i]);
            return ATTN_ERR_PARSE;
        }
    return ATTN_OK;
}

static enum attn_status read_side(const char *path, struct csv_table *t, struct run_meta *m,
                                  FILE *warn) {
    enum attn_status st = csv_read(path, t);
    if (st != ATTN_OK)
        return st;
    st = check_columns(t, path);
    if (st != ATTN_OK)
        return st;
    st = meta_read_beside(path, m);
    if (st != ATTN_OK)
        return st;
    if (!m->present && warn)
        fprintf(warn, "compare: warning: no %s: cannot check which device %s ran on\n", m->path,
                path);
    if (csv_col(t, "samples_ms") < 0 && warn)
        fprintf(warn,
                "compare: warning: %s has no samples_ms column: no significance test, so "
                "nothing can be proven SLOW or FAST\n",
                path);
    return ATTN_OK;
}

static enum attn_status calib_of(const struct run_meta *m, const char *csv, double *out) {
    double c = m->present ? meta_num(m, "calib_sgemm_ms") : NAN;
    if (!(c > 0) || !isfinite(c)) {
        attn_set_error("--normalize needs calib_sgemm_ms in %s (beside %s)%s", m->path, csv,
                       m->present ? "" : ", which does not exist");
        return ATTN_ERR_INVALID;
    }
    *out = c;
    return ATTN_OK;
}

static void judge(struct cmp_result *r, struct cmp_entry *e, const struct cmp_opts *o) {
    const struct csv_table *B = &r->base, *N = &r->cur;
    const char *bs = csv_get(B, e->base_row, "status"), *ns = csv_get(N, e->new_row, "status");
    bool bok = strcmp(bs, "ok") == 0, nok = strcmp(ns, "ok") == 0;
    if (bok && strcmp(ns, "failed") == 0) {
        e->verdict = CMP_FAILED;
        return;
    }
    if (bok && !nok) {
        e->verdict = CMP_GONE;
        return;
    }
    if (!bok && nok && strcmp(bs, "failed") == 0) {
        e->verdict = CMP_FIXED;
        return;
    }
    e->verdict = CMP_NOT_RUN;
    if (!bok || !nok)
        return;

    /* per-row floors when every row measured one (floor.h), else the run's sgemm */
    const size_t m = e->base_runs ? e->base_runs : 1;
    const size_t *rows = e->base_runs ? e->base_rowv : &e->base_row;
    double nscale = 1;
    e->by_floor = false;
    if (o->normalize) {
        bool all = true;
        for (size_t i = 0; i < m; i++) {
            double f = csv_num(B, rows[i], "floor_ms");
            all = all && f > 0 && isfinite(f);
        }
        double nf = csv_num(N, e->new_row, "floor_ms");
        e->by_floor = all && nf > 0 && isfinite(nf);
        nscale = e->by_floor ? nf : r->new_calib;
        r->n_floor += e->by_floor;
    }
    /* base: one run, or (--base-runs) the median of its runs' medians (the
     * first 64 ok runs), their samples pooled, and the spread of the medians */
    double med[64], cvs[64], *xb = NULL;
    size_t nb = 0, used = 0;
    for (size_t i = 0; i < m && used < 64; i++) {
        if (strcmp(csv_get(B, rows[i], "status"), "ok") != 0)
            continue;
        double sc = !o->normalize ? 1
                    : e->by_floor ? csv_num(B, rows[i], "floor_ms")
                                  : r->base_calib;
        double md = csv_num(B, rows[i], "median_ms") / sc;
        if (!(md > 0) || !isfinite(md))
            continue;
        size_t k = 0;
        double *x = parse_samples(csv_get(B, rows[i], "samples_ms"), sc, &k);
        double *grown = x ? realloc(xb, (nb + k + 1) * sizeof *xb) : NULL;
        if (!grown) {
            free(x);
            continue;
        }
        xb = grown;
        memcpy(xb + nb, x, k * sizeof *x);
        nb += k;
        cvs[used] = csv_num(B, rows[i], "cv");
        if (!isfinite(cvs[used]))
            cvs[used] = sample_cv(x, k);
        med[used++] = md;
        free(x);
    }
    if (used == 0) {
        free(xb);
        return;
    }
    struct stats_summary sm;
    stats_summarize(med, used, &sm);
    e->base_ms = sm.median;
    e->base_spread = used > 1 ? sm.max / sm.min - 1 : NAN;
    stats_summarize(cvs, used, &sm);
    e->base_cv = sm.median;
    e->new_ms = csv_num(N, e->new_row, "median_ms") / nscale;
    if (!(e->new_ms > 0) || !isfinite(e->new_ms)) {
        free(xb);
        return;
    }
    e->ratio = e->new_ms / e->base_ms;

    size_t nn = 0;
    double *xn = parse_samples(csv_get(N, e->new_row, "samples_ms"), nscale, &nn);
    e->base_n = nb;
    e->new_n = nn;
    if (xb && xn && nb > 0 && nn > 0)
        e->p = stats_mann_whitney_p(xb, nb, xn, nn);
    e->new_cv = csv_num(N, e->new_row, "cv");
    if (!isfinite(e->new_cv) && xn)
        e->new_cv = sample_cv(xn, nn);
    free(xb);
    free(xn);

    e->bound = o->threshold;
    if (isfinite(e->base_cv) && 2 * e->base_cv > e->bound)
        e->bound = 2 * e->base_cv;
    if (isfinite(e->base_spread) && e->base_spread > e->bound)
        e->bound = e->base_spread; /* the base runs disagreed this much among themselves */
    double slow = 1 + e->bound, fast = 1 / (1 + e->bound);
    bool sig = e->p < o->alpha; /* false for NaN */
    if (sig && e->ratio > slow)
        e->verdict = CMP_SLOW;
    else if (sig && e->ratio < fast)
        e->verdict = CMP_FAST;
    else if (e->base_cv > o->max_noise || e->new_cv > o->max_noise)
        e->verdict = CMP_NOISY;
    else if (e->ratio > slow)
        e->verdict = CMP_SLOW_UNPROVEN;
    else if (e->ratio < fast)
        e->verdict = CMP_FAST_UNPROVEN;
    else
        e->verdict = CMP_OK;
}

static void entry_init(struct cmp_entry *e, const struct csv_table *t, size_t row) {
    memset(e, 0, sizeof *e);
    e->key = csv_get(t, row, "key");
    e->method = csv_get(t, row, "method");
    e->backend = csv_get(t, row, "backend");
    e->variant = csv_get(t, row, "variant");
    e->mode = csv_get(t, row, "mode");
    e->seq_len = csv_num(t, row, "seq_len");
    e->base_row = e->new_row = SIZE_MAX;
    e->base_ms = e->new_ms = e->ratio = e->p = e->base_cv = e->new_cv = NAN;
    e->bound = e->base_spread = NAN;
}

enum attn_status compare_files(const char *base_csv, const char *new_csv, const struct cmp_opts *o,
                               struct cmp_result *r, FILE *warn) {
    enum attn_status st;
    struct run_meta mb = {0}, mn = {0};
    struct ident *ib = NULL, *in = NULL;
    bool *matched = NULL;

    memset(r, 0, sizeof *r);
    r->base_calib = r->new_calib = r->geomean = NAN;
    r->base_path = base_csv;
    r->new_path = new_csv;
    if ((st = read_side(base_csv, &r->base, &mb, warn)) != ATTN_OK ||
        (st = read_side(new_csv, &r->cur, &mn, warn)) != ATTN_OK)
        goto cleanup;

    const char *db = mb.present ? meta_str(&mb, "device") : NULL;
    const char *dn = mn.present ? meta_str(&mn, "device") : NULL;
    snprintf(r->base_device, sizeof r->base_device, "%s", db ? db : "");
    snprintf(r->new_device, sizeof r->new_device, "%s", dn ? dn : "");
    if (mb.present && mn.present && (!db || !dn) && warn)
        fprintf(warn, "compare: warning: meta.json without a device name; cannot check it\n");
    if (db && dn && strcmp(db, dn) != 0) {
        if (!o->force) {
            attn_set_error("refusing to compare runs from different devices: %s ran on '%s', "
                           "%s on '%s'; their timings measure the hardware, not the code "
                           "(pass --force to compare anyway)",
                           base_csv, db, new_csv, dn);
            st = ATTN_ERR_INVALID;
            goto cleanup;
        }
        if (warn)
            fprintf(warn, "compare: warning: --force: comparing '%s' with '%s'\n", db, dn);
    }
    if (o->normalize && ((st = calib_of(&mb, base_csv, &r->base_calib)) != ATTN_OK ||
                         (st = calib_of(&mn, new_csv, &r->new_calib)) != ATTN_OK))
        goto cleanup;

    size_t dup_b = 0, dup_n = 0;
    ib = index_rows(&r->base, &dup_b);
    in = index_rows(&r->cur, &dup_n);
    matched = calloc(r->cur.nrow + 1, sizeof *matched);
    r->e = malloc((r->base.nrow + r->cur.nrow + 1) * sizeof *r->e);
    r->base_rowv = malloc((r->base.nrow + 1) * sizeof *r->base_rowv);
    if (!ib || !in || !matched || !r->e || !r->base_rowv) {
        attn_set_error("compare: out of memory");
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    if (warn && dup_b && !o->base_runs)
        fprintf(warn, "compare: warning: %s repeats %zu row(s); the last of each is used\n",
                base_csv, dup_b);
    if (warn && dup_n)
        fprintf(warn, "compare: warning: %s repeats %zu row(s); the last of each is used\n",
                new_csv, dup_n);

    for (size_t row = 0; row < r->base.nrow; row++) {
        struct ident q;
        int c[4] = {csv_col(&r->base, "key"), csv_col(&r->base, "method"),
                    csv_col(&r->base, "backend"), csv_col(&r->base, "variant")};
        for (int i = 0; i < 4; i++)
            q.f[i] = r->base.cell[row][c[i]];
        if (lookup(ib, r->base.nrow, &q) != row)
            continue; /* shadowed by a later duplicate */
        struct cmp_entry *e = &r->e[r->n++];
        entry_init(e, &r->base, row);
        e->base_row = row;
        if (o->base_runs) {
            size_t first, cnt;
            lookup_all(ib, r->base.nrow, &q, &first, &cnt);
            for (size_t k = 0; k < cnt; k++)
                r->base_rowv[first + k] = ib[first + k].row;
            e->base_rowv = r->base_rowv + first;
            e->base_runs = cnt;
            if (cnt > r->max_runs)
                r->max_runs = cnt;
        }
        e->new_row = lookup(in, r->cur.nrow, &q);
        if (e->new_row == SIZE_MAX) {
            e->verdict = CMP_MISSING;
            continue;
        }
        matched[e->new_row] = true;
        judge(r, e, o);
    }
    for (size_t row = 0; row < r->cur.nrow; row++) {
        if (matched[row])
            continue;
        struct ident q;
        int c[4] = {csv_col(&r->cur, "key"), csv_col(&r->cur, "method"),
                    csv_col(&r->cur, "backend"), csv_col(&r->cur, "variant")};
        for (int i = 0; i < 4; i++)
            q.f[i] = r->cur.cell[row][c[i]];
        if (lookup(in, r->cur.nrow, &q) != row)
            continue;
        struct cmp_entry *e = &r->e[r->n++];
        entry_init(e, &r->cur, row);
        e->new_row = row;
        e->verdict = CMP_NEW;
    }

    double logsum = 0;
    for (size_t i = 0; i < r->n; i++) {
        struct cmp_entry *e = &r->e[i];
        r->count[e->verdict]++;
        if (isfinite(e->ratio) && e->ratio > 0) {
            logsum += log(e->ratio);
            r->n_geomean++;
        }
    }
    if (r->n_geomean)
        r->geomean = exp(logsum / (double)r->n_geomean);

cleanup:
    meta_free(&mb);
    meta_free(&mn);
    free(ib);
    free(in);
    free(matched);
    if (st != ATTN_OK)
        compare_free(r);
    return st;
}

void compare_free(struct cmp_result *r) {
    if (!r)
        return;
    csv_free(&r->base);
    csv_free(&r->cur);
    free(r->e);
    r->e = NULL;
    free(r->base_rowv);
    r->base_rowv = NULL;
    r->n = 0;
}

int compare_exit_code(const struct cmp_result *r) {
    return r->count[CMP_SLOW] || r->count[CMP_FAILED] ? 1 : 0;
}

/* ---- printing ---- */

static void mbv(char *buf, size_t n, const struct cmp_entry *e) {
    snprintf(buf, n, "%s/%s/%s", e->method, e->backend, e->variant);
}

static void fmt_time(char *buf, size_t n, double x) {
    if (!isfinite(x))
        snprintf(buf, n, "-");
    else if (fabs(x) >= 1e4)
        snprintf(buf, n, "%.0f", x);
    else
        snprintf(buf, n, "%.4g", x);
}

void compare_print(const struct cmp_result *r, const struct cmp_opts *o, FILE *out) {
    char name[160], len[32], tb[32], tn[32], ratio[32], p[32];
    fprintf(out, "base: %s (%s)\nnew:  %s (%s)\n", r->base_path,
            r->base_device[0] ? r->base_device : "device unknown", r->new_path,
            r->new_device[0] ? r->new_device : "device unknown");
    if (o->normalize)
        fprintf(out,
                "times normalized: %zu rows by the floor_ms measured beside each (its FLOPs at "
                "sgemm's rate plus its bytes at a read's rate: x floor), the rest by the "
                "run's calib_sgemm_ms (%.4g ms base, %.4g ms new)\n",
                r->n_floor, r->base_calib, r->new_calib);
    if (o->base_runs)
        fprintf(out, "base runs pooled: up to %zu per row (median of their medians)\n",
                r->max_runs);
    fprintf(out,
            "SLOW/FAST: Mann-Whitney p < %g and ratio beyond 1 + max(%.3g%%, 2 CV of base%s); "
            "NOISY: CV > %.3g%%\n\n",
            o->alpha, 100 * o->threshold, o->base_runs ? ", spread of the base runs" : "",
            100 * o->max_noise);
    fprintf(out, "%-32s %-7s %7s %10s %10s %8s %8s %-7s %s\n", "method/backend/variant", "mode",
            "seq_len", o->normalize ? "base" : "base ms", o->normalize ? "new" : "new ms", "ratio",
            "p", "verdict", "key");
    for (size_t i = 0; i < r->n; i++) {
        const struct cmp_entry *e = &r->e[i];
        if (e->verdict == CMP_MISSING || e->verdict == CMP_NEW || e->verdict == CMP_NOT_RUN)
            continue; /* listed below, or nothing to compare (counted in the summary) */
        mbv(name, sizeof name, e);
        fmt_tokens(len, sizeof len, e->seq_len);
        fmt_time(tb, sizeof tb, e->base_ms);
        fmt_time(tn, sizeof tn, e->new_ms);
        if (isfinite(e->ratio))
            snprintf(ratio, sizeof ratio, "%.3fx", e->ratio);
        else
            snprintf(ratio, sizeof ratio, "-");
        if (isfinite(e->p))
            snprintf(p, sizeof p, "%.2g", e->p);
        else
            snprintf(p, sizeof p, "-");
        fprintf(out, "%-32s %-7s %7s %10s %10s %8s %8s %-7s %s\n", name, e->mode, len, tb, tn,
                ratio, p, cmp_verdict_str(e->verdict), e->key);
    }

    static const enum cmp_verdict lists[] = {CMP_MISSING, CMP_NEW, CMP_FAILED};
    static const char *const titles[] = {"MISSING (in base only)", "NEW (in new only)",
                                         "FAILED (ok -> failed)"};
    for (size_t l = 0; l < 3; l++) {
        if (!r->count[lists[l]])
            continue;
        fprintf(out, "\n%s: %zu\n", titles[l], r->count[lists[l]]);
        for (size_t i = 0; i < r->n; i++) {
            const struct cmp_entry *e = &r->e[i];
            if (e->verdict != lists[l])
                continue;
            mbv(name, sizeof name, e);
            fmt_tokens(len, sizeof len, e->seq_len);
            fprintf(out, "  %-32s %-7s N=%-6s %s", name, e->mode, len, e->key);
            if (lists[l] == CMP_FAILED)
                fprintf(out, "  (%s)", csv_get(&r->cur, e->new_row, "reason"));
            fputc('\n', out);
        }
    }

    fprintf(out, "\nsummary:");
    static const enum cmp_verdict order[] = {
        CMP_SLOW, CMP_FAILED, CMP_FAST, CMP_NOISY,   CMP_SLOW_UNPROVEN, CMP_FAST_UNPROVEN,
        CMP_OK,   CMP_FIXED,  CMP_GONE, CMP_NOT_RUN, CMP_MISSING,       CMP_NEW};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (r->count[order[i]])
            fprintf(out, " %s %zu,", cmp_verdict_str(order[i]), r->count[order[i]]);
    if (r->n_geomean)
        fprintf(out, " geomean ratio new/base %.4f over %zu points\n", r->geomean, r->n_geomean);
    else
        fprintf(out, " no point timed on both sides\n");
}

/* ---- CLI ---- */

static void usage(FILE *f) {
    fprintf(f, "usage: msabench compare BASE.csv NEW.csv [options]\n"
               "  Matches rows by (key, method, backend, variant) and calls each a regression\n"
               "  only when it is both significant and larger than the base run's own noise.\n"
               "options:\n"
               "  --threshold T   smallest slowdown that counts, as 5%% or 0.05 (default 5%%)\n"
               "  --alpha A       Mann-Whitney significance level (default 0.01)\n"
               "  --max-noise C   CV above which a side is NOISY, as 3%% or 0.03 (default 3%%)\n"
               "  --normalize     divide times by each row's floor_ms (both sides), else by\n"
               "                  the run's calib_sgemm_ms (meta.json)\n"
               "  --base-runs     BASE holds several runs of one sweep (rows repeated): pool\n"
               "                  them; a row's bound also covers their medians' spread\n"
               "  --force         compare even when the runs come from different devices\n"
               "  --help          this text\n"
               "exit status: 0 no SLOW and no FAILED, 1 otherwise, 2 usage or input error\n");
}

/* "5%" -> 0.05; "0.05" -> 0.05; a bare number >= 1 is refused as ambiguous. */
static int parse_fraction(const char *opt, const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    bool pct = *end == '%';
    if (end == s || errno || (pct ? end[1] != '\0' : *end != '\0') || !isfinite(v) || v < 0) {
        fprintf(stderr, "compare: %s: '%s' is not a number (write e.g. 5%% or 0.05)\n", opt, s);
        return -1;
    }
    if (!pct && v >= 1) {
        fprintf(stderr, "compare: %s: '%s' is ambiguous: write %g%% or %g\n", opt, s, v, v / 100);
        return -1;
    }
    *out = pct ? v / 100 : v;
    return 0;
}

int compare_main(int argc, char **argv) {
    struct cmp_opts o;
    const char *files[2] = {NULL, NULL};
    int nfiles = 0;
    cmp_opts_default(&o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        char name[32];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--normalize") == 0) {
            o.normalize = true;
            continue;
        }
        if (strcmp(a, "--base-runs") == 0) {
            o.base_runs = true;
            continue;
        }
        if (strcmp(a, "--force") == 0) {
            o.force = true;
            continue;
        }
        if (strncmp(a, "--", 2) == 0) {
            const char *eq = strchr(a, '=');
            size_t len = eq ? (size_t)(eq - a) : strlen(a);
            snprintf(name, sizeof name, "%.*s", (int)(len < 31 ? len : 31), a);
            if (strcmp(name, "--threshold") && strcmp(name, "--alpha") &&
                strcmp(name, "--max-noise")) {
                fprintf(stderr, "compare: unknown option '%s'\n", a);
                usage(stderr);
                return 2;
            }
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else {
                fprintf(stderr, "compare: %s needs a value\n", name);
                return 2;
            }
            if (strcmp(name, "--alpha") == 0) {
                char *end;
                o.alpha = strtod(val, &end);
                if (end == val || *end || !(o.alpha > 0 && o.alpha < 1)) {
                    fprintf(stderr, "compare: --alpha: '%s' is not in (0, 1)\n", val);
                    return 2;
                }
            } else if (parse_fraction(name, val,
                                      strcmp(name, "--threshold") == 0 ? &o.threshold
                                                                       : &o.max_noise) < 0) {
                return 2;
            }
            continue;
        }
        if (nfiles == 2) {
            fprintf(stderr, "compare: too many arguments ('%s')\n", a);
            usage(stderr);
            return 2;
        }
        files[nfiles++] = a;
    }
    if (nfiles != 2) {
        fprintf(stderr, "compare: need BASE.csv and NEW.csv\n");
        usage(stderr);
        return 2;
    }

    struct cmp_result r;
    enum attn_status st = compare_files(files[0], files[1], &o, &r, stderr);
    if (st != ATTN_OK) {
        fprintf(stderr, "compare: %s\n", attn_last_error());
        return 2;
    }
    size_t usable = 0;
    for (size_t i = 0; i < r.cur.nrow; i++)
        usable += strcmp(csv_get(&r.cur, i, "status"), "ok") == 0;
    if (usable == 0) { /* nothing measured: no verdict can be trusted */
        fprintf(stderr,
                "compare: %s has no usable row (no row with status ok); nothing to "
                "compare\n",
                files[1]);
        compare_free(&r);
        return 2;
    }
    compare_print(&r, &o, stdout);
    int rc = compare_exit_code(&r);
    compare_free(&r);
    return rc;
}
