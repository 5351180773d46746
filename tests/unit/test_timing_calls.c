/* test_timing_calls.c - how many calls runner_time_calls makes around the row's
 * timeout.  A first call that alone reached timeout_s (and warmup_ms) is the warmup:
 * no warmup call follows, and a timeout of ~0 then stops after one timed sample, so
 * the point costs two calls in all, not three.  A short first call still gets its
 * warmup call.  The fake counts its calls; nothing here depends on a measured time
 * except elapsed >= 1e-9 s. */
#include "runner_int.h"
#include "testutil.h"

#include <string.h>

static int calls;
static enum attn_status count_run(void *ctx, const struct attn_io *io) {
    (void)ctx;
    (void)io;
    calls++;
    return ATTN_OK;
}

static const struct attn_impl fake = {.api_version = ATTN_API_VERSION,
                                      .method = "full",
                                      .backend = "cpu",
                                      .variant = "count",
                                      .run = count_run};

/* Calls made by runner_time_calls for a first call of first_s seconds; *ns the samples. */
static int timed_calls(double first_s, double warmup_ms, size_t *ns) {
    struct sweep_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.timing = (struct sweep_timing){.warmup_ms = warmup_ms,
                                        .min_samples = 5,
                                        .max_samples = 30,
                                        .max_noise = 0.03,
                                        .timeout_s = 1e-9};
    struct result_row row;
    memset(&row, 0, sizeof row);
    struct job j = {.spec = &spec, .im = &fake, .row = &row, .first_call_s = first_s};
    const struct attn_io io = {0};
    struct call_arg ca = {.im = &fake, .io = &io, .stage = -1};
    double samples[ROW_MAX_SAMPLES];
    calls = 0;
    assert_int_equal(runner_time_calls(&j, &ca, samples, ns), ATTN_OK);
    return calls;
}

static void test_long_first_call_is_the_warmup(void **state) {
    (void)state;
    size_t ns = 0;
    assert_int_equal(timed_calls(30.0, 25, &ns), 1); /* one sample, no warmup call */
    assert_int_equal((int)ns, 1);
}

static void test_short_first_call_keeps_warmup(void **state) {
    (void)state;
    size_t ns = 0;
    assert_int_equal(timed_calls(0, 0, &ns), 2); /* first call unknown (0 s): warmup + sample */
    assert_int_equal((int)ns, 1);
    /* past the timeout but short of warmup_ms: the warmup still runs */
    assert_int_equal(timed_calls(1e-3, 25, &ns), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_first_call_is_the_warmup),
        cmocka_unit_test(test_short_first_call_keeps_warmup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
