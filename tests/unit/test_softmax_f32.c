/* test_softmax_f32.c - the float32 softmax pieces of kernels/common/softmax_f32.h
 * against double: exp at the edges and on a grid, max and exp-sum of rows of
 * every length around the 8-lane split. */
#include "testutil.h"

#include "common/softmax_f32.h"

#include <math.h>
#include <string.h>

static void test_exp_edges(void **state) {
    (void)state;
    assert_true(attn_exp_neg(0.0f) == 1.0f); /* x - max is +0 for the max itself */
    assert_true(attn_exp_neg(-0.0f) == 1.0f);
    assert_true(attn_exp_neg(-INFINITY) >= 0.0f && attn_exp_neg(-INFINITY) < 1e-37f);
    assert_true(attn_exp_neg(-1000.0f) >= 0.0f && attn_exp_neg(-1000.0f) < 1e-37f);
    assert_close(attn_exp_neg(-1.0f), exp(-1.0), 0, 2e-7);
    assert_close(attn_exp_neg(-87.0f), exp(-87.0), 0, 2e-7);
}

/* Every 512th float of [-87, -0] (stepping the bit pattern, so every binade
 * is covered): relative error within 1.2e-7 (~1-2 ulp), and monotone: exp
 * never rises as x falls. */
static void test_exp_grid(void **state) {
    (void)state;
    double worst = 0;
    float prev = 1.0f;
    for (uint32_t b = 0x80000000u; b <= 0xC2AE0000u; b += 512) {
        float x;
        memcpy(&x, &b, sizeof x);
        const double e = exp((double)x), got = attn_exp_neg(x);
        const double rel = fabs(got - e) / e;
        worst = rel > worst ? rel : worst;
        if (got > prev)
            fail_msg("exp not monotone at %g: %g > %g", (double)x, got, (double)prev);
        prev = (float)got;
    }
    print_message("attn_exp_neg: worst relative error %.3g\n", worst);
    assert_true(worst <= 1.2e-7);
}

static void test_max_and_sum(void **state) {
    (void)state;
    float x[40], y[40];
    uint64_t s = 12345;
    for (int64_t n = 1; n <= 40; n++) {
        for (int64_t j = 0; j < n; j++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            x[j] = (float)((double)(s >> 40) / (double)(1u << 24) * 60.0 - 40.0);
        }
        double m = -INFINITY, sum = 0;
        for (int64_t j = 0; j < n; j++)
            m = x[j] > m ? x[j] : m;
        /* x - m is rounded to float before the exp, as the kernels do */
        for (int64_t j = 0; j < n; j++)
            sum += exp((double)(x[j] - (float)m));
        const float fm = attn_max_f32(x, n, -INFINITY);
        assert_true(fm == (float)m);
        assert_true(attn_max_f32(x, n, 100.0f) == 100.0f); /* init takes part */
        for (int64_t j = 0; j < n; j++)
            y[j] = x[j];
        assert_close(attn_exp_sum_f32(y, n, fm), sum, 0, 1e-6);
        for (int64_t j = 0; j < n; j++)
            assert_close(y[j], exp((double)(x[j] - fm)), 0, 1.2e-7);
    }
    assert_true(attn_max_f32(x, 0, -INFINITY) == -INFINITY);
    /* signs, zeros and infinities order as floats do */
    const float z[11] = {-3.0f,  -0.0f, -1e-30f, -INFINITY, -2.5f, -7.0f,
                         -1e30f, -0.5f, -1.0f,   -2.0f,     -4.0f};
    assert_true(signbit(attn_max_f32(z, 11, -INFINITY)) && attn_max_f32(z, 11, -INFINITY) == 0);
    assert_true(attn_max_f32(z + 2, 9, -INFINITY) == -1e-30f);
    assert_true(attn_max_f32(z + 3, 1, -INFINITY) == -INFINITY);
    assert_true(attn_max_f32(z + 4, 7, -5.0f) == -0.5f);
    assert_true(attn_max_f32(z + 5, 2, -5.0f) == -5.0f);
    const float w[9] = {-1.0f, 3.0f, 0.0f, 1e-40f, INFINITY, 2.0f, -0.0f, 5.0f, 4.0f};
    assert_true(attn_max_f32(w, 4, -INFINITY) == 3.0f);
    assert_true(attn_max_f32(w, 9, -INFINITY) == INFINITY);
    assert_true(attn_max_f32(w + 6, 1, 0.0f) == 0.0f && !signbit(attn_max_f32(w + 6, 1, 0.0f)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exp_edges),
        cmocka_unit_test(test_exp_grid),
        cmocka_unit_test(test_max_and_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
