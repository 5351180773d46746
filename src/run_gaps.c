/* run_gaps.c - which runs of a run folder's sweep have no row (run_gaps.h). */
#include "run_gaps.h"

#include "meta_read.h"
#include "runner.h"
#include "sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t run_gaps_missing(const struct run_gaps *g) {
    return g->known && g->assigned > g->have ? g->assigned - g->have : 0;
}

void run_gaps_free(struct run_gaps *g) {
    free(g->gap);
    memset(g, 0, sizeof *g);
}

/* One "method/backend/variant" word of meta.json's "implementations" into its parts. */
static bool split_impl(const char *w, size_t len, char *m, char *b, char *v, size_t cap) {
    const char *s1 = memchr(w, '/', len);
    const char *s2 = s1 ? memchr(s1 + 1, '/', len - (size_t)(s1 + 1 - w)) : NULL;
    if (!s1 || !s2 || s1 == w || s2 == s1 + 1 || s2 + 1 == w + len)
        return false;
    const size_t lm = (size_t)(s1 - w), lb = (size_t)(s2 - s1 - 1), lv = len - (size_t)(s2 + 1 - w);
    if (lm >= cap || lb >= cap || lv >= cap)
        return false;
    memcpy(m, w, lm);
    m[lm] = '\0';
    memcpy(b, s1 + 1, lb);
    b[lb] = '\0';
    memcpy(v, s2 + 1, lv);
    v[lv] = '\0';
    return true;
}

/* The list: the points of DIR/sweep.yaml times the implementations meta.json names (what
 * the binary that ran selected, so any build of msabench lists the same); left empty when
 * either is missing or they do not make exactly the runs assigned. */
static enum attn_status list_gaps(const char *csv_path, const struct csv_table *t,
                                  const struct run_meta *m, struct run_gaps *g) {
    enum attn_status st = ATTN_OK;
    struct sweep_spec spec;
    struct results_file rows = {0};
    int *owner = NULL, si = 0, sn = 1;
    char path[4200], key[1024];
    const char *impls = meta_str(m, "implementations");
    const char *slash = strrchr(csv_path, '/');
    if (!impls || !*impls)
        return ATTN_OK; /* written before meta.json named them: the count only */
    snprintf(path, sizeof path, "%.*ssweep.yaml", slash ? (int)(slash - csv_path + 1) : 0,
             csv_path);
    memset(&spec, 0, sizeof spec);
    if (sweep_load(path, &spec, NULL) != ATTN_OK)
        return ATTN_OK; /* no readable copy of the sweep: the count only */
    size_t nim = 1;
    for (const char *p = impls; *p; p++)
        nim += *p == ' ';
    const char *sh = meta_str(m, "shard");
    if (sh && (sscanf(sh, "%d/%d", &si, &sn) != 2 || sn < 1 || si < 0 || si >= sn))
        goto cleanup;
    if (sn > 1) {
        if (!(owner = malloc(spec.n_points * sizeof *owner))) {
            st = ATTN_ERR_NOMEM;
            goto cleanup;
        }
        runner_shard_assign(&spec, sn, owner); /* the same dealing as the run's */
    }
    size_t mine = 0;
    for (size_t p = 0; p < spec.n_points; p++)
        mine += !owner || owner[p] == si;
    if (mine * nim != g->assigned)
        goto cleanup;
    const size_t want = g->assigned - g->have;
    if ((st = results_index(&rows, t)) != ATTN_OK)
        goto cleanup;
    if (!(g->gap = calloc(want ? want : 1, sizeof *g->gap))) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t p = 0; p < spec.n_points; p++) {
        if (owner && owner[p] != si)
            continue;
        const struct sweep_point *pt = &spec.points[p];
        for (const char *w = impls; *w;) {
            const size_t len = strcspn(w, " ");
            char me[48], be[48], ve[48];
            if (!split_impl(w, len, me, be, ve, sizeof me)) /* not ours: no list */
                goto no_list;
            w += len + (w[len] == ' ');
            sweep_point_key_method(pt, me, key, sizeof key);
            if (results_done(&rows, key, me, be, ve))
                continue;
            if (g->n_gap == want) /* rows from elsewhere stand in for some: no list */
                goto no_list;
            struct run_gap *x = &g->gap[g->n_gap++];
            snprintf(x->method, sizeof x->method, "%s", me);
            snprintf(x->impl, sizeof x->impl, "%s %s/%s", me, be, ve);
            snprintf(x->mode, sizeof x->mode, "%s",
                     pt->shape.mode == ATTN_DECODE ? "decode" : "prefill");
            x->n = (double)pt->shape.seq_len;
            x->topk = pt->params.topk;
            snprintf(x->key, sizeof x->key, "%s", key);
        }
    }
    if (g->n_gap == want)
        goto cleanup;
no_list: /* the rows and the runs do not pair up exactly: the count alone */
    free(g->gap);
    g->gap = NULL;
    g->n_gap = 0;
cleanup:
    results_close(&rows);
    free(owner);
    sweep_free(&spec);
    return st;
}

enum attn_status run_gaps_find(const char *csv_path, const struct csv_table *t,
                               struct run_gaps *g) {
    struct run_meta m = {0};
    enum attn_status st = ATTN_OK;
    memset(g, 0, sizeof *g);
    if (meta_read_beside(csv_path, &m) != ATTN_OK || !m.present)
        goto cleanup; /* no run folder to check against: nothing said */
    const double a = meta_num(&m, "assigned_runs");
    if (!isfinite(a) || a < 0)
        goto cleanup;
    g->known = true;
    g->assigned = (size_t)a;
    g->have = t->nrow;
    if (g->have < g->assigned)
        st = list_gaps(csv_path, t, &m, g);
cleanup:
    meta_free(&m);
    return st;
}
