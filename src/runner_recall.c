/* runner_recall.c - recall and output error: of a run's own output, or, for a
 * point that does not run, from the method's ref (once per point and method). */
#include "runner_int.h"

#include "alloc.h"
#include "recall.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a selection row of j's method means (its declaration): GROUP_BLOCKS
 * for a method that declares none. */
enum attn_sel_layout runner_sel_layout(const struct job *j) {
    const struct attn_method *m = attn_method_of(j->im);
    return m && m->sel_layout != ATTN_SEL_NONE ? m->sel_layout : ATTN_SEL_GROUP_BLOCKS;
}

/* Recall and output error of this implementation's own output on sampled rows. */
enum attn_status runner_measure_recall(struct job *j, struct input_set *is, const void *o,
                                       const int32_t *sel_host, int32_t width) {
    const struct sweep_spec *sp = j->spec;
    const struct attn_shape *s = &j->shape;
    int64_t want = s->q_len < sp->recall_all_rows_below ? s->q_len : sp->recall_rows;
    int64_t *rows = attn_host_alloc((size_t)(want < s->q_len ? want : s->q_len) * sizeof *rows);
    float *ofull = NULL;
    enum attn_status st = ATTN_OK;
    if (!rows)
        return ATTN_ERR_NOMEM;
    int64_t nr = recall_sample_rows(s->q_len, want, j->pt->data.seed ^ 0x5eedULL, rows);
    const int64_t rowlen = s->heads_q * s->head_dim;
    /* recall_measure reads o as [B, q_len, Hq, d]: scatter the fetched rows into place */
    ofull = calloc((size_t)attn_numel_q(s), sizeof(float)); /* read at rows only: lazy pages */
    float *tmp = attn_host_alloc((size_t)(s->batch * nr * rowlen) * sizeof(float));
    if (!ofull || !tmp) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    st = runner_fetch_rows(j, o, rows, nr, tmp);
    if (st != ATTN_OK)
        goto cleanup;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < nr; r++)
            memcpy(ofull + (b * s->q_len + rows[r]) * rowlen, tmp + (b * nr + r) * rowlen,
                   (size_t)rowlen * sizeof(float));
    st = recall_measure_layout(s, &j->pt->params, runner_sel_layout(j), is->f32.q, is->f32.k,
                               is->f32.v, sel_host, width, ofull, rows, nr, &j->row->recall);
cleanup:
    attn_host_free(tmp);
    free(ofull);
    attn_host_free(rows);
    return st;
}

/* Recall for a point that is only estimated: from the method's ref on sampled rows. */
static void recall_from_ref(struct job *j) {
    const struct attn_impl *ref = attn_registry_ref(j->im->method);
    const struct attn_shape *s = &j->shape;
    const struct attn_params *pp = &j->pt->params;
    struct input_set *is = NULL;
    double *o64 = NULL;
    float *o32 = NULL;
    int32_t *sel = NULL;
    int64_t *rows = NULL;
    enum attn_status st;
    if (!ref)
        return;
    const int32_t width =
        (ref->flags & ATTN_F_SELECT) && ref->sel_width ? ref->sel_width(s, pp) : 0;
    const int64_t want =
        s->q_len < j->spec->recall_all_rows_below ? s->q_len : j->spec->recall_rows;
    rows = attn_host_alloc((size_t)(want < s->q_len ? want : s->q_len) * sizeof *rows);
    if (!rows) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    int64_t nr = recall_sample_rows(s->q_len, want, j->pt->data.seed ^ 0x5eedULL, rows);
    if ((st = runner_input_get(j->cache, j->ncache, s, &j->pt->data, &is)) != ATTN_OK ||
        (st = runner_ref_on_rows(j, is, false, rows, nr, width, &o64, &sel)) != ATTN_OK)
        goto cleanup;
    o32 = calloc((size_t)attn_numel_q(s), sizeof *o32); /* read at rows only: lazy pages */
    if (!o32) {
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    {
        const int64_t rowlen = s->heads_q * s->head_dim;
        for (int64_t b = 0; b < s->batch; b++)
            for (int64_t r = 0; r < nr; r++) {
                const int64_t off = (b * s->q_len + rows[r]) * rowlen;
                for (int64_t c = 0; c < rowlen; c++)
                    o32[off + c] = (float)o64[off + c];
            }
    }
    st = recall_measure_layout(s, pp, runner_sel_layout(j), is->f32.q, is->f32.k, is->f32.v, sel,
                               width, o32, rows, nr, &j->row->recall);
cleanup:
    if (st != ATTN_OK) {
        size_t n = strlen(j->row->reason);
        snprintf(j->row->reason + n, sizeof j->row->reason - n, "; recall failed: %s %s",
                 attn_status_str(st), attn_last_error());
    } else {
        size_t n = strlen(j->row->reason);
        snprintf(j->row->reason + n, sizeof j->row->reason - n, "; recall from ref on %lld rows",
                 (long long)j->row->recall.rows);
    }
    free(o64);
    free(o32);
    attn_host_free(sel);
    attn_host_free(rows);
}

void runner_recall_shared(struct job *j, struct recall_memo *m) {
    const struct attn_impl *im = j->im;
    if (!j->spec->recall_enabled || !(im->flags & (ATTN_F_SELECT | ATTN_F_APPROX)))
        return;
    if (m->pi == j->pi && strcmp(m->method, im->method) == 0) {
        j->row->recall = m->r;
        size_t n = strlen(j->row->reason);
        snprintf(j->row->reason + n, sizeof j->row->reason - n, "; recall from ref on %lld rows",
                 (long long)m->r.rows);
        return;
    }
    recall_from_ref(j);
    m->pi = j->pi;
    m->method = im->method;
    m->r = j->row->recall;
}
