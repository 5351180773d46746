/* test_sel_bytes.c - src/sel_bytes.c: the tokens a selection really reads per
 * (batch, KV group), by hand, for every layout: group block rows (the last
 * block partial), per-head block rows (a group's G heads pooled), token rows
 * (duplicates and -1 padding counted once / not), NONE refused. */
#include "testutil.h"

#include "sel_bytes.h"

static struct attn_shape shape(int64_t hq) {
    return (struct attn_shape){.batch = 1,
                               .seq_len = 10,
                               .q_len = 2,
                               .heads_q = hq,
                               .heads_kv = 2,
                               .head_dim = 8,
                               .index_dim = 8,
                               .mode = ATTN_DECODE,
                               .causal = true};
}

static void test_group_blocks(void **state) {
    (void)state;
    const struct attn_shape s = shape(2);
    /* Bk 4, N 10: blocks of 4, 4, 2 tokens.  group 0 reads {0, 1}, group 1 {2} */
    const int32_t sel[2 * 2 * 2] = {0, 1, 1, -1, 2, 2, -1, -1};
    assert_true(sel_union_tokens(&s, 4, sel, 2) == 10);
    assert_true(sel_union_tokens_layout(ATTN_SEL_GROUP_BLOCKS, &s, 4, sel, 2) == 10);
}

static void test_head_blocks(void **state) {
    (void)state;
    const struct attn_shape s = shape(4); /* G = 2: heads 0, 1 -> group 0; 2, 3 -> group 1 */
    const int32_t sel[4 * 2 * 2] = {0, -1, 0,  -1, /* head 0 */
                                    2, -1, 2,  -1, /* head 1: group 0 reads {0, 2} = 6 */
                                    1, -1, 1,  -1, /* head 2 */
                                    1, -1, -1, -1 /* head 3: group 1 reads {1} = 4 */};
    assert_true(sel_union_tokens_layout(ATTN_SEL_HEAD_BLOCKS, &s, 4, sel, 2) == 10);
}

static void test_group_tokens(void **state) {
    (void)state;
    const struct attn_shape s = shape(4);
    const int32_t sel[2 * 2 * 3] = {0, 1, 9,  1,  5,  -1, /* group 0: {0, 1, 5, 9} */
                                    3, 3, -1, -1, -1, -1 /* group 1: {3} */};
    assert_true(sel_union_tokens_layout(ATTN_SEL_GROUP_TOKENS, &s, 4, sel, 3) == 5);
    assert_true(sel_union_tokens_layout(ATTN_SEL_NONE, &s, 4, sel, 3) < 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_blocks),
        cmocka_unit_test(test_head_blocks),
        cmocka_unit_test(test_group_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
