/* test_bigbird_pattern.c - BigBird's block pattern (SPEC §2): row sizes,
 * window / global / random membership, no future block under causal
 * masking, seeded determinism, non-causal global rows, decode rows equal
 * prefill rows; then bigbird_cpu against bigbird_ref (identical selections,
 * rel L2 <= 1e-5) on GQA 1/4/16, large logits, prefill and decode. */
#include "testutil.h"

#include "alloc.h"
#include "bigbird/bigbird_pattern.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static struct attn_params params(int32_t bk, int32_t w, int32_t g, int32_t r, uint64_t seed) {
    struct attn_params p;
    attn_params_defaults(&p);
    p.block_size = bk;
    p.bb_window = w;
    p.bb_global = g;
    p.bb_random = r;
    p.seed = seed;
    return p;
}

static bool has(const int32_t *row, int32_t n, int64_t blk) {
    for (int32_t i = 0; i < n; i++)
        if (row[i] == blk)
            return true;
    return false;
}

/* Every row of every query block: ascending, distinct, padded, the window
 * and globals present, the right count, nothing invisible. */
static void check_rows(const struct attn_shape *s, const struct attn_params *p) {
    const int64_t nb = attn_nblocks(s->seq_len, p->block_size);
    const int64_t w = p->bb_window, g = p->bb_global, rr = p->bb_random;
    const int32_t width = bigbird_sel_width(s, p);
    int32_t *row = malloc((size_t)width * sizeof *row);
    for (int64_t r = 0; r < s->heads_kv; r++)
        for (int64_t qb = 0; qb < nb; qb++) {
            const int32_t n = bigbird_pattern_row(s, p, qb, r, row, width);
            for (int32_t i = 0; i < width; i++) {
                if (i >= n) {
                    assert_int_equal(row[i], -1);
                    continue;
                }
                assert_true(row[i] >= 0 && row[i] < nb);
                if (i > 0)
                    assert_true(row[i] > row[i - 1]);
                if (s->causal)
                    assert_true(row[i] <= qb); /* no future block */
            }
            if (!s->causal && qb < g) { /* global query block: everything */
                assert_int_equal(n, nb);
                continue;
            }
            const int64_t vis = s->causal ? qb + 1 : nb;
            const int64_t lo = s->causal ? qb - w + 1 : qb - w / 2;
            const int64_t hi = s->causal ? qb : qb + (w - 1) / 2;
            int64_t fixed = 0;
            for (int64_t b = 0; b < vis; b++)
                if (b < g || (b >= lo && b <= hi)) {
                    assert_true(has(row, n, b));
                    fixed++;
                }
            const int64_t want = fixed + (rr < vis - fixed ? rr : vis - fixed);
            assert_int_equal(n, want);
            if (s->causal)
                assert_int_equal(n, w + g + rr < qb + 1 ? w + g + rr : qb + 1);
        }
    free(row);
}

static void test_pattern_sizes_causal(void **state) {
    (void)state;
    struct attn_shape s = shape(1, 1000, 1000, 4, 4, 8, true); /* nb = 63, last partial */
    struct attn_params p = params(16, 3, 2, 3, 1);
    assert_int_equal(bigbird_sel_width(&s, &p), 8);
    check_rows(&s, &p);
    p = params(16, 1, 0, 5, 2);
    check_rows(&s, &p);
    p = params(32, 4, 3, 0, 3);
    check_rows(&s, &p);
    p = params(16, 3, 2, 60, 4); /* more random blocks than there are */
    check_rows(&s, &p);
}

static void test_pattern_noncausal(void **state) {
    (void)state;
    struct attn_shape s = shape(1, 1000, 1000, 4, 4, 8, false);
    struct attn_params p = params(16, 3, 2, 3, 1);
    assert_int_equal(bigbird_sel_width(&s, &p), 63); /* global query blocks see all */
    check_rows(&s, &p);
    p = params(16, 3, 0, 3, 1); /* no globals: width w + g + r */
    assert_int_equal(bigbird_sel_width(&s, &p), 6);
    check_rows(&s, &p);
    p = params(16, 4, 1, 2, 5);
    check_rows(&s, &p);
    /* the window reaches after the query block */
    int32_t row[64];
    p = params(16, 3, 2, 3, 1);
    bigbird_pattern_row(&s, &p, 30, 0, row, 63);
    assert_true(has(row, 8, 29) && has(row, 8, 30) && has(row, 8, 31));
}

static void test_pattern_seeded(void **state) {
    (void)state;
    struct attn_shape s = shape(3, 1024, 1024, 8, 4, 8, true);
    struct attn_params p = params(16, 3, 2, 3, 42);
    const int32_t width = bigbird_sel_width(&s, &p);
    const size_t n = (size_t)(3 * 4 * 1024 * width);
    int32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    bigbird_fill_sel(&s, &p, a, NULL, 0);
    bigbird_fill_sel(&s, &p, b, NULL, 0);
    assert_memory_equal(a, b, n * sizeof *a); /* same seed, same pattern */
    const size_t per_batch = n / 3;
    assert_memory_equal(a, a + per_batch, per_batch * sizeof *a); /* batch-independent */
    p.seed = 43;
    bigbird_fill_sel(&s, &p, b, NULL, 0);
    assert_memory_not_equal(a, b, n * sizeof *a);
    /* groups draw apart; queries of one block share the row */
    const int64_t t = 1000, t2 = 992; /* both in block 62 */
    assert_memory_not_equal(a + t * width, a + (1024 + t) * width, (size_t)width * sizeof *a);
    assert_memory_equal(a + t * width, a + t2 * width, (size_t)width * sizeof *a);
    /* random picks spread over the past: group x query block over blocks */
    int hist[64] = {0};
    for (int64_t r = 0; r < 4; r++)
        for (int64_t qb = 40; qb < 64; qb++) {
            const int32_t *row = a + (r * 1024 + qb * 16) * width;
            for (int32_t i = 0; i < width; i++)
                if (row[i] >= 2 && row[i] < qb - 2)
                    hist[row[i]]++;
        }
    int covered = 0;
    for (int i = 0; i < 64; i++)
        covered += hist[i] > 0;
    assert_true(covered >= 30);
    /* decode rows equal the prefill rows at the same positions */
    for (int64_t ql = 1; ql <= 8; ql++) {
        struct attn_shape sd = shape(3, 1024, ql, 8, 4, 8, true);
        int32_t *dsel = malloc((size_t)(3 * 4 * ql * width) * sizeof *dsel);
        p.seed = 42;
        bigbird_fill_sel(&sd, &p, dsel, NULL, 0);
        for (int64_t bb = 0; bb < 3; bb++)
            for (int64_t r = 0; r < 4; r++)
                for (int64_t i = 0; i < ql; i++)
                    assert_memory_equal(dsel + ((bb * 4 + r) * ql + i) * width,
                                        a + ((bb * 4 + r) * 1024 + 1024 - ql + i) * width,
                                        (size_t)width * sizeof *a);
        free(dsel);
    }
    free(a);
    free(b);
}

/* ---- cpu against ref ---------------------------------------------------- */

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

static enum attn_status run_impl(const char *backend, const struct attn_shape *s,
                                 const struct attn_params *p, struct attn_io *io) {
    const struct attn_impl *im = attn_registry_find("bigbird", backend, NULL);
    assert_non_null(im);
    const char *why = NULL;
    assert_true(im->supports(s, p, &why));
    const size_t wsz = im->workspace_size(s, p);
    void *ws = attn_host_alloc(wsz ? wsz : 1), *ctx = NULL;
    enum attn_status st = im->init(&ctx, s, p, ws, NULL);
    if (st == ATTN_OK)
        st = im->run(ctx, io);
    im->free(ctx);
    attn_host_free(ws);
    return st;
}

static double worst_err; /* largest rel L2 of cpu vs ref in a test */

static void check_cpu_vs_ref(struct attn_shape s, struct attn_params p, uint64_t seed) {
    const int64_t nq = attn_numel_q(&s), nkv = attn_numel_kv(&s);
    const int32_t width = attn_registry_find("bigbird", "cpu", NULL)->sel_width(&s, &p);
    assert_int_equal(width, attn_registry_ref("bigbird")->sel_width(&s, &p));
    const size_t nsel = (size_t)(s.batch * s.heads_kv * s.q_len * width);
    float *f[3], *o = malloc((size_t)nq * sizeof(float));
    double *d[3], *od = malloc((size_t)nq * sizeof(double));
    const int64_t n[3] = {nq, nkv, nkv};
    uint64_t st = seed;
    for (int i = 0; i < 3; i++) {
        f[i] = malloc((size_t)n[i] * sizeof(float));
        d[i] = malloc((size_t)n[i] * sizeof(double));
        for (int64_t j = 0; j < n[i]; j++)
            d[i][j] = f[i][j] = (float)((i < 2 ? 4.0 : 1.0) * rng_normal(&st));
    }
    int32_t *sel_ref = malloc(nsel * sizeof(int32_t)), *sel_cpu = malloc(nsel * sizeof(int32_t));
    struct attn_io io_ref = {.q = d[0], .k = d[1], .v = d[2], .o = od, .sel = sel_ref};
    struct attn_io io_cpu = {.q = f[0], .k = f[1], .v = f[2], .o = o, .sel = sel_cpu};
    assert_int_equal(run_impl("ref", &s, &p, &io_ref), ATTN_OK);
    assert_int_equal(run_impl("cpu", &s, &p, &io_cpu), ATTN_OK);
    assert_memory_equal(sel_cpu, sel_ref, nsel * sizeof(int32_t));
    const double err = tu_rel_l2_f32(o, od, (size_t)nq);
    if (!(err <= 1e-5))
        print_error("bigbird N=%lld q_len=%lld G=%lld: rel L2 %.3g\n", (long long)s.seq_len,
                    (long long)s.q_len, (long long)attn_group(&s), err);
    assert_true(err <= 1e-5);
    worst_err = err > worst_err ? err : worst_err;
    /* the pattern is the shared function's */
    int32_t *want = malloc(nsel * sizeof(int32_t));
    bigbird_fill_sel(&s, &p, want, NULL, 0);
    assert_memory_equal(sel_ref, want, nsel * sizeof(int32_t));
    /* io->sel NULL: same output */
    float *o2 = malloc((size_t)nq * sizeof(float));
    io_cpu.o = o2;
    io_cpu.sel = NULL;
    assert_int_equal(run_impl("cpu", &s, &p, &io_cpu), ATTN_OK);
    assert_memory_equal(o2, o, (size_t)nq * sizeof(float));
    for (int i = 0; i < 3; i++)
        free(f[i]), free(d[i]);
    free(o), free(o2), free(od), free(sel_ref), free(sel_cpu), free(want);
}

static void test_cpu_vs_ref(void **state) {
    (void)state;
    worst_err = 0;
    check_cpu_vs_ref(shape(1, 500, 500, 4, 4, 32, true), params(16, 3, 2, 3, 1), 1); /* G 1 */
    check_cpu_vs_ref(shape(2, 333, 333, 8, 2, 24, true), params(32, 3, 2, 3, 2), 2); /* G 4 */
    check_cpu_vs_ref(shape(1, 1000, 1000, 16, 1, 64, true), params(64, 3, 2, 3, 3), 3);
    check_cpu_vs_ref(shape(1, 400, 400, 8, 2, 16, false), params(16, 3, 2, 3, 4), 4);
    check_cpu_vs_ref(shape(1, 400, 400, 8, 2, 16, false), params(16, 3, 0, 2, 5), 5);
    for (int64_t ql = 1; ql <= 8; ql++) {
        check_cpu_vs_ref(shape(1, 517, ql, 16, 1, 32, true), params(16, 3, 2, 3, 9), 10 + ql);
        check_cpu_vs_ref(shape(2, 300, ql, 8, 4, 16, false), params(16, 3, 2, 3, 9), 20 + ql);
    }
    print_message("worst cpu vs ref rel L2: %.3g\n", worst_err);
}

/* Ref on a subset of rows equals the full ref there. */
static void test_ref_rows(void **state) {
    (void)state;
    struct attn_shape s = shape(1, 300, 300, 8, 2, 16, true);
    struct attn_params p = params(16, 3, 2, 3, 8);
    const int64_t nq = attn_numel_q(&s), nkv = attn_numel_kv(&s);
    double *q = malloc((size_t)nq * 8), *k = malloc((size_t)nkv * 8), *v = malloc((size_t)nkv * 8);
    double *o = calloc((size_t)nq, 8), *o2 = calloc((size_t)nq, 8);
    uint64_t st = 5;
    for (int64_t i = 0; i < nq; i++)
        q[i] = rng_normal(&st);
    for (int64_t i = 0; i < nkv; i++)
        k[i] = rng_normal(&st), v[i] = rng_normal(&st);
    struct attn_io io = {.q = q, .k = k, .v = v, .o = o};
    assert_int_equal(run_impl("ref", &s, &p, &io), ATTN_OK);
    const int64_t rows[] = {299, 0, 47, 48};
    io.o = o2;
    io.rows = rows;
    io.n_rows = 4;
    assert_int_equal(run_impl("ref", &s, &p, &io), ATTN_OK);
    const int64_t rl = s.heads_q * s.head_dim;
    for (int i = 0; i < 4; i++)
        assert_memory_equal(o2 + rows[i] * rl, o + rows[i] * rl, (size_t)rl * 8);
    assert_true(o2[1 * rl] == 0.0);
    free(q), free(k), free(v), free(o), free(o2);
}

static void test_supports(void **state) {
    (void)state;
    static const char *const backends[] = {"ref", "cpu"};
    for (int bi = 0; bi < 2; bi++) {
        const struct attn_impl *im = attn_registry_find("bigbird", backends[bi], NULL);
        assert_int_equal(im->flags & ATTN_F_SELECT, ATTN_F_SELECT);
        struct attn_shape s = shape(1, 100, 100, 4, 2, 8, false);
        struct attn_params p = params(16, 3, 2, 3, 1);
        const char *why = NULL;
        assert_true(im->supports(&s, &p, &why));
        p.topk = 0; /* not a BigBird knob */
        assert_true(im->supports(&s, &p, &why));
        p.bb_window = 0;
        assert_false(im->supports(&s, &p, &why));
        assert_non_null(why);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pattern_sizes_causal),
        cmocka_unit_test(test_pattern_noncausal),
        cmocka_unit_test(test_pattern_seeded),
        cmocka_unit_test(test_cpu_vs_ref),
        cmocka_unit_test(test_ref_rows),
        cmocka_unit_test(test_supports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
