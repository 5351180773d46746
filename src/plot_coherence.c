/* plot_coherence.c - msabench plot's `coherence` figure (issue 17): useful
 * TFLOP/s against adjacent_overlap (SPEC §5.2), one point per usable row with
 * both, one data block (and point style) per method/backend, every point
 * labelled with its input kind (the capture's name for `file` rows) and N.
 * Random `normal` inputs sit on the left (the worst case), `coherent` ones on
 * the right. */
#include "fmt.h"
#include "plot_int.h"

#include <math.h>
#include <string.h>

static const char *const colors[6] = {"#1f77b4", "#d62728", "#2ca02c",
                                      "#9467bd", "#ff7f0e", "#8c564b"};

/* CSV cells reach gnuplot: keep letters, digits and " .,=+-_" only, so no
 * quote, backtick or macro can ever be read as code. */
static void safe_text(char *s) {
    fmt_keep(s, " .,=+-_");
}

/* "calibrated N=131072", or the file entry's name for a capture. */
static void point_label(const struct plot_ctx *c, const struct prow *r, char *out, size_t n) {
    const char *data = csv_get(c->t, r->row, "data"), *key = csv_get(c->t, r->row, "key");
    const char *fn = strstr(key, ",file=");
    if (!strcmp(data, "file") && fn)
        snprintf(out, n, "%s N=%.0f", fn + 6, r->n);
    else
        snprintf(out, n, "%s N=%.0f", data[0] ? data : "?", r->n);
    safe_text(out);
}

int fig_coherence(struct plot_ctx *c) {
    const char *name = "coherence";
    if (!plot_has(c, "adjacent_overlap") || !plot_has(c, "useful_tflops"))
        return plot_not_made(c, name, "no adjacent_overlap / useful_tflops column");
    /* the implementations (variant included: q_outer and kv_outer answer coherence
     * differently) with at least one point, in row order */
    char impl[6][96];
    size_t nimpl = 0, npts = 0;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        const double x = csv_num(c->t, r->row, "adjacent_overlap");
        const double y = csv_num(c->t, r->row, "useful_tflops");
        if (!r->usable || !isfinite(x) || !plot_pos(y))
            continue;
        char id[96];
        snprintf(id, sizeof id, "%s %s/%s", r->method, r->backend, r->variant);
        safe_text(id);
        size_t k = 0;
        while (k < nimpl && strcmp(impl[k], id))
            k++;
        if (k == nimpl && nimpl < 6)
            snprintf(impl[nimpl++], sizeof impl[0], "%s", id);
        npts++;
    }
    if (!npts)
        return plot_not_made(c, name, "no usable row with adjacent_overlap and useful_tflops");
    struct fig f;
    if (fig_open(c, &f, name, "speed against selection coherence") < 0)
        return -1;
    f.w_in = 7;
    gp_fig_title(c, f.gp, "set title ", "Speed against selection coherence",
                 "x: adjacent_overlap (share of a query's blocks its neighbour also selects)");
    gp_label(f.gp, "x", "adjacent_overlap");
    gp_label(f.gp, "y", "useful TFLOP/s");
    fprintf(f.gp, "set xrange [0:1.05]\nset yrange [0:*]\nset offsets 0, 0, graph 0.08, 0\n"
                  "set key top left\n");
    fprintf(f.dat, "# here: x = adjacent_overlap, y = useful_tflops, then the point's label\n");
    for (size_t k = 0; k < nimpl; k++) {
        fprintf(f.dat, "# %s\n", impl[k]);
        for (size_t i = 0; i < c->nr; i++) {
            const struct prow *r = &c->r[i];
            const double x = csv_num(c->t, r->row, "adjacent_overlap");
            const double y = csv_num(c->t, r->row, "useful_tflops");
            char id[96], lab[160];
            snprintf(id, sizeof id, "%s %s/%s", r->method, r->backend, r->variant);
            safe_text(id);
            if (!r->usable || !isfinite(x) || !plot_pos(y) || strcmp(id, impl[k]))
                continue;
            point_label(c, r, lab, sizeof lab);
            fprintf(f.dat, "%.9g %.9g \"%s\"\n", x, y, lab);
        }
        fprintf(f.dat, "\n\n");
        fprintf(f.gp, "set style line %zu lc rgb \"%s\" pt 7 ps 1.2\n", k + 1, colors[k]);
    }
    fig_begin_output(&f);
    for (size_t k = 0; k < nimpl; k++) {
        fprintf(f.gp, "%s'%s.dat' index %zu using 1:2 with points ls %zu ",
                k ? "       " : "  plot ", name, k, k + 1);
        gp_title(f.gp, impl[k]);
        fprintf(f.gp, ", \\\n");
        fprintf(f.gp,
                "       '%s.dat' index %zu using 1:2:3 with labels offset 0,0.8 font \",7\" "
                "noenhanced notitle%s\n",
                name, k, k + 1 < nimpl ? ", \\" : "");
    }
    return fig_close(c, &f);
}
