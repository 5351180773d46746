/* runner.h - expand a sweep into (point, implementation) runs and record each. */
#ifndef MSABENCH_RUNNER_H
#define MSABENCH_RUNNER_H
#include "sweep.h"
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif
struct runner_opts {
    const char *out_dir;          /* results.csv and meta.json go here (created) */
    bool resume;                  /* keep finished rows, run the rest */
    bool estimate_only;           /* model figures only, status `estimated` */
    FILE *progress;               /* progress lines (stderr), NULL = quiet */
    int shard_index, shard_count; /* run only this share of the points (count 0 = all) */
    bool smoke;                   /* one call per run (no timing statistics): fast row checks */
    const char *export_dir;       /* non-NULL: export block-sparse points (export.h) */
    bool one_point;               /* run only spec->points[point] (msabench run --point) */
    size_t point;
};
struct runner_summary {
    size_t rows, ok, skipped, failed, estimated, resumed;
    bool interrupted;
};
/* Runs the sweep; a point's failure is a row, never an early return.
 * Returns non-OK only when the run itself cannot proceed (output not writable). */
enum attn_status runner_run(const struct sweep_spec *spec, const struct runner_opts *o,
                            struct runner_summary *sum);
/* Implementations the sweep selects (methods x backends x variants), in
 * registry order: *out (malloc'd, the caller frees it) has room for every
 * registered implementation, so none is ever left out; *n gets how many. */
enum attn_status runner_select(const struct sweep_spec *spec, const struct attn_impl ***out,
                               size_t *n);
/* The same into out, which has room for max: a sweep that selects more is
 * ATTN_ERR_INVALID naming max, never a silent cut. */
enum attn_status runner_select_into(const struct sweep_spec *spec, const struct attn_impl **out,
                                    size_t max, size_t *n);
/* Deterministic, cost-balanced shares: owner[p] = shard of point p.  Points
 * are dealt heaviest first (analytic cost of all selected implementations) to
 * the least loaded shard; ties go to the lower shard. */
void runner_shard_assign(const struct sweep_spec *spec, int count, int *owner);
/* "I/N" (0-based I) or "auto" (Slurm array or MPI rank variables). */
enum attn_status runner_shard_parse(const char *arg, int *index, int *count);
/* The host memory limit used when the sweep sets none: half of physical RAM. */
double runner_default_mem_limit(void);
#ifdef __cplusplus
}
#endif
#endif
