/* test_fp8_round.c - the e4m3 rounding of index-query rows (msa_fp8_round.h)
 * against brute force: every code's value, the midpoints between neighbours
 * (ties to the even code) and just either side, saturation, the subnormal
 * range and below, and seeded random doubles; the row exponent's range; and
 * the row rounding's fixed points. */
#include "msa/msa_fp8_round.h"
#include "testutil.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>

/* The nearest finite code of x's sign by search over all of them, ties to the
 * code with mantissa LSB 0 (same-sign codes are monotonic in value, so of two
 * neighbours exactly one is even). */
static uint8_t brute_rne(double x) {
    const uint8_t sign = signbit(x) ? 0x80 : 0;
    const double a = fabs(x);
    int best = -1;
    double bd = INFINITY;
    for (int c = 0; c <= 0x7e; c++) {
        const double d = fabs(msa_e4m3_value((uint8_t)c) - a);
        if (d < bd || (d == bd && (c & 1) == 0)) {
            best = c;
            bd = d;
        }
    }
    return sign | (uint8_t)best;
}

static void check_one(double x) {
    for (int s = 0; s < 2; s++) {
        const double v = s ? -x : x;
        const uint8_t got = msa_e4m3_rne(v), want = brute_rne(v);
        if (got != want) {
            print_error("msa_e4m3_rne(%.17g) = 0x%02x, brute force 0x%02x\n", v, got, want);
            fail();
        }
    }
}

static void test_codes_and_midpoints(void **state) {
    (void)state;
    for (int c = 0; c <= 0x7e; c++) {
        const double v = msa_e4m3_value((uint8_t)c);
        assert_int_equal(msa_e4m3_rne(v), c); /* every value is its own code */
        assert_int_equal(msa_e4m3_rne(-v), c | 0x80);
        check_one(v);
        check_one(nextafter(v, INFINITY));
        if (v > 0)
            check_one(nextafter(v, 0));
        if (c < 0x7e) {
            const double mid = 0.5 * (v + msa_e4m3_value((uint8_t)(c + 1)));
            const uint8_t even = (c & 1) ? (uint8_t)(c + 1) : (uint8_t)c;
            assert_int_equal(msa_e4m3_rne(mid), even);
            assert_int_equal(msa_e4m3_rne(-mid), even | 0x80);
            check_one(mid);
            check_one(nextafter(mid, 0));
            check_one(nextafter(mid, INFINITY));
            assert_int_equal(msa_e4m3_rne(nextafter(mid, 0)), c);
            assert_int_equal(msa_e4m3_rne(nextafter(mid, INFINITY)), c + 1);
        }
    }
    /* saturation: 448 is 0x7e; 464 (the midpoint to an e4m3 480 that does not exist) and up */
    const double big[] = {448, 448.5, 463.99, 464, 465, 480, 1e4, 1e300, DBL_MAX};
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
        assert_int_equal(msa_e4m3_rne(big[i]), 0x7e);
        assert_int_equal(msa_e4m3_rne(-big[i]), 0xfe);
        check_one(big[i]);
    }
    assert_int_equal(msa_e4m3_rne(INFINITY), 0x7e);
    assert_int_equal(msa_e4m3_rne(-INFINITY), 0xfe);
    assert_int_equal(msa_e4m3_rne(NAN), 0x7f);
}

static void test_zero_and_tiny(void **state) {
    (void)state;
    assert_int_equal(msa_e4m3_rne(0.0), 0x00);
    assert_int_equal(msa_e4m3_rne(-0.0), 0x80); /* cvt keeps the sign of zero */
    const double sub = 0x1p-9;                  /* smallest subnormal */
    assert_int_equal(msa_e4m3_rne(sub), 0x01);
    assert_int_equal(msa_e4m3_rne(sub / 2), 0x00); /* tie with 0: even is 0 */
    assert_int_equal(msa_e4m3_rne(-sub / 2), 0x80);
    assert_int_equal(msa_e4m3_rne(nextafter(sub / 2, 1)), 0x01);
    assert_int_equal(msa_e4m3_rne(-nextafter(sub / 2, 1)), 0x81);
    assert_int_equal(msa_e4m3_rne(1.5 * sub), 0x02); /* tie 1|2: even 2 */
    assert_int_equal(msa_e4m3_rne(7.5 * sub), 0x08); /* tie 7|8: 2^-6, the smallest normal */
    const double tiny[] = {sub / 2, sub / 4, 1e-10, 1e-300, DBL_TRUE_MIN, 0x1p-7, 0x1p-6};
    for (size_t i = 0; i < sizeof tiny / sizeof tiny[0]; i++)
        check_one(tiny[i]);
    assert_int_equal(msa_e4m3_rne(DBL_TRUE_MIN), 0x00);
    assert_int_equal(msa_e4m3_rne(-1e-300), 0x80);
}

/* splitmix64: a seeded stream, the same on every platform */
static uint64_t next_u64(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static double next_unit(uint64_t *s) {
    return (double)(next_u64(s) >> 11) * 0x1p-53;
}

static void test_random(void **state) {
    (void)state;
    uint64_t seed = 0x5eed8;
    for (int i = 0; i < 100000; i++) {
        double x;
        if (i % 2) /* uniform in [-600, 600] */
            x = 1200 * next_unit(&seed) - 600;
        else /* varied exponents: mantissa in [1, 2), exponent in [-14, 9] */
            x = ldexp(1 + next_unit(&seed), (int)(next_u64(&seed) % 24) - 14) *
                ((next_u64(&seed) & 1) ? -1 : 1);
        const uint8_t got = msa_e4m3_rne(x), want = brute_rne(x);
        if (got != want) {
            print_error("msa_e4m3_rne(%.17g) = 0x%02x, brute force 0x%02x\n", x, got, want);
            fail();
        }
    }
}

static void check_exp(double amax) {
    const int e = msa_fp8_row_exp(amax);
    const double y = ldexp(amax, -e);
    if (!(y > 224 && y <= 448)) {
        print_error("msa_fp8_row_exp(%.17g) = %d: amax * 2^-e = %.17g outside (224, 448]\n", amax,
                    e, y);
        fail();
    }
}

static void test_row_exp(void **state) {
    (void)state;
    assert_int_equal(msa_fp8_row_exp(0), 0);
    assert_int_equal(msa_fp8_row_exp(INFINITY), 0);
    assert_int_equal(msa_fp8_row_exp(NAN), 0);
    assert_int_equal(msa_fp8_row_exp(1.0), -8);        /* 1 -> 256 */
    assert_int_equal(msa_fp8_row_exp(448.0), 0);       /* the top itself stays */
    assert_int_equal(msa_fp8_row_exp(449.0), 1);       /* just above: 224.5 */
    assert_int_equal(msa_fp8_row_exp(224.0), -1);      /* 448 */
    assert_int_equal(msa_fp8_row_exp(0x1p-133), -141); /* bf16's smallest subnormal */
    for (int k = -140; k <= 130; k++) {
        const double p = ldexp(1, k), t = ldexp(448, k);
        assert_int_equal(msa_fp8_row_exp(p), k - 8);
        assert_int_equal(msa_fp8_row_exp(t), k);
        assert_int_equal(msa_fp8_row_exp(nextafter(t, INFINITY)), k + 1);
        assert_int_equal(msa_fp8_row_exp(nextafter(t, 0)), k);
        const double edge[] = {p,
                               nextafter(p, 0),
                               nextafter(p, INFINITY),
                               t,
                               nextafter(t, 0),
                               nextafter(t, INFINITY),
                               ldexp(224, k),
                               nextafter(ldexp(224, k), INFINITY),
                               ldexp(1.9921875, k)};
        for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
            check_exp(edge[i]);
    }
    /* bf16 extremes: largest finite, smallest normal, smallest subnormal */
    check_exp(0x1.fep127);
    check_exp(0x1p-126);
    check_exp(0x1p-133);
    check_exp(DBL_MAX);
    check_exp(DBL_TRUE_MIN);
    uint64_t seed = 77;
    for (int i = 0; i < 20000; i++)
        check_exp(ldexp(1 + next_unit(&seed), (int)(next_u64(&seed) % 300) - 150));
}

static bool rows_equal(const double *a, const double *b, int n) {
    for (int i = 0; i < n; i++)
        if (!(a[i] == b[i]) || signbit(a[i]) != signbit(b[i]))
            return false;
    return true;
}

static void test_row_round(void **state) {
    (void)state;
    enum { DI = 16 };
    double row[DI], out[DI], again[DI];
    /* e4m3 values times 2^k, the max at 448 * 2^k, 256 * 2^k or 240 * 2^k (scale 2^k
     * each: 240 = 480 / 2): exact */
    double base[DI] = {448, -3.5,  0.25,   0x1p-9, -0x1p-8, 2,   0,   -0.0,
                       -96, 0.875, 0x1p-6, 13,     -416,    1.0, 208, -0.5};
    const double tops[3][2] = {{448, -416}, {256, -240}, {240, -224}};
    for (int top = 0; top < 3; top++)
        for (int k = -20; k <= 20; k += 5) {
            base[0] = tops[top][0];
            base[12] = tops[top][1];
            for (int i = 0; i < DI; i++)
                row[i] = ldexp(base[i], k);
            assert_int_equal(msa_fp8_row_exp(row[0]), k);
            msa_qidx_round_fp8(row, DI, out);
            assert_true(rows_equal(row, out, DI));
            msa_qidx_round_fp8(out, DI, again);
            assert_true(rows_equal(out, again, DI));
        }
    /* zeros stay zero (signs too), and an all-zero row is left alone */
    for (int i = 0; i < DI; i++)
        row[i] = (i & 1) ? -0.0 : 0.0;
    msa_qidx_round_fp8(row, DI, out);
    assert_true(rows_equal(row, out, DI));
    /* a row whose max rounds down to 224 * 2^e: the rounded row's exponent is one
     * lower, and rounding it again changes nothing */
    row[0] = 225;
    row[1] = 1.1;
    row[2] = -0.013;
    msa_qidx_round_fp8(row, 3, out);
    assert_true(out[0] == 224);
    assert_int_equal(msa_fp8_row_exp(out[0]), msa_fp8_row_exp(row[0]) - 1);
    msa_qidx_round_fp8(out, 3, again);
    assert_true(rows_equal(out, again, 3));
    /* random rows (bf16-like values, varied scales): idempotent, in place the same */
    uint64_t seed = 99;
    for (int it = 0; it < 2000; it++) {
        const int k = (int)(next_u64(&seed) % 60) - 30;
        for (int i = 0; i < DI; i++) {
            const float f = (float)ldexp(2 * next_unit(&seed) - 1, k);
            row[i] = (double)f;
        }
        msa_qidx_round_fp8(row, DI, out);
        for (int i = 0; i < DI; i++) /* each value is e4m3 * 2^e, within half a step */
            assert_true(fabs(out[i] - row[i]) <= fabs(row[i]) / 16 + ldexp(1, k - 17));
        msa_qidx_round_fp8(out, DI, again);
        assert_true(rows_equal(out, again, DI));
        msa_qidx_round_fp8(row, DI, row); /* in place */
        assert_true(rows_equal(out, row, DI));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_and_midpoints),
        cmocka_unit_test(test_zero_and_tiny),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_row_exp),
        cmocka_unit_test(test_row_round),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
