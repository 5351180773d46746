/* plot_budget.c - msabench plot's `budget_<mode>_<input>` figures (issue 14):
 * mass_coverage (left) and block_recall (right) against the token budget, one
 * line per selecting method (ATTN_F_SELECT), in its declaration's plot_style.
 * The budget is what a selection row keeps, from the declaration alone
 * (frontier_row_tokens, frontier.h: sel_width tokens for a token layout, times
 * block_size for a block layout).  One figure
 * per mode and input (structured data at each index_noise, each `file` entry,
 * each other kind); made only where three or more methods have two or more
 * budgets, so the contemporaries sweep (experiments/contemporaries.yaml) gets
 * them and the two-method recall sweeps keep their own figures. */
#include "fmt.h"
#include "plot_int.h"

#include "frontier.h"
#include "method.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BG_MAX_GROUPS 32
#define BG_MAX_METHODS 16

struct bpt {
    char group[64], label[96]; /* file-name part, and the same said for the title */
    size_t method;             /* index in the method table */
    double budget, mass, br;
};

/* "prefill_structured_noise0p5", "decode_L03" (letters, digits and _ only),
 * and "prefill, structured, index_noise 0.5, N=16384" for the title. */
static void group_of(const struct plot_ctx *c, const struct prow *r, struct bpt *b) {
    const char *data = csv_get(c->t, r->row, "data");
    const char *fn = strstr(csv_get(c->t, r->row, "key"), ",file=");
    const double noise = csv_num(c->t, r->row, "index_noise");
    if (!strcmp(data, "file") && fn) {
        const int len = (int)strcspn(fn + 6, ",");
        snprintf(b->group, sizeof b->group, "%s_%.*s", r->mode, len, fn + 6);
        snprintf(b->label, sizeof b->label, "%s, file %.*s, N=%.0f", r->mode, len, fn + 6, r->n);
    } else {
        snprintf(b->group, sizeof b->group, "%s_%s_noise%g", r->mode, data, noise);
        snprintf(b->label, sizeof b->label, "%s, %s, index_noise %g, N=%.0f", r->mode, data, noise,
                 r->n);
    }
    for (char *s = b->group; *s; s++)
        if (*s == '.')
            *s = 'p';
        else if (!isalnum((unsigned char)*s) && *s != '_')
            *s = '_';
    fmt_keep(b->label, " .,=_-"); /* CSV text reaches gnuplot: no quotes, no backslashes */
}

static int cmp_bpt(const void *a, const void *b) {
    const struct bpt *x = a, *y = b;
    if (x->method != y->method)
        return x->method < y->method ? -1 : 1;
    return (x->budget > y->budget) - (x->budget < y->budget);
}

/* One figure: the points of one group, sorted by method then budget. */
static int budget_fig(struct plot_ctx *c, const struct bpt *pt, size_t n) {
    char name[96];
    snprintf(name, sizeof name, "budget_%s", pt[0].group);
    struct fig f;
    if (fig_open(c, &f, name, "recall against the token budget") < 0)
        return -1;
    f.w_in = 10;
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < n; i++) {
        lo = pt[i].budget < lo ? pt[i].budget : lo;
        hi = pt[i].budget > hi ? pt[i].budget : hi;
    }
    fprintf(f.dat, "# here: x = token budget, y = mass_coverage, then block_recall\n");
    size_t blocks[BG_MAX_METHODS], methods[BG_MAX_METHODS], nm = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && pt[i].method == pt[i - 1].method) {
            if (pt[i].budget != pt[i - 1].budget) /* the first row of a budget */
                fprintf(f.dat, "%.9g %.9g %.9g\n", pt[i].budget, pt[i].mass, pt[i].br);
            continue;
        }
        if (nm == BG_MAX_METHODS)
            break;
        const struct attn_method *m = attn_method_get(pt[i].method);
        fprintf(f.dat, "%s# %s\n", nm ? "\n\n" : "", m->name);
        fprintf(f.dat, "%.9g %.9g %.9g\n", pt[i].budget, pt[i].mass, pt[i].br);
        fprintf(f.gp, "set style line %zu %s lw 2 ps 1.1\n", nm + 1, m->plot_style);
        methods[nm] = pt[i].method;
        blocks[nm] = nm;
        nm++;
    }
    char sub[160];
    snprintf(sub, sizeof sub, "%s; budget = tokens a selection row keeps (k * Bk, or k tokens)",
             pt[0].label);
    fig_begin_output(&f);
    gp_fig_title(c, f.gp, "  set multiplot layout 1,2 title ", "Recall against token budget", sub);
    gp_tokens_axis(f.gp, "x", lo, hi);
    fprintf(f.gp, "  set yrange [0:1.02]\n  set key bottom right\n");
    const char *ylab[2] = {"mass_coverage (dense mass kept)", "block_recall |I* ∩ Î| / |I*|"};
    for (int panel = 0; panel < 2; panel++) {
        fprintf(f.gp, "  ");
        gp_label(f.gp, "x", "token budget");
        fprintf(f.gp, "  ");
        gp_label(f.gp, "y", ylab[panel]);
        for (size_t k = 0; k < nm; k++) {
            fprintf(f.gp, "%s'%s.dat' index %zu using 1:%d with linespoints ls %zu ",
                    k ? ", \\\n    " : "  plot ", name, blocks[k], panel ? 3 : 2, k + 1);
            gp_title(f.gp, attn_method_get(methods[k])->name);
        }
        fprintf(f.gp, "\n");
    }
    fprintf(f.gp, "  unset multiplot\n");
    return fig_close(c, &f);
}

int fig_budget(struct plot_ctx *c) {
    if (!plot_has(c, "mass_coverage") || !plot_has(c, "block_recall") || !plot_has(c, "key"))
        return 1;
    struct bpt *pt = malloc((c->nr + 1) * sizeof *pt);
    if (!pt) {
        attn_set_error("plot budget: out of memory");
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        const struct attn_method *m = attn_method_find(r->method);
        if (!r->usable || !m || !(m->flags & ATTN_F_SELECT) || m->sel_layout == ATTN_SEL_NONE)
            continue;
        struct bpt b = {.mass = csv_num(c->t, r->row, "mass_coverage"),
                        .br = csv_num(c->t, r->row, "block_recall"),
                        .budget = frontier_row_tokens(c->t, r->row, NULL)};
        if (!isfinite(b.mass) || !isfinite(b.br) || !plot_pos(b.budget))
            continue;
        for (size_t k = 0; k < attn_method_count(); k++)
            if (attn_method_get(k) == m)
                b.method = k;
        group_of(c, r, &b);
        pt[n++] = b;
    }
    /* one group at a time: its points to the front, then the figure */
    int rc = 1, made = 0;
    size_t done = 0;
    while (done < n && made < BG_MAX_GROUPS) {
        size_t g = done;
        for (size_t i = done; i < n; i++)
            if (!strcmp(pt[i].group, pt[done].group)) {
                struct bpt t = pt[g];
                pt[g++] = pt[i];
                pt[i] = t;
            }
        qsort(pt + done, g - done, sizeof *pt, cmp_bpt);
        size_t methods = 0; /* with two or more budgets */
        for (size_t i = done; i < g;) {
            size_t j = i, nb = 1;
            for (; j + 1 < g && pt[j + 1].method == pt[i].method; j++)
                nb += pt[j + 1].budget != pt[j].budget;
            methods += nb >= 2;
            i = j + 1;
        }
        if (methods >= 3) {
            if (budget_fig(c, pt + done, g - done) < 0) {
                free(pt);
                return -1;
            }
            rc = 0;
            made++;
        }
        done = g;
    }
    free(pt);
    return rc;
}
