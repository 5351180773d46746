/* test_msa_select.c - MSA (SPEC §2.1): selections of msa_ref and msa_cpu on
 * hand-built index scores (ranking, ties, local block last, -1 padding, the
 * first blocks, a partial last block, decode q_len 1..8, topk > nb,
 * non-causal), then msa_cpu against msa_ref on random shapes (GQA 1/4/16,
 * large logits, prefill and decode): identical selections and rel L2 <= 1e-5;
 * the staged path equals run(); the ref on a subset of rows equals the full
 * ref there; the visible-pair count against the closed form. */
#include "testutil.h"

#include "alloc.h"
#include "common/blocksparse.h"

#include <math.h>
#include <stdio.h>
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

/* One point's inputs as float (cpu) and double (ref), the same values. */
struct point {
    struct attn_shape s;
    struct attn_params p;
    float *f[5]; /* q k v qidx kidx */
    double *d[5];
    int64_t n[5];
    float *o;
    double *od;
    int32_t *sel; /* [B, Hkv, q_len, k] */
};

static struct point point_new(int64_t B, int64_t N, int64_t qlen, int64_t hq, int64_t hkv,
                              int64_t dh, int64_t di, int32_t bk, int32_t topk, bool causal) {
    struct point x;
    memset(&x, 0, sizeof x);
    x.s = (struct attn_shape){.batch = B,
                              .seq_len = N,
                              .q_len = qlen,
                              .heads_q = hq,
                              .heads_kv = hkv,
                              .head_dim = dh,
                              .index_dim = di,
                              .mode = qlen == N ? ATTN_PREFILL : ATTN_DECODE,
                              .causal = causal};
    attn_params_defaults(&x.p);
    x.p.block_size = bk;
    x.p.topk = topk;
    x.n[0] = attn_numel_q(&x.s);
    x.n[1] = x.n[2] = attn_numel_kv(&x.s);
    x.n[3] = attn_numel_qidx(&x.s);
    x.n[4] = attn_numel_kidx(&x.s);
    for (int i = 0; i < 5; i++) {
        x.f[i] = calloc((size_t)x.n[i], sizeof(float));
        x.d[i] = calloc((size_t)x.n[i], sizeof(double));
        assert_non_null(x.d[i]);
    }
    x.o = calloc((size_t)x.n[0], sizeof(float));
    x.od = calloc((size_t)x.n[0], sizeof(double));
    x.sel = calloc((size_t)(B * hkv * qlen * topk), sizeof(int32_t));
    assert_non_null(x.sel);
    return x;
}

static void point_free(struct point *x) {
    for (int i = 0; i < 5; i++)
        free(x->f[i]), free(x->d[i]);
    free(x->o), free(x->od), free(x->sel);
}

static void point_sync(struct point *x) { /* double copies := float values */
    for (int i = 0; i < 5; i++)
        for (int64_t j = 0; j < x->n[i]; j++)
            x->d[i][j] = x->f[i][j];
}

/* Random inputs: q, k scaled by a (logits of std a^2), v normal; the index
 * inputs are multiples of 1/8 in [-4, 4], so index scores are exact in
 * float and double and both backends see the same ties. */
static void point_random(struct point *x, double a, uint64_t seed) {
    uint64_t st = seed;
    for (int i = 0; i < 3; i++)
        for (int64_t j = 0; j < x->n[i]; j++)
            x->f[i][j] = (float)((i < 2 ? a : 1.0) * rng_normal(&st));
    for (int i = 3; i < 5; i++)
        for (int64_t j = 0; j < x->n[i]; j++)
            x->f[i][j] = (float)((double)(rng_next(&st) % 65) / 8.0 - 4.0);
    point_sync(x);
}

/* Runs impl on the point: run() (staged = false) or the stages in order. */
static enum attn_status run_impl(const char *backend, struct point *x, int32_t *sel,
                                 const int64_t *rows, int64_t n_rows, bool staged) {
    const struct attn_impl *im = attn_registry_find("msa", backend, NULL);
    assert_non_null(im);
    const char *why = NULL;
    assert_true(im->supports(&x->s, &x->p, &why));
    assert_int_equal(im->sel_width(&x->s, &x->p), x->p.topk);
    assert_int_equal(im->n_stages, 3);
    assert_string_equal(im->stage_names[0], "index");
    assert_string_equal(im->stage_names[1], "topk");
    assert_string_equal(im->stage_names[2], "attn");
    const bool dbl = strcmp(backend, "ref") == 0;
    struct attn_io io = {.q = dbl ? (void *)x->d[0] : (void *)x->f[0],
                         .k = dbl ? (void *)x->d[1] : (void *)x->f[1],
                         .v = dbl ? (void *)x->d[2] : (void *)x->f[2],
                         .qidx = dbl ? (void *)x->d[3] : (void *)x->f[3],
                         .kidx = dbl ? (void *)x->d[4] : (void *)x->f[4],
                         .o = dbl ? (void *)x->od : (void *)x->o,
                         .sel = sel,
                         .rows = rows,
                         .n_rows = n_rows};
    const size_t wsz = im->workspace_size(&x->s, &x->p);
    void *ws = attn_host_alloc(wsz ? wsz : 1), *ctx = NULL;
    assert_non_null(ws);
    enum attn_status st = im->init(&ctx, &x->s, &x->p, ws, NULL);
    for (int i = 0; st == ATTN_OK && i < (staged ? 3 : 1); i++)
        st = staged ? im->run_stage(ctx, i, &io) : im->run(ctx, &io);
    im->free(ctx);
    attn_host_free(ws);
    return st;
}

/* ---- hand-built selections ---------------------------------------------- */

/* d_idx = 1, Bk = 4: every key of block b has Kidx = c[b]; group 0 has Qidx
 * = +1 (block score c[b]), group 1 has Qidx = -1 (score -c[b]).  Blocks 1
 * and 3 tie in both groups. */
static const float hand_c[8] = {1, 5, 3, 5, 2, 4, 0, 7};

/* Expected causal rows (topk 4) for a query in block b, per group. */
static const int32_t hand_want[2][8][4] = {
    {{0, -1, -1, -1},
     {0, 1, -1, -1},
     {1, 0, 2, -1},
     {1, 2, 0, 3},
     {1, 3, 2, 4},
     {1, 3, 2, 5},
     {1, 3, 5, 6},
     {1, 3, 5, 7}},
    {{0, -1, -1, -1},
     {0, 1, -1, -1},
     {0, 1, 2, -1},
     {0, 2, 1, 3},
     {0, 2, 1, 4},
     {0, 4, 2, 5},
     {0, 4, 2, 6},
     {6, 0, 4, 7}},
};

static struct point hand_point(int64_t N, int64_t qlen, int32_t topk, bool causal, float qsign) {
    struct point x = point_new(1, N, qlen, 2, 2, 4, 1, 4, topk, causal);
    for (int64_t j = 0; j < N; j++)
        x.f[4][j] = hand_c[j / 4];
    for (int64_t t = 0; t < qlen; t++) {
        x.f[3][t * 2 + 0] = qsign;
        x.f[3][t * 2 + 1] = -qsign;
    }
    uint64_t st = 3; /* q, k, v random: the selection must not depend on them */
    for (int i = 0; i < 3; i++)
        for (int64_t j = 0; j < x.n[i]; j++)
            x.f[i][j] = (float)rng_normal(&st);
    point_sync(&x);
    return x;
}

static const int32_t *sel_row(const struct point *x, const int32_t *sel, int64_t b, int64_t r,
                              int64_t t) {
    return sel + ((b * x->s.heads_kv + r) * x->s.q_len + t) * x->p.topk;
}

static void expect_row(const int32_t *got, const int32_t *want, int32_t k, const char *what,
                       int64_t t) {
    for (int32_t a = 0; a < k; a++)
        if (got[a] != want[a]) {
            print_error("%s row %lld slot %d: got %d, want %d\n", what, (long long)t, a, got[a],
                        want[a]);
            fail();
        }
}

static void check_hand_causal(int64_t N, int64_t qlen) {
    static const char *const backends[] = {"ref", "cpu"};
    for (int bi = 0; bi < 2; bi++) {
        struct point x = hand_point(N, qlen, 4, true, 1.0f);
        assert_int_equal(run_impl(backends[bi], &x, x.sel, NULL, 0, false), ATTN_OK);
        for (int64_t t = 0; t < qlen; t++)
            for (int64_t r = 0; r < 2; r++)
                expect_row(sel_row(&x, x.sel, 0, r, t), hand_want[r][attn_qpos(&x.s, t) / 4], 4,
                           backends[bi], t);
        point_free(&x);
    }
}

/* Prefill N = 30 (last block partial): every row against the table. */
static void test_hand_prefill(void **state) {
    (void)state;
    check_hand_causal(30, 30);
    check_hand_causal(32, 32);
}

/* Decode: q_len 1..8 queries at the end, each its own position and row
 * (q_len 8 at N = 30 spans blocks 5, 6 and 7). */
static void test_hand_decode(void **state) {
    (void)state;
    for (int64_t ql = 1; ql <= 8; ql++) {
        check_hand_causal(30, ql);
        check_hand_causal(17, ql);
    }
}

/* All index scores equal: the smallest ids win. */
static void test_hand_ties(void **state) {
    (void)state;
    static const char *const backends[] = {"ref", "cpu"};
    for (int bi = 0; bi < 2; bi++) {
        struct point x = hand_point(30, 30, 4, true, 0.0f);
        assert_int_equal(run_impl(backends[bi], &x, x.sel, NULL, 0, false), ATTN_OK);
        const int32_t w29[4] = {0, 1, 2, 7}, w9[4] = {0, 1, 2, -1}, w2[4] = {0, -1, -1, -1};
        expect_row(sel_row(&x, x.sel, 0, 1, 29), w29, 4, backends[bi], 29);
        expect_row(sel_row(&x, x.sel, 0, 0, 9), w9, 4, backends[bi], 9);
        expect_row(sel_row(&x, x.sel, 0, 0, 2), w2, 4, backends[bi], 2);
        point_free(&x);
    }
}

/* topk 12 > nb = 8: every visible block, ranked, local last, then -1. */
static void test_hand_topk_above_nb(void **state) {
    (void)state;
    static const char *const backends[] = {"ref", "cpu"};
    for (int bi = 0; bi < 2; bi++) {
        struct point x = hand_point(30, 30, 12, true, 1.0f);
        assert_int_equal(run_impl(backends[bi], &x, x.sel, NULL, 0, false), ATTN_OK);
        const int32_t w29[12] = {1, 3, 5, 2, 4, 0, 6, 7, -1, -1, -1, -1};
        const int32_t w13[12] = {1, 2, 0, 3, -1, -1, -1, -1, -1, -1, -1, -1};
        expect_row(sel_row(&x, x.sel, 0, 0, 29), w29, 12, backends[bi], 29);
        expect_row(sel_row(&x, x.sel, 0, 0, 13), w13, 12, backends[bi], 13);
        point_free(&x);
        /* topk 1: only the local block */
        x = hand_point(30, 30, 1, true, 1.0f);
        assert_int_equal(run_impl(backends[bi], &x, x.sel, NULL, 0, false), ATTN_OK);
        for (int64_t t = 0; t < 30; t++)
            assert_int_equal(*sel_row(&x, x.sel, 0, 0, t), t / 4);
        point_free(&x);
    }
}

/* Non-causal: blocks after the query compete too. */
static void test_hand_noncausal(void **state) {
    (void)state;
    static const char *const backends[] = {"ref", "cpu"};
    for (int bi = 0; bi < 2; bi++) {
        struct point x = hand_point(30, 30, 4, false, 1.0f);
        assert_int_equal(run_impl(backends[bi], &x, x.sel, NULL, 0, false), ATTN_OK);
        const int32_t w9[4] = {7, 1, 3, 2}, w1[4] = {7, 1, 3, 0}, w29g1[4] = {6, 0, 4, 7};
        expect_row(sel_row(&x, x.sel, 0, 0, 9), w9, 4, backends[bi], 9);
        expect_row(sel_row(&x, x.sel, 0, 0, 1), w1, 4, backends[bi], 1);
        expect_row(sel_row(&x, x.sel, 0, 1, 29), w29g1, 4, backends[bi], 29);
        point_free(&x);
    }
}

/* ---- cpu against ref on random points ----------------------------------- */

static double max_abs_f(const float *a, int64_t n) {
    double m = 0;
    for (int64_t i = 0; i < n; i++)
        m = fabs(a[i]) > m ? fabs(a[i]) : m;
    return m;
}

static double worst_err; /* largest rel L2 of cpu vs ref in a test */

static void check_cpu_vs_ref(int64_t B, int64_t N, int64_t qlen, int64_t hq, int64_t hkv,
                             int64_t dh, int64_t di, int32_t bk, int32_t topk, bool causal,
                             uint64_t seed) {
    struct point x = point_new(B, N, qlen, hq, hkv, dh, di, bk, topk, causal);
    point_random(&x, 4.0, seed); /* logits of std 16: extremes near +-60 */
    const size_t nsel = (size_t)(B * hkv * qlen * topk);
    int32_t *sel_cpu = malloc(nsel * sizeof *sel_cpu);
    assert_int_equal(run_impl("ref", &x, x.sel, NULL, 0, false), ATTN_OK);
    assert_int_equal(run_impl("cpu", &x, sel_cpu, NULL, 0, false), ATTN_OK);
    assert_memory_equal(sel_cpu, x.sel, nsel * sizeof *sel_cpu);
    const double err = tu_rel_l2_f32(x.o, x.od, (size_t)x.n[0]);
    if (!(err <= 1e-5))
        print_error("N=%lld q_len=%lld G=%lld causal=%d: rel L2 %.3g\n", (long long)N,
                    (long long)qlen, (long long)(hq / hkv), causal, err);
    assert_true(err <= 1e-5);
    worst_err = err > worst_err ? err : worst_err;
    assert_true(max_abs_f(x.o, x.n[0]) > 0.1);
    /* staged == run, bit for bit, and io->sel NULL gives the same output */
    float *o_run = malloc((size_t)x.n[0] * sizeof(float));
    memcpy(o_run, x.o, (size_t)x.n[0] * sizeof(float));
    memset(sel_cpu, 0x7f, nsel * sizeof *sel_cpu);
    assert_int_equal(run_impl("cpu", &x, sel_cpu, NULL, 0, true), ATTN_OK);
    assert_memory_equal(sel_cpu, x.sel, nsel * sizeof *sel_cpu);
    assert_memory_equal(o_run, x.o, (size_t)x.n[0] * sizeof(float));
    memset(x.o, 0, (size_t)x.n[0] * sizeof(float));
    assert_int_equal(run_impl("cpu", &x, NULL, NULL, 0, false), ATTN_OK);
    assert_memory_equal(o_run, x.o, (size_t)x.n[0] * sizeof(float));
    free(o_run);
    free(sel_cpu);
    point_free(&x);
}

static void test_cpu_vs_ref_prefill(void **state) {
    (void)state;
    worst_err = 0;
    check_cpu_vs_ref(1, 300, 300, 4, 4, 32, 16, 16, 4, true, 1);    /* G = 1 */
    check_cpu_vs_ref(2, 333, 333, 8, 2, 24, 20, 32, 5, true, 2);    /* G = 4, B = 2 */
    check_cpu_vs_ref(1, 1000, 1000, 16, 1, 64, 64, 64, 6, true, 3); /* G = 16 */
    check_cpu_vs_ref(1, 257, 257, 8, 2, 16, 8, 16, 5, false, 4);    /* non-causal */
    check_cpu_vs_ref(1, 100, 100, 4, 4, 8, 8, 8, 20, true, 5);      /* topk > nb */
    check_cpu_vs_ref(1, 600, 600, 4, 2, 16, 12, 512, 2, true, 6);   /* Bk > index key tile */
    check_cpu_vs_ref(1, 257, 257, 4, 2, 16, 8, 16, 4, true, 7); /* last query on a key tile start */
    print_message("worst cpu vs ref rel L2: %.3g\n", worst_err);
}

static void test_cpu_vs_ref_decode(void **state) {
    (void)state;
    worst_err = 0;
    for (int64_t ql = 1; ql <= 8; ql++) {
        check_cpu_vs_ref(1, 517, ql, 16, 1, 32, 16, 16, 6, true, 10 + (uint64_t)ql);
        check_cpu_vs_ref(2, 300, ql, 8, 2, 16, 16, 32, 4, true, 20 + (uint64_t)ql);
        check_cpu_vs_ref(1, 200, ql, 4, 4, 16, 16, 16, 4, false, 30 + (uint64_t)ql);
        check_cpu_vs_ref(1, 513, ql, 4, 2, 16, 16, 16, 4, true, 40 + (uint64_t)ql);
    }
    print_message("worst cpu vs ref rel L2: %.3g\n", worst_err);
}

/* ---- the ref on a subset of rows ---------------------------------------- */

static void check_rows_subset(int64_t N, int64_t qlen, bool staged) {
    struct point x = point_new(2, N, qlen, 8, 2, 16, 16, 16, 4, true);
    point_random(&x, 4.0, 99);
    const size_t nsel = (size_t)(2 * 2 * qlen * 4);
    assert_int_equal(run_impl("ref", &x, x.sel, NULL, 0, false), ATTN_OK);
    double *full = malloc((size_t)x.n[0] * sizeof(double));
    memcpy(full, x.od, (size_t)x.n[0] * sizeof(double));
    int32_t *sel = malloc(nsel * sizeof *sel);
    const int64_t rows_p[] = {0, 3, 16, 17, 150, N - 1}, rows_d[] = {qlen - 1, 0};
    const int64_t *rows = qlen == N ? rows_p : rows_d;
    const int64_t nr = qlen == N ? 6 : 2;
    for (int pass = 0; pass < 2; pass++) {
        memset(x.od, 0, (size_t)x.n[0] * sizeof(double));
        memset(sel, 0x7f, nsel * sizeof *sel);
        assert_int_equal(run_impl("ref", &x, pass ? NULL : sel, rows, nr, staged), ATTN_OK);
        const int64_t rowlen = x.s.heads_q * x.s.head_dim;
        for (int64_t b = 0; b < 2; b++)
            for (int64_t i = 0; i < nr; i++) {
                const size_t off = (size_t)((b * qlen + rows[i]) * rowlen);
                assert_memory_equal(x.od + off, full + off, (size_t)rowlen * sizeof(double));
                for (int64_t r = 0; pass == 0 && r < 2; r++)
                    assert_memory_equal(sel_row(&x, sel, b, r, rows[i]),
                                        sel_row(&x, x.sel, b, r, rows[i]), 4 * sizeof(int32_t));
            }
        /* rows not asked for are not computed */
        assert_true(x.od[(size_t)(1 * rowlen)] == 0.0);
    }
    free(sel);
    free(full);
    point_free(&x);
}

static void test_ref_rows_subset(void **state) {
    (void)state;
    check_rows_subset(200, 200, false);
    check_rows_subset(200, 200, true);
    check_rows_subset(200, 5, false);
    check_rows_subset(200, 5, true);
}

/* ---- FLOPs: visible pairs against the closed form ----------------------- */

static void test_visible_pairs_closed_form(void **state) {
    (void)state;
    const int64_t N = 333, bk = 16;
    const int32_t k = 5;
    struct point x = point_new(2, N, N, 4, 2, 8, 8, (int32_t)bk, k, true);
    point_random(&x, 1.0, 7);
    assert_int_equal(run_impl("ref", &x, x.sel, NULL, 0, false), ATTN_OK);
    double want = 0;
    for (int64_t i = 0; i < N; i++) {
        const int64_t bi = i / bk;
        want += (double)((bi < k - 1 ? bi : k - 1) * bk + i % bk + 1);
    }
    want *= 2 * 2; /* batch x groups */
    assert_close(blocksparse_visible_pairs(&x.s, bk, x.sel, k), want, 0, 0);
    point_free(&x);
}

/* supports(): honest about what both backends take. */
static void test_supports(void **state) {
    (void)state;
    static const char *const backends[] = {"ref", "cpu"};
    for (int bi = 0; bi < 2; bi++) {
        const struct attn_impl *im = attn_registry_find("msa", backends[bi], NULL);
        struct point x = point_new(1, 40, 40, 4, 2, 8, 8, 16, 4, false);
        const char *why = NULL;
        assert_true(im->supports(&x.s, &x.p, &why)); /* non-causal is fine */
        x.p.bb_window = 0;                           /* not an MSA knob */
        assert_true(im->supports(&x.s, &x.p, &why));
        x.p.block_size = 48;
        why = NULL;
        assert_false(im->supports(&x.s, &x.p, &why));
        assert_non_null(why);
        x.p.block_size = 16;
        x.p.topk = 0;
        assert_false(im->supports(&x.s, &x.p, &why));
        x.p.topk = 1000; /* topk > nb: every visible block, then -1 */
        assert_true(im->supports(&x.s, &x.p, &why));
        point_free(&x);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_prefill),
        cmocka_unit_test(test_hand_decode),
        cmocka_unit_test(test_hand_ties),
        cmocka_unit_test(test_hand_topk_above_nb),
        cmocka_unit_test(test_hand_noncausal),
        cmocka_unit_test(test_cpu_vs_ref_prefill),
        cmocka_unit_test(test_cpu_vs_ref_decode),
        cmocka_unit_test(test_ref_rows_subset),
        cmocka_unit_test(test_visible_pairs_closed_form),
        cmocka_unit_test(test_supports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
