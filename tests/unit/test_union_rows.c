/* test_union_rows.c - union_rows (kernels/common/union_rows.h), the merge behind nsa/cuda/ws's
 * tiles, against brute force: seeded random rows of 1..32 tokens (ascending ids, -1 slots
 * anywhere, repeated ids), identical rows (every mask full), row 31's bit, empty rows, and a
 * list cut short by its width. */
#include "common/union_rows.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXT = 32, MAXK = 24, MAXID = 64 };

static uint64_t rng_state = 12345;
static uint32_t next_u32(void) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

/* Checks union_rows(rows, k, nt, ., ., w) against the set of ids each row holds. */
static void check(const int32_t *rows, int k, int nt, int w) {
    uint32_t want[MAXID] = {0};
    for (int i = 0; i < nt; i++)
        for (int j = 0; j < k; j++)
            if (rows[i * k + j] >= 0)
                want[rows[i * k + j]] |= 1u << i;
    int32_t list[MAXT * MAXK + 1];
    uint32_t mask[MAXT * MAXK + 1];
    memset(list, 0x5a, sizeof list);
    memset(mask, 0x5a, sizeof mask);
    const int n = union_rows(rows, k, nt, list, mask, w);
    int e = 0;
    for (int id = 0; id < MAXID; id++) {
        if (!want[id])
            continue;
        if (e == w)
            break;
        if (e >= n || list[e] != id || mask[e] != want[id]) {
            print_error("nt %d k %d w %d: entry %d is (%d, 0x%x), want (%d, 0x%x)\n", nt, k, w, e,
                        e < n ? list[e] : -2, e < n ? mask[e] : 0, id, want[id]);
            fail();
        }
        e++;
    }
    if (n != e) {
        print_error("nt %d k %d w %d: %d entries, want %d\n", nt, k, w, n, e);
        fail();
    }
    for (int j = n; j < w; j++)
        if (list[j] != -1 || mask[j] != 0) {
            print_error("nt %d k %d w %d: padding %d is (%d, 0x%x)\n", nt, k, w, j, list[j],
                        mask[j]);
            fail();
        }
    if (list[w] != 0x5a5a5a5a || mask[w] != 0x5a5a5a5au) {
        print_error("nt %d k %d w %d: wrote past the width\n", nt, k, w);
        fail();
    }
}

/* Row i: ascending ids from [0, MAXID), each kept with probability keep/8 and repeated now
 * and then, -1 slots inserted anywhere, then -1 to k. */
static void random_rows(int32_t *rows, int k, int nt, int keep) {
    for (int i = 0; i < nt; i++) {
        int j = 0;
        for (int id = 0; id < MAXID && j < k; id++) {
            if ((int)(next_u32() % 8) >= keep)
                continue;
            if (j < k && next_u32() % 6 == 0)
                rows[i * k + j++] = -1;
            if (j < k)
                rows[i * k + j++] = id;
            if (j < k && next_u32() % 10 == 0)
                rows[i * k + j++] = id;
        }
        while (j < k)
            rows[i * k + j++] = -1;
    }
}

static void test_random(void **state) {
    (void)state;
    int32_t rows[MAXT * MAXK];
    for (int it = 0; it < 3000; it++) {
        const int nt = 1 + (int)(next_u32() % MAXT), k = 1 + (int)(next_u32() % MAXK);
        random_rows(rows, k, nt, 1 + (int)(next_u32() % 7));
        check(rows, k, nt, nt * k);
        check(rows, k, nt, 1 + (int)(next_u32() % (nt * k)));
    }
}

static void test_edges(void **state) {
    (void)state;
    int32_t rows[MAXT * MAXK];
    /* 32 identical rows: every mask all ones, bit 31 included */
    for (int i = 0; i < MAXT; i++)
        for (int j = 0; j < 4; j++)
            rows[i * 4 + j] = 3 * j + 1;
    check(rows, 4, MAXT, MAXT * 4);
    int32_t list[4];
    uint32_t mask[4];
    assert_int_equal(union_rows(rows, 4, MAXT, list, mask, 4), 4);
    assert_int_equal(mask[0], 0xffffffffu);
    /* empty rows: nothing, all padding */
    for (int i = 0; i < 8 * 3; i++)
        rows[i] = -1;
    check(rows, 3, 8, 24);
    assert_int_equal(union_rows(rows, 3, 8, list, mask, 3), 0);
    /* only row 31 holds a block */
    for (int i = 0; i < MAXT * 2; i++)
        rows[i] = -1;
    rows[31 * 2 + 1] = 7;
    check(rows, 2, MAXT, MAXT * 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_random), cmocka_unit_test(test_edges)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
