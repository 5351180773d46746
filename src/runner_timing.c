/* runner_timing.c - one call (with the planted slowdown), the timing loop
 * (warmup, samples until the stopping rule, CUDA graphs for sub-100 us device
 * work) and the per-stage medians. */
#include "kidx_fp8.h"
#include "runner_int.h"

#include "alloc.h"
#include "device.h"
#include "method.h"
#include "nvtx.h"
#include "stats.h"
#include "timer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STAGE_PASSES 5

/* MSABENCH_PLANT_SLOWDOWN=method/backend runs that implementation twice per
 * call: a planted 2x slowdown that proves the regression gate catches one. */
static const char *plant(void) {
    static const char *v;
    static int done;
    if (!done) {
        v = getenv("MSABENCH_PLANT_SLOWDOWN");
        done = 1;
    }
    return v;
}

#if MSABENCH_NVTX
/* A call's range name, "msa/cuda" or "msa/cuda index" (the stage from the
 * implementation's own stage table: an impl may time a subset of its method's
 * stages, e.g. nsa/cuda's {"index", "attn"}), made once per implementation and
 * stage on each thread rather than inside every timed call. */
static const char *call_name(const struct attn_impl *im, int stage) {
    static _Thread_local const struct attn_impl *last_im;
    static _Thread_local int last_stage = -2;
    static _Thread_local char name[128];
    if (im != last_im || stage != last_stage) {
        const char *sn = stage < 0                                 ? ""
                         : im->stage_names && stage < im->n_stages ? im->stage_names[stage]
                                                                   : "stage";
        snprintf(name, sizeof name, "%s/%s%s%s", im->method, im->backend, *sn ? " " : "", sn);
        last_im = im;
        last_stage = stage;
    }
    return name;
}
#endif

enum attn_status runner_call_run(void *a) {
    struct call_arg *c = a;
    NVTX_PUSH(call_name(c->im, c->stage));
    enum attn_status st =
        c->stage < 0 ? c->im->run(c->ctx, c->io) : c->im->run_stage(c->ctx, c->stage, c->io);
    const char *p = plant();
    if (st == ATTN_OK && c->stage < 0 && p) {
        char want[96];
        snprintf(want, sizeof want, "%s/%s", c->im->method, c->im->backend);
        if (strcmp(p, want) == 0)
            st = c->im->run(c->ctx, c->io);
    }
    NVTX_POP();
    return st;
}

/* Timing loop: warmup, then samples until the stopping rule. */
/* One timed call: CUDA events after an L2 flush on the GPU, the host clock
 * (wall, or CPU time under MSABENCH_CLOCK=cpu) on the CPU. */
static enum attn_status time_once(bool dev, struct call_arg *ca, double *ms) {
    if (dev)
        return attn_dev_time(runner_call_run, ca, ms);
    const double a = timer_host_s();
    enum attn_status st = runner_call_run(ca);
    *ms = (timer_host_s() - a) * 1e3;
    return st;
}

/* Sub-100 us device work (decode, small Top-k) is timed as a CUDA graph of
 * GRAPH_REPS calls over rotating copies of the inputs, enough copies that an
 * input's reuse distance exceeds 2x L2 (SPEC §7), so launch overhead and warm
 * caches do not make the figure. */
#define GRAPH_REPS 32
#define GRAPH_MAX_ROT 8

struct graph_arg {
    const struct attn_impl *im;
    void *ctx;
    const struct attn_io *io;
    const void *in[GRAPH_MAX_ROT][5];
    int nrot;
};

static enum attn_status graph_call(void *a, int rep) {
    struct graph_arg *g = a;
    struct attn_io io = *g->io;
    const void *const *in = g->in[rep % g->nrot];
    io.q = in[0];
    io.k = in[1];
    io.v = in[2];
    io.qidx = in[3];
    io.kidx = in[4];
    return g->im->run(g->ctx, &io);
}

/* Copies 1..nrot-1 of the device inputs (copy 0 is the input set's own). */
static enum attn_status graph_setup(struct job *j, const struct attn_io *io, struct graph_arg *g,
                                    void *owned[GRAPH_MAX_ROT][5]) {
    const double l2 = (double)attn_device_l2_bytes();
    const double per = j->row->cost.bytes_model > 0 ? j->row->cost.bytes_model : 1;
    int nrot = (int)ceil(2.0 * l2 / per);
    if (nrot < 1)
        nrot = 1;
    if (nrot > GRAPH_MAX_ROT)
        nrot = GRAPH_MAX_ROT;
    g->nrot = nrot;
    const void *base[5] = {io->q, io->k, io->v, io->qidx, io->kidx};
    for (int r = 0; r < nrot; r++)
        for (int i = 0; i < 5; i++) {
            g->in[r][i] = base[i];
            if (r == 0 || !base[i])
                continue;
            enum attn_status st = attn_dev_upload_bf16(&owned[r][i], runner_in_ptr(&j->is->f32, i),
                                                       (size_t)runner_in_numel(&j->shape, i));
            if (st != ATTN_OK)
                return st;
#ifdef MSABENCH_HAVE_CUDA
            if (i == 4 && (j->im->flags & ATTN_F_KIDX_FP8)) { /* the fp8 cache of this copy */
                void *f = NULL;
                st = attn_kidx_fp8_alloc(owned[r][i], j->shape.batch, j->shape.seq_len,
                                         j->shape.index_dim, &f);
                attn_dev_free(owned[r][i]);
                owned[r][i] = f;
                if (st != ATTN_OK)
                    return st;
            }
#endif
            g->in[r][i] = owned[r][i];
        }
    return ATTN_OK;
}

static enum attn_status time_calls(struct job *j, struct call_arg *ca, double *samples, size_t *n) {
    const struct sweep_timing *tm = &j->spec->timing;
    const bool dev = (j->im->flags & ATTN_F_DEVICE) != 0;
    enum attn_status st = ATTN_OK;
    double t0 = timer_now_s();
    /* warmup: at least one call and warmup_ms, bounded by the row's timeout whatever
     * warmup_ms says.  A first call (runner_job.c, untimed) that alone reached the timeout
     * has done both: one more would only repeat a call of timeout_s or longer (DSA at 1M:
     * ~30 s each). */
    const bool warm = j->first_call_s >= tm->timeout_s && j->first_call_s * 1e3 >= tm->warmup_ms;
    NVTX_PUSH("warmup");
    while (!warm) {
        st = runner_call_run(ca);
        if (st == ATTN_OK && dev)
            st = attn_dev_sync();
        if (st != ATTN_OK || (timer_now_s() - t0) * 1e3 >= tm->warmup_ms ||
            timer_now_s() - t0 >= tm->timeout_s || runner_interrupted)
            break;
    }
    NVTX_POP();
    if (st != ATTN_OK)
        return st;
    size_t max = tm->max_samples < ROW_MAX_SAMPLES ? (size_t)tm->max_samples : ROW_MAX_SAMPLES;
    size_t min = (size_t)tm->min_samples;
    if (j->smoke)
        max = min = 1;
    *n = 0;
    /* device work under 100 us: a graph over rotating inputs */
    bool graph = false;
    struct graph_arg ga = {.im = j->im, .ctx = ca->ctx, .io = ca->io, .nrot = 1};
    void *owned[GRAPH_MAX_ROT][5] = {{NULL}};
    double t_probe = timer_now_s(), probe = -1;
    if (dev && !j->smoke) {
        if ((st = attn_dev_time(runner_call_run, ca, &probe)) != ATTN_OK)
            return st;
        if (probe < 0.1) {
            st = graph_setup(j, ca->io, &ga, owned);
            double ms;
            if (st == ATTN_OK)
                st = attn_dev_time_graph(graph_call, &ga, GRAPH_REPS, &ms);
            if (st == ATTN_OK) {
                graph = true;
            } else { /* fall back to cold single calls, and say so */
                size_t l = strlen(j->row->reason);
                snprintf(j->row->reason + l, sizeof j->row->reason - l,
                         "%sgraph timing unavailable (%s): cold single calls", l ? "; " : "",
                         attn_last_error());
                attn_clear_error();
                st = ATTN_OK;
            }
        }
    }
    /* a probe that chose no graph is a single call timed as time_once() times one, after
     * the warmup: the first sample, not a discarded extra call */
    double pending = dev && !j->smoke && !graph ? probe : -1;
    t0 = pending >= 0 ? t_probe : timer_now_s();
    while (!runner_interrupted) {
        double ms;
        if (graph) {
            NVTX_PUSHF("%s/%s graph of %d calls", j->im->method, j->im->backend, GRAPH_REPS);
            st = attn_dev_time_graph(graph_call, &ga, GRAPH_REPS, &ms);
            NVTX_POP();
            if (st != ATTN_OK)
                break;
            samples[(*n)++] = ms;
            double el = timer_now_s() - t0;
            if (stats_should_stop(samples, *n, min, max, tm->max_noise, el, tm->timeout_s))
                break;
            continue;
        }
        if (pending >= 0) {
            ms = pending;
            pending = -1;
        } else if ((st = time_once(dev, ca, &ms)) != ATTN_OK) {
            break;
        }
        samples[(*n)++] = ms;
        double el = timer_now_s() - t0;
        if (el * 1e3 < tm->min_time_ms && *n < max && el < tm->timeout_s)
            continue; /* min_time_ms too stops at the row's timeout */
        if (stats_should_stop(samples, *n, min, max, tm->max_noise, el, tm->timeout_s))
            break;
    }
    for (int r = 0; r < GRAPH_MAX_ROT; r++)
        for (int q = 0; q < 5; q++)
            attn_dev_free(owned[r][q]);
    if (graph && st == ATTN_OK) {
        size_t l = strlen(j->row->reason);
        snprintf(j->row->reason + l, sizeof j->row->reason - l,
                 "%sCUDA graph of %d calls over %d rotating input copies", l ? "; " : "",
                 GRAPH_REPS, ga.nrot);
    }
    return st;
}

enum attn_status runner_time_calls(struct job *j, struct call_arg *ca, double *samples, size_t *n) {
    NVTX_PUSHF("timing %s/%s", j->im->method, j->im->backend);
    enum attn_status st = time_calls(j, ca, samples, n);
    NVTX_POP();
    return st;
}

static int stage_column(const char *name) {
    static const char *const cols[ROW_MAX_STAGES] = {"index", "topk", "attn", "combine"};
    for (int i = 0; i < ROW_MAX_STAGES; i++)
        if (strcmp(cols[i], name) == 0)
            return i;
    return -1;
}

static enum attn_status time_stages(struct job *j, struct call_arg *ca) {
    const struct attn_impl *im = j->im;
    double t[ROW_MAX_STAGES][STAGE_PASSES];
    int passes = 0;
    const double t0 = timer_now_s();
    /* up to STAGE_PASSES passes, fewer when a pass is long (half the point's timeout) */
    for (int p = 0; p < STAGE_PASSES && !runner_interrupted &&
                    (p == 0 || timer_now_s() - t0 < 0.5 * j->spec->timing.timeout_s);
         p++, passes++)
        for (int s = 0; s < im->n_stages && s < ROW_MAX_STAGES; s++) {
            struct call_arg sa = *ca;
            sa.stage = s;
            double ms;
            enum attn_status st = time_once((im->flags & ATTN_F_DEVICE) != 0, &sa, &ms);
            if (st != ATTN_OK)
                return st;
            t[s][p] = ms;
        }
    for (int s = 0; s < im->n_stages && s < ROW_MAX_STAGES; s++) {
        int col = stage_column(im->stage_names[s]);
        if (col < 0)
            continue;
        struct stats_summary sum;
        stats_summarize(t[s], (size_t)passes, &sum);
        j->row->stage_ms[col] = sum.median;
    }
    return ATTN_OK;
}

/* Each stage call is its own range, named by runner_call_run. */
enum attn_status runner_time_stages(struct job *j, struct call_arg *ca) {
    NVTX_PUSHF("stages %s/%s", j->im->method, j->im->backend);
    enum attn_status st = time_stages(j, ca);
    NVTX_POP();
    return st;
}
