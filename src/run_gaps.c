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

static bool has_row(const struct csv_table *t, const char *key, const struct attn_impl *im) {
    for (size_t i = 0; i < t->nrow; i++)
        if (!strcmp(csv_get(t, i, "key"), key) && !strcmp(csv_get(t, i, "method"), im->method) &&
            !strcmp(csv_get(t, i, "backend"), im->backend) &&
            !strcmp(csv_get(t, i, "variant"), im->variant))
            return true;
    return false;
}

/* The list, from DIR/sweep.yaml; left empty when it cannot be told exactly. */
static enum attn_status list_gaps(const char *csv_path, const struct csv_table *t,
                                  const struct run_meta *m, struct run_gaps *g) {
    enum attn_status st = ATTN_OK;
    struct sweep_spec spec;
    const struct attn_impl *impls[RUNNER_MAX_IMPLS];
    int *owner = NULL, si = 0, sn = 1;
    char path[4200], key[1024];
    const char *slash = strrchr(csv_path, '/');
    snprintf(path, sizeof path, "%.*ssweep.yaml", slash ? (int)(slash - csv_path + 1) : 0,
             csv_path);
    memset(&spec, 0, sizeof spec);
    if (sweep_load(path, &spec, NULL) != ATTN_OK)
        return ATTN_OK; /* no copy of the sweep (older runs, a lone CSV): the count only */
    const char *sh = meta_str(m, "shard");
    if (sh && (sscanf(sh, "%d/%d", &si, &sn) != 2 || sn < 1 || si < 0 || si >= sn))
        goto cleanup;
    const size_t nim = runner_select(&spec, impls, RUNNER_MAX_IMPLS);
    if (sn > 1) {
        if (!(owner = malloc(spec.n_points * sizeof *owner))) {
            st = ATTN_ERR_NOMEM;
            goto cleanup;
        }
        runner_shard_assign(&spec, sn, owner);
    }
    size_t mine = 0;
    for (size_t p = 0; p < spec.n_points; p++)
        mine += !owner || owner[p] == si;
    if (mine * nim != g->assigned) /* another selection than the binary that ran: no list */
        goto cleanup;
    const size_t want = g->assigned - g->have;
    if (!(g->gap = calloc(want ? want : 1, sizeof *g->gap))) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t p = 0; p < spec.n_points; p++) {
        if (owner && owner[p] != si)
            continue;
        const struct sweep_point *pt = &spec.points[p];
        for (size_t i = 0; i < nim; i++) {
            sweep_point_key_method(pt, impls[i]->method, key, sizeof key);
            if (has_row(t, key, impls[i]))
                continue;
            if (g->n_gap == want) { /* rows from elsewhere stand in for some: no list */
                free(g->gap);
                g->gap = NULL;
                g->n_gap = 0;
                goto cleanup;
            }
            struct run_gap *x = &g->gap[g->n_gap++];
            snprintf(x->method, sizeof x->method, "%s", impls[i]->method);
            snprintf(x->impl, sizeof x->impl, "%s %s/%s", impls[i]->method, impls[i]->backend,
                     impls[i]->variant);
            snprintf(x->mode, sizeof x->mode, "%s",
                     pt->shape.mode == ATTN_DECODE ? "decode" : "prefill");
            x->n = (double)pt->shape.seq_len;
            x->topk = pt->params.topk;
        }
    }
    if (g->n_gap != want) { /* some rows are not the sweep's: the count alone */
        free(g->gap);
        g->gap = NULL;
        g->n_gap = 0;
    }
cleanup:
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
