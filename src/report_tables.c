/* report_tables.c - the `msabench report --tables` kinds that compare rows across
 * points rather than one configuration over N (report.c writes those):
 *   flops   the paper's eq. 12 GQA/study FLOP ratio beside the exact count and the
 *           index branch's share, per configuration (rows of `msabench estimate`);
 *   peer    the method under study against its peer at the same point (the recall
 *           sweep: block / score recall and mass coverage per Bk, k, index noise);
 *   budget  mass_coverage against the token budget topk x block_size, method x input,
 *           per (mode, data, N) (the contemporaries sweep).
 * Methods are found by their role flags (method.h), never by name; rows keep the
 * order of the CSV.  Nothing here allocates: every list is bounded and a table
 * stops growing at its bound. */
#include "fmt.h"
#include "method.h"
#include "model.h"
#include "report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXL = 64, LAB = 128 };

static const char *col(const struct rrow *x, const char *c) {
    return csv_get(x->t, x->row, c);
}
static double num(const struct rrow *x, const char *c) {
    return csv_num(x->t, x->row, c);
}

/* index of s in list (n entries of LAB chars), appended when absent and room is left; -1 if full */
static int intern(char (*list)[LAB], size_t *n, const char *s) {
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(list[i], s))
            return (int)i;
    if (*n >= MAXL)
        return -1;
    snprintf(list[*n], LAB, "%s", s);
    return (int)(*n)++;
}

static int add_long(long *list, size_t *n, long v) {
    for (size_t i = 0; i < *n; i++)
        if (list[i] == v)
            return (int)i;
    if (*n >= MAXL)
        return -1;
    list[*n] = v;
    return (int)(*n)++;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* ---- flops ---------------------------------------------------------------------------- */

/* The first row of the study method at (cfg, n) with counted FLOPs, or NULL. */
static const struct rrow *flops_row(const struct report *rp, const char *cfg, long n) {
    const char *study = attn_role_name(ATTN_F_FIT_INDEX);
    for (size_t j = 0; j < rp->nr; j++) {
        const struct rrow *y = &rp->r[j];
        if (y->n == n && !strcmp(y->cfg, cfg) && !strcmp(col(y, "method"), study) &&
            num(y, "flops") > 0 && num(y, "flops_dense") > 0)
            return y;
    }
    return NULL;
}

void report_flops(FILE *f, const struct report *rp) {
    const char *study = attn_role_name(ATTN_F_FIT_INDEX), *gqa = attn_role_name(ATTN_F_GQA_REF);
    for (size_t i = 0; i < rp->nr; i++) {
        const char *cfg = rp->r[i].cfg;
        if (!report_first_cfg(rp, i))
            continue;
        long ns[MAXN];
        size_t nn = 0;
        for (size_t m = 0; m < rp->nn; m++)
            if (flops_row(rp, cfg, rp->ns[m]))
                ns[nn++] = rp->ns[m];
        if (!nn)
            continue;
        char b[32];
        fprintf(f,
                "\n#### %s\n\nFLOP ratio %s/%s per token by the paper's eq. 12 beside the exact "
                "count (flops_dense / flops of the point), and the index branch's share of %s's "
                "FLOPs (flops_index / flops)\n\n| N |",
                cfg, gqa, study, study);
        report_n_cells(f, ns, nn);
        fprintf(f, "\n|---|");
        for (size_t m = 0; m < nn; m++)
            fprintf(f, "---|");
        for (int line = 0; line < 3; line++) {
            if (line == 0)
                fprintf(f, "\n| eq. 12 %s/%s |", gqa, study);
            else
                fprintf(f, line == 1 ? "\n| exact count |" : "\n| index share of %s FLOPs |",
                        study);
            for (size_t m = 0; m < nn; m++) {
                const struct rrow *y = flops_row(rp, cfg, ns[m]);
                double fl = num(y, "flops");
                if (line == 0 && strcmp(col(y, "mode"), "prefill")) {
                    snprintf(b, sizeof b, "n/a"); /* eq. 12 is the prefill ratio */
                } else if (line == 0) {
                    snprintf(b, sizeof b, "%.2f",
                             model_paper_ratio((double)y->n, num(y, "heads_q"), num(y, "heads_kv"),
                                               num(y, "head_dim"), num(y, "index_dim"),
                                               num(y, "topk"), num(y, "block_size")));
                } else if (line == 1) {
                    snprintf(b, sizeof b, "%.2f", num(y, "flops_dense") / fl);
                } else {
                    snprintf(b, sizeof b, "%.1f%%", 100 * num(y, "flops_index") / fl);
                }
                fprintf(f, " %s |", b);
            }
        }
        fputc('\n', f);
    }
}

/* ---- peer ----------------------------------------------------------------------------- */

static bool has_recall(const struct rrow *x) {
    return x && isfinite(num(x, "block_recall")) && isfinite(num(x, "score_recall")) &&
           isfinite(num(x, "mass_coverage"));
}

/* The peer's row of x's point with recall: same backend first, then any. */
static const struct rrow *peer_row(const struct report *rp, const struct rrow *x) {
    const char *peer = attn_role_name(ATTN_F_FIT_PEER);
    for (int pass = 0; pass < 2; pass++)
        for (size_t j = 0; j < rp->nr; j++) {
            const struct rrow *y = &rp->r[j];
            if (has_recall(y) && !strcmp(col(y, "method"), peer) &&
                (pass || !strcmp(col(y, "backend"), col(x, "backend"))) &&
                report_same_point(col(y, "key"), col(x, "key")))
                return y;
        }
    return NULL;
}

void report_peer(FILE *f, const struct report *rp) {
    const char *study = attn_role_name(ATTN_F_FIT_INDEX), *peer = attn_role_name(ATTN_F_FIT_PEER);
    size_t whole = 0;
    bool any = false;
    for (size_t i = 0; i < rp->nr; i++) {
        const struct rrow *x = &rp->r[i];
        if (strcmp(col(x, "method"), study) || !has_recall(x))
            continue;
        const double bk = num(x, "block_size"), k = num(x, "topk");
        if (bk * k >= (double)x->n) { /* every block selected: recall 1 */
            whole++;
            continue;
        }
        if (!any)
            fprintf(f,
                    "\n%s against %s at the same point: block recall / score recall and mass "
                    "coverage (the dense attention mass the selection keeps)\n\n| N | Bk | k | "
                    "budget (tokens) | index noise | %s block / score recall | %s mass | %s "
                    "block / score recall | %s mass |\n|---|---|---|---|---|---|---|---|---|\n",
                    study, peer, study, study, peer, peer);
        any = true;
        char nb[24], bud[24], pr[48] = "", pm[16] = "";
        fmt_count_exact(nb, sizeof nb, x->n);
        fmt_count_exact(bud, sizeof bud, (long)(bk * k));
        const struct rrow *y = peer_row(rp, x);
        if (y) {
            snprintf(pr, sizeof pr, "%.3f / %.3f", num(y, "block_recall"), num(y, "score_recall"));
            snprintf(pm, sizeof pm, "%.3f", num(y, "mass_coverage"));
        }
        fprintf(f, "| %s | %.0f | %.0f | %s | %g | %.3f / %.3f | %.3f | %s | %s |\n", nb, bk, k,
                bud, num(x, "index_noise"), num(x, "block_recall"), num(x, "score_recall"),
                num(x, "mass_coverage"), pr, pm);
    }
    if (whole)
        fprintf(f,
                "\n%zu %s points whose budget k x Bk covers the whole context (recall 1) are left "
                "out.\n",
                whole, study);
}

/* ---- budget --------------------------------------------------------------------------- */

static bool budget_usable(const struct rrow *x) {
    const char *s = col(x, "status");
    return (!strcmp(s, "ok") || !strcmp(s, "estimated")) && isfinite(num(x, "mass_coverage")) &&
           num(x, "topk") > 0 && num(x, "block_size") > 0;
}

static long budget_of(const struct rrow *x) {
    return (long)(num(x, "topk") * num(x, "block_size"));
}

/* The input of a row: "file NAME" for captures, else "DATA, noise X". */
static void budget_input(const struct rrow *x, char *b, size_t n) {
    char raw[LAB];
    const char *fn = strstr(col(x, "key"), ",file=");
    if (!strcmp(col(x, "data"), "file") && fn)
        snprintf(raw, sizeof raw, "file %.*s", (int)strcspn(fn + 6, ","), fn + 6);
    else
        snprintf(raw, sizeof raw, "%s, noise %g", col(x, "data"), num(x, "index_noise"));
    report_cell(b, n, raw);
}

/* The group of a row: mode, data and N. */
static void budget_group(const struct rrow *x, char *b, size_t n) {
    char m[32], d[32], nb[24];
    report_cell(m, sizeof m, col(x, "mode"));
    report_cell(d, sizeof d, col(x, "data"));
    fmt_count_exact(nb, sizeof nb, x->n);
    snprintf(b, n, "%s, N = %s, data: %s", m, nb, d);
}

/* The cells of one method x input line ("" where no row), written into v. */
static bool budget_line(const struct report *rp, const char *grp, const char *method,
                        const char *input, const long *bud, size_t nb, char *v, size_t n) {
    bool any = false;
    v[0] = '\0';
    for (size_t c = 0; c < nb; c++) {
        char cellv[24] = "", g[LAB], in[LAB];
        for (size_t j = 0; j < rp->nr && !cellv[0]; j++) {
            const struct rrow *y = &rp->r[j];
            if (!budget_usable(y) || budget_of(y) != bud[c] || strcmp(col(y, "method"), method))
                continue;
            budget_group(y, g, sizeof g);
            budget_input(y, in, sizeof in);
            if (!strcmp(g, grp) && !strcmp(in, input))
                snprintf(cellv, sizeof cellv, "%.3f", num(y, "mass_coverage"));
        }
        any |= cellv[0] != '\0';
        size_t l = strlen(v);
        snprintf(v + l, n - l, " %s |", cellv);
    }
    return any;
}

void report_budget(FILE *f, const struct report *rp) {
    char groups[MAXL][LAB], methods[MAXL][LAB], inputs[MAXL][LAB];
    size_t ng = 0;
    char g[LAB], in[LAB], m[LAB];
    for (size_t i = 0; i < rp->nr; i++)
        if (budget_usable(&rp->r[i])) {
            budget_group(&rp->r[i], g, sizeof g);
            intern(groups, &ng, g);
        }
    for (size_t gi = 0; gi < ng; gi++) {
        size_t nm = 0, ni = 0, nb = 0;
        long bud[MAXL];
        for (size_t i = 0; i < rp->nr; i++) {
            const struct rrow *x = &rp->r[i];
            if (!budget_usable(x))
                continue;
            budget_group(x, g, sizeof g);
            if (strcmp(g, groups[gi]))
                continue;
            report_cell(m, sizeof m, col(x, "method"));
            budget_input(x, in, sizeof in);
            intern(methods, &nm, m);
            intern(inputs, &ni, in);
            add_long(bud, &nb, budget_of(x));
        }
        qsort(bud, nb, sizeof *bud, cmp_long);
        fprintf(f,
                "\n**%s** (mass_coverage; budget = topk x block_size tokens per query)\n\n| method "
                "| input |",
                groups[gi]);
        report_n_cells(f, bud, nb);
        fprintf(f, "\n|---|---|");
        for (size_t c = 0; c < nb; c++)
            fprintf(f, "---|");
        fputc('\n', f);
        for (size_t mi = 0; mi < nm; mi++) {
            char v[MAXL][MAXL * 8], lab[LAB];
            size_t li[MAXL], nl = 0;
            for (size_t ii = 0; ii < ni; ii++)
                if (budget_line(rp, groups[gi], methods[mi], inputs[ii], bud, nb, v[nl],
                                sizeof v[nl]))
                    li[nl++] = ii;
            if (!nl)
                continue;
            /* a method that reads no index gives one line at every index_noise of one data kind */
            const struct attn_method *am = attn_method_find(methods[mi]);
            size_t dl = strcspn(inputs[li[0]], ",");
            bool same = nl > 1 && am && !(am->flags & ATTN_F_INDEX);
            for (size_t l = 0; l < nl && same; l++)
                same = !strcmp(v[l], v[0]) && strstr(inputs[li[l]], ", noise ") &&
                       strcspn(inputs[li[l]], ",") == dl &&
                       !strncmp(inputs[li[l]], inputs[li[0]], dl);
            if (same) {
                snprintf(lab, sizeof lab, "%.*s, any noise (reads no index)", (int)dl,
                         inputs[li[0]]);
                fprintf(f, "| %s | %s |%s\n", methods[mi], lab, v[0]);
                continue;
            }
            for (size_t l = 0; l < nl; l++)
                fprintf(f, "| %s | %s |%s\n", methods[mi], inputs[li[l]], v[l]);
        }
    }
}
