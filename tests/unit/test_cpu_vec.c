/* test_cpu_vec.c - the vectorizable float loops of kernels/common/cpu_vec.h:
 * cpu_expf against libm's exp in double over [-87, 0] (and its edges),
 * cpu_row_max / cpu_row_sum against plain loops on awkward lengths. */
#include "testutil.h"

#include "common/cpu_vec.h"

#include <math.h>
#include <stdlib.h>

static void test_expf_accuracy(void **state) {
    (void)state;
    double worst = 0;
    /* every 61st float of [-87, 0]: ~35 million values, ~0.2 s */
    uint32_t lo, hi;
    float a = -87.0f, z = -0.0f;
    memcpy(&lo, &z, 4);
    memcpy(&hi, &a, 4);
    for (uint32_t u = lo; u <= hi; u += 61) {
        float x;
        memcpy(&x, &u, 4);
        const double e = exp((double)x), rel = fabs((double)cpu_expf(x) - e) / e;
        worst = rel > worst ? rel : worst;
    }
    print_message("cpu_expf worst relative error %.3g\n", worst);
    assert_true(worst <= 1.2e-7);
    assert_true(cpu_expf(0.0f) == 1.0f && cpu_expf(-0.0f) == 1.0f);
    assert_true(cpu_expf(-INFINITY) >= 0.0f && cpu_expf(-INFINITY) < 1e-37f);
    assert_true(cpu_expf(-1000.0f) < 1e-37f);
    assert_true(isnan(cpu_expf(NAN)) && isnan(cpu_expf(-NAN)));
}

static void test_row_max_sum(void **state) {
    (void)state;
    float x[70];
    uint64_t st = 1;
    for (int n = 0; n <= 70; n++) {
        for (int i = 0; i < n; i++) {
            st = st * 6364136223846793005ull + 1442695040888963407ull;
            x[i] = (float)((double)(st >> 40) / (double)(1 << 24) * 200.0 - 150.0);
        }
        float m = -INFINITY, sum = 0;
        for (int i = 0; i < n; i++)
            m = x[i] > m ? x[i] : m;
        for (int i = 0; i < n; i++)
            sum += x[i];
        assert_true(cpu_row_max(x, n) == m); /* n = 0: -inf */
        assert_close(cpu_row_sum(x, n), sum, 1e-4, 1e-5);
    }
    const float neg[3] = {-3.0f, -0.0f, -INFINITY}, inf[2] = {-INFINITY, -INFINITY};
    assert_true(cpu_row_max(neg, 3) == 0.0f);
    assert_true(cpu_row_max(inf, 2) == -INFINITY);
    const float withnan[4] = {1.0f, NAN, 2.0f, -5.0f};
    const float m = cpu_row_max(withnan, 4);
    assert_true(isnan(m) || m == 2.0f); /* either way the softmax row turns NaN */
    for (int i = -5; i <= 5; i++)
        assert_true(cpu_float_unkey(cpu_float_key((float)i * 0.5f)) == (float)i * 0.5f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expf_accuracy),
        cmocka_unit_test(test_row_max_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
