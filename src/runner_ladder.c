/* runner_ladder.c - the skip ladder: what each (point, implementation) becomes
 * before anything runs (model, dtype, supports(), memory and time limits,
 * estimate), and the run when every rung passes. */
#include "runner_int.h"

#include "device.h"
#include "model.h"
#include "nvtx.h"

#include <stdio.h>
#include <string.h>

size_t runner_elem_size(const struct attn_impl *im) {
    if (im->flags & ATTN_F_DEVICE)
        return 2;
    return strcmp(im->backend, "ref") == 0 ? 8 : 4;
}

static enum sweep_dtype native_dtype(const struct attn_impl *im) {
    if (im->flags & ATTN_F_DEVICE)
        return SWEEP_DTYPE_BF16;
    return strcmp(im->backend, "ref") == 0 ? SWEEP_DTYPE_F64 : SWEEP_DTYPE_F32;
}

/* Rough sustained rates for the predicted-time guard (FLOP/s): deliberately
 * optimistic so nothing that could finish is refused. */
double runner_predicted_seconds(const struct attn_impl *im, const struct attn_cost *c) {
    if (im->flags & ATTN_F_DEVICE)
        return c->flops / 300e12;
    return c->flops / (strcmp(im->backend, "ref") == 0 ? 1e9 : 100e9);
}

/* Bytes of inputs and outputs an implementation needs, plus its workspace. */
static double io_bytes(const struct attn_impl *im, const struct attn_shape *s,
                       const struct attn_params *p) {
    const double e = (double)runner_elem_size(im);
    double b = e * (2.0 * (double)attn_numel_q(s) + 2.0 * (double)attn_numel_kv(s));
    if (im->flags & ATTN_F_INDEX)
        b += e * ((double)attn_numel_qidx(s) + (double)attn_numel_kidx(s));
    if ((im->flags & ATTN_F_SELECT) && im->sel_width)
        b += 4.0 * (double)(s->batch * attn_sel_heads(attn_method_of(im), s) * s->q_len) *
             im->sel_width(s, p);
    return b + (double)im->workspace_size(s, p);
}

/* Host bytes a device point needs besides the GPU: float32 masters of every
 * input and float64 copies of K, V, Kidx for the ref (query side: rows only). */
static double host_stage_bytes(const struct attn_impl *im, const struct attn_shape *s) {
    double kv = 2.0 * (double)attn_numel_kv(s), q = (double)attn_numel_q(s);
    double idx = (im->flags & ATTN_F_INDEX) ? (double)attn_numel_kidx(s) : 0;
    double qidx = (im->flags & ATTN_F_INDEX) ? (double)attn_numel_qidx(s) : 0;
    return 4.0 * (q + kv + idx + qidx) + 8.0 * (kv + idx);
}

/* The rungs in order; the first that holds decides the row. */
bool runner_ladder(struct job *j, double dev_total, bool estimate_only, struct recall_memo *last) {
    const struct sweep_spec *spec = j->spec;
    const struct sweep_point *pt = j->pt;
    const struct attn_impl *im = j->im;
    struct result_row *row = j->row;
    const double mem_limit = j->mem_limit, dev_limit = j->dev_mem_limit;
    bool ran = false;
    const char *why = NULL;
    enum attn_status mst =
        model_cost(im->method, &j->shape, &pt->params, runner_elem_size(im), &row->cost);
    row->bytes_worst = row->cost.bytes_model;
    if (mst != ATTN_OK) {
        runner_set_failed(row, mst, "model");
    } else if (pt->dtype != SWEEP_DTYPE_AUTO && pt->dtype != native_dtype(im)) {
        row->status = ROW_SKIPPED;
        snprintf(row->reason, sizeof row->reason, "dtype %s: backend %s computes in %s",
                 sweep_dtype_str(pt->dtype), im->backend, sweep_dtype_str(native_dtype(im)));
    } else if (!im->supports(&j->shape, &pt->params, &why)) {
        row->status = ROW_SKIPPED;
        snprintf(row->reason, sizeof row->reason, "unsupported: %s",
                 why ? why : "supports() said no");
    } else {
        row->cost.mem_model = io_bytes(im, &j->shape, &pt->params);
        const bool dev = (im->flags & ATTN_F_DEVICE) != 0;
        const double limit = dev ? dev_limit : mem_limit;
        const double pred = runner_predicted_seconds(im, &row->cost);
        if (estimate_only) {
            row->status = ROW_ESTIMATED;
            if (dev && dev_total == 0 && spec->dev_mem_limit <= 0)
                snprintf(row->reason, sizeof row->reason,
                         "memory model %.3g GB; no GPU here to check it against "
                         "(set limits.device_memory); predicted %.3g s per call",
                         row->cost.mem_model / 1e9, pred);
            else if (row->cost.mem_model > limit)
                snprintf(row->reason, sizeof row->reason,
                         "would be skipped: memory model %.3g GB > limit %.3g GB",
                         row->cost.mem_model / 1e9, limit / 1e9);
            else
                snprintf(row->reason, sizeof row->reason, "predicted %.3g s per call", pred);
        } else if (dev && !attn_device_available()) {
            row->status = ROW_SKIPPED;
            snprintf(row->reason, sizeof row->reason, "no GPU available");
        } else if (row->cost.mem_model > limit) {
            row->status = ROW_SKIPPED;
            snprintf(row->reason, sizeof row->reason,
                     "memory model %.3g GB exceeds the %s limit %.3g GB", row->cost.mem_model / 1e9,
                     dev ? "device" : "host", limit / 1e9);
            /* recall needs the inputs (and the ref's float64 K/V): only
             * when they fit, since nothing may be allocated past the limit */
            if (!dev && host_stage_bytes(im, &j->shape) <= mem_limit) {
                NVTX_PUSHF("recall (oracle) %s/%s", im->method, im->backend);
                runner_recall_shared(j, last);
                NVTX_POP();
            }
        } else if (dev && host_stage_bytes(im, &j->shape) > mem_limit) {
            row->status = ROW_SKIPPED;
            snprintf(row->reason, sizeof row->reason,
                     "host staging memory %.3g GB (inputs + float64 K/V for the ref) "
                     "exceeds the host limit %.3g GB",
                     host_stage_bytes(im, &j->shape) / 1e9, mem_limit / 1e9);
        } else if (dev && pred > spec->timing.timeout_s) {
            row->status = ROW_ESTIMATED;
            snprintf(row->reason, sizeof row->reason, "predicted %.3g s per call > timeout_s %g",
                     pred, spec->timing.timeout_s);
        } else if (!dev && pred > spec->cpu_max_seconds) {
            row->status = ROW_ESTIMATED;
            snprintf(row->reason, sizeof row->reason,
                     "predicted %.3g s per call > cpu_max_seconds %g", pred, spec->cpu_max_seconds);
            if (host_stage_bytes(im, &j->shape) <= mem_limit) {
                NVTX_PUSHF("recall (oracle) %s/%s", im->method, im->backend);
                runner_recall_shared(j, last);
                NVTX_POP();
            }
        } else {
            runner_run_job(j);
            ran = true;
        }
    }
    return ran;
}
