/* runner_int.h - what the runner's files share (runner.c and runner_*.c); not
 * part of the harness's interface (runner.h is).  One concern per file:
 *   runner.c          the loop over points and implementations, signals, progress
 *   runner_ladder.c   the skip ladder: model, dtype, supports(), limits, estimate
 *   runner_job.c      one implementation on one point
 *   runner_inputs.c   input cache: float32 masters, float64 / bf16 / fp8 copies
 *   runner_guard.c    guarded output and workspace buffers (canaries)
 *   runner_validate.c validation against the float64 ref on sampled rows
 *   runner_timing.c   calls, the timing loop, CUDA graphs, stage medians
 *   runner_recall.c   recall of a run, or from the ref for a point not run
 *   runner_export.c   --export of inputs, selection and output rows
 *   runner_shard.c    --shard: cost-balanced shares, scheduler environments */
#ifndef MSABENCH_RUNNER_INT_H
#define MSABENCH_RUNNER_INT_H
#include "attn.h"
#include "data.h"
#include "method.h"
#include "model.h"
#include "recall.h"
#include "results.h"
#include "runner.h"
#include "sweep.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- inputs, cached per (shape, data): runner_inputs.c ---- */
struct input_set {
    bool valid;
    struct attn_shape shape;
    struct data_spec data;
    struct attn_inputs f32;
    double *d[5];   /* float64 copies for the ref (lazily) */
    double *dbf[5]; /* float64 copies of the bf16-rounded values (device validation) */
    uint8_t *filled[2], *filled_bf[2]; /* query rows of Q / Qidx already converted */
    void *dev[5];                      /* bf16 device copies */
    void *dev_fp8; /* Kidx as the e4m3 key cache (ATTN_F_KIDX_FP8), made from dev[4] */
    double *dfp8;  /* float64 values of that cache (its ref's and validation's Kidx) */
    /* Qidx rows rounded to e4m3 (ATTN_F_QIDX_FP8) for the ref: [0] from d[3], [1] from
     * dbf[3]; zero pages except the query rows filled_q8 marks (lazily, like d[3]) */
    double *dq8[2];
    uint8_t *filled_q8[2];
};

/* ---- guarded buffers (canaries on both sides): runner_guard.c ---- */
struct gbuf {
    unsigned char *base; /* allocation */
    void *p;             /* user pointer */
    size_t bytes;
    bool dev;
};

/* ---- one (point, implementation) ---- */
struct job {
    const struct sweep_spec *spec;
    const struct sweep_point *pt;
    size_t pi;            /* point index */
    struct input_set *is; /* inputs of the running implementation (runner_run_job) */
    const struct attn_impl *im;
    struct attn_shape shape; /* heads_kv adjusted for ATTN_F_MHA */
    struct input_set *cache;
    size_t ncache;
    struct result_row *row;
    double mem_limit, dev_mem_limit;
    bool smoke;
    const char *export_dir; /* --export: every row's inputs (+ selection) as .npy */
    double first_call_s;    /* wall time of the untimed first call, synced (runner_job.c) */
};

struct call_arg {
    const struct attn_impl *im;
    void *ctx;
    const struct attn_io *io;
    int stage;
};

/* Recall of a point that does not run: one oracle pass per (point, method),
 * shared by the method's backends. */
struct recall_memo {
    size_t pi;
    const char *method;
    struct recall_stats r;
};

/* Set by the first SIGINT/SIGTERM (runner.c): the row in progress ends and is dropped. */
extern volatile sig_atomic_t runner_interrupted;

/* runner_ladder.c: bytes per element of the backend (8 ref, 4 cpu, 2 device), and
 * the optimistic predicted seconds of one call (the time guard, shard costs). */
size_t runner_elem_size(const struct attn_impl *im);
double runner_predicted_seconds(const struct attn_impl *im, const struct attn_cost *c);
/* The skip ladder for j (its row's point, key and names set): fills the row's
 * cost and status, or runs it (runner_run_job).  dev_total: device memory, 0
 * without one.  Returns true when the job ran. */
bool runner_ladder(struct job *j, double dev_total, bool estimate_only, struct recall_memo *last);

/* runner_inputs.c */
const float *runner_in_ptr(const struct attn_inputs *in, int i); /* q k v qidx kidx */
int64_t runner_in_numel(const struct attn_shape *s, int i);
void runner_input_set_free(struct input_set *is);
enum attn_status runner_input_get(struct input_set *cache, size_t ncache,
                                  const struct attn_shape *s, const struct data_spec *ds,
                                  struct input_set **out);
enum attn_status runner_input_f64_rows(struct input_set *is, bool bf16_rounded, const int64_t *rows,
                                       int64_t nr, double ***out);
enum attn_status runner_input_f64(struct input_set *is, bool bf16_rounded, double ***out);
enum attn_status runner_input_dev(struct input_set *is, void ***out);
enum attn_status runner_input_fp8(struct input_set *is, bool f64);
/* *out = Qidx as float64 with rows (NULL: all) rounded to e4m3 as an ATTN_F_QIDX_FP8
 * implementation rounds them (qidx_fp8.h), from the copy runner_input_f64_rows(is,
 * bf16_rounded) gives; only those rows are valid.  NULL when the inputs have no Qidx. */
enum attn_status runner_input_qidx_fp8(struct input_set *is, bool bf16_rounded, const int64_t *rows,
                                       int64_t nr, const double **out);

/* runner_guard.c */
enum attn_status runner_gbuf_alloc(struct gbuf *g, size_t bytes, bool dev);
void runner_gbuf_free(struct gbuf *g);
bool runner_gbuf_check(const struct gbuf *g); /* true when both canaries are whole */

/* runner_timing.c */
enum attn_status runner_call_run(void *a); /* a: struct call_arg */
enum attn_status runner_time_calls(struct job *j, struct call_arg *ca, double *samples, size_t *n);
enum attn_status runner_time_stages(struct job *j, struct call_arg *ca);

/* runner_validate.c */
enum attn_status runner_fetch_rows(const struct job *j, const void *o, const int64_t *rows,
                                   int64_t nr, float *dst);
enum attn_status runner_ref_on_rows(struct job *j, struct input_set *is, bool bf16,
                                    const int64_t *rows, int64_t nr, int32_t width, double **o64,
                                    int32_t **sel);
enum attn_status runner_validate(struct job *j, struct input_set *is, const void *o,
                                 const int32_t *sel_host, int32_t width, const int64_t *rows,
                                 int64_t nr);

/* runner_job.c */
void runner_set_failed(struct result_row *row, enum attn_status st, const char *what);
void runner_run_job(struct job *j);

/* runner_recall.c */
enum attn_sel_layout runner_sel_layout(const struct job *j);
enum attn_status runner_measure_recall(struct job *j, struct input_set *is, const void *o,
                                       const int32_t *sel_host, int32_t width);
void runner_recall_shared(struct job *j, struct recall_memo *m);

/* runner_export.c */
enum attn_status runner_export_job(struct job *j, const void *o, const int32_t *sel, int32_t width);

#endif
