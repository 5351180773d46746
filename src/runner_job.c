/* runner_job.c - one implementation on one point: inputs, guarded buffers,
 * the first call, memory peak, selection bytes, validation, timing, stages,
 * recall and export; the row says what happened. */
#include "runner_int.h"

#include "alloc.h"
#include "coherence.h"
#include "device.h"
#include "floor.h"
#include "nvtx.h"
#include "parallel.h"
#include "sel_bytes.h"
#include "stats.h"
#include "timer.h"
#include "validate_rows.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void runner_set_failed(struct result_row *row, enum attn_status st, const char *what) {
    row->status = ROW_FAILED;
    if (row->reason[0])
        return;
    const char *detail = attn_last_error();
    snprintf(row->reason, sizeof row->reason, "%s: %s%s%s", what, attn_status_str(st),
             detail[0] ? ": " : "", detail);
}

void runner_run_job(struct job *j) {
    const struct attn_impl *im = j->im;
    struct result_row *row = j->row;
    const struct attn_shape *s = &j->shape;
    const struct attn_params *pp = &j->pt->params;
    const bool dev = (im->flags & ATTN_F_DEVICE) != 0;
    const bool is_ref = (im->flags & ATTN_F_ORACLE) != 0;
    enum attn_status st = ATTN_OK;
    struct input_set *is = NULL;
    struct gbuf o = {0}, sel = {0}, ws = {0};
    void *ctx = NULL;
    int32_t *sel_host = NULL;
    int64_t *vrows = NULL;
    double samples[ROW_MAX_SAMPLES];
    size_t ns = 0;
    const int32_t width = (im->flags & ATTN_F_SELECT) && im->sel_width ? im->sel_width(s, pp) : 0;
    const size_t e = runner_elem_size(im);
    size_t host_base = attn_host_current(), dev_base = attn_dev_current();
    attn_clear_error();
    attn_host_peak_reset();
    attn_dev_peak_reset();

    st = runner_input_get(j->cache, j->ncache, s, &j->pt->data, &is);
    if (st != ATTN_OK) {
        runner_set_failed(row, st, "inputs");
        goto cleanup;
    }
    j->is = is;
    const size_t o_bytes = (size_t)attn_numel_q(s) * e;
    const size_t sel_bytes =
        (size_t)(s->batch * attn_sel_heads(attn_method_of(j->im), s) * s->q_len * width) *
        sizeof(int32_t);
    const void *in[5];
    if (dev) {
        void **d;
        if ((st = runner_input_dev(is, &d)) != ATTN_OK) {
            runner_set_failed(row, st, "device inputs");
            goto cleanup;
        }
        for (int i = 0; i < 5; i++)
            in[i] = d[i];
        if ((im->flags & ATTN_F_KIDX_FP8) && in[4]) {
            if ((st = runner_input_fp8(is, false)) != ATTN_OK) {
                runner_set_failed(row, st, "fp8 index keys");
                goto cleanup;
            }
            in[4] = is->dev_fp8;
        }
    } else if (is_ref) {
        double **d;
        if ((st = runner_input_f64(is, false, &d)) != ATTN_OK) {
            runner_set_failed(row, st, "ref inputs");
            goto cleanup;
        }
        for (int i = 0; i < 5; i++)
            in[i] = d[i];
    } else {
        for (int i = 0; i < 5; i++)
            in[i] = runner_in_ptr(&is->f32, i);
    }
    /* mem_peak: the inputs this method reads, in its precision, plus the peak
     * of what it allocates from here to the end of its first call; counted
     * from now, so the input cache (a previous point's inputs freed, float64
     * copies made for another row's validation) never enters it */
    host_base = attn_host_current();
    dev_base = attn_dev_current();
    attn_host_peak_reset();
    attn_dev_peak_reset();
    double in_bytes = 0;
    for (int i = 0; i < 5; i++)
        if (in[i] && (i < 3 || (im->flags & ATTN_F_INDEX)))
            in_bytes += (double)runner_in_numel(s, i) * (double)e;
    if ((st = runner_gbuf_alloc(&o, o_bytes, dev)) != ATTN_OK ||
        (width && (st = runner_gbuf_alloc(&sel, sel_bytes, dev)) != ATTN_OK) ||
        (st = runner_gbuf_alloc(&ws, im->workspace_size(s, pp), dev)) != ATTN_OK) {
        runner_set_failed(row, st, "allocation");
        goto cleanup;
    }
    /* The ref is the oracle: it is timed on the validation rows only when the
     * whole point would be too slow; otherwise all rows. */
    struct attn_io io = {.q = in[0],
                         .k = in[1],
                         .v = in[2],
                         .qidx = in[3],
                         .kidx = in[4],
                         .o = o.p,
                         .sel = width ? sel.p : NULL};
    st = im->init(&ctx, s, pp, ws.p, dev ? attn_device_stream() : NULL);
    if (st != ATTN_OK) {
        runner_set_failed(row, st, "init");
        goto cleanup;
    }
    struct call_arg ca = {.im = im, .ctx = ctx, .io = &io, .stage = -1};
    const double t_first = timer_now_s();
    st = runner_call_run(&ca);
    if (st == ATTN_OK && dev)
        st = attn_dev_sync();
    j->first_call_s = timer_now_s() - t_first;
    if (st != ATTN_OK) {
        runner_set_failed(row, st, "run");
        goto cleanup;
    }
    const double mem_peak =
        in_bytes + (double)(attn_host_peak() - host_base) + (double)(attn_dev_peak() - dev_base);
    if (!runner_gbuf_check(&o) || !runner_gbuf_check(&sel) || !runner_gbuf_check(&ws)) {
        row->status = ROW_FAILED;
        snprintf(row->reason, sizeof row->reason,
                 "%s %s wrote outside its output/workspace buffers (canary overwritten)",
                 im->method, im->backend);
        goto cleanup;
    }
    if (width) {
        sel_host = attn_host_alloc(sel_bytes);
        if (!sel_host) {
            runner_set_failed(row, ATTN_ERR_NOMEM, "selection copy");
            goto cleanup;
        }
        if (dev)
            st = attn_dev_download_i32(sel_host, sel.p, sel_bytes / sizeof(int32_t));
        else
            memcpy(sel_host, sel.p, sel_bytes);
        if (st != ATTN_OK) {
            runner_set_failed(row, st, "selection download");
            goto cleanup;
        }
        /* counted FLOPs from the real selection (SPEC §3: exact) are the model's
         * when every ranked block is full, which the closed form assumes. */
        /* bytes: the union of the blocks each group selected (sel_bytes.h) */
        const double ut =
            sel_union_tokens_layout(runner_sel_layout(j), s, pp->block_size, sel_host, width);
        if (row->cost.bytes_kv > 0 && ut >= 0)
            row->cost.bytes_model += 2 * ut * (double)s->head_dim * (double)e - row->cost.bytes_kv;
        /* selection coherence (SPEC 5.2), for per-group block selections */
        const struct attn_method *am = attn_method_of(j->im);
        if (am && am->sel_layout == ATTN_SEL_GROUP_BLOCKS &&
            coherence_measure(s->batch, s->heads_kv, s->q_len, width, sel_host,
                              attn_nblocks(s->seq_len, pp->block_size), &row->coh) != ATTN_OK)
            coherence_clear(&row->coh);
    }
    /* The ref's cost on the sampled rows (an approximate method's ref pays the
     * whole sequence whatever the rows); beyond a minute validation is skipped
     * and the row says so. */
    double ref_s = 0;
    if (!is_ref && j->spec->validate_rows > 0) {
        double frac =
            (im->flags & ATTN_F_APPROX)
                ? 1.0
                : (double)(j->spec->validate_rows < s->q_len ? j->spec->validate_rows : s->q_len) /
                      (double)s->q_len;
        ref_s = row->cost.flops * frac / (1e9 * attn_cpu_threads());
    }
    if (!is_ref && j->spec->validate_rows > 0 && ref_s > 60) {
        snprintf(row->reason, sizeof row->reason,
                 "not validated: the float64 ref would take ~%.0f s", ref_s);
    } else if (!is_ref && j->spec->validate_rows > 0) {
        /* the edge rows always, plus validate_rows random ones (validate_rows.h) */
        int64_t want = j->spec->validate_rows < s->q_len ? j->spec->validate_rows : s->q_len;
        vrows = attn_host_alloc((size_t)(want + VALIDATE_EDGE_MAX) * sizeof *vrows);
        if (!vrows) {
            runner_set_failed(row, ATTN_ERR_NOMEM, "validation");
            goto cleanup;
        }
        int64_t nr =
            validate_rows_pick(s, pp->block_size, want, j->pt->data.seed ^ 0xfa11ULL, vrows);
        NVTX_PUSHF("validation %s/%s", im->method, im->backend);
        st = runner_validate(j, is, o.p, sel_host, width, vrows, nr);
        NVTX_POP();
        if (st != ATTN_OK) {
            runner_set_failed(row, st, "validation");
            goto cleanup;
        }
    }
    /* host rows: the floor measured before and after the samples
     * (compare --normalize divides by it; floor.h) */
    struct floor_acc fl = {.n = 0};
    if (!dev && !j->smoke)
        floor_sample(&fl, row->cost.flops, row->cost.bytes_model, 3);
    st = runner_time_calls(j, &ca, samples, &ns);
    if (st != ATTN_OK) {
        runner_set_failed(row, st, "timed run");
        goto cleanup;
    }
    if (!dev && !j->smoke) {
        floor_sample(&fl, row->cost.flops, row->cost.bytes_model, 3);
        row->floor_ms = floor_median(&fl);
    } else if (dev) {
        row->floor_ms = floor_device_ms(row->cost.flops, row->cost.bytes_model);
    }
    if (im->n_stages > 0 && im->run_stage && (st = runner_time_stages(j, &ca)) != ATTN_OK) {
        runner_set_failed(row, st, "stage timing");
        goto cleanup;
    }
    if (!runner_gbuf_check(&o) || !runner_gbuf_check(&sel) || !runner_gbuf_check(&ws)) {
        row->status = ROW_FAILED;
        snprintf(row->reason, sizeof row->reason,
                 "%s %s wrote outside its buffers during timing (canary overwritten)", im->method,
                 im->backend);
        goto cleanup;
    }
    stats_summarize(samples, ns, &row->time_ms);
    memcpy(row->samples, samples, ns * sizeof(double));
    row->n_samples = ns;
    row->mem_peak = mem_peak;
    if (j->spec->recall_enabled && (im->flags & (ATTN_F_SELECT | ATTN_F_APPROX))) {
        NVTX_PUSHF("recall %s/%s", im->method, im->backend);
        st = runner_measure_recall(j, is, o.p, sel_host, width);
        NVTX_POP();
        if (st != ATTN_OK) {
            runner_set_failed(row, st, "recall");
            goto cleanup;
        }
    }
    if (j->export_dir && (st = runner_export_job(j, o.p, sel_host, width)) != ATTN_OK) {
        runner_set_failed(row, st, "export");
        goto cleanup;
    }
    row->status = ROW_OK;
    size_t rl = strlen(row->reason);
    char *rp = row->reason + rl;
    size_t rn = sizeof row->reason - rl;
    const char *sep = rl ? "; " : "";
    if (runner_interrupted && ns < (size_t)j->spec->timing.min_samples)
        snprintf(rp, rn, "%sinterrupted after %zu samples", sep, ns);
    else if (ns < (size_t)j->spec->timing.min_samples && !j->smoke)
        snprintf(rp, rn, "%stimeout after %zu samples (min %d)", sep, ns,
                 j->spec->timing.min_samples);
    else if (row->time_ms.cv > j->spec->timing.max_noise)
        snprintf(rp, rn, "%snoisy: cv %.3f > max_noise %.3f after %zu samples", sep,
                 row->time_ms.cv, j->spec->timing.max_noise, ns);
cleanup:
    if (ctx)
        im->free(ctx);
    runner_gbuf_free(&o);
    runner_gbuf_free(&sel);
    runner_gbuf_free(&ws);
    attn_host_free(sel_host);
    attn_host_free(vrows);
}
