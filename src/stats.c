/* stats.c - summaries of timing samples and the noise-based stopping rule (SPEC §7). */
#include "stats.h"

#include "alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double stats_quantile(const double *sorted, size_t n, double q) {
    if (n == 0)
        return NAN;
    if (q <= 0)
        return sorted[0];
    if (q >= 1)
        return sorted[n - 1];
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    double frac = h - (double)lo;
    return lo + 1 < n ? sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

void stats_summarize(const double *x, size_t n, struct stats_summary *out) {
    memset(out, 0, sizeof *out);
    out->n = n;
    if (n == 0) {
        out->median = out->p20 = out->p80 = out->mean = out->stddev = out->cv = NAN;
        out->min = out->max = NAN;
        return;
    }
    double *s = malloc(n * sizeof *s);
    if (!s) {
        out->median = NAN;
        return;
    }
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += s[i];
    out->mean = sum / (double)n;
    double var = 0;
    for (size_t i = 0; i < n; i++)
        var += (s[i] - out->mean) * (s[i] - out->mean);
    out->stddev = n > 1 ? sqrt(var / (double)(n - 1)) : 0;
    out->cv = out->mean > 0 ? out->stddev / out->mean : 0;
    out->median = stats_quantile(s, n, 0.5);
    out->p20 = stats_quantile(s, n, 0.2);
    out->p80 = stats_quantile(s, n, 0.8);
    out->min = s[0];
    out->max = s[n - 1];
    free(s);
}

bool stats_should_stop(const double *x, size_t n, size_t min_samples, size_t max_samples,
                       double max_noise, double elapsed_s, double timeout_s) {
    if (n >= 1 && elapsed_s >= timeout_s)
        return true;
    if (n >= max_samples)
        return true;
    if (n < min_samples)
        return false;
    struct stats_summary s;
    stats_summarize(x, n, &s);
    return s.cv <= max_noise;
}
