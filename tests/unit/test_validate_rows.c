/* test_validate_rows.c - the rows the runner validates (validate_rows.h):
 * the edge rows always (first, last, both sides of the first block
 * boundaries, the first rows of the last block), the seeded sample on top,
 * sorted and distinct, in prefill and decode. */
#include "testutil.h"

#include "validate_rows.h"

#include <stdbool.h>
#include <stdlib.h>

static bool has(const int64_t *r, int64_t n, int64_t x) {
    for (int64_t i = 0; i < n; i++)
        if (r[i] == x)
            return true;
    return false;
}

static struct attn_shape shape(int64_t N, int64_t T) {
    struct attn_shape s = {.batch = 1,
                           .seq_len = N,
                           .q_len = T,
                           .heads_q = 1,
                           .heads_kv = 1,
                           .head_dim = 1,
                           .index_dim = 1,
                           .causal = true};
    return s;
}

static void test_prefill_edges(void **state) {
    (void)state;
    const int64_t N = 4096 + 37, bk = 64, nrand = 16;
    struct attn_shape s = shape(N, N);
    int64_t rows[VALIDATE_EDGE_MAX + 16];
    const int64_t n = validate_rows_pick(&s, bk, nrand, 7, rows);
    assert_true(n <= VALIDATE_EDGE_MAX + nrand);
    const int64_t want[] = {0,   N - 1, 63,  64,  127,         128,
                            191, 192,   255, 256, N / bk * bk, N / bk * bk + 1};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!has(rows, n, want[i]))
            fail_msg("edge row %lld missing", (long long)want[i]);
    for (int64_t i = 1; i < n; i++)
        assert_true(rows[i] > rows[i - 1]);
    /* the random sample is there too: more rows than the 12 edges */
    assert_true(n >= 12 + nrand - 2);
    /* seeded: two seeds give different samples, one seed the same */
    int64_t again[VALIDATE_EDGE_MAX + 16], other[VALIDATE_EDGE_MAX + 16];
    assert_int_equal(validate_rows_pick(&s, bk, nrand, 7, again), n);
    for (int64_t i = 0; i < n; i++)
        assert_int_equal(again[i], rows[i]);
    const int64_t m = validate_rows_pick(&s, bk, nrand, 8, other);
    bool differ = m != n;
    for (int64_t i = 0; i < n && !differ; i++)
        differ = other[i] != rows[i];
    assert_true(differ);
}

static void test_decode_and_tiny(void **state) {
    (void)state;
    int64_t rows[VALIDATE_EDGE_MAX + 4];
    /* decode q_len 8 straddling a boundary: positions 4092..4099 */
    struct attn_shape s = shape(4100, 8);
    int64_t n = validate_rows_pick(&s, 64, 1, 3, rows);
    /* first, last, both sides of 4096 (rows 3 and 4), the last block's first two (4, 5) */
    const int64_t want[] = {0, 7, 3, 4, 5};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!has(rows, n, want[i]))
            fail_msg("decode edge row %lld missing", (long long)want[i]);
    for (int64_t i = 0; i < n; i++)
        assert_true(rows[i] >= 0 && rows[i] < 8);
    /* q_len 1: the single row, once */
    s = shape(5000, 1);
    n = validate_rows_pick(&s, 64, 4, 3, rows);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0], 0);
    /* fewer rows than a block */
    s = shape(10, 10);
    n = validate_rows_pick(&s, 64, 3, 3, rows);
    assert_true(has(rows, n, 0) && has(rows, n, 9) && has(rows, n, 1));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefill_edges),
        cmocka_unit_test(test_decode_and_tiny),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
