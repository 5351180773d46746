/* test_floor.c - the per-row floor (src/floor.h): reads scale with bytes,
 * FLOPs with the sgemm rate, and the pooled median is the floor. */
#include "floor.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

static void test_read_scales(void **state) {
    (void)state;
    assert_true(floor_read_ms(0, 3) == 0);
    /* each the least of several calls: a busy machine only ever adds time (a
     * preempted 64 KiB read failed the ratio under ctest -j2 at load 10) */
    double small = INFINITY, big = INFINITY;
    for (int i = 0; i < 7; i++) {
        small = fmin(small, floor_read_ms(64.0 * 1024, 5));
        big = fmin(big, floor_read_ms(16.0 * 1024 * 1024, 5));
    }
    assert_true(small > 0 && isfinite(small));
    /* 256x the bytes, from cache levels no faster: far more than 32x the time */
    assert_true(big > 32 * small);
    /* below the smallest buffer the time is scaled down with the bytes */
    double tiny = INFINITY;
    for (int i = 0; i < 7; i++)
        tiny = fmin(tiny, floor_read_ms(1024, 5));
    assert_true(tiny > small / 400 && tiny < small / 10);
}

static void test_sample(void **state) {
    (void)state;
    struct floor_acc a = {.n = 0};
    assert_true(isnan(floor_median(&a)));
    const double sg = floor_sgemm_ms(5), flops = 10 * 2.0 * 384 * 384 * 384;
    assert_true(sg > 0);
    floor_sample(&a, flops, 0, 3);
    assert_int_equal(a.n, 3);
    double f = floor_median(&a);
    /* ten sgemms' worth of FLOPs: about ten sgemm times (timed apart on a
     * shared machine, so 5x either way) */
    assert_true(f > 2 * sg && f < 50 * sg);
    /* bytes add to the FLOPs' time: 1 GiB (timed on 64 MiB, scaled) reads
     * for far longer than ten small sgemms */
    struct floor_acc b = {.n = 0};
    floor_sample(&b, flops, 1024.0 * 1024 * 1024, 3);
    assert_true(floor_median(&b) > 2 * f);
    /* the accumulator stops at its capacity */
    floor_sample(&b, 0, 1 << 20, 20);
    assert_int_equal(b.n, 8);
}

int main(void) {
    /* CPU time, as the CI gate times: ctest runs tests side by side, and wall
     * time would count the waits for a core */
    setenv("MSABENCH_CLOCK", "cpu", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_scales),
        cmocka_unit_test(test_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
