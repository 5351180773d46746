/* row_metrics.c - derived figures of a result row (row_metrics.h). */
#include "row_metrics.h"

#include <math.h>

void row_metrics_fill(struct result_row *r) {
    const struct stats_summary *t = &r->time_ms;
    const double sec = t->median * 1e-3;
    r->useful_tflops = t->n ? r->cost.flops / sec * 1e-12 : NAN;
    r->dense_tflops = t->n ? r->cost.flops_dense / sec * 1e-12 : NAN;
    r->gbps = t->n ? r->cost.bytes_model / sec * 1e-9 : NAN;
    /* how close the row is to its machine: 1 = at the floor (floor.h) */
    r->frac_of_floor = t->n && r->floor_ms > 0 ? r->floor_ms / t->median : NAN;
}
