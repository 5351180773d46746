/* row_metrics.h - the figures a row derives from its own measurements (rates
 * over the median time), kept out of the CSV writer so they can be tested. */
#ifndef MSABENCH_ROW_METRICS_H
#define MSABENCH_ROW_METRICS_H
#include "results.h"
#ifdef __cplusplus
extern "C" {
#endif
/* Fills r->useful_tflops (flops / median), r->dense_tflops (flops_dense /
 * median) and r->gbps (bytes_model / median); NaN for a row without samples. */
void row_metrics_fill(struct result_row *r);
#ifdef __cplusplus
}
#endif
#endif
