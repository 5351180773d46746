/* plot_figs.c - the figures of msabench plot.  Each reads the columns it
 * needs by name and is made only when the CSV holds them; rows skipped or
 * failed are never drawn, only listed in the figure's note. */
#include "model.h"
#include "plot.h"
#include "plot_int.h"

#include "fmt.h"
#include "method.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double num(const struct plot_ctx *c, const struct prow *r, const char *col) {
    return csv_num(c->t, r->row, col);
}

/* The point each row was measured at: its key, or the shape when there is
 * none; NULL when out of memory. */
struct point_id {
    char s[512];
};
static struct point_id *point_ids(const struct plot_ctx *c) {
    struct point_id *pid = malloc((c->nr + 1) * sizeof *pid);
    if (!pid)
        return NULL;
    static const char *const cols[] = {"mode",  "causal",  "batch",      "seq_len",
                                       "q_len", "heads_q", "head_dim",   "index_dim",
                                       "dtype", "data",    "block_size", "topk"};
    for (size_t i = 0; i < c->nr; i++) {
        char *buf = pid[i].s;
        size_t row = c->r[i].row;
        const char *key = csv_get(c->t, row, "key");
        if (key[0]) { /* knobs at their defaults dropped: one point whatever the method */
            attn_key_canonical(key, buf, sizeof pid[i].s);
            continue;
        }
        buf[0] = '\0';
        for (size_t k = 0; k < sizeof cols / sizeof *cols; k++) {
            size_t l = strlen(buf);
            snprintf(buf + l, sizeof pid[i].s - l, "%s|", csv_get(c->t, row, cols[k]));
        }
    }
    return pid;
}

/* A figure over context length: groups the pending points into lines (pd is
 * freed), opens the figure, has draw write it (arg: what draw needs; draw
 * returns -1 when out of memory) and closes it.  Returns 0 made, 1 not made
 * (no line to draw: why goes to the log), -1 error. */
static int seq_fig(struct plot_ctx *c, struct pending *pd, bool with_impl, const char *name,
                   const char *what, const char *why,
                   int (*draw)(const struct plot_ctx *, struct fig *, const struct slist *,
                               const void *),
                   const void *arg) {
    struct slist l = {0};
    struct fig f;
    int rc = -1;
    if (pend_group(c, pd, "seq_len", with_impl, &l))
        goto out;
    if (!l.n) {
        rc = plot_not_made(c, name, why);
        goto out;
    }
    if (fig_open(c, &f, name, what) < 0)
        goto out;
    if (draw(c, &f, &l, arg) < 0) {
        fig_close(c, &f);
        attn_set_error("out of memory");
        goto out;
    }
    rc = fig_close(c, &f);
out:
    pend_free(pd);
    slist_free(&l);
    return rc;
}

/* Out of memory while a figure collects its points: frees them, returns -1. */
static int collect_oom(struct pending *pd) {
    pend_free(pd);
    attn_set_error("out of memory");
    return -1;
}

/* Title, axis labels and the x axis of the figures over context length. */
static void seq_axes(const struct plot_ctx *c, struct fig *f, const struct slist *l,
                     const char *what, const char *sub, const char *ylab) {
    double xl, xh;
    slist_xrange(l, &xl, &xh);
    gp_fig_title(c, f->gp, "set title ", what, sub);
    gp_label(f->gp, "x", "context length N (tokens)");
    gp_label(f->gp, "y", ylab);
    gp_tokens_axis(f->gp, "x", xl, xh);
}

/* gp_logy_range, then the y range: [lo/logpad : hi*logpad] on a log axis,
 * [0 : hi*linpad] on a linear one (linpad 0: left at [0:*]). */
static void y_axis(FILE *f, double lo, double hi, double ratio, const char *format, double logpad,
                   double linpad) {
    if (gp_logy_range(f, lo, hi, ratio, format))
        fprintf(f, "set yrange [%.9g:%.9g]\n", lo / logpad, hi * logpad);
    else if (linpad > 0)
        fprintf(f, "set yrange [0:%.9g]\n", hi * linpad);
}

/* One line per series: a style each (fig_style with this dash), the output
 * loop, the skipped-rows note (like: as gp_skip_note) and a plot element per
 * series titled prefix + label.  The caller may add elements, then ends the
 * command with a newline.  Returns -1 when out of memory. */
static int series_plot(const struct plot_ctx *c, struct fig *f, const struct slist *l, int dash,
                       const struct slist *like, const char *using_, const char *with,
                       const char *prefix) {
    int *ls = calloc(l->n, sizeof *ls);
    if (!ls)
        return -1;
    for (size_t i = 0; i < l->n; i++)
        ls[i] = fig_style(f, &l->s[i], l, dash, false);
    fig_begin_output(f);
    gp_skip_note(c, f, like, "seq_len", 0);
    for (size_t i = 0; i < l->n; i++) {
        char t[320];
        snprintf(t, sizeof t, "%s%s", prefix, l->s[i].label);
        fig_elem(f, i == 0, fig_block(f, &l->s[i]), using_, with, ls[i], t);
    }
    free(ls);
    return 0;
}

/* A reference line or curve y = expr in the plot command, in the key as t. */
static void ref_line(FILE *f, bool first, const char *expr, const char *color, int dt,
                     const char *t) {
    fprintf(f, "%s%s with lines lc rgb \"%s\" lw 1.5 dt %d title ",
            first ? "  plot " : ", \\\n    ", expr, color, dt);
    gp_str(f, t);
}

/* A series has a finite y (or y2) somewhere. */
static bool any_finite(const struct series *s, bool y2) {
    bool any = false;
    for (size_t k = 0; k < s->n; k++)
        any |= isfinite(y2 ? s->p[k].y2 : s->p[k].y);
    return any;
}

/* Pends each usable row with a positive col (y) or col2 (y2; NULL: none) at
 * its context length; the other value is NaN. */
static int pend_pair(const struct plot_ctx *c, struct pending *pd, const char *col,
                     const char *col2) {
    bool h1 = plot_has(c, col), h2 = col2 && plot_has(c, col2);
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double y = h1 ? num(c, r, col) : NAN, y2 = h2 ? num(c, r, col2) : NAN;
        if (!r->usable || !plot_pos(r->n) || (!plot_pos(y) && !plot_pos(y2)))
            continue;
        if (pend_add(pd, i, r->n, plot_pos(y) ? y : NAN, NAN, NAN, plot_pos(y2) ? y2 : NAN))
            return -1;
    }
    return 0;
}

/* ---- 1. latency ---- */

static int draw_latency(const struct plot_ctx *c, struct fig *f, const struct slist *l,
                        const void *arg) {
    (void)arg;
    double yl, yh;
    slist_yrange(l, false, &yl, &yh);
    seq_axes(c, f, l, "Latency vs context length", "median; bars: p20-p80", "time per call (ms)");
    gp_logy_range(f->gp, yl, yh, 20, "%g");
    gp_key(f, l->n, slist_maxlabel(l));
    if (series_plot(c, f, l, 0, NULL, "1:2:3:4", "yerrorlines", ""))
        return -1;
    fprintf(f->gp, "\n");
    return 0;
}

int fig_latency(struct plot_ctx *c) {
    const char *name = "latency";
    if (!plot_has(c, "median_ms"))
        return plot_not_made(c, name, "no median_ms column");
    struct pending pd = {0};
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double y = num(c, r, "median_ms");
        if (!r->usable || !plot_pos(y) || !plot_pos(r->n))
            continue;
        double lo = num(c, r, "p20_ms"), hi = num(c, r, "p80_ms");
        if (pend_add(&pd, i, r->n, y, plot_pos(lo) ? lo : y, plot_pos(hi) ? hi : y, NAN))
            return collect_oom(&pd);
    }
    return seq_fig(c, &pd, true, name, "median latency vs context length",
                   "no usable row with a median time", draw_latency, NULL);
}

/* ---- 2. speedup over the dense baseline ---- */

/* arg: bool[2], a dense-reference and a GQA-reference baseline was used */
static int draw_speedup(const struct plot_ctx *c, struct fig *f, const struct slist *l,
                        const void *arg) {
    const bool *used = arg;
    bool used_dense = used[0], used_fallback = used[1];
    double yl, yh;
    slist_yrange(l, false, &yl, &yh);
    if (yl > 1)
        yl = 1; /* keep break-even in view */
    if (yh < 1)
        yh = 1;
    const char *dense = attn_role_name(ATTN_F_DENSE_REF), *gref = attn_role_name(ATTN_F_GQA_REF);
    char over[96];
    if (used_dense && used_fallback)
        snprintf(over, sizeof over, "%s (%s where %s is absent)", dense, gref, dense);
    else
        snprintf(over, sizeof over, "%s", used_dense ? dense : gref);
    char sub[160];
    snprintf(sub, sizeof sub, "baseline: fastest %s of the same backend and point", over);
    char yl_text[96];
    snprintf(yl_text, sizeof yl_text, "speedup over %s (x)", used_dense ? dense : gref);
    seq_axes(c, f, l, "Speedup over dense attention", sub, yl_text);
    if (!gp_logy_range(f->gp, yl, yh, 4, "%gx"))
        fprintf(f->gp, "set yrange [0:%.9g]\n", yh * 1.1);
    else /* base 2: tics at 0.5x, 1x, 2x, 4x ... */
        fprintf(f->gp, "set logscale y 2\nset yrange [%.9g:%.9g]\n", yl / 1.3, yh * 1.3);
    gp_key(f, l->n + 1, slist_maxlabel(l));
    if (series_plot(c, f, l, 0, NULL, "1:2", "linespoints", ""))
        return -1;
    ref_line(f->gp, false, "1", "#000000", 2, "break-even (1x)");
    fprintf(f->gp, "\n");
    return 0;
}

int fig_speedup(struct plot_ctx *c) {
    const char *name = "speedup";
    if (!plot_has(c, "median_ms"))
        return plot_not_made(c, name, "no median_ms column");
    struct pending pd = {0};
    struct point_id *pid = point_ids(c);
    if (!pid)
        return collect_oom(&pd);
    bool used[2] = {false, false}; /* a dense-reference, a GQA-reference baseline */
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double t = num(c, r, "median_ms");
        if (!r->usable || !plot_pos(t) || !plot_pos(r->n) ||
            strcmp(r->method, attn_role_name(ATTN_F_DENSE_REF)) == 0)
            continue;
        /* the fastest flash of this backend and point, else the fastest gqa */
        double base = NAN;
        const char *bases[2] = {attn_role_name(ATTN_F_DENSE_REF), attn_role_name(ATTN_F_GQA_REF)};
        int which = -1;
        for (int b = 0; b < 2 && which < 0; b++) {
            for (size_t j = 0; j < c->nr; j++) {
                const struct prow *q = &c->r[j];
                double tq = num(c, q, "median_ms");
                if (!q->usable || q->est != r->est || strcmp(q->method, bases[b]) ||
                    strcmp(q->backend, r->backend) || !plot_pos(tq) || strcmp(pid[i].s, pid[j].s))
                    continue;
                if (!(tq >= base))
                    base = tq;
                which = b;
            }
        }
        if (which < 0 || (which == 1 && strcmp(r->method, bases[1]) == 0))
            continue;
        used[which] = true;
        if (pend_add(&pd, i, r->n, base / t, NAN, NAN, NAN)) {
            free(pid);
            return collect_oom(&pd);
        }
    }
    free(pid);
    return seq_fig(
        c, &pd, true, name, "speedup over the dense baseline vs context length",
        "no row has a dense-reference (or GQA-reference) baseline of the same backend and point",
        draw_speedup, used);
}

/* ---- 3. useful and dense-equivalent TFLOP/s; bandwidth ---- */

/* What the throughput figures draw: y from col, y2 from col2 (may be NULL). */
struct rate {
    const char *what, *col2, *ylab, *peak_unit, *sub, *lab1, *lab2;
    double peak;
};

static int draw_rate(const struct plot_ctx *c, struct fig *f, const struct slist *l,
                     const void *arg) {
    const struct rate *a = arg;
    const char *col2 = a->col2, *lab1 = a->lab1, *lab2 = a->lab2;
    double peak = a->peak;
    double yl, yh;
    slist_yrange(l, true, &yl, &yh);
    if (plot_pos(peak))
        yh = peak > yh ? peak : yh;
    seq_axes(c, f, l, a->what, a->sub, a->ylab);
    y_axis(f->gp, yl, yh, 20, "%g", 1.5, 1.1);
    /* does a series show two different figures? (dense methods: useful = dense-eq.) */
    bool *two = calloc(l->n, sizeof *two);
    int *ls = calloc(2 * l->n, sizeof *ls);
    if (!two || !ls) {
        free(two);
        free(ls);
        return -1;
    }
    size_t entries = plot_pos(peak);
    for (size_t i = 0; i < l->n; i++) {
        for (size_t k = 0; k < l->s[i].n; k++) {
            double y = l->s[i].p[k].y, y2 = l->s[i].p[k].y2;
            if (col2 && isfinite(y2) && (!isfinite(y) || fabs(y - y2) > 1e-6 * fabs(y2)))
                two[i] = true;
        }
        entries += 1 + two[i];
        ls[2 * i] = fig_style(f, &l->s[i], l, col2 ? 1 : 0, false);
        if (two[i])
            ls[2 * i + 1] = fig_style(f, &l->s[i], l, 2, true);
    }
    gp_key(f, entries, slist_maxlabel(l) + 12);
    fig_begin_output(f);
    gp_skip_note(c, f, NULL, "seq_len", 0);
    bool first = true;
    for (size_t i = 0; i < l->n; i++) {
        int b = fig_block(f, &l->s[i]);
        char t[320];
        if (any_finite(&l->s[i], false)) {
            if (!col2)
                snprintf(t, sizeof t, "%s", l->s[i].label);
            else if (two[i] || !any_finite(&l->s[i], true))
                snprintf(t, sizeof t, "%s %s", l->s[i].label, lab1);
            else
                snprintf(t, sizeof t, "%s (%s = %s)", l->s[i].label, lab1, lab2);
            fig_elem(f, first, b, "1:2", "linespoints", ls[2 * i], t);
            first = false;
        }
        if (two[i]) {
            snprintf(t, sizeof t, "%s %s", l->s[i].label, lab2);
            fig_elem(f, first, b, "1:5", "linespoints", ls[2 * i + 1], t);
            first = false;
        }
    }
    if (plot_pos(peak)) {
        char y[32], t[128];
        snprintf(y, sizeof y, "%.9g", peak);
        snprintf(t, sizeof t, "device peak (%g %s)", peak, a->peak_unit);
        ref_line(f->gp, first, y, "#000000", 4, t);
    }
    fprintf(f->gp, "\n");
    free(two);
    free(ls);
    return 0;
}

static int rate_fig(struct plot_ctx *c, const char *name, const char *what, const char *col,
                    const char *col2, const char *ylab, double peak, const char *peak_unit,
                    const char *sub, const char *lab1, const char *lab2) {
    char why[96];
    if (!plot_has(c, col) && !(col2 && plot_has(c, col2))) {
        snprintf(why, sizeof why, "no %s column", col);
        return plot_not_made(c, name, why);
    }
    struct pending pd = {0};
    if (pend_pair(c, &pd, col, col2))
        return collect_oom(&pd);
    const struct rate a = {what, col2, ylab, peak_unit, sub, lab1, lab2, peak};
    snprintf(why, sizeof why, "no usable row with %s", col);
    return seq_fig(c, &pd, true, name, what, why, draw_rate, &a);
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
        if (plot_pos(v)) {
            *which = *keys;
            return v;
        }
    }
    return NAN;
}

static int draw_memory(const struct plot_ctx *c, struct fig *f, const struct slist *l,
                       const void *arg) {
    (void)arg;
    static const char *const host_keys[] = {"mem_limit", "limits.memory", "mem_limit_bytes", NULL};
    static const char *const dev_keys[] = {"dev_mem_limit", "limits.device_memory",
                                           "gpu.mem_total", "gpu.memory_bytes",
                                           "gpu.mem_bytes", NULL};
    const char *hk = NULL, *dk = NULL;
    double hlim = c->meta ? first_num(c->meta, host_keys, &hk) : NAN;
    double dlim = c->meta ? first_num(c->meta, dev_keys, &dk) : NAN;
    double yl, yh;
    slist_yrange(l, true, &yl, &yh);
    yh = plot_pos(hlim) && hlim > yh ? hlim : yh;
    yh = plot_pos(dlim) && dlim > yh ? dlim : yh;
    seq_axes(
        c, f, l, "Memory vs context length",
        "mem_model: every buffer allocated (solid, filled);  mem_peak: measured (dashed, open)",
        "bytes");
    y_axis(f->gp, yl, yh, 20, "%.0s %cB", 2, 0);
    int *ls = calloc(2 * l->n, sizeof *ls);
    if (!ls)
        return -1;
    size_t entries = (size_t)plot_pos(hlim) + (size_t)plot_pos(dlim);
    for (size_t i = 0; i < l->n; i++) {
        ls[2 * i] = fig_style(f, &l->s[i], l, 1, false);
        ls[2 * i + 1] = fig_style(f, &l->s[i], l, 2, true);
        entries += 2;
    }
    gp_key(f, entries, slist_maxlabel(l) + 6);
    fig_begin_output(f);
    gp_skip_note(c, f, NULL, "seq_len", 0);
    bool first = true;
    for (size_t i = 0; i < l->n; i++) {
        int b = fig_block(f, &l->s[i]);
        char t[320];
        if (any_finite(&l->s[i], false)) {
            snprintf(t, sizeof t, "%s model", l->s[i].label);
            fig_elem(f, first, b, "1:2", "linespoints", ls[2 * i], t);
            first = false;
        }
        if (any_finite(&l->s[i], true)) {
            snprintf(t, sizeof t, "%s peak", l->s[i].label);
            fig_elem(f, first, b, "1:5", "linespoints", ls[2 * i + 1], t);
            first = false;
        }
    }
    double lims[2] = {hlim, dlim};
    const char *names[2] = {"host memory limit", "device memory limit"};
    for (int k = 0; k < 2; k++) {
        if (!plot_pos(lims[k]))
            continue;
        char y[32], t[128], b[32];
        fmt_bytes(b, sizeof b, lims[k]);
        snprintf(t, sizeof t, "%s (%s)",
                 k == 1 && strncmp(dk, "gpu.", 4) == 0 ? "GPU memory" : names[k], b);
        snprintf(y, sizeof y, "%.9g", lims[k]);
        ref_line(f->gp, first, y, k ? "#000000" : "#666666", 4, t);
        first = false;
    }
    fprintf(f->gp, "\n");
    free(ls);
    return 0;
}

int fig_memory(struct plot_ctx *c) {
    const char *name = "memory";
    if (!plot_has(c, "mem_model") && !plot_has(c, "mem_peak"))
        return plot_not_made(c, name, "no mem_model or mem_peak column");
    struct pending pd = {0};
    if (pend_pair(c, &pd, "mem_model", "mem_peak"))
        return collect_oom(&pd);
    return seq_fig(c, &pd, true, name, "memory vs context length",
                   "no usable row with mem_model or mem_peak", draw_memory, NULL);
}

/* ---- 5. selection quality: plot_recall.c ---- */

/* ---- 6. stage breakdown (every method that times its stages) ---- */

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

/* arg: bool[4], which stage columns the CSV has */
static int draw_stages(const struct plot_ctx *c, struct fig *f, const struct slist *l,
                       const void *arg) {
    const bool *hs = arg;
    size_t bars = 0;
    for (size_t i = 0; i < l->n; i++)
        bars += l->s[i].n;
    f->w_in = bars > 8 ? 6 + 0.35 * (double)(bars - 8) : 6;
    gp_fig_title(c, f->gp, "set title ", "Stage breakdown",
                 "share of the summed stage medians; under each bar: N and that sum");
    gp_label(f->gp, "y", "share of stage time (%)");
    fprintf(f->gp, "set style data histograms\nset style histogram rowstacked\n"
                   "set style fill solid 0.9 border rgb \"#333333\"\nset boxwidth 0.7\n"
                   "set yrange [0:100]\nset xtics nomirror scale 0\nunset grid\n"
                   "set grid ytics lc rgb \"#dddddd\"\n"
                   "set key outside right top vertical Left reverse noautotitle\n");
    /* the .dat of this figure has its own columns */
    fprintf(f->dat, "# stage blocks: x \"tick label\" index%% topk%% attn%% combine%% "
                    "sum_ms index_ms topk_ms attn_ms combine_ms\n");
    for (size_t i = 0; i < l->n; i++) {
        fprintf(f->dat, "%s# ", i ? "\n\n" : "");
        gp_comment_text(f->dat, l->s[i].label);
        fputc('\n', f->dat);
        for (size_t k = 0; k < l->s[i].n; k++) {
            const struct spt *p = &l->s[i].p[k];
            double v[4] = {p->y, p->lo, p->hi, p->y2}, sum = 0;
            for (int j = 0; j < 4; j++)
                sum += isfinite(v[j]) ? v[j] : 0;
            char n[32], tl[80], tm[32];
            fmt_tokens(n, sizeof n, p->x);
            fmt_ms(tm, sizeof tm, sum);
            snprintf(tl, sizeof tl, "%s\\n%s", n, tm);
            fprintf(f->dat, "%.9g \"%s\"", p->x, tl);
            for (int j = 0; j < 4; j++)
                fprintf(f->dat, " %.6g", sum > 0 && isfinite(v[j]) ? 100 * v[j] / sum : 0.0);
            fprintf(f->dat, " %.9g", sum);
            for (int j = 0; j < 4; j++)
                fprintf(f->dat, isfinite(v[j]) ? " %.9g" : " NaN", v[j]);
            fputc('\n', f->dat);
        }
        f->nblocks++;
    }
    fig_begin_output(f);
    gp_skip_note(c, f, l, "seq_len", 3);
    for (size_t i = 0; i < l->n; i++) {
        fprintf(f->gp, "%snewhistogram ", i ? ", \\\n    " : "  plot ");
        gp_str(f->gp, l->s[i].label);
        fprintf(f->gp, " offset 0,-1.6");
        bool tics = false;
        for (int k = 0; k < 4; k++) {
            if (!hs[k])
                continue;
            fprintf(f->gp, ", \\\n    '%s.dat' index %zu using %d%s lc rgb \"%s\" ", f->name, i,
                    3 + k, tics ? "" : ":xtic(2)", stage_colors[k]);
            tics = true;
            gp_title(f->gp, i == 0 ? stage_names[k] : NULL);
        }
    }
    fprintf(f->gp, "\n");
    return 0;
}

int fig_stages(struct plot_ctx *c) {
    const char *name = "stages";
    bool hs[4], any_col = false;
    for (int k = 0; k < 4; k++)
        any_col |= hs[k] = plot_has(c, stage_cols[k]);
    if (!any_col)
        return plot_not_made(c, name,
                             "no t_index_ms / t_topk_ms / t_attn_ms / t_combine_ms column");
    /* y = index, lo = topk, hi = attn, y2 = combine (ms; NaN = not timed) */
    struct pending pd = {0};
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double v[4];
        bool any = false;
        for (int k = 0; k < 4; k++) {
            v[k] = hs[k] ? num(c, r, stage_cols[k]) : NAN;
            any |= isfinite(v[k]) && v[k] >= 0;
        }
        if (!r->usable || !plot_pos(r->n) || !any)
            continue;
        if (pend_add(&pd, i, r->n, v[0], v[1], v[2], v[3]))
            return collect_oom(&pd);
    }
    return seq_fig(c, &pd, true, name, "Stage breakdown by context length",
                   "no usable row with stage times", draw_stages, hs);
}

/* ---- 7. FLOP ratio GQA / MSA: counted vs the paper's eq. 12 ---- */

double plot_eq12_ratio(double hq, double hkv, double d, double d_idx, double k, double bk,
                       double n) {
    return model_paper_ratio(n, hq, hkv, d, d_idx, k, bk); /* one formula: model.c */
}

struct eq12cfg {
    double hq, hkv, d, didx, k, bk;
};
/* What the figure draws beside the counted points. */
struct eq12 {
    struct eq12cfg cfg[8]; /* the distinct msa configurations (eq. 12 curves) */
    size_t ncfg;
    bool own_dense; /* some ratio is the msa row's own flops_dense */
};

static int draw_flop_ratio(const struct plot_ctx *c, struct fig *f, const struct slist *l,
                           const void *arg) {
    const struct eq12 *e = arg;
    double yl, yh;
    slist_yrange(l, true, &yl, &yh);
    seq_axes(c, f, l, "FLOP ratio F_GQA / F_MSA (prefill)",
             e->own_dense
                 ? "points: counted (dense FLOPs / MSA FLOPs);  lines: paper eq. 12 per token"
                 : "points: counted (GQA flops_dense / MSA flops);  lines: paper eq. 12 per "
                   "token",
             "F_GQA / F_MSA");
    y_axis(f->gp, yl, yh, 30, "%gx", 1.5, 1.15);
    fprintf(f->gp, "set samples 400\n");
    for (size_t k = 0; k < e->ncfg; k++)
        fprintf(f->gp, "eq12_%zu(x) = 2.0*%.9g*%.9g*x / (%.9g*%.9g*x + 4.0*%.9g*%.9g*%.9g*%.9g)\n",
                k, e->cfg[k].hq, e->cfg[k].d, e->cfg[k].hkv, e->cfg[k].didx, e->cfg[k].hq,
                e->cfg[k].d, e->cfg[k].k, e->cfg[k].bk);
    gp_key(f, l->n + e->ncfg, e->ncfg ? 52 : slist_maxlabel(l) + 9);
    fprintf(f->dat, "# y = counted ratio, y2 = eq. 12 at the row's configuration\n");
    if (series_plot(c, f, l, 1, l, "1:2", "points", "counted: "))
        return -1;
    static const char *const eq_colors[4] = {"#000000", "#555555", "#8c564b", "#17becf"};
    for (size_t k = 0; k < e->ncfg; k++) {
        char y[32], t[256];
        snprintf(t, sizeof t, "eq. 12: Hq=%g Hkv=%g d=%g d_idx=%g k=%g Bk=%g", e->cfg[k].hq,
                 e->cfg[k].hkv, e->cfg[k].d, e->cfg[k].didx, e->cfg[k].k, e->cfg[k].bk);
        snprintf(y, sizeof y, "eq12_%zu(x)", k);
        ref_line(f->gp, false, y, eq_colors[k % 4], (int)(k % 3 + 2), t);
    }
    fprintf(f->gp, "\n");
    return 0;
}

int fig_flop_ratio(struct plot_ctx *c) {
    const char *name = "flop_ratio";
    if (!plot_has(c, "flops"))
        return plot_not_made(c, name, "no flops column");
    static const char *const cfg_cols[6] = {"heads_q",   "heads_kv", "head_dim",
                                            "index_dim", "topk",     "block_size"};
    bool have_cfg = true;
    for (int k = 0; k < 6; k++)
        have_cfg &= plot_has(c, cfg_cols[k]);
    struct pending pd = {0};
    struct eq12 e = {0};
    struct point_id *pid = point_ids(c);
    if (!pid)
        return collect_oom(&pd);
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        double fm = num(c, r, "flops");
        /* eq. 12 is the prefill count; decode rows would be a different ratio */
        if (!r->usable || strcmp(r->method, attn_role_name(ATTN_F_FIT_INDEX)) || !plot_pos(fm) ||
            !plot_pos(r->n) || strcmp(r->mode, "decode") == 0)
            continue;
        /* numerator: flops_dense (else flops) of a gqa row at the same point */
        double fg = NAN;
        for (size_t j = 0; j < c->nr && !plot_pos(fg); j++) {
            const struct prow *q = &c->r[j];
            if (!q->usable || strcmp(q->method, attn_role_name(ATTN_F_GQA_REF)) ||
                strcmp(pid[i].s, pid[j].s))
                continue;
            fg = num(c, q, "flops_dense");
            if (!plot_pos(fg))
                fg = num(c, q, "flops");
        }
        if (!plot_pos(fg)) { /* no gqa row: the msa row's own dense count is the same figure */
            fg = num(c, r, "flops_dense");
            e.own_dense |= plot_pos(fg);
        }
        if (!plot_pos(fg))
            continue;
        double e12 = NAN;
        if (have_cfg) {
            struct eq12cfg g;
            double *gv[6] = {&g.hq, &g.hkv, &g.d, &g.didx, &g.k, &g.bk};
            bool ok = true;
            for (int k = 0; k < 6; k++)
                ok &= plot_pos(*gv[k] = num(c, r, cfg_cols[k]));
            if (ok) {
                e12 = plot_eq12_ratio(g.hq, g.hkv, g.d, g.didx, g.k, g.bk, r->n);
                bool seen = false;
                for (size_t k = 0; k < e.ncfg && !seen; k++)
                    seen = memcmp(&e.cfg[k], &g, sizeof g) == 0;
                if (!seen && e.ncfg < sizeof e.cfg / sizeof *e.cfg)
                    e.cfg[e.ncfg++] = g;
            }
        }
        if (pend_add(&pd, i, r->n, fg / fm, NAN, NAN, e12)) {
            free(pid);
            return collect_oom(&pd);
        }
    }
    free(pid);
    return seq_fig(c, &pd, false, name, "FLOP ratio GQA/MSA: counted vs eq. 12",
                   "no usable prefill row of the method under study with flops and a dense count",
                   draw_flop_ratio, &e);
}
