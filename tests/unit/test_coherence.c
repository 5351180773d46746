/* test_coherence.c - selection-coherence statistics (coherence.h, SPEC §5.2)
 * on hand-built selections whose values are worked out by hand below. */
#include "testutil.h"

#include "coherence.h"
#include "data.h"

#include <math.h>
#include <stdlib.h>

#define EXACT 1e-12

static struct sel_coherence measure(int64_t B, int64_t H, int64_t T, int32_t w, const int32_t *sel,
                                    int64_t nb) {
    struct sel_coherence c;
    assert_int_equal(coherence_measure(B, H, T, w, sel, nb, &c), ATTN_OK);
    return c;
}

/* Every row selects {3,1,2,0}: overlap 1, k = 4 distinct per tile (two tiles),
 * one hot block (nb = 10 < 100) holds 256 of the 1024 selections. */
static void test_fully_coherent(void **state) {
    (void)state;
    int32_t sel[256 * 4];
    for (int t = 0; t < 256; t++) {
        sel[t * 4 + 0] = 3, sel[t * 4 + 1] = 1, sel[t * 4 + 2] = 2, sel[t * 4 + 3] = 0;
    }
    struct sel_coherence c = measure(1, 1, 256, 4, sel, 10);
    assert_close(c.adjacent_overlap, 1.0, EXACT, 0);
    assert_close(c.tile_distinct, 4.0, EXACT, 0);
    assert_close(c.hot_share, 0.25, EXACT, 0);
}

/* Row t selects {2t, 2t+1}: nothing shared, 128 * 2 distinct in the one tile;
 * nb = 256 gives ceil(2.56) = 3 hot blocks of count 1 each: 3 / 256. */
static void test_all_different(void **state) {
    (void)state;
    int32_t sel[128 * 2];
    for (int t = 0; t < 128; t++)
        sel[t * 2] = 2 * t, sel[t * 2 + 1] = 2 * t + 1;
    struct sel_coherence c = measure(1, 1, 128, 2, sel, 256);
    assert_close(c.adjacent_overlap, 0.0, EXACT, 0);
    assert_close(c.tile_distinct, 256.0, EXACT, 0);
    assert_close(c.hot_share, 3.0 / 256.0, EXACT, 0);
}

/* Rows {0,1,2}, {1,2,-1}, {2,5,5}: pair 0-1 shares {1,2} of k = max(3,2) = 3,
 * pair 1-2 shares {2} of max(2,2) = 2 (the duplicate 5 counts once): mean
 * (2/3 + 1/2) / 2 = 7/12.  Distinct {0,1,2,5} = 4.  Counts 0:1 1:2 2:3 5:1,
 * the hot block (2) holds 3 of 7. */
static void test_padding_and_duplicates(void **state) {
    (void)state;
    const int32_t sel[] = {0, 1, 2, 1, 2, -1, 2, 5, 5};
    struct sel_coherence c = measure(1, 1, 3, 3, sel, 8);
    assert_close(c.adjacent_overlap, 7.0 / 12.0, EXACT, 0);
    assert_close(c.tile_distinct, 4.0, EXACT, 0);
    assert_close(c.hot_share, 3.0 / 7.0, EXACT, 0);
    /* padding first in a row changes nothing */
    const int32_t sel2[] = {0, 1, 2, -1, 1, 2, 5, 2, 5};
    c = measure(1, 1, 3, 3, sel2, 8);
    assert_close(c.adjacent_overlap, 7.0 / 12.0, EXACT, 0);
    /* ids at or past nb are ignored like padding: row 2 is then {2}: 1/2 then 1/2... */
    const int32_t sel3[] = {0, 1, 2, 1, 2, -1, 2, 9, 9};
    c = measure(1, 1, 3, 3, sel3, 8);
    assert_close(c.adjacent_overlap, (2.0 / 3.0 + 1.0 / 2.0) / 2, EXACT, 0);
    assert_close(c.tile_distinct, 3.0, EXACT, 0);
}

/* Groups are separate sequences: g0 = {0},{0}, g1 = {0},{2}.  Pairs within a
 * group only: (1 + 0) / 2 (pairing g0's last row with g1's first would give
 * 2/3).  Tiles: 1 and 2 distinct. */
static void test_groups_apart(void **state) {
    (void)state;
    const int32_t sel[] = {0, 0, 0, 2};
    struct sel_coherence c = measure(1, 2, 2, 1, sel, 4);
    assert_close(c.adjacent_overlap, 0.5, EXACT, 0);
    assert_close(c.tile_distinct, 1.5, EXACT, 0);
    /* hot blocks are per group: g0 {0},{0}, g1 {1},{1} -> every selection is
     * on its group's hot block (one global hot block would give 1/2) */
    const int32_t sel2[] = {0, 0, 1, 1};
    c = measure(1, 2, 2, 1, sel2, 4);
    assert_close(c.hot_share, 1.0, EXACT, 0);
    /* batch counts like groups */
    c = measure(2, 1, 2, 1, sel2, 4);
    assert_close(c.hot_share, 1.0, EXACT, 0);
    assert_close(c.adjacent_overlap, 1.0, EXACT, 0);
}

/* Tiles of 128 rows: row t selects {t / 64} over 130 rows.  Tile 0 (rows
 * 0..127) sees {0,1}, tile 1 (rows 128, 129) sees {2}: (2 + 1) / 2.  Of the
 * 129 pairs two cross a change (63-64, 127-128): 127 / 129.  Counts 64, 64,
 * 2 with one hot block: 64 / 130. */
static void test_tiles(void **state) {
    (void)state;
    int32_t sel[130];
    for (int t = 0; t < 130; t++)
        sel[t] = t / 64;
    struct sel_coherence c = measure(1, 1, 130, 1, sel, 3);
    assert_close(c.tile_distinct, 1.5, EXACT, 0);
    assert_close(c.adjacent_overlap, 127.0 / 129.0, EXACT, 0);
    assert_close(c.hot_share, 64.0 / 130.0, EXACT, 0);
}

/* nb = 1000: ceil(1%) = 10 hot blocks.  Row t (of 100) selects {t % 20}:
 * counts 5 on each of 20 blocks, the 10 hottest hold 50 of 100. */
static void test_hot_count(void **state) {
    (void)state;
    int32_t sel[100];
    for (int t = 0; t < 100; t++)
        sel[t] = t % 20;
    struct sel_coherence c = measure(1, 1, 100, 1, sel, 1000);
    assert_close(c.hot_share, 0.5, EXACT, 0);
    /* nb = 1001: ceil(10.01) = 11 hot blocks -> 55 of 100 */
    c = measure(1, 1, 100, 1, sel, 1001);
    assert_close(c.hot_share, 0.55, EXACT, 0);
}

static void test_undefined(void **state) {
    (void)state;
    const int32_t one[] = {4, 5};
    struct sel_coherence c = measure(1, 1, 1, 2, one, 8);
    assert_true(isnan(c.adjacent_overlap)); /* no adjacent pair */
    assert_close(c.tile_distinct, 2.0, EXACT, 0);
    assert_close(c.hot_share, 0.5, EXACT, 0);
    const int32_t pad[] = {-1, -1, -1, -1};
    c = measure(1, 1, 2, 2, pad, 8);
    assert_true(isnan(c.adjacent_overlap) && isnan(c.tile_distinct) && isnan(c.hot_share));
    assert_int_equal(coherence_measure(1, 1, 0, 2, pad, 8, &c), ATTN_ERR_INVALID);
    assert_int_equal(coherence_measure(1, 1, 2, 2, pad, 0, &c), ATTN_ERR_INVALID);
    assert_int_equal(coherence_measure(1, 1, 2, 2, NULL, 8, &c), ATTN_ERR_INVALID);
}

/* `coherent` inputs (data_coherence.c): every index query row of every group is
 * e0 and key j's index is e0 / (1 + j), for a batch of 2, 2 groups and N not a
 * multiple of any block; the rows must not depend on their (batch, row, group). */
static void test_coherent_inputs(void **state) {
    (void)state;
    const struct attn_shape s = {.batch = 2,
                                 .seq_len = 301,
                                 .q_len = 301,
                                 .heads_q = 4,
                                 .heads_kv = 2,
                                 .head_dim = 8,
                                 .index_dim = 4,
                                 .mode = ATTN_PREFILL,
                                 .causal = true};
    struct data_spec spec = {.kind = DATA_COHERENT, .seed = 3};
    struct attn_inputs in;
    assert_int_equal(data_make(&spec, &s, &in), ATTN_OK);
    const int64_t di = s.index_dim;
    for (int64_t r = 0; r < s.batch * s.q_len * s.heads_kv; r++)
        for (int64_t x = 0; x < di; x++)
            assert_true(in.qidx[r * di + x] == (x == 0 ? 1.0f : 0.0f));
    for (int64_t r = 0; r < s.batch * s.seq_len; r++)
        for (int64_t x = 0; x < di; x++)
            assert_true(in.kidx[r * di + x] ==
                        (x == 0 ? (float)(1.0 / (1.0 + (double)(r % s.seq_len))) : 0.0f));
    data_free(&in);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fully_coherent), cmocka_unit_test(test_coherent_inputs),
        cmocka_unit_test(test_all_different),  cmocka_unit_test(test_padding_and_duplicates),
        cmocka_unit_test(test_groups_apart),   cmocka_unit_test(test_tiles),
        cmocka_unit_test(test_hot_count),      cmocka_unit_test(test_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
