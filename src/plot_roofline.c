/* plot_roofline.c - msabench plot's `roofline` figure (issue 18): achieved
 * useful TFLOP/s against arithmetic intensity (flops / bytes_model), log-log,
 * one point per usable row in its method's declared style, under the roofs
 * of the peak rates the run measured (meta.json):
 *   CPU rows (backends other than cuda and torch): cpu_sgemm_gflops and
 *   cpu_read_gbps; GPU rows (cuda, torch): gpu_bf16_gemm_tflops and
 *   gpu_copy_gbps.
 * A roof is min(peak FLOP rate, intensity x bandwidth), written to the .dat
 * as three points (left edge, ridge, right edge) so the figure and its data
 * agree exactly.  Rows without a positive finite flops, bytes_model or
 * useful_tflops are left out (never drawn at 0) and counted in the title; a
 * run without peaks gets the points and says so in the title. */
#include "fmt.h"
#include "plot_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERIES 32

/* CSV cells reach gnuplot as letters, digits and " .,=+-_/()" only (as in
 * plot_coherence.c), so no quote, backtick or macro can be read as code. */
static void safe_text(char *s) {
    fmt_keep(s, " .,=+-_/()");
}

static bool on_gpu(const char *backend) {
    return strcmp(backend, "cuda") == 0 || strcmp(backend, "torch") == 0;
}

/* The row's point; false when it has none to draw. */
static bool row_point(const struct plot_ctx *c, const struct prow *r, double *ai, double *y) {
    if (!r->usable)
        return false;
    const double fl = csv_num(c->t, r->row, "flops"), by = csv_num(c->t, r->row, "bytes_model");
    *y = csv_num(c->t, r->row, "useful_tflops");
    *ai = plot_pos(fl) && plot_pos(by) ? fl / by : NAN;
    return plot_pos(*ai) && plot_pos(*y);
}

struct roof {
    const char *dev, *flop_key, *bw_key;
    double flop_scale; /* the key's unit to TFLOP/s */
    double tflops, gbps;
    bool rows; /* rows of this device are drawn */
};

static bool roof_known(const struct roof *r) {
    return plot_pos(r->tflops) && plot_pos(r->gbps);
}

/* The intensity where the bandwidth slope meets the FLOP ceiling (flop/byte). */
static double ridge(const struct roof *r) {
    return r->tflops * 1e3 / r->gbps;
}

/* The series of (method, backend, estimated) for row r, added when new;
 * NULL when there is no room or memory. */
static struct series *series_for(struct slist *l, const struct prow *r) {
    char id[sizeof l->s[0].label];
    snprintf(id, sizeof id, "%s/%s%s", r->method, r->backend, r->est ? " (est.)" : "");
    safe_text(id);
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->s[i].id, id) == 0)
            return &l->s[i];
    if (l->n == l->cap)
        return NULL; /* cap is MAX_SERIES, allocated up front */
    struct series *s = &l->s[l->n++];
    memset(s, 0, sizeof *s);
    snprintf(s->id, sizeof s->id, "%s", id);
    snprintf(s->label, sizeof s->label, "%s", id);
    s->method = r->method;
    s->backend = r->backend;
    s->est = r->est;
    s->tagv = NAN;
    return s;
}

int fig_roofline(struct plot_ctx *c) {
    const char *name = "roofline";
    if (!plot_has(c, "flops") || !plot_has(c, "bytes_model") || !plot_has(c, "useful_tflops"))
        return plot_not_made(c, name, "no flops / bytes_model / useful_tflops column");
    struct roof roofs[2] = {
        {"CPU", "cpu_sgemm_gflops", "cpu_read_gbps", 1e-3, NAN, NAN, false},
        {"GPU", "gpu_bf16_gemm_tflops", "gpu_copy_gbps", 1, NAN, NAN, false},
    };
    for (int d = 0; d < 2; d++) {
        roofs[d].tflops = meta_num(c->meta, roofs[d].flop_key) * roofs[d].flop_scale;
        roofs[d].gbps = meta_num(c->meta, roofs[d].bw_key);
    }
    struct slist l = {.s = calloc(MAX_SERIES, sizeof *l.s), .cap = MAX_SERIES};
    if (!l.s) {
        attn_set_error("out of memory");
        return -1;
    }
    int rc = -1;
    size_t npts = 0, left_out = 0, dropped = 0;
    double xl = INFINITY, xh = 0, yl = INFINITY, yh = 0;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double ai, y;
        if (!row_point(c, r, &ai, &y)) {
            left_out += r->usable;
            continue;
        }
        struct series *s = series_for(&l, r);
        if (!s) {
            dropped++;
            continue;
        }
        /* ri holds the CSV row, written beside the point so a reader (and the
         * test) can tell which rows were drawn */
        if (series_add(s, (struct spt){.x = ai, .y = y, .ri = r->row}) != 0) {
            attn_set_error("out of memory");
            goto out;
        }
        roofs[on_gpu(r->backend)].rows = true;
        npts++;
        xl = fmin(xl, ai);
        xh = fmax(xh, ai);
        yl = fmin(yl, y);
        yh = fmax(yh, y);
    }
    if (!npts) {
        rc = plot_not_made(c, name, "no usable row with flops, bytes_model and useful_tflops");
        goto out;
    }
    /* the roofs drawn: those of the devices whose rows are drawn */
    bool any_roof = false, missing = false;
    for (int d = 0; d < 2; d++) {
        if (!roofs[d].rows)
            continue;
        if (!roof_known(&roofs[d])) {
            missing = true;
            continue;
        }
        any_roof = true;
        xl = fmin(xl, ridge(&roofs[d]));
        xh = fmax(xh, ridge(&roofs[d]));
        yh = fmax(yh, roofs[d].tflops);
    }
    xl /= 2; /* room either side, and the roofs span it */
    xh *= 2;
    for (int d = 0; d < 2; d++)
        if (roofs[d].rows && roof_known(&roofs[d]))
            yl = fmin(yl, xl * roofs[d].gbps * 1e-3);

    struct fig f;
    if (fig_open(c, &f, name, "achieved TFLOP/s against arithmetic intensity") < 0)
        goto out;
    char sub[256];
    snprintf(sub, sizeof sub, "x: flops / bytes_model;  y: useful TFLOP/s%s%s",
             !any_roof ? ";  no peak rates in meta.json: points without roofs"
             : missing ? ";  some devices have no peak rates in meta.json"
                       : "",
             left_out + dropped ? ";  rows left out: see the .dat" : "");
    gp_fig_title(c, f.gp, "set title ", "Roofline", sub);
    gp_label(f.gp, "x", "arithmetic intensity (FLOP / byte)");
    gp_label(f.gp, "y", "useful TFLOP/s");
    fprintf(f.gp,
            "set logscale x 10\nset logscale y 10\nset format x \"%%g\"\nset format y \"%%g\"\n"
            "set xrange [%.9g:%.9g]\nset yrange [%.9g:%.9g]\n",
            xl, xh, yl / 1.5, yh * 1.5);
    fprintf(
        f.dat,
        "# here: x = flops / bytes_model, y = useful_tflops, then the row's index in the CSV\n"
        "# (0 = first data row); roof blocks: x, min(peak, x * bandwidth)\n"
        "# usable rows left out (no positive finite flops, bytes_model or useful_tflops): %zu\n",
        left_out);
    if (dropped)
        fprintf(f.dat, "# rows left out past %d series: %zu\n", MAX_SERIES, dropped);
    int ls[MAX_SERIES];
    for (size_t i = 0; i < l.n; i++) /* peers and references open: told from the kernels */
        ls[i] = fig_style(&f, &l.s[i], &l, 0,
                          !strcmp(l.s[i].backend, "torch") || !strcmp(l.s[i].backend, "ref"));
    gp_key(&f, l.n + 2, slist_maxlabel(&l) + 36);
    int blocks[MAX_SERIES];
    for (size_t i = 0; i < l.n; i++) {
        const struct series *s = &l.s[i];
        fprintf(f.dat, "%s# %s\n", f.nblocks ? "\n\n" : "", s->label);
        for (size_t k = 0; k < s->n; k++)
            fprintf(f.dat, "%.9g %.9g %zu\n", s->p[k].x, s->p[k].y, s->p[k].ri);
        blocks[i] = f.nblocks++;
    }
    int rblock[2] = {-1, -1};
    for (int d = 0; d < 2; d++) {
        const struct roof *r = &roofs[d];
        if (!r->rows || !roof_known(r))
            continue;
        fprintf(f.dat, "\n\n# roof %s: %s %.9g, %s %.9g\n", r->dev, r->flop_key,
                r->tflops / r->flop_scale, r->bw_key, r->gbps);
        fprintf(f.dat, "%.9g %.9g\n%.9g %.9g\n%.9g %.9g\n", xl, xl * r->gbps * 1e-3, ridge(r),
                r->tflops, xh, r->tflops);
        rblock[d] = f.nblocks++;
    }
    fig_begin_output(&f);
    for (size_t i = 0; i < l.n; i++)
        fig_elem(&f, i == 0, blocks[i], "1:2", "points", ls[i], l.s[i].label);
    for (int d = 0; d < 2; d++) {
        if (rblock[d] < 0)
            continue;
        char t[160];
        snprintf(t, sizeof t, "%s roof (%.3g TFLOP/s, %.4g GB/s)", roofs[d].dev, roofs[d].tflops,
                 roofs[d].gbps);
        fprintf(f.gp, ", \\\n    '%s.dat' index %d using 1:2 with lines lc rgb \"%s\" lw 2 dt %d ",
                name, rblock[d], d ? "#000000" : "#555555", d ? 1 : 2);
        gp_title(f.gp, t);
    }
    fprintf(f.gp, "\n");
    rc = fig_close(c, &f);
out:
    slist_free(&l);
    return rc;
}
