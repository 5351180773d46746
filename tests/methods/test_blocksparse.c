/* test_blocksparse.c - the block-sparse core on its own: the float64 oracle
 * against dense attention when every block is listed, the float32 KV-outer
 * path against the oracle on random block lists (padding anywhere, any
 * order, partial last block, causal / not, decode, GQA 1/4/16, large
 * logits), the oracle's checks, and the visible-pair count. */
#include "testutil.h"

#include "alloc.h"
#include "common/blocksparse.h"
#include "common/dense_ref.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_next(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static double rng_unif(uint64_t *x) {
    return ((double)(rng_next(x) >> 11) + 0.5) / 9007199254740992.0;
}
static double rng_normal(uint64_t *x) {
    return sqrt(-2.0 * log(rng_unif(x))) * cos(6.283185307179586 * rng_unif(x));
}

/* n normal values times a, as float and the same values as double. */
static void fill(float *f, double *d, int64_t n, double a, uint64_t *st) {
    for (int64_t i = 0; i < n; i++) {
        f[i] = (float)(a * rng_normal(st));
        d[i] = f[i];
    }
}

struct qkv {
    float *q, *k, *v, *o;
    double *qd, *kd, *vd, *od;
    int64_t nq, nkv;
};

static void qkv_make(struct qkv *x, const struct attn_shape *s, double a, uint64_t seed) {
    uint64_t st = seed;
    x->nq = attn_numel_q(s);
    x->nkv = attn_numel_kv(s);
    x->q = malloc((size_t)x->nq * sizeof(float));
    x->o = malloc((size_t)x->nq * sizeof(float));
    x->k = malloc((size_t)x->nkv * sizeof(float));
    x->v = malloc((size_t)x->nkv * sizeof(float));
    x->qd = malloc((size_t)x->nq * sizeof(double));
    x->od = malloc((size_t)x->nq * sizeof(double));
    x->kd = malloc((size_t)x->nkv * sizeof(double));
    x->vd = malloc((size_t)x->nkv * sizeof(double));
    assert_non_null(x->vd);
    fill(x->q, x->qd, x->nq, a, &st);
    fill(x->k, x->kd, x->nkv, a, &st);
    fill(x->v, x->vd, x->nkv, 1.0, &st);
}

static void qkv_free(struct qkv *x) {
    free(x->q), free(x->k), free(x->v), free(x->o);
    free(x->qd), free(x->kd), free(x->vd), free(x->od);
}

/* The oracle over every row and group of a selection. */
static enum attn_status ref_all(const struct attn_shape *s, int64_t bk, struct qkv *x,
                                const int32_t *sel, int32_t width) {
    double *scratch = malloc(blocksparse_ref_scratch(bk, width) * sizeof(double));
    enum attn_status st = ATTN_OK;
    for (int64_t b = 0; b < s->batch && st == ATTN_OK; b++)
        for (int64_t t = 0; t < s->q_len && st == ATTN_OK; t++)
            for (int64_t r = 0; r < s->heads_kv && st == ATTN_OK; r++)
                st = blocksparse_ref_row(s, bk, x->qd, x->kd, x->vd, x->od, b, t, r,
                                         sel + ((b * s->heads_kv + r) * s->q_len + t) * width,
                                         width, scratch);
    free(scratch);
    return st;
}

static void cpu_all(const struct attn_shape *s, int64_t bk, struct qkv *x, const int32_t *sel,
                    int32_t width) {
    void *ws = attn_host_alloc(blocksparse_cpu_workspace(s, bk, width));
    assert_non_null(ws);
    assert_int_equal(blocksparse_cpu(s, bk, x->q, x->k, x->v, x->o, sel, width, ws), ATTN_OK);
    attn_host_free(ws);
}

static struct attn_shape shape(int64_t B, int64_t N, int64_t qlen, int64_t hq, int64_t hkv,
                               int64_t d, bool causal) {
    struct attn_shape s = {.batch = B,
                           .seq_len = N,
                           .q_len = qlen,
                           .heads_q = hq,
                           .heads_kv = hkv,
                           .head_dim = d,
                           .index_dim = 8,
                           .mode = qlen == N ? ATTN_PREFILL : ATTN_DECODE,
                           .causal = causal};
    return s;
}

/* Every block listed (in reverse, with padding between) == dense attention. */
static void check_all_blocks_is_dense(struct attn_shape s, int64_t bk) {
    const int64_t nb = attn_nblocks(s.seq_len, bk);
    const int32_t width = (int32_t)(2 * nb);
    const int64_t rows = s.batch * s.heads_kv * s.q_len;
    int32_t *sel = malloc((size_t)(rows * width) * sizeof *sel);
    for (int64_t i = 0; i < rows; i++)
        for (int32_t a = 0; a < width; a++)
            sel[i * width + a] = (a % 2) ? (int32_t)(nb - 1 - a / 2) : -1;
    struct qkv x;
    qkv_make(&x, &s, 4.0, 11);
    double *dense = malloc((size_t)x.nq * sizeof(double));
    assert_int_equal(dense_ref_rows(&s, x.qd, x.kd, x.vd, dense, NULL, 0), ATTN_OK);
    assert_int_equal(ref_all(&s, bk, &x, sel, width), ATTN_OK);
    assert_true(tu_rel_l2_f64(x.od, dense, (size_t)x.nq) <= 1e-13);
    cpu_all(&s, bk, &x, sel, width);
    assert_true(tu_rel_l2_f32(x.o, dense, (size_t)x.nq) <= 1e-5);
    free(dense);
    free(sel);
    qkv_free(&x);
}

static void test_all_blocks_dense(void **state) {
    (void)state;
    check_all_blocks_is_dense(shape(1, 77, 77, 4, 1, 16, true), 16); /* partial last block */
    check_all_blocks_is_dense(shape(2, 64, 64, 4, 2, 8, false), 8);
    check_all_blocks_is_dense(shape(1, 45, 5, 2, 2, 16, true), 4);    /* decode */
    check_all_blocks_is_dense(shape(1, 45, 3, 16, 1, 16, false), 16); /* decode, G = 16 */
}

/* Random distinct block lists with -1 anywhere (some rows empty, some with
 * invisible future blocks): cpu == ref. */
static void check_random_lists(struct attn_shape s, int64_t bk, int32_t width, uint64_t seed) {
    const int64_t nb = attn_nblocks(s.seq_len, bk), rows = s.batch * s.heads_kv * s.q_len;
    int32_t *sel = malloc((size_t)(rows * width) * sizeof *sel);
    uint64_t st = seed;
    for (int64_t i = 0; i < rows; i++) {
        for (int32_t a = 0; a < width; a++) {
            int32_t cand = (int32_t)(rng_next(&st) % (uint64_t)(nb + 2)) - 1;
            if (cand >= nb)
                cand = -1;
            for (int32_t c = 0; c < a; c++)
                if (sel[i * width + c] == cand)
                    cand = -1;
            sel[i * width + a] = cand;
        }
    }
    for (int32_t a = 0; a < width; a++) /* row 0: nothing at all -> zeros */
        sel[a] = -1;
    struct qkv x;
    qkv_make(&x, &s, 4.0, seed + 1);
    assert_int_equal(ref_all(&s, bk, &x, sel, width), ATTN_OK);
    cpu_all(&s, bk, &x, sel, width);
    const double err = tu_rel_l2_f32(x.o, x.od, (size_t)x.nq);
    assert_true(err <= 1e-5);
    for (int64_t c = 0; c < s.head_dim; c++) /* (b 0, t 0, head 0) is empty */
        assert_true(x.o[c] == 0.0f && x.od[c] == 0.0);
    free(sel);
    qkv_free(&x);
}

static void test_random_lists(void **state) {
    (void)state;
    check_random_lists(shape(1, 300, 300, 2, 2, 32, true), 16, 6, 1);  /* G = 1 */
    check_random_lists(shape(2, 300, 300, 8, 2, 24, false), 32, 5, 2); /* G = 4 */
    check_random_lists(shape(1, 513, 513, 16, 1, 64, true), 64, 4, 3); /* G = 16 */
    for (int64_t ql = 1; ql <= 8; ql++)                                /* decode */
        check_random_lists(shape(1, 203, ql, 8, 2, 16, true), 8, 7, 10 + (uint64_t)ql);
}

static void test_oracle_rejects_bad_lists(void **state) {
    (void)state;
    struct attn_shape s = shape(1, 40, 40, 2, 1, 4, true);
    struct qkv x;
    qkv_make(&x, &s, 1.0, 5);
    double scratch[64];
    const int32_t dup[4] = {1, -1, 1, 2}, far[4] = {0, 5, -1, -1}, neg[4] = {0, -2, -1, -1};
    assert_int_equal(blocksparse_ref_row(&s, 8, x.qd, x.kd, x.vd, x.od, 0, 39, 0, dup, 4, scratch),
                     ATTN_ERR_INVALID);
    assert_int_equal(blocksparse_ref_row(&s, 8, x.qd, x.kd, x.vd, x.od, 0, 39, 0, far, 4, scratch),
                     ATTN_ERR_INVALID);
    assert_int_equal(blocksparse_ref_row(&s, 8, x.qd, x.kd, x.vd, x.od, 0, 39, 0, neg, 4, scratch),
                     ATTN_ERR_INVALID);
    qkv_free(&x);
}

/* Visible pairs by brute force: every (row, key) checked against the list. */
static double brute_pairs(const struct attn_shape *s, int64_t bk, const int32_t *sel,
                          int32_t width) {
    double n = 0;
    for (int64_t i = 0; i < s->batch * s->heads_kv * s->q_len; i++) {
        const int64_t pos = attn_qpos(s, i % s->q_len);
        for (int64_t j = 0; j < s->seq_len; j++) {
            if (s->causal && j > pos)
                continue;
            for (int32_t a = 0; a < width; a++)
                if (sel[i * width + a] == j / bk)
                    n++;
        }
    }
    return n;
}

static void test_visible_pairs(void **state) {
    (void)state;
    const struct attn_shape cases[] = {shape(2, 70, 70, 4, 2, 4, true),
                                       shape(1, 70, 70, 4, 2, 4, false),
                                       shape(1, 70, 6, 4, 4, 4, true)};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct attn_shape *s = &cases[c];
        const int64_t bk = 16, nb = attn_nblocks(s->seq_len, bk);
        const int32_t width = 3;
        const int64_t rows = s->batch * s->heads_kv * s->q_len;
        int32_t *sel = malloc((size_t)(rows * width) * sizeof *sel);
        uint64_t st = 77 + c;
        for (int64_t i = 0; i < rows * width; i++) {
            int32_t cand = (int32_t)(rng_next(&st) % (uint64_t)(nb + 1)) - 1;
            for (int64_t a = i - i % width; a < i; a++)
                if (sel[a] == cand)
                    cand = -1;
            sel[i] = cand;
        }
        const double want = brute_pairs(s, bk, sel, width);
        assert_true(want > 0);
        assert_close(blocksparse_visible_pairs(s, bk, sel, width), want, 0, 0);
        free(sel);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_blocks_dense),
        cmocka_unit_test(test_random_lists),
        cmocka_unit_test(test_oracle_rejects_bad_lists),
        cmocka_unit_test(test_visible_pairs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
