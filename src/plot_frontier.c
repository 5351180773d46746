/* plot_frontier.c - msabench plot's frontier-<mode>-N<seq_len> figures (issue 15): for
 * every selection method (ATTN_F_SELECT, in its declaration's plot_style), recall on y
 * against the end-to-end speedup over dense cuDNN on x (log), one marker per method and
 * budget, each labelled with its budget ("k=16" blocks, "2048 tok").  Left panel:
 * mass_coverage, right: block_recall.  The points are frontier.h's, so `msabench report
 * --tables frontier` prints the same numbers.  The base is the cuDNN peer of the point
 * (peers.csv beside results.csv), else the fastest dense-reference row, and the x label
 * says which.  One figure per mode, context length and configuration (a second
 * configuration at the same mode and length adds "-2" ...); the title states the shape,
 * the data and its index_noise (issue 17).  Only ok rows are drawn; the rows of the group
 * that are not (skipped, failed, estimated, no base) are listed in the note.  Text from the
 * CSV reaches gnuplot only as quoted string literals (gp_str) or cleaned titles; the
 * labels in the .dat are made here from numbers. */
#include "plot_int.h"

#include "frontier.h"
#include "method.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FR_MAX_METHODS 16
#define FR_NOTE_ITEMS 6

/* The drawn points of one group, [a, b) of pt: per method and budget the fastest. */
static bool fr_keep(const struct frontier_pt *pt, size_t a, size_t b, size_t i) {
    if (!pt[i].drawable)
        return false;
    for (size_t j = a; j < b; j++)
        if (j != i && pt[j].drawable && pt[j].method == pt[i].method &&
            pt[j].tokens == pt[i].tokens &&
            (pt[j].speedup > pt[i].speedup || (pt[j].speedup == pt[i].speedup && j < i)))
            return false;
    return true;
}

/* The note's text: items two to a line, at most FR_NOTE_ITEMS, then "and N more". */
struct fr_text {
    char text[1024];
    int items, more;
};

static void fr_item(struct fr_text *n, const char *body) {
    if (n->items == FR_NOTE_ITEMS) {
        n->more++;
        return;
    }
    char item[240];
    snprintf(item, sizeof item, "%s%s %s", n->items ? ";" : "",
             n->items && n->items % 2 == 0 ? "\n " : "", body);
    plot_cat(n->text, sizeof n->text, item);
    n->items++;
}

/* The note: the runs of the group's mode and length that have no row at all (a run cut
 * short: run_gaps.h), then the rows of the group not drawn, and why. */
static int fr_note(const struct plot_ctx *c, FILE *gp, const struct frontier_pt *pt, size_t a,
                   size_t b) {
    struct fr_text n = {"not drawn:", 0, 0};
    char body[200];
    const struct run_gaps *g = c->gaps;
    if (g && run_gaps_missing(g) && !g->n_gap) { /* which ones cannot be told: how many */
        snprintf(body, sizeof body, "%zu runs of the sweep have no row (the run ended early)",
                 run_gaps_missing(g));
        fr_item(&n, body);
    }
    char shape[1024], gshape[1024];
    frontier_shape_key(csv_get(c->t, pt[a].row, "key"), shape, sizeof shape);
    for (size_t i = 0; g && i < g->n_gap; i++) {
        const struct run_gap *x = &g->gap[i];
        const struct attn_method *m = attn_method_find(x->method);
        if (!m || !(m->flags & ATTN_F_SELECT))
            continue;
        frontier_shape_key(x->key, gshape, sizeof gshape);
        if (strcmp(gshape, shape)) /* another configuration's figure (mode, N, shape, data) */
            continue;
        snprintf(body, sizeof body, "%s k=%d (not run: the run ended early)", x->impl, x->topk);
        fr_item(&n, body);
    }
    for (size_t i = a; i < b; i++) {
        if (pt[i].drawable)
            continue;
        const char *why = !pt[i].ok                  ? pt[i].status
                          : !isfinite(pt[i].speedup) ? "no dense base at its point"
                                                     : "no recall";
        snprintf(body, sizeof body, "%s %s (%.40s)", pt[i].impl, pt[i].budget, why);
        fr_item(&n, body);
    }
    if (!n.items)
        return 0;
    if (n.more) {
        char m[48];
        snprintf(m, sizeof m, "; and %d more", n.more);
        plot_cat(n.text, sizeof n.text, m);
    }
    const int lines = 1 + (n.items - 1) / 2;
    gp_note_label(gp, n.text, lines);
    return lines;
}

/* One figure: the points [a, b) of one group. */
static int fr_fig(struct plot_ctx *c, const char *name, const struct frontier_pt *pt, size_t a,
                  size_t b) {
    struct fig f;
    if (fig_open(c, &f, name, "recall against speedup over dense cuDNN") < 0)
        return -1;
    f.w_in = 11;
    f.h_in = 4.6;
    fprintf(f.dat, "# here: x = speedup over the dense base, y = mass_coverage, then "
                   "block_recall, then the budget label; the last block is the dense base\n");
    size_t methods[FR_MAX_METHODS], nm = 0;
    double lo = 1, hi = 1;
    bool used[3] = {false, false, false};
    for (size_t i = a; i < b; i++) {
        if (!fr_keep(pt, a, b, i))
            continue;
        if (nm == 0 || methods[nm - 1] != pt[i].method) {
            if (nm == FR_MAX_METHODS)
                break;
            const struct attn_method *m = attn_method_get(pt[i].method);
            fprintf(f.dat, "%s# %s\n", nm ? "\n\n" : "", m->name);
            fprintf(f.gp, "set style line %zu %s lw 1.5 ps 1.3\n", nm + 1,
                    m->plot_style ? m->plot_style : "lc rgb '#777777' pt 7");
            methods[nm++] = pt[i].method;
        }
        used[pt[i].base] = true;
        lo = pt[i].speedup < lo ? pt[i].speedup : lo;
        hi = pt[i].speedup > hi ? pt[i].speedup : hi;
        fprintf(f.dat, "%.9g", pt[i].speedup);
        fprintf(f.dat, isfinite(pt[i].mass) ? " %.9g" : " NaN", pt[i].mass);
        fprintf(f.dat, isfinite(pt[i].block_recall) ? " %.9g" : " NaN", pt[i].block_recall);
        fprintf(f.dat, " \"%s\"\n", pt[i].budget); /* made here from numbers: no quote inside */
    }
    fprintf(f.dat, "\n\n# dense base\n1 1 1 \"dense\"\n");
    fprintf(f.gp, "set style line %zu lc rgb '#000000' pt 6 ps 1.5\n", nm + 1);
    char base[96], xlab[200], sub[400];
    if (used[FRONTIER_BASE_CUDNN] && used[FRONTIER_BASE_DENSE])
        snprintf(base, sizeof base, "cuDNN dense (%s where no cuDNN peer)",
                 frontier_base_name(FRONTIER_BASE_DENSE, xlab, sizeof xlab));
    else if (used[FRONTIER_BASE_CUDNN])
        frontier_base_name(FRONTIER_BASE_CUDNN, base, sizeof base);
    else
        snprintf(base, sizeof base, "%s (no cuDNN peer)",
                 frontier_base_name(FRONTIER_BASE_DENSE, xlab, sizeof xlab));
    snprintf(xlab, sizeof xlab, "end-to-end speedup over %s (x, log scale)", base);
    snprintf(sub, sizeof sub, "%s; labels: budget per selection row (k blocks, or tokens)",
             pt[a].title);
    fig_begin_output(&f);
    const int lines = fr_note(c, f.gp, pt, a, b);
    fprintf(f.gp, "  set bmargin %d\n", lines ? lines + 5 : 4);
    gp_fig_title(c, f.gp, "  set multiplot layout 1,2 title ",
                 "Selection frontier: recall vs speedup over dense", sub);
    fprintf(f.gp,
            "  set logscale x 2\n  set format x \"%%gx\"\n  set xrange [%.9g:%.9g]\n"
            "  set yrange [0:1.08]\n  set key bottom left Left reverse spacing 1.1 box "
            "lc rgb \"#cccccc\" opaque\n  ",
            lo / 1.6, hi * 1.6);
    gp_label(f.gp, "x", xlab);
    const char *ylab[2] = {"mass_coverage (dense mass kept)", "block_recall |I* ∩ Î| / |I*|"};
    for (int panel = 0; panel < 2; panel++) {
        fprintf(f.gp, "  ");
        gp_label(f.gp, "y", ylab[panel]);
        for (size_t k = 0; k <= nm; k++) {
            fprintf(f.gp, "%s'%s.dat' index %zu using 1:%d with linespoints ls %zu ",
                    k ? ", \\\n    " : "  plot ", name, k, panel + 2, k + 1);
            gp_title(f.gp,
                     k < nm ? attn_method_get(methods[k])->name : "dense base (1x, recall 1)");
            fprintf(f.gp,
                    ", \\\n    '%s.dat' index %zu using 1:%d:4 with labels offset char 0.7,0.5 "
                    "left font small textcolor ls %zu notitle",
                    name, k, panel + 2, k + 1);
        }
        fprintf(f.gp, "\n");
        if (panel == 0)
            fprintf(f.gp, "  unset label 900\n");
    }
    fprintf(f.gp, "  unset multiplot\n");
    return fig_close(c, &f);
}

int fig_frontier(struct plot_ctx *c) {
    if (!plot_has(c, "median_ms") ||
        (!plot_has(c, "mass_coverage") && !plot_has(c, "block_recall")))
        return plot_not_made(c, "frontier", "no median_ms or recall column");
    struct frontier_pt *pt = NULL;
    size_t n = 0;
    if (frontier_collect(c->t, c->peers, &pt, &n) != ATTN_OK)
        return -1;
    int rc = 1;
    bool none = true;
    for (size_t i = 0; i < n; i++)
        none &= !pt[i].drawable;
    if (none) /* one line for the run, not one per group */
        plot_not_made(c, "frontier",
                      "no ok selection row with recall and a dense base (cuDNN peer or flash "
                      "role) at its point");
    for (size_t a = 0; a < n && !none;) {
        size_t b = a;
        bool any = false;
        while (b < n && pt[b].group == pt[a].group)
            any |= pt[b++].drawable;
        if (!any) { /* nothing to draw in this group: no figure, said in the log */
            char fig[300];
            snprintf(fig, sizeof fig, "frontier (%s)", pt[a].title);
            plot_not_made(c, fig, "no ok selection row with recall and a dense base at its point");
            a = b;
            continue;
        }
        /* the same mode and length in an earlier group: a suffix */
        int same = 1;
        for (size_t j = 0; j < a; j++)
            same += (j == 0 || pt[j].group != pt[j - 1].group) && !strcmp(pt[j].mode, pt[a].mode) &&
                    pt[j].n == pt[a].n;
        char name[64], suf[16] = "";
        if (same > 1)
            snprintf(suf, sizeof suf, "-%d", same);
        snprintf(name, sizeof name, "frontier-%s-N%.0f%s", pt[a].mode, pt[a].n, suf);
        if (fr_fig(c, name, pt, a, b) < 0) {
            rc = -1;
            break;
        }
        rc = 0;
        a = b;
    }
    free(pt);
    return rc;
}
