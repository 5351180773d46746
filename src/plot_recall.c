/* plot_recall.c - the selection-quality figures (SPEC §5): block recall,
 * score recall and mass coverage as three panels side by side, the legend
 * to their right.  A sweep of block size x top-k x index noise gives dozens
 * of lines, so the figures are cut the way a reader compares methods:
 *   recall_vs_block_size[_noiseV]  at equal budget k*Bk, one line per
 *                                  (method, budget) when Bk and k both vary
 *   recall_vs_budget[_noiseV]      x = k*Bk tokens, one line per (method, Bk)
 *   recall_vs_topk[_noiseV]        when k varies alone
 *   recall_vs_seq_len[_noiseV]     when N varies
 *   recall_vs_index_noise          x = noise, at one block size
 *   recall_by_layer[_noiseV]       real activations: the layer read from the
 *                                  q file's name in the key (L07, layer7)
 * One figure per index_noise value (suffix _noiseV) when it varies. */
#include "plot.h"
#include "plot_int.h"

#include "fmt.h"
#include "method.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const recall_cols[3] = {"block_recall", "score_recall", "mass_coverage"};
static const char *const recall_names[3] = {"block recall", "score recall", "mass coverage"};
static const char *const recall_defs[3] = {"|I* ∩ Î| / |I*|", "P(I* ∩ Î) / P(I*)",
                                           "P(Î): dense mass kept"};

enum rx { RX_BK, RX_K, RX_N, RX_NOISE, RX_BUDGET, RX_LAYER };
enum rtag { TAG_NONE, TAG_BUDGET, TAG_BK };

/* A usable row with a recall value, and what the figures read from it. */
struct rrow {
    size_t i; /* index into plot_ctx.r */
    double bk, k, budget, noise, n, layer;
};

/* One figure: which rows, what on x, what names a line. */
struct rspec {
    char name[64];
    const char *what;   /* title */
    const char *xlabel; /* x axis */
    const char *x_col;  /* the column on x ("" when x is not a column) */
    enum rx x;
    enum rtag tag;
    double noise;         /* keep this index_noise only (NaN: all) */
    int cover;            /* budgets k*Bk kept: 0 all, 1 up to N, 2 below N */
    double only_bk;       /* keep this block size only (NaN: all) */
    const double *budget; /* keep these budgets only (NULL: all) */
    size_t nbudget;
    char extra[96]; /* more subtitle */
};

/* The layer number in the q file's name (",q=NAME" at the end of a file-data
 * key): "layer7", "layer_07", "L07", "l7" as a word of the name; -1 if none. */
double plot_layer_of_key(const char *key) {
    const char *q = strstr(key, ",q=");
    if (!q)
        return -1;
    q += 3;
    for (const char *p = q; *p; p++) {
        const char *d = NULL;
        if (strncasecmp(p, "layer", 5) == 0) {
            d = p + 5;
            if (*d == '_' || *d == '-' || *d == '.')
                d++;
        } else if ((*p == 'L' || *p == 'l') && (p == q || !isalnum((unsigned char)p[-1]))) {
            d = p + 1;
        }
        if (!d || !isdigit((unsigned char)*d))
            continue;
        char *end;
        long v = strtol(d, &end, 10);
        if (!isalpha((unsigned char)*end)) /* "L07_q.npy" yes, "l2norm" no */
            return (double)v;
    }
    return -1;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The distinct finite values of v[0..n) sorted, into out (n long); returns the count. */
static size_t distinct(const double *v, size_t n, double *out) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            out[m++] = v[i];
    qsort(out, m, sizeof *out, cmp_double);
    size_t w = 0;
    for (size_t i = 0; i < m; i++)
        if (w == 0 || out[i] != out[w - 1])
            out[w++] = out[i];
    return w;
}

static bool keep(const struct rspec *sp, const struct rrow *r) {
    if (!isnan(sp->noise) && r->noise != sp->noise)
        return false;
    if (!isnan(sp->only_bk) && r->bk != sp->only_bk)
        return false;
    /* a budget of N or more attends to everything: recall 1 by construction */
    if ((sp->cover == 1 && r->budget > r->n) || (sp->cover == 2 && r->budget >= r->n))
        return false;
    if (sp->budget) {
        bool in = false;
        for (size_t b = 0; b < sp->nbudget && !in; b++)
            in = r->budget == sp->budget[b];
        if (!in)
            return false;
    }
    return true;
}

static double xval(const struct rspec *sp, const struct rrow *r) {
    switch (sp->x) {
    case RX_BK:
        return r->bk;
    case RX_K:
        return r->k;
    case RX_N:
        return r->n;
    case RX_NOISE:
        return r->noise;
    case RX_BUDGET:
        return r->budget;
    case RX_LAYER:
        return r->layer >= 0 ? r->layer : NAN;
    }
    return NAN;
}

/* MSA first, then the other methods by name, then implementation, then tag. */
static int cmp_series(const void *a, const void *b) {
    const struct series *x = a, *y = b;
    const char *study = attn_role_name(ATTN_F_FIT_INDEX); /* the method under study (msa) */
    bool mx = strcmp(x->method, study) == 0, my = strcmp(y->method, study) == 0;
    if (mx != my)
        return mx ? -1 : 1;
    int d = strcmp(x->method, y->method);
    if (d)
        return d;
    if (x->tagv != y->tagv && !isnan(x->tagv) && !isnan(y->tagv))
        return x->tagv < y->tagv ? -1 : 1;
    return strcmp(x->label, y->label);
}

/* A value that is the same in every row of the figure, or NULL. */
static const char *constant(const struct plot_ctx *c, const struct slist *l, const char *col) {
    if (!plot_has(c, col))
        return NULL;
    const char *v = NULL;
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = 0; k < l->s[i].n; k++) {
            const char *w = csv_get(c->t, c->r[l->s[i].p[k].ri].row, col);
            if (!v)
                v = w;
            else if (strcmp(v, w) != 0)
                return NULL;
        }
    return v && v[0] ? v : NULL;
}

/* The fixed shape of the figure's rows, for the subtitle. */
static void subtitle(const struct plot_ctx *c, const struct rspec *sp, const struct slist *l,
                     char *buf, size_t n) {
    char t[96];
    const char *v;
    buf[0] = '\0';
    if (sp->x != RX_N && (v = constant(c, l, "seq_len"))) {
        fmt_tokens(t, sizeof t, strtod(v, NULL));
        plot_cat(buf, n, "N=");
        plot_cat(buf, n, t);
    }
    static const char *const shape[][2] = {
        {"heads_q", "Hq"}, {"heads_kv", "Hkv"}, {"head_dim", "d"}, {"mode", ""}, {"data", ""}};
    for (size_t i = 0; i < sizeof shape / sizeof *shape; i++) {
        if (!(v = constant(c, l, shape[i][0])))
            continue;
        snprintf(t, sizeof t, "%s%s%s%s", buf[0] ? ", " : "", shape[i][1],
                 shape[i][1][0] ? "=" : "", v);
        plot_cat(buf, n, t);
    }
    if (sp->x != RX_NOISE && (v = constant(c, l, "index_noise"))) {
        snprintf(t, sizeof t, "%sindex noise %s", buf[0] ? ", " : "", v);
        plot_cat(buf, n, t);
    }
    if (sp->x != RX_BK && sp->tag != TAG_BK && (v = constant(c, l, "block_size"))) {
        snprintf(t, sizeof t, "%sBk=%s", buf[0] ? ", " : "", v);
        plot_cat(buf, n, t);
    }
    if (sp->x != RX_K && sp->tag == TAG_NONE && (v = constant(c, l, "topk"))) {
        snprintf(t, sizeof t, "%sk=%s", buf[0] ? ", " : "", v);
        plot_cat(buf, n, t);
    }
    if ((v = constant(c, l, "data")) && strcmp(v, "normal") == 0)
        plot_cat(buf, n, " (i.i.d. scores nearly tie: recall sits near chance k/nb, SPEC §6)");
    if (sp->extra[0]) {
        plot_cat(buf, n, buf[0] ? "; " : "");
        plot_cat(buf, n, sp->extra);
    }
}

/* Linear x with tics at the measured values when they are few. */
static void noise_axis(FILE *f, const struct slist *l, double lo, double hi) {
    double seen[13];
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        for (size_t k = 0; k < l->s[i].n && n <= 12; k++) {
            bool dup = false;
            for (size_t j = 0; j < n && !dup; j++)
                dup = seen[j] == l->s[i].p[k].x;
            if (!dup)
                seen[n++] = l->s[i].p[k].x;
        }
    double pad = 0.04 * (hi - lo);
    fprintf(f, "set xrange [%.9g:%.9g]\n", lo - pad, hi + pad);
    if (n > 12) {
        fprintf(f, "set xtics autofreq\n");
        return;
    }
    qsort(seen, n, sizeof *seen, cmp_double);
    fprintf(f, "set xtics (");
    for (size_t j = 0; j < n; j++)
        fprintf(f, "%s%.9g", j ? ", " : "", seen[j]);
    fprintf(f, ")\n");
}

/* Draws one figure from the rows rr[0..nrr) that sp keeps; 0 made, 1 not. */
static int recall_fig(struct plot_ctx *c, const struct rspec *sp, const struct rrow *rr, size_t nrr,
                      const bool hc[3]) {
    int npanel = hc[0] + hc[1] + hc[2];
    bool has_key = plot_has(c, "key");
    struct slist l = {0};
    struct pending pd = {0};
    struct ptag *tags = calloc(nrr + 1, sizeof *tags);
    int rc = -1;
    if (!tags)
        goto oom;
    /* name lines by the method alone unless two implementations of a method
     * select differently at the same point: the same selection drawn twice
     * would only hide the other lines */
    bool with_impl = false, k_varies = false;
    double k0 = NAN;
    for (size_t a = 0; a < nrr; a++) {
        if (!keep(sp, &rr[a]))
            continue;
        const struct prow *ra = &c->r[rr[a].i];
        k_varies |= !isnan(k0) && rr[a].k != k0;
        k0 = isnan(k0) ? rr[a].k : k0;
        const char *ka = has_key ? csv_get(c->t, ra->row, "key") : "";
        for (size_t b = 0; b < a && !with_impl; b++) {
            const struct prow *rb = &c->r[rr[b].i];
            if (!keep(sp, &rr[b]) || strcmp(ra->method, rb->method) ||
                (!strcmp(ra->backend, rb->backend) && !strcmp(ra->variant, rb->variant)))
                continue;
            if (!has_key || strcmp(ka, csv_get(c->t, rb->row, "key"))) {
                with_impl |= !has_key; /* no way to tell the same point */
                continue;
            }
            for (int k = 0; k < 3; k++) {
                double va = hc[k] ? csv_num(c->t, ra->row, recall_cols[k]) : NAN;
                double vb = hc[k] ? csv_num(c->t, rb->row, recall_cols[k]) : NAN;
                with_impl |= isfinite(va) != isfinite(vb) || fabs(va - vb) > 1e-6;
            }
        }
    }
    for (size_t a = 0; a < nrr; a++) {
        const struct rrow *r = &rr[a];
        double x = xval(sp, r);
        if (!keep(sp, r) || !isfinite(x))
            continue;
        if ((sp->x == RX_BK || sp->x == RX_K || sp->x == RX_N || sp->x == RX_BUDGET) &&
            !plot_pos(x))
            continue; /* log axes */
        double v[3];
        for (int k = 0; k < 3; k++)
            v[k] = hc[k] ? csv_num(c->t, c->r[r->i].row, recall_cols[k]) : NAN;
        struct ptag *tg = &tags[pd.n];
        if (sp->tag == TAG_BUDGET) {
            char b[32];
            fmt_tokens(b, sizeof b, r->budget);
            snprintf(tg->text, sizeof tg->text, "k·Bk=%s", b);
            tg->v = r->budget;
        } else if (sp->tag == TAG_BK) {
            snprintf(tg->text, sizeof tg->text, "Bk=%g", r->bk);
            tg->v = r->bk;
        } else {
            tg->v = NAN;
        }
        if (pend_add(&pd, r->i, x, v[0], v[1], v[2], NAN))
            goto oom;
    }
    /* what the x, the tags or the filter account for never names a line; a
     * varying k carries BigBird's w, g and r (w+g+r = k, SPEC §2) with it */
    char skip[160] = " ";
    if (sp->tag != TAG_NONE || sp->x == RX_BUDGET)
        plot_cat(skip, sizeof skip, "block_size topk ");
    if (k_varies)
        plot_cat(skip, sizeof skip, "bb_window bb_global bb_random ");
    if (sp->x == RX_LAYER)
        plot_cat(skip, sizeof skip, "data ");
    if (pend_group_tagged(c, &pd, sp->x_col, skip, sp->tag == TAG_NONE ? NULL : tags, with_impl,
                          &l))
        goto out;
    double xl, xh;
    slist_xrange(&l, &xl, &xh);
    if (!l.n || !(xh > xl)) {
        rc = plot_not_made(c, sp->name,
                           l.n ? "the axis does not vary among rows with recall"
                               : "no usable row with recall");
        goto out;
    }
    for (size_t i = 0; i < l.n; i++) {
        const struct prow *r0 = &c->r[l.s[i].p[0].ri];
        if (!with_impl) /* styles by the row's backend all the same */
            l.s[i].backend = r0->backend;
        if (c->both_modes && sp->tag == TAG_NONE) /* decode light, prefill dark */
            l.s[i].tagv = strcmp(r0->mode, "decode") == 0 ? 0 : 1;
    }
    qsort(l.s, l.n, sizeof *l.s, cmp_series);

    struct fig f;
    if (fig_open(c, &f, sp->name, sp->what) < 0)
        goto out;
    fprintf(f.dat, "# here: x block_recall score_recall mass_coverage (unused)\n");
    char note[2048];
    int note_lines = gp_note_text(c, &l, sp->x_col, note, sizeof note);
    /* canvas in inches: panels of 3.1 x 3.1 in, the legend right of them */
    double pw = 2.75, key_w = 0.6 + 0.075 * (double)slist_maxlabel(&l);
    double top = 0.85, bottom = 0.62 + (note_lines ? 0.2 * (note_lines + 0.5) : 0);
    key_w = key_w < 1.4 ? 1.4 : key_w;
    f.w_in = 0.1 + pw * npanel + key_w;
    f.h_in = top + 2.6 + bottom;
    /* lines of one method: light to dark with the tag (budget, block size) */
    int *ls = calloc(l.n, sizeof *ls);
    if (!ls) {
        fig_close(c, &f);
        goto oom;
    }
    for (size_t i = 0; i < l.n; i++) {
        double vals[64];
        size_t nv = 0, rank = 0;
        for (size_t j = 0; j < l.n && nv < 64; j++)
            if (strcmp(l.s[j].method, l.s[i].method) == 0 && !isnan(l.s[j].tagv)) {
                bool seen = false;
                for (size_t q = 0; q < nv && !seen; q++)
                    seen = vals[q] == l.s[j].tagv;
                if (!seen)
                    vals[nv++] = l.s[j].tagv;
            }
        for (size_t q = 0; q < nv; q++)
            rank += vals[q] < l.s[i].tagv;
        double shade = nv > 1 ? -0.5 + 0.9 * (double)rank / (double)(nv - 1) : 0;
        ls[i] = fig_style_shaded(&f, &l.s[i], &l,
                                 strcmp(l.s[i].method, attn_role_name(ATTN_F_FIT_INDEX)) ? 2 : 1,
                                 false, shade);
    }
    for (size_t i = 0; i < l.n; i++)
        fig_block(&f, &l.s[i]);

    gp_label(f.gp, "x", sp->xlabel);
    if (sp->x == RX_N || sp->x == RX_BUDGET)
        gp_tokens_axis(f.gp, "x", xl, xh);
    else if (sp->x == RX_BK || sp->x == RX_K)
        gp_pow2_axis(f.gp, "x", xl, xh);
    else if (sp->x == RX_LAYER)
        fprintf(f.gp, "set xrange [%.9g:%.9g]\nset xtics %s\n", xl - 0.5, xh + 0.5,
                xh - xl <= 16 ? "1" : "autofreq");
    else
        noise_axis(f.gp, &l, xl, xh);
    fprintf(f.gp, "set yrange [0:1]\nset ytics 0, 0.2, 1\nset mytics 2\nset format y \"%%.1f\"\n"
                  "set grid xtics ytics mytics lc rgb \"#dddddd\" lw 1, lc rgb \"#f0f0f0\" lw 1\n"
                  "set pointsize 1\n");
    fig_begin_output(&f);
    char sub[512];
    subtitle(c, sp, &l, sub, sizeof sub);
    fprintf(f.gp, "  unset label 900\n");
    gp_fig_title(c, f.gp, "  set multiplot title ", sp->what, sub[0] ? sub : NULL);
    /* every panel sets all it needs: the loop runs once per output format */
    double W = f.w_in, H = f.h_in;
    int p = 0;
    for (int k = 0; k < 3; k++) {
        if (!hc[k])
            continue;
        bool last = p == npanel - 1;
        double x0 = 0.1 + pw * p;
        fprintf(f.gp,
                "  set lmargin at screen %.4f\n  set rmargin at screen %.4f\n"
                "  set tmargin at screen %.4f\n  set bmargin at screen %.4f\n  set ylabel ",
                (x0 + 0.55) / W, (x0 + pw - 0.15) / W, 1 - top / H, bottom / H);
        gp_str(f.gp, recall_names[k]);
        fprintf(f.gp, "\n  set title ");
        char pt[128];
        snprintf(pt, sizeof pt, "%s: %s", recall_names[k], recall_defs[k]);
        gp_str(f.gp, pt);
        fprintf(f.gp, "\n");
        if (last) {
            fprintf(f.gp,
                    "  set key at screen %.4f, screen %.4f top left Left reverse noautotitle "
                    "spacing 1.2 samplen 2.5\n",
                    (0.1 + pw * npanel + 0.05) / W, 1 - top / H);
            if (note_lines)
                gp_note_label(f.gp, note, note_lines);
        } else {
            fprintf(f.gp, "  set key off\n");
        }
        char using_[16];
        snprintf(using_, sizeof using_, "1:%d", k + 2);
        for (size_t i = 0; i < l.n; i++) /* block i: fig_block wrote them in order */
            fig_elem(&f, i == 0, (int)i, using_, "linespoints", ls[i], last ? l.s[i].label : NULL);
        fprintf(f.gp, "\n");
        p++;
    }
    fprintf(f.gp, "  unset multiplot\n");
    free(ls);
    rc = fig_close(c, &f);
    goto out;
oom:
    attn_set_error("out of memory");
out:
    pend_free(&pd);
    free(tags);
    slist_free(&l);
    return rc;
}

/* The budgets at which two or more block sizes were measured: at most four,
 * those measured at the most block sizes (then the smaller), in order. */
static size_t equal_budgets(const struct rrow *rr, size_t nrr, double noise, double *out,
                            size_t outn) {
    double *b = malloc((nrr + 1) * sizeof *b), *u = malloc((nrr + 1) * sizeof *u);
    double *bk = malloc((nrr + 1) * sizeof *bk), *ubk = malloc((nrr + 1) * sizeof *ubk);
    size_t *cnt = malloc((nrr + 1) * sizeof *cnt);
    size_t m = 0, nu = 0;
    if (!b || !u || !bk || !ubk || !cnt)
        goto done;
    for (size_t i = 0; i < nrr; i++)
        b[i] =
            (isnan(noise) || rr[i].noise == noise) && rr[i].budget < rr[i].n ? rr[i].budget : NAN;
    nu = distinct(b, nrr, u);
    for (size_t j = 0; j < nu; j++) {
        for (size_t i = 0; i < nrr; i++)
            bk[i] = b[i] == u[j] ? rr[i].bk : NAN;
        cnt[j] = distinct(bk, nrr, ubk);
    }
    while (m < outn) { /* pick the best remaining */
        size_t best = nu;
        for (size_t j = 0; j < nu; j++)
            if (cnt[j] >= 2 && (best == nu || cnt[j] > cnt[best]))
                best = j;
        if (best == nu)
            break;
        out[m++] = u[best];
        cnt[best] = 0;
    }
    qsort(out, m, sizeof *out, cmp_double);
done:
    free(b);
    free(u);
    free(bk);
    free(ubk);
    free(cnt);
    return m;
}

static bool varies(const double *v, size_t n) {
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[0] && isfinite(v[i]) && isfinite(v[0]))
            return true;
    return false;
}

static void spec_init(struct rspec *sp, const char *base, const char *suffix, const char *what,
                      const char *xlabel, const char *x_col, enum rx x, enum rtag tag,
                      double noise) {
    memset(sp, 0, sizeof *sp);
    snprintf(sp->name, sizeof sp->name, "%s%s", base, suffix);
    sp->what = what;
    sp->xlabel = xlabel;
    sp->x_col = x_col;
    sp->x = x;
    sp->tag = tag;
    sp->noise = noise;
    sp->only_bk = NAN;
}

/* The figures of one index_noise value (NaN: all rows). */
static int recall_split(struct plot_ctx *c, const struct rrow *rr, size_t nrr, double noise,
                        const char *suffix, const bool hc[3], int *made) {
    double *v[4];
    size_t n = 0;
    for (int j = 0; j < 4; j++)
        v[j] = malloc((nrr + 1) * sizeof *v[j]);
    int rc = -1;
    if (!v[0] || !v[1] || !v[2] || !v[3]) {
        attn_set_error("out of memory");
        goto done;
    }
    for (size_t i = 0; i < nrr; i++) {
        if (!isnan(noise) && rr[i].noise != noise)
            continue;
        v[0][n] = rr[i].bk;
        v[1][n] = rr[i].k;
        v[2][n] = rr[i].n;
        v[3][n] = rr[i].layer >= 0 ? rr[i].layer : NAN;
        n++;
    }
    bool vbk = varies(v[0], n), vk = varies(v[1], n), vn = varies(v[2], n);
    bool vlayer = distinct(v[3], n, v[3]) >= 2; /* v[3] reused: no longer needed */
    struct rspec sp[5];
    double budgets[4];
    size_t ns = 0;
    if (vbk && vk) {
        size_t nb = equal_budgets(rr, nrr, noise, budgets, 4);
        if (nb) {
            spec_init(&sp[ns], "recall_vs_block_size", suffix,
                      "Selection quality vs block size at equal budget k·Bk",
                      "block size Bk (tokens)", "block_size", RX_BK, TAG_BUDGET, noise);
            sp[ns].budget = budgets;
            sp[ns].nbudget = nb;
            sp[ns].cover = 2;
            snprintf(sp[ns].extra, sizeof sp[ns].extra,
                     "budgets below N measured at the most block sizes");
            ns++;
        }
        spec_init(&sp[ns], "recall_vs_budget", suffix,
                  "Selection quality vs budget k·Bk (tokens attended per query)",
                  "budget k·Bk (tokens)", "", RX_BUDGET, TAG_BK, noise);
        sp[ns++].cover = 1;
    } else if (vbk) {
        spec_init(&sp[ns++], "recall_vs_block_size", suffix, "Selection quality vs block size",
                  "block size Bk (tokens)", "block_size", RX_BK, TAG_NONE, noise);
    } else if (vk) {
        spec_init(&sp[ns++], "recall_vs_topk", suffix, "Selection quality vs blocks selected",
                  "blocks selected k", "topk", RX_K, TAG_NONE, noise);
    }
    if (vn)
        spec_init(&sp[ns++], "recall_vs_seq_len", suffix, "Selection quality vs context length",
                  "context length N (tokens)", "seq_len", RX_N, TAG_NONE, noise);
    if (vlayer)
        spec_init(&sp[ns++], "recall_by_layer", suffix, "Selection quality by layer",
                  "layer (from the q file's name)", "", RX_LAYER, TAG_NONE, noise);
    for (size_t s = 0; s < ns; s++) {
        int r = recall_fig(c, &sp[s], rr, nrr, hc);
        if (r < 0)
            goto done;
        *made += r == 0;
    }
    rc = 0;
done:
    for (int j = 0; j < 4; j++)
        free(v[j]);
    return rc;
}

int fig_recall(struct plot_ctx *c) {
    bool hc[3], any_metric = false;
    for (int k = 0; k < 3; k++)
        any_metric |= hc[k] = plot_has(c, recall_cols[k]);
    if (!any_metric)
        return plot_not_made(c, "recall", "no block_recall, score_recall or mass_coverage column");
    struct rrow *rr = calloc(c->nr + 1, sizeof *rr);
    double *nv = malloc((c->nr + 1) * sizeof *nv), *u = malloc((c->nr + 1) * sizeof *u);
    int rc = -1, made = 0;
    size_t nrr = 0;
    if (!rr || !nv || !u) {
        attn_set_error("out of memory");
        goto done;
    }
    bool has_key = plot_has(c, "key");
    for (size_t i = 0; i < c->nr; i++) {
        const struct prow *r = &c->r[i];
        bool any = false;
        for (int k = 0; k < 3; k++)
            any |= hc[k] && isfinite(csv_num(c->t, r->row, recall_cols[k]));
        if (!r->usable || !any)
            continue;
        struct rrow *q = &rr[nrr++];
        q->i = i;
        q->bk = csv_num(c->t, r->row, "block_size");
        q->k = csv_num(c->t, r->row, "topk");
        q->budget = q->bk * q->k;
        q->noise = csv_num(c->t, r->row, "index_noise");
        q->n = r->n;
        q->layer = has_key ? plot_layer_of_key(csv_get(c->t, r->row, "key")) : -1;
    }
    if (!nrr) {
        rc = plot_not_made(c, "recall", "no usable row with recall");
        goto done;
    }
    for (size_t i = 0; i < nrr; i++)
        nv[i] = rr[i].noise;
    size_t nnoise = distinct(nv, nrr, u);
    if (nnoise < 2) {
        if (recall_split(c, rr, nrr, NAN, "", hc, &made))
            goto done;
    } else {
        for (size_t j = 0; j < nnoise; j++) {
            char suffix[40];
            snprintf(suffix, sizeof suffix, "_noise%g", u[j]);
            if (recall_split(c, rr, nrr, u[j], suffix, hc, &made))
                goto done;
        }
        /* recall vs noise: at one block size when the block size varies too
         * (the one nearest the paper's 128), one line per (method, budget) */
        struct rspec sp;
        spec_init(&sp, "recall_vs_index_noise", "", "Selection quality vs index noise",
                  "index noise", "index_noise", RX_NOISE, TAG_NONE, NAN);
        for (size_t i = 0; i < nrr; i++)
            nv[i] = rr[i].bk;
        size_t nbk = distinct(nv, nrr, u);
        if (nbk >= 2) {
            double best = u[0];
            for (size_t j = 1; j < nbk; j++)
                if (fabs(log2(u[j] / 128)) < fabs(log2(best / 128)))
                    best = u[j];
            sp.only_bk = best; /* undone below when k is fixed */
        }
        for (size_t i = 0; i < nrr; i++)
            nv[i] = rr[i].k;
        size_t nk = distinct(nv, nrr, u);
        if (nbk >= 2 && nk < 2)
            sp.tag = TAG_BK; /* nothing else varies: a line per block size */
        else if (nk >= 2)
            sp.tag = TAG_BUDGET;
        if (sp.tag == TAG_BUDGET) {
            sp.cover = 2;
            snprintf(sp.extra, sizeof sp.extra, "budgets below N");
        } else
            sp.only_bk = NAN;
        int r = recall_fig(c, &sp, rr, nrr, hc);
        if (r < 0)
            goto done;
        made += r == 0;
    }
    rc = made ? 0 : 1;
done:
    free(rr);
    free(nv);
    free(u);
    return rc;
}
