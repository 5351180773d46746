/* runner_validate.c - validation against the method's float64 ref on sampled
 * rows (edge rows included, validate_rows.h): output error, and the selection
 * equal to the ref's (fp32) or within the bf16 rule of SPEC §8. */
#include "runner_int.h"

#include "alloc.h"
#include "device.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Output rows t of o (float32 view of [B, q_len, Hq, d]) for the ref comparison. */
enum attn_status runner_fetch_rows(const struct job *j, const void *o, const int64_t *rows,
                                   int64_t nr, float *dst) {
    const struct attn_shape *s = &j->shape;
    const int64_t rowlen = s->heads_q * s->head_dim;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < nr; r++) {
            const int64_t off = (b * s->q_len + rows[r]) * rowlen;
            float *d = dst + (b * nr + r) * rowlen;
            if (j->im->flags & ATTN_F_DEVICE) {
                enum attn_status st =
                    attn_dev_download_bf16(d, (const uint16_t *)o + off, (size_t)rowlen);
                if (st != ATTN_OK)
                    return st;
            } else if (strcmp(j->im->backend, "ref") == 0) {
                for (int64_t c = 0; c < rowlen; c++)
                    d[c] = (float)((const double *)o)[off + c];
            } else {
                memcpy(d, (const float *)o + off, (size_t)rowlen * sizeof(float));
            }
        }
    return ATTN_OK;
}

/* Runs the method's float64 ref on the given query rows of the point's inputs
 * (bf16-rounded when the implementation under test is a device one).  *o64
 * ([B, q_len, Hq, d], written at rows only; free()) and, when width > 0, *sel
 * ([B, Hkv, q_len, width]; attn_host_free) are the caller's. */
enum attn_status runner_ref_on_rows(struct job *j, struct input_set *is, bool bf16,
                                    const int64_t *rows, int64_t nr, int32_t width, double **o64,
                                    int32_t **sel) {
    const struct attn_impl *ref = attn_registry_ref(j->im->method);
    const struct attn_shape *s = &j->shape;
    const struct attn_params *pp = &j->pt->params;
    double **in64 = NULL;
    void *ws = NULL, *ctx = NULL;
    enum attn_status st;
    *o64 = NULL;
    *sel = NULL;
    if (!ref) {
        attn_set_error("no ref registered for %s", j->im->method);
        return ATTN_ERR_INTERNAL;
    }
    if ((st = runner_input_f64_rows(is, bf16, rows, nr, &in64)) != ATTN_OK)
        return st;
    const size_t wsb = ref->workspace_size(s, pp);
    *o64 = calloc((size_t)attn_numel_q(s), sizeof **o64); /* rows only: lazy pages */
    if (width)
        *sel = attn_host_alloc(
            (size_t)(s->batch * attn_sel_heads(attn_method_of(j->im), s) * s->q_len * width) *
            sizeof **sel);
    ws = wsb ? attn_host_alloc(wsb) : NULL;
    if (!*o64 || (width && !*sel) || (wsb && !ws)) {
        attn_set_error("float64 ref on sampled rows: out of memory");
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    if ((st = ref->init(&ctx, s, pp, ws, NULL)) != ATTN_OK)
        goto cleanup;
    if ((j->im->flags & ATTN_F_KIDX_FP8) && (st = runner_input_fp8(is, true)) != ATTN_OK)
        goto cleanup;
    const double *qidx = in64[3]; /* the queries the implementation's index reads */
    if ((j->im->flags & ATTN_F_QIDX_FP8) &&
        (st = runner_input_qidx_fp8(is, bf16, rows, nr, &qidx)) != ATTN_OK)
        goto cleanup;
    struct attn_io io = {.q = in64[0],
                         .k = in64[1],
                         .v = in64[2],
                         .qidx = qidx,
                         .kidx = (j->im->flags & ATTN_F_KIDX_FP8) ? is->dfp8 : in64[4],
                         .o = *o64,
                         .sel = *sel,
                         .rows = rows,
                         .n_rows = nr};
    st = ref->run(ctx, &io);
cleanup:
    if (ctx)
        ref->free(ctx);
    attn_host_free(ws);
    if (st != ATTN_OK) {
        free(*o64);
        attn_host_free(*sel);
        *o64 = NULL;
        *sel = NULL;
    }
    return st;
}

/* Runs the method's ref on rows and compares. */
enum attn_status runner_validate(struct job *j, struct input_set *is, const void *o,
                                 const int32_t *sel_host, int32_t width, const int64_t *rows,
                                 int64_t nr) {
    struct result_row *row = j->row;
    enum attn_status st = ATTN_OK;
    double **in64 = NULL;
    double *ro = NULL;
    int32_t *rsel = NULL;
    float *got = NULL;
    const struct attn_shape *s = &j->shape;
    const int64_t rowlen = s->heads_q * s->head_dim;
    const bool dev = (j->im->flags & ATTN_F_DEVICE) != 0;
    st = runner_ref_on_rows(j, is, dev, rows, nr, sel_host ? width : 0, &ro, &rsel);
    if (st != ATTN_OK)
        goto cleanup;
    in64 = dev ? is->dbf : is->d; /* the copies runner_ref_on_rows made */
    got = attn_host_alloc((size_t)(s->batch * nr * rowlen) * sizeof(float));
    if (!got) {
        attn_set_error("validation buffers: out of memory");
        st = ATTN_ERR_NOMEM;
        goto cleanup;
    }
    st = runner_fetch_rows(j, o, rows, nr, got);
    if (st != ATTN_OK)
        goto cleanup;
    double num = 0, den = 0, maxabs = 0;
    bool finite = true;
    for (int64_t b = 0; b < s->batch; b++)
        for (int64_t r = 0; r < nr; r++)
            for (int64_t c = 0; c < rowlen; c++) {
                double want = ro[(b * s->q_len + rows[r]) * rowlen + c];
                double have = got[(b * nr + r) * rowlen + c];
                if (!isfinite(have))
                    finite = false;
                double dd = have - want;
                num += dd * dd;
                den += want * want;
                if (fabs(dd) > maxabs)
                    maxabs = fabs(dd);
            }
    row->val_rows = nr;
    row->val_rel_err = finite ? sqrt(num / (den > 0 ? den : 1)) : INFINITY;
    row->val_max_abs = finite ? maxabs : INFINITY;
    const double tol = attn_method_tol(attn_method_of(j->im), j->im);
    if (!finite || !(row->val_rel_err <= tol)) {
        snprintf(row->reason, sizeof row->reason,
                 "validation: relative L2 error %.3g > %.0e on %lld sampled rows%s",
                 row->val_rel_err, tol, (long long)nr, finite ? "" : " (NaN/Inf in output)");
        st = ATTN_ERR_VALIDATION;
        goto cleanup;
    }
    if (sel_host) { /* the method's own contract (SPEC §8), else equal to the ref's */
        const double *qidx = in64[3]; /* rounded as the ref's were (rows already done) */
        if ((j->im->flags & ATTN_F_QIDX_FP8) &&
            (st = runner_input_qidx_fp8(is, dev, rows, nr, &qidx)) != ATTN_OK)
            goto cleanup;
        const struct attn_sel_check chk = {.shape = s,
                                           .params = &j->pt->params,
                                           .q = in64[0],
                                           .k = in64[1],
                                           .qidx = qidx,
                                           .kidx = (j->im->flags & ATTN_F_KIDX_FP8) ? is->dfp8
                                                                                    : in64[4],
                                           .sel = sel_host,
                                           .ref_sel = rsel,
                                           .width = width,
                                           .rows = rows,
                                           .n_rows = nr,
                                           .low_precision = dev};
        if (attn_method_check_selection(attn_method_of(j->im), &chk, row->reason,
                                        sizeof row->reason))
            st = ATTN_ERR_VALIDATION;
    }
cleanup:
    free(ro);
    attn_host_free(rsel);
    attn_host_free(got);
    return st;
}
