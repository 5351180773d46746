/* stats.h - samples, quantiles and the stopping rule (SPEC §7). */
#ifndef MSABENCH_STATS_H
#define MSABENCH_STATS_H
#include <stdbool.h>
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
struct stats_summary {
    size_t n;
    double median, p20, p80, mean, stddev, cv, min, max;
};
/* Quantile by linear interpolation between order statistics (type 7). */
double stats_quantile(const double *sorted, size_t n, double q);
void stats_summarize(const double *x, size_t n, struct stats_summary *out);
/* True when sampling may stop: n >= min_samples and cv <= max_noise,
 * or n >= max_samples, or elapsed >= timeout (with n >= 1). */
bool stats_should_stop(const double *x, size_t n, size_t min_samples, size_t max_samples,
                       double max_noise, double elapsed_s, double timeout_s);
/* Two-sided Mann-Whitney U test (normal approximation with tie correction,
 * exact for small samples); returns the p-value. */
double stats_mann_whitney_p(const double *a, size_t na, const double *b, size_t nb);
#ifdef __cplusplus
}
#endif
#endif
