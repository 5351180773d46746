/* validate_rows.c - the edge rows plus the random sample (validate_rows.h). */
#include "validate_rows.h"

#include <stdlib.h>

#include "recall.h"

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Adds the query row at absolute position pos, if the query range holds it. */
static void add_pos(const struct attn_shape *s, int64_t pos, int64_t *rows, int64_t *n) {
    const int64_t t = pos - (s->seq_len - s->q_len);
    if (t >= 0 && t < s->q_len && *n < VALIDATE_EDGE_MAX)
        rows[(*n)++] = t;
}

int64_t validate_rows_pick(const struct attn_shape *s, int64_t bk, int64_t n_random, uint64_t seed,
                           int64_t *rows) {
    if (s->q_len <= 0)
        return 0;
    if (bk <= 0)
        bk = 64;
    int64_t n = 0;
    const int64_t first = s->seq_len - s->q_len, last = s->seq_len - 1;
    add_pos(s, first, rows, &n);
    add_pos(s, last, rows, &n);
    const int64_t b0 = first / bk; /* boundaries from the first query's block on */
    for (int64_t b = b0 + 1; b <= b0 + VALIDATE_BOUNDARIES; b++) {
        add_pos(s, b * bk - 1, rows, &n);
        add_pos(s, b * bk, rows, &n);
    }
    const int64_t lb = last / bk * bk; /* the last (maybe partial) block */
    add_pos(s, lb, rows, &n);
    add_pos(s, lb + 1, rows, &n);
    if (n_random > 0)
        n += recall_sample_rows(s->q_len, n_random, seed, rows + n);
    qsort(rows, (size_t)n, sizeof *rows, cmp_i64);
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++)
        if (m == 0 || rows[i] != rows[m - 1])
            rows[m++] = rows[i];
    return m;
}
