/* report.c - `msabench report DIR|RESULTS.csv [-o FILE]`: a markdown summary of
 * a run, made from its CSV (and DIR/peers.csv when present), so the tables the
 * README quotes can be re-made and checked (tests/cli/report_readme.sh).
 *
 * Rows are grouped into configurations (the shape without the context length);
 * each gets tables over N: median latency, speedup over dense, recall at the
 * budget and MSA's stages.  Dense is the fastest ok row of the dense reference
 * (the method declared ATTN_F_DENSE_REF, method.h: flash) of the same point (key)
 * and backend; rows without one (peers on another backend) use its fastest row of
 * the point on any non-ref backend.  The break-even length is
 * the first measured N from which the speedup stays >= 1 at every longer N.
 * `--tables flops,peer,budget` (named only, not in the default) compare rows across
 * points instead: report_tables.c.
 * Exit: 0 written, 2 unreadable input or bad usage. */
#include "fmt.h"
#include "frontier.h"
#include "method.h"
#include "report_int.h"
#include "results.h"
#include "run_gaps.h"
#include "verbs.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void report_cell(char *dst, size_t n, const char *s) {
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++)
        dst[i] = (s[i] == '|' || (unsigned char)s[i] < 0x20) ? '?' : s[i];
    dst[i] = '\0';
}

void report_n_cells(FILE *f, const long *ns, size_t n) {
    char b[32];
    for (size_t m = 0; m < n; m++) {
        fmt_count_exact(b, sizeof b, ns[m]);
        fprintf(f, " %s |", b);
    }
}

bool report_first_cfg(const struct report *rp, size_t i) {
    for (size_t j = 0; j < i; j++)
        if (!strcmp(rp->r[j].cfg, rp->r[i].cfg))
            return false;
    return true;
}

/* The configuration of a row: its shape and inputs without the context length. */
static void row_cfg(const struct csv_table *t, size_t i, char *b, size_t n) {
    static const char *const cols[] = {"mode",       "causal", "batch", "heads_q",    "head_dim",
                                       "block_size", "topk",   "data",  "index_noise"};
    static const char *const lab[] = {"", "causal", "B=", "Hq=", "d=", "Bk=", "k=", "", "noise "};
    b[0] = '\0';
    for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
        const char *v = csv_get(t, i, cols[k]);
        if (!v[0] || (k == 1 && strcmp(v, "1") && strcmp(v, "true")))
            continue;
        char c[64];
        report_cell(c, sizeof c, k == 1 ? "" : v);
        size_t l = strlen(b);
        snprintf(b + l, n - l, "%s%s%s", l ? ", " : "", lab[k], c);
        if (k == 0 && !strcmp(v, "decode")) { /* decode: q_len matters, N does not name it */
            l = strlen(b);
            report_cell(c, sizeof c, csv_get(t, i, "q_len"));
            snprintf(b + l, n - l, " q_len=%s", c);
        }
    }
}

static int add_table(struct report *rp, const struct csv_table *t) {
    struct rrow *r = realloc(rp->r, (rp->nr + t->nrow + 1) * sizeof *r);
    if (!r)
        return -1;
    rp->r = r;
    for (size_t i = 0; i < t->nrow; i++) {
        struct rrow *x = &rp->r[rp->nr];
        double n = csv_num(t, i, "seq_len");
        if (!(n > 0) || n > 1e15)
            continue;
        x->t = t;
        x->row = i;
        x->n = (long)n;
        char a[3][48];
        report_cell(a[0], sizeof a[0], csv_get(t, i, "method"));
        report_cell(a[1], sizeof a[1], csv_get(t, i, "backend"));
        report_cell(a[2], sizeof a[2], csv_get(t, i, "variant"));
        snprintf(x->impl, sizeof x->impl, "%s %s/%s", a[0], a[1], a[2]);
        row_cfg(t, i, x->cfg, sizeof x->cfg);
        x->ms = csv_num(t, i, "median_ms");
        x->ok = !strcmp(csv_get(t, i, "status"), "ok") && x->ms > 0 && isfinite(x->ms);
        size_t k = 0;
        while (k < rp->nn && rp->ns[k] != x->n)
            k++;
        if (k == rp->nn && rp->nn < MAXN)
            rp->ns[rp->nn++] = x->n;
        rp->nr++;
    }
    return 0;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static const char *col(const struct rrow *x, const char *c) {
    return csv_get(x->t, x->row, c);
}
static double num(const struct rrow *x, const char *c) {
    return csv_num(x->t, x->row, c);
}

/* The method whose rows are the dense base of speedups (declared, never named here). */
static const char *dense_ref(void) {
    const struct attn_method *m = attn_method_with_role(ATTN_F_DENSE_REF);
    return m ? m->name : "";
}

bool report_same_point(const char *a, const char *b) {
    if (!strcmp(a, b))
        return true;
    char ca[1024], cb[1024];
    attn_key_canonical(a, ca, sizeof ca);
    attn_key_canonical(b, cb, sizeof cb);
    return !strcmp(ca, cb);
}

/* The dense base of row x: fastest ok dense_ref() row of the same key (same backend first). */
static double dense_ms(const struct report *rp, const struct rrow *x) {
    for (int pass = 0; pass < 2; pass++) {
        double best = NAN;
        for (size_t j = 0; j < rp->nr; j++) {
            const struct rrow *y = &rp->r[j];
            if (!y->ok || strcmp(col(y, "method"), dense_ref()) ||
                !report_same_point(col(y, "key"), col(x, "key")))
                continue;
            if (pass == 0 ? strcmp(col(y, "backend"), col(x, "backend"))
                          : !strcmp(col(y, "backend"), "ref"))
                continue;
            if (!(y->ms >= best))
                best = y->ms;
        }
        if (!isnan(best))
            return best;
    }
    return NAN;
}

/* The row of impl at config cfg and length n, or NULL. */
static const struct rrow *find(const struct report *rp, const char *cfg, const char *impl, long n) {
    for (size_t j = 0; j < rp->nr; j++)
        if (rp->r[j].n == n && !strcmp(rp->r[j].cfg, cfg) && !strcmp(rp->r[j].impl, impl))
            return &rp->r[j];
    return NULL;
}

static void status_cell(char *b, size_t n, const struct rrow *x) {
    const char *s = x ? col(x, "status") : "";
    snprintf(b, n, "%s",
             !x                        ? ""
             : !strcmp(s, "estimated") ? "est."
             : !strcmp(s, "skipped")   ? "skip"
             : !strcmp(s, "failed")    ? "FAILED"
                                       : "n/a");
}

/* NOTES is the last of the default set; FLOPS, PEER, BUDGET and FRONTIER only when named */
enum kind {
    LATENCY,
    SPEEDUP,
    RECALL,
    OUTERR,
    STAGES,
    COHERENCE,
    NOTES,
    FLOPS,
    PEER,
    BUDGET,
    FRONTIER,
    NKIND
};
/* --tables names, in enum kind order */
static const char *const kind_names[] = {"latency", "speedup",   "recall",  "error",
                                         "stages",  "coherence", "notes",   "flops",
                                         "peer",    "budget",    "frontier"};

/* Milliseconds with 3 significant digits, no exponent; "-" for NaN. */
static void fmt_ms(char *b, size_t n, double v) {
    if (!isfinite(v))
        snprintf(b, n, "-");
    else if (fabs(v) >= 1000)
        snprintf(b, n, "%.0f", v);
    else
        snprintf(b, n, "%.3g", v);
}

/* One cell of table k for row x (NULL: no row). Returns false when x has nothing for k. */
static bool table_cell(const struct report *rp, enum kind k, const struct rrow *x, char *b,
                       size_t n, double *speedup) {
    *speedup = NAN;
    if (k == LATENCY) {
        if (x && x->ok)
            fmt_ms(b, n, x->ms);
        else
            status_cell(b, n, x);
        return x != NULL;
    }
    if (k == SPEEDUP) {
        double d = x && x->ok ? dense_ms(rp, x) : NAN;
        if (!isnan(d)) {
            *speedup = d / x->ms;
            snprintf(b, n, "%.2fx", *speedup);
        } else {
            status_cell(b, n, x && !x->ok ? x : NULL);
        }
        return !isnan(d);
    }
    if (k == RECALL) {
        double br = x ? num(x, "block_recall") : NAN, sr = x ? num(x, "score_recall") : NAN;
        double mc = x ? num(x, "mass_coverage") : NAN;
        if (isfinite(br) && isfinite(sr) && isfinite(mc))
            snprintf(b, n, "%.3f / %.3f / %.3f", br, sr, mc);
        else
            b[0] = '\0';
        return b[0] != '\0';
    }
    if (k == OUTERR) {
        double oe = x ? num(x, "out_rel_err") : NAN;
        if (isfinite(oe))
            snprintf(b, n, "%.3g", oe);
        else
            b[0] = '\0';
        return b[0] != '\0';
    }
    double st[4] = {x ? num(x, "t_index_ms") : NAN, x ? num(x, "t_topk_ms") : NAN,
                    x ? num(x, "t_attn_ms") : NAN, x ? num(x, "t_combine_ms") : NAN};
    if (!(isfinite(st[0]) || isfinite(st[2]))) {
        b[0] = '\0';
        return false;
    }
    char a[4][16];
    for (int i = 0; i < 4; i++)
        fmt_ms(a[i], sizeof a[i], st[i]);
    snprintf(b, n, "%s / %s / %s / %s", a[0], a[1], a[2], a[3]);
    return true;
}

/* Break-even: the first measured N from which the speedup stays >= 1. */
static void break_even(char *b, size_t n, const double *s, const long *ns, size_t nn) {
    size_t first = nn, known = 0;
    for (size_t i = nn; i-- > 0;) {
        if (isnan(s[i]))
            continue;
        known++;
        if (s[i] < 1)
            break;
        first = i;
    }
    char a[24], c[24];
    if (!known) {
        snprintf(b, n, "n/a");
    } else if (first == nn) {
        size_t last = nn;
        while (last-- > 0 && isnan(s[last]))
            ;
        fmt_count_exact(a, sizeof a, ns[last]);
        snprintf(b, n, "> %s", a);
    } else {
        size_t prev = first;
        while (prev-- > 0 && isnan(s[prev]))
            ;
        fmt_count_exact(c, sizeof c, ns[first]);
        if (prev == (size_t)-1) {
            snprintf(b, n, "<= %s", c);
        } else {
            fmt_count_exact(a, sizeof a, ns[prev]);
            snprintf(b, n, "%s-%s", a, c);
        }
    }
}

/* *head: the configuration's heading, written before its first table (then NULL). */
static void table(FILE *f, const struct report *rp, const char *cfg, enum kind k,
                  const char **head) {
    static const char *const title[] = {
        "median latency (ms)", "speedup over dense (the fastest `", /* + dense_ref() */
        "selection at the budget: block recall / score recall / mass coverage",
        "output error against dense attention (out_rel_err, sampled rows)",
        "stages (ms) of the methods that time them: index / top-k / attention / combine"};
    bool any = false;
    char b[96];
    double sp;
    /* impls in order of first appearance; a line only when one of its cells has k */
    for (size_t i = 0; i < rp->nr; i++) {
        const struct rrow *x = &rp->r[i];
        if (strcmp(x->cfg, cfg))
            continue;
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(rp->r[j].cfg, cfg) || strcmp(rp->r[j].impl, x->impl);
        if (!first)
            continue;
        bool has = false;
        for (size_t m = 0; m < rp->nn && !has; m++)
            has = table_cell(rp, k, find(rp, cfg, x->impl, rp->ns[m]), b, sizeof b, &sp);
        if (!has || (k == SPEEDUP && !strcmp(col(x, "method"), dense_ref())))
            continue;
        if (!any) {
            if (*head)
                fprintf(f, "\n#### %s\n", *head);
            *head = NULL;
            fprintf(f, "\n%s%s%s\n\n| method backend/variant |", title[k],
                    k == SPEEDUP ? dense_ref() : "", k == SPEEDUP ? "` of the same point)" : "");
            report_n_cells(f, rp->ns, rp->nn);
            fprintf(f, "%s\n|---|", k == SPEEDUP ? " break-even |" : "");
            for (size_t m = 0; m <= rp->nn - (k != SPEEDUP); m++)
                fprintf(f, "---|");
            fputc('\n', f);
            any = true;
        }
        double s[MAXN];
        fprintf(f, "| %s |", x->impl);
        for (size_t m = 0; m < rp->nn; m++) {
            table_cell(rp, k, find(rp, cfg, x->impl, rp->ns[m]), b, sizeof b, &s[m]);
            fprintf(f, " %s |", b);
        }
        if (k == SPEEDUP) {
            break_even(b, sizeof b, s, rp->ns, rp->nn);
            fprintf(f, " %s |", b);
        }
        fputc('\n', f);
    }
}

/* Selection coherence (SPEC §5.2): one line per row that has it, in row
 * order, across configurations (its point is the input: data kind, capture). */
static void coherence_table(FILE *f, const struct report *rp) {
    bool any = false;
    for (size_t i = 0; i < rp->nr; i++) {
        const struct rrow *x = &rp->r[i];
        const double ov = num(x, "adjacent_overlap"), td = num(x, "tile_distinct");
        const double hs = num(x, "hot_share"), tf = num(x, "useful_tflops");
        if (!isfinite(ov) || !isfinite(td) || !isfinite(hs))
            continue;
        if (!any)
            fprintf(f, "\nselection coherence (SPEC 5.2): the share of a query's blocks its "
                       "neighbour also selects, distinct blocks per 128-query tile, the hottest "
                       "1%% of blocks' share\n\n| method backend/variant | input | N | "
                       "adjacent_overlap | tile_distinct | hot_share | median ms | useful "
                       "TFLOP/s |\n|---|---|---|---|---|---|---|---|\n");
        any = true;
        char raw[128], in[128], nb[24], ms[24], tfs[24];
        const char *data = col(x, "data"), *fn = strstr(col(x, "key"), ",file=");
        const char *noise = col(x, "index_noise");
        if (!strcmp(data, "file") && fn)
            snprintf(raw, sizeof raw, "file %.*s", (int)strcspn(fn + 6, ","), fn + 6);
        else if (noise[0] && strtod(noise, NULL) != 0)
            snprintf(raw, sizeof raw, "%s, noise %s", data, noise);
        else
            snprintf(raw, sizeof raw, "%s", data);
        report_cell(in, sizeof in, raw);
        fmt_count_exact(nb, sizeof nb, x->n);
        if (x->ok)
            fmt_ms(ms, sizeof ms, x->ms);
        else
            status_cell(ms, sizeof ms, x);
        snprintf(tfs, sizeof tfs, isfinite(tf) ? "%.3g" : "-", tf);
        fprintf(f, "| %s | %s | %s | %.3f | %.1f | %.3f | %s | %s |\n", x->impl, in, nb, ov, td, hs,
                ms, tfs);
    }
}

/* The runs of the folder's sweep without a row (run_gaps.h), one line; nothing when none. */
static void write_gaps(FILE *f, const struct run_gaps *g) {
    const size_t miss = run_gaps_missing(g);
    if (!miss)
        return;
    fprintf(f,
            "\n**not run: %zu of the %zu runs its sweep assigned have no row** (the run ended "
            "early; `msabench run` with `--resume` into this folder runs them)",
            miss, g->assigned);
    const size_t shown = g->n_gap < 8 ? g->n_gap : 8;
    for (size_t i = 0; i < shown; i++) {
        char nb[32];
        fmt_tokens(nb, sizeof nb, g->gap[i].n);
        fprintf(f, "%s %s %s N=%s k=%d", i ? ";" : ":", g->gap[i].impl, g->gap[i].mode, nb,
                g->gap[i].topk);
    }
    if (g->n_gap > shown)
        fprintf(f, "; and %zu more", g->n_gap - shown);
    fprintf(f, "\n");
}

/* want: bit k set = table k is written */
static void write_report(FILE *f, const struct report *rp, const struct run_gaps *gaps,
                         unsigned want) {
    size_t cnt[4] = {0};
    static const char *const st[4] = {"ok", "skipped", "failed", "estimated"};
    for (size_t i = 0; i < rp->nr; i++)
        for (int s = 0; s < 4; s++)
            cnt[s] += !strcmp(col(&rp->r[i], "status"), st[s]);
    fprintf(f, "%zu rows: %zu ok, %zu skipped, %zu failed, %zu estimated\n", rp->nr, cnt[0], cnt[1],
            cnt[2], cnt[3]);
    write_gaps(f, gaps);
    for (size_t i = 0; i < rp->nr; i++) {
        const char *cfg = rp->r[i].cfg;
        if (!report_first_cfg(rp, i))
            continue;
        const char *head = cfg;
        for (int k = LATENCY; k <= STAGES; k++)
            if (want & 1u << k)
                table(f, rp, cfg, (enum kind)k, &head);
    }
    if (want & 1u << COHERENCE)
        coherence_table(f, rp);
    if (want & 1u << FLOPS)
        report_flops(f, rp);
    if (want & 1u << PEER)
        report_peer(f, rp);
    if (want & 1u << BUDGET)
        report_budget(f, rp);
    for (size_t i = 0; i < rp->nr && (want & 1u << NOTES); i++) {
        const struct rrow *x = &rp->r[i];
        if (x->ok || !strcmp(col(x, "status"), "estimated"))
            continue;
        char reason[200], nb[24];
        report_cell(reason, sizeof reason, col(x, "reason"));
        fmt_count_exact(nb, sizeof nb, x->n);
        fprintf(f, "%s %s N=%s (%s): %s\n", i ? "-" : "\n-", x->impl, nb, col(x, "status"), reason);
    }
}

/* Issue 15's frontier (frontier.h): one table per mode, length and configuration, a line
 * per selection row in the figure's order (method, then budget).  0, or -1 out of memory. */
static int frontier_tables(FILE *f, const struct csv_table *res, const struct csv_table *peers) {
    struct frontier_pt *pt;
    size_t n;
    if (frontier_collect(res, peers, &pt, &n) != ATTN_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct frontier_pt *p = &pt[i];
        char ms[24], sp[24], base[64], rc[3][16];
        if (!i || p->group != pt[i - 1].group)
            fprintf(f,
                    "\n#### frontier: %s\n\nrecall against the end-to-end speedup over dense "
                    "(base: the cuDNN peer of the point, else %s)\n\n| method "
                    "backend/variant | budget | tokens | median ms | speedup | base | block "
                    "recall | score recall | mass coverage | status |\n"
                    "|---|---|---|---|---|---|---|---|---|---|\n",
                    p->title, frontier_base_name(FRONTIER_BASE_DENSE, base, sizeof base));
        fmt_ms(ms, sizeof ms, p->ms);
        snprintf(sp, sizeof sp, isfinite(p->speedup) ? "%.2fx" : "-", p->speedup);
        snprintf(base, sizeof base, "none");
        if (p->base != FRONTIER_BASE_NONE) {
            char b[24];
            fmt_ms(b, sizeof b, p->base_ms);
            snprintf(base, sizeof base, "%s %s ms",
                     p->base == FRONTIER_BASE_CUDNN ? "cuDNN" : dense_ref(), b);
        }
        const double r[3] = {p->block_recall, p->score_recall, p->mass};
        for (int k = 0; k < 3; k++)
            snprintf(rc[k], sizeof rc[k], isfinite(r[k]) ? "%.3f" : "-", r[k]);
        char tok[24], st[40];
        snprintf(tok, sizeof tok, isfinite(p->tokens) ? "%.0f" : "-", p->tokens);
        report_cell(st, sizeof st, p->status);
        fprintf(f, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s%s |\n", p->impl, p->budget,
                tok, ms, sp, base, rc[0], rc[1], rc[2], st,
                p->ok && p->base == FRONTIER_BASE_NONE ? " (no dense base)" : "");
    }
    free(pt);
    return 0;
}

static void report_usage(FILE *f) {
    fprintf(f,
            "usage: msabench report DIR|RESULTS.csv [-o FILE.md] [--tables LIST]\n"
            "  A markdown summary of a run: per configuration, median latency, speedup over\n"
            "  dense (the fastest %s of the same point and backend) with the break-even\n"
            "  length, recall at the budget and MSA's stage times, over the context length.\n"
            "  DIR reads DIR/results.csv and DIR/peers.csv when present.  Default: stdout.\n"
            "  --tables LIST  only these, comma-separated: latency, speedup, recall, error,\n"
            "                 stages, coherence (rows with selection coherence), notes (the\n"
            "                 skipped and failed rows); default all of these.  Named only:\n"
            "                 flops (paper eq. 12 vs the exact FLOP count of %s, from an\n"
            "                 estimate), peer (%s against %s at the same block count, per\n"
            "                 point), budget (mass_coverage against the token budget\n"
            "                 topk x block_size, method x input, per mode, data and N),\n"
            "                 frontier (issue 15: per mode, length and configuration, every\n"
            "                 selection method's budget, median ms, speedup over the cuDNN\n"
            "                 peer of peers.csv, else the fastest %s, recall and status)\n",
            dense_ref(), attn_role_name(ATTN_F_FIT_INDEX), attn_role_name(ATTN_F_FIT_INDEX),
            attn_role_name(ATTN_F_FIT_PEER), dense_ref());
}

int report_main(int argc, char **argv) {
    const char *in = NULL, *out = NULL;
    unsigned want = (1u << (NOTES + 1)) - 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            report_usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(argv[i], "--tables") && i + 1 < argc) {
            want = 0;
            char list[256];
            snprintf(list, sizeof list, "%s", argv[++i]);
            for (char *sv = NULL, *w = strtok_r(list, ",", &sv); w; w = strtok_r(NULL, ",", &sv)) {
                unsigned k = 0;
                while (k < NKIND && strcmp(w, kind_names[k]))
                    k++;
                if (k == NKIND) {
                    fprintf(stderr,
                            "msabench report: --tables: unknown table '%s' (latency, speedup, "
                            "recall, error, stages, coherence, notes, flops, peer, budget, "
                            "frontier)\n",
                            w);
                    return 2;
                }
                want |= 1u << k;
            }
            if (!want) {
                fprintf(stderr, "msabench report: --tables: empty list\n");
                return 2;
            }
        } else if (argv[i][0] == '-' || in) {
            fprintf(stderr, "msabench report: unexpected argument '%s'\n", argv[i]);
            report_usage(stderr);
            return 2;
        } else {
            in = argv[i];
        }
    }
    if (!in) {
        report_usage(stderr);
        return 2;
    }
    int rc = 2;
    struct csv_table t[2] = {{0}};
    struct report rp = {0};
    struct run_gaps gaps = {0};
    FILE *f = NULL;
    char path[2][4096];
    struct stat sb;
    size_t nt = 1;
    if (stat(in, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(path[0], sizeof path[0], "%s/results.csv", in);
        snprintf(path[1], sizeof path[1], "%s/peers.csv", in);
        nt = stat(path[1], &sb) == 0 ? 2 : 1;
    } else {
        snprintf(path[0], sizeof path[0], "%s", in);
    }
    for (size_t i = 0; i < nt; i++) {
        if (csv_read(path[i], &t[i]) != ATTN_OK) {
            fprintf(stderr, "msabench report: %s\n", attn_last_error());
            goto cleanup;
        }
        if (csv_col(&t[i], "seq_len") < 0 || csv_col(&t[i], "status") < 0 ||
            csv_col(&t[i], "median_ms") < 0) {
            fprintf(stderr,
                    "msabench report: %s: not a results file (no seq_len, status or "
                    "median_ms column)\n",
                    path[i]);
            goto cleanup;
        }
        if (add_table(&rp, &t[i])) {
            fprintf(stderr, "msabench report: out of memory\n");
            goto cleanup;
        }
    }
    qsort(rp.ns, rp.nn, sizeof *rp.ns, cmp_long);
    if (run_gaps_find(path[0], &t[0], &gaps) != ATTN_OK) {
        fprintf(stderr, "msabench report: out of memory\n");
        goto cleanup;
    }
    f = out ? fopen(out, "w") : stdout;
    if (!f) {
        fprintf(stderr, "msabench report: cannot write %s\n", out);
        goto cleanup;
    }
    write_report(f, &rp, &gaps, want);
    if ((want & 1u << FRONTIER) && frontier_tables(f, &t[0], nt == 2 ? &t[1] : NULL)) {
        fprintf(stderr, "msabench report: %s\n", attn_last_error());
        goto cleanup;
    }
    if (fflush(f) || ferror(f)) {
        fprintf(stderr, "msabench report: write error on %s\n", out ? out : "stdout");
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (f && f != stdout)
        fclose(f);
    free(rp.r);
    run_gaps_free(&gaps);
    for (size_t i = 0; i < 2; i++)
        csv_free(&t[i]);
    return rc;
}
