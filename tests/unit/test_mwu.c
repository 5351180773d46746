/* test_mwu.c - stats_mann_whitney_p against published values and against
 * brute-force enumeration of the exact null distribution. */
#include "stats.h"
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* R's ?wilcox.test example, after Hollander & Wolfe (1973), p. 69: permeability
 * of the chorioamnion at term (x) and at 12-26 weeks (y).  R prints
 * W = 35, p-value = 0.1272 for alternative = "greater" (exact, no ties), so the
 * two-sided p is twice that: 2 * 0.127206... = 0.2544 (exact: 0.254412254...,
 * the count of orderings with U >= 35 over C(15,5) = 3003, times 2). */
static void test_hollander_wolfe_exact(void **state) {
    (void)state;
    const double x[] = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
    const double y[] = {1.15, 0.88, 0.90, 0.74, 1.21};
    double p = stats_mann_whitney_p(x, 10, y, 5);
    assert_close(p, 0.2544122544122544, 1e-12, 0);
    assert_close(stats_mann_whitney_p(y, 5, x, 10), p, 1e-12, 0); /* symmetric */
}

/* R's ?wilcox.test example with ties (normal approximation, tie and continuity
 * correction): wilcox.test(Ozone ~ Month, data = airquality,
 * subset = Month %in% c(5, 8)) prints W = 127.5, p-value = 0.0001208.
 * Ozone of May and August 1973 with the NAs dropped (26 values each). */
static void test_airquality_ties_normal(void **state) {
    (void)state;
    const double may[] = {41, 36, 12, 18, 28, 23, 19, 8, 7,  16, 11, 14,  18,
                          14, 34, 6,  30, 11, 1,  11, 4, 32, 23, 45, 115, 37};
    const double aug[] = {39, 9,  16, 78, 35, 66, 122, 89,  110, 44, 28,  65, 22,
                          59, 23, 31, 44, 21, 9,  45,  168, 73,  76, 118, 84, 85};
    double p = stats_mann_whitney_p(may, 26, aug, 26);
    assert_close(p, 0.0001208, 5e-8, 0);              /* R's printed digits */
    assert_close(p, 0.00012080783076877465, 0, 1e-9); /* the formula, evaluated by hand */
}

/* Complete separation of 5 and 5: only 1 of C(10,5) = 252 orderings is as
 * extreme on each side: p = 2/252 (textbook, e.g. Siegel's table). */
static void test_separated(void **state) {
    (void)state;
    const double a[] = {1, 2, 3, 4, 5}, b[] = {6, 7, 8, 9, 10};
    assert_close(stats_mann_whitney_p(a, 5, b, 5), 2.0 / 252, 1e-15, 0);
    assert_close(stats_mann_whitney_p(b, 5, a, 5), 2.0 / 252, 1e-15, 0);
    /* three against three can never be significant at 0.05: p = 2/20 */
    assert_close(stats_mann_whitney_p(a, 3, b, 3), 0.1, 1e-15, 0);
}

/* Large samples without ties go to the normal approximation: a = 0..59,
 * b = 10.5..69.5; U = 1225, sigma^2 = 60*60*121/12, z = (1225 - 1800 + 0.5)/sigma,
 * p = erfc(|z|/sqrt 2) = 0.0025668879435 (evaluated by hand). */
static void test_large_normal(void **state) {
    (void)state;
    double a[60], b[60];
    for (int i = 0; i < 60; i++) {
        a[i] = i;
        b[i] = i + 10.5;
    }
    assert_close(stats_mann_whitney_p(a, 60, b, 60), 0.0025668879435241797, 0, 1e-9);
}

/* The largest exact case (49 and 49: C(98,49) ~ 2.5e28 orderings, beyond
 * 2^53, so the counts are rounded doubles).  Reference: the Gaussian binomial
 * [98 choose 49]_q, whose coefficients are the null counts of U, expanded
 * with exact integers (Python fractions): U = 820, p = 0.006556364983585623.
 * The normal approximation would say 0.00693 here: exactness matters. */
static void test_exact_large_counts(void **state) {
    (void)state;
    double a[49], b[49];
    for (int i = 0; i < 49; i++) {
        a[i] = i;
        b[i] = i + 8.5;
    }
    assert_close(stats_mann_whitney_p(a, 49, b, 49), 0.006556364983585623, 0, 1e-12);
}

/* Exact p by enumerating every way to give na of the n ranks to a. */
static double brute_p(const double *a, size_t na, const double *b, size_t nb) {
    size_t n = na + nb;
    double all[24];
    for (size_t i = 0; i < na; i++)
        all[i] = a[i];
    for (size_t i = 0; i < nb; i++)
        all[na + i] = b[i];
    /* U of the observed samples */
    double u = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            u += a[i] > b[j];
    double lo = 0, hi = 0, tot = 0;
    for (uint32_t m = 0; m < (1u << n); m++) {
        if ((size_t)__builtin_popcount(m) != na)
            continue;
        /* U of this assignment: pairs (in a, not in a) with the a value larger */
        double uu = 0;
        for (size_t i = 0; i < n; i++)
            if (m >> i & 1)
                for (size_t j = 0; j < n; j++)
                    if (!(m >> j & 1))
                        uu += all[i] > all[j];
        tot++;
        lo += uu <= u;
        hi += uu >= u;
    }
    double p = 2 * (u > (double)(na * nb) / 2 ? hi : lo) / tot;
    return p < 1 ? p : 1;
}

static void test_exact_vs_enumeration(void **state) {
    (void)state;
    srand(12345);
    const size_t sizes[][2] = {{1, 1}, {1, 7}, {2, 9}, {4, 4}, {6, 3}, {7, 8}, {9, 9}, {5, 11}};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        for (int rep = 0; rep < 6; rep++) {
            size_t na = sizes[s][0], nb = sizes[s][1];
            double a[12], b[12];
            /* distinct values (no ties); b shifted by a varying amount */
            for (size_t i = 0; i < na; i++)
                a[i] = rand() / (double)RAND_MAX;
            for (size_t i = 0; i < nb; i++)
                b[i] = rand() / (double)RAND_MAX + 0.15 * rep;
            double want = brute_p(a, na, b, nb);
            double got = stats_mann_whitney_p(a, na, b, nb);
            assert_close(got, want, 1e-12, 1e-12);
        }
    }
}

/* Degenerate inputs: no evidence of a difference, p = 1; NaNs are dropped. */
static void test_degenerate(void **state) {
    (void)state;
    const double a[] = {2, 2, 2, 2}, b[] = {2, 2, 2};
    assert_close(stats_mann_whitney_p(a, 4, b, 3), 1.0, 0, 0);
    assert_close(stats_mann_whitney_p(a, 0, b, 3), 1.0, 0, 0);
    const double c[] = {1, NAN, 2, 3, 4, 5}, d[] = {6, 7, INFINITY, 8, 9, 10};
    assert_close(stats_mann_whitney_p(c, 6, d, 6), 2.0 / 252, 1e-15, 0);
    /* identical samples sit at the centre: p = 1 */
    const double e[] = {1, 3, 5}, f[] = {0, 2, 6}; /* U = 5: P(U >= 5) = 10/20 */
    assert_close(stats_mann_whitney_p(e, 3, f, 3), 1.0, 0, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hollander_wolfe_exact),
        cmocka_unit_test(test_airquality_ties_normal),
        cmocka_unit_test(test_separated),
        cmocka_unit_test(test_large_normal),
        cmocka_unit_test(test_exact_vs_enumeration),
        cmocka_unit_test(test_degenerate),
        cmocka_unit_test(test_exact_large_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
