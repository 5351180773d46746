/* runner_export.c - --export: a row's inputs, selection and sampled output rows
 * as .npy (export.h). */
#include "runner_int.h"

#include "alloc.h"
#include "export.h"
#include "recall.h"

#include <stdio.h>
#include <string.h>

/* --export: the inputs, the selection and a sample of output rows, for a peer
 * that recomputes the identical output (export.h). */
enum attn_status runner_export_job(struct job *j, const void *o, const int32_t *sel,
                                   int32_t width) {
    const struct attn_shape *s = &j->shape;
    const int64_t want = j->spec->validate_rows > 0 ? j->spec->validate_rows : 16;
    const int64_t nmax = want < s->q_len ? want : s->q_len;
    const int64_t rowlen = s->heads_q * s->head_dim;
    enum attn_status st = ATTN_ERR_NOMEM;
    int64_t *rows = attn_host_alloc((size_t)nmax * sizeof *rows);
    float *got = attn_host_alloc((size_t)(s->batch * nmax * rowlen) * sizeof *got);
    if (!rows || !got) {
        attn_set_error("export: out of host memory");
        goto cleanup;
    }
    const int64_t nr = recall_sample_rows(s->q_len, want, j->pt->data.seed ^ 0xe4b0ULL, rows);
    if ((st = runner_fetch_rows(j, o, rows, nr, got)) != ATTN_OK)
        goto cleanup;
    struct export_point e = {.dir = j->export_dir,
                             .key = j->row->key,
                             .im = j->im,
                             .shape = s,
                             .params = &j->pt->params,
                             .in = &j->is->f32,
                             .sel = sel,
                             .width = width,
                             .o_rows = got,
                             .rows = rows,
                             .n_rows = nr};
    bool written;
    st = export_selection(&e, &written);
    if (st == ATTN_OK && written) {
        size_t rl = strlen(j->row->reason);
        snprintf(j->row->reason + rl, sizeof j->row->reason - rl, "%sselection exported",
                 rl ? "; " : "");
    }
cleanup:
    attn_host_free(rows);
    attn_host_free(got);
    return st;
}
