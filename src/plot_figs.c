/* plot_figs.c - the figures of msabench plot.  Each reads the columns it
 * needs by name and is made only when the CSV holds them; rows skipped or
 * failed are never drawn, only listed in the figure's note. */
#include "plot.h"
#include "plot_int.h"

#include "fmt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool has(const struct plot_ctx *c, const char *col) {
    return csv_col(c->t, col) >= 0;
}
static double num(const struct plot_ctx *c, const struct prow *r, const char *col) {
    return csv_num(c->t, r->row, col);
}
static bool pos(double x) {
    return x > 0 && isfinite(x);
}

static int not_made(struct plot_ctx *c, const char *fig, const char *why) {
    if (c->log)
        fprintf(c->log, "plot: %s: not made (%s)\n", fig, why);
    return 1;
}

static void title(const struct plot_ctx *c, FILE *f, const char *what, const char *sub) {
    char t[768];
    snprintf(t, sizeof t, "%s%s%s%s%s", what, c->device[0] ? "  -  " : "", c->device,
             sub ? "\n" : "", sub ? sub : "");
    fprintf(f, "set title ");
    gp_str(f, t);
    fputc('\n', f);
}

static void label(FILE *f, const char *axis, const char *text) {
    fprintf(f, "set %slabel ", axis);
    gp_str(f, text);
    fputc('\n', f);
}

/* One plot element: 'NAME.dat' index B using U with W ls S title "T" */
static void elem(FILE *f, bool first, const struct fig *g, int block, const char *using_,
                 const char *with, int ls, const char *t) {
    fprintf(f, "%s'%s.dat' index %d using %s with %s ls %d ", first ? "  plot " : ", \\\n    ",
            g->name, block, using_, with, ls);
    if (t) {
        fprintf(f, "title ");
        gp_str(f, t);
    } else {
        fprintf(f, "notitle");
    }
}

/* The point a row was measured at: its key, or the shape when there is none. */
static void point_id(const struct plot_ctx *c, const struct prow *r, char *buf, size_t n) {
    const char *key = csv_get(c->t, r->row, "key");
    if (key[0]) {
        snprintf(buf, n, "%s", key);
        return;
    }
    static const char *const cols[] = {"mode",  "causal",  "batch",      "seq_len",
                                       "q_len", "heads_q", "head_dim",   "index_dim",
                                       "dtype", "data",    "block_size", "topk"};
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, n - l, "%s|", csv_get(c->t, r->row, cols[i]));
    }
}

/* ---- 1. latency ---- */

int fig_latency(struct plot_ctx *c) {
    const char *name = "latency";
    if (!has(c, "median_ms"))
        return not_made(c, name, "no median_ms column");
    struct slist l = {0};
    struct pending pd = {0};
    int rc = -1;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double y = num(c, r, "median_ms");
        if (!r->usable || !pos(y) || !pos(r->n))
            continue;
        double lo = num(c, r, "p20_ms"), hi = num(c, r, "p80_ms");
        if (pend_add(&pd, i, r->n, y, pos(lo) ? lo : y, pos(hi) ? hi : y, NAN))
            goto oom;
    }
    if (pend_group(c, &pd, "seq_len", true, &l))
        goto out;
    if (!l.n) {
        slist_free(&l);
        return not_made(c, name, "no usable row with a median time");
    }
    struct fig f;
    if (fig_open(c, &f, name, "median latency vs context length") < 0)
        goto out;
    double xl, xh, yl, yh;
    slist_xrange(&l, &xl, &xh);
    slist_yrange(&l, false, &yl, &yh);
    title(c, f.gp, "Latency vs context length", "median; bars: p20-p80");
    label(f.gp, "x", "context length N (tokens)");
    label(f.gp, "y", "time per call (ms)");
    gp_tokens_axis(f.gp, "x", xl, xh);
    gp_logy_range(f.gp, yl, yh, 20, "%g");
    gp_key(&f, l.n, slist_maxlabel(&l));
    int *ls = calloc(l.n, sizeof *ls);
    if (!ls) {
        fig_close(c, &f);
        goto oom;
    }
    for (size_t i = 0; i < l.n; i++)
        ls[i] = fig_style(&f, &l.s[i], &l, 0, false);
    fig_begin_output(&f);
    gp_skip_note(c, &f, NULL, "seq_len", 0);
    for (size_t i = 0; i < l.n; i++)
        elem(f.gp, i == 0, &f, fig_block(&f, &l.s[i]), "1:2:3:4", "yerrorlines", ls[i],
             l.s[i].label);
    fprintf(f.gp, "\n");
    free(ls);
    rc = fig_close(c, &f);
    goto out;
oom:
    attn_set_error("out of memory");
out:
    pend_free(&pd);
    slist_free(&l);
    return rc;
}

/* ---- 2. speedup over the dense baseline ---- */

int fig_speedup(struct plot_ctx *c) {
    const char *name = "speedup";
    if (!has(c, "median_ms"))
        return not_made(c, name, "no median_ms column");
    struct slist l = {0};
    struct pending pd = {0};
    int rc = -1;
    char(*pid)[512] = malloc((c->nr + 1) * sizeof *pid);
    if (!pid)
        goto oom;
    for (size_t i = 0; i < c->nr; i++)
        point_id(c, &c->r[i], pid[i], sizeof pid[0]);
    bool used_flash = false, used_gqa = false;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double t = num(c, r, "median_ms");
        if (!r->usable || !pos(t) || !pos(r->n) || strcmp(r->method, "flash") == 0)
            continue;
        /* the fastest flash of this backend and point, else the fastest gqa */
        double base = NAN;
        const char *bases[2] = {"flash", "gqa"};
        int which = -1;
        for (int b = 0; b < 2 && which < 0; b++) {
            for (size_t j = 0; j < c->nr; j++) {
                const struct prow *q = &c->r[j];
                double tq = num(c, q, "median_ms");
                if (!q->usable || q->est != r->est || strcmp(q->method, bases[b]) ||
                    strcmp(q->backend, r->backend) || !pos(tq) || strcmp(pid[i], pid[j]))
                    continue;
                if (!(tq >= base))
                    base = tq;
                which = b;
            }
        }
        if (which < 0 || (which == 1 && strcmp(r->method, "gqa") == 0))
            continue;
        used_flash |= which == 0;
        used_gqa |= which == 1;
        if (pend_add(&pd, i, r->n, base / t, NAN, NAN, NAN))
            goto oom;
    }
    if (pend_group(c, &pd, "seq_len", true, &l))
        goto out;
    if (!l.n) {
        rc = not_made(c, name, "no row has a flash or gqa baseline of the same backend and point");
        goto out;
    }
    struct fig f;
    if (fig_open(c, &f, name, "speedup over the dense baseline vs context length") < 0)
        goto out;
    double xl, xh, yl, yh;
    slist_xrange(&l, &xl, &xh);
    slist_yrange(&l, false, &yl, &yh);
    if (yl > 1)
        yl = 1; /* keep break-even in view */
    if (yh < 1)
        yh = 1;
    const char *over = used_flash && used_gqa ? "flash (gqa where flash is absent)"
                       : used_flash           ? "flash"
                                              : "gqa";
    char sub[160];
    snprintf(sub, sizeof sub, "baseline: fastest %s of the same backend and point", over);
    title(c, f.gp, "Speedup over dense attention", sub);
    label(f.gp, "x", "context length N (tokens)");
    char yl_text[96];
    snprintf(yl_text, sizeof yl_text, "speedup over %s (x)", used_flash ? "flash" : "gqa");
    label(f.gp, "y", yl_text);
    gp_tokens_axis(f.gp, "x", xl, xh);
    if (!gp_logy_range(f.gp, yl, yh, 4, "%gx"))
        fprintf(f.gp, "set yrange [0:%.9g]\n", yh * 1.1);
    else /* base 2: tics at 0.5x, 1x, 2x, 4x ... */
        fprintf(f.gp, "set logscale y 2\nset yrange [%.9g:%.9g]\n", yl / 1.3, yh * 1.3);
    gp_key(&f, l.n + 1, slist_maxlabel(&l));
    int *ls = calloc(l.n, sizeof *ls);
    if (!ls) {
        fig_close(c, &f);
        goto oom;
    }
    for (size_t i = 0; i < l.n; i++)
        ls[i] = fig_style(&f, &l.s[i], &l, 0, false);
    fig_begin_output(&f);
    gp_skip_note(c, &f, NULL, "seq_len", 0);
    for (size_t i = 0; i < l.n; i++)
        elem(f.gp, i == 0, &f, fig_block(&f, &l.s[i]), "1:2", "linespoints", ls[i], l.s[i].label);
    fprintf(f.gp,
            ", \\\n    1 with lines lc rgb \"#000000\" lw 1.5 dt 2 title \"break-even (1x)\"\n");
    free(ls);
    rc = fig_close(c, &f);
    goto out;
oom:
    attn_set_error("out of memory");
out:
    pend_free(&pd);
    free(pid);
    slist_free(&l);
    return rc;
}

/* ---- 3. useful and dense-equivalent TFLOP/s; bandwidth ---- */

/* Shared by the throughput figures: y from col, y2 from col2 (may be NULL). */
static int rate_fig(struct plot_ctx *c, const char *name, const char *what, const char *col,
                    const char *col2, const char *ylab, double peak, const char *peak_unit,
                    const char *sub, const char *lab1, const char *lab2) {
    bool h1 = has(c, col), h2 = col2 && has(c, col2);
    if (!h1 && !h2) {
        char why[96];
        snprintf(why, sizeof why, "no %s column", col);
        return not_made(c, name, why);
    }
    struct slist l = {0};
    struct pending pd = {0};
    int rc = -1;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double y = h1 ? num(c, r, col) : NAN, y2 = h2 ? num(c, r, col2) : NAN;
        if (!r->usable || !pos(r->n) || (!pos(y) && !pos(y2)))
            continue;
        if (pend_add(&pd, i, r->n, pos(y) ? y : NAN, NAN, NAN, pos(y2) ? y2 : NAN))
            goto oom;
    }
    if (pend_group(c, &pd, "seq_len", true, &l))
        goto out;
    if (!l.n) {
        char why[96];
        snprintf(why, sizeof why, "no usable row with %s", col);
        rc = not_made(c, name, why);
        goto out;
    }
    struct fig f;
    if (fig_open(c, &f, name, what) < 0)
        goto out;
    double xl, xh, yl, yh;
    slist_xrange(&l, &xl, &xh);
    slist_yrange(&l, true, &yl, &yh);
    if (pos(peak))
        yh = peak > yh ? peak : yh;
    title(c, f.gp, what, sub);
    label(f.gp, "x", "context length N (tokens)");
    label(f.gp, "y", ylab);
    gp_tokens_axis(f.gp, "x", xl, xh);
    if (gp_logy_range(f.gp, yl, yh, 20, "%g"))
        fprintf(f.gp, "set yrange [%.9g:%.9g]\n", yl / 1.5, yh * 1.5);
    else
        fprintf(f.gp, "set yrange [0:%.9g]\n", yh * 1.1);
    /* does a series show two different figures? (dense methods: useful = dense-eq.) */
    bool *two = calloc(l.n, sizeof *two);
    int *ls = calloc(2 * l.n, sizeof *ls);
    if (!two || !ls) {
        free(two);
        free(ls);
        fig_close(c, &f);
        goto oom;
    }
    size_t entries = pos(peak);
    for (size_t i = 0; i < l.n; i++) {
        for (size_t k = 0; k < l.s[i].n; k++) {
            double a = l.s[i].p[k].y, b = l.s[i].p[k].y2;
            if (col2 && isfinite(b) && (!isfinite(a) || fabs(a - b) > 1e-6 * fabs(b)))
                two[i] = true;
        }
        entries += 1 + two[i];
        ls[2 * i] = fig_style(&f, &l.s[i], &l, col2 ? 1 : 0, false);
        if (two[i])
            ls[2 * i + 1] = fig_style(&f, &l.s[i], &l, 2, true);
    }
    gp_key(&f, entries, slist_maxlabel(&l) + 12);
    fig_begin_output(&f);
    gp_skip_note(c, &f, NULL, "seq_len", 0);
    bool first = true;
    for (size_t i = 0; i < l.n; i++) {
        int b = fig_block(&f, &l.s[i]);
        char t[320];
        bool any1 = false;
        for (size_t k = 0; k < l.s[i].n; k++)
            any1 |= isfinite(l.s[i].p[k].y);
        bool any2 = false;
        for (size_t k = 0; k < l.s[i].n; k++)
            any2 |= isfinite(l.s[i].p[k].y2);
        if (any1) {
            if (!col2)
                snprintf(t, sizeof t, "%s", l.s[i].label);
            else if (two[i] || !any2)
                snprintf(t, sizeof t, "%s %s", l.s[i].label, lab1);
            else
                snprintf(t, sizeof t, "%s (%s = %s)", l.s[i].label, lab1, lab2);
            elem(f.gp, first, &f, b, "1:2", "linespoints", ls[2 * i], t);
            first = false;
        }
        if (two[i]) {
            snprintf(t, sizeof t, "%s %s", l.s[i].label, lab2);
            elem(f.gp, first, &f, b, "1:5", "linespoints", ls[2 * i + 1], t);
            first = false;
        }
    }
    if (pos(peak)) {
        fprintf(f.gp, "%s%.9g with lines lc rgb \"#000000\" lw 1.5 dt 4 title ",
                first ? "  plot " : ", \\\n    ", peak);
        char t[128];
        snprintf(t, sizeof t, "device peak (%g %s)", peak, peak_unit);
        gp_str(f.gp, t);
    }
    fprintf(f.gp, "\n");
    free(two);
    free(ls);
    rc = fig_close(c, &f);
    goto out;
oom:
    attn_set_error("out of memory");
out:
    pend_free(&pd);
    slist_free(&l);
    return rc;
}

int fig_tflops(struct plot_ctx *c) {
    return rate_fig(c, "tflops", "Throughput (TFLOP/s)", "useful_tflops", "dense_tflops", "TFLOP/s",
                    meta_num(c->meta, "peak_tflops"), "TFLOP/s",
                    "useful = counted FLOPs / time (solid, filled);  "
                    "dense-equivalent = dense causal FLOPs / time (dashed, open)",
                    "useful", "dense-eq.");
}

int fig_bandwidth(struct plot_ctx *c) {
    return rate_fig(c, "bandwidth", "Achieved bandwidth (GB/s)", "gbps", NULL,
                    "GB/s (bytes_model / time)", meta_num(c->meta, "peak_gbps"), "GB/s",
                    "bytes_model: each needed input read once, the output written once", "", "");
}

/* ---- 4. memory ---- */

static double first_num(const struct run_meta *m, const char *const *keys, const char **which) {
    for (; *keys; keys++) {
        double v = meta_num(m, *keys);
        if (pos(v)) {
            *which = *keys;
            return v;
        }
    }
    return NAN;
}

int fig_memory(struct plot_ctx *c) {
    const char *name = "memory";
    bool hm = has(c, "mem_model"), hp = has(c, "mem_peak");
    if (!hm && !hp)
        return not_made(c, name, "no mem_model or mem_peak column");
    struct slist l = {0};
    struct pending pd = {0};
    int rc = -1;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double m = hm ? num(c, r, "mem_model") : NAN, p = hp ? num(c, r, "mem_peak") : NAN;
        if (!r->usable || !pos(r->n) || (!pos(m) && !pos(p)))
            continue;
        if (pend_add(&pd, i, r->n, pos(m) ? m : NAN, NAN, NAN, pos(p) ? p : NAN))
            goto oom;
    }
    if (pend_group(c, &pd, "seq_len", true, &l))
        goto out;
    if (!l.n) {
        rc = not_made(c, name, "no usable row with mem_model or mem_peak");
        goto out;
    }
    static const char *const host_keys[] = {"mem_limit", "limits.memory", "mem_limit_bytes", NULL};
    static const char *const dev_keys[] = {"dev_mem_limit", "limits.device_memory",
                                           "gpu.mem_total", "gpu.memory_bytes",
                                           "gpu.mem_bytes", NULL};
    const char *hk = NULL, *dk = NULL;
    double hlim = c->meta ? first_num(c->meta, host_keys, &hk) : NAN;
    double dlim = c->meta ? first_num(c->meta, dev_keys, &dk) : NAN;
    struct fig f;
    if (fig_open(c, &f, name, "memory vs context length") < 0)
        goto out;
    double xl, xh, yl, yh;
    slist_xrange(&l, &xl, &xh);
    slist_yrange(&l, true, &yl, &yh);
    yh = pos(hlim) && hlim > yh ? hlim : yh;
    yh = pos(dlim) && dlim > yh ? dlim : yh;
    title(c, f.gp, "Memory vs context length",
          "mem_model: every buffer allocated (solid, filled);  mem_peak: measured (dashed, open)");
    label(f.gp, "x", "context length N (tokens)");
    label(f.gp, "y", "bytes");
    gp_tokens_axis(f.gp, "x", xl, xh);
    if (gp_logy_range(f.gp, yl, yh, 20, "%.0s %cB"))
        fprintf(f.gp, "set yrange [%.9g:%.9g]\n", yl / 2, yh * 2);
    int *ls = calloc(2 * l.n, sizeof *ls);
    if (!ls) {
        fig_close(c, &f);
        goto oom;
    }
    size_t entries = (size_t)pos(hlim) + (size_t)pos(dlim);
    for (size_t i = 0; i < l.n; i++) {
        ls[2 * i] = fig_style(&f, &l.s[i], &l, 1, false);
        ls[2 * i + 1] = fig_style(&f, &l.s[i], &l, 2, true);
        entries += 2;
    }
    gp_key(&f, entries, slist_maxlabel(&l) + 6);
    fig_begin_output(&f);
    gp_skip_note(c, &f, NULL, "seq_len", 0);
    bool first = true;
    for (size_t i = 0; i < l.n; i++) {
        int b = fig_block(&f, &l.s[i]);
        char t[320];
        bool any[2] = {false, false};
        for (size_t k = 0; k < l.s[i].n; k++) {
            any[0] |= isfinite(l.s[i].p[k].y);
            any[1] |= isfinite(l.s[i].p[k].y2);
        }
        if (any[0]) {
            snprintf(t, sizeof t, "%s model", l.s[i].label);
            elem(f.gp, first, &f, b, "1:2", "linespoints", ls[2 * i], t);
            first = false;
        }
        if (any[1]) {
            snprintf(t, sizeof t, "%s peak", l.s[i].label);
            elem(f.gp, first, &f, b, "1:5", "linespoints", ls[2 * i + 1], t);
            first = false;
        }
    }
    double lims[2] = {hlim, dlim};
    const char *names[2] = {"host memory limit", "device memory limit"};
    for (int k = 0; k < 2; k++) {
        if (!pos(lims[k]))
            continue;
        char t[128], b[32];
        fmt_bytes(b, sizeof b, lims[k]);
        snprintf(t, sizeof t, "%s (%s)",
                 k == 1 && strncmp(dk, "gpu.", 4) == 0 ? "GPU memory" : names[k], b);
        fprintf(f.gp, "%s%.9g with lines lc rgb \"%s\" lw 1.5 dt 4 title ",
                first ? "  plot " : ", \\\n    ", lims[k], k ? "#000000" : "#666666");
        gp_str(f.gp, t);
        first = false;
    }
    fprintf(f.gp, "\n");
    free(ls);
    rc = fig_close(c, &f);
    goto out;
oom:
    attn_set_error("out of memory");
out:
    pend_free(&pd);
    slist_free(&l);
    return rc;
}

/* ---- 5. selection quality: block recall, score recall, mass coverage ---- */

static const char *const recall_cols[3] = {"block_recall", "score_recall", "mass_coverage"};
static const char *const recall_names[3] = {"block recall", "score recall", "mass coverage"};

static int recall_axis(struct plot_ctx *c, const char *axis, const char *axis_label) {
    char name[64];
    snprintf(name, sizeof name, "recall_vs_%s", axis);
    if (!has(c, axis))
        return not_made(c, name, "no such column");
    bool hc[3];
    int npanel = 0;
    for (int k = 0; k < 3; k++)
        npanel += hc[k] = has(c, recall_cols[k]);
    struct slist l = {0};
    struct pending pd = {0};
    int rc = -1;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double x = num(c, r, axis), v[3];
        bool any = false;
        for (int k = 0; k < 3; k++) {
            v[k] = hc[k] ? num(c, r, recall_cols[k]) : NAN;
            any |= isfinite(v[k]);
        }
        if (!r->usable || !isfinite(x) || !any)
            continue;
        if (strcmp(axis, "index_noise") != 0 && !pos(x))
            continue; /* log axes */
        if (pend_add(&pd, i, x, v[0], v[1], v[2], NAN))
            goto oom;
    }
    if (pend_group(c, &pd, axis, true, &l))
        goto out;
    double xl, xh;
    slist_xrange(&l, &xl, &xh);
    if (!l.n || !(xh > xl)) {
        rc = not_made(c, name,
                      l.n ? "the axis does not vary among rows with recall"
                          : "no usable row with recall");
        goto out;
    }
    struct fig f;
    if (fig_open(c, &f, name, "selection quality vs the axis") < 0)
        goto out;
    f.w_in = 3.0 * npanel;
    f.h_in = 4.2;
    char what[160];
    snprintf(what, sizeof what, "Selection quality vs %s", axis_label);
    label(f.gp, "x", axis_label);
    if (strcmp(axis, "seq_len") == 0)
        gp_tokens_axis(f.gp, "x", xl, xh);
    else if (strcmp(axis, "index_noise") == 0)
        fprintf(f.gp, "unset logscale x\nset xrange [*:*]\nset xtics autofreq\n");
    else
        gp_pow2_axis(f.gp, "x", xl, xh);
    fprintf(f.gp, "set yrange [0:1.02]\nset ytics 0.2\nset format y \"%%g\"\n");
    int *ls = calloc(l.n, sizeof *ls);
    if (!ls) {
        fig_close(c, &f);
        goto oom;
    }
    for (size_t i = 0; i < l.n; i++)
        ls[i] = fig_style(&f, &l.s[i], &l, 0, false);
    for (size_t i = 0; i < l.n; i++)
        fig_block(&f, &l.s[i]);
    fig_begin_output(&f);
    /* panels on top, a legend strip under them, the note at the bottom */
    char t[512];
    snprintf(t, sizeof t, "%s%s%s", what, c->device[0] ? "  -  " : "", c->device);
    fprintf(f.gp, "  set multiplot title ");
    gp_str(f.gp, t);
    fputc('\n', f.gp);
    int rows = (int)(l.n + 1) / 2; /* legend entries in two columns */
    char note[2048];
    int note_lines = gp_note_text(c, &l, axis, note, sizeof note);
    double note_h = note_lines ? 0.045 * (note_lines + 1) : 0;
    double key_h = 0.06 * rows + 0.04, panel_h = 0.86 - key_h - note_h;
    key_h += note_h; /* panels start above the legend and the note */
    int p = 0;
    for (int k = 0; k < 3; k++) {
        if (!hc[k])
            continue;
        fprintf(f.gp, "  set origin %.4f,%.4f\n  set size %.4f,%.4f\n  set key off\n  set title ",
                (double)p / npanel, key_h, 1.0 / npanel, panel_h);
        gp_str(f.gp, recall_names[k]);
        fprintf(f.gp, "\n");
        char using_[16];
        snprintf(using_, sizeof using_, "1:%d", k + 2);
        for (size_t i = 0; i < l.n; i++)
            elem(f.gp, i == 0, &f, (int)i, using_, "linespoints", ls[i], NULL);
        fprintf(f.gp, "\n");
        p++;
    }
    /* the legend: every series drawn as NaN in an empty, borderless plot */
    fprintf(f.gp,
            "  set origin 0,%.4f\n  set size 1,%.4f\n  unset title\n  unset border\n"
            "  unset tics\n  unset xlabel\n  unset ylabel\n  unset grid\n"
            "  set key on center center horizontal maxrows %d Left reverse noautotitle\n"
            "  set yrange [0:1]\n  set tmargin 0\n  set bmargin 0\n",
            note_h, key_h - note_h, rows);
    if (note_lines) {
        fprintf(f.gp, "  set label 900 ");
        gp_str(f.gp, note);
        fprintf(f.gp,
                " at screen 0.01, screen 0.01 left front textcolor rgb \"#555555\" "
                "font small offset 0,%d\n",
                note_lines);
    }
    for (size_t i = 0; i < l.n; i++) {
        fprintf(f.gp, "%sNaN with linespoints ls %d title ", i == 0 ? "  plot " : ", \\\n    ",
                ls[i]);
        gp_str(f.gp, l.s[i].label);
    }
    fprintf(f.gp, "\n  unset multiplot\n");
    free(ls);
    rc = fig_close(c, &f);
    goto out;
oom:
    attn_set_error("out of memory");
out:
    pend_free(&pd);
    slist_free(&l);
    return rc;
}

int fig_recall(struct plot_ctx *c) {
    static const char *const axes[][2] = {{"block_size", "block size Bk (tokens)"},
                                          {"topk", "blocks selected k"},
                                          {"seq_len", "context length N (tokens)"},
                                          {"index_noise", "index noise"}};
    bool any_metric = false;
    for (int k = 0; k < 3; k++)
        any_metric |= has(c, recall_cols[k]);
    if (!any_metric)
        return not_made(c, "recall", "no block_recall, score_recall or mass_coverage column");
    int made = 0;
    for (size_t a = 0; a < sizeof axes / sizeof *axes; a++) {
        int rc = recall_axis(c, axes[a][0], axes[a][1]);
        if (rc < 0)
            return rc;
        made += rc == 0;
    }
    return made ? 0 : 1;
}

/* ---- 6. MSA stage breakdown ---- */

/* A duration for a tick label: 850 us, 12.3 ms, 4.56 s, 1234 s. */
static void fmt_ms(char *buf, size_t n, double ms) {
    if (ms < 1)
        snprintf(buf, n, "%.3g us", ms * 1e3);
    else if (ms < 1e3)
        snprintf(buf, n, "%.3g ms", ms);
    else if (ms < 1e6)
        snprintf(buf, n, "%.3g s", ms / 1e3);
    else
        snprintf(buf, n, "%.0f s", ms / 1e3);
}

static const char *const stage_cols[4] = {"t_index_ms", "t_topk_ms", "t_attn_ms", "t_combine_ms"};
static const char *const stage_names[4] = {"index", "top-k", "attention", "combine"};
static const char *const stage_colors[4] = {"#4c72b0", "#dd8452", "#55a868", "#8172b3"};

int fig_stages(struct plot_ctx *c) {
    const char *name = "stages";
    bool hs[4], any_col = false;
    for (int k = 0; k < 4; k++)
        any_col |= hs[k] = has(c, stage_cols[k]);
    if (!any_col)
        return not_made(c, name, "no t_index_ms / t_topk_ms / t_attn_ms / t_combine_ms column");
    /* y = index, lo = topk, hi = attn, y2 = combine (ms; NaN = not timed) */
    struct slist l = {0};
    struct pending pd = {0};
    int rc = -1;
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double v[4];
        bool any = false;
        for (int k = 0; k < 4; k++) {
            v[k] = hs[k] ? num(c, r, stage_cols[k]) : NAN;
            any |= isfinite(v[k]) && v[k] >= 0;
        }
        if (!r->usable || !pos(r->n) || !any)
            continue;
        if (pend_add(&pd, i, r->n, v[0], v[1], v[2], v[3]))
            goto oom;
    }
    if (pend_group(c, &pd, "seq_len", true, &l))
        goto out;
    if (!l.n) {
        rc = not_made(c, name, "no usable row with stage times");
        goto out;
    }
    struct fig f;
    if (fig_open(c, &f, name, "MSA stage breakdown by context length") < 0)
        goto out;
    size_t bars = 0;
    for (size_t i = 0; i < l.n; i++)
        bars += l.s[i].n;
    f.w_in = bars > 8 ? 6 + 0.35 * (double)(bars - 8) : 6;
    title(c, f.gp, "MSA stage breakdown",
          "share of the summed stage medians; under each bar: N and that sum");
    label(f.gp, "y", "share of stage time (%)");
    fprintf(f.gp, "set style data histograms\nset style histogram rowstacked\n"
                  "set style fill solid 0.9 border rgb \"#333333\"\nset boxwidth 0.7\n"
                  "set yrange [0:100]\nset xtics nomirror scale 0\nunset grid\n"
                  "set grid ytics lc rgb \"#dddddd\"\n"
                  "set key outside right top vertical Left reverse noautotitle\n");
    /* the .dat of this figure has its own columns */
    fprintf(f.dat, "# stage blocks: x \"tick label\" index%% topk%% attn%% combine%% "
                   "sum_ms index_ms topk_ms attn_ms combine_ms\n");
    for (size_t i = 0; i < l.n; i++) {
        fprintf(f.dat, "%s# %s\n", i ? "\n\n" : "", l.s[i].label);
        for (size_t k = 0; k < l.s[i].n; k++) {
            const struct spt *p = &l.s[i].p[k];
            double v[4] = {p->y, p->lo, p->hi, p->y2}, sum = 0;
            for (int j = 0; j < 4; j++)
                sum += isfinite(v[j]) ? v[j] : 0;
            char n[32], tl[80], tm[32];
            fmt_tokens(n, sizeof n, p->x);
            fmt_ms(tm, sizeof tm, sum);
            snprintf(tl, sizeof tl, "%s\\n%s", n, tm);
            fprintf(f.dat, "%.9g \"%s\"", p->x, tl);
            for (int j = 0; j < 4; j++)
                fprintf(f.dat, " %.6g", sum > 0 && isfinite(v[j]) ? 100 * v[j] / sum : 0.0);
            fprintf(f.dat, " %.9g", sum);
            for (int j = 0; j < 4; j++)
                fprintf(f.dat, isfinite(v[j]) ? " %.9g" : " NaN", v[j]);
            fputc('\n', f.dat);
        }
        f.nblocks++;
    }
    fig_begin_output(&f);
    gp_skip_note(c, &f, &l, "seq_len", 3);
    for (size_t i = 0; i < l.n; i++) {
        fprintf(f.gp, "%snewhistogram ", i ? ", \\\n    " : "  plot ");
        gp_str(f.gp, l.s[i].label);
        fprintf(f.gp, " offset 0,-1.6");
        bool tics = false;
        for (int k = 0; k < 4; k++) {
            if (!hs[k])
                continue;
            fprintf(f.gp, ", \\\n    '%s.dat' index %zu using %d%s lc rgb \"%s\" ", f.name, i,
                    3 + k, tics ? "" : ":xtic(2)", stage_colors[k]);
            tics = true;
            if (i == 0) {
                fprintf(f.gp, "title ");
                gp_str(f.gp, stage_names[k]);
            } else {
                fprintf(f.gp, "notitle");
            }
        }
    }
    fprintf(f.gp, "\n");
    rc = fig_close(c, &f);
    goto out;
oom:
    attn_set_error("out of memory");
out:
    pend_free(&pd);
    slist_free(&l);
    return rc;
}

/* ---- 7. FLOP ratio GQA / MSA: counted vs the paper's eq. 12 ---- */

double plot_eq12_ratio(double hq, double hkv, double d, double d_idx, double k, double bk,
                       double n) {
    /* per token: F_GQA = 2 Hq d N, F_MSA = Hkv d_idx N + 4 Hq d k Bk (SPEC §3) */
    return 2 * hq * d * n / (hkv * d_idx * n + 4 * hq * d * k * bk);
}

struct eq12cfg {
    double hq, hkv, d, didx, k, bk;
};

int fig_flop_ratio(struct plot_ctx *c) {
    const char *name = "flop_ratio";
    if (!has(c, "flops"))
        return not_made(c, name, "no flops column");
    static const char *const cfg_cols[6] = {"heads_q",   "heads_kv", "head_dim",
                                            "index_dim", "topk",     "block_size"};
    bool have_cfg = true;
    for (int k = 0; k < 6; k++)
        have_cfg &= has(c, cfg_cols[k]);
    struct slist l = {0};
    struct pending pd = {0};
    struct eq12cfg cfg[8];
    size_t ncfg = 0;
    int rc = -1;
    bool own_dense = false;
    char(*pid)[512] = malloc((c->nr + 1) * sizeof *pid);
    if (!pid)
        goto oom;
    for (size_t i = 0; i < c->nr; i++)
        point_id(c, &c->r[i], pid[i], sizeof pid[0]);
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double fm = num(c, r, "flops");
        /* eq. 12 is the prefill count; decode rows would be a different ratio */
        if (!r->usable || strcmp(r->method, "msa") || !pos(fm) || !pos(r->n) ||
            strcmp(r->mode, "decode") == 0)
            continue;
        /* numerator: flops_dense (else flops) of a gqa row at the same point */
        double fg = NAN;
        for (size_t j = 0; j < c->nr && !pos(fg); j++) {
            const struct prow *q = &c->r[j];
            if (!q->usable || strcmp(q->method, "gqa") || strcmp(pid[i], pid[j]))
                continue;
            fg = num(c, q, "flops_dense");
            if (!pos(fg))
                fg = num(c, q, "flops");
        }
        if (!pos(fg)) { /* no gqa row: the msa row's own dense count is the same figure */
            fg = num(c, r, "flops_dense");
            own_dense |= pos(fg);
        }
        if (!pos(fg))
            continue;
        double e12 = NAN;
        if (have_cfg) {
            struct eq12cfg g;
            double *gv[6] = {&g.hq, &g.hkv, &g.d, &g.didx, &g.k, &g.bk};
            bool ok = true;
            for (int k = 0; k < 6; k++)
                ok &= pos(*gv[k] = num(c, r, cfg_cols[k]));
            if (ok) {
                e12 = plot_eq12_ratio(g.hq, g.hkv, g.d, g.didx, g.k, g.bk, r->n);
                bool seen = false;
                for (size_t k = 0; k < ncfg && !seen; k++)
                    seen = memcmp(&cfg[k], &g, sizeof g) == 0;
                if (!seen && ncfg < sizeof cfg / sizeof *cfg)
                    cfg[ncfg++] = g;
            }
        }
        if (pend_add(&pd, i, r->n, fg / fm, NAN, NAN, e12))
            goto oom;
    }
    if (pend_group(c, &pd, "seq_len", false, &l))
        goto out;
    if (!l.n) {
        rc = not_made(c, name, "no usable prefill msa row with flops and a dense count");
        goto out;
    }
    struct fig f;
    if (fig_open(c, &f, name, "FLOP ratio GQA/MSA: counted vs eq. 12") < 0)
        goto out;
    double xl, xh, yl, yh;
    slist_xrange(&l, &xl, &xh);
    slist_yrange(&l, true, &yl, &yh);
    title(c, f.gp, "FLOP ratio F_GQA / F_MSA (prefill)",
          own_dense ? "points: counted (dense FLOPs / MSA FLOPs);  lines: paper eq. 12 per token"
                    : "points: counted (gqa flops_dense / msa flops);  lines: paper eq. 12 per "
                      "token");
    label(f.gp, "x", "context length N (tokens)");
    label(f.gp, "y", "F_GQA / F_MSA");
    gp_tokens_axis(f.gp, "x", xl, xh);
    if (gp_logy_range(f.gp, yl, yh, 30, "%gx"))
        fprintf(f.gp, "set yrange [%.9g:%.9g]\n", yl / 1.5, yh * 1.5);
    else
        fprintf(f.gp, "set yrange [0:%.9g]\n", yh * 1.15);
    fprintf(f.gp, "set samples 400\n");
    for (size_t k = 0; k < ncfg; k++)
        fprintf(f.gp, "eq12_%zu(x) = 2.0*%.9g*%.9g*x / (%.9g*%.9g*x + 4.0*%.9g*%.9g*%.9g*%.9g)\n",
                k, cfg[k].hq, cfg[k].d, cfg[k].hkv, cfg[k].didx, cfg[k].hq, cfg[k].d, cfg[k].k,
                cfg[k].bk);
    gp_key(&f, l.n + ncfg, ncfg ? 52 : slist_maxlabel(&l) + 9);
    int *ls = calloc(l.n, sizeof *ls);
    if (!ls) {
        fig_close(c, &f);
        goto oom;
    }
    for (size_t i = 0; i < l.n; i++)
        ls[i] = fig_style(&f, &l.s[i], &l, 1, false);
    fprintf(f.dat, "# y = counted ratio, y2 = eq. 12 at the row's configuration\n");
    fig_begin_output(&f);
    gp_skip_note(c, &f, &l, "seq_len", 0);
    for (size_t i = 0; i < l.n; i++) {
        char t[320];
        snprintf(t, sizeof t, "counted: %s", l.s[i].label);
        elem(f.gp, i == 0, &f, fig_block(&f, &l.s[i]), "1:2", "points", ls[i], t);
    }
    static const char *const eq_colors[4] = {"#000000", "#555555", "#8c564b", "#17becf"};
    for (size_t k = 0; k < ncfg; k++) {
        char t[256];
        snprintf(t, sizeof t, "eq. 12: Hq=%g Hkv=%g d=%g d_idx=%g k=%g Bk=%g", cfg[k].hq,
                 cfg[k].hkv, cfg[k].d, cfg[k].didx, cfg[k].k, cfg[k].bk);
        fprintf(f.gp, ", \\\n    eq12_%zu(x) with lines lc rgb \"%s\" lw 1.5 dt %zu title ", k,
                eq_colors[k % 4], k % 3 + 2);
        gp_str(f.gp, t);
    }
    fprintf(f.gp, "\n");
    free(ls);
    rc = fig_close(c, &f);
    goto out;
oom:
    attn_set_error("out of memory");
out:
    pend_free(&pd);
    free(pid);
    slist_free(&l);
    return rc;
}
