/* plot_data.c - what every figure shares: series grouped from rows, one
 * fixed style per method, gnuplot script fragments, the skipped-rows note. */
#include "plot_int.h"

#include "fmt.h"
#include "method.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---- */

bool plot_pos(double x) {
    return x > 0 && isfinite(x);
}

bool plot_has(const struct plot_ctx *c, const char *col) {
    return csv_col(c->t, col) >= 0;
}

void plot_cat(char *dst, size_t n, const char *s) {
    size_t l = strlen(dst);
    if (l + 1 < n)
        snprintf(dst + l, n - l, "%s", s);
}

int plot_not_made(struct plot_ctx *c, const char *fig, const char *why) {
    if (c->log)
        fprintf(c->log, "plot: %s: not made (%s)\n", fig, why);
    return 1;
}

/* ---- styles: one color and point type per method, in every figure ---- */

struct mstyle {
    const char *method;
    char color[8];
    int pt; /* filled point type; pt - 1 is the open one */
};
static const struct mstyle other_styles[] = {
    {"", "#8c564b", 5}, {"", "#e377c2", 7}, {"", "#17becf", 9}, {"", "#bcbd22", 13}};

/* The declared style of a method (method.h plot_style: "lc rgb '#rrggbb' pt N"). */
static bool declared_style(const char *method, struct mstyle *out) {
    const struct attn_method *m = attn_method_find(method);
    const char *hash = m && m->plot_style ? strchr(m->plot_style, '#') : NULL;
    const char *pt = m && m->plot_style ? strstr(m->plot_style, "pt ") : NULL;
    if (!hash || strspn(hash + 1, "0123456789abcdefABCDEF") < 6 || !pt || atoi(pt + 3) < 2)
        return false;
    *out = (struct mstyle){.method = m->name, .pt = atoi(pt + 3)};
    memcpy(out->color, hash, 7);
    out->color[7] = '\0';
    return true;
}

static struct mstyle style_of(const char *method) {
    struct mstyle ms;
    if (declared_style(method, &ms))
        return ms;
    unsigned h = 5381; /* stable across runs: the same unknown method keeps its color */
    for (const char *p = method; *p; p++)
        h = h * 33 + (unsigned char)*p;
    return other_styles[h % (sizeof other_styles / sizeof *other_styles)];
}

static int backend_dash(const char *backend) {
    if (strcmp(backend, "cuda") == 0)
        return 1; /* solid: the numbers that matter */
    if (strcmp(backend, "cpu") == 0)
        return 2;
    if (strcmp(backend, "ref") == 0)
        return 3;
    return 4;
}

/* c mixed toward white (shade < 0) or black (shade > 0) by |shade|. */
static void mix_color(const char *hex, double shade, char out[8]) {
    unsigned v = (unsigned)strtoul(hex + 1, NULL, 16);
    int rgb[3] = {(int)(v >> 16 & 255), (int)(v >> 8 & 255), (int)(v & 255)};
    double a = fabs(shade) > 1 ? 1 : fabs(shade);
    for (int i = 0; i < 3; i++)
        rgb[i] = (int)lround(shade < 0 ? rgb[i] + (255 - rgb[i]) * a : rgb[i] * (1 - a));
    snprintf(out, 8, "#%02x%02x%02x", rgb[0] & 255, rgb[1] & 255, rgb[2] & 255);
}

int fig_style_shaded(struct fig *f, const struct series *s, const struct slist *all,
                     int dash_override, bool open_points, double shade) {
    struct mstyle ms = style_of(s->method);
    int dup = 0; /* earlier series of the same method, backend and tag in this figure */
    for (size_t i = 0; i < all->n && &all->s[i] != s; i++)
        dup +=
            strcmp(all->s[i].method, s->method) == 0 &&
            strcmp(all->s[i].backend ? all->s[i].backend : "", s->backend ? s->backend : "") == 0 &&
            (isnan(s->tagv) ? isnan(all->s[i].tagv) : all->s[i].tagv == s->tagv);
    bool open = open_points || s->est || dup % 2 == 1;
    int dt = dash_override > 0 ? dash_override
                               : (backend_dash(s->backend ? s->backend : "") - 1 + dup / 2) % 5 + 1;
    int ls = ++f->nstyles;
    char color[8];
    mix_color(ms.color, shade, color);
    fprintf(f->gp, "set style line %d lc rgb \"%s\" lw 2 dt %d pt %d\n", ls, color, dt,
            open ? ms.pt - 1 : ms.pt);
    return ls;
}

int fig_style(struct fig *f, const struct series *s, const struct slist *all, int dash_override,
              bool open_points) {
    return fig_style_shaded(f, s, all, dash_override, open_points, 0);
}

/* ---- which parameters name a series ---- */

struct param {
    const char *col, *label;
    const char *methods; /* "knob": matters to the methods that read it; NULL = to all */
};
static const struct param params[] = {
    {"batch", "B", NULL},
    {"heads_q", "Hq", NULL},
    {"heads_kv", "Hkv", NULL},
    {"head_dim", "d", NULL},
    {"index_dim", "d_idx", "knob"},
    {"block_size", "Bk", "knob"},
    {"topk", "k", "knob"},
    {"bb_window", "w", "knob"},
    {"bb_global", "g", "knob"},
    {"bb_random", "r", "knob"},
    {"pf_features", "m", "knob"},
    {"pf_chunk", "chunk", "knob"},
    {"causal", "causal", NULL},
    {"q_len", "q", NULL}, /* decode only: in prefill it equals seq_len */
    {"seq_len", "N", NULL},
    {"dtype", "", NULL},
    {"data", "", NULL},
    {"index_noise", "noise", "knob"},
};
#define NPARAM (sizeof params / sizeof *params)

/* A knob matters to the methods that read it (their knob tables); index_dim and
 * index_noise to those reading the index inputs (ATTN_F_INDEX). */
static bool param_matters(const struct param *p, const char *method) {
    if (!p->methods)
        return true;
    const struct attn_method *m = attn_method_find(method);
    if (!m)
        return true; /* a method we know nothing about: every parameter may matter */
    if (!strcmp(p->col, "index_dim") || !strcmp(p->col, "index_noise"))
        return (m->flags & ATTN_F_INDEX) != 0;
    return attn_method_knob(m, p->col) != NULL;
}

static const char *param_value(const struct plot_ctx *c, const struct prow *r,
                               const struct param *p) {
    if (strcmp(p->col, "q_len") == 0 && strcmp(r->mode, "decode") != 0)
        return "";
    return csv_get(c->t, r->row, p->col);
}

static bool same_group(const struct prow *a, const struct prow *b, bool with_impl) {
    return strcmp(a->method, b->method) == 0 &&
           (!with_impl ||
            (strcmp(a->backend, b->backend) == 0 && strcmp(a->variant, b->variant) == 0));
}

/* Bit i set when params[i] takes more than one value among the figure's rows
 * of r's group (method, and backend/variant when with_impl). */
static unsigned varying_params(const struct plot_ctx *c, const struct pending *pd,
                               const struct prow *r, const char *x_col, const char *skip,
                               bool with_impl) {
    unsigned mask = 0;
    for (size_t i = 0; i < NPARAM; i++) {
        const struct param *p = &params[i];
        char pat[40];
        snprintf(pat, sizeof pat, " %s ", p->col);
        if (strcmp(p->col, x_col) == 0 || (skip && strstr(skip, pat)) ||
            csv_col(c->t, p->col) < 0 || !param_matters(p, r->method) ||
            (!with_impl && strcmp(p->col, "dtype") == 0))
            continue; /* counted figures do not depend on the element type */
        const char *first = NULL;
        for (size_t k = 0; k < pd->n; k++) {
            const struct prow *q = &c->r[pd->ri[k]];
            if (!same_group(q, r, with_impl))
                continue;
            const char *v = param_value(c, q, p);
            if (!v[0])
                continue; /* not applicable to this row (q_len in prefill) */
            if (!first) {
                first = v;
            } else if (strcmp(first, v) != 0) {
                mask |= 1u << i;
                break;
            }
        }
    }
    return mask;
}

void series_id(const struct plot_ctx *c, const struct prow *r, unsigned vary, bool with_impl,
               char *id, size_t idn, char *label, size_t labeln) {
    char tmp[256];
    if (with_impl)
        snprintf(label, labeln, "%s/%s/%s", r->method, r->backend, r->variant);
    else
        snprintf(label, labeln, "%s", r->method);
    snprintf(id, idn, "%s", label);
    if (c->both_modes) {
        snprintf(tmp, sizeof tmp, " %s", r->mode);
        plot_cat(label, labeln, tmp);
    }
    snprintf(tmp, sizeof tmp, "|%s", r->mode);
    plot_cat(id, idn, tmp);
    for (size_t i = 0; i < NPARAM; i++) {
        const struct param *p = &params[i];
        if (!(vary >> i & 1))
            continue;
        const char *v = param_value(c, r, p);
        char val[64];
        if (!v[0]) {
            snprintf(tmp, sizeof tmp, "|%s=", p->col); /* apart from rows that have it */
            plot_cat(id, idn, tmp);
            continue;
        }
        if (strcmp(p->col, "seq_len") == 0 || strcmp(p->col, "q_len") == 0)
            fmt_tokens(val, sizeof val, strtod(v, NULL));
        else
            snprintf(val, sizeof val, "%s", v);
        if (strcmp(p->col, "causal") == 0)
            snprintf(tmp, sizeof tmp, " %s", strcmp(v, "0") ? "causal" : "non-causal");
        else if (p->label[0])
            snprintf(tmp, sizeof tmp, " %s=%s", p->label, val);
        else
            snprintf(tmp, sizeof tmp, " %s", val);
        plot_cat(label, labeln, tmp);
        plot_cat(id, idn, tmp);
    }
    if (r->est) {
        plot_cat(label, labeln, " (est.)");
        plot_cat(id, idn, "|est");
    }
}

int pend_add(struct pending *pd, size_t ri, double x, double y, double lo, double hi, double y2) {
    if (pd->n == pd->cap) {
        size_t cap = pd->cap ? 2 * pd->cap : 64;
        size_t *r = realloc(pd->ri, cap * sizeof *r);
        if (!r)
            return -1;
        pd->ri = r;
        struct spt *q = realloc(pd->p, cap * sizeof *q);
        if (!q)
            return -1;
        pd->p = q;
        pd->cap = cap;
    }
    pd->ri[pd->n] = ri;
    pd->p[pd->n++] = (struct spt){x, y, lo, hi, y2, ri};
    return 0;
}

void pend_free(struct pending *pd) {
    free(pd->ri);
    free(pd->p);
    memset(pd, 0, sizeof *pd);
}

static struct series *slist_find(struct slist *l, const char *id, const char *label,
                                 const struct prow *r, bool with_impl) {
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->s[i].id, id) == 0)
            return &l->s[i];
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        struct series *s = realloc(l->s, cap * sizeof *s);
        if (!s)
            return NULL;
        l->s = s;
        l->cap = cap;
    }
    struct series *s = &l->s[l->n++];
    memset(s, 0, sizeof *s);
    snprintf(s->id, sizeof s->id, "%s", id);
    snprintf(s->label, sizeof s->label, "%s", label);
    s->method = r->method;
    s->backend = with_impl ? r->backend : NULL;
    s->est = r->est;
    s->tagv = NAN;
    return s;
}

int pend_group_tagged(const struct plot_ctx *c, struct pending *pd, const char *x_col,
                      const char *skip, const struct ptag *tags, bool with_impl,
                      struct slist *out) {
    int rc = -1;
    unsigned *vary = malloc((pd->n + 1) * sizeof *vary);
    if (!vary)
        goto done;
    /* the varying parameters of each row's group, computed once per group */
    for (size_t k = 0; k < pd->n; k++) {
        const struct prow *r = &c->r[pd->ri[k]];
        size_t j = 0;
        while (j < k && !same_group(&c->r[pd->ri[j]], r, with_impl))
            j++;
        vary[k] = j < k ? vary[j] : varying_params(c, pd, r, x_col, skip, with_impl);
    }
    for (size_t k = 0; k < pd->n; k++) {
        const struct prow *r = &c->r[pd->ri[k]];
        char id[768], label[256];
        series_id(c, r, vary[k], with_impl, id, sizeof id, label, sizeof label);
        if (tags && tags[k].text[0]) { /* the tag goes before the "(est.)" mark */
            char *est = strstr(label, " (est.)");
            if (est)
                *est = '\0';
            plot_cat(label, sizeof label, "  ");
            plot_cat(label, sizeof label, tags[k].text);
            if (est)
                plot_cat(label, sizeof label, " (est.)");
            plot_cat(id, sizeof id, "|tag=");
            plot_cat(id, sizeof id, tags[k].text);
        }
        struct series *s = slist_find(out, id, label, r, with_impl);
        pd->p[k].ri = pd->ri[k];
        if (!s || series_add(s, pd->p[k]))
            goto done;
        if (tags)
            s->tagv = tags[k].v;
    }
    slist_finish(out);
    rc = 0;
done:
    free(vary);
    pend_free(pd);
    if (rc)
        attn_set_error("out of memory");
    return rc;
}

int pend_group(const struct plot_ctx *c, struct pending *pd, const char *x_col, bool with_impl,
               struct slist *out) {
    return pend_group_tagged(c, pd, x_col, NULL, NULL, with_impl, out);
}

int series_add(struct series *s, struct spt p) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct spt *q = realloc(s->p, cap * sizeof *q);
        if (!q)
            return -1;
        s->p = q;
        s->cap = cap;
    }
    s->p[s->n++] = p;
    return 0;
}

static int cmp_spt(const void *a, const void *b) {
    double x = ((const struct spt *)a)->x, y = ((const struct spt *)b)->x;
    return x < y ? -1 : x > y;
}

void slist_finish(struct slist *l) {
    for (size_t i = 0; i < l->n; i++) {
        struct series *s = &l->s[i];
        /* insertion sort: stable, so the first row of each x wins; series are short */
        size_t n = s->n;
        for (size_t a = 1; a < n; a++) {
            struct spt v = s->p[a];
            size_t b = a;
            while (b > 0 && cmp_spt(&s->p[b - 1], &v) > 0) {
                s->p[b] = s->p[b - 1];
                b--;
            }
            s->p[b] = v;
        }
        size_t w = 0;
        for (size_t k = 0; k < n; k++)
            if (w == 0 || s->p[k].x != s->p[w - 1].x)
                s->p[w++] = s->p[k];
        s->n = w;
    }
}

void slist_free(struct slist *l) {
    for (size_t i = 0; i < l->n; i++)
        free(l->s[i].p);
    free(l->s);
    memset(l, 0, sizeof *l);
}

/* ---- script fragments ---- */

/* Text from data files, file names and meta.json reaches the script only as
 * gnuplot single-quoted strings: gnuplot substitutes `backquotes` and @macros
 * in double-quoted ones but nothing in single-quoted ones, where '' is a
 * quote.  A newline becomes the expression 'a'."\n".'b'; other control
 * characters become spaces, so no string can end its line. */
void gp_str(FILE *f, const char *s) {
    fputc('\'', f);
    for (; *s; s++) {
        const unsigned char ch = (unsigned char)*s;
        if (ch == '\'')
            fputs("''", f);
        else if (ch == '\n')
            fputs("'.\"\\n\".'", f);
        else if (ch < 0x20 || ch == 0x7f)
            fputc(' ', f);
        else
            fputc(ch, f);
    }
    fputc('\'', f);
}

/* For a comment line (# ...) of a .gp or .dat: one line, nothing else. */
void gp_comment_text(FILE *f, const char *s) {
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
}

void gp_title(FILE *f, const char *t) {
    if (t) {
        fprintf(f, "title ");
        gp_str(f, t);
    } else {
        fprintf(f, "notitle");
    }
}

void gp_fig_title(const struct plot_ctx *c, FILE *f, const char *cmd, const char *what,
                  const char *sub) {
    char t[768];
    snprintf(t, sizeof t, "%s%s%s%s%s", what, c->device[0] ? "  -  " : "", c->device,
             sub ? "\n" : "", sub ? sub : "");
    fputs(cmd, f);
    gp_str(f, t);
    fputc('\n', f);
}

void gp_label(FILE *f, const char *axis, const char *text) {
    fprintf(f, "set %slabel ", axis);
    gp_str(f, text);
    fputc('\n', f);
}

void fig_elem(struct fig *g, bool first, int block, const char *using_, const char *with, int ls,
              const char *t) {
    fprintf(g->gp, "%s'%s.dat' index %d using %s with %s ls %d ", first ? "  plot " : ", \\\n    ",
            g->name, block, using_, with, ls);
    gp_title(g->gp, t);
}

void gp_note_label(FILE *f, const char *text, int lines) {
    fprintf(f, "  set label 900 ");
    gp_str(f, text);
    fprintf(f,
            " at screen 0.01, screen 0.01 left front textcolor rgb \"#555555\" font small "
            "offset 0,%d\n",
            lines);
}

int fig_open(struct plot_ctx *c, struct fig *f, const char *name, const char *what) {
    char path[4200];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    f->w_in = 6;
    f->h_in = 4;
    snprintf(path, sizeof path, "%s/%s.gp", c->outdir, name);
    f->gp = fopen(path, "w");
    if (!f->gp) {
        attn_set_error("cannot write %s", path);
        return -1;
    }
    snprintf(path, sizeof path, "%s/%s.dat", c->outdir, name);
    f->dat = fopen(path, "w");
    if (!f->dat) {
        fclose(f->gp);
        attn_set_error("cannot write %s", path);
        return -1;
    }
    fprintf(f->gp, "# %s.gp - %s\n# Written by `msabench plot` from ", name, what);
    gp_comment_text(f->gp, c->csv_path);
    fprintf(f->gp,
            "; the data is %s.dat beside this file.\n"
            "# Rebuild in this directory: gnuplot %s.gp   (or gnuplot -e 'fmts=\"png\"' %s.gp)\n"
            "if (!exists(\"fmts\")) fmts = ",
            name, name, name);
    gp_str(f->gp, c->fmts);
    fprintf(f->gp, "\nreset\nset encoding utf8\nset grid xtics ytics lc rgb \"#dddddd\" lw 1\n"
                   "set border lw 1\nset tics nomirror out\nset border 3\n");
    fprintf(f->dat, "# %s.dat - data of %s.gp (%s), from ", name, name, what);
    gp_comment_text(f->dat, c->csv_path);
    fputc('\n', f->dat);
    fprintf(f->dat, "# blocks separated by two blank lines (gnuplot `index`), columns:\n"
                    "# x y y_low y_high y2\n");
    return 0;
}

void fig_begin_output(struct fig *f) {
    double w = f->w_in, h = f->h_in;
    /* the same figure on each terminal: pdf in points (lines and points
     * scaled down to print weight), png at 150 px/in, svg at 120 px/in */
    fprintf(f->gp,
            "do for [fmt in fmts] {\n"
            "  if (fmt eq \"pdf\") {\n"
            "    set terminal pdfcairo noenhanced color font \"Helvetica,9\" size %.2fin,%.2fin "
            "linewidth 0.6\n"
            "    set output \"%s.pdf\"; small = \",7\"; set pointsize 0.55\n  }\n"
            "  if (fmt eq \"png\") {\n"
            "    set terminal pngcairo noenhanced color font \"Helvetica,11\" size %d,%d "
            "linewidth 1\n"
            "    set output \"%s.png\"; small = \",9\"; set pointsize 1.1\n  }\n"
            "  if (fmt eq \"svg\") {\n"
            "    set terminal svg noenhanced font \"Helvetica,11\" size %d,%d dynamic "
            "background \"white\" linewidth 1\n"
            "    set output \"%s.svg\"; small = \",9\"; set pointsize 1\n  }\n",
            w, h, f->name, (int)(w * 150), (int)(h * 150), f->name, (int)(w * 120), (int)(h * 120),
            f->name);
}

int fig_close(struct plot_ctx *c, struct fig *f) {
    int rc = 0;
    fprintf(f->gp, "  set output\n}\n");
    if (ferror(f->gp) || ferror(f->dat))
        rc = -1;
    if (fclose(f->gp) != 0)
        rc = -1;
    if (fclose(f->dat) != 0)
        rc = -1;
    if (rc) {
        attn_set_error("writing %s/%s.gp or .dat failed", c->outdir, f->name);
        return -1;
    }
    if (c->nfigs < PLOT_MAX_FIGS)
        snprintf(c->figs[c->nfigs++], sizeof c->figs[0], "%s", f->name);
    return 0;
}

static void put_num(FILE *f, double x) {
    if (isfinite(x))
        fprintf(f, " %.9g", x);
    else
        fputs(" NaN", f);
}

int fig_block(struct fig *f, const struct series *s) {
    fprintf(f->dat, "%s# ", f->nblocks ? "\n\n" : "");
    gp_comment_text(f->dat, s->label);
    fputc('\n', f->dat);
    for (size_t i = 0; i < s->n; i++) {
        const struct spt *p = &s->p[i];
        fprintf(f->dat, "%.9g", p->x);
        put_num(f->dat, p->y);
        put_num(f->dat, p->lo);
        put_num(f->dat, p->hi);
        put_num(f->dat, p->y2);
        fputc('\n', f->dat);
    }
    return f->nblocks++;
}

static void pow2_tics(FILE *f, const char *axis, double lo, double hi, bool tokens) {
    if (!(lo > 0) || !(hi > 0)) {
        fprintf(f, "set autoscale %s\n", axis);
        return;
    }
    int p0 = (int)floor(log2(lo) + 1e-9), p1 = (int)ceil(log2(hi) - 1e-9);
    int step = (p1 - p0) / 12 + 1;
    double a = lo == hi ? lo / 2 : lo / 1.25, b = lo == hi ? hi * 2 : hi * 1.25;
    fprintf(f, "set logscale %s 2\nset %srange [%.9g:%.9g]\nunset m%stics\nset %stics (", axis,
            axis, a, b, axis, axis);
    for (int p = p0, first = 1; p <= p1; p += step, first = 0) {
        char lab[32];
        double v = ldexp(1.0, p);
        if (tokens)
            fmt_tokens(lab, sizeof lab, v);
        else
            snprintf(lab, sizeof lab, "%.0f", v);
        fprintf(f, "%s\"%s\" %.9g", first ? "" : ", ", lab, v);
    }
    fprintf(f, ")\n");
}

void gp_tokens_axis(FILE *f, const char *axis, double lo, double hi) {
    pow2_tics(f, axis, lo, hi, true);
}

void gp_pow2_axis(FILE *f, const char *axis, double lo, double hi) {
    pow2_tics(f, axis, lo, hi, false);
}

void slist_yrange(const struct slist *l, bool use_y2, double *lo, double *hi) {
    *lo = INFINITY;
    *hi = 0;
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = 0; k < l->s[i].n; k++) {
            double v[4] = {l->s[i].p[k].y, l->s[i].p[k].lo, l->s[i].p[k].hi,
                           use_y2 ? l->s[i].p[k].y2 : NAN};
            for (int j = 0; j < 4; j++)
                if (v[j] > 0 && isfinite(v[j])) {
                    *lo = v[j] < *lo ? v[j] : *lo;
                    *hi = v[j] > *hi ? v[j] : *hi;
                }
        }
}

void slist_xrange(const struct slist *l, double *lo, double *hi) {
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = 0; k < l->s[i].n; k++) {
            double x = l->s[i].p[k].x;
            *lo = x < *lo ? x : *lo;
            *hi = x > *hi ? x : *hi;
        }
}

bool gp_logy_range(FILE *f, double lo, double hi, double ratio, const char *format) {
    if (hi > 0 && isfinite(lo) && hi / lo > ratio) {
        fprintf(f, "set logscale y 10\nset format y \"%s\"\n", format);
        return true;
    }
    fprintf(f, "unset logscale y\nset yrange [0:*]\nset format y \"%s\"\n", format);
    return false;
}

size_t slist_maxlabel(const struct slist *l) {
    size_t m = 0;
    for (size_t i = 0; i < l->n; i++)
        m = strlen(l->s[i].label) > m ? strlen(l->s[i].label) : m;
    return m;
}

void gp_key(struct fig *f, size_t entries, size_t maxlen) {
    if (entries > 5) {
        /* right of the plot, on a canvas widened for it: the plot keeps its
         * width and the note under it stays clear (~0.07 in per character) */
        f->w_in += 0.5 + 0.068 * (double)maxlen;
        fprintf(f->gp, "set key outside right top vertical Left reverse noautotitle "
                       "spacing 1.1\n");
    } else {
        fprintf(f->gp, "set key inside top left Left reverse noautotitle spacing 1.1 "
                       "box lc rgb \"#cccccc\" opaque\n");
    }
}

#define NOTE_MAX_ITEMS 8

/* Does the bad row r resemble a row drawn in `like`? */
static bool note_matches(const struct plot_ctx *c, const struct slist *like, const char *x_col,
                         const struct prow *r) {
    const char *data = csv_get(c->t, r->row, "data");
    bool by_n = strcmp(x_col, "seq_len") != 0;
    for (size_t i = 0; i < like->n; i++)
        for (size_t k = 0; k < like->s[i].n; k++) {
            const struct prow *q = &c->r[like->s[i].p[k].ri];
            if (strcmp(q->method, r->method) == 0 && strcmp(q->mode, r->mode) == 0 &&
                strcmp(csv_get(c->t, q->row, "data"), data) == 0 && (!by_n || q->n == r->n))
                return true;
        }
    return false;
}

int gp_note_text(const struct plot_ctx *c, const struct slist *like, const char *x_col, char *text,
                 size_t textn) {
    char items[NOTE_MAX_ITEMS][160];
    size_t nitems = 0, more = 0;
    text[0] = '\0';
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        if (!r->bad)
            continue;
        if (like && !note_matches(c, like, x_col, r))
            continue;
        char n[32], reason[48], item[160];
        fmt_tokens(n, sizeof n, r->n);
        snprintf(reason, sizeof reason, "%s", r->reason[0] ? r->reason : "no reason given");
        if (strlen(r->reason) >= sizeof reason)
            memcpy(reason + sizeof reason - 4, "...", 4);
        for (char *p = reason; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        snprintf(item, sizeof item, "%s: %s %s N=%s%s%s (%s)", r->status, r->method, r->backend, n,
                 c->both_modes ? " " : "", c->both_modes ? r->mode : "", reason);
        bool dup = false;
        for (size_t k = 0; k < nitems && !dup; k++)
            dup = strcmp(items[k], item) == 0;
        if (dup)
            continue;
        if (nitems < NOTE_MAX_ITEMS)
            snprintf(items[nitems++], sizeof items[0], "%s", item);
        else
            more++;
    }
    int lines = 0;
    for (size_t k = 0; k < nitems; k++) { /* two items per line */
        plot_cat(text, textn, items[k]);
        if (k + 1 < nitems)
            plot_cat(text, textn, k % 2 == 1 ? "\n" : ";  ");
        lines += k % 2 == 0;
    }
    if (more) {
        char m[64];
        snprintf(m, sizeof m, "\n... and %zu more not drawn (see the CSV)", more);
        plot_cat(text, textn, m);
        lines++;
    }
    return lines;
}

int gp_skip_note(const struct plot_ctx *c, struct fig *f, const struct slist *like,
                 const char *x_col, int extra_bmargin) {
    char text[2048];
    int lines = gp_note_text(c, like, x_col, text, sizeof text);
    if (!lines) {
        if (extra_bmargin)
            fprintf(f->gp, "  set bmargin %d\n", 3 + extra_bmargin);
        return 0;
    }
    gp_note_label(f->gp, text, lines);
    fprintf(f->gp, "  set bmargin %d\n", lines + 5 + extra_bmargin);
    return lines;
}
