/* floor.c - the per-row roofline floor (floor.h).  Buffers come from malloc,
 * not the harness allocator: calibration memory is not the method's, and
 * must not show in a row's measured peak. */
#include "floor.h"

#include "stats.h"
#include "timer.h"

#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

enum { SGEMM_M = 384, MAX_REPS = 16 };

static double median_of(const double *t, int n) { /* stats_summarize sorts a copy */
    struct stats_summary s;
    stats_summarize(t, (size_t)n, &s);
    return s.median;
}

double floor_sgemm_ms(int reps) {
    const int M = SGEMM_M;
    if (reps < 3)
        reps = 3;
    if (reps > MAX_REPS)
        reps = MAX_REPS;
    float *a = malloc(sizeof(float) * M * M * 3);
    if (!a)
        return -1;
    for (int i = 0; i < M * M * 3; i++)
        a[i] = (float)((i * 2654435761u) % 1000) * 1e-3f;
    double t[MAX_REPS + 1];
    for (int r = 0; r <= reps; r++) { /* round 0 warms the caches */
        double s = timer_host_s();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, M, M, 1.0f, a, M, a + M * M, M,
                    0.0f, a + 2 * M * M, M);
        t[r] = (timer_host_s() - s) * 1e3;
    }
    free(a);
    return median_of(t + 1, reps);
}

/* Sums 64-bit words (integer adds vectorize; the sum is kept, so the reads are). */
static uint64_t read_pass(const uint64_t *p, size_t n) {
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += p[i];
        s1 += p[i + 1];
        s2 += p[i + 2];
        s3 += p[i + 3];
    }
    for (; i < n; i++)
        s0 += p[i];
    return s0 + s1 + s2 + s3;
}

double floor_read_ms(double bytes, int reps) {
    const double lo = 64.0 * 1024, hi = 64.0 * 1024 * 1024;
    if (!(bytes > 0))
        return 0;
    const double buf = bytes < lo ? lo : bytes > hi ? hi : bytes;
    if (reps < 3)
        reps = 3;
    if (reps > MAX_REPS)
        reps = MAX_REPS;
    const size_t n = (size_t)buf / sizeof(uint64_t);
    uint64_t *p = malloc(n * sizeof *p);
    if (!p)
        return -1;
    for (size_t i = 0; i < n; i++)
        p[i] = i;
    /* passes per rep: at least 8 MiB read, so a small buffer's rep is not a
     * few microseconds of timer noise */
    const int passes = buf < 8.0 * 1024 * 1024 ? (int)ceil(8.0 * 1024 * 1024 / buf) : 1;
    volatile uint64_t sink = 0;
    double t[MAX_REPS + 1];
    for (int r = 0; r <= reps; r++) { /* round 0 faults the pages in and warms */
        double s = timer_host_s();
        for (int k = 0; k < passes; k++)
            sink += read_pass(p, n);
        t[r] = (timer_host_s() - s) * 1e3 / passes;
    }
    (void)sink;
    free(p);
    /* scaled from the clamped buffer to the row's own byte count */
    return median_of(t + 1, reps) * bytes / buf;
}

void floor_sample(struct floor_acc *a, double flops, double bytes, int rounds) {
    const int cap = (int)(sizeof a->ms / sizeof a->ms[0]);
    const double m = SGEMM_M;
    for (int r = 0; r < rounds && a->n < cap; r++) {
        double sg = floor_sgemm_ms(3), rd = floor_read_ms(bytes, 3);
        if (!(sg > 0) || !(rd >= 0))
            return;
        double f = flops > 0 ? flops / (2 * m * m * m) * sg : 0;
        a->ms[a->n++] = f + rd;
    }
}

double floor_median(const struct floor_acc *a) {
    return a->n == 0 ? NAN : median_of(a->ms, a->n);
}

static double dev_tflops = NAN, dev_gbps = NAN; /* set once before any row runs */

void floor_set_device_peaks(double bf16_tflops, double copy_gbps) {
    dev_tflops = bf16_tflops;
    dev_gbps = copy_gbps;
}

double floor_device_ms(double flops, double bytes) {
    if (!(dev_tflops > 0) || !(dev_gbps > 0) || !(flops >= 0) || !(bytes >= 0))
        return NAN;
    const double c = flops / (dev_tflops * 1e12), m = bytes / (dev_gbps * 1e9);
    return (c > m ? c : m) * 1e3;
}
